"""An event and its privacy notice; the programme's venues and sessions are in programme.py."""

import datetime as dt
import zoneinfo
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from program.enums import Admission
from program.models.base import (  # noqa: F401 (migrations name them here)
    IMAGE_MAX_BYTES,
    RESERVED_SLUGS,
    SeatLimited,
    site_languages,
    validate_event_slug,
    validate_image_size,
    validate_timezone,
)


class Event(SeatLimited):
    slug = models.SlugField(
        _("short name"),
        max_length=60,
        unique=True,
        validators=[validate_event_slug],
        help_text=_("Part of the event’s web address."),
    )
    title = models.CharField(_("title"), max_length=200)
    series = models.CharField(
        _("series"),
        max_length=200,
        blank=True,
        help_text=_("What the editions share, e.g. the programme's name: shown above the title."),
    )
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    location = models.CharField(
        _("location"),
        max_length=200,
        blank=True,
        help_text=_("City and campus, as shown to people."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Paris", validators=[validate_timezone]
    )
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    capacity = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, help_text=_("Leave blank for no limit.")
    )
    main_language = models.CharField(
        _("main language"),
        max_length=10,
        choices=site_languages,
        default="en",
        help_text=_(
            "The language its texts are always written in: a visitor whose language has no "
            "text of its own reads this one."
        ),
    )
    practical_information = models.TextField(
        _("practical information"),
        blank=True,
        help_text=_("Getting there, accommodation, what to bring: shown on the event's page."),
    )
    contact_email = models.EmailField(_("contact email"))
    # The privacy notice is written from these (templates/program/privacy_notice.html), so that
    # it says what the law asks in every language; organizers add what is particular to them.
    controller = models.TextField(
        _("data controller"),
        blank=True,
        help_text=_(
            "Who is responsible for the participants’ data: the organisation’s name and postal "
            "address. Needed to publish the event."
        ),
    )
    dpo_contact = models.CharField(
        _("data-protection officer"),
        max_length=200,
        blank=True,
        help_text=_(
            "How to reach the data-protection officer (an email address). Needed to publish."
        ),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("days personal data is kept after the event"),
        default=90,
        help_text=_(
            "Then every registration is anonymised (the retention command, run daily): only "
            "anonymous counts stay for the funder’s report."
        ),
    )
    privacy_notice = models.TextField(
        _("privacy notice: more about this event"),
        blank=True,
        help_text=_(
            "Added to the notice the site writes (controller, purposes, legal bases, health "
            "data, recipients, retention, rights): anything particular to this event."
        ),
    )
    funding_acknowledgement = models.CharField(
        _("funding acknowledgement"),
        max_length=300,
        blank=True,
        help_text=_("Printed on attendance sheets and in the page footer."),
    )
    funder_emblem = models.ImageField(
        _("funder's emblem"),
        upload_to="events/emblems/",
        blank=True,
        validators=[validate_image_size],
        help_text=_("Shown with the funding acknowledgement: EU-funded events must show it."),
    )
    funder_emblem_alt = models.CharField(
        _("emblem description"),
        max_length=200,
        blank=True,
        help_text=_("What the emblem says, e.g. “Co-funded by the European Union”."),
    )
    admission = models.CharField(
        _("who may register"), max_length=20, choices=Admission.choices, default=Admission.OPEN
    )
    offer_hold_hours = models.PositiveSmallIntegerField(
        _("hours to confirm an offered place"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
        help_text=_(
            "Blank: a freed place goes to the next person on the waiting list at once. A number: "
            "it is held that long for them to confirm, then passes on (not for workshops)."
        ),
    )
    # The event's face on its pages, and on the documents (badges, certificates, letters).
    logo = models.ImageField(
        _("logo"), upload_to="events/logos/", blank=True, validators=[validate_image_size]
    )
    logo_alt = models.CharField(
        _("logo description"),
        max_length=200,
        blank=True,
        help_text=_("What the logo shows, for people who cannot see it (usually its name)."),
    )
    signatory = models.CharField(
        _("signatory"),
        max_length=200,
        blank=True,
        help_text=_("Name and role of the person who signs certificates and invitation letters."),
    )
    signature = models.ImageField(
        _("signature"),
        upload_to="events/signatures/",
        blank=True,
        help_text=_("An image of the signatory's signature, printed on certificates and letters."),
    )
    letter_costs = models.TextField(
        _("who pays what"),
        blank=True,
        help_text=_(
            "For invitation letters, e.g. “The organisers cover accommodation and meals; "
            "travel is paid by the participant’s organisation.”"
        ),
    )
    is_published = models.BooleanField(_("published"), default=False)
    # Grows with every change public pages show (seats, programme, texts): the key of their cache.
    version = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on"]
        constraints = [
            *SeatLimited.Meta.constraints,
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="event_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The last day cannot come before the first day.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if error := self.capacity_error():
            errors["capacity"] = error
        if self.is_published:
            for name in ("controller", "dpo_contact"):
                if not getattr(self, name).strip():
                    errors[name] = _("The privacy notice needs it before the event is published.")
        if self.logo and not self.logo_alt:
            errors["logo_alt"] = _("Please say what the logo shows, for people who cannot see it.")
        if self.funder_emblem and not self.funder_emblem_alt:
            errors["funder_emblem_alt"] = _(
                "Please say what the emblem says, for people who cannot see it."
            )
        if errors:
            raise ValidationError(errors)

    IMAGES = {"logo": "logo", "emblem": "funder_emblem"}  # by the name their address gives

    def image_url(self, kind: str) -> str:
        """The public address of the logo or the emblem: it ends with the file's name, new with
        every upload, so that browsers may keep an image for good."""
        image = getattr(self, self.IMAGES[kind])
        if not image:
            return ""
        name = PurePosixPath(image.name).name
        return reverse("program:event_image", args=[self.slug, kind, name])

    @property
    def logo_url(self) -> str:
        return self.image_url("logo")

    @property
    def emblem_url(self) -> str:
        return self.image_url("emblem")

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def zone_city(self) -> str:
        """The place that names the event's time zone: "Paris" for Europe/Paris."""
        return self.timezone.rsplit("/", 1)[-1].replace("_", " ")

    @property
    def registration_deadline(self) -> dt.datetime:
        """The last moment to register, in the event's time: a close at midnight reads as
        23:59 the day before, which is what people understand by "until Saturday"."""
        closes = timezone.localtime(self.registration_closes_at, self.tz)
        if closes.time() == dt.time(0, 0):
            return closes - dt.timedelta(minutes=1)
        return closes

    @property
    def days(self) -> list[dt.date]:
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + dt.timedelta(days=n) for n in range(count)]

    def registration_state(self, now: dt.datetime | None = None) -> str:
        """ "not_yet", "open" or "closed" at the given moment."""
        now = now or timezone.now()
        if now < self.registration_opens_at:
            return "not_yet"
        if now >= self.registration_closes_at:
            return "closed"
        return "open"

    def is_registration_open(self, now: dt.datetime | None = None) -> bool:
        return self.registration_state(now) == "open"

    def local_date(self, now: dt.datetime | None = None) -> dt.date:
        return (now or timezone.now()).astimezone(self.tz).date()

    def has_started(self, now: dt.datetime | None = None) -> bool:
        return self.local_date(now) >= self.starts_on

    def has_ended(self, now: dt.datetime | None = None) -> bool:
        return self.local_date(now) > self.ends_on


class PrivacyNotice(models.Model):
    """One version of an event's privacy notice, as people read it in each language: what a
    registration's consent refers to. A version is the digest of its texts, so that a change to
    any of them (the event's fields or the site's wording) makes a new one."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="privacy_notices", verbose_name=_("event")
    )
    version = models.CharField(_("version"), max_length=64)
    texts = models.JSONField(_("texts"), help_text=_("The notice’s text in each language."))
    first_accepted_at = models.DateTimeField(_("first accepted"), default=timezone.now)

    class Meta:
        verbose_name = _("privacy notice version")
        verbose_name_plural = _("privacy notice versions")
        ordering = ["event", "first_accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "version"], name="one_row_per_notice_version")
        ]

    def __str__(self) -> str:
        return _("Privacy notice %(version)s") % {"version": self.version[:12]}


def touch_events(events: models.QuerySet[Event]) -> None:
    """Their public pages show something that changed: rendered again at the next visit."""
    events.update(version=F("version") + 1)


# The programme's models, in a module of their own (found by Django here).
from program.models.programme import Session, Venue  # noqa: E402, F401

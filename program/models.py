import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from program.enums import SessionKind


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


def site_languages() -> list[tuple[str, str]]:
    # A callable, so that adding a language to the site needs no migration.
    return settings.LANGUAGES


# First path segments the site itself uses: an event with one of these slugs would be unreachable.
RESERVED_SLUGS = {"admin", "i18n", "static", "media"}


def validate_event_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(value)s” is used by the site itself."), params={"value": value})


class SeatLimited(models.Model):
    """A thing with a number of places: an event's participants, a session's seats."""

    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Leave blank for no limit.")
    )
    # Places taken, kept only by registrations.services (with the event's row locked); the check
    # constraint makes the database refuse an overbooking whatever the code above it does.
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                name="%(class)s_seats_within_capacity",
            ),
        ]

    def save(self, *args, **kwargs) -> None:
        # An edit form loaded a minute ago must not write back an old seat count.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "seats_taken"
            ]
        super().save(*args, **kwargs)

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.seats_taken >= self.capacity

    def capacity_error(self) -> str | None:
        if self.capacity is not None and self.capacity < self.seats_taken:
            return ngettext(
                "%(taken)s place is already taken; the limit cannot be lower.",
                "%(taken)s places are already taken; the limit cannot be lower.",
                self.seats_taken,
            ) % {"taken": self.seats_taken}
        return None


class Event(SeatLimited):
    slug = models.SlugField(
        _("short name"),
        max_length=60,
        unique=True,
        validators=[validate_event_slug],
        help_text=_("Part of the event’s web address."),
    )
    title = models.CharField(_("title"), max_length=200)
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
    # What the documents (badges, certificates, invitation letters) carry besides the programme.
    logo = models.ImageField(_("logo"), upload_to="events/logos/", blank=True)
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
        if errors:
            raise ValidationError(errors)

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


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    notes = models.TextField(
        _("directions"), blank=True, help_text=_("Directions, step-free access, parking.")
    )

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Session(SeatLimited):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("venue"),
    )
    room = models.CharField(_("room"), max_length=120, blank=True)
    requires_booking = models.BooleanField(
        _("needs booking"),
        default=False,
        help_text=_("People choose it when they register (workshops, visits, meals)."),
    )
    facilitators = models.CharField(_("facilitators"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=100, blank=True)
    # Calendars need to know when a session changed, to update it rather than add it twice.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "ends_at", "title"]
        indexes = [models.Index(fields=["event", "starts_at"])]
        constraints = [
            *SeatLimited.Meta.constraints,
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session must end after it starts.")
        if self.starts_at and self.event_id is not None:
            day = self.starts_at.astimezone(self.event.tz).date()
            if not self.event.starts_on <= day <= self.event.ends_on:
                errors["starts_at"] = _("A session must take place during its event.")
        if self.capacity is not None and not self.requires_booking:
            errors["capacity"] = _("Only sessions that need booking can have a seat limit.")
        elif error := self.capacity_error():
            errors["capacity"] = error
        if errors:
            raise ValidationError(errors)

    def has_started(self, now: dt.datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def overlaps(self, other: "Session") -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at

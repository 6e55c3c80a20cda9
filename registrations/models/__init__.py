import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from program.models import Event, PrivacyNotice, Session
from registrations.enums import (
    BookingStatus,
    Diet,
    EmailKind,
    EmailStatus,
    Gender,
    OrganisationType,
    RegistrationStatus,
    SpokenLanguage,
    TravelMode,
    choice_label,
)

# The invitation's code default is named here, where migrations may look for it.
from registrations.invitations import InvitationCode, new_invitation_code  # noqa: F401

# Anonymous sums left by erased registrations, in a module of their own.
from registrations.models.figures import ErasedFigures as ErasedFigures
from registrations.questions import Question, QuestionChoice  # noqa: F401 (found by Django here)


def site_languages() -> list[tuple[str, str]]:
    # A callable, so that adding a language to the site needs no migration.
    return settings.LANGUAGES


def new_checkin_code() -> str:
    """What a person's QR code carries: 128 random bits and nothing about them."""
    return secrets.token_urlsafe(16)


class Registration(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices, db_index=True
    )

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"))
    phone = models.CharField(
        _("mobile phone"),
        max_length=40,
        blank=True,
        help_text=_(
            "So that the team can reach you during the event, for example before the coach leaves."
        ),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    organisation_type = models.CharField(
        _("organisation type"), max_length=30, choices=OrganisationType.choices
    )
    country = CountryField(_("country"))
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    preferred_language = models.CharField(
        _("language for messages"), max_length=10, choices=site_languages, default="en"
    )

    allergies = models.TextField(_("allergies"), max_length=1000, blank=True)
    diet_other = models.CharField(_("other dietary requirement"), max_length=200, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=1000, blank=True)

    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    arrival_time = models.TimeField(_("arrival time"), null=True, blank=True)
    arrival_place = models.CharField(_("arriving at"), max_length=200, blank=True)
    departure_date = models.DateField(_("departure date"), null=True, blank=True)
    departure_time = models.TimeField(_("departure time"), null=True, blank=True)
    departure_place = models.CharField(_("leaving from"), max_length=200, blank=True)
    travel_mode = models.CharField(
        _("travelling by"), max_length=20, choices=TravelMode.choices, blank=True
    )
    accommodation_nights = models.JSONField(_("accommodation nights"), default=list, blank=True)
    needs_invitation_letter = models.BooleanField(_("invitation or visa letter"), default=False)
    invitation_letter_sent_at = models.DateTimeField(
        _("invitation letter sent"), null=True, blank=True
    )

    privacy_consent_at = models.DateTimeField(_("privacy notice accepted"))
    # What was accepted: the notice's text in every language, as it read then.
    privacy_notice = models.ForeignKey(
        PrivacyNotice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("privacy notice version"),
    )
    # Diets, allergies and accessibility needs can reveal health or beliefs (GDPR article 9):
    # kept only with this explicit consent.
    health_consent = models.BooleanField(_("consent to health-related data"), default=False)
    health_consent_at = models.DateTimeField(
        _("health-related data consent given"), null=True, blank=True
    )
    photo_consent = models.BooleanField(_("photo consent"), default=False)
    photo_consent_at = models.DateTimeField(_("photo consent given"), null=True, blank=True)
    # The organizer's own questions (registrations.questions): {"q12": answer}.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    invitation = models.ForeignKey(
        InvitationCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("invitation code"),
    )
    # A place held for this person from the event's waiting list, until they confirm it.
    offer_expires_at = models.DateTimeField(_("offer to confirm by"), null=True, blank=True)

    created_at = models.DateTimeField(_("registered"), default=timezone.now, db_index=True)
    # The event's waiting list is served in this order; an organizer may move someone forward.
    queued_at = models.DateTimeField(_("in the queue since"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancellation date"), null=True, blank=True)
    # Shown as a QR code (private page, confirmation, badge) and scanned at the door. Not a
    # secret that opens anything: only people allowed to check others in can use it. Reissued
    # (the old code stops working) when a badge or a phone is lost.
    checkin_code = models.CharField(
        _("check-in code"), max_length=40, unique=True, default=new_checkin_code, editable=False
    )

    # Who changed what and when: organizers in the admin, participants through their link.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        permissions = [
            ("export_registrations", _("Can export lists and reports")),
            ("check_in", _("Can check people in at the event")),
        ]
        constraints = [
            # Cancelled registrations do not count: a person who cancelled may register again.
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="one_active_registration_per_email",
            ),
            models.CheckConstraint(
                condition=Q(departure_date__isnull=True)
                | Q(arrival_date__isnull=True)
                | Q(departure_date__gte=F("arrival_date")),
                name="registration_departs_after_arrival",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_closed(self) -> bool:
        """Cancelled or declined: nothing more to change."""
        return self.status in (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED)

    @property
    def language_labels(self) -> list[str]:
        return [choice_label(SpokenLanguage, code) for code in self.languages]

    @property
    def nights(self) -> list[dt.date]:
        return sorted(dt.date.fromisoformat(night) for night in self.accommodation_nights)

    @property
    def diet_codes(self) -> list[str]:
        """Dietary requirements; uses the prefetched rows when a selector provided them."""
        return sorted(d.diet for d in self.diets.all())

    @property
    def diet_labels(self) -> list[str]:
        return [choice_label(Diet, code) for code in self.diet_codes]


class DietaryRequirement(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="diets")
    diet = models.CharField(_("dietary requirement"), max_length=20, choices=Diet.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dietary requirement")
        verbose_name_plural = _("dietary requirements")
        constraints = [
            models.UniqueConstraint(fields=["registration", "diet"], name="one_row_per_diet")
        ]

    def __str__(self) -> str:
        return str(self.get_diet_display())


class Booking(models.Model):
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="bookings",
        verbose_name=_("registration"),
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("session")
    )
    status = models.CharField(_("status"), max_length=20, choices=BookingStatus.choices)
    # Waiting lists are served in this order; joining a list again puts a person at its end.
    queued_at = models.DateTimeField(_("in the queue since"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["queued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="one_booking_per_person_and_session"
            )
        ]
        indexes = [models.Index(fields=["session", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.registration} – {self.session}"


class OutgoingEmail(models.Model):
    """An email, written in the transaction of the change that causes it and sent after commit.

    A worker retries what could not be sent, with a growing delay. A message is claimed (status
    "sending", committed) before the server is contacted, so that no two workers and no retry
    ever send it twice; one left "sending" by a crash is shown in the admin to be resent by hand.
    """

    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("registration"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EmailKind.choices)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # Attachments: [{"filename": …, "content": …, "mimetype": …}] for text such as calendars,
    # with "base64" in place of "content" for images such as the check-in QR code.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=10)
    reply_to = models.EmailField(_("reply to"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    # Set for messages that must exist once only, such as "the reminder of person 12".
    once_key = models.CharField(max_length=100, unique=True, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("a message", "email")
        verbose_name_plural = pgettext_lazy("messages", "emails")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class AccessKey(models.Model):
    """A private link to one registration's pages, with its calendar feed's own secret (derived
    from the link's). Only the SHA-256 digests of the secrets are kept."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="access_keys"
    )
    digest = models.CharField(max_length=64, unique=True)
    calendar_digest = models.CharField(max_length=64, unique=True)
    # For a link that only ever went by email: the digest of the address it went to. Whoever
    # opens it controls that mailbox, and may close every other link of the registration.
    mailbox = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("private link")
        verbose_name_plural = _("private links")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return _("Private link of %(date)s") % {"date": f"{self.created_at:%Y-%m-%d %H:%M}"}


# What happens at the door and for the consulate, in a module of their own.
from registrations.models.onsite import Attendance, InvitationLetter  # noqa: E402, F401

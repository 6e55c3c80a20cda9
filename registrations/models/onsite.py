"""On the day and before it: who was seen at the event, and the letters of invitation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from program.models import Session


class Attendance(models.Model):
    """A person seen at the event: on a day (session empty) or at one session. One row at most
    for each, enforced by the database, so that two staff scanning the same badge at the same
    moment count it once."""

    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("registration"),
    )
    day = models.DateField(_("day"))
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("session"),
    )
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    # An undone check-in is deleted; the history keeps who did it and when.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["day", "checked_in_at", "id"]
        constraints = [
            # Two partial indexes: a plain one would let rows with an empty session repeat.
            models.UniqueConstraint(
                fields=["registration", "day"],
                condition=Q(session__isnull=True),
                name="present_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["registration", "session"],
                condition=Q(session__isnull=False),
                name="present_once_a_session",
            ),
        ]
        indexes = [models.Index(fields=["session", "day"])]

    def __str__(self) -> str:
        return f"{self.registration} – {self.session or self.day}"


class InvitationLetter(models.Model):
    """A letter of invitation (for a visa, or an employer) and what a consulate expects in it.

    Asked only of those who request a letter, visible to organizers only (never to staff, never
    in the common exports). An organizer reviews and releases it; the person then downloads it.
    """

    registration = models.OneToOneField(
        "registrations.Registration",
        on_delete=models.CASCADE,
        related_name="invitation_letter",
        verbose_name=_("registration"),
    )
    passport_name = models.CharField(
        _("full name as in the passport"),
        max_length=200,
        help_text=_("Exactly as printed in your passport, in Latin letters."),
    )
    nationality = CountryField(_("nationality"))
    passport_number = models.CharField(_("passport number"), max_length=40)
    date_of_birth = models.DateField(_("date of birth"))
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation letter")
        verbose_name_plural = _("invitation letters")
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return _("Invitation letter for %(name)s") % {"name": self.passport_name}

    @property
    def is_released(self) -> bool:
        return self.released_at is not None

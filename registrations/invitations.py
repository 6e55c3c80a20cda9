"""Invitation codes: for an event open to invited people only, such as a partnership meeting.

Each partner organisation gets a code worth a number of places, typed in the form or carried
by its link (`/register/?code=…`). A code's places are counted like an event's seats: taken by
the services with the event's row locked, a conditional UPDATE and a database CHECK.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from program.models import Event, SeatLimited

# Letters and digits nobody confuses when reading a code aloud or copying it from paper.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 10


def new_invitation_code() -> str:
    """50 random bits: too many to guess with the registration form's rate limit."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_code(value: str) -> str:
    """As people type it: any case, with spaces or dashes."""
    return "".join(c for c in value.upper() if c.isalnum())


class InvitationCode(SeatLimited):
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="invitation_codes",
        verbose_name=_("event"),
    )
    organisation = models.CharField(_("partner organisation"), max_length=200)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave blank for no limit.")
    )
    code = models.CharField(
        _("code"), max_length=20, unique=True, default=new_invitation_code, editable=False
    )

    class Meta(SeatLimited.Meta):
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")
        ordering = ["organisation", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.code})"

    def clean(self) -> None:
        if error := self.capacity_error():
            raise ValidationError({"capacity": error})

    @property
    def register_path(self) -> str:
        """The registration form with this code filled in (the site's address goes before)."""
        return f"{reverse('registrations:register', args=[self.event.slug])}?code={self.code}"

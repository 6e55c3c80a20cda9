"""Messages organizers write to participants, or send again."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from program.models import Event
from registrations import notifications, outbox
from registrations.enums import RegistrationStatus
from registrations.models import OutgoingEmail, Registration
from registrations.services.links import calendar_key, issue_link
from registrations.services.rules import RegistrationError


def write_message(
    *, registrations: Iterable[Registration], subject: str, body: str, with_link: bool = False
) -> int:
    """Write one message to each person who has not cancelled, in the outbox; a fresh private
    link in it only when the organizer asked for one."""
    count = 0
    with transaction.atomic():
        for registration in registrations:
            if registration.status == RegistrationStatus.CANCELLED:
                continue
            key = issue_link(registration=registration, by_email=True) if with_link else None
            notifications.message(registration=registration, subject=subject, body=body, key=key)
            count += 1
    return count


def write_reminders(*, days: int, today: dt.date | None = None) -> dict[Event, int]:
    """The reminder to everyone with a place at a published event starting within `days`:
    once per person, however often this runs. Returns how many were written per event."""
    today = today or timezone.localdate()
    events = Event.objects.filter(
        is_published=True, starts_on__gte=today, starts_on__lte=today + dt.timedelta(days=days)
    )
    written = {}
    for event in events:
        written[event] = 0
        people = event.registrations.filter(status=RegistrationStatus.CONFIRMED).exclude(
            emails__kind="reminder"
        )
        for registration in people.select_related("event"):
            with transaction.atomic():
                written[event] += notifications.reminder(registration=registration)
    return written


def resend_email(*, email: OutgoingEmail) -> OutgoingEmail:
    """Send a message again. Its private link was taken out once it left (or was given up), and
    was never kept anywhere: the person gets a fresh one in its place, never a dead link."""
    with transaction.atomic():
        if not outbox.has_removed_link(email):
            return outbox.resend(email)
        if email.registration is None:
            raise RegistrationError(
                _("The registration of this email no longer exists: its link cannot be renewed.")
            )
        key = issue_link(registration=email.registration, by_email=True)
        return outbox.resend(email, secrets={"r": key, "agenda": calendar_key(key)})

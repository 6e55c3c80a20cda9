"""Messages organizers write to participants."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from program.models import Event
from registrations import notifications
from registrations.enums import RegistrationStatus
from registrations.models import Registration
from registrations.services.links import issue_link


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
            key = issue_link(registration=registration) if with_link else None
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

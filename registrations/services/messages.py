"""Messages organizers write to participants."""

from collections.abc import Iterable

from django.db import transaction

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

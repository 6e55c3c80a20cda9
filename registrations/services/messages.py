"""Messages organizers write to participants, or send again."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

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
            key = issue_link(registration=registration) if with_link else None
            notifications.message(registration=registration, subject=subject, body=body, key=key)
            count += 1
    return count


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
        key = issue_link(registration=email.registration)
        return outbox.resend(email, secrets={"r": key, "agenda": calendar_key(key)})

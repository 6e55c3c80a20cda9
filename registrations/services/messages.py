"""Messages organizers write to participants, or send again."""

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from program.models import Event
from registrations import notifications, outbox
from registrations.enums import RegistrationStatus
from registrations.models import OutgoingEmail, Registration
from registrations.services.links import calendar_key, issue_link
from registrations.services.rules import RegistrationError

# What an organizer may write in a message, replaced for each person.
PLACEHOLDERS = ("{first_name}", "{last_name}", "{link}")


@dataclass(frozen=True)
class Message:
    """What an organizer wrote: a subject and a text per language they wrote it in."""

    texts: Mapping[str, tuple[str, str]]  # language → (subject, body)
    main_language: str

    def for_person(self, registration: Registration) -> tuple[str, str]:
        """In the person's language if the organizer wrote it, else in the main one."""
        subject, body = (
            self.texts.get(registration.preferred_language) or self.texts[self.main_language]
        )
        names = {"{first_name}": registration.first_name, "{last_name}": registration.last_name}
        for placeholder, name in names.items():
            subject, body = subject.replace(placeholder, name), body.replace(placeholder, name)
        return subject, body


def store_attachment(upload: UploadedFile) -> dict:
    """Keep an attached file once, for every email that carries it: under the uploads, which
    the site never serves, in a folder of its own that nobody can guess."""
    name = get_valid_filename(upload.name) or "attachment.pdf"
    path = default_storage.save(f"messages/{secrets.token_urlsafe(16)}/{name}", upload)
    return {"filename": name, "stored": path, "mimetype": "application/pdf"}


def write_message(
    *,
    registrations: Iterable[Registration],
    message: Message,
    attachment: dict | None = None,
) -> int:
    """Write one message to each person who has not cancelled nor been declined, in the
    outbox, in their language. A fresh private link goes into the text where it says {link}
    (and only then: sending never mints one otherwise)."""
    count = 0
    with transaction.atomic():
        for registration in registrations:
            if registration.is_closed:
                continue
            subject, body = message.for_person(registration)
            key = None
            if "{link}" in body:
                key = issue_link(registration=registration, by_email=True)
                body = body.replace("{link}", notifications.manage_url(registration, key))
            notifications.message(
                registration=registration,
                subject=subject,
                body=body,
                link_in_text=key is not None,
                attachments=[attachment] if attachment else [],
            )
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

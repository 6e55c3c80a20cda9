"""What participants are told, and when. Every message goes through the outbox: it is written in
the transaction of the change that causes it, in the person's language, and sent after commit.
The templates are in templates/emails/: `<name>_subject.txt` and `<name>.txt` (the HTML version is
the same text in the layout of templates/emails/layout.html).
"""

from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from program.translation import main_language_of
from registrations import outbox
from registrations.attachments import made
from registrations.enums import BookingStatus, EmailKind, RegistrationStatus
from registrations.models import Booking, Registration


def _address(registration: Registration, view: str, **kwargs) -> str:
    """A page of the person's event, in the language they chose for messages."""
    with translation.override(registration.preferred_language):
        path = reverse(view, kwargs={"slug": registration.event.slug, **kwargs})
    return settings.SITE_URL + path


def manage_url(registration: Registration, key: str) -> str:
    return _address(registration, "registrations:manage", key=key)


def lost_link_url(registration: Registration) -> str:
    return _address(registration, "registrations:lost_link")


def _bookings(registration: Registration) -> list[Booking]:
    return list(
        registration.bookings.exclude(status=BookingStatus.CANCELLED)
        .select_related("session__venue")
        .order_by("session__starts_at")
    )


def _attachments(registration: Registration, *, with_agenda: bool, with_pass: bool) -> list:
    """Only a person with a place has an agenda to follow and a code to show at the door."""
    if registration.status != RegistrationStatus.CONFIRMED:
        return []
    files = []
    if with_agenda:
        files.append(made("agenda", f"{registration.event.slug}.ics", "text/calendar"))
    if with_pass:
        files.append(made("checkin_pass", "check-in-qr-code.png", "image/png"))
    return files


def _send(
    registration: Registration,
    kind: str,
    *,
    key: str | None = None,
    with_agenda: bool = False,
    with_pass: bool = False,
    once_key: str | None = None,
    send_now: bool = True,
    extra_attachments: Sequence[dict] = (),
    **context,
) -> bool:
    """Write the message; False when `once_key` says it was written before.

    Only a message that was handed a fresh link's `key` carries it: sending never mints one.
    The others point to "lost your link?", which sends a fresh link to the registered address.
    """
    event = registration.event
    # The words in the person's language, the event's texts too (falling back to its main one).
    with translation.override(registration.preferred_language), main_language_of(event):
        context = {
            "registration": registration,
            "event": event,
            "site_url": settings.SITE_URL,
            "link": manage_url(registration, key) if key else "",
            "lost_link_url": lost_link_url(registration),
            "bookings": _bookings(registration),
            **context,
        }
        email = outbox.enqueue(
            registration=registration,
            to=registration.email,
            reply_to=event.contact_email,
            kind=kind,
            template=kind,
            context=context,
            language=registration.preferred_language,
            attachments=[
                *_attachments(registration, with_agenda=with_agenda, with_pass=with_pass),
                *extra_attachments,
            ],
            once_key=once_key,
            send_now=send_now,
        )
    return email is not None


def registered(*, registration: Registration, key: str | None = None) -> None:
    """A registration made, or accepted by an organizer (then without a link: the person has
    theirs from the first email)."""
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    kind = {
        RegistrationStatus.CONFIRMED: EmailKind.REGISTERED,
        RegistrationStatus.AWAITING_APPROVAL: EmailKind.AWAITING_APPROVAL,
    }.get(registration.status, EmailKind.WAITLISTED)
    _send(registration, kind, key=key, with_agenda=confirmed, with_pass=confirmed)


def declined(*, registration: Registration) -> None:
    _send(registration, EmailKind.DECLINED)


def offer(*, registration: Registration, key: str) -> None:
    """A place held for the person until `offer_expires_at`, to confirm through the link."""
    _send(registration, EmailKind.OFFER, key=key, deadline=registration.offer_expires_at)


def offer_expired(*, registration: Registration) -> None:
    _send(registration, EmailKind.OFFER_EXPIRED, send_now=False)


def private_link(*, registration: Registration, key: str) -> None:
    # Left to the worker: how long "check your inbox" takes must not tell a registered address.
    _send(registration, EmailKind.PRIVATE_LINK, key=key, send_now=False)


def seat_offered(*, booking: Booking) -> None:
    _send(booking.registration, EmailKind.SEAT_OFFERED, with_agenda=True, session=booking.session)


def place_offered(*, registration: Registration) -> None:
    _send(registration, EmailKind.PLACE_OFFERED, with_agenda=True, with_pass=True)


def bookings_changed(*, registration: Registration, changes) -> None:
    _send(registration, EmailKind.BOOKINGS_CHANGED, with_agenda=True, changes=changes)


def cancelled(*, registration: Registration) -> None:
    _send(registration, EmailKind.CANCELLED)


def reminder(*, registration: Registration) -> bool:
    """The reminder before the event: once per person, however often it is asked for."""
    if registration.emails.filter(kind=EmailKind.REMINDER).exists():
        return False
    return _send(
        registration,
        EmailKind.REMINDER,
        with_agenda=True,
        with_pass=True,
        once_key=f"reminder:{registration.pk}",
    )


def session_moved(*, registration: Registration, session, clashes: list) -> None:
    """A session the person planned to attend changed its time or place."""
    _send(
        registration,
        EmailKind.SESSION_MOVED,
        with_agenda=True,
        send_now=False,
        session=session,
        clashes=clashes,
    )


def message(
    *,
    registration: Registration,
    subject: str,
    body: str,
    link_in_text: bool = False,
    attachments: Sequence[dict] = (),
) -> None:
    """A message an organizer wrote in the admin, with the person's fresh link in its text when
    they asked for one (else a pointer to "lost your link?"), and a file they attached.
    Left to the worker: a message to a hundred people must not hold the organizer's page."""
    _send(
        registration,
        EmailKind.MESSAGE,
        send_now=False,
        extra_attachments=attachments,
        message_subject=subject,
        message_body=body,
        link_in_text=link_in_text,
    )


def letter_ready(*, registration: Registration) -> None:
    """An organizer released the person's invitation letter: it waits on their private page."""
    _send(registration, EmailKind.LETTER_READY)

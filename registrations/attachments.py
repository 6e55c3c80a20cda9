"""Files an email carries that are made when it leaves, from the registration as it is then:
not while the registration holds the event's lock, and never stored with the message. The
outbox stores `{"filename", "mimetype", "made": <name>}` and calls `MADE[name]` when sending.
"""

from collections.abc import Callable

from program import calendar
from registrations.documents.qr import qr_png
from registrations.enums import BookingStatus
from registrations.models import Registration


def agenda(registration: Registration) -> bytes:
    """The person's agenda as an .ics file."""
    event = registration.event
    sessions = event.sessions.select_related("venue").order_by("starts_at")
    booked = set(
        registration.bookings.filter(status=BookingStatus.CONFIRMED).values_list(
            "session_id", flat=True
        )
    )
    return calendar.calendar(event, calendar.agenda_sessions(sessions, booked), name=event.title)


def checkin_pass(registration: Registration) -> bytes:
    """The check-in code as a PNG: shown at the door from the phone or on paper."""
    return qr_png(registration.checkin_code)


MADE: dict[str, Callable[[Registration], bytes]] = {
    "agenda": agenda,
    "checkin_pass": checkin_pass,
}


def made(name: str, filename: str, mimetype: str) -> dict:
    """What the outbox stores for a file made when the message leaves."""
    return {"filename": filename, "mimetype": mimetype, "made": name}

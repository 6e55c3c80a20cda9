"""Who an organizer's message goes to: the people of an event as organizers think of them
(everyone with a place, a session's seat holders, those waiting …), each with how many they
are, counted before anything is sent."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.template.defaultfilters import date as date_format
from django.utils import timezone
from django.utils.translation import gettext as _

from program.enums import Admission
from program.models import Event
from registrations import selectors
from registrations.enums import BookingStatus, RegistrationStatus


@dataclass(frozen=True)
class Audience:
    key: str
    label: str
    count: int


# Those an event-wide audience names, by their registration's status.
BY_STATUS = {
    "confirmed": [RegistrationStatus.CONFIRMED],
    "waiting": [RegistrationStatus.WAITLISTED],
    "offered": [RegistrationStatus.OFFERED],
    "awaiting": [RegistrationStatus.AWAITING_APPROVAL],
    "everyone": [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.OFFERED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.AWAITING_APPROVAL,
    ],
}
# Registrations nobody writes to any more.
CLOSED = [RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED]
# A session's audiences, by the status of the booking.
BY_BOOKING = {"seats": BookingStatus.CONFIRMED, "waitlist": BookingStatus.WAITLISTED}


def audiences(event: Event) -> list[Audience]:
    """Every audience of the event worth offering, with its size: in two queries."""
    counts = dict(event.registrations.values_list("status").annotate(n=Count("pk")).order_by())
    size = {key: sum(counts.get(s, 0) for s in statuses) for key, statuses in BY_STATUS.items()}
    offered = [
        Audience("confirmed", _("Everyone with a place (confirmed only)"), size["confirmed"]),
        Audience("waiting", _("Everyone on the event's waiting list"), size["waiting"]),
    ]
    if event.offer_hold_hours or size["offered"]:
        offered.append(
            Audience("offered", _("Everyone offered a place, to confirm"), size["offered"])
        )
    if event.admission == Admission.APPROVAL or size["awaiting"]:
        offered.append(Audience("awaiting", _("Everyone awaiting approval"), size["awaiting"]))
    offered.append(Audience("everyone", _("Everyone registered, waiting or not"), size["everyone"]))
    for session in selectors.booked_sessions(event):
        when = date_format(timezone.localtime(session.starts_at, event.tz), "D j M H:i")
        names = {"title": session.title, "when": when}
        offered.append(
            Audience(
                f"seats-{session.pk}",
                _("Seat holders of “%(title)s” (%(when)s)") % names,
                session.confirmed,
            )
        )
        offered.append(
            Audience(
                f"waitlist-{session.pk}",
                _("Waiting for a seat in “%(title)s” (%(when)s)") % names,
                session.waiting,
            )
        )
    return offered


def recipients(event: Event, key: str) -> QuerySet:
    """The people of an audience; nobody for a key that names none."""
    people = event.registrations.all()
    if key in BY_STATUS:
        return people.filter(status__in=BY_STATUS[key])
    kind, _sep, session_id = key.partition("-")
    if kind not in BY_BOOKING or not (session_id.isascii() and session_id.isdigit()):
        return people.none()
    return people.filter(
        bookings__session_id=int(session_id),
        bookings__session__event=event,
        bookings__status=BY_BOOKING[kind],
    ).exclude(status__in=CLOSED)

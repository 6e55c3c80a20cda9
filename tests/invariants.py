"""The seat rules, checked from the rows themselves rather than from the counters."""

from django.db.models import Count, Q

from program.models import Event, Session
from registrations.models import Booking, InvitationCode, Registration

# A place offered from the waiting list is held (taken) until it is confirmed or passes on.
HOLD_A_PLACE = ["confirmed", "offered"]


def overbookings(event: Event) -> list[str]:
    """Every place where confirmed rows exceed a limit."""
    problems = []
    confirmed = Registration.objects.filter(event=event, status__in=HOLD_A_PLACE).count()
    if event.capacity is not None and confirmed > event.capacity:
        problems.append(f"event: {confirmed} confirmed for {event.capacity} places")
    for session in Session.objects.filter(event=event, capacity__isnull=False):
        taken = Booking.objects.filter(session=session, status="confirmed").count()
        if taken > session.capacity:
            problems.append(f"{session.title}: {taken} confirmed for {session.capacity} seats")
    return problems


def counter_drift(event: Event) -> list[str]:
    """Every seat counter that disagrees with the rows it counts."""
    event.refresh_from_db()
    problems = []
    confirmed = event.registrations.filter(status__in=HOLD_A_PLACE).count()
    if event.seats_taken != confirmed:
        problems.append(f"event counts {event.seats_taken}, rows say {confirmed}")
    sessions = Session.objects.filter(event=event).annotate(
        confirmed=Count("bookings", filter=Q(bookings__status="confirmed"))
    )
    for session in sessions:
        if session.seats_taken != session.confirmed:
            problems.append(
                f"{session.title} counts {session.seats_taken}, rows say {session.confirmed}"
            )
    return problems


def invitation_drift(event: Event) -> list[str]:
    """Every invitation code whose places taken disagree with the registrations using it."""
    codes = InvitationCode.objects.filter(event=event).annotate(
        used=Count("registrations", filter=~Q(registrations__status__in=["cancelled", "declined"]))
    )
    return [
        f"{c.organisation} counts {c.seats_taken}, rows say {c.used}"
        for c in codes
        if c.seats_taken != c.used
    ]

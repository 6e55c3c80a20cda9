"""Organizers' changes to the programme that touch people: capacities and moved sessions.

Every capacity change goes through here, from whichever admin page: the event's row is locked
first (as by every seat writer), a limit below the places already taken is refused, and a raised
limit serves the waiting list at once. A session moved to another time or place warns of the
clashes it creates and tells everyone concerned by email, in their language.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from program.models import Event, Session
from registrations import notifications
from registrations.enums import BookingStatus, RegistrationStatus
from registrations.models import Booking, InvitationCode, Registration
from registrations.services import seats
from registrations.services.rules import RegistrationError

# What, when changed, people who planned to come must be told.
WHERE_AND_WHEN = {"starts_at", "ends_at", "venue", "room"}


def _refuse_below_taken(thing: Event | Session | InvitationCode, taken: int) -> None:
    thing.seats_taken = taken  # as it is now, under the lock: what the form saw may be old
    if error := thing.capacity_error():
        raise RegistrationError(error, field="capacity")


def save_event(*, event: Event, changed: Iterable[str] = ()) -> None:
    """Save an event edited by an organizer."""
    with transaction.atomic():
        if event.pk is not None:
            _refuse_below_taken(event, seats.lock_event(event.pk).seats_taken)
        event.save()
        if "capacity" in changed:
            seats.fill_event(event, now=timezone.now())


def save_invitation(*, invitation: InvitationCode) -> None:
    """Save a partner's invitation code: its places, like seats, never below those taken."""
    with transaction.atomic():
        seats.lock_event(invitation.event_id)
        if invitation.pk is not None:
            taken = InvitationCode.objects.values_list("seats_taken", flat=True).get(
                pk=invitation.pk
            )
            _refuse_below_taken(invitation, taken)
        invitation.save()


@dataclass
class SessionSaved:
    # For each other session: how many people now hold a seat in it and in this one at once.
    clashes: Counter = field(default_factory=Counter)
    told: int = 0


def save_session(*, session: Session, changed: Iterable[str] = ()) -> SessionSaved:
    """Save a session edited by an organizer: the event first, as every seat writer locks it."""
    changed = set(changed)
    result = SessionSaved()
    with transaction.atomic():
        seats.lock_event(session.event_id)
        is_new = session.pk is None
        if not is_new:
            taken = Session.objects.values_list("seats_taken", flat=True).get(pk=session.pk)
            _refuse_below_taken(session, taken)
        session.save()
        if "capacity" in changed:
            seats.fill_session(session.pk, now=timezone.now())
        if not is_new and changed & WHERE_AND_WHEN:
            result = _tell_about_move(session)
    return result


def _concerned(session: Session):
    """Who has this session in their plans: its bookings, or everyone with a place when it
    needs no booking."""
    if session.requires_booking:
        return Registration.objects.filter(
            bookings__session=session,
            bookings__status__in=[
                BookingStatus.CONFIRMED,
                BookingStatus.WAITLISTED,
                BookingStatus.PENDING,
            ],
        ).exclude(status=RegistrationStatus.CANCELLED)
    return Registration.objects.filter(
        event_id=session.event_id, status=RegistrationStatus.CONFIRMED
    )


def _tell_about_move(session: Session) -> SessionSaved:
    people = list(_concerned(session).select_related("event").order_by("pk"))
    overlapping = (
        Booking.objects.filter(
            registration__in=[p.pk for p in people],
            status=BookingStatus.CONFIRMED,
            session__event_id=session.event_id,
            session__starts_at__lt=session.ends_at,
            session__ends_at__gt=session.starts_at,
        )
        .exclude(session=session)
        .select_related("session")
    )
    clashes_of: dict[int, list[Session]] = {}
    for booking in overlapping:
        clashes_of.setdefault(booking.registration_id, []).append(booking.session)
    result = SessionSaved()
    for person in people:
        clashing = clashes_of.get(person.pk, [])
        result.clashes.update(s.title for s in clashing)
        notifications.session_moved(registration=person, session=session, clashes=clashing)
        result.told += 1
    return result


def delete_session(*, session: Session) -> None:
    """Remove a session nobody booked (bookings protect it): its event's pages change too."""
    with transaction.atomic():
        seats.lock_event(session.event_id)
        session.delete()

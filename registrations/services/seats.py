"""Seats and waiting lists: the one hard part.

One rule keeps the seat counts right under load: each function that takes or frees a place locks
the event's row first (SELECT ... FOR UPDATE), so writers of one event queue one behind the other
and there is a single lock order, hence no deadlock. Seats are then taken with a conditional
UPDATE, and the check constraints on Event and Session make the database refuse an overbooking
even if this code were wrong. Waiting lists are filled inside the transaction that frees a place.

The functions without a leading verb of their own (`take_seat`, `place`, `release` …) expect the
caller to hold the event's lock inside a transaction.
"""

import datetime as dt

from django.db import models, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone

from program.models import Event, Session, touch_events
from registrations import notifications
from registrations.enums import BookingStatus, RegistrationStatus
from registrations.models import Booking, InvitationCode, Registration
from registrations.services import links
from registrations.services.rules import invitation_for, invitation_full

# Statuses whose registration counts in the event's places taken.
HOLDS_A_PLACE = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)


def lock_event(event_id: int) -> Event:
    """The one lock every writer of an event takes first. Whatever it then changes, the event's
    public pages are rendered again (program.caching): the version grows in the same transaction."""
    event = Event.objects.select_for_update().get(pk=event_id)
    touch_events(Event.objects.filter(pk=event_id))
    return event


def take_seat(model: type[models.Model], pk: int, *, stretch: bool = False) -> bool:
    """Take a place if one is free. `stretch` (organizers only: a guest, a walk-in) takes one
    even when full, and the limit grows by one with it, so that the database check still holds
    and the dashboard shows the new limit."""
    if stretch:
        grown = Case(
            When(capacity__lte=F("seats_taken"), then=F("seats_taken") + 1),
            default=F("capacity"),
            output_field=models.PositiveIntegerField(),
        )
        return (
            model.objects.filter(pk=pk).update(seats_taken=F("seats_taken") + 1, capacity=grown)
            == 1
        )
    has_room = Q(capacity__isnull=True) | Q(seats_taken__lt=F("capacity"))
    return model.objects.filter(has_room, pk=pk).update(seats_taken=F("seats_taken") + 1) == 1


def free_seat(model: type[models.Model], pk: int) -> None:
    model.objects.filter(pk=pk).update(seats_taken=F("seats_taken") - 1)


def use_invitation(event: Event, code: str) -> InvitationCode:
    """Take a place of an invitation code of this event, or say why not next to the field."""
    invitation = invitation_for(event, code)
    if not take_seat(InvitationCode, invitation.pk):
        raise invitation_full()
    return invitation


def place(booking: Booking, *, now: dt.datetime, stretch: bool = False) -> None:
    """Give a booking a seat if there is one, else a place at the end of the waiting list."""
    if booking.registration.status != RegistrationStatus.CONFIRMED:
        booking.status = BookingStatus.PENDING
    elif take_seat(Session, booking.session_id, stretch=stretch):
        booking.status = BookingStatus.CONFIRMED
    else:
        booking.status = BookingStatus.WAITLISTED
    booking.queued_at = now
    booking.save()


def book(
    registration: Registration, session: Session, *, now: dt.datetime, stretch: bool = False
) -> Booking:
    booking = Booking.objects.filter(registration=registration, session=session).first()
    if booking is None:
        booking = Booking(registration=registration, session=session)
    elif booking.status != BookingStatus.CANCELLED:
        return booking
    place(booking, now=now, stretch=stretch)
    return booking


def release(booking: Booking, *, now: dt.datetime) -> None:
    held_a_seat = booking.status == BookingStatus.CONFIRMED
    booking.status = BookingStatus.CANCELLED
    booking.save(update_fields=["status", "updated_at"])
    if held_a_seat:
        free_seat(Session, booking.session_id)
        fill_session(booking.session_id, now=now)


def fill_session(session_id: int, *, now: dt.datetime) -> list[Booking]:
    """Promote the first people waiting for a session, as long as it has seats and has not
    begun: a seat offered for a workshop that is already running helps nobody."""
    promoted = []
    if Session.objects.filter(pk=session_id, starts_at__lte=now).exists():
        return promoted
    while True:
        waiting = (
            Booking.objects.select_related("registration", "session")
            .filter(session_id=session_id, status=BookingStatus.WAITLISTED)
            .order_by("queued_at", "id")
            .first()
        )
        if waiting is None or not take_seat(Session, session_id):
            return promoted
        waiting.status = BookingStatus.CONFIRMED
        waiting.save(update_fields=["status", "updated_at"])
        promoted.append(waiting)
        notifications.seat_offered(booking=waiting)


def admit(registration: Registration, *, now: dt.datetime) -> None:
    """Give a person whose place at the event is taken (by the caller) their status, and book
    the session choices they held until then."""
    registration.status = RegistrationStatus.CONFIRMED
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
    held = registration.bookings.select_related("session").filter(status=BookingStatus.PENDING)
    for booking in held.order_by("session_id"):
        booking.registration = registration
        place(booking, now=now)


def offer(registration: Registration, *, hours: int, now: dt.datetime) -> None:
    """Hold a place taken by the caller for a person who must confirm it in time."""
    registration.status = RegistrationStatus.OFFERED
    registration.offer_expires_at = now + dt.timedelta(hours=hours)
    registration.save(update_fields=["status", "offer_expires_at", "updated_at"])


def fill_event(event: Event, *, now: dt.datetime) -> list[Registration]:
    """Serve the first people on the event's waiting list while it has places, until it ends:
    each gets the place at once, or, when the event holds offered places, an offer to confirm
    (the place is taken meanwhile, so that nobody else gets it)."""
    promoted = []
    if event.has_ended(now):
        return promoted
    while True:
        waiting = (
            Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
            .order_by("queued_at", "id")
            .first()
        )
        if waiting is None or not take_seat(Event, event.pk):
            return promoted
        promoted.append(waiting)
        if event.offer_hold_hours:
            offer(waiting, hours=event.offer_hold_hours, now=now)
            # The person must act on it: the email hands over a private link to the page.
            notifications.offer(
                registration=waiting, key=links.issue_link(registration=waiting, by_email=True)
            )
        else:
            admit(waiting, now=now)
            notifications.place_offered(registration=waiting)


def fill_waiting_lists(*, event: Event) -> None:
    """Give free places to waiting people: after a capacity was raised, for instance."""
    now = timezone.now()
    with transaction.atomic():
        event = lock_event(event.pk)
        fill_everything(event, now=now)


def fill_everything(event: Event, *, now: dt.datetime) -> None:
    fill_event(event, now=now)
    session_ids = event.sessions.filter(requires_booking=True).values_list("pk", flat=True)
    for session_id in session_ids.order_by("pk"):
        fill_session(session_id, now=now)


def _to_front(queue, item, *, field: str = "queued_at") -> None:
    first = queue.order_by(field).values_list(field, flat=True).first()
    if first is not None and first <= getattr(item, field):
        setattr(item, field, first - dt.timedelta(microseconds=1))
        item.save(update_fields=[field, "updated_at"])


def prioritise_registration(*, registration: Registration) -> bool:
    """Put someone first on the event's waiting list; they get the next free place (now, if
    one is free). Returns whether they hold a place (or have it offered, to confirm)."""
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == RegistrationStatus.WAITLISTED:
            waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
            _to_front(waiting, registration)
            fill_event(event, now=timezone.now())
            registration.refresh_from_db(fields=["status"])
        return registration.status in HOLDS_A_PLACE


def prioritise_booking(*, booking: Booking) -> bool:
    """The same for a session's waiting list."""
    with transaction.atomic():
        lock_event(booking.session.event_id)
        booking = Booking.objects.get(pk=booking.pk)
        if booking.status == BookingStatus.WAITLISTED:
            waiting = Booking.objects.filter(
                session_id=booking.session_id, status=BookingStatus.WAITLISTED
            )
            _to_front(waiting, booking)
            fill_session(booking.session_id, now=timezone.now())
            booking.refresh_from_db(fields=["status"])
        return booking.status == BookingStatus.CONFIRMED

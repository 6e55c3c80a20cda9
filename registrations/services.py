"""Every write that carries a rule about registrations and seats.

One rule keeps the seat counts right under load: each function that takes or frees a place locks
the event's row first (SELECT ... FOR UPDATE), so writers of one event queue one behind the other
and there is a single lock order, hence no deadlock. Seats are then taken with a conditional
UPDATE, and the check constraints on Event and Session make the database refuse an overbooking
even if this code were wrong. Waiting lists are filled inside the transaction that frees a place.
"""

import datetime as dt
import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from django.conf import settings
from django.contrib.auth.models import BaseUserManager
from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from program.models import Event, Session
from registrations import notifications
from registrations.enums import BookingStatus, RegistrationStatus, SpokenLanguage
from registrations.keys import digest, issue_key
from registrations.models import Booking, DietaryRequirement, Registration

logger = logging.getLogger(__name__)

# What a participant may set about themselves; everything else is the system's to decide.
DETAIL_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "organisation",
    "organisation_type",
    "country",
    "job_title",
    "languages",
    "gender",
    "preferred_language",
    "allergies",
    "diet_other",
    "accessibility_needs",
    "arrival_date",
    "arrival_time",
    "arrival_place",
    "departure_date",
    "departure_time",
    "departure_place",
    "travel_mode",
    "accommodation_nights",
    "needs_invitation_letter",
    "photo_consent",
)


class RegistrationError(Exception):
    """A rule said no. The message is translated and fit to show to the person who asked."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class DuplicateRegistration(RegistrationError):
    pass


@dataclass
class Registered:
    registration: Registration
    key: str  # the private link's secret: known only at this moment, never stored


@dataclass
class BookingChanges:
    confirmed: list[Session] = field(default_factory=list)
    waitlisted: list[Session] = field(default_factory=list)
    pending: list[Session] = field(default_factory=list)
    cancelled: list[Session] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.confirmed or self.waitlisted or self.pending or self.cancelled)


# -- private links -----------------------------------------------------------------------------


def resend_private_link(*, event: Event, email: str) -> bool:
    """Send a fresh private link to a registered address; silently nothing for others, and
    nothing either if a link went to that address in the last few minutes (no mail bombs)."""
    email = normalize_email(email)
    throttle = f"resend-link:{event.pk}:{digest(email.lower())}"
    if not cache.add(throttle, True, timeout=settings.RESEND_LINK_INTERVAL):
        return False
    registration = _active_with_email(event, email).first()
    if registration is None:
        return False
    send_fresh_link(registration=registration)
    return True


def send_fresh_link(*, registration: Registration) -> None:
    """A new private link by email (earlier links keep working)."""
    with transaction.atomic():
        key = issue_key(registration=registration)
        notifications.private_link(registration=registration, key=key)


# -- rules shared with the forms ----------------------------------------------------------------


def normalize_email(email: str) -> str:
    # NFKC folds look-alikes such as the Kelvin sign into the letter the unique index compares.
    return BaseUserManager.normalize_email(unicodedata.normalize("NFKC", email.strip()))


def find_clashes(sessions: Iterable[Session]) -> list[tuple[Session, Session]]:
    """Pairs of sessions that overlap in time, in programme order."""
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.pk))
    return [(a, b) for a, b in combinations(ordered, 2) if a.overlaps(b)]


def _bookable_sessions(event: Event, session_ids: Iterable[int]) -> list[Session]:
    wanted = set(session_ids)
    sessions = list(
        Session.objects.filter(event=event, requires_booking=True, pk__in=wanted).order_by("pk")
    )
    if len(sessions) != len(wanted):
        raise RegistrationError(_("One of the chosen sessions cannot be booked."), field="sessions")
    if clashes := find_clashes(sessions):
        first, second = clashes[0]
        raise RegistrationError(
            _("“%(first)s” and “%(second)s” take place at the same time.")
            % {"first": first.title, "second": second.title},
            field="sessions",
        )
    return sessions


# -- seats -------------------------------------------------------------------------------------


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _take_seat(model: type[models.Model], pk: int) -> bool:
    has_room = Q(capacity__isnull=True) | Q(seats_taken__lt=F("capacity"))
    return model.objects.filter(has_room, pk=pk).update(seats_taken=F("seats_taken") + 1) == 1


def _free_seat(model: type[models.Model], pk: int) -> None:
    model.objects.filter(pk=pk).update(seats_taken=F("seats_taken") - 1)


def _place(booking: Booking, *, now: dt.datetime) -> None:
    """Give a booking a seat if there is one, else a place at the end of the waiting list."""
    if booking.registration.status != RegistrationStatus.CONFIRMED:
        booking.status = BookingStatus.PENDING
    elif _take_seat(Session, booking.session_id):
        booking.status = BookingStatus.CONFIRMED
    else:
        booking.status = BookingStatus.WAITLISTED
    booking.queued_at = now
    booking.save()


def _book(registration: Registration, session: Session, *, now: dt.datetime) -> Booking:
    booking = Booking.objects.filter(registration=registration, session=session).first()
    if booking is None:
        booking = Booking(registration=registration, session=session)
    elif booking.status != BookingStatus.CANCELLED:
        return booking
    _place(booking, now=now)
    return booking


def _release(booking: Booking, *, now: dt.datetime) -> None:
    held_a_seat = booking.status == BookingStatus.CONFIRMED
    booking.status = BookingStatus.CANCELLED
    booking.save(update_fields=["status", "updated_at"])
    if held_a_seat:
        _free_seat(Session, booking.session_id)
        _fill_session(booking.session_id, now=now)


def _fill_session(session_id: int, *, now: dt.datetime) -> list[Booking]:
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
        if waiting is None or not _take_seat(Session, session_id):
            return promoted
        waiting.status = BookingStatus.CONFIRMED
        waiting.save(update_fields=["status", "updated_at"])
        promoted.append(waiting)
        notifications.seat_offered(booking=waiting)


def _fill_event(event: Event, *, now: dt.datetime) -> list[Registration]:
    """Promote the first people on the event's waiting list while it has places, until it ends."""
    promoted = []
    if event.has_ended(now):
        return promoted
    while True:
        waiting = (
            Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
            .order_by("queued_at", "id")
            .first()
        )
        if waiting is None or not _take_seat(Event, event.pk):
            return promoted
        waiting.status = RegistrationStatus.CONFIRMED
        waiting.save(update_fields=["status", "updated_at"])
        held = waiting.bookings.select_related("session").filter(status=BookingStatus.PENDING)
        for booking in held.order_by("session_id"):
            booking.registration = waiting
            _place(booking, now=now)
        promoted.append(waiting)
        notifications.place_offered(registration=waiting)


def save_session(*, session: Session, capacity_changed: bool) -> None:
    """Save a session edited by an organizer: the event first, as every seat writer locks it."""
    with transaction.atomic():
        _lock_event(session.event_id)
        session.save()
        if capacity_changed:
            _fill_session(session.pk, now=timezone.now())


def fill_waiting_lists(*, event: Event) -> None:
    """Give free places to waiting people: after a capacity was raised, for instance."""
    now = timezone.now()
    with transaction.atomic():
        event = _lock_event(event.pk)
        _fill_event(event, now=now)
        session_ids = event.sessions.filter(requires_booking=True).values_list("pk", flat=True)
        for session_id in session_ids.order_by("pk"):
            _fill_session(session_id, now=now)


# -- registrations -----------------------------------------------------------------------------


def _apply_details(registration: Registration, details: dict) -> None:
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"not a participant's field: {sorted(unknown)}")
    for name, value in details.items():
        setattr(registration, name, value)
    registration.email = normalize_email(registration.email)
    # Lists in one fixed order: saving the same choices is then no change in the history.
    registration.languages = [
        code for code in SpokenLanguage.values if code in registration.languages
    ]
    registration.accommodation_nights = sorted(registration.accommodation_nights)


def _set_diets(registration: Registration, diets: Iterable[str]) -> None:
    wanted = set(diets)
    registration.diets.exclude(diet__in=wanted).delete()
    have = set(registration.diets.values_list("diet", flat=True))
    DietaryRequirement.objects.bulk_create(
        DietaryRequirement(registration=registration, diet=diet) for diet in sorted(wanted - have)
    )


def _active_with_email(event: Event, email: str) -> models.QuerySet[Registration]:
    """Compared the way the unique index compares: lower(email)."""
    return (
        Registration.objects.alias(email_key=Lower("email"))
        .filter(event=event, email_key=email.lower())
        .exclude(status=RegistrationStatus.CANCELLED)
    )


def email_taken(event: Event, email: str, *, exclude_pk: int | None = None) -> bool:
    others = _active_with_email(event, email)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


def register(
    *,
    event: Event,
    details: dict,
    diets: Iterable[str] = (),
    session_ids: Iterable[int] = (),
    now: dt.datetime | None = None,
) -> Registered:
    """Register a person: a place at the event (or on its waiting list) and their sessions."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(event.pk)
        if not event.is_registration_open(now):
            raise RegistrationError(_("Registration for this event is not open."))
        sessions = _bookable_sessions(event, session_ids)
        _refuse_started(sessions, {s.pk for s in sessions}, now)
        registration = Registration(
            event=event, privacy_consent_at=now, created_at=now, queued_at=now
        )
        _apply_details(registration, details)
        if registration.photo_consent:
            registration.photo_consent_at = now
        if email_taken(event, registration.email):
            raise DuplicateRegistration(
                _("This email address is already registered for this event."), field="email"
            )
        registration.status = (
            RegistrationStatus.CONFIRMED
            if _take_seat(Event, event.pk)
            else RegistrationStatus.WAITLISTED
        )
        registration.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            # The event lock makes this unreachable for the same event; kept as the last word.
            raise DuplicateRegistration(
                _("This email address is already registered for this event."), field="email"
            ) from error
        _set_diets(registration, diets)
        for session in sessions:
            _book(registration, session, now=now)
        key = issue_key(registration=registration)
        notifications.registered(registration=registration, key=key)
    return Registered(registration=registration, key=key)


def update_registration(
    *,
    registration: Registration,
    details: dict,
    diets: Iterable[str],
    session_ids: Iterable[int] | None = None,
) -> BookingChanges:
    """Change what a person said about themselves and, if given, their sessions."""
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationError(_("This registration has been cancelled."))
        had_photo_consent = registration.photo_consent
        _apply_details(registration, details)
        if not registration.photo_consent:
            registration.photo_consent_at = None
        elif not had_photo_consent:
            registration.photo_consent_at = timezone.now()
        if email_taken(event, registration.email, exclude_pk=registration.pk):
            raise RegistrationError(
                _("Another registration for this event uses this email address."), field="email"
            )
        registration.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            raise RegistrationError(
                _("Another registration for this event uses this email address."), field="email"
            ) from error
        _set_diets(registration, diets)
        if session_ids is None:
            return BookingChanges()
        return _set_bookings(event, registration, session_ids)


def set_bookings(*, registration: Registration, session_ids: Iterable[int]) -> BookingChanges:
    """Make a person's sessions exactly these: keep, add and cancel as needed."""
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationError(_("This registration has been cancelled."))
        return _set_bookings(event, registration, session_ids)


def _refuse_started(sessions: Iterable[Session], changed: set[int], now: dt.datetime) -> None:
    for session in sessions:
        if session.pk in changed and session.has_started(now):
            raise RegistrationError(
                _("“%(title)s” has already begun: it can no longer be booked or cancelled.")
                % {"title": session.title},
                field="sessions",
            )


def _set_bookings(
    event: Event, registration: Registration, session_ids: Iterable[int]
) -> BookingChanges:
    now = timezone.now()
    changes = BookingChanges()
    wanted = {s.pk: s for s in _bookable_sessions(event, session_ids)}
    current = {
        b.session_id: b
        for b in registration.bookings.select_related("session").exclude(
            status=BookingStatus.CANCELLED
        )
    }
    _refuse_started(
        [*wanted.values(), *(b.session for b in current.values())], set(wanted) ^ set(current), now
    )
    # Seats given up go to the people waiting before this person takes new ones.
    for session_id in sorted(set(current) - set(wanted)):
        booking = current[session_id]
        _release(booking, now=now)
        changes.cancelled.append(booking.session)
    for session_id in sorted(set(wanted) - set(current)):
        booking = _book(registration, wanted[session_id], now=now)
        getattr(changes, booking.status).append(booking.session)
    if changes:
        notifications.bookings_changed(registration=registration, changes=changes)
    return changes


def cancel_booking(
    *, registration: Registration, session_id: int, by_organizer: bool = False
) -> Session:
    """Give up one session; organizers may also do it once the session has begun."""
    now = timezone.now()
    with transaction.atomic():
        _lock_event(registration.event_id)
        booking = (
            registration.bookings.select_related("session")
            .exclude(status=BookingStatus.CANCELLED)
            .filter(session_id=session_id)
            .first()
        )
        if booking is None:
            raise RegistrationError(_("You have no booking for this session."))
        if not by_organizer:
            _refuse_started([booking.session], {session_id}, now)
        _release(booking, now=now)
        notifications.bookings_changed(
            registration=registration, changes=BookingChanges(cancelled=[booking.session])
        )
    return booking.session


def cancel_registration(*, registration: Registration, by_organizer: bool = False) -> None:
    """Cancel a registration and its bookings; their places go to the people waiting.
    Once the event has begun, only organizers may (attendance figures depend on it)."""
    now = timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return
        if event.has_started(now) and not by_organizer:
            raise RegistrationError(
                _("The event has begun: to cancel, please write to %(email)s.")
                % {"email": event.contact_email}
            )
        held_a_place = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        active = registration.bookings.exclude(status=BookingStatus.CANCELLED)
        for booking in active.order_by("session_id"):
            _release(booking, now=now)
        if held_a_place:
            _free_seat(Event, event.pk)
            _fill_event(event, now=now)
        notifications.cancelled(registration=registration)


# -- what organizers do from the admin ---------------------------------------------------------


def _to_front(queue, item, *, field: str = "queued_at") -> None:
    first = queue.order_by(field).values_list(field, flat=True).first()
    if first is not None and first <= getattr(item, field):
        setattr(item, field, first - dt.timedelta(microseconds=1))
        item.save(update_fields=[field, "updated_at"])


def prioritise_registration(*, registration: Registration) -> bool:
    """Put someone first on the event's waiting list; they get the next free place (now, if
    one is free). Returns whether they hold a place."""
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == RegistrationStatus.WAITLISTED:
            waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
            _to_front(waiting, registration)
            _fill_event(event, now=timezone.now())
            registration.refresh_from_db(fields=["status"])
        return registration.status == RegistrationStatus.CONFIRMED


def prioritise_booking(*, booking: Booking) -> bool:
    """The same for a session's waiting list."""
    with transaction.atomic():
        _lock_event(booking.session.event_id)
        booking = Booking.objects.get(pk=booking.pk)
        if booking.status == BookingStatus.WAITLISTED:
            waiting = Booking.objects.filter(
                session_id=booking.session_id, status=BookingStatus.WAITLISTED
            )
            _to_front(waiting, booking)
            _fill_session(booking.session_id, now=timezone.now())
            booking.refresh_from_db(fields=["status"])
        return booking.status == BookingStatus.CONFIRMED


def mark_invitation_letters_sent(*, registrations: Iterable[Registration]) -> int:
    """Record that the letters went out; saved one by one so that the history shows it."""
    now = timezone.now()
    count = 0
    for registration in registrations:
        if registration.needs_invitation_letter and registration.invitation_letter_sent_at is None:
            registration.invitation_letter_sent_at = now
            registration.save(update_fields=["invitation_letter_sent_at", "updated_at"])
            count += 1
    return count

"""A registration's life: register, change, cancel."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from program import privacy
from program.enums import Admission
from program.models import Event, Session
from registrations import notifications
from registrations.details import Details
from registrations.enums import BookingStatus, RegistrationStatus
from registrations.models import Booking, DietaryRequirement, InvitationCode, Registration
from registrations.services import links, seats
from registrations.services.rules import (
    DuplicateRegistration,
    RegistrationError,
    bookable_sessions,
    email_taken,
    refuse_started,
)


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


def _set_diets(registration: Registration, diets: Iterable[str]) -> None:
    wanted = set(diets)
    registration.diets.exclude(diet__in=wanted).delete()
    have = set(registration.diets.values_list("diet", flat=True))
    for diet in sorted(wanted - have):  # one by one, so that the history records each
        DietaryRequirement.objects.create(registration=registration, diet=diet)


CONSENTS = ("photo_consent", "health_consent")
HEALTH_CONSENT_NEEDED = gettext_lazy(
    "Please agree to the use of your dietary requirements, allergies and accessibility needs, "
    "or leave those fields empty."
)


def _save_details(registration: Registration, details: Details, now: dt.datetime) -> None:
    """Write what the person states, with the times of their consents; the caller holds the
    event's lock, so that two people cannot take one address at once."""
    details = details.normalized()
    if details.gives_health_data and not details.health_consent:
        raise RegistrationError(HEALTH_CONSENT_NEEDED, field="health_consent")
    had = {name: getattr(registration, name) and registration.pk for name in CONSENTS}
    details.apply_to(registration)
    registration.answers = dict(details.answers)
    for name in CONSENTS:  # each consent with the time it was given
        if not getattr(registration, name):
            setattr(registration, f"{name}_at", None)
        elif not had[name]:
            setattr(registration, f"{name}_at", now)
    duplicate = (
        DuplicateRegistration(
            _("This email address is already registered for this event."), field="email"
        )
        if registration.pk is None
        else RegistrationError(
            _("Another registration for this event uses this email address."), field="email"
        )
    )
    if email_taken(registration.event, registration.email, exclude_pk=registration.pk):
        raise duplicate
    registration.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        # The event lock makes this unreachable for the same event; kept as the last word.
        raise duplicate from error
    _set_diets(registration, details.diets)


def register(
    *,
    event: Event,
    details: Details,
    session_ids: Iterable[int] = (),
    invitation_code: str = "",
    now: dt.datetime | None = None,
    by_organizer: bool = False,
    notice_version: str | None = None,
) -> Registered:
    """Register a person: a place at the event (or on its waiting list, or none yet where an
    organizer approves each registration) and their sessions. An event by invitation takes
    a place of the person's invitation code first.
    Their consent refers to the privacy notice's current version, which must be the one they
    were shown (`notice_version`, when the form says which).

    An organizer (a guest, a late registration, a walk-in) may register someone outside the
    registration window, into sessions that have begun, and beyond a full limit (which grows
    by one), without a code or an approval; clashes and one address per event still hold, and
    the history says who did it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = seats.lock_event(event.pk)
        if not by_organizer and not event.is_registration_open(now):
            raise RegistrationError(_("Registration for this event is not open."))
        sessions = bookable_sessions(event, session_ids)
        if not by_organizer:
            refuse_started(sessions, {s.pk for s in sessions}, now)
        notice = privacy.notice_to_accept(event)
        if notice_version not in (None, notice.version):
            raise RegistrationError(
                _(
                    "The privacy notice has changed since this page was opened: "
                    "please read it again."
                ),
                field="privacy_consent",
            )
        registration = Registration(
            event=event,
            privacy_consent_at=now,
            privacy_notice=notice,
            created_at=now,
            queued_at=now,
        )
        if by_organizer:
            registration._change_reason = _("Registered by an organizer")
        if email_taken(event, details.email):
            raise DuplicateRegistration(
                _("This email address is already registered for this event."), field="email"
            )
        registration.status = _admission(registration, invitation_code, by_organizer)
        _save_details(registration, details, now)
        for session in sessions:
            seats.book(registration, session, now=now, stretch=by_organizer)
        key = links.issue_link(registration=registration)
        notifications.registered(registration=registration, key=key)
    return Registered(registration=registration, key=key)


def _admission(registration: Registration, code: str, by_organizer: bool) -> str:
    """Take what the event's way of admitting people asks for; the status it gives."""
    event = registration.event
    if by_organizer:
        has_place = seats.take_seat(Event, event.pk, stretch=True)
    elif event.admission == Admission.APPROVAL:
        return RegistrationStatus.AWAITING_APPROVAL  # no place is taken before the organizer's yes
    else:
        if event.admission == Admission.INVITATION:
            registration.invitation = seats.use_invitation(event, code)
        has_place = seats.take_seat(Event, event.pk)
    return RegistrationStatus.CONFIRMED if has_place else RegistrationStatus.WAITLISTED


def _locked_active(registration: Registration) -> tuple[Event, Registration]:
    event = seats.lock_event(registration.event_id)
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationError(_("This registration has been cancelled."))
    if registration.status == RegistrationStatus.DECLINED:
        raise RegistrationError(_("This registration has been declined."))
    return event, registration


def update_registration(
    *,
    registration: Registration,
    details: Details,
    session_ids: Iterable[int] | None = None,
) -> BookingChanges:
    """Change what a person said about themselves and, if given, their sessions. Used by the
    private link's form and by organizers in the admin alike."""
    with transaction.atomic():
        event, registration = _locked_active(registration)
        _save_details(registration, details, timezone.now())
        if session_ids is None:
            return BookingChanges()
        return _set_bookings(event, registration, session_ids)


def set_bookings(*, registration: Registration, session_ids: Iterable[int]) -> BookingChanges:
    """Make a person's sessions exactly these: keep, add and cancel as needed."""
    with transaction.atomic():
        event, registration = _locked_active(registration)
        return _set_bookings(event, registration, session_ids)


def _set_bookings(
    event: Event, registration: Registration, session_ids: Iterable[int]
) -> BookingChanges:
    now = timezone.now()
    changes = BookingChanges()
    wanted = {s.pk: s for s in bookable_sessions(event, session_ids)}
    current = {
        b.session_id: b
        for b in registration.bookings.select_related("session").exclude(
            status=BookingStatus.CANCELLED
        )
    }
    refuse_started(
        [*wanted.values(), *(b.session for b in current.values())], set(wanted) ^ set(current), now
    )
    # Seats given up go to the people waiting before this person takes new ones.
    for session_id in sorted(set(current) - set(wanted)):
        booking = current[session_id]
        seats.release(booking, now=now)
        changes.cancelled.append(booking.session)
    for session_id in sorted(set(wanted) - set(current)):
        booking = seats.book(registration, wanted[session_id], now=now)
        getattr(changes, booking.status).append(booking.session)
    if changes:
        notifications.bookings_changed(registration=registration, changes=changes)
    return changes


def move_booking(
    *, registration: Registration, from_session_id: int, to_session: Session
) -> Booking:
    """Organizers: move a person from one session to another in one step. The seat they leave
    goes to that session's waiting list; they take one in the other, beyond a full limit if need
    be (it grows by one). Clashes with their other sessions are refused."""
    now = timezone.now()
    with transaction.atomic():
        event, registration = _locked_active(registration)
        current = {
            b.session_id: b
            for b in registration.bookings.select_related("session").exclude(
                status=BookingStatus.CANCELLED
            )
        }
        leaving = current.get(from_session_id)
        if leaving is None:
            raise RegistrationError(_("%(name)s has no booking to move.") % {"name": registration})
        if to_session.pk in current:
            raise RegistrationError(
                _("%(name)s is already booked for “%(title)s”.")
                % {"name": registration, "title": to_session.title},
                field="session",
            )
        kept = [b.session for b in current.values() if b.session_id != from_session_id]
        target = bookable_sessions(event, [s.pk for s in kept] + [to_session.pk])
        target = next(s for s in target if s.pk == to_session.pk)
        seats.release(leaving, now=now)
        booking = seats.book(registration, target, now=now, stretch=True)
        notifications.bookings_changed(
            registration=registration,
            changes=BookingChanges(**{booking.status: [target]}, cancelled=[leaving.session]),
        )
    return booking


def cancel_booking(
    *, registration: Registration, session_id: int, by_organizer: bool = False
) -> Session:
    """Give up one session; organizers may also do it once the session has begun."""
    now = timezone.now()
    with transaction.atomic():
        seats.lock_event(registration.event_id)
        booking = (
            Booking.objects.select_related("session", "registration__event")
            .exclude(status=BookingStatus.CANCELLED)
            .filter(registration_id=registration.pk, session_id=session_id)
            .first()
        )
        if booking is None:
            raise RegistrationError(_("You have no booking for this session."))
        if not by_organizer:
            refuse_started([booking.session], {session_id}, now)
        seats.release(booking, now=now)
        notifications.bookings_changed(
            registration=booking.registration, changes=BookingChanges(cancelled=[booking.session])
        )
    return booking.session


def cancel_registration(*, registration: Registration, by_organizer: bool = False) -> None:
    """Cancel a registration and its bookings; their places go to the people waiting.
    Once the event has begun, only organizers may (attendance figures depend on it)."""
    now = timezone.now()
    with transaction.atomic():
        event = seats.lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED):
            return
        if event.has_started(now) and not by_organizer:
            raise RegistrationError(
                _("The event has begun: to cancel, please write to %(email)s.")
                % {"email": event.contact_email}
            )
        close(registration, RegistrationStatus.CANCELLED, now=now)
        notifications.cancelled(registration=registration)


def close(registration: Registration, status: str, *, now: dt.datetime) -> None:
    """Cancel or decline a registration: its seats and places go to the people waiting, and a
    place of its invitation code to the next person of that organisation. The caller holds the
    event's lock."""
    held_a_place = registration.status in seats.HOLDS_A_PLACE
    registration.status = status
    registration.cancelled_at = now
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "cancelled_at", "offer_expires_at", "updated_at"])
    active = registration.bookings.exclude(status=BookingStatus.CANCELLED)
    for booking in active.order_by("session_id"):
        seats.release(booking, now=now)
    if registration.invitation_id is not None:
        seats.free_seat(InvitationCode, registration.invitation_id)
    if held_a_place:
        seats.free_seat(Event, registration.event_id)
        seats.fill_event(registration.event, now=now)


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

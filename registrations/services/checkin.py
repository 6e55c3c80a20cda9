"""Check-in at the door: a person is present on a day, or at one session (the coach, a workshop).

A scan is recorded once: the database holds at most one attendance per person and day, and per
person and session (two partial unique indexes), so that two staff scanning the same badge at
the same instant count it once; the second hears when and by whom it was done. A scan made while
the network was down arrives late with the moment it was made, which is kept (within reason).

Checking in changes no seat, so it does not take the event's lock: the unique indexes are the
guard, and the door does not queue behind registrations.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.template.defaultfilters import date as date_format
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from program.models import Event, Session
from registrations.enums import BookingStatus, RegistrationStatus
from registrations.models import Attendance, Registration, new_checkin_code
from registrations.services.rules import RegistrationError

# A scan kept on a phone during a network loss keeps its own time if it is not older than this.
LATE_SCAN_LIMIT = dt.timedelta(hours=6)


@dataclass
class CheckIn:
    attendance: Attendance
    is_new: bool  # False: someone had already checked this person in for the same thing

    @property
    def registration(self) -> Registration:
        return self.attendance.registration


def find_by_code(*, event: Event, code: str) -> Registration:
    """The registration a scanned code names, refused clearly when it is not one of this event."""
    registration = (
        Registration.objects.select_related("event")
        .prefetch_related("diets")
        .filter(checkin_code=code.strip())
        .first()
    )
    if registration is None:
        raise RegistrationError(
            _("Unknown code: it is not one of ours, or it was replaced by a newer one.")
        )
    if registration.event_id != event.pk:
        other = registration.event
        raise RegistrationError(
            _("This code is for “%(title)s” (%(first)s – %(last)s), not for this event.")
            % {
                "title": other.title,
                "first": date_format(other.starts_on),
                "last": date_format(other.ends_on),
            }
        )
    return registration


def _scan_time(at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    if at is None or at > now or at < now - LATE_SCAN_LIMIT:
        return now
    return at


def _refuse(event: Event, registration: Registration, session: Session | None, day) -> None:
    """Whoever may not be checked in for this, with the reason, in words for the door."""
    name = registration.full_name
    if registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationError(_("%(name)s cancelled their registration.") % {"name": name})
    if registration.status == RegistrationStatus.WAITLISTED:
        raise RegistrationError(
            _("%(name)s is on the waiting list: they have no place at the event.") % {"name": name}
        )
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationError(
            _("%(name)s has no place at the event (%(status)s).")
            % {"name": name, "status": registration.get_status_display()}
        )
    if day not in event.days:
        raise RegistrationError(
            _("The event does not take place on %(day)s: it runs from %(first)s to %(last)s.")
            % {
                "day": date_format(day),
                "first": date_format(event.starts_on),
                "last": date_format(event.ends_on),
            }
        )
    if session is None:
        return
    if session.starts_at.astimezone(event.tz).date() != day:
        raise RegistrationError(
            _("“%(title)s” takes place on %(day)s, not on this day.")
            % {"title": session.title, "day": date_format(session.starts_at.astimezone(event.tz))}
        )
    if (
        session.requires_booking
        and not registration.bookings.filter(
            session=session, status=BookingStatus.CONFIRMED
        ).exists()
    ):
        raise RegistrationError(
            _("%(name)s has no seat in “%(title)s”.") % {"name": name, "title": session.title}
        )


def _record(registration: Registration, day, session: Session | None, by, at) -> CheckIn:
    """Insert, and let the unique index say whether someone was faster."""
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                registration=registration,
                day=day,
                session=session,
                checked_in_by=by,
                checked_in_at=at,
            )
        return CheckIn(attendance=attendance, is_new=True)
    except IntegrityError:
        same = {"session": session} if session else {"day": day, "session__isnull": True}
        attendance = Attendance.objects.select_related("checked_in_by").get(
            registration=registration, **same
        )
        attendance.registration = registration
        return CheckIn(attendance=attendance, is_new=False)


def check_in(
    *,
    registration: Registration,
    session: Session | None = None,
    by=None,
    at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> CheckIn:
    """Mark a person present for the day of `at` (the scan's moment), or at a session."""
    now = now or timezone.now()
    at = _scan_time(at, now)
    event = registration.event
    day = at.astimezone(event.tz).date()
    if session is not None and session.event_id != event.pk:
        raise RegistrationError(_("This session belongs to another event."))
    _refuse(event, registration, session, day)
    return _record(registration, day, session, by, at)


def undo_check_in(*, attendance: Attendance) -> None:
    """A mistake at the door: the row goes, and the history keeps who did what and when."""
    attendance.delete()


def reissue_checkin_code(*, registration: Registration) -> str:
    """A new code for a lost badge or phone; the old one is refused from now on."""
    registration.checkin_code = new_checkin_code()
    registration.save(update_fields=["checkin_code", "updated_at"])
    return registration.checkin_code


def already_message(check: CheckIn, tz) -> str:
    """ "Already checked in at 09:12 by Marie", for the second person to scan a badge."""
    attendance = check.attendance
    when = time_format(timezone.localtime(attendance.checked_in_at, tz), "H:i")
    by = attendance.checked_in_by
    if by is None:
        return _("Already checked in at %(time)s.") % {"time": when}
    return _("Already checked in at %(time)s by %(who)s.") % {
        "time": when,
        "who": by.get_full_name() or by.get_username(),
    }

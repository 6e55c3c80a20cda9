"""The back office: registrations, bookings, emails, and events and sessions with their seats.

- base.py: exports for those allowed, history to read;
- filters.py: the needs organizers sort people by;
- forms.py: the admin's forms (same rules as the public ones);
- registrations.py, bookings.py, emails.py: one page each;
- programme.py: events and sessions with seats (program's admin knows nothing of registrations);
- adding.py: organizers register someone (a guest, a walk-in);
- setup.py: the event's own questions, invitation codes, next year's edition;
- answers.py: the answers to those questions, on a registration's page and as a filter;
- mailing.py: messages to exactly the right people;
- documents.py: badges, certificates, invitation letters, attendance.
"""

from registrations.admin.bookings import BookingAdmin
from registrations.admin.documents import AttendanceAdmin, InvitationLetterAdmin
from registrations.admin.emails import OutgoingEmailAdmin
from registrations.admin.programme import EventAdmin, SessionAdmin
from registrations.admin.registrations import RegistrationAdmin
from registrations.admin.setup import QuestionAdmin

__all__ = [
    "AttendanceAdmin",
    "BookingAdmin",
    "EventAdmin",
    "InvitationLetterAdmin",
    "OutgoingEmailAdmin",
    "QuestionAdmin",
    "RegistrationAdmin",
    "SessionAdmin",
]

"""The back office: registrations, bookings, emails, and events and sessions with their seats.

- base.py: exports for those allowed, history to read;
- filters.py: the needs organizers sort people by;
- forms.py: the admin's forms (same rules as the public ones);
- registrations.py, bookings.py, emails.py: one page each;
- programme.py: events and sessions with seats (program's admin knows nothing of registrations).
"""

from registrations.admin.bookings import BookingAdmin
from registrations.admin.emails import OutgoingEmailAdmin
from registrations.admin.programme import EventAdmin, SessionAdmin
from registrations.admin.registrations import RegistrationAdmin

__all__ = ["BookingAdmin", "EventAdmin", "OutgoingEmailAdmin", "RegistrationAdmin", "SessionAdmin"]

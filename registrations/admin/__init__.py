from registrations.admin.emails import OutgoingEmailAdmin
from registrations.admin.registrations import BookingAdmin, RegistrationAdmin

__all__ = ["BookingAdmin", "OutgoingEmailAdmin", "RegistrationAdmin"]

from registrations.admin.registrations import BookingAdmin, RegistrationAdmin

__all__ = ["BookingAdmin", "RegistrationAdmin"]

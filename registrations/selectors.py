"""Reads about registrations, shaped for the pages that show them."""

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.http import Http404

from registrations.enums import BookingStatus, KeyPurpose, RegistrationStatus
from registrations.models import AccessKey, Booking, Registration
from registrations.services import digest


def active_bookings() -> QuerySet[Booking]:
    waiting_before = (
        Booking.objects.filter(
            session=OuterRef("session"),
            status=BookingStatus.WAITLISTED,
            queued_at__lt=OuterRef("queued_at"),
        )
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Booking.objects.exclude(status=BookingStatus.CANCELLED)
        .select_related("session__venue")
        .annotate(waiting_before=Subquery(waiting_before))
        .order_by("session__starts_at", "session__title")
    )


def registration_for_key(*, slug: str, key: str, purpose: str = KeyPurpose.MANAGE) -> Registration:
    """The registration a private link opens, with what its pages show; 404 for a wrong key."""
    access = (
        AccessKey.objects.select_related("registration__event")
        .filter(digest=digest(key), purpose=purpose, registration__event__slug=slug)
        .first()
    )
    if access is None:
        raise Http404
    registration = access.registration
    bookings = list(active_bookings().filter(registration=registration))
    registration.active_bookings = bookings
    registration.held = {b.session_id: b.status for b in bookings}
    if registration.status == RegistrationStatus.WAITLISTED:
        registration.waiting_before = Registration.objects.filter(
            event_id=registration.event_id,
            status=RegistrationStatus.WAITLISTED,
            created_at__lt=registration.created_at,
        ).count()
    return registration

"""List filters for needs: what organizers sort people by on the day."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template.defaultfilters import date as date_format
from django.utils.translation import gettext_lazy as _

from program.models import Session
from registrations.enums import BookingStatus, Diet


class DietFilter(admin.SimpleListFilter):
    title = _("dietary requirement")
    parameter_name = "diet"

    def lookups(self, request, model_admin):
        return [*Diet.choices, ("none", _("No requirement"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(diets__isnull=True)
        if self.value() in Diet.values:
            return queryset.filter(diets__diet=self.value())
        return queryset


class AccommodationFilter(admin.SimpleListFilter):
    title = _("accommodation wanted")
    parameter_name = "accommodation"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(accommodation_nights=[])
        if self.value() == "no":
            return queryset.filter(accommodation_nights=[])
        return queryset


class ArrivalDayFilter(admin.SimpleListFilter):
    title = _("arrival day")
    parameter_name = "arrival"

    def lookups(self, request, model_admin):
        days = (
            model_admin.get_queryset(request)
            .exclude(arrival_date=None)
            .order_by("arrival_date")
            .values_list("arrival_date", flat=True)
            .distinct()
        )
        return [(day.isoformat(), date_format(day, "D j M")) for day in days]

    def queryset(self, request, queryset):
        if self.value():
            try:
                return queryset.filter(arrival_date=self.value())
            except ValidationError:  # a date typed by hand in the address
                return queryset.none()
        return queryset


class SessionFilter(admin.SimpleListFilter):
    """People (or bookings) by a session that needs booking."""

    title = _("session")
    parameter_name = "session"
    path = "bookings__"  # from a registration; "" from a booking

    def lookups(self, request, model_admin):
        sessions = Session.objects.filter(requires_booking=True).select_related("event")
        return [(str(s.pk), f"{s.title} ({date_format(s.starts_at, 'D j M')})") for s in sessions]

    def queryset(self, request, queryset):
        if not (self.value() or "").isascii() or not (self.value() or "").isdigit():
            return queryset
        return queryset.filter(
            **{
                f"{self.path}session_id": self.value(),
                f"{self.path}status__in": [BookingStatus.CONFIRMED, BookingStatus.WAITLISTED],
            }
        ).distinct()


class BookingSessionFilter(SessionFilter):
    path = ""

"""List filters for needs: what organizers sort people by on the day."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template.defaultfilters import date as date_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country

from program.models import Session
from registrations.enums import BookingStatus, Diet, RegistrationStatus


class StatusFilter(admin.SimpleListFilter):
    """Cancelled registrations stay out of every list (needs, letters, messages) unless asked."""

    title = _("status")
    parameter_name = "status"
    default = "active"

    def lookups(self, request, model_admin):
        return [
            ("active", _("Not cancelled")),
            *RegistrationStatus.choices,
            ("all", _("All, cancelled included")),
        ]

    def choices(self, changelist):
        current = self.value() or self.default
        for value, title in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or self.default
        if value == "active":
            return queryset.exclude(status=RegistrationStatus.CANCELLED)
        if value in RegistrationStatus.values:
            return queryset.filter(status=value)
        return queryset


class CountryFilter(admin.SimpleListFilter):
    """Only the countries people come from, not the world's 250."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
        countries = [Country(code=code) for code in codes if code]
        return sorted(((c.code, str(c.name)) for c in countries), key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


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


def _digits(value: str | None) -> str | None:
    """An id typed in the address: digits, or nothing."""
    return value if value and value.isascii() and value.isdigit() else None


def chosen_event(request) -> str | None:
    """The event chosen in the list's event filter, whichever relation names it."""
    return _digits(
        next((v for k, v in request.GET.items() if k.endswith("event__id__exact")), None)
    )


class SessionFilter(admin.SimpleListFilter):
    """People who hold a seat in a session (or, below, who wait for one): two lists apart, so
    that a message to the seat holders never reaches the people waiting."""

    title = _("session (seat holders)")
    parameter_name = "seat"
    status = BookingStatus.CONFIRMED

    def lookups(self, request, model_admin):
        sessions = Session.objects.filter(requires_booking=True).select_related("event")
        # The event chosen in the filter beside this one, whichever relation names it.
        chosen = _digits(
            next((v for k, v in request.GET.items() if k.endswith("event__id__exact")), None)
        )
        if chosen is not None:
            sessions = sessions.filter(event_id=chosen)
        return [(str(s.pk), self._label(s, with_event=chosen is None)) for s in sessions]

    @staticmethod
    def _label(session: Session, *, with_event: bool) -> str:
        """Two events may both have a "Lunch – day 1": the event says which, until one is chosen."""
        label = f"{session.title} ({date_format(session.starts_at, 'D j M')})"
        return f"{label} – {session.event}" if with_event else label

    def queryset(self, request, queryset):
        session_id = _digits(self.value())
        if session_id is None:
            return queryset
        return queryset.filter(
            bookings__session_id=session_id, bookings__status=self.status
        ).distinct()


class WaitingForFilter(SessionFilter):
    title = _("session (waiting list)")
    parameter_name = "waiting"
    status = BookingStatus.WAITLISTED


class BookingSessionFilter(SessionFilter):
    """Bookings of one session, whatever their status (the status filter is beside it)."""

    title = _("session")
    parameter_name = "session"

    def queryset(self, request, queryset):
        session_id = _digits(self.value())
        return queryset if session_id is None else queryset.filter(session_id=session_id)

"""Bookings in the admin: a session's seat holders and waiting list, to promote or cancel."""

from django.contrib import admin
from django.utils.translation import gettext_lazy, ngettext

from registrations import exports, services
from registrations.admin.base import ExportMixin, HistoryAdmin, report_priorities
from registrations.admin.filters import BookingSessionFilter
from registrations.enums import BookingStatus
from registrations.models import Booking
from registrations.selectors import STATUS_RANK


@admin.register(Booking)
class BookingAdmin(ExportMixin, HistoryAdmin):
    list_display = ["session", "registration", "status", "queued_at"]
    list_filter = ["status", "session__event", BookingSessionFilter]
    list_select_related = ["registration", "session"]
    search_fields = [
        "registration__first_name",
        "registration__last_name",
        "registration__email",
        "session__title",
    ]
    ordering = ["session__starts_at", "session__title", STATUS_RANK.asc(), "queued_at"]
    readonly_fields = ["registration", "session", "status", "queued_at"]
    fields = readonly_fields
    actions = ["prioritise", "cancel", "export_xlsx", "export_csv"]
    list_per_page = 200

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead, so that the seat goes to the waiting list

    def export_rows(self, queryset):
        return exports.bookings(queryset)

    @admin.action(
        description=gettext_lazy("Give selected the next free seat (session waiting list)"),
        permissions=["change"],
    )
    def prioritise(self, request, queryset):
        placed, waiting = [], []
        selected = queryset.filter(status=BookingStatus.WAITLISTED).select_related(
            "registration", "session"
        )
        for booking in selected.order_by("-queued_at", "-id"):
            got_seat = services.prioritise_booking(booking=booking)
            name = f"{booking.registration.full_name} ({booking.session.title})"
            (placed if got_seat else waiting).append(name)
        report_priorities(self, request, placed, waiting)

    @admin.action(description=gettext_lazy("Cancel selected bookings"), permissions=["change"])
    def cancel(self, request, queryset):
        count = 0
        for booking in queryset.exclude(status=BookingStatus.CANCELLED).select_related(
            "registration"
        ):
            services.cancel_booking(
                registration=booking.registration,
                session_id=booking.session_id,
                by_organizer=True,
            )
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d booking cancelled; the seat went to the waiting list.",
                "%(count)d bookings cancelled; the seats went to the waiting lists.",
                count,
            )
            % {"count": count},
        )

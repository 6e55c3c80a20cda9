"""Bookings in the admin: a session's seat holders and waiting list, to promote or cancel."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from registrations import exports, services
from registrations.admin.base import ExportMixin, HistoryAdmin, report_priorities
from registrations.admin.filters import BookingSessionFilter
from registrations.admin.forms import MoveForm
from registrations.enums import BookingStatus
from registrations.models import Booking
from registrations.selectors import STATUS_RANK


@admin.register(Booking)
class BookingAdmin(ExportMixin, HistoryAdmin):
    list_display = ["session", "event", "registration", "status", "queued_at"]
    list_filter = ["session__event", "status", BookingSessionFilter]
    list_select_related = ["registration", "session__event"]
    search_fields = [
        "registration__first_name",
        "registration__last_name",
        "registration__email",
        "session__title",
    ]
    ordering = ["session__starts_at", "session__title", STATUS_RANK.asc(), "queued_at"]
    readonly_fields = ["registration", "session", "status", "queued_at"]
    fields = readonly_fields
    actions = ["prioritise", "move", "cancel", "export_xlsx", "export_csv"]
    list_per_page = 200

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead, so that the seat goes to the waiting list

    @admin.display(description=gettext_lazy("event"), ordering="session__event__starts_on")
    def event(self, booking: Booking) -> str:
        return str(booking.session.event)

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

    @admin.action(
        description=gettext_lazy("Move the selected people to another session"),
        permissions=["change"],
    )
    def move(self, request, queryset):
        """One step: each leaves their session (its waiting list gets the seat) and takes a
        seat in the one chosen (beyond a full limit if need be: it grows by one)."""
        bookings = list(
            queryset.exclude(status=BookingStatus.CANCELLED).select_related(
                "registration", "session__event"
            )
        )
        events = {b.session.event for b in bookings}
        if len(events) != 1:
            self.message_user(request, _("Choose bookings of one event."), messages.ERROR)
            return None
        form = MoveForm(request.POST if "apply" in request.POST else None, event=events.pop())
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/registrations/booking/move.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Move to another session"),
                    "opts": self.opts,
                    "form": form,
                    "bookings": bookings,
                    "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                    "select_across": request.POST.get("select_across", "0"),
                },
            )
        target = form.cleaned_data["to_session"]
        for booking in bookings:
            try:
                services.move_booking(
                    registration=booking.registration,
                    from_session_id=booking.session_id,
                    to_session=target,
                )
            except services.RegistrationError as error:
                self.message_user(
                    request, f"{booking.registration}: {error.message}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("%(name)s moved from “%(from)s” to “%(to)s”.")
                    % {
                        "name": booking.registration,
                        "from": booking.session.title,
                        "to": target.title,
                    },
                )
        return None

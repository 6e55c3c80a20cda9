from django.contrib import admin
from django.db.models import Count, Q
from django.template.defaultfilters import date as date_format
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from program.models import Event, Session, Venue
from registrations import backoffice, services
from registrations.enums import BookingStatus


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "address"]
    search_fields = ["name", "address"]


class SessionInline(admin.TabularInline):
    model = Session
    fields = [
        "title",
        "kind",
        "starts_at",
        "ends_at",
        "venue",
        "requires_booking",
        "capacity",
        "seats_taken",
    ]
    readonly_fields = ["seats_taken"]
    extra = 0
    show_change_link = True


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "starts_on",
        "ends_on",
        "registration_opens_at",
        "registration_closes_at",
        "seats_taken",
        "capacity",
        "is_published",
        "back_office",
    ]
    list_filter = ["is_published"]
    list_editable = ["capacity"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["seats_taken"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "tagline", "summary", "organiser", "is_published"]}),
        (_("When and where"), {"fields": ["starts_on", "ends_on", "timezone", "location"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_opens_at",
                    "registration_closes_at",
                    "capacity",
                    "seats_taken",
                ]
            },
        ),
        (
            _("Contact and notices"),
            {"fields": ["contact_email", "privacy_notice", "funding_acknowledgement"]},
        ),
    ]
    inlines = [SessionInline]

    def get_urls(self):
        def view(function, **kwargs):
            return self.admin_site.admin_view(function, **kwargs)

        site = {"admin_site": self.admin_site}
        return [
            path(
                "<int:event_id>/dashboard/",
                view(lambda request, event_id: backoffice.dashboard(request, event_id, **site)),
                name="program_event_dashboard",
            ),
            path(
                "<int:event_id>/funder-report/",
                view(lambda request, event_id: backoffice.funder_report(request, event_id, **site)),
                name="program_event_funder_report",
            ),
            path(
                "<int:event_id>/sign-in-sheets/",
                view(backoffice.sign_in_sheets),
                name="program_event_sign_in_sheets",
            ),
            path(
                "<int:event_id>/catering-sheet/",
                view(backoffice.catering_sheet),
                name="program_event_catering_sheet",
            ),
            path(
                "<int:event_id>/export/<slug:name>.<str:file_format>",
                view(backoffice.download),
                name="program_event_export",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("back office"))
    def back_office(self, event: Event) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:program_event_dashboard", args=[event.pk]),
            _("Dashboard and exports"),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            # A raised limit is a place freed: the waiting list moves at once.
            services.fill_waiting_lists(event=obj)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if any("capacity" in f.changed_data for f in formset.forms):
            services.fill_waiting_lists(event=form.instance)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "when",
        "venue",
        "requires_booking",
        "confirmed",
        "waiting",
        "capacity",
    ]
    list_filter = ["event", "kind", "requires_booking", "venue"]
    list_editable = ["capacity"]
    list_select_related = ["event", "venue"]
    search_fields = ["title", "description", "facilitators"]
    date_hierarchy = "starts_at"
    readonly_fields = ["seats_taken"]
    fields = [
        "event",
        "title",
        "kind",
        "description",
        ("starts_at", "ends_at"),
        ("venue", "room"),
        "facilitators",
        "language",
        "requires_booking",
        ("capacity", "seats_taken"),
    ]

    def get_queryset(self, request):
        waiting = Count("bookings", filter=Q(bookings__status=BookingStatus.WAITLISTED))
        return super().get_queryset(request).annotate(waiting=waiting)

    def _bookings_link(self, session: Session, status: str, count: int) -> str:
        if not session.requires_booking:
            return "–"
        query = urlencode({"session": session.pk, "status__exact": status})
        url = reverse("admin:registrations_booking_changelist")
        return format_html('<a href="{}?{}">{}</a>', url, query, count)

    @admin.display(description=_("seats taken"), ordering="seats_taken")
    def confirmed(self, session: Session) -> str:
        return self._bookings_link(session, BookingStatus.CONFIRMED, session.seats_taken)

    @admin.display(description=_("waiting"), ordering="waiting")
    def waiting(self, session: Session) -> str:
        return self._bookings_link(session, BookingStatus.WAITLISTED, session.waiting)

    @admin.display(description=_("when"), ordering="starts_at")
    def when(self, session: Session) -> str:
        start = timezone.localtime(session.starts_at, session.event.tz)
        end = timezone.localtime(session.ends_at, session.event.tz)
        return f"{date_format(start, 'D j M')}, {start:%H:%M}–{end:%H:%M}"

    def save_model(self, request, obj, form, change):
        services.save_session(
            session=obj, capacity_changed=change and "capacity" in form.changed_data
        )

from django.contrib import admin
from django.template.defaultfilters import date as date_format
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from program.models import Event, Session, Venue
from registrations import services


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
    list_display = ["title", "kind", "when", "venue", "requires_booking", "seats_taken", "capacity"]
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

    @admin.display(description=_("when"), ordering="starts_at")
    def when(self, session: Session) -> str:
        start = timezone.localtime(session.starts_at, session.event.tz)
        end = timezone.localtime(session.ends_at, session.event.tz)
        return f"{date_format(start, 'D j M')}, {start:%H:%M}–{end:%H:%M}"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            services.fill_waiting_lists(event=obj.event)

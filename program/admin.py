"""The programme's admin pages as the programme sees them: venues, and the base pages of events
and sessions. Times typed here are in the event's own time zone.

Events and sessions are registered by registrations/admin/programme.py, which adds what needs
seats (waiting counts, capacity changes that serve the waiting lists, the back-office pages):
this app knows nothing of registrations.
"""

import zoneinfo
from functools import cache

from django import forms
from django.contrib import admin
from django.template.defaultfilters import date as date_format
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from program.models import Event, Session, Venue


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and "Etc/" not in z)
    return [(zone, zone.replace("_", " ")) for zone in zones]


def _zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class EventTimeZoneMixin:
    """Dates and times on these pages are read and shown in the event's time zone, not the
    server's: an event in Lisbon has its 09:00 session at 09:00 Lisbon time."""

    def event_zone(self, request, object_id) -> zoneinfo.ZoneInfo | None:
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = self.event_zone(request, object_id) or timezone.get_current_timezone()
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # a TemplateResponse renders later, out of this block
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        zone = timezone.get_current_timezone_name()
        for field in form.base_fields.values():
            if isinstance(field, forms.SplitDateTimeField | forms.DateTimeField):
                field.help_text = _("Time in %(zone)s.") % {"zone": zone}
        return form


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "address"]
    search_fields = ["name", "address"]


class EventForm(forms.ModelForm):
    timezone = forms.TypedChoiceField(
        label=_("time zone"), choices=time_zone_choices, initial="Europe/Paris"
    )

    class Meta:
        model = Event
        fields = [f.name for f in Event._meta.concrete_fields if f.editable]


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


class EventAdmin(EventTimeZoneMixin, admin.ModelAdmin):
    form = EventForm
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
        (_("When and where"), {"fields": ["timezone", "starts_on", "ends_on", "location"]}),
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
        (
            _("Documents: badges, certificates, invitation letters"),
            {"fields": [("logo", "logo_alt"), ("signatory", "signature"), "letter_costs"]},
        ),
    ]
    inlines = [SessionInline]

    def event_zone(self, request, object_id):
        if request.method == "POST":
            return _zone(request.POST.get("timezone"))
        event = Event.objects.filter(pk=object_id).only("timezone").first() if object_id else None
        return _zone(event.timezone) if event else None


class SessionAdmin(EventTimeZoneMixin, admin.ModelAdmin):
    list_display = ["title", "event", "kind", "when", "venue", "requires_booking", "capacity"]
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

    def event_zone(self, request, object_id):
        event_id = request.POST.get("event") or request.GET.get("event")
        if object_id and not event_id:
            session = Session.objects.filter(pk=object_id).only("event_id").first()
            event_id = session.event_id if session else None
        if not str(event_id or "").isdigit():
            return None
        event = Event.objects.filter(pk=event_id).only("timezone").first()
        return _zone(event.timezone) if event else None

    @admin.display(description=_("when"), ordering="starts_at")
    def when(self, session: Session) -> str:
        start = timezone.localtime(session.starts_at, session.event.tz)
        end = timezone.localtime(session.ends_at, session.event.tz)
        return f"{date_format(start, 'D j M')}, {start:%H:%M}–{end:%H:%M}"

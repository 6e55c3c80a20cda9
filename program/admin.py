"""The programme's admin pages as the programme sees them: venues, and the base pages of events
and sessions. Times typed here are in the event's own time zone.

Events and sessions are registered by registrations/admin/programme.py, which adds what needs
seats (waiting counts, capacity changes that serve the waiting lists, the back-office pages):
this app knows nothing of registrations.
"""

import zoneinfo
from functools import cache

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.template.defaultfilters import date as date_format
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from program.models import Event, Session, Venue, touch_events
from program.translation import EventTexts, SessionTexts, VenueTexts


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and "Etc/" not in z)
    return [(zone, zone.replace("_", " ")) for zone in zones]


def _zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def localized(name: str) -> list[str]:
    """A translated field's columns, one per language: title_en, title_fr …"""
    return [f"{name}_{code}" for code, _name in settings.LANGUAGES]


def language_fieldsets(texts: tuple[str, ...], main: str, *, with_main: bool = True) -> list:
    """A fieldset of texts per language: the main language first and open, the others folded
    away until needed (or the others only, when the main one's texts sit elsewhere)."""
    ordered = sorted(settings.LANGUAGES, key=lambda language: language[0] != main)
    return [
        (
            _("Texts in %(language)s") % {"language": get_language_info(code)["name_local"]},
            {
                "fields": [f"{name}_{code}" for name in texts],
                "classes": [] if code == main else ["collapse"],
            },
        )
        for code, _name in ordered
        if with_main or code != main
    ]


class EventPageMixin:
    """A page that belongs to an event: its dates and times are read and shown in the event's
    time zone (an event in Lisbon has its 09:00 session at 09:00 Lisbon time, whatever the
    server's zone), and its texts are written per language, the event's main language first
    and required, the others folded away until needed."""

    texts: tuple[str, ...] = ()
    required_texts: tuple[str, ...] = ()
    other_fieldsets: list = []

    def page_event(self, request, object_id) -> Event | None:
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request.page_event = self.page_event(request, object_id)
        zone = _zone(getattr(request.page_event, "timezone", None))
        with timezone.override(zone or timezone.get_current_timezone()):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # a TemplateResponse renders later, out of this block
        return response

    def main_language(self, request) -> str:
        event = getattr(request, "page_event", None)
        return getattr(event, "main_language", None) or settings.LANGUAGE_CODE

    def get_fieldsets(self, request, obj=None):
        return [
            *self.other_fieldsets,
            *language_fieldsets(self.texts, self.main_language(request)),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        zone = timezone.get_current_timezone_name()
        main = self.main_language(request)
        for name, field in form.base_fields.items():
            if isinstance(field, forms.SplitDateTimeField | forms.DateTimeField):
                field.help_text = _("Time in %(zone)s.") % {"zone": zone}
            if any(name == f"{text}_{main}" for text in self.required_texts):
                field.required = True
        return form


class VenueForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in localized("name")):
            raise forms.ValidationError(_("Give the venue a name in at least one language."))
        return cleaned


@admin.register(Venue)
class VenueAdmin(EventPageMixin, admin.ModelAdmin):
    """Venues serve several events: their texts are in the site's default language first."""

    form = VenueForm
    # A map link typed without its scheme is https, as Django 6 will assume.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "address"]
    search_fields = [*localized("name"), "address"]
    texts = VenueTexts.fields
    other_fieldsets = [(None, {"fields": ["address", "map_url"]})]

    def page_event(self, request, object_id):
        return None

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A venue serves several events: their pages show its name and directions.
        touch_events(Event.objects.filter(sessions__venue=obj))


class EventForm(forms.ModelForm):
    timezone = forms.TypedChoiceField(
        label=_("time zone"), choices=time_zone_choices, initial="Europe/Paris"
    )

    class Meta:
        model = Event
        fields = [f.name for f in Event._meta.concrete_fields if f.editable]


SESSION_TEXTS = ("title", "description", "room", "facilitators", "language")


def stored_main_language(event: Event | None) -> str:
    """An event's main language as stored, not as being changed in this very post: the rows of
    its sessions must be those the organizer saw, or a title they never saw would be cleared."""
    stored = Event.objects.filter(pk=getattr(event, "pk", None)).values_list(
        "main_language", flat=True
    )
    return stored.first() or settings.LANGUAGE_CODE


class SessionInline(admin.StackedInline):
    """The event's sessions with all their fields, so that a programme is set up from this one
    page: the texts in the event's main language, the other languages folded away."""

    model = Session
    readonly_fields = ["seats_taken"]
    extra = 0
    show_change_link = True
    ordering = ["starts_at", "ends_at"]

    def get_fieldsets(self, request, obj=None):
        main = stored_main_language(obj)
        return [
            (
                None,
                {
                    "fields": [
                        f"title_{main}",
                        ("kind", "requires_booking"),
                        ("starts_at", "ends_at"),
                        ("venue", f"room_{main}"),
                        ("capacity", "seats_taken"),
                        (f"facilitators_{main}", f"language_{main}"),
                        f"description_{main}",
                    ]
                },
            ),
            *[
                (
                    _("Texts in %(language)s")
                    % {"language": get_language_info(code)["name_local"]},
                    {
                        "fields": [f"{name}_{code}" for name in SESSION_TEXTS],
                        "classes": ["collapse"],
                    },
                )
                for code, _name in settings.LANGUAGES
                if code != main
            ],
        ]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        title = formset.form.base_fields[f"title_{stored_main_language(obj)}"]
        title.required = True
        for name in (n for n in formset.form.base_fields if n.startswith("description_")):
            formset.form.base_fields[name].widget.attrs.update(rows=3)
        return formset


class EventAdmin(EventPageMixin, admin.ModelAdmin):
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
    list_filter = ["is_published", "admission"]
    list_editable = ["capacity"]
    search_fields = [*localized("title"), *localized("series"), "slug"]
    readonly_fields = ["seats_taken"]
    texts = EventTexts.fields
    required_texts = ("title",)
    other_fieldsets = [
        (None, {"fields": ["slug", "main_language", "organiser", "is_published"]}),
        (_("When"), {"fields": ["timezone", "starts_on", "ends_on"]}),
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
        (_("Who may register"), {"fields": ["admission", "offer_hold_hours"]}),
        (
            _("Identity: pages, emails, sheets and documents"),
            {
                "fields": ["contact_email", ("logo", "logo_alt"), "funder_emblem"],
                "description": _(
                    "The emblem's description and the funding acknowledgement are texts, written "
                    "in each language below; replies to the emails go to the contact address."
                ),
            },
        ),
        (
            _("Privacy notice (the site writes it from these, in every language)"),
            {"fields": ["controller", "dpo_contact", "retention_days"]},
        ),
        (
            _("Documents: badges, certificates, invitation letters"),
            {"fields": [("signatory", "signature"), "letter_costs"]},
        ),
    ]
    inlines = [SessionInline]

    def page_event(self, request, object_id):
        event = Event.objects.filter(pk=object_id).first() if object_id else Event()
        if request.method == "POST" and event is not None:
            event.timezone = request.POST.get("timezone", event.timezone)
            event.main_language = request.POST.get("main_language", event.main_language)
        return event


class SessionAdmin(EventPageMixin, admin.ModelAdmin):
    list_display = ["title", "event", "kind", "when", "venue", "requires_booking", "capacity"]
    list_filter = ["event", "kind", "requires_booking", "venue"]
    list_editable = ["capacity"]
    list_select_related = ["event", "venue"]
    search_fields = [*localized("title"), *localized("facilitators")]
    date_hierarchy = "starts_at"
    readonly_fields = ["seats_taken"]
    texts = SessionTexts.fields
    required_texts = ("title",)
    other_fieldsets = [
        (
            None,
            {
                "fields": [
                    "event",
                    "kind",
                    ("starts_at", "ends_at"),
                    "venue",
                    "requires_booking",
                    ("capacity", "seats_taken"),
                ]
            },
        )
    ]

    def page_event(self, request, object_id):
        event_id = request.POST.get("event") or request.GET.get("event")
        if object_id and not event_id:
            session = Session.objects.filter(pk=object_id).only("event_id").first()
            event_id = session.event_id if session else None
        if not str(event_id or "").isdigit():
            return None
        return Event.objects.filter(pk=event_id).first()

    @admin.display(description=_("when"), ordering="starts_at")
    def when(self, session: Session) -> str:
        start = timezone.localtime(session.starts_at, session.event.tz)
        end = timezone.localtime(session.ends_at, session.event.tz)
        return f"{date_format(start, 'D j M')}, {start:%H:%M}–{end:%H:%M}"

"""Organizers register someone from the admin: a guest, a late registration, a walk-in on the
day. Through services.register with the organizer's powers (outside the registration window,
beyond a full limit), the same rules otherwise (clashes, one address per event), the same
emails; the history says an organizer did it."""

from django.contrib import messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from program.models import Event
from registrations.admin.forms import RegistrationAddForm
from registrations.enums import RegistrationStatus

ADD_FIELDSETS = [
    (
        None,
        {
            "fields": [
                ("first_name", "last_name"),
                ("email", "phone"),
                ("organisation", "organisation_type"),
                ("country", "job_title"),
                "languages",
                ("gender", "preferred_language"),
                "sessions",
                "present_now",
            ]
        },
    ),
    (
        None,
        {"fields": ["diets", "diet_other", "allergies", "accessibility_needs", "health_consent"]},
    ),
    (
        None,
        {
            "fields": [
                "travel_mode",
                ("arrival_date", "arrival_time", "arrival_place"),
                ("departure_date", "departure_time", "departure_place"),
                "accommodation_nights",
                "needs_invitation_letter",
                "photo_consent",
            ]
        },
    ),
]


def event_being_added(request) -> Event | None:
    value = request.GET.get("event", "")
    return Event.objects.filter(pk=value).first() if value.isdigit() else None


class OrganizerRegistrationMixin:
    """The "Add registration" page of RegistrationAdmin, for one event chosen first."""

    def add_view(self, request, form_url="", extra_context=None):
        event = event_being_added(request)
        if event is None:
            return TemplateResponse(
                request,
                "admin/registrations/registration/choose_event.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Register someone: which event?"),
                    "opts": self.opts,
                    "events": Event.objects.order_by("-starts_on"),
                },
            )
        title = _("Register someone for %(title)s") % {"title": event.title}
        return super().add_view(request, form_url, {**(extra_context or {}), "title": title})

    def get_fieldsets(self, request, obj=None):
        return ADD_FIELDSETS if obj is None else super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else super().get_readonly_fields(request, obj)

    def get_inlines(self, request, obj):
        return [] if obj is None else super().get_inlines(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            event = event_being_added(request)
            kwargs["form"] = type("AddForm", (RegistrationAddForm,), {"event": event})
        return super().get_form(request, obj, change, **kwargs)

    def save_form(self, request, form, change):
        if change:
            return super().save_form(request, form, change)
        form.organizer = request.user
        registration = form.save()
        if registration.status == RegistrationStatus.WAITLISTED:
            self.message_user(request, _("They are on the waiting list."), messages.WARNING)
        return registration

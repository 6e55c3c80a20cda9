from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from registrations import exports, notifications, services
from registrations.admin.emails import EmailInline
from registrations.admin.filters import (
    AccommodationFilter,
    ArrivalDayFilter,
    BookingSessionFilter,
    DietFilter,
    SessionFilter,
)
from registrations.enums import BookingStatus, RegistrationStatus, SpokenLanguage
from registrations.forms import checkboxes, night_choices, validate_deliverable
from registrations.models import AccessKey, Booking, DietaryRequirement, Registration

EXPORT_PERMISSION = "registrations.export_registrations"


class ExportMixin:
    """Actions and a list-wide link that download what the list shows, for staff who may."""

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm(EXPORT_PERMISSION)

    def export_rows(self, queryset):
        raise NotImplementedError

    def _download(self, queryset, file_format: str):
        return exports.response(self.export_rows(queryset), file_format)

    @admin.action(description=gettext_lazy("Export selected to Excel"), permissions=["export"])
    def export_xlsx(self, request, queryset):
        return self._download(queryset, "xlsx")

    @admin.action(description=gettext_lazy("Export selected to CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        return self._download(queryset, "csv")

    def export_list_view(self, request, file_format: str):
        """The whole filtered list, as the changelist shows it (same query string)."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest(_("These filters do not exist."))
        return self._download(changelist.get_queryset(request), file_format)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "export/<str:file_format>/",
                self.admin_site.admin_view(self.export_list_view),
                name="{}_{}_export".format(*info),
            ),
            *super().get_urls(),
        ]


class HistoryAdmin(SimpleHistoryAdmin):
    """History to read. Reverting to an old version would write statuses and seats behind the
    services' back (and the history form would let view-only staff do it): it is refused."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class RegistrationForm(forms.ModelForm):
    """The admin's form: lists as checkboxes, and the one-address-per-event rule checked."""

    languages = checkboxes(gettext_lazy("Languages spoken"), SpokenLanguage.choices)
    accommodation_nights = checkboxes(gettext_lazy("Accommodation nights"))

    class Meta:
        model = Registration
        fields = services.DETAIL_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.event_id:
            self.fields["accommodation_nights"].choices = night_choices(self.instance.event)

    def clean_email(self):
        email = services.normalize_email(self.cleaned_data["email"])
        validate_deliverable(email)
        if services.email_taken(self.instance.event, email, exclude_pk=self.instance.pk):
            raise forms.ValidationError(
                _("Another registration for this event uses this email address.")
            )
        return email


class MessageForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        help_text=gettext_lazy(
            "Sent to each person as written, after “Dear <first name>,” in their language "
            "and followed by their private link."
        ),
    )


class BookingInline(admin.TabularInline):
    model = Booking
    fields = ["session", "status", "queued_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["session__starts_at"]
    verbose_name_plural = gettext_lazy("Sessions (cancel or promote from the Bookings list)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session")

    def has_add_permission(self, request, obj=None):
        return False


class DietInline(admin.TabularInline):
    model = DietaryRequirement
    extra = 0


@admin.register(Registration)
class RegistrationAdmin(ExportMixin, HistoryAdmin):
    form = RegistrationForm
    list_display = [
        "last_name",
        "first_name",
        "organisation",
        "country",
        "status",
        "diet_list",
        "needs_invitation_letter",
        "created_at",
    ]
    list_display_links = ["last_name", "first_name"]
    list_filter = [
        "event",
        "status",
        "country",
        "organisation_type",
        DietFilter,
        AccommodationFilter,
        "needs_invitation_letter",
        ("invitation_letter_sent_at", admin.EmptyFieldListFilter),
        ArrivalDayFilter,
        "travel_mode",
        SessionFilter,
        "photo_consent",
    ]
    search_fields = ["first_name", "last_name", "email", "organisation"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "event",
        "status",
        "queued_at",
        "privacy_consent_at",
        "photo_consent_at",
        "invitation_letter_sent_at",
        "created_at",
        "updated_at",
        "cancelled_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "event",
                    "status",
                    "queued_at",
                    "created_at",
                    "updated_at",
                    "cancelled_at",
                ]
            },
        ),
        (
            gettext_lazy("Person"),
            {
                "fields": [
                    ("first_name", "last_name"),
                    ("email", "phone"),
                    ("organisation", "organisation_type"),
                    ("country", "job_title"),
                    "languages",
                    ("gender", "preferred_language"),
                ]
            },
        ),
        (gettext_lazy("Needs"), {"fields": ["diet_other", "allergies", "accessibility_needs"]}),
        (
            gettext_lazy("Travel and accommodation"),
            {
                "fields": [
                    "travel_mode",
                    ("arrival_date", "arrival_time", "arrival_place"),
                    ("departure_date", "departure_time", "departure_place"),
                    "accommodation_nights",
                    ("needs_invitation_letter", "invitation_letter_sent_at"),
                ]
            },
        ),
        (
            gettext_lazy("Consents"),
            {"fields": ["privacy_consent_at", ("photo_consent", "photo_consent_at")]},
        ),
    ]
    inlines = [DietInline, BookingInline, EmailInline]
    actions = [
        "send_message",
        "send_link",
        "cancel",
        "prioritise",
        "mark_invitation_sent",
        "export_xlsx",
        "export_csv",
    ]
    list_per_page = 100

    object_history_template = "admin/registrations/registration/object_history.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event").prefetch_related("diets")

    def history_view(self, request, object_id, extra_context=None):
        """The registration's own versions, then what changed in its sessions and diets."""
        related = [
            *Booking.history.filter(registration_id=object_id).select_related(
                "history_user", "session"
            ),
            *DietaryRequirement.history.filter(registration_id=object_id).select_related(
                "history_user"
            ),
        ]
        related.sort(key=lambda record: record.history_date, reverse=True)
        return super().history_view(
            request, object_id, {**(extra_context or {}), "related_history": related}
        )

    def has_add_permission(self, request):
        return False  # people register through the public form, which applies the rules

    @admin.display(description=gettext_lazy("dietary requirements"))
    def diet_list(self, registration):
        return ", ".join(registration.diet_labels)

    def export_rows(self, queryset):
        return exports.attendees(queryset)

    @admin.action(
        description=gettext_lazy("Write a message to the selected people"), permissions=["change"]
    )
    def send_message(self, request, queryset):
        people = queryset.exclude(status=RegistrationStatus.CANCELLED)
        form = MessageForm(request.POST if "send" in request.POST else None)
        if form.is_valid():
            with transaction.atomic():
                for registration in people.select_related("event"):
                    notifications.message(
                        registration=registration,
                        subject=form.cleaned_data["subject"],
                        body=form.cleaned_data["body"],
                    )
            count = people.count()
            self.message_user(
                request,
                ngettext(
                    "Message written to %(count)d person; see Emails for its delivery.",
                    "Message written to %(count)d people; see Emails for their delivery.",
                    count,
                )
                % {"count": count},
            )
            return None
        return TemplateResponse(
            request,
            "admin/registrations/registration/send_message.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Write a message"),
                "opts": self.opts,
                "form": form,
                "people": people,
                "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                "select_across": request.POST.get("select_across", "0"),
            },
        )

    @admin.action(
        description=gettext_lazy("Email the selected people a fresh private link"),
        permissions=["change"],
    )
    def send_link(self, request, queryset):
        people = list(queryset.exclude(status=RegistrationStatus.CANCELLED).select_related("event"))
        for registration in people:
            services.send_fresh_link(registration=registration)
        self.message_user(
            request,
            ngettext(
                "A fresh link is on its way to %(count)d person.",
                "Fresh links are on their way to %(count)d people.",
                len(people),
            )
            % {"count": len(people)},
        )

    @admin.action(description=gettext_lazy("Cancel selected registrations"), permissions=["change"])
    def cancel(self, request, queryset):
        active = list(queryset.exclude(status=RegistrationStatus.CANCELLED))
        for registration in active:
            services.cancel_registration(registration=registration, by_organizer=True)
        self.message_user(
            request,
            ngettext(
                "%(count)d registration cancelled; its places went to the waiting lists.",
                "%(count)d registrations cancelled; their places went to the waiting lists.",
                len(active),
            )
            % {"count": len(active)},
        )

    @admin.action(
        description=gettext_lazy("Give selected the next free place (event waiting list)"),
        permissions=["change"],
    )
    def prioritise(self, request, queryset):
        # The last in line first, so that the selection keeps its own order at the front.
        placed, waiting = [], []
        for registration in queryset.filter(status="waitlisted").order_by("-queued_at", "-id"):
            got_place = services.prioritise_registration(registration=registration)
            (placed if got_place else waiting).append(registration.full_name)
        report_priorities(self, request, placed, waiting)

    @admin.action(
        description=gettext_lazy("Mark invitation letters as sent"), permissions=["change"]
    )
    def mark_invitation_sent(self, request, queryset):
        count = services.mark_invitation_letters_sent(registrations=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d invitation letter marked as sent.",
                "%(count)d invitation letters marked as sent.",
                count,
            )
            % {"count": count},
        )

    def get_deleted_objects(self, objs, request):
        # Bookings, diets and keys belong to their registration: deleting it may take them along.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        owned = {str(m._meta.verbose_name) for m in (Booking, DietaryRequirement, AccessKey)}
        return deleted, counts, perms_needed - owned, protected

    def delete_model(self, request, obj):
        services.cancel_registration(registration=obj, by_organizer=True)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for registration in queryset:
            self.delete_model(request, registration)


def report_priorities(model_admin, request, placed: list[str], waiting: list[str]) -> None:
    if placed:
        model_admin.message_user(
            request, _("Now holding a place: %(names)s.") % {"names": ", ".join(placed)}
        )
    if waiting:
        model_admin.message_user(
            request,
            _("No place is free: %(names)s now first in line, for the next place that frees up.")
            % {"names": ", ".join(waiting)},
            messages.WARNING,
        )


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
    ordering = ["session__starts_at", "session__title", "status", "queued_at"]
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

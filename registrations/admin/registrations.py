"""Registrations in the admin: needs at a glance, filters, actions; every change through the
services, as on the public pages."""

from django.contrib import admin, messages
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from registrations import exports, services
from registrations.admin import mailing
from registrations.admin.adding import OrganizerRegistrationMixin, event_being_added
from registrations.admin.answers import AnswerFilter, AnswersMixin
from registrations.admin.base import ExportMixin, HistoryAdmin, report_priorities
from registrations.admin.documents import DocumentActions, registration_badge
from registrations.admin.emails import EmailInline
from registrations.admin.filters import (
    AccommodationFilter,
    ArrivalDayFilter,
    CountryFilter,
    DietFilter,
    SessionFilter,
    StatusFilter,
    WaitingForFilter,
)
from registrations.admin.forms import AccessKeyForm, RegistrationAdminForm
from registrations.admin.programme import ServiceRefusalMixin
from registrations.enums import RegistrationStatus
from registrations.models import (
    AccessKey,
    Attendance,
    Booking,
    DietaryRequirement,
    InvitationLetter,
    Registration,
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


class AccessKeyInline(admin.TabularInline):
    """The person's private links: when each was made, and a box to close it for good."""

    model = AccessKey
    form = AccessKeyForm
    fields = ["created_at", "revoked_at", "revoke"]
    readonly_fields = ["created_at", "revoked_at"]
    extra = 0
    can_delete = False
    verbose_name_plural = gettext_lazy("Private links")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(
    ServiceRefusalMixin,
    AnswersMixin,
    OrganizerRegistrationMixin,
    DocumentActions,
    ExportMixin,
    HistoryAdmin,
):
    form = RegistrationAdminForm
    list_display = [
        "last_name",
        "first_name",
        "event",
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
        StatusFilter,
        SessionFilter,
        WaitingForFilter,
        DietFilter,
        AccommodationFilter,
        "needs_invitation_letter",
        ("invitation_letter_sent_at", admin.EmptyFieldListFilter),
        ArrivalDayFilter,
        "travel_mode",
        "organisation_type",
        "photo_consent",
        CountryFilter,
        AnswerFilter,
    ]
    search_fields = ["first_name", "last_name", "email", "organisation"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "event",
        "status",
        "queued_at",
        "privacy_consent_at",
        "privacy_notice",
        "photo_consent_at",
        "health_consent_at",
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
        (
            gettext_lazy("Needs"),
            {
                "fields": [
                    "diets",
                    "diet_other",
                    "allergies",
                    "accessibility_needs",
                    ("health_consent", "health_consent_at"),
                ]
            },
        ),
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
            {
                "fields": [
                    ("privacy_consent_at", "privacy_notice"),
                    ("photo_consent", "photo_consent_at"),
                ]
            },
        ),
    ]
    inlines = [BookingInline, AccessKeyInline, EmailInline]
    actions = [
        "send_message",
        "accept",
        "decline",
        "send_link",
        "cancel",
        "prioritise",
        "mark_invitation_sent",
        "print_badges",
        "certificates",
        "reissue_codes",
        "export_xlsx",
        "export_csv",
    ]
    list_per_page = 100

    object_history_template = "admin/registrations/registration/object_history.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event").prefetch_related("diets")

    def page_questions_event(self, request, obj):
        return obj.event if obj is not None else event_being_added(request)

    def get_urls(self):
        badge = self.admin_site.admin_view(registration_badge)
        return [
            path("<int:registration_id>/badge.pdf", badge, name="registrations_registration_badge"),
            *super().get_urls(),
        ]

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

    def save_model(self, request, obj, form, change):
        if change:  # a new one was registered by the form (see adding.py)
            services.update_registration(registration=obj, details=form.details())

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            formset.save()  # the inlines are read-only: this records that nothing changed
            if formset.model is AccessKey:
                for link_form in formset.forms:
                    if link_form.cleaned_data.get("revoke"):
                        services.revoke_link(access_key=link_form.instance)

    @admin.display(description=gettext_lazy("dietary requirements"))
    def diet_list(self, registration):
        return ", ".join(registration.diet_labels)

    # What staff, who only look, see in place of the diets' checkboxes.
    diets = diet_list

    def export_rows(self, queryset):
        return exports.attendees(queryset)

    @admin.action(
        description=gettext_lazy("Write a message to the selected people"), permissions=["change"]
    )
    def send_message(self, request, queryset):
        return mailing.message_action(self, request, queryset)

    @admin.action(
        description=gettext_lazy("Accept the selected (registrations awaiting approval)"),
        permissions=["change"],
    )
    def accept(self, request, queryset):
        accepted = services.accept_registrations(registrations=queryset.order_by("created_at"))
        waiting = [r.full_name for r in accepted if r.status == RegistrationStatus.WAITLISTED]
        self.message_user(
            request,
            ngettext(
                "%(count)d registration accepted; the person is told by email.",
                "%(count)d registrations accepted; each person is told by email.",
                len(accepted),
            )
            % {"count": len(accepted)},
        )
        if waiting:
            self.message_user(
                request,
                _("No place was free: %(names)s now on the event's waiting list.")
                % {"names": ", ".join(waiting)},
                messages.WARNING,
            )

    @admin.action(
        description=gettext_lazy("Decline the selected (registrations awaiting approval)"),
        permissions=["change"],
    )
    def decline(self, request, queryset):
        declined = services.decline_registrations(registrations=queryset.order_by("created_at"))
        self.message_user(
            request,
            ngettext(
                "%(count)d registration declined; the person is told by email.",
                "%(count)d registrations declined; each person is told by email.",
                len(declined),
            )
            % {"count": len(declined)},
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
        selected = queryset.filter(status=RegistrationStatus.WAITLISTED)
        for registration in selected.order_by("-queued_at", "-id"):
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
        owned = {
            str(m._meta.verbose_name)
            for m in (Booking, DietaryRequirement, AccessKey, Attendance, InvitationLetter)
        }
        return deleted, counts, perms_needed - owned, protected

    # Deleting is erasing: the same as a participant's own erasure, never a delete that leaves
    # copies in the history, the outbox or this admin's log. The pages say so.
    delete_confirmation_template = "admin/registrations/registration/erase_confirmation.html"
    delete_selected_confirmation_template = (
        "admin/registrations/registration/erase_selected_confirmation.html"
    )

    def delete_model(self, request, obj):
        services.erase_registrations(registrations=[obj])

    def delete_queryset(self, request, queryset):
        services.erase_registrations(registrations=queryset)

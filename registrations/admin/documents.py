"""Documents and the door in the admin: badges, certificates, invitation letters to review and
release, check-in codes to reissue, and the attendance recorded at the door."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy, ngettext

from program.models import Event
from registrations import exports, services
from registrations.admin.base import EXPORT_PERMISSION, ExportMixin, HistoryAdmin
from registrations.documents.badges import badges_pdf
from registrations.documents.certificates import certificates_zip
from registrations.documents.letters import letter_pdf
from registrations.models import Attendance, InvitationLetter, Registration


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _allowed(request) -> None:
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied


def event_badges(request, event_id: int) -> HttpResponse:
    """Badges of everyone with a place."""
    _allowed(request)
    event = get_object_or_404(Event, pk=event_id)
    pdf = badges_pdf(event, Registration.objects.filter(event=event))
    return download(pdf, f"badges-{event.slug}.pdf", "application/pdf")


def registration_badge(request, registration_id: int) -> HttpResponse:
    """One person's badge, printed again (a lost badge: reissue the code first)."""
    _allowed(request)
    registration = get_object_or_404(
        Registration.objects.select_related("event"), pk=registration_id
    )
    pdf = badges_pdf(registration.event, Registration.objects.filter(pk=registration.pk))
    return download(pdf, f"badge-{registration.pk}.pdf", "application/pdf")


def event_certificates(request, event_id: int) -> HttpResponse:
    """Everyone's certificate of attendance, one PDF each, in a ZIP."""
    _allowed(request)
    event = get_object_or_404(Event, pk=event_id)
    content, _count = certificates_zip(event, Registration.objects.all())
    return download(content, f"certificates-{event.slug}.zip", "application/zip")


class DocumentActions:
    """Actions of the registrations list: badges and certificates of a selection, new codes."""

    def _one_event(self, request, queryset) -> Event | None:
        events = list(Event.objects.filter(registrations__in=queryset).distinct()[:2])
        if len(events) != 1:
            self.message_user(
                request, gettext_lazy("Choose people of one event (filter by event)."), "error"
            )
            return None
        return events[0]

    @admin.action(
        description=gettext_lazy("Print badges of the selected people (PDF)"),
        permissions=["export"],
    )
    def print_badges(self, request, queryset):
        if event := self._one_event(request, queryset):
            return download(
                badges_pdf(event, queryset), f"badges-{event.slug}.pdf", "application/pdf"
            )
        return None

    @admin.action(
        description=gettext_lazy("Certificates of attendance of the selected people (ZIP)"),
        permissions=["export"],
    )
    def certificates(self, request, queryset):
        if event := self._one_event(request, queryset):
            content, count = certificates_zip(event, queryset)
            if count:
                return download(content, f"certificates-{event.slug}.zip", "application/zip")
            self.message_user(request, gettext_lazy("Nobody selected was checked in."), "warning")
        return None

    @admin.action(
        description=gettext_lazy("Reissue check-in codes (lost badge or phone)"),
        permissions=["change"],
    )
    def reissue_codes(self, request, queryset):
        count = 0
        for registration in queryset:
            services.reissue_checkin_code(registration=registration)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d new check-in code: print the badge again; the old code is refused.",
                "%(count)d new check-in codes: print the badges again; the old codes are refused.",
                count,
            )
            % {"count": count},
        )


@admin.register(Attendance)
class AttendanceAdmin(HistoryAdmin):
    """What the door recorded, to read; changes are made at the check-in page."""

    list_display = ["registration", "day", "session", "checked_in_at", "checked_in_by"]
    list_filter = ["registration__event", "day", "session"]
    list_select_related = ["registration", "session", "checked_in_by"]
    search_fields = ["registration__first_name", "registration__last_name"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InvitationLetter)
class InvitationLetterAdmin(ExportMixin, HistoryAdmin):
    """Letters asked for, with the passport details: organizers only (see roles.py)."""

    list_display = [
        "passport_name",
        "registration",
        "nationality",
        "requested_at",
        "released_at",
        "preview",
    ]
    list_filter = [
        "registration__event",
        ("released_at", admin.EmptyFieldListFilter),
        "nationality",
    ]
    list_select_related = ["registration__event"]
    search_fields = ["passport_name", "registration__last_name", "registration__email"]
    readonly_fields = ["registration", "requested_at", "released_at", "released_by"]
    fields = [
        "registration",
        "passport_name",
        "nationality",
        "passport_number",
        "date_of_birth",
        "requested_at",
        "released_at",
        "released_by",
    ]
    actions = ["release", "export_xlsx", "export_csv"]

    def has_add_permission(self, request):
        return False  # the participant asks, from their private page

    def save_model(self, request, obj, form, change):
        services.request_letter(
            registration=obj.registration,
            passport=services.PassportDetails(
                **{
                    name: form.cleaned_data[name]
                    for name in ("passport_name", "passport_number", "date_of_birth")
                },
                nationality=str(form.cleaned_data["nationality"]),
            ),
        )

    def has_export_permission(self, request) -> bool:
        # Passport details: organizers only, whatever else staff may export.
        return super().has_export_permission(request) and self.has_view_permission(request)

    @admin.display(description=gettext_lazy("letter"))
    def preview(self, letter: InvitationLetter) -> str:
        url = reverse("admin:registrations_invitationletter_pdf", args=[letter.pk])
        return format_html('<a href="{}">{}</a>', url, gettext_lazy("PDF"))

    def letter_view(self, request, letter_id: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        letter = get_object_or_404(
            InvitationLetter.objects.select_related("registration__event"), pk=letter_id
        )
        return download(letter_pdf(letter), f"invitation-letter-{letter.pk}.pdf", "application/pdf")

    def get_urls(self):
        return [
            path(
                "<int:letter_id>/letter.pdf",
                self.admin_site.admin_view(self.letter_view),
                name="registrations_invitationletter_pdf",
            ),
            *super().get_urls(),
        ]

    @admin.action(
        description=gettext_lazy("Release the selected letters (the people are told by email)"),
        permissions=["change"],
    )
    def release(self, request, queryset):
        count = services.release_letters(letters=queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d letter released: its person can download it.",
                "%(count)d letters released: their people can download them.",
                count,
            )
            % {"count": count},
        )

    def export_rows(self, queryset):
        return exports.letters(queryset)

"""Events and sessions in the admin, with what concerns seats: waiting counts, capacity changes
and moved sessions through the services, and the event's back-office pages."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from program import admin as program_admin
from program.models import Event, Session
from registrations import backoffice, services
from registrations.admin import documents, mailing, setup
from registrations.admin.setup import InvitationCodeInline, QuestionInline
from registrations.enums import BookingStatus
from registrations.models import InvitationCode


class ServiceRefusalMixin:
    """A rule that says no at the last moment (a seat taken while the form was open) is shown
    as a message, with nothing saved, rather than as an error page."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.RegistrationError as error:
            self.message_user(request, error.message, messages.ERROR)
            return redirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except services.RegistrationError as error:
            self.message_user(request, error.message, messages.ERROR)
            return redirect(request.get_full_path())


def report_session_saved(model_admin, request, result: services.SessionSaved) -> None:
    for title, count in sorted(result.clashes.items()):
        model_admin.message_user(
            request,
            ngettext(
                "This change creates a clash: %(count)d person also holds a seat in "
                "“%(title)s” at the same time.",
                "This change creates clashes: %(count)d people also hold a seat in "
                "“%(title)s” at the same time.",
                count,
            )
            % {"count": count, "title": title},
            messages.WARNING,
        )
    if result.told:
        model_admin.message_user(
            request,
            ngettext(
                "%(count)d person concerned is told of the change by email.",
                "%(count)d people concerned are told of the change by email.",
                result.told,
            )
            % {"count": result.told},
        )


@admin.register(Event)
class EventAdmin(ServiceRefusalMixin, program_admin.EventAdmin):
    list_display = [*program_admin.EventAdmin.list_display, "back_office"]
    inlines = [*program_admin.EventAdmin.inlines, QuestionInline, InvitationCodeInline]

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
                "<int:event_id>/badges.pdf",
                view(documents.event_badges),
                name="program_event_badges",
            ),
            path(
                "<int:event_id>/certificates.zip",
                view(documents.event_certificates),
                name="program_event_certificates",
            ),
            path(
                "<int:event_id>/export/<slug:name>.<str:file_format>",
                view(backoffice.download),
                name="program_event_export",
            ),
            path(
                "<int:event_id>/copy/",
                view(lambda request, event_id: setup.copy_event_view(self, request, event_id)),
                name="program_event_copy",
            ),
            path(
                "<int:event_id>/message/",
                view(lambda request, event_id: mailing.event_message(self, request, event_id)),
                name="program_event_message",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("back office"))
    def back_office(self, event: Event) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:program_event_dashboard", args=[event.pk]),
            _("Dashboard and exports"),
        )

    def save_model(self, request, obj, form, change):
        services.save_event(event=obj, changed=form.changed_data if change else ())

    def save_formset(self, request, form, formset, change):
        if formset.model is InvitationCode:
            formset.save(commit=False)
            for invitation in formset.deleted_objects:
                invitation.delete()
            for invitation in [*formset.new_objects, *(i for i, _ in formset.changed_objects)]:
                services.save_invitation(invitation=invitation)
            return None
        if formset.model is not Session:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for session in formset.deleted_objects:
            services.delete_session(session=session)
        for session in formset.new_objects:
            services.save_session(session=session)
        for session, changed in formset.changed_objects:
            report_session_saved(
                self, request, services.save_session(session=session, changed=changed)
            )
        return None


@admin.register(Session)
class SessionAdmin(ServiceRefusalMixin, program_admin.SessionAdmin):
    list_display = [
        *program_admin.SessionAdmin.list_display[:-1],
        "confirmed",
        "waiting",
        "capacity",
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

    @admin.display(description=gettext_lazy("seats taken"), ordering="seats_taken")
    def confirmed(self, session: Session) -> str:
        return self._bookings_link(session, BookingStatus.CONFIRMED, session.seats_taken)

    @admin.display(description=gettext_lazy("waiting"), ordering="waiting")
    def waiting(self, session: Session) -> str:
        return self._bookings_link(session, BookingStatus.WAITLISTED, session.waiting)

    def save_model(self, request, obj, form, change):
        result = services.save_session(session=obj, changed=form.changed_data if change else ())
        report_session_saved(self, request, result)

    def delete_model(self, request, obj):
        services.delete_session(session=obj)

    def delete_queryset(self, request, queryset):
        for session in queryset:
            services.delete_session(session=session)

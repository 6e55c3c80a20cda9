from django.contrib import admin, messages
from django.utils.translation import gettext_lazy, ngettext

from registrations import services
from registrations.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "to",
        "subject",
        "event",
        "kind",
        "language",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["registration__event", "status", "kind", "language"]
    list_select_related = ["registration__event"]
    search_fields = ["to", "subject", "registration__last_name", "registration__first_name"]
    date_hierarchy = "created_at"
    fields = [
        ("to", "language", "kind"),
        "registration",
        "subject",
        "body_text",
        ("status", "attempts"),
        ("created_at", "next_attempt_at", "sent_at"),
        "last_error",
        "message_id",
    ]
    readonly_fields = [f for row in fields for f in (row if isinstance(row, tuple) else (row,))]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what people were told stays

    @admin.display(description=gettext_lazy("event"), ordering="registration__event__starts_on")
    def event(self, email: OutgoingEmail) -> str:
        return str(email.registration.event) if email.registration else "–"

    @admin.action(description=gettext_lazy("Send selected again"), permissions=["change"])
    def resend(self, request, queryset):
        queued = 0
        for email in queryset.select_related("registration__event"):
            try:
                services.resend_email(email=email)
            except services.RegistrationError as error:
                self.message_user(request, f"{email.subject}: {error.message}", messages.ERROR)
            else:
                queued += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d email queued again; it is sent as soon as the mail server responds.",
                "%(count)d emails queued again; they are sent as soon as the mail server responds.",
                queued,
            )
            % {"count": queued},
        )


class EmailInline(admin.TabularInline):
    """What a person was told, on their registration's page."""

    model = OutgoingEmail
    fields = ["created_at", "subject", "status", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-created_at"]
    verbose_name_plural = gettext_lazy("Emails")

    def has_add_permission(self, request, obj=None):
        return False


__all__ = ["EmailInline", "OutgoingEmailAdmin"]

"""What the registrations' admin pages share: exports for those allowed, history to read, and
rule errors from the services shown as messages."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from registrations import exports

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

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Event administration")
admin.site.site_title = _("Events")
admin.site.index_title = _("Events, programme and registrations")

urlpatterns = [path("admin/", admin.site.urls)]
# Public pages carry their language (/el/…, /fr/…), so that a link can be shared in a language.
urlpatterns += i18n_patterns(
    path("", include("registrations.urls")),
    path("", include("program.urls")),
)

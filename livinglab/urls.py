from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Living Lab administration")
admin.site.site_title = _("Living Lab")
admin.site.index_title = _("Events, programme and registrations")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("registrations.urls")),
    path("", include("program.urls")),
]

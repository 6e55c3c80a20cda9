from django.urls import path, register_converter

from registrations import views


class KeyConverter:
    """The secret of a private link: URL-safe base64, as secrets.token_urlsafe makes it."""

    regex = r"[A-Za-z0-9_-]{20,100}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KeyConverter, "key")

app_name = "registrations"
urlpatterns = [
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/register/check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("<slug:slug>/lost-link/", views.lost_link, name="lost_link"),
    path("<slug:slug>/agenda/<key:key>.ics", views.agenda, name="agenda"),
    path("<slug:slug>/r/<key:key>/", views.manage, name="manage"),
    path("<slug:slug>/r/<key:key>/edit/", views.edit, name="edit"),
    path("<slug:slug>/r/<key:key>/cancel/", views.cancel, name="cancel"),
    path(
        "<slug:slug>/r/<key:key>/sessions/<int:session_id>/cancel/",
        views.cancel_session,
        name="cancel_session",
    ),
]

from django.urls import path, register_converter

from registrations import door_views, privacy_views, views


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
    path("<slug:slug>/r/<key:key>/confirm/", views.confirm_offer, name="confirm_offer"),
    path(
        "<slug:slug>/r/<key:key>/sessions/<int:session_id>/cancel/",
        views.cancel_session,
        name="cancel_session",
    ),
    path("<slug:slug>/r/<key:key>/certificate.pdf", views.certificate, name="certificate"),
    path("<slug:slug>/r/<key:key>/letter/", views.letter_request, name="letter_request"),
    path("<slug:slug>/r/<key:key>/letter.pdf", views.letter, name="letter"),
    path("<slug:slug>/r/<key:key>/my-data/", privacy_views.my_data, name="my_data"),
    path("<slug:slug>/r/<key:key>/my-data.json", privacy_views.my_data_json, name="my_data_json"),
    path("<slug:slug>/r/<key:key>/erase/", privacy_views.erase, name="erase"),
    path("<slug:slug>/erased/", privacy_views.erased, name="erased"),
    path("<slug:slug>/r/<key:key>/take-back/", privacy_views.take_back, name="take_back"),
    path("<slug:slug>/check-in/", door_views.checkin, name="checkin"),
    path("<slug:slug>/check-in/undo/<int:pk>/", door_views.undo, name="checkin_undo"),
    path("<slug:slug>/check-in/not-here-yet/", door_views.not_here_yet, name="checkin_missing"),
]

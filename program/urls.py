from django.urls import path

from program import views

app_name = "program"
urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:slug>/", views.event_home, name="event"),
    path("<slug:slug>/programme/", views.programme, name="programme"),
    path("<slug:slug>/privacy/", views.privacy_notice, name="privacy"),
    path("<slug:slug>/images/<slug:kind>/<str:name>", views.event_image, name="event_image"),
    path("<slug:slug>/programme.ics", views.programme_calendar, name="programme_calendar"),
    path(
        "<slug:slug>/sessions/<int:session_id>.ics",
        views.session_calendar,
        name="session_calendar",
    ),
]

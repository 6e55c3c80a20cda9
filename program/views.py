import mimetypes
from pathlib import PurePosixPath

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_control

from program import calendar, privacy, selectors
from program.caching import kept_page


def _event(request: HttpRequest, slug: str):
    # Organizers can look at an event before it is published.
    return selectors.event_for_page(slug=slug, include_drafts=request.user.is_staff)


def home(request: HttpRequest) -> HttpResponse:
    event = selectors.featured_event()
    if event is not None:
        return redirect("program:event", slug=event.slug)
    return render(request, "program/no_event.html")


@kept_page
def event_home(request: HttpRequest, event) -> HttpResponse:
    sessions = selectors.event_sessions(event)
    return render(
        request,
        "program/event_home.html",
        {
            "event": event,
            "summary": selectors.event_summary(event, sessions),
            "registration_state": event.registration_state(),
        },
    )


@kept_page
def programme(request: HttpRequest, event) -> HttpResponse:
    sessions = selectors.event_sessions(event)
    return render(
        request,
        "program/programme.html",
        {
            "event": event,
            "days": selectors.programme_days(event, sessions),
            "registration_state": event.registration_state(),
        },
    )


def privacy_notice(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    context = {
        "event": event,
        "notice": privacy.notice_html(event),
        "version": privacy.current_version(event),
    }
    return render(request, "program/privacy.html", context)


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def programme_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    sessions = selectors.event_sessions(event)
    return _calendar_response(
        calendar.calendar(event, sessions, name=event.title), f"{event.slug}.ics"
    )


def session_calendar(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    event = _event(request, slug)
    session = get_object_or_404(event.sessions.select_related("venue"), pk=session_id)
    return _calendar_response(
        calendar.calendar(event, [session], name=session.title), f"{event.slug}-{session.pk}.ics"
    )


@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)
def event_image(request: HttpRequest, slug: str, kind: str, name: str) -> HttpResponse:
    """The event's logo or funder's emblem, from whatever storage holds the uploads (the site
    serves no other upload: media files are not public)."""
    event = _event(request, slug)
    image = getattr(event, event.IMAGES.get(kind, ""), None)
    if not image or PurePosixPath(image.name).name != name:
        raise Http404
    content_type = mimetypes.guess_type(image.name)[0] or ""
    if not content_type.startswith("image/"):
        raise Http404
    return FileResponse(image.open("rb"), content_type=content_type)

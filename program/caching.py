"""Public pages rendered once and served many times.

The event page, the programme and the registration form are the same for every visitor in a
language until something they show changes. Each is kept, per worker (the "pages" cache), under
a key made of the event's `version` (which every writer of the event raises in its transaction,
see Event.version), the language, whether registration is open and the minute (what has begun is
greyed out). A worker reads the version at most once a second (PAGE_STATE_SECONDS): a seat taken
or a session edited shows within a second. Visitors
with a session or a message to see, and organizers previewing drafts, get the page rendered for
them. The registration form's CSRF token stays each visitor's own: the page is kept with a mark
in its place.
"""

from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from program import selectors

CSRF_MARK = "__csrf-token__"


def csrf_mark(request: HttpRequest) -> dict:
    """Context processor: a page rendered to be kept carries a mark for the CSRF token."""
    return {"csrf_token": CSRF_MARK} if getattr(request, "keeping_page", False) else {}


def _anyone(request: HttpRequest) -> bool:
    """A visitor the page does not depend on: no session (no login, no preview of drafts), no
    message waiting to be shown, and nothing in the address's query (an invitation's code, which
    the form fills in for that visitor only)."""
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and not (request.COOKIES.keys() & {settings.SESSION_COOKIE_NAME, "messages"})
    )


def _state(slug: str) -> selectors.EventState:
    """The event's state, read at most once a second per worker: a change shows within a second
    (PAGE_STATE_SECONDS), and a busy worker does not ask the database at every visit."""
    pages = caches["pages"]
    state = pages.get(f"state:{slug}")
    if state is None:
        state = selectors.event_state(slug=slug)
        pages.set(f"state:{slug}", state, settings.PAGE_STATE_SECONDS)
    return state


def kept_page(view):
    """`view(request, event)` served from the cache to anyone, rendered for the others."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str) -> HttpResponse:
        if not _anyone(request):
            drafts = request.user.is_staff  # organizers look at an event before it is published
            return view(request, selectors.event_for_page(slug=slug, include_drafts=drafts))
        state = _state(slug)
        key = ":".join(
            [
                "page",
                view.__name__,
                str(state.pk),
                str(state.version),
                get_language(),
                state.registration_state(),
                timezone.now().strftime("%Y%m%d%H%M"),
            ]
        )
        pages = caches["pages"]
        body = pages.get(key)
        if body is None:
            request.keeping_page = True
            response = view(request, selectors.event_for_page(slug=slug))
            if response.status_code != 200:
                return response
            body = response.content.decode()
            pages.set(key, body)
        if CSRF_MARK in body:
            body = body.replace(CSRF_MARK, get_token(request))
        return HttpResponse(body)

    return wrapper

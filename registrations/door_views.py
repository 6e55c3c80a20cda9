"""The check-in page, for organizers and staff on their phones at the door.

A scan (camera or USB scanner) or a tap on a search result posts here. The page's script
(static/js/checkin.js) posts in the background and gets JSON back, keeping scans on the phone
while the network is down; without the script, the same forms post and the page comes back
with the answer. Every answer a scan can get is a normal one (checked in, already checked in,
refused with the reason); only bad input is a 400, so that the script knows what to retry.
"""

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from program.models import Event, Session
from registrations import door, services
from registrations.models import Attendance, Registration

PERMISSION = "registrations.check_in"


def door_page(view):
    """Organizers and staff only; never cached, never indexed."""

    @never_cache
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, **kwargs) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        event = get_object_or_404(Event, slug=slug)
        response = view(request, event, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _target(request: HttpRequest, event: Event, day: dt.date | None) -> Session | None:
    """The session chosen in "Check in for", if it is one of today's; else the day itself."""
    value = request.POST.get("for") or request.GET.get("for") or ""
    if not value.isdigit() or day is None:
        return None
    return next((s for s in door.day_sessions(event, day) if s.pk == int(value)), None)


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept") == "application/json"


def _page_url(event: Event, session: Session | None) -> str:
    url = reverse("registrations:checkin", kwargs={"slug": event.slug})
    return f"{url}?{urlencode({'for': session.pk})}" if session else url


@door_page
def checkin(request: HttpRequest, event: Event) -> HttpResponse:
    day = door.event_day(event)
    session = _target(request, event, day)
    if request.method == "POST":
        return _scan(request, event, session)
    query = request.GET.get("q", "")[:100]
    context = {
        "event": event,
        "day": day,
        "sessions": door.day_sessions(event, day) if day else [],
        "target": session,
        "query": query,
        "results": door.search(event, query, day, session) if day and query else None,
        "count": door.count(event, day, session) if day else None,
        "can_register": request.user.has_perm("registrations.add_registration"),
    }
    return render(request, "registrations/checkin/page.html", context)


def _scan_time(request: HttpRequest) -> dt.datetime | None:
    """When the scan was made, for one that waited on the phone for the network."""
    try:
        return dt.datetime.fromtimestamp(int(request.POST.get("at", "")) / 1000, tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _person(event: Event, request: HttpRequest) -> Registration:
    """The registration a scan or a tap names; RegistrationError when no such one here."""
    if code := request.POST.get("code", "").strip():
        return services.find_by_code(event=event, code=code[:100])
    number = request.POST.get("registration", "")
    registration = (
        Registration.objects.filter(event=event, pk=number).first() if len(number) < 19 else None
    )
    if registration is None:
        raise services.RegistrationError(_("No such registration for this event."))
    return registration


def _scan(request: HttpRequest, event: Event, session: Session | None) -> HttpResponse:
    if request.POST.get("for") and session is None:
        return HttpResponseBadRequest(_("Choose what you are checking people in for."))
    named = request.POST.get("code", "").strip() or request.POST.get("registration", "").isdigit()
    if not named:
        return HttpResponseBadRequest(_("Scan a code or choose a person."))
    registration = None
    try:
        registration = _person(event, request)
        check = services.check_in(
            registration=registration, session=session, by=request.user, at=_scan_time(request)
        )
    except services.RegistrationError as error:
        outcome, message, attendance = "refused", error.message, None
    else:
        attendance = check.attendance
        if check.is_new:
            outcome, message = "checked_in", _("%(name)s is checked in.") % {"name": registration}
        else:
            outcome, message = "already", services.already_message(check, event.tz)
    if not _wants_json(request):
        level = {"checked_in": messages.SUCCESS, "already": messages.WARNING}.get(outcome)
        messages.add_message(request, level or messages.ERROR, message)
        return redirect(_page_url(event, session))
    return JsonResponse(_answer(event, session, outcome, message, registration, attendance))


def _answer(event, session, outcome, message, registration, attendance) -> dict:
    """What the page shows after a scan: the verdict, and what the person needs."""
    day = door.event_day(event)
    count = door.count(event, day, session) if day else None
    answer = {
        "outcome": outcome,
        "message": message,
        "count": {"present": count.present, "expected": count.expected} if count else None,
        "person": None,
        "undo": None,
    }
    if registration is not None:
        answer["person"] = {
            "name": registration.full_name,
            "organisation": registration.organisation,
            "country": str(registration.country.name),
            "diet": ", ".join(registration.diet_labels)
            + (f" ({registration.diet_other})" if registration.diet_other else ""),
            "allergies": registration.allergies,
            "accessibility": registration.accessibility_needs,
        }
    if attendance is not None:
        answer["undo"] = reverse(
            "registrations:checkin_undo", kwargs={"slug": event.slug, "pk": attendance.pk}
        )
    return answer


@require_POST
@door_page
def undo(request: HttpRequest, event: Event, pk: int) -> HttpResponse:
    attendance = (
        Attendance.objects.select_related("registration", "session")
        .filter(pk=pk, registration__event=event)
        .first()
        if pk < 2**63
        else None
    )
    if attendance is None:
        message = _("This check-in was already undone.")
    else:
        services.undo_check_in(attendance=attendance)
        message = _("Check-in of %(name)s undone.") % {"name": attendance.registration}
    session = attendance.session if attendance else None
    if _wants_json(request):
        return JsonResponse({"outcome": "undone", "message": message})
    messages.info(request, message)
    return redirect(_page_url(event, session))


@door_page
def not_here_yet(request: HttpRequest, event: Event) -> HttpResponse:
    """Who is expected and not checked in yet: for the organizer, or the coach driver."""
    day = door.event_day(event)
    session = _target(request, event, day)
    people = door.not_here_yet(event, day, session) if day else []
    return render(
        request,
        "registrations/checkin/not_here_yet.html",
        {
            "event": event,
            "day": day,
            "target": session,
            "sessions": door.day_sessions(event, day) if day else [],
            "people": people,
            "count": door.count(event, day, session) if day else None,
            "printed_at": timezone.now(),
        },
    )

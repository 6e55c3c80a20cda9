"""Back-office pages for one event, reached from its page in the admin: the capacity dashboard,
the exports, the printable sign-in sheets and catering sheet, the funder report."""

from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from program.enums import SessionKind
from program.models import Event
from program.translation import use_main_language
from registrations import attendance, exports, selectors
from registrations.admin.base import EXPORT_PERMISSION
from registrations.enums import BookingStatus, Diet, RegistrationStatus

# Shown even at zero; the others (offered, awaiting approval, declined) only where they occur.
EVERY_EVENTS_STATUSES = {
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.CANCELLED,
}


def _event(request: HttpRequest, event_id: int, permission: str) -> Event:
    if not request.user.has_perm(permission):
        raise PermissionDenied
    event = get_object_or_404(Event, pk=event_id)
    use_main_language(event)
    return event


def _admin_context(admin_site, request: HttpRequest, event: Event, title: str) -> dict:
    return {
        **admin_site.each_context(request),
        "event": event,
        "title": title,
        "opts": Event._meta,
        "tz": event.timezone,
    }


def _link(view: str, **query) -> str:
    return f"{reverse(view)}?{urlencode(query)}"


def dashboard(request: HttpRequest, event_id: int, admin_site) -> HttpResponse:
    event = _event(request, event_id, "program.view_event")
    sessions = list(selectors.booked_sessions(event))
    came = attendance.report(event)
    attended = {figures.session.pk: figures.attended for figures in came.sessions}
    for session in sessions:
        session.attended = attended.get(session.pk, 0)
        bookings = "admin:registrations_booking_changelist"
        session.confirmed_url = _link(bookings, session=session.pk, status__exact="confirmed")
        session.waiting_url = _link(bookings, session=session.pk, status__exact="waitlisted")
    statuses = dict(event.registrations.values_list("status").annotate(n=Count("pk")).order_by())
    people = "admin:registrations_registration_changelist"
    totals = [
        (
            label,
            statuses.get(status, 0),
            _link(people, event__id__exact=event.pk, status=status),
        )
        for status, label in RegistrationStatus.choices
        if statuses.get(status) or status in EVERY_EVENTS_STATUSES
    ]
    days = [
        (day, list(day_sessions))
        for day, day_sessions in groupby(
            sessions, key=lambda s: timezone.localtime(s.starts_at, event.tz).date()
        )
    ]
    return render(
        request,
        "admin/program/event/dashboard.html",
        {
            **_admin_context(admin_site, request, event, _("Capacity dashboard")),
            "days": [
                (day, dict(zip(came.days, came.total.by_day, strict=True)).get(day, 0), ss)
                for day, ss in days
            ],
            "totals": totals,
            "attended": came.total.attended,
            "exports": [(name, label) for name, (label, _builder) in exports.EXPORTS.items()],
        },
    )


def download(request: HttpRequest, event_id: int, name: str, file_format: str) -> HttpResponse:
    event = _event(request, event_id, EXPORT_PERMISSION)
    if name not in exports.EXPORTS:
        raise Http404
    return exports.response(exports.for_event(event, name), file_format)


def funder_report(request: HttpRequest, event_id: int, admin_site) -> HttpResponse:
    event = _event(request, event_id, EXPORT_PERMISSION)
    return render(
        request,
        "admin/program/event/funder_report.html",
        {
            **_admin_context(admin_site, request, event, _("Funder report")),
            "report": attendance.report(event),
            "participants": selectors.participants(event).count(),
        },
    )


def sign_in_sheets(request: HttpRequest, event_id: int) -> HttpResponse:
    """One printable sheet per day (everyone with a place) and per session that needs booking.
    Meals get a sheet only when asked: nobody signs for lunch, and a sheet of every name per
    meal would multiply the pages to print."""
    event = _event(request, event_id, EXPORT_PERMISSION)
    day = request.GET.get("day")
    with_meals = request.GET.get("meals") == "1"
    everyone = selectors.by_name(selectors.participants(event))
    sessions = [
        s for s in selectors.booked_sessions(event) if with_meals or s.kind != SessionKind.MEAL
    ]
    people = selectors.session_people(sessions)
    sheets = []
    for date in event.days:
        if day and day != date.isoformat():
            continue
        sheets.append({"date": date, "session": None, "people": everyone})
        for session in sessions:
            if timezone.localtime(session.starts_at, event.tz).date() == date:
                sheets.append(
                    {
                        "date": date,
                        "session": session,
                        "people": [
                            b.registration for b in people[session.pk][BookingStatus.CONFIRMED]
                        ],
                    }
                )
    return render(
        request,
        "registrations/print/sign_in.html",
        {
            "event": event,
            "sheets": sheets,
            "days": event.days,
            "day": day,
            "with_meals": with_meals,
            "tz": event.timezone,
        },
    )


def catering_sheet(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id, EXPORT_PERMISSION)
    return render(
        request,
        "registrations/print/catering.html",
        {
            "event": event,
            "catering": selectors.catering(event),
            "diets": Diet.choices,
            "printed_at": timezone.now(),
            "tz": event.timezone,
        },
    )

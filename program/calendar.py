"""iCalendar files: the programme, one session, a person's own agenda.

Times carry the event's time zone (with its VTIMEZONE), each session keeps one UID for ever, and
SEQUENCE grows whenever a session is edited, so that a calendar updates a moved session instead
of showing it twice.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from program.enums import SessionKind
from program.models import Event, Session

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"


def uid(session: Session) -> str:
    return f"session-{session.pk}@{_host()}"


def _vevent(session: Session, event: Event) -> CalendarEvent:
    tz = event.tz
    item = CalendarEvent()
    item.add("uid", uid(session))
    item.add("summary", session.title)
    item.add("dtstart", timezone.localtime(session.starts_at, tz))
    item.add("dtend", timezone.localtime(session.ends_at, tz))
    item.add("dtstamp", timezone.now())
    item.add("last-modified", session.updated_at)
    # Seconds between creation and the last edit: an integer that grows with every change.
    item.add("sequence", max(int((session.updated_at - session.created_at).total_seconds()), 0))
    place = ", ".join(
        part
        for part in (
            session.room,
            session.venue and session.venue.name,
            session.venue and session.venue.address,
        )
        if part
    )
    if place:
        item.add("location", place)
    description = "\n\n".join(
        part for part in (session.description, session.facilitators, event.title) if part
    )
    if description:
        item.add("description", description)
    item.add("categories", [str(SessionKind(session.kind).label)])
    item.add("url", settings.SITE_URL + reverse("program:programme", args=[event.slug]))
    return item


def calendar(event: Event, sessions: Iterable[Session], *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//livinglab//programme//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", event.timezone)
    for session in sessions:
        cal.add_component(_vevent(session, event))
    # The time zone's rules around the event only: from 1970 on, it costs more than the rest.
    cal.add_missing_timezones(
        first_date=event.starts_on - dt.timedelta(days=366),
        last_date=event.ends_on + dt.timedelta(days=366),
    )
    return cal.to_ical()


def agenda_sessions(sessions: Iterable[Session], booked: set[int]) -> list[Session]:
    """What a person attends: what needs no booking (breaks aside) and what they booked."""
    return [
        s
        for s in sessions
        if s.pk in booked or (not s.requires_booking and s.kind != SessionKind.BREAK)
    ]

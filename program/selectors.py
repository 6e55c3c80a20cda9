"""Reads about events and their programme, shaped for the pages that show them."""

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from program.enums import SessionKind
from program.models import Event, Session, Venue
from program.translation import use_main_language


def visible_events(*, include_drafts: bool = False) -> QuerySet[Event]:
    events = Event.objects.all()
    return events if include_drafts else events.filter(is_published=True)


def event_for_page(*, slug: str, include_drafts: bool = False) -> Event:
    """The event a public page shows; its texts fall back to its main language from now on."""
    event = get_object_or_404(visible_events(include_drafts=include_drafts), slug=slug)
    use_main_language(event)
    return event


@dataclass(frozen=True)
class EventState:
    """What the cache key of a published event's pages needs."""

    pk: int
    version: int
    registration_opens_at: dt.datetime
    registration_closes_at: dt.datetime

    registration_state = Event.registration_state


def event_state(*, slug: str) -> EventState:
    """One light query (no texts): what every visit to a kept page asks, at most once a second."""
    row = (
        visible_events()
        .filter(slug=slug)
        .values_list("pk", "version", "registration_opens_at", "registration_closes_at")
        .first()
    )
    if row is None:
        raise Http404
    return EventState(*row)


def featured_event() -> Event | None:
    """The event the site's front page leads to: the next published one still to come."""
    today = timezone.localdate()
    return (
        visible_events().filter(ends_on__gte=today).order_by("starts_on").first()
        or visible_events().first()
    )


def event_sessions(event: Event) -> list[Session]:
    return list(event.sessions.select_related("venue").order_by("starts_at", "ends_at", "title"))


@dataclass
class Slot:
    """Sessions that run at the same time: a person can attend one of them."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    sessions: list[Session] = field(default_factory=list)

    @property
    def key(self) -> str:
        # Named by its times, not by a session: adding or renaming one keeps the name.
        start, end = (moment.astimezone(dt.UTC) for moment in (self.starts_at, self.ends_at))
        return f"slot_{start:%Y%m%d%H%M}_{end:%Y%m%d%H%M}"

    @property
    def is_meal(self) -> bool:
        return all(s.kind == SessionKind.MEAL for s in self.sessions)

    @property
    def is_choice(self) -> bool:
        return len(self.sessions) > 1


@dataclass
class Row:
    """Sessions that overlap in time, shown side by side."""

    sessions: list[Session]

    @property
    def starts_at(self) -> dt.datetime:
        return min(s.starts_at for s in self.sessions)

    @property
    def ends_at(self) -> dt.datetime:
        return max(s.ends_at for s in self.sessions)

    @property
    def is_parallel(self) -> bool:
        return len(self.sessions) > 1

    @property
    def is_pause(self) -> bool:
        """Breaks and meals alone in their time: shown as a short line, not a card."""
        return not self.is_parallel and self.sessions[0].kind in PAUSES


PAUSES = {SessionKind.BREAK, SessionKind.MEAL}


@dataclass
class Day:
    date: dt.date
    rows: list[Row]


def _local_date(moment: dt.datetime, event: Event) -> dt.date:
    return moment.astimezone(event.tz).date()


def programme_days(event: Event, sessions: list[Session]) -> list[Day]:
    days = []
    for date, day_sessions in groupby(sessions, key=lambda s: _local_date(s.starts_at, event)):
        rows: list[Row] = []
        for session in day_sessions:
            if rows and session.starts_at < rows[-1].ends_at:
                rows[-1].sessions.append(session)
            else:
                rows.append(Row([session]))
        days.append(Day(date=date, rows=rows))
    return days


def booking_slots(sessions: list[Session]) -> list[Slot]:
    """Sessions that need booking, grouped by identical times, in the programme's order."""
    slots: dict[tuple[dt.datetime, dt.datetime], Slot] = {}
    for session in sessions:
        if session.requires_booking:
            times = (session.starts_at, session.ends_at)
            slots.setdefault(times, Slot(*times)).sessions.append(session)
    return sorted(slots.values(), key=lambda slot: (slot.starts_at, slot.ends_at))


@dataclass
class EventSummary:
    venues: list[Venue]
    bookable: list[Session]


def event_summary(event: Event, sessions: list[Session]) -> EventSummary:
    venues = {s.venue.pk: s.venue for s in sessions if s.venue is not None}
    return EventSummary(
        venues=sorted(venues.values(), key=lambda v: v.name),
        bookable=[s for s in sessions if s.requires_booking and s.kind != SessionKind.MEAL],
    )

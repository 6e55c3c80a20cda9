"""Reads for the check-in page: what can be checked in today, finding a person by a part of
their name in any script, and who is not here yet."""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from django.db.models import Prefetch, Q, QuerySet

from program.enums import SessionKind
from program.models import Event, Session
from registrations.enums import BookingStatus, RegistrationStatus
from registrations.models import Attendance, Booking, Registration
from registrations.selectors import by_name

SEARCH_LIMIT = 20


# Greek vowel pairs that read as one sound, written as people write them in Latin letters
# ("Παπαδοπούλου" is typed "Papadopoulou"); letter by letter they would give "oy", "ay", "ey".
GREEK_PAIRS = {"ου": "ou", "αυ": "av", "ευ": "ev"}
GREEK_PAIR = re.compile("|".join(GREEK_PAIRS))


@lru_cache(maxsize=50_000)
def fold(text: str) -> str:
    """A name as it is typed on any keyboard: "Ελένη" → "eleni", "Çela" → "cela", "Петровић" →
    "petrovic". Greek and Cyrillic are transliterated to Latin letters, accents dropped, and
    "dj" read as "d", so that "Đurić", "Djurić" and "Ђурић" all read "duric"."""
    bare = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    latin = anyascii(GREEK_PAIR.sub(lambda pair: GREEK_PAIRS[pair.group()], bare))
    return " ".join(latin.casefold().replace("dj", "d").split())


def event_day(event: Event, now: dt.datetime | None = None) -> dt.date | None:
    """Today in the event's time zone, if the event takes place today."""
    today = event.local_date(now)
    return today if today in event.days else None


def _during(event: Event, day: dt.date, field: str = "starts_at") -> Q:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=event.tz)
    return Q(**{f"{field}__gte": start, f"{field}__lt": start + dt.timedelta(days=1)})


def day_sessions(event: Event, day: dt.date) -> list[Session]:
    """What people can be checked in for on that day, besides the day itself."""
    return list(
        event.sessions.filter(_during(event, day))
        .exclude(kind=SessionKind.BREAK)
        .order_by("starts_at", "title")
    )


def expected(event: Event, session: Session | None = None) -> QuerySet[Registration]:
    """Who should come: everyone with a place, or for a session that needs booking, its seats."""
    people = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    if session is not None and session.requires_booking:
        people = people.filter(bookings__session=session, bookings__status=BookingStatus.CONFIRMED)
    return people


def _seen(day: dt.date, session: Session | None) -> Q:
    """Attendance rows that count as "here": any check-in that day, or at that session."""
    return Q(session=session) if session is not None else Q(day=day)


def with_needs(
    people: QuerySet[Registration], event: Event, day: dt.date, session: Session | None
) -> QuerySet[Registration]:
    """What the door shows of each person: needs, today's seats, and whether they are in."""
    seats = (
        Booking.objects.filter(_during(event, day, "session__starts_at"))
        .filter(status=BookingStatus.CONFIRMED)
        .select_related("session")
        .order_by("session__starts_at")
    )
    return people.select_related("event").prefetch_related(
        "diets",
        Prefetch("bookings", queryset=seats, to_attr="seats_today"),
        Prefetch(
            "attendances",
            queryset=Attendance.objects.filter(_seen(day, session)).select_related("checked_in_by"),
            to_attr="seen",
        ),
    )


@dataclass
class Count:
    present: int
    expected: int


def count(event: Event, day: dt.date, session: Session | None) -> Count:
    people = expected(event, session)
    present = people.filter(
        pk__in=Attendance.objects.filter(_seen(day, session)).values("registration_id")
    )
    return Count(present=present.count(), expected=people.count())


def not_here_yet(event: Event, day: dt.date, session: Session | None) -> list[Registration]:
    """Who is expected and has not been checked in, by name, with what the door needs."""
    arrived = Attendance.objects.filter(_seen(day, session)).values("registration_id")
    people = expected(event, session).exclude(pk__in=arrived)
    return by_name(with_needs(people, event, day, session))


def search(event: Event, query: str, day: dt.date, session: Session | None) -> list[Registration]:
    """People of the event whose name holds every word typed, whatever the script or accents;
    those with a place first. Names are matched in Python: a few thousand at most per event,
    and no database collation folds Greek into Latin."""
    words = fold(query).split()
    if not words:
        return []
    people = Registration.objects.filter(event=event)
    # A code typed or scanned without the page's script comes here too.
    found = list(people.filter(checkin_code=query.strip()).values_list("pk", flat=True))
    names = people.values_list("pk", "first_name", "last_name")
    found += [pk for pk, first, last in names if all(w in fold(f"{first} {last}") for w in words)]
    people = by_name(
        with_needs(
            Registration.objects.filter(pk__in=found[: SEARCH_LIMIT * 2]), event, day, session
        )
    )
    rank = {RegistrationStatus.CONFIRMED: 0, RegistrationStatus.WAITLISTED: 1}
    return sorted(people, key=lambda p: rank.get(p.status, 2))[:SEARCH_LIMIT]

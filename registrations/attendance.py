"""Who attended what, read from the check-ins: for certificates and for the funder's figures.

The rule, in one place: a person attended a session if they were checked in for it; for a
session where nobody was checked in (attendance was taken at the door that day only), if they
were present that day and had a place in it (it needs no booking, or they held a seat). Meals,
breaks and social events count towards presence, not towards hours.

Everything is read in a fixed number of queries, however many people and sessions.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries.fields import Country

from program.enums import SessionKind
from program.models import Event, Session
from registrations.enums import BookingStatus, Gender, OrganisationType, RegistrationStatus
from registrations.models import Attendance, Booking, ErasedFigures, Registration
from registrations.selectors import by_name

NOT_HOURS = {SessionKind.MEAL, SessionKind.BREAK, SessionKind.SOCIAL}


def local_day(session: Session, event: Event) -> dt.date:
    return timezone.localtime(session.starts_at, event.tz).date()


class EventAttendance:
    """The check-ins and seats of an event (or of some of its people), read once."""

    def __init__(self, event: Event, registration_ids: Iterable[int] | None = None) -> None:
        self.event = event
        self.sessions = list(event.sessions.select_related("venue").order_by("starts_at", "title"))
        rows = Attendance.objects.filter(registration__event=event)
        seats = Booking.objects.filter(session__event=event, status=BookingStatus.CONFIRMED)
        if registration_ids is not None:
            ids = list(registration_ids)
            rows, seats = rows.filter(registration__in=ids), seats.filter(registration__in=ids)
        # Sessions where attendance was taken, over the whole event whoever is asked about.
        self.taken = set(
            Attendance.objects.filter(session__event=event).values_list("session_id", flat=True)
        )
        self.days: dict[int, set[dt.date]] = defaultdict(set)
        self.checked: dict[int, set[int]] = defaultdict(set)
        # When each person was first seen each day, and at each session.
        self.seen_at: dict[tuple[int, dt.date | int], dt.datetime] = {}
        for registration_id, day, session_id, at in rows.values_list(
            "registration_id", "day", "session_id", "checked_in_at"
        ):
            self.days[registration_id].add(day)
            first = self.seen_at.get((registration_id, day))
            self.seen_at[registration_id, day] = min(at, first) if first else at
            if session_id:
                self.checked[registration_id].add(session_id)
                self.seen_at[registration_id, session_id] = at
        self.seats: dict[int, set[int]] = defaultdict(set)
        for registration_id, session_id in seats.values_list("registration_id", "session_id"):
            self.seats[registration_id].add(session_id)

    def attended(self, registration_id: int, session: Session) -> bool:
        if session.pk in self.taken:
            return session.pk in self.checked.get(registration_id, ())
        seats = self.seats.get(registration_id, ())
        has_place = not session.requires_booking or session.pk in seats
        return has_place and local_day(session, self.event) in self.days.get(registration_id, ())

    def attendees(self) -> set[int]:
        return {pk for pk, days in self.days.items() if days}


@dataclass
class AttendedDay:
    date: dt.date
    sessions: list[Session] = field(default_factory=list)

    @property
    def duration(self) -> dt.timedelta:
        return sum((s.ends_at - s.starts_at for s in self.sessions), dt.timedelta())


@dataclass
class Record:
    """What one person attended, day by day: what a certificate states."""

    registration: Registration
    days: list[AttendedDay]

    @property
    def duration(self) -> dt.timedelta:
        return sum((d.duration for d in self.days), dt.timedelta())


def _record(facts: EventAttendance, registration: Registration) -> Record:
    days = {day: AttendedDay(day) for day in sorted(facts.days[registration.pk])}
    for session in facts.sessions:
        if session.kind not in NOT_HOURS and facts.attended(registration.pk, session):
            day = local_day(session, facts.event)
            days.setdefault(day, AttendedDay(day)).sessions.append(session)
    return Record(registration=registration, days=sorted(days.values(), key=lambda d: d.date))


def records(event: Event, registrations: QuerySet[Registration]) -> list[Record]:
    """The attendance of each of these people who attended anything, by name."""
    people = by_name(registrations.filter(event=event, attendances__isnull=False).distinct())
    facts = EventAttendance(event, [p.pk for p in people])
    return [record for person in people if (record := _record(facts, person)).days]


def record(registration: Registration) -> Record:
    return _record(EventAttendance(registration.event, [registration.pk]), registration)


# -- figures: registered and attended ------------------------------------------------------------


@dataclass
class Figures:
    """One line of the report: registered, attended (any day), and attended on each day."""

    label: str
    registered: int = 0
    attended: int = 0
    by_day: list[int] = field(default_factory=list)


@dataclass
class Breakdown:
    title: str
    rows: list[Figures]
    total: Figures


@dataclass
class SessionFigures:
    session: Session
    registered: int
    attended: int


@dataclass
class Report:
    days: list[dt.date]
    breakdowns: list[Breakdown]
    sessions: list[SessionFigures]

    @property
    def total(self) -> Figures:
        return self.breakdowns[0].total


PERSON_FIELDS = ("pk", "status", "country", "organisation_type", "gender")
SESSION = ErasedFigures.Breakdown.SESSION


@dataclass
class Count:
    """What some people count for on one line of the report: a country, an organisation type, a
    gender, a session."""

    people: int = 0
    registered: int = 0
    attended: int = 0
    days: Counter = field(default_factory=Counter)
    checked_in: int = 0  # at a session: checked in there (attendance was taken)

    def add(self, other: "Count") -> None:
        self.people += other.people
        self.registered += other.registered
        self.attended += other.attended
        self.days.update(other.days)
        self.checked_in += other.checked_in


def _gender(person) -> str:
    return "" if person["gender"] == Gender.UNDISCLOSED else person["gender"]


# Each breakdown of the report, and what puts a person on one of its lines.
BREAKDOWNS = {
    ErasedFigures.Breakdown.COUNTRY: lambda p: p["country"],
    ErasedFigures.Breakdown.ORGANISATION_TYPE: lambda p: p["organisation_type"],
    ErasedFigures.Breakdown.GENDER: _gender,
}


def event_facts(event: Event) -> EventAttendance:
    """The event's check-ins, with the sessions where attendance was taken from people whose
    data has been erased since: the rule for everyone else stays as it was."""
    facts = EventAttendance(event)
    facts.taken |= {
        int(value)
        for value in ErasedFigures.objects.filter(
            event=event, breakdown=SESSION, checked_in__gt=0
        ).values_list("value", flat=True)
    }
    return facts


def counted_people(event: Event, facts: EventAttendance, ids: Iterable[int] | None = None):
    """Whoever has a place, and whoever came even if they cancelled since."""
    people = Registration.objects.filter(event=event).exclude(status=RegistrationStatus.WAITLISTED)
    if ids is not None:
        people = people.filter(pk__in=list(ids))
    return [
        p
        for p in people.values(*PERSON_FIELDS)
        if p["status"] == RegistrationStatus.CONFIRMED or p["pk"] in facts.days
    ]


def counts(facts: EventAttendance, people) -> dict[tuple[str, str], Count]:
    """Every line of the report, (breakdown, value) → what these people count for on it."""
    lines: dict[tuple[str, str], Count] = defaultdict(Count)
    sessions = [s for s in facts.sessions if s.kind != SessionKind.BREAK]
    for person in people:
        pk, confirmed = person["pk"], person["status"] == RegistrationStatus.CONFIRMED
        present = facts.days.get(pk, set())
        for breakdown, key in BREAKDOWNS.items():
            line = lines[breakdown, key(person)]
            line.people += 1
            line.registered += confirmed
            line.attended += bool(present)
            line.days.update(present)
        for session in sessions:
            line = lines[SESSION, str(session.pk)]
            has_place = not session.requires_booking or session.pk in facts.seats[pk]
            line.registered += confirmed and has_place
            line.attended += facts.attended(pk, session)
            line.checked_in += session.pk in facts.checked.get(pk, ())
    return lines


def erased_counts(event: Event) -> dict[tuple[str, str], Count]:
    return {
        (row.breakdown, row.value): Count(
            row.people,
            row.registered,
            row.attended,
            Counter({dt.date.fromisoformat(day): n for day, n in row.days.items()}),
            row.checked_in,
        )
        for row in ErasedFigures.objects.filter(event=event)
    }


def _figures(label, count: Count, days: list[dt.date]) -> Figures:
    return Figures(str(label), count.registered, count.attended, [count.days[d] for d in days])


def _breakdown(title, breakdown, labels, lines, days) -> Breakdown:
    total = Count()
    for (name, _value), count in lines.items():
        if name == breakdown:
            total.add(count)
    rows = [_figures(label, lines[breakdown, value], days) for value, label in labels]
    return Breakdown(title, rows, _figures(_("Total"), total, days))


def _country_lines(lines) -> list[tuple[str, str]]:
    people = {v: c.people for (b, v), c in lines.items() if b == ErasedFigures.Breakdown.COUNTRY}
    names = {code: str(Country(code=code).name) for code in people}
    return [(code, names[code]) for code in sorted(people, key=lambda c: (-people[c], names[c]))]


def report(event: Event) -> Report:
    """People with a place and people who came, by country, organisation type and gender, per
    day; and per session. People whose data was erased count through their anonymous sums."""
    facts = event_facts(event)
    lines = counts(facts, counted_people(event, facts))
    for key, count in erased_counts(event).items():
        lines[key].add(count)
    days = event.days
    genders = [(v, label) for v, label in Gender.choices if v != Gender.UNDISCLOSED]
    Breakdowns = ErasedFigures.Breakdown
    breakdowns = [
        _breakdown(_("By country"), Breakdowns.COUNTRY, _country_lines(lines), lines, days),
        _breakdown(
            _("By organisation type"),
            Breakdowns.ORGANISATION_TYPE,
            OrganisationType.choices,
            lines,
            days,
        ),
        _breakdown(
            _("By gender"), Breakdowns.GENDER, [*genders, ("", _("Not stated"))], lines, days
        ),
    ]
    sessions = [
        SessionFigures(session, line.registered, line.attended)
        for session in facts.sessions
        if session.kind != SessionKind.BREAK
        for line in [lines[SESSION, str(session.pk)]]
    ]
    return Report(days=days, breakdowns=breakdowns, sessions=sessions)

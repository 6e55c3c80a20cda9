"""The lists the days need, as tables for CSV and XLSX."""

from collections.abc import Iterator

from django.db.models import F, QuerySet
from django.template.defaultfilters import date as date_format
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from program.enums import SessionKind
from program.models import Event, Session
from registrations import selectors
from registrations.enums import (
    BookingStatus,
    Diet,
    Gender,
    OrganisationType,
    RegistrationStatus,
    TravelMode,
    choice_label,
)
from registrations.exports.base import Column, Export, Table
from registrations.exports.rows import attendee_rows, country_name
from registrations.models import Booking, Registration
from registrations.questions import answer_value, event_questions

CHUNK = 1000
# What the rooms-per-night table needs of each guest.
NIGHT_FIELDS = ("first_name", "last_name", "accommodation_nights")


def _when(session: Session) -> str:
    start = timezone.localtime(session.starts_at, session.event.tz)
    end = timezone.localtime(session.ends_at, session.event.tz)
    return f"{date_format(start, 'l j F')}, {start:%H:%M}–{end:%H:%M}"


# Read from registrations, and from the attendee list's plain rows (registrations/exports/rows.py).
PERSON = [
    Column(gettext_lazy("Last name"), lambda r: r.last_name, 18),
    Column(gettext_lazy("First name"), lambda r: r.first_name, 16),
    Column(gettext_lazy("Organisation"), lambda r: r.organisation, 28),
    Column(gettext_lazy("Country"), lambda r: country_name(r.country.code), 14),
]
CONTACT = [
    Column(gettext_lazy("Mobile phone"), lambda r: r.phone, 16),
    Column(gettext_lazy("Email"), lambda r: r.email, 28),
]

# Read from the plain rows of registrations/exports/rows.py, labels in the export's language.
ATTENDEE_COLUMNS = [
    Column(gettext_lazy("Number"), lambda r: r.pk, 8),
    Column(gettext_lazy("Status"), lambda r: r.labels.choice(RegistrationStatus, r.status), 14),
    Column(gettext_lazy("Registered"), lambda r: r.created_at, 17),
    *PERSON[:2],
    *CONTACT,
    PERSON[2],
    Column(
        gettext_lazy("Organisation type"),
        lambda r: r.labels.choice(OrganisationType, r.organisation_type),
        20,
    ),
    Column(PERSON[3].header, lambda r: r.labels.country(r.country), PERSON[3].width),
    Column(gettext_lazy("Job title"), lambda r: r.job_title, 20),
    Column(gettext_lazy("Languages"), lambda r: r.language_labels, 18),
    Column(gettext_lazy("Gender"), lambda r: r.labels.choice(Gender, r.gender), 12),
    Column(gettext_lazy("Language for messages"), lambda r: r.preferred_language, 10),
    Column(gettext_lazy("Dietary requirements"), lambda r: r.diet_labels, 20),
    Column(gettext_lazy("Other dietary requirement"), lambda r: r.diet_other, 20),
    Column(gettext_lazy("Allergies"), lambda r: r.allergies, 24),
    Column(gettext_lazy("Accessibility needs"), lambda r: r.accessibility_needs, 24),
    Column(gettext_lazy("Travelling by"), lambda r: r.labels.choice(TravelMode, r.travel_mode), 12),
    Column(gettext_lazy("Arrival date"), lambda r: r.arrival_date, 12),
    Column(gettext_lazy("Arrival time"), lambda r: r.arrival_time, 9),
    Column(gettext_lazy("Arriving at"), lambda r: r.arrival_place, 22),
    Column(gettext_lazy("Departure date"), lambda r: r.departure_date, 12),
    Column(gettext_lazy("Departure time"), lambda r: r.departure_time, 9),
    Column(gettext_lazy("Leaving from"), lambda r: r.departure_place, 22),
    Column(gettext_lazy("Accommodation nights"), lambda r: r.nights, 24),
    Column(gettext_lazy("Number of nights"), lambda r: len(r.accommodation_nights), 9),
    Column(gettext_lazy("Invitation letter wanted"), lambda r: r.needs_invitation_letter, 10),
    Column(gettext_lazy("Invitation letter sent"), lambda r: r.invitation_letter_sent_at, 17),
    Column(gettext_lazy("Photo consent"), lambda r: r.photo_consent, 9),
    Column(gettext_lazy("Sessions booked"), lambda r: r.sessions_booked, 40),
    Column(gettext_lazy("Waiting lists"), lambda r: r.sessions_waiting, 30),
    Column(gettext_lazy("Cancelled"), lambda r: r.cancelled_at, 17),
]


def answer_columns(events, person=lambda row: row) -> list[Column]:
    """A column per question of these events (ids), answered by each row's `person`:
    formula-safe like every other, as answers are written as text, dates or yes and no."""
    return [
        Column(q.label, lambda row, q=q: answer_value(q, person(row).answers.get(q.key)), 24)
        for q in event_questions(events)
    ]


def _registrant(booking: Booking) -> Registration:
    return booking.registration


def attendees(registrations: QuerySet[Registration], *, event: Event | None = None) -> Export:
    """Every field, one row per registration, for whatever selection the admin list shows,
    with the answers to the event's own questions."""
    rows = attendee_rows(registrations.order_by("last_name", "first_name", "pk"))
    events = registrations.order_by().values_list("event_id", flat=True).distinct()
    columns = [*ATTENDEE_COLUMNS, *answer_columns(events)]
    return Export(
        name=f"{event.slug}-attendees" if event else "attendees",
        title=_("Attendees"),
        tables=[Table(_("Attendees"), columns, rows)],
        tz=event.tz if event else None,
    )


QUEUE_COLUMNS = [
    Column(gettext_lazy("Position"), lambda b: b.position, 9),
    Column(gettext_lazy("Status"), lambda b: choice_label(BookingStatus, b.status), 16),
    *[Column(c.header, lambda b, c=c: c.value(b.registration), c.width) for c in PERSON + CONTACT],
    Column(gettext_lazy("Booked at"), lambda b: b.queued_at, 17),
]


def bookings(queryset: QuerySet[Booking]) -> Export:
    """A selection of bookings, session by session, seats first, then in queue order."""
    columns = [
        Column(gettext_lazy("Session"), lambda b: b.session.title, 30),
        Column(gettext_lazy("When"), lambda b: _when(b.session), 26),
        *QUEUE_COLUMNS[1:],
        *answer_columns(
            queryset.order_by().values_list("session__event_id", flat=True).distinct(),
            _registrant,
        ),
    ]
    rows = queryset.select_related("registration", "session__event").order_by(
        "session__starts_at", "session__title", selectors.STATUS_RANK, "queued_at", "pk"
    )
    return Export(
        name="bookings",
        title=_("Bookings"),
        tables=[Table(_("Bookings"), columns, rows.iterator(chunk_size=CHUNK))],
    )


def _per_session(sessions: list[Session], bookings: QuerySet[Booking]) -> list[Iterator[Booking]]:
    """The rows of each session's table, cut from one query read in chunks: the tables are
    written one after the other, each taking its session's rows as they stream by. Each
    status of a session is numbered from 1 (seat, or place in the waiting list)."""
    order = {session.pk: n for n, session in enumerate(sessions)}
    rows = bookings.iterator(CHUNK)
    ahead: list[Booking] = []

    def table(session: Session) -> Iterator[Booking]:
        positions: dict[str, int] = {}
        while True:
            booking = ahead.pop() if ahead else next(rows, None)
            if booking is None:
                return
            if order[booking.session_id] > order[session.pk]:
                ahead.append(booking)  # the next table's first row
                return
            if booking.session_id == session.pk:
                positions[booking.status] = positions.get(booking.status, 0) + 1
                booking.position = positions[booking.status]
                yield booking

    return [table(session) for session in sessions]


def session_lists(event: Event, sessions: list[Session] | None = None) -> Export:
    """Per session: who holds a seat (by name), then who waits (in order)."""
    sessions = sessions if sessions is not None else list(selectors.booked_sessions(event))
    rows = _per_session(sessions, selectors.queues([s.pk for s in sessions]))
    columns = [*QUEUE_COLUMNS, *answer_columns([event.pk], _registrant)]
    tables = [
        Table(
            title=session.title,
            note=f"{session.title} · {_when(session)}",
            columns=columns,
            rows=session_rows,
        )
        for session, session_rows in zip(sessions, rows, strict=True)
    ]
    return Export(
        name=f"{event.slug}-sessions", title=_("Session lists"), tables=tables, tz=event.tz
    )


def coach_manifest(event: Event) -> Export:
    visits = list(selectors.booked_sessions(event).filter(kind=SessionKind.SITE_VISIT))
    seats = selectors.queues([v.pk for v in visits], statuses=[BookingStatus.CONFIRMED])
    columns = [
        Column(gettext_lazy("Seat"), lambda b: b.position, 6),
        *[
            Column(c.header, lambda b, c=c: c.value(b.registration), c.width)
            for c in PERSON + CONTACT
        ],
        Column(
            gettext_lazy("Accessibility needs"), lambda b: b.registration.accessibility_needs, 28
        ),
        Column(gettext_lazy("On board"), lambda b: "", 10),
        *answer_columns([event.pk], _registrant),
    ]
    tables = [
        Table(
            title=visit.title,
            note=f"{visit.title} · {_when(visit)}",
            columns=columns,
            rows=visit_rows,
        )
        for visit, visit_rows in zip(visits, _per_session(visits, seats), strict=True)
    ]
    return Export(name=f"{event.slug}-coach", title=_("Coach manifest"), tables=tables, tz=event.tz)


def meal_label(session: Session) -> str:
    """A meal as the kitchen names it: "Lunch, Tue 10"."""
    day = timezone.localtime(session.starts_at, session.event.tz)
    return f"{session.title}, {date_format(day, 'D j')}"


def catering(event: Event) -> Export:
    figures = selectors.catering(event)
    count_columns = [
        Column(gettext_lazy("Meal"), lambda m: m.session.title, 24),
        Column(gettext_lazy("When"), lambda m: _when(m.session), 26),
        Column(gettext_lazy("People expected"), lambda m: m.total, 10),
        Column(gettext_lazy("No requirement"), lambda m: m.without_requirement, 10),
        *[Column(diet.label, lambda m, d=diet: m.by_diet.get(d, 0), 10) for diet in Diet],
    ]
    special_columns = [
        *[Column(c.header, lambda s, c=c: c.value(s.person), c.width) for c in PERSON[:3]],
        Column(gettext_lazy("Meals"), lambda s: [meal_label(m) for m in s.meals], 30),
        Column(gettext_lazy("Dietary requirements"), lambda s: s.person.diet_labels, 20),
        Column(gettext_lazy("Other dietary requirement"), lambda s: s.person.diet_other, 20),
        Column(gettext_lazy("Allergies"), lambda s: s.person.allergies, 30),
    ]
    return Export(
        name=f"{event.slug}-catering",
        title=_("Catering"),
        tables=[
            Table(_("Meals"), count_columns, figures.meals),
            Table(_("Allergies and other requirements"), special_columns, figures.special),
        ],
        tz=event.tz,
    )


TRAVEL_MODE = Column(
    gettext_lazy("Travelling by"), lambda r: choice_label(TravelMode, r.travel_mode), 12
)
ARRIVAL_COLUMNS = [
    Column(gettext_lazy("Arrival date"), lambda r: r.arrival_date, 12),
    Column(gettext_lazy("Arrival time"), lambda r: r.arrival_time, 9),
    Column(gettext_lazy("Arriving at"), lambda r: r.arrival_place, 26),
    TRAVEL_MODE,
    *PERSON,
    *CONTACT,
]
DEPARTURE_COLUMNS = [
    Column(gettext_lazy("Departure date"), lambda r: r.departure_date, 12),
    Column(gettext_lazy("Departure time"), lambda r: r.departure_time, 9),
    Column(gettext_lazy("Leaving from"), lambda r: r.departure_place, 26),
    TRAVEL_MODE,
    *PERSON,
    *CONTACT,
]
ROOM_COLUMNS = [
    *PERSON,
    Column(gettext_lazy("Accommodation nights"), lambda r: r.nights, 30),
    Column(gettext_lazy("Number of nights"), lambda r: len(r.accommodation_nights), 9),
    Column(gettext_lazy("Accessibility needs"), lambda r: r.accessibility_needs, 24),
    *CONTACT,
]
NIGHT_COLUMNS = [
    Column(gettext_lazy("Night of"), lambda n: n.date, 12),
    Column(gettext_lazy("Rooms"), lambda n: len(n.guests), 8),
    Column(gettext_lazy("Guests"), lambda n: [r.full_name for r in n.guests], 80),
]
LETTER_COLUMNS = [
    *PERSON,
    Column(gettext_lazy("Email"), lambda r: r.email, 28),
    Column(gettext_lazy("Invitation letter sent"), lambda r: r.invitation_letter_sent_at, 17),
]


def _in_chunks(queryset, *order):
    """Sorted by the database and read in chunks: nothing holds every row at once."""
    return queryset.order_by(*order, "last_name", "first_name", "pk").iterator(CHUNK)


def _by_moment(people, moment: str):
    day, time, place = (f"{moment}_{part}" for part in ("date", "time", "place"))
    with_moment = people.exclude(**{f"{day}__isnull": True})
    return _in_chunks(with_moment, day, F(time).asc(nulls_last=True), place)


def travel(event: Event) -> Export:
    people = selectors.participants(event)
    with_rooms = people.exclude(accommodation_nights=[])
    nights = selectors.accommodation_nights(with_rooms.only(*NIGHT_FIELDS).iterator(CHUNK))
    letters = _in_chunks(people.filter(needs_invitation_letter=True))
    answers = answer_columns([event.pk])
    return Export(
        name=f"{event.slug}-travel",
        title=_("Travel and accommodation"),
        tables=[
            Table(_("Arrivals"), [*ARRIVAL_COLUMNS, *answers], _by_moment(people, "arrival")),
            Table(_("Departures"), [*DEPARTURE_COLUMNS, *answers], _by_moment(people, "departure")),
            Table(_("Accommodation"), [*ROOM_COLUMNS, *answers], _in_chunks(with_rooms)),
            Table(_("Rooms per night"), NIGHT_COLUMNS, nights),
            Table(_("Invitation letters"), [*LETTER_COLUMNS, *answers], letters),
        ],
        tz=event.tz,
    )


EXPORTS = {
    "attendees": (gettext_lazy("Attendee list"), None),
    "sessions": (gettext_lazy("Session lists: confirmed and waiting"), session_lists),
    "catering": (gettext_lazy("Catering: meals and dietary requirements"), catering),
    "travel": (gettext_lazy("Travel and accommodation"), travel),
    "coach": (gettext_lazy("Coach manifest"), coach_manifest),
}


def for_event(event: Event, name: str) -> Export:
    if name == "attendees":
        active = Registration.objects.filter(event=event).exclude(
            status=RegistrationStatus.CANCELLED
        )
        return attendees(active, event=event)
    return EXPORTS[name][1](event)

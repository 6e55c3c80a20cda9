"""Reads about registrations, shaped for the pages that show them."""

import datetime as dt
import unicodedata
from dataclasses import dataclass, field, replace

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404

from program.enums import SessionKind
from program.models import Session
from program.translation import use_main_language
from registrations.enums import (
    BookingStatus,
    Diet,
    RegistrationStatus,
)
from registrations.models import AccessKey, Booking, Registration
from registrations.services.links import digest, has_expired


def active_bookings() -> QuerySet[Booking]:
    waiting_before = (
        Booking.objects.filter(
            session=OuterRef("session"),
            status=BookingStatus.WAITLISTED,
            queued_at__lt=OuterRef("queued_at"),
        )
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Booking.objects.exclude(status=BookingStatus.CANCELLED)
        .select_related("session__venue")
        .annotate(waiting_before=Subquery(waiting_before))
        .order_by("session__starts_at", "session__title")
    )


def registration_for_key(*, slug: str, key: str, calendar: bool = False) -> Registration:
    """The registration a live private link (or its calendar feed) opens, with what its pages
    show; the same 404 for a wrong, unknown, revoked or expired key."""
    lookup = {"calendar_digest" if calendar else "digest": digest(key)}
    access = (
        AccessKey.objects.select_related("registration__event")
        .filter(**lookup, revoked_at__isnull=True, registration__event__slug=slug)
        .first()
    )
    if access is None or has_expired(access.registration.event):
        raise Http404
    registration = access.registration
    use_main_language(registration.event)
    registration.access_key = access
    bookings = list(active_bookings().filter(registration=registration))
    registration.active_bookings = bookings
    registration.held = {b.session_id: b.status for b in bookings}
    if registration.status == RegistrationStatus.WAITLISTED:
        registration.waiting_before = Registration.objects.filter(
            event_id=registration.event_id,
            status=RegistrationStatus.WAITLISTED,
            queued_at__lt=registration.queued_at,
        ).count()
    return registration


# -- what the days need: reads behind the back-office pages and exports -----------------------


def participants(event) -> QuerySet[Registration]:
    """People who hold a place at the event."""
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)


def for_export(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Everything an attendee row shows, in a fixed number of queries however many rows."""
    return registrations.select_related("event").prefetch_related(
        "diets",
        Prefetch(
            "bookings",
            queryset=Booking.objects.exclude(status=BookingStatus.CANCELLED)
            .select_related("session")
            .order_by("session__starts_at"),
        ),
    )


def booked_sessions(event) -> QuerySet:
    """Sessions that need booking, with their confirmed and waiting counts."""
    return (
        event.sessions.filter(requires_booking=True)
        .select_related("venue")
        .annotate(
            confirmed=Count("bookings", filter=Q(bookings__status=BookingStatus.CONFIRMED)),
            waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITLISTED)),
        )
        .order_by(*SESSION_ORDER)
    )


SESSION_ORDER = ("starts_at", "title", "pk")
# Within a session: seats first, then the waiting list, then what waits for a place at the
# event, then what was given up.
STATUS_RANK = Case(
    *[
        When(status=status, then=Value(rank))
        for rank, status in enumerate(
            [
                BookingStatus.CONFIRMED,
                BookingStatus.WAITLISTED,
                BookingStatus.PENDING,
                BookingStatus.CANCELLED,
            ]
        )
    ],
    output_field=IntegerField(),
)


def queues(session_ids, statuses=(BookingStatus.CONFIRMED, BookingStatus.WAITLISTED)):
    """The bookings of many sessions in one query, session after session in programme order:
    the seats by name (in the database's collation), then the waiting list in its order."""
    is_seat = Q(status=BookingStatus.CONFIRMED)
    return (
        Booking.objects.filter(session__in=session_ids, status__in=statuses)
        .select_related("registration")
        .order_by(
            *(f"session__{field}" for field in SESSION_ORDER),
            STATUS_RANK,
            Case(When(is_seat, then=F("registration__last_name"))),
            Case(When(is_seat, then=F("registration__first_name"))),
            "queued_at",
            "pk",
        )
    )


def session_people(sessions) -> dict[int, dict[str, list[Booking]]]:
    """For each session: its confirmed bookings by name, and its waiting list in order."""
    people: dict[int, dict[str, list[Booking]]] = {
        s.pk: {"confirmed": [], "waitlisted": []} for s in sessions
    }
    for booking in queues(list(people)):
        people[booking.session_id][booking.status].append(booking)
    for lists in people.values():
        lists["confirmed"].sort(key=lambda b: _name_key(b.registration))
    return people


# Letters that carry no accent to strip, yet are looked up under a Latin letter.
_BASE_LETTERS = str.maketrans(
    {"đ": "d", "ł": "l", "ø": "o", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"}
)


def _sortable(text: str) -> str:
    # "Çela" sorts with C, "Đurić" with D and "Ålund" with A, as people look them up on paper.
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_BASE_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _name_key(registration: Registration) -> tuple[str, str]:
    return (_sortable(registration.last_name), _sortable(registration.first_name))


def by_name(registrations) -> list[Registration]:
    return sorted(registrations, key=_name_key)


@dataclass
class MealFigures:
    session: Session | None = None
    total: int = 0
    without_requirement: int = 0
    by_diet: dict[str, int] = field(default_factory=dict)

    @property
    def diet_counts(self) -> list[int]:
        """Counts in the order of the Diet choices."""
        return [self.by_diet.get(diet, 0) for diet in Diet]


@dataclass
class SpecialNeeds:
    """A person whose allergies or other requirement the caterer must read, and the meals
    they take."""

    person: Registration
    meals: list[Session]
    every_meal: bool = False  # one short line on the sheet rather than a list of every meal


@dataclass
class Catering:
    meals: list[MealFigures]
    special: list[SpecialNeeds]  # each person once, by name


def _meal_figures(rows: QuerySet, *, meal, person: str, diet: str) -> dict:
    """Per meal: people, those without requirement, and each requirement, in two queries.
    `rows` name a meal (`meal`, an expression) and a person (`person`, a field)."""
    rows = rows.order_by().annotate(meal=meal)
    figures = {
        key: MealFigures(total=n)
        for key, n in rows.values_list("meal").annotate(n=Count(person, distinct=True))
    }
    for key, code, n in rows.values_list("meal", diet).annotate(n=Count(person, distinct=True)):
        if code is None:
            figures[key].without_requirement = n
        else:
            figures[key].by_diet[code] = n
    return figures


def catering(event) -> Catering:
    """For each meal: the people who booked it or, for a meal that needs no booking, everyone
    with a place; then the people with special needs, once each. The queries depend on
    neither the number of meals nor of people."""
    meals = list(
        event.sessions.filter(kind=SessionKind.MEAL).select_related("venue").order_by("starts_at")
    )
    booked = [m.pk for m in meals if m.requires_booking]
    for_everyone = any(not m.requires_booking for m in meals)
    seats = Booking.objects.filter(session__in=booked, status=BookingStatus.CONFIRMED)
    figures = _meal_figures(
        seats, meal=F("session_id"), person="registration_id", diet="registration__diets__diet"
    )
    if for_everyone:
        figures[None] = _meal_figures(
            participants(event), meal=Value(0), person="pk", diet="diets__diet"
        ).get(0, MealFigures())
    takes_a_meal = Q(pk__in=seats.values("registration_id"))
    if for_everyone:
        takes_a_meal |= Q(status=RegistrationStatus.CONFIRMED)
    special = Registration.objects.filter(takes_a_meal, event=event).exclude(
        allergies="", diet_other=""
    )
    special = special.prefetch_related(
        "diets", Prefetch("bookings", queryset=seats, to_attr="meal_bookings")
    )
    return Catering(
        meals=[
            replace(figures.get(m.pk if m.requires_booking else None, MealFigures()), session=m)
            for m in meals
        ],
        special=[
            SpecialNeeds(person, taken, every_meal=len(taken) == len(meals))
            for person in by_name(special)
            for taken in [_meals_of(person, meals)]
        ],
    )


def _meals_of(person: Registration, meals: list[Session]) -> list[Session]:
    booked = {b.session_id for b in person.meal_bookings}
    has_place = person.status == RegistrationStatus.CONFIRMED
    return [m for m in meals if m.pk in booked or (has_place and not m.requires_booking)]


@dataclass
class Night:
    date: object
    guests: list[Registration]


def accommodation_nights(registrations) -> list[Night]:
    nights: dict[str, list[Registration]] = {}
    for registration in registrations:
        for night in registration.accommodation_nights:
            nights.setdefault(night, []).append(registration)
    return [
        Night(date=dt.date.fromisoformat(night), guests=by_name(guests))
        for night, guests in sorted(nights.items())
    ]

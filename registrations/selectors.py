"""Reads about registrations, shaped for the pages that show them."""

import datetime as dt
import unicodedata
from dataclasses import dataclass, field, replace

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from program.enums import SessionKind
from registrations.enums import (
    BookingStatus,
    Diet,
    RegistrationStatus,
)
from registrations.models import AccessKey, Booking, Registration
from registrations.services.links import digest


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
    show; 404 for a wrong or revoked key."""
    lookup = {"calendar_digest" if calendar else "digest": digest(key)}
    access = (
        AccessKey.objects.select_related("registration__event")
        .filter(**lookup, revoked_at__isnull=True, registration__event__slug=slug)
        .first()
    )
    if access is None:
        raise Http404
    registration = access.registration
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
        .order_by("starts_at", "title")
    )


def session_people(sessions) -> dict[int, dict[str, list[Booking]]]:
    """For each session: its confirmed bookings by name, and its waiting list in order."""
    people: dict[int, dict[str, list[Booking]]] = {
        s.pk: {"confirmed": [], "waitlisted": []} for s in sessions
    }
    bookings = (
        Booking.objects.filter(
            session__in=list(people),
            status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITLISTED],
        )
        .select_related("registration")
        .order_by("queued_at", "id")
    )
    for booking in bookings:
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
    session: object
    total: int = 0
    without_requirement: int = 0
    by_diet: dict[str, int] = field(default_factory=dict)
    # People with allergies or another requirement: the caterer needs their names.
    special: list[Registration] = field(default_factory=list)

    @property
    def diet_counts(self) -> list[int]:
        """Counts in the order of the Diet choices."""
        return [self.by_diet.get(diet, 0) for diet in Diet]


def _meal_figures(people: QuerySet[Registration]) -> MealFigures:
    """Counts and special needs of a set of people, in four queries."""
    people = people.order_by()
    figures = MealFigures(session=None, total=people.count())
    figures.without_requirement = people.filter(diets__isnull=True).count()
    figures.by_diet = dict(
        people.exclude(diets__isnull=True).values_list("diets__diet").annotate(n=Count("pk"))
    )
    figures.special = list(
        people.exclude(Q(allergies="") & Q(diet_other=""))
        .prefetch_related("diets")
        .order_by("last_name", "first_name")
    )
    return figures


def catering(event) -> list[MealFigures]:
    """For each meal: the people who booked it or, for a meal that needs no booking, everyone
    with a place. The queries depend on the number of meals, not of people."""
    meals = event.sessions.filter(kind=SessionKind.MEAL).select_related("venue")
    everyone = None
    result = []
    for meal in meals.order_by("starts_at"):
        if meal.requires_booking:
            figures = _meal_figures(
                Registration.objects.filter(
                    bookings__session=meal, bookings__status=BookingStatus.CONFIRMED
                )
            )
        else:
            everyone = everyone or _meal_figures(participants(event))
            figures = replace(everyone)
        figures.session = meal
        result.append(figures)
    return result


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

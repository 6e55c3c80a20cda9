"""The attendee list's rows, read as plain values: fast for a hundred thousand registrations.

A model instance per registration, its diets and its bookings (each with its session, whose
texts come in every language) costs more than writing the row: the attendee export reads
plain column values instead, a chunk at a time from a server-side cursor, with the diets and
the booked sessions of each chunk in two queries, and the sessions' titles read once. Memory
holds one chunk, whatever the number of rows.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from itertools import islice

from django.db.models import QuerySet
from django.utils.translation import get_language, override
from django_countries.fields import Country

from program.models import Session
from registrations.enums import BookingStatus, Diet, SpokenLanguage, label_in
from registrations.models import Booking, DietaryRequirement, Registration

CHUNK = 2000
# Every column of the registration's own row.
FIELDS = tuple(field.attname for field in Registration._meta.concrete_fields)


@lru_cache(maxsize=512)
def country_in(code: str, language: str) -> str:
    """A country's name in the given language."""
    if not code:
        return ""
    with override(language):
        return str(Country(code=code).name)


def country_name(code: str) -> str:
    return country_in(code, get_language())


class Labels:
    """Choices' labels and countries' names in the export's language: asking which language is
    active for every cell of a hundred thousand rows costs more than writing them."""

    def __init__(self) -> None:
        self.language = get_language()

    def choice(self, choices: type, value: str) -> str:
        return label_in(choices, value, self.language)

    def country(self, code: str) -> str:
        return country_in(code, self.language)


class AttendeeRow:
    """One registration's values, under the names the columns read."""

    def __init__(
        self,
        values: dict,
        labels: Labels,
        diets: list[str],
        booked: list[str],
        waiting: list[str],
    ):
        self.__dict__.update(values)
        self.labels = labels
        self.pk = values["id"]
        self.diet_codes = sorted(diets)
        self.sessions_booked = booked
        self.sessions_waiting = waiting

    @property
    def language_labels(self) -> list[str]:
        return [self.labels.choice(SpokenLanguage, code) for code in self.languages]

    @property
    def diet_labels(self) -> list[str]:
        return [self.labels.choice(Diet, code) for code in self.diet_codes]

    @property
    def nights(self) -> list[dt.date]:
        return sorted(dt.date.fromisoformat(night) for night in self.accommodation_nights)


def attendee_rows(registrations: QuerySet[Registration]) -> Iterator[AttendeeRow]:
    """The rows of these registrations, in the queryset's order."""
    events = registrations.order_by().values_list("event_id", flat=True).distinct()
    # In the page's language (falling back like every text), in the programme's order.
    sessions = Session.objects.filter(event_id__in=events).order_by("starts_at", "pk")
    titles = {session.pk: (rank, session.title) for rank, session in enumerate(sessions)}
    labels = Labels()
    values = registrations.values(*FIELDS).iterator(chunk_size=CHUNK)
    while chunk := list(islice(values, CHUNK)):
        ids = [row["id"] for row in chunk]
        diets = defaultdict(list)
        for registration_id, diet in DietaryRequirement.objects.filter(
            registration_id__in=ids
        ).values_list("registration_id", "diet"):
            diets[registration_id].append(diet)
        held = {
            BookingStatus.CONFIRMED: defaultdict(list),
            BookingStatus.WAITLISTED: defaultdict(list),
        }
        for registration_id, status, session_id in Booking.objects.filter(
            registration_id__in=ids, status__in=list(held)
        ).values_list("registration_id", "status", "session_id"):
            held[status][registration_id].append(titles[session_id])
        for row in chunk:
            pk = row["id"]
            yield AttendeeRow(
                row,
                labels,
                diets[pk],
                [title for _rank, title in sorted(held[BookingStatus.CONFIRMED][pk])],
                [title for _rank, title in sorted(held[BookingStatus.WAITLISTED][pk])],
            )

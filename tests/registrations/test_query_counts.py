"""Query counts of the back office do not grow with the size of the event: the same number of
queries for a few sessions or many, a few people or many, a few bookings or many."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from program.enums import SessionKind
from registrations import exports, services
from registrations.models import Booking, Registration
from tests.factories import (
    EventFactory,
    MealFactory,
    QuestionFactory,
    SessionFactory,
    paris,
    register,
)

pytestmark = pytest.mark.django_db

# (units of the programme, people): each unit is a workshop, a booked meal and a site visit.
SIZES = {"small": (1, 3), "more sessions": (4, 3), "more people": (1, 24)}


def _unit(event, n: int) -> list:
    """Three sessions that follow each other: day n % 3, morning or afternoon."""
    day = event.starts_on + dt.timedelta(days=n % 3)
    hour = 8 + 5 * (n // 3)
    return [
        SessionFactory(
            event=event,
            title=f"Workshop {n}",
            capacity=2,  # the third person and later wait
            starts_at=paris(day, hour),
            ends_at=paris(day, hour + 1),
        ),
        MealFactory(
            event=event,
            title=f"Lunch {n}",
            starts_at=paris(day, hour + 1),
            ends_at=paris(day, hour + 2),
        ),
        SessionFactory(
            event=event,
            title=f"Visit {n}",
            kind=SessionKind.SITE_VISIT,
            capacity=None,
            starts_at=paris(day, hour + 2),
            ends_at=paris(day, hour + 4),
        ),
    ]


def sized_event(units: int, people: int):
    """An event of the given size: everyone books every session, has needs and travel plans;
    one person waits for the event and one cancelled."""
    event = EventFactory(capacity=people)
    # A meal for everyone with a place, needing no booking: counted without bookings.
    MealFactory(event=event, title="Welcome buffet", requires_booking=False)
    sessions = [session for n in range(units) for session in _unit(event, n)]
    eve = event.starts_on - dt.timedelta(days=1)
    role = QuestionFactory(event=event, section="organisation")
    topics = QuestionFactory(event=event, kind="several_choices", choices=["A", "B", "C"])
    chosen = [c.pk for c in topics.choices.all()]
    for n in range(people + 2):
        register(
            event,
            sessions=sessions,
            answers={role.key: f"Role {n}", topics.key: chosen[: n % 3 + 1]},
            last_name=f"Person{n}",
            diets=["vegan", "gluten_free"] if n % 2 else [],
            allergies="Peanuts" if n % 3 == 0 else "",
            diet_other="No pork" if n % 4 == 1 else "",
            accessibility_needs="Step-free access" if n % 5 == 0 else "",
            gender="female" if n % 2 else "",
            arrival_date=eve,
            departure_date=event.ends_on,
            accommodation_nights=[eve.isoformat(), event.starts_on.isoformat()],
            needs_invitation_letter=bool(n % 2),
        )
    services.cancel_registration(registration=Registration.objects.filter(event=event).first())
    return event


@pytest.fixture
def events() -> dict:
    return {name: sized_event(*size) for name, size in SIZES.items()}


def _counted(action, *args) -> int:
    with CaptureQueriesContext(connection) as queries:
        action(*args)
    return len(queries)


def _growing(counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """The lists whose number of queries changes with the size of the event, with the counts."""
    return {name: by_size for name, by_size in counts.items() if len(set(by_size.values())) > 1}


def _download(build, event) -> None:
    for file_format in ("csv", "xlsx"):
        response = exports.response(build(event), file_format)
        assert b"".join(response.streaming_content)


EXPORTS = {
    **{name: (lambda event, name=name: exports.for_event(event, name)) for name in exports.EXPORTS},
    "bookings": lambda event: exports.bookings(Booking.objects.filter(session__event=event)),
    "attendees (admin selection)": lambda event: exports.attendees(
        Registration.objects.filter(event=event)
    ),
}


def test_every_export_runs_the_same_queries_whatever_the_size_of_the_event(events):
    counts = {
        name: {size: _counted(_download, build, event) for size, event in events.items()}
        for name, build in EXPORTS.items()
    }

    assert _growing(counts) == {}


def _first_answer(event) -> str:
    """The filter's value for the first choice of the event's question with choices."""
    question = event.questions.get(kind="several_choices")
    return f"{question.pk}:{question.choices.first().pk}"


PAGES = {
    "dashboard": lambda e: reverse("admin:program_event_dashboard", args=[e.pk]),
    "funder report": lambda e: reverse("admin:program_event_funder_report", args=[e.pk]),
    "sign-in sheets": lambda e: reverse("admin:program_event_sign_in_sheets", args=[e.pk]),
    "sign-in sheets with meals": lambda e: (
        reverse("admin:program_event_sign_in_sheets", args=[e.pk]) + "?meals=1"
    ),
    "catering sheet": lambda e: reverse("admin:program_event_catering_sheet", args=[e.pk]),
    "registrations": lambda e: (
        reverse("admin:registrations_registration_changelist") + f"?event__id__exact={e.pk}"
    ),
    "bookings": lambda e: (
        reverse("admin:registrations_booking_changelist") + f"?session__event__id__exact={e.pk}"
    ),
    "sessions": lambda e: reverse("admin:program_session_changelist") + f"?event__id__exact={e.pk}",
    "events": lambda e: reverse("admin:program_event_changelist"),
    "emails": lambda e: (
        reverse("admin:registrations_outgoingemail_changelist")
        + f"?registration__event__id__exact={e.pk}"
    ),
    "registrations by answer": lambda e: (
        reverse("admin:registrations_registration_changelist")
        + f"?event__id__exact={e.pk}&answer={_first_answer(e)}"
    ),
    "message to participants": lambda e: reverse("admin:program_event_message", args=[e.pk]),
    "export of the registration list": lambda e: (
        reverse("admin:registrations_registration_export", args=["csv"])
        + f"?event__id__exact={e.pk}"
    ),
    "export of the booking list": lambda e: (
        reverse("admin:registrations_booking_export", args=["csv"])
        + f"?session__event__id__exact={e.pk}"
    ),
}


def _page(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    if response.streaming:
        assert b"".join(response.streaming_content)


def test_every_back_office_page_runs_the_same_queries_whatever_the_size_of_the_event(
    admin_client, events
):
    counts = {
        name: {size: _counted(_page, admin_client, url(event)) for size, event in events.items()}
        for name, url in PAGES.items()
    }

    assert _growing(counts) == {}

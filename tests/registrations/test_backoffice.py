import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registrations import selectors
from tests.factories import EventFactory, MealFactory, SessionFactory, paris, register
from tests.html import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(
        title="Living Lab +Resilient",
        capacity=3,
        funding_acknowledgement="Co-financed by Interreg MED.",
    )
    day = event.starts_on
    card = SessionFactory(
        event=event, title="Card game", capacity=1, starts_at=paris(day, 9), ends_at=paris(day, 11)
    )
    lunch = SessionFactory(
        event=event,
        title="Lunch",
        kind="meal",
        capacity=None,
        starts_at=paris(day, 12),
        ends_at=paris(day, 13),
    )
    register(
        event,
        sessions=[card, lunch],
        last_name="Zorić",
        first_name="Ana",
        organisation="Grad Split",
        country="HR",
    )
    register(
        event,
        sessions=[card, lunch],
        last_name="Ćosić",
        first_name="Ivo",
        organisation="Grad Rijeka",
        country="HR",
    )
    register(
        event,
        sessions=[lunch],
        last_name="Alves",
        first_name="Rui",
        organisation="Câmara",
        country="PT",
        diets=["vegan"],
        allergies="Peanuts",
    )
    register(event, last_name="Waiting", first_name="Wendy")
    return event


def test_dashboard_shows_figures_with_links_to_the_lists(admin_client, event):
    response = admin_client.get(reverse("admin:program_event_dashboard", args=[event.pk]))

    page = text(response.content.decode())
    html = response.content.decode()
    assert "Confirmed 3 3" in page
    assert "On the waiting list 1" in page
    assert "Card game 09:00–11:00 Workshop 1 1 1" in page
    assert "Lunch 12:00–13:00 Meal 3 ∞ 0" in page
    card = event.sessions.get(title="Card game")
    assert f"/admin/registrations/booking/?session={card.pk}&amp;status__exact=waitlisted" in html
    assert (
        f"/admin/registrations/registration/?event__id__exact={event.pk}&amp;status=waitlisted"
        in html
    )


def test_dashboard_link_leads_to_the_people_waiting(admin_client, event):
    card = event.sessions.get(title="Card game")

    page = text(
        admin_client.get(
            reverse("admin:registrations_booking_changelist"),
            {"session": card.pk, "status__exact": "waitlisted"},
        ).content.decode()
    )

    assert "Ćosić" in page
    assert "Zorić" not in page


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(event, people: int) -> None:
    sessions = list(event.sessions.all())
    for n in range(people):
        register(
            event,
            sessions=sessions[1:],
            diets=["vegan"] if n % 2 else [],
            last_name=f"Extra{'x' * n}",
        )


BACK_OFFICE_PAGES = [
    lambda e: reverse("admin:program_event_dashboard", args=[e.pk]),
    lambda e: reverse("admin:registrations_registration_changelist"),
    lambda e: reverse("admin:registrations_booking_changelist"),
    lambda e: reverse("admin:program_session_changelist"),
    lambda e: reverse("admin:program_event_funder_report", args=[e.pk]),
    lambda e: reverse("admin:program_event_sign_in_sheets", args=[e.pk]),
    lambda e: reverse("admin:program_event_catering_sheet", args=[e.pk]),
]


def test_back_office_queries_do_not_grow_with_registrations(admin_client):
    small, large = EventFactory(capacity=None), EventFactory(capacity=None)
    for event in (small, large):
        SessionFactory(event=event, capacity=None)
        SessionFactory(
            event=event,
            kind="meal",
            capacity=None,
            starts_at=paris(event.starts_on, 12),
            ends_at=paris(event.starts_on, 13),
        )
    _grow(small, 5)
    counts_small = [_queries(admin_client, url(small)) for url in BACK_OFFICE_PAGES]
    _grow(large, 50)

    counts_large = [_queries(admin_client, url(large)) for url in BACK_OFFICE_PAGES]

    assert counts_small == counts_large


def test_sign_in_sheets_per_day_and_session_sorted_with_signature_column(admin_client, event):
    html = admin_client.get(
        reverse("admin:program_event_sign_in_sheets", args=[event.pk]),
        {"day": event.starts_on.isoformat()},
    ).content.decode()
    page = text(html)

    sheets = page.split("Attendance sheet")[1:]
    assert len(sheets) == 3  # the day, then Card game and Lunch
    assert "All sessions of the day" in sheets[0]
    day_names = [name for name in ("ALVES Rui", "ĆOSIĆ Ivo", "ZORIĆ Ana") if name in sheets[0]]
    assert day_names == ["ALVES Rui", "ĆOSIĆ Ivo", "ZORIĆ Ana"]
    assert sheets[0].index("ALVES") < sheets[0].index("ĆOSIĆ") < sheets[0].index("ZORIĆ")
    assert "Waiting" not in sheets[0]
    assert "Card game" in sheets[1]
    assert "ZORIĆ Ana" in sheets[1]
    assert "ĆOSIĆ" not in sheets[1]
    assert "Signature" in sheets[1]
    assert page.count("Co-financed by Interreg MED.") == 3
    assert page.count("Living Lab +Resilient · Aix-en-Provence") == 3


def test_sign_in_sheets_for_another_day_hold_only_the_day_sheet(admin_client, event):
    other_day = (event.starts_on + dt.timedelta(days=1)).isoformat()

    page = text(
        admin_client.get(
            reverse("admin:program_event_sign_in_sheets", args=[event.pk]), {"day": other_day}
        ).content.decode()
    )

    assert page.count("Attendance sheet") == 1


def test_catering_sheet_counts_meals_and_names_allergies(admin_client, event):
    page = text(
        admin_client.get(
            reverse("admin:program_event_catering_sheet", args=[event.pk])
        ).content.decode()
    )

    assert "Lunch" in page
    assert "3 2 0 1 0 0 0 0 0 0" in page  # people, no requirement, then each requirement
    assert "ALVES Rui Vegan Peanuts" in page


def test_funder_report_page_counts_participants(admin_client, event):
    page = text(
        admin_client.get(
            reverse("admin:program_event_funder_report", args=[event.pk])
        ).content.decode()
    )

    assert "3 participants hold a place." in page
    assert "Croatia 2" in page
    assert "Portugal 1" in page
    assert "Not stated 3" in page
    assert "Wendy" not in page


def test_a_meal_everyone_attends_counts_everyone_with_a_place(admin_client):
    event = EventFactory(capacity=2)
    MealFactory(event=event, title="Welcome buffet", requires_booking=False)
    register(event, diets=["vegan"], last_name="Alves")
    register(event, allergies="Shellfish", last_name="Novak")
    register(event, diets=["halal"], last_name="Waiting")  # no place: the event holds two

    (buffet,) = selectors.catering(event)

    assert (buffet.total, buffet.without_requirement, buffet.by_diet) == (2, 1, {"vegan": 1})
    assert [p.last_name for p in buffet.special] == ["Novak"]

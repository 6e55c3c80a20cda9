import datetime as dt

import pytest
from django.urls import reverse

from registrations import selectors, services
from tests.factories import EventFactory, MealFactory, SessionFactory, paris, register
from tests.html import text
from tests.registrations.test_exports import csv_rows, records

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


def test_sign_in_sheets_per_day_and_session_sorted_with_signature_column(admin_client, event):
    html = admin_client.get(
        reverse("admin:program_event_sign_in_sheets", args=[event.pk]),
        {"day": event.starts_on.isoformat()},
    ).content.decode()
    page = text(html)

    sheets = page.split("Attendance sheet")[1:]
    assert len(sheets) == 2  # the day, then Card game: nobody signs for lunch
    assert "All sessions of the day" in sheets[0]
    day_names = [name for name in ("ALVES Rui", "ĆOSIĆ Ivo", "ZORIĆ Ana") if name in sheets[0]]
    assert day_names == ["ALVES Rui", "ĆOSIĆ Ivo", "ZORIĆ Ana"]
    assert sheets[0].index("ALVES") < sheets[0].index("ĆOSIĆ") < sheets[0].index("ZORIĆ")
    assert "Waiting" not in sheets[0]
    assert "Card game" in sheets[1]
    assert "ZORIĆ Ana" in sheets[1]
    assert "ĆOSIĆ" not in sheets[1]
    assert "Signature" in sheets[1]
    assert page.count("Co-financed by Interreg MED.") == 2
    assert page.count("Living Lab +Resilient · Aix-en-Provence") == 2


def test_sign_in_sheets_print_a_sheet_per_meal_only_when_asked(admin_client, event):
    url = reverse("admin:program_event_sign_in_sheets", args=[event.pk])
    day = event.starts_on.isoformat()

    without = text(admin_client.get(url, {"day": day}).content.decode())
    with_meals = text(admin_client.get(url, {"day": day, "meals": "1"}).content.decode())

    sheets = with_meals.split("Attendance sheet")[1:]
    assert len(sheets) == 3
    assert "Card game · 09:00–11:00" in sheets[1]
    assert "Lunch · 12:00–13:00" in sheets[2]
    assert "Lunch · 12:00–13:00" not in without


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

    day, venue = event.starts_on, event.sessions.get(title="Lunch").venue.name
    assert f"Lunch {day:%a} {day.day} {day:%b}, 12:00 · {venue} 3 2 0 1 0 0 0 0 0 0" in page
    # People, without requirement, then each requirement; then each person with needs once.
    assert "ALVES Rui All meals Vegan Peanuts" in page


def test_catering_sheet_names_each_person_once_with_their_meals_sorted_as_looked_up(
    admin_client,
):
    event = EventFactory(capacity=None)
    day = event.starts_on
    lunch = MealFactory(event=event, starts_at=paris(day, 12), ends_at=paris(day, 13))
    dinner = MealFactory(
        event=event, title="Dinner", starts_at=paris(day, 19), ends_at=paris(day, 21)
    )
    for last_name in ["Sànchez", "Çela", "Dabić"]:
        register(event, sessions=[lunch, dinner], last_name=last_name, allergies="Sesame")
    register(event, sessions=[dinner], last_name="Đurić", diet_other="No pork")

    page = text(
        admin_client.get(
            reverse("admin:program_event_catering_sheet", args=[event.pk])
        ).content.decode()
    )

    names = page[page.index("by name") :]
    assert [names.count(name) for name in ("ÇELA", "DABIĆ", "ĐURIĆ", "SÀNCHEZ")] == [1, 1, 1, 1]
    assert (
        names.index("ÇELA") < names.index("DABIĆ") < names.index("ĐURIĆ") < names.index("SÀNCHEZ")
    )
    assert f"ĐURIĆ Ελένη Dinner, {day:%a} {day.day} (No pork)" in names
    assert "SÀNCHEZ Ελένη All meals Sesame" in names


def test_bookings_list_shows_seats_then_waiting_then_cancelled(admin_client):
    workshop = SessionFactory(capacity=1)
    gone = register(workshop.event, sessions=[workshop], last_name="Gone").registration
    register(workshop.event, sessions=[workshop], last_name="Seated")
    register(workshop.event, sessions=[workshop], last_name="Waiting")
    services.cancel_booking(registration=gone, session_id=workshop.pk)  # Seated moves up
    register(workshop.event, sessions=[workshop], last_name="Later")

    listed = admin_client.get(reverse("admin:registrations_booking_changelist"))
    exported = csv_rows(
        b"".join(
            admin_client.get(
                reverse("admin:registrations_booking_export", args=["csv"])
            ).streaming_content
        )
    )

    rows = [(b.registration.last_name, b.status) for b in listed.context["cl"].result_list]
    assert rows == [
        ("Seated", "confirmed"),
        ("Waiting", "waitlisted"),
        ("Later", "waitlisted"),
        ("Gone", "cancelled"),
    ]
    assert records(exported, "Last name", "Status") == [
        ("Seated", "Confirmed"),
        ("Waiting", "On the waiting list"),
        ("Later", "On the waiting list"),
        ("Gone", "Cancelled"),
    ]


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

    catering = selectors.catering(event)

    (buffet,) = catering.meals
    assert (buffet.total, buffet.without_requirement, buffet.by_diet) == (2, 1, {"vegan": 1})
    assert [(s.person.last_name, s.meals) for s in catering.special] == [
        ("Novak", [buffet.session])
    ]

"""Several events side by side in the back office: every list of sessions, registrations,
bookings and emails says which event, and filters by it; an event's sessions are set up, with
all their fields, from the event's own page."""

import pytest
from django.urls import reverse

from registrations.models import Booking
from tests.factories import EventFactory, SessionFactory, register
from tests.html import form_data, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_events():
    """Two editions with a "Lunch – day 1" each: the lists must tell them apart."""
    events = [EventFactory(title_en=f"Living Lab {year}") for year in (2026, 2027)]
    for event in events:
        lunch = SessionFactory(event=event, title_en="Lunch – day 1", kind="meal", capacity=None)
        register(event, sessions=[lunch])
    return events


@pytest.mark.parametrize(
    ("model", "event_filter", "event_of"),
    [
        ("program_session", "event__id__exact", lambda s: s.event),
        ("registrations_registration", "event__id__exact", lambda r: r.event),
        ("registrations_booking", "session__event__id__exact", lambda b: b.session.event),
        (
            "registrations_outgoingemail",
            "registration__event__id__exact",
            lambda e: e.registration.event,
        ),
    ],
)
def test_every_list_has_an_event_column_and_filter(
    admin_client, two_events, model, event_filter, event_of
):
    url = reverse(f"admin:{model}_changelist")

    everything = admin_client.get(url)
    one = admin_client.get(url, {event_filter: two_events[1].pk})

    headers = [c["text"] for c in everything.context["result_headers"]]
    assert "event" in headers
    rows = everything.context["cl"].result_list
    assert {event_of(row) for row in rows} == set(two_events)
    assert {event_of(row) for row in one.context["cl"].result_list} == {two_events[1]}
    assert one.context["cl"].result_count == len(rows) // 2


def test_sessions_in_filters_name_their_event_until_one_is_chosen(admin_client, two_events):
    url = reverse("admin:registrations_registration_changelist")

    everything = text(admin_client.get(url).content.decode())
    one = text(admin_client.get(url, {"event__id__exact": two_events[1].pk}).content.decode())

    assert "Lunch – day 1" in everything
    assert everything.count("– Living Lab 2026") == everything.count("– Living Lab 2027") == 2
    assert "– Living Lab 2026" not in one


def test_sessions_are_set_up_with_all_their_fields_on_the_events_page(admin_client):
    workshop = SessionFactory(capacity=1)
    event = workshop.event
    register(event, sessions=[workshop])
    waiting = register(event, sessions=[workshop])
    url = reverse("admin:program_event_change", args=[event.pk])
    page = admin_client.get(url)
    data = {
        **form_data(page),
        "sessions-0-room_en": "Room 2",
        "sessions-0-description_en": "Steps, methods and tools.",
        "sessions-0-facilitators_en": "C. Fontaine",
        "sessions-0-language_en": "French and English",
        "sessions-0-title_fr": "Jeu de cartes",
        "sessions-0-capacity": "2",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    workshop.refresh_from_db()
    assert (workshop.room_en, workshop.facilitators_en) == ("Room 2", "C. Fontaine")
    assert (workshop.description_en, workshop.language_en) == (
        "Steps, methods and tools.",
        "French and English",
    )
    assert workshop.title_fr == "Jeu de cartes"
    # A capacity raised here serves the waiting list, as everywhere else.
    assert (workshop.capacity, workshop.seats_taken) == (2, 2)
    assert Booking.objects.get(registration=waiting.registration).status == "confirmed"
    html = page.content.decode()
    assert "Texts in français" in html
    assert 'name="sessions-0-room_en"' in html

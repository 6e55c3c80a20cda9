import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    EventFactory,
    PlenaryFactory,
    SessionFactory,
    VenueFactory,
    paris,
    register,
    upcoming_summer_day,
    upcoming_tuesday,
)
from tests.html import text

pytestmark = pytest.mark.django_db


def test_home_leads_to_the_next_event(client):
    EventFactory(starts_on=timezone.localdate() - dt.timedelta(days=400), slug="last-year")
    upcoming = EventFactory(slug="this-year")
    EventFactory(slug="draft", is_published=False, starts_on=timezone.localdate())

    response = client.get("/", follow=True)

    # The address without a language first gets the visitor's language, then the event.
    assert response.redirect_chain == [
        ("/en/", 302),
        (reverse("program:event", kwargs={"slug": upcoming.slug}), 302),
    ]


def test_home_without_events_says_so(client):
    response = client.get("/", follow=True)

    assert response.status_code == 200
    assert "No event is open yet" in text(response.content.decode())


def test_event_home_shows_what_when_where_and_places(client):
    first = upcoming_tuesday()
    event = EventFactory(
        title="Living Lab +Resilient",
        starts_on=first,
        ends_on=first + dt.timedelta(days=2),
        capacity=30,
        summary="Social innovation in public action.",
    )
    venue = VenueFactory(name="INSPE", address="2 avenue Jules Isaac")
    SessionFactory(event=event, venue=venue, title="Card game", capacity=12)
    register(event)

    page = text(client.get(reverse("program:event", kwargs={"slug": event.slug})).content.decode())

    assert "Living Lab +Resilient" in page
    assert f"{first.day}–{first.day + 2} {first:%B %Y}" in page
    assert "29 places left" in page
    assert "Social innovation in public action." in page
    assert "INSPE" in page
    assert "2 avenue Jules Isaac" in page
    assert "Card game" in page
    assert "12 seats left" in page
    assert "Register now" in page


def test_event_home_when_full_offers_waiting_list(client):
    event = EventFactory(capacity=1)
    register(event)

    page = text(client.get(reverse("program:event", kwargs={"slug": event.slug})).content.decode())

    assert "All places are taken" in page
    assert "Join the waiting list" in page


def test_event_home_when_closed_says_why(client):
    now = timezone.now()
    event = EventFactory(
        registration_opens_at=now - dt.timedelta(days=9),
        registration_closes_at=now - dt.timedelta(days=2),
    )

    page = text(client.get(reverse("program:event", kwargs={"slug": event.slug})).content.decode())

    assert "Registration closed on" in page
    assert "Register now" not in page


def test_unpublished_event_is_hidden_from_visitors_but_not_from_staff(client, admin_client):
    event = EventFactory(is_published=False)
    url = reverse("program:event", kwargs={"slug": event.slug})

    assert client.get(url).status_code == 404
    assert admin_client.get(url).status_code == 200


def test_programme_shows_days_and_parallel_sessions_side_by_side(client):
    first = upcoming_tuesday()
    event = EventFactory(starts_on=first, ends_on=first + dt.timedelta(days=2))
    day1, day2 = event.starts_on, event.starts_on + dt.timedelta(days=1)
    PlenaryFactory(event=event)
    SessionFactory(
        event=event,
        title="Workshop A",
        starts_at=paris(day1, 12),
        ends_at=paris(day1, 13, 15),
        capacity=14,
        facilitators="Ana Horvat",
    )
    SessionFactory(
        event=event,
        title="Workshop B",
        starts_at=paris(day1, 12),
        ends_at=paris(day1, 13, 15),
        capacity=12,
    )
    PlenaryFactory(
        event=event,
        title="Synthesis",
        starts_at=paris(day2, 11, 30),
        ends_at=paris(day2, 12, 30),
    )

    html = client.get(reverse("program:programme", kwargs={"slug": event.slug})).content.decode()
    page = text(html)

    assert f"Day 1 · Tuesday {day1.day} {day1:%B}" in page
    assert f"Day 2 · Wednesday {day2.day} {day2:%B}" in page
    assert page.index("Opening plenary") < page.index("Workshop A") < page.index("Synthesis")
    assert "09:30–11:15" in page
    assert "Ana Horvat" in page
    assert "14 seats left" in page
    assert "12 seats left" in page
    parallel_rows = html.split("timeline-row row g-2 parallel")[1:]
    assert len(parallel_rows) == 1
    assert "Workshop A" in parallel_rows[0]
    assert "Workshop B" in parallel_rows[0]
    assert "2 sessions at the same time" in page


def test_programme_times_are_in_the_event_time_zone(client, settings):
    settings.TIME_ZONE = "UTC"
    event = EventFactory(timezone="Europe/Paris", starts_on=upcoming_summer_day())
    SessionFactory(
        event=event, starts_at=paris(event.starts_on, 9, 30), ends_at=paris(event.starts_on, 11)
    )

    page = text(
        client.get(reverse("program:programme", kwargs={"slug": event.slug})).content.decode()
    )

    assert "09:30–11:00" in page


def test_privacy_page_names_the_contact(client):
    event = EventFactory(contact_email="livinglab@example.org")

    page = text(
        client.get(reverse("program:privacy", kwargs={"slug": event.slug})).content.decode()
    )

    assert "livinglab@example.org" in page


def _event_with_sessions(count: int, people: int):
    event = EventFactory()
    venues = [VenueFactory() for _ in range(3)]
    for n in range(count):
        start = paris(event.starts_on + dt.timedelta(days=n % 3), 9 + n % 8)
        SessionFactory(
            event=event,
            venue=venues[n % 3],
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            kind=["workshop", "meal", "plenary"][n % 3],
            requires_booking=n % 3 != 2,
            capacity=None if n % 3 else 12,
        )
    for _ in range(people):
        register(event)
    return event


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_name", ["program:event", "program:programme", "registrations:register"]
)
def test_page_queries_do_not_grow_with_sessions_or_people(client, url_name):
    small, large = _event_with_sessions(1, people=1), _event_with_sessions(20, people=10)

    counts = [_queries(client, reverse(url_name, kwargs={"slug": e.slug})) for e in (small, large)]

    assert counts[0] == counts[1]
    # The event's state, the event, its sessions (and the form: the organizer's questions).
    assert counts[0] <= (4 if url_name == "registrations:register" else 3)

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from program.models import Session
from registrations import services
from tests.factories import EventFactory, PlenaryFactory, SessionFactory, paris, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(title="Living Lab +Resilient")
    day = event.starts_on
    PlenaryFactory(event=event)
    SessionFactory(
        event=event,
        title="Coffee",
        kind="break",
        requires_booking=False,
        capacity=None,
        starts_at=paris(day, 11, 15),
        ends_at=paris(day, 11, 45),
    )
    SessionFactory(
        event=event, title="Card game", starts_at=paris(day, 14), ends_at=paris(day, 16), capacity=1
    )
    SessionFactory(
        event=event,
        title="Capitalisation",
        starts_at=paris(day, 14),
        ends_at=paris(day, 16),
        capacity=1,
    )
    return event


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(cal: Calendar) -> dict[str, dict]:
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def test_programme_feed_has_every_session_in_paris_time(client, event):
    cal = parse(client.get(reverse("program:programme_calendar", kwargs={"slug": event.slug})))

    sessions = events(cal)
    assert set(sessions) == {"Opening plenary", "Coffee", "Card game", "Capitalisation"}
    opening = sessions["Opening plenary"]
    assert opening["DTSTART"].dt == paris(event.starts_on, 9, 30)
    assert opening["DTSTART"].params["TZID"] == "Europe/Paris"
    assert opening["DTEND"].dt == paris(event.starts_on, 11, 15)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert str(cal["X-WR-CALNAME"]) == "Living Lab +Resilient"
    assert len({str(e["UID"]) for e in cal.walk("VEVENT")}) == 4


def test_a_moved_session_keeps_its_uid_and_gets_a_higher_sequence(client, event):
    url = reverse("program:programme_calendar", kwargs={"slug": event.slug})
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    Session.objects.update(created_at=long_ago, updated_at=long_ago)  # created a while back
    before = events(parse(client.get(url)))["Card game"]
    unchanged = events(parse(client.get(url)))["Card game"]
    card = Session.objects.get(title="Card game")
    card.starts_at += dt.timedelta(hours=1)
    card.ends_at += dt.timedelta(hours=1)
    card.save()  # as the admin saves it

    after = events(parse(client.get(url)))["Card game"]

    assert str(after["UID"]) == str(before["UID"])
    assert int(unchanged["SEQUENCE"]) == int(before["SEQUENCE"])  # read again, not edited
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after["DTSTART"].dt == paris(event.starts_on, 15)


def test_someone_waiting_for_a_place_has_an_empty_agenda(client, event):
    event.capacity = 1
    event.save()
    register(event)
    waiting = register(event)

    cal = parse(
        client.get(
            reverse(
                "registrations:agenda",
                kwargs={"slug": event.slug, "key": services.calendar_key(waiting.key)},
            )
        )
    )

    assert events(cal) == {}


def test_add_one_session_to_a_calendar(client, event):
    card = Session.objects.get(title="Card game")

    cal = parse(
        client.get(
            reverse("program:session_calendar", kwargs={"slug": event.slug, "session_id": card.pk})
        )
    )

    assert list(events(cal)) == ["Card game"]
    assert (
        client.get(
            reverse("program:session_calendar", kwargs={"slug": event.slug, "session_id": 999999})
        ).status_code
        == 404
    )


def test_personal_agenda_follows_bookings(client, event):
    card = Session.objects.get(title="Card game")
    other = Session.objects.get(title="Capitalisation")
    register(event, sessions=[other])  # takes the only seat of Capitalisation
    result = register(event, sessions=[card])
    url = reverse(
        "registrations:agenda",
        kwargs={"slug": event.slug, "key": services.calendar_key(result.key)},
    )

    first = events(parse(client.get(url)))
    services.set_bookings(registration=result.registration, session_ids=[other.pk])  # waits
    second = events(parse(client.get(url)))

    assert set(first) == {"Opening plenary", "Card game"}  # breaks are left out
    assert set(second) == {"Opening plenary"}  # a waiting-list place is not in the agenda
    assert str(first["Opening plenary"]["UID"]) == str(second["Opening plenary"]["UID"])


def test_agenda_needs_its_own_secret(client, event):
    result = register(event)

    wrong = client.get(
        reverse("registrations:agenda", kwargs={"slug": event.slug, "key": "x" * 43})
    )
    manage_key = client.get(
        reverse("registrations:agenda", kwargs={"slug": event.slug, "key": result.key})
    )

    assert wrong.status_code == 404
    assert manage_key.status_code == 404


def test_private_page_offers_the_agenda_feed(client, event):
    result = register(event)

    html = client.get(
        reverse("registrations:manage", kwargs={"slug": event.slug, "key": result.key})
    ).content.decode()

    feed = reverse(
        "registrations:agenda",
        kwargs={"slug": event.slug, "key": services.calendar_key(result.key)},
    )
    assert f'href="webcal://testserver{feed}"' in html
    assert f'href="http://testserver{feed}"' in html


def test_private_page_keeps_the_feed_address_through_a_secret_key_rotation(client, event, settings):
    result = register(event)
    manage = reverse("registrations:manage", kwargs={"slug": event.slug, "key": result.key})
    first_feed = feed_url(event, services.calendar_key(result.key))
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-after-a-rotation-of-the-old-one"

    rotated = client.get(manage).content.decode()
    rotated_feed = client.get(first_feed).status_code
    settings.SECRET_KEY_FALLBACKS = []
    dropped = client.get(manage).content.decode()
    new_feed = feed_url(event, services.calendar_key(result.key))

    assert f'href="http://testserver{first_feed}"' in rotated
    assert rotated_feed == 200
    # Once the old key is dropped, the feed moves: the page shows where, and it works there.
    assert new_feed != first_feed
    assert f'href="http://testserver{new_feed}"' in dropped
    assert client.get(new_feed).status_code == 200
    assert client.get(first_feed).status_code == 404


def feed_url(event, key: str) -> str:
    return reverse("registrations:agenda", kwargs={"slug": event.slug, "key": key})


def test_programme_page_links_each_session_to_the_calendar(client, event):
    card = Session.objects.get(title="Card game")

    html = client.get(reverse("program:programme", kwargs={"slug": event.slug})).content.decode()

    assert (
        reverse("program:session_calendar", kwargs={"slug": event.slug, "session_id": card.pk})
        in html
    )
    assert reverse("program:programme_calendar", kwargs={"slug": event.slug}) in html

"""Many people press "Register" for the last seats at the same moment, over HTTP, on PostgreSQL."""

import http.cookiejar
import re
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.db.models import F
from django.urls import reverse

from program.models import Event, Session
from program.selectors import Slot
from registrations.models import Booking, Registration
from registrations.services import seats
from tests.factories import EventFactory, SessionFactory, register
from tests.invariants import counter_drift, overbookings

PEOPLE = 32
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql")]


class Browser:
    """One person's cookies and CSRF token, over real HTTP."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get_form(self, url: str) -> str:
        with self.opener.open(url, timeout=60) as response:
            html = response.read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(self, url: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        with self.opener.open(request, timeout=120) as response:
            return response.status, response.url


def at_once(steps) -> list:
    """Each step loads its page (and CSRF token), then returns the post to make: all the posts
    start at the same instant, each from its own browser and thread."""
    start = threading.Barrier(len(steps))

    def run(step):
        post = step(Browser())
        start.wait()
        return post()

    with ThreadPoolExecutor(max_workers=len(steps)) as pool:
        return list(pool.map(run, steps))


def registering(live_server, event: Event, n: int, sessions=()):
    url = live_server.url + reverse("registrations:register", kwargs={"slug": event.slug})

    def step(browser: Browser):
        data = {
            "csrfmiddlewaretoken": browser.get_form(url),
            "first_name": "Ана",
            "last_name": "Petrović",
            "email": f"rush{n}@example.org",
            "organisation": "Grad Split",
            "organisation_type": "public_authority",
            "country": "HR",
            "preferred_language": "en",
            "offered": ",".join(str(s.pk) for s in sessions),
            "privacy_consent": "on",
            **{Slot(s.starts_at, s.ends_at).key: "on" for s in sessions},
        }
        return lambda: browser.post(url, data)

    return step


def cancelling(live_server, event: Event, key: str):
    url = live_server.url + reverse("registrations:cancel", kwargs={"slug": event.slug, "key": key})

    def step(browser: Browser):
        data = {"csrfmiddlewaretoken": browser.get_form(url)}
        return lambda: browser.post(url, data)

    return step


def rush(live_server, event: Event, workshop: Session) -> list[tuple[int, str]]:
    """PEOPLE browsers load the form, then all post it at the same instant."""
    return at_once([registering(live_server, event, n, [workshop]) for n in range(PEOPLE)])


@pytest.fixture
def nearly_full_event():
    """Three places left at the event and two seats left in its workshop."""
    event = EventFactory(capacity=10)
    workshop = SessionFactory(event=event, capacity=6, title="Card game")
    for _ in range(7):
        register(event, sessions=[workshop] if _ < 4 else [])
    return event, workshop


def test_rush_for_last_places_never_overbooks(live_server, nearly_full_event):
    event, workshop = nearly_full_event

    results = rush(live_server, event, workshop)

    assert all(status == 200 and "/r/" in url for status, url in results), results
    assert overbookings(event) == []
    assert Registration.objects.filter(event=event, status="confirmed").count() == 10
    assert Registration.objects.filter(event=event, status="waitlisted").count() == PEOPLE - 3
    assert Booking.objects.filter(session=workshop, status="confirmed").count() == 6
    assert Booking.objects.filter(session=workshop, status="waitlisted").count() == 1
    assert counter_drift(event) == []


@pytest.fixture
def unprotected(monkeypatch):
    """The booking code as a naive programmer might write it: read, think, write, no lock."""

    def read_then_write(model, pk, *, stretch=False):
        row = model.objects.get(pk=pk)
        if row.capacity is not None and row.seats_taken >= row.capacity:
            return False
        time.sleep(0.3)  # the time between "there is a seat" and "I take it"
        model.objects.filter(pk=pk).update(seats_taken=F("seats_taken") + 1)
        return True

    monkeypatch.setattr(seats, "lock_event", lambda pk: Event.objects.get(pk=pk))
    monkeypatch.setattr(seats, "take_seat", read_then_write)
    constraints = [
        (model._meta.db_table, f"{model.__name__.lower()}_seats_within_capacity")
        for model in (Event, Session)
    ]
    with connection.cursor() as cursor:
        for table, name in constraints:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    yield
    with connection.cursor() as cursor:
        for table, name in constraints:
            cursor.execute(f'UPDATE "{table}" SET seats_taken = 0')
            cursor.execute(
                f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" '
                "CHECK (capacity IS NULL OR seats_taken <= capacity)"
            )


def test_control_the_rush_catches_an_overbooking(live_server, nearly_full_event, unprotected):
    """Without the lock and the constraint, the same rush overbooks, and the check sees it."""
    event, workshop = nearly_full_event

    rush(live_server, event, workshop)

    assert overbookings(event) != []


def test_cancellations_racing_newcomers_serve_the_waiting_list_first(live_server):
    """Eight people cancel while 24 newcomers register, at the same instant: the four who were
    waiting get places before any newcomer, and the event ends exactly full."""
    event = EventFactory(capacity=10)
    holders = [register(event) for _ in range(10)]
    waiting = [register(event).registration for _ in range(4)]

    results = at_once(
        [cancelling(live_server, event, h.key) for h in holders[:8]]
        + [registering(live_server, event, n) for n in range(PEOPLE - 8)]
    )

    assert all(status == 200 for status, _url in results)
    assert overbookings(event) == []
    assert counter_drift(event) == []
    assert Registration.objects.filter(event=event, status="confirmed").count() == 10
    assert {r.status for r in Registration.objects.filter(pk__in=[w.pk for w in waiting])} == {
        "confirmed"
    }
    newcomers = Registration.objects.filter(event=event, email__startswith="rush")
    assert newcomers.filter(status="confirmed").count() == 4
    assert newcomers.filter(status="waitlisted").count() == PEOPLE - 8 - 4

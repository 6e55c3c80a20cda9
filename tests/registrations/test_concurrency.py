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
from registrations import services
from registrations.models import Booking, Registration
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


def rush(live_server, event: Event, workshop: Session) -> list[tuple[int, str]]:
    """PEOPLE browsers load the form, then all post it at the same instant."""
    url = live_server.url + reverse("registrations:register", kwargs={"slug": event.slug})
    start = threading.Barrier(PEOPLE)

    def attempt(n: int) -> tuple[int, str]:
        browser = Browser()
        token = browser.get_form(url)
        data = {
            "csrfmiddlewaretoken": token,
            "first_name": "Ана",
            "last_name": "Petrović",
            "email": f"rush{n}@example.org",
            "organisation": "Grad Split",
            "organisation_type": "public_authority",
            "country": "HR",
            "preferred_language": "en",
            f"slot_{workshop.pk}": "on",
            "privacy_consent": "on",
        }
        start.wait()
        return browser.post(url, data)

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        return list(pool.map(attempt, range(PEOPLE)))


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

    def read_then_write(model, pk):
        row = model.objects.get(pk=pk)
        if row.capacity is not None and row.seats_taken >= row.capacity:
            return False
        time.sleep(0.3)  # the time between "there is a seat" and "I take it"
        model.objects.filter(pk=pk).update(seats_taken=F("seats_taken") + 1)
        return True

    monkeypatch.setattr(services, "_lock_event", lambda pk: Event.objects.get(pk=pk))
    monkeypatch.setattr(services, "_take_seat", read_then_write)
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

"""Many people press "Register" for the last seats at the same moment, over HTTP, on PostgreSQL."""

import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.db.models import F
from django.urls import reverse

from program.models import Event, Session
from program.selectors import Slot, booking_slots, event_sessions
from registrations.models import Booking, Registration
from registrations.services import seats
from tests.factories import EventFactory, MealFactory, SessionFactory, paris, register
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
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.url
        except urllib.error.HTTPError as error:  # a server error is a result, seen by the test
            return error.code, url


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
    slots = booking_slots(event_sessions(event))
    offered = ",".join(str(s.pk) for slot in slots for s in slot.sessions)

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
            "offered": offered,
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


# -- controls: the same rushes with protections taken away, to show what each one does ---------


@pytest.fixture
def no_event_lock(monkeypatch):
    monkeypatch.setattr(seats, "lock_event", lambda pk: Event.objects.get(pk=pk))


@pytest.fixture
def naive_seats(monkeypatch):
    """Seats taken as a naive programmer might: read, think, write."""

    def read_then_write(model, pk, *, stretch=False):
        row = model.objects.get(pk=pk)
        if row.capacity is not None and row.seats_taken >= row.capacity:
            return False
        time.sleep(0.3)  # the time between "there is a seat" and "I take it"
        model.objects.filter(pk=pk).update(seats_taken=F("seats_taken") + 1)
        return True

    monkeypatch.setattr(seats, "take_seat", read_then_write)


@pytest.fixture
def no_check():
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


@pytest.mark.usefixtures("no_event_lock", "naive_seats", "no_check")
def test_control_without_any_protection_the_rush_overbooks(live_server, nearly_full_event):
    """Without the lock, the conditional UPDATE and the CHECK, the same rush overbooks, and the
    check sees it."""
    event, workshop = nearly_full_event

    rush(live_server, event, workshop)

    assert overbookings(event) != []


@pytest.mark.usefixtures("no_event_lock", "naive_seats")
def test_control_the_check_alone_refuses_the_overbooking(live_server, nearly_full_event):
    """Lock and conditional UPDATE gone: PostgreSQL refuses each overbooking (an error page for
    the person too many, rather than a place that does not exist)."""
    event, workshop = nearly_full_event

    results = rush(live_server, event, workshop)

    assert overbookings(event) == []
    assert [status for status, _url in results if status != 200] != []


@pytest.mark.usefixtures("no_event_lock", "no_check")
def test_control_the_conditional_update_alone_keeps_the_limit(live_server, nearly_full_event):
    """Lock and CHECK gone: the conditional UPDATE still gives no more seats than there are."""
    event, workshop = nearly_full_event

    rush(live_server, event, workshop)

    assert overbookings(event) == []
    assert counter_drift(event) == []


@pytest.fixture
def seats_changing_hands():
    """Two workshops of six seats held by six people, with four more waiting in each, and a
    lunch for all. Neither the event nor the lunch has a limit: every newcomer takes a place
    and a lunch, and so writes the rows the people cancelling write."""
    event = EventFactory(capacity=None)
    day = event.starts_on
    workshops = [
        SessionFactory(
            event=event, capacity=6, starts_at=paris(day, 9 + 5 * n), ends_at=paris(day, 11 + 5 * n)
        )
        for n in range(2)
    ]
    workshops.append(MealFactory(event=event, starts_at=paris(day, 12), ends_at=paris(day, 13)))
    holders = [register(event, sessions=workshops) for _ in range(6)]
    waiting = [register(event, sessions=workshops).registration for _ in range(4)]
    return event, workshops, holders, waiting


def holders_cancel_while_newcomers_book(live_server, event, workshops, holders):
    """A registration locks the event's place, then the seats; a cancellation frees the seats,
    then the event's place: without one lock taken first, the two orders meet."""
    return at_once(
        [cancelling(live_server, event, h.key) for h in holders]
        + [registering(live_server, event, n, workshops) for n in range(12)]
    )


def test_holders_cancelling_while_newcomers_book_the_same_sessions(
    live_server, seats_changing_hands
):
    event, workshops, holders, waiting = seats_changing_hands

    results = holders_cancel_while_newcomers_book(live_server, event, workshops, holders)

    assert all(status == 200 and "/r/" in url for status, url in results), results
    assert overbookings(event) == []
    assert counter_drift(event) == []
    # The people who were waiting are served before any newcomer, in every workshop.
    assert set(
        Booking.objects.filter(registration__in=waiting).values_list("status", flat=True)
    ) == {"confirmed"}
    *limited, lunch = workshops
    for workshop in limited:
        confirmed = Booking.objects.filter(session=workshop, status="confirmed")
        assert confirmed.count() == 6
        assert confirmed.filter(registration__email__startswith="rush").count() == 2
    assert Booking.objects.filter(session=lunch, status="confirmed").count() == 4 + 12


@pytest.mark.usefixtures("no_event_lock")
def test_control_without_the_event_lock_the_same_race_fails(live_server, seats_changing_hands):
    """The conditional UPDATE and the CHECK still hold the limits, but writers now take the rows
    in opposite orders: PostgreSQL breaks the deadlocks by failing requests."""
    event, workshops, holders, _waiting = seats_changing_hands

    results = holders_cancel_while_newcomers_book(live_server, event, workshops, holders)

    assert [status for status, _url in results if status != 200] != []
    assert overbookings(event) == []


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

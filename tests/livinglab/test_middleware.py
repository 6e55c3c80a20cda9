"""The database out of reach for a moment: PostgreSQL itself stopped, pages answer 503."""

import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import psycopg2
import pytest
from django.db import connection
from django.urls import reverse

from registrations.models import AccessKey, Booking, OutgoingEmail, Registration
from tests.factories import EventFactory, SessionFactory
from tests.html import text
from tests.invariants import counter_drift
from tests.registrations.test_views import form_data, slot

pytestmark = pytest.mark.django_db(transaction=True)


def test_database_stopped_answers_try_again_in_the_visitors_language(client, database_server):
    event = EventFactory()
    page = reverse("program:event", kwargs={"slug": event.slug})
    form = reverse("registrations:register", kwargs={"slug": event.slug})
    data = form_data(event)

    database_server.stop()
    english = client.get(page)
    french = client.get(f"/fr{page[3:]}")
    posted = client.post(form, data)
    database_server.start()
    recovered = client.get(page)

    assert [english.status_code, french.status_code, posted.status_code] == [503, 503, 503]
    assert english["Retry-After"] == "30"
    assert "no-store" in english["Cache-Control"]
    html = english.content.decode()
    assert "<title>Back in a moment</title>" in html
    assert (
        "Back in a moment The site is unavailable for a moment. Please try again in a minute."
        in text(html)
    )
    assert f'<a href="{page}">Try again</a>' in html
    assert "<title>De retour dans un instant</title>" in french.content.decode()
    assert "Try again" not in posted.content.decode()  # a post is not to be repeated blindly
    assert recovered.status_code == 200


class Browser:
    """One person over real HTTP, who sees error answers as answers."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def csrf_token(self, url: str) -> str:
        with self.opener.open(url, timeout=60) as response:
            html = response.read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(self, url: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(url, data=body)
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.url
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Retry-After", "")


@pytest.fixture
def blocker():
    """A connection of its own, to hold rows locked as another transaction would."""
    held = psycopg2.connect(**connection.get_connection_params())
    yield held.cursor()
    held.close()


def waiting_for_a_lock() -> bool:
    # Asked outside the blocker's transaction, which would see one snapshot of the activity.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def test_registration_cut_off_by_the_outage_leaves_nothing_half_written(
    live_server, database_server, blocker
):
    event = EventFactory(capacity=10)
    workshop = SessionFactory(event=event, capacity=2)
    url = live_server.url + reverse("registrations:register", kwargs={"slug": event.slug})
    browser = Browser()
    data = {
        "csrfmiddlewaretoken": browser.csrf_token(url),
        **form_data(event, **{slot(workshop): "on"}),
    }
    # Another transaction holds the workshop's row: the registration stops at its seat, after
    # taking a place at the event and writing the person.
    blocker.execute("SELECT id FROM program_session WHERE id = %s FOR UPDATE", [workshop.pk])
    answers = []
    request = threading.Thread(target=lambda: answers.append(browser.post(url, data)))
    request.start()
    while request.is_alive() and not waiting_for_a_lock():
        time.sleep(0.01)

    database_server.stop()
    request.join(timeout=120)
    database_server.start()
    event.refresh_from_db()
    left_behind = [Registration.objects.count(), event.seats_taken, OutgoingEmail.objects.count()]
    retried = browser.post(url, data)

    assert answers == [(503, "30")]
    assert left_behind == [0, 0, 0]
    private_page = rf"{live_server.url}/en/{event.slug}/r/[A-Za-z0-9_-]{{43}}/"
    assert re.fullmatch(private_page, retried[1])  # the same post, once the database is back
    assert Registration.objects.count() == 1
    assert Booking.objects.filter(session=workshop, status="confirmed").count() == 1
    assert AccessKey.objects.count() == 1
    assert OutgoingEmail.objects.count() == 1
    assert counter_drift(event) == []

"""Several staff scan the same badge at the same instant, over HTTP, on PostgreSQL: the person
is counted once, and every other scan hears "already checked in"."""

import json
import re
import time
import urllib.parse
import urllib.request

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from registrations.models import Attendance
from registrations.services import checkin
from tests.factories import PARIS, EventFactory, register
from tests.registrations.test_concurrency import Browser, at_once

STAFF = 8
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql")]


class Scanner(Browser):
    """A member of staff on their phone: logged in, on the check-in page."""

    def log_in(self, live_server, username: str) -> None:
        url = live_server.url + reverse("admin:login")
        token = self.get_form(url)
        data = {"username": username, "password": "pw", "next": reverse("admin:index")}
        self.post(url, {"csrfmiddlewaretoken": token, **data})

    def scan(self, url: str, token: str, code: str) -> dict:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "code": code}).encode()
        request = urllib.request.Request(
            url, data=body, headers={"Referer": url, "Accept": "application/json"}
        )
        with self.opener.open(request, timeout=120) as response:
            return json.loads(response.read())


def scanning(live_server, event, code: str, n: int):
    user = User.objects.create_user(f"staff{n}", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Staff"))
    url = live_server.url + reverse("registrations:checkin", args=[event.slug])

    def step(scanner: Scanner):
        scanner.log_in(live_server, user.username)
        with scanner.opener.open(url, timeout=60) as response:
            html = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return lambda: scanner.scan(url, token, code)

    return step


def double_scans(live_server) -> tuple[list[dict], int]:
    event = EventFactory(starts_on=timezone.localtime(timezone.now(), PARIS).date())
    person = register(event).registration
    steps = [scanning(live_server, event, person.checkin_code, n) for n in range(STAFF)]
    answers = at_once([lambda _browser, step=step: step(Scanner()) for step in steps])
    return answers, Attendance.objects.filter(registration=person).count()


def test_the_same_badge_scanned_by_eight_staff_at_once_counts_once(live_server):
    answers, rows = double_scans(live_server)

    assert rows == 1
    assert sorted(a["outcome"] for a in answers) == ["already"] * (STAFF - 1) + ["checked_in"]
    assert all(
        re.fullmatch(r"Already checked in at \d\d:\d\d by staff\d\.", a["message"])
        for a in answers
        if a["outcome"] == "already"
    )


@pytest.fixture
def unprotected(monkeypatch):
    """Check-in as a naive programmer might write it: look, think, insert; no unique index."""

    def look_then_insert(registration, day, session, by, at):
        same = Attendance.objects.filter(registration=registration, day=day, session=session)
        if existing := same.first():
            return checkin.CheckIn(attendance=existing, is_new=False)
        time.sleep(0.3)  # the time between "not here yet" and "mark them here"
        attendance = Attendance.objects.create(
            registration=registration, day=day, session=session, checked_in_by=by, checked_in_at=at
        )
        return checkin.CheckIn(attendance=attendance, is_new=True)

    monkeypatch.setattr(checkin, "_record", look_then_insert)
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX present_once_a_day")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registrations_attendance")
        cursor.execute(
            "CREATE UNIQUE INDEX present_once_a_day ON registrations_attendance "
            "(registration_id, day) WHERE session_id IS NULL"
        )


def test_control_without_the_unique_index_the_same_scans_count_twice(live_server, unprotected):
    """The check above can fail: with the guard taken away, the same rush counts one person
    several times."""
    answers, rows = double_scans(live_server)

    assert rows > 1
    assert [a["outcome"] for a in answers].count("checked_in") == rows

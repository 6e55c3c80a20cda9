"""What the event's pages say about time: deadlines and zones a visitor cannot misread."""

import datetime as dt
import subprocess
import zoneinfo
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory
from tests.html import text

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
ROOT = Path(__file__).resolve().parents[2]


def test_a_midnight_deadline_reads_as_the_last_day_at_2359_with_the_zone(client):
    last_day = timezone.localdate() + dt.timedelta(days=10)
    midnight = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0), tzinfo=PARIS)
    event = EventFactory(registration_closes_at=midnight)

    page = text(client.get(reverse("program:event", args=[event.slug])).content.decode())

    day = f"{last_day:%A} {last_day.day} {last_day:%B}"
    assert f"Registration is open until {day}, 23:59, Paris time." in page


def test_programme_header_has_no_stray_full_stop_without_a_location(client):
    event = EventFactory(location="")

    page = text(client.get(reverse("program:programme", args=[event.slug])).content.decode())

    assert " ." not in page
    assert "All times are Paris time." in page


def test_make_run_links_follow_the_host_it_serves():
    """Defect 5: `make run HOST=…` prints and emails links to where the server listens."""
    commands = subprocess.run(
        ["make", "-n", "run", "HOST=127.0.0.1:8500"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.splitlines()

    serving = [c for c in commands if "manage.py runserver" in c or "send_emails" in c]
    assert len(serving) == 2
    assert all("SITE_URL=http://127.0.0.1:8500 " in c for c in serving)
    assert all("8000" not in c for c in serving)

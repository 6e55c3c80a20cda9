"""`make run`'s embedded SQLite takes a rush of registrations while the mail worker writes.

The site runs as `make run` runs it (runserver and the `send_emails` worker, DEBUG on, demo
data) on a SQLite file of its own, in subprocesses, whatever database the rest of the suite uses.
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.registrations.test_concurrency import Browser, at_once

ROOT = Path(__file__).resolve().parents[2]
SLUG = "living-lab-resilient"
ROUNDS, PEOPLE = 3, 16


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def demo_site(tmp_path, request):
    """The demo on SQLite, served with the mail worker beside it; yields its address."""
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_SETTINGS_MODULE": getattr(request, "param", "livinglab.settings"),
        "REGISTRATION_RATE": "1000/h",
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--no-input"], ["demo"]):
        subprocess.run([*manage, *command], env=env, check=True, capture_output=True, cwd=ROOT)
    log = (tmp_path / "server.log").open("w")
    processes = [
        subprocess.Popen(
            [*manage, *command], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
        )
        for command in (
            ["runserver", "--noreload", f"127.0.0.1:{port}"],
            ["send_emails", "--loop", "--interval", "0.05"],
        )
    ]
    url = f"http://127.0.0.1:{port}"
    _wait_for(url)
    yield url, tmp_path / "db.sqlite3"
    for process in processes:
        process.terminate()
        process.wait(timeout=20)
    log.close()


def _wait_for(url: str) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(url + f"/en/{SLUG}/", timeout=5).close()
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError("the demo site did not start")


def registering(url: str, n: int):
    form = f"{url}/en/{SLUG}/register/"

    def step(browser: Browser):
        with browser.opener.open(form, timeout=60) as response:
            page = response.read().decode()
        data = {
            "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[
                1
            ],
            "offered": re.search(r'name="offered" value="([^"]*)"', page)[1],
            "first_name": "Ana",
            "last_name": "Petrović",
            "email": f"sqlite{n}@example.org",
            "organisation": "Grad Split",
            "organisation_type": "public_authority",
            "country": "HR",
            "preferred_language": "en",
            "privacy_consent": "on",
        }
        return lambda: _post(browser, form, data)

    return step


def _post(browser: Browser, url: str, data: dict) -> int:
    try:
        status, final = browser.post(url, data)
    except urllib.error.HTTPError as error:
        return error.code
    return status if "/r/" in final else -1


def rush(url: str) -> list[int]:
    statuses = []
    for round_ in range(ROUNDS):
        statuses += at_once([registering(url, round_ * PEOPLE + n) for n in range(PEOPLE)])
    return statuses


def overbooked(database: Path) -> list[tuple]:
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT e.slug, e.capacity, COUNT(r.id) FROM program_event e"
            " JOIN registrations_registration r ON r.event_id = e.id AND r.status = 'confirmed'"
            " GROUP BY e.id HAVING COUNT(r.id) > e.capacity"
        ).fetchall()


def test_make_run_takes_a_rush_of_registrations_without_errors(demo_site):
    url, database = demo_site

    statuses = rush(url)

    assert statuses == [200] * ROUNDS * PEOPLE
    assert overbooked(database) == []


@pytest.mark.parametrize("demo_site", ["tests.livinglab.sqlite_untuned_settings"], indirect=True)
def test_control_untuned_sqlite_fails_the_same_rush(demo_site):
    """The same rush against SQLite as Django leaves it: "database is locked" errors."""
    url, _database = demo_site

    statuses = rush(url)

    assert statuses.count(200) < len(statuses)

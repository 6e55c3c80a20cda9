"""Rushes against the site as production runs it: gunicorn with several workers, PostgreSQL.

The suite runs a short version; `make load` runs the long one (LIVINGLAB_LOAD=64x20: 64 people
at once for the last place, 20 times) and prints the figures.
"""

import os
import time
from collections import Counter
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

from registrations.enums import EmailStatus
from registrations.models import Booking, OutgoingEmail, Registration
from tests.factories import EventFactory, SessionFactory, register
from tests.gunicorn import Gunicorn
from tests.invariants import counter_drift, overbookings
from tests.registrations.test_concurrency import at_once, registering

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql")]
CLIENTS, ROUNDS = (int(n) for n in os.environ.get("LIVINGLAB_LOAD", "16x2").split("x"))
WORKERS = 4
# One address registers them all: the limit per address is not what is measured here.
UNLIMITED = {"REGISTRATION_RATE": "100000/h"}


def last_place_round(url: str, n: int) -> dict:
    """An event and a workshop with one place left each; CLIENTS people register at once."""
    event = EventFactory(capacity=2, slug=f"round-{n}")
    workshop = SessionFactory(event=event, capacity=2)
    register(event, sessions=[workshop])
    server = SimpleNamespace(url=url)
    started = time.monotonic()
    answers = at_once([registering(server, event, p, [workshop]) for p in range(CLIENTS)])
    return {
        "seconds": time.monotonic() - started,
        "answers": Counter(
            "private page" if status == 200 and "/r/" in page else status
            for status, page in answers
        ),
        "confirmed": Registration.objects.filter(event=event, status="confirmed").count() - 1,
        "seats": Booking.objects.filter(session=workshop, status="confirmed").count() - 1,
        "problems": overbookings(event) + counter_drift(event),
    }


def test_the_last_place_goes_to_exactly_one_person_each_time(tmp_path):
    log = tmp_path / "gunicorn.log"
    with Gunicorn(workers=WORKERS, log=log, **UNLIMITED) as url:
        rounds = [last_place_round(url, n) for n in range(ROUNDS)]

    seconds = sorted(r["seconds"] for r in rounds)
    answers = sum((r["answers"] for r in rounds), Counter())
    print(  # the figures `make load` reports
        f"\n{ROUNDS} rounds × {CLIENTS} people at once, {WORKERS} gunicorn workers: "
        f"places taken per round {sorted({r['confirmed'] for r in rounds})}, "
        f"seats {sorted({r['seats'] for r in rounds})}, answers {dict(answers)}, "
        f"round time median {seconds[len(seconds) // 2]:.2f} s, worst {seconds[-1]:.2f} s"
    )
    assert [r["confirmed"] for r in rounds] == [1] * ROUNDS
    assert [r["seats"] for r in rounds] == [1] * ROUNDS
    assert [r["answers"] for r in rounds] == [Counter({"private page": CLIENTS})] * ROUNDS
    assert [r["problems"] for r in rounds] == [[]] * ROUNDS
    assert "deadlock" not in log.read_text()


def test_a_rush_while_the_mail_server_is_down_loses_no_email_and_sends_none_twice(tmp_path, inbox):
    inbox.stop()
    event = EventFactory(capacity=100)
    server = {"EMAIL_URL": f"smtp://127.0.0.1:{inbox.port}", **UNLIMITED}
    with Gunicorn(workers=WORKERS, log=tmp_path / "gunicorn.log", **server) as url:
        answers = at_once([registering(SimpleNamespace(url=url), event, p) for p in range(CLIENTS)])
    waiting = OutgoingEmail.objects.filter(status=EmailStatus.QUEUED).count()

    inbox.start()
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())  # when the worker retries
    call_command("send_emails")
    call_command("send_emails")

    assert [status for status, _page in answers] == [200] * CLIENTS
    assert Registration.objects.filter(event=event).count() == CLIENTS
    assert waiting == CLIENTS
    assert sorted(m["To"] for m in inbox.messages) == sorted(
        f"rush{p}@example.org" for p in range(CLIENTS)
    )
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}

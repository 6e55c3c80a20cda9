"""The mail worker under real faults: `manage.py send_emails` as a process of its own, a real SMTP
server that holds its answer to one message while the fault happens, PostgreSQL itself restarted.

Each test has a control: the same fault against the worker as it was (tests/old_outbox) loses
messages, and the same check sees it.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from email.utils import make_msgid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from registrations import outbox
from registrations.enums import EmailKind, EmailStatus
from registrations.models import OutgoingEmail
from tests.smtp import Inbox

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 25
HELD = 5  # the message the server is receiving when the fault strikes
OLD_WORKER = "tests.old_outbox.settings"

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql")]


WORKER_APPLICATION = "livinglab-mail-worker"


class Workers:
    """Mail workers started as production starts them, on the test database."""

    def __init__(self, inbox: Inbox, logs: Path) -> None:
        database = connection.settings_dict
        self.environment = {
            **os.environ,
            "DATABASE_URL": "postgres://{}:{}@{}:{}/{}".format(
                quote(database["USER"]),
                quote(database["PASSWORD"]),
                database["HOST"],
                database["PORT"],
                database["NAME"],
            ),
            "EMAIL_URL": f"smtp://127.0.0.1:{inbox.port}",
            # Its connections named, so that a test can tell them from any other (libpq).
            "PGAPPNAME": WORKER_APPLICATION,
            # A held answer must not look like a silent server to the worker.
            "EMAIL_TIMEOUT": "120",
        }
        self.logs = logs
        self.processes: list[subprocess.Popen] = []

    def start(self, *args: str, settings: str = "livinglab.settings") -> subprocess.Popen:
        log = (self.logs / f"worker{len(self.processes)}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "send_emails", *args],
            cwd=ROOT,
            env={**self.environment, "DJANGO_SETTINGS_MODULE": settings},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def run(self, settings: str = "livinglab.settings") -> int:
        """One run, as from cron: until nothing is due."""
        return self.start(settings=settings).wait(timeout=120)

    def output(self) -> str:
        return "\n".join(log.read_text() for log in sorted(self.logs.glob("worker*.log")))

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.fixture
def inbox():
    server = Inbox()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def workers(inbox, tmp_path):
    started = Workers(inbox, tmp_path)
    yield started
    started.stop_all()


def queue(count: int) -> None:
    """Messages due now, sent in this order: "Message 1" … "Message <count>"."""
    now = timezone.now()
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            kind=EmailKind.MESSAGE,
            to=f"person{n}@example.org",
            subject=f"Message {n}",
            body_text=f"Message {n}\n",
            language="en",
            message_id=make_msgid(domain="example.org"),
            next_attempt_at=now,
        )
        for n in range(1, count + 1)
    )


def delivery_problems(inbox: Inbox) -> list[str]:
    """Every message not received exactly once by the server, or not recorded as sent."""
    received = Counter(m["Message-ID"] for m in inbox.messages)
    return [
        f"{email.subject}: received {received[email.message_id]}, {email.status}"
        for email in OutgoingEmail.objects.order_by("pk")
        if received[email.message_id] != 1 or email.status != EmailStatus.SENT
    ]


def eventually(condition, timeout: float = 120) -> bool:
    """Until the database shows what `condition` looks for; False if it never does (a hang)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def kill_mid_batch(inbox: Inbox, workers: Workers, settings: str) -> int:
    """kill -9 while the server receives message HELD, then the worker started again."""
    queue(MESSAGES)
    inbox.hold_at = HELD
    worker = workers.start("--loop", "--interval", "0.2", settings=settings)
    assert inbox.wait_for(HELD), workers.output()
    worker.kill()
    worker.wait()
    inbox.go_on.set()
    return workers.run(settings=settings)


def test_worker_killed_mid_batch_leaves_only_the_message_in_hand_in_doubt(inbox, workers):
    restarted = kill_mid_batch(inbox, workers, "livinglab.settings")

    assert restarted == 0, workers.output()
    # Every other message arrived exactly once; the one being received was not sent again.
    assert delivery_problems(inbox) == [f"Message {HELD}: received 1, sending"]
    outbox.deliver_due(now=timezone.now() + outbox.STRANDED_AFTER + dt.timedelta(seconds=1))
    in_doubt = OutgoingEmail.objects.get(subject=f"Message {HELD}")
    assert in_doubt.last_error.startswith("Interrupted while sending: it may have left.")
    assert delivery_problems(inbox) == [f"Message {HELD}: received 1, failed"]


def test_control_the_old_worker_killed_mid_batch_strands_its_batch(inbox, workers):
    """Before: 20 messages claimed at once; killed during the 5th, 15 were never sent."""
    kill_mid_batch(inbox, workers, OLD_WORKER)

    assert delivery_problems(inbox) == [
        f"Message {HELD}: received 1, sending",
        *(f"Message {n}: received 0, sending" for n in range(HELD + 1, 21)),
    ]


def stop_mid_batch(inbox: Inbox, workers: Workers, settings: str, number: int) -> int:
    """A stop signal while the server receives message HELD; the worker's exit code."""
    queue(MESSAGES)
    inbox.hold_at = HELD
    worker = workers.start("--loop", "--interval", "0.2", settings=settings)
    assert inbox.wait_for(HELD), workers.output()
    worker.send_signal(number)
    inbox.go_on.set()
    return worker.wait(timeout=120)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_stop_signal_finishes_the_message_in_hand_then_the_worker_exits(inbox, workers, number):
    exit_code = stop_mid_batch(inbox, workers, "livinglab.settings", number)

    assert exit_code == 0, workers.output()
    # The message in hand left and is recorded; the others wait, none stranded.
    assert delivery_problems(inbox) == [
        f"Message {n}: received 0, queued" for n in range(HELD + 1, MESSAGES + 1)
    ]
    assert workers.run() == 0
    assert delivery_problems(inbox) == []


def test_control_the_old_worker_stopped_mid_batch_strands_its_batch(inbox, workers):
    """Before: SIGTERM killed the worker at once, its batch left "sending"."""
    exit_code = stop_mid_batch(inbox, workers, OLD_WORKER, signal.SIGTERM)

    assert exit_code == -signal.SIGTERM
    assert delivery_problems(inbox) == [
        f"Message {HELD}: received 1, sending",
        *(f"Message {n}: received 0, sending" for n in range(HELD + 1, 21)),
        *(f"Message {n}: received 0, queued" for n in range(21, MESSAGES + 1)),
    ]


def restart_database_mid_batch(inbox, workers, database_server, settings: str) -> int:
    """PostgreSQL restarted while the server receives message HELD; once the worker has taken
    every message, it is asked to stop. Its exit code."""
    queue(MESSAGES)
    inbox.hold_at = HELD
    worker = workers.start("--loop", "--interval", "0.2", settings=settings)
    assert inbox.wait_for(HELD), workers.output()
    database_server.restart()
    inbox.go_on.set()
    assert eventually(lambda: not OutgoingEmail.objects.filter(status="queued").exists())
    worker.terminate()
    return worker.wait(timeout=120)


def test_database_restart_mid_batch_loses_nothing_and_the_worker_carries_on(
    inbox, workers, database_server
):
    exit_code = restart_database_mid_batch(inbox, workers, database_server, "livinglab.settings")

    assert exit_code == 0, workers.output()  # the same process throughout
    assert delivery_problems(inbox) == []
    # The restart struck between the handing over and its record, and the worker waited.
    in_hand = OutgoingEmail.objects.get(subject=f"Message {HELD}")
    assert f"email {in_hand.pk}: database unavailable, writing its outcome again" in (
        workers.output()
    )


def test_control_the_old_worker_loses_its_batch_to_a_database_restart(
    inbox, workers, database_server
):
    """Before: the database error ended the round; the message that had left stayed "sending",
    and so did the rest of the batch, never tried."""
    restart_database_mid_batch(inbox, workers, database_server, OLD_WORKER)

    # Messages after the batch may or may not have left before the stop: the batch is the point.
    assert delivery_problems(inbox)[: 21 - HELD] == [
        f"Message {HELD}: received 1, sending",
        *(f"Message {n}: received 0, sending" for n in range(HELD + 1, 21)),
    ]


def worker_connected() -> bool:
    """The worker's own connection is open (not just any other: a test run in another order may
    leave one of its own behind)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            [WORKER_APPLICATION],
        )
        return cursor.fetchone()[0] > 0


def test_database_restart_while_the_worker_rests_it_connects_again(inbox, workers, database_server):
    worker = workers.start("--loop", "--interval", "0.2")
    assert eventually(worker_connected), workers.output()

    database_server.restart()
    queue(3)
    assert inbox.wait_for(3), workers.output()
    worker.terminate()

    assert worker.wait(timeout=120) == 0, workers.output()
    assert delivery_problems(inbox) == []
    assert "mail worker round failed" in workers.output()  # its old connection was gone

"""The mail worker: sends what waits in the outbox, retrying failures with a growing delay.

manage.py send_emails            # once (from cron, every minute)
manage.py send_emails --loop     # for ever, as a service

SIGTERM or SIGINT (a deploy, `systemctl stop`, Ctrl-C) lets the message being handed to the
mail server finish, then the worker stops: nothing is left half-sent or claimed and untried.
"""

import contextlib
import logging
import select
import signal
import socket
import threading

from django.core.management.base import BaseCommand
from django.db import connection

from registrations import outbox

logger = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Stop:
    """Whether the worker was asked to stop, and a pause that a stop request cuts short.

    The signal handler only takes note, so that no send or database write is interrupted; the
    worker looks between two messages. It also writes to a socket that the pause watches, so a
    worker at rest stops at once.
    """

    def __init__(self) -> None:
        self.asked = False
        self._handlers = {}

    def __enter__(self) -> "Stop":
        self._wake, self._waker = socket.socketpair()
        self._waker.setblocking(False)
        # Signals reach the main thread only (a worker run in a thread, as in tests, has none).
        if threading.current_thread() is threading.main_thread():
            self._handlers = {number: signal.signal(number, self._ask) for number in STOP_SIGNALS}
        return self

    def __exit__(self, *exc_info) -> None:
        for number, handler in self._handlers.items():
            signal.signal(number, handler)
        self._wake.close()
        self._waker.close()

    def _ask(self, number, frame) -> None:
        self.asked = True
        # Full only if asked already: the pause has something to read then.
        with contextlib.suppress(BlockingIOError):
            self._waker.send(b"\0")

    def wait(self, seconds: float) -> bool:
        if not self.asked and seconds > 0:
            select.select([self._wake], [], [], seconds)
        return self.asked


class Command(BaseCommand):
    help = "Send the emails waiting in the outbox; with --loop, keep doing it."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Run until stopped.")
        parser.add_argument(
            "--interval", type=float, default=10.0, help="Seconds between two rounds (--loop)."
        )

    def handle(self, *args, loop: bool, interval: float, **options):
        with Stop() as stop:
            while True:
                try:
                    # A full batch may hide more behind it.
                    while sent := outbox.deliver_due(wait=stop.wait):
                        self.stdout.write(f"{sent} sent")
                except Exception:
                    if not loop:
                        raise
                    # A database that restarts, say: the next round connects again.
                    logger.exception("mail worker round failed")
                    connection.close()
                if not loop or stop.wait(interval):
                    return

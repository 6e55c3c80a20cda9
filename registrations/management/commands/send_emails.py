"""The mail worker: sends what waits in the outbox, retrying failures with a growing delay.

manage.py send_emails            # once (from cron, every minute)
manage.py send_emails --loop     # for ever, as a service
"""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from registrations import outbox

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Send the emails waiting in the outbox; with --loop, keep doing it."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Run until stopped.")
        parser.add_argument(
            "--interval", type=float, default=10.0, help="Seconds between two rounds (--loop)."
        )

    def handle(self, *args, loop: bool, interval: float, **options):
        while True:
            try:
                sent = outbox.deliver_due()
                while sent:  # a full batch may hide more behind it
                    self.stdout.write(f"{sent} sent")
                    sent = outbox.deliver_due()
            except Exception:
                if not loop:
                    raise
                # A lost database connection, say: the service carries on with the next round.
                logger.exception("mail worker round failed")
                close_old_connections()
            if not loop:
                return
            time.sleep(interval)

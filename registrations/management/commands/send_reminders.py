"""Reminders a few days before an event: safe to run every hour, each person gets one."""

from django.core.management.base import BaseCommand

from registrations import services


class Command(BaseCommand):
    help = "Write the reminder to everyone with a place at an event starting within --days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="How long before the event.")

    def handle(self, *args, days: int, **options):
        for event, written in services.write_reminders(days=days).items():
            self.stdout.write(f"{event}: {written} reminders written")

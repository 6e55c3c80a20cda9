"""Reminders a few days before an event: safe to run every hour, each person gets one."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from program.models import Event
from registrations import notifications
from registrations.enums import RegistrationStatus


class Command(BaseCommand):
    help = "Write the reminder to everyone with a place at an event starting within --days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="How long before the event.")

    def handle(self, *args, days: int, **options):
        today = timezone.localdate()
        events = Event.objects.filter(
            is_published=True, starts_on__gte=today, starts_on__lte=today + dt.timedelta(days=days)
        )
        for event in events:
            written = 0
            people = event.registrations.filter(status=RegistrationStatus.CONFIRMED).exclude(
                emails__kind="reminder"
            )
            for registration in people.select_related("event"):
                with transaction.atomic():
                    written += notifications.reminder(registration=registration)
            self.stdout.write(f"{event}: {written} reminders written")

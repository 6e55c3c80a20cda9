"""The retention period, applied: safe to run daily from cron."""

from django.core.management.base import BaseCommand

from program.models import Event
from program.privacy import retention_date
from registrations import services
from registrations.models import Registration


class Command(BaseCommand):
    help = (
        "Erase the registrations of every event whose retention period (the event's 'days "
        "personal data is kept after the event') is over, keeping only anonymous counts for the "
        "funder report. Safe to run daily from cron: what is erased is gone, the rest waits."
    )

    def handle(self, *args, **options) -> None:
        for event in Event.objects.order_by("pk"):
            if event.local_date() <= retention_date(event):
                continue
            erased = services.erase_registrations(
                registrations=Registration.objects.filter(event=event).only("pk", "event_id")
            )
            if erased:
                self.stdout.write(f"{event.slug}: {erased} registrations erased")

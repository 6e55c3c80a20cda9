"""Places offered from a waiting list and not confirmed in time pass to the next person: run it
from cron every few minutes (it does nothing when no offer has expired)."""

from django.core.management.base import BaseCommand

from registrations import services


class Command(BaseCommand):
    help = "Give every offered place not confirmed in time to the next person on the waiting list."

    def handle(self, *args, **options):
        expired = services.expire_offers()
        self.stdout.write(f"{expired} offers expired")

"""Who may come, beyond "anyone": organizers who approve each registration, and places offered
from the event's waiting list that wait for the person to confirm them in time.

An approved person takes a place only when an organizer accepts them (or joins the waiting list
if none is free), with the event's row locked like every seat writer. An offered place is taken
when it is offered, so that nobody else gets it; `expire_offers` (a command run from cron)
gives each one not confirmed in time to the next person in line.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from program.models import Event
from registrations import notifications
from registrations.enums import RegistrationStatus
from registrations.models import Registration
from registrations.services import seats
from registrations.services.registration import close
from registrations.services.rules import RegistrationError


def _decide(registrations: Iterable[Registration], decide) -> list[Registration]:
    """Each registration awaiting approval, with its event locked, decided by `decide`."""
    decided = []
    for registration in registrations:
        with transaction.atomic():
            event = seats.lock_event(registration.event_id)
            registration = Registration.objects.select_related("event").get(pk=registration.pk)
            if registration.status == RegistrationStatus.AWAITING_APPROVAL:
                decide(event, registration, timezone.now())
                decided.append(registration)
    return decided


def _accept(event: Event, registration: Registration, now: dt.datetime) -> None:
    if seats.take_seat(Event, event.pk):
        seats.admit(registration, now=now)
    else:
        # First come, first served from the moment they were accepted.
        registration.status = RegistrationStatus.WAITLISTED
        registration.queued_at = now
        registration.save(update_fields=["status", "queued_at", "updated_at"])
    notifications.registered(registration=registration)


def _decline(event: Event, registration: Registration, now: dt.datetime) -> None:
    close(registration, RegistrationStatus.DECLINED, now=now)
    notifications.declined(registration=registration)


def accept_registrations(*, registrations: Iterable[Registration]) -> list[Registration]:
    """An organizer says yes: a place if one is free (the sessions they chose are booked then),
    else the event's waiting list; an email either way. Those not awaiting approval are left
    as they are. Returns those accepted."""
    return _decide(registrations, _accept)


def decline_registrations(*, registrations: Iterable[Registration]) -> list[Registration]:
    """An organizer says no: the registration is closed, with an email."""
    return _decide(registrations, _decline)


def confirm_offer(*, registration: Registration, now: dt.datetime | None = None) -> None:
    """The person takes the place held for them, in time."""
    now = now or timezone.now()
    with transaction.atomic():
        seats.lock_event(registration.event_id)
        registration = Registration.objects.select_related("event").get(pk=registration.pk)
        if registration.status != RegistrationStatus.OFFERED:
            raise RegistrationError(_("No place is offered to you now."))
        if registration.offer_expires_at <= now:
            raise RegistrationError(
                _("The time to confirm this place has passed: it goes to the next person.")
            )
        seats.admit(registration, now=now)
        notifications.place_offered(registration=registration)


def expire_offers(*, now: dt.datetime | None = None) -> int:
    """Give every place offered and not confirmed in time to the next person in line; the
    person who let it pass is told. Returns how many offers expired."""
    now = now or timezone.now()
    expired = Registration.objects.filter(
        status=RegistrationStatus.OFFERED, offer_expires_at__lte=now
    )
    count = 0
    for event_id in expired.order_by("event_id").values_list("event_id", flat=True).distinct():
        with transaction.atomic():
            seats.lock_event(event_id)
            for registration in expired.filter(event_id=event_id).select_related("event"):
                close(registration, RegistrationStatus.CANCELLED, now=now)
                notifications.offer_expired(registration=registration)
                count += 1
    return count

"""Erasure: a person's data removed from everywhere it lives, leaving only anonymous counts.

The same for a participant through their private link, an organizer deleting in the admin, and
the retention command after the event: places are given up first (the people waiting are served,
as for a cancellation), then the registration and everything that hangs from it is deleted with
its change history, its emails and the admin's log lines about it. Once the event has begun, what
the person counted for in the funder's report is added to anonymous sums first
(`ErasedFigures`), so that the report's figures stay as they were.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q
from django.db.models.deletion import Collector
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import registered_models

from program.models import Event
from registrations.enums import RegistrationStatus
from registrations.models import ErasedFigures, OutgoingEmail, Registration
from registrations.services import seats
from registrations.services.registration import close


def erase_registrations(
    *, registrations: Iterable[Registration], now: dt.datetime | None = None
) -> int:
    """Erase these registrations (of any events), one transaction per event; returns how many."""
    now = now or timezone.now()
    by_event: dict[int, list[int]] = defaultdict(list)
    for registration in registrations:
        by_event[registration.event_id].append(registration.pk)
    erased = 0
    for event_id, ids in sorted(by_event.items()):
        with transaction.atomic():
            event = seats.lock_event(event_id)
            erased += _erase(event, ids, now=now)
    return erased


def _erase(event: Event, ids: list[int], *, now: dt.datetime) -> int:
    people = list(Registration.objects.filter(event=event, pk__in=ids).order_by("pk"))
    if not people:
        return 0
    if event.has_started(now):
        _keep_figures(event, [p.pk for p in people])
    for registration in people:
        if not registration.is_closed:
            close(registration, RegistrationStatus.CANCELLED, now=now)
    _delete_everything(people)
    return len(people)


def _keep_figures(event: Event, ids: list[int]) -> None:
    """Add what these people count for in the funder's report to its anonymous sums."""
    # Read here: the figures' module reads through the selectors, which import the services.
    from registrations import attendance

    facts = attendance.event_facts(event)
    lines = attendance.counts(facts, attendance.counted_people(event, facts, ids))
    for (breakdown, value), count in lines.items():
        if count == attendance.Count():
            continue
        row, _created = ErasedFigures.objects.get_or_create(
            event=event,
            breakdown=breakdown,
            value=value,
            defaults={"session_id": int(value) if breakdown == attendance.SESSION else None},
        )
        row.people += count.people
        row.registered += count.registered
        row.attended += count.attended
        row.checked_in += count.checked_in
        days = defaultdict(int, row.days)
        for day, n in count.days.items():
            days[day.isoformat()] += n
        row.days = dict(days)
        row.save()


def _delete_everything(people: list[Registration]) -> None:
    """The registrations and every row that holds something of them: what they own (bookings,
    diets, links, check-ins, letter, answers: whatever the database deletes with them), their
    emails, every version of all of these in the change history, the admin's log lines."""
    ids = [p.pk for p in people]
    addresses = {p.email.lower() for p in people}
    emails = OutgoingEmail.objects.alias(address=Lower("to")).filter(
        Q(registration__in=ids) | Q(registration__isnull=True, address__in=addresses)
    )
    owned = _collect(people)
    owned[OutgoingEmail] = set(emails.values_list("pk", flat=True))
    OutgoingEmail.objects.filter(pk__in=owned[OutgoingEmail]).delete()
    Registration.objects.filter(pk__in=ids).delete()
    # After the deletions, which the history records too.
    for model, pks in owned.items():
        keys = [str(pk) for pk in pks]
        content_type = ContentType.objects.get_for_model(model)
        LogEntry.objects.filter(content_type=content_type, object_id__in=keys).delete()
    for source in registered_models.values():
        history = source.history.model
        rows = history.objects.filter(id__in=owned.get(source, ()))
        if any(f.name == "registration" for f in source._meta.fields):
            # Versions of rows deleted earlier (a diet removed, a check-in undone) too.
            rows = rows | history.objects.filter(registration_id__in=ids)
        rows.delete()


def _collect(people: list[Registration]) -> dict[type, set[int]]:
    """Every row the database would delete with these registrations, by model."""
    collector = Collector(using=DEFAULT_DB_ALIAS)
    collector.collect(people)
    owned: dict[type, set[int]] = defaultdict(set)
    for model, rows in collector.data.items():
        owned[model].update(row.pk for row in rows)
    for query in collector.fast_deletes:
        owned[query.model].update(query.values_list("pk", flat=True))
    return owned

"""Random sequences of everything people and organizers do to seats, on PostgreSQL, with the
rules checked after every step (Hypothesis's stateful testing).

People register (with some sessions), change their sessions or details, give one up or cancel;
organizers move someone to the front of a waiting list and raise or lower limits. After each
step: no limit exceeded, counters equal to the rows, nobody holding two seats at once, nobody
left waiting while a seat is free, and those who got a place were first in line.
"""

import contextlib

import pytest
from django.db.models import Q
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from program.models import Event, Session
from registrations import services
from registrations.details import Details
from registrations.models import Booking, Registration
from tests.factories import EventFactory, SessionFactory, details, paris
from tests.invariants import counter_drift, overbookings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgresql")]

PEOPLE = st.integers(min_value=0, max_value=50)  # an index into those registered so far
LIMIT = st.integers(min_value=0, max_value=4)


def waiting_order(event) -> dict[str, list[int]]:
    """Who waits for what, first in line first: the event, and each session."""
    order = {
        "event": list(
            Registration.objects.filter(event=event, status="waitlisted")
            .order_by("queued_at", "pk")
            .values_list("pk", flat=True)
        )
    }
    waiting = Booking.objects.filter(session__event=event, status="waitlisted")
    for booking in waiting.order_by("queued_at", "pk"):
        order.setdefault(f"session {booking.session_id}", []).append(booking.pk)
    return order


def confirmed(event) -> set[str]:
    """Who holds what: "event:<registration>", "session <id>:<booking>"."""
    people = Registration.objects.filter(event=event, status="confirmed")
    seats = Booking.objects.filter(session__event=event, status="confirmed")
    return {f"event:{pk}" for pk in people.values_list("pk", flat=True)} | {
        f"session {s}:{pk}" for s, pk in seats.values_list("session_id", "pk")
    }


class Seats(RuleBasedStateMachine):
    @initialize()
    def an_event(self):
        self.event = EventFactory(capacity=3)
        day = self.event.starts_on
        # Two workshops at the same time, a visit overlapping the second, a meal apart.
        self.sessions = [
            SessionFactory(event=self.event, capacity=2, starts_at=paris(day, 14)),
            SessionFactory(event=self.event, capacity=1, starts_at=paris(day, 14)),
            SessionFactory(
                event=self.event,
                capacity=2,
                kind="site_visit",
                starts_at=paris(day, 15),
                ends_at=paris(day, 18),
            ),
            SessionFactory(event=self.event, capacity=None, starts_at=paris(day, 9)),
        ]
        self.people: list[Registration] = []  # in the order they registered
        self.order: dict[str, list[int]] = {}

    def _person(self, n: int) -> Registration:
        return self.people[n % len(self.people)]

    def _do(self, action) -> None:
        """Act as the site does: a rule's refusal is an answer, not a failure."""
        self.order = waiting_order(self.event)
        with contextlib.suppress(services.RegistrationError):
            action()

    def _sessions(self, chosen: list[int]) -> list[int]:
        return [self.sessions[i].pk for i in sorted(set(chosen))]

    @rule(chosen=st.lists(st.integers(0, 3), max_size=3))
    def register(self, chosen):
        def act():
            registered = services.register(
                event=self.event, details=details(), session_ids=self._sessions(chosen)
            )
            self.people.append(registered.registration)

        self._do(act)

    @precondition(lambda self: self.people)
    @rule(n=PEOPLE, chosen=st.lists(st.integers(0, 3), max_size=3))
    def change_sessions(self, n, chosen):
        person = self._person(n)
        self._do(
            lambda: services.set_bookings(registration=person, session_ids=self._sessions(chosen))
        )

    @precondition(lambda self: self.people)
    @rule(n=PEOPLE, phone=st.sampled_from(["", "+385 91 000 0000"]))
    def change_details(self, n, phone):
        person = Registration.objects.get(pk=self._person(n).pk)
        held = person.bookings.exclude(status="cancelled").values_list("session_id", flat=True)
        self._do(
            lambda: services.update_registration(
                registration=person,
                details=Details.of(person).replace(phone=phone),
                session_ids=list(held),
            )
        )

    @precondition(lambda self: self.people)
    @rule(n=PEOPLE, which=st.integers(0, 3))
    def give_up_a_session(self, n, which):
        person = self._person(n)
        session_id = self.sessions[which].pk
        self._do(lambda: services.cancel_booking(registration=person, session_id=session_id))

    @precondition(lambda self: self.people)
    @rule(n=PEOPLE)
    def cancel(self, n):
        self._do(lambda: services.cancel_registration(registration=self._person(n)))

    @precondition(lambda self: self.people)
    @rule(n=PEOPLE)
    def to_the_front_of_the_event_list(self, n):
        person = self._person(n)
        self._do(lambda: services.prioritise_registration(registration=person))
        self.order = {}  # the organizer chose the order

    @precondition(
        lambda self: Booking.objects.filter(session__event=self.event, status="waitlisted").exists()
    )
    @rule(n=PEOPLE)
    def to_the_front_of_a_session_list(self, n):
        waiting = Booking.objects.filter(session__event=self.event, status="waitlisted")
        waiting = list(waiting.select_related("session"))
        self._do(lambda: services.prioritise_booking(booking=waiting[n % len(waiting)]))
        self.order = {}

    @rule(limit=LIMIT)
    def event_limit(self, limit):
        def act():
            event = Event.objects.get(pk=self.event.pk)
            event.capacity = limit
            services.save_event(event=event, changed=["capacity"])

        self._do(act)

    @rule(which=st.integers(0, 2), limit=LIMIT)
    def session_limit(self, which, limit):
        def act():
            session = Session.objects.get(pk=self.sessions[which].pk)
            session.capacity = limit
            services.save_session(session=session, changed=["capacity"])

        self._do(act)

    @invariant()
    def within_limits_and_counters_true(self):
        if hasattr(self, "event"):
            self.event.refresh_from_db()  # the limit as organizers left it
            assert overbookings(self.event) == []
            assert counter_drift(self.event) == []

    @invariant()
    def nobody_holds_two_seats_at_once(self):
        if not hasattr(self, "event"):
            return
        held = Booking.objects.filter(session__event=self.event, status="confirmed")
        held = held.select_related("session")
        by_person: dict[int, list[Session]] = {}
        for booking in held:
            by_person.setdefault(booking.registration_id, []).append(booking.session)
        for sessions in by_person.values():
            for n, one in enumerate(sessions):
                assert not any(one.overlaps(other) for other in sessions[n + 1 :])

    @invariant()
    def nobody_waits_while_a_place_is_free(self):
        if not hasattr(self, "event"):
            return
        event = Event.objects.get(pk=self.event.pk)
        if Registration.objects.filter(event=event, status="waitlisted").exists():
            assert event.is_full
        waited_for = Session.objects.filter(
            Q(bookings__status="waitlisted"), event=event
        ).distinct()
        assert [s.title for s in waited_for if not s.is_full] == []

    @invariant()
    def the_first_in_line_got_the_place(self):
        if not self.order:
            return
        now, after = confirmed(self.event), waiting_order(self.event)
        for line, waiting in self.order.items():
            got = [pk for pk in waiting if f"{line}:{pk}" in now]
            still = set(after.get(line, []))
            if got:
                last = waiting.index(got[-1])
                assert not still & set(waiting[:last]), f"{line}: someone later got the place"


def test_any_sequence_of_changes_keeps_every_seat_rule():
    run_state_machine_as_test(
        Seats,
        settings=settings(
            max_examples=20,
            stateful_step_count=20,
            deadline=None,
            database=None,  # nothing written in the work tree; a failure prints its steps
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )

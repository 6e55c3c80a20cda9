"""Check-in at the door, organizers' registrations and moves: the services."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from program.models import Event
from registrations import services
from registrations.enums import BookingStatus, RegistrationStatus
from registrations.models import Attendance, Booking, OutgoingEmail
from tests.factories import EventFactory, PlenaryFactory, SessionFactory, details, paris, register
from tests.invariants import counter_drift, overbookings

pytestmark = pytest.mark.django_db

DAY = dt.date(2031, 6, 10)
MORNING = paris(DAY, 9, 12)


@pytest.fixture
def event():
    return EventFactory(starts_on=DAY, title="Living Lab +Resilient")


def check_in(registration, **kwargs):
    """A scan at 09:12 on the first day, made then."""
    return services.check_in(registration=registration, at=MORNING, now=MORNING, **kwargs)


def test_check_in_marks_the_person_present_that_day_once(event):
    person = register(event).registration
    marie = User.objects.create_user("marie", first_name="Marie", last_name="Durand")

    first = check_in(person, by=marie)
    second = check_in(person)

    assert (first.is_new, second.is_new) == (True, False)
    assert second.attendance.pk == first.attendance.pk
    assert services.already_message(second, event.tz) == (
        "Already checked in at 09:12 by Marie Durand."
    )
    assert list(Attendance.objects.values_list("day", "session", "checked_in_at")) == [
        (DAY, None, MORNING)
    ]


def test_a_session_and_the_day_are_counted_apart(event):
    person = register(event).registration
    plenary = PlenaryFactory(event=event)

    check_in(person)
    at_plenary = check_in(person, session=plenary)
    again = check_in(person, session=plenary)

    assert (at_plenary.is_new, again.is_new) == (True, False)
    assert Attendance.objects.filter(registration=person).count() == 2


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("cancelled", "Ελένη Παπαδοπούλου cancelled their registration."),
        (
            "waitlisted",
            "Ελένη Παπαδοπούλου is on the waiting list: they have no place at the event.",
        ),
    ],
)
def test_check_in_refuses_who_holds_no_place(state, message):
    event = EventFactory(starts_on=DAY, capacity=1)
    register(event)
    person = register(event).registration  # waiting: the event holds one
    if state == "cancelled":
        services.cancel_registration(registration=person)
    person.refresh_from_db()

    with pytest.raises(services.RegistrationError) as refused:
        check_in(person)

    assert refused.value.message == message
    assert Attendance.objects.count() == 0


def test_check_in_refuses_a_day_the_event_does_not_take_place(event):
    person = register(event).registration
    day_before = paris(DAY - dt.timedelta(days=1), 17)

    with pytest.raises(services.RegistrationError) as refused:
        services.check_in(registration=person, at=day_before, now=day_before)

    assert refused.value.message == (
        "The event does not take place on 9 June 2031: it runs from 10 June 2031 to 12 June 2031."
    )


def test_check_in_for_a_session_needs_a_seat_in_it_and_its_day(event):
    workshop = SessionFactory(event=event, title="Card game")
    tomorrow = SessionFactory(
        event=event,
        title="Coach visit",
        starts_at=paris(DAY + dt.timedelta(days=1), 14),
        ends_at=paris(DAY + dt.timedelta(days=1), 18),
    )
    booked = register(event, sessions=[workshop, tomorrow]).registration
    other = register(event, first_name="Ana", last_name="Horvat").registration

    check_in(booked, session=workshop)
    with pytest.raises(services.RegistrationError) as no_seat:
        check_in(other, session=workshop)
    with pytest.raises(services.RegistrationError) as other_day:
        check_in(booked, session=tomorrow)

    assert no_seat.value.message == "Ana Horvat has no seat in “Card game”."
    assert other_day.value.message == "“Coach visit” takes place on 11 June 2031, not on this day."


def test_find_by_code_refuses_unknown_and_other_events_codes(event):
    person = register(event).registration
    other_event = EventFactory(title="Living Lab Split", starts_on=dt.date(2032, 5, 4))
    stranger = register(other_event).registration

    found = services.find_by_code(event=event, code=f" {person.checkin_code} ")
    with pytest.raises(services.RegistrationError) as unknown:
        services.find_by_code(event=event, code="not-a-code-of-ours")
    with pytest.raises(services.RegistrationError) as elsewhere:
        services.find_by_code(event=event, code=stranger.checkin_code)

    assert found == person
    assert unknown.value.message == (
        "Unknown code: it is not one of ours, or it was replaced by a newer one."
    )
    assert elsewhere.value.message == (
        "This code is for “Living Lab Split” (4 May 2032 – 6 May 2032), not for this event."
    )


def test_a_reissued_code_replaces_the_old_one(event):
    person = register(event).registration
    old = person.checkin_code

    new = services.reissue_checkin_code(registration=person)

    assert new != old
    assert len(new) == 22
    assert services.find_by_code(event=event, code=new) == person
    with pytest.raises(services.RegistrationError):
        services.find_by_code(event=event, code=old)
    assert person.history.first().checkin_code == new


def test_a_late_scan_keeps_its_time_within_limits(event):
    person = register(event).registration
    plenary = PlenaryFactory(event=event)
    now = paris(DAY, 11)

    late = services.check_in(registration=person, at=paris(DAY, 9, 40), now=now)
    future = services.check_in(registration=person, session=plenary, at=paris(DAY, 13), now=now)

    assert late.attendance.checked_in_at == paris(DAY, 9, 40)
    assert future.attendance.checked_in_at == now


def test_undo_removes_the_check_in_and_the_history_keeps_it(event):
    person = register(event).registration
    check = check_in(person)

    services.undo_check_in(attendance=check.attendance)

    assert Attendance.objects.count() == 0
    assert [h.history_type for h in Attendance.history.order_by("history_date")] == ["+", "-"]
    assert check_in(person).is_new


def test_codes_are_random_and_unique_per_registration(event):
    codes = {register(event).registration.checkin_code for _ in range(5)}

    assert len(codes) == 5
    assert all(len(code) == 22 for code in codes)


# -- organizers register and move people -------------------------------------------------------


def test_organizer_registers_after_registration_closed_and_beyond_full_limits():
    event = EventFactory(capacity=1)
    workshop = SessionFactory(event=event, capacity=1)
    first = register(event, sessions=[workshop])
    Event.objects.filter(pk=event.pk).update(
        registration_opens_at=paris(dt.date(2019, 1, 1), 9),
        registration_closes_at=paris(dt.date(2020, 1, 1), 9),
    )
    with pytest.raises(services.RegistrationError) as closed:
        services.register(event=event, details=details())

    guest = services.register(
        event=event, details=details(), session_ids=[workshop.pk], by_organizer=True
    ).registration

    assert guest.status == RegistrationStatus.CONFIRMED
    assert Booking.objects.get(registration=guest).status == BookingStatus.CONFIRMED
    event.refresh_from_db()
    workshop.refresh_from_db()
    assert (event.capacity, event.seats_taken) == (2, 2)
    assert (workshop.capacity, workshop.seats_taken) == (2, 2)
    assert overbookings(event) == []
    assert counter_drift(event) == []
    assert guest.history.get().history_change_reason == "Registered by an organizer"
    assert OutgoingEmail.objects.filter(registration=guest, kind="registered").count() == 1
    assert first.registration.status == RegistrationStatus.CONFIRMED
    assert closed.value.message == "Registration for this event is not open."


def test_organizer_registration_keeps_clashes_and_one_address_per_event(event):
    one = SessionFactory(event=event)
    other = SessionFactory(event=event)  # at the same time
    register(event, email="ana@example.org")

    with pytest.raises(services.RegistrationError) as clash:
        services.register(
            event=event, details=details(), session_ids=[one.pk, other.pk], by_organizer=True
        )
    with pytest.raises(services.DuplicateRegistration):
        services.register(event=event, details=details(email="ANA@example.org"), by_organizer=True)

    assert "take place at the same time" in clash.value.message


def test_move_frees_the_seat_for_the_waiting_list_and_takes_one_in_the_other(event):
    card = SessionFactory(event=event, title="Card game", capacity=1)
    policy = SessionFactory(event=event, title="Policy lab", capacity=1)
    holder = register(event, sessions=[card]).registration
    waiting = register(event, sessions=[card]).registration
    register(event, sessions=[policy])  # the policy lab is full

    booking = services.move_booking(registration=holder, from_session_id=card.pk, to_session=policy)

    assert booking.status == BookingStatus.CONFIRMED
    assert Booking.objects.get(registration=holder, session=card).status == "cancelled"
    assert Booking.objects.get(registration=waiting, session=card).status == "confirmed"
    policy.refresh_from_db()
    assert (policy.capacity, policy.seats_taken) == (2, 2)
    assert counter_drift(event) == []
    told = OutgoingEmail.objects.filter(registration=holder, kind="bookings_changed").get()
    assert "Policy lab" in told.body_text
    assert "Card game" in told.body_text


def test_move_refuses_a_clash_and_changes_nothing(event):
    card = SessionFactory(event=event, title="Card game")
    visit = SessionFactory(
        event=event, title="Coach visit", starts_at=paris(DAY, 9), ends_at=paris(DAY, 11)
    )
    morning = SessionFactory(
        event=event, title="Morning lab", starts_at=paris(DAY, 10), ends_at=paris(DAY, 12)
    )
    person = register(event, sessions=[card, visit]).registration

    with pytest.raises(services.RegistrationError) as clash:
        services.move_booking(registration=person, from_session_id=card.pk, to_session=morning)

    assert clash.value.message == "“Coach visit” and “Morning lab” take place at the same time."
    assert set(person.bookings.values_list("session__title", "status")) == {
        ("Card game", "confirmed"),
        ("Coach visit", "confirmed"),
    }

import datetime as dt
import hashlib

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from program.models import Event, Session
from registrations import outbox, services
from registrations.enums import BookingStatus, RegistrationStatus
from registrations.models import AccessKey, Booking, Registration
from tests.factories import EventFactory, SessionFactory, details, paris, register
from tests.invariants import counter_drift

pytestmark = pytest.mark.django_db


def booking_status(registration, session) -> str:
    return Booking.objects.get(registration=registration.registration, session=session).status


def test_register_books_seats_and_counts_them():
    workshop = SessionFactory(capacity=2)
    lunch = SessionFactory(
        event=workshop.event,
        kind="meal",
        capacity=None,
        starts_at=paris(workshop.event.starts_on, 12),
    )

    result = register(workshop.event, sessions=[workshop, lunch], diets=["vegan", "gluten_free"])

    assert result.registration.status == RegistrationStatus.CONFIRMED
    assert booking_status(result, workshop) == BookingStatus.CONFIRMED
    assert booking_status(result, lunch) == BookingStatus.CONFIRMED
    assert result.registration.diet_codes == ["gluten_free", "vegan"]
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1
    assert counter_drift(workshop.event) == []


def test_register_keeps_names_in_any_script():
    event = EventFactory()

    result = register(event, first_name="Ëndrit", last_name="Çelaj-Ђурђевић Παπαδόπουλος")

    stored = Registration.objects.get(pk=result.registration.pk)
    assert stored.full_name == "Ëndrit Çelaj-Ђурђевић Παπαδόπουλος"


def test_register_full_session_goes_to_its_waiting_list_in_order():
    workshop = SessionFactory(capacity=1)
    first = register(workshop.event, sessions=[workshop])
    second = register(workshop.event, sessions=[workshop])
    third = register(workshop.event, sessions=[workshop])

    assert booking_status(first, workshop) == BookingStatus.CONFIRMED
    waiting = Booking.objects.filter(session=workshop, status="waitlisted").order_by(
        "queued_at", "id"
    )
    assert [b.registration for b in waiting] == [second.registration, third.registration]
    assert counter_drift(workshop.event) == []


def test_cancel_booking_promotes_first_in_line_in_same_transaction():
    workshop = SessionFactory(capacity=1)
    holder = register(workshop.event, sessions=[workshop])
    second = register(workshop.event, sessions=[workshop])
    third = register(workshop.event, sessions=[workshop])

    services.cancel_booking(registration=holder.registration, session_id=workshop.pk)

    assert booking_status(holder, workshop) == BookingStatus.CANCELLED
    assert booking_status(second, workshop) == BookingStatus.CONFIRMED
    assert booking_status(third, workshop) == BookingStatus.WAITLISTED
    assert counter_drift(workshop.event) == []


def test_rejoining_a_waiting_list_goes_to_its_end():
    workshop = SessionFactory(capacity=1)
    register(workshop.event, sessions=[workshop])
    early = register(workshop.event, sessions=[workshop])
    late = register(workshop.event, sessions=[workshop])
    services.set_bookings(registration=early.registration, session_ids=[])
    services.set_bookings(registration=early.registration, session_ids=[workshop.pk])

    waiting = Booking.objects.filter(session=workshop, status="waitlisted").order_by(
        "queued_at", "id"
    )

    assert [b.registration_id for b in waiting] == [late.registration.pk, early.registration.pk]


def test_cancel_registration_frees_event_place_and_sessions():
    event = EventFactory(capacity=1)
    workshop = SessionFactory(event=event, capacity=1)
    holder = register(event, sessions=[workshop])
    waiting = register(event, sessions=[workshop])
    assert waiting.registration.status == RegistrationStatus.WAITLISTED
    assert booking_status(waiting, workshop) == BookingStatus.PENDING

    services.cancel_registration(registration=holder.registration)

    waiting.registration.refresh_from_db()
    assert waiting.registration.status == RegistrationStatus.CONFIRMED
    assert booking_status(waiting, workshop) == BookingStatus.CONFIRMED
    assert booking_status(holder, workshop) == BookingStatus.CANCELLED
    assert counter_drift(event) == []


def test_event_waiting_list_does_not_take_session_seats():
    event = EventFactory(capacity=1)
    workshop = SessionFactory(event=event, capacity=5)
    register(event, sessions=[workshop])

    register(event, sessions=[workshop])

    workshop.refresh_from_db()
    assert workshop.seats_taken == 1


def test_cancel_registration_twice_changes_nothing_more():
    event = EventFactory(capacity=3)
    holder = register(event)
    services.cancel_registration(registration=holder.registration)

    services.cancel_registration(registration=holder.registration)

    event.refresh_from_db()
    assert event.seats_taken == 0


def test_set_bookings_swaps_and_frees_the_old_seat_for_the_waiting():
    event = EventFactory()
    a = SessionFactory(event=event, capacity=1, title="A")
    b = SessionFactory(event=event, capacity=1, title="B")
    mover = register(event, sessions=[a])
    waiting_for_a = register(event, sessions=[a])

    changes = services.set_bookings(registration=mover.registration, session_ids=[b.pk])

    assert [s.title for s in changes.cancelled] == ["A"]
    assert [s.title for s in changes.confirmed] == ["B"]
    assert booking_status(waiting_for_a, a) == BookingStatus.CONFIRMED
    assert counter_drift(event) == []


def test_set_bookings_keeps_a_seat_that_is_kept():
    workshop = SessionFactory(capacity=1)
    holder = register(workshop.event, sessions=[workshop])

    changes = services.set_bookings(registration=holder.registration, session_ids=[workshop.pk])

    assert not changes
    assert booking_status(holder, workshop) == BookingStatus.CONFIRMED


def test_register_refuses_overlapping_sessions():
    first = SessionFactory(title="Card game")
    second = SessionFactory(
        event=first.event,
        title="Coach visit",
        starts_at=first.starts_at + dt.timedelta(hours=1),
        ends_at=first.ends_at + dt.timedelta(hours=2),
    )

    with pytest.raises(services.RegistrationError, match=r"Card game.*Coach visit"):
        register(first.event, sessions=[first, second])

    assert not Registration.objects.exists()


def test_sessions_that_touch_do_not_clash():
    first = SessionFactory()
    second = SessionFactory(
        event=first.event, starts_at=first.ends_at, ends_at=first.ends_at + dt.timedelta(hours=1)
    )

    assert services.find_clashes([first, second]) == []


def test_register_refuses_session_of_another_event():
    event = EventFactory()
    elsewhere = SessionFactory()

    with pytest.raises(services.RegistrationError):
        register(event, sessions=[elsewhere])


def test_register_refuses_session_without_booking():
    plenary = SessionFactory(requires_booking=False, capacity=None)

    with pytest.raises(services.RegistrationError):
        register(plenary.event, sessions=[plenary])


def test_register_outside_window_is_refused():
    now = timezone.now()
    closed = EventFactory(
        registration_opens_at=now - dt.timedelta(days=10),
        registration_closes_at=now - dt.timedelta(days=1),
    )
    not_yet = EventFactory(
        registration_opens_at=now + dt.timedelta(days=1),
        registration_closes_at=now + dt.timedelta(days=10),
    )

    for event in (closed, not_yet):
        with pytest.raises(services.RegistrationError, match="not open"):
            register(event)


def test_second_registration_with_same_email_in_any_case_is_refused():
    event = EventFactory()
    register(event, email="maria.rossi@example.org")

    with pytest.raises(services.DuplicateRegistration):
        register(event, email="  Maria.Rossi@EXAMPLE.org")

    assert event.registrations.count() == 1


def test_same_email_may_register_for_another_event_and_after_cancelling():
    first = register(EventFactory(), email="ana@example.org")
    register(EventFactory(), email="ana@example.org")
    services.cancel_registration(registration=first.registration)

    again = register(first.registration.event, email="ana@example.org")

    assert again.registration.status == RegistrationStatus.CONFIRMED


def test_database_refuses_two_active_registrations_for_one_email():
    existing = register(EventFactory(), email="ana@example.org").registration
    twin = Registration(
        event=existing.event, status=RegistrationStatus.CONFIRMED, privacy_consent_at=timezone.now()
    )
    details(email="ANA@example.org").apply_to(twin)

    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_private_key_is_long_random_and_only_its_hash_is_stored():
    first = register(EventFactory())
    second = register(first.registration.event)

    assert len(first.key) >= 43  # 32 random bytes in URL-safe base64: 256 bits
    assert first.key != second.key
    stored = AccessKey.objects.get(registration=first.registration)
    assert stored.digest == hashlib.sha256(first.key.encode()).hexdigest()
    assert not AccessKey.objects.filter(digest=first.key).exists()
    feed = services.calendar_key(first.key)
    assert stored.calendar_digest == hashlib.sha256(feed.encode()).hexdigest()
    assert first.key not in feed


def test_resend_private_link_adds_a_key_and_keeps_the_old_one(
    mailoutbox, django_capture_on_commit_callbacks
):
    result = register(EventFactory(), email="ana@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.resend_private_link(
            event=result.registration.event, email="ANA@example.org"
        )

    assert sent is True
    assert AccessKey.objects.filter(registration=result.registration).count() == 2
    outbox.deliver_due()  # the worker sends links (see notifications.private_link)
    assert mailoutbox[-1].to == ["ana@example.org"]
    assert "asked for the link" in mailoutbox[-1].body
    assert "/r/" in mailoutbox[-1].body


def test_resend_private_link_to_unknown_address_sends_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.resend_private_link(event=EventFactory(), email="nobody@example.org")

    assert sent is False
    assert mailoutbox == []


def test_raising_capacity_fills_from_waiting_list():
    workshop = SessionFactory(capacity=1)
    register(workshop.event, sessions=[workshop])
    waiting = register(workshop.event, sessions=[workshop])
    Session.objects.filter(pk=workshop.pk).update(capacity=2)

    services.fill_waiting_lists(event=workshop.event)

    assert booking_status(waiting, workshop) == BookingStatus.CONFIRMED
    assert counter_drift(workshop.event) == []


def test_update_registration_changes_details_diets_and_sessions():
    workshop = SessionFactory(capacity=3)
    result = register(workshop.event, diets=["vegan"])

    services.update_registration(
        registration=result.registration,
        details=details(
            first_name="Marija", email="marija@example.org", photo_consent=True, diets=["halal"]
        ),
        session_ids=[workshop.pk],
    )

    stored = Registration.objects.get(pk=result.registration.pk)
    assert stored.first_name == "Marija"
    assert stored.diet_codes == ["halal"]
    assert stored.photo_consent_at is not None
    assert booking_status(result, workshop) == BookingStatus.CONFIRMED


def test_update_registration_refuses_an_email_used_by_another():
    event = EventFactory()
    register(event, email="taken@example.org")
    mine = register(event)

    with pytest.raises(services.RegistrationError) as caught:
        services.update_registration(
            registration=mine.registration, details=details(email="Taken@example.org")
        )

    assert caught.value.field == "email"


def test_cancelled_registration_cannot_book():
    workshop = SessionFactory()
    result = register(workshop.event)
    services.cancel_registration(registration=result.registration)

    with pytest.raises(services.RegistrationError):
        services.set_bookings(registration=result.registration, session_ids=[workshop.pk])


def test_emails_leave_only_after_commit(mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register(event, email="ana@example.org")

    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert mailoutbox[0].to == ["ana@example.org"]
    assert "/r/" in mailoutbox[0].body


def test_event_waiting_list_is_served_in_order():
    event = EventFactory(capacity=1)
    holder = register(event)
    first, second, third = (register(event) for _ in range(3))

    services.cancel_registration(registration=holder.registration)
    services.cancel_registration(registration=first.registration)

    statuses = {
        r.pk: r.status
        for r in Registration.objects.filter(pk__in=[second.registration.pk, third.registration.pk])
    }
    assert statuses == {second.registration.pk: "confirmed", third.registration.pk: "waitlisted"}


def test_promotions_are_told_by_email(mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1, title="Living Lab +Resilient")
    workshop = SessionFactory(event=event, capacity=5, title="Card game")
    holder = register(event)
    waiting = register(event, sessions=[workshop], email="next@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=holder.registration)

    to_next = [m for m in mailoutbox if m.to == ["next@example.org"]]
    assert [m.subject for m in to_next] == ["Your place at Living Lab +Resilient is confirmed"]
    assert booking_status(waiting, workshop) == BookingStatus.CONFIRMED


def test_seat_promotion_is_told_by_email(mailoutbox, django_capture_on_commit_callbacks):
    workshop = SessionFactory(capacity=1, title="Card game")
    holder = register(workshop.event, sessions=[workshop])
    register(workshop.event, sessions=[workshop], email="next@example.org", preferred_language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(registration=holder.registration, session_id=workshop.pk)

    to_next = [m for m in mailoutbox if m.to == ["next@example.org"]]
    assert [m.subject for m in to_next] == ["Une place vous est attribuée\u00a0: Card game"]


def test_no_promotion_into_a_session_that_has_begun():
    workshop = SessionFactory(capacity=1)
    holder = register(workshop.event, sessions=[workshop])
    waiting = register(workshop.event, sessions=[workshop])
    Session.objects.filter(pk=workshop.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=1)
    )

    services.cancel_booking(
        registration=holder.registration, session_id=workshop.pk, by_organizer=True
    )

    assert booking_status(waiting, workshop) == BookingStatus.WAITLISTED
    assert counter_drift(workshop.event) == []


def test_no_promotion_once_the_event_is_over():
    event = EventFactory(capacity=1)
    holder = register(event)
    waiting = register(event)
    Event.objects.filter(pk=event.pk).update(
        starts_on=timezone.localdate() - dt.timedelta(days=5),
        ends_on=timezone.localdate() - dt.timedelta(days=3),
    )

    services.cancel_registration(registration=holder.registration, by_organizer=True)

    waiting.registration.refresh_from_db()
    assert waiting.registration.status == RegistrationStatus.WAITLISTED


def test_a_session_that_has_begun_cannot_be_booked_or_given_up():
    workshop = SessionFactory(capacity=5, title="Card game")
    holder = register(workshop.event, sessions=[workshop])
    other = register(workshop.event)
    Session.objects.filter(pk=workshop.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=1)
    )

    with pytest.raises(services.RegistrationError, match="already begun"):
        services.set_bookings(registration=other.registration, session_ids=[workshop.pk])
    with pytest.raises(services.RegistrationError, match="already begun"):
        services.set_bookings(registration=holder.registration, session_ids=[])
    with pytest.raises(services.RegistrationError, match="already begun"):
        services.cancel_booking(registration=holder.registration, session_id=workshop.pk)


def test_organizer_may_cancel_after_the_event_began():
    event = EventFactory()
    result = register(event)
    Event.objects.filter(pk=event.pk).update(starts_on=timezone.localdate())

    with pytest.raises(services.RegistrationError):
        services.cancel_registration(registration=result.registration)
    services.cancel_registration(registration=result.registration, by_organizer=True)

    result.registration.refresh_from_db()
    assert result.registration.status == RegistrationStatus.CANCELLED


def test_prioritise_moves_a_waiting_person_ahead_and_gives_the_next_place():
    event = EventFactory(capacity=1)
    holder = register(event)
    early = register(event)
    chosen = register(event)

    got_place = services.prioritise_registration(registration=chosen.registration)
    services.cancel_registration(registration=holder.registration)

    assert got_place is False
    chosen.registration.refresh_from_db()
    early.registration.refresh_from_db()
    assert (chosen.registration.status, early.registration.status) == ("confirmed", "waitlisted")


def test_look_alike_email_is_the_same_address():
    event = EventFactory()
    register(event, email="kate@example.org")

    with pytest.raises(services.DuplicateRegistration):
        register(event, email="\u212aate@example.org")


@pytest.mark.parametrize("kind", ["event", "session"])
def test_a_capacity_below_the_places_taken_meanwhile_is_refused(kind):
    """The form that lowered the limit was loaded before two people registered."""
    workshop = SessionFactory(capacity=5, event__capacity=5)
    stale = {"event": Event, "session": Session}[kind].objects.get(
        pk=workshop.event_id if kind == "event" else workshop.pk
    )
    register(workshop.event, sessions=[workshop])
    register(workshop.event, sessions=[workshop])
    stale.capacity = 1

    save = {
        "event": lambda: services.save_event(event=stale, changed=["capacity"]),
        "session": lambda: services.save_session(session=stale, changed=["capacity"]),
    }[kind]

    with pytest.raises(services.RegistrationError) as refused:
        save()

    assert (refused.value.field, refused.value.message) == (
        "capacity",
        "2 places are already taken; the limit cannot be lower.",
    )
    stale.refresh_from_db()
    assert (stale.capacity, stale.seats_taken) == (5, 2)


@pytest.mark.parametrize("model", [Event, Session])
def test_database_refuses_more_places_than_capacity(model):
    workshop = SessionFactory(capacity=1, event__capacity=1)
    row = workshop.event if model is Event else workshop

    with pytest.raises(IntegrityError, match="seats_within_capacity"), transaction.atomic():
        model.objects.filter(pk=row.pk).update(seats_taken=2)

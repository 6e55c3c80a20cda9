import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import EventFactory, SessionFactory, paris

pytestmark = pytest.mark.django_db


def test_event_slug_cannot_hide_a_site_path():
    event = EventFactory.build(slug="admin")

    with pytest.raises(ValidationError) as caught:
        event.full_clean()

    assert "slug" in caught.value.message_dict


def test_event_dates_and_window_must_be_in_order():
    first = timezone.localdate() + dt.timedelta(days=30)
    event = EventFactory.build(starts_on=first, ends_on=first - dt.timedelta(days=1))
    event.registration_closes_at = event.registration_opens_at

    with pytest.raises(ValidationError) as caught:
        event.clean()

    assert set(caught.value.message_dict) == {"ends_on", "registration_closes_at"}


def test_session_must_fit_its_event_and_end_after_it_starts():
    event = EventFactory()
    session = SessionFactory.build(event=event)
    after_the_event = event.ends_on + dt.timedelta(days=2)
    session.starts_at = paris(after_the_event, 10)
    session.ends_at = paris(after_the_event, 9)

    with pytest.raises(ValidationError) as caught:
        session.clean()

    assert set(caught.value.message_dict) == {"starts_at", "ends_at"}


def test_only_booked_sessions_have_a_seat_limit():
    session = SessionFactory.build(event=EventFactory(), requires_booking=False, capacity=20)

    with pytest.raises(ValidationError) as caught:
        session.clean()

    assert "capacity" in caught.value.message_dict


def test_seats_left_and_full():
    session = SessionFactory.build(capacity=2, seats_taken=2)
    unlimited = SessionFactory.build(capacity=None, seats_taken=50)

    assert (session.seats_left, session.is_full) == (0, True)
    assert (unlimited.seats_left, unlimited.is_full) == (None, False)

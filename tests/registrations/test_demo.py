import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from program.models import Event
from registrations.models import Booking, Registration
from tests.invariants import counter_drift, overbookings

pytestmark = pytest.mark.django_db


def test_demo_data_is_complete_consistent_and_idempotent(settings):
    settings.DEBUG = True
    call_command("demo", stdout=None)
    first = (Registration.objects.count(), Booking.objects.count())

    call_command("demo", stdout=None)

    event = Event.objects.get(slug="living-lab-resilient")
    assert (Registration.objects.count(), Booking.objects.count()) == first
    assert first[0] >= 28
    assert event.is_registration_open()
    assert len(event.days) == 3
    assert overbookings(event) == []
    assert counter_drift(event) == []
    assert Booking.objects.filter(status="waitlisted").exists()
    assert set(event.registrations.values_list("country", flat=True)) == {
        "IT",
        "ES",
        "PT",
        "HR",
        "SI",
        "GR",
        "AL",
        "FR",
    }
    assert get_user_model().objects.get(username="organizer").is_superuser
    assert event.series_fr == "Living Labs +Resilient"
    assert [(q.kind, q.choices.count()) for q in event.questions.all()] == [
        ("one_choice", 4),
        ("yes_no", 0),
    ]


def test_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("demo")

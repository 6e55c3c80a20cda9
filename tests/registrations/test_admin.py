import pytest
from django.urls import reverse

from registrations.models import Booking
from tests.factories import EventFactory, SessionFactory, register
from tests.html import text

pytestmark = pytest.mark.django_db


def test_admin_registration_list_filters_by_diet(admin_client):
    event = EventFactory()
    register(event, last_name="Rossi", diets=["vegan"])
    register(event, last_name="Ferreira", diets=["halal"])

    page = text(
        admin_client.get(
            reverse("admin:registrations_registration_changelist"), {"diet": "vegan"}
        ).content.decode()
    )

    assert "Rossi" in page
    assert "Ferreira" not in page


def test_deleting_a_registration_in_admin_frees_its_seats(admin_client):
    workshop = SessionFactory(capacity=1)
    holder = register(workshop.event, sessions=[workshop])
    waiting = register(workshop.event, sessions=[workshop])

    admin_client.post(
        reverse("admin:registrations_registration_delete", args=[holder.registration.pk]),
        {"post": "yes"},
    )

    assert Booking.objects.get(registration=waiting.registration).status == "confirmed"
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1

import datetime as dt

import pytest
from django.urls import reverse

from registrations.models import Booking, Registration
from tests.factories import EventFactory, SessionFactory, register
from tests.html import form_data, text
from tests.invariants import counter_drift

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


@pytest.fixture
def people():
    event = EventFactory(capacity=3)
    day = event.starts_on
    card = SessionFactory(event=event, title="Card game", capacity=1)
    register(
        event,
        sessions=[card],
        last_name="Rossi",
        country="IT",
        organisation_type="research",
        accommodation_nights=[day.isoformat()],
        needs_invitation_letter=True,
        arrival_date=day,
    )
    register(event, sessions=[card], last_name="Ferreira", country="PT", diets=["halal"])
    register(event, last_name="Novak", country="SI", arrival_date=day - dt.timedelta(days=1))
    register(event, last_name="Waiting", country="AL")
    return event, card


def listed(admin_client, **query) -> set[str]:
    response = admin_client.get(reverse("admin:registrations_registration_changelist"), query)
    assert response.status_code == 200
    return {r.last_name for r in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "waitlisted"}, {"Waiting"}),
        ({"country": "PT"}, {"Ferreira"}),
        ({"organisation_type__exact": "research"}, {"Rossi"}),
        ({"diet": "halal"}, {"Ferreira"}),
        ({"diet": "none"}, {"Rossi", "Novak", "Waiting"}),
        ({"accommodation": "yes"}, {"Rossi"}),
        ({"accommodation": "no"}, {"Ferreira", "Novak", "Waiting"}),
        ({"needs_invitation_letter__exact": "1"}, {"Rossi"}),
        ({"arrival": "not-a-date"}, set()),
        ({"q": "ferr"}, {"Ferreira"}),
    ],
)
def test_registration_filters(admin_client, people, query, expected):
    assert listed(admin_client, **query) == expected


def test_registration_filters_by_arrival_day_and_session(admin_client, people):
    event, card = people

    assert listed(admin_client, arrival=event.starts_on.isoformat()) == {"Rossi"}
    # Seat holders and the people waiting are two lists: a message to one never reaches the other.
    assert listed(admin_client, seat=str(card.pk)) == {"Rossi"}
    assert listed(admin_client, waiting=str(card.pk)) == {"Ferreira"}


def test_prioritise_moves_the_person_to_the_front_and_gives_the_next_seat(admin_client, people):
    event, card = people
    late = register(event, sessions=[card], last_name="Late").registration  # waits for the event
    services_cancel = reverse("admin:registrations_booking_changelist")
    waiting_booking = Booking.objects.get(session=card, status="waitlisted")
    admin_client.post(
        services_cancel, {"action": "prioritise", "_selected_action": [waiting_booking.pk]}
    )
    assert Booking.objects.get(pk=waiting_booking.pk).status == "waitlisted"  # no seat is free

    admin_client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "prioritise", "_selected_action": [late.pk]},
    )
    holder = Booking.objects.get(session=card, status="confirmed")
    admin_client.post(services_cancel, {"action": "cancel", "_selected_action": [holder.pk]})

    assert Booking.objects.get(pk=waiting_booking.pk).status == "confirmed"
    waiting = Registration.objects.filter(event=event, status="waitlisted").order_by("queued_at")
    assert [r.last_name for r in waiting] == ["Late", "Waiting"]


def test_cancel_action_gives_the_place_to_the_first_in_line(admin_client, people):
    _event, _card = people
    rossi = Registration.objects.get(last_name="Rossi")

    admin_client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "cancel", "_selected_action": [rossi.pk]},
    )

    assert Registration.objects.get(last_name="Waiting").status == "confirmed"
    assert Registration.objects.get(last_name="Rossi").status == "cancelled"


def test_mark_invitation_sent_is_recorded_in_the_history_with_who(admin_client, people):
    rossi = Registration.objects.get(last_name="Rossi")

    admin_client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "mark_invitation_sent", "_selected_action": [rossi.pk]},
    )

    rossi.refresh_from_db()
    assert rossi.invitation_letter_sent_at is not None
    latest = rossi.history.latest()
    assert latest.history_user.username == "admin"
    assert latest.invitation_letter_sent_at == rossi.invitation_letter_sent_at


def test_an_organizer_edit_is_recorded_and_visible(admin_client, people):
    rossi = Registration.objects.get(last_name="Rossi")
    url = reverse("admin:registrations_registration_change", args=[rossi.pk])
    data = form_data(admin_client.get(url))
    data["accessibility_needs"] = "Wheelchair user"
    data["health_consent"] = "on"

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert response["Location"] == reverse("admin:registrations_registration_changelist")
    history = admin_client.get(reverse("admin:registrations_registration_history", args=[rossi.pk]))
    page = text(history.content.decode())
    assert "admin" in page
    assert "Wheelchair user" in page
    latest = Registration.objects.get(pk=rossi.pk).history.latest()
    assert (latest.history_user.username, latest.accessibility_needs) == (
        "admin",
        "Wheelchair user",
    )


def test_admin_form_refuses_an_email_used_by_another_registration(admin_client, people):
    rossi = Registration.objects.get(last_name="Rossi")
    other = Registration.objects.get(last_name="Novak")
    url = reverse("admin:registrations_registration_change", args=[rossi.pk])
    data = form_data(admin_client.get(url))
    data["email"] = other.email.upper()

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Another registration for this event uses this email address." in text(
        response.content.decode()
    )


def test_history_page_shows_changes_to_sessions_and_diets_with_who(admin_client, people):
    rossi = Registration.objects.get(last_name="Rossi")
    url = reverse("admin:registrations_registration_change", args=[rossi.pk])
    data = form_data(admin_client.get(url))
    data["diets"] = ["vegan"]
    data["health_consent"] = "on"
    saved = admin_client.post(url, data)
    assert (saved.status_code, saved["Location"]) == (
        302,
        reverse("admin:registrations_registration_changelist"),
    )
    booking = Booking.objects.get(registration=rossi)
    admin_client.post(
        reverse("admin:registrations_booking_changelist"),
        {"action": "cancel", "_selected_action": [booking.pk]},
    )

    page = text(
        admin_client.get(
            reverse("admin:registrations_registration_history", args=[rossi.pk])
        ).content.decode()
    )

    related = page[page.index("Sessions and dietary requirements") :]
    assert "Added: Vegan admin" in related
    assert "Changed: Card game (Cancelled) admin" in related
    assert "Added: Card game (Confirmed) the participant" in related


def test_saving_unchanged_details_records_no_change(admin_client, people):
    rossi = Registration.objects.get(last_name="Rossi")
    url = reverse("admin:registrations_registration_change", args=[rossi.pk])

    admin_client.post(url, form_data(admin_client.get(url)))

    latest, before = rossi.history.all()[:2]
    assert latest.diff_against(before).changed_fields == []


def test_delete_selected_in_admin_cancels_first_so_the_seats_go_to_the_waiting(admin_client):
    workshop = SessionFactory(capacity=1, event__capacity=2)
    holder = register(workshop.event, sessions=[workshop]).registration
    waiting_seat = register(workshop.event, sessions=[workshop]).registration
    waiting_place = register(workshop.event).registration  # the event holds two

    response = admin_client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "delete_selected", "_selected_action": [holder.pk], "post": "yes"},
    )

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("admin:registrations_registration_changelist"),
    )
    assert not Registration.objects.filter(pk=holder.pk).exists()
    assert Booking.objects.get(registration=waiting_seat).status == "confirmed"
    waiting_place.refresh_from_db()
    assert waiting_place.status == "confirmed"
    assert counter_drift(workshop.event) == []

import pytest
from django.urls import reverse

from registrations.models import Booking
from tests.factories import EventFactory, SessionFactory, VenueFactory, register
from tests.html import form_data, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "query", "found"),
    [
        ("program_event", "in Aix", ["Living Lab in Aix"]),
        ("program_venue", "INSPE", ["INSPE"]),
        ("program_session", "Card game", ["Card game"]),
        ("registrations_registration", "Κωνσταντίνου", ["Ελένη Κωνσταντίνου"]),
        ("registrations_registration", "rijeka", ["Ελένη Κωνσταντίνου"]),
        ("registrations_booking", "Κωνσταντίνου", ["Ελένη Κωνσταντίνου – Card game"]),
    ],
)
def test_admin_search_finds_what_was_asked_for_and_nothing_else(admin_client, model, query, found):
    workshop = SessionFactory(
        title="Card game", venue=VenueFactory(name="INSPE"), event__title="Living Lab in Aix"
    )
    other = SessionFactory(title="Capitalisation", venue=VenueFactory(name="Library"))
    register(
        workshop.event, sessions=[workshop], last_name="Κωνσταντίνου", organisation="Grad Rijeka"
    )
    register(other.event, sessions=[other], last_name="Rossi", organisation="Comune di Bari")
    url = reverse(f"admin:{model}_changelist")

    listing = admin_client.get(url)
    searched = admin_client.get(url, {"q": query})

    assert listing.context["cl"].result_count == 2
    assert [str(row) for row in searched.context["cl"].result_list] == found


def test_raising_session_capacity_in_admin_promotes_the_waiting(admin_client):
    workshop = SessionFactory(capacity=1)
    register(workshop.event, sessions=[workshop])
    waiting = register(workshop.event, sessions=[workshop])
    url = reverse("admin:program_session_change", args=[workshop.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        capacity="2",
        requires_booking="on",
        starts_at_0=workshop.starts_at.astimezone().strftime("%Y-%m-%d"),
        starts_at_1=workshop.starts_at.astimezone().strftime("%H:%M:%S"),
        ends_at_0=workshop.ends_at.astimezone().strftime("%Y-%m-%d"),
        ends_at_1=workshop.ends_at.astimezone().strftime("%H:%M:%S"),
    )
    data.pop("starts_at")
    data.pop("ends_at")

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert response["Location"] == reverse("admin:program_session_changelist")
    assert Booking.objects.get(registration=waiting.registration).status == "confirmed"
    workshop.refresh_from_db()
    assert (workshop.capacity, workshop.seats_taken) == (2, 2)


def test_lowering_capacity_below_confirmed_is_refused_in_admin(admin_client):
    workshop = SessionFactory(capacity=3)
    register(workshop.event, sessions=[workshop])
    register(workshop.event, sessions=[workshop])
    url = reverse("admin:program_session_changelist")
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(workshop.pk),
        "form-0-capacity": "1",
        "_save": "Save",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "2 places are already taken; the limit cannot be lower." in text(
        response.content.decode()
    )
    workshop.refresh_from_db()
    assert workshop.capacity == 3


def test_editing_an_event_does_not_overwrite_its_seat_count():
    event = EventFactory(capacity=5)
    stale = type(event).objects.get(pk=event.pk)
    register(event)

    stale.title = "Renamed"
    stale.save()

    event.refresh_from_db()
    assert (event.title, event.seats_taken) == ("Renamed", 1)


def test_raising_event_capacity_in_admin_gives_places_to_the_waiting(admin_client):
    event = EventFactory(capacity=1)
    register(event)
    waiting = register(event).registration

    response = admin_client.post(
        reverse("admin:program_event_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(event.pk),
            "form-0-capacity": "2",
            "_save": "Save",
        },
    )

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("admin:program_event_changelist"),
    )
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def event_change(admin_client, event) -> tuple[str, dict]:
    """The event's admin page and what a browser would post back unchanged."""
    url = reverse("admin:program_event_change", args=[event.pk])
    return url, form_data(admin_client.get(url))


def test_lowering_event_capacity_below_confirmed_is_refused_next_to_the_field(admin_client):
    event = EventFactory(capacity=3)
    register(event)
    register(event)
    url, data = event_change(admin_client, event)
    data["capacity"] = "1"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "capacity": ["2 places are already taken; the limit cannot be lower."]
    }
    event.refresh_from_db()
    assert (event.capacity, event.seats_taken) == (3, 2)


def test_raising_seats_in_the_event_pages_session_table_promotes_the_waiting(admin_client):
    workshop = SessionFactory(capacity=1)
    register(workshop.event, sessions=[workshop])
    waiting = register(workshop.event, sessions=[workshop])
    url, data = event_change(admin_client, workshop.event)
    (row,) = [
        k.removesuffix("-id")
        for k, v in data.items()
        if k.endswith("-id") and v == str(workshop.pk)
    ]
    data[f"{row}-capacity"] = "2"

    response = admin_client.post(url, data)

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("admin:program_event_changelist"),
    )
    assert Booking.objects.get(registration=waiting.registration).status == "confirmed"
    workshop.refresh_from_db()
    assert (workshop.capacity, workshop.seats_taken) == (2, 2)

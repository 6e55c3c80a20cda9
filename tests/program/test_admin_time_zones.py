"""Times organizers type in the admin are in the event's own time zone (issue 7, defect 1)."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from program.models import Session
from tests.factories import EventFactory, SessionFactory
from tests.html import form_data, text

pytestmark = pytest.mark.django_db

LISBON = zoneinfo.ZoneInfo("Europe/Lisbon")


@pytest.fixture
def lisbon():
    return EventFactory(timezone="Europe/Lisbon", title="Lab in Lisbon")


def test_a_session_typed_at_nine_is_at_nine_in_the_events_zone(admin_client, client, lisbon):
    day = lisbon.starts_on.isoformat()
    url = reverse("admin:program_session_add") + f"?event={lisbon.pk}"
    data = {
        **form_data(admin_client.get(url)),
        "title_en": "Opening",
        "kind": "plenary",
        "starts_at_0": day,
        "starts_at_1": "09:00",
        "ends_at_0": day,
        "ends_at_1": "10:30",
    }
    data.pop("requires_booking", None)

    response = admin_client.post(url, data)

    assert response.status_code == 302
    session = Session.objects.get(title="Opening")
    assert session.starts_at.astimezone(LISBON).time() == dt.time(9, 0)
    programme = text(client.get(reverse("program:programme", args=[lisbon.slug])).content.decode())
    assert "09:00–10:30" in programme
    assert "All times are Lisbon time." in programme


def test_the_change_form_shows_the_time_in_the_events_zone(admin_client, lisbon):
    session = SessionFactory(
        event=lisbon,
        starts_at=dt.datetime.combine(lisbon.starts_on, dt.time(9), tzinfo=LISBON),
        ends_at=dt.datetime.combine(lisbon.starts_on, dt.time(11), tzinfo=LISBON),
    )

    page = admin_client.get(reverse("admin:program_session_change", args=[session.pk]))

    data = form_data(page)
    assert (data["starts_at_1"], data["ends_at_1"]) == ("09:00:00", "11:00:00")
    assert "Time in Europe/Lisbon." in text(page.content.decode())


def test_time_zone_is_a_choice_of_real_zones(admin_client, lisbon):
    url = reverse("admin:program_event_change", args=[lisbon.pk])
    data = {**form_data(admin_client.get(url)), "timezone": "Europe/Atlantis"}

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["timezone"]
    options = response.context["adminform"].form.fields["timezone"].choices
    assert ("Europe/Lisbon", "Europe/Lisbon") in options
    assert ("Europe/Paris", "Europe/Paris") in options

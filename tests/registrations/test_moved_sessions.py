"""An organizer moves a session: warned of the clashes it creates, and everyone concerned is told
(issue 7, defect 14)."""

import datetime as dt

import pytest
from django.urls import reverse

from registrations import outbox
from registrations.models import OutgoingEmail
from tests.factories import EventFactory, MealFactory, SessionFactory, paris, register
from tests.html import form_data, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def lunch_and_workshop():
    event = EventFactory()
    day = event.starts_on
    lunch = MealFactory(event=event, title="Lunch – day 1", starts_at=paris(day, 13, 15))
    lunch.ends_at = paris(day, 14, 30)
    lunch.save()
    workshop = SessionFactory(
        event=event, title="Card game", starts_at=paris(day, 12), ends_at=paris(day, 13, 15)
    )
    both = [register(event, sessions=[lunch, workshop], first_name=f"P{n}") for n in range(3)]
    lunch_only = register(event, sessions=[lunch], preferred_language="fr", first_name="Marie")
    register(event, first_name="Nobody")  # neither session: not concerned
    return event, lunch, workshop, both, lunch_only


def move(admin_client, session, start: dt.datetime, end: dt.datetime):
    url = reverse("admin:program_session_change", args=[session.pk])
    data = {
        **form_data(admin_client.get(url)),
        "starts_at_0": start.date().isoformat(),
        "starts_at_1": start.strftime("%H:%M"),
        "ends_at_0": end.date().isoformat(),
        "ends_at_1": end.strftime("%H:%M"),
    }
    return admin_client.post(url, data, follow=True)


def test_moving_a_session_warns_of_clashes_and_tells_each_person(
    admin_client, mailoutbox, lunch_and_workshop
):
    event, lunch, _workshop, both, lunch_only = lunch_and_workshop
    day = event.starts_on

    response = move(admin_client, lunch, paris(day, 12, 30), paris(day, 13, 45))

    page = text(response.content.decode())
    assert (
        "This change creates clashes: 3 people also hold a seat in “Card game” at the same time."
        in page
    )
    assert "4 people concerned are told of the change by email." in page
    moved = OutgoingEmail.objects.filter(kind="session_moved")
    assert sorted(moved.values_list("registration__first_name", flat=True)) == [
        "Marie",
        "P0",
        "P1",
        "P2",
    ]
    outbox.deliver_due()
    told = {m.to[0]: m for m in mailoutbox if "Lunch – day 1" in m.subject}
    french = told[lunch_only.registration.email]
    assert "12:30–13:45" in french.body
    assert "Card game" not in french.body.split("Lunch")[0]  # Marie has no clash
    clashing = told[both[0].registration.email]
    assert "It now overlaps with another session you hold a seat in:" in clashing.body
    assert "- Card game (12:00–13:15)" in clashing.body


def test_changing_only_the_title_tells_nobody(admin_client, lunch_and_workshop):
    _event, lunch, *_ = lunch_and_workshop
    url = reverse("admin:program_session_change", args=[lunch.pk])

    admin_client.post(url, {**form_data(admin_client.get(url)), "title_en": "Lunch"})

    assert not OutgoingEmail.objects.filter(kind="session_moved").exists()

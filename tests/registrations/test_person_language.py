"""Everything sent to a person speaks the language they chose for messages (issue 8)."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from registrations import outbox, services
from tests.factories import EventFactory, SessionFactory, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(title_en="Living Lab", title_el="Ζωντανό Εργαστήριο")
    SessionFactory(event=event, title_en="Card game", title_el="Παιχνίδι καρτών", capacity=5)
    return event


def test_the_private_link_and_the_emails_are_in_the_persons_language(mailoutbox, event):
    workshop = event.sessions.get()

    result = register(event, sessions=[workshop], preferred_language="el")
    outbox.deliver_due()

    (message,) = mailoutbox
    assert f"/el/{event.slug}/r/{result.key}/" in message.body
    assert "Ζωντανό Εργαστήριο" in message.subject
    assert "Παιχνίδι καρτών" in message.body
    assert message.extra_headers["Content-Language"] == "el"


def test_the_personal_calendar_feed_speaks_the_persons_language(client, event):
    result = register(event, sessions=[event.sessions.get()], preferred_language="el")
    feed = reverse("registrations:agenda", args=[event.slug, services.calendar_key(result.key)])

    calendar = Calendar.from_ical(client.get(feed).content)

    titles = [str(item["summary"]) for item in calendar.walk("VEVENT")]
    assert titles == ["Παιχνίδι καρτών"]


def test_language_for_messages_offers_all_nine(client, event):
    html = client.get(reverse("registrations:register", args=[event.slug])).content.decode()

    for code in ("en", "fr", "it", "es", "pt", "el", "hr", "sl", "sq"):
        assert f'<option value="{code}"' in html

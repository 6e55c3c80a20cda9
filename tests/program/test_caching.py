"""Public pages rendered once and served from the cache, never out of date (issue 11)."""

import re

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from program.models import Session
from registrations import services
from tests.factories import EventFactory, SessionFactory, VenueFactory, register
from tests.html import form_data, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_page_cache():
    caches["pages"].clear()


@pytest.fixture
def event():
    event = EventFactory()
    SessionFactory(event=event, title="Card game", capacity=3, venue=VenueFactory(name="INSPE"))
    return event


def page(client, view: str, event) -> str:
    return text(client.get(reverse(view, args=[event.slug])).content.decode())


def test_a_kept_page_costs_one_query(client, event):
    page(client, "program:programme", event)

    with CaptureQueriesContext(connection) as queries:
        again = page(client, "program:programme", event)

    assert len(queries) == 1
    assert "Card game" in again


def test_a_seat_taken_shows_at_the_next_request(client, event):
    workshop = event.sessions.get()
    before = page(client, "program:event", event)

    register(event, sessions=[workshop])
    after = page(client, "program:event", event)

    assert "3 seats left" in before
    assert "2 seats left" in after


def test_an_edited_session_or_venue_shows_at_the_next_request(admin_client, client, event):
    workshop = event.sessions.get()
    page(client, "program:programme", event)
    url = reverse("admin:program_session_change", args=[workshop.pk])
    admin_client.post(url, {**form_data(admin_client.get(url)), "title_en": "Card game, new"})
    venue_url = reverse("admin:program_venue_change", args=[workshop.venue.pk])
    admin_client.post(venue_url, {**form_data(admin_client.get(venue_url)), "name_en": "ALLSH"})

    after = page(client, "program:programme", event)

    assert "Card game, new" in after
    assert "ALLSH" in after


def test_a_deleted_session_disappears_at_the_next_request(admin_client, client, event):
    extra = SessionFactory(event=event, title="Extra", capacity=None, requires_booking=False)
    assert "Extra" in page(client, "program:programme", event)

    admin_client.post(reverse("admin:program_session_delete", args=[extra.pk]), {"post": "yes"})

    assert not Session.objects.filter(pk=extra.pk).exists()
    assert "Extra" not in page(client, "program:programme", event)


def token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def test_the_kept_form_gives_each_visitor_their_own_csrf_token(client, event):
    other = Client(enforce_csrf_checks=True)
    url = reverse("registrations:register", args=[event.slug])
    mine = client.get(url)
    theirs = other.get(url)

    assert token(mine.content.decode()) != token(theirs.content.decode())
    assert "__csrf-token__" not in theirs.content.decode()
    data = {**form_data(theirs), "first_name": "Ana", "last_name": "Kos", "email": "a@example.org"}
    data.update(organisation="Grad Split", organisation_type="public_authority", country="HR")
    data["privacy_consent"] = "on"
    assert other.post(url, data).status_code == 302


def test_drafts_and_messages_are_never_served_from_the_cache(admin_client, client, event):
    draft = EventFactory(is_published=False, title="Draft edition")
    url = reverse("program:event", args=[draft.slug])

    assert client.get(url).status_code == 404
    assert "Draft edition" in admin_client.get(url).content.decode()
    assert client.get(url).status_code == 404  # the organizer's view was not kept


def test_cancelled_places_show_in_every_language(client, event):
    workshop = event.sessions.get()
    holder = register(event, sessions=[workshop])
    for language in ("en", "fr"):
        client.get(f"/{language}/{event.slug}/")

    services.cancel_booking(registration=holder.registration, session_id=workshop.pk)

    assert "3 seats left" in text(client.get(f"/en/{event.slug}/").content.decode())
    assert "3 places restantes" in text(client.get(f"/fr/{event.slug}/").content.decode())


def test_a_worker_trusts_its_reading_of_the_event_for_one_second(client, event, settings):
    """In production a worker asks the database for the event's version once a second: a seat
    taken shows within that second, never later."""
    settings.PAGE_STATE_SECONDS = 1
    workshop = event.sessions.get()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        page(client, "program:event", event)
        register(event, sessions=[workshop])
        within = page(client, "program:event", event)
        clock.shift(1.1)
        after = page(client, "program:event", event)

    assert "3 seats left" in within
    assert "2 seats left" in after

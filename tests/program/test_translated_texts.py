"""Organizers' texts in several languages: visitors read theirs, else the event's main language,
never a blank (issue 8)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from program.models import Event
from tests.factories import EventFactory, SessionFactory
from tests.html import form_data, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual():
    event = EventFactory(
        title_en="Living Lab",
        title_fr="Laboratoire vivant",
        tagline_en="Social innovation",
        summary_en="Only written in English.",
        main_language="en",
    )
    SessionFactory(event=event, title_en="Card game", title_fr="Jeu de cartes", capacity=5)
    return event


def page(client, code: str, event: Event, view: str = "program:event") -> str:
    return text(client.get(f"/{code}{reverse(view, args=[event.slug])[3:]}").content.decode())


def test_visitors_read_their_language_and_the_main_one_where_theirs_is_missing(client, bilingual):
    french = page(client, "fr", bilingual)
    greek = page(client, "el", bilingual)

    assert "Laboratoire vivant" in french
    assert "Jeu de cartes" in french
    assert "Only written in English." in french  # no French summary: the main language
    assert "Living Lab" in greek
    assert "Card game" in greek


def test_an_event_written_in_italian_falls_back_to_italian(client):
    event = EventFactory(main_language="it", title_it="Laboratorio vivente")
    type(event).objects.filter(pk=event.pk).update(title_en="")

    assert "Laboratorio vivente" in page(client, "el", event)
    assert "Laboratorio vivente" in page(client, "en", event)


def test_organizers_write_each_language_in_the_admin(admin_client, bilingual):
    url = reverse("admin:program_event_change", args=[bilingual.pk])
    form = form_data(admin_client.get(url))

    response = admin_client.post(
        url, {**form, "tagline_el": "Κοινωνική καινοτομία", "title_sq": "Laborator i gjallë"}
    )

    assert response.status_code == 302
    bilingual.refresh_from_db()
    assert (bilingual.tagline_el, bilingual.title_sq) == (
        "Κοινωνική καινοτομία",
        "Laborator i gjallë",
    )


def test_the_main_languages_title_is_required(admin_client, bilingual):
    url = reverse("admin:program_event_change", args=[bilingual.pk])
    form = form_data(admin_client.get(url))

    response = admin_client.post(url, {**form, "main_language": "fr", "title_fr": ""})
    changed = admin_client.post(url, {**form, "main_language": "fr"})

    assert response.status_code == 200
    assert "title_fr" in response.context["adminform"].form.errors
    assert changed.status_code == 302
    # The sessions' titles in French, not shown in the table while it listed English, stay.
    assert bilingual.sessions.get().title_fr == "Jeu de cartes"


@pytest.mark.django_db(transaction=True)
def test_the_migration_to_every_language_loses_nothing():
    executor = MigrationExecutor(connection)
    executor.migrate([("program", "0004_outbox_and_calendar")])
    old = executor.loader.project_state([("program", "0004_outbox_and_calendar")]).apps
    event = old.get_model("program", "Event").objects.create(
        slug="old",
        title="Old title",
        summary="Old summary",
        starts_on="2030-01-01",
        ends_on="2030-01-02",
        registration_opens_at="2029-01-01T00:00Z",
        registration_closes_at="2029-12-01T00:00Z",
        contact_email="a@example.org",
    )
    venue = old.get_model("program", "Venue").objects.create(name="Hall", notes="Step-free")
    old.get_model("program", "Session").objects.create(
        event_id=event.pk,
        title="Talk",
        description="About",
        kind="plenary",
        room="B 101",
        starts_at="2030-01-01T09:00Z",
        ends_at="2030-01-01T10:00Z",
        venue_id=venue.pk,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    new = Event.objects.get(slug="old")
    session = new.sessions.get()
    assert (new.title_en, new.summary_en) == ("Old title", "Old summary")
    assert (session.title_en, session.description_en, session.room_en) == ("Talk", "About", "B 101")
    assert (session.venue.name_en, session.venue.notes_en) == ("Hall", "Step-free")

"""Every event has its own identity (series, logo, funder's emblem, contact), and nothing in the
templates names one particular event or programme."""

import io
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from registrations import notifications
from tests.factories import EventFactory, register
from tests.html import text

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Names of the first event and its programme, and the places it is held in.
PARTICULAR = re.compile(r"\b(?:Living Lab|Resilient|Interreg|Aix|Marseille|Jouques|LEST|AMU)\b")


def png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "navy").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def event(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return EventFactory(
        title_en="Partnership meeting 2027",
        series_en="Partnership meetings",
        logo=png("logo.png"),
        logo_alt="Partners' logo",
        funder_emblem=png("eu.png"),
        funder_emblem_alt_en="Co-funded by the European Union",
        funding_acknowledgement_en="Funded by the programme.",
        contact_email="partners@example.org",
    )


def test_the_events_page_shows_its_series_logo_and_the_funders_emblem(client, event):
    html = client.get(reverse("program:event", args=[event.slug])).content.decode()

    assert "Partnership meetings" in text(html)
    assert f'<img class="event-logo" src="{event.logo_url}" alt="Partners&#x27; logo"' in html
    assert (
        f'<img class="funder-emblem" src="{event.emblem_url}" '
        'alt="Co-funded by the European Union"' in html
    )
    assert "Funded by the programme." in text(html)
    assert "partners@example.org" in text(html)


def test_logo_and_emblem_are_served_by_their_own_address_and_cached(client, event):
    logo = client.get(event.logo_url)
    emblem = client.get(event.emblem_url)

    assert (logo.status_code, logo["Content-Type"]) == (200, "image/png")
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")
    assert "immutable" in logo["Cache-Control"]
    assert emblem.status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/en/{slug}/images/logo/other.png",
        "/en/{slug}/images/signature/{name}",
        "/en/{slug}/images/emblem/..%2Fsettings.py",
    ],
)
def test_no_other_upload_is_served(client, event, address):
    name = Path(event.logo.name).name

    response = client.get(address.format(slug=event.slug, name=name))

    assert response.status_code == 404


def test_the_images_of_a_draft_are_for_organizers_only(client, event):
    event.is_published = False
    event.save()

    assert client.get(event.logo_url).status_code == 404


def test_emails_show_the_emblem_and_answer_to_the_events_contact(event):
    person = register(event).registration

    notifications.cancelled(registration=person)

    email = person.emails.get(kind="cancelled")
    assert f'src="http://127.0.0.1:8000{event.emblem_url}"' in email.body_html
    assert 'alt="Co-funded by the European Union"' in email.body_html
    assert "Partnership meetings" in email.body_html
    assert email.reply_to == "partners@example.org"


def test_an_emblem_needs_its_description(event):
    event.funder_emblem_alt_en = ""

    with pytest.raises(Exception, match="what the emblem says"):
        event.full_clean()


def test_no_template_names_a_particular_event_or_programme():
    named = {
        path.relative_to(TEMPLATES).as_posix(): PARTICULAR.findall(path.read_text())
        for path in TEMPLATES.rglob("*")
        if path.is_file()
    }

    assert {name: found for name, found in named.items() if found} == {}
    assert not PARTICULAR.search(f"{admin.site.site_header} {admin.site.site_title}")

"""Messages that reach exactly the right people: the audiences and their sizes, the message in
each person's language, placeholders, an attached PDF stored once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registrations import audiences, outbox, services
from registrations.admin.forms import ATTACHMENT_MAX_BYTES
from registrations.models import OutgoingEmail
from tests.factories import EventFactory, SessionFactory, register
from tests.html import admin_field_error, text
from tests.pages import staff_member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def event():
    """Two places taken and one person waiting; a workshop with two seats, one held, one
    person waiting for it; someone who cancelled."""
    event = EventFactory(capacity=2)
    workshop = SessionFactory(event=event, title="Card game", capacity=1)
    people = {
        "eleni": register(event, sessions=[workshop], email="eleni@example.org"),
        "marko": register(
            event, sessions=[workshop], email="marko@example.org", preferred_language="fr"
        ),
        "ana": register(event, email="ana@example.org", preferred_language="el"),
    }
    gone = register(event, email="cancelled@example.org").registration
    services.cancel_registration(registration=gone)
    event.workshop = workshop
    event.people = {name: p.registration for name, p in people.items()}
    return event


def sizes(event) -> dict[str, int]:
    return {a.key: a.count for a in audiences.audiences(event)}


def addresses(queryset) -> list[str]:
    return sorted(queryset.values_list("email", flat=True))


def test_each_audience_is_counted_and_holds_exactly_its_people(event):
    seats, waitlist = f"seats-{event.workshop.pk}", f"waitlist-{event.workshop.pk}"

    assert sizes(event) == {
        "confirmed": 2,
        "waiting": 1,
        "everyone": 3,
        seats: 1,
        waitlist: 1,
    }
    assert addresses(audiences.recipients(event, "confirmed")) == [
        "eleni@example.org",
        "marko@example.org",
    ]
    assert addresses(audiences.recipients(event, "waiting")) == ["ana@example.org"]
    assert addresses(audiences.recipients(event, seats)) == ["eleni@example.org"]
    assert addresses(audiences.recipients(event, waitlist)) == ["marko@example.org"]
    assert addresses(audiences.recipients(event, "everyone")) == [
        "ana@example.org",
        "eleni@example.org",
        "marko@example.org",
    ]


@pytest.mark.parametrize("key", ["", "seats-", "seats-x", "seats-99999999", "nobody", "seats-1-1"])
def test_an_audience_that_names_nobody_reaches_nobody(event, key):
    assert addresses(audiences.recipients(event, key)) == []


def test_a_session_of_another_event_reaches_nobody(event):
    other = SessionFactory()
    register(other.event, sessions=[other])

    assert addresses(audiences.recipients(event, f"seats-{other.pk}")) == []


def test_organizers_see_how_many_each_audience_reaches_before_sending(admin_client, event):
    page = admin_client.get(reverse("admin:program_event_message", args=[event.pk]))

    options = text(page.content.decode())
    assert "Everyone with a place (confirmed only): 2 people" in options
    assert "Seat holders of “Card game”" in options
    assert "Waiting for a seat in “Card game”" in options
    assert ": 1 person" in options


def test_a_message_to_a_sessions_seat_holders_reaches_them_in_their_language(
    admin_client, event, mailoutbox, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("admin:program_event_message", args=[event.pk])
    data = {
        "audience": f"waitlist-{event.workshop.pk}",
        "subject_en": "A seat may free up",
        "body_en": "Dear all, see the attached programme.",
        "subject_fr": "Une place pourrait se libérer",
        "body_fr": "{first_name}, voyez le programme joint.",
        "attachment": SimpleUploadedFile("programme.pdf", PDF, content_type="application/pdf"),
        "send": "Send",
    }

    response = admin_client.post(url, data)
    outbox.deliver_due()

    assert response.status_code == 302
    (email,) = OutgoingEmail.objects.filter(kind="message")
    assert (email.to, email.subject) == ("marko@example.org", "Une place pourrait se libérer")
    (sent,) = [m for m in mailoutbox if m.subject == "Une place pourrait se libérer"]
    assert "Ελένη, voyez le programme joint." in sent.body
    (attached,) = sent.attachments
    assert attached == ("programme.pdf", PDF, "application/pdf")
    (stored,) = email.attachments
    assert stored["stored"].startswith("messages/")
    assert (tmp_path / stored["stored"]).read_bytes() == PDF


def test_people_whose_language_has_no_text_read_the_main_one(event):
    message = services.Message(
        texts={"en": ("Lunch", "At noon."), "fr": ("Déjeuner", "À midi.")}, main_language="en"
    )

    written = services.write_message(registrations=event.registrations.all(), message=message)

    assert written == 3  # not the cancelled registration
    subjects = dict(OutgoingEmail.objects.filter(kind="message").values_list("to", "subject"))
    assert subjects == {
        "eleni@example.org": "Lunch",
        "marko@example.org": "Déjeuner",
        "ana@example.org": "Lunch",
    }


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (SimpleUploadedFile("notes.pdf", b"hello", "application/pdf"), "Only a PDF file"),
        (SimpleUploadedFile("programme.exe", PDF, "application/pdf"), "Only a PDF file"),
        (SimpleUploadedFile("programme.pdf", PDF, "text/html"), "Only a PDF file"),
        (
            SimpleUploadedFile("big.pdf", PDF + b"0" * ATTACHMENT_MAX_BYTES, "application/pdf"),
            "This file is larger than 5 MB.",
        ),
    ],
)
def test_only_a_small_pdf_can_be_attached(admin_client, event, upload, error):
    url = reverse("admin:program_event_message", args=[event.pk])
    data = {"audience": "confirmed", "subject_en": "S", "body_en": "B", "attachment": upload}

    response = admin_client.post(url, data)

    assert admin_field_error(response, "attachment").startswith(error)
    assert OutgoingEmail.objects.filter(kind="message").count() == 0


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        (
            "body_en",
            "Hi {name}",
            "{name} cannot be replaced here: use {first_name}, {last_name}, {link}.",
        ),
        (
            "subject_en",
            "Your {link}",
            "{link} cannot be replaced here: use {first_name}, {last_name}.",
        ),
        ("subject_en", "", "This field is required."),
        ("audience", "", "This field is required."),
    ],
)
def test_a_mistake_in_the_message_is_said_next_to_its_field(
    admin_client, event, field, value, error
):
    url = reverse("admin:program_event_message", args=[event.pk])
    data = {"audience": "confirmed", "subject_en": "S", "body_en": "B", field: value}

    response = admin_client.post(url, data)

    assert admin_field_error(response, field) == error
    assert OutgoingEmail.objects.filter(kind="message").count() == 0


def test_a_subject_without_its_text_in_another_language_is_refused(admin_client, event):
    url = reverse("admin:program_event_message", args=[event.pk])
    data = {"audience": "confirmed", "subject_en": "S", "body_en": "B", "subject_fr": "Sujet"}

    response = admin_client.post(url, data)

    assert (
        admin_field_error(response, "body_fr") == "Write the message that goes with this subject."
    )
    assert "<details open>" in response.content.decode()  # the French texts are shown


def test_staff_cannot_write_to_people(client, event):
    client.force_login(staff_member())

    response = client.get(reverse("admin:program_event_message", args=[event.pk]))

    assert response.status_code == 403

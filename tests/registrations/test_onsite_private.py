"""What participants see of the day: their QR code (page and email), the invitation letter they
ask for and download once released, their certificate once the event is over."""

import base64
import datetime as dt
import io
import re

import pytest
import zxingcpp
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from registrations import outbox, services
from registrations.models import InvitationLetter, OutgoingEmail
from tests.factories import EventFactory, paris, register
from tests.html import field_error, field_value, text

pytestmark = pytest.mark.django_db


def manage(person) -> str:
    return reverse("registrations:manage", args=[person.registration.event.slug, person.key])


def private(name: str, person) -> str:
    return reverse(f"registrations:{name}", args=[person.registration.event.slug, person.key])


def decoded(image_bytes: bytes) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(image_bytes)))]


def test_the_private_page_shows_the_check_in_code_to_who_holds_a_place(client):
    event = EventFactory(capacity=1)
    holder, waiting = register(event), register(event)

    shown = client.get(manage(holder)).content.decode()
    hidden = client.get(manage(waiting)).content.decode()

    svg = re.search(r'<img class="checkin-qr" src="data:image/svg\+xml;base64,([^"]+)"', shown)
    assert base64.b64decode(svg.group(1)).startswith(b"<svg")
    assert "Your check-in code" in text(shown)
    assert "checkin-qr" not in hidden


def test_the_confirmation_email_carries_the_code_as_a_png_that_scans(client):
    person = register(EventFactory())

    email = OutgoingEmail.objects.get(registration=person.registration, kind="registered")
    outbox.deliver_due()
    (sent,) = mail.outbox

    (png,) = [a for a in sent.attachments if a.mimetype == "image/png"]
    assert png.filename == "check-in-qr-code.png"
    assert decoded(png.content) == [person.registration.checkin_code]
    assert "Your check-in code is attached (check-in-qr-code.png)" in email.body_text
    # Made as the message left, not stored with it.
    assert [a["made"] for a in email.attachments] == ["agenda", "checkin_pass"]


def test_the_waiting_list_email_has_no_code():
    event = EventFactory(capacity=0)
    person = register(event)

    email = OutgoingEmail.objects.get(registration=person.registration)

    assert email.kind == "waitlisted"
    assert email.attachments == []


def test_letter_request_errors_stay_next_to_their_fields(client):
    person = register(EventFactory(), needs_invitation_letter=True)

    response = client.post(
        private("letter_request", person),
        {
            "passport_name": "<b>HOXHA</b>",
            "nationality": "XX",
            "passport_number": "12",
            "date_of_birth": "2999-01-01",
        },
    )

    assert response.status_code == 200
    assert field_error(response, "passport_name").startswith("A name can hold letters")
    assert field_error(response, "nationality").startswith("Select a valid choice")
    assert field_error(response, "passport_number") == (
        "A passport number has 5 to 20 letters and digits. Please check it."
    )
    assert field_error(response, "date_of_birth") == "Please check this date of birth."
    assert field_value(response, "passport_number") == "12"
    assert InvitationLetter.objects.count() == 0


def test_letter_is_asked_reviewed_released_then_downloaded(client, admin_client):
    person = register(EventFactory(), needs_invitation_letter=True)
    details = {
        "passport_name": "HOXHA ARBEN",
        "nationality": "AL",
        "passport_number": "BC 123-4567",
        "date_of_birth": "1984-03-07",
    }

    asked = client.post(private("letter_request", person), details, follow=True)
    before = client.get(private("letter", person))
    letter = InvitationLetter.objects.get()
    services.release_letters(letters=[letter], by=None)
    page = text(client.get(manage(person)).content.decode())
    after = client.get(private("letter", person))

    assert "An organizer will check your details" in text(asked.content.decode())
    assert letter.passport_number == "BC1234567"
    assert before.status_code == 404
    assert "Download my invitation letter (PDF)" in page
    assert after["Content-Type"] == "application/pdf"
    assert "HOXHA ARBEN" in PdfReader(io.BytesIO(after.content)).pages[0].extract_text()


def test_changing_a_released_letter_sends_it_back_for_review():
    person = register(EventFactory()).registration
    passport = services.PassportDetails(
        passport_name="HOXHA ARBEN",
        nationality="AL",
        passport_number="BC1234567",
        date_of_birth=dt.date(1984, 3, 7),
    )
    letter = services.request_letter(registration=person, passport=passport)
    services.release_letters(letters=[letter], by=None)

    same = services.request_letter(registration=person, passport=passport)
    changed = services.request_letter(
        registration=person,
        passport=passport.replace(passport_number="BC7654321")
        if hasattr(passport, "replace")
        else services.PassportDetails(**{**passport.__dict__, "passport_number": "BC7654321"}),
    )

    assert same.released_at is not None
    assert changed.released_at is None
    person.refresh_from_db()
    assert person.needs_invitation_letter is True


def test_certificate_once_the_event_is_over_for_who_came(client):
    day = timezone.localdate() - dt.timedelta(days=10)  # over, its links still open
    event = EventFactory(starts_on=day, registration_opens_at=paris(day, 0))
    came, absent = register(event), register(event, first_name="Absent")
    services.check_in(registration=came.registration, at=paris(day, 9), now=paris(day, 9))
    upcoming = register(EventFactory())
    services.check_in(
        registration=upcoming.registration,
        at=paris(upcoming.registration.event.starts_on, 9),
        now=paris(upcoming.registration.event.starts_on, 9),
    )

    page = text(client.get(manage(came)).content.decode())
    pdf = client.get(private("certificate", came))

    assert "Download my certificate of attendance (PDF)" in page
    assert (
        f"{day:%A} {day.day} {day:%B %Y}"
        in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    )
    assert client.get(private("certificate", absent)).status_code == 404
    assert client.get(private("certificate", upcoming)).status_code == 404

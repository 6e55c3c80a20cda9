"""The PDF documents, read back as a person and a scanner would: their text (names in Greek
intact), their pages, and their QR codes decoded from the rendered page."""

import datetime as dt
import io
import zipfile

import pypdfium2
import pytest
import zxingcpp
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from registrations import attendance, services
from registrations.documents.badges import badges_pdf
from registrations.documents.certificates import certificate_pdf, certificates_zip
from registrations.documents.letters import letter_pdf
from registrations.models import Registration
from tests.factories import EventFactory, PlenaryFactory, SessionFactory, paris, register

pytestmark = pytest.mark.django_db

DAY = dt.date(2031, 6, 10)
# A one-pixel PNG: the signature and the logo only need to be images.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def pages_text(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def qr_codes(pdf: bytes, page: int = 0) -> list[str]:
    """The QR codes a phone would read on a printed page, left to right, top to bottom."""
    image = pypdfium2.PdfDocument(pdf)[page].render(scale=200 / 72).to_pil()
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    found = sorted(found, key=lambda b: (round(b.position.top_left.y / 100), b.position.top_left.x))
    return [barcode.text for barcode in found]


@pytest.fixture
def event():
    event = EventFactory(
        starts_on=DAY,
        title="Living Lab +Resilient",
        organiser="Aix-Marseille University",
        signatory="Jeanne Martin, director of LEST",
        letter_costs="The organisers pay accommodation and meals; travel is paid by the partner.",
        summary="Three days on social innovation that transforms public action.",
        logo=SimpleUploadedFile("logo.png", PNG, content_type="image/png"),
        logo_alt="+Resilient",
        signature=SimpleUploadedFile("signature.png", PNG, content_type="image/png"),
    )
    event.plenary = PlenaryFactory(event=event)
    event.workshop = SessionFactory(event=event, title="Card game", starts_at=paris(DAY, 14))
    return event


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_badges_eight_a_sheet_with_names_in_any_script_and_their_codes(event):
    people = [
        register(event, first_name=f"Ελένη{n}", last_name="Παπαδοπούλου").registration
        for n in range(8)
    ]
    people.append(
        register(event, first_name="Ëndrit", last_name="Çelaj", country="AL").registration
    )
    waiting = register(EventFactory(capacity=0)).registration  # another event: never printed

    pdf = badges_pdf(event, Registration.objects.all())

    text = pages_text(pdf)
    in_order = [people[8], *people[:8]]  # by name, as people look for theirs: Ç with C
    assert len(text) == 2
    assert "Ëndrit Çelaj Region of Crete Albania" in text[0]
    assert "Ελένη0 Παπαδοπούλου Region of Crete Greece" in text[0]
    assert "Ελένη7 Παπαδοπούλου Region of Crete Greece" in text[1]
    assert qr_codes(pdf, 0) == [p.checkin_code for p in in_order[:8]]
    assert qr_codes(pdf, 1) == [in_order[8].checkin_code]
    assert waiting.checkin_code not in "".join(text)


def test_badges_leave_out_who_holds_no_place(event):
    event.capacity = 1
    event.save()
    holder = register(event, last_name="Alves").registration
    register(event, last_name="Waiting")

    pdf = badges_pdf(event, Registration.objects.all())

    assert "Waiting" not in pages_text(pdf)[0]
    assert qr_codes(pdf) == [holder.checkin_code]


def test_certificate_names_the_days_and_hours_attended(event):
    person = register(event, sessions=[event.workshop]).registration
    second_day = DAY + dt.timedelta(days=1)
    services.check_in(registration=person, at=paris(DAY, 9), now=paris(DAY, 9))
    services.check_in(registration=person, at=paris(second_day, 9), now=paris(second_day, 9))

    (text,) = pages_text(certificate_pdf(attendance.record(person)))

    assert "Certificate of attendance This is to certify that Ελένη Παπαδοπούλου" in text
    assert "attended Living Lab +Resilient, organised by Aix-Marseille University" in text
    assert "Tuesday 10 June 2031 09:30–11:15 Opening plenary 14:00–16:00 Card game 3 h 45" in text
    assert "Wednesday 11 June 2031 Present –" in text
    assert "Total 3 h 45" in text
    assert "Jeanne Martin, director of LEST" in text


def test_a_workshop_where_attendance_was_taken_counts_who_was_checked_in(event):
    came = register(event, sessions=[event.workshop], last_name="Came").registration
    skipped = register(event, sessions=[event.workshop], last_name="Skipped").registration
    for person in (came, skipped):
        services.check_in(registration=person, at=paris(DAY, 9), now=paris(DAY, 9))
    services.check_in(
        registration=came, session=event.workshop, at=paris(DAY, 14), now=paris(DAY, 14)
    )

    records = {r.registration.last_name: r for r in attendance.records(event, Registration.objects)}

    assert [s.title for s in records["Came"].days[0].sessions] == ["Opening plenary", "Card game"]
    assert [s.title for s in records["Skipped"].days[0].sessions] == ["Opening plenary"]


def test_certificates_zip_holds_one_pdf_for_each_person_who_came_in_their_language(event):
    anna = register(event, first_name="Anna", last_name="Rossi").registration
    marc = register(event, first_name="Marc", last_name="Durand", preferred_language="fr")
    register(event, first_name="Absent", last_name="Person")
    for person in (anna, marc.registration):
        services.check_in(registration=person, at=paris(DAY, 9), now=paris(DAY, 9))

    content, count = certificates_zip(event, Registration.objects.all())

    files = zipfile.ZipFile(io.BytesIO(content))
    names = sorted(files.namelist())
    assert count == 2
    assert names == [
        f"certificate-{event.slug}-durand-marc-{marc.registration.pk}.pdf",
        f"certificate-{event.slug}-rossi-anna-{anna.pk}.pdf",
    ]
    durand, rossi = (pages_text(files.read(name)) for name in names)
    assert len(durand) == len(rossi) == 1
    assert "Marc Durand Region of Crete, Grèce" in durand[0]  # French: the catalogue is to come
    assert "mardi 10 juin 2031" in durand[0]
    assert "Anna Rossi" in rossi[0]
    assert "Marc" not in rossi[0]


def test_invitation_letter_states_who_when_where_why_and_who_pays(event):
    person = register(
        event,
        first_name="Arben",
        last_name="Hoxha",
        country="AL",
        organisation="Bashkia e Tiranës",
        arrival_date=DAY - dt.timedelta(days=1),
        departure_date=DAY + dt.timedelta(days=3),
    ).registration
    letter = services.request_letter(
        registration=person,
        passport=services.PassportDetails(
            passport_name="HOXHA ARBEN",
            nationality="AL",
            passport_number="bc 123 4567",
            date_of_birth=dt.date(1984, 3, 7),
        ),
    )

    text = " ".join(pages_text(letter_pdf(letter)))

    assert "Letter of invitation" in text
    assert "Full name (as in the passport) HOXHA ARBEN" in text
    assert "Date of birth 7 March 1984" in text
    assert "Nationality Albania" in text
    assert "Passport number BC1234567" in text
    assert "Organisation Bashkia e Tiranës, Albania" in text
    assert "From Tuesday 10 June 2031 to Thursday 12 June 2031." in text
    assert "arrive on 9 June 2031 and to leave on 13 June 2031" in text
    assert "Three days on social innovation" in text
    assert "The organisers pay accommodation and meals" in text
    assert event.plenary.venue.name in text
    assert "Jeanne Martin, director of LEST" in text


def test_certificate_and_letter_write_dates_as_the_persons_language_does(event):
    """Greek and Croatian decline the month after a day ("Ιουνίου", "lipnja")."""
    greek = register(event, preferred_language="el").registration
    services.check_in(registration=greek, at=paris(DAY, 9), now=paris(DAY, 9))
    croatian = register(
        event,
        preferred_language="hr",
        needs_invitation_letter=True,
        arrival_date=DAY - dt.timedelta(days=1),
        departure_date=DAY + dt.timedelta(days=3),
    ).registration
    letter = services.request_letter(
        registration=croatian,
        passport=services.PassportDetails(
            passport_name="HORVAT ANA",
            nationality="HR",
            passport_number="123456789",
            date_of_birth=dt.date(1984, 3, 7),
        ),
    )

    (certificate,) = pages_text(certificate_pdf(attendance.record(greek)))
    invitation = " ".join(pages_text(letter_pdf(letter)))

    assert "Τρίτη 10 Ιουνίου 2031" in certificate
    assert "Razdoblje: utorak, 10. lipnja 2031. – četvrtak, 12. lipnja 2031. " in invitation
    assert "planirani odlazak: 13. lipnja 2031. " in invitation
    assert "7. ožujka 1984." in invitation
    assert ".." not in invitation  # the date's own full stop ends the sentence


def test_a_logo_needs_words_for_who_cannot_see_it(event):
    event.logo_alt = ""

    with pytest.raises(ValidationError) as refused:
        event.clean()

    assert refused.value.message_dict == {
        "logo_alt": ["Please say what the logo shows, for people who cannot see it."]
    }

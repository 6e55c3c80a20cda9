"""The back office on the day: registering a walk-in, moving people, badges, certificates,
check-in codes, invitation letters (organizers only)."""

import datetime as dt
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from registrations import services
from registrations.models import Attendance, Booking, InvitationLetter, OutgoingEmail, Registration
from tests.factories import PARIS, EventFactory, SessionFactory, paris, register, this_morning
from tests.html import text
from tests.registrations.test_roles import person_with_role

pytestmark = pytest.mark.django_db

ADD = "admin:registrations_registration_add"


def add_data(**overrides) -> dict:
    return {
        "first_name": "Arben",
        "last_name": "Hoxha",
        "email": "arben@example.org",
        "organisation": "Bashkia e Tiranës",
        "organisation_type": "public_authority",
        "country": "AL",
        "preferred_language": "en",
        **overrides,
    }


@pytest.fixture(autouse=True)
def _morning():
    """Today's sessions have not begun (tests.factories.this_morning)."""
    with this_morning():
        yield


@pytest.fixture
def full_event():
    """Registration closed, the event and its workshop full: it is the first day."""
    event = EventFactory(
        starts_on=timezone.localtime(timezone.now(), PARIS).date(), capacity=1, slug="aix"
    )
    event.workshop = SessionFactory(event=event, title="Card game", capacity=1)
    register(event, sessions=[event.workshop])
    event.registration_opens_at = timezone.now() - dt.timedelta(days=30)
    event.registration_closes_at = timezone.now() - dt.timedelta(days=2)
    event.save()
    return event


def test_add_asks_for_the_event_first(admin_client, full_event):
    page = admin_client.get(reverse(ADD))

    assert f'href="?event={full_event.pk}"' in page.content.decode()


def test_organizer_registers_a_walk_in_beyond_limits_and_checks_them_in(admin_client, full_event):
    url = reverse(ADD) + f"?event={full_event.pk}"

    response = admin_client.post(
        url,
        add_data(
            sessions=[full_event.workshop.pk],
            present_now="on",
            diets=["halal"],
            health_consent="on",
        ),
    )

    guest = Registration.objects.get(email="arben@example.org")
    assert response.status_code == 302
    assert guest.status == "confirmed"
    assert guest.diet_codes == ["halal"]
    assert Booking.objects.get(registration=guest).status == "confirmed"
    assert Attendance.objects.get(registration=guest).session is None
    full_event.refresh_from_db()
    assert (full_event.capacity, full_event.seats_taken) == (2, 2)
    assert guest.history.get().history_user.username == "admin"
    assert OutgoingEmail.objects.filter(registration=guest, kind="registered").count() == 1


def test_add_form_shows_clashes_and_a_known_address_next_to_their_fields(admin_client, full_event):
    other = SessionFactory(event=full_event, title="Policy lab")  # same time as the card game
    url = reverse(ADD) + f"?event={full_event.pk}"
    known = Registration.objects.get().email

    response = admin_client.post(
        url, add_data(email=known, sessions=[full_event.workshop.pk, other.pk])
    )

    assert response.status_code == 200
    page = text(response.content.decode())
    assert "“Card game” and “Policy lab” take place at the same time." in page
    assert "This address is already registered for this event" in page
    assert Registration.objects.count() == 1


def test_staff_cannot_add_registrations(client, full_event):
    client.force_login(person_with_role("Staff"))

    assert client.get(reverse(ADD) + f"?event={full_event.pk}").status_code == 403


def test_move_action_moves_in_one_step(admin_client):
    event = EventFactory()
    card = SessionFactory(event=event, title="Card game", capacity=1)
    policy = SessionFactory(event=event, title="Policy lab", capacity=5)
    holder = register(event, sessions=[card], last_name="Rossi").registration
    waiting = register(event, sessions=[card]).registration
    booking = Booking.objects.get(registration=holder)
    url = reverse("admin:registrations_booking_changelist")
    chosen = {"action": "move", "_selected_action": [booking.pk]}

    asked = admin_client.post(url, chosen)
    admin_client.post(url, {**chosen, "apply": "1", "to_session": policy.pk})

    assert "Move them to" in asked.content.decode()
    assert set(holder.bookings.values_list("session__title", "status")) == {
        ("Card game", "cancelled"),
        ("Policy lab", "confirmed"),
    }
    assert Booking.objects.get(registration=waiting).status == "confirmed"


def test_badges_of_a_selection_one_person_and_everyone(admin_client):
    event = EventFactory()
    rossi = register(event, first_name="Anna", last_name="Rossi").registration
    register(event, first_name="Ivo", last_name="Novak")
    changelist = reverse("admin:registrations_registration_changelist")

    selected = admin_client.post(
        changelist, {"action": "print_badges", "_selected_action": [rossi.pk]}
    )
    one = admin_client.get(reverse("admin:registrations_registration_badge", args=[rossi.pk]))
    everyone = admin_client.get(reverse("admin:program_event_badges", args=[event.pk]))

    def names(response):
        assert response["Content-Type"] == "application/pdf"
        return PdfReader(io.BytesIO(response.content)).pages[0].extract_text()

    assert "Anna" in names(selected)
    assert "Ivo" not in names(selected)
    assert "Ivo" not in names(one)
    assert "Anna" in names(everyone)
    assert "Ivo" in names(everyone)


def test_certificates_zip_from_the_event_and_from_a_selection(admin_client):
    day = dt.date(2031, 6, 10)
    event = EventFactory(starts_on=day)
    came = register(event, last_name="Rossi").registration
    register(event, last_name="Novak")
    services.check_in(registration=came, at=paris(day, 9), now=paris(day, 9))

    everyone = admin_client.get(reverse("admin:program_event_certificates", args=[event.pk]))
    nobody = admin_client.post(
        reverse("admin:registrations_registration_changelist"),
        {
            "action": "certificates",
            "_selected_action": [Registration.objects.get(last_name="Novak").pk],
        },
        follow=True,
    )

    assert zipfile.ZipFile(io.BytesIO(everyone.content)).namelist() == [
        f"certificate-{event.slug}-rossi-eleni-{came.pk}.pdf"
    ]
    assert "Nobody selected was checked in." in text(nobody.content.decode())


def test_reissue_codes_for_organizers_only(admin_client, client):
    person = register(EventFactory()).registration
    old = person.checkin_code
    url = reverse("admin:registrations_registration_changelist")
    action = {"action": "reissue_codes", "_selected_action": [person.pk]}
    client.force_login(person_with_role("Staff"))

    client.post(url, action)
    unchanged = Registration.objects.get(pk=person.pk).checkin_code
    admin_client.post(url, action)

    assert unchanged == old
    assert Registration.objects.get(pk=person.pk).checkin_code != old


@pytest.fixture
def letter():
    person = register(EventFactory(), needs_invitation_letter=True).registration
    return services.request_letter(
        registration=person,
        passport=services.PassportDetails(
            passport_name="PAPADOPOULOU ELENI",
            nationality="GR",
            passport_number="AB1234567",
            date_of_birth=dt.date(1990, 1, 2),
        ),
    )


def test_staff_never_see_passport_details(client, letter):
    client.force_login(person_with_role("Staff"))
    letters = reverse("admin:registrations_invitationletter_changelist")

    responses = [
        client.get(letters),
        client.get(reverse("admin:registrations_invitationletter_export", args=["csv"])),
        client.get(reverse("admin:registrations_invitationletter_pdf", args=[letter.pk])),
        client.get(
            reverse(
                "admin:program_event_export", args=[letter.registration.event_id, "travel", "csv"]
            )
        ),
    ]

    assert [r.status_code for r in responses[:3]] == [403, 403, 403]
    travel = b"".join(responses[3].streaming_content)
    assert b"Invitation letters" in travel
    assert b"AB1234567" not in travel


def test_organizer_reviews_exports_and_releases_a_letter(admin_client, letter):
    letters = reverse("admin:registrations_invitationletter_changelist")

    exported = admin_client.get(
        reverse("admin:registrations_invitationletter_export", args=["csv"])
    )
    preview = admin_client.get(
        reverse("admin:registrations_invitationletter_pdf", args=[letter.pk])
    )
    admin_client.post(letters, {"action": "release", "_selected_action": [letter.pk]})

    assert b"AB1234567" in b"".join(exported.streaming_content)
    assert "PAPADOPOULOU ELENI" in PdfReader(io.BytesIO(preview.content)).pages[0].extract_text()
    letter.refresh_from_db()
    assert letter.released_by.username == "admin"
    assert letter.registration.invitation_letter_sent_at == letter.released_at
    told = OutgoingEmail.objects.get(kind="letter_ready")
    assert "Your invitation letter for" in told.subject
    assert InvitationLetter.history.count() == 2


def onsite_crowd(size: int):
    """An event over: `size` people came, went on the coach and asked for a letter."""
    day = dt.date(2031, 6, 10)
    event = EventFactory(starts_on=day, capacity=None)
    coach = SessionFactory(event=event, kind="site_visit", capacity=None)
    for n in range(size):
        person = register(event, sessions=[coach], last_name=f"Alves{n}").registration
        services.check_in(registration=person, at=paris(day, 9), now=paris(day, 9))
        services.check_in(registration=person, session=coach, at=paris(day, 14), now=paris(day, 14))
        services.request_letter(
            registration=person,
            passport=services.PassportDetails(
                passport_name=f"ALVES {n}",
                nationality="PT",
                passport_number=f"CB{n:07d}",
                date_of_birth=dt.date(1980, 1, 1),
            ),
        )
    return event


ONSITE_PAGES = [
    lambda e: reverse("admin:registrations_attendance_changelist"),
    lambda e: reverse("admin:registrations_invitationletter_changelist"),
    lambda e: reverse("admin:program_event_dashboard", args=[e.pk]),
    lambda e: reverse("admin:program_event_funder_report", args=[e.pk]),
    lambda e: reverse("admin:program_event_export", args=[e.pk, "attendance", "csv"]),
    lambda e: reverse("admin:program_event_export", args=[e.pk, "funder", "csv"]),
    lambda e: reverse("admin:registrations_invitationletter_export", args=["csv"]),
]


@pytest.mark.parametrize("address", ONSITE_PAGES)
def test_onsite_pages_queries_do_not_grow_with_people(admin_client, address):
    def queries(event) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(address(event))
            assert response.status_code == 200
            if response.streaming:
                b"".join(response.streaming_content)
        return len(captured)

    few = queries(onsite_crowd(2))
    many = queries(onsite_crowd(20))

    assert few == many

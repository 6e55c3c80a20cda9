"""The check-in page over HTTP: who may use it, scans and taps, search in any script, who is not
here yet, and the number of queries."""

import json

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.models import Attendance
from tests.factories import (
    PARIS,
    EventFactory,
    PlenaryFactory,
    SessionFactory,
    register,
    this_morning,
)
from tests.html import text
from tests.registrations.test_roles import person_with_role

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def today():
    return timezone.localtime(timezone.now(), PARIS).date()


@pytest.fixture(autouse=True)
def _morning():
    """Today's sessions have not begun (tests.factories.this_morning)."""
    with this_morning():
        yield


@pytest.fixture
def event():
    """An event happening today, with a coach visit that needs a seat."""
    event = EventFactory(starts_on=today(), title="Living Lab +Resilient", slug="aix")
    event.coach = SessionFactory(event=event, title="Coach visit to Jouques", kind="site_visit")
    return event


@pytest.fixture
def staff(client):
    client.force_login(person_with_role("Staff"))
    return client


def page(event, **query):
    return reverse("registrations:checkin", args=[event.slug]), query


def scan(client, event, **data):
    response = client.post(reverse("registrations:checkin", args=[event.slug]), data, **JSON)
    return response.status_code, json.loads(
        response.content
    ) if response.status_code == 200 else None


def test_only_organizers_and_staff_reach_the_door(client, event):
    url = reverse("registrations:checkin", args=[event.slug])
    anonymous = client.get(url)
    client.force_login(person_with_role("Staff"))
    as_staff = client.get(url)
    client.force_login(person_with_role("Organizers"))
    as_organizer = client.get(url)
    client.force_login(User.objects.create_user("nobody", is_staff=True))
    as_other = client.get(url)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("admin:login"))
    assert (as_staff.status_code, as_organizer.status_code, as_other.status_code) == (
        200,
        200,
        403,
    )
    assert as_staff["Cache-Control"].startswith("max-age=0")
    assert as_staff["X-Robots-Tag"] == "noindex, nofollow"


def test_a_scan_checks_in_and_a_second_scan_says_when_and_by_whom(staff, event):
    person = register(
        event,
        diets=["vegan"],
        allergies="Peanuts",
        accessibility_needs="Wheelchair user",
        organisation="Περιφέρεια Κρήτης",
    ).registration

    status, first = scan(staff, event, code=person.checkin_code)
    _status, second = scan(staff, event, code=person.checkin_code)

    assert status == 200
    assert first["outcome"] == "checked_in"
    assert first["message"] == "Ελένη Παπαδοπούλου is checked in."
    assert first["person"] == {
        "name": "Ελένη Παπαδοπούλου",
        "organisation": "Περιφέρεια Κρήτης",
        "country": "Greece",
        "diet": "Vegan",
        "allergies": "Peanuts",
        "accessibility": "Wheelchair user",
    }
    assert first["count"] == {"present": 1, "expected": 1}
    attendance = Attendance.objects.get()
    assert first["undo"] == reverse("registrations:checkin_undo", args=[event.slug, attendance.pk])
    time = timezone.localtime(attendance.checked_in_at, PARIS).strftime("%H:%M")
    assert second["outcome"] == "already"
    assert second["message"] == f"Already checked in at {time} by staff-user."
    assert Attendance.objects.count() == 1


def test_refusals_are_answers_and_bad_input_is_a_400(staff, event):
    waiting_event = EventFactory(starts_on=today(), capacity=0)
    waiting = register(waiting_event).registration

    unknown = scan(staff, event, code="x" * 22)
    elsewhere = scan(staff, event, code=waiting.checkin_code)
    no_seat = scan(
        staff, event, code=register(event).registration.checkin_code, **{"for": event.coach.pk}
    )
    nothing = scan(staff, event)
    not_today = scan(staff, event, registration="1", **{"for": "999999"})

    assert unknown[1]["outcome"] == "refused"
    assert unknown[1]["message"].startswith("Unknown code")
    assert elsewhere[1]["message"].startswith("This code is for “Living Lab")
    assert no_seat[1]["message"] == ("Ελένη Παπαδοπούλου has no seat in “Coach visit to Jouques”.")
    assert (nothing[0], not_today[0]) == (400, 400)
    assert Attendance.objects.count() == 0


def test_for_the_coach_only_its_passengers_are_expected(staff, event):
    passenger = register(event, sessions=[event.coach], last_name="Horvat").registration
    register(event, last_name="Novak")

    _status, answer = scan(staff, event, code=passenger.checkin_code, **{"for": event.coach.pk})
    missing = staff.get(
        reverse("registrations:checkin_missing", args=[event.slug]), {"for": event.coach.pk}
    )

    assert answer["outcome"] == "checked_in"
    assert answer["count"] == {"present": 1, "expected": 1}
    assert Attendance.objects.get().session == event.coach
    assert "Everyone expected is here." in text(missing.content.decode())


def test_without_script_a_tap_posts_and_the_page_says_so(staff, event):
    person = register(event).registration
    url = reverse("registrations:checkin", args=[event.slug])

    response = staff.post(url, {"registration": person.pk}, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert "Ελένη Παπαδοπούλου is checked in." in text(response.content.decode())


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Eleni", ["Ελένη Παπαδοπούλου"]),
        ("papadopoulou el", ["Ελένη Παπαδοπούλου"]),
        ("Cela", ["Ëndrit Çelaj"]),
        ("duric", ["Ivo Đurić"]),
        ("djurdjevic", ["Ђорђе Ђурђевић"]),
        ("ЂУРЂ", ["Ђорђе Ђурђевић"]),
        ("ΕΛΕΝΗ", ["Ελένη Παπαδοπούλου"]),
        ("nobody", []),
    ],
)
def test_search_finds_a_part_of_a_name_in_any_script(staff, event, typed, found):
    register(event)
    register(event, first_name="Ëndrit", last_name="Çelaj")
    register(event, first_name="Ђорђе", last_name="Ђурђевић")
    register(event, first_name="Ivo", last_name="Đurić")

    response = staff.get(reverse("registrations:checkin", args=[event.slug]), {"q": typed})

    assert [p.full_name for p in response.context["results"]] == found


def test_search_shows_needs_and_refuses_a_tap_for_who_has_no_place(staff, event):
    person = register(event, allergies="Sesame", last_name="Alves").registration
    gone = register(event, last_name="Alvesson").registration
    services.cancel_registration(registration=gone, by_organizer=True)
    services.check_in(registration=person)

    html = staff.get(reverse("registrations:checkin", args=[event.slug]), {"q": "alves"})

    page = text(html.content.decode())
    assert "2 people found for “alves”" in page
    assert "Allergies Sesame" in page
    assert "Here since" in page
    assert "Cancelled" in page
    assert html.content.decode().count('name="registration"') == 0


def test_undo_from_the_door(staff, event):
    person = register(event).registration
    check = services.check_in(registration=person)
    url = reverse("registrations:checkin_undo", args=[event.slug, check.attendance.pk])

    undone = staff.post(url, **JSON)
    again = staff.post(url, **JSON)

    assert json.loads(undone.content)["message"] == "Check-in of Ελένη Παπαδοπούλου undone."
    assert json.loads(again.content)["message"] == "This check-in was already undone."
    assert staff.get(url).status_code == 405
    assert Attendance.objects.count() == 0


def test_who_is_not_here_yet_lists_by_name_with_phone(staff, event):
    here = register(event, last_name="Zorić").registration
    register(event, last_name="Ćosić", first_name="Ivo", phone="+385 91 234 5678")
    register(event, last_name="Alves", first_name="Rui")
    services.check_in(registration=here)

    page = text(
        staff.get(reverse("registrations:checkin_missing", args=[event.slug])).content.decode()
    )

    assert "2 people missing: 1 of 3 here." in page
    assert page.index("Rui Alves") < page.index("Ivo Ćosić")
    assert "Phone +385 91 234 5678" in page
    assert "Zorić" not in page


def test_a_day_without_the_event_says_when_it_runs(staff):
    event = EventFactory(slug="later")

    page = text(staff.get(reverse("registrations:checkin", args=[event.slug])).content.decode())

    assert "check-in opens on its first day" in page


def crowd(size: int):
    event = EventFactory(starts_on=today(), capacity=None)
    coach = SessionFactory(event=event, kind="site_visit", capacity=None)
    PlenaryFactory(event=event)
    for n in range(size):
        person = register(
            event, sessions=[coach], diets=["vegan"], last_name=f"Alves{n}"
        ).registration
        if n % 2:
            services.check_in(registration=person)
    return event, coach


def queries(client, url, query) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["checkin", "checkin_missing"])
def test_door_pages_queries_do_not_grow_with_people(staff, name):
    (few, few_coach), (many, many_coach) = crowd(3), crowd(30)

    def counts(event, coach):
        url = reverse(f"registrations:{name}", args=[event.slug])
        return [queries(staff, url, {"q": "alves"}), queries(staff, url, {"for": coach.pk})]

    assert counts(few, few_coach) == counts(many, many_coach)


def test_numbers_too_large_for_the_database_are_answers_not_errors(staff, event):
    url = reverse("registrations:checkin_undo", args=[event.slug, 10**30])

    undone = staff.post(url, **JSON)
    _status, tapped = scan(staff, event, registration="9" * 30)

    assert json.loads(undone.content)["message"] == "This check-in was already undone."
    assert tapped["message"] == "No such registration for this event."

"""Personal data as the GDPR asks: a person reads, downloads and erases everything about them;
organizers' deletions and the retention period erase the same way; the funder's figures stay."""

import datetime as dt
import json
import re
from collections import defaultdict

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registrations import attendance, outbox, services
from registrations.details import Details
from registrations.models import (
    AccessKey,
    Attendance,
    Booking,
    ErasedFigures,
    OutgoingEmail,
    Registration,
)
from tests.factories import (
    EventFactory,
    MealFactory,
    PlenaryFactory,
    QuestionFactory,
    SessionFactory,
    details,
    paris,
    register,
)
from tests.html import text
from tests.invariants import counter_drift
from tests.registrations.test_admin import form_data as admin_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgresql")]

PERSON = {
    "first_name": "Zorblaxa",
    "last_name": "Quintavell",
    "email": "zorblaxa.quintavell@example.org",
    "phone": "+385 91 777 4242",
}
PASSPORT = "XK4471902"
ANSWER = "Quokka husbandry"  # to an organizer's question
NEEDLES = [*PERSON.values(), PASSPORT, ANSWER]


def text_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema()"
            " AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')"
        )
        return cursor.fetchall()


def where_found(needles: list[str]) -> dict[str, set[str]]:
    """Every text column of every table of the database that holds one of these words."""
    found = defaultdict(set)
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for needle in needles:
                cursor.execute(
                    f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',
                    [f"%{needle}%"],
                )
                if cursor.fetchone():
                    found[needle].add(f"{table}.{column}")
    return dict(found)


def private(name: str, event, key: str) -> str:
    return reverse(f"registrations:{name}", kwargs={"slug": event.slug, "key": key})


def running_event():
    """An event that began yesterday: people are checked in, figures count."""
    return EventFactory(starts_on=timezone.localdate() - dt.timedelta(days=1))


def leave_traces_everywhere(admin_client, event, workshop):
    """A person who registered, changed, asked for a letter, was checked in (and undone),
    received emails (sent, failed and queued), asked for a fresh link, and whom an organizer
    edited in the admin."""
    person = services.register(
        event=event,
        details=details(
            **PERSON,
            diets=["vegan"],
            allergies="Peanuts",
            accessibility_needs="Wheelchair user",
            needs_invitation_letter=True,
        ),
        session_ids=[workshop.pk],
        by_organizer=True,
    )
    registration = person.registration
    question = QuestionFactory(event=event, label_en="Your field of work")
    services.update_registration(
        registration=registration,
        details=Details.of(registration).replace(job_title="Mayor", answers={question.key: ANSWER}),
    )
    services.request_letter(
        registration=registration,
        passport=services.PassportDetails(
            passport_name="ZORBLAXA QUINTAVELL",
            nationality="HR",
            passport_number=PASSPORT,
            date_of_birth=dt.date(1980, 5, 17),
        ),
    )
    services.undo_check_in(attendance=services.check_in(registration=registration).attendance)
    services.check_in(registration=registration)
    outbox.deliver_due()
    services.resend_private_link(event=event, email=PERSON["email"])
    url = reverse("admin:registrations_registration_change", args=[registration.pk])
    data = {**admin_form_data(admin_client.get(url)), "job_title": "Deputy mayor"}
    assert admin_client.post(url, data).status_code == 302
    return person


def test_erasure_leaves_nothing_of_the_person_in_any_text_column(client, admin_client):
    event = running_event()
    workshop = SessionFactory(event=event, capacity=1)
    person = leave_traces_everywhere(admin_client, event, workshop)
    before = where_found(NEEDLES)

    response = client.post(private("erase", event, person.key))

    assert response["Location"] == reverse("registrations:erased", kwargs={"slug": event.slug})
    assert where_found(NEEDLES) == {}
    # The control: the same search saw the person everywhere they were.
    assert {
        "registrations_registration.last_name",
        "registrations_historicalregistration.last_name",
        "registrations_invitationletter.passport_name",
        "registrations_historicalinvitationletter.passport_name",
        "django_admin_log.object_repr",
    } <= before["Quintavell"]
    assert "registrations_historicalinvitationletter.passport_number" in before[PASSPORT]
    assert "registrations_outgoingemail.to" in before[PERSON["email"]]
    assert "registrations_outgoingemail.body_text" in before["Zorblaxa"]
    assert {
        "registrations_registration.answers",
        "registrations_historicalregistration.answers",
    } <= before[ANSWER]
    assert not Attendance.history.exists()
    assert client.get(private("manage", event, person.key)).status_code == 404


def test_erasure_frees_the_places_for_the_people_waiting(client):
    event = EventFactory(capacity=1)
    workshop = SessionFactory(event=event, capacity=1)
    leaving = register(event, sessions=[workshop])
    waiting = register(event, sessions=[workshop])

    client.post(private("erase", event, leaving.key))

    waiting.registration.refresh_from_db()
    assert waiting.registration.status == "confirmed"
    assert Booking.objects.get(registration=waiting.registration).status == "confirmed"
    assert counter_drift(event) == []
    assert not ErasedFigures.objects.exists()  # before the event, a leaver counts for nothing
    assert Registration.objects.count() == 1


def figures(event) -> tuple:
    """Every number of the funder's report, with its label."""
    report = attendance.report(event)
    return (
        [
            (b.title, [(r.label, r.registered, r.attended, r.by_day) for r in [*b.rows, b.total]])
            for b in report.breakdowns
        ],
        [(s.session.pk, s.registered, s.attended) for s in report.sessions],
    )


def people_who_came(event, now):
    """Six people of three countries, organisation types and genders; some came on some days,
    one was checked in at the workshop (attendance taken there), one cancelled after coming."""
    day1, day2 = event.starts_on, event.starts_on + dt.timedelta(days=1)
    PlenaryFactory(event=event)
    MealFactory(event=event)
    workshop = SessionFactory(event=event, capacity=10)
    visit = SessionFactory(
        event=event,
        kind="site_visit",
        starts_at=paris(day2, 14),
        ends_at=paris(day2, 17),
        capacity=10,
    )
    profiles = [
        ("HR", "public_authority", "female"),
        ("HR", "research", "male"),
        ("AL", "social_economy", "undisclosed"),
        ("GR", "public_authority", ""),
        ("AL", "business", "female"),
        ("FR", "civil_society", "male"),
    ]
    people = [
        services.register(
            event=event,
            details=details(country=c, organisation_type=o, gender=g),
            session_ids=[workshop.pk] if n % 2 else [visit.pk],
            by_organizer=True,
            now=now,
        ).registration
        for n, (c, o, g) in enumerate(profiles)
    ]
    for person, days in zip(people, [[day1, day2], [day1], [day2], [], [day1], [day2]], strict=1):
        for day in days:
            services.check_in(registration=person, at=paris(day, 9), now=paris(day, 9))
    services.check_in(
        registration=people[1], session=workshop, at=paris(day1, 14), now=paris(day1, 14)
    )
    services.cancel_registration(registration=people[5], by_organizer=True)
    return people


def test_erasure_once_the_event_has_begun_keeps_every_figure_of_the_funder_report(client):
    event = EventFactory(starts_on=timezone.localdate() - dt.timedelta(days=1))
    people = people_who_came(event, timezone.now())
    before = figures(event)
    keys = {p.pk: services.issue_link(registration=p) for p in people}

    # The only person checked in at the workshop: attendance there stays "taken" for others.
    for person in (people[1], people[2], people[5]):
        client.post(private("erase", event, keys[person.pk]))

    assert Registration.objects.count() == 3
    assert figures(event) == before
    assert before[0][0][1][-1][1:3] == (5, 5)  # total registered and attended, for the record


def test_retention_erases_after_its_period_and_the_funder_report_adds_up_the_same(
    django_capture_on_commit_callbacks,
):
    over = timezone.localdate() - dt.timedelta(days=94)  # ended 92 days ago: 90 are kept
    event = EventFactory(starts_on=over, registration_opens_at=paris(over, 0) - dt.timedelta(9))
    recent = EventFactory(starts_on=timezone.localdate() - dt.timedelta(days=80))
    people_who_came(event, paris(over, 8))
    kept = register(recent)
    before = figures(event)

    call_command("retention")
    after = figures(event)
    call_command("retention")  # daily: the second run finds nothing more to do

    assert after == before
    assert Registration.objects.filter(event=event).count() == 0
    assert not OutgoingEmail.objects.filter(registration__isnull=True).exists()
    assert counter_drift(event) == []
    assert Registration.objects.get() == kept.registration
    assert figures(event) == before


def test_admin_delete_is_the_same_erasure_with_a_warning(admin_client):
    event = EventFactory()
    person = register(event, **PERSON, allergies="Peanuts")
    url = reverse("admin:registrations_registration_delete", args=[person.registration.pk])

    page = text(admin_client.get(url).content.decode())
    admin_client.post(url, {"post": "yes"})

    assert "Deleting a registration erases the person’s data everywhere." in page
    assert where_found(NEEDLES) == {}
    assert not LogEntry.objects.exists()


def test_admin_delete_of_a_selection_erases_each(admin_client):
    event = EventFactory()
    people = [register(event, **PERSON), register(event)]
    changelist = reverse("admin:registrations_registration_changelist")
    selected = [p.registration.pk for p in people]
    selection = {"action": "delete_selected", "_selected_action": selected}

    page = text(admin_client.post(changelist, selection).content.decode())
    admin_client.post(changelist, {**selection, "post": "yes"})

    assert "Deleting a registration erases the person’s data everywhere." in page
    assert not Registration.objects.exists()
    assert where_found(NEEDLES) == {}


def test_a_person_reads_and_downloads_all_their_data(client):
    event = EventFactory()
    workshop = SessionFactory(event=event, title="Card game")
    person = register(event, sessions=[workshop], **PERSON, allergies="Peanuts")

    page = text(client.get(private("my_data", event, person.key)).content.decode())
    download = client.get(private("my_data_json", event, person.key))
    data = json.loads(download.content)

    assert "Zorblaxa" in page
    assert "Card game" in page
    assert "Peanuts" in page
    assert download["Content-Disposition"] == f'attachment; filename="{event.slug}-my-data.json"'
    assert data["registration"]["email"] == PERSON["email"]
    assert data["registration"]["allergies"] == "Peanuts"
    assert data["registration"]["privacy_notice_version"] == (
        person.registration.privacy_notice.version
    )
    assert [b["session"] for b in data["bookings"]] == ["Card game"]
    assert [e["kind"] for e in data["emails"]] == ["registered"]
    assert person.key not in download.content.decode()  # links are listed, not their secret
    assert AccessKey.objects.get().digest not in download.content.decode()


def test_data_download_runs_the_same_queries_for_one_or_many_bookings(client):
    event = EventFactory()
    sessions = [
        SessionFactory(event=event, starts_at=paris(event.starts_on, 8 + n)) for n in range(8)
    ]
    for session in sessions:
        session.ends_at = session.starts_at + dt.timedelta(minutes=50)
        session.save()
    few = register(event, sessions=sessions[:1])
    many = register(event, sessions=sessions)
    services.update_registration(
        registration=many.registration,
        details=Details.of(many.registration).replace(job_title="Mayor"),
    )

    counts = []
    for person in (few, many):
        with CaptureQueriesContext(connection) as queries:
            client.get(private("my_data_json", event, person.key))
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_consent_records_the_notice_version_and_its_text(client):
    event = EventFactory()
    person = register(event, allergies="Peanuts")

    notice = person.registration.privacy_notice
    assert len(notice.version) == 64
    assert "Health-related data" in notice.texts["en"]
    assert person.registration.health_consent_at is not None
    assert re.fullmatch(r"[0-9a-f]{64}", notice.version)


def test_control_erasure_without_its_anonymous_sums_changes_the_report(client, monkeypatch):
    event = EventFactory(starts_on=timezone.localdate() - dt.timedelta(days=1))
    people = people_who_came(event, timezone.now())
    before = figures(event)
    key = services.issue_link(registration=people[1])
    monkeypatch.setattr("registrations.services.privacy._keep_figures", lambda event, ids: None)

    client.post(private("erase", event, key))

    assert figures(event) != before

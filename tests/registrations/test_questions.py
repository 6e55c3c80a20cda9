"""The organizer's own questions: in the form, on the private page, through the private link, in
the admin (page, filter) and in the exports."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from registrations import exports
from registrations.models import Registration
from tests.factories import EventFactory, QuestionFactory, SessionFactory, paris, register
from tests.html import checked, field_error, field_value, form_data, text
from tests.registrations.test_views import form_data as registration_data
from tests.registrations.test_views import manage_url, register_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(title="Partnership meeting", capacity=40)


@pytest.fixture
def questions(event):
    """One question of each kind, in the sections an organizer would choose."""
    return {
        "role": QuestionFactory(
            event=event, label_en="Your role in the project", section="organisation"
        ),
        "expect": QuestionFactory(
            event=event, label_en="What do you expect?", kind="long_text", section="more"
        ),
        "pilot": QuestionFactory(
            event=event,
            label_en="Your pilot action",
            label_fr="Votre action pilote",
            kind="one_choice",
            required=True,
            help_text_en="The one you lead.",
            choices=["Social economy", "Public procurement"],
        ),
        "topics": QuestionFactory(
            event=event,
            label_en="Topics you want to discuss",
            kind="several_choices",
            choices=["Funding", "Policy", "Evaluation"],
        ),
        "present": QuestionFactory(
            event=event, label_en="Will you present your pilot?", kind="yes_no", section="more"
        ),
        "since": QuestionFactory(
            event=event, label_en="In the project since", kind="date", section="about"
        ),
    }


def choice(question, label: str) -> int:
    return question.choices.get(label_en=label).pk


def answers(questions) -> dict:
    return {
        questions["role"].key: "Coordinator",
        questions["expect"].key: "Meet the other pilots.\nShare tools.",
        questions["pilot"].key: str(choice(questions["pilot"], "Public procurement")),
        questions["topics"].key: [
            str(choice(questions["topics"], "Funding")),
            str(choice(questions["topics"], "Evaluation")),
        ],
        questions["present"].key: "yes",
        questions["since"].key: "2019-03-01",
    }


def test_form_asks_each_question_in_its_section_in_the_page_language(client, event, questions):
    english = text(client.get(register_url(event)).content.decode())
    french = text(client.get(f"/fr{register_url(event)[3:]}").content.decode())

    organisation = english.index("Your organisation")
    assert organisation < english.index("Your role in the project") < english.index("Food")
    assert english.index("About you") < english.index("In the project since") < organisation
    assert english.index("A few more questions") < english.index("What do you expect?")
    assert "Your pilot action * Social economy Public procurement The one you lead." in english
    assert "Votre action pilote" in french
    # Not written in French: the event's main language, never a blank.
    assert "Topics you want to discuss" in french


def test_answers_are_kept_on_the_registration_and_shown_on_the_private_page(
    client, event, questions
):
    response = client.post(register_url(event), registration_data(event, **answers(questions)))

    registration = Registration.objects.get()
    topics = questions["topics"]
    assert registration.answers == {
        questions["role"].key: "Coordinator",
        questions["expect"].key: "Meet the other pilots.\nShare tools.",
        questions["pilot"].key: choice(questions["pilot"], "Public procurement"),
        topics.key: sorted([choice(topics, "Funding"), choice(topics, "Evaluation")]),
        questions["present"].key: True,
        questions["since"].key: "2019-03-01",
    }
    page = text(client.get(response["Location"]).content.decode())
    assert "Your role in the project Coordinator" in page
    assert "Your pilot action Public procurement" in page
    assert "Topics you want to discuss Funding, Evaluation" in page
    assert "Will you present your pilot? Yes" in page
    assert "In the project since 1 March 2019" in page


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("pilot", None, "This field is required."),
        ("pilot", "999999", "Select a valid choice. 999999 is not one of the available choices."),
        ("topics", ["1x"], "Select a valid choice. 1x is not one of the available choices."),
        ("present", "maybe", "Select a valid choice. maybe is not one of the available choices."),
        ("since", "2019-02-30", "Enter a valid date."),
        ("role", "x" * 301, "Ensure this value has at most 300 characters (it has 301)."),
    ],
)
def test_a_bad_answer_is_said_next_to_its_field_and_nothing_is_saved(
    client, event, questions, field, value, error
):
    data = registration_data(event, **{**answers(questions), questions[field].key: value})

    response = client.post(register_url(event), data)

    assert response.status_code == 200
    assert field_error(response, questions[field].key) == error
    assert field_value(response, "email") == "eleni@example.org"
    assert Registration.objects.count() == 0


def test_answers_are_changed_through_the_private_link(client, event, questions):
    person = register(event, answers={questions["present"].key: True})
    edit = manage_url(event, person.key, "edit")

    form = client.get(edit)
    data = {**form_data(form), **answers(questions), questions["present"].key: "no"}
    client.post(edit, data)

    assert checked(form, questions["present"].key) == ["yes"]
    person.registration.refresh_from_db()
    assert person.registration.answers[questions["present"].key] is False
    assert person.registration.answers[questions["role"].key] == "Coordinator"


def test_organizers_read_and_correct_answers_on_a_registrations_page(
    admin_client, event, questions
):
    person = register(event, answers={questions["role"].key: "Coordinator"}).registration
    url = reverse("admin:registrations_registration_change", args=[person.pk])

    form = admin_client.get(url)
    data = {**form_data(form), questions["role"].key: "Pilot lead"}
    data.update({questions["pilot"].key: str(choice(questions["pilot"], "Social economy"))})
    saved = admin_client.post(url, data)

    assert "Answers to the event's questions" in text(form.content.decode())
    assert field_value(form, questions["role"].key) == "Coordinator"
    assert saved.status_code == 302
    person.refresh_from_db()
    assert person.answers == {
        questions["role"].key: "Pilot lead",
        questions["pilot"].key: choice(questions["pilot"], "Social economy"),
    }


def test_staff_see_the_answers_but_cannot_change_them(client, event, questions):
    person = register(event, answers={questions["present"].key: False}).registration
    staff = User.objects.create_user("viewer", is_staff=True)
    staff.groups.add(Group.objects.get(name="Staff"))
    client.force_login(staff)

    page = client.get(reverse("admin:registrations_registration_change", args=[person.pk]))

    assert "Will you present your pilot? No" in text(page.content.decode())
    assert field_value(page, questions["present"].key) is None


@pytest.mark.parametrize(
    ("question", "value", "found"),
    [
        ("pilot", "Public procurement", ["Rossi"]),
        ("pilot", "Social economy", ["Horvat"]),
        ("topics", "Policy", ["Horvat", "Rossi"]),
        ("topics", "Funding", ["Rossi"]),
        ("present", "yes", ["Horvat"]),
        ("present", "no", []),
    ],
)
def test_registrations_are_filtered_by_answer(
    admin_client, event, questions, question, value, found
):
    pilot, topics, present = questions["pilot"], questions["topics"], questions["present"]
    register(
        event,
        last_name="Rossi",
        answers={
            pilot.key: choice(pilot, "Public procurement"),
            topics.key: sorted([choice(topics, "Funding"), choice(topics, "Policy")]),
        },
    )
    register(
        event,
        last_name="Horvat",
        answers={
            pilot.key: choice(pilot, "Social economy"),
            topics.key: [choice(topics, "Policy")],
            present.key: True,
        },
    )
    register(EventFactory(), last_name="Other")
    asked = questions[question]
    value = value if asked.kind == "yes_no" else str(choice(asked, value))
    url = reverse("admin:registrations_registration_changelist")

    listing = admin_client.get(url, {"event__id__exact": event.pk, "answer": f"{asked.pk}:{value}"})

    assert sorted(r.last_name for r in listing.context["cl"].result_list) == found
    filter_choices = text(listing.content.decode())
    assert "Topics you want to discuss: Evaluation" in filter_choices


@pytest.mark.parametrize("answer", ["1:x", "x:1", "999999:1", f"{'9' * 30}:yes"])
def test_an_answer_filter_typed_in_the_address_gives_no_error(admin_client, event, answer):
    register(event)

    listing = admin_client.get(
        reverse("admin:registrations_registration_changelist"), {"answer": answer}
    )

    assert listing.status_code == 200


def test_each_question_is_a_column_of_the_attendee_export_and_never_a_formula(event, questions):
    register(
        event,
        answers={
            questions["role"].key: '=HYPERLINK("http://x")',
            questions["topics"].key: [choice(questions["topics"], "Policy")],
            questions["present"].key: True,
        },
    )
    export = exports.for_event(event, "attendees")

    rows = list(csv.reader(io.StringIO(exports.response(export, "csv").getvalue().decode())))

    header = rows[0]
    row = dict(zip(header, rows[1], strict=True))
    assert header[-6:] == [
        "Your role in the project",
        "What do you expect?",
        "Your pilot action",
        "Topics you want to discuss",
        "Will you present your pilot?",
        "In the project since",
    ]
    assert row["Your role in the project"] == '\'=HYPERLINK("http://x")'
    assert row["Topics you want to discuss"] == "Policy"
    assert row["Will you present your pilot?"] == "Yes"
    assert row["In the project since"] == ""


def test_a_question_with_choices_needs_two_of_them(admin_client, event):
    url = reverse("admin:registrations_question_add") + f"?event={event.pk}"
    form = admin_client.get(url)
    data = {
        **form_data(form),
        "event": str(event.pk),
        "kind": "one_choice",
        "label_en": "Your pilot",
        "choices-0-label_en": "Only one",
    }

    refused = admin_client.post(url, data)
    data["choices-1-label_en"] = "Another"
    saved = admin_client.post(url, data)

    assert "A question with choices needs at least two choices." in text(refused.content.decode())
    assert saved.status_code == 302
    question = event.questions.get()
    assert [c.label for c in question.choices.all()] == ["Only one", "Another"]


def test_a_date_answer_reads_as_a_date_in_the_export(event, questions):
    register(event, answers={questions["since"].key: "2019-03-01"})

    (table,) = exports.for_event(event, "attendees").tables
    (row,) = list(table.rows)

    assert table.columns[-1].value(row) == dt.date(2019, 3, 1)


def test_every_list_of_people_has_a_column_per_question_never_a_formula(event, questions):
    """Session lists, the coach, travel (arrivals, departures, rooms, letters), attendance and
    the admin's bookings: each table that lists people answers the questions too."""
    workshop = SessionFactory(event=event, capacity=5)
    coach = SessionFactory(
        event=event, kind="site_visit", capacity=40, starts_at=paris(event.ends_on, 14)
    )
    person = register(
        event,
        sessions=[workshop, coach],
        answers={questions["role"].key: "=1+2", questions["present"].key: True},
        arrival_date=event.starts_on,
        departure_date=event.ends_on,
        accommodation_nights=[event.starts_on.isoformat()],
        needs_invitation_letter=True,
    ).registration
    exported = {name: exports.for_event(event, name) for name in ("sessions", "coach", "travel")}
    exported["attendance"] = exports.onsite.attendance(event)
    exported["bookings"] = exports.bookings(person.bookings.all())

    found = {}
    for name, export in exported.items():
        lines = exports.response(export, "csv").getvalue().decode()
        for table in export.tables:
            headers = [str(c.header) for c in table.columns]
            if "Last name" in headers:
                found[f"{name}: {table.title}"] = "Your role in the project" in headers
        assert "'=1+2" in lines, name
        assert ",=1+2" not in lines, name

    assert set(found.values()) == {True}
    # sessions: the workshop and the visit; coach; travel: 4 tables; attendance; bookings.
    assert len(found) == 9

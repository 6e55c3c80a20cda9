import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from program.selectors import Slot
from registrations.enums import BookingStatus, RegistrationStatus
from registrations.models import Booking, OutgoingEmail, Registration
from tests.factories import EventFactory, QuestionFactory, SessionFactory, paris, register
from tests.html import checked, field_error, field_value, private_page, text
from tests.html import form_data as browser_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(title="Living Lab +Resilient", capacity=40)


@pytest.fixture
def workshops(event):
    """Two workshops at the same time, and a coach visit that overlaps them."""
    day = event.starts_on
    return {
        "a": SessionFactory(
            event=event, title="Card game A", starts_at=paris(day, 14), ends_at=paris(day, 16)
        ),
        "b": SessionFactory(
            event=event, title="Card game B", starts_at=paris(day, 14), ends_at=paris(day, 16)
        ),
        "visit": SessionFactory(
            event=event,
            title="Coach visit to Jouques",
            kind="site_visit",
            capacity=30,
            starts_at=paris(day, 15),
            ends_at=paris(day, 18),
        ),
    }


def register_url(event) -> str:
    return reverse("registrations:register", kwargs={"slug": event.slug})


def manage_url(event, key: str, name: str = "manage") -> str:
    return reverse(f"registrations:{name}", kwargs={"slug": event.slug, "key": key})


def offered(event) -> str:
    """The hidden list of sessions the form showed, as the browser sends it back."""
    sessions = event.sessions.filter(requires_booking=True).order_by(
        "starts_at", "ends_at", "title"
    )
    return ",".join(str(s.pk) for s in sessions)


def form_data(event, /, **overrides) -> dict:
    data = {
        "offered": offered(event),
        "first_name": "Ελένη",
        "last_name": "Παπαδοπούλου",
        "email": "eleni@example.org",
        "organisation": "Περιφέρεια Κρήτης",
        "organisation_type": "public_authority",
        "country": "GR",
        "preferred_language": "en",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def slot(session) -> str:
    """The name of the form field where a session is chosen."""
    return Slot(session.starts_at, session.ends_at).key


# -- registering -------------------------------------------------------------------------------


def test_register_page_lists_choices_by_time_slot(client, event, workshops):
    response = client.get(register_url(event))

    assert response.status_code == 200
    page = text(response.content.decode())
    assert "Card game A" in page
    assert "Card game B" in page
    assert "None of these" in page
    assert "Coach visit to Jouques" in page
    assert "30 seats left" in page


def test_register_creates_registration_and_shows_confirmation(
    client, event, workshops, mailoutbox, django_capture_on_commit_callbacks
):
    data = form_data(
        event,
        **{slot(workshops["a"]): str(workshops["a"].pk)},
        diets=["vegetarian", "gluten_free"],
        allergies="Peanuts",
        arrival_date=(event.starts_on - dt.timedelta(days=1)).isoformat(),
        arrival_time="18:40",
        arrival_place="Marseille Provence airport",
        departure_date=event.ends_on.isoformat(),
        travel_mode="plane",
        accommodation_nights=[(event.starts_on - dt.timedelta(days=1)).isoformat()],
        needs_invitation_letter="on",
        languages=["el", "en", "fr"],
        health_consent="on",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(event), data, follow=True)

    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.full_name == "Ελένη Παπαδοπούλου"
    assert registration.organisation == "Περιφέρεια Κρήτης"
    assert registration.diet_codes == ["gluten_free", "vegetarian"]
    assert registration.accommodation_nights == [
        (event.starts_on - dt.timedelta(days=1)).isoformat()
    ]
    assert registration.needs_invitation_letter is True
    assert registration.languages == ["en", "fr", "el"]  # in the list's order
    assert Booking.objects.get(registration=registration).session == workshops["a"]
    page = text(response.content.decode())
    assert "You are registered" in page
    assert "Registration of Ελένη Παπαδοπούλου" in page
    assert "Card game A" in page
    assert "Seat booked" in page
    assert "Marseille Provence airport" in page
    assert "Peanuts" in page
    link = re.search(
        r'id="private-link" type="text" readonly value="([^"]+)"', response.content.decode()
    )
    assert link
    assert "/r/" in link.group(1)
    assert mailoutbox[0].to == ["eleni@example.org"]
    assert link.group(1).split("/r/")[1] in mailoutbox[0].body


def test_full_workshop_choice_joins_its_waiting_list(client, event, workshops):
    full = SessionFactory(
        event=event, title="Small room", capacity=1, starts_at=paris(event.ends_on, 9)
    )
    register(event, sessions=[full])

    response = client.post(register_url(event), form_data(event, **{slot(full): "on"}), follow=True)

    booking = Booking.objects.get(registration__email="eleni@example.org")
    assert booking.status == BookingStatus.WAITLISTED
    assert "You are next in line" in text(response.content.decode())


def test_full_event_puts_new_people_on_its_waiting_list(client, event):
    event.capacity = 1
    event.save()
    register(event)

    page = client.get(register_url(event))
    response = client.post(register_url(event), form_data(event), follow=True)

    assert "join the waiting list" in text(page.content.decode())
    assert (
        Registration.objects.get(email="eleni@example.org").status == RegistrationStatus.WAITLISTED
    )
    assert "you are on its waiting list" in text(response.content.decode())


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [(1, 10, "Registration opens on"), (-10, -1, "Registration closed on")],
)
def test_register_outside_window_is_refused_with_message(client, opens, closes, message):
    now = timezone.now()
    event = EventFactory(
        registration_opens_at=now + dt.timedelta(days=opens),
        registration_closes_at=now + dt.timedelta(days=closes),
    )

    page = client.get(register_url(event))
    posted = client.post(register_url(event), form_data(event))

    assert message in text(page.content.decode())
    assert message in text(posted.content.decode())
    assert not Registration.objects.exists()


def test_same_email_again_gets_neutral_page_and_link_by_email(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    register(event, email="eleni@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            register_url(event), form_data(event, email="ELENI@example.org"), follow=True
        )

    assert Registration.objects.count() == 1
    page = text(response.content.decode())
    assert "Check your inbox" in page
    assert "If this address is already registered" in page
    (link,) = OutgoingEmail.objects.filter(kind="private_link")  # sent by the worker
    assert link.to == "eleni@example.org"
    assert "/r/" in link.body_text


def test_check_inbox_page_repeats_nothing_about_the_address(client, event):
    register(event, email="eleni@example.org", first_name="Ελένη")

    after_duplicate = client.post(
        register_url(event), form_data(event, email="eleni@example.org"), follow=True
    )
    plain = client.get(reverse("registrations:check_inbox", kwargs={"slug": event.slug}))

    assert text(after_duplicate.content.decode()) == text(plain.content.decode())
    assert "eleni" not in after_duplicate.content.decode().lower()
    assert "Ελένη" not in after_duplicate.content.decode()


# -- bad input: a message next to the field, what was typed is kept, never a 500 -------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "This field is required."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"email": "a@b@example.org"}, "email", "Enter a valid email address."),
        ({"email": "a@\ufffd.com"}, "email", "This address cannot receive email."),
        ({"first_name": "<script>alert(1)</script>"}, "first_name", "A name can hold letters"),
        ({"last_name": '<b onmouseover="x()">Rossi</b>'}, "last_name", "A name can hold letters"),
        ({"first_name": "Robert'); DROP TABLE--"}, "first_name", "A name can hold letters"),
        ({"first_name": "A" * 5000}, "first_name", "at most 100 characters"),
        ({"allergies": "nuts " * 1000}, "allergies", "at most 1000 characters"),
        ({"organisation": "x\x00y"}, "organisation", "Null characters are not allowed."),
        ({"country": "XX"}, "country", "Select a valid choice."),
        ({"organisation_type": "secret_service"}, "organisation_type", "Select a valid choice."),
        ({"privacy_consent": None}, "privacy_consent", "Please accept the privacy notice"),
        ({"arrival_date": "2026-02-31"}, "arrival_date", "Enter a valid date."),
        ({"arrival_time": "25:99"}, "arrival_time", "Enter a valid time."),
        ({"arrival_date": "1999-01-01"}, "arrival_date", "Please give a date between"),
        (
            {"accommodation_nights": ["2001-01-01"]},
            "accommodation_nights",
            "Select a valid choice.",
        ),
        ({"diets": ["other"]}, "diet_other", "Please tell us which other requirement"),
        ({"diets": ["cannibal"]}, "diets", "Select a valid choice."),
        ({"languages": ["klingon"]}, "languages", "Select a valid choice."),
        ({"gender": "robot"}, "gender", "Select a valid choice."),
        ({"preferred_language": "zz"}, "preferred_language", "Select a valid choice."),
    ],
)
def test_bad_input_gets_message_next_to_field(client, event, workshops, overrides, field, message):
    response = client.post(register_url(event), form_data(event, **overrides))

    assert response.status_code == 200
    assert message in field_error(response, field)
    assert not Registration.objects.exists()


def test_bad_input_keeps_what_was_typed(client, event):
    response = client.post(
        register_url(event),
        form_data(event, email="broken", first_name="Đurđica", organisation="Grad Zagreb"),
    )

    assert field_value(response, "first_name") == "Đurđica"
    assert field_value(response, "organisation") == "Grad Zagreb"
    assert field_value(response, "email") == "broken"
    assert "Please correct the field below." in text(response.content.decode())


def test_departure_before_arrival_is_refused(client, event):
    response = client.post(
        register_url(event),
        form_data(
            event,
            arrival_date=event.starts_on.isoformat(),
            departure_date=(event.starts_on - dt.timedelta(days=1)).isoformat(),
        ),
    )

    assert "departure cannot come before your arrival" in field_error(response, "departure_date")


def test_same_day_departure_before_arrival_time_is_refused(client, event):
    day = event.starts_on.isoformat()
    response = client.post(
        register_url(event),
        form_data(
            event,
            arrival_date=day,
            arrival_time="18:00",
            departure_date=day,
            departure_time="09:00",
        ),
    )

    assert "departure cannot come before your arrival" in field_error(response, "departure_time")


def test_clashing_choices_are_named_next_to_both_fields(client, event, workshops):
    data = form_data(
        event, **{slot(workshops["a"]): str(workshops["a"].pk), slot(workshops["visit"]): "on"}
    )

    response = client.post(register_url(event), data)

    assert "clashes with “Coach visit to Jouques”" in field_error(response, slot(workshops["a"]))
    assert "clashes with “Card game A”" in field_error(response, slot(workshops["visit"]))
    assert not Registration.objects.exists()


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1 OR 1=1", "1e3", "\x00"])
def test_unknown_session_posted_by_hand_is_refused(client, event, workshops, value):
    field = slot(workshops["a"])
    response = client.post(register_url(event), form_data(event, **{field: value}))

    assert response.status_code == 200
    assert "Select a valid choice." in field_error(
        response, field
    ) or "Null characters" in field_error(response, field)
    assert not Registration.objects.exists()


def test_no_choice_in_a_slot_registers_without_that_session(client, event, workshops):
    response = client.post(register_url(event), form_data(event, **{slot(workshops["a"]): ""}))

    assert private_page(response) == event.slug
    assert not Booking.objects.filter(registration=Registration.objects.get()).exists()


def test_session_of_another_slot_posted_by_hand_is_refused(client, event, workshops):
    response = client.post(
        register_url(event), form_data(event, **{slot(workshops["a"]): str(workshops["visit"].pk)})
    )

    assert "Select a valid choice." in field_error(response, slot(workshops["a"]))


def test_tampered_extra_fields_are_ignored(client, event):
    other = EventFactory()
    data = form_data(
        event,
        status="confirmed",
        event=str(other.pk),
        seats_taken="0",
        id="1",
        privacy_consent_at="2000-01-01",
    )

    client.post(register_url(event), data)

    registration = Registration.objects.get()
    assert registration.event == event
    assert registration.privacy_consent_at > timezone.now() - dt.timedelta(minutes=1)


def test_names_with_html_are_shown_escaped_elsewhere(client, event):
    response = client.post(
        register_url(event),
        form_data(event, organisation="<img src=x onerror=alert(1)>"),
        follow=True,
    )

    assert Registration.objects.get().organisation == "<img src=x onerror=alert(1)>"
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.content.decode()
    assert "<img src=x" not in response.content.decode()


def test_oversized_post_is_a_client_error_not_a_crash(client, event, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 100

    response = client.post(register_url(event), {f"f{n}": "x" for n in range(500)})

    assert response.status_code == 400


# -- the private link --------------------------------------------------------------------------


def test_unknown_or_malformed_private_link_is_404(client, event):
    result = register(event)
    other_event = EventFactory()

    assert client.get(manage_url(event, "x" * 43)).status_code == 404
    assert client.get(manage_url(other_event, result.key)).status_code == 404
    assert client.get(f"/{event.slug}/r/short/").status_code == 404
    assert client.get(f"/{event.slug}/r/{result.key}!/").status_code == 404
    assert client.post(manage_url(event, "y" * 43, "cancel")).status_code == 404


def test_private_pages_are_not_cached_or_indexed(client, event):
    result = register(event)

    response = client.get(manage_url(event, result.key))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"


def test_edit_changes_details_and_workshop(client, event, workshops):
    result = register(event, sessions=[workshops["a"]], first_name="Marija")
    form_page = client.get(manage_url(event, result.key, "edit"))
    assert field_value(form_page, "first_name") == "Marija"
    assert checked(form_page, slot(workshops["a"])) == [str(workshops["a"].pk)]
    assert checked(form_page, slot(workshops["visit"])) == []

    response = client.post(
        manage_url(event, result.key, "edit"),
        form_data(
            event,
            first_name="Marija Ana",
            email=result.registration.email,
            **{slot(workshops["b"]): str(workshops["b"].pk)},
        ),
        follow=True,
    )

    assert "Your changes are saved." in text(response.content.decode())
    result.registration.refresh_from_db()
    assert result.registration.first_name == "Marija Ana"
    statuses = dict(
        Booking.objects.filter(registration=result.registration).values_list(
            "session__title", "status"
        )
    )
    assert statuses == {"Card game A": "cancelled", "Card game B": "confirmed"}


def test_edit_form_shows_clash_and_keeps_bookings(client, event, workshops):
    result = register(event, sessions=[workshops["a"]])

    response = client.post(
        manage_url(event, result.key, "edit"),
        form_data(
            event,
            email=result.registration.email,
            **{slot(workshops["a"]): str(workshops["a"].pk), slot(workshops["visit"]): "on"},
        ),
    )

    assert "clashes with" in field_error(response, slot(workshops["visit"]))
    assert Booking.objects.get(registration=result.registration).status == "confirmed"


def test_edit_to_email_of_another_person_is_refused_next_to_field(client, event):
    register(event, email="taken@example.org")
    mine = register(event)

    response = client.post(
        manage_url(event, mine.key, "edit"), form_data(event, email="taken@example.org")
    )

    assert "Another registration for this event uses this email address." in field_error(
        response, "email"
    )


def test_cancel_one_session_promotes_the_next_person(client, event, workshops):
    small = SessionFactory(
        event=event, title="Small room", capacity=1, starts_at=paris(event.ends_on, 9)
    )
    holder = register(event, sessions=[small])
    waiting = register(event, sessions=[small])

    response = client.post(
        reverse(
            "registrations:cancel_session",
            kwargs={"slug": event.slug, "key": holder.key, "session_id": small.pk},
        ),
        follow=True,
    )

    assert "You are no longer booked for “Small room”." in text(response.content.decode())
    assert Booking.objects.get(registration=waiting.registration).status == "confirmed"


def test_cancel_session_asks_first_and_needs_a_booking(client, event, workshops):
    result = register(event, sessions=[workshops["a"]])
    url = reverse(
        "registrations:cancel_session",
        kwargs={"slug": event.slug, "key": result.key, "session_id": workshops["a"].pk},
    )
    other = reverse(
        "registrations:cancel_session",
        kwargs={"slug": event.slug, "key": result.key, "session_id": workshops["b"].pk},
    )

    question = client.get(url)

    # One tap on "Cancel" only asks: the seat stays until the person confirms.
    assert question.status_code == 200
    assert "Yes, give it up" in text(question.content.decode())
    assert Booking.objects.get(registration=result.registration).status == "confirmed"
    response = client.post(other, follow=True)
    assert "You have no booking for this session." in text(response.content.decode())


def test_cancel_whole_registration_after_confirmation(client, event, workshops):
    result = register(event, sessions=[workshops["a"]])

    confirm = client.get(manage_url(event, result.key, "cancel"))
    response = client.post(manage_url(event, result.key, "cancel"), follow=True)

    assert "Yes, cancel my registration" in text(confirm.content.decode())
    assert "Your registration is cancelled." in text(response.content.decode())
    result.registration.refresh_from_db()
    assert result.registration.status == "cancelled"
    workshops["a"].refresh_from_db()
    assert workshops["a"].seats_taken == 0
    edit = client.get(manage_url(event, result.key, "edit"))
    assert (edit.status_code, edit["Location"]) == (302, manage_url(event, result.key))


def test_pages_send_a_content_security_policy(client, event):
    response = client.get(register_url(event))

    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_private_page_queries_do_not_grow_with_bookings(client, event):
    sessions = [
        SessionFactory(
            event=event,
            starts_at=paris(event.starts_on, 8 + n),
            ends_at=paris(event.starts_on, 9 + n),
        )
        for n in range(8)
    ]
    question = QuestionFactory(event=event, kind="several_choices", choices=["Bus", "Walk"])
    few = register(event, sessions=sessions[:1], diets=["vegan"])
    many = register(
        event,
        sessions=sessions,
        diets=["vegan", "halal", "kosher"],
        answers={question.key: [c.pk for c in question.choices.all()]},
    )

    counts = [_queries(client, manage_url(event, r.key)) for r in (few, many)]

    assert counts[0] == counts[1] <= 6


def test_register_in_french(client, event, django_capture_on_commit_callbacks, mailoutbox):
    with translation.override("fr"):
        url = register_url(event)

    page = client.get(url)
    invalid = client.post(url, form_data(event, email="pas-une-adresse"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form_data(event, preferred_language="fr"))

    assert "Prénom" in text(page.content.decode())
    assert 'lang="fr"' in page.content.decode()
    assert "Saisissez une adresse de courriel valide." in field_error(invalid, "email")
    assert Registration.objects.get().preferred_language == "fr"
    assert "Votre lien personnel" in mailoutbox[0].body


# -- the programme may change while a form is open; what has begun stays as it is --------------


def test_missing_or_tampered_list_of_offered_sessions_gets_a_message(client, event, workshops):
    for value in (None, "", "0", "<script>", offered(event) + ",999"):
        response = client.post(register_url(event), form_data(event, offered=value))

        assert "The programme changed while you were filling in this form." in text(
            response.content.decode()
        )
        assert field_value(response, "offered") == offered(event)
    assert not Registration.objects.exists()


def test_session_added_while_editing_keeps_the_seat_held(client, event, workshops):
    holder = register(event, sessions=[workshops["a"]])
    register(event, sessions=[workshops["a"]])  # someone waits for the same seat
    old_form = form_data(
        event, email=holder.registration.email, **{slot(workshops["a"]): str(workshops["a"].pk)}
    )
    SessionFactory(
        event=event,
        title="Agriculture",
        starts_at=workshops["a"].starts_at,
        ends_at=workshops["a"].ends_at,
    )

    response = client.post(
        manage_url(event, holder.key, "edit"), {**old_form, "first_name": "Ελένη-Μαρία"}
    )

    assert "The programme changed" in text(response.content.decode())
    assert Booking.objects.get(registration=holder.registration).status == "confirmed"
    assert checked(response, slot(workshops["a"])) == [str(workshops["a"].pk)]


def test_sessions_that_have_begun_cannot_be_changed(client, event):
    started = SessionFactory(event=event, title="Running now")
    holder = register(event, sessions=[started])
    now = timezone.now()
    type(started).objects.filter(pk=started.pk).update(
        starts_at=now - dt.timedelta(minutes=5), ends_at=now + dt.timedelta(hours=1)
    )
    started.refresh_from_db()

    form_page = client.get(manage_url(event, holder.key, "edit"))
    response = client.post(
        reverse(
            "registrations:cancel_session",
            kwargs={"slug": event.slug, "key": holder.key, "session_id": started.pk},
        ),
        follow=True,
    )

    assert "This has already begun." in text(form_page.content.decode())
    field = re.search(rf'<input[^>]*name="{slot(started)}"[^>]*>', form_page.content.decode())
    assert "disabled" in field.group(0)
    assert "“Running now” has already begun" in text(response.content.decode())
    assert Booking.objects.get(session=started).status == "confirmed"


@pytest.mark.parametrize("name", ["Gal·la", "Col·lell", "می\u200cخواهم", "Ñuñoa O'Brien-Smith"])
def test_names_of_any_script_with_their_joiners_are_accepted(client, event, name):
    response = client.post(register_url(event), form_data(event, first_name=name))

    assert private_page(response) == event.slug
    assert Registration.objects.get().first_name == name


def test_control_characters_are_removed_from_free_text(client, event):
    client.post(
        register_url(event), form_data(event, organisation="Region of Crete,\x0bHeraklion\x07")
    )

    assert Registration.objects.get().organisation == "Region of Crete,Heraklion"


def test_look_alike_email_on_edit_is_a_message_not_a_crash(client, event):
    register(event, email="kate@example.org")
    mine = register(event)

    response = client.post(
        manage_url(event, mine.key, "edit"), form_data(event, email="\u212aate@example.org")
    )

    assert response.status_code == 200
    assert "Another registration for this event uses this email address." in field_error(
        response, "email"
    )


def test_too_many_posts_from_one_address_are_refused(client, event, settings):
    settings.REGISTRATION_RATE = "3/h"
    for n in range(3):
        client.post(register_url(event), form_data(event, email=f"bot{n}@example.org"))

    response = client.post(register_url(event), form_data(event, email="bot9@example.org"))

    assert response.status_code == 429
    assert "Too many attempts from your network." in text(response.content.decode())
    assert Registration.objects.count() == 3


def test_same_address_again_and_again_gets_one_link_by_email(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    register(event, email="eleni@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post(register_url(event), form_data(event, email="eleni@example.org"))

    assert OutgoingEmail.objects.filter(kind="private_link").count() == 1


def test_cancelled_registration_page_shows_no_personal_details(client, event):
    result = register(event, allergies="Peanuts", accessibility_needs="Wheelchair")
    client.post(manage_url(event, result.key, "cancel"))

    page = text(client.get(manage_url(event, result.key)).content.decode())

    assert "This registration was cancelled" in page
    assert "Peanuts" not in page
    assert "Wheelchair" not in page


def test_participant_cannot_cancel_once_the_event_has_begun(client, event):
    result = register(event)
    type(event).objects.filter(pk=event.pk).update(starts_on=timezone.localdate())

    response = client.post(manage_url(event, result.key, "cancel"), follow=True)

    assert "The event has begun: to cancel, please write to livinglab@example.org." in text(
        response.content.decode()
    )
    result.registration.refresh_from_db()
    assert result.registration.status == "confirmed"


@pytest.mark.parametrize("country", ["AL", "HR", "FR", "GR", "IT", "PT", "SI", "ES", "DE"])
def test_every_partner_country_can_be_chosen(client, event, country):
    page = client.get(register_url(event)).content.decode()

    response = client.post(register_url(event), form_data(event, country=country))

    assert f'<option value="{country}">' in page
    assert private_page(response) == event.slug
    assert Registration.objects.get().country.code == country


def test_choice_lists_start_with_an_empty_choose_option(client, event):
    page = client.get(register_url(event)).content.decode()

    for name in ("country", "organisation_type", "travel_mode"):
        select = re.search(rf'<select name="{name}".*?</select>', page, flags=re.S).group(0)
        options = re.findall(r'<option value="([^"]*)"', select)
        assert options[0] == ""
        assert options.count("") == (2 if name == "country" else 1)  # and the partners' separator


@pytest.mark.parametrize(
    ("field", "days", "accepted"),
    [
        ("arrival_date", -30, True),
        ("arrival_date", -31, False),
        ("departure_date", 30, True),
        ("departure_date", 31, False),
    ],
)
def test_travel_dates_must_lie_within_30_days_of_the_event(client, event, field, days, accepted):
    edge = event.starts_on if days < 0 else event.ends_on
    date = (edge + dt.timedelta(days=days)).isoformat()

    response = client.post(register_url(event), form_data(event, **{field: date}))

    assert Registration.objects.exists() is accepted
    assert ("Please give a date between" in field_error(response, field)) is not accepted


def test_too_many_edits_from_one_address_are_refused(client, event, settings):
    settings.REGISTRATION_RATE = "3/h"
    result = register(event, first_name="Marija")
    url = manage_url(event, result.key, "edit")
    for n in range(3):
        client.post(url, form_data(event, email=result.registration.email, phone=f"+385 {n}"))

    response = client.post(url, form_data(event, email=result.registration.email, phone="+385 9"))

    assert response.status_code == 429
    assert "Too many attempts from your network." in text(response.content.decode())
    result.registration.refresh_from_db()
    assert result.registration.phone == "+385 2"


def test_changing_only_a_phone_number_keeps_waiting_list_places(client, event, workshops):
    workshops["a"].capacity = 1
    workshops["a"].save()
    register(event, sessions=[workshops["a"]])
    waiting = register(event, sessions=[workshops["a"]])
    url = manage_url(event, waiting.key, "edit")
    data = browser_form(client.get(url))
    data["phone"] = "+30 69 1234 5678"
    before = Booking.objects.get(registration=waiting.registration)

    response = client.post(url, data)

    assert (response.status_code, response["Location"]) == (302, manage_url(event, waiting.key))
    after = Booking.objects.get(registration=waiting.registration)
    assert (after.status, after.queued_at) == ("waitlisted", before.queued_at)


def test_changing_only_a_phone_number_keeps_the_choices_held_for_the_event(
    client, event, workshops
):
    event.capacity = 1
    event.save()
    register(event)
    waiting = register(event, sessions=[workshops["a"]])  # no place yet: the seat is held
    url = manage_url(event, waiting.key, "edit")
    data = browser_form(client.get(url))
    data["phone"] = "+30 69 1234 5678"

    response = client.post(url, data)

    assert (response.status_code, response["Location"]) == (302, manage_url(event, waiting.key))
    assert Booking.objects.get(registration=waiting.registration).status == "pending"

"""Every message, sent through a real SMTP server on loopback, and what happens when it is down."""

import datetime as dt
import io
import logging
import re
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from registrations import outbox, services
from registrations.enums import EmailStatus
from registrations.models import OutgoingEmail, Registration
from tests.factories import EventFactory, PlenaryFactory, SessionFactory, register
from tests.html import private_page, text
from tests.registrations.test_views import form_data
from tests.smtp import Inbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(title="Living Lab +Resilient", capacity=2, location="Aix-en-Provence")
    PlenaryFactory(event=event)
    return event


def workshop(event, **kwargs):
    return SessionFactory(event=event, title="Card game", capacity=1, **kwargs)


def subject(message) -> str:
    # A folded encoded subject parses with a leading space; mail programs do not show it.
    return str(message["Subject"]).strip()


def text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def attached_calendar(message) -> Calendar:
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content())


def test_confirmation_arrives_with_text_html_link_and_agenda(
    inbox, event, django_capture_on_commit_callbacks
):
    card = workshop(event)

    with django_capture_on_commit_callbacks(execute=True):
        result = register(event, sessions=[card], email="eleni@example.org", allergies="Sesame")

    (message,) = inbox.to("eleni@example.org")
    assert subject(message) == "You are registered for Living Lab +Resilient"
    assert message["From"] == "Living Lab <livinglab@example.org>"
    assert message["Content-Language"] == "en"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"] == OutgoingEmail.objects.get().message_id
    text = text_part(message)
    assert "Dear Ελένη," in text
    assert "your place at Living Lab +Resilient is confirmed" in text
    assert "- Card game, " in text
    assert ": seat booked" in text
    assert "allergies: Sesame" in text
    assert f"/r/{result.key}/" in text
    assert f'href="http://127.0.0.1:8000/en/{event.slug}/r/{result.key}/"' in html_part(message)
    agenda = attached_calendar(message)
    titles = sorted(str(e["SUMMARY"]) for e in agenda.walk("VEVENT"))
    assert titles == ["Card game", "Opening plenary"]
    assert [str(tz["TZID"]) for tz in agenda.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert OutgoingEmail.objects.get().status == EmailStatus.SENT


def test_waiting_list_promotion_change_and_cancellation_messages(
    inbox, event, django_capture_on_commit_callbacks
):
    card = workshop(event)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(event, sessions=[card], email="first@example.org")
        register(event, sessions=[card], email="second@example.org")
        register(event, email="third@example.org", preferred_language="fr")
        services.cancel_booking(registration=first.registration, session_id=card.pk)
        services.cancel_registration(registration=first.registration)

    subjects = {m["To"]: [subject(m) for m in inbox.to(m["To"])] for m in inbox.messages}
    assert subjects["first@example.org"] == [
        "You are registered for Living Lab +Resilient",
        "Your sessions at Living Lab +Resilient have changed",
        "Your registration for Living Lab +Resilient is cancelled",
    ]
    assert subjects["second@example.org"] == [
        "You are registered for Living Lab +Resilient",
        "A seat is yours: Card game",
    ]
    assert subjects["third@example.org"] == [
        "Vous êtes sur la liste d’attente de Living Lab +Resilient",
        "Votre place pour Living Lab +Resilient est confirmée",
    ]
    assert "- Card game" in text_part(inbox.to("first@example.org")[1])
    assert "/r/" not in text_part(inbox.to("first@example.org")[2])
    assert inbox.to("third@example.org")[1]["Content-Language"] == "fr"
    waiting_text = text_part(inbox.to("third@example.org")[0])
    assert "vous êtes donc sur la liste d’attente" in waiting_text
    assert "/r/" in waiting_text
    assert not list(inbox.to("third@example.org")[0].iter_attachments())  # no agenda yet
    promoted = inbox.to("third@example.org")[1]
    assert attached_calendar(promoted).walk("VEVENT")


def test_lost_link_form_sends_a_fresh_link_and_answers_the_same_for_strangers(
    client, inbox, event, django_capture_on_commit_callbacks
):
    register(event, email="eleni@example.org")
    OutgoingEmail.objects.all().delete()  # the confirmation is not what this is about
    url = reverse("registrations:lost_link", kwargs={"slug": event.slug})

    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "Eleni@Example.org"}, follow=True)
        unknown = client.post(url, {"email": "nobody@example.org"}, follow=True)
    call_command("send_emails")

    assert known.redirect_chain == unknown.redirect_chain
    assert text(known.content.decode()) == text(unknown.content.decode())
    (message,) = inbox.to("eleni@example.org")
    assert "asked for the link to your registration" in text_part(message)
    link = next(line for line in text_part(message).splitlines() if "/r/" in line)
    assert client.get(link.replace("http://127.0.0.1:8000", "")).status_code == 200
    assert inbox.to("nobody@example.org") == []


def test_lost_link_form_is_rate_limited(client, event, settings):
    settings.LOST_LINK_RATE = "2/h"
    url = reverse("registrations:lost_link", kwargs={"slug": event.slug})
    for n in range(2):
        client.post(url, {"email": f"someone{n}@example.org"})

    response = client.post(url, {"email": "another@example.org"})

    assert response.status_code == 429


def test_reminder_goes_once_to_each_person_with_a_place(inbox, event):
    type(event).objects.filter(pk=event.pk).update(
        starts_on=timezone.localdate() + dt.timedelta(days=2),
        ends_on=timezone.localdate() + dt.timedelta(days=4),
    )
    register(event, email="eleni@example.org")
    register(event, email="marko@example.org", preferred_language="fr")
    register(event, email="waiting@example.org")  # the event holds two

    call_command("send_reminders", "--days", "3")
    call_command("send_reminders", "--days", "3")
    call_command("send_emails")

    reminders = [m for m in inbox.messages if "Living Lab +Resilient (" in subject(m)]
    assert sorted(m["To"] for m in reminders) == ["eleni@example.org", "marko@example.org"]
    french = inbox.to("marko@example.org")[-1]
    assert subject(french).startswith("À bientôt à Living Lab +Resilient")
    assert attached_calendar(french).walk("VEVENT")


def test_organizer_message_reaches_the_selected_people_in_their_language(
    admin_client, inbox, event
):
    english = register(event, email="eleni@example.org").registration
    french = register(event, email="marko@example.org", preferred_language="fr").registration
    url = reverse("admin:registrations_registration_changelist")
    selection = {"action": "send_message", "_selected_action": [english.pk, french.pk]}
    message = {
        "send": "Send",
        "subject_en": "Coach leaves at 13:45",
        "body_en": "Meet at the car park, {first_name}.",
        "subject_fr": "Le car part à 13 h 45",
        "body_fr": "Rendez-vous au parking, {first_name} {last_name}.",
    }
    linked = {"send": "Send", "subject_en": "Your link", "body_en": "Here it is: {link}"}

    form = admin_client.post(url, selection)
    admin_client.post(url, {**selection, **message})
    admin_client.post(url, {**selection, **linked})
    outbox.deliver_due()  # a message to many is left to the worker

    assert "Write a message" in form.content.decode()
    for address, title, greeting, line in [
        ("eleni@example.org", "Coach leaves at 13:45", "Dear Ελένη,", "car park, Ελένη."),
        (
            "marko@example.org",
            "Le car part à 13 h 45",
            "Bonjour Ελένη,",
            "parking, Ελένη Παπαδοπούλου.",
        ),
    ]:
        (plain,) = [m for m in inbox.to(address) if subject(m) == title]
        assert greeting in text_part(plain)
        assert line in text_part(plain)
        # No link unless the organizer wrote one: sending an email never mints one.
        assert "/r/" not in text_part(plain)
        assert "/lost-link/" in text_part(plain)
        # Written in English only: the French reader gets the main language's text.
        (with_link,) = [m for m in inbox.to(address) if subject(m) == "Your link"]
        assert re.search(
            r"Here it is: http://127\.0\.0\.1:8000/\w\w/[\w-]+/r/[\w-]{43}/", text_part(with_link)
        )
        assert "/lost-link/" not in text_part(with_link)
    assert english.access_keys.count() == 2  # the registration's, and the one asked for


def test_mail_server_down_keeps_registrations_and_delivers_later_exactly_once(
    client, inbox, event, django_capture_on_commit_callbacks
):
    inbox.stop()
    card = workshop(event)

    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            client.post(
                reverse("registrations:register", kwargs={"slug": event.slug}),
                form_data(event, email=f"person{n}@example.org", **{slot_name(card): "on"}),
            )
            for n in range(3)
        ]

    assert [r.status_code for r in responses] == [302, 302, 302]
    assert Registration.objects.count() == 3
    waiting = OutgoingEmail.objects.filter(status=EmailStatus.QUEUED)
    assert waiting.count() == 3
    # The first request found the server down; the next ones left the sending to the worker.
    tried = waiting.get(to="person0@example.org")
    assert tried.last_error.startswith("ConnectionRefusedError: ")  # the words are the system's
    assert tried.attempts == 1
    assert set(waiting.exclude(pk=tried.pk).values_list("attempts", flat=True)) == {0}
    call_command("send_emails")  # still down, and not due yet anyway
    assert inbox.messages == []

    inbox.start()
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())  # a minute later
    call_command("send_emails")
    call_command("send_emails")

    assert sorted(m["To"] for m in inbox.messages) == [f"person{n}@example.org" for n in range(3)]
    assert len({m["Message-ID"] for m in inbox.messages}) == 3
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}


def slot_name(session) -> str:
    from program.selectors import Slot

    return Slot(session.starts_at, session.ends_at).key


def test_failures_wait_longer_each_time_then_give_up(inbox, event):
    inbox.stop()
    register(event, email="eleni@example.org")
    queued = OutgoingEmail.objects.get()
    now = timezone.now()

    delays = []
    for _ in range(outbox.MAX_ATTEMPTS):
        OutgoingEmail.objects.update(next_attempt_at=now)
        outbox.deliver_due(now=now)
        queued.refresh_from_db()
        delays.append(queued.next_attempt_at - now)

    assert delays[:4] == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert delays[-1] == outbox.LONGEST_DELAY
    assert queued.status == EmailStatus.FAILED
    assert queued.attempts == outbox.MAX_ATTEMPTS


def test_resend_from_the_admin_sends_a_failed_email(admin_client, inbox, event):
    inbox.stop()
    register(event, email="eleni@example.org")
    failed = OutgoingEmail.objects.get()
    OutgoingEmail.objects.update(status=EmailStatus.FAILED)
    inbox.start()

    admin_client.post(
        reverse("admin:registrations_outgoingemail_changelist"),
        {"action": "resend", "_selected_action": [failed.pk]},
    )
    call_command("send_emails")

    assert [m["To"] for m in inbox.messages] == ["eleni@example.org"]
    failed.refresh_from_db()
    assert failed.status == EmailStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_share_the_messages_and_send_each_once(inbox, postgresql):
    """Three batches' worth: each worker claims a batch while the other sends one."""
    event = EventFactory(capacity=None)
    inbox.stop()
    count = 3 * outbox.BATCH
    for n in range(count):
        register(event, email=f"person{n}@example.org")
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    inbox.start()
    start = threading.Barrier(2)
    sent: list[int] = [0, 0]

    def worker(number: int):
        output = io.StringIO()
        start.wait()
        try:
            call_command("send_emails", stdout=output)
        finally:
            connection.close()  # each thread has its own connection
        sent[number] = sum(int(line.split()[0]) for line in output.getvalue().splitlines())

    threads = [threading.Thread(target=worker, args=[n]) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(m["To"] for m in inbox.messages) == sorted(
        f"person{n}@example.org" for n in range(count)
    )
    assert OutgoingEmail.objects.filter(status=EmailStatus.SENT).count() == count
    assert sum(sent) == count
    assert 0 not in sent, sent  # both workers sent some: neither waited for the other


@pytest.mark.django_db(transaction=True)
def test_a_worker_passes_over_the_messages_another_is_claiming(inbox, postgresql):
    """Another worker holds the first ten messages locked (its claim not yet committed): this
    one takes the next ones without waiting, and leaves those ten alone."""
    event = EventFactory(capacity=None)
    inbox.stop()
    for n in range(30):
        register(event, email=f"person{n:02}@example.org")
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    inbox.start()
    held = list(OutgoingEmail.objects.order_by("next_attempt_at", "pk")[:10])
    locked, done = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                list(OutgoingEmail.objects.filter(pk__in=[e.pk for e in held]).select_for_update())
                locked.set()
                done.wait()
        finally:
            connection.close()

    other = threading.Thread(target=other_worker)
    other.start()
    locked.wait()
    with connection.cursor() as cursor:
        # Waiting for the other worker would fail here at once rather than hang the test.
        cursor.execute("SET lock_timeout = '1s'")
    try:
        sent = outbox.deliver_due()
    finally:
        done.set()
        other.join()

    assert sent == outbox.BATCH
    assert sorted(m["To"] for m in inbox.messages) == [
        f"person{n:02}@example.org" for n in range(10, 10 + outbox.BATCH)
    ]
    assert set(
        OutgoingEmail.objects.filter(pk__in=[e.pk for e in held]).values_list("status", flat=True)
    ) == {EmailStatus.QUEUED}


@pytest.mark.django_db(transaction=True)
def test_registration_over_http_succeeds_while_the_mail_server_is_down(client, inbox, postgresql):
    """On PostgreSQL with real commits: the change is saved, the email waits, then leaves once."""
    event = EventFactory(capacity=5)
    inbox.stop()

    response = client.post(
        reverse("registrations:register", kwargs={"slug": event.slug}),
        form_data(event, email="eleni@example.org"),
    )

    assert private_page(response) == event.slug
    assert Registration.objects.filter(email="eleni@example.org").exists()
    assert OutgoingEmail.objects.get().status == EmailStatus.QUEUED
    inbox.start()
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    call_command("send_emails")
    call_command("send_emails")
    assert [m["To"] for m in inbox.messages] == ["eleni@example.org"]


class Refusing(Inbox):
    """A server that refuses some recipients, temporarily (4xx) or for good (5xx)."""

    def __init__(self, codes: dict[str, str]) -> None:
        super().__init__()
        self.codes = codes

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.codes:
            return self.codes[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def refusing(inbox):
    inbox.stop()
    server = Refusing(
        {"grey@example.org": "450 4.7.1 Greylisted", "gone@example.org": "550 No such user"}
    )
    server.port = inbox.port
    server.start()
    yield server
    server.stop()


def test_temporary_refusal_waits_and_permanent_refusal_gives_up(refusing, event):
    register(event, email="grey@example.org")
    register(event, email="gone@example.org")
    register(EventFactory(), email="fine@example.org")

    outbox.deliver_due()

    statuses = dict(OutgoingEmail.objects.values_list("to", "status"))
    assert statuses == {
        "grey@example.org": EmailStatus.QUEUED,
        "gone@example.org": EmailStatus.FAILED,
        "fine@example.org": EmailStatus.SENT,
    }
    assert [m["To"] for m in refusing.messages] == ["fine@example.org"]


def test_a_message_that_cannot_be_written_fails_alone(inbox, event):
    register(event, email="first@example.org")
    register(EventFactory(), email="last@example.org")
    bad = OutgoingEmail.objects.get(to="first@example.org")
    OutgoingEmail.objects.filter(pk=bad.pk).update(to="a@\ufffd.com")

    call_command("send_emails")

    bad.refresh_from_db()
    assert bad.status == EmailStatus.FAILED
    assert "Error" in bad.last_error
    assert [m["To"] for m in inbox.messages] == ["last@example.org"]


def test_private_links_are_removed_from_a_message_given_up(refusing, event):
    result = register(event, email="gone@example.org")
    queued = OutgoingEmail.objects.get()
    assert result.key in queued.body_text

    outbox.deliver_due()

    queued.refresh_from_db()
    assert queued.status == EmailStatus.FAILED
    assert result.key not in queued.body_text
    assert result.key not in queued.body_html
    assert f"/{event.slug}/r/…" in queued.body_text


def test_reminders_go_only_for_published_events_starting_within_the_days_given():
    today = timezone.localdate()
    starting = {
        "in 3 days": EventFactory(),
        "in 4 days": EventFactory(),
        "draft in 2 days": EventFactory(is_published=False),
        "begun yesterday": EventFactory(),
    }
    for name, event in starting.items():
        register(event, email=f"{name.replace(' ', '-')}@example.org")
    for name, days in [
        ("in 3 days", 3),
        ("in 4 days", 4),
        ("draft in 2 days", 2),
        ("begun yesterday", -1),
    ]:
        first = today + dt.timedelta(days=days)
        type(starting[name]).objects.filter(pk=starting[name].pk).update(
            starts_on=first, ends_on=first + dt.timedelta(days=2)
        )

    call_command("send_reminders", "--days", "3", stdout=io.StringIO())

    reminded = OutgoingEmail.objects.filter(kind="reminder").values_list("to", flat=True)
    assert list(reminded) == ["in-3-days@example.org"]


def test_private_links_are_removed_from_a_message_once_it_has_left(inbox, event):
    result = register(event, email="eleni@example.org")
    queued = OutgoingEmail.objects.get()
    assert result.key in queued.body_text

    call_command("send_emails")

    queued.refresh_from_db()
    assert result.key in text_part(inbox.messages[0])
    assert result.key not in queued.body_text
    assert result.key not in queued.body_html
    assert f"/{event.slug}/r/…" in queued.body_text


def test_a_message_cut_off_while_sending_is_not_sent_again_by_itself(inbox, event):
    key = register(event, email="eleni@example.org").key
    long_ago = timezone.now() - dt.timedelta(hours=1)
    OutgoingEmail.objects.update(status=EmailStatus.SENDING, claimed_at=long_ago)

    call_command("send_emails")

    stranded = OutgoingEmail.objects.get()
    assert stranded.status == EmailStatus.FAILED
    assert "may have left" in stranded.last_error
    assert inbox.messages == []
    assert key not in stranded.body_text + stranded.body_html
    assert f"/{event.slug}/r/…/" in stranded.body_text


def test_a_message_given_up_keeps_no_link(refusing, event):
    key = register(event, email="gone@example.org").key

    outbox.deliver_due()

    failed = OutgoingEmail.objects.get()
    assert failed.status == EmailStatus.FAILED
    assert key not in failed.body_text + failed.body_html


def test_outbox_warnings_name_the_message_and_the_error_code_only(refusing, event, caplog):
    register(event, email="gone@example.org")
    caplog.set_level(logging.WARNING, logger="registrations.outbox")

    outbox.deliver_due()

    gone = OutgoingEmail.objects.get()
    assert [r.getMessage() for r in caplog.records] == [
        f"email {gone.pk} not sent (attempt 1): SMTPRecipientsRefused 550"
    ]


def test_send_again_gives_a_sent_message_a_fresh_working_link(admin_client, client, inbox, event):
    registration = register(event, email="eleni@example.org").registration
    call_command("send_emails")
    sent = OutgoingEmail.objects.get()
    assert "/r/…/" in sent.body_text  # its link was removed once it left

    admin_client.post(
        reverse("admin:registrations_outgoingemail_changelist"),
        {"action": "resend", "_selected_action": [sent.pk]},
    )
    call_command("send_emails")

    first, again = inbox.to("eleni@example.org")
    assert subject(again) == subject(first)
    assert again["Message-ID"] != first["Message-ID"]
    link = next(line for line in text_part(again).splitlines() if "/r/" in line)
    assert client.get(link.replace("http://127.0.0.1:8000", "")).status_code == 200
    assert f'href="{link}"' in html_part(again)
    assert registration.access_keys.count() == 2
    copies = OutgoingEmail.objects.values_list("status", "body_text")
    assert [(status, "/r/…/" in body) for status, body in copies] == [(EmailStatus.SENT, True)] * 2


def test_send_again_refuses_a_removed_link_whose_registration_is_gone(admin_client, inbox, event):
    register(event, email="eleni@example.org")
    call_command("send_emails")
    sent = OutgoingEmail.objects.get()
    OutgoingEmail.objects.update(registration=None)

    response = admin_client.post(
        reverse("admin:registrations_outgoingemail_changelist"),
        {"action": "resend", "_selected_action": [sent.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        f"{sent.subject}: The registration of this email no longer exists: its link cannot be "
        "renewed.",
        "0 emails queued again; they are sent as soon as the mail server responds.",
    ]
    assert OutgoingEmail.objects.count() == 1


def test_after_a_failure_requests_leave_sending_to_the_worker(
    inbox, event, django_capture_on_commit_callbacks
):
    inbox.stop()
    with django_capture_on_commit_callbacks(execute=True):
        register(event, email="first@example.org")
    inbox.start()

    with django_capture_on_commit_callbacks(execute=True):
        register(event, email="second@example.org")

    assert inbox.messages == []  # the request did not try again so soon
    assert OutgoingEmail.objects.get(to="second@example.org").attempts == 0
    call_command("send_emails")
    assert [m["To"] for m in inbox.messages] == ["second@example.org"]


def test_the_lost_link_email_is_left_to_the_worker(
    client, inbox, event, django_capture_on_commit_callbacks
):
    register(event, email="eleni@example.org")
    OutgoingEmail.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("registrations:lost_link", kwargs={"slug": event.slug}),
            {"email": "eleni@example.org"},
        )

    assert inbox.messages == []
    call_command("send_emails")
    assert [m["To"] for m in inbox.messages] == ["eleni@example.org"]


def test_organizer_sends_a_fresh_link_that_works(admin_client, client, inbox, event):
    registration = register(event, email="eleni@example.org").registration
    OutgoingEmail.objects.all().delete()

    admin_client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "send_link", "_selected_action": [registration.pk]},
    )
    call_command("send_emails")

    (message,) = inbox.to("eleni@example.org")
    link = next(line for line in text_part(message).splitlines() if "/r/" in line)
    assert client.get(link.replace("http://127.0.0.1:8000", "")).status_code == 200

"""Private links: whoever reads the registered mailbox can take a registration back from whoever
registered first with their address; links expire some weeks after the event; every link that
opens nothing gives the same 404."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from registrations import services
from registrations.models import AccessKey, OutgoingEmail, Registration
from tests.factories import EventFactory, register
from tests.html import text
from tests.registrations.test_views import form_data, manage_url, register_url

pytestmark = pytest.mark.django_db

TAKE_BACK = "This is my registration: close every other link"


def emailed_key() -> str:
    """The secret of the fresh link waiting in the outbox (the worker sends it)."""
    email = OutgoingEmail.objects.filter(kind="private_link").latest("pk")
    return re.search(r"/r/([\w-]{43})/", email.body_text).group(1)


def test_the_mailbox_owner_takes_the_registration_back_from_an_impostor(client, settings):
    event = EventFactory()
    # The impostor registers first with someone else's address and keeps link A.
    impostor = client.post(register_url(event), form_data(event, email="ana@example.org"))
    link_a = impostor["Location"]
    # The real Ana tries to register, is told to check her inbox, and gets link B by email.
    client.post(register_url(event), form_data(event, email="ana@example.org", first_name="Ana"))
    key_b = emailed_key()
    page_b = text(client.get(manage_url(event, key_b)).content.decode())
    # Until she takes it back, A sees all she adds.
    data = form_data(
        event,
        email="ana@example.org",
        phone="+385 91 123 4567",
        accessibility_needs="Wheelchair user",
        allergies="Peanuts",
        health_consent="on",
    )
    client.post(manage_url(event, key_b, "edit"), data)
    seen_by_a = text(client.get(link_a).content.decode())

    taken = client.post(manage_url(event, key_b, "take_back"), follow=True)

    assert TAKE_BACK in page_b
    assert TAKE_BACK not in text(client.get(manage_url(event, key_b)).content.decode())
    assert "Peanuts" in seen_by_a  # the problem the take-back solves
    assert "One other link was closed" in text(taken.content.decode())
    assert client.get(link_a).status_code == 404
    assert client.post(link_a + "cancel/").status_code == 404
    assert client.get(manage_url(event, key_b)).status_code == 200
    assert Registration.objects.get().status == "confirmed"


def test_a_link_shown_on_screen_cannot_take_a_registration_back(client):
    event = EventFactory()
    person = register(event)
    services.send_fresh_link(registration=person.registration)

    page = text(client.get(manage_url(event, person.key)).content.decode())
    response = client.post(manage_url(event, person.key, "take_back"))

    assert TAKE_BACK not in page
    assert response.status_code == 404
    assert AccessKey.objects.filter(revoked_at__isnull=True).count() == 2


def test_a_mailbox_link_loses_its_power_when_the_address_changes(client):
    event = EventFactory()
    person = register(event, email="ana@example.org")
    services.send_fresh_link(registration=person.registration)
    key_b = emailed_key()
    # Whoever holds A moves the registration to their own address.
    client.post(manage_url(event, person.key, "edit"), form_data(event, email="mine@example.org"))

    response = client.post(manage_url(event, key_b, "take_back"))

    assert response.status_code == 404
    assert client.get(manage_url(event, person.key)).status_code == 200


def not_found(client, url: str) -> tuple[int, str]:
    """The answer, but for its own address (in the links to the page in other languages)."""
    response = client.get(url)
    return response.status_code, response.content.decode().replace(url[len("/en") :], "…")


def test_wrong_unknown_expired_and_revoked_links_give_the_same_404(client, settings):
    settings.PRIVATE_LINK_DAYS = 30
    over = timezone.localdate() - dt.timedelta(days=33)  # ended 31 days ago
    past = EventFactory(starts_on=over)
    current = EventFactory()
    expired = register(past)
    revoked = register(current)
    services.revoke_links(registration=revoked.registration)
    live = register(current)
    settings.PRIVATE_LINK_DAYS = 31
    still_open = client.get(manage_url(past, expired.key)).status_code
    settings.PRIVATE_LINK_DAYS = 30

    answers = {
        "expired": not_found(client, manage_url(past, expired.key)),
        "expired feed": not_found(
            client,
            f"/en/{past.slug}/agenda/{services.calendar_key(expired.key)}.ics",
        ),
        "revoked": not_found(client, manage_url(current, revoked.key)),
        "unknown": not_found(client, manage_url(current, "A" * 43)),
        "wrong event": not_found(client, manage_url(past, live.key)),
        "tampered": not_found(client, manage_url(current, live.key[:-1] + "x")),
    }

    assert still_open == 200
    assert {status for status, _page in answers.values()} == {404}
    assert len({page for _status, page in answers.values()}) == 1
    assert client.get(manage_url(current, live.key)).status_code == 200

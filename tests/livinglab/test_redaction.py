"""Private-link secrets never reach the logs, whatever logs them."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import EventFactory, register

pytestmark = pytest.mark.django_db


def test_refused_requests_on_private_links_are_logged_without_the_secret(client, settings, caplog):
    event = EventFactory()
    key = register(event).key
    edit = reverse("registrations:edit", kwargs={"slug": event.slug, "key": key})
    feed = reverse("registrations:agenda", kwargs={"slug": event.slug, "key": "x" * 43})
    settings.REGISTRATION_RATE = "1/h"
    caplog.set_level(logging.WARNING)

    refused = Client(enforce_csrf_checks=True).post(edit)
    client.post(edit)
    limited = client.post(edit)
    missing = client.get(feed)

    assert [refused.status_code, limited.status_code, missing.status_code] == [403, 429, 404]
    assert [(r.name, r.getMessage()) for r in caplog.records] == [
        ("django.security.csrf", f"Forbidden (CSRF cookie not set.): /en/{event.slug}/r/…/edit/"),
        ("django.request", f"Too Many Requests: /en/{event.slug}/r/…/edit/"),
        ("django.request", f"Not Found: /en/{event.slug}/agenda/….ics"),
    ]
    assert all(r.args == () for r in caplog.records)


def test_a_secret_in_a_traceback_is_redacted(caplog):
    key = "k" * 43

    try:
        raise ValueError(f"no page at /event/r/{key}/")
    except ValueError:
        logging.getLogger("livinglab").exception("failed")

    assert key not in caplog.text
    assert "ValueError: no page at /event/r/…/" in caplog.text

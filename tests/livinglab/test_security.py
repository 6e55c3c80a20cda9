"""What keeps strangers out: production settings, rate limits on every public post counted by
the client's real address, the admin's sign-in against guessing."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache
from django.db import connection
from django.urls import reverse
from django.utils import translation

from registrations import services
from registrations.models import OutgoingEmail
from tests.factories import EventFactory, SessionFactory, register
from tests.html import text
from tests.registrations.test_views import form_data, manage_url, register_url

ROOT = Path(__file__).resolve().parents[2]
# The environment the README's "Production" section documents.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "x9Qz" * 14,
    "ALLOWED_HOSTS": "livinglab.example.org",
    "DATABASE_URL": "postgres://livinglab:secret@db:5432/livinglab",
    "SITE_URL": "https://livinglab.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://livinglab.example.org",
    "EMAIL_URL": "smtp+tls://user:password@smtp.example.org:587",
    "BEHIND_PROXY": "1",
}


def manage_py(*args: str, **environment: str) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**keep, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_the_documented_production_environment():
    result = manage_py("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_control_deploy_check_fails_without_https_redirect():
    result = manage_py(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, SECURE_SSL_REDIRECT="0"
    )

    assert result.returncode == 1
    assert "security.W008" in result.stderr


def test_a_cache_that_each_worker_keeps_alone_is_refused():
    result = manage_py("check", **PRODUCTION, CACHE_URL="locmemcache://")

    assert result.returncode == 1
    assert "CACHE_URL must name a cache every worker shares" in result.stderr


# -- the client's address -----------------------------------------------------------------------


def lost_link_posts(client, event, n: int, headers) -> list[int]:
    url = reverse("registrations:lost_link", kwargs={"slug": event.slug})
    return [
        client.post(url, {"email": f"x{i}@example.org"}, **headers(i)).status_code for i in range(n)
    ]


@pytest.mark.django_db
def test_a_direct_request_cannot_choose_its_address_with_x_forwarded_for(client, settings):
    settings.BEHIND_PROXY = True
    settings.LOST_LINK_RATE = "3/h"
    event = EventFactory()

    direct = lost_link_posts(
        client,
        event,
        5,
        headers=lambda i: {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": f"10.0.0.{i}"},
    )
    cache.clear()
    proxied = lost_link_posts(
        client,
        event,
        5,
        headers=lambda i: {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": f"10.0.0.{i}"},
    )

    assert direct == [302, 302, 302, 429, 429]
    assert proxied == [302] * 5  # the proxy's word counts: five different clients


# -- every public post -------------------------------------------------------------------------


def public_posts(event) -> dict[str, tuple[str, dict]]:
    """Every form a visitor or a participant can post, with what makes a valid post."""
    workshop = SessionFactory(event=event)
    person = register(event, sessions=[workshop], needs_invitation_letter=True)
    services.send_fresh_link(registration=person.registration)
    key = person.key
    letter = {
        "passport_name": "ANA KOVAC",
        "nationality": "HR",
        "passport_number": "X123",
        "date_of_birth": "1980-01-01",
    }
    return {
        "register": (register_url(event), form_data(event, email="new@example.org")),
        "lost link": (
            reverse("registrations:lost_link", kwargs={"slug": event.slug}),
            {"email": "a@example.org"},
        ),
        "edit": (manage_url(event, key, "edit"), form_data(event, email=person.registration.email)),
        "letter": (manage_url(event, key, "letter_request"), letter),
        "cancel session": (
            reverse(
                "registrations:cancel_session",
                kwargs={"slug": event.slug, "key": key, "session_id": workshop.pk},
            ),
            {},
        ),
        "take back": (manage_url(event, key, "take_back"), {}),
        "erase": (manage_url(event, key, "erase"), {}),
        "cancel": (manage_url(event, key, "cancel"), {}),
    }


with translation.override("fr"):
    TOO_MANY_IN_FRENCH = translation.gettext(
        "Too many attempts from your network. Please try again in an hour."
    )


@pytest.mark.django_db
def test_every_public_post_is_limited_with_a_page_in_the_visitors_language(client, settings):
    settings.REGISTRATION_RATE = settings.LOST_LINK_RATE = "1/h"
    event = EventFactory()

    for name, (url, data) in public_posts(event).items():
        cache.clear()
        client.post(url, data)
        french = "/fr" + url[len("/en") :]
        refused = client.post(french, data)

        assert refused.status_code == 429, name
        page = refused.content.decode()
        assert '<html lang="fr">' in page, name
        assert TOO_MANY_IN_FRENCH in text(page), name


@pytest.mark.django_db
def test_limited_posts_change_nothing(client, settings):
    settings.REGISTRATION_RATE = "0/h"
    event = EventFactory()
    person = register(event)

    response = client.post(manage_url(event, person.key, "erase"))

    assert response.status_code == 429
    assert "Too many attempts" in text(response.content.decode())
    person.registration.refresh_from_db()
    assert OutgoingEmail.objects.count() == 1


# -- the cache every worker shares -------------------------------------------------------------


def count_at_once(threads: int, each: int) -> int:
    cache.set("counter", 0, 60)
    start = threading.Barrier(threads)

    def count():
        start.wait()
        for _ in range(each):
            cache.incr("counter")
        connection.close()  # each thread's own

    runners = [threading.Thread(target=count) for _ in range(threads)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    return cache.get("counter")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("postgresql")
def test_the_database_cache_counts_every_increment_made_at_once():
    assert count_at_once(threads=12, each=10) == 120


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("postgresql")
def test_control_django_s_own_increment_loses_some(monkeypatch):
    monkeypatch.setattr(type(caches["default"]), "incr", BaseCache.incr)

    assert count_at_once(threads=12, each=10) < 120


# -- the admin's sign-in -------------------------------------------------------------------------


@pytest.mark.django_db
def test_two_hundred_wrong_passwords_do_not_lead_to_a_sign_in_with_the_right_one(client):
    User.objects.create_superuser("marie", "marie@example.org", "the-right-one-2026")
    url = reverse("admin:login")

    answers = {
        client.post(url, {"username": "marie", "password": f"guess{n}"}).status_code
        for n in range(200)
    }
    right = client.post(url, {"username": "marie", "password": "the-right-one-2026"})

    assert answers == {200, 429}
    assert right.status_code == 429
    assert "Sign-in closed for an hour" in text(right.content.decode())
    assert client.get(reverse("admin:index")).status_code == 302  # still signed out


@pytest.mark.django_db
def test_the_lockout_is_explained_in_the_organizer_s_language(client):
    User.objects.create_superuser("marie", "marie@example.org", "the-right-one-2026")
    url = reverse("admin:login")
    for n in range(10):
        client.post(url, {"username": "marie", "password": f"guess{n}"})

    page = client.post(
        url, {"username": "marie", "password": "x"}, HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()

    assert '<html lang="fr"' in page
    assert "axes_reset_username" in page

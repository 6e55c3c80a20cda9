import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.utils import translation

from tests.database import ThrowawayServer
from tests.smtp import Inbox

CHROMIUM = "/usr/bin/chromium"

# The live test server listens with a backlog of 10, and a rush of 32 people overflows it; a real
# server (gunicorn: 2048) would queue them.
WSGIServer.request_queue_size = 128


def require(condition: bool, reason: str) -> None:
    """Skip a test that needs what this machine lacks, except in CI, where it must fail."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run everything: {reason}")
    pytest.skip(reason)  # outside CI only: with CI=true the line above fails the test


@pytest.fixture
def postgresql():
    require(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def database_server(postgresql):
    """The run's throwaway PostgreSQL, to stop and restart; running again after the test."""
    ctl = os.environ.get("LIVINGLAB_TEST_PG_CTL")
    require(ctl is not None, "needs the throwaway PostgreSQL of scripts/with-postgres")
    server = ThrowawayServer(ctl)
    yield server
    if not server.running:
        server.start()


@pytest.fixture
def inbox(settings):
    """A real SMTP server on loopback, where the site sends its emails."""
    server = Inbox()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(shutil.which(CHROMIUM) is not None, f"needs Chromium at {CHROMIUM}")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Rate limits and throttles live in the cache, which is the database's: each test that
    uses the database starts with none used."""
    uses_database = request.node.get_closest_marker("django_db") or (
        DATABASE_FIXTURES & set(request.fixturenames)
    )
    if uses_database:
        request.getfixturevalue("django_db_setup")
        with request.getfixturevalue("django_db_blocker").unblock():
            cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's default language: a request in French leaves the test's
    thread in French, and addresses now carry their language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)

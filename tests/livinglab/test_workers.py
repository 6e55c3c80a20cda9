"""Limits hold across gunicorn's worker processes: they count in the cache every worker shares.

Posts are made at the same instant from many connections, so that all four workers answer some
of them. The control runs the same rush on a cache each process keeps for itself.
"""

import pytest
from django.urls import reverse

from registrations.models import OutgoingEmail
from tests.factories import EventFactory, register
from tests.gunicorn import Gunicorn
from tests.registrations.test_concurrency import at_once

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql")]
WORKERS = 4


def lost_link_rush(url: str, event, addresses: list[str]) -> list[int]:
    page = url + reverse("registrations:lost_link", kwargs={"slug": event.slug})

    def step(address):
        def load(browser):
            token = browser.get_form(page)
            return lambda: browser.post(page, {"csrfmiddlewaretoken": token, "email": address})[0]

        return load

    return at_once([step(address) for address in addresses])


def test_the_lost_link_limit_accepts_exactly_ten_across_four_workers(tmp_path):
    event = EventFactory()

    with Gunicorn(workers=WORKERS, log=tmp_path / "gunicorn.log") as url:
        answers = lost_link_rush(url, event, [f"guess{n}@example.org" for n in range(30)])

    assert sorted(answers) == [200] * 10 + [429] * 20


def test_control_a_cache_per_process_lets_each_worker_count_alone(tmp_path):
    event = EventFactory()

    with Gunicorn(
        workers=WORKERS, log=tmp_path / "gunicorn.log", DEBUG="1", CACHE_URL="locmemcache://"
    ) as url:
        answers = lost_link_rush(url, event, [f"guess{n}@example.org" for n in range(30)])

    assert answers.count(200) > 10


def test_one_link_per_address_for_ten_posts_across_four_workers(tmp_path):
    event = EventFactory()
    person = register(event, email="eleni@example.org")

    with Gunicorn(workers=WORKERS, log=tmp_path / "gunicorn.log") as url:
        answers = lost_link_rush(url, event, ["eleni@example.org"] * 10)

    assert answers == [200] * 10  # "check your inbox", every time
    links = OutgoingEmail.objects.filter(kind="private_link", registration=person.registration)
    assert links.count() == 1

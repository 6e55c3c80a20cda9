"""The back office on an organizer's laptop: nothing spills out of its box."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.e2e.test_phone import SHOTS
from tests.pages import build_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, live_server, admin_user) -> None:
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill(admin_user.username)
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()


def test_dashboard_gauges_stay_inside_their_tables(live_server, page: Page, admin_user):
    event, _small = build_event()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, admin_user)

    page.goto(live_server.url + reverse("admin:program_event_dashboard", args=[event.pk]))

    spilling = page.evaluate(
        """() => [...document.querySelectorAll('meter')].filter(m =>
            m.getBoundingClientRect().right > m.closest('table').getBoundingClientRect().right
            || m.getBoundingClientRect().right > m.closest('td').getBoundingClientRect().right + 1
        ).length"""
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "en-1366-dashboard.png", full_page=True)
    assert page.locator("meter").count() >= 3
    assert spilling == 0

"""Every page reads on a phone: nothing scrolls sideways at 320 or 390 pixels, in every
language of the site (Greek, Croatian and Slovenian have the longest words). Screenshots in
English, French and Greek land in test-results/screenshots/ for a person to see."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page

from tests.pages import build_event, door_pages, pages, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
WIDTHS = [320, 390]
# Languages whose screenshots are kept for a person to look at (each costs a full-page capture).
SHOWN = {"en", "fr", "el"}


def too_wide(page: Page) -> list[str]:
    """What sticks out of the screen: the page's own width, then the elements responsible."""
    return page.evaluate(
        """() => {
          const width = window.innerWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          const out = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 0.5)
            .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))
            .slice(0, 8);
          return [`page ${document.documentElement.scrollWidth}px wide`, ...out];
        }"""
    )


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_no_page_scrolls_sideways_on_a_phone(live_server, page: Page, language):
    event, small = build_event()
    addresses = {**pages(event, small), **door_pages()}
    staff = Client()
    staff.force_login(staff_member())
    session = staff.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {"name": "django_language", "value": language, "url": live_server.url},
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
        ]
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for name, url in addresses.items():
            page.goto(live_server.url + url)
            if name == "register":  # the form as it comes back with every error shown
                page.locator("form.registration-form button[type=submit]").click()
            if language in SHOWN:
                page.screenshot(path=SHOTS / f"{language}-{width}-{name}.png", full_page=True)
            if wide := too_wide(page):
                problems[f"{width}px {name}"] = wide
    assert problems == {}

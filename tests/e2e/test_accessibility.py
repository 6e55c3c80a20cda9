"""Every public and private page, in every language, at desktop and phone sizes: no axe-core
violation of any impact (the form with all its errors too), a visible focus indicator on every
element the keyboard reaches, and a registration, a change and a cancellation made with the
keyboard alone (issue 8). Screenshots of every page in every language land in
test-results/screenshots/ for a person to look at."""

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from registrations.models import Registration
from tests.conftest import require
from tests.e2e.a11y import (
    AXE,
    axe_violations,
    choose_radio,
    follow,
    tab_to,
    weak_focus_indicators,
)
from tests.e2e.test_phone import SHOTS
from tests.pages import build_event, pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected into pages whose policy allows only the site's own scripts.
    return {**browser_context_args, "bypass_csp": True}


def in_language(url: str, code: str) -> str:
    return f"/{code}/{url.split('/', 2)[2]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_has_an_accessibility_violation(live_server, page: Page, language):
    require(AXE.exists(), "needs axe-core: run `make test-tools`")
    event, small = build_event()
    addresses = pages(event, small)
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        for name, url in addresses.items():
            page.goto(live_server.url + in_language(url, language))
            if name == "register":  # the form as it comes back with every error shown
                page.locator("form.registration-form button[type=submit]").click()
            page.screenshot(path=SHOTS / f"{language}-{size}-{name}.png", full_page=True)
            if found := axe_violations(page):
                problems[f"{size} {name}"] = found
    assert problems == {}


@pytest.mark.parametrize("size", list(SIZES))
def test_the_focus_can_be_seen_on_every_stop(live_server, page: Page, size):
    event, small = build_event()
    page.set_viewport_size(SIZES[size])
    weak = {}
    for name, url in pages(event, small).items():
        page.goto(live_server.url + url)
        if found := weak_focus_indicators(page):
            weak[name] = found
    assert weak == {}


def test_the_keyboard_alone_registers_changes_and_cancels(live_server, page: Page):
    """In Greek, without a mouse: the form, the errors, a change of workshop, a cancellation."""
    event, _small = build_event()
    page.goto(f"{live_server.url}/el/{event.slug}/register/")
    page.keyboard.press("Tab")  # the skip link comes first
    page.keyboard.press("Enter")  # the same page: no navigation
    tab_to(page, "form.registration-form button[type=submit]")
    follow(page)
    expect(page.get_by_role("alert")).to_be_visible()  # the error summary, announced
    expect(page.locator(".error-summary")).to_be_focused()

    for name, typed in [
        ("first_name", "Ελένη"),
        ("last_name", "Παπαδοπούλου"),
        ("email", "eleni@example.org"),
        ("organisation", "Περιφέρεια Κρήτης"),
        (event.questions.get(required=True).key, "Συντονίστρια"),
    ]:
        tab_to(page, f"[name={name}]")
        page.keyboard.type(typed)
    for name, key in [("organisation_type", "ArrowDown"), ("country", "ArrowDown")]:
        tab_to(page, f"[name={name}]")
        page.keyboard.press(key)
        page.keyboard.press(key)
    card_game = event.sessions.get(title__startswith="Card")
    choose_radio(page, "[name^=slot_]", str(card_game.pk))
    tab_to(page, "[name=privacy_consent]")
    page.keyboard.press("Space")
    tab_to(page, "form.registration-form button[type=submit]")
    follow(page)

    expect(page.locator("#private-link")).to_be_visible()
    person = Registration.objects.get(email="eleni@example.org")
    assert person.bookings.get().session == card_game

    tab_to(page, "a[href$='/edit/']")
    follow(page)
    visit = event.sessions.get(title__startswith="Coach")
    choose_radio(page, "[name^=slot_]", "")  # "none of these" for the parallel workshops
    tab_to(page, f"#id_slot_{visit.starts_at:%Y}" if False else "input[data-title^='Coach']")
    page.keyboard.press("Space")
    tab_to(page, "form.registration-form button[type=submit]")
    follow(page)
    expect(page.locator(".booking-list")).to_contain_text("Coach")

    tab_to(page, "a.btn-outline-danger:not(.btn-sm)")  # the whole registration, not a session
    follow(page)
    tab_to(page, "button.btn-danger")
    follow(page)
    expect(page.locator(".status-line .badge")).to_be_visible()
    person.refresh_from_db()
    assert person.status == "cancelled"

"""An organizer sets up next year's edition from this year's, in the admin, in a real browser:
every click and every field typed is counted, and the time the flow takes is measured.

What a person needs is estimated from those counts, generously (see PERSON_SECONDS): a
browser is faster than anyone, so its own time only proves that nothing in the flow waits.
The README's "Setting up an event" gives the figures."""

import datetime as dt
import time
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from program.models import Event
from tests.e2e.test_phone import SHOTS
from tests.factories import PARIS, EventFactory, QuestionFactory, SessionFactory, paris, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What each step costs a person who does it for the first time, reading the page: typing a
# field (finding it, reading its help, typing), a click (finding the button), a page that loads
# and has to be read before the next step.
PERSON_SECONDS = {"field": 20, "click": 6, "page": 10}
FIVE_MINUTES = 5 * 60


@dataclass
class Steps:
    fields: int = 0
    clicks: int = 0
    pages: int = 0

    def person_seconds(self) -> int:
        return sum(getattr(self, kind + "s") * cost for kind, cost in PERSON_SECONDS.items())


@pytest.fixture
def edition_2026():
    """The 2026 edition: three days, five sessions (two workshops side by side), a question."""
    starts_on = timezone.localdate() + dt.timedelta(days=40)
    event = EventFactory(
        slug="living-lab-2026",
        title_en="Living Lab 2026",
        title_fr="Laboratoire vivant 2026",
        starts_on=starts_on,
        registration_opens_at=paris(timezone.localdate() - dt.timedelta(days=10), 9),
        registration_closes_at=paris(starts_on - dt.timedelta(days=2), 0),
    )
    day = starts_on
    for title, start, end, kind, seats in [
        ("Opening plenary", (9, 30), (11, 15), "plenary", None),
        ("Card game", (14, 0), (16, 0), "workshop", 12),
        ("Capitalising pilot actions", (14, 0), (16, 0), "workshop", 15),
        ("Lunch", (12, 0), (13, 15), "meal", None),
        ("Coach visit", (9, 30), (12, 0), "site_visit", 30),
    ]:
        SessionFactory(
            event=event,
            title_en=title,
            kind=kind,
            requires_booking=kind != "plenary",
            capacity=seats,
            starts_at=paris(day + dt.timedelta(days=kind == "site_visit"), *start),
            ends_at=paris(day + dt.timedelta(days=kind == "site_visit"), *end),
        )
    QuestionFactory(event=event, label_en="Your pilot action", kind="short_text")
    register(event)
    return event


def test_next_years_edition_is_set_up_in_minutes(live_server, page: Page, edition_2026):
    User.objects.create_superuser("organizer", "organizer@example.org", "password")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill("organizer")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    next_day = edition_2026.starts_on + dt.timedelta(days=364)  # the same weekday
    steps = Steps()
    started = time.monotonic()

    page.goto(live_server.url + reverse("admin:program_event_changelist"))
    steps.pages += 1
    page.get_by_role("link", name="Living Lab 2026").click()
    steps.clicks, steps.pages = steps.clicks + 1, steps.pages + 1
    page.get_by_role("link", name="Copy this event").click()
    steps.clicks, steps.pages = steps.clicks + 1, steps.pages + 1
    page.get_by_label("Short name of the new edition").fill("living-lab-2027")
    page.get_by_label("Its first day").fill(next_day.isoformat())
    page.get_by_label("Its title").fill("Living Lab 2027")
    steps.fields += 3
    page.screenshot(path=SHOTS / "en-1366-copy-event.png", full_page=True)
    page.get_by_role("button", name="Make the new edition").click()
    steps.clicks, steps.pages = steps.clicks + 1, steps.pages + 1
    expect(page.get_by_text("The new edition is a draft")).to_be_visible()
    # The French title still says 2026: open its language and correct it.
    page.get_by_text("Texts in français").first.click()
    page.locator("#id_title_fr").fill("Laboratoire vivant 2027")
    page.get_by_label("published").check()
    steps.fields, steps.clicks = steps.fields + 1, steps.clicks + 2
    page.screenshot(path=SHOTS / "en-1366-new-edition.png", full_page=True)
    page.get_by_role("button", name="Save", exact=True).click()
    steps.clicks, steps.pages = steps.clicks + 1, steps.pages + 1
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    browser_seconds = time.monotonic() - started

    edition = Event.objects.get(slug="living-lab-2027")
    assert (edition.title_en, edition.title_fr) == ("Living Lab 2027", "Laboratoire vivant 2027")
    assert edition.is_published
    assert (edition.starts_on, edition.registrations.count()) == (next_day, 0)
    moved = [
        timezone.localtime(s.starts_at, PARIS).replace(tzinfo=None)
        for s in edition.sessions.order_by("starts_at")
    ]
    before = [
        timezone.localtime(s.starts_at, PARIS).replace(tzinfo=None) + dt.timedelta(days=364)
        for s in edition_2026.sessions.order_by("starts_at")
    ]
    assert moved == before
    assert edition.questions.count() == 1
    assert steps == Steps(fields=4, clicks=6, pages=5)
    assert steps.person_seconds() < FIVE_MINUTES
    assert browser_seconds < FIVE_MINUTES
    print(f"new edition: {steps}, {browser_seconds:.1f} s in Chromium, ")
    print(f"about {steps.person_seconds() / 60:.1f} minutes for a person (estimate)")

"""A person registers in a real browser, by reading the labels, as they would."""

import re

import pytest
from playwright.sync_api import Page, expect

from registrations.models import Registration
from tests.factories import EventFactory, PlenaryFactory, SessionFactory, paris

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def event():
    event = EventFactory(title="Living Lab +Resilient", capacity=30, location="Aix-en-Provence")
    day = event.starts_on
    PlenaryFactory(event=event)
    SessionFactory(
        event=event,
        title="Card game: spreading an innovation",
        starts_at=paris(day, 14),
        ends_at=paris(day, 16),
        capacity=12,
    )
    SessionFactory(
        event=event,
        title="Capitalising pilot actions",
        starts_at=paris(day, 14),
        ends_at=paris(day, 16),
        capacity=15,
    )
    SessionFactory(
        event=event,
        title="Lunch",
        kind="meal",
        capacity=None,
        starts_at=paris(day, 12, 30),
        ends_at=paris(day, 13, 45),
    )
    return event


def test_person_registers_reads_confirmation_and_comes_back(live_server, page: Page, event):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Register now").click()

    page.get_by_label("First name").fill("Ελένη")
    page.get_by_label("Last name").fill("Παπαδοπούλου")
    page.get_by_label("Email").fill("eleni@example.org")
    page.get_by_role("textbox", name="Organisation", exact=True).fill("Περιφέρεια Κρήτης")
    page.get_by_label("Organisation type").select_option(label="Public authority")
    page.get_by_label("Country").select_option(label="Greece")
    page.get_by_label("Greek").check()
    page.get_by_label(re.compile(r"Card game: spreading an innovation")).check()
    page.get_by_label(re.compile(r"Lunch")).check()
    page.get_by_label("Vegetarian").check()
    page.get_by_label("Allergies", exact=True).fill("Sesame")
    page.get_by_label("Invitation or visa letter").check()
    page.get_by_label(re.compile("I have read the privacy notice")).check()
    page.get_by_label(re.compile("I agree that my dietary requirements")).check()
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("status").filter(has_text="You are registered")).to_be_visible()
    expect(page.get_by_role("heading", name="Registration of Ελένη Παπαδοπούλου")).to_be_visible()
    sessions = page.get_by_role("region", name="My sessions").get_by_role("listitem")
    expect(sessions.filter(has_text="Card game")).to_contain_text("Seat booked")
    expect(sessions.filter(has_text="Lunch")).to_contain_text("Seat booked")
    expect(page.get_by_text("Sesame")).to_be_visible()
    link = page.get_by_label(re.compile("Keep this address")).input_value()
    assert Registration.objects.get().email == "eleni@example.org"

    page.goto(link)
    page.get_by_role("link", name="Change my details or sessions").click()
    page.get_by_label(re.compile(r"Capitalising pilot actions")).check()
    page.get_by_role("button", name="Save my changes").click()

    expect(page.get_by_text("Your changes are saved.")).to_be_visible()
    sessions = page.get_by_role("region", name="My sessions")
    expect(sessions).to_contain_text("Capitalising pilot actions")
    expect(sessions).not_to_contain_text("Card game")


def test_errors_are_announced_and_linked_to_their_fields(live_server, page: Page, event):
    page.goto(live_server.url + f"/{event.slug}/register/")

    page.get_by_label("First name").fill("<script>")
    page.get_by_label("Email").fill("not an email")
    page.get_by_role("button", name="Register").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct the")
    expect(page.get_by_label("First name")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("First name")).to_have_value("<script>")
    summary.get_by_role("link", name="Email").click()
    expect(page.get_by_label("Email")).to_be_focused()

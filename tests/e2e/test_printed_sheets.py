"""Printed sheets, printed by Chromium to PDF as an organizer would print them: pages counted."""

import io

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from tests.factories import EventFactory, MealFactory, paris, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = 150


@pytest.fixture
def three_days_of_meals():
    """150 people taking the four meals of a three-day event; one in six has an allergy, one in
    ten another requirement, as in a real crowd."""
    event = EventFactory(title="Living Lab +Resilient", capacity=None)
    days = event.days
    meals = [
        MealFactory(event=event, title="Lunch", starts_at=paris(day, 12), ends_at=paris(day, 13))
        for day in days
    ]
    meals.append(
        MealFactory(
            event=event,
            title="Gala dinner",
            starts_at=paris(days[0], 19, 30),
            ends_at=paris(days[0], 22),
        )
    )
    for n in range(PEOPLE):
        register(
            event,
            sessions=meals,
            last_name=f"Participant-{n:03}",
            diets=["vegetarian"] if n % 4 == 0 else [],
            allergies="Peanuts, tree nuts and sesame" if n % 6 == 0 else "",
            diet_other="No pork, please" if n % 10 == 0 else "",
        )
    return event


def pdf_pages(page: Page, live_server, admin_client, path: str) -> int:
    """Print a back-office page to A4 as the browser's print dialog would."""
    session = admin_client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto(live_server.url + path)
    page.emulate_media(media="print")
    return len(PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True))).pages)


def test_catering_sheet_for_150_people_prints_on_one_page(
    page: Page, live_server, admin_client, three_days_of_meals
):
    event = three_days_of_meals

    pages = pdf_pages(
        page, live_server, admin_client, f"/admin/program/event/{event.pk}/catering-sheet/"
    )

    assert pages == 1

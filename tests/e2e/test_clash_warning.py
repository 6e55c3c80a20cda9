"""Choices that overlap are named while the person picks them, before sending (issue 7, 9)."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_phone import SHOTS
from tests.pages import build_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_overlapping_choices_are_named_while_choosing(live_server, page: Page):
    event, _small = build_event()
    page.goto(f"{live_server.url}/{event.slug}/register/")
    visit = page.get_by_label("Coach visit to Jouques", exact=False)
    card_game = page.get_by_label("Card game workshop", exact=False)

    visit.check()
    card_game.check()

    visit_note = page.locator(".has-clash .clash-note").first
    expect(page.locator(".clash-note:not(:empty)")).to_have_count(2)
    expect(visit_note).to_contain_text("at the same time as")
    notes = page.locator(".clash-note:not(:empty)").all_inner_texts()
    assert any("“Card game workshop”" in n for n in notes)
    assert any("“Coach visit to Jouques” (" in n and "13:45–18:00" in n for n in notes)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".has-clash").first.screenshot(path=SHOTS / "en-clash-warning.png")

    page.get_by_label("None of these").check()

    expect(page.locator(".clash-note:not(:empty)")).to_have_count(0)

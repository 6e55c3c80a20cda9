"""The language is in the address, follows the browser at first, is remembered for a year, and
dates read as each language writes them (issue 8)."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from livinglab.dates import day, full_date
from tests.factories import EventFactory, PlenaryFactory
from tests.html import text

pytestmark = pytest.mark.django_db
LANGUAGES = ["en", "fr", "it", "es", "pt", "el", "hr", "sl", "sq"]


def test_the_site_offers_the_partners_nine_languages():
    assert [code for code, _name in settings.LANGUAGES] == LANGUAGES


def test_first_visit_follows_the_browsers_preference(client):
    event = EventFactory()

    response = client.get(f"/{event.slug}/", HTTP_ACCEPT_LANGUAGE="el-GR,el;q=0.9,en;q=0.5")

    assert response.status_code == 302
    assert response["Location"] == f"/el/{event.slug}/"


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_has_its_address_and_page(client, code):
    event = EventFactory()
    with translation.override(code):
        url = reverse("program:event", args=[event.slug])

    response = client.get(url)

    assert url == f"/{code}/{event.slug}/"
    assert f'<html lang="{code}">' in response.content.decode()


def test_a_page_opened_in_a_language_is_remembered_for_a_year(client):
    event = EventFactory()

    client.get(f"/fr/{event.slug}/programme/")
    later = client.get(f"/{event.slug}/", HTTP_ACCEPT_LANGUAGE="en")

    cookie = client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "fr"
    assert int(cookie["max-age"]) >= 364 * 24 * 3600
    assert later["Location"] == f"/fr/{event.slug}/"


def test_the_switcher_offers_this_page_in_every_language(client):
    event = EventFactory()

    html = client.get(f"/sq/{event.slug}/programme/").content.decode()

    for code in LANGUAGES:
        assert f'href="/{code}/{event.slug}/programme/" lang="{code}"' in html
    assert 'aria-current="true">Shqip</a>' in html


@pytest.mark.parametrize(
    ("code", "weekday_and_date", "with_year"),
    [
        ("en", "Tuesday 29 December", "29 December 2026"),
        ("fr", "mardi 29 décembre", "29 décembre 2026"),
        ("it", "martedì 29 dicembre", "29 dicembre 2026"),
        ("es", "martes 29 de diciembre", "29 de diciembre de 2026"),
        ("pt", "terça-feira, 29 de dezembro", "29 de dezembro de 2026"),
        ("el", "Τρίτη 29 Δεκεμβρίου", "29 Δεκεμβρίου 2026"),
        ("hr", "utorak, 29. prosinca", "29. prosinca 2026."),
        ("sl", "torek, 29. december", "29. december 2026"),
        ("sq", "e martë, 29 dhjetor", "29 dhjetor 2026"),
    ],
)
def test_dates_read_as_each_language_writes_them(code, weekday_and_date, with_year):
    with translation.override(code):
        assert day(dt.date(2026, 12, 29)) == weekday_and_date
        assert full_date(dt.date(2026, 12, 29)) == with_year


def test_the_programme_shows_its_days_in_the_pages_language(client):
    event = EventFactory()
    PlenaryFactory(event=event)

    greek = text(client.get(f"/el/{event.slug}/programme/").content.decode())

    with translation.override("el"):
        assert day(event.starts_on).capitalize()[:3] in greek

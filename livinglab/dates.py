"""Dates as each language writes them: "Tuesday 29 December", "mardi 29 décembre",
"Τρίτη 29 Δεκεμβρίου", "utorak, 29. prosinca". A template library every template has (see
TEMPLATES' builtins), and the same functions for Python code (forms, exports, emails).
"""

import datetime as dt

from django import template
from django.template.defaultfilters import date as date_format
from django.utils.translation import get_language

register = template.Library()

# A weekday with its date. "E" is the month as it reads after a day number (genitive) where a
# language declines it: Greek "Δεκεμβρίου", Croatian "prosinca".
DAY_FORMATS = {
    "en": "l j F",
    "fr": "l j F",
    "it": "l j F",
    "es": r"l j \d\e F",
    "pt": r"l, j \d\e F",
    "el": "l j E",
    "hr": "l, j. E",
    "sl": "l, j. F",
    "sq": "l, j F",
}
# The same with the year: on a certificate, a letter, a sheet that is kept.
LONG_DAY_FORMATS = {
    "en": "l j F Y",
    "fr": "l j F Y",
    "it": "l j F Y",
    "es": r"l j \d\e F \d\e Y",
    "pt": r"l, j \d\e F \d\e Y",
    "el": "l j E Y",
    "hr": "l, j. E Y.",
    "sl": "l, j. F Y",
    "sq": "l, j F Y",
}
# Languages that write weekdays and months in lower case in a sentence (Django's catalogues
# capitalise some of them).
LOWER_CASE = {"fr", "it", "es", "pt", "hr", "sl", "sq"}


def _written(value, formats: dict[str, str], fallback: str) -> str:
    language = get_language() or "en"
    text = date_format(value, formats.get(language, fallback))
    return text.lower() if language in LOWER_CASE else text


@register.filter
def day(value: dt.date | dt.datetime) -> str:
    """A weekday and its date, without the year."""
    return _written(value, DAY_FORMATS, "l j F") if value else ""


@register.filter
def long_day(value: dt.date | dt.datetime) -> str:
    """A weekday and its date, with the year."""
    return _written(value, LONG_DAY_FORMATS, "l j F Y") if value else ""


@register.filter
def short_day(value: dt.date | dt.datetime) -> str:
    """ "Tue 29" in a table or a list of nights."""
    return _written(value, {}, "D j") if value else ""


# The first day of a range within one month, before its last full date: "29–31 December 2026",
# but "29.–31. prosinca 2026." where a day number takes a full stop.
RANGE_START = {"hr": "j.", "sl": "j."}


@register.simple_tag
def day_range(start: dt.date, end: dt.date) -> str:
    """The days of an event, as short as each language writes them."""
    if start == end:
        return full_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, RANGE_START.get(get_language(), 'j'))}–{full_date(end)}"
    return f"{full_date(start)} – {full_date(end)}"


@register.filter
def full_date(value: dt.date | dt.datetime) -> str:
    """A date with its year, in the language's own format (formats/<language>/formats.py)."""
    return _written(value, {}, "DATE_FORMAT") if value else ""

"""How registrations read on pages, in emails and on paper."""

import datetime as dt

from django import template
from django.template.defaultfilters import date as date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def night(value: dt.date, format_string: str = "D j") -> str:
    """A night as the two days it joins: "Mon 28 → Tue 29" (the night of the 28th)."""
    return _("%(day)s → %(next)s") % {
        "day": date_format(value, format_string),
        "next": date_format(value + dt.timedelta(days=1), format_string),
    }


@register.filter
def hours(duration: dt.timedelta) -> str:
    """A duration as people write it: "4 h 45", "3 h"."""
    minutes = int(duration.total_seconds()) // 60
    return f"{minutes // 60} h {minutes % 60:02d}" if minutes % 60 else f"{minutes // 60} h"

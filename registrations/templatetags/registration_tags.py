"""How registrations read on pages, in emails and on paper."""

import datetime as dt

from django import template
from django.utils.translation import gettext as _

from livinglab.dates import short_day

register = template.Library()


@register.filter
def night(value: dt.date) -> str:
    """A night as the two days it joins: "Mon 28 → Tue 29" (the night of the 28th)."""
    return _("%(day)s → %(next)s") % {
        "day": short_day(value),
        "next": short_day(value + dt.timedelta(days=1)),
    }


@register.filter
def hours(duration: dt.timedelta) -> str:
    """A duration as people write it: "4 h 45", "3 h"."""
    minutes = int(duration.total_seconds()) // 60
    return f"{minutes // 60} h {minutes % 60:02d}" if minutes % 60 else f"{minutes // 60} h"

"""Validators, widgets and labels shared by the public and admin forms."""

import datetime as dt
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from livinglab import dates
from program.models import Event, Session

# Catalan "l·l", and the joiners some scripts need inside a name (ZWNJ, ZWJ).
NAME_PUNCTUATION = set(" '-.’‘ʼ·\u200c\u200d")


def validate_name(value: str) -> None:
    """Names in any script: letters, combining marks, spaces and the usual punctuation."""
    for char in value:
        if char in NAME_PUNCTUATION or unicodedata.category(char)[0] in "LM":
            continue
        raise ValidationError(
            _("A name can hold letters, spaces, hyphens, apostrophes and full stops only."),
            code="invalid_name",
        )


def validate_deliverable(value: str) -> None:
    """An address Django's validator accepts may still not fit in an email header."""
    try:
        sanitize_address(value, "utf-8")
    except (ValueError, IndexError) as error:
        raise ValidationError(
            _("This address cannot receive email. Please check it."), code="undeliverable"
        ) from error


def checkboxes(label, choices=()) -> forms.MultipleChoiceField:
    """An optional list of choices shown as checkboxes."""
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class LongSelect(forms.Select):
    """A select of hundreds of options (countries) rendered in one template, not one per option:
    a third of the registration page's time otherwise."""

    template_name = "widgets/select_inline.html"


def session_times(session, tz) -> str:
    """When a session runs, in the event's time zone and the page's language."""
    start = timezone.localtime(session.starts_at, tz)
    end = timezone.localtime(session.ends_at, tz)
    return f"{dates.day(start)}, {time_format(start, 'H:i')}–{time_format(end, 'H:i')}"


def night_choices(event: Event) -> list[tuple[str, str]]:
    """The nights a participant may need a room for: from the eve of the first day on."""
    first = event.starts_on - dt.timedelta(days=1)
    nights = [first + dt.timedelta(days=n) for n in range(len(event.days) + 1)]
    return [
        (
            night.isoformat(),
            _("Night of %(day)s to %(next)s")
            % {
                "day": dates.day(night),
                "next": dates.day(night + dt.timedelta(days=1)),
            },
        )
        for night in nights
    ]


def seats_note(session: Session, *, held: bool) -> str:
    if held:
        return _("your seat")
    if session.capacity is None:
        return ""
    if session.is_full:
        return _("full: you will join the waiting list")
    left = session.seats_left
    return ngettext("%(count)s seat left", "%(count)s seats left", left) % {"count": left}

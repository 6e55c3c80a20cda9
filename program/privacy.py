"""An event's privacy notice, written by the site from the event's fields in every language of
the site (templates/program/privacy_notice.html), with what organizers add in their own words.

A version is the SHA-256 of the notice's texts in every language: registering records the
version the person was shown, so that what they accepted can be read again later.
"""

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from program.models import Event, PrivacyNotice
from program.translation import main_language_of


def retention_date(event: Event) -> dt.date:
    """The day the event's registrations are anonymised (by the daily retention command)."""
    return event.ends_on + dt.timedelta(days=event.retention_days)


def links_expire(event: Event) -> dt.date:
    """The last day private links open anything."""
    return event.ends_on + dt.timedelta(days=settings.PRIVATE_LINK_DAYS)


def notice_html(event: Event) -> SafeString:
    """The notice in the active language."""
    context = {
        "event": event,
        "retention_date": retention_date(event),
        "links_expire": links_expire(event),
    }
    return render_to_string("program/privacy_notice.html", context)


def _plain(html: str) -> str:
    lines = (" ".join(line.split()) for line in strip_tags(html).splitlines())
    return "\n".join(line for line in lines if line)


# Notices as written, by event and the event's fields: every registration asks for the current
# version, and nine languages rendered at each would cost more than the rest of the request.
_written: dict[tuple, dict[str, str]] = {}
# The fields that change with each place taken, which the notice does not show.
MOVING_FIELDS = {"version", "seats_taken"}


def _fields(event: Event) -> tuple:
    return tuple(
        (field.attname, event.__dict__.get(field.attname))
        for field in Event._meta.concrete_fields
        if field.attname not in MOVING_FIELDS
    )


def notice_texts(event: Event) -> dict[str, str]:
    """The notice as it reads in each language of the site."""
    key = (event.pk, _fields(event))
    if key not in _written:
        texts = {}
        with main_language_of(event):
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    texts[code] = _plain(notice_html(event))
        if len(_written) > 100:
            _written.clear()
        _written[key] = texts
    return dict(_written[key])


def version_of(texts: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()


def current_version(event: Event) -> str:
    return version_of(notice_texts(event))


def notice_to_accept(event: Event) -> PrivacyNotice:
    """The current version, stored once, for a consent to refer to."""
    texts = notice_texts(event)
    notice, _created = PrivacyNotice.objects.get_or_create(
        event=event, version=version_of(texts), defaults={"texts": texts}
    )
    return notice

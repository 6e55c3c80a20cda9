"""Everything the site holds about one person, to read on a page or download as JSON (GDPR
articles 15 and 20): the registration, its sessions, check-ins, invitation letter, private
links (never their secrets), the emails written to them and every recorded change.

Read in a fixed number of queries, however many bookings, emails or versions there are.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from registrations.details import Details
from registrations.enums import Diet, SpokenLanguage, choice_label
from registrations.models import (
    AccessKey,
    Attendance,
    Booking,
    InvitationLetter,
    OutgoingEmail,
    Registration,
)

REGISTRATION_FIELDS = [
    "status",
    *Details.names(),
    "privacy_consent_at",
    "health_consent_at",
    "photo_consent_at",
    "invitation_letter_sent_at",
    "checkin_code",
    "created_at",
    "updated_at",
    "cancelled_at",
]
LETTER_FIELDS = ["passport_name", "nationality", "passport_number", "date_of_birth"]
LETTER_FIELDS += ["requested_at", "released_at"]
HISTORY_FIELDS = [f for f in REGISTRATION_FIELDS if f not in ("updated_at", "checkin_code")]


@dataclass
class Item:
    name: str
    label: str
    value: object  # as JSON has it
    shown: str  # as the page shows it


@dataclass
class Section:
    name: str
    title: str
    records: list[list[Item]] = field(default_factory=list)

    def as_json(self) -> list[dict]:
        return [{item.name: item.value for item in record} for record in self.records]


def _json(value) -> object:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | str | int | float | bool) or value is None:
        return value
    return str(value)


def _shown(value) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _items(instance: models.Model, names: list[str]) -> list[Item]:
    items = []
    for name in names:
        model_field = instance._meta.get_field(name)
        value = getattr(instance, model_field.attname)
        shown = getattr(instance, f"get_{name}_display")() if model_field.choices else value
        if model_field.is_relation:  # a session, an event: by its name
            value = shown = str(getattr(instance, name) or "")
        if name in ("country", "nationality"):
            shown = getattr(instance, name).name
        if name == "languages":
            shown = [choice_label(SpokenLanguage, code) for code in value]
        items.append(Item(name, str(model_field.verbose_name), _json(value), _shown(shown)))
    return items


def personal_data(registration: Registration) -> list[Section]:
    registration = Registration.objects.select_related("event", "privacy_notice").get(
        pk=registration.pk
    )
    about = _items(registration, REGISTRATION_FIELDS)
    diets = [choice_label(Diet, code) for code in registration.diet_codes]
    about.append(
        Item("diets", _("Dietary requirements"), registration.diet_codes, ", ".join(diets))
    )
    version = registration.privacy_notice.version if registration.privacy_notice else ""
    about.append(Item("privacy_notice_version", _("Privacy notice version"), version, version))
    event = Item("event", _("Event"), registration.event.slug, str(registration.event.title))
    sections = [Section("registration", _("Your registration"), [[event, *about]])]
    sections += [
        _rows(
            "bookings",
            _("Sessions"),
            Booking.objects.filter(registration=registration).select_related("session"),
            ["session", "status", "queued_at"],
        ),
        _rows(
            "attendance",
            _("Check-ins"),
            Attendance.objects.filter(registration=registration).select_related("session"),
            ["day", "session", "checked_in_at"],
        ),
        _rows(
            "invitation_letter",
            _("Invitation letter"),
            InvitationLetter.objects.filter(registration=registration),
            LETTER_FIELDS,
        ),
        _rows(
            "private_links",
            _("Private links"),
            AccessKey.objects.filter(registration=registration),
            ["created_at", "revoked_at"],
        ),
        _rows(
            "emails",
            _("Emails written to you"),
            OutgoingEmail.objects.filter(registration=registration),
            ["kind", "to", "subject", "status", "created_at", "sent_at"],
        ),
        _history(registration),
    ]
    return sections


def _rows(name: str, title, queryset, names: list[str]) -> Section:
    return Section(name, title, [_items(instance, names) for instance in queryset])


def _history(registration: Registration) -> Section:
    """Each recorded version of the registration: when, and what it changed."""
    section = Section("history", _("Changes recorded"))
    before: dict[str, object] = {}
    for version in registration.history.order_by("history_date", "history_id"):
        items = _items(version, HISTORY_FIELDS)
        changed = [item for item in items if before.get(item.name, "") != item.value]
        before = {item.name: item.value for item in items}
        when = version.history_date
        section.records.append([Item("when", _("When"), _json(when), _shown(when)), *changed])
    return section


def as_json(sections: list[Section]) -> dict:
    return {
        section.name: records[0] if section.name == "registration" else records
        for section in sections
        for records in [section.as_json()]
    }

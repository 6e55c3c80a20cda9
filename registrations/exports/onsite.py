"""Lists from the door and for the funder: registered and attended, invitation letters."""

from itertools import chain

from django.db.models import Q, QuerySet
from django.template.defaultfilters import date as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from program.models import Event
from registrations.attendance import EventAttendance, report
from registrations.enums import Gender, OrganisationType, RegistrationStatus, choice_label
from registrations.exports.base import Column, Export, Table
from registrations.exports.lists import CHUNK, PERSON, _when, answer_columns, country_name
from registrations.models import InvitationLetter, Registration

PROFILE = [
    Column(
        gettext_lazy("Organisation type"),
        lambda r: choice_label(OrganisationType, r.organisation_type),
        20,
    ),
    Column(gettext_lazy("Gender"), lambda r: choice_label(Gender, r.gender), 12),
    Column(gettext_lazy("Status"), lambda r: choice_label(RegistrationStatus, r.status), 14),
]


def attendance(event: Event) -> Export:
    """The sign-in sheets' companion: one row per person with a place (or who came), their
    country, organisation type and gender, then when they were seen each day and at each
    session (empty: not seen)."""
    facts = EventAttendance(event)
    came = Q(pk__in=list(facts.attendees()))
    people = Registration.objects.filter(event=event).filter(
        Q(status=RegistrationStatus.CONFIRMED) | came
    )
    sessions = [s for s in facts.sessions if s.kind != "break"]

    def seen(key):
        return lambda r: facts.seen_at.get((r.pk, key))

    columns = [
        *PERSON,
        *PROFILE,
        *[Column(date_format(day, "D j M"), seen(day), 12) for day in event.days],
        Column(gettext_lazy("Days present"), lambda r: len(facts.days.get(r.pk, ())), 9),
        *[Column(f"{s.title} ({_when(s)})", _attended(facts, s), 14) for s in sessions],
        *answer_columns([event.pk]),
    ]
    rows = people.order_by("last_name", "first_name", "pk").iterator(CHUNK)
    return Export(
        name=f"{event.slug}-attendance",
        title=_("Attendance"),
        tables=[Table(_("Attendance"), columns, rows)],
        tz=event.tz,
    )


def _attended(facts: EventAttendance, session):
    """The check-in time at the session; "yes" when present that day with a place in it (no
    check-in was taken at the session); empty when absent."""

    def value(registration):
        if not facts.attended(registration.pk, session):
            return ""
        return facts.seen_at.get((registration.pk, session.pk)) or _("Yes")

    return value


def funder_report(event: Event) -> Export:
    """Registered and attended, by country, organisation type and gender, each day; then each
    session."""
    figures = report(event)
    days = [date_format(day, "D j M") for day in figures.days]
    columns = [
        Column(gettext_lazy("Category"), lambda row: row.label, 30),
        Column(pgettext_lazy("number of people", "Registered"), lambda row: row.registered, 12),
        Column(gettext_lazy("Attended"), lambda row: row.attended, 12),
        *[Column(day, lambda row, n=n: row.by_day[n], 10) for n, day in enumerate(days)],
    ]
    session_columns = [
        Column(gettext_lazy("Session"), lambda row: row.session.title, 30),
        Column(gettext_lazy("When"), lambda row: _when(row.session), 26),
        Column(pgettext_lazy("number of people", "Registered"), lambda row: row.registered, 12),
        Column(gettext_lazy("Attended"), lambda row: row.attended, 12),
    ]
    return Export(
        name=f"{event.slug}-funder-report",
        title=_("Funder report"),
        tables=[
            *[Table(b.title, columns, chain(b.rows, [b.total])) for b in figures.breakdowns],
            Table(_("Sessions"), session_columns, figures.sessions),
        ],
        tz=event.tz,
    )


LETTER_COLUMNS = [
    *[Column(c.header, lambda letter, c=c: c.value(letter.registration), c.width) for c in PERSON],
    Column(gettext_lazy("Email"), lambda letter: letter.registration.email, 28),
    Column(gettext_lazy("Name in the passport"), lambda letter: letter.passport_name, 24),
    Column(gettext_lazy("Nationality"), lambda letter: country_name(letter.nationality.code), 14),
    Column(gettext_lazy("Passport number"), lambda letter: letter.passport_number, 14),
    Column(gettext_lazy("Date of birth"), lambda letter: letter.date_of_birth, 12),
    Column(gettext_lazy("Requested"), lambda letter: letter.requested_at, 17),
    Column(gettext_lazy("Released"), lambda letter: letter.released_at, 17),
]


def letters(queryset: QuerySet[InvitationLetter]) -> Export:
    """Invitation letters with the passport details: for organizers only."""
    rows = queryset.select_related("registration").order_by(
        "registration__last_name", "registration__first_name", "pk"
    )
    return Export(
        name="invitation-letters",
        title=_("Invitation letters"),
        tables=[Table(_("Invitation letters"), LETTER_COLUMNS, rows.iterator(CHUNK))],
    )

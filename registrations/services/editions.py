"""Next year's edition of an event, copied from this one.

Everything an organizer set up is copied: the texts in every language, the settings, the
identity (logo, emblem, signatory), the sessions with their venues and capacities, the
questions of the form with their choices, and the partner organisations' invitations (with new
codes: last year's must not open this year's). Dates move by one offset, the number of days
between the two first days, at the same local time (a 09:30 session stays at 09:30 in the
event's time zone, summer time or not). Nothing about people is copied: no registration,
booking or seat taken, and the copy is a draft until an organizer publishes it.
"""

import datetime as dt

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator

from program.models import Event, Session
from registrations.models import InvitationCode, Question, QuestionChoice
from registrations.services.rules import RegistrationError

# What belongs to one edition only, or is the system's to count.
NOT_COPIED = {"id", "slug", "seats_taken", "is_published", "created_at", "updated_at", "code"}


def _values(queryset: models.QuerySet, *, skip: set[str] = frozenset()) -> list[dict]:
    """The rows' own columns, as stored. A translated field is read per language (title_en,
    title_fr …): reading `title` itself would give one language for all."""
    model = queryset.model
    texts = _texts(model)
    columns = [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in NOT_COPIED | skip and f.name not in texts
    ]
    return list(queryset.order_by("pk").values("pk", *columns))


def _texts(model: type[models.Model]) -> set[str]:
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def _moved(moment: dt.datetime, tz, days: int) -> dt.datetime:
    """The same local time, `days` later, in the event's time zone."""
    local = moment.astimezone(tz)
    return dt.datetime.combine(local.date() + dt.timedelta(days=days), local.time(), tzinfo=tz)


def _copy(model: type[models.Model], row: dict, **changes) -> models.Model:
    row = {**row, **changes}
    row.pop("pk")
    copy = model(**row)
    copy.save()
    return copy


def copy_event(*, event: Event, slug: str, starts_on: dt.date, title: str = "") -> Event:
    """A draft of the next edition, starting on `starts_on`, at `slug`; `title` in the event's
    main language replaces the old one if given."""
    days = (starts_on - event.starts_on).days
    tz = event.tz
    with transaction.atomic():
        (row,) = _values(Event.objects.filter(pk=event.pk))
        changes = {
            "slug": slug,
            "starts_on": starts_on,
            "ends_on": event.ends_on + dt.timedelta(days=days),
            "registration_opens_at": _moved(event.registration_opens_at, tz, days),
            "registration_closes_at": _moved(event.registration_closes_at, tz, days),
        }
        if title:
            changes[f"title_{event.main_language}"] = title
        try:
            with transaction.atomic():
                edition = _copy(Event, row, **changes)
        except IntegrityError as error:
            raise RegistrationError(
                _("Another event already has this short name."), field="slug"
            ) from error
        for session in _values(Session.objects.filter(event=event), skip={"event_id"}):
            _copy(
                Session,
                session,
                event=edition,
                starts_at=_moved(session["starts_at"], tz, days),
                ends_at=_moved(session["ends_at"], tz, days),
            )
        _copy_questions(event, edition)
        for invitation in _values(event.invitation_codes.all(), skip={"event_id"}):
            _copy(InvitationCode, invitation, event=edition)
    return edition


def _copy_questions(event: Event, edition: Event) -> None:
    questions = _values(Question.objects.filter(event=event), skip={"event_id"})
    choices = _values(QuestionChoice.objects.filter(question__event=event), skip=set())
    for question in questions:
        copy = _copy(Question, question, event=edition)
        for choice in choices:
            if choice["question_id"] == question["pk"]:
                _copy(QuestionChoice, {**choice, "question_id": copy.pk})

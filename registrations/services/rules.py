"""Rules the services enforce and the forms check first, so that a person sees them next to the
field rather than as an error after sending."""

import datetime as dt
from collections.abc import Iterable
from itertools import combinations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from program.models import Event, Session
from registrations.details import normalize_email
from registrations.enums import RegistrationStatus
from registrations.invitations import normalize_code
from registrations.models import InvitationCode, Registration

__all__ = [
    "DuplicateRegistration",
    "RegistrationError",
    "bookable_sessions",
    "email_taken",
    "find_clashes",
    "invitation_for",
    "invitation_full",
    "normalize_email",
    "refuse_started",
]


class RegistrationError(Exception):
    """A rule said no. The message is translated and fit to show to the person who asked."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class DuplicateRegistration(RegistrationError):
    pass


def find_clashes(sessions: Iterable[Session]) -> list[tuple[Session, Session]]:
    """Pairs of sessions that overlap in time, in programme order."""
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.pk))
    return [(a, b) for a, b in combinations(ordered, 2) if a.overlaps(b)]


def bookable_sessions(event: Event, session_ids: Iterable[int]) -> list[Session]:
    """The sessions asked for, refused if one cannot be booked or two overlap."""
    wanted = set(session_ids)
    sessions = list(
        Session.objects.filter(event=event, requires_booking=True, pk__in=wanted).order_by("pk")
    )
    if len(sessions) != len(wanted):
        raise RegistrationError(_("One of the chosen sessions cannot be booked."), field="sessions")
    if clashes := find_clashes(sessions):
        first, second = clashes[0]
        raise RegistrationError(
            _("“%(first)s” and “%(second)s” take place at the same time.")
            % {"first": first.title, "second": second.title},
            field="sessions",
        )
    return sessions


def refuse_started(sessions: Iterable[Session], changed: set[int], now: dt.datetime) -> None:
    """What has begun can no longer be booked or given up."""
    for session in sessions:
        if session.pk in changed and session.has_started(now):
            raise RegistrationError(
                _("“%(title)s” has already begun: it can no longer be booked or cancelled.")
                % {"title": session.title},
                field="sessions",
            )


def active_with_email(event: Event, email: str) -> models.QuerySet[Registration]:
    """Compared the way the unique index compares: lower(email)."""
    return (
        Registration.objects.alias(email_key=Lower("email"))
        .filter(event=event, email_key=normalize_email(email).lower())
        .exclude(status=RegistrationStatus.CANCELLED)
    )


def email_taken(event: Event, email: str, *, exclude_pk: int | None = None) -> bool:
    others = active_with_email(event, email)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


def invitation_full() -> RegistrationError:
    return RegistrationError(
        _("Every place of this invitation is taken. Please ask your organisation."),
        field="invitation_code",
    )


def invitation_for(event: Event, code: str) -> InvitationCode:
    """The invitation a code opens for this event, if it has a place left."""
    invitation = InvitationCode.objects.filter(event=event, code=normalize_code(code)).first()
    if invitation is None:
        raise RegistrationError(
            _("This code is not an invitation to this event. Please check it."),
            field="invitation_code",
        )
    if invitation.is_full:
        raise invitation_full()
    return invitation

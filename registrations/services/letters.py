"""Invitation letters (for a visa, or an employer): asked for, reviewed, released.

A participant asks through their private page and gives what a consulate expects; an organizer
reviews the details and releases the letter; the participant is told by email and downloads it
from their private page. Changing the details of a released letter sends it back for review.
"""

import dataclasses
import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registrations import notifications
from registrations.details import clean_text
from registrations.enums import RegistrationStatus
from registrations.models import InvitationLetter, Registration
from registrations.services.rules import RegistrationError


@dataclasses.dataclass(frozen=True, kw_only=True)
class PassportDetails:
    passport_name: str
    nationality: str
    passport_number: str
    date_of_birth: dt.date

    def normalized(self) -> "PassportDetails":
        return dataclasses.replace(
            self,
            passport_name=clean_text(self.passport_name),
            passport_number=clean_text(self.passport_number).upper().replace(" ", ""),
        )


def request_letter(*, registration: Registration, passport: PassportDetails) -> InvitationLetter:
    """Ask for a letter, or correct what was given; a released letter goes back for review."""
    passport = passport.normalized()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationError(_("This registration has been cancelled."))
        letter = InvitationLetter.objects.filter(registration=registration).first()
        letter = letter or InvitationLetter(registration=registration)
        before = {f.name: getattr(letter, f.name) for f in dataclasses.fields(passport)}
        for name, value in dataclasses.asdict(passport).items():
            setattr(letter, name, value)
        if letter.pk is None or before != dataclasses.asdict(passport):
            letter.requested_at = timezone.now()
            letter.released_at = None
            letter.released_by = None
        letter.full_clean(exclude=["registration"])
        letter.save()
        if not registration.needs_invitation_letter:
            registration.needs_invitation_letter = True
            registration.save(update_fields=["needs_invitation_letter", "updated_at"])
    return letter


def release_letters(*, letters: Iterable[InvitationLetter], by) -> int:
    """An organizer has checked these letters: each person may now download theirs, and is told
    so by email. Letters already released, or of cancelled registrations, are left alone."""
    count = 0
    now = timezone.now()
    for letter in letters:
        with transaction.atomic():
            letter = (
                InvitationLetter.objects.select_for_update()
                .select_related("registration__event")
                .get(pk=letter.pk)
            )
            registration = letter.registration
            if letter.is_released or registration.status == RegistrationStatus.CANCELLED:
                continue
            letter.released_at = now
            letter.released_by = by
            letter.save(update_fields=["released_at", "released_by"])
            registration.invitation_letter_sent_at = now
            registration.save(update_fields=["invitation_letter_sent_at", "updated_at"])
            notifications.letter_ready(registration=registration)
            count += 1
    return count

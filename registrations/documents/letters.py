"""Invitation letters (templates/documents/invitation_letter.html), for a visa or an employer:
dates, purpose, venues, who pays what, signed; in the participant's language."""

from django.utils import translation

from registrations.documents.render import image_data_uri, pdf
from registrations.models import InvitationLetter


def letter_pdf(letter: InvitationLetter) -> bytes:
    registration = letter.registration
    event = registration.event
    venues = {s.venue for s in event.sessions.select_related("venue") if s.venue is not None}
    with translation.override(registration.preferred_language):
        return pdf(
            "documents/invitation_letter.html",
            {
                "event": event,
                "letter": letter,
                "registration": registration,
                "venues": sorted(venues, key=lambda v: v.name),
                "logo": image_data_uri(event.logo),
                "emblem": image_data_uri(event.funder_emblem),
                "signature": image_data_uri(event.signature),
            },
        )

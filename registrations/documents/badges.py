"""Name badges: A4 sheets of eight (templates/documents/badges.html), with cut marks."""

from django.db.models import QuerySet

from program.models import Event
from registrations.documents.qr import qr_data_uri
from registrations.documents.render import image_data_uri, pdf
from registrations.enums import RegistrationStatus
from registrations.models import Registration
from registrations.selectors import by_name

PER_SHEET = 8


def badges_pdf(event: Event, registrations: QuerySet[Registration]) -> bytes:
    """A badge for each of these people who holds a place, sorted by name."""
    people = by_name(registrations.filter(event=event, status=RegistrationStatus.CONFIRMED))
    for person in people:
        person.qr = qr_data_uri(person.checkin_code)
    return pdf(
        "documents/badges.html",
        {
            "event": event,
            "logo": image_data_uri(event.logo),
            "sheets": [people[n : n + PER_SHEET] for n in range(0, len(people), PER_SHEET)],
        },
    )

"""Attendance certificates (templates/documents/certificate.html): the days and hours each person
attended, from the check-ins, signed. One per person, in their language; in bulk as a ZIP."""

import io
import zipfile
from itertools import groupby

from anyascii import anyascii
from django.db.models import QuerySet
from django.utils import translation
from django.utils.text import slugify

from program.models import Event
from registrations import attendance
from registrations.documents.render import document, image_data_uri
from registrations.models import Registration

TEMPLATE = "documents/certificate.html"


def _context(event: Event, records: list[attendance.Record]) -> dict:
    return {
        "event": event,
        "logo": image_data_uri(event.logo),
        "emblem": image_data_uri(event.funder_emblem),
        "signature": image_data_uri(event.signature),
        "venues": sorted({s.venue.name for s in attendance_sessions(records) if s.venue}),
        "records": records,
    }


def attendance_sessions(records: list[attendance.Record]):
    return (s for r in records for d in r.days for s in d.sessions)


def filename(registration: Registration) -> str:
    """In Latin letters, whatever the script of the name, and unique (two people may share one)."""
    name = slugify(anyascii(f"{registration.last_name} {registration.first_name}"))
    return f"certificate-{registration.event.slug}-{name}-{registration.pk}.pdf"


def certificate_pdf(record: attendance.Record) -> bytes:
    registration = record.registration
    with translation.override(registration.preferred_language):
        return document(TEMPLATE, _context(registration.event, [record])).write_pdf()


def certificates_zip(event: Event, registrations: QuerySet[Registration]) -> tuple[bytes, int]:
    """One PDF per person who attended, in a ZIP; returns it and how many it holds. Each
    language is laid out once, as one document, then cut person by person: the fonts and the
    layout engine start once rather than for every certificate."""
    records = attendance.records(event, registrations)
    archive = io.BytesIO()
    language = lambda r: r.registration.preferred_language  # noqa: E731
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for lang, group in groupby(sorted(records, key=language), key=language):
            group = list(group)
            with translation.override(lang):
                laid_out = document(TEMPLATE, _context(event, group))
            for record, pages in zip(group, _pages_of(laid_out, group), strict=True):
                pdf = laid_out.copy(pages).write_pdf()
                zipped.writestr(filename(record.registration), pdf)
    return archive.getvalue(), len(records)


def _pages_of(laid_out, records: list[attendance.Record]) -> list[list]:
    """The pages of each person: each certificate begins on a page that holds its anchor."""
    starts = [f"certificate-{r.registration.pk}" for r in records]
    groups: list[list] = []
    for page in laid_out.pages:
        if any(anchor in page.anchors for anchor in starts):
            groups.append([])
        groups[-1].append(page)
    return groups

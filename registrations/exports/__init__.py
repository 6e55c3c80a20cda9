"""Exports for staff: CSV and XLSX files, safe against formula injection, streamed."""

from django.utils.translation import gettext_lazy

from registrations.exports import onsite
from registrations.exports.base import Column, Export, Table, response
from registrations.exports.lists import EXPORTS, attendees, bookings, for_event, session_lists
from registrations.exports.onsite import letters

# The lists of the door build on lists.py's columns: they join the event's exports here, where
# the package is put together (importing any of its modules runs this first).
EXPORTS.update(
    {
        "attendance": (
            gettext_lazy("Attendance: registered and present, per day and session"),
            onsite.attendance,
        ),
        "funder": (gettext_lazy("Funder report: registered and attended"), onsite.funder_report),
    }
)

__all__ = [
    "EXPORTS",
    "Column",
    "Export",
    "Table",
    "attendees",
    "bookings",
    "for_event",
    "letters",
    "response",
    "session_lists",
]

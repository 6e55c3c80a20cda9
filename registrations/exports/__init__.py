"""Exports for staff: CSV and XLSX files, safe against formula injection, streamed."""

from registrations.exports.base import Column, Export, Table, response
from registrations.exports.lists import EXPORTS, attendees, bookings, for_event, session_lists

__all__ = [
    "EXPORTS",
    "Column",
    "Export",
    "Table",
    "attendees",
    "bookings",
    "for_event",
    "response",
    "session_lists",
]

"""Writing tables to CSV and XLSX that open cleanly in Excel and LibreOffice.

An export is a list of tables; a table is a title, columns and an iterable of rows that is read
once, so that ten thousand registrations stream through without being held in memory. Every
text is written as text: a name such as `=HYPERLINK(...)` or `+1-2` never becomes a formula.
"""

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TIME_FORMAT = "hh:mm"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B3D6E")
TITLE_FONT = Font(bold=True, size=13)


@dataclass(frozen=True)
class Column:
    header: Any  # a string or a lazy translation
    value: Callable[[Any], Any]
    width: int = 16


@dataclass
class Table:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Any]
    note: str = ""


@dataclass
class Export:
    """What one download holds."""

    name: str  # for the file name, e.g. "catering"
    title: str
    tables: Sequence[Table]
    tz: dt.tzinfo | None = None  # date-times are written in the event's local time

    def filename(self, extension: str) -> str:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return f"{slugify(self.name)}-{stamp}.{extension}"


def plain(value: Any, tz: dt.tzinfo | None = None) -> Any:
    """A cell value: dates stay dates (naive, local), lists become text, booleans words."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value, tz).replace(tzinfo=None)
            if timezone.is_aware(value)
            else value
        )
    if isinstance(value, list | tuple | set):
        return ", ".join(str(item) for item in value)
    if isinstance(value, int | float | dt.date | dt.time):
        return value
    return str(value)


# -- CSV ---------------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(export: Export) -> Iterator[str]:
    writer = csv.writer(_Echo())
    cell = _csv_cell(export.tz)
    yield "\ufeff"  # the byte order mark tells Excel the file is UTF-8
    for number, table in enumerate(export.tables):
        if len(export.tables) > 1:
            if number:
                yield writer.writerow([])
            yield writer.writerow([formula_safe(str(table.title))])
        # Headers too: a question's label or a session's title is typed by an organizer.
        yield writer.writerow([formula_safe(str(c.header)) for c in table.columns])
        values = [c.value for c in table.columns]
        for row in table.rows:
            yield writer.writerow([cell(value(row)) for value in values])


# What a spreadsheet reads as a formula at the start of a cell (OWASP's list): such text gets a
# leading quote, whichever way it reached the database. The rule of defusedcsv (a number such as
# "-12.5" stays a number, pipes are escaped), with the tab and the carriage return it lets
# through; the tests hold it to defusedcsv's on every payload they know (test_exports.py).
FORMULA_START = ("=", "+", "-", "@", "|", "%")
HIDDEN_FORMULA_START = ("\t", "\r")
ANY_FORMULA_START = FORMULA_START + HIDDEN_FORMULA_START
NUMBER = re.compile(r"-?[0-9,\.]+$")


def formula_safe(text: str) -> str:
    if text.startswith(HIDDEN_FORMULA_START):
        return "'" + text
    if text.startswith(FORMULA_START) and not NUMBER.match(text):
        return "'" + text.replace("|", "\\|")
    return text


def _csv_cell(tz: dt.tzinfo | None) -> Callable[[Any], Any]:
    """What a CSV cell holds for a value: `plain`, then text made formula-safe. Texts and
    numbers, most of a table, take the short way (a hundred thousand rows of 35 columns)."""
    yes, no = _("Yes"), _("No")

    def cell(value: Any) -> Any:
        kind = type(value)
        if kind is str:
            return formula_safe(value) if value.startswith(ANY_FORMULA_START) else value
        if value is None:
            return ""
        if kind is bool:
            return yes if value else no
        if kind is int:
            return value
        if kind is list:
            return cell(", ".join(str(item) for item in value))
        if kind is dt.date:
            return value.isoformat()
        return _csv_text(plain(value, tz))

    return cell


def _csv_text(value: Any) -> Any:
    if isinstance(value, str):
        return formula_safe(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# Rows go out in pieces of about this many characters: one write to the client per row would
# cost more than writing the row.
CSV_PIECE = 64 * 1024


def _in_pieces(lines: Iterator[str]) -> Iterator[str]:
    piece, size = [], 0
    for line in lines:
        piece.append(line)
        size += len(line)
        if size >= CSV_PIECE:
            yield "".join(piece)
            piece, size = [], 0
    if piece:
        yield "".join(piece)


def csv_response(export: Export) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _in_pieces(_csv_lines(export)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{export.filename("csv")}"'
    return response


# -- XLSX --------------------------------------------------------------------------------------


def _value(sheet, value: Any) -> Any:
    """A row value for a write-only sheet: plain where openpyxl gets it right, a cell where not."""
    if isinstance(value, str):
        # Control characters (a vertical tab pasted from Word, say) are not allowed in XLSX.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return _cell(sheet, value) if value.startswith("=") else value
    if isinstance(value, dt.datetime | dt.time):
        return _cell(sheet, value)
    return value  # numbers, and dates, which openpyxl formats as yyyy-mm-dd


def _cell(sheet, value: Any, **style) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    elif isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, dt.time):
        cell.number_format = TIME_FORMAT
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _sheet_title(title: str, taken: set[str]) -> str:
    # Excel allows 31 characters and no []:*?/\ in a sheet name, and each name once.
    base = "".join(c for c in title if c not in "[]:*?/\\")[:28] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base[:25]} ({n})", n + 1
    taken.add(name.lower())
    return name


def write_xlsx(export: Export, target) -> None:
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for table in export.tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, taken))
        # A write-only sheet writes its settings with its first row: set them before any row.
        header_row = 2 if table.note else 1
        sheet.freeze_panes = f"A{header_row + 1}"
        for index, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        if table.note:
            sheet.append([_cell(sheet, table.note, font=TITLE_FONT)])
        sheet.append(
            [
                _cell(
                    sheet,
                    str(c.header),
                    font=HEADER_FONT,
                    fill=HEADER_FILL,
                    alignment=Alignment(vertical="center", wrap_text=True),
                )
                for c in table.columns
            ]
        )
        for row in table.rows:
            sheet.append([_value(sheet, plain(c.value(row), export.tz)) for c in table.columns])
    workbook.save(target)


def xlsx_response(export: Export) -> FileResponse:
    # openpyxl's write-only mode streams rows to a temporary file, not to memory.
    target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    write_xlsx(export, target)
    target.seek(0)
    return FileResponse(
        target, as_attachment=True, filename=export.filename("xlsx"), content_type=XLSX_TYPE
    )


def response(export: Export, file_format: str) -> StreamingHttpResponse | FileResponse:
    if file_format not in FORMATS:
        raise Http404
    return xlsx_response(export) if file_format == "xlsx" else csv_response(export)

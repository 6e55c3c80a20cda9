"""Staff exports: what each file holds, in XLSX and in CSV, and that no cell becomes a formula."""

import codecs
import csv
import datetime as dt
import io
import re

import pytest
from django.template.defaultfilters import date as date_format
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from livinglab.dates import day
from program.enums import SessionKind
from registrations import attendance, exports, selectors, services
from registrations.exports.base import XLSX_TYPE, csv_response, formula_safe, write_xlsx
from registrations.exports.lists import ATTENDEE_COLUMNS
from registrations.models import Registration
from tests.factories import (
    PARIS,
    EventFactory,
    QuestionFactory,
    SessionFactory,
    paris,
    register,
    upcoming_tuesday,
)

pytestmark = pytest.mark.django_db

DAY = upcoming_tuesday()  # the first day of the event
EVE = DAY - dt.timedelta(days=1)
LAST_DAY = DAY + dt.timedelta(days=2)
# Whole minutes, so that the spreadsheet's date-times compare exactly.
REGISTERED = dt.datetime.combine(DAY - dt.timedelta(days=100), dt.time(9, 30), tzinfo=dt.UTC)
LETTER_SENT = dt.datetime.combine(DAY - dt.timedelta(days=21), dt.time(8, 0), tzinfo=dt.UTC)


def in_paris(moment: dt.datetime) -> dt.datetime:
    """As a spreadsheet shows it: the event's local time, without a zone."""
    return moment.astimezone(PARIS).replace(tzinfo=None)


def weekday(day: dt.date) -> str:
    """As the exports write a day: "Thursday 12 June"."""
    return f"{day:%A} {day.day} {day:%B}"


ATTENDEE_HEADERS = [
    "Number",
    "Status",
    "Registered",
    "Last name",
    "First name",
    "Mobile phone",
    "Email",
    "Organisation",
    "Organisation type",
    "Country",
    "Job title",
    "Languages",
    "Gender",
    "Language for messages",
    "Dietary requirements",
    "Other dietary requirement",
    "Allergies",
    "Accessibility needs",
    "Travelling by",
    "Arrival date",
    "Arrival time",
    "Arriving at",
    "Departure date",
    "Departure time",
    "Leaving from",
    "Accommodation nights",
    "Number of nights",
    "Invitation letter wanted",
    "Invitation letter sent",
    "Photo consent",
    "Sessions booked",
    "Waiting lists",
    "Cancelled",
]

# What a participant may type, written so that a spreadsheet would run it as a formula.
DANGEROUS = {
    "first_name": '=HYPERLINK("http://evil.example","x")',
    "last_name": "=1+1",
    "organisation": "+1-2",
    "phone": "@SUM(A1)",
    "allergies": "-2+3",
    "diet_other": "=2*3",
    "accessibility_needs": "-SUM(A1:A9)",
    "arrival_place": "@NOW()",
    "job_title": "+CONCAT(A1)",
}
# The participant's fields each export shows.
SHOWN = {
    "attendees": set(DANGEROUS),
    "sessions": {"first_name", "last_name", "organisation", "phone"},
    "catering": {"first_name", "last_name", "organisation", "diet_other", "allergies"},
    "travel": {
        "first_name",
        "last_name",
        "organisation",
        "phone",
        "accessibility_needs",
        "arrival_place",
    },
    "coach": {"first_name", "last_name", "organisation", "phone", "accessibility_needs"},
    "funder": set(),
    "attendance": {"first_name", "last_name", "organisation"},
}


# -- reading exports back ----------------------------------------------------------------------


def xlsx(export):
    target = io.BytesIO()
    write_xlsx(export, target)
    target.seek(0)
    return load_workbook(target)


def values(sheet) -> list[list]:
    """Cell values row by row; an empty cell reads as ''."""
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def csv_content(export) -> bytes:
    return b"".join(csv_response(export).streaming_content)


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def records(rows: list[list], *columns: str) -> list[tuple]:
    """The named columns of a table whose first row is its header."""
    header, *body = rows
    index = [header.index(column) for column in columns]
    return [tuple(row[i] for i in index) for row in body]


# -- a programme -------------------------------------------------------------------------------


@pytest.fixture
def event():
    return EventFactory(slug="aix-lab", title="Living Lab +Resilient", starts_on=DAY, capacity=40)


@pytest.fixture
def programme(event):
    return {
        "workshop": SessionFactory(
            event=event,
            title="Card game A",
            capacity=1,
            starts_at=paris(DAY, 14),
            ends_at=paris(DAY, 16),
        ),
        "visit": SessionFactory(
            event=event,
            title="Coach visit to Jouques",
            kind=SessionKind.SITE_VISIT,
            capacity=30,
            starts_at=paris(DAY + dt.timedelta(days=1), 9),
            ends_at=paris(DAY + dt.timedelta(days=1), 12),
        ),
        "dinner": SessionFactory(
            event=event,
            title="Gala dinner",
            kind=SessionKind.MEAL,
            capacity=None,
            starts_at=paris(DAY, 19, 30),
            ends_at=paris(DAY, 22),
        ),
    }


@pytest.fixture
def international(event, programme):
    """Four people in four alphabets holding a place, one waiting, one who cancelled."""
    event.capacity = 4
    event.save()
    eleni = register(
        event,
        sessions=[programme["workshop"], programme["dinner"]],
        diets=["vegetarian"],
        first_name="Ελένη",
        last_name="Παπαδοπούλου",
        organisation="Περιφέρεια Κρήτης",
        country="GR",
        languages=["el", "en"],
        travel_mode="plane",
        arrival_date=EVE,
        arrival_time=dt.time(18, 40),
        arrival_place="Marseille Provence airport",
        departure_date=LAST_DAY,
        accommodation_nights=[EVE.isoformat(), DAY.isoformat()],
        needs_invitation_letter=True,
    ).registration
    register(
        event,
        sessions=[programme["workshop"], programme["visit"]],
        first_name="Ђорђе",
        last_name="Ђурђевић",
        organisation="Град Нови Сад",
        country="RS",
        languages=["other"],
    )
    register(
        event,
        sessions=[programme["visit"]],
        first_name="Ëndrit",
        last_name="Çelaj",
        organisation="Bashkia e Tiranës",
        country="AL",
        languages=["sq"],
    )
    gone = register(event, first_name="Xavier", last_name="Moreau", country="FR")
    services.cancel_registration(registration=gone.registration)
    register(
        event,
        sessions=[programme["dinner"]],
        first_name="Šime",
        last_name="Čačić",
        organisation="Šibensko-kninska županija",
        job_title="Voditelj odjela, Đakovo",
        country="HR",
        languages=["hr"],
    )
    register(event, sessions=[programme["dinner"]], first_name="Luca", last_name="Bianchi")
    Registration.objects.filter(pk=eleni.pk).update(
        created_at=REGISTERED, invitation_letter_sent_at=LETTER_SENT
    )
    return eleni


# -- 1. attendee list in XLSX ------------------------------------------------------------------


def attendee_sheet(event):
    return xlsx(exports.for_event(event, "attendees")).worksheets[0]


def test_attendee_xlsx_has_header_row_frozen_and_column_widths(event, international):
    sheet = attendee_sheet(event)

    assert values(sheet)[0] == ATTENDEE_HEADERS
    assert sheet.freeze_panes == "A2"
    widths = [
        sheet.column_dimensions[get_column_letter(n)].width
        for n in range(1, len(ATTENDEE_HEADERS) + 1)
    ]
    assert widths == [column.width for column in ATTENDEE_COLUMNS]
    assert sheet.column_dimensions["A"].width == 8
    assert sheet.column_dimensions["AE"].width == 40  # Sessions booked


def test_attendee_xlsx_writes_dates_and_times_as_dates(event, international):
    sheet = attendee_sheet(event)

    rows = values(sheet)
    (line,) = [n for n, row in enumerate(rows, start=1) if "Παπαδοπούλου" in row]
    cells = dict(zip(ATTENDEE_HEADERS, rows[line - 1], strict=True))
    assert cells["Registered"] == in_paris(REGISTERED)
    assert cells["Arrival date"] == dt.datetime.combine(EVE, dt.time())
    assert cells["Arrival time"] == dt.time(18, 40)
    assert cells["Departure date"] == dt.datetime.combine(LAST_DAY, dt.time())
    assert cells["Departure time"] == ""
    assert cells["Invitation letter sent"] == in_paris(LETTER_SENT)
    assert cells["Number of nights"] == 2
    assert cells["Accommodation nights"] == f"{EVE}, {DAY}"
    arrival = sheet.cell(row=line, column=ATTENDEE_HEADERS.index("Arrival date") + 1)
    assert arrival.number_format == "yyyy-mm-dd"
    assert arrival.is_date is True


def test_attendee_xlsx_keeps_greek_cyrillic_albanian_and_croatian_letters(event, international):
    sheet = attendee_sheet(event)

    assert sorted(
        records(values(sheet), "First name", "Last name", "Organisation", "Job title", "Country")
    ) == [
        ("Luca", "Bianchi", "Region of Crete", "", "Greece"),
        ("Ëndrit", "Çelaj", "Bashkia e Tiranës", "", "Albania"),
        ("Šime", "Čačić", "Šibensko-kninska županija", "Voditelj odjela, Đakovo", "Croatia"),
        ("Ελένη", "Παπαδοπούλου", "Περιφέρεια Κρήτης", "", "Greece"),
        ("Ђорђе", "Ђурђевић", "Град Нови Сад", "", "Serbia"),
    ]


def test_attendee_export_has_one_row_per_registration_not_cancelled_with_its_sessions(
    event, international
):
    sheet = attendee_sheet(event)

    rows = records(values(sheet), "Last name", "Status", "Sessions booked", "Waiting lists")
    assert len(rows) == 5
    assert {row[0]: row[1:] for row in rows} == {
        "Παπαδοπούλου": ("Confirmed", "Card game A, Gala dinner", ""),
        "Ђурђевић": ("Confirmed", "Coach visit to Jouques", "Card game A"),
        "Çelaj": ("Confirmed", "Coach visit to Jouques", ""),
        "Čačić": ("Confirmed", "Gala dinner", ""),
        # On the event's waiting list: the dinner is only held, not booked.
        "Bianchi": ("On the waiting list", "", ""),
    }


def test_attendee_xlsx_survives_control_characters_in_free_text(event):
    # The public form strips control characters from names and allergies only; a vertical tab
    # (Word's line break) pasted into the organisation is stored as it is.
    register(event, organisation="Region of Crete,\x0bHeraklion")

    sheet = attendee_sheet(event)

    ((organisation,),) = records(values(sheet), "Organisation")
    assert re.findall(r"\w+", organisation) == ["Region", "of", "Crete", "Heraklion"]


# -- 2. formula injection, CSV encoding --------------------------------------------------------


@pytest.fixture
def dangerous(event, programme):
    register(
        event,
        sessions=list(programme.values()),
        diets=["other"],
        arrival_date=EVE,
        accommodation_nights=[EVE.isoformat()],
        needs_invitation_letter=True,
        **DANGEROUS,
    )
    register(event, sessions=[programme["visit"]], first_name="Ελένη", phone="+30 69 1234 5678")


@pytest.mark.parametrize("name", list(exports.EXPORTS))
def test_xlsx_export_writes_dangerous_text_as_plain_text(event, dangerous, name):
    book = xlsx(exports.for_event(event, name))

    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    shown = {cell.value for cell in cells} & set(DANGEROUS.values())
    assert shown == {DANGEROUS[field] for field in SHOWN[name]}


@pytest.mark.parametrize("name", list(exports.EXPORTS))
def test_csv_export_prefixes_dangerous_text_with_a_quote(event, dangerous, name):
    content = csv_content(exports.for_event(event, name))

    cells = {cell for row in csv_rows(content) for cell in row}
    assert [cell for cell in cells if cell and cell[0] in "=+-@|%"] == []
    quoted = {cell for cell in cells if cell.startswith("'") and cell[1:] in DANGEROUS.values()}
    assert quoted == {"'" + DANGEROUS[field] for field in SHOWN[name]}


def test_csv_export_quotes_a_formula_hidden_behind_a_tab_or_carriage_return(event):
    typed = register(event, last_name="Rossi", allergies="\t=1+1").registration
    # Rows written before the services cleaned text, or by hand in the database.
    older = register(event, last_name="Bianchi").registration
    Registration.objects.filter(pk=older.pk).update(allergies="\t=1+1", diet_other="\r=2+2")

    content = csv_content(exports.for_event(event, "attendees"))

    typed.refresh_from_db()
    assert typed.allergies == "=1+1"  # the service drops the tab
    rows = dict(records(csv_rows(content), "Last name", "Allergies"))
    assert rows == {"Rossi": "'=1+1", "Bianchi": "'\t=1+1"}
    assert dict(records(csv_rows(content), "Last name", "Other dietary requirement")) == {
        "Rossi": "",
        "Bianchi": "'\r=2+2",
    }


# Texts a spreadsheet might read as formulas, or that look like one and are not.
PAYLOADS = [
    *DANGEROUS.values(),
    *("=cmd|' /C calc'!A0", "|pipe", "%APPDATA%", "-12.5", "-1,000", "+33 4 42 17 00 00"),
    *("-", "+", "=", "@", "a=1", "", "Ελένη", "--help", "-1-1", "'=1"),
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_cell_is_escaped_as_defusedcsv_escapes_it(payload):
    """The export's own rule (registrations/exports/base.py) against the library's."""
    from defusedcsv.csv import _escape as defusedcsv_escape

    assert formula_safe(payload) == defusedcsv_escape(payload)


def test_headers_and_titles_typed_by_organizers_are_escaped_too(event):
    register(event)
    QuestionFactory(event=event, label_en="=HYPERLINK(1)")

    content = csv_content(exports.for_event(event, "attendees"))

    assert "'=HYPERLINK(1)" in csv_rows(content)[0]


def test_csv_export_quotes_phone_numbers_that_start_with_plus(event, dangerous):
    content = csv_content(exports.for_event(event, "attendees"))

    phones = records(csv_rows(content), "First name", "Mobile phone")
    assert sorted(phones) == [
        ("'" + DANGEROUS["first_name"], "'@SUM(A1)"),
        ("Ελένη", "'+30 69 1234 5678"),
    ]


def test_csv_export_starts_with_byte_order_mark_and_is_utf8(event, international):
    content = csv_content(exports.for_event(event, "attendees"))

    assert content.startswith(codecs.BOM_UTF8)
    assert content.count(codecs.BOM_UTF8) == 1
    text = content[len(codecs.BOM_UTF8) :].decode("utf-8")
    assert "Παπαδοπούλου,Ελένη" in text
    assert "Ђурђевић,Ђорђе" in text
    assert "Çelaj,Ëndrit" in text
    assert "Čačić,Šime" in text


def test_csv_attendee_export_parses_back_into_columns(event, international):
    content = csv_content(exports.for_event(event, "attendees"))

    rows = csv_rows(content)
    assert rows[0] == ATTENDEE_HEADERS
    assert all(len(row) == len(ATTENDEE_HEADERS) for row in rows)
    (eleni,) = [dict(zip(ATTENDEE_HEADERS, row, strict=True)) for row in rows if row[4] == "Ελένη"]
    assert {
        key: eleni[key]
        for key in [
            "Status",
            "Registered",
            "Organisation type",
            "Languages",
            "Dietary requirements",
            "Travelling by",
            "Arrival date",
            "Arrival time",
            "Departure date",
            "Departure time",
            "Accommodation nights",
            "Number of nights",
            "Invitation letter wanted",
            "Invitation letter sent",
            "Photo consent",
            "Sessions booked",
        ]
    } == {
        "Status": "Confirmed",
        "Registered": f"{in_paris(REGISTERED):%Y-%m-%d %H:%M}",
        "Organisation type": "Public authority",
        "Languages": "English, Greek",
        "Dietary requirements": "Vegetarian",
        "Travelling by": "Plane",
        "Arrival date": EVE.isoformat(),
        "Arrival time": "18:40",
        "Departure date": LAST_DAY.isoformat(),
        "Departure time": "",
        "Accommodation nights": f"{EVE}, {DAY}",
        "Number of nights": "2",
        "Invitation letter wanted": "Yes",
        "Invitation letter sent": f"{in_paris(LETTER_SENT):%Y-%m-%d %H:%M}",
        "Photo consent": "No",
        "Sessions booked": "Card game A, Gala dinner",
    }


# -- 3. session lists --------------------------------------------------------------------------


def test_session_list_shows_seats_by_name_then_waiting_list_in_queue_order(event, programme):
    workshop = SessionFactory(
        event=event, title="Small room", capacity=2, starts_at=paris(LAST_DAY, 9)
    )
    for first, last in [("Zoe", "Zola"), ("Anna", "Abram"), ("Marta", "Mendes")]:
        register(event, sessions=[workshop], first_name=first, last_name=last)
    gone = register(event, sessions=[workshop], first_name="Ivo", last_name="Kovač")
    register(event, sessions=[workshop], first_name="Ben", last_name="Bauer")
    services.cancel_registration(registration=gone.registration)

    book = xlsx(exports.for_event(event, "sessions"))

    sheet = book["Small room"]
    rows = values(sheet)
    assert rows[0][0] == f"Small room · {weekday(LAST_DAY)}, 09:00–11:00"
    assert records(rows[1:], "Position", "Status", "Last name", "First name") == [
        (1, "Confirmed", "Abram", "Anna"),
        (2, "Confirmed", "Zola", "Zoe"),
        (1, "On the waiting list", "Mendes", "Marta"),
        (2, "On the waiting list", "Bauer", "Ben"),
    ]


@pytest.mark.parametrize(
    ("name", "header", "widths"),
    [
        ("sessions", ["Position", "Status", "Last name"], [9, 16, 18]),
        ("coach", ["Seat", "Last name", "First name"], [6, 18, 16]),
    ],
)
def test_xlsx_table_under_a_note_freezes_its_header_and_sets_widths(
    event, programme, name, header, widths
):
    register(event, sessions=[programme["workshop"], programme["visit"]])

    book = xlsx(exports.for_event(event, name))

    sheet = book.worksheets[0]
    assert values(sheet)[1][:3] == header
    assert sheet.freeze_panes == "A3"
    assert [sheet.column_dimensions[letter].width for letter in "ABC"] == widths


def test_printed_lists_sort_croatian_dj_with_d(event):
    workshop = SessionFactory(event=event, title="Small room", starts_at=paris(LAST_DAY, 9))
    for last in ["Zorić", "Đurić", "Eterović", "Dabić", "Çela"]:
        register(event, sessions=[workshop], first_name="Ana", last_name=last)

    people = selectors.session_people([workshop])[workshop.pk]["confirmed"]

    names = [b.registration.last_name for b in people]
    assert names == ["Çela", "Dabić", "Đurić", "Eterović", "Zorić"]


# -- 4. catering -------------------------------------------------------------------------------


@pytest.fixture
def meals(event):
    lunch = SessionFactory(
        event=event,
        title="Welcome lunch",
        kind=SessionKind.MEAL,
        capacity=5,
        starts_at=paris(DAY, 12, 30),
        ends_at=paris(DAY, 14),
    )
    dinner = SessionFactory(
        event=event,
        title="Gala dinner",
        kind=SessionKind.MEAL,
        capacity=None,
        starts_at=paris(DAY, 19, 30),
        ends_at=paris(DAY, 22),
    )
    both = [lunch, dinner]
    register(event, sessions=both, diets=["vegan"], first_name="Paolo", last_name="Rossi")
    register(
        event,
        sessions=both,
        diets=["gluten_free", "vegetarian"],
        allergies="Peanuts",
        first_name="Rita",
        last_name="Ferreira",
    )
    register(event, sessions=[lunch], first_name="Jan", last_name="Novak")
    register(
        event,
        sessions=both,
        diets=["other"],
        diet_other="No pork",
        first_name="Ivana",
        last_name="Horvat",
    )
    register(
        event, sessions=[lunch], allergies="Shellfish", first_name="Claire", last_name="Dupont"
    )
    # Lunch is full: this one waits, and is not cooked for.
    register(
        event,
        sessions=[lunch],
        diets=["vegan"],
        allergies="Kiwi",
        first_name="Lea",
        last_name="Leroy",
    )
    gone = register(
        event,
        sessions=[dinner],
        diets=["vegan"],
        allergies="Sesame",
        first_name="Uwe",
        last_name="Weber",
    )
    services.cancel_registration(registration=gone.registration)


def test_catering_figures_count_confirmed_people_per_meal_and_diet(event, meals):
    figures = selectors.catering(event)

    assert [
        (m.session.title, m.total, m.without_requirement, m.by_diet, m.diet_counts)
        for m in figures.meals
    ] == [
        (
            "Welcome lunch",
            5,
            2,
            {"vegan": 1, "vegetarian": 1, "gluten_free": 1, "other": 1},
            [1, 1, 0, 0, 0, 1, 0, 1],
        ),
        (
            "Gala dinner",
            3,
            0,
            {"vegan": 1, "vegetarian": 1, "gluten_free": 1, "other": 1},
            [1, 1, 0, 0, 0, 1, 0, 1],
        ),
    ]
    # Each person with special needs once, with the meals they take.
    assert [(s.person.last_name, [m.title for m in s.meals]) for s in figures.special] == [
        ("Dupont", ["Welcome lunch"]),
        ("Ferreira", ["Welcome lunch", "Gala dinner"]),
        ("Horvat", ["Welcome lunch", "Gala dinner"]),
    ]


def test_catering_export_lists_counts_and_the_people_with_allergies(event, meals):
    book = xlsx(exports.for_event(event, "catering"))

    assert book.sheetnames == ["Meals", "Allergies and other requirem"]
    meal_rows, special_rows = (values(sheet) for sheet in book.worksheets)
    assert meal_rows == [
        [
            "Meal",
            "When",
            "People expected",
            "No requirement",
            "Vegetarian",
            "Vegan",
            "Pescatarian",
            "Halal",
            "Kosher",
            "Gluten-free",
            "Lactose-free",
            "Other",
        ],
        ["Welcome lunch", f"{weekday(DAY)}, 12:30–14:00", 5, 2, 1, 1, 0, 0, 0, 1, 0, 1],
        ["Gala dinner", f"{weekday(DAY)}, 19:30–22:00", 3, 0, 1, 1, 0, 0, 0, 1, 0, 1],
    ]
    assert special_rows == [
        [
            "Last name",
            "First name",
            "Organisation",
            "Meals",
            "Dietary requirements",
            "Other dietary requirement",
            "Allergies",
        ],
        [
            "Dupont",
            "Claire",
            "Region of Crete",
            f"Welcome lunch, {DAY:%a} {DAY.day}",
            "",
            "",
            "Shellfish",
        ],
        [
            "Ferreira",
            "Rita",
            "Region of Crete",
            f"Welcome lunch, {DAY:%a} {DAY.day}, Gala dinner, {DAY:%a} {DAY.day}",
            "Gluten-free, Vegetarian",
            "",
            "Peanuts",
        ],
        [
            "Horvat",
            "Ivana",
            "Region of Crete",
            f"Welcome lunch, {DAY:%a} {DAY.day}, Gala dinner, {DAY:%a} {DAY.day}",
            "Other",
            "No pork",
            "",
        ],
    ]


# -- 5. travel and accommodation ---------------------------------------------------------------


@pytest.fixture
def travellers(event):
    event.capacity = 4
    event.save()
    airport, station = "Marseille Provence airport", "Aix-en-Provence TGV"
    register(
        event,
        first_name="Ana",
        last_name="Vidal",
        email="ana@example.org",
        travel_mode="plane",
        arrival_date=EVE,
        arrival_time=dt.time(18, 40),
        arrival_place=airport,
        departure_date=LAST_DAY,
        departure_time=dt.time(17, 0),
        departure_place=airport,
        accommodation_nights=[DAY.isoformat(), EVE.isoformat()],
        accessibility_needs="Step-free room",
        needs_invitation_letter=True,
    )
    register(
        event,
        first_name="Bruno",
        last_name="Costa",
        travel_mode="train",
        arrival_date=EVE,
        arrival_time=dt.time(9, 15),
        arrival_place=station,
        departure_date=LAST_DAY,
        departure_time=dt.time(10, 30),
        departure_place=station,
        accommodation_nights=[DAY.isoformat(), (DAY + dt.timedelta(days=1)).isoformat()],
    )
    gone = register(
        event,
        first_name="Xavier",
        last_name="Moreau",
        arrival_date=EVE,
        arrival_time=dt.time(7, 0),
        arrival_place=airport,
        departure_date=LAST_DAY,
        accommodation_nights=[EVE.isoformat()],
        needs_invitation_letter=True,
    )
    services.cancel_registration(registration=gone.registration)
    register(
        event,
        first_name="Ëndrit",
        last_name="Çelaj",
        email="endrit@example.org",
        country="AL",
        travel_mode="car",
        arrival_date=DAY,
        arrival_place="Car park",
        needs_invitation_letter=True,
    )
    register(
        event,
        first_name="Dario",
        last_name="Conti",
        departure_date=LAST_DAY,
        departure_place=station,
    )
    # The event is full: she waits, and needs no room, coach or letter yet.
    register(
        event,
        first_name="Wanda",
        last_name="Weiss",
        arrival_date=EVE,
        arrival_time=dt.time(8, 0),
        arrival_place="Nice airport",
        departure_date=LAST_DAY,
        departure_time=dt.time(9, 0),
        departure_place="Nice airport",
        accommodation_nights=[DAY.isoformat()],
        needs_invitation_letter=True,
    )


def test_travel_export_lists_arrivals_departures_rooms_and_letters(event, travellers):
    book = xlsx(exports.for_event(event, "travel"))

    assert book.sheetnames == [
        "Arrivals",
        "Departures",
        "Accommodation",
        "Rooms per night",
        "Invitation letters",
    ]
    arrivals, departures, rooms, nights, letters = (values(sheet) for sheet in book.worksheets)
    eve, first, last = (dt.datetime.combine(d, dt.time()) for d in (EVE, DAY, LAST_DAY))
    airport, station = "Marseille Provence airport", "Aix-en-Provence TGV"
    assert records(
        arrivals, "Arrival date", "Arrival time", "Arriving at", "Travelling by", "Last name"
    ) == [
        (eve, dt.time(9, 15), station, "Train", "Costa"),
        (eve, dt.time(18, 40), airport, "Plane", "Vidal"),
        (first, "", "Car park", "Car", "Çelaj"),
    ]
    assert records(
        departures, "Departure date", "Departure time", "Leaving from", "Travelling by", "Last name"
    ) == [
        (last, dt.time(10, 30), station, "Train", "Costa"),
        (last, dt.time(17, 0), airport, "Plane", "Vidal"),
        (last, "", station, "", "Conti"),
    ]
    assert records(
        rooms,
        "Last name",
        "First name",
        "Accommodation nights",
        "Number of nights",
        "Accessibility needs",
    ) == [
        ("Costa", "Bruno", f"{DAY}, {DAY + dt.timedelta(days=1)}", 2, ""),
        ("Vidal", "Ana", f"{EVE}, {DAY}", 2, "Step-free room"),
    ]
    assert nights == [
        ["Night of", "Rooms", "Guests"],
        [eve, 1, "Ana Vidal"],
        [first, 2, "Bruno Costa, Ana Vidal"],
        [first + dt.timedelta(days=1), 1, "Bruno Costa"],
    ]
    # Sorted by the database's collation (where Ç comes depends on it): compare as a set.
    assert set(records(letters, "Last name", "First name", "Country", "Email")) == {
        ("Çelaj", "Ëndrit", "Albania", "endrit@example.org"),
        ("Vidal", "Ana", "Greece", "ana@example.org"),
    }


# -- 6. coach manifest -------------------------------------------------------------------------


def test_coach_manifest_seats_confirmed_people_of_the_site_visit(event, programme):
    visit = SessionFactory(
        event=event,
        title="Visit to the Cadarache dam",
        kind=SessionKind.SITE_VISIT,
        capacity=2,
        starts_at=paris(LAST_DAY, 9),
        ends_at=paris(LAST_DAY, 12),
    )
    gone = register(event, sessions=[visit], first_name="Ivo", last_name="Kovač")
    register(
        event,
        sessions=[visit],
        first_name="Marc",
        last_name="Zeller",
        email="marc@example.org",
        country="FR",
        organisation="Ville d’Aix",
        phone="+33 6 11 22 33 44",
    )
    services.cancel_registration(registration=gone.registration)
    register(
        event,
        sessions=[visit],
        first_name="Ana",
        last_name="Abram",
        email="ana@example.org",
        country="HR",
        organisation="Grad Zagreb",
        phone="+385 91 234 5678",
        accessibility_needs="Wheelchair user",
    )
    register(event, sessions=[visit], first_name="Marta", last_name="Mendes")  # waits
    register(event, sessions=[programme["workshop"]], first_name="Olga", last_name="Ortiz")

    book = xlsx(exports.for_event(event, "coach"))

    assert book.sheetnames == ["Coach visit to Jouques", "Visit to the Cadarache dam"]
    assert values(book["Coach visit to Jouques"])[2:] == []
    assert values(book["Visit to the Cadarache dam"]) == [
        [f"Visit to the Cadarache dam · {weekday(LAST_DAY)}, 09:00–12:00", *[""] * 8],
        [
            "Seat",
            "Last name",
            "First name",
            "Organisation",
            "Country",
            "Mobile phone",
            "Email",
            "Accessibility needs",
            "On board",
        ],
        [
            1,
            "Abram",
            "Ana",
            "Grad Zagreb",
            "Croatia",
            "+385 91 234 5678",
            "ana@example.org",
            "Wheelchair user",
            "",
        ],
        [
            2,
            "Zeller",
            "Marc",
            "Ville d’Aix",
            "France",
            "+33 6 11 22 33 44",
            "marc@example.org",
            "",
            "",
        ],
    ]


# -- 7. funder report --------------------------------------------------------------------------


@pytest.fixture
def funded(event):
    event.capacity = 5
    event.save()
    people = [
        ("GR", "female", "public_authority"),
        ("GR", "male", "research"),
        ("HR", "", "business"),
        ("AL", "undisclosed", "public_authority"),
    ]
    came = {
        "GR-female": [DAY, DAY + dt.timedelta(days=1)],
        "HR-": [DAY],
        "RS-other": [DAY + dt.timedelta(days=1)],
    }
    for country, gender, kind in people:
        register(event, country=country, gender=gender, organisation_type=kind)
    gone = register(event, country="IT", gender="male", organisation_type="research")
    services.cancel_registration(registration=gone.registration)
    serbian = register(event, country="RS", gender="other", organisation_type="social_economy")
    # The event is full: she waits, and is not counted.
    register(event, country="FR", gender="female", organisation_type="business")
    for person in Registration.objects.filter(event=event, status="confirmed"):
        for date in came.get(f"{person.country.code}-{person.gender}", []):
            services.check_in(registration=person, at=paris(date, 9), now=paris(date, 9, 30))
    return serbian


# Registered, attended, then attended on each of the three days.
FUNDER_FIGURES = [
    (
        "By country",
        [
            ("Greece", 2, 1, 1, 1, 0),
            ("Albania", 1, 0, 0, 0, 0),
            ("Croatia", 1, 1, 1, 0, 0),
            ("Serbia", 1, 1, 0, 1, 0),
        ],
    ),
    (
        "By organisation type",
        [
            ("Public authority", 2, 1, 1, 1, 0),
            ("Research or university", 1, 0, 0, 0, 0),
            ("Business", 1, 1, 1, 0, 0),
            ("Social economy or NGO", 1, 1, 0, 1, 0),
            ("Civil society or citizen", 0, 0, 0, 0, 0),
            ("Other", 0, 0, 0, 0, 0),
        ],
    ),
    (
        "By gender",
        [
            ("Woman", 1, 1, 1, 1, 0),
            ("Man", 1, 0, 0, 0, 0),
            ("Another gender", 1, 1, 0, 1, 0),
            ("Not stated", 2, 1, 1, 0, 0),
        ],
    ),
]
FUNDER_TOTAL = ("Total", 5, 3, 2, 2, 0)


def at(date: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment as the export writes it: local time, without its zone."""
    return dt.datetime.combine(date, dt.time(hour, minute))


DAYS = [date_format(DAY + dt.timedelta(days=n), "D j M") for n in range(3)]
FUNDER_HEADER = ["Category", "Registered", "Attended", *DAYS]


def test_funder_figures_count_registered_and_attended_each_day(event, funded):
    figures = attendance.report(event)

    assert [
        (
            str(b.title),
            [(str(r.label), r.registered, r.attended, *r.by_day) for r in b.rows],
            (str(b.total.label), b.total.registered, b.total.attended, *b.total.by_day),
        )
        for b in figures.breakdowns
    ] == [(title, rows, FUNDER_TOTAL) for title, rows in FUNDER_FIGURES]


def test_funder_report_xlsx_has_a_sheet_per_breakdown_then_the_sessions(event, funded):
    SessionFactory(event=event, title="Card game", capacity=None)

    book = xlsx(exports.for_event(event, "funder"))

    sheets = {sheet.title: values(sheet) for sheet in book.worksheets}
    assert sheets == {
        **{
            title: [FUNDER_HEADER, *[list(row) for row in rows], list(FUNDER_TOTAL)]
            for title, rows in FUNDER_FIGURES
        },
        "Sessions": [
            ["Session", "When", "Registered", "Attended"],
            ["Card game", f"{day(DAY)}, 14:00–16:00", 0, 0],
        ],
    }


def test_funder_report_csv_titles_each_table(event, funded):
    content = csv_content(exports.for_event(event, "funder"))

    expected = []
    for title, rows in FUNDER_FIGURES:
        expected += [[], [title], FUNDER_HEADER]
        expected += [[str(n) for n in row] for row in [*rows, FUNDER_TOTAL]]
    expected += [[], ["Sessions"], ["Session", "When", "Registered", "Attended"]]
    assert csv_rows(content) == expected[1:]


def test_attendance_export_shows_each_day_and_session_as_seen(event, funded):
    visit = SessionFactory(event=event, title="Coach visit", kind="site_visit", capacity=None)
    serbian = funded.registration
    services.set_bookings(registration=serbian, session_ids=[visit.pk])
    services.check_in(
        registration=serbian, session=visit, at=paris(DAY, 14, 5), now=paris(DAY, 14, 6)
    )

    book = xlsx(exports.for_event(event, "attendance"))

    rows = values(book.worksheets[0])
    assert rows[0][4:] == [
        "Organisation type",
        "Gender",
        "Status",
        *DAYS,
        "Days present",
        f"Coach visit ({day(DAY)}, 14:00–16:00)",
    ]
    seen = {(row[3], row[5]): row[7:] for row in rows[1:]}
    assert seen[("Greece", "Woman")] == [
        at(DAY, 9),
        at(DAY + dt.timedelta(days=1), 9),
        "",
        2,
        "",
    ]
    assert seen[("Serbia", "Another gender")] == [
        at(DAY, 14, 5),
        at(DAY + dt.timedelta(days=1), 9),
        "",
        2,
        at(DAY, 14, 5),
    ]
    assert len(rows) == 1 + 5


# -- 9. downloads from the admin ---------------------------------------------------------------

FILE_NAMES = {
    "attendees": "attendees",
    "sessions": "sessions",
    "catering": "catering",
    "travel": "travel",
    "coach": "coach",
    "funder": "funder-report",
    "attendance": "attendance",
}
# What a download opens with, to tell that it holds the right list: in XLSX the first sheet's
# name, in CSV the first cell (a table's title when there are several tables, else a header).
OPENINGS = {
    "attendees": {"xlsx": "Attendees", "csv": "Number"},
    "sessions": {"xlsx": "Card game A", "csv": "Card game A"},
    "catering": {"xlsx": "Meals", "csv": "Meals"},
    "travel": {"xlsx": "Arrivals", "csv": "Arrivals"},
    "coach": {"xlsx": "Coach visit to Jouques", "csv": "Seat"},
    "funder": {"xlsx": "By country", "csv": "By country"},
    "attendance": {"xlsx": "Attendance", "csv": "Last name"},
}


@pytest.mark.parametrize(
    ("file_format", "content_type"),
    [("xlsx", XLSX_TYPE), ("csv", "text/csv; charset=utf-8")],
)
@pytest.mark.parametrize("name", list(exports.EXPORTS))
def test_event_export_downloads_as_attachment(
    admin_client, event, international, name, file_format, content_type
):
    response = admin_client.get(
        reverse("admin:program_event_export", args=[event.pk, name, file_format])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert re.fullmatch(
        rf'attachment; filename="aix-lab-{FILE_NAMES[name]}-\d{{8}}-\d{{4}}\.{file_format}"',
        response["Content-Disposition"],
    )
    content = b"".join(response.streaming_content)
    if file_format == "xlsx":
        opening = load_workbook(io.BytesIO(content)).sheetnames[0]
    else:
        opening = csv_rows(content)[0][0]
    assert opening == OPENINGS[name][file_format]


@pytest.mark.parametrize(("name", "file_format"), [("badges", "xlsx"), ("attendees", "pdf")])
def test_event_export_of_unknown_name_or_format_is_not_found(
    admin_client, event, name, file_format
):
    response = admin_client.get(
        reverse("admin:program_event_export", args=[event.pk, name, file_format])
    )

    assert response.status_code == 404


def test_event_export_is_refused_to_staff_without_export_permission(
    client, django_user_model, event
):
    user = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(user)

    response = client.get(reverse("admin:program_event_export", args=[event.pk, "travel", "csv"]))

    assert response.status_code == 403


def test_registration_list_export_keeps_the_admin_filters(admin_client, event):
    register(event, last_name="Rossi", diets=["vegan"])
    register(event, last_name="Ferreira", diets=["halal"])
    register(event, last_name="Bianchi", diets=["vegan", "gluten_free"])
    register(event, last_name="Novak")

    response = admin_client.get(
        reverse("admin:registrations_registration_export", args=["csv"]) + "?diet=vegan"
    )

    assert response.status_code == 200
    rows = csv_rows(b"".join(response.streaming_content))
    assert records(rows, "Last name", "Dietary requirements") == [
        ("Bianchi", "Gluten-free, Vegan"),
        ("Rossi", "Vegan"),
    ]


def test_registration_list_export_of_unknown_format_is_not_found(admin_client, event):
    register(event, last_name="Rossi")

    response = admin_client.get(reverse("admin:registrations_registration_export", args=["pdf"]))

    assert response.status_code == 404

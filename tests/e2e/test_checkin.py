"""The door on a phone, in Chromium: a USB scanner that types, the camera fed a QR code, a name
typed and tapped, two staff scanning the same badge, and a scan made while the network is down."""

import io

import pytest
import segno
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Browser, BrowserType, Page, expect

from registrations.models import Attendance
from tests.factories import PARIS, EventFactory, SessionFactory, register, this_morning

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(autouse=True)
def _morning():
    """Today's sessions have not begun (tests.factories.this_morning)."""
    with this_morning():
        yield


@pytest.fixture
def event():
    event = EventFactory(
        starts_on=timezone.localtime(timezone.now(), PARIS).date(), title="Living Lab +Resilient"
    )
    event.coach = SessionFactory(event=event, title="Coach visit to Jouques", kind="site_visit")
    return event


def staff_member(name: str) -> User:
    user = User.objects.create_user(name, first_name=name.title(), is_staff=True)
    user.groups.add(Group.objects.get(name="Staff"))
    return user


def phone(browser: Browser, live_server, user: User, **options) -> Page:
    """A new phone-sized browser, logged in as this member of staff."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(**PHONE, **options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def door(live_server, event, **query) -> str:
    url = live_server.url + reverse("registrations:checkin", args=[event.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_usb_scanner_types_the_code_and_the_needs_show(browser, live_server, event):
    person = register(
        event, diets=["vegan"], allergies="Peanuts", accessibility_needs="Wheelchair user"
    ).registration
    page = phone(browser, live_server, staff_member("marie"))
    page.goto(door(live_server, event))

    field = page.get_by_label("Scan a code, or type a part of a name")
    expect(field).to_be_focused()
    field.type(person.checkin_code)
    field.press("Enter")

    verdict = page.locator("#checkin-result")
    expect(verdict).to_contain_text("Ελένη Παπαδοπούλου is checked in.")
    expect(verdict).to_contain_text("Vegan")
    expect(verdict).to_contain_text("Peanuts")
    expect(verdict).to_contain_text("Wheelchair user")
    expect(page.locator("#checkin-count")).to_contain_text("1 of 1 here")
    expect(field).to_be_focused()
    expect(field).to_have_value("")
    assert Attendance.objects.get().checked_in_by.username == "marie"

    verdict.get_by_role("button", name="Undo").click()
    expect(verdict).to_contain_text("Check-in of Ελένη Παπαδοπούλου undone.")
    assert Attendance.objects.count() == 0


def test_a_name_typed_in_latin_finds_greek_and_one_tap_checks_in(browser, live_server, event):
    register(event, sessions=[event.coach])
    register(event, first_name="Ëndrit", last_name="Çelaj")
    page = phone(browser, live_server, staff_member("marie"))
    page.goto(door(live_server, event))
    page.get_by_label("Checking people in for").select_option(label="14:00 Coach visit to Jouques")
    page.get_by_role("button", name="Choose").click()

    page.get_by_label("Scan a code, or type a part of a name").fill("eleni")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", name="1 person found for “eleni”")).to_be_visible()
    page.get_by_role("button", name="Check in Ελένη Παπαδοπούλου").click()

    expect(page.locator("#checkin-result")).to_contain_text("Ελένη Παπαδοπούλου is checked in.")
    assert Attendance.objects.get().session == event.coach


def test_two_staff_scan_the_same_badge_and_it_counts_once(browser, live_server, event):
    person = register(event).registration
    phones = [phone(browser, live_server, staff_member(name)) for name in ("marie", "nikos")]
    for page in phones:
        page.goto(door(live_server, event))
        page.get_by_label("Scan a code, or type a part of a name").fill(person.checkin_code)

    for page in phones:  # both press Enter before either answer comes back
        page.get_by_label("Scan a code, or type a part of a name").press(
            "Enter", no_wait_after=True
        )

    verdicts = [page.locator("#checkin-result .message") for page in phones]
    for verdict in verdicts:
        expect(verdict).not_to_be_empty()
    said = sorted(verdict.inner_text() for verdict in verdicts)
    assert said[0].startswith("Already checked in at ")
    assert said[0].endswith((" by Marie.", " by Nikos."))
    assert said[1] == "Ελένη Παπαδοπούλου is checked in."
    assert Attendance.objects.count() == 1


def test_a_scan_made_offline_is_kept_and_sent_when_the_network_is_back(browser, live_server, event):
    person = register(event).registration
    page = phone(browser, live_server, staff_member("marie"))
    page.goto(door(live_server, event))

    page.context.set_offline(True)
    scanned_at = timezone.now()
    field = page.get_by_label("Scan a code, or type a part of a name")
    field.fill(person.checkin_code)
    field.press("Enter")
    expect(page.locator("#checkin-queue")).to_contain_text("No network: 1 scan(s) kept")
    assert Attendance.objects.count() == 0
    page.context.set_offline(False)

    expect(page.locator("#checkin-result")).to_contain_text("is checked in", timeout=15_000)
    expect(page.locator("#checkin-queue")).to_be_hidden()
    attendance = Attendance.objects.get()
    assert abs((attendance.checked_in_at - scanned_at).total_seconds()) < 2


def fake_camera_file(code: str, folder) -> str:
    """A video for Chromium's fake camera (Y4M, grey levels only) showing the QR code."""
    qr = io.BytesIO()
    segno.make_qr(code, error="m").save(qr, kind="png", scale=8, border=6)
    image = Image.open(io.BytesIO(qr.getvalue())).convert("L")
    frame = Image.new("L", (640, 480), 255)
    frame.paste(image, ((640 - image.width) // 2, (480 - image.height) // 2))
    path = folder / "qr.y4m"
    with path.open("wb") as video:
        video.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(3):
            video.write(b"FRAME\n" + frame.tobytes() + bytes([128]) * (320 * 240 * 2))
    return str(path)


def test_the_camera_reads_a_badge(
    browser_type: BrowserType, browser_type_launch_args, live_server, event, tmp_path
):
    person = register(event).registration
    camera = fake_camera_file(person.checkin_code, tmp_path)
    args = [
        *browser_type_launch_args["args"],
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={camera}",
    ]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    try:
        page = phone(browser, live_server, staff_member("marie"), permissions=["camera"])
        page.goto(door(live_server, event))

        page.get_by_role("button", name="Scan with the camera").click()

        expect(page.locator("#checkin-result")).to_contain_text(
            "Ελένη Παπαδοπούλου is checked in.", timeout=15_000
        )
        expect(page.get_by_role("button", name="Stop the camera")).to_be_visible()
        assert Attendance.objects.count() == 1
    finally:
        browser.close()

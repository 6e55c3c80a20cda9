"""A benchmark to rerun: public pages against a bare Django view, exports against reading the rows.

    make bench          (a throwaway PostgreSQL, see scripts/with-postgres)

Timings depend on the machine; the ratios, measured in the same run, are what to compare from one
change to the next. Everything runs in one process through Django's test client (no network), on
a database created for the run: the demo event, then 10,000 fictional registrations for the
export figures.
"""

import datetime as dt
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livinglab.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402

PEOPLE = 10_000
REPEAT = 30


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("__bare__/", bare), path("", include("livinglab.urls"))]


def median_ms(function, repeat: int = REPEAT) -> float:
    function()  # warm caches, templates, connections
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def pages(client: Client, slug: str) -> None:
    baseline = median_ms(lambda: client.get("/__bare__/"))
    print(f"\nPages (median of {REPEAT}, ms; ratio to a bare Django view)")
    print(f"  {'bare view':32} {baseline:8.2f}   1.0")
    for name, url in [
        ("event page", f"/{slug}/"),
        ("programme", f"/{slug}/programme/"),
        ("registration form", f"/{slug}/register/"),
    ]:
        assert client.get(url).status_code == 200, url
        ms = median_ms(lambda url=url: client.get(url))
        print(f"  {name:32} {ms:8.2f} {ms / baseline:5.1f}")


def many_people(event) -> None:
    from registrations.models import Registration

    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(
            event=event,
            status="confirmed",
            first_name=f"Ελένη {n}",
            last_name=f"Παπαδοπούλου-Ђурђевић {n}",
            email=f"bench{n}@example.org",
            organisation='=HYPERLINK("http://example.org")' if n % 100 == 0 else "Grad Split",
            organisation_type="public_authority",
            country="HR",
            languages=["hr", "en"],
            accommodation_nights=[event.starts_on.isoformat()],
            arrival_date=event.starts_on,
            arrival_time=dt.time(9, 30),
            privacy_consent_at=now,
        )
        for n in range(PEOPLE)
    )


def exports(event) -> None:
    from registrations import exports as exporting
    from registrations.exports.base import _csv_lines, write_xlsx
    from registrations.models import Registration

    rows = Registration.objects.filter(event=event)

    def read_rows():
        for _ in rows.values_list("pk", "first_name", "last_name", "email").iterator(2000):
            pass

    def export_csv():
        for _ in _csv_lines(exporting.attendees(rows, event=event)):
            pass

    def export_xlsx():
        with open(os.devnull, "wb") as sink:
            write_xlsx(exporting.attendees(rows, event=event), sink)

    print(f"\nExports of {rows.count():,} registrations (seconds; ratio to reading the rows)")
    baseline = measure(read_rows)
    print(f"  {'read the rows':32} {baseline[0]:8.2f}   1.0   peak memory {baseline[1]:6.1f} MB")
    for name, function in [("attendees, CSV", export_csv), ("attendees, XLSX", export_xlsx)]:
        seconds, peak = measure(function)
        print(
            f"  {name:32} {seconds:8.2f} {seconds / baseline[0]:5.1f}   peak memory {peak:6.1f} MB"
        )


def measure(function) -> tuple[float, float]:
    """Seconds (a plain run), then the peak of Python memory (a second run, traced: tracing
    slows Python down too much to time the same run)."""
    start = time.perf_counter()
    function()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak


def main() -> None:
    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0)
    print(f"Database: {connection.vendor} ({database})")
    try:
        with override_settings(DEBUG=True):
            call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        from program.models import Event

        event = Event.objects.get(slug="living-lab-resilient")
        with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
            pages(Client(), event.slug)
        many_people(event)
        exports(event)
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()

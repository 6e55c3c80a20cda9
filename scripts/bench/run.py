"""The benchmark: the production setup on this machine, measured over HTTP.

    make bench      (or: scripts/with-postgres .venv/bin/python -m scripts.bench.run)

gunicorn with several sync workers, DEBUG off, PostgreSQL (a throwaway one from
scripts/with-postgres), the demo event plus 10,000 registrations, an SMTP server that accepts
everything; wrk as the load generator. In one run:

- a bare Django view behind the same middleware, measured before and after each page: the
  ceiling each page is compared with;
- the event page, the programme, the registration form, a private page: requests/s, p50, p99;
- a registration rush (16 clients, each request a new person with a workshop in every slot):
  requests/s, p99, errors, then the seat rules checked from the rows;
- the attendee CSV and XLSX for 10,000 and 100,000 registrations: time, the serving worker's
  peak memory growth, and the CSV's rows/s against PostgreSQL's COPY of the same rows.

It prints a table and writes it to docs/BENCHMARK.md. Ratios in one run are what to compare.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
SECONDS = os.environ.get("BENCH_SECONDS", "8")
CLIENTS = "16"
PEOPLE = 10_000
MORE_PEOPLE = 100_000
REPORT = ROOT / "docs" / "BENCHMARK.md"
# `python -m scripts.bench.run pages` measures only that part (no report written).
PARTS = set(sys.argv[1:]) or {"pages", "exports", "rush"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(port: int, smtp: int, static: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scripts.bench.settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_COOKIES": "0",
        # Plain HTTP on the loopback: no redirect to HTTPS (production keeps it on).
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp}",
        "REGISTRATION_RATE": "100000000/h",
        "LOG_LEVEL": "WARNING",
    }


def run(args: list[str], env: dict) -> str:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


class Site:
    """gunicorn serving the site, with its workers' process ids for memory readings."""

    def __init__(self, env: dict, port: int, folder: Path) -> None:
        self.pidfile = folder / "gunicorn.pid"
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "livinglab.wsgi",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{port}",
                "--pid",
                str(self.pidfile),
                "--log-level",
                "warning",
                # As the README's production command: a long export must not be cut.
                "--timeout",
                "120",
            ],
            env=env,
            cwd=ROOT,
        )
        self.url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(self.url + "/__bare__/", timeout=2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def workers(self) -> list[int]:
        master = self.pidfile.read_text().strip()
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return [int(pid) for pid in children]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def wrk(url: str, *args: str, env: dict | None = None) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CLIENTS}", f"-d{SECONDS}s", "--latency", *args, url],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])}
    for name, pattern in (("p50", r"50%\s+([\d.]+)(\w+)"), ("p99", r"99%\s+([\d.]+)(\w+)")):
        value, unit = re.search(pattern, out).groups()
        figures[name] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    figures["requests"] = int(re.search(r"(\d+) requests in", out)[1])
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["non_2xx"] = int(non_2xx[1]) if non_2xx else 0
    errors = re.search(r"BENCH_ERRORS (\d+)", out)
    figures["errors"] = int(errors[1]) if errors else figures["non_2xx"]
    socket_errors = re.search(r"Socket errors: (.*)", out)
    figures["socket"] = socket_errors[1] if socket_errors else ""
    return figures


def pages(site: Site, data: dict) -> list[dict]:
    slug, key = data["slug"], data["key"]
    rows = []
    for name, path in [
        ("event page", f"/en/{slug}/"),
        ("programme", f"/en/{slug}/programme/"),
        ("registration form", f"/en/{slug}/register/"),
        ("private page", f"/en/{slug}/r/{key}/"),
    ]:
        before = wrk(site.url + "/__bare__/")
        page = wrk(site.url + path)
        after = wrk(site.url + "/__bare__/")
        ceiling = (before["rps"] + after["rps"]) / 2
        rows.append({"what": name, **page, "ceiling": ceiling, "ratio": page["rps"] / ceiling})
    return rows


def rush(site: Site, data: dict, env: dict) -> dict:
    before = wrk(site.url + "/__bare__/")
    script = str(Path(__file__).with_name("post.lua"))
    lua_env = {
        **os.environ,
        "BENCH_BODY": data["body"],
        "BENCH_TOKEN": data["token"],
        "BENCH_PATH": f"/en/{data['slug']}/register/",
    }
    figures = wrk(site.url + f"/en/{data['slug']}/register/", "-s", script, env=lua_env)
    after = wrk(site.url + "/__bare__/")
    ceiling = (before["rps"] + after["rps"]) / 2
    return {
        "what": "registration POST",
        **figures,
        "ceiling": ceiling,
        "ratio": figures["rps"] / ceiling,
        "overbooked": overbooked(env),
    }


def overbooked(env: dict) -> list:
    with psycopg2.connect(env["DATABASE_URL"]) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT s.id, s.capacity, COUNT(b.id) FROM program_session s"
            " JOIN registrations_booking b ON b.session_id = s.id AND b.status = 'confirmed'"
            " WHERE s.capacity IS NOT NULL GROUP BY s.id HAVING COUNT(b.id) > s.capacity"
            " UNION ALL SELECT e.id, e.capacity, COUNT(r.id) FROM program_event e"
            " JOIN registrations_registration r ON r.event_id = e.id AND r.status = 'confirmed'"
            " WHERE e.capacity IS NOT NULL GROUP BY e.id HAVING COUNT(r.id) > e.capacity"
        )
        return cursor.fetchall()


COPY_SQL = """
COPY (
  SELECT r.id, r.status, r.created_at, r.last_name, r.first_name, r.phone, r.email,
    r.organisation, r.organisation_type, r.country, r.job_title, r.languages::text, r.gender,
    r.preferred_language,
    (SELECT string_agg(d.diet, ', ' ORDER BY d.diet) FROM registrations_dietaryrequirement d
      WHERE d.registration_id = r.id),
    r.diet_other, r.allergies, r.accessibility_needs, r.travel_mode, r.arrival_date,
    r.arrival_time, r.arrival_place, r.departure_date, r.departure_time, r.departure_place,
    r.accommodation_nights::text, jsonb_array_length(r.accommodation_nights),
    r.needs_invitation_letter, r.invitation_letter_sent_at, r.photo_consent,
    (SELECT string_agg(s.title_en, ', ' ORDER BY s.starts_at) FROM registrations_booking b
      JOIN program_session s ON s.id = b.session_id
      WHERE b.registration_id = r.id AND b.status = 'confirmed'),
    (SELECT string_agg(s.title_en, ', ' ORDER BY s.starts_at) FROM registrations_booking b
      JOIN program_session s ON s.id = b.session_id
      WHERE b.registration_id = r.id AND b.status = 'waitlisted'),
    r.cancelled_at
  FROM registrations_registration r
  WHERE r.event_id = %s AND r.status <> 'cancelled'
  ORDER BY r.last_name, r.first_name, r.id
) TO STDOUT WITH CSV HEADER
"""


class Sink:
    def __init__(self) -> None:
        self.rows = 0

    def write(self, data) -> None:
        self.rows += data.count("\n") if isinstance(data, str) else data.count(b"\n")


def copy_rate(env: dict, event_id: int) -> tuple[float, int]:
    with psycopg2.connect(env["DATABASE_URL"]) as db, db.cursor() as cursor:
        sink, start = Sink(), time.perf_counter()
        cursor.copy_expert(cursor.mogrify(COPY_SQL, [event_id]).decode(), sink)
        seconds = time.perf_counter() - start
    return (sink.rows - 1) / seconds, sink.rows - 1


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def download(site: Site, data: dict, file_format: str) -> dict:
    """One export, timed, while every worker's memory is read every 20 ms."""
    workers = site.workers()
    start_rss = {pid: rss_kb(pid) for pid in workers}
    peak = dict(start_rss)
    done = threading.Event()

    def watch():
        while not done.is_set():
            for pid in workers:
                peak[pid] = max(peak[pid], rss_kb(pid))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    request = urllib.request.Request(
        f"{site.url}/admin/program/event/{data['event_id']}/export/attendees.{file_format}",
        headers={"Cookie": f"{data['session_cookie']}={data['session']}"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=3600) as response:
        size = sum(len(chunk) for chunk in iter(lambda: response.read(1 << 16), b""))
    seconds = time.perf_counter() - started
    done.set()
    watcher.join()
    growth = max(peak[pid] - start_rss[pid] for pid in workers) / 1024
    return {"seconds": seconds, "memory_mb": growth, "bytes": size}


def exports(site: Site, data: dict, env: dict, people: int) -> list[dict]:
    copy, rows = copy_rate(env, data["event_id"])
    results = []
    for file_format in ("csv", "xlsx"):
        figures = download(site, data, file_format)
        results.append(
            {
                "what": f"attendees {file_format.upper()}, {rows:,} rows",
                "rows": rows,
                **figures,
                "rows_per_s": rows / figures["seconds"],
                "copy": copy,
            }
        )
    return results


def create_database(url: str) -> None:
    """A database of its own for the run (scripts/with-postgres gives a role that may create)."""
    server, name = url.rsplit("/", 1)
    db = psycopg2.connect(server + "/postgres")
    db.autocommit = True
    with db.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    db.close()


def table(page_rows: list[dict], post: dict, export_rows: list[dict]) -> str:
    lines = [
        f"gunicorn {WORKERS} sync workers, DEBUG off, PostgreSQL, wrk -t2 -c{CLIENTS} "
        f"-d{SECONDS}s; ratios against a bare Django view behind the same middleware, measured "
        "just before and after each row.",
        "",
        "| what | req/s | p50 | p99 | bare view req/s | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for row in [*page_rows, *([post] if post else [])]:
        lines.append(
            f"| {row['what']} | {row['rps']:,.0f} | {row['p50']:.1f} ms | {row['p99']:.1f} ms "
            f"| {row['ceiling']:,.0f} | {row['ratio']:.3f} |"
        )
    if post:
        lines += [
            "",
            f"Registration rush: {post['requests']:,} posts, {post['errors']} errors "
            f"{post['socket'] and '(' + post['socket'] + ')'}, "
            f"overbooked: {post['overbooked'] or 'none'}.",
        ]
    lines += [
        "",
        "| export | time | rows/s | COPY rows/s | ratio to COPY | worker memory growth |",
        "|---|---|---|---|---|---|",
    ]
    for row in export_rows:
        ratio = row["rows_per_s"] / row["copy"]
        lines.append(
            f"| {row['what']} | {row['seconds']:.1f} s | {row['rows_per_s']:,.0f} "
            f"| {row['copy']:,.0f} | {ratio:.3f} | {row['memory_mb']:.1f} MB |"
        )
    return "\n".join(lines)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="livinglab-bench-"))
    port, smtp = free_port(), free_port()
    env = environment(port, smtp, folder / "static")
    sink = subprocess.Popen(
        [PYTHON, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{smtp}", "-c", "aiosmtpd.handlers.Sink"],
        cwd=ROOT,
    )
    site = None
    try:
        create_database(env["DATABASE_URL"])
        run([PYTHON, "manage.py", "migrate", "--no-input"], env)
        run([PYTHON, "manage.py", "collectstatic", "--no-input"], env)
        run([PYTHON, "manage.py", "demo"], {**env, "DEBUG": "1"})
        data = json.loads(run([PYTHON, "-m", "scripts.bench.data", "prepare", str(PEOPLE)], env))
        site = Site(env, port, folder)
        page_rows = pages(site, data) if "pages" in PARTS else []
        print(table(page_rows, None, []), flush=True)
        export_rows = exports(site, data, env, PEOPLE) if "exports" in PARTS else []
        print(table([], None, export_rows), flush=True)
        post = rush(site, data, env) if "rush" in PARTS else None
        print(table([], post, []), flush=True)
        if "exports" in PARTS:
            run([PYTHON, "-m", "scripts.bench.data", "add", str(MORE_PEOPLE - PEOPLE)], env)
            export_rows += exports(site, data, env, MORE_PEOPLE)
    finally:
        if site is not None:
            site.stop()
        sink.terminate()
        shutil.rmtree(folder, ignore_errors=True)
    report = table(page_rows, post, export_rows)
    print(report)
    if sys.argv[1:]:
        return
    REPORT.write_text(
        "# Benchmark\n\nThe latest run of `make bench` (see scripts/bench/run.py).\n\n"
        + report
        + "\n"
    )


if __name__ == "__main__":
    main()

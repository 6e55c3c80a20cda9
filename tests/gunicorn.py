"""The site served as production serves it: gunicorn with several worker processes, on the
test database, for the tests that must see what one process alone would hide."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def database_url() -> str:
    database = connection.settings_dict
    return "postgres://{}:{}@{}:{}/{}".format(
        quote(database["USER"]),
        quote(database["PASSWORD"]),
        database["HOST"],
        database["PORT"],
        database["NAME"],
    )


class Gunicorn:
    """`with Gunicorn(workers=4, log=path, SOME_SETTING="…") as url:` serves the site there."""

    def __init__(self, *, workers: int, log: Path, **environment: str) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.workers = workers
        self.log = log
        self.environment = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "EMAIL_URL": "dummymail://",
            **environment,
        }
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> str:
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "livinglab.wsgi"),
                *("--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)),
            ],
            cwd=ROOT,
            env=self.environment,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url + "/", timeout=5).close()
                return url
            except urllib.error.HTTPError:
                return url  # an answer, whatever it says
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer: see {self.log}")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

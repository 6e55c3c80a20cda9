"""The test run's own PostgreSQL (started by scripts/with-postgres), stopped and started for
real by the fault tests."""

import subprocess

from django.db import connection


class ThrowawayServer:
    """`ctl` runs pg_ctl on this server only (see LIVINGLAB_TEST_PG_CTL in scripts/with-postgres).

    A stop drops every connection, the test's own included: the test's is closed after each
    change, so that its next query connects again.
    """

    def __init__(self, ctl: str) -> None:
        self.ctl = ctl
        self.running = True

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run([self.ctl, *args, "-w"], check=True, capture_output=True, timeout=120)
        connection.close()

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "fast")
        self.running = False

    def start(self) -> None:
        self._pg_ctl("start")
        self.running = True

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

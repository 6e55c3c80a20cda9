"""A real SMTP server on loopback (aiosmtpd), for every test that sends email."""

import asyncio
import email
import socket
import threading
from email.policy import default as email_policy

from aiosmtpd.controller import Controller


class Inbox:
    """An SMTP server on 127.0.0.1 that keeps what it receives; it can be stopped and restarted,
    and can hold back its answer to one message (`hold_at`, counted from 1) until `go_on` is
    set: the sender then waits with its message received but not acknowledged."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller: Controller | None = None
        self.received = threading.Condition()
        self.hold_at: int | None = None
        self.go_on = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        with self.received:
            self.messages.append(email.message_from_bytes(envelope.content, policy=email_policy))
            count = len(self.messages)
            self.received.notify_all()
        if count == self.hold_at:
            await asyncio.get_running_loop().run_in_executor(None, self.go_on.wait)
        return "250 Message accepted"

    def wait_for(self, count: int, timeout: float = 120) -> bool:
        """Until `count` messages have arrived; False if they did not within `timeout` (a hang)."""
        with self.received:
            return self.received.wait_for(lambda: len(self.messages) >= count, timeout)

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.go_on.set()  # a held answer would keep the server from stopping
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

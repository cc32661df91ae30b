"""A real SMTP server on loopback (aiosmtpd), started once per test process: the forum's mail
goes through Flask-Mailman's SMTP backend to it, and tests read what it received."""

import email
import socket
import threading
import time
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    def __getitem__(self, header: str):
        return self.message[header]

    @property
    def to(self) -> str:
        return self.recipients[0]

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, content_type: str) -> str | None:
        body = self.message.get_body(preferencelist=(content_type.split("/")[1],))
        return body.get_content() if body is not None and body.get_content_type() == content_type else None

    @property
    def text(self) -> str:
        return self.part("text/plain") or ""

    @property
    def html(self) -> str:
        return self.part("text/html") or ""


class Mailbox:
    """What the server received, in order. `refuse` makes it answer 451 (try again later);
    `on_accept(received)`, if set, runs once a message is stored and before the server says
    250 to the sender."""

    def __init__(self):
        self.messages: list[Received] = []
        self.refuse = False
        self.on_accept = None
        self._lock = threading.Lock()
        self.port = _free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 4.3.0 Try again later"
        received = Received(envelope.mail_from, list(envelope.rcpt_tos),
                            email.message_from_bytes(envelope.content, policy=policy.default))
        with self._lock:
            self.messages.append(received)
        if self.on_accept is not None:
            self.on_accept(received)
        return "250 OK"

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
        self.refuse = False
        self.on_accept = None

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.recipients]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """The messages, once at least `count` arrived (other processes may be sending)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.messages)

    def stop(self) -> None:
        self._controller.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_server: Mailbox | None = None


def smtp_server() -> Mailbox:
    """This process's server, started on first use."""
    global _server
    if _server is None:
        _server = Mailbox()
    return _server

"""A real SMTP server on loopback (aiosmtpd), for tests: it keeps every mail it gets.

    from tests.mail_server import mail_server  # the fixture: one server per test
    ...                                        # DOSSIER_SMTP_URL points at it
    got = mail_server.wait_for("anna@test.nl")
    got.subject, got.text, got.html, got.link, got.message["Message-ID"]

`MailServer` can also be started by hand (the browser tests keep one per session):

    server = MailServer().start()
    env["DOSSIER_SMTP_URL"] = server.url
    ...
    server.stop()
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://[^\s<>\"]+")


@dataclass(frozen=True, slots=True)
class ReceivedMail:
    envelope_from: str
    envelope_to: tuple[str, ...]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def to(self) -> str:
        return str(self.message["To"])

    def _part(self, subtype: str) -> str:
        part = self.message.get_body(preferencelist=(subtype,))
        if part is None or part.get_content_subtype() != subtype:
            return ""
        return str(part.get_content())

    @property
    def text(self) -> str:
        return self._part("plain")

    @property
    def html(self) -> str:
        return self._part("html")

    @property
    def link(self) -> str:
        """The first link in the plain-text part ("" when there is none)."""
        found = LINK.search(self.text)
        return found.group(0) if found else ""


class _Handler:
    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.server._add(ReceivedMail(envelope.mail_from, tuple(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class MailServer:
    def __init__(self) -> None:
        self.received: list[ReceivedMail] = []
        self._lock = threading.Condition()
        self._controller: Controller | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> MailServer:
        self.port = _free_port()
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def _add(self, mail: ReceivedMail) -> None:
        with self._lock:
            self.received.append(mail)
            self._lock.notify_all()

    def mails_to(self, address: str) -> list[ReceivedMail]:
        with self._lock:
            return [
                m for m in self.received if address.lower() in (a.lower() for a in m.envelope_to)
            ]

    def wait_for(self, address: str, *, count: int = 1, timeout: float = 10.0) -> ReceivedMail:
        """The newest mail to `address` once at least `count` arrived; fails after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                mails = [
                    m
                    for m in self.received
                    if address.lower() in (a.lower() for a in m.envelope_to)
                ]
                if len(mails) >= count:
                    return mails[-1]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no mail to {address} within {timeout} s")
                self._lock.wait(left)

    def clear(self) -> None:
        with self._lock:
            self.received.clear()


@pytest.fixture
def mail_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[MailServer]:
    """A fresh SMTP server per test; the app's DOSSIER_SMTP_URL points at it."""
    from dossier.settings import get_settings

    server = MailServer().start()
    monkeypatch.setenv("DOSSIER_SMTP_URL", server.url)
    monkeypatch.setenv("DOSSIER_MAIL_FROM", "Gezinsdossier <noreply@dossier.test>")
    get_settings.cache_clear()
    try:
        yield server
    finally:
        server.stop()
        get_settings.cache_clear()

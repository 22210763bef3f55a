"""Sending a push never reaches inside the network, whatever endpoint was stored.

A listener on loopback stands in for what lives inside (an admin port, a database):
a stored subscription that spells loopback as a number, names IPv6 loopback, or whose
push-service name now resolves to a private address is refused before any connection
(REJECTED, not retried) and the listener is never contacted. The local test push
service keeps working outside production (tests/integration/test_push_send.py).

There is no DNS on the test machines (and tests must not depend on it), so where a
name has to resolve to a chosen address, `socket.getaddrinfo` is replaced for that
name only (`resolve_as`); `localhost` and numeric hosts go to the real resolver.
"""

from __future__ import annotations

import base64
import secrets
import socket
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from dossier.notify import sender, vapid
from dossier.notify.sender import Outcome, SendResult
from dossier.settings import get_settings


class Listener:
    """A TCP port on 127.0.0.1 that only counts who knocked."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]

    def contacted(self) -> bool:
        try:
            connection, _ = self.sock.accept()
        except BlockingIOError:
            return False
        connection.close()
        return True


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.sock.close()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def subscription(endpoint: str) -> dict[str, object]:
    """A device as a browser makes it: real keys, so only the address can stop a send."""
    public = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return {
        "endpoint": endpoint,
        "keys": {"p256dh": b64url(public), "auth": b64url(secrets.token_bytes(16))},
    }


def push(endpoint: str) -> SendResult:
    return sender.send(
        subscription(endpoint),
        {"title": "t", "url": "/"},
        ttl_seconds=60,
        urgency="normal",
        topic="abc",
        timeout=1.0,
    )


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_ENV", "production")
    monkeypatch.setenv("DOSSIER_ORIGIN", "https://dossier.example.nl")
    monkeypatch.setenv(vapid.PRIVATE_KEY_ENV, vapid.generate_keys().private_key_b64url)
    monkeypatch.delenv(vapid.SUBJECT_ENV, raising=False)
    get_settings.cache_clear()


def resolve_as(monkeypatch: pytest.MonkeyPatch, name: str, address: str, port: int) -> None:
    """`name` resolves to `address`, answering with the listener's port so that a
    sender that did connect would be seen there. Replaces getaddrinfo for this name
    only, because there is no DNS here; everything else goes to the real resolver."""
    real = socket.getaddrinfo

    def getaddrinfo(host, service, *args, **kwargs):
        if host != name:
            return real(host, service, *args, **kwargs)
        if ":" in address:
            return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://127.1:{port}/x",
        "https://0x7f.0.0.1:{port}/",
        "https://0177.0.0.1:{port}/",
        "https://10.1:{port}/",
        "https://0xa9.0xfe.0xa9.0xfe:{port}/",
        "https://[::1]:{port}/",
        "https://[::ffff:127.0.0.1]:{port}/",
        "https://localhost:{port}/",
    ],
)
def test_in_production_a_stored_endpoint_inside_the_network_is_never_contacted(
    production: None, listener: Listener, endpoint: str
) -> None:
    result = push(endpoint.format(port=listener.port))
    assert (result.outcome, result.status) == (Outcome.REJECTED, None)
    assert "endpoint_host" in result.error
    assert not listener.contacted()


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "::ffff:127.0.0.1", "10.0.0.5", "169.254.169.254"]
)
def test_in_production_a_push_service_name_that_now_resolves_inside_is_not_contacted(
    production: None, listener: Listener, monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    """Anna subscribed at FCM; by the time her push is sent the name answers with an
    address inside the network (DNS rebinding). getaddrinfo is replaced for this one
    name: there is no DNS here."""
    resolve_as(monkeypatch, "fcm.googleapis.com", address, listener.port)
    result = push("https://fcm.googleapis.com/fcm/send/anna-phone")
    assert (result.outcome, result.status) == (Outcome.REJECTED, None)
    assert f"resolves to {address}, which is not a public address" in result.error
    assert not listener.contacted()


def test_outside_production_a_name_that_resolves_to_loopback_is_not_contacted(
    listener: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the literal names of the local test push service may lead to loopback.
    getaddrinfo is replaced for this one name: there is no DNS here."""
    resolve_as(monkeypatch, "push.example.nl", "127.0.0.1", listener.port)
    result = push(f"https://push.example.nl:{listener.port}/push/phone")
    assert (result.outcome, result.status) == (Outcome.REJECTED, None)
    assert not listener.contacted()

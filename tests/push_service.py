"""A real web push service on loopback, for tests: it checks what a push service checks
and decrypts what the browser would decrypt.

For every `POST /push/<name>` it

1. finds the subscription `<name>` (made by `make_subscription`; unknown: 404),
2. checks the VAPID `Authorization: vapid t=<JWT>, k=<public key>` header (RFC 8292):
   the key is the one the subscription was made with, the ES256 signature verifies
   against it, `aud` is this service's own origin, `exp` lies in the future and at most
   24 hours ahead, and `sub` is a `mailto:` or `https:` contact (else 403, like Apple's
   BadJwtToken),
3. checks the RFC 8030 headers: `TTL` (required, a whole number), `Urgency` (one of
   very-low/low/normal/high) and `Topic` (<= 32 URL-safe base64 characters) when sent,
   `Content-Encoding: aes128gcm` (else 400), and a body of at most 4096 bytes (else 413),
4. decrypts the body with the subscription's private key and auth secret
   (`http_ece.decrypt(..., version="aes128gcm")`, RFC 8291) and parses the JSON,
5. records it (`service.received`) and answers: 201, or what the test scripted for that
   name with `service.script(name, Answer(410), ...)`: each request takes the next
   answer, and when the script is used up it is 201 again.

A request that fails a check is answered like a real push service would (403/400/413),
never takes a scripted answer, and is listed in `service.failures`.

Usage (the `push_service` fixture starts and stops one per test):

    info, private_key, auth = make_subscription(push_service, "phone")
    push_service.script("phone", Answer(500), Answer(201))
    ...send to info...
    [got] = push_service.received_for("phone")
    got.payload["title"], got.ttl, got.urgency, got.topic, got.claims["aud"]
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

MAX_BODY = 4096  # RFC 8030 §7.2: a push service must accept at least this much
MAX_EXP_AHEAD = 24 * 3600  # RFC 8292 §2
URGENCIES = {"very-low", "low", "normal", "high"}
TOPIC = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
SUB = re.compile(r"^(mailto:[^@\s]+@[^@\s]+|https://[^\s/]+)$")


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class Answer:
    """What the service answers one request with."""

    status: int = 201
    headers: Mapping[str, str] = field(default_factory=dict)
    hang: float = 0.0  # seconds to wait first (longer than the client's timeout: a hang)
    body: str = ""


def retry_after(value: int | str, status: int = 429) -> Answer:
    """429 with `Retry-After: <seconds or HTTP date>`."""
    return Answer(status, {"Retry-After": str(value)})


HANG = Answer(hang=30.0)  # released early when the service closes


@dataclass(frozen=True)
class Received:
    """One push that passed every check, as the browser would get it."""

    name: str
    headers: dict[str, str]  # lower-case names
    claims: dict[str, Any]  # the verified JWT claims
    public_key: str  # `k`: the server's VAPID public key
    payload: Any  # the decrypted JSON
    answered: int  # the status the service answered with

    @property
    def ttl(self) -> int:
        return int(self.headers["ttl"])

    @property
    def urgency(self) -> str | None:
        return self.headers.get("urgency")

    @property
    def topic(self) -> str | None:
        return self.headers.get("topic")


@dataclass
class _Subscription:
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    server_key: str  # the applicationServerKey it was made with


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # several workers connect at once (the default is 5)
    daemon_threads = True
    block_on_close = False


class PushService:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self._lock = threading.Lock()
        self._subscriptions: dict[str, _Subscription] = {}
        self._scripts: dict[str, deque[Answer]] = defaultdict(deque)
        self._received: list[Received] = []
        self._failures: list[tuple[str, str]] = []
        self._gone: set[str] = set()
        self._closing = threading.Event()
        self._server = _Server((host, 0), _handler_for(self))
        self.origin = f"http://{host}:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # -- life -----------------------------------------------------------------------
    def start(self) -> PushService:
        self._thread.start()
        return self

    def close(self) -> None:
        self._closing.set()  # ends every hang at once
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> PushService:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- the test's side ------------------------------------------------------------
    def endpoint(self, name: str) -> str:
        return f"{self.origin}/push/{name}"

    def register(
        self, name: str, private_key: ec.EllipticCurvePrivateKey, auth: bytes, server_key: str
    ) -> None:
        with self._lock:
            self._subscriptions[name] = _Subscription(private_key, auth, server_key)

    def forget(self, name: str) -> None:
        """The subscription ends at the service: later pushes get 410 Gone."""
        with self._lock:
            self._subscriptions.pop(name, None)
            self._gone.add(name)

    def script(self, name: str, *answers: Answer) -> None:
        with self._lock:
            self._scripts[name].extend(answers)

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def received_for(self, name: str) -> list[Received]:
        return [item for item in self.received if item.name == name]

    @property
    def failures(self) -> list[tuple[str, str]]:
        """(name, reason) of every request that failed a check."""
        with self._lock:
            return list(self._failures)

    # -- the service's side ---------------------------------------------------------
    def handle(self, path: str, headers: Mapping[str, str], body: bytes) -> Answer:
        name = path.removeprefix("/push/")
        with self._lock:
            subscription = self._subscriptions.get(name)
            gone = name in self._gone
        if gone:
            return Answer(410, body='{"reason":"subscription expired"}')
        if not path.startswith("/push/") or subscription is None:
            return Answer(404, body='{"reason":"no such subscription"}')
        try:
            claims, key = self._check_vapid(headers.get("authorization", ""), subscription)
            self._check_headers(headers, body)
            plaintext = http_ece.decrypt(
                body,
                private_key=subscription.private_key,
                auth_secret=subscription.auth,
                version="aes128gcm",
            )
            payload = json.loads(plaintext)
        except Refused as refused:
            with self._lock:
                self._failures.append((name, refused.reason))
            return Answer(refused.status, body=json.dumps({"reason": refused.reason}))
        except Exception as exc:  # decryption or JSON failed
            with self._lock:
                self._failures.append((name, f"cannot decrypt: {type(exc).__name__}: {exc}"))
            return Answer(400, body='{"reason":"cannot decrypt"}')
        answer = self._next_answer(name)
        with self._lock:
            self._received.append(
                Received(name, dict(headers), claims, key, payload, answered=answer.status)
            )
        return answer

    def _next_answer(self, name: str) -> Answer:
        with self._lock:
            queue = self._scripts.get(name)
            return queue.popleft() if queue else Answer(201)

    def _check_vapid(
        self, authorization: str, subscription: _Subscription
    ) -> tuple[dict[str, Any], str]:
        scheme, _, rest = authorization.partition(" ")
        if scheme.lower() != "vapid":
            raise Refused(401, "no VAPID authorization")
        params = dict(part.strip().split("=", 1) for part in rest.split(",") if "=" in part)
        token, key = params.get("t", ""), params.get("k", "")
        if key != subscription.server_key:
            raise Refused(403, "the key is not the one this subscription was made with")
        try:
            header_b64, claims_b64, signature_b64 = token.split(".")
            header = json.loads(b64d(header_b64))
            claims = json.loads(b64d(claims_b64))
            signature = b64d(signature_b64)
            public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64d(key))
        except ValueError as exc:
            raise Refused(403, f"malformed JWT: {exc}") from exc
        if header.get("alg") != "ES256" or len(signature) != 64:
            raise Refused(403, "the JWT is not ES256")
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        try:
            public_key.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature as exc:
            raise Refused(403, "the JWT signature does not verify") from exc
        if claims.get("aud") != self.origin:
            raise Refused(403, f"aud {claims.get('aud')!r} is not {self.origin!r}")
        exp, now = claims.get("exp"), time.time()
        if not isinstance(exp, int) or exp <= now or exp > now + MAX_EXP_AHEAD + 60:
            raise Refused(403, f"exp {exp!r} is not within the next 24 hours")
        if not SUB.match(str(claims.get("sub", ""))):
            raise Refused(403, f"sub {claims.get('sub')!r} is not a mailto: or https: contact")
        return claims, key

    @staticmethod
    def _check_headers(headers: Mapping[str, str], body: bytes) -> None:
        ttl = headers.get("ttl", "")
        if not ttl.isdigit():
            raise Refused(400, "TTL header missing or not a whole number")
        urgency = headers.get("urgency")
        if urgency is not None and urgency not in URGENCIES:
            raise Refused(400, f"bad Urgency {urgency!r}")
        topic = headers.get("topic")
        if topic is not None and not TOPIC.match(topic):
            raise Refused(400, f"bad Topic {topic!r}")
        if headers.get("content-encoding") != "aes128gcm":
            raise Refused(400, "Content-Encoding is not aes128gcm")
        if len(body) > MAX_BODY:
            raise Refused(413, f"body of {len(body)} bytes")


def _handler_for(service: PushService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real push services do
        timeout = 60  # an idle kept-alive connection is closed after this

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {name.lower(): value for name, value in self.headers.items()}
            answer = service.handle(self.path, headers, body)
            if answer.hang and service._closing.wait(answer.hang):
                return  # closing: the client gave up long ago
            data = answer.body.encode()
            with contextlib.suppress(OSError):  # the client may have timed out
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet

    return Handler


def make_subscription(
    service: PushService, name: str, *, application_server_key: str | None = None
) -> tuple[dict[str, Any], ec.EllipticCurvePrivateKey, bytes]:
    """Subscribe like a browser: a fresh P-256 key pair and 16-byte auth secret, bound to
    the server's VAPID public key (default: the app's own, as /api/push/vapid-public-key
    serves it). Returns (subscription_info, receiver private key, auth secret)."""
    if application_server_key is None:
        from dossier.notify.vapid import public_key_b64url

        application_server_key = public_key_b64url()
    private_key = ec.generate_private_key(ec.SECP256R1())
    auth = os.urandom(16)
    public = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    service.register(name, private_key, auth, application_server_key)
    info = {
        "endpoint": service.endpoint(name),
        "keys": {"p256dh": b64e(public), "auth": b64e(auth)},
    }
    return info, private_key, auth


@pytest.fixture
def push_service() -> Iterator[PushService]:
    """A running PushService on 127.0.0.1 (a free port) for one test."""
    with PushService() as service:
        yield service

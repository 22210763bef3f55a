"""One web push to one device (RFC 8030 with VAPID, RFC 8292, and aes128gcm, RFC 8291).

`push_payload` turns a `Notification` into what the service worker shows: generic words
from the catalogue (`notification.<kind>.title` / `.body`; never names or health
details, because it shows on a lock screen), the path to open and a tag. `send` encrypts
it for one subscription, signs fresh VAPID claims and POSTs it with a timeout, and says
in a `SendResult` what the push service answered. It never retries by itself and never
touches the database: the outbox worker decides what happens next.

The endpoint came from a browser, so it is checked again before each send (the rules
of endpoints.check_endpoint; in production only the known push services), and every
connection looks its host up once, refuses it unless all answers are public addresses,
and then connects to exactly those answers (`_CheckedHTTPSConnection`): a name that
leads inside the network, or starts to between subscribing and sending, is never
contacted (REJECTED, not retried).

    201 (200, 202)   SENT
    404, 410         GONE          the subscription ended: delete that one only
    429              RATE_LIMITED  wait `retry_after` seconds (None: not given)
    5xx, 408,        RETRY         back off with jitter up to a limit, then mark the
      timeout, no connection          device as failing
    400, 403, 413,   REJECTED      a configuration error or a bug: log it, never retry
      other answers
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import socket
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Any

import http_ece
import requests
from pywebpush import WebPushException, webpush
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as urllib3_connection

from dossier.i18n import catalogue, translate
from dossier.models import Notification, PushSubscription
from dossier.notify import endpoints, vapid
from dossier.notify.net_addresses import AddressRefused
from dossier.settings import get_settings, is_production

log = logging.getLogger(__name__)

MAX_PAYLOAD_BYTES = 3000  # RFC 8291 allows 3993 bytes of plaintext; we stay well under
DEFAULT_TIMEOUT = 10.0  # seconds, for connecting and for each read
URGENCIES = ("very-low", "low", "normal", "high")  # RFC 8030 §5.3
TEST_KIND = "push.test"  # "Stuur een testmelding"
SUMMARY_KIND = "summary.daily"  # the daily summary: one push instead of many
GENERIC_KIND = "push.generic"  # the words for a kind without its own push texts
_TOPIC = re.compile(r"^[A-Za-z0-9_-]{1,32}$")  # RFC 8030 §5.4: URL-safe base64, <= 32
_ERROR_LENGTH = 200


class Outcome(StrEnum):
    SENT = "sent"  # 200/201/202: the push service has it
    GONE = "gone"  # 404/410: the subscription no longer exists
    RETRY = "retry"  # 5xx, 408, a timeout or no connection: try again later
    RATE_LIMITED = "rate_limited"  # 429: wait for Retry-After
    REJECTED = "rejected"  # 400/403/413 and the rest: configuration error, no retry


@dataclass(frozen=True, slots=True, kw_only=True)
class SendResult:
    outcome: Outcome
    status: int | None = None  # the HTTP status; None when no answer came
    retry_after: float | None = None  # seconds to wait (Retry-After); None when not given
    error: str = ""  # short, for PushDelivery.last_error and logs; never the payload


class PayloadTooLarge(ValueError):
    """The push message would be more than MAX_PAYLOAD_BYTES."""


# --------------------------------------------------------------------------------------
# What a push says
# --------------------------------------------------------------------------------------


def push_texts(kind: str, lang: str) -> tuple[str, str]:
    """(title, body) for a kind: its own `notification.<kind>.title/.body` keys when the
    catalogue has both, else the generic words. Never filled in with names."""
    words = catalogue(lang)
    if f"notification.{kind}.title" not in words or f"notification.{kind}.body" not in words:
        kind = GENERIC_KIND
    return (
        translate(lang, f"notification.{kind}.title"),
        translate(lang, f"notification.{kind}.body"),
    )


def safe_path(url: str) -> str:
    """Only a path inside the app may open from a push; anything else opens the start."""
    if url.startswith("/") and not url.startswith(("//", "/\\")) and "\n" not in url:
        return url
    return "/"


def tag_for(notification: Notification) -> str:
    """The notification tag: a newer one about the same thing replaces the older one
    (one per object; one for all daily summaries)."""
    if notification.kind == SUMMARY_KIND:
        return SUMMARY_KIND
    if notification.object_type and notification.object_id is not None:
        return f"{notification.object_type}-{notification.object_id}"
    return notification.kind


def push_payload(notification: Notification, lang: str) -> dict[str, Any]:
    """The JSON the service worker gets. Raises PayloadTooLarge over MAX_PAYLOAD_BYTES."""
    title, body = push_texts(notification.kind, lang)
    payload: dict[str, Any] = {
        "title": title,
        "body": body,
        "url": safe_path(notification.url),
        "tag": tag_for(notification),
        "id": notification.id,
        "lang": lang,
        "renotify": bool(notification.urgent),  # an urgent newer one buzzes again (sw.js)
    }
    encode_payload(payload)  # the size guard
    return payload


def encode_payload(payload: Mapping[str, Any]) -> bytes:
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(data) > MAX_PAYLOAD_BYTES:
        raise PayloadTooLarge(f"push payload is {len(data)} bytes; at most {MAX_PAYLOAD_BYTES}")
    return data


def topic_for(notification: Notification) -> str:
    """The Topic header: one per object, so a newer push replaces an older one that is
    still waiting at the push service. Opaque (a keyed hash, 22 characters), so the push
    service does not learn what kind of thing it is about."""
    key = get_settings().secret_key.encode()
    digest = hmac.new(key, f"topic:{tag_for(notification)}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode("ascii")


def urgency_for(notification: Notification) -> str:
    """high for urgent items (they also come through in quiet hours), low for the daily
    summary, normal for the rest."""
    if notification.urgent:
        return "high"
    if notification.kind == SUMMARY_KIND:
        return "low"
    return "normal"


# --------------------------------------------------------------------------------------
# Sending
# --------------------------------------------------------------------------------------


_local = threading.local()


class _CheckedConnection(HTTPConnection):
    """Connects only to the checked addresses of its host (endpoints.connectable):
    one lookup, every answer public (outside production the local test push service
    may be loopback), then a connection to one of those answers. TLS still verifies the
    certificate for the host name, and the Host header stays the name."""

    def _new_conn(self) -> socket.socket:
        try:
            targets = endpoints.connectable(self.host, self.port, allow_local=not is_production())
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        failure: OSError | None = None
        for address in targets:
            try:
                sock = urllib3_connection.create_connection(
                    address,
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as exc:
                raise ConnectTimeoutError(
                    self, f"Connection to {self.host} timed out. (connect timeout={self.timeout})"
                ) from exc
            except OSError as exc:
                failure = exc
                continue
            sys.audit("http.client.connect", self, self.host, self.port)
            return sock
        raise NewConnectionError(self, f"Failed to establish a new connection: {failure}")


class _CheckedHTTPSConnection(_CheckedConnection, HTTPSConnection):
    pass


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class _CheckedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _CheckedHTTPPool,
            "https": _CheckedHTTPSPool,
        }


def _http() -> requests.Session:
    """One connection pool per thread, connecting only to checked addresses; redirects
    are refused (a push service never sends one, and following it would post somewhere
    else), and no proxy from the environment is used (a proxy would look the name up
    itself, past the address check)."""
    session = getattr(_local, "session", None)
    if session is None:
        session = requests.Session()
        session.max_redirects = 0
        session.trust_env = False
        for prefix in ("https://", "http://"):
            session.mount(prefix, _CheckedAdapter())
        _local.session = session
    return session


def subscription_info(subscription: PushSubscription | Mapping[str, Any]) -> dict[str, Any]:
    """The {"endpoint", "keys": {"p256dh", "auth"}} form of a stored subscription."""
    if isinstance(subscription, PushSubscription):
        return {
            "endpoint": subscription.endpoint,
            "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
        }
    return dict(subscription)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def outcome_for_status(status: int) -> Outcome:
    if status in (200, 201, 202):
        return Outcome.SENT
    if status in (404, 410):
        return Outcome.GONE
    if status == 429:
        return Outcome.RATE_LIMITED
    if status >= 500 or status == 408:
        return Outcome.RETRY
    return Outcome.REJECTED


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _ERROR_LENGTH else text[: _ERROR_LENGTH - 1] + "…"


def send(
    subscription: PushSubscription | Mapping[str, Any],
    payload: Mapping[str, Any],
    *,
    ttl_seconds: int,
    urgency: str,
    topic: str,
    timeout: float = DEFAULT_TIMEOUT,
) -> SendResult:
    """Encrypt `payload` for one device and POST it to its push service, once.

    Raises VapidConfigError (nothing was sent) when the VAPID key or subject is missing
    or wrong, and ValueError for a bad ttl/urgency/topic (a bug in the caller).
    Everything the network or the push service does ends in a SendResult.
    """
    if ttl_seconds < 0 or urgency not in URGENCIES or not _TOPIC.match(topic):
        raise ValueError(
            "ttl_seconds >= 0, an RFC 8030 urgency and a topic of <= 32 "
            "URL-safe base64 characters are needed"
        )
    signer = vapid.load_keys().signer()  # a configuration error first, before anything else
    info = subscription_info(subscription)
    endpoint = str(info.get("endpoint", ""))
    try:
        data = encode_payload(payload)
        claims = vapid.claims_for(endpoint)  # fresh per send: aud per push service, new exp
    except PayloadTooLarge as exc:
        return _rejected(endpoint, None, str(exc))
    except ValueError:
        return _rejected(endpoint, None, "the endpoint is not an http(s) address")
    try:
        endpoints.check_endpoint(endpoint, allow_local=not is_production())
    except endpoints.EndpointRefused as bad:
        return _rejected(endpoint, None, f"the endpoint is refused: {bad.reason}")
    try:
        response = webpush(
            info,
            data=data,  # bytes are sent as they are
            vapid_private_key=signer,
            vapid_claims=claims,
            timeout=timeout,
            ttl=ttl_seconds,
            headers={"Urgency": urgency, "Topic": topic},
            requests_session=_http(),
        )
    except AddressRefused as exc:
        return _rejected(endpoint, None, f"not sent: {exc}")
    except WebPushException as exc:
        response = exc.response
        if response is None:  # a broken subscription (keys), found before sending
            return _rejected(endpoint, None, f"cannot encrypt for this device: {exc.message}")
        return _answer(endpoint, response)
    except requests.Timeout:
        return SendResult(outcome=Outcome.RETRY, error=f"no answer within {timeout:g} s")
    except requests.TooManyRedirects:
        return _rejected(endpoint, None, "the push service answered with a redirect")
    except requests.RequestException as exc:
        return SendResult(
            outcome=Outcome.RETRY, error=_short(f"no connection: {type(exc).__name__}")
        )
    except (ValueError, http_ece.ECEException) as exc:  # p256dh not on the curve, bad base64
        return _rejected(endpoint, None, _short(f"cannot encrypt for this device: {exc}"))
    return SendResult(outcome=Outcome.SENT, status=getattr(response, "status_code", 201))


def _answer(endpoint: str, response: requests.Response) -> SendResult:
    status = response.status_code
    outcome = outcome_for_status(status)
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
    text = _short(f"{status} {response.reason or ''} {response.text or ''}".strip())
    if outcome is Outcome.REJECTED:
        return _rejected(endpoint, status, text)
    return SendResult(outcome=outcome, status=status, retry_after=retry_after, error=text)


def _rejected(endpoint: str, status: int | None, error: str) -> SendResult:
    """A configuration error or a bug: logged loudly (the endpoint's origin only, since
    the full endpoint is a capability), never retried."""
    try:
        where = vapid.origin_of(endpoint)
    except ValueError:
        where = "an invalid endpoint"
    log.error("web push refused by %s (configuration error, not retried): %s", where, error)
    return SendResult(outcome=Outcome.REJECTED, status=status, error=_short(error))

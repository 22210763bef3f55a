"""The devices that receive a person's push messages: subscribe, list, name, remove.

A device is one browser's push subscription (its endpoint at the push service plus the
two keys that encrypt messages for it). Everything here is the person's own data: the
user id always comes from the login session, never from the browser, and an id or an
endpoint that is not theirs is refused exactly like an unknown one (and logged), so it
reveals nothing.

What a browser sends is checked before anything is stored:

* the endpoint is an https URL on a named host (the worker will POST to it, so no IP
  literals in any form, `127.1` and `0x7f.0.0.1` included, no single-label or local
  names, no user:password); in production the host must be one of the known push
  services; outside production http://localhost and http://127.0.0.1 are allowed as
  well, for the test push service (the rules are notify/endpoints.py's, which the
  sender applies again). Where the name leads is checked when sending
  (`endpoints.connectable`): only public addresses, and only the ones that were
  checked, are connected to;
* `p256dh` is a base64url P-256 public key (65 bytes, a point on the curve) and `auth`
  a base64url 16-byte secret.

Subscribing again with the same endpoint updates that row (the keys may have changed).
An endpoint that belonged to someone else (a shared tablet, another person logged in)
moves to the new person; their pending messages on it are dropped first, so nobody
gets another person's notification.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from dossier import audit
from dossier.domain.errors import Conflict, DomainError, InvalidInput
from dossier.domain.user_agents import describe
from dossier.models import DeliveryStatus, PushDelivery, PushSubscription, utcnow
from dossier.notify import endpoints

MAX_DEVICES = 10  # per person; more is a mistake or abuse (each one gets every push)
MAX_ENDPOINT = endpoints.MAX_ENDPOINT  # the column's length
MAX_NAME = 60
_KEY_TEXT = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


class InvalidSubscription(DomainError):
    """What the browser sent is not a usable push subscription; `reason` says why."""

    message_key = "notif.push.error.invalid"

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class TooManyDevices(DomainError):
    message_key = "notif.push.error.too_many"

    def __init__(self) -> None:
        super().__init__(limit=MAX_DEVICES)


@dataclass(frozen=True, slots=True, kw_only=True)
class SubscriptionInput:
    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Client:
    """Where a request came from, for the access log."""

    ip: str = ""
    user_agent: str = ""


# --------------------------------------------------------------------------------------
# Checking what the browser sent
# --------------------------------------------------------------------------------------


def _b64url_bytes(text: str) -> bytes | None:
    if not _KEY_TEXT.match(text):
        return None
    try:
        return base64.urlsafe_b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4))
    except (binascii.Error, ValueError):
        return None


def check_endpoint(endpoint: object, *, allow_local: bool) -> str:
    """The endpoint when it may be stored and posted to (notify/endpoints.py's rules:
    `allow_local` is True outside production); raises InvalidSubscription."""
    try:
        return endpoints.check_endpoint(endpoint, allow_local=allow_local)
    except endpoints.EndpointRefused as refused:
        raise InvalidSubscription(refused.reason) from refused


def check_p256dh(value: object) -> str:
    if not isinstance(value, str) or len(value) > 200:
        raise InvalidSubscription("key_p256dh")
    raw = _b64url_bytes(value)
    if raw is None or len(raw) != 65 or raw[0] != 4:
        raise InvalidSubscription("key_p256dh")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError as bad:  # not a point on the curve
        raise InvalidSubscription("key_p256dh") from bad
    return value


def check_auth(value: object) -> str:
    if not isinstance(value, str) or len(value) > 100:
        raise InvalidSubscription("key_auth")
    raw = _b64url_bytes(value)
    if raw is None or len(raw) != 16:
        raise InvalidSubscription("key_auth")
    return value


def parse_subscription(data: Any, *, allow_local: bool) -> SubscriptionInput:
    """The browser's `PushSubscription.toJSON()`: {endpoint, keys: {p256dh, auth}}."""
    if not isinstance(data, dict):
        raise InvalidSubscription("not_an_object")
    keys = data.get("keys")
    if not isinstance(keys, dict):
        raise InvalidSubscription("keys_missing")
    return SubscriptionInput(
        endpoint=check_endpoint(data.get("endpoint"), allow_local=allow_local),
        p256dh=check_p256dh(keys.get("p256dh")),
        auth=check_auth(keys.get("auth")),
    )


def clean_name(name: object) -> str:
    """A device name as a person typed it: one line, no control characters, not too long."""
    if not isinstance(name, str):
        return ""
    spaced = "".join(" " if ch.isspace() else ch for ch in name)
    text = "".join(ch for ch in spaced if unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())[:MAX_NAME]


def default_name(user_agent: str, template: str, unknown: str) -> str:
    """'Chrome op Android' (the template is the catalogue's "{browser} op {system}")."""
    device = describe(user_agent)
    if not device.browser and not device.system:
        return unknown
    if not device.system or not device.browser:
        return device.browser or device.system
    return template.format(browser=device.browser, system=device.system)


# --------------------------------------------------------------------------------------
# Subscribing and unsubscribing (the HTTP routes)
# --------------------------------------------------------------------------------------


def _by_endpoint(session: Session, endpoint: str) -> PushSubscription | None:
    return session.exec(
        select(PushSubscription).where(PushSubscription.endpoint == endpoint)
    ).first()


def _drop_pending(session: Session, subscription_id: int) -> None:
    """Messages still waiting for this device will not be sent to it any more."""
    session.execute(
        sa.update(PushDelivery)
        .where(
            col(PushDelivery.subscription_id) == subscription_id,
            col(PushDelivery.status) == DeliveryStatus.PENDING,
        )
        .values(status=DeliveryStatus.GONE, lease_until=None, lease_owner="")
    )


def _count(session: Session, user_id: int) -> int:
    return len(
        session.exec(select(PushSubscription.id).where(PushSubscription.user_id == user_id)).all()
    )


def subscribe(
    session: Session,
    *,
    user_id: int,
    subscription: SubscriptionInput,
    device_name: str = "",
    fallback_name: str = "",
    client: Client = Client(),
    now: datetime | None = None,
) -> tuple[PushSubscription, bool]:
    """Store this browser's subscription for the user: (the row, True when it is new to
    them). A new device gets `device_name`, else `fallback_name` (from its browser); a
    known one keeps the name the person gave it unless a new one is sent."""
    now = now or utcnow()
    found = _by_endpoint(session, subscription.endpoint)
    if found is None:
        if _count(session, user_id) >= MAX_DEVICES:
            raise TooManyDevices()
        row = PushSubscription(
            user_id=user_id,
            endpoint=subscription.endpoint,
            p256dh=subscription.p256dh,
            auth=subscription.auth,
            device_name=device_name or fallback_name,
            user_agent=client.user_agent[:300],
            created_at=now,
        )
        try:
            with session.begin_nested():  # the same endpoint posted twice at once
                session.add(row)
                session.flush()
        except IntegrityError:
            found = _by_endpoint(session, subscription.endpoint)
            if found is None:
                raise
        else:
            _log(session, "push.subscribe", user_id, row.id, client)
            return row, True
    moved = found.user_id != user_id
    if moved:
        if _count(session, user_id) >= MAX_DEVICES:
            raise TooManyDevices()
        _drop_pending(session, found.id or 0)
        found.user_id = user_id
        found.created_at = now
        found.last_success_at = None
    if moved or device_name:
        found.device_name = device_name or fallback_name
    found.p256dh = subscription.p256dh
    found.auth = subscription.auth
    found.user_agent = client.user_agent[:300]
    found.failing_since = None  # a fresh subscription: give it a new chance
    found.version += 1
    session.add(found)
    session.flush()
    _log(session, "push.subscribe", user_id, found.id, client, detail="moved" if moved else "")
    return found, moved


def unsubscribe(
    session: Session, *, user_id: int, endpoint: str, client: Client = Client()
) -> bool:
    """This browser stops receiving push. Someone else's endpoint is refused like an
    unknown one (False) and logged as refused."""
    found = _by_endpoint(session, endpoint) if endpoint else None
    if found is None or found.user_id != user_id:
        _log(session, "push.unsubscribe", user_id, None, client, outcome="denied")
        return False
    _delete(session, found)
    _log(session, "push.unsubscribe", user_id, found.id, client)
    return True


# --------------------------------------------------------------------------------------
# The person's list of devices (the settings page)
# --------------------------------------------------------------------------------------


def list_devices(session: Session, user_id: int) -> list[PushSubscription]:
    """The user's devices, the newest first."""
    return list(
        session.exec(
            select(PushSubscription)
            .where(PushSubscription.user_id == user_id)
            .order_by(col(PushSubscription.created_at).desc(), col(PushSubscription.id).desc())
        ).all()
    )


def _own(
    session: Session, user_id: int, device_id: int, action: str, client: Client
) -> PushSubscription | None:
    """The user's own device, or None: someone else's id is logged as refused (in the
    caller's transaction, which therefore commits: nothing else changes)."""
    found = session.get(PushSubscription, device_id) if device_id > 0 else None
    if found is None or found.user_id != user_id:
        _log(session, action, user_id, device_id or None, client, outcome="denied")
        return None
    return found


def rename_device(
    session: Session,
    *,
    user_id: int,
    device_id: int,
    name: str,
    expected_version: int,
    client: Client = Client(),
) -> PushSubscription | None:
    """The renamed device; None when it is not the user's (refused and logged)."""
    found = _own(session, user_id, device_id, "push.device.rename", client)
    if found is None:
        return None
    cleaned = clean_name(name)
    if not cleaned:
        raise InvalidInput("notif.devices.error.name")
    if found.version != expected_version:
        raise Conflict()
    found.device_name = cleaned
    found.version += 1
    session.add(found)
    session.flush()
    _log(session, "push.device.rename", user_id, found.id, client)
    return found


def remove_device(
    session: Session, *, user_id: int, device_id: int, client: Client = Client()
) -> bool:
    """True when the user's own device was removed; someone else's is refused and logged."""
    found = _own(session, user_id, device_id, "push.device.remove", client)
    if found is None:
        return False
    _delete(session, found)
    _log(session, "push.device.remove", user_id, found.id, client)
    return True


def _delete(session: Session, found: PushSubscription) -> None:
    _drop_pending(session, found.id or 0)
    session.delete(found)
    session.flush()


def _log(
    session: Session,
    action: str,
    user_id: int,
    object_id: int | None,
    client: Client,
    *,
    outcome: str = "allowed",
    detail: str = "",
) -> None:
    """The person's own devices: a row without a family, like ending a session."""
    audit.record(
        session,
        None,
        action,
        object_type="pushsubscription",
        object_id=object_id,
        outcome=outcome,
        detail=detail,
        user_id=user_id,
        ip=client.ip,
        user_agent=client.user_agent,
    )

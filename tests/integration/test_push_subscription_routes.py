"""POST and DELETE /api/push/subscriptions: this browser's push subscription.

Subscribing stores or updates the device (an endpoint of another person moves to the
one subscribing now, without their waiting messages), removing works only for the
person's own endpoint; no login, a personal check-in link, another site or anything
that is not a usable subscription is refused and stores nothing. Also: /sw.js is served
with Cache-Control: no-cache.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Iterator
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from dossier.api import build_api
from dossier.db import session_scope
from dossier.domain import push_devices, sessions
from dossier.domain.checkin_links import create_link, open_link
from dossier.middleware.headers import security_headers
from dossier.models import (
    AuditEvent,
    Category,
    DeliveryStatus,
    Notification,
    PushDelivery,
    PushSubscription,
    utcnow,
)
from dossier.settings import get_settings
from tests.factories import World

PATH = "/api/push/subscriptions"
ORIGIN = "http://localhost:3000"
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def browser_keys() -> dict[str, str]:
    """What a browser sends: a fresh P-256 public key and a 16-byte auth secret."""
    public = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return {"p256dh": b64url(public), "auth": b64url(secrets.token_bytes(16))}


def subscription(endpoint: str | None = None, **extra: object) -> dict[str, object]:
    endpoint = endpoint or f"https://fcm.googleapis.com/fcm/send/{secrets.token_urlsafe(24)}"
    return {"endpoint": endpoint, "expirationTime": None, "keys": browser_keys(), **extra}


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(security_headers(build_api()), base_url=ORIGIN) as client:
        yield client


def login_token(world: World, name: str) -> str:
    token = sessions.start_session(
        world.session, user_id=world.users[name].id, family_id=world.alfa.id
    )
    world.session.commit()
    return token


def headers(token: str | None, **extra: str) -> dict[str, str]:
    found = {"content-type": "application/json", "origin": ORIGIN, "user-agent": ANDROID_CHROME}
    if token:
        found["cookie"] = f"{get_settings().session_cookie_name}={token}"
    return {**found, **extra}


def post(client: TestClient, token: str | None, body: object, **extra: str):
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(PATH, content=content, headers=headers(token, **extra))


def delete(client: TestClient, token: str | None, body: object, **extra: str):
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.request("DELETE", PATH, content=content, headers=headers(token, **extra))


def stored() -> list[PushSubscription]:
    with session_scope() as session:
        return list(session.exec(select(PushSubscription).order_by(PushSubscription.id)).all())


def audit_rows(action: str) -> list[AuditEvent]:
    with session_scope() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


# --------------------------------------------------------------------------------------
# Subscribing
# --------------------------------------------------------------------------------------


def test_subscribing_stores_the_device_with_a_name_from_its_browser(
    client: TestClient, world: World
) -> None:
    token = login_token(world, "anna")
    body = subscription()
    response = post(client, token, body)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["status"] == "subscribed" and answer["deviceName"] == "Chrome op Android"
    assert response.headers["cache-control"] == "no-store"
    [row] = stored()
    assert answer["id"] == row.id
    assert (row.user_id, row.endpoint) == (world.users["anna"].id, body["endpoint"])
    assert (row.p256dh, row.auth) == (body["keys"]["p256dh"], body["keys"]["auth"])
    assert row.user_agent == ANDROID_CHROME
    [logged] = audit_rows("push.subscribe")
    assert (logged.user_id, logged.family_id, logged.outcome) == (
        world.users["anna"].id,
        None,
        "allowed",
    )


def test_the_default_name_is_in_the_users_language(client: TestClient, world: World) -> None:
    world.users["anna"].locale = "en"
    world.session.add(world.users["anna"])
    token = login_token(world, "anna")
    response = post(client, token, subscription(), **{"user-agent": IPHONE_SAFARI})
    assert response.json()["deviceName"] == "Safari on iPhone"


def test_a_chosen_device_name_is_kept_cleaned(client: TestClient, world: World) -> None:
    token = login_token(world, "anna")
    response = post(client, token, subscription(deviceName="  Telefoon\nvan\x00 Anna  "))
    assert response.json()["deviceName"] == "Telefoon van Anna"


def test_subscribing_again_updates_the_same_device_and_keeps_its_name(
    client: TestClient, world: World, db: Session
) -> None:
    token = login_token(world, "anna")
    first = subscription()
    assert post(client, token, first).status_code == 201
    [row] = stored()
    with session_scope() as session:
        push_devices.rename_device(
            session,
            user_id=world.users["anna"].id,
            device_id=row.id,
            name="Keukentablet",
            expected_version=row.version,
        )
        found = session.get(PushSubscription, row.id)
        found.failing_since = utcnow()
        session.add(found)
    again = {**first, "keys": browser_keys()}  # the browser renewed its keys
    response = post(client, token, again)
    assert response.status_code == 200
    assert response.json()["deviceName"] == "Keukentablet"
    [updated] = stored()
    assert updated.id == row.id and updated.p256dh == again["keys"]["p256dh"]
    assert updated.failing_since is None and updated.version > row.version


def test_an_endpoint_of_someone_else_moves_without_their_waiting_messages(
    client: TestClient, world: World, db: Session
) -> None:
    body = subscription()
    anna = login_token(world, "anna")
    assert post(client, anna, body, **{"user-agent": IPHONE_SAFARI}).status_code == 201
    [row] = stored()
    # Anna has a message waiting for this device (a shared family tablet).
    with session_scope() as session:
        note = Notification(
            recipient_user_id=world.users["anna"].id,
            kind="task.assigned",
            category=Category.TASKS,
            dedupe_key="t-1",
        )
        session.add(note)
        session.flush()
        now = utcnow()
        session.add(
            PushDelivery(
                notification_id=note.id,
                subscription_id=row.id,
                not_before=now,
                expires_at=now + timedelta(hours=1),
            )
        )
    bram = login_token(world, "bram")
    response = post(client, bram, body)
    assert response.status_code == 201  # new for Bram
    assert response.json()["deviceName"] == "Chrome op Android"  # not Anna's name for it
    [moved] = stored()
    assert moved.id == row.id and moved.user_id == world.users["bram"].id
    with session_scope() as session:
        [waiting] = session.exec(select(PushDelivery)).all()
        assert waiting.status == DeliveryStatus.GONE  # never sent to Bram's device
    assert audit_rows("push.subscribe")[-1].detail == "moved"


def test_more_than_the_limit_of_devices_is_refused(client: TestClient, world: World) -> None:
    token = login_token(world, "anna")
    for _ in range(push_devices.MAX_DEVICES):
        assert post(client, token, subscription()).status_code == 201
    response = post(client, token, subscription())
    assert response.status_code == 409
    assert response.json()["error"] == "too_many_devices"
    assert len(stored()) == push_devices.MAX_DEVICES


def test_the_local_test_push_service_is_allowed_outside_production(
    client: TestClient, world: World
) -> None:
    token = login_token(world, "anna")
    for endpoint in ("http://127.0.0.1:8123/push/1", "http://localhost:8123/push/2"):
        assert post(client, token, subscription(endpoint)).status_code == 201


def test_production_refuses_a_local_endpoint(monkeypatch: pytest.MonkeyPatch, world: World) -> None:
    monkeypatch.setenv("DOSSIER_ENV", "production")
    monkeypatch.setenv("DOSSIER_ORIGIN", "https://dossier.example.nl")
    get_settings.cache_clear()
    token = login_token(world, "anna")
    origin = "https://dossier.example.nl"
    with TestClient(security_headers(build_api()), base_url=origin) as client:
        local = post(client, token, subscription("http://127.0.0.1:8123/push"), origin=origin)
        assert (local.status_code, local.json()) == (400, {"error": "endpoint_not_https"})
        real = post(client, token, subscription(), origin=origin)
        assert real.status_code == 201
    assert len(stored()) == 1


# --------------------------------------------------------------------------------------
# Refusals: nothing is stored
# --------------------------------------------------------------------------------------


def test_without_a_login_it_is_401(client: TestClient, world: World) -> None:
    assert post(client, None, subscription()).status_code == 401
    assert post(client, "not-a-real-token", subscription()).status_code == 401
    ended = login_token(world, "anna")
    with session_scope() as session:
        sessions.end_session(session, ended)
    assert post(client, ended, subscription()).status_code == 401
    assert delete(client, None, {"endpoint": "https://x.example/1"}).status_code == 401
    assert stored() == []


def test_a_personal_check_in_link_session_is_no_login(client: TestClient, world: World) -> None:
    link = create_link(world.session, world.actor("anna"), sibling_id=world.members["ben"].id)
    world.session.commit()
    with session_scope() as session:
        token = open_link(session, link)
    assert token is not None
    response = post(client, token, subscription())
    assert response.status_code == 401
    assert stored() == []


@pytest.mark.parametrize(
    "extra",
    [
        {"origin": "https://evil.example"},
        {"sec-fetch-site": "cross-site"},
    ],
)
def test_another_site_is_refused(client: TestClient, world: World, extra: dict) -> None:
    token = login_token(world, "anna")
    response = post(client, token, subscription(), **extra)
    assert (response.status_code, response.json()) == (403, {"error": "cross_site"})
    assert stored() == []
    body = subscription()
    assert post(client, token, body).status_code == 201
    assert delete(client, token, {"endpoint": body["endpoint"]}, **extra).status_code == 403
    assert len(stored()) == 1


def _bad_point() -> str:
    raw = bytearray(base64.urlsafe_b64decode(browser_keys()["p256dh"] + "=="))
    raw[-1] ^= 1  # almost the same key, but not a point on the curve
    return b64url(bytes(raw))


BAD_BODIES = {
    "bad_json": b"{not json",
    "not_an_object": [1, 2, 3],
    "keys_missing": {"endpoint": "https://fcm.googleapis.com/fcm/send/x"},
    "endpoint_missing": {"keys": browser_keys()},
    "endpoint_not_https": subscription("http://push.example.com/x"),
    "endpoint_host": subscription("https://10.0.0.8/push"),
    "endpoint_host_single_label": subscription("https://intranet/push"),
    "endpoint_host_local": subscription("https://printer.local/push"),
    "endpoint_invalid_userinfo": subscription("https://user:pw@push.example.com/x"),
    "endpoint_invalid_space": subscription("https://push.example.com/a b"),
    "endpoint_too_long": subscription("https://push.example.com/" + "a" * 1000),
    "key_p256dh_short": {**subscription(), "keys": {**browser_keys(), "p256dh": "AAAA"}},
    "key_p256dh_off_curve": {**subscription(), "keys": {**browser_keys(), "p256dh": _bad_point()}},
    "key_p256dh_not_base64": {
        **subscription(),
        "keys": {**browser_keys(), "p256dh": "+/+/" * 22},
    },
    "key_auth": {**subscription(), "keys": {**browser_keys(), "auth": b64url(b"x" * 15)}},
    "key_auth_type": {**subscription(), "keys": {**browser_keys(), "auth": 12345}},
    "too_large": subscription(deviceName="x" * 5000),
}


@pytest.mark.parametrize("case", list(BAD_BODIES))
def test_bad_input_is_400_with_a_reason_and_nothing_is_stored(
    client: TestClient, world: World, case: str
) -> None:
    token = login_token(world, "anna")
    response = post(client, token, BAD_BODIES[case])
    assert response.status_code == 400
    reason = response.json()["error"]
    expected = case.removesuffix("_single_label").removesuffix("_local")
    expected = expected.removesuffix("_userinfo").removesuffix("_space")
    expected = expected.removesuffix("_short").removesuffix("_off_curve")
    expected = expected.removesuffix("_not_base64").removesuffix("_type")
    assert reason == expected
    assert stored() == []
    assert audit_rows("push.subscribe") == []


def test_only_json_is_accepted(client: TestClient, world: World) -> None:
    token = login_token(world, "anna")
    response = post(client, token, subscription(), **{"content-type": "text/plain"})
    assert (response.status_code, response.json()) == (400, {"error": "content_type"})
    assert stored() == []


# --------------------------------------------------------------------------------------
# Unsubscribing
# --------------------------------------------------------------------------------------


def test_delete_removes_only_the_users_own_endpoint(client: TestClient, world: World) -> None:
    anna, bram = login_token(world, "anna"), login_token(world, "bram")
    annas, brams = subscription(), subscription()
    assert post(client, anna, annas).status_code == 201
    assert post(client, bram, brams).status_code == 201

    refused = delete(client, anna, {"endpoint": brams["endpoint"]})
    assert (refused.status_code, refused.json()) == (404, {"error": "not_found"})
    unknown = delete(client, anna, {"endpoint": "https://fcm.googleapis.com/fcm/send/nope"})
    assert unknown.json() == refused.json()  # the same answer: it tells nothing
    assert {row.endpoint for row in stored()} == {annas["endpoint"], brams["endpoint"]}
    denied = [r for r in audit_rows("push.unsubscribe") if r.outcome == "denied"]
    assert len(denied) == 2 and all(r.user_id == world.users["anna"].id for r in denied)

    removed = delete(client, anna, {"endpoint": annas["endpoint"]})
    assert (removed.status_code, removed.json()) == (200, {"status": "removed"})
    assert [row.endpoint for row in stored()] == [brams["endpoint"]]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"nope", "bad_json"),
        ({}, "endpoint_missing"),
        ({"endpoint": 5}, "endpoint_missing"),
        ({"endpoint": "https://x.example/" + "a" * 1000}, "endpoint_too_long"),
    ],
)
def test_delete_with_bad_input_is_400(
    client: TestClient, world: World, body: object, reason: str
) -> None:
    token = login_token(world, "anna")
    keep = subscription()
    assert post(client, token, keep).status_code == 201
    response = delete(client, token, body)
    assert (response.status_code, response.json()) == (400, {"error": reason})
    assert len(stored()) == 1


# --------------------------------------------------------------------------------------
# The service worker file
# --------------------------------------------------------------------------------------


def test_the_service_worker_is_never_cached_without_asking(world: World) -> None:
    async def static_file(_request) -> Response:
        return Response(
            "self.addEventListener('push', () => {});",
            media_type="text/javascript",
            headers={"cache-control": "public, max-age=3600"},
        )

    app = Starlette(routes=[Route("/sw.js", static_file), Route("/live.js", static_file)])
    with TestClient(security_headers(app), base_url=ORIGIN) as client:
        for cookie in ("", f"dossier_session={login_token(world, 'anna')}"):
            response = client.get("/sw.js", headers={"cookie": cookie} if cookie else {})
            assert response.headers["cache-control"] == "no-cache"
            assert "worker-src 'self'" in response.headers["content-security-policy"]
        other = client.get("/live.js")
        assert other.headers["cache-control"] == "public, max-age=3600"


# --------------------------------------------------------------------------------------
# PostgreSQL: the route as a whole, and the same endpoint posted twice at the same time
# --------------------------------------------------------------------------------------


@pytest.fixture
def pg_world(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    from dossier.db import get_engine
    from dossier.ops.migrations import upgrade
    from tests.factories import build_world

    monkeypatch.setenv("REFLEX_DB_URL", pg_url)
    get_settings.cache_clear()
    upgrade(pg_url)
    with Session(get_engine(pg_url), expire_on_commit=False) as session:
        yield build_world(session)


def test_subscribe_move_and_delete_on_postgres(pg_world: World) -> None:
    body = subscription()
    anna, bram = login_token(pg_world, "anna"), login_token(pg_world, "bram")
    with TestClient(security_headers(build_api()), base_url=ORIGIN) as client:
        assert post(client, anna, body).status_code == 201
        assert post(client, anna, body).status_code == 200
        assert post(client, bram, body).status_code == 201  # moved to Bram
        assert delete(client, anna, {"endpoint": body["endpoint"]}).status_code == 404
        assert [row.user_id for row in stored()] == [pg_world.users["bram"].id]
        assert delete(client, bram, {"endpoint": body["endpoint"]}).status_code == 200
    assert stored() == []


def test_the_same_endpoint_twice_at_once_makes_one_device_on_postgres(pg_world: World) -> None:
    import threading

    from dossier.db import get_engine

    pg_world.session.commit()
    user_id = pg_world.users["anna"].id
    data = push_devices.parse_subscription(subscription(), allow_local=False)
    engine = get_engine()
    results: list[object] = []
    with Session(engine, expire_on_commit=False) as first:
        push_devices.subscribe(first, user_id=user_id, subscription=data, fallback_name="A")

        def second_tab() -> None:
            try:
                with Session(engine, expire_on_commit=False) as second:
                    row, new = push_devices.subscribe(
                        second, user_id=user_id, subscription=data, fallback_name="B"
                    )
                    second.commit()
                    results.append((row.id, new))
            except Exception as exc:  # reported below
                results.append(exc)

        racer = threading.Thread(target=second_tab)
        racer.start()
        racer.join(timeout=1)  # it waits on the unique index for the first transaction
        assert racer.is_alive() and results == []
        first.commit()
        racer.join(timeout=10)
    [(device_id, new)] = results
    [row] = stored()
    assert row.id == device_id and new is False and row.device_name == "A"

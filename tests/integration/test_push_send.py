"""One push, end to end, against a real push service on loopback (tests/push_service.py):
the JWT and headers it checks, the payload it decrypts, and what each answer becomes.
Also GET /api/push/vapid-public-key."""

from __future__ import annotations

import logging
import socket
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from pywebpush import WebPushException, webpush
from starlette.testclient import TestClient

from dossier.api import build_api
from dossier.models import Category, Notification, PushSubscription
from dossier.notify import sender, vapid
from dossier.notify.sender import Outcome, SendResult
from dossier.settings import get_settings
from tests.push_service import HANG, Answer, PushService, make_subscription, retry_after


@pytest.fixture(autouse=True)
def no_vapid_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (vapid.PRIVATE_KEY_ENV, vapid.SUBJECT_ENV):
        monkeypatch.delenv(name, raising=False)


def task_note(**fields: object) -> Notification:
    values: dict[str, object] = {
        "id": 11,
        "recipient_user_id": 1,
        "kind": "task.assigned",
        "category": Category.TASKS,
        "object_type": "task",
        "object_id": 42,
        "url": "/taken/42",
        "dedupe_key": "task.assigned:42:1",
    }
    values.update(fields)
    return Notification(**values)  # type: ignore[arg-type]


def push(info: dict, payload: dict | None = None, *, timeout: float = 5.0) -> SendResult:
    return sender.send(
        info,
        payload or {"title": "t", "url": "/"},
        ttl_seconds=3600,
        urgency="normal",
        topic="abc",
        timeout=timeout,
    )


# -- a push arrives ---------------------------------------------------------------------


def test_a_push_arrives_decrypted_with_the_right_headers_and_a_valid_jwt(
    push_service: PushService,
) -> None:
    info, _key, _auth = make_subscription(push_service, "phone")
    note = task_note(urgent=True)
    payload = sender.push_payload(note, "nl")
    before = time.time()
    result = sender.send(
        info,
        payload,
        ttl_seconds=86400,
        urgency=sender.urgency_for(note),
        topic=sender.topic_for(note),
    )
    assert result == SendResult(outcome=Outcome.SENT, status=201)
    assert push_service.failures == []
    [got] = push_service.received_for("phone")
    assert got.payload == payload  # what the service worker gets, decrypted
    assert got.payload["body"] == "Nieuwe taak voor jou in het gezinsdossier"
    assert got.payload["url"] == "/taken/42" and got.payload["tag"] == "task-42"
    assert got.payload["renotify"] is True  # urgent: the phone buzzes again
    assert got.ttl == 86400 and got.urgency == "high" and got.topic == sender.topic_for(note)
    assert got.headers["content-encoding"] == "aes128gcm"
    assert got.public_key == vapid.public_key_b64url()
    assert got.claims["aud"] == push_service.origin
    assert got.claims["sub"] == "https://localhost"  # development default
    assert before + 12 * 3600 - 5 <= got.claims["exp"] <= time.time() + 12 * 3600


def test_a_stored_subscription_and_the_configured_subject_are_used(
    push_service: PushService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(vapid.SUBJECT_ENV, "mailto:beheer@gezinsdossier.nl")
    info, _key, _auth = make_subscription(push_service, "tablet")
    device = PushSubscription(
        user_id=1,
        endpoint=info["endpoint"],
        p256dh=info["keys"]["p256dh"],
        auth=info["keys"]["auth"],
    )
    payload = sender.push_payload(task_note(kind=sender.TEST_KIND, url="/"), "en")
    assert sender.send(device, payload, ttl_seconds=0, urgency="low", topic="t").outcome is (
        Outcome.SENT
    )
    [got] = push_service.received_for("tablet")
    assert got.payload["title"] == "Notifications are on"
    assert got.ttl == 0 and got.urgency == "low"
    assert got.claims["sub"] == "mailto:beheer@gezinsdossier.nl"


def test_a_payload_at_the_limit_still_fits_the_push_service(push_service: PushService) -> None:
    info, _key, _auth = make_subscription(push_service, "phone")
    payload = {"title": "x", "url": "/" + "a" * (sender.MAX_PAYLOAD_BYTES - 23)}
    assert len(sender.encode_payload(payload)) == sender.MAX_PAYLOAD_BYTES
    assert push(info, payload).outcome is Outcome.SENT
    assert push_service.received_for("phone")[0].payload == payload


def test_a_payload_over_the_limit_is_never_sent(
    push_service: PushService, caplog: pytest.LogCaptureFixture
) -> None:
    info, _key, _auth = make_subscription(push_service, "phone")
    result = push(info, {"title": "x", "url": "/" + "a" * sender.MAX_PAYLOAD_BYTES})
    assert result.outcome is Outcome.REJECTED and result.status is None
    assert "at most 3000" in result.error
    assert push_service.received == []
    assert "a" * 100 not in caplog.text  # no payload in the log


# -- each answer ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "outcome", "wait"),
    [
        (Answer(410), Outcome.GONE, None),
        (Answer(404), Outcome.GONE, None),
        (retry_after(120), Outcome.RATE_LIMITED, 120.0),
        (Answer(429), Outcome.RATE_LIMITED, None),  # no Retry-After: the worker decides
        (Answer(500), Outcome.RETRY, None),
        (Answer(502), Outcome.RETRY, None),
        (retry_after(30, status=503), Outcome.RETRY, 30.0),
        (Answer(400, body='{"reason":"BadDeviceToken"}'), Outcome.REJECTED, None),
        (Answer(403, body='{"reason":"BadJwtToken"}'), Outcome.REJECTED, None),
        (Answer(413), Outcome.REJECTED, None),
    ],
)
def test_each_answer_of_the_push_service(
    push_service: PushService, answer: Answer, outcome: Outcome, wait: float | None
) -> None:
    info, _key, _auth = make_subscription(push_service, "phone")
    push_service.script("phone", answer)
    result = push(info)
    assert (result.outcome, result.status, result.retry_after) == (outcome, answer.status, wait)
    assert result.error.startswith(str(answer.status)) and len(result.error) <= 200
    assert push_service.failures == []  # the push itself was valid every time
    assert push(info).outcome is Outcome.SENT  # the script is used up: 201 again


def test_retry_after_as_an_http_date(push_service: PushService) -> None:
    info, _key, _auth = make_subscription(push_service, "phone")
    later = format_datetime(datetime.now(UTC) + timedelta(minutes=10), usegmt=True)
    push_service.script("phone", retry_after(later))
    result = push(info)
    assert result.outcome is Outcome.RATE_LIMITED
    assert result.retry_after is not None and 590 <= result.retry_after <= 600


def test_500_then_201(push_service: PushService) -> None:
    info, _key, _auth = make_subscription(push_service, "phone")
    push_service.script("phone", Answer(500), Answer(201))
    first, second = push(info), push(info)
    assert (first.outcome, first.status) == (Outcome.RETRY, 500)
    assert (second.outcome, second.status) == (Outcome.SENT, 201)
    assert [got.answered for got in push_service.received_for("phone")] == [500, 201]


def test_a_configuration_error_is_logged_without_the_endpoint_or_payload(
    push_service: PushService, caplog: pytest.LogCaptureFixture
) -> None:
    info, _key, _auth = make_subscription(push_service, "phone")
    push_service.script("phone", Answer(403, body='{"reason":"BadJwtToken"}'))
    with caplog.at_level(logging.ERROR, logger="dossier.notify.sender"):
        result = push(info, {"title": "geheim", "url": "/"})
    assert result.outcome is Outcome.REJECTED and "BadJwtToken" in result.error
    [record] = caplog.records
    assert "configuration error" in record.getMessage()
    assert push_service.origin in record.getMessage()
    assert "/push/phone" not in record.getMessage() and "geheim" not in record.getMessage()


def test_a_subscription_that_ended_is_gone(push_service: PushService) -> None:
    info, _key, _auth = make_subscription(push_service, "phone")
    push_service.forget("phone")
    assert (push(info).outcome, push(info).status) == (Outcome.GONE, 410)
    never, _k, _a = make_subscription(push_service, "ghost")
    never["endpoint"] = push_service.endpoint("unknown")
    assert (push(never).outcome, push(never).status) == (Outcome.GONE, 404)


def test_a_hang_ends_in_the_timeout_and_a_retry(push_service: PushService) -> None:
    info, _key, _auth = make_subscription(push_service, "phone")
    push_service.script("phone", HANG)
    started = time.monotonic()
    result = push(info, timeout=0.5)
    assert time.monotonic() - started < 3
    assert result == SendResult(outcome=Outcome.RETRY, error="no answer within 0.5 s")
    assert len(push_service.received_for("phone")) == 1  # it did arrive; no answer came
    assert push(info).outcome is Outcome.SENT  # the next send gets a fresh connection


def test_no_connection_is_a_retry() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with PushService() as service:
        info, _key, _auth = make_subscription(service, "phone")
    info["endpoint"] = f"http://127.0.0.1:{port}/push/phone"
    result = push(info, timeout=2)
    assert result.outcome is Outcome.RETRY and result.status is None
    assert result.error.startswith("no connection")


@pytest.mark.parametrize(
    "keys",
    [
        {"p256dh": "bm90IGEga2V5"},  # too short
        {"p256dh": "BA" + "A" * 85},  # 65 bytes, but not a point on the curve
        {"p256dh": "not base64 at all!"},
        {"auth": ""},
    ],
)
def test_a_broken_subscription_is_rejected_before_sending(
    push_service: PushService, keys: dict[str, str]
) -> None:
    info, _key, _auth = make_subscription(push_service, "phone")
    info["keys"] = {**info["keys"], **keys}
    result = push(info)
    assert result.outcome is Outcome.REJECTED and result.status is None
    assert push_service.received == []


def test_a_caller_bug_raises(push_service: PushService) -> None:
    info, _key, _auth = make_subscription(push_service, "phone")
    for bad in ({"urgency": "urgent"}, {"topic": "task/42"}, {"topic": "x" * 33}):
        arguments = {"ttl_seconds": 60, "urgency": "normal", "topic": "ok", **bad}
        with pytest.raises(ValueError):
            sender.send(info, {"title": "x"}, **arguments)  # type: ignore[arg-type]
    assert push_service.received == []


# -- production configuration -----------------------------------------------------------


def production(monkeypatch: pytest.MonkeyPatch, **env: str) -> None:
    monkeypatch.setenv("DOSSIER_ENV", "production")
    monkeypatch.setenv("DOSSIER_ORIGIN", "https://dossier.example.nl")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()


def test_production_without_a_key_raises_before_anything_is_sent(
    push_service: PushService, monkeypatch: pytest.MonkeyPatch
) -> None:
    info, _key, _auth = make_subscription(push_service, "phone")
    production(monkeypatch)
    with pytest.raises(vapid.VapidConfigError, match="DOSSIER_VAPID_PRIVATE_KEY is not set"):
        push(info)
    assert push_service.received == []


def test_production_sends_only_to_https_endpoints(
    push_service: PushService, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = vapid.generate_keys()
    production(monkeypatch, DOSSIER_VAPID_PRIVATE_KEY=keys.private_key_b64url)
    info, _key, _auth = make_subscription(
        push_service, "phone", application_server_key=keys.public_key_b64url
    )
    result = push(info)
    assert result.outcome is Outcome.REJECTED and "https" in result.error
    assert push_service.received == []


# -- the test push service really checks --------------------------------------------------


def test_the_push_service_refuses_a_push_signed_with_another_key(
    push_service: PushService,
) -> None:
    other = vapid.generate_keys().public_key_b64url
    info, _key, _auth = make_subscription(push_service, "phone", application_server_key=other)
    result = push(info)
    assert (result.outcome, result.status) == (Outcome.REJECTED, 403)
    assert push_service.failures == [
        ("phone", "the key is not the one this subscription was made with")
    ]


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"aud": "https://fcm.googleapis.com"}, "aud"),
        ({"exp": int(time.time()) + 25 * 3600}, "exp"),
        ({"exp": int(time.time()) - 60}, "exp"),
        ({"sub": "beheer@example.nl"}, "sub"),
    ],
)
def test_the_push_service_checks_the_claims(
    push_service: PushService, claims: dict, reason: str
) -> None:
    info, _key, _auth = make_subscription(push_service, "phone")
    signed = {**vapid.claims_for(info["endpoint"]), **claims}
    signer = vapid.load_keys().signer()
    signer.conf["no-strict"] = True  # let py_vapid sign what a careless sender would
    authorization = signer.sign(signed)  # signed as given (pywebpush would renew an old exp)
    with pytest.raises(WebPushException) as caught:
        webpush(info, data="{}", headers=authorization, ttl=60)
    assert caught.value.status_code == 403
    [(name, why)] = push_service.failures
    assert name == "phone" and why.startswith(reason)


def test_the_push_service_wants_a_ttl_and_decrypts_only_for_its_subscriber(
    push_service: PushService,
) -> None:
    info, _key, _auth = make_subscription(push_service, "phone")
    signer = vapid.load_keys().signer()
    claims = vapid.claims_for(info["endpoint"])
    with pytest.raises(WebPushException) as caught:
        webpush(info, data="{}", vapid_private_key=signer, vapid_claims=dict(claims),
                headers={"Urgency": "now"}, ttl=60)  # fmt: skip
    assert caught.value.status_code == 400
    other, _k, _a = make_subscription(push_service, "other")
    wrong = {"endpoint": info["endpoint"], "keys": other["keys"]}  # encrypted for "other"
    with pytest.raises(WebPushException) as caught:
        webpush(wrong, data="{}", vapid_private_key=signer, vapid_claims=dict(claims), ttl=60)
    assert caught.value.status_code == 400
    assert [why.split(" ")[0] for _name, why in push_service.failures] == ["bad", "cannot"]


# -- GET /api/push/vapid-public-key -----------------------------------------------------


def test_the_public_key_is_served_without_login() -> None:
    with TestClient(build_api(), base_url="http://localhost:3000") as client:
        response = client.get("/api/push/vapid-public-key")
    assert response.status_code == 200
    assert response.json() == {"publicKey": vapid.public_key_b64url()}
    assert response.headers["cache-control"] == "public, max-age=300"


def test_without_a_key_in_production_the_route_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    production(monkeypatch)
    with TestClient(build_api(), base_url="https://dossier.example.nl") as client:
        response = client.get("/api/push/vapid-public-key")
    assert response.status_code == 503
    assert response.json() == {"error": "push_not_configured"}
    assert "DOSSIER_VAPID_PRIVATE_KEY is not set" in caplog.text

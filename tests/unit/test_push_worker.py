"""The push outbox worker with a fake sender: claiming, leases and how each answer of the
push service is settled. The real HTTP path is in tests/integration/test_push_outbox.py."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from dossier.db import get_engine
from dossier.jobs import push_worker
from dossier.models import (
    Category,
    DeliveryStatus,
    NotificationSettings,
    PushDelivery,
    PushSubscription,
    User,
)
from dossier.notify import worker
from dossier.notify.outbox import notify
from dossier.notify.sender import Outcome, SendResult
from dossier.notify.vapid import VapidConfigError

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # 13:00 in Amsterdam: no quiet hours


@dataclass
class FakeSend:
    """Answers from a script (then SENT), and remembers every call."""

    script: list[SendResult] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, subscription, payload, **options) -> SendResult:
        self.calls.append({"endpoint": subscription.endpoint, "payload": payload, **options})
        if self.script:
            return self.script.pop(0)
        return SendResult(outcome=Outcome.SENT, status=201)


def factory() -> Session:
    return Session(get_engine(), expire_on_commit=False)


@pytest.fixture
def people(db: Session) -> dict[str, Any]:
    anna = User(name="Anna", email="anna@example.nl", locale="nl")
    emma = User(name="Emma", email="emma@example.nl", locale="en")
    db.add_all([anna, emma])
    db.flush()
    devices = {
        "phone": PushSubscription(
            user_id=anna.id, endpoint="https://push.example/phone", p256dh="k", auth="a"
        ),
        "tablet": PushSubscription(
            user_id=anna.id, endpoint="https://push.example/tablet", p256dh="k", auth="a"
        ),
        "emma_device": PushSubscription(
            user_id=emma.id, endpoint="https://push.example/emma", p256dh="k", auth="a"
        ),
    }
    db.add_all(devices.values())
    db.commit()  # SQLite: the worker's own transactions need the write lock
    return {"anna": anna, "emma": emma, **devices}


def queue(db: Session, user: User, key: str, *, now: datetime = T0, **kwargs: Any) -> None:
    notify(
        db,
        recipient_user_id=user.id,
        kind="task.assigned",
        category=kwargs.pop("category", Category.TASKS),
        dedupe_key=key,
        now=now,
        **kwargs,
    )
    db.commit()


def deliveries(db: Session) -> list[PushDelivery]:
    db.expire_all()
    rows = list(db.exec(select(PushDelivery).order_by(PushDelivery.id)).all())
    db.commit()  # SQLite: even a read holds the write lock (BEGIN IMMEDIATE) until it ends
    return rows


def run(send: FakeSend, *, at: datetime = T0, owner: str = "w1", **kwargs: Any) -> Counter[str]:
    return worker.run_once(factory, owner=owner, send=send, clock=lambda: at, **kwargs)


# -- backoff -----------------------------------------------------------------------------


@pytest.mark.parametrize("attempt", range(1, 9))
def test_backoff_is_full_jitter_between_zero_and_the_capped_exponential(attempt: int) -> None:
    ceiling = min(timedelta(hours=1), timedelta(seconds=30) * 2 ** (attempt - 1))
    assert worker.backoff(attempt, rng=lambda: 0.0) == timedelta(0)
    assert worker.backoff(attempt, rng=lambda: 1.0) == ceiling
    for _ in range(50):
        assert timedelta(0) <= worker.backoff(attempt) <= ceiling


def test_retry_after_is_used_capped_and_defaulted() -> None:
    assert worker.retry_after_delay(5) == timedelta(seconds=5)
    assert worker.retry_after_delay(10**7) == timedelta(hours=1)
    assert worker.retry_after_delay(None) == timedelta(seconds=60)
    assert worker.retry_after_delay(-3) == timedelta(seconds=60)


# -- claiming -----------------------------------------------------------------------------


def test_a_claim_leases_due_rows_once(db: Session, people) -> None:
    queue(db, people["anna"], "a")  # two devices: two rows
    first = worker.claim(factory, owner="w1", now=T0)
    second = worker.claim(factory, owner="w2", now=T0 + timedelta(seconds=30))
    assert [row.lease_owner for row in first] == ["w1", "w1"]
    assert second == []  # still under w1's lease
    after_lease = worker.claim(factory, owner="w2", now=T0 + timedelta(seconds=61))
    assert sorted(row.id for row in after_lease) == sorted(row.id for row in first)


def test_the_batch_size_is_respected(db: Session, people) -> None:
    for n in range(5):
        queue(db, people["emma"], f"e{n}")
    assert len(worker.claim(factory, owner="w1", batch=3, now=T0)) == 3
    assert len(worker.claim(factory, owner="w2", batch=3, now=T0)) == 2


def test_rows_past_their_time_to_live_expire_unsent(db: Session, people) -> None:
    queue(db, people["emma"], "old", category=Category.REMINDERS)  # TTL 2 hours
    send = FakeSend()
    counts = run(send, at=T0 + timedelta(hours=3))
    assert counts["claimed"] == 0 and send.calls == []
    assert [d.status for d in deliveries(db)] == [DeliveryStatus.EXPIRED]


def test_expire_counts_the_rows_it_closed(db: Session, people) -> None:
    queue(db, people["anna"], "old", category=Category.REMINDERS)  # two devices
    with factory() as session, session.begin():
        assert worker.expire(session, T0 + timedelta(hours=1)) == 0
        assert worker.expire(session, T0 + timedelta(hours=3)) == 2


def test_a_lease_shorter_than_two_send_timeouts_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        worker.run_once(factory, owner="w1", lease=timedelta(seconds=15), timeout=10)


def test_quiet_hours_hold_a_push_until_they_end(db: Session, people) -> None:
    evening = datetime(2026, 11, 23, 22, 30, tzinfo=UTC)  # 23:30 in Amsterdam
    queue(db, people["emma"], "late", now=evening)
    send = FakeSend()
    assert run(send, at=evening + timedelta(hours=1))["claimed"] == 0
    morning = datetime(2026, 11, 24, 6, 31, tzinfo=UTC)  # 07:31 in Amsterdam
    assert run(send, at=morning)["sent"] == 1
    assert len(send.calls) == 1


def test_summarised_rows_are_never_sent(db: Session, people) -> None:
    db.add(NotificationSettings(user_id=people["emma"].id, daily_summary=True))
    db.commit()
    queue(db, people["emma"], "s")
    send = FakeSend()
    assert run(send, at=T0 + timedelta(minutes=5))["claimed"] == 0
    assert send.calls == []
    assert [d.status for d in deliveries(db)] == [DeliveryStatus.SUMMARISED]


# -- settling each answer -----------------------------------------------------------------


def test_sent_marks_the_row_and_the_device(db: Session, people) -> None:
    sub = people["emma_device"]
    sub.failing_since = T0 - timedelta(days=1)
    db.add(sub)
    db.commit()
    queue(db, people["emma"], "ok")
    send = FakeSend()
    assert run(send)["sent"] == 1
    [row] = deliveries(db)
    assert (row.status, row.sent_at, row.last_status, row.lease_until) == (
        DeliveryStatus.SENT,
        T0,
        201,
        None,
    )
    db.refresh(sub)
    assert sub.last_success_at == T0 and sub.failing_since is None
    [call] = send.calls
    assert call["payload"]["lang"] == "en"  # the reader's language
    assert call["timeout"] == worker.SEND_TIMEOUT
    assert call["urgency"] == "normal"
    assert 0 < call["ttl_seconds"] <= 86400


def test_gone_removes_only_that_subscription(db: Session, people) -> None:
    queue(db, people["anna"], "one")
    queue(db, people["anna"], "two")
    phone, tablet = people["phone"].id, people["tablet"].id
    phone_endpoint = people["phone"].endpoint
    script = [SendResult(outcome=Outcome.GONE, status=410)]  # the first row: the phone
    send = FakeSend(script=script)
    counts = run(send, batch=1)
    assert counts["gone"] == 1
    db.expire_all()
    assert db.get(PushSubscription, phone) is None
    assert db.get(PushSubscription, tablet) is not None
    db.commit()
    # The phone's other waiting push is closed too; the tablet still gets both.
    run(send)
    by_status = Counter(d.status for d in deliveries(db))
    assert by_status == {DeliveryStatus.GONE: 2, DeliveryStatus.SENT: 2}
    assert [c["endpoint"] for c in send.calls].count(phone_endpoint) == 1


def test_gone_leaves_a_new_subscription_under_a_reused_id(db: Session, people) -> None:
    queue(db, people["emma"], "x")
    [row] = worker.claim(factory, owner="w1", now=T0)
    old = db.get(PushSubscription, row.subscription_id)
    db.expunge(old)
    fresh = db.get(PushSubscription, row.subscription_id)
    fresh.endpoint = "https://push.example/emma-again"
    db.add(fresh)
    db.commit()
    result = SendResult(outcome=Outcome.GONE, status=404)
    assert worker.settle(factory, row, old, result, now=T0) == DeliveryStatus.GONE
    db.expire_all()
    assert db.get(PushSubscription, row.subscription_id) is not None


def test_rate_limited_waits_for_retry_after(db: Session, people) -> None:
    queue(db, people["emma"], "r")
    send = FakeSend(script=[SendResult(outcome=Outcome.RATE_LIMITED, status=429, retry_after=120)])
    assert run(send)["rate_limited"] == 1
    [row] = deliveries(db)
    assert (row.status, row.attempts, row.lease_until) == (DeliveryStatus.PENDING, 1, None)
    assert row.not_before == T0 + timedelta(seconds=120)
    assert run(send, at=T0 + timedelta(seconds=119))["claimed"] == 0
    assert run(send, at=T0 + timedelta(seconds=121))["sent"] == 1


def test_server_errors_back_off_then_fail_visibly(db: Session, people) -> None:
    queue(db, people["emma"], "f")
    failures = [SendResult(outcome=Outcome.RETRY, status=503, error="503") for _ in range(5)]
    send = FakeSend(script=failures)
    moment = T0
    for attempt in range(1, 5):
        assert run(send, at=moment)["retry"] == 1
        [row] = deliveries(db)
        assert row.attempts == attempt and row.status == DeliveryStatus.PENDING
        ceiling = min(timedelta(hours=1), timedelta(seconds=30) * 2 ** (attempt - 1))
        assert moment <= row.not_before <= moment + ceiling
        moment = row.not_before
    assert run(send, at=moment)["failed"] == 1
    [row] = deliveries(db)
    assert (row.status, row.attempts, row.last_status) == (DeliveryStatus.FAILED, 5, 503)
    device = db.get(PushSubscription, row.subscription_id)
    db.refresh(device)
    assert device.failing_since == moment  # the devices page says "werkt niet"
    assert len(send.calls) == 5


def test_rejected_is_a_logged_configuration_error_without_retry(
    db: Session, people, caplog: pytest.LogCaptureFixture
) -> None:
    queue(db, people["emma"], "bad")
    send = FakeSend(script=[SendResult(outcome=Outcome.REJECTED, status=403, error="403 bad jwt")])
    with caplog.at_level(logging.DEBUG):
        assert run(send)["rejected"] == 1
        assert run(send, at=T0 + timedelta(hours=2))["claimed"] == 0
    [row] = deliveries(db)
    assert (row.status, row.last_status) == (DeliveryStatus.REJECTED, 403)
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert any("configuration error" in r.getMessage() for r in errors)
    payload = send.calls[0]["payload"]
    for record in caplog.records:  # the payload is never logged
        assert payload["title"] not in record.getMessage()
        assert payload["body"] not in record.getMessage()


def test_a_worker_whose_lease_was_taken_over_does_not_overwrite(db: Session, people) -> None:
    queue(db, people["emma"], "slow")
    [mine] = worker.claim(factory, owner="slow", lease=timedelta(seconds=60), now=T0)
    [theirs] = worker.claim(factory, owner="fast", now=T0 + timedelta(seconds=61))
    assert theirs.id == mine.id
    device = db.get(PushSubscription, mine.subscription_id)
    db.expunge(device)  # as the worker holds it: a plain copy
    db.commit()
    failed = SendResult(outcome=Outcome.RETRY, status=500)
    assert worker.settle(factory, mine, device, failed, now=T0 + timedelta(seconds=62)) == "lost"
    [row] = deliveries(db)
    assert (row.status, row.attempts, row.lease_owner) == (DeliveryStatus.PENDING, 0, "fast")
    ok = SendResult(outcome=Outcome.SENT, status=201)
    assert worker.settle(factory, theirs, device, ok, now=T0 + timedelta(seconds=63)) == "sent"


def test_a_batch_that_runs_out_of_lease_hands_the_rest_back(db: Session, people) -> None:
    for n in range(3):
        queue(db, people["emma"], f"n{n}")
    moments = iter([T0, T0, T0, T0, T0 + timedelta(seconds=55)])  # claim, check, send, settle
    send = FakeSend()
    counts = worker.run_once(
        factory, owner="w1", send=send, clock=lambda: next(moments, T0 + timedelta(seconds=56))
    )
    assert (counts["sent"], counts["released"]) == (1, 2)
    rows = deliveries(db)
    assert [r.lease_until for r in rows[1:]] == [None, None]
    assert run(send, owner="w2")["sent"] == 2


def test_a_removed_device_is_settled_without_sending(db: Session, people) -> None:
    queue(db, people["emma"], "d")
    [row] = worker.claim(factory, owner="w1", now=T0)
    db.delete(db.get(PushSubscription, row.subscription_id))
    db.commit()
    send = FakeSend()
    assert worker.deliver(factory, row, send=send, clock=lambda: T0) == DeliveryStatus.GONE
    assert send.calls == []


def test_a_sender_crash_counts_as_a_failed_try(db: Session, people) -> None:
    queue(db, people["emma"], "c")

    def explode(*_args, **_kwargs):
        raise RuntimeError("boom")

    counts = worker.run_once(factory, owner="w1", send=explode, clock=lambda: T0)
    assert counts["retry"] == 1
    [row] = deliveries(db)
    assert (row.status, row.attempts, row.last_error) == (DeliveryStatus.PENDING, 1, "RuntimeError")


def test_missing_vapid_configuration_hands_the_batch_back(db: Session, people) -> None:
    queue(db, people["anna"], "v")

    def unconfigured(*_args, **_kwargs):
        raise VapidConfigError("DOSSIER_VAPID_PRIVATE_KEY is not set")

    with pytest.raises(VapidConfigError):
        worker.run_once(factory, owner="w1", send=unconfigured, clock=lambda: T0)
    rows = deliveries(db)
    assert [(r.status, r.attempts, r.lease_until) for r in rows] == [
        (DeliveryStatus.PENDING, 0, None)
    ] * 2


# -- the loop -----------------------------------------------------------------------------


async def test_the_loop_sends_keeps_going_after_errors_and_stops_on_cancel(
    db: Session, people, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue(db, people["emma"], "loop", now=worker.utcnow(), urgent=True)  # no quiet hours
    send = FakeSend()
    real_run_once = worker.run_once
    rounds = {"n": 0}

    def flaky_run_once(*args, **kwargs):
        rounds["n"] += 1
        if rounds["n"] == 1:
            raise RuntimeError("database went away")
        return real_run_once(*args, **kwargs)

    monkeypatch.setattr(worker, "run_once", flaky_run_once)
    monkeypatch.setattr(push_worker, "ERROR_POLL_CAP", 0.01)
    task = asyncio.create_task(
        push_worker.run_loop(session_factory=factory, owner="loop", send=send, idle=0.01)
    )
    for _ in range(500):
        if [d.status for d in deliveries(db)] == [DeliveryStatus.SENT]:
            break
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(send.calls) == 1
    assert [d.status for d in deliveries(db)] == [DeliveryStatus.SENT]


async def test_the_lifespan_task_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_PUSH_WORKER", "0")
    await asyncio.wait_for(push_worker.outbox_worker(), timeout=1)  # returns at once

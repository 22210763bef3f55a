"""The push outbox worker: claims due deliveries, sends them, settles each answer.

Modelled on healthchecks' `sendalerts` command. One round (`run_once`):

1. Claim. One short transaction turns rows whose time to live passed into EXPIRED, then
   leases up to `batch` due rows (PENDING, `not_before` passed, no live lease) to this
   worker: `WITH due AS MATERIALIZED (SELECT id ... LIMIT n FOR UPDATE SKIP LOCKED)
   UPDATE ... WHERE id IN (SELECT id FROM due) RETURNING ...` on PostgreSQL, so workers
   never wait for each other; on SQLite the same statement runs inside a transaction that
   already holds the write lock (`BEGIN IMMEDIATE`, see `dossier.db`). A worker that dies
   keeps its rows only until the lease ends; then another worker takes them.
2. Deliver. Load the batch's devices, notifications and readers' languages at once, then
   send each row with a timeout, but only while the lease still covers the whole send (a
   slow batch hands its remaining rows back rather than racing a second worker).
3. Settle. In its own short transaction, guarded by the lease (owner and end), so a
   worker whose lease was taken over never overwrites the other worker's result:
   201 sent; 404/410 that subscription is removed; 429 wait for Retry-After; 5xx and
   timeouts back off (full jitter) and give up after `MAX_ATTEMPTS`, marking the device
   as failing; 400/403/413 are configuration errors, logged and never retried.

Delivery is at least once, not exactly once: a worker that dies after the push service
said 201 but before its settle committed leaves a row that is sent again after the
lease. The Topic header lets the push service replace that undelivered copy.

Any number of workers on any number of hosts may run this (the loop in
`dossier.jobs.push_worker`: the lifespan task in every backend worker, `dossier
push-worker` as its own process). Leases use each worker's clock: keep the hosts'
clocks in sync (NTP); the lease margin absorbs a few seconds.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import secrets
import socket
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from dossier.db import get_engine
from dossier.models import DeliveryStatus, Notification, PushDelivery, PushSubscription, User
from dossier.models.base import table_of, utcnow
from dossier.notify import sender as push
from dossier.notify.vapid import VapidConfigError

logger = logging.getLogger(__name__)

SessionFactory = Callable[[], Session]
# sender.send: (subscription, payload, *, ttl_seconds, urgency, topic, timeout) -> SendResult
SendFunction = Callable[..., Any]

BATCH = 50
LEASE = timedelta(seconds=60)
LEASE_MARGIN = timedelta(seconds=2)  # a send must end this long (at most lease/10) before
SEND_TIMEOUT = 10.0  # seconds; every send has one
MAX_ATTEMPTS = 5
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
RETRY_AFTER_DEFAULT = timedelta(seconds=60)  # a 429 without a usable Retry-After
RETRY_AFTER_CAP = timedelta(hours=1)
EXPIRE_BATCH = 500
SETTLE_TRIES = 3  # a PostgreSQL deadlock or a busy SQLite gets two more tries

T = table_of(PushDelivery)
S = table_of(PushSubscription)
PENDING = DeliveryStatus.PENDING.value


@dataclass(frozen=True, slots=True, kw_only=True)
class Claimed:
    """A delivery leased to one worker until `lease_until`."""

    id: int
    notification_id: int
    subscription_id: int | None
    attempts: int
    expires_at: datetime
    lease_owner: str
    lease_until: datetime


def worker_id() -> str:
    """A name unique to this worker: host, process and a random tail."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


def default_session_factory() -> Session:
    return Session(get_engine(), expire_on_commit=False)


def backoff(attempt: int, *, rng: Callable[[], float] = random.random) -> timedelta:
    """Full jitter: a random wait between 0 and base * 2^(attempt-1), capped."""
    doubling: int = 2 ** max(attempt - 1, 0)
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * doubling)
    return ceiling * rng()


def retry_after_delay(retry_after: float | None) -> timedelta:
    if retry_after is None or retry_after < 0:
        return RETRY_AFTER_DEFAULT
    return min(timedelta(seconds=retry_after), RETRY_AFTER_CAP)


# -- 1. claim ---------------------------------------------------------------------------


def _free(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(T.c.lease_until.is_(None), T.c.lease_until <= now)


def _locked_ids(query: sa.Select[Any], name: str) -> sa.Select[Any]:
    """`SELECT id FROM (the query, rows locked, locked rows skipped)`, evaluated once.

    A plain `id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)` is not safe on
    PostgreSQL: the planner may run the subquery again for every outer row, each run
    skipping the rows the statement just updated, so far more than n rows are taken.
    A MATERIALIZED common table expression runs exactly once. (SQLite ignores the
    locking clause; its transaction already holds the write lock.)"""
    cte = (
        query.with_for_update(skip_locked=True)
        .cte(name)
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    return sa.select(cte.c.id)


def expire(session: Session, now: datetime) -> int:
    """PENDING rows whose time to live passed become EXPIRED; never sent."""
    stale = _locked_ids(
        sa.select(T.c.id)
        .where(T.c.status == PENDING, T.c.expires_at <= now, _free(now))
        .limit(EXPIRE_BATCH),
        "stale",
    )
    expired = session.execute(
        sa.update(T)
        .where(T.c.id.in_(stale))
        .values(status=DeliveryStatus.EXPIRED.value, lease_until=None, lease_owner="")
        .returning(T.c.id)  # rowcount is -1 for a WITH statement on SQLite
    )
    return len(expired.all())


def claim(
    session_factory: SessionFactory,
    *,
    owner: str,
    batch: int = BATCH,
    lease: timedelta = LEASE,
    now: datetime | None = None,
) -> list[Claimed]:
    """Lease up to `batch` due deliveries to `owner`, in one atomic statement."""
    now = now or utcnow()
    until = now + lease
    due = _locked_ids(
        sa.select(T.c.id)
        .where(T.c.status == PENDING, T.c.not_before <= now, T.c.expires_at > now, _free(now))
        .order_by(T.c.not_before, T.c.id)
        .limit(batch),
        "due",
    )
    statement = (
        sa.update(T)
        .where(T.c.id.in_(due), T.c.status == PENDING, _free(now))
        .values(lease_owner=owner, lease_until=until)
        .returning(T.c.id, T.c.notification_id, T.c.subscription_id, T.c.attempts, T.c.expires_at)
    )
    with session_factory() as session, session.begin():
        expired = expire(session, now)
        rows = session.execute(statement).all()
    if expired:
        logger.info("push outbox: %d deliveries expired unsent", expired)
    return sorted(
        (
            Claimed(
                id=row.id,
                notification_id=row.notification_id,
                subscription_id=row.subscription_id,
                attempts=row.attempts,
                expires_at=row.expires_at,
                lease_owner=owner,
                lease_until=until,
            )
            for row in rows
        ),
        key=lambda claimed: claimed.id,
    )


def release(session_factory: SessionFactory, rows: list[Claimed]) -> int:
    """Hand leased rows back unsent, so any worker can take them at once."""
    if not rows:
        return 0
    with session_factory() as session, session.begin():
        released = 0
        for row in rows:
            result = session.exec(sa.update(T).where(_mine(row)).values(lease_until=None))
            released += result.rowcount or 0
    return released


# -- 2. deliver -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """What one send needs: the device, the notification and the reader's language."""

    subscription: PushSubscription
    notification: Notification
    lang: str


def load_targets(session_factory: SessionFactory, rows: list[Claimed]) -> dict[int, Target]:
    """The targets of a batch in one short transaction (three queries), by delivery id.
    A row whose device or notification is gone has none."""
    if not rows:
        return {}
    with session_factory() as session, session.begin():
        devices = session.exec(
            select(PushSubscription).where(
                col(PushSubscription.id).in_({r.subscription_id for r in rows})
            )
        ).all()
        notifications = session.exec(
            select(Notification).where(col(Notification.id).in_({r.notification_id for r in rows}))
        ).all()
        readers = {n.recipient_user_id for n in notifications}
        locales = dict(
            session.exec(select(User.id, User.locale).where(col(User.id).in_(readers))).all()
        )
        session.expunge_all()
    by_device = {device.id: device for device in devices}
    by_notification = {notification.id: notification for notification in notifications}
    targets = {}
    for row in rows:
        device = by_device.get(row.subscription_id)
        notification = by_notification.get(row.notification_id)
        if device is not None and notification is not None:
            lang = locales.get(notification.recipient_user_id) or "nl"
            targets[row.id] = Target(device, notification, lang)
    return targets


def deliver(
    session_factory: SessionFactory,
    row: Claimed,
    *,
    send: SendFunction | None = None,
    timeout: float = SEND_TIMEOUT,
    clock: Callable[[], datetime] = utcnow,
    target: Target | None = None,
) -> str:
    """Send one claimed delivery and settle the answer; returns what became of it:
    a `DeliveryStatus` value, "retry", "rate_limited" or "lost" (lease taken over).
    `target` comes from `load_targets` for a batch; without it, it is loaded here."""
    target = target or load_targets(session_factory, [row]).get(row.id)
    if target is None:  # the device was removed (or its notification) after the claim
        return _settle_missing(session_factory, row)
    now = clock()
    try:
        result = (send or push.send)(
            target.subscription,
            push.push_payload(target.notification, target.lang),
            ttl_seconds=max(1, int((row.expires_at - now).total_seconds())),
            urgency=push.urgency_for(target.notification),
            topic=push.topic_for(target.notification),
            timeout=timeout,
        )
    except VapidConfigError:
        raise  # nothing was sent; run_once hands the batch back and the loop waits
    except ValueError as exc:  # too large a payload, a bad topic: retrying cannot help
        logger.exception("push delivery %s: cannot be sent (%s)", row.id, type(exc).__name__)
        result = push.SendResult(outcome=push.Outcome.REJECTED, error=str(exc)[:200])
    except Exception as exc:  # anything else must not stop the outbox: a failed try
        logger.exception("push delivery %s: sending raised %s", row.id, type(exc).__name__)
        result = push.SendResult(outcome=push.Outcome.RETRY, error=type(exc).__name__)
    return settle(session_factory, row, target.subscription, result, now=clock())


# -- 3. settle --------------------------------------------------------------------------


def _mine(row: Claimed) -> sa.ColumnElement[bool]:
    """The guard: still PENDING and still under exactly the lease this worker took."""
    return sa.and_(
        T.c.id == row.id,
        T.c.status == PENDING,
        T.c.lease_owner == row.lease_owner,
        T.c.lease_until == row.lease_until,
    )


def settle(
    session_factory: SessionFactory,
    row: Claimed,
    subscription: PushSubscription,
    result: push.SendResult,
    *,
    now: datetime,
    rng: Callable[[], float] = random.random,
) -> str:
    """Record the push service's answer in one transaction (tried again on a deadlock)."""
    for attempt in range(1, SETTLE_TRIES + 1):
        try:
            with session_factory() as session, session.begin():
                return _settle(session, row, subscription, result, now=now, rng=rng)
        except DBAPIError:
            if attempt == SETTLE_TRIES:
                raise
            logger.warning("push delivery %s: settle failed, trying again", row.id)
    raise AssertionError("unreachable")


def _update_mine(session: Session, row: Claimed, **values: Any) -> bool:
    values.setdefault("lease_until", None)  # lease_owner stays: who handled it last
    result = session.exec(sa.update(T).where(_mine(row)).values(**values))
    if result.rowcount == 1:
        return True
    logger.warning("push delivery %s: lease lost before settling; left to its new owner", row.id)
    return False


def _settle(
    session: Session,
    row: Claimed,
    subscription: PushSubscription,
    result: push.SendResult,
    *,
    now: datetime,
    rng: Callable[[], float],
) -> str:
    outcome = push.Outcome(result.outcome)
    error = (result.error or "")[:300]
    common = {"last_status": result.status, "last_error": error}
    if outcome is push.Outcome.SENT:
        if not _update_mine(session, row, status=DeliveryStatus.SENT.value, sent_at=now, **common):
            return "lost"
        session.execute(
            sa.update(S)
            .where(S.c.id == subscription.id)
            .values(last_success_at=now, failing_since=None)
        )
        return DeliveryStatus.SENT.value
    if outcome is push.Outcome.GONE:
        if not _update_mine(session, row, status=DeliveryStatus.GONE.value, **common):
            return "lost"
        _remove_subscription(session, subscription)
        return DeliveryStatus.GONE.value
    if outcome is push.Outcome.REJECTED:
        if not _update_mine(session, row, status=DeliveryStatus.REJECTED.value, **common):
            return "lost"
        logger.error(
            "push configuration error: the push service refused delivery %s to device %s "
            "with HTTP %s (%s); not retried. Check the VAPID key and subject.",
            row.id,
            subscription.id,
            result.status,
            error,
        )
        return DeliveryStatus.REJECTED.value
    attempts = row.attempts + 1
    if outcome is push.Outcome.RATE_LIMITED:
        wait = retry_after_delay(result.retry_after)
        if not _update_mine(session, row, attempts=attempts, not_before=now + wait, **common):
            return "lost"
        logger.info("push delivery %s: rate limited, next try in %s", row.id, wait)
        return "rate_limited"
    if attempts >= MAX_ATTEMPTS:  # RETRY: 5xx, a timeout, a network error
        if not _update_mine(
            session, row, status=DeliveryStatus.FAILED.value, attempts=attempts, **common
        ):
            return "lost"
        session.execute(
            sa.update(S)
            .where(S.c.id == subscription.id, S.c.failing_since.is_(None))
            .values(failing_since=now)
        )
        logger.warning(
            "push delivery %s: gave up after %d tries (last: %s %s); device %s marked failing",
            row.id,
            attempts,
            result.status,
            error,
            subscription.id,
        )
        return DeliveryStatus.FAILED.value
    wait = backoff(attempts, rng=rng)
    if not _update_mine(session, row, attempts=attempts, not_before=now + wait, **common):
        return "lost"
    logger.info("push delivery %s: try %d failed (%s), next in %s", row.id, attempts, error, wait)
    return "retry"


def _remove_subscription(session: Session, subscription: PushSubscription) -> None:
    """404/410: delete THAT subscription (same id and endpoint: a device that subscribed
    again under a reused id stays), and close its other waiting deliveries."""
    same = sa.select(S.c.id).where(S.c.id == subscription.id, S.c.endpoint == subscription.endpoint)
    # Deliveries first, the subscription last: the same lock order as a SENT settle.
    session.execute(
        sa.update(T)
        .where(T.c.subscription_id.in_(same), T.c.status == PENDING)
        .values(status=DeliveryStatus.GONE.value, lease_until=None, lease_owner="")
    )
    deleted = session.exec(
        sa.delete(S).where(S.c.id == subscription.id, S.c.endpoint == subscription.endpoint)
    ).rowcount
    logger.info("push subscription %s ended (%s removed)", subscription.id, deleted or 0)


def _settle_missing(session_factory: SessionFactory, row: Claimed) -> str:
    with session_factory() as session, session.begin():
        done = _update_mine(
            session,
            row,
            status=DeliveryStatus.GONE.value,
            last_error="device or notification removed",
        )
    return DeliveryStatus.GONE.value if done else "lost"


# -- one round --------------------------------------------------------------------------


def run_once(
    session_factory: SessionFactory | None = None,
    *,
    owner: str,
    send: SendFunction | None = None,
    batch: int = BATCH,
    lease: timedelta = LEASE,
    timeout: float = SEND_TIMEOUT,
    clock: Callable[[], datetime] = utcnow,
    stop: threading.Event | None = None,
) -> Counter[str]:
    """One round: claim a batch, deliver each row, hand back what could not be sent in
    time. Returns counts by result ("claimed", "sent", "retry", "released", ...)."""
    if lease < timedelta(seconds=2 * timeout):
        raise ValueError("the lease must be at least twice the send timeout")
    session_factory = session_factory or default_session_factory
    send_window = timedelta(seconds=timeout) + min(LEASE_MARGIN, lease / 10)
    rows = claim(session_factory, owner=owner, batch=batch, lease=lease, now=clock())
    targets = load_targets(session_factory, rows)
    counts: Counter[str] = Counter(claimed=len(rows))
    ended: set[int | None] = set()  # devices that answered 404/410 in this batch
    for index, row in enumerate(rows):
        stopping = stop is not None and stop.is_set()
        no_room = clock() + send_window > row.lease_until
        if stopping or no_room:
            counts["released"] += release(session_factory, rows[index:])
            break
        if row.subscription_id in ended:  # already closed as GONE with its device
            counts[DeliveryStatus.GONE.value] += 1
            continue
        try:
            result = deliver(
                session_factory,
                row,
                send=send,
                timeout=timeout,
                clock=clock,
                target=targets.get(row.id),
            )
            counts[result] += 1
            if result == DeliveryStatus.GONE.value:
                ended.add(row.subscription_id)
        except BaseException:  # VAPID not configured, the database gone: hand rows back
            with contextlib.suppress(Exception):
                release(session_factory, rows[index:])
            raise
    return counts

"""The mail outbox (healthchecks style): queued in the caller's transaction, sent after it.

`queue` adds a `mail_outbox` row beside the reason for the mail (a token, an account),
so a rolled-back transaction sends nothing and a committed one always sends. The commit
wakes the worker in this process (`wake`); `run_once` claims due rows with a lease (so
two workers never send one row), sends them and settles each: sent rows lose their
bodies (a single-use link does not wait in the database), a failure is tried again
with a growing pause, up to MAX_ATTEMPTS, then the row is marked failed and wiped too.

Run by the lifespan task (dossier/jobs/mail_worker.py) in every backend worker, and
right after a request by the HTTP route that queued it (dossier/api/password_reset.py).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

from dossier.db import get_engine
from dossier.mail import message as texts
from dossier.mail import transport
from dossier.models import MailOutbox, MailStatus
from dossier.models.base import table_of, utcnow
from dossier.settings import Settings, get_settings

logger = logging.getLogger(__name__)

T = table_of(MailOutbox)
PENDING = MailStatus.PENDING.value
BATCH = 20
LEASE = timedelta(seconds=120)
MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)

SessionFactory = Callable[[], Session]
SendFunction = Callable[..., str]

# Set when a transaction that queued a mail commits: the worker of this process looks at
# once instead of at its next round.
wake = threading.Event()
_LISTENING = "mail.outbox.listening"


def queue(
    session: Session,
    *,
    user_id: int | None,
    to: str,
    kind: str,
    locale: str,
    name: str,
    link: str = "",
    now: datetime | None = None,
) -> MailOutbox:
    """One mail in the caller's transaction, rendered now in the reader's language."""
    rendered = texts.render(kind, locale, name=name, link=link)
    row = MailOutbox(
        user_id=user_id,
        kind=kind,
        to_address=to,
        subject=rendered.subject[:200],
        body_text=rendered.text,
        body_html=rendered.html,
        not_before=now or utcnow(),
    )
    session.add(row)
    if not session.info.get(_LISTENING):
        session.info[_LISTENING] = True
        event.listen(session, "after_commit", _committed)
    return row


def _committed(_session: Any) -> None:
    wake.set()


def worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


def _session() -> Session:
    return Session(get_engine(), expire_on_commit=False)


def backoff(attempt: int) -> timedelta:
    return min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(attempt - 1, 0))


def _free(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(T.c.lease_until.is_(None), T.c.lease_until <= now)


def claim(
    session_factory: SessionFactory, *, owner: str, now: datetime, batch: int = BATCH
) -> list[int]:
    """Lease up to `batch` due rows to `owner` in one statement (SKIP LOCKED on PostgreSQL;
    SQLite's transaction already holds the write lock)."""
    due = (
        sa.select(T.c.id)
        .where(T.c.status == PENDING, T.c.not_before <= now, _free(now))
        .order_by(T.c.not_before, T.c.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
        .cte("due")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    statement = (
        sa.update(T)
        .where(T.c.id.in_(sa.select(due.c.id)), T.c.status == PENDING, _free(now))
        .values(lease_owner=owner, lease_until=now + LEASE)
        .returning(T.c.id)
    )
    with session_factory() as session, session.begin():
        return sorted(row.id for row in session.execute(statement).all())


def _mine(row_id: int, owner: str) -> sa.ColumnElement[bool]:
    return sa.and_(T.c.id == row_id, T.c.status == PENDING, T.c.lease_owner == owner)


def deliver(
    session_factory: SessionFactory,
    row_id: int,
    *,
    owner: str,
    settings: Settings,
    send: SendFunction = transport.send,
    now: Callable[[], datetime] = utcnow,
) -> str:
    """Send one claimed row and settle it; returns "sent", "retry", "failed" or "lost"."""
    with session_factory() as session:
        row = session.get(MailOutbox, row_id)
        if row is None or row.status != PENDING or row.lease_owner != owner:
            return "lost"
        message = texts.compose(
            sender=settings.mail_from,
            to=row.to_address,
            subject=row.subject,
            text=row.body_text,
            html_body=row.body_html,
            when=now(),
        )
        attempts = row.attempts + 1
        kind = row.kind
    try:
        where = send(message, settings, name=f"{row_id}-{kind}")
    except Exception as exc:  # a refusal, a timeout, a bad address: try again later
        error = str(exc)[:300]
        gave_up = attempts >= MAX_ATTEMPTS
        values: dict[str, Any] = {
            "attempts": attempts,
            "last_error": error,
            "lease_until": None,
            "lease_owner": "",
            "not_before": now() + backoff(attempts),
        }
        if gave_up:
            values |= {"status": MailStatus.FAILED.value, "body_text": "", "body_html": ""}
        _settle(session_factory, row_id, owner, values)
        logger.warning(
            "mail %s (%s) not sent, try %s: %s", row_id, kind, attempts, type(exc).__name__
        )
        return "failed" if gave_up else "retry"
    _settle(
        session_factory,
        row_id,
        owner,
        {
            "status": MailStatus.SENT.value,
            "attempts": attempts,
            "sent_at": now(),
            "body_text": "",  # the link is gone from the database
            "body_html": "",
            "lease_until": None,
            "lease_owner": "",
            "last_error": "",
        },
    )
    logger.info("mail %s (%s) sent via %s", row_id, kind, where.split(":")[0])
    return "sent"


def _settle(
    session_factory: SessionFactory, row_id: int, owner: str, values: dict[str, Any]
) -> None:
    with session_factory() as session, session.begin():
        session.execute(sa.update(T).where(_mine(row_id, owner)).values(**values))


def run_once(
    session_factory: SessionFactory | None = None,
    *,
    owner: str | None = None,
    send: SendFunction = transport.send,
    now: Callable[[], datetime] = utcnow,
) -> dict[str, int]:
    """One round: claim what is due, send it, settle it. Returns counts per outcome."""
    factory = session_factory or _session
    owner = owner or worker_id()
    settings = get_settings()
    counts: dict[str, int] = {"claimed": 0}
    for row_id in claim(factory, owner=owner, now=now()):
        counts["claimed"] += 1
        outcome = deliver(factory, row_id, owner=owner, settings=settings, send=send, now=now)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts

"""The access log (NEN 7513): one append-only row per read, change or refusal.

Rows name the object type and id, never its content.

Tamper evidence: the rows form a hash chain. Each row stores the previous row's hash
(`prev_hash`, empty for the very first row) and its own hash (`row_hash`): SHA-256 over
a canonical JSON list of all its fields except the id, ending with `prev_hash`. Editing,
deleting or reordering any row breaks the chain from that row on; `verify_chain` finds
the first row that does not fit.

Callers just `record` inside their own transaction. The rows wait beside the session
and join it when it commits (or when the same transaction reads the log), and the hashes
are filled in as they are flushed (a `before_flush` hook). Appends are serialised so two
writers never chain off the same row: PostgreSQL takes a transaction-scoped advisory lock
before it reads the last hash; SQLite already runs one writer at a time (BEGIN
IMMEDIATE). Because the rows are appended last, that database-wide lock is held only
for the final insert and the commit, not for the whole transaction: transactions of
different families overlap except for that moment.

A plain hash chain shows edits made through the database, but someone who can rewrite
the whole table can also recompute every hash. Copying the latest `row_hash` off the host
now and then (backup, monitoring) pins the chain up to that point.

Refusals from outside the family are folded, so nobody can fill another family's log:
when someone who is not (and never was) a member of the family whose data they asked
for is refused (or nobody known is: a dead check-in link), the same attempt again within
REPEAT_WINDOW (same person, family, action and object) adds no row: it counts +1 in
`audit_repeat` against the first row. Past OUTSIDE_ROWS rows of that person in that
family within OUTSIDE_WINDOW, every further refusal counts on one `OUTSIDE_MORE` row.
The chain itself stays append-only; the first row keeps who, from where and what (for
operators), the count says how often, and `last_at` when last. The family's view
(dossier/domain/audit_log.py) shows such rows without the person's name and role.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from dossier.models import AuditEvent, AuditRetention, Membership, utcnow
from dossier.models.audit import AuditRepeat
from dossier.models.base import UTCDateTime, table_of
from dossier.permissions import Actor, PermissionDenied

CHAIN_VERSION = "gezinsdossier.audit.v1"
# pg_advisory_xact_lock key for appending to the chain ("audit" in ASCII).
CHAIN_LOCK_KEY = 0x6175646974
_PENDING = "audit.pending"  # session.info key: rows recorded, not yet in the unit of work
_TABLE = table_of(AuditEvent)
_REPEATS = table_of(AuditRepeat)
_MEMBERS = table_of(Membership)
_RETENTION = table_of(AuditRetention)
DENIED = "denied"
# Refusals from outside the family (see the module's docstring).
REPEAT_WINDOW = timedelta(hours=1)  # the same attempt again within this: counted, no row
OUTSIDE_WINDOW = timedelta(days=1)
OUTSIDE_ROWS = 10  # rows per person outside the family, per family, per OUTSIDE_WINDOW
OUTSIDE_MORE = "outside.more"  # the row that counts everything past OUTSIDE_ROWS - 1
# Stored column lengths: values are cut to fit before they are hashed, so the database
# keeps exactly what was hashed (PostgreSQL would refuse longer values, SQLite would not).
_LIMITS = {
    "role": 20,
    "organisation": 120,
    "action": 40,
    "object_type": 30,
    "outcome": 10,
    "ip": 64,
    "user_agent": 300,
    "detail": 200,
}


def _cut(name: str, value: str) -> str:
    """The value as stored: cut to the column's length (see _LIMITS)."""
    return (value or "")[: _LIMITS[name]]


class AuditLogImmutable(Exception):
    """Audit rows are only ever added; changing or deleting one is a bug."""


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    object_type: str = "",
    object_id: int | None = None,
    outcome: str = "allowed",
    detail: str = "",
    user_id: int | None = None,
    family_id: int | None = None,
    ip: str = "",
    user_agent: str = "",
    organisation: str = "",
) -> None:
    """Add one row to the log, in the caller's transaction (hashed when it is flushed)."""
    row = AuditEvent(
        at=utcnow(),
        user_id=actor.user_id if actor else user_id,
        # An explicit family wins: a refusal belongs to the family whose data was asked for.
        family_id=family_id if family_id is not None else (actor.family_id if actor else None),
        object_id=object_id,
        role=_cut("role", str(actor.role) if actor else ""),
        organisation=_cut("organisation", actor.organisation if actor else organisation),
        action=_cut("action", action),
        object_type=_cut("object_type", object_type),
        outcome=_cut("outcome", outcome),
        ip=_cut("ip", actor.ip if actor else ip),
        user_agent=_cut("user_agent", actor.user_agent if actor else user_agent),
        detail=_cut("detail", detail),
    )
    if row.outcome == DENIED and _folded(session, row, actor):
        return
    if session.in_nested_transaction():
        # Inside a savepoint the row must roll back with it: it joins the session now.
        session.add(row)
    else:
        if not session.in_transaction():
            session.begin()  # so a rollback before any query still drops the row
        session.info.setdefault(_PENDING, []).append(row)


def _is_member(session: Session, user_id: int | None, family_id: int, actor: Actor | None) -> bool:
    """Whether this person is or was a member of the family (any status)."""
    if user_id is None:
        return False
    if actor is not None and actor.family_id == family_id:
        return True
    query = sa.select(_MEMBERS.c.id).where(
        _MEMBERS.c.user_id == user_id, _MEMBERS.c.family_id == family_id
    )
    return session.connection().execute(query.limit(1)).first() is not None


def _is_or_null(column: sa.ColumnElement[Any], value: int | None) -> sa.ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


def _folded(session: Session, row: AuditEvent, actor: Actor | None) -> bool:
    """Count a refusal from outside the family on an earlier row; True when counted.

    Otherwise the row is logged as usual, possibly turned into the OUTSIDE_MORE row.
    Reads go straight to the connection: no flush, so the chain's lock is not taken yet.
    """
    family_id = row.family_id
    if family_id is None or _is_member(session, row.user_id, family_id, actor):
        return False
    connection = session.connection()
    since = sa.literal(row.at - OUTSIDE_WINDOW, UTCDateTime())
    theirs = sa.and_(
        _TABLE.c.family_id == family_id,
        _is_or_null(_TABLE.c.user_id, row.user_id),
        _TABLE.c.outcome == DENIED,
        _TABLE.c.at >= since,
    )
    newest = sa.select(_TABLE.c.id).order_by(_TABLE.c.id.desc()).limit(1)
    same = newest.where(
        theirs,
        _TABLE.c.at >= sa.literal(row.at - REPEAT_WINDOW, UTCDateTime()),
        _TABLE.c.action == row.action,
        _TABLE.c.object_type == row.object_type,
        _is_or_null(_TABLE.c.object_id, row.object_id),
    )
    if (found := connection.execute(same).scalar()) is not None:
        _count_repeat(connection, found, row.at)
        return True
    rows = connection.execute(sa.select(sa.func.count()).select_from(_TABLE).where(theirs))
    if (rows.scalar() or 0) < OUTSIDE_ROWS - 1:
        return False
    more = connection.execute(newest.where(theirs, _TABLE.c.action == OUTSIDE_MORE)).scalar()
    if more is not None:
        _count_repeat(connection, more, row.at)
        return True
    # The last row of their own in this window: it counts whatever else they try.
    row.action, row.object_type, row.object_id, row.detail = OUTSIDE_MORE, "", None, ""
    return False


# INSERT ... ON CONFLICT per dialect (both take the same arguments).
_UPSERTS: dict[str, Callable[[sa.Table], postgresql.Insert | sqlite.Insert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


def _count_repeat(connection: sa.Connection, event_id: int, now: datetime) -> None:
    """+1 on the row's repeat count, in one statement (two writers at once both count)."""
    insert = _UPSERTS.get(connection.dialect.name)
    if insert is None:
        raise RuntimeError(f"no atomic upsert for {connection.dialect.name}")
    statement = insert(_REPEATS).values(event_id=event_id, repeats=1, last_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=[_REPEATS.c.event_id],
        set_={
            "repeats": _REPEATS.c.repeats + 1,
            "last_at": sa.literal(now, UTCDateTime()),
        },
    )
    connection.execute(statement)


def _stage(session: OrmSession) -> None:
    """The waiting rows into the unit of work, in the order they were recorded."""
    if rows := session.info.pop(_PENDING, None):
        session.add_all(rows)


@event.listens_for(OrmSession, "before_commit")
def _append_at_commit(session: OrmSession) -> None:
    _stage(session)  # the commit's own flush chains them, right before COMMIT


@event.listens_for(OrmSession, "do_orm_execute")
def _read_own_rows(state: Any) -> None:
    """A query on the log sees this transaction's rows too, as autoflush would show them."""
    if any(mapper.class_ is AuditEvent for mapper in state.all_mappers):
        _stage(state.session)


@event.listens_for(OrmSession, "after_transaction_end")
def _drop_on_rollback(session: OrmSession, transaction: Any) -> None:
    # A commit staged them already; what is left belongs to a transaction rolled back.
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def record_denial(session: Session, denial: PermissionDenied) -> None:
    record(
        session,
        denial.actor,
        denial.action,
        object_type=denial.object_type,
        object_id=denial.object_id,
        outcome="denied",
        user_id=denial.user_id,
        family_id=denial.family_id,
    )


def _utc_text(moment: datetime) -> str:
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def canonical(row: Any) -> bytes:
    """The bytes a row's hash covers: every field but the id, in a fixed order.

    A JSON list keeps it unambiguous: strings are quoted and escaped, and an empty
    string differs from a missing (null) id.
    """
    fields = [
        CHAIN_VERSION,
        _utc_text(row.at),
        _int_or_none(row.user_id),
        _int_or_none(row.family_id),
        str(row.role or ""),
        str(row.organisation or ""),
        str(row.action or ""),
        str(row.object_type or ""),
        _int_or_none(row.object_id),
        str(row.outcome or ""),
        str(row.ip or ""),
        str(row.user_agent or ""),
        str(row.detail or ""),
        str(row.prev_hash or ""),
    ]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def row_hash(row: Any) -> str:
    return hashlib.sha256(canonical(row)).hexdigest()


def _lock_chain(connection: sa.Connection) -> None:
    """Serialise appends until the transaction ends (PostgreSQL; SQLite has one writer)."""
    if connection.dialect.name == "postgresql":
        key = sa.literal(CHAIN_LOCK_KEY, sa.BigInteger)
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(key))).close()


def _last_hash(connection: sa.Connection) -> str:
    query = sa.select(_TABLE.c.row_hash).order_by(_TABLE.c.id.desc()).limit(1)
    return connection.execute(query).scalar() or ""


@event.listens_for(OrmSession, "before_flush")
def _chain_new_rows(session: OrmSession, _flush_context: Any, _instances: Any) -> None:
    """Link the rows about to be inserted to the chain, in the order they were added."""
    for obj in session.deleted:
        if isinstance(obj, AuditEvent):
            raise AuditLogImmutable("audit rows cannot be deleted")
    for obj in session.dirty:
        if isinstance(obj, AuditEvent) and session.is_modified(obj):
            raise AuditLogImmutable("audit rows cannot be changed")
    pending = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if not pending:
        return
    # The unit of work inserts new rows of one table in the order they were added.
    pending.sort(key=lambda obj: sa.inspect(obj).insert_order)
    connection = session.connection()
    _lock_chain(connection)
    previous = _last_hash(connection)
    for obj in pending:
        obj.prev_hash = previous
        obj.row_hash = previous = row_hash(obj)


def verify_chain(session: Session, *, batch: int = 1000) -> int | None:
    """The id of the first row whose hash or link to the row before it is wrong, else None."""
    _stage(session)
    session.flush()
    query = sa.select(_TABLE).order_by(_TABLE.c.id).execution_options(yield_per=batch)
    # After the retention job removed the oldest rows, the chain starts at the last
    # removed row's hash (kept in audit_retention), so the rest is still checked.
    anchor = (
        session.connection()
        .execute(
            sa.select(_RETENTION.c.removed_up_to_id, _RETENTION.c.removed_up_to_hash)
            .order_by(_RETENTION.c.removed_up_to_id.desc())
            .limit(1)
        )
        .first()
    )
    previous = anchor[1] if anchor else ""
    if anchor:
        query = query.where(_TABLE.c.id > anchor[0])
    for row in session.connection().execute(query):
        if row.prev_hash != previous or row.row_hash != row_hash(row):
            return int(row.id)
        previous = row.row_hash
    return None


def remove_older_than(session: Session, before: datetime) -> int:
    """The retention job: remove the rows logged before `before` (and their repeat
    counts), oldest first, and note where the chain now starts (`verify_chain`). The only
    way rows leave the log; returns how many went."""
    connection = session.connection()
    oldest = connection.execute(sa.select(_TABLE.c.at).order_by(_TABLE.c.id).limit(1)).scalar()
    if oldest is None or oldest >= before:
        return 0  # the usual answer, from one row: nothing is that old yet
    last = connection.execute(
        sa.select(_TABLE.c.id, _TABLE.c.row_hash)
        .where(_TABLE.c.at < sa.literal(before, UTCDateTime()))
        .order_by(_TABLE.c.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return 0
    up_to = _TABLE.c.id <= last[0]
    connection.execute(
        sa.delete(_REPEATS).where(_REPEATS.c.event_id.in_(sa.select(_TABLE.c.id).where(up_to)))
    )
    removed = int(connection.execute(sa.delete(_TABLE).where(up_to)).rowcount or 0)
    connection.execute(
        sa.insert(_RETENTION).values(
            version=1,
            removed_up_to_id=last[0],
            removed_up_to_hash=last[1],
            removed_rows=removed,
            at=utcnow(),
        )
    )
    return removed

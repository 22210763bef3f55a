"""Erasing a closed dossier once its 30 days have passed: every row of the family's content.

Found generically, so a table added later is erased without a change here:
- every row of every table with a `family_id` column pointing at the family;
- every row that must point at one of those (a NOT NULL foreign key: a confirmation of
  an agreement, the push deliveries of a notification, a calendar feed of a membership),
  transitively; a reference that may be empty is emptied instead (a session's current
  family, a signal's earlier check-in);
- the accounts that belong to no other family (no active or invited membership there):
  `erasure.erase_account` wipes them to a tombstone, and every other row that points at
  them goes too (their mails, their exports, their devices);
- files under the data directory named by a deleted row (a column ending in `path`,
  relative to the data directory: the export ZIPs in data/exports/).
What stays: the `Family` row as a tombstone (name wiped, status `erased`), so the access
log's `family_id` still resolves, and the access log itself (`audit_event`, which never
holds titles or notes) until the retention job (dossier/jobs/erasure.py) removes it.

Runs in the caller's transaction with Core statements (no ORM objects are loaded), in
an order the foreign keys allow: empty references first, then children before parents.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from dossier import audit
from dossier.domain.erasure import erase_account
from dossier.domain.throttle import ACCOUNT_PREFIX
from dossier.models import (
    AuthThrottle,
    Family,
    FamilyStatus,
    Membership,
    MembershipStatus,
    User,
    utcnow,
)
from dossier.models.closing import FAMILY_ERASED

# Tables that are never erased here: the access log (kept for its retention time), the
# family tombstone, and the accounts (erase_account turns them into tombstones).
KEPT_TABLES = frozenset({"audit_event", "audit_repeat", "audit_retention", "family", "user"})
FAMILY_COLUMN = "family_id"
# Memberships of other families stay (ended) when an account is erased: their history
# still names "oud-lid" through them (domain/erasure.py).
KEPT_FOR_ACCOUNTS = KEPT_TABLES | {"membership"}


@dataclass
class Erased:
    family_id: int
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows deleted
    accounts: list[int] = field(default_factory=list)  # erased user ids
    files: list[str] = field(default_factory=list)  # paths relative to the data directory

    @property
    def total(self) -> int:
        return sum(self.rows.values())


Conditions = dict[str, list[sa.ColumnElement[bool]]]


def _tables() -> Sequence[sa.Table]:
    return SQLModel.metadata.sorted_tables  # parents before children


def _foreign_keys(table: sa.Table) -> list[tuple[sa.Column, sa.Column]]:
    """(column, the column it points at) for each single-column foreign key."""
    return [(fk.parent, fk.column) for fk in table.foreign_keys]


def _spread(seeds: Conditions, kept: frozenset[str]) -> tuple[Conditions, list[sa.Update]]:
    """Which rows go (conditions per table) and which references are emptied, from seeds."""
    doomed: Conditions = {name: list(conds) for name, conds in seeds.items() if conds}
    emptied: list[sa.Update] = []
    for table in _tables():
        if table.name in kept:
            continue
        for column, target in _foreign_keys(table):
            parent = target.table
            if parent.name not in doomed or parent.name == table.name:
                continue
            gone = sa.select(target).where(sa.or_(*doomed[parent.name]))
            if column.nullable and column.name != FAMILY_COLUMN:
                emptied.append(sa.update(table).where(column.in_(gone)).values({column.name: None}))
            else:
                doomed.setdefault(table.name, []).append(column.in_(gone))
    return doomed, emptied


def _delete(session: Session, doomed: Conditions, emptied: list[sa.Update], erased: Erased) -> None:
    for statement in emptied:
        session.execute(statement)
    tables = {table.name: table for table in _tables()}
    for table in reversed(_tables()):  # children first
        conditions = doomed.get(table.name)
        if not conditions:
            continue
        where = sa.or_(*conditions)
        erased.files += _files_named(session, table, where)
        result = session.execute(sa.delete(tables[table.name]).where(where))
        count = int(getattr(result, "rowcount", 0) or 0)
        if count:
            erased.rows[table.name] = erased.rows.get(table.name, 0) + count


def _files_named(session: Session, table: sa.Table, where: sa.ColumnElement[bool]) -> list[str]:
    columns = [c for c in table.columns if c.name.endswith("path") and _is_text(c)]
    found: list[str] = []
    for column in columns:
        found += [v for v in session.execute(sa.select(column).where(where)).scalars() if v]
    return found


def _is_text(column: sa.Column) -> bool:
    kind = column.type
    return isinstance(kind, sa.String) or isinstance(getattr(kind, "impl", None), sa.String)


def accounts_to_erase(session: Session, family_id: int) -> list[int]:
    """The family's people who are no active (or invited) member of another family."""
    people = set(session.exec(select(Membership.user_id).where(Membership.family_id == family_id)))
    elsewhere = set(
        session.exec(
            select(Membership.user_id).where(
                col(Membership.user_id).in_(sorted(people)),
                Membership.family_id != family_id,
                col(Membership.status).in_([MembershipStatus.ACTIVE, MembershipStatus.INVITED]),
            )
        )
    )
    return sorted(people - elsewhere)


def erase_family(session: Session, family_id: int, *, now: datetime | None = None) -> Erased:
    """Erase the family's content and its own accounts (see the module text)."""
    now = now or utcnow()
    erased = Erased(family_id=family_id)
    erased.accounts = accounts_to_erase(session, family_id)
    _forget_login_failures(session, erased.accounts)  # keyed by e-mail: before it is wiped
    for user_id in erased.accounts:
        erase_account(session, user_id, now=now)
    session.flush()
    # The family's rows, and what hangs from them.
    family_seeds: Conditions = {}
    for table in _tables():
        if table.name not in KEPT_TABLES and FAMILY_COLUMN in table.c:
            family_seeds[table.name] = [table.c[FAMILY_COLUMN] == family_id]
    doomed, emptied = _spread(family_seeds, KEPT_TABLES)
    emptied += _references_to_family(family_id)
    _delete(session, doomed, emptied, erased)
    # Whatever still points at the erased accounts (their mails, their own exports).
    if erased.accounts:
        account_seeds = _pointing_at_users(erased.accounts)
        doomed, emptied = _spread(account_seeds, KEPT_FOR_ACCOUNTS)
        _delete(session, doomed, emptied, erased)
    family_table = Family.__table__  # type: ignore[attr-defined]
    session.execute(
        sa.update(family_table)
        .where(family_table.c.id == family_id)
        .values(name="", child_name="", status=FAMILY_ERASED)
    )
    audit.record(
        session,
        None,
        "family.erase",
        object_type="family",
        object_id=family_id,
        family_id=family_id,
        detail=f"{erased.total} rows, {len(erased.accounts)} accounts",
    )
    session.expire_all()  # ORM objects loaded before may name rows that are gone
    return erased


def _forget_login_failures(session: Session, user_ids: list[int]) -> None:
    """The failed-login counts per account name the e-mail address (`account:<e-mail>`)."""
    if not user_ids:
        return
    emails = session.exec(select(User.email).where(col(User.id).in_(user_ids))).all()
    keys = [f"{ACCOUNT_PREFIX}{email}" for email in emails if email]
    if keys:
        session.execute(sa.delete(AuthThrottle).where(col(AuthThrottle.key).in_(keys)))


def _references_to_family(family_id: int) -> list[sa.Update]:
    """Other columns pointing at the family (a login's current family): emptied."""
    updates: list[sa.Update] = []
    for table in _tables():
        if table.name in KEPT_TABLES:
            continue
        for column, target in _foreign_keys(table):
            if target.table.name == "family" and column.name != FAMILY_COLUMN and column.nullable:
                updates.append(
                    sa.update(table).where(column == family_id).values({column.name: None})
                )
    return updates


def _pointing_at_users(user_ids: Iterable[int]) -> Conditions:
    ids = sorted(user_ids)
    seeds: Conditions = {}
    for table in _tables():
        if table.name in KEPT_FOR_ACCOUNTS:
            continue
        for column, target in _foreign_keys(table):
            if target.table.name == "user":
                seeds.setdefault(table.name, []).append(column.in_(ids))
    return seeds


def due_for_erasure(session: Session, now: datetime) -> list[int]:
    """Closed families whose erase moment has passed (not reopened)."""
    from dossier.models import FamilyClosure

    rows = session.exec(
        select(FamilyClosure.family_id)
        .join(Family, col(Family.id) == FamilyClosure.family_id)
        .where(
            Family.status == FamilyStatus.CLOSING,
            col(FamilyClosure.closed_at).is_not(None),
            col(FamilyClosure.reopened_at).is_(None),
            col(FamilyClosure.erase_after) <= now,
        )
    ).all()
    return sorted(set(rows))


def claim(session: Session, family_id: int) -> bool:
    """Take this family for erasure, once: a conditional update that only one worker wins
    (PostgreSQL makes a second one wait for the first's commit, then finds nothing to
    update; SQLite has one writer). The erasure runs in the same transaction, so a crash
    rolls the claim back and a later run tries again."""
    family_table = Family.__table__  # type: ignore[attr-defined]
    result = session.execute(
        sa.update(family_table)
        .where(family_table.c.id == family_id, family_table.c.status == FamilyStatus.CLOSING)
        .values(status=FAMILY_ERASED)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


def remove_files(data_dir: Path, paths: Iterable[str]) -> int:
    """Delete the files the erased rows named, only inside the data directory."""
    root = data_dir.resolve()
    removed = 0
    for name in paths:
        path = (root / name).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            continue
        path.unlink(missing_ok=True)
        removed += 1
    return removed

"""What time does to a closed dossier and to the access log.

- `erase_due(now)`: every closed dossier whose 30 days have passed (domain/closing.py)
  is erased (domain/family_erasure.py), each in its own transaction that starts by
  claiming the family with a conditional update, so several workers (or a CLI run beside
  the app) never erase one twice and never half: a crash rolls the whole family back.
  The files the erased rows named are removed after the commit.
- `erase_unclaimed_dossiers(now)`: a dossier started with an address in use that its
  owner did not add to their account within 7 days is erased with its provisional
  account (domain/provisional.py), each account taken once with a conditional update.
- `prune_access_log(now)`: the access-log rows older than DOSSIER_AUDIT_RETENTION_DAYS
  (settings.audit_retention_days) are removed, and the tombstones of erased families
  that no log row points at any more go with them.

The scheduler (jobs/schedule.py) runs both every few minutes; `dossier erase-due` runs
them once (with `--now` for tests and for a manual catch-up).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from dossier import audit
from dossier.db import session_scope
from dossier.domain import provisional
from dossier.domain.family_erasure import claim, due_for_erasure, erase_family, remove_files
from dossier.models import AuditEvent, Family, utcnow
from dossier.models.closing import FAMILY_ERASED
from dossier.settings import audit_retention_days, data_dir

logger = logging.getLogger(__name__)


@dataclass
class ErasureRun:
    families: list[int] = field(default_factory=list)
    rows: int = 0
    accounts: int = 0
    files: int = 0
    log_rows_removed: int = 0
    unclaimed: list[int] = field(default_factory=list)  # provisional accounts erased


def erase_due(url: str | None = None, now: datetime | None = None) -> ErasureRun:
    now = now or utcnow()
    run = ErasureRun()
    with session_scope(url) as session:
        due = due_for_erasure(session, now)
    for family_id in due:
        with session_scope(url) as session:
            if not claim(session, family_id):
                continue  # another worker has it (or had it)
            erased = erase_family(session, family_id, now=now)
        run.families.append(family_id)
        run.rows += erased.total
        run.accounts += len(erased.accounts)
        run.files += remove_files(data_dir(), erased.files)
        logger.info(
            "erased family %s: %s rows, %s accounts", family_id, erased.total, len(erased.accounts)
        )
    return run


def erase_unclaimed_dossiers(
    url: str | None = None, now: datetime | None = None, run: ErasureRun | None = None
) -> ErasureRun:
    """Provisional accounts past their 7 days: their dossiers and the account go."""
    now = now or utcnow()
    run = run or ErasureRun()
    with session_scope(url) as session:
        due = provisional.unclaimed_due(session, now)
    for user_id in due:
        with session_scope(url) as session:
            if not provisional.take(session, user_id):
                continue  # another worker has it (or claimed in the meantime)
            families = provisional.erase_unclaimed(session, user_id, now=now)
        run.unclaimed.append(user_id)
        run.families += families
        logger.info("erased unclaimed dossier(s) %s of provisional account %s", families, user_id)
    return run


def prune_access_log(
    url: str | None = None, now: datetime | None = None, *, days: int | None = None
) -> int:
    """Remove the access log older than the retention term; returns how many rows."""
    now = now or utcnow()
    before = now - timedelta(days=days if days is not None else audit_retention_days())
    with session_scope(url) as session:
        removed = audit.remove_older_than(session, before)
        family = Family.__table__  # type: ignore[attr-defined]
        events = AuditEvent.__table__  # type: ignore[attr-defined]
        session.execute(
            sa.delete(family).where(
                family.c.status == FAMILY_ERASED,
                ~sa.exists().where(events.c.family_id == family.c.id),
            )
        )
    if removed:
        logger.info("access log: %s rows past their retention removed", removed)
    return removed


def run_once(url: str | None = None, now: datetime | None = None) -> ErasureRun:
    run = erase_due(url, now)
    erase_unclaimed_dossiers(url, now, run)
    run.log_rows_removed = prune_access_log(url, now)
    return run

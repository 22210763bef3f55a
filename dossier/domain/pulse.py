"""The family pulse: a counter bumped in the same transaction as any change to a
family's dossier, so every open screen of that family can see it must reload.

The bump is automatic (a before_flush hook on the content tables), so no write path
can forget it. Reading it is cheap: one row by primary key. Once the transaction has
committed, the new pulses go out on the pulse bus (notify/pulse_bus.py) to the open
screens of those families; a rolled-back change says nothing.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col

from dossier.models import (
    Admission,
    AdmissionItem,
    Agreement,
    AgreementConfirmation,
    Appointment,
    CheckIn,
    CheckinSettings,
    CheckinSignal,
    Contact,
    Family,
    FamilyPulse,
    Membership,
    Task,
    utcnow,
)
from dossier.notify import pulse_bus
from dossier.permissions import family_of

CONTENT = (
    Admission,  # issue 19: an admission starts or ends
    AdmissionItem,  # a tick on the checklist shows on every open screen
    Contact,  # issue 19: the family's network
    Task,
    Agreement,
    AgreementConfirmation,
    Appointment,
    CheckIn,
    CheckinSignal,
    CheckinSettings,
    Membership,
    Family,
)


def current(session: Session, family_id: int) -> int:
    pulse = session.get(FamilyPulse, family_id)
    return pulse.counter if pulse else 0


_PENDING = "pulse.pending"  # session.info: {family_id: pulse} to announce after commit


def bump(session: OrmSession, family_ids: set[int]) -> None:
    """+1 for each family, as an upsert that is safe with several writers."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    now = utcnow()
    pending: dict[int, int] = session.info.setdefault(_PENDING, {})
    for family_id in sorted(family_ids):  # a fixed order: no lock-order deadlocks
        statement = insert(FamilyPulse).values(family_id=family_id, counter=1, changed_at=now)
        reached = session.execute(
            statement.on_conflict_do_update(
                index_elements=["family_id"],
                set_={"counter": FamilyPulse.counter + 1, "changed_at": now},
            ).returning(col(FamilyPulse.counter))
        ).scalar_one()
        pending[family_id] = reached


def _families_touched(session: OrmSession) -> set[int]:
    changed = [*session.new, *session.deleted]
    changed += [obj for obj in session.dirty if session.is_modified(obj)]
    return {
        family for obj in changed if isinstance(obj, CONTENT) and (family := _family(session, obj))
    }


def _family(session: OrmSession, obj: object) -> int | None:
    if not isinstance(obj, AgreementConfirmation):
        return family_of(obj)
    with session.no_autoflush:  # we are about to flush; a query must not start another
        return session.execute(
            sa.select(col(Agreement.family_id)).where(col(Agreement.id) == obj.agreement_id)
        ).scalar_one_or_none()


@sa.event.listens_for(OrmSession, "before_flush")
def _bump_on_change(session: OrmSession, _context: Any, _instances: Any) -> None:
    if touched := _families_touched(session):
        bump(session, touched)


@sa.event.listens_for(OrmSession, "after_commit")
def _announce_after_commit(session: OrmSession) -> None:
    if pending := session.info.pop(_PENDING, None):
        pulse_bus.publish(pending)


@sa.event.listens_for(OrmSession, "after_rollback")
def _forget_on_rollback(session: OrmSession) -> None:
    session.info.pop(_PENDING, None)

"""The access log's hash chain: intact when appended, broken by any edit, delete or swap."""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from dossier import audit
from dossier.domain.access import actor_for
from dossier.models import AuditEvent, Membership
from tests.factories import World


def ids(session: Session) -> list[int]:
    return list(session.exec(select(AuditEvent.id).order_by(AuditEvent.id)))


@pytest.fixture
def chained(world: World, db: Session) -> list[int]:
    """Seven rows: three separate commits, then four rows written in one flush."""
    hugo, anna = world.actor("hugo"), world.actor("anna")
    for action in ("task.view.list", "agreement.view.list", "family.view"):
        audit.record(db, hugo, action)
        db.commit()
    audit.record(db, anna, "task.complete", object_type="task", object_id=7)
    audit.record(db, anna, "task.edit", object_type="task", object_id=8, outcome="denied")
    audit.record(db, None, "login.password", outcome="failed", ip="10.0.0.1", user_agent="x")
    audit.record(db, world.actor("gerda"), "checkin.view.list", detail="0 rows")
    db.commit()
    return ids(db)


def update(db: Session, row_id: int, assignment: str, **params: object) -> None:
    statement = sa.text(f"UPDATE audit_event SET {assignment} WHERE id = :id")  # noqa: S608
    db.execute(statement, {"id": row_id, **params})
    db.commit()


def test_the_chain_is_intact_after_several_records(db: Session, chained: list[int]) -> None:
    assert len(chained) == 7
    assert audit.verify_chain(db) is None
    rows = db.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert rows[0].prev_hash == ""
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.row_hash
        assert len(after.row_hash) == 64
    assert len({r.row_hash for r in rows}) == 7


def test_rows_added_in_one_flush_are_chained_in_the_order_they_were_added(
    world: World, db: Session
) -> None:
    actor = world.actor("anna")
    for number in range(5):
        audit.record(db, actor, "task.view", object_type="task", object_id=number)
    db.flush()
    rows = db.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [r.object_id for r in rows] == [0, 1, 2, 3, 4]
    assert audit.verify_chain(db) is None
    db.commit()
    assert audit.verify_chain(db) is None


def test_an_empty_log_is_intact(db: Session) -> None:
    assert audit.verify_chain(db) is None


@pytest.mark.parametrize(
    ("assignment", "params"),
    [
        ("at = :v", {"v": "2020-01-01 00:00:00.000000"}),
        ("user_id = NULL", {}),
        ("family_id = NULL", {}),
        ("role = :v", {"v": "sibling"}),
        ("organisation = :v", {"v": "Elders"}),
        ("action = :v", {"v": "task.view"}),
        ("object_type = :v", {"v": "agreement"}),
        ("object_id = 99", {}),
        ("outcome = :v", {"v": "allowed"}),
        ("ip = :v", {"v": "192.0.2.9"}),
        ("user_agent = :v", {"v": "other"}),
        ("detail = :v", {"v": "99 rows"}),
        ("prev_hash = :v", {"v": "0" * 64}),
        ("row_hash = :v", {"v": "0" * 64}),
    ],
)
def test_editing_any_field_of_a_middle_row_is_found(
    db: Session, chained: list[int], assignment: str, params: dict
) -> None:
    middle = chained[4]  # the denied task.edit, written in the shared flush
    update(db, middle, assignment, **params)
    assert audit.verify_chain(db) == middle


def test_an_edit_with_a_recomputed_hash_breaks_the_link_of_the_next_row(
    db: Session, chained: list[int]
) -> None:
    middle = chained[3]
    update(db, middle, "detail = :v", v="forged")
    table = AuditEvent.__table__
    row = db.connection().execute(sa.select(table).where(table.c.id == middle)).one()
    update(db, middle, "row_hash = :v", v=audit.row_hash(row))
    assert audit.verify_chain(db) == chained[4]


def test_a_deleted_row_is_found_at_the_row_after_it(db: Session, chained: list[int]) -> None:
    db.execute(sa.text("DELETE FROM audit_event WHERE id = :id"), {"id": chained[2]})
    db.commit()
    assert audit.verify_chain(db) == chained[3]


def test_swapping_two_rows_is_found(db: Session, chained: list[int]) -> None:
    first, second = chained[1], chained[2]
    db.execute(sa.text("UPDATE audit_event SET id = -1 WHERE id = :id"), {"id": first})
    db.execute(sa.text("UPDATE audit_event SET id = :a WHERE id = :b"), {"a": first, "b": second})
    db.execute(sa.text("UPDATE audit_event SET id = :b WHERE id = -1"), {"b": second})
    db.commit()
    assert audit.verify_chain(db) == first


def test_the_orm_refuses_to_change_or_delete_a_row(db: Session, chained: list[int]) -> None:
    row = db.get(AuditEvent, chained[0])
    row.detail = "changed"
    db.add(row)
    with pytest.raises(audit.AuditLogImmutable):
        db.flush()
    db.rollback()
    db.delete(db.get(AuditEvent, chained[0]))
    with pytest.raises(audit.AuditLogImmutable):
        db.flush()
    db.rollback()
    assert audit.verify_chain(db) is None


def test_a_professional_s_organisation_is_recorded(world: World, db: Session) -> None:
    membership = db.get(Membership, world.members["hugo"].id)
    membership.organisation = "Thuiszorg Noord"
    db.add(membership)
    db.commit()
    hugo = actor_for(db, user_id=world.users["hugo"].id, family_id=world.alfa.id)
    assert hugo.organisation == "Thuiszorg Noord"
    audit.record(db, hugo, "task.view.list", detail="3 rows")
    db.commit()
    row = db.exec(select(AuditEvent)).one()
    assert (row.organisation, row.role, row.user_id) == (
        "Thuiszorg Noord",
        "cm_home",
        world.users["hugo"].id,
    )
    assert audit.verify_chain(db) is None


def test_long_values_are_cut_to_the_columns_before_hashing(world: World, db: Session) -> None:
    audit.record(db, None, "login.password", outcome="failed", user_agent="u" * 999, ip="1" * 99)
    db.commit()
    db.expire_all()
    row = db.exec(select(AuditEvent)).one()
    assert (len(row.user_agent), len(row.ip)) == (300, 64)
    assert audit.verify_chain(db) is None


def test_the_hashed_form_is_unambiguous(world: World, db: Session) -> None:
    audit.record(db, None, "x", detail="a", ip="")
    audit.record(db, None, "x", detail="", ip="a")
    audit.record(db, None, "x", object_id=None)
    audit.record(db, None, "x", object_id=0)
    db.flush()
    rows = db.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    forms = [audit.canonical(r).replace(r.prev_hash.encode(), b"") for r in rows]
    assert len(set(forms)) == 4

"""The offline card's snapshot: only the current family, only what the person may see,
small, one access-log row, and a fixed number of queries."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import event
from sqlmodel import Session, select

from dossier.domain.offline_snapshot import (
    APPOINTMENT_DAYS,
    APPOINTMENT_LIMIT,
    TASK_LIMIT,
    build_snapshot,
)
from dossier.models import (
    Appointment,
    AppointmentStatus,
    AuditEvent,
    Membership,
    Role,
    Task,
    TaskStatus,
    User,
)
from tests.factories import World


def snap(world: World, name: str) -> dict:
    return build_snapshot(world.session, world.actor(name))


def titles(rows: list[dict]) -> set[str]:
    return {row["title"] for row in rows}


def test_a_parent_gets_the_familys_appointments_own_tasks_and_contacts(world: World) -> None:
    data = snap(world, "anna")
    assert data["user_id"] == world.users["anna"].id
    assert data["family_id"] == world.alfa.id
    assert data["family_name"] == world.alfa.name
    assert datetime.fromisoformat(data["generated_at"]).tzinfo is not None
    assert titles(data["appointments"]) == {"Kinderarts"}
    assert data["appointments"][0]["i_go_along"] is True
    assert data["tasks"] == []  # no task is assigned to Anna
    roles = [c["role"] for c in data["contacts"]]
    assert roles == ["parent", "cm_hospital", "cm_home", "caregiver"]  # parents first
    assert {c["name"] for c in data["contacts"]} == {
        world.users[n].name for n in ("bram", "hanna", "hugo", "gerda")
    }
    assert data["contacts"][0]["role_label"] == "Ouder"
    json.dumps(data)  # ready to send as it is


def test_own_open_tasks_only_with_due_date_and_waiting_for(world: World) -> None:
    s, gerda = world.session, world.members["gerda"]
    task = world.tasks["for_gerda"]
    task.status, task.waiting_for = TaskStatus.WAITING, "apotheek"
    task.follow_up_on = task.due_on
    s.add(task)
    s.add(
        Task(
            family_id=world.alfa.id,
            title="Af",
            domain="care",
            assignee_id=gerda.id,
            status=TaskStatus.DONE,
        )
    )
    s.commit()
    [row] = snap(world, "gerda")["tasks"]
    assert row["title"] == "Recept" and row["waiting_for"] == "apotheek"
    assert row["due_on"] == task.due_on.isoformat() and row["follow_up_on"]
    assert "notes" not in row  # free text stays in the dossier


def test_a_caregiver_sees_only_their_own_and_no_member_list(world: World) -> None:
    data = snap(world, "gerda")
    assert data["appointments"] == []  # Gerda does not go along to the Kinderarts
    assert titles(data["tasks"]) == {"Recept"}
    assert data["contacts"] == []  # a caregiver may not see the members


def test_a_sibling_sees_only_their_own_tasks_and_appointments(world: World) -> None:
    data = snap(world, "ben")
    assert titles(data["tasks"]) == {"Kamer"}
    assert data["appointments"] == []
    assert "Beta" not in json.dumps(data)  # nothing of the other family


def test_nothing_of_another_family(world: World) -> None:
    data = build_snapshot(world.session, world.actor("hanna", world.beta))
    text = json.dumps(data)
    assert data["family_id"] == world.beta.id
    assert "Kinderarts" not in text and "Recept" not in text
    assert {c["name"] for c in data["contacts"]} == {world.users["dora"].name}


def test_only_planned_appointments_within_two_weeks_and_at_most_twenty(world: World) -> None:
    s, now = world.session, datetime.now(UTC)
    for i in range(APPOINTMENT_LIMIT + 5):
        start = now + timedelta(hours=2 + i)
        s.add(
            Appointment(
                family_id=world.alfa.id,
                title=f"A{i}",
                starts_at=start,
                ends_at=start + timedelta(hours=1),
            )
        )
    late = now + timedelta(days=APPOINTMENT_DAYS + 1)
    s.add(
        Appointment(
            family_id=world.alfa.id,
            title="Later",
            starts_at=late,
            ends_at=late + timedelta(hours=1),
        )
    )
    s.add(
        Appointment(
            family_id=world.alfa.id,
            title="Afgezegd",
            starts_at=now + timedelta(hours=1),
            ends_at=now + timedelta(hours=2),
            status=AppointmentStatus.CANCELLED,
        )
    )
    s.commit()
    shown = titles(snap(world, "hugo")["appointments"])
    assert len(shown) == APPOINTMENT_LIMIT
    assert "Later" not in shown and "Afgezegd" not in shown


def test_tasks_are_capped(world: World) -> None:
    s = world.session
    for i in range(TASK_LIMIT + 5):
        s.add(
            Task(
                family_id=world.alfa.id,
                title=f"T{i}",
                domain="care",
                assignee_id=world.members["hugo"].id,
            )
        )
    s.commit()
    assert len(snap(world, "hugo")["tasks"]) == TASK_LIMIT


def test_phone_numbers_come_along(world: World) -> None:
    hanna = world.members["hanna"]
    hanna.phone = "+31 6 1234 5678"
    world.session.add(hanna)
    world.session.commit()
    [contact] = [c for c in snap(world, "anna")["contacts"] if c["role"] == "cm_hospital"]
    assert contact["phone"] == "+31 6 1234 5678"


def test_one_access_log_row_with_the_counts(world: World) -> None:
    snap(world, "anna")
    world.session.commit()
    [row] = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "offline.snapshot")
    ).all()
    assert row.user_id == world.users["anna"].id and row.family_id == world.alfa.id
    assert row.detail == "1 appointments, 0 tasks, 4 contacts"
    assert "Kinderarts" not in row.detail


def _selects(db: Session, world: World) -> int:
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement.lstrip().split()[0].upper())

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        build_snapshot(db, world.actor("anna"))
        db.flush()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    db.rollback()
    return sum(s == "SELECT" for s in seen)


def test_the_number_of_queries_does_not_grow_with_the_family(world: World) -> None:
    s = world.session
    world.session.expire_all()
    small = _selects(s, world)
    now = datetime.now(UTC)
    for i in range(10):
        user = User(name=f"Extra {i}", email=f"extra{i}@test.nl")
        s.add(user)
        s.flush()
        member = Membership(family_id=world.alfa.id, user_id=user.id, role=Role.CAREGIVER)
        s.add(member)
        s.flush()
        s.add(
            Task(
                family_id=world.alfa.id,
                title=f"T{i}",
                domain="care",
                assignee_id=world.members["anna"].id,
            )
        )
        s.add(
            Appointment(
                family_id=world.alfa.id,
                title=f"A{i}",
                starts_at=now + timedelta(hours=i + 1),
                ends_at=now + timedelta(hours=i + 2),
            )
        )
    s.commit()
    s.expire_all()
    assert _selects(s, world) == small


# --------------------------------------------------------------------------------------
# Small: the demo family's snapshot
# --------------------------------------------------------------------------------------

MAX_BYTES = 16 * 1024  # a phone keeps it in Cache Storage; a few kB is plenty


def test_the_demo_familys_snapshot_is_small(tmp_path, monkeypatch) -> None:
    from argon2 import PasswordHasher
    from sqlmodel import SQLModel

    from dossier.db import make_engine
    from dossier.demo import ensure_demo
    from dossier.domain import passwords
    from dossier.domain.access import actor_for
    from dossier.models import Family
    from dossier.settings import get_settings

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))
    monkeypatch.setenv("DOSSIER_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    engine = make_engine(f"sqlite:///{tmp_path}/t.db")
    SQLModel.metadata.create_all(engine)
    snapshots: dict[str, dict] = {}
    try:
        with Session(engine, expire_on_commit=False) as db:
            ensure_demo(db, accounts_file=tmp_path / "accounts.json")
            family = db.exec(select(Family).where(Family.name == "Gezin De Vries")).one()
            for person in ("anna.devries", "sanne.jansen", "karin.visser"):
                user = db.exec(select(User).where(User.email.startswith(person))).one()  # type: ignore[union-attr]
                actor = actor_for(db, user_id=user.id, family_id=family.id)  # type: ignore[arg-type]
                snapshots[person] = build_snapshot(db, actor)
    finally:
        engine.dispose()
        get_settings.cache_clear()
    sizes = {p: len(json.dumps(s, ensure_ascii=False).encode()) for p, s in snapshots.items()}
    print(f"offline snapshot sizes (bytes): {sizes}")  # about 3 kB for a parent
    assert all(0 < size < MAX_BYTES for size in sizes.values()), sizes
    phones = [c["phone"] for c in snapshots["anna.devries"]["contacts"] if c["phone"]]
    assert len(phones) >= 3  # the demo professionals have a number

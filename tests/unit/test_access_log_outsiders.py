"""Refusals from outside the family: counted on a few rows, shown without a name or role.

Dora is a parent in Gezin Beta. She asks again and again for Gezin Alfa's tasks; each
attempt is refused. Alfa's log must not fill up with her attempts (pushing Hugo's real
reads out of view), and Anna sees them as coming from "someone outside the family".
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from dossier import audit
from dossier.domain.access import unit_of_work
from dossier.domain.audit_log import access_log, log_people
from dossier.domain.checkin_links import create_link, open_link, revoke_link
from dossier.domain.tasks import get_task, list_tasks
from dossier.models import AuditEvent, utcnow
from dossier.models.audit import AuditRepeat
from dossier.permissions import Action, PermissionDenied
from dossier.presenters.access_log import access_log_row, sentence
from tests.factories import World

ATTEMPTS = 500
ACTIONS = (Action.TASK_VIEW, Action.TASK_EDIT, Action.TASK_COMPLETE)


def try_alfa_task(world: World, who: str, task: str, action: Action) -> None:
    """One refused attempt, as an event handler would make it (its own unit of work)."""
    actor = world.actor(who, world.beta)
    world.session.commit()  # SQLite has one writer: the test's session lets go
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        get_task(session, actor, world.tasks[task].id, action)  # type: ignore[arg-type]


def alfa_rows_of(db: Session, world: World, who: str) -> list[AuditEvent]:
    db.expire_all()
    return list(
        db.exec(
            select(AuditEvent).where(
                AuditEvent.family_id == world.alfa.id, AuditEvent.user_id == world.users[who].id
            )
        )
    )


def counted(db: Session, rows: list[AuditEvent]) -> int:
    repeats = {r.event_id: r.repeats for r in db.exec(select(AuditRepeat))}
    return sum(1 + repeats.get(row.id, 0) for row in rows)  # type: ignore[arg-type]


@pytest.fixture
def hugo_looked(world: World, db: Session) -> World:
    """Hugo read Alfa's task list: a real row the parents must keep seeing."""
    list_tasks(db, world.actor("hugo"))
    db.commit()
    return world


def test_five_hundred_refusals_of_dora_from_beta_leave_only_a_few_rows_in_alfa_s_log(
    hugo_looked: World, db: Session
) -> None:
    world = hugo_looked
    tasks = ("for_gerda", "for_ben", "overdue", "done")
    kinds = itertools.cycle(itertools.product(tasks, ACTIONS))  # 12 different attempts
    for _ in range(ATTEMPTS):
        try_alfa_task(world, "dora", *next(kinds))
    rows = alfa_rows_of(db, world, "dora")
    assert len(rows) <= audit.OUTSIDE_ROWS
    assert counted(db, rows) == ATTEMPTS  # every attempt is still counted
    assert {r.action for r in rows} >= {audit.OUTSIDE_MORE, "task.view"}
    # Anna's view (the newest 200 rows) still shows what Hugo did.
    shown = access_log(db, world.actor("anna"), limit=200)
    assert ("Hugo", "task.view.list") in [(e.name, e.action) for e in shown]
    assert audit.verify_chain(db) is None


def test_the_same_attempt_within_the_hour_is_counted_on_one_row(world: World, db: Session) -> None:
    for _ in range(12):
        try_alfa_task(world, "dora", "for_gerda", Action.TASK_VIEW)
    (row,) = alfa_rows_of(db, world, "dora")
    assert (row.action, row.object_id, row.outcome) == (
        "task.view",
        world.tasks["for_gerda"].id,
        "denied",
    )
    # The operators keep who it was, server-side.
    assert (row.user_id, row.role) == (world.users["dora"].id, "parent")
    assert db.get(AuditRepeat, row.id).repeats == 11  # type: ignore[union-attr]


def test_after_the_hour_the_same_attempt_gets_a_new_row(
    world: World, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    try_alfa_task(world, "dora", "for_gerda", Action.TASK_VIEW)
    later = utcnow() + audit.REPEAT_WINDOW + timedelta(minutes=1)
    monkeypatch.setattr(audit, "utcnow", lambda: later)
    try_alfa_task(world, "dora", "for_gerda", Action.TASK_VIEW)
    assert len(alfa_rows_of(db, world, "dora")) == 2


def test_anna_sees_dora_s_attempts_as_someone_outside_the_family_without_name_or_role(
    hugo_looked: World, db: Session
) -> None:
    world = hugo_looked
    for _ in range(12):
        try_alfa_task(world, "dora", "for_gerda", Action.TASK_VIEW)
    entries = access_log(db, world.actor("anna"))
    (outside,) = [e for e in entries if e.outcome == "denied"]
    assert outside.outside and outside.count == 12
    assert (outside.user_id, outside.name, outside.role, outside.organisation) == (None, "", "", "")
    assert sentence(outside, "nl") == (
        "Iemand buiten jullie gezin probeerde een taak te bekijken (12 keer)"
    )
    assert (
        sentence(outside, "en") == "Someone outside your family tried to look at a task (12 times)"
    )
    for lang in ("nl", "en"):
        row = access_log_row(outside, lang)
        text = " ".join(str(value) for value in row.values())
        assert "Dora" not in text and str(world.users["dora"].id) not in row["sentence"]
        assert "ouder" not in text and "parent" not in text
    # Nor is she someone to filter on.
    assert "Dora" not in [p.name for p in log_people(db, world.actor("anna"))]
    # Hugo, a member, keeps his name.
    assert sentence(next(e for e in entries if e.name == "Hugo"), "nl").startswith("Hugo (")


def test_hanna_who_is_also_in_alfa_is_named_and_not_folded(world: World, db: Session) -> None:
    """Hanna works for both families: refused from Beta's side, she is still Alfa's own."""
    for _ in range(3):
        try_alfa_task(world, "hanna", "for_gerda", Action.TASK_VIEW)
    assert len(alfa_rows_of(db, world, "hanna")) == 3
    entries = [e for e in access_log(db, world.actor("anna")) if e.outcome == "denied"]
    assert {(e.name, e.outside, e.count) for e in entries} == {("Hanna", False, 1)}


def test_a_dead_link_opened_again_and_again_is_counted_on_one_row(
    world: World, db: Session
) -> None:
    token = create_link(db, world.actor("anna"), sibling_id=world.members["ben"].id)  # type: ignore[arg-type]
    revoke_link(db, world.actor("anna"), sibling_id=world.members["ben"].id)  # type: ignore[arg-type]
    db.commit()
    for _ in range(30):
        with unit_of_work() as session:
            assert open_link(session, token, ip="192.0.2.7") is None
    entries = access_log(db, world.actor("anna"))
    (dead,) = [e for e in entries if e.action == "checkin_link.open"]
    assert dead.count == 30 and not dead.outside
    assert sentence(dead, "nl") == (
        "Iemand probeerde de check-in te openen met een link die niet meer werkt (30 keer)"
    )

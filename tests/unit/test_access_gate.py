"""The one gate for lists: `visible` logs one row per list, `visible_in_summary` none
(its caller logs one summary row); both filter with the same rules."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from dossier.domain.access import unit_of_work, visible, visible_in_summary
from dossier.domain.caseload import TASK_COLUMNS
from dossier.models import AuditEvent, Task
from dossier.permissions import Action, PermissionDenied
from tests.factories import World


def _log(db: Session) -> list[tuple[str, str]]:
    db.expire_all()
    rows = [(e.action, e.detail) for e in db.exec(select(AuditEvent).order_by(AuditEvent.id))]
    db.commit()  # end the read, so the next unit of work can write (SQLite)
    return rows


def _tasks(db: Session) -> list[Task]:
    return list(db.exec(select(Task).order_by(Task.id)))


@pytest.mark.parametrize("name", ["anna", "gerda", "ben", "hanna"])
def test_both_paths_show_the_same_rows(world: World, db: Session, name: str) -> None:
    actor = world.actor(name)
    rows = _tasks(db)
    assert visible_in_summary(actor, Action.TASK_VIEW, rows) == visible(
        db, actor, Action.TASK_VIEW, rows
    )


def test_the_involved_only_role_sees_its_own_tasks_and_no_other_family(
    world: World, db: Session
) -> None:
    shown = visible_in_summary(world.actor("gerda"), Action.TASK_VIEW, _tasks(db))
    assert [t.title for t in shown] == ["Recept"]
    assert all(
        t.family_id == world.alfa.id
        for t in visible_in_summary(world.actor("anna"), Action.TASK_VIEW, _tasks(db))
    )


def test_selected_columns_pass_the_same_gate_as_entities(world: World, db: Session) -> None:
    """The caseload reads columns, not entities; the gate must decide the same."""
    columns = list(db.exec(select(*TASK_COLUMNS).order_by(Task.id)))
    for name in ("anna", "gerda", "ben", "hanna"):
        actor = world.actor(name)
        assert [r.id for r in visible_in_summary(actor, Action.TASK_VIEW, columns)] == [
            t.id for t in visible_in_summary(actor, Action.TASK_VIEW, _tasks(db))
        ]


def test_visible_logs_one_list_row_and_the_summary_path_none(world: World, db: Session) -> None:
    actor = world.actor("anna")
    db.commit()
    before = _log(db)
    with unit_of_work() as session:
        visible_in_summary(actor, Action.TASK_VIEW, _tasks(session))
    assert _log(db) == before
    with unit_of_work() as session:
        shown = visible(session, actor, Action.TASK_VIEW, _tasks(session))
    assert _log(db) == [*before, ("task.view.list", f"{len(shown)} rows")]


@pytest.mark.parametrize("path", ["visible", "visible_in_summary"])
def test_a_role_without_the_right_is_refused_and_the_refusal_logged(
    world: World, db: Session, path: str
) -> None:
    actor = world.actor("ben")  # a sibling may not read agreements at all
    db.commit()
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        if path == "visible":
            visible(session, actor, Action.AGREEMENT_VIEW, [])
        else:
            visible_in_summary(actor, Action.AGREEMENT_VIEW, [])
    assert _log(db)[-1][0] == "agreement.view"
    db.expire_all()
    assert db.exec(select(AuditEvent)).all()[-1].outcome == "denied"

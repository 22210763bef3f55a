"""Tasks, the rules: input checks, conflicts, 'nabellen', overdue, soft delete, history, roles."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from dossier.domain.access import unit_of_work
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.overview import build_overview
from dossier.domain.past import PastDate
from dossier.domain.tasks import (
    EDITABLE,
    InvalidTask,
    TaskConflict,
    TaskInput,
    comes_back,
    completions,
    create_task,
    delete_task,
    is_overdue,
    list_tasks,
    parse_day,
    restore_task,
    set_done,
    set_waiting,
    snapshot,
    task_history,
    task_order,
    update_task,
)
from dossier.i18n import catalogue
from dossier.models import AuditEvent, MembershipStatus, Task, TaskChange, TaskStatus
from dossier.permissions import PermissionDenied
from dossier.presenters.rows import task_row
from tests.factories import World

TODAY = date(2026, 11, 23)
TASKS_MODULE = Path(__file__).resolve().parents[2] / "dossier" / "domain" / "tasks.py"


def form(**values: object) -> dict[str, object]:
    base: dict[str, object] = {"title": "Rolstoel laten aanpassen", "domain": "home"}
    return {**base, **values}


def counts(session: Session) -> tuple[int, int, int]:
    """Tasks, history rows and allowed access-log rows: 'writes nothing' means none change."""
    session.expire_all()
    found = (
        session.exec(select(func.count()).select_from(Task)).one(),
        session.exec(select(func.count()).select_from(TaskChange)).one(),
        session.exec(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.outcome == "allowed")
        ).one(),
    )
    session.commit()  # end the read: SQLite has one writer, and the next step needs it
    return found


def changes(session: Session, task_id: int) -> list[tuple[str, list[str]]]:
    rows = session.exec(
        select(TaskChange).where(TaskChange.task_id == task_id).order_by(TaskChange.id)
    ).all()
    return [(row.kind, row.fields) for row in rows]


def audit_actions(session: Session, task_id: int) -> list[str]:
    rows = session.exec(
        select(AuditEvent).where(AuditEvent.object_type == "task", AuditEvent.object_id == task_id)
    ).all()
    return [row.action for row in rows]


# --------------------------------------------------------------------------------------
# Creating and the input rules
# --------------------------------------------------------------------------------------


def test_a_parent_creates_a_task_with_history_and_an_audit_row(world: World) -> None:
    femke = world.members["hugo"]
    task = create_task(
        world.session,
        world.actor("anna"),
        form(assignee=str(femke.id), due="2026-12-01", notes="  Offerte opvragen  "),
    )
    assert (task.title, task.domain, task.assignee_id) == (
        "Rolstoel laten aanpassen",
        "home",
        femke.id,
    )
    assert task.due_on == date(2026, 12, 1)
    assert task.notes == "Offerte opvragen"
    assert task.created_by_id == world.members["anna"].id
    assert task.version == 1
    assert changes(world.session, task.id) == [("created", [])]
    assert audit_actions(world.session, task.id) == ["task.create"]


def test_a_case_manager_may_create_a_task_for_nobody_yet(world: World) -> None:
    task = create_task(world.session, world.actor("hanna"), form(assignee=""))
    assert task.assignee_id is None
    assert task.status == TaskStatus.OPEN


BAD_INPUT = [
    ({"title": ""}, "title", "task.error.title_required"),
    ({"title": "   \n  "}, "title", "task.error.title_required"),
    ({"title": "x" * 201}, "title", "task.error.title_too_long"),
    ({"notes": "x" * 4001}, "notes", "task.error.notes_too_long"),
    ({"domain": "tuin"}, "domain", "task.error.domain"),
    ({"domain": ""}, "domain", "task.error.domain"),
    ({"status": "misschien"}, "status", "task.error.status"),
    ({"due": "31-02-2026"}, "due_on", "task.error.date"),
    ({"due": "2026-13-01"}, "due_on", "task.error.date"),
    ({"due": "morgen"}, "due_on", "task.error.date"),
    ({"due": "1999-12-31"}, "due_on", "task.error.date"),
    ({"due": "2101-01-01"}, "due_on", "task.error.date"),
    ({"due": "02026-01-01"}, "due_on", "task.error.date"),
    (
        {"status": "waiting", "follow_up": "2026-12-01"},
        "waiting_for",
        "task.error.waiting_for_required",
    ),
    ({"status": "waiting", "waiting_for": "CIZ"}, "follow_up_on", "task.error.follow_up_required"),
    (
        {"status": "waiting", "waiting_for": "CIZ", "follow_up": "1-1-1900"},
        "follow_up_on",
        "task.error.date",
    ),
    (
        {"status": "waiting", "waiting_for": "x" * 201, "follow_up": "2026-12-01"},
        "waiting_for",
        "task.error.waiting_for_too_long",
    ),
    ({"assignee": "abc"}, "assignee_id", "task.error.assignee"),
    ({"assignee": "999999"}, "assignee_id", "task.error.assignee"),
]


@pytest.mark.parametrize(("values", "field", "key"), BAD_INPUT)
def test_bad_input_names_the_field_and_writes_nothing(
    world: World, values: dict, field: str, key: str
) -> None:
    anna = world.actor("anna")
    world.session.commit()
    before = counts(world.session)
    with pytest.raises(InvalidTask) as problem, unit_of_work() as session:
        create_task(session, anna, form(**values))
    assert problem.value.errors[field] == key
    assert problem.value.message_key == key
    assert counts(world.session) == before


def test_every_wrong_field_is_named_at_once(world: World) -> None:
    with pytest.raises(InvalidTask) as problem:
        create_task(world.session, world.actor("anna"), {"title": "", "domain": "x", "due": "?"})
    assert set(problem.value.errors) == {"title", "domain", "due_on"}


def test_dates_from_a_date_input_and_typed_the_dutch_way_both_work() -> None:
    assert parse_day("2026-11-23") == TODAY
    assert parse_day("23-11-2026") == TODAY
    assert parse_day("3/2/2026") == date(2026, 2, 3)
    assert parse_day("") is None
    for bad in ("30-02-2026", "2026-02-30", "23 november", "1999-01-01"):
        with pytest.raises(ValueError):
            parse_day(bad)


def test_an_assignee_from_another_family_is_refused_and_nothing_is_written(world: World) -> None:
    """Dora's membership id sent straight to the handler: a clear message, no task."""
    anna = world.actor("anna")
    doras_membership = str(world.members["dora"].id)
    world.session.commit()
    before = counts(world.session)
    with pytest.raises(InvalidTask) as problem, unit_of_work() as session:
        create_task(session, anna, form(assignee=doras_membership))
    assert problem.value.errors == {"assignee_id": "task.error.assignee"}
    assert counts(world.session) == before


def test_an_assignee_who_was_removed_from_the_family_is_refused(world: World) -> None:
    gerda = world.members["gerda"]
    gerda.status = MembershipStatus.REVOKED
    world.session.add(gerda)
    world.session.flush()
    with pytest.raises(InvalidTask):
        create_task(world.session, world.actor("anna"), form(assignee=str(gerda.id)))


def test_editing_onto_an_assignee_of_another_family_writes_nothing(world: World) -> None:
    task_id = world.tasks["overdue"].id
    anna = world.actor("anna")
    doras_membership = str(world.members["dora"].id)
    world.session.commit()
    before = counts(world.session)
    with pytest.raises(InvalidTask), unit_of_work() as session:
        update_task(
            session,
            anna,
            task_id=task_id,
            expected_version=1,
            data=form(title="PGB", domain="money", assignee=doras_membership),
        )
    assert counts(world.session) == before
    assert world.session.get(Task, task_id).assignee_id is None


@pytest.mark.parametrize("name", ["gerda", "ben", "cleo"])
def test_caregivers_children_and_siblings_cannot_create(world: World, name: str) -> None:
    actor = world.actor(name)
    world.session.commit()
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        create_task(session, actor, form(title=""))  # refused before the input is even read
    world.session.expire_all()
    denied = world.session.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).one()
    assert (denied.action, denied.user_id) == ("task.create", world.users[name].id)


# --------------------------------------------------------------------------------------
# Changing, and two people changing the same task
# --------------------------------------------------------------------------------------


def test_a_change_returns_the_changed_fields_and_is_in_the_history(world: World) -> None:
    task = world.tasks["overdue"]
    changed = update_task(
        world.session,
        world.actor("hugo"),
        task_id=task.id,
        expected_version=1,
        data=form(
            title="PGB", domain="money", due="2026-12-24", assignee=str(world.members["hugo"].id)
        ),
    )
    assert changed == ["due_on", "assignee_id"]
    assert task.version == 2
    assert changes(world.session, task.id)[-1] == ("changed", ["due_on", "assignee_id"])
    assert audit_actions(world.session, task.id) == ["task.edit"]


def test_saving_without_changes_writes_no_history_and_keeps_the_version(world: World) -> None:
    task = world.tasks["overdue"]
    due = task.due_on.isoformat()
    changed = update_task(
        world.session,
        world.actor("anna"),
        task_id=task.id,
        expected_version=1,
        data=form(title="PGB", domain="money", due=due),
    )
    assert changed == []
    assert task.version == 1
    assert changes(world.session, task.id) == []


def _edit_due_and_assignee(world: World, task: Task) -> None:
    update_task(
        world.session,
        world.actor("hugo"),
        task_id=task.id,
        expected_version=1,
        data=form(
            title="PGB", domain="money", due="2026-12-24", assignee=str(world.members["hugo"].id)
        ),
    )


def test_a_stale_save_is_refused_and_names_what_the_other_person_changed(world: World) -> None:
    task = world.tasks["overdue"]
    annas_form = snapshot(task)  # Anna opens the form (version 1)
    _edit_due_and_assignee(world, task)  # Hugo saves first
    with pytest.raises(TaskConflict) as conflict:
        update_task(
            world.session,
            world.actor("anna"),
            task_id=task.id,
            expected_version=1,
            data=form(title="PGB indienen", domain="money"),
            original=annas_form,
        )
    assert conflict.value.fields == ["due_on", "assignee_id"]
    assert conflict.value.version == 2
    assert isinstance(conflict.value, Conflict)
    assert task.title == "PGB"  # nothing silently overwritten
    assert task.due_on == date(2026, 12, 24)


def test_without_the_form_values_the_history_names_what_changed(world: World) -> None:
    task = world.tasks["overdue"]
    _edit_due_and_assignee(world, task)
    set_done(world.session, world.actor("hanna"), task_id=task.id, expected_version=2, done=True)
    with pytest.raises(TaskConflict) as conflict:
        update_task(
            world.session,
            world.actor("anna"),
            task_id=task.id,
            expected_version=1,
            data=form(title="PGB", domain="money"),
        )
    assert conflict.value.fields == ["due_on", "assignee_id", "status"]


def test_save_my_changes_anyway_keeps_what_the_other_person_changed(world: World) -> None:
    """After the conflict message Anna saves on top of version 2: only her own edit lands."""
    task = world.tasks["overdue"]
    annas_form = snapshot(task)
    _edit_due_and_assignee(world, task)
    old_due = annas_form["due_on"].isoformat()
    changed = update_task(
        world.session,
        world.actor("anna"),
        task_id=task.id,
        expected_version=2,
        data=form(title="PGB indienen", domain="money", due=old_due),
        original=annas_form,
    )
    assert changed == ["title"]
    assert (task.title, task.due_on, task.assignee_id) == (
        "PGB indienen",
        date(2026, 12, 24),
        world.members["hugo"].id,
    )


def test_a_race_between_loading_and_saving_is_a_conflict(world: World, db: Session) -> None:
    task_id = world.tasks["overdue"].id
    anna, hugo = world.actor("anna"), world.actor("hugo")
    world.session.commit()
    engine = db.get_bind()
    with (
        Session(engine, expire_on_commit=False) as first,
        Session(engine, expire_on_commit=False) as second,
    ):
        second.get(Task, task_id)
        second.commit()
        update_task(
            first, anna, task_id=task_id, expected_version=1, data=form(title="A", domain="money")
        )
        first.commit()
        with pytest.raises(Conflict):
            update_task(
                second,
                hugo,
                task_id=task_id,
                expected_version=1,
                data=form(title="H", domain="money"),
            )
        second.rollback()
    world.session.expire_all()
    assert world.session.get(Task, task_id).title == "A"


def test_completing_through_the_form_counts_as_completing(world: World) -> None:
    task = world.tasks["overdue"]
    update_task(
        world.session,
        world.actor("anna"),
        task_id=task.id,
        expected_version=1,
        data=form(title="PGB", domain="money", due=task.due_on.isoformat(), status="done"),
    )
    assert task.completed_at is not None
    assert changes(world.session, task.id) == [("completed", ["status"])]


# --------------------------------------------------------------------------------------
# Waiting for a third party, and what comes back
# --------------------------------------------------------------------------------------


def waiting_task(world: World, follow_up: date) -> Task:
    return create_task(
        world.session,
        world.actor("anna"),
        form(status="waiting", waiting_for="CIZ", follow_up=follow_up.isoformat()),
    )


def test_a_waiting_task_comes_back_on_its_follow_up_date(world: World) -> None:
    task = waiting_task(world, TODAY)
    assert not comes_back(task, TODAY - timedelta(days=1))
    assert comes_back(task, TODAY)
    assert comes_back(task, TODAY + timedelta(days=5))
    task.status = TaskStatus.BUSY
    assert not comes_back(task, TODAY)


def test_come_back_tasks_are_listed_with_the_overdue_ones_and_marked(world: World) -> None:
    later = waiting_task(world, TODAY + timedelta(days=3))
    back = waiting_task(world, TODAY)
    titles = [t.id for t in list_tasks(world.session, world.actor("anna"), today=TODAY)]
    overdue = world.tasks["overdue"]
    first_group = {t.id for t in list_tasks(world.session, world.actor("anna"), today=TODAY)[:2]}
    assert first_group == {overdue.id, back.id}  # "te laat" and "terug: nabellen" first
    assert titles.index(later.id) > titles.index(back.id)
    row = task_row(back, {}, "nl", TODAY)
    assert row["comes_back"] is True
    assert row["waiting_for"] == "Wacht op: CIZ"
    assert task_row(later, {}, "nl", TODAY)["comes_back"] is False


def test_set_waiting_needs_whom_and_a_date(world: World) -> None:
    task = world.tasks["overdue"]
    with pytest.raises(InvalidTask) as problem:
        set_waiting(
            world.session,
            world.actor("anna"),
            task_id=task.id,
            expected_version=1,
            waiting_for="",
            follow_up_on=None,
        )
    assert set(problem.value.errors) == {"waiting_for", "follow_up_on"}
    changed = set_waiting(
        world.session,
        world.actor("anna"),
        task_id=task.id,
        expected_version=1,
        waiting_for="zorgverzekeraar",
        follow_up_on=TODAY,
    )
    assert changed == ["status", "waiting_for", "follow_up_on"]
    assert (task.status, task.waiting_for, task.follow_up_on) == (
        "waiting",
        "zorgverzekeraar",
        TODAY,
    )


def test_leaving_waiting_clears_whom_and_the_follow_up_date(world: World) -> None:
    task = waiting_task(world, TODAY)
    update_task(
        world.session,
        world.actor("anna"),
        task_id=task.id,
        expected_version=1,
        data=form(status="busy", waiting_for="CIZ", follow_up="2026-12-01"),
    )
    assert (task.status, task.waiting_for, task.follow_up_on) == ("busy", "", None)


def test_overdue_is_before_today_and_never_when_done(world: World) -> None:
    task = world.tasks["overdue"]
    assert is_overdue(task, date.today())
    assert not is_overdue(task, task.due_on)
    task.status = TaskStatus.DONE
    assert not is_overdue(task, date.today())
    assert task_order(task, date.today())[0] == 2  # done sinks to the bottom


def test_the_overview_lists_come_back_tasks_first(world: World) -> None:
    anna = world.members["anna"]
    later = create_task(
        world.session, world.actor("anna"), form(assignee=str(anna.id), due="2030-01-01")
    )
    back = create_task(
        world.session,
        world.actor("anna"),
        form(assignee=str(anna.id), status="waiting", waiting_for="CIZ", follow_up="2026-01-01"),
    )
    overview = build_overview(world.session, world.actor("anna"), today=date.today())
    # What needs me now comes first; "Mijn taken" still lists the task due in 2030.
    assert [t.id for t in overview.my_tasks] == [back.id, later.id]


# --------------------------------------------------------------------------------------
# Completing, reopening, deleting and restoring
# --------------------------------------------------------------------------------------


def test_complete_and_reopen_are_in_the_history(world: World) -> None:
    task = world.tasks["overdue"]
    set_done(world.session, world.actor("anna"), task_id=task.id, expected_version=1, done=True)
    set_done(world.session, world.actor("hugo"), task_id=task.id, expected_version=2, done=False)
    assert changes(world.session, task.id) == [("completed", ["status"]), ("reopened", ["status"])]
    assert audit_actions(world.session, task.id) == ["task.complete", "task.complete"]


def test_an_undo_puts_a_task_back_in_the_state_it_had(world: World) -> None:
    task = waiting_task(world, TODAY)
    set_done(world.session, world.actor("anna"), task_id=task.id, expected_version=1, done=True)
    set_done(
        world.session,
        world.actor("anna"),
        task_id=task.id,
        expected_version=2,
        done=False,
        reopen_as="waiting",
    )
    assert (task.status, task.waiting_for, task.completed_at) == ("waiting", "CIZ", None)


def test_a_deleted_task_leaves_the_lists_and_can_be_restored(world: World) -> None:
    task = world.tasks["overdue"]
    anna = world.actor("anna")
    delete_task(world.session, anna, task_id=task.id, expected_version=1)
    assert task.deleted_at is not None
    assert task.id not in {t.id for t in list_tasks(world.session, anna, include_done=True)}
    with pytest.raises(NotFound):
        set_done(world.session, anna, task_id=task.id, expected_version=2, done=True)
    with pytest.raises(NotFound):
        update_task(
            world.session, anna, task_id=task.id, expected_version=2, data=form(domain="money")
        )
    restore_task(world.session, anna, task_id=task.id)
    assert task.deleted_at is None
    assert task.id in {t.id for t in list_tasks(world.session, anna)}
    restore_task(world.session, anna, task_id=task.id)  # again: nothing changes
    assert changes(world.session, task.id) == [("deleted", []), ("restored", [])]
    assert audit_actions(world.session, task.id)[0] == "task.edit"  # the delete
    assert world.session.get(Task, task.id) is not None  # never really gone


def test_deleting_a_task_someone_just_changed_is_refused(world: World) -> None:
    task = world.tasks["overdue"]
    _edit_due_and_assignee(world, task)
    with pytest.raises(TaskConflict) as conflict:
        delete_task(world.session, world.actor("anna"), task_id=task.id, expected_version=1)
    assert conflict.value.fields == ["due_on", "assignee_id"]
    assert task.deleted_at is None


# --------------------------------------------------------------------------------------
# Roles: caregivers, children and siblings complete their own, nothing more
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "task"), [("gerda", "for_gerda"), ("ben", "for_ben")])
def test_those_with_narrow_access_complete_their_own_task(
    world: World, name: str, task: str
) -> None:
    own = world.tasks[task]
    set_done(world.session, world.actor(name), task_id=own.id, expected_version=1, done=True)
    assert own.status == TaskStatus.DONE


@pytest.mark.parametrize("name", ["gerda", "ben", "cleo"])
def test_those_with_narrow_access_cannot_edit_delete_or_touch_others_tasks(
    world: World, name: str
) -> None:
    actor = world.actor(name)
    own = world.tasks["for_gerda" if name == "gerda" else "for_ben"]
    other = world.tasks["overdue"]
    attempts = [
        lambda s: update_task(
            s, actor, task_id=own.id, expected_version=1, data=form(domain="care", title="Nieuw")
        ),
        lambda s: delete_task(s, actor, task_id=own.id, expected_version=1),
        lambda s: restore_task(s, actor, task_id=own.id),
        lambda s: set_done(s, actor, task_id=other.id, expected_version=1, done=True),
        lambda s: task_history(s, actor, other.id),
    ]
    world.session.commit()
    for attempt in attempts:
        with pytest.raises(PermissionDenied), unit_of_work() as session:
            attempt(session)
    world.session.expire_all()
    assert world.session.get(Task, own.id).title in {"Recept", "Kamer"}
    denied = world.session.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
    assert len(denied) == len(attempts)


def test_another_family_cannot_edit_and_the_attempt_is_logged_for_this_family(
    world: World,
) -> None:
    task = world.tasks["overdue"]
    dora = world.actor("dora", world.beta)
    world.session.commit()
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        update_task(session, dora, task_id=task.id, expected_version=1, data=form(domain="care"))
    world.session.expire_all()
    denied = world.session.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).one()
    assert (denied.family_id, denied.action, denied.object_id) == (
        world.alfa.id,
        "task.edit",
        task.id,
    )


# --------------------------------------------------------------------------------------
# History
# --------------------------------------------------------------------------------------


def test_history_says_who_did_what_newest_first(world: World) -> None:
    task = create_task(world.session, world.actor("anna"), form())
    update_task(
        world.session,
        world.actor("hugo"),
        task_id=task.id,
        expected_version=1,
        data=form(due="2026-12-01"),
    )
    set_done(world.session, world.actor("hanna"), task_id=task.id, expected_version=2, done=True)
    history = task_history(world.session, world.actor("anna"), task.id)
    assert [(h.kind, h.name, h.fields) for h in history] == [
        ("completed", "Hanna", ["status"]),
        ("changed", "Hugo", ["due_on"]),
        ("created", "Anna", []),
    ]
    assert all(h.at.tzinfo is not None for h in history)
    assert audit_actions(world.session, task.id).count("task.view") == 1


def test_a_task_from_before_the_history_still_says_who_made_it(world: World) -> None:
    task = world.tasks["overdue"]
    task.created_by_id = world.members["bram"].id
    world.session.add(task)
    world.session.flush()
    (created,) = task_history(world.session, world.actor("anna"), task.id)
    assert (created.kind, created.name) == ("created", "Bram")


def test_a_caregiver_sees_the_history_of_their_own_task_only(world: World) -> None:
    gerda = world.actor("gerda")
    assert task_history(world.session, gerda, world.tasks["for_gerda"].id)
    with pytest.raises(PermissionDenied):
        task_history(world.session, gerda, world.tasks["overdue"].id)


# --------------------------------------------------------------------------------------
# Every message the rules can give exists in both languages
# --------------------------------------------------------------------------------------


def test_every_field_of_the_form_can_be_named_in_a_message() -> None:
    assert set(EDITABLE) == {f.name for f in fields(TaskInput)}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_task_message_exists(lang: str) -> None:
    texts = catalogue(lang)
    keys = set(re.findall(r'"(task\.[a-z_.]+)"', TASKS_MODULE.read_text()))
    keys |= {f"task.field.{name}" for name in EDITABLE}
    keys |= {f"task.label.{name}" for name in EDITABLE}
    kinds = ("created", "changed", "completed", "reopened", "deleted", "restored")
    keys |= {f"task.history.{kind}" for kind in kinds}
    assert len(keys) > 30
    assert keys - set(texts) == set()
    assert "{fields}" in texts["task.conflict"]


# --------------------------------------------------------------------------------------
# Linked to a who-does-what agreement
# --------------------------------------------------------------------------------------


def test_a_task_can_serve_an_agreement_which_then_sees_it(world: World) -> None:
    from dossier.domain.agreement_overview import linked_tasks
    from dossier.models import Agreement

    coordination = world.session.exec(
        select(Agreement).where(Agreement.topic == "Zorgcoördinatie")
    ).one()
    task = create_task(world.session, world.actor("hanna"), form(agreement=str(coordination.id)))
    assert task.agreement_id == coordination.id
    assert task.id in {
        t.id for t in linked_tasks(world.session, world.actor("anna"))[coordination.id]
    }
    update_task(
        world.session,
        world.actor("anna"),
        task_id=task.id,
        expected_version=task.version,
        data=form(agreement=""),
    )
    assert task.agreement_id is None


def test_an_agreement_of_another_family_is_refused_and_nothing_is_written(world: World) -> None:
    from dossier.models import Agreement

    other = Agreement(family_id=world.beta.id, topic="Beta-afspraak", domain="care")
    world.session.add(other)
    world.session.flush()
    before = counts(world.session)
    with pytest.raises(InvalidInput) as refused:
        create_task(world.session, world.actor("anna"), form(agreement=str(other.id)))
    assert refused.value.errors == {"agreement_id": "task.error.agreement"}
    assert counts(world.session) == before


# --------------------------------------------------------------------------------------
# A date that has already been: asked first
# --------------------------------------------------------------------------------------


def test_a_new_task_due_in_the_past_asks_first_and_writes_nothing(world: World) -> None:
    anna = world.actor("anna")
    world.session.commit()
    before = counts(world.session)
    with pytest.raises(PastDate) as asked, unit_of_work() as session:
        create_task(session, anna, form(due="2026-11-20"), past_ok=set(), today=TODAY)
    assert asked.value.days == [date(2026, 11, 20)]
    assert counts(world.session) == before
    task = create_task(
        world.session, anna, form(due="2026-11-20"), past_ok={date(2026, 11, 20)}, today=TODAY
    )
    assert task.due_on == date(2026, 11, 20)


def test_a_follow_up_date_in_the_past_asks_too_but_today_and_done_tasks_do_not(
    world: World,
) -> None:
    anna = world.actor("anna")
    waiting = form(status="waiting", waiting_for="CIZ", follow_up="2026-11-01", due="2026-11-23")
    with pytest.raises(PastDate) as asked:
        create_task(world.session, anna, waiting, past_ok=set(), today=TODAY)
    assert asked.value.days == [date(2026, 11, 1)]
    create_task(world.session, anna, form(due="2026-11-23"), past_ok=set(), today=TODAY)
    create_task(
        world.session, anna, form(due="2026-11-01", status="done"), past_ok=set(), today=TODAY
    )


def test_editing_an_overdue_task_without_moving_its_date_asks_nothing(world: World) -> None:
    task = world.tasks["overdue"]  # due three days before today
    original = snapshot(task)
    raw = {"title": "PGB verantwoorden", "domain": "money", "due": task.due_on.isoformat()}
    changed = update_task(
        world.session,
        world.actor("hugo"),
        task_id=task.id,
        expected_version=1,
        data=raw,
        original=original,
        past_ok=set(),
    )
    assert changed == ["title"]
    earlier = (task.due_on - timedelta(days=1)).isoformat()
    with pytest.raises(PastDate):
        update_task(
            world.session,
            world.actor("hugo"),
            task_id=task.id,
            expected_version=2,
            data={**raw, "due": earlier},
            past_ok=set(),
        )


# --------------------------------------------------------------------------------------
# Done tasks say who completed them, and when
# --------------------------------------------------------------------------------------


def test_a_done_task_says_who_completed_it_and_when(world: World) -> None:
    task = world.tasks["for_gerda"]
    anna = world.actor("anna")
    set_done(world.session, world.actor("hugo"), task_id=task.id, expected_version=1, done=True)
    found = completions(world.session, anna, [task, world.tasks["overdue"]])
    assert list(found) == [task.id]
    assert found[task.id].name == "Hugo"
    assert abs(found[task.id].at - task.completed_at) < timedelta(seconds=5)
    # Reopened by Anna and completed again by Hanna: the latest one counts.
    set_done(world.session, anna, task_id=task.id, expected_version=2, done=False)
    set_done(world.session, world.actor("hanna"), task_id=task.id, expected_version=3, done=True)
    assert completions(world.session, anna, [task])[task.id].name == "Hanna"


def test_a_done_task_from_before_the_history_says_when_but_not_who(world: World) -> None:
    task = world.tasks["done"]
    task.completed_at = task.created_at + timedelta(days=2)
    world.session.add(task)
    world.session.flush()
    found = completions(world.session, world.actor("anna"), [task])
    assert (found[task.id].name, found[task.id].at) == ("", task.completed_at)

"""The permission gate as a truth table: persona x action (x object) -> allowed.

The expectations are written out by hand from the product rules, not derived from
permissions.RULES, so a change to the rules must be made here as well.
"""

from __future__ import annotations

import pytest

from dossier.models import Agreement, Appointment, Role
from dossier.permissions import RULES, Action, Actor, PermissionDenied, can, require
from tests.factories import World

EVERYONE = ("anna", "bram", "ben", "cleo", "hanna", "hugo", "gerda")


def allowed_set(world: World, action: Action, obj: object = None) -> set[str]:
    return {name for name in EVERYONE if can(world.actor(name), action, obj)}


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (Action.FAMILY_VIEW, set(EVERYONE)),
        (Action.MEMBERS_VIEW, {"anna", "bram", "ben", "cleo", "hanna", "hugo"}),
        (Action.MEMBERS_MANAGE, {"anna", "bram"}),
        (Action.AUDIT_VIEW, {"anna", "bram"}),
        (Action.TASK_CREATE, {"anna", "bram", "hanna", "hugo"}),
        (Action.TASK_EDIT, {"anna", "bram", "hanna", "hugo"}),
        (Action.AGREEMENT_PROPOSE, {"anna", "bram", "hanna", "hugo"}),
        (Action.APPOINTMENT_EDIT, {"anna", "bram", "hanna", "hugo"}),
        (Action.APPOINTMENT_DELETE, {"anna", "bram", "hanna", "hugo"}),
        (Action.APPOINTMENT_RESTORE, {"anna", "bram", "hanna", "hugo"}),
        (Action.CHECKIN_VIEW, {"anna", "bram", "ben", "hanna", "hugo"}),
    ],
)
def test_family_level_actions(world: World, action: Action, expected: set[str]) -> None:
    assert allowed_set(world, action) == expected


@pytest.mark.parametrize(
    ("task", "action", "expected"),
    [
        ("for_gerda", Action.TASK_VIEW, {"anna", "bram", "hanna", "hugo", "gerda"}),
        ("for_gerda", Action.TASK_COMPLETE, {"anna", "bram", "hanna", "hugo", "gerda"}),
        ("for_gerda", Action.TASK_EDIT, {"anna", "bram", "hanna", "hugo"}),
        ("for_ben", Action.TASK_VIEW, {"anna", "bram", "hanna", "hugo", "ben"}),
        ("for_ben", Action.TASK_COMPLETE, {"anna", "bram", "hanna", "hugo", "ben"}),
        ("overdue", Action.TASK_VIEW, {"anna", "bram", "hanna", "hugo"}),
    ],
)
def test_tasks(world: World, task: str, action: Action, expected: set[str]) -> None:
    assert allowed_set(world, action, world.tasks[task]) == expected


def test_agreements_caregiver_sees_only_where_involved(world: World) -> None:
    coordination, school = sorted(
        world.session.query(Agreement).filter_by(family_id=world.alfa.id), key=lambda a: a.id
    )
    assert allowed_set(world, Action.AGREEMENT_VIEW, coordination) == {
        "anna",
        "bram",
        "hanna",
        "hugo",
        "gerda",
    }
    assert allowed_set(world, Action.AGREEMENT_VIEW, school) == {"anna", "bram", "hanna", "hugo"}


def test_agreement_confirmation_is_for_parents_and_the_people_named(world: World) -> None:
    coordination = world.session.query(Agreement).filter_by(topic="Zorgcoördinatie").one()
    assert allowed_set(world, Action.AGREEMENT_CONFIRM, coordination) == {
        "anna",
        "bram",
        "hanna",
        "gerda",
    }


def test_a_proposal_is_withdrawn_by_who_proposed_it_or_a_parent(world: World) -> None:
    coordination = world.session.query(Agreement).filter_by(topic="Zorgcoördinatie").one()
    coordination.created_by_id = world.members["hanna"].id
    assert allowed_set(world, Action.AGREEMENT_WITHDRAW, coordination) == {"anna", "bram", "hanna"}


def test_only_parents_end_an_agreement_even_the_one_responsible_does_not(world: World) -> None:
    coordination = world.session.query(Agreement).filter_by(topic="Zorgcoördinatie").one()
    assert allowed_set(world, Action.AGREEMENT_END, coordination) == {"anna", "bram"}


def test_appointments_others_see_only_what_they_attend(world: World) -> None:
    appointment = world.session.query(Appointment).one()
    assert allowed_set(world, Action.APPOINTMENT_VIEW, appointment) == {
        "anna",
        "bram",
        "hanna",
        "hugo",
    }


@pytest.mark.parametrize(
    ("checkin", "expected"),
    [
        ("parents", {"ben", "anna", "bram"}),
        ("home", {"ben", "hugo"}),
        ("hospital", {"ben", "hanna"}),
        ("private", {"ben"}),
    ],
)
def test_checkins_are_read_only_by_whom_the_sibling_chose(
    world: World, checkin: str, expected: set[str]
) -> None:
    assert allowed_set(world, Action.CHECKIN_VIEW, world.checkins[checkin]) == expected


def test_only_the_sibling_writes_their_own_checkin(world: World) -> None:
    assert allowed_set(world, Action.CHECKIN_CREATE, world.checkins["private"]) == {"ben"}


@pytest.mark.parametrize("action", list(Action))
def test_another_family_is_never_reachable(world: World, action: Action) -> None:
    """Dora (Gezin Beta) and Hanna acting for Beta can do nothing with Alfa's objects."""
    objects = [*world.tasks.values(), *world.checkins.values(), world.alfa]
    alfa_objects = [o for o in objects if getattr(o, "family_id", world.alfa.id) == world.alfa.id]
    for actor in (world.actor("dora", world.beta), world.actor("hanna", world.beta)):
        assert not any(can(actor, action, obj) for obj in alfa_objects)


def test_no_actor_means_no_access(world: World) -> None:
    assert not any(can(None, action) for action in Action)


def test_require_raises_with_what_was_refused(world: World) -> None:
    with pytest.raises(PermissionDenied) as refused:
        require(world.actor("gerda"), Action.TASK_VIEW, world.tasks["overdue"])
    assert refused.value.action == "task.view"
    assert refused.value.object_type == "task"
    assert refused.value.object_id == world.tasks["overdue"].id


def test_every_role_has_a_rule_for_every_action() -> None:
    from dossier.permissions import RULES

    for action, per_role in RULES.items():
        assert set(per_role) == set(Role), action


def test_actor_cannot_be_built_for_a_family_without_membership(world: World) -> None:
    with pytest.raises(PermissionDenied):
        world.actor("olga")
    with pytest.raises(PermissionDenied):
        world.actor("dora", world.alfa)
    assert isinstance(world.actor("hanna", world.beta), Actor)


def test_a_case_manager_sees_only_the_name_of_a_dossier_that_waits_for_its_parents() -> None:
    from dossier.models import FamilyStatus, Task

    sanne = Actor(
        user_id=1,
        family_id=7,
        membership_id=3,
        role=Role.CM_HOSPITAL,
        family_status=FamilyStatus.AWAITING_PARENTS,
    )
    assert can(sanne, Action.FAMILY_VIEW)
    assert not can(sanne, Action.TASK_CREATE)
    assert not can(sanne, Action.TASK_VIEW, Task(family_id=7, title="x", domain="care"))
    assert not can(sanne, Action.MEMBERS_VIEW)


def test_a_closing_dossier_can_no_longer_be_changed_by_anyone() -> None:
    from dossier.models import FamilyStatus

    anna = Actor(
        user_id=1,
        family_id=7,
        membership_id=1,
        role=Role.PARENT,
        family_status=FamilyStatus.CLOSING,
    )
    assert can(anna, Action.FAMILY_VIEW)
    # Taking the data along before it is erased changes nothing (issue 17, export).
    taking_along = {Action.FAMILY_VIEW, Action.FAMILY_EXPORT, Action.PERSON_EXPORT}
    # Reopening within the 30 days is the one change left (issue 17, closing), parents only.
    still = taking_along | {Action.FAMILY_REOPEN}
    assert not any(can(anna, action) for action in RULES if action not in still)
    assert can(anna, Action.FAMILY_REOPEN)
    hanna = Actor(
        user_id=2,
        family_id=7,
        membership_id=2,
        role=Role.CM_HOSPITAL,
        family_status=FamilyStatus.CLOSING,
    )
    assert not can(hanna, Action.FAMILY_REOPEN)

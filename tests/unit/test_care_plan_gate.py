"""The care plan's gate, by persona: who reads and writes which section, the ACP
conversations and the child's own page. Written out by hand from the issue's rules."""

from __future__ import annotations

import pytest

from dossier.clock import local_today
from dossier.models import (
    AcpConversation,
    CarePlanSection,
    CarePlanSectionKey,
    CarePlanVisibility,
    ChildPage,
)
from dossier.permissions import Action, can
from tests.factories import World
from tests.unit.test_permissions import allowed_set

CORE = {"anna", "bram", "hanna", "hugo"}


def section(world: World, key: str, visibility: str, *, shared: bool = True) -> CarePlanSection:
    return CarePlanSection(
        family_id=world.alfa.id, plan_id=1, key=key, visibility=visibility, shared=shared
    )


@pytest.mark.parametrize(
    ("visibility", "shared", "readers"),
    [
        (CarePlanVisibility.CORE, True, CORE),
        (CarePlanVisibility.CAREGIVERS, True, CORE | {"gerda"}),
        (CarePlanVisibility.CHILD, True, CORE | {"gerda", "cleo"}),
        # Without consent the parents' choice does not reach anyone beyond the core.
        (CarePlanVisibility.CHILD, False, CORE),
    ],
)
def test_a_section_is_read_by_the_core_and_whom_the_parents_released_it_to_with_consent(
    world: World, visibility: str, shared: bool, readers: set[str]
) -> None:
    part = section(world, CarePlanSectionKey.CHILD, visibility, shared=shared)
    assert allowed_set(world, Action.CAREPLAN_VIEW, part) == readers


def test_a_brother_or_sister_never_reads_the_care_plan(world: World) -> None:
    part = section(world, CarePlanSectionKey.GENERAL, CarePlanVisibility.CHILD)
    assert not can(world.actor("ben"), Action.CAREPLAN_VIEW, part)
    assert not can(world.actor("ben"), Action.CAREPLAN_VIEW)


@pytest.mark.parametrize("key", [CarePlanSectionKey.MEDICAL, CarePlanSectionKey.ACUTE])
def test_only_the_hospital_case_manager_enters_medical_and_treatment_sections(
    world: World, key: str
) -> None:
    part = section(world, key, CarePlanVisibility.CORE)
    assert allowed_set(world, Action.CAREPLAN_EDIT, part) == {"hanna"}


def test_parents_and_both_case_managers_write_the_other_sections(world: World) -> None:
    part = section(world, CarePlanSectionKey.CHILD, CarePlanVisibility.CHILD)
    assert allowed_set(world, Action.CAREPLAN_EDIT, part) == CORE


def test_only_parents_confirm_set_visibility_and_the_child_may_consent(world: World) -> None:
    assert allowed_set(world, Action.CAREPLAN_CONFIRM) == {"anna", "bram"}
    assert allowed_set(world, Action.CAREPLAN_SHARE) == {"anna", "bram"}
    assert allowed_set(world, Action.CAREPLAN_CONSENT) == {"anna", "bram", "cleo"}
    assert allowed_set(world, Action.CAREPLAN_EVALUATE) == CORE


def test_an_acp_conversation_is_read_by_the_core_and_a_child_who_took_part(
    world: World,
) -> None:
    without_child = AcpConversation(family_id=world.alfa.id, held_on=local_today())
    assert allowed_set(world, Action.ACP_VIEW, without_child) == CORE
    with_child = AcpConversation(
        family_id=world.alfa.id, held_on=local_today(), participant_ids=[world.members["cleo"].id]
    )
    assert allowed_set(world, Action.ACP_VIEW, with_child) == CORE | {"cleo"}
    assert allowed_set(world, Action.ACP_EDIT, with_child) == CORE


def test_the_childs_own_page_is_read_by_the_child_and_only_the_adults_it_chose(
    world: World,
) -> None:
    page = ChildPage(
        family_id=world.alfa.id,
        created_by_id=world.members["cleo"].id,
        reader_ids=[world.members["hanna"].id],
    )
    assert allowed_set(world, Action.CHILD_PAGE_VIEW, page) == {"cleo", "hanna"}
    assert allowed_set(world, Action.CHILD_PAGE_EDIT, page) == {"cleo"}

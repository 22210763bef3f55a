"""The care plan by persona: Hanna starts it and records the treatment sections on
behalf of the main practitioner, Anna confirms a changed section after seeing old and
new, Gerda reads only what consent and the parents release, and a forged id is refused."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from dossier.domain import care_plan_consent
from dossier.domain.access import unit_of_work
from dossier.domain.care_plan import (
    changes_since_confirmed,
    confirm_section,
    get_section,
    read_plan,
    save_section,
    set_visibility,
    start_plan,
)
from dossier.domain.care_plan_sections import SECTION_ORDER, SectionInputError
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.models import Agreement, AuditEvent, Notification
from dossier.models.care_plan import CarePlan, CarePlanSection, CarePlanSectionVersion
from dossier.permissions import PermissionDenied
from tests.factories import World

TODAY = date(2026, 12, 8)


def started(world: World, who: str = "hanna") -> CarePlan:
    return start_plan(world.session, world.actor(who), today=TODAY)


def section(world: World, key: str) -> CarePlanSection:
    row = world.session.exec(
        select(CarePlanSection).where(
            CarePlanSection.family_id == world.alfa.id, CarePlanSection.key == key
        )
    ).one()
    return row


def test_hanna_starts_the_plan_with_every_section_and_the_review_dates(world: World) -> None:
    plan = started(world)
    again = started(world, "anna")
    assert again.id == plan.id
    assert (plan.review_on, plan.reevaluate_on) == (date(2027, 3, 8), date(2027, 6, 8))
    rows = world.session.exec(select(CarePlanSection)).all()
    assert sorted(r.key for r in rows) == sorted(SECTION_ORDER)
    assert {r.key for r in rows if r.visibility == "caregivers"} == {
        "general",
        "child",
        "team",
        "acute",
    }
    assert all(r.number == 0 and not r.shared for r in rows)


def test_a_sibling_and_a_caregiver_cannot_start_the_plan(world: World) -> None:
    for who in ("ben", "gerda", "cleo"):
        with pytest.raises(PermissionDenied):
            start_plan(world.session, world.actor(who))


def test_hanna_records_the_acute_agreements_on_behalf_of_the_main_practitioner(
    world: World,
) -> None:
    started(world)
    acute = section(world, "acute")
    raw = {"resuscitation": "no", "ventilation": "consult", "icu": "no", "hospital": "yes"}
    with pytest.raises(SectionInputError):
        save_section(
            world.session, world.actor("hanna"), section_id=acute.id, expected_version=1, raw=raw
        )
    saved = save_section(
        world.session,
        world.actor("hanna"),
        section_id=acute.id,
        expected_version=acute.version,
        raw=raw,
        on_behalf_of="dr. De Boer",
    )
    assert (saved.number, saved.on_behalf_of) == (1, "dr. De Boer")
    assert saved.updated_by_id == world.members["hanna"].id
    plan = world.session.exec(select(CarePlan)).one()
    assert plan.edition == 1
    versions = world.session.exec(select(CarePlanSectionVersion)).all()
    assert [(v.number, v.content["resuscitation"]) for v in versions] == [(1, "no")]
    # The parents hear that something changed, never what.
    notes = world.session.exec(select(Notification)).all()
    assert {n.recipient_user_id for n in notes} == {world.users["anna"].id, world.users["bram"].id}
    assert all(n.kind == "careplan.changed" for n in notes)


@pytest.mark.parametrize("who", ["anna", "hugo"])
def test_parents_and_the_home_case_manager_do_not_enter_treatment_sections(
    world: World, who: str
) -> None:
    started(world)
    medical = section(world, "medical")
    with pytest.raises(PermissionDenied):
        save_section(
            world.session,
            world.actor(who),
            section_id=medical.id,
            expected_version=medical.version,
            raw={"diagnosis": "x"},
            on_behalf_of="dr. X",
        )


def test_a_stale_save_is_refused_and_a_double_tap_saves_once(world: World) -> None:
    started(world)
    child = section(world, "child")
    anna = world.actor("anna")
    first = save_section(
        world.session,
        anna,
        section_id=child.id,
        expected_version=child.version,
        raw={"likes": "Muziek"},
    )
    stale_version = first.version - 1
    again = save_section(
        world.session,
        anna,
        section_id=child.id,
        expected_version=stale_version,
        raw={"likes": "Muziek"},
    )
    assert again.number == 1
    with pytest.raises(Conflict):
        save_section(
            world.session,
            anna,
            section_id=child.id,
            expected_version=stale_version,
            raw={"likes": "Dieren"},
        )
    assert section(world, "child").content["likes"] == "Muziek"


def test_anna_confirms_a_changed_section_after_seeing_old_and_new(world: World) -> None:
    started(world)
    child = section(world, "child")
    anna, hugo = world.actor("anna"), world.actor("hugo")
    with pytest.raises(InvalidInput):
        confirm_section(world.session, anna, section_id=child.id, expected_version=child.version)
    save_section(
        world.session,
        anna,
        section_id=child.id,
        expected_version=child.version,
        raw={"likes": "Muziek"},
    )
    confirm_section(world.session, anna, section_id=child.id, expected_version=child.version)
    assert child.confirmed_number == 1
    confirm_section(world.session, anna, section_id=child.id, expected_version=child.version - 1)
    save_section(
        world.session,
        hugo,
        section_id=child.id,
        expected_version=child.version,
        raw={"likes": "Muziek en dieren"},
    )
    changes = changes_since_confirmed(world.session, anna, child.id)
    assert [(c.old, c.new) for c in changes] == [("Muziek", "Muziek en dieren")]
    with pytest.raises(PermissionDenied):
        confirm_section(world.session, hugo, section_id=child.id, expected_version=child.version)
    confirm_section(world.session, anna, section_id=child.id, expected_version=child.version)
    assert (child.confirmed_number, child.confirmed_by_id) == (2, world.members["anna"].id)
    assert changes_since_confirmed(world.session, anna, child.id) == []


def test_gerda_reads_only_released_sections_after_consent(world: World) -> None:
    started(world)
    gerda = world.actor("gerda")
    assert read_plan(world.session, gerda).sections == []
    care_plan_consent.give(world.session, world.actor("anna"))
    keys = [s.key for s in read_plan(world.session, gerda).sections]
    assert keys == ["general", "child", "team", "acute"]
    assert len(read_plan(world.session, world.actor("hugo")).sections) == len(SECTION_ORDER)
    values = section(world, "values")
    set_visibility(
        world.session,
        world.actor("anna"),
        section_id=values.id,
        expected_version=values.version,
        visibility="child",
    )
    assert "values" in [s.key for s in read_plan(world.session, gerda).sections]
    assert [s.key for s in read_plan(world.session, world.actor("cleo")).sections] == ["values"]
    with pytest.raises(PermissionDenied):
        read_plan(world.session, world.actor("ben"))
    with pytest.raises(PermissionDenied):
        set_visibility(
            world.session,
            world.actor("hanna"),
            section_id=values.id,
            expected_version=values.version,
            visibility="core",
        )
    with pytest.raises(InvalidInput):
        set_visibility(
            world.session,
            world.actor("anna"),
            section_id=values.id,
            expected_version=values.version,
            visibility="everyone",
        )


def test_gerda_forging_the_id_of_an_unreleased_section_is_refused_and_logged(
    world: World, db: Session
) -> None:
    started(world)
    medical = section(world, "medical")
    gerda, dora = world.actor("gerda"), world.actor("dora", world.beta)
    world.session.commit()
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        get_section(session, gerda, medical.id)
    with pytest.raises(NotFound), unit_of_work() as session:
        get_section(session, dora, medical.id)
    denied = db.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
    assert [(d.action, d.object_id) for d in denied] == [
        ("careplan.view", medical.id),
        ("careplan.view", medical.id),
    ]


def test_a_goal_links_only_to_an_agreement_or_task_of_this_family_the_actor_reads(
    world: World,
) -> None:
    started(world)
    physical = section(world, "physical")
    anna = world.actor("anna")
    agreement = world.session.exec(select(Agreement)).first()
    assert agreement is not None
    saved = save_section(
        world.session,
        anna,
        section_id=physical.id,
        expected_version=physical.version,
        raw={
            "goals": [
                {
                    "goal": "Slapen",
                    "agreement_id": agreement.id,
                    "task_id": world.tasks["overdue"].id,
                }
            ]
        },
    )
    assert saved.content["goals"][0]["agreement_id"] == agreement.id
    with pytest.raises(PermissionDenied):
        save_section(
            world.session,
            anna,
            section_id=physical.id,
            expected_version=physical.version,
            raw={"goals": [{"goal": "Slapen", "task_id": world.tasks["beta"].id}]},
        )
    with pytest.raises(SectionInputError):
        save_section(
            world.session,
            anna,
            section_id=physical.id,
            expected_version=physical.version,
            raw={"goals": [{"goal": "Slapen", "task_id": 99999}]},
        )


def test_a_team_row_links_only_to_a_contact_of_this_family(world: World) -> None:
    started(world)
    team = section(world, "team")
    anna = world.actor("anna")
    saved = save_section(
        world.session,
        anna,
        section_id=team.id,
        expected_version=team.version,
        raw={
            "members": [
                {
                    "role": "Huisarts",
                    "name": "Praktijk Gerda",
                    "contact_id": world.contacts["huisarts"].id,
                }
            ]
        },
    )
    assert saved.content["members"][0]["contact_id"] == world.contacts["huisarts"].id
    with pytest.raises(PermissionDenied):
        save_section(
            world.session,
            anna,
            section_id=team.id,
            expected_version=team.version,
            raw={"members": [{"name": "Buurman", "contact_id": world.contacts["beta"].id}]},
        )


def test_a_parents_own_change_counts_as_confirmed_and_a_case_managers_waits(
    world: World,
) -> None:
    started(world)
    child = section(world, "child")
    anna, hugo = world.actor("anna"), world.actor("hugo")
    save_section(
        world.session,
        anna,
        section_id=child.id,
        expected_version=child.version,
        raw={"likes": "Muziek"},
    )
    assert (child.number, child.confirmed_number) == (1, 1)
    save_section(
        world.session,
        hugo,
        section_id=child.id,
        expected_version=child.version,
        raw={"likes": "Dieren"},
    )
    assert (child.number, child.confirmed_number) == (2, 1)

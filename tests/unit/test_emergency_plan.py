"""The plan for a sudden admission: shapes, who reads which part, changes and proposals,
history, conflicts, named members, bad input (nothing written) and the print sheet.

Gezin Alfa (tests/factories.py): parents anna and bram, sibling ben, child cleo, hospital
case manager hanna, home case manager hugo, GP gerda. Gezin Beta: parent dora.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from dossier.clock import local_today
from dossier.domain.access import unit_of_work
from dossier.domain.emergency_plan import (
    add_sibling,
    change_part,
    confirm_proposal,
    decline_proposal,
    get_part,
    part_history,
    print_sheet,
    propose_part,
    read_plan,
    remove_sibling,
    set_review_date,
    withdraw_proposal,
)
from dossier.domain.errors import Conflict, InvalidInput
from dossier.domain.plan_parts import PlanInputError, refresh_named_ids
from dossier.models import (
    AuditEvent,
    Contact,
    EmergencyPlanChange,
    EmergencyPlanPart,
    EmergencyUse,
    FamilyPulse,
    Notification,
    PlanSection,
)
from dossier.permissions import PermissionDenied
from tests.factories import World


def contact(
    world: World, name: str, *, family=None, member=None, emergency="", phone=""
) -> Contact:
    row = Contact(
        family_id=(family or world.alfa).id,
        name=name,
        phones=[{"label": "mobiel", "number": phone}] if phone else [],
        emergency=emergency,
        membership_id=member,
    )
    world.session.add(row)
    world.session.flush()
    return row


def part(world: World, section: str) -> EmergencyPlanPart:
    rows = world.session.exec(
        select(EmergencyPlanPart).where(
            EmergencyPlanPart.family_id == world.alfa.id, EmergencyPlanPart.section == section
        )
    ).all()
    return rows[0]


def pulse_of(world: World) -> int:
    counter = world.session.exec(
        select(FamilyPulse.counter).where(FamilyPulse.family_id == world.alfa.id)
    ).first()
    return counter or 0


def plan_for(world: World) -> None:
    read_plan(world.session, world.actor("anna"), lang="nl")


def test_a_parents_first_look_makes_the_plan_with_a_dutch_checklist_and_a_part_for_ben(
    world: World,
) -> None:
    view = read_plan(world.session, world.actor("anna"), lang="nl")
    sections = [p.section for p in view.parts]
    assert sections[0] == PlanSection.FIRST_CALL
    assert sections.count(PlanSection.SIBLING) == 1
    assert set(sections) == {s.value for s in PlanSection}
    bring = part(world, PlanSection.BRING).content["items"]
    assert {"label": "Zorgpas / verzekeringspas"} in bring
    ben = part(world, PlanSection.SIBLING)
    assert ben.sibling_id == world.members["ben"].id
    assert ben.content["name"] == "Ben"
    assert view.whole and view.plan is not None


def test_a_family_that_starts_in_english_gets_an_english_checklist(world: World) -> None:
    read_plan(world.session, world.actor("bram"), lang="en")
    labels = [i["label"] for i in part(world, PlanSection.BRING).content["items"]]
    assert "Health insurance card" in labels


def test_ben_reads_only_his_own_part_and_gerda_only_the_parts_that_name_her(
    world: World,
) -> None:
    plan_for(world)
    gp = contact(world, "Dokter Gerda", member=world.members["gerda"].id, phone="0201234567")
    first = part(world, PlanSection.FIRST_CALL)
    change_part(
        world.session,
        world.actor("anna"),
        part_id=first.id,
        expected_version=first.version,
        raw={"items": [{"contact": str(gp.id), "note": "overdag"}]},
    )
    ben_view = read_plan(world.session, world.actor("ben"))
    assert [p.section for p in ben_view.parts] == [PlanSection.SIBLING]
    assert ben_view.plan is None and not ben_view.whole
    gerda_view = read_plan(world.session, world.actor("gerda"))
    assert [p.section for p in gerda_view.parts] == [PlanSection.FIRST_CALL]
    assert [p.section for p in read_plan(world.session, world.actor("hugo")).parts] == [
        p.section for p in read_plan(world.session, world.actor("anna")).parts
    ]
    with pytest.raises(PermissionDenied):
        read_plan(world.session, world.actor("cleo"))


def test_ben_forging_the_id_of_another_part_is_refused_and_logged(
    world: World, db: Session
) -> None:
    plan_for(world)
    first = part(world, PlanSection.FIRST_CALL)
    ben = world.actor("ben")
    world.session.commit()
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        get_part(session, ben, first.id)
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        print_sheet(session, ben)
    denied = db.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
    assert [(d.action, d.object_type, d.object_id) for d in denied] == [
        ("plan.view", "emergencyplanpart", first.id),
        ("plan.view", "", None),
    ]


def test_a_parent_changes_a_part_with_history_pulse_and_a_stale_save_is_refused(
    world: World,
) -> None:
    plan_for(world)
    practical = part(world, PlanSection.PRACTICAL)
    version = practical.version
    before = pulse_of(world)
    change_part(
        world.session,
        world.actor("anna"),
        part_id=practical.id,
        expected_version=version,
        raw={"pets": "Buurvrouw Els voert de kat", "work": "", "other": ""},
    )
    assert practical.content["pets"] == "Buurvrouw Els voert de kat"
    assert pulse_of(world) > before
    history = part_history(world.session, world.actor("hanna"), practical.id)
    assert history[0].kind == "changed"
    assert history[0].changes == {"pets": ["", "Buurvrouw Els voert de kat"]}
    with pytest.raises(Conflict):
        change_part(
            world.session,
            world.actor("bram"),
            part_id=practical.id,
            expected_version=version,
            raw={"pets": "Opa", "work": "", "other": ""},
        )


def test_a_case_manager_may_not_change_a_part_directly(world: World) -> None:
    plan_for(world)
    practical = part(world, PlanSection.PRACTICAL)
    with pytest.raises(PermissionDenied):
        change_part(
            world.session,
            world.actor("hanna"),
            part_id=practical.id,
            expected_version=practical.version,
            raw={"pets": "x"},
        )


def test_hanna_proposes_a_parent_confirms_and_hanna_hears_of_it(world: World) -> None:
    plan_for(world)
    ill = part(world, PlanSection.PARENT_ILL)
    propose_part(
        world.session,
        world.actor("hanna"),
        part_id=ill.id,
        expected_version=ill.version,
        raw={"who": "Oma Els komt logeren", "notes": "", "contact": ""},
    )
    assert ill.content["who"] == "" and ill.proposed["who"] == "Oma Els komt logeren"
    told = world.session.exec(select(Notification).where(Notification.kind == "plan.proposed"))
    assert sorted(n.recipient_user_id for n in told) == sorted(
        [world.users["anna"].id, world.users["bram"].id]
    )
    # Hugo may not pile a second proposal on hers.
    with pytest.raises(InvalidInput) as refused:
        propose_part(
            world.session,
            world.actor("hugo"),
            part_id=ill.id,
            expected_version=ill.version,
            raw={"who": "Opa"},
        )
    assert refused.value.message_key == "plan.error.proposal_pending"
    confirm_proposal(
        world.session, world.actor("bram"), part_id=ill.id, expected_version=ill.version
    )
    assert ill.content["who"] == "Oma Els komt logeren" and ill.proposed is None
    answered = world.session.exec(
        select(Notification).where(Notification.kind == "plan.answered")
    ).all()
    assert [n.recipient_user_id for n in answered] == [world.users["hanna"].id]
    kinds = [h.kind for h in part_history(world.session, world.actor("anna"), ill.id)]
    assert kinds[:2] == ["confirmed", "proposed"]


def test_a_parent_declines_and_a_proposer_withdraws_without_changing_the_part(
    world: World,
) -> None:
    plan_for(world)
    ill = part(world, PlanSection.PARENT_ILL)
    raw = {"who": "Opa Jan", "notes": "", "contact": ""}
    propose_part(
        world.session, world.actor("hugo"), part_id=ill.id, expected_version=ill.version, raw=raw
    )
    decline_proposal(
        world.session, world.actor("anna"), part_id=ill.id, expected_version=ill.version
    )
    assert ill.proposed is None and ill.content["who"] == ""
    propose_part(
        world.session, world.actor("hugo"), part_id=ill.id, expected_version=ill.version, raw=raw
    )
    with pytest.raises(PermissionDenied):  # not hers to take back
        withdraw_proposal(
            world.session, world.actor("hanna"), part_id=ill.id, expected_version=ill.version
        )
    withdraw_proposal(
        world.session, world.actor("hugo"), part_id=ill.id, expected_version=ill.version
    )
    assert ill.proposed is None
    with pytest.raises(PermissionDenied):
        confirm_proposal(
            world.session, world.actor("hugo"), part_id=ill.id, expected_version=ill.version
        )


def test_bad_input_is_a_message_per_field_and_nothing_is_written(world: World) -> None:
    plan_for(world)
    first = part(world, PlanSection.FIRST_CALL)
    changes_before = len(world.session.exec(select(EmergencyPlanChange)).all())
    removed = contact(world, "Weg")
    removed.removed_at = removed.created_at
    for raw, key in (
        ({"items": [{"contact": "abc"}]}, "plan.error.contact_unknown"),
        ({"items": [{"contact": str(removed.id)}]}, "plan.error.contact_unknown"),
        ({"items": [{"contact": "", "note": "bel eerst"}]}, "plan.error.note_without_contact"),
    ):
        with pytest.raises(PlanInputError) as bad:
            change_part(
                world.session,
                world.actor("anna"),
                part_id=first.id,
                expected_version=first.version,
                raw=raw,
            )
        assert bad.value.errors == {"items": key}
    sibling = part(world, PlanSection.SIBLING)
    with pytest.raises(PlanInputError) as bad:
        change_part(
            world.session,
            world.actor("anna"),
            part_id=sibling.id,
            expected_version=sibling.version,
            raw={"name": "", "sleep": "x" * 1001, "member": str(world.members["gerda"].id)},
        )
    assert bad.value.errors == {
        "name": "plan.error.name_required",
        "member": "plan.error.member_unknown",
        "sleep": "plan.error.too_long",
    }
    assert first.content == {"items": []}
    assert len(world.session.exec(select(EmergencyPlanChange)).all()) == changes_before


def test_a_contact_of_another_family_is_refused_as_a_permission_denial(world: World) -> None:
    plan_for(world)
    first = part(world, PlanSection.FIRST_CALL)
    theirs = contact(world, "Beta's huisarts", family=world.beta)
    with pytest.raises(PermissionDenied):
        change_part(
            world.session,
            world.actor("anna"),
            part_id=first.id,
            expected_version=first.version,
            raw={"items": [{"contact": str(theirs.id)}]},
        )


def test_named_ids_follow_a_contacts_member_link(world: World) -> None:
    plan_for(world)
    neighbour = contact(world, "Buurvrouw")
    inform = part(world, PlanSection.INFORM)
    change_part(
        world.session,
        world.actor("anna"),
        part_id=inform.id,
        expected_version=inform.version,
        raw={"contacts": [str(neighbour.id)], "words": "de juf"},
    )
    assert inform.named_ids == []
    neighbour.membership_id = world.members["gerda"].id  # she turns out to use the app
    world.session.add(neighbour)
    refresh_named_ids(world.session, world.alfa.id)
    assert inform.named_ids == [world.members["gerda"].id]
    assert [p.section for p in read_plan(world.session, world.actor("gerda")).parts] == [
        PlanSection.INFORM
    ]


def test_a_parent_adds_and_removes_a_sister(world: World) -> None:
    plan_for(world)
    sister = add_sibling(world.session, world.actor("anna"), {"name": "Lotte", "sleep": "Bij oma"})
    assert sister.key == "sibling:2" and sister.sibling_id is None
    remove_sibling(
        world.session, world.actor("bram"), part_id=sister.id, expected_version=sister.version
    )
    names = [
        p.content.get("name")
        for p in read_plan(world.session, world.actor("anna")).parts
        if p.section == PlanSection.SIBLING
    ]
    assert names == ["Ben"]
    with pytest.raises(InvalidInput):
        first = part(world, PlanSection.FIRST_CALL)
        remove_sibling(
            world.session, world.actor("anna"), part_id=first.id, expected_version=first.version
        )


def test_parents_set_the_review_date_and_case_managers_cannot(world: World) -> None:
    plan_for(world)
    today = local_today()
    view = read_plan(world.session, world.actor("anna"))
    soon = (today + timedelta(days=90)).isoformat()
    plan = set_review_date(
        world.session, world.actor("anna"), expected_version=view.plan.version, raw=soon
    )
    assert plan.review_on == today + timedelta(days=90)
    with pytest.raises(PlanInputError):
        set_review_date(
            world.session,
            world.actor("anna"),
            expected_version=plan.version,
            raw=today.isoformat(),
        )
    with pytest.raises(PermissionDenied):
        set_review_date(
            world.session, world.actor("hanna"), expected_version=plan.version, raw=soon
        )


def test_the_print_sheet_holds_the_numbers_and_checklist_and_nothing_private(
    world: World,
) -> None:
    plan_for(world)
    team = contact(
        world, "Afdeling kinderoncologie", emergency=EmergencyUse.CALL, phone="0887554321"
    )
    gp = contact(world, "Huisarts Jansen", phone="0201234567")
    first = part(world, PlanSection.FIRST_CALL)
    change_part(
        world.session,
        world.actor("anna"),
        part_id=first.id,
        expected_version=first.version,
        raw={"items": [{"contact": str(gp.id), "note": "geheim briefje"}]},
    )
    sibling = part(world, PlanSection.SIBLING)
    change_part(
        world.session,
        world.actor("anna"),
        part_id=sibling.id,
        expected_version=sibling.version,
        raw={"name": "Ben", "member": str(world.members["ben"].id), "sleep": "Bij tante Mies"},
    )
    sheet = print_sheet(world.session, world.actor("hugo"))
    assert [c.name for c in sheet.first_call] == ["Huisarts Jansen"]
    assert sheet.first_call[0].phones == [("mobiel", "0201234567", "0201234567")]
    assert sheet.first_call[0].note == ""
    assert team.name in [c.name for c in sheet.emergency]
    assert gp.name not in [c.name for c in sheet.emergency]  # on the sheet once
    assert "Zorgpas / verzekeringspas" in sheet.bring
    assert "Mies" not in repr(sheet) and "geheim" not in repr(sheet)
    with pytest.raises(PermissionDenied):
        print_sheet(world.session, world.actor("gerda"))


def test_on_the_review_date_the_parents_are_reminded_once_and_the_case_managers_not(
    world: World,
) -> None:
    from datetime import UTC, datetime, time

    from dossier.clock import ZONE
    from dossier.domain.emergency_plan import send_review_reminders

    plan_for(world)
    view = read_plan(world.session, world.actor("anna"))
    review_on = local_today() + timedelta(days=30)
    view.plan.review_on = review_on
    world.session.add(view.plan)
    world.session.flush()
    the_day_before = datetime.combine(review_on - timedelta(days=1), time(10), tzinfo=ZONE)
    on_the_day = datetime.combine(review_on, time(10), tzinfo=ZONE).astimezone(UTC)
    assert send_review_reminders(world.session, the_day_before.astimezone(UTC)) == 0
    assert send_review_reminders(world.session, on_the_day) == 2  # Anna and Bram
    assert send_review_reminders(world.session, on_the_day + timedelta(minutes=1)) == 0
    told = world.session.exec(select(Notification).where(Notification.kind == "plan.review"))
    parents = {world.users["anna"].id, world.users["bram"].id}
    assert {n.recipient_user_id for n in told} == parents
    a_week_later = on_the_day + timedelta(days=7)
    assert send_review_reminders(world.session, a_week_later) == 0


def test_a_double_tap_on_the_review_date_saves_once_and_a_real_conflict_is_still_refused(
    world: World,
) -> None:
    plan_for(world)
    view = read_plan(world.session, world.actor("anna"))
    seen = view.plan.version
    soon = (local_today() + timedelta(days=60)).isoformat()
    first = set_review_date(world.session, world.actor("anna"), expected_version=seen, raw=soon)
    again = set_review_date(world.session, world.actor("anna"), expected_version=seen, raw=soon)
    assert again.version == first.version  # the second send changed nothing
    later = (local_today() + timedelta(days=90)).isoformat()
    with pytest.raises(Conflict):
        set_review_date(world.session, world.actor("bram"), expected_version=seen, raw=later)

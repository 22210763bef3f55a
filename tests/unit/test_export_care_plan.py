"""The care plan in the family's export: the JSON files and the FHIR bundle (CarePlan,
Goal, and the acute agreements as Consent a receiving system can read)."""

from __future__ import annotations

from datetime import date

from fhir.resources.R4B.bundle import Bundle

from dossier.models import (
    AcpConversation,
    CarePlan,
    CarePlanConsent,
    CarePlanSection,
    CarePlanSectionVersion,
    ChildPage,
    ExportKind,
)
from tests.factories import World
from tests.unit.test_export import _export, _json


def _plan(world: World) -> None:
    s, alfa, m = world.session, world.alfa.id, world.members
    plan = CarePlan(family_id=alfa, edition=3, review_on=date(2027, 3, 1))
    s.add(plan)
    s.flush()
    physical = CarePlanSection(
        plan_id=plan.id,
        family_id=alfa,
        key="physical",
        number=1,
        content={
            "situation": "Cleo is snel moe.",
            "goals": [
                {"goal": "Elke dag even naar buiten", "who": "Anna", "evaluate_on": "2027-02-01"}
            ],
        },
    )
    acute = CarePlanSection(
        plan_id=plan.id,
        family_id=alfa,
        key="acute",
        number=1,
        visibility="caregivers",
        on_behalf_of="dr. Smits",
        updated_by_id=m["hanna"].id,
        content={
            "resuscitation": "no",
            "ventilation": "consult",
            "icu": "no",
            "hospital": "yes",
            "agreed_on": "2026-11-20",
        },
    )
    s.add_all([physical, acute])
    s.flush()
    s.add(
        CarePlanSectionVersion(section_id=acute.id, family_id=alfa, number=1, content=acute.content)
    )
    s.add(CarePlanConsent(family_id=alfa, given_by_id=m["anna"].id, given_on=date(2026, 11, 21)))
    s.add(AcpConversation(family_id=alfa, held_on=date(2026, 11, 20), leader_name="Hanna"))
    # Cleo's own page, shared with Hanna only: not in her parents' export.
    s.add(ChildPage(family_id=alfa, created_by_id=m["cleo"].id, reader_ids=[m["hanna"].id]))
    s.commit()


def test_a_parents_export_holds_the_care_plan_its_versions_consent_and_conversations(
    world: World,
) -> None:
    _plan(world)
    archive = _export(world, "anna", ExportKind.FAMILY)
    assert [p["edition"] for p in _json(archive, "care_plan")] == [3]
    assert {s["key"] for s in _json(archive, "care_plan_sections")} == {"physical", "acute"}
    assert [v["number"] for v in _json(archive, "care_plan_versions")] == [1]
    assert [c["given_by"] for c in _json(archive, "care_plan_consents")] == ["Anna"]
    assert [t["leader_name"] for t in _json(archive, "acp_conversations")] == ["Hanna"]
    assert "json/child_page.json" not in archive.namelist() or _json(archive, "child_page") == []


def test_the_fhir_bundle_carries_the_izp_its_goals_and_the_acute_agreements_as_consent(
    world: World,
) -> None:
    _plan(world)
    archive = _export(world, "anna", ExportKind.FAMILY)
    bundle = Bundle.model_validate_json(archive.read("fhir.json"))
    resources = [e.resource for e in bundle.entry]
    [goal] = [r for r in resources if r.get_resource_type() == "Goal"]
    assert goal.description.text == "Elke dag even naar buiten"
    assert str(goal.target[0].dueDate) == "2027-02-01"
    izp = [r for r in resources if r.get_resource_type() == "CarePlan" and r.goal]
    assert len(izp) == 1 and izp[0].identifier[0].value == "versie 3"
    consents = {
        r.provision.code[0].coding[0].code: r.provision.type
        for r in resources
        if r.get_resource_type() == "Consent"
    }
    # Reanimatie nee, beademing in overleg (no type), IC nee, ziekenhuisopname ja.
    assert consents == {
        "89666000": "deny",
        "40617009": None,
        "305351004": "deny",
        "32485007": "permit",
    }
    recorded = next(r for r in resources if r.get_resource_type() == "Consent")
    assert [p.display for p in recorded.performer] == ["Hanna", "dr. Smits"]


def test_the_ill_childs_own_export_holds_their_page(world: World) -> None:
    _plan(world)
    archive = _export(world, "cleo", ExportKind.PERSON)
    [page] = _json(archive, "my_child_page")
    assert page["reader_ids"] == [world.members["hanna"].id]

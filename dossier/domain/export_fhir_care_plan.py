"""The care plan (IZP) in the family's FHIR bundle: a CarePlan, a Goal per domain goal,
and a Consent per agreement for an acute situation.

The acute agreements follow the shape of the Dutch ACP standard (IKNL "Proactieve
Zorgplanning", profile ACP-TreatmentDirective, itself on zib BehandelAanwijzing): a
Consent with scope `treatment`, category SNOMED 11291000146105 (treatment instructions),
the treatment as `provision.code` (SNOMED) and `provision.type` permit (yes) or deny
(no). "In overleg" has no type: the decision is taken together at the time, which the
`policyRule` says in words. `performer` names who recorded it and the main practitioner
on whose behalf. A receiving system reads the codes; the words are there for people.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dossier.domain.export_data import ExportData, Record
from dossier.i18n import translate
from dossier.models import CarePlanSectionKey, TreatmentChoice

SNOMED = "http://snomed.info/sct"
# The four treatments the plan asks about, as the IKNL ACP value set codes them.
TREATMENTS: dict[str, tuple[str, str]] = {
    "resuscitation": ("89666000", "Cardiopulmonary resuscitation"),
    "ventilation": ("40617009", "Artificial respiration"),
    "icu": ("305351004", "Admission to intensive care unit"),
    "hospital": ("32485007", "Hospital admission"),
}
PROVISION_TYPE = {TreatmentChoice.YES: "permit", TreatmentChoice.NO: "deny"}
DOMAINS = (
    CarePlanSectionKey.PHYSICAL,
    CarePlanSectionKey.PSYCHOLOGICAL,
    CarePlanSectionKey.SOCIAL,
    CarePlanSectionKey.PEDAGOGICAL,
    CarePlanSectionKey.SPIRITUAL,
)
# Sections whose words travel as notes on the CarePlan (the goals and the acute
# agreements travel as their own resources).
NOTE_SECTIONS = (
    CarePlanSectionKey.CHILD,
    CarePlanSectionKey.MEDICAL,
    CarePlanSectionKey.VALUES,
    CarePlanSectionKey.END_OF_LIFE,
)

Add = Callable[[str, dict[str, Any]], None]
Urn = Callable[[str, Any], str]
Who = Callable[..., dict[str, str] | None]


def add_care_plan(data: ExportData, patient: str, urn: Urn, who: Who, add: Add) -> None:
    """Adds the care plan's resources to the bundle, when the export holds a plan."""
    plans = data.kinds.get("care_plan") or []
    if not plans:
        return
    plan = plans[0]
    sections = {s["key"]: s for s in data.kinds.get("care_plan_sections", [])}
    goal_refs = []
    for key in DOMAINS:
        for index, goal in enumerate(_goals(sections.get(key))):
            url = urn("goal", f"{key}/{index}")
            add(url, _goal(goal, key, patient, data.lang))
            goal_refs.append({"reference": url})
    for code, choice, section in _treatments(sections.get(CarePlanSectionKey.ACUTE)):
        add(urn("consent", code), _consent(code, choice, section, patient, who, data.lang))
    add(urn("careplan", "izp"), _izp(plan, sections, goal_refs, patient, data.lang))


def _goals(section: Record | None) -> list[dict[str, Any]]:
    if not section:
        return []
    goals = (section.get("content") or {}).get("goals") or []
    return [g for g in goals if isinstance(g, dict) and g.get("goal")]


def _goal(goal: dict[str, Any], key: str, patient: str, lang: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Goal",
        "lifecycleStatus": "active",
        "category": [{"text": translate(lang, f"careplan.section.{key}")}],
        "description": {"text": goal["goal"]},
        "subject": {"reference": patient},
    }
    if goal.get("evaluate_on"):
        resource["target"] = [{"dueDate": goal["evaluate_on"]}]
    if goal.get("who"):
        resource["expressedBy"] = {"display": goal["who"]}
    return resource


def _treatments(section: Record | None) -> list[tuple[str, str, Record]]:
    if not section:
        return []
    content = section.get("content") or {}
    return [
        (code, content[code], section)
        for code in TREATMENTS
        if content.get(code) in (TreatmentChoice.YES, TreatmentChoice.NO, TreatmentChoice.CONSULT)
    ]


def _consent(
    code: str, choice: str, section: Record, patient: str, who: Who, lang: str
) -> dict[str, Any]:
    snomed, display = TREATMENTS[code]
    provision: dict[str, Any] = {
        "code": [{"coding": [{"system": SNOMED, "code": snomed, "display": display}]}]
    }
    if choice in PROVISION_TYPE:
        provision["type"] = PROVISION_TYPE[TreatmentChoice(choice)]
    content = section.get("content") or {}
    performers = [p for p in (who(section.get("updated_by_id")),) if p]
    if section.get("on_behalf_of"):
        performers.append({"display": section["on_behalf_of"]})
    resource: dict[str, Any] = {
        "resourceType": "Consent",
        "status": "active",
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "treatment",
                }
            ]
        },
        "category": [
            {
                "coding": [
                    {
                        "system": SNOMED,
                        "code": "11291000146105",
                        "display": "Treatment instructions",
                    }
                ]
            }
        ],
        "patient": {"reference": patient},
        "dateTime": content.get("agreed_on") or section.get("updated_at"),
        "policyRule": {"text": translate(lang, f"careplan.choice.{choice}")},
        "provision": provision,
    }
    if performers:
        resource["performer"] = performers
    return resource


def _izp(
    plan: Record,
    sections: dict[str, Record],
    goal_refs: list[dict[str, str]],
    patient: str,
    lang: str,
) -> dict[str, Any]:
    notes = [
        {"text": f"{translate(lang, f'careplan.section.{key}')}: {text}"}
        for key in NOTE_SECTIONS
        if (text := _words(sections.get(key)))
    ]
    resource: dict[str, Any] = {
        "resourceType": "CarePlan",
        "identifier": [
            {"system": "urn:gezinsdossier:izp", "value": f"versie {plan.get('edition', 0)}"}
        ],
        "status": "active",
        "intent": "plan",
        "title": translate(lang, "careplan.title"),
        "category": [{"text": "Individueel zorgplan kinderpalliatieve zorg (IZP)"}],
        "subject": {"reference": patient},
        "created": plan.get("created_at"),
    }
    if plan.get("review_on"):
        resource["period"] = {"end": plan["review_on"]}
    if goal_refs:
        resource["goal"] = goal_refs
    if notes:
        resource["note"] = notes
    return resource


def _words(section: Record | None) -> str:
    """A section's written words in one line: what a receiving system shows as a note."""
    if not section:
        return ""
    content = section.get("content") or {}
    return " · ".join(str(v) for v in content.values() if isinstance(v, str) and v.strip())

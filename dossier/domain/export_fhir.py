"""The family's export as a FHIR Bundle (type `collection`), validated with fhir.resources.

FHIR version: R4B (4.3.0) from `fhir.resources` 8.x. R4B is R4 with a few additions and
the same shapes for every resource used here (Patient, RelatedPerson, Practitioner,
PractitionerRole, Task, Appointment, CarePlan), so an R4 reader takes it as R4. The only
package with plain R4 models (fhir.resources 6.x) needs pydantic 1, which Reflex no
longer runs with.

Mapping (what the parent exporting may read, nothing more):
- the ill child: Patient with the first name and the year of birth only;
- parents and brothers and sisters: RelatedPerson (relationship PRN / SIB, v3-RoleCode);
- case managers and other caregivers: Practitioner + PractitionerRole (role in words,
  organisation as a display name);
- tasks: Task (status mapped, owner = the member who does it, due date as
  restriction.period.end, the "waiting for" note as a note);
- appointments: Appointment (booked/cancelled; a deleted one as entered-in-error), the
  child and the members going along as participants;
- werkafspraken (who-does-what agreements): one CarePlan with an activity per agreement
  (performer = the responsible member);
- the care plan (IZP): a second CarePlan with its goals as Goal resources and the
  agreements for acute situations as Consent resources (domain/export_fhir_care_plan.py).
Every resource has a stable `urn:uuid:` full URL (uuid5 of the family and the row), and
references point at those, so the bundle stands on its own.
"""

from __future__ import annotations

import uuid
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from dossier.domain.export_data import ExportData, Record
from dossier.domain.export_fhir_care_plan import add_care_plan
from dossier.models import AgreementStatus, Role, TaskStatus

FHIR_VERSION = "4.3.0"  # R4B
NAMESPACE = uuid.UUID("5b0f6f0e-8f8e-4d0a-9c56-6a4f2d0e7a11")
ROLE_CODES = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
RELATED = {Role.PARENT: ("PRN", "parent"), Role.SIBLING: ("SIB", "sibling")}
PROFESSIONALS = {Role.CM_HOSPITAL, Role.CM_HOME, Role.CAREGIVER}
ROLE_WORDS = {
    Role.CM_HOSPITAL: "casemanager ziekenhuis",
    Role.CM_HOME: "casemanager thuis",
    Role.CAREGIVER: "zorgverlener",
}
TASK_STATUS = {
    TaskStatus.OPEN: "requested",
    TaskStatus.BUSY: "in-progress",
    TaskStatus.WAITING: "on-hold",
    TaskStatus.DONE: "completed",
}
ACTIVITY_STATUS = {
    AgreementStatus.PROPOSED: "not-started",
    AgreementStatus.AGREED: "in-progress",
    AgreementStatus.NEEDS_REVIEW: "on-hold",
    AgreementStatus.WITHDRAWN: "cancelled",
    AgreementStatus.ENDED: "stopped",
}


def urn(family_id: Any, kind: str, key: Any) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{family_id}/{kind}/{key}')}"


def _ref(url: str, display: str = "") -> dict[str, str]:
    return {"reference": url, **({"display": display} if display else {})}


def _name(full: str) -> list[dict[str, Any]]:
    parts = full.split()
    if len(parts) < 2:
        return [{"text": full}]
    return [{"text": full, "given": parts[:-1], "family": parts[-1]}]


def build_bundle(data: ExportData) -> dict[str, Any]:
    """The bundle as JSON-ready data, after fhir.resources validated it (raises when not)."""
    family_id = data.family.get("id", 0)
    entries: list[dict[str, Any]] = []
    member_urls: dict[int, str] = {}

    def add(url: str, resource: dict[str, Any]) -> None:
        entries.append({"fullUrl": url, "resource": resource})

    patient = urn(family_id, "patient", "child")
    child: dict[str, Any] = {
        "resourceType": "Patient",
        "name": [{"given": [data.family.get("child_name") or "-"]}],
    }
    if data.family.get("child_birth_year"):
        child["birthDate"] = str(data.family["child_birth_year"])
    add(patient, child)

    for member in data.kinds.get("members", []):
        role, mid, name = member.get("role"), member["id"], member.get("name", "")
        if role in RELATED:
            code, word = RELATED[Role(role)]
            url = urn(family_id, "related", mid)
            add(
                url,
                {
                    "resourceType": "RelatedPerson",
                    "active": member.get("status") == "active",
                    "patient": _ref(patient),
                    "relationship": [
                        {"coding": [{"system": ROLE_CODES, "code": code, "display": word}]}
                    ],
                    "name": _name(name),
                    **_phone(member),
                },
            )
            member_urls[mid] = url
        elif role in PROFESSIONALS:
            url = urn(family_id, "practitioner", mid)
            add(url, {"resourceType": "Practitioner", "name": _name(name), **_phone(member)})
            practitioner_role: dict[str, Any] = {
                "resourceType": "PractitionerRole",
                "active": member.get("status") == "active",
                "practitioner": _ref(url, name),
                "code": [{"text": member.get("relation") or ROLE_WORDS[Role(role)]}],
            }
            if member.get("organisation"):
                practitioner_role["organization"] = {"display": member["organisation"]}
            add(urn(family_id, "practitioner-role", mid), practitioner_role)
            member_urls[mid] = url

    def who(membership_id: Any, fallback: str = "") -> dict[str, str] | None:
        if membership_id in member_urls:
            return _ref(member_urls[membership_id], data.name(membership_id))
        name = data.name(membership_id) or fallback
        return {"display": name} if name else None

    for task in data.kinds.get("tasks", []):
        add(urn(family_id, "task", task["id"]), _task(task, patient, who))
    for appointment in data.kinds.get("appointments", []):
        add(
            urn(family_id, "appointment", appointment["id"]),
            _appointment(appointment, patient, who),
        )
    agreements = data.kinds.get("agreements", [])
    if agreements:
        add(urn(family_id, "careplan", "agreements"), _care_plan(agreements, patient, who))
    add_care_plan(data, patient, lambda kind, key: urn(family_id, kind, key), who, add)

    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(NAMESPACE, f"{family_id}/bundle")),
        "meta": {"tag": [{"code": "gezinsdossier-export", "display": f"FHIR {FHIR_VERSION}"}]},
        "type": "collection",
        "entry": entries,
    }
    validated = Bundle.model_validate(bundle)
    result: dict[str, Any] = validated.model_dump(mode="json", exclude_none=True)
    return result


def _phone(member: Record) -> dict[str, Any]:
    phone = member.get("phone")
    return {"telecom": [{"system": "phone", "value": phone}]} if phone else {}


def _task(task: Record, patient: str, who: Any) -> dict[str, Any]:
    status = TASK_STATUS.get(task.get("status", ""), "requested")
    if task.get("deleted_at"):
        status = "entered-in-error"
    resource: dict[str, Any] = {
        "resourceType": "Task",
        "identifier": [{"system": "urn:gezinsdossier:task", "value": str(task["id"])}],
        "status": status,
        "intent": "plan",
        "description": task.get("title") or "-",
        "for": _ref(patient),
        "authoredOn": task.get("created_at"),
        "businessStatus": {"text": task.get("domain", "")},
    }
    if owner := who(task.get("assignee_id")):
        resource["owner"] = owner
    if requester := who(task.get("created_by_id")):
        resource["requester"] = requester
    if task.get("due_on"):
        resource["restriction"] = {"period": {"end": task["due_on"]}}
    notes = [text for text in (task.get("notes"), task.get("waiting_for")) if text]
    if notes:
        resource["note"] = [{"text": text} for text in notes]
    if task.get("completed_at"):
        resource["executionPeriod"] = {"end": task["completed_at"]}
    return resource


def _appointment(appointment: Record, patient: str, who: Any) -> dict[str, Any]:
    status = "cancelled" if appointment.get("status") == "cancelled" else "booked"
    if appointment.get("deleted_at"):
        status = "entered-in-error"
    participants: list[dict[str, Any]] = [{"actor": _ref(patient), "status": "accepted"}]
    attendees = [who(member_id) for member_id in appointment.get("attendee_ids") or ()]
    participants.extend({"actor": actor, "status": "accepted"} for actor in attendees if actor)
    if appointment.get("with_whom"):
        participants.append(
            {"actor": {"display": appointment["with_whom"]}, "status": "needs-action"}
        )
    resource: dict[str, Any] = {
        "resourceType": "Appointment",
        "identifier": [
            {"system": "urn:gezinsdossier:appointment", "value": str(appointment["id"])}
        ],
        "status": status,
        "description": appointment.get("title") or "-",
        "start": appointment.get("starts_at"),
        "end": appointment.get("ends_at"),
        "created": appointment.get("created_at"),
        "participant": participants,
    }
    comment = " — ".join(t for t in (appointment.get("place"), appointment.get("preparation")) if t)
    if comment:
        resource["comment"] = comment
    return resource


def _care_plan(agreements: list[Record], patient: str, who: Any) -> dict[str, Any]:
    activities = []
    for agreement in agreements:
        detail: dict[str, Any] = {
            "status": ACTIVITY_STATUS.get(agreement.get("status", ""), "unknown"),
            "description": agreement.get("topic") or "-",
            "code": {"text": agreement.get("domain", "")},
        }
        performers = [
            p for p in (who(agreement.get("responsible_id")), who(agreement.get("backup_id"))) if p
        ]
        if agreement.get("parents_keep"):
            performers.append({"display": "ouders"})
        if performers:
            detail["performer"] = performers
        if agreement.get("review_on"):
            detail["scheduledPeriod"] = {"end": agreement["review_on"]}
        activity: dict[str, Any] = {"detail": detail}
        if agreement.get("how"):
            activity["progress"] = [{"text": agreement["how"]}]
        activities.append(activity)
    return {
        "resourceType": "CarePlan",
        "status": "active",
        "intent": "plan",
        "title": "Werkafspraken (wie doet wat)",
        "subject": _ref(patient),
        "activity": activities,
    }

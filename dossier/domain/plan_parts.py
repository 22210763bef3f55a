"""The parts of the plan for a sudden admission: the shape of each section's content,
its checks, the members it names, and the page's form as the browser sends it.

* first_call: {"items": [{"contact": id, "note": str}]}, in the order to call;
* sibling: {"name", "member" (a sibling member or None), "pickup_contact" (a contact or
  None), "pickup" (words), "sleep", "school"};
* parent_ill: {"contact", "who", "notes"};
* practical: {"pets", "work", "other"};
* bring: {"items": [{"label": str}]}, with defaults in the family's language;
* inform: {"contacts": [ids], "words": str}.
Contacts are the family's own, not removed; a contact of another family is refused as a
permission denial (and logged); an unknown id is a clear message. Bad input writes nothing.
`refresh_named_ids` recomputes every part's named members from the contacts it names (a
contact's membership_id) and the members it names; called on every part write and by the
network when a contact's member link changes (permissions: a caregiver reads the parts
that name them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlmodel import Session, col, select

from dossier.domain import pulse
from dossier.domain.errors import InvalidInput
from dossier.domain.text import line_problem, note_problem
from dossier.i18n import translate
from dossier.models import (
    Contact,
    EmergencyPlanPart,
    Membership,
    PlanSection,
    Role,
)
from dossier.permissions import Action, Actor, PermissionDenied

SIBLING_PREFIX = "sibling:"
# The fixed sections, in the order the page shows them (siblings come after first_call).
FIXED = (
    PlanSection.FIRST_CALL,
    PlanSection.PARENT_ILL,
    PlanSection.PRACTICAL,
    PlanSection.BRING,
    PlanSection.INFORM,
)
POSITION = {
    PlanSection.FIRST_CALL: 0,
    PlanSection.SIBLING: 10,
    PlanSection.PARENT_ILL: 100,
    PlanSection.PRACTICAL: 110,
    PlanSection.BRING: 120,
    PlanSection.INFORM: 130,
}
# The fields of each section, in form order (also the history's keys).
FIELDS: dict[str, tuple[str, ...]] = {
    PlanSection.FIRST_CALL: ("items",),
    PlanSection.SIBLING: ("name", "member", "pickup_contact", "pickup", "sleep", "school"),
    PlanSection.PARENT_ILL: ("contact", "who", "notes"),
    PlanSection.PRACTICAL: ("pets", "work", "other"),
    PlanSection.BRING: ("items",),
    PlanSection.INFORM: ("contacts", "words"),
}
TEXT_FIELDS = {"pickup", "sleep", "school", "who", "notes", "pets", "work", "other", "words"}
NAME_MAX = 80
NOTE_MAX = 300
TEXT_MAX = 1000
LABEL_MAX = 200
FIRST_CALL_MAX = 12
BRING_MAX = 40
INFORM_MAX = 30
SIBLINGS_MAX = 8
REVIEW_MAX_DAYS = 731
# The default checklist, in the catalogue (plan.bring.default.<n>), in the family's
# language at creation; the family edits it.
BRING_DEFAULTS = 9


class PlanInputError(InvalidInput):
    """One or more fields are not right: `errors` maps each field to its catalogue key."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(next(iter(self.errors.values())))


# --------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------


def section_of(part: EmergencyPlanPart) -> str:
    return part.section


def empty_content(section: str) -> dict[str, Any]:
    if section == PlanSection.FIRST_CALL:
        return {"items": []}
    if section == PlanSection.SIBLING:
        return {
            "name": "",
            "member": None,
            "pickup_contact": None,
            "pickup": "",
            "sleep": "",
            "school": "",
        }
    if section == PlanSection.PARENT_ILL:
        return {"contact": None, "who": "", "notes": ""}
    if section == PlanSection.PRACTICAL:
        return {"pets": "", "work": "", "other": ""}
    if section == PlanSection.BRING:
        return {"items": []}
    if section == PlanSection.INFORM:
        return {"contacts": [], "words": ""}
    raise InvalidInput("plan.error.section")


def default_bring(lang: str) -> list[dict[str, Any]]:
    return [
        {"label": translate(lang, f"plan.bring.default.{n}")} for n in range(1, BRING_DEFAULTS + 1)
    ]


def contact_ids_in(section: str, content: Mapping[str, Any]) -> list[int]:
    """The contacts a part's content names, in order, each once."""
    ids: list[Any] = []
    if section == PlanSection.FIRST_CALL:
        ids = [item.get("contact") for item in content.get("items") or ()]
    elif section == PlanSection.SIBLING:
        ids = [content.get("pickup_contact")]
    elif section == PlanSection.PARENT_ILL:
        ids = [content.get("contact")]
    elif section == PlanSection.INFORM:
        ids = list(content.get("contacts") or ())
    return list(dict.fromkeys(int(i) for i in ids if isinstance(i, int)))


def member_ids_in(section: str, content: Mapping[str, Any]) -> list[int]:
    member = content.get("member") if section == PlanSection.SIBLING else None
    return [member] if isinstance(member, int) else []


def parse_id(raw: Any) -> int | None:
    """A row id sent as text by the browser: plain ASCII digits that fit a column, else None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 0 < raw < 10**9 else None
    text = str(raw if raw is not None else "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def clean_text(raw: Any) -> str:
    return str(raw if raw is not None else "").strip().replace("\r\n", "\n")


def contacts_by_id(session: Session, ids: Iterable[int]) -> dict[int, Contact]:
    """Contacts by id, of any family: callers refuse another family's."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.exec(select(Contact).where(col(Contact.id).in_(wanted))).all()
    return {row.id: row for row in rows if row.id is not None}


def check_content(
    session: Session, actor: Actor, section: str, raw: Mapping[str, Any], action: Action
) -> dict[str, Any]:
    """The content as it will be stored, or PlanInputError naming each wrong field.

    A contact or member of another family raises PermissionDenied (logged by the caller's
    unit of work); nothing is written either way."""
    errors: dict[str, str] = {}

    def note(field: str, key: str | None) -> None:
        if key and field not in errors:
            errors[field] = key

    def words(field: str, limit: int, *, line: bool = False) -> str:
        value = clean_text(raw.get(field))
        if len(value) > limit:
            note(field, "plan.error.too_long")
        note(field, line_problem(value) if line else note_problem(value))
        return value

    def contact(value: Any) -> int | str | None:
        if value in (None, ""):
            return None
        parsed = parse_id(value)
        return "bad" if parsed is None else parsed

    content = empty_content(section)
    if section == PlanSection.FIRST_CALL:
        items = []
        for entry in raw.get("items") or ():
            if not isinstance(entry, Mapping):
                note("items", "plan.error.contact_unknown")
                continue
            chosen = contact(entry.get("contact"))
            text = clean_text(entry.get("note"))
            if chosen is None:
                if text:
                    note("items", "plan.error.note_without_contact")
                continue
            if len(text) > NOTE_MAX:
                note("items", "plan.error.too_long")
            note("items", note_problem(text))
            items.append({"contact": chosen, "note": text})
        if len(items) > FIRST_CALL_MAX:
            note("items", "plan.error.too_many")
        if len({str(i["contact"]) for i in items}) != len(items):
            note("items", "plan.error.contact_twice")
        content["items"] = items
    elif section == PlanSection.SIBLING:
        content["name"] = words("name", NAME_MAX, line=True)
        if not content["name"]:
            note("name", "plan.error.name_required")
        content["member"] = contact(raw.get("member"))
        content["pickup_contact"] = contact(raw.get("pickup_contact"))
        for field in ("pickup", "sleep", "school"):
            content[field] = words(field, TEXT_MAX)
    elif section == PlanSection.PARENT_ILL:
        content["contact"] = contact(raw.get("contact"))
        content["who"] = words("who", TEXT_MAX)
        content["notes"] = words("notes", TEXT_MAX)
    elif section == PlanSection.PRACTICAL:
        for field in ("pets", "work", "other"):
            content[field] = words(field, TEXT_MAX)
    elif section == PlanSection.BRING:
        labels = []
        for entry in raw.get("items") or ():
            label = clean_text(entry.get("label") if isinstance(entry, Mapping) else entry)
            if not label:
                continue
            if len(label) > LABEL_MAX:
                note("items", "plan.error.too_long")
            note("items", line_problem(label))
            labels.append({"label": label})
        if len(labels) > BRING_MAX:
            note("items", "plan.error.too_many")
        content["items"] = labels
    elif section == PlanSection.INFORM:
        chosen_ids = [contact(v) for v in raw.get("contacts") or ()]
        content["contacts"] = list(dict.fromkeys(c for c in chosen_ids if c is not None))
        if len(content["contacts"]) > INFORM_MAX:
            note("contacts", "plan.error.too_many")
        content["words"] = words("words", TEXT_MAX)
    else:
        raise InvalidInput("plan.error.section")
    _check_people(session, actor, section, content, action, note)
    if errors:
        order = FIELDS.get(section, ())
        raise PlanInputError({f: errors[f] for f in (*order, *errors) if f in errors})
    return content


def _check_people(
    session: Session,
    actor: Actor,
    section: str,
    content: dict[str, Any],
    action: Action,
    note: Any,
) -> None:
    """Contacts: this family's, not removed. The member: an active sibling of this family."""
    fields = {
        PlanSection.FIRST_CALL: "items",
        PlanSection.SIBLING: "pickup_contact",
        PlanSection.PARENT_ILL: "contact",
        PlanSection.INFORM: "contacts",
    }
    field = fields.get(section)  # type: ignore[call-overload]
    raw_ids: list[Any] = []
    if section == PlanSection.FIRST_CALL:
        raw_ids = [i["contact"] for i in content["items"]]
    elif field:
        value = content[field]
        raw_ids = list(value) if isinstance(value, list) else [value]
    if any(i == "bad" for i in raw_ids):
        note(field, "plan.error.contact_unknown")
    ids = [i for i in raw_ids if isinstance(i, int)]
    found = contacts_by_id(session, ids)
    for contact_id in ids:
        contact = found.get(contact_id)
        if contact is not None and contact.family_id != actor.family_id:
            raise PermissionDenied(actor, action, contact)
        if contact is None or contact.removed_at is not None:
            note(field, "plan.error.contact_unknown")
    if section == PlanSection.SIBLING:
        member = content["member"]
        if member == "bad":
            note("member", "plan.error.member_unknown")
        elif isinstance(member, int):
            row = session.get(Membership, member)
            if row is not None and row.family_id != actor.family_id:
                raise PermissionDenied(actor, action, row)
            if row is None or row.role != Role.SIBLING or row.ended_at is not None:
                note("member", "plan.error.member_unknown")


# --------------------------------------------------------------------------------------
# Named members (for the gate: a caregiver reads the parts that name them)
# --------------------------------------------------------------------------------------


def named_ids_for(
    section: str, content: Mapping[str, Any], linked: Mapping[int, int | None], sibling: int | None
) -> list[int]:
    ids: set[int] = set(member_ids_in(section, content))
    for contact_id in contact_ids_in(section, content):
        member = linked.get(contact_id)
        if member is not None:
            ids.add(member)
    if sibling is not None:
        ids.add(sibling)
    return sorted(ids)


def refresh_named_ids(session: Session, family_id: int) -> None:
    """Recompute every part's `named_ids` from what it names now (no gate: housekeeping
    after a write that passed one). A part whose people did not change is left alone, so
    its version stays."""
    parts = session.exec(
        select(EmergencyPlanPart).where(EmergencyPlanPart.family_id == family_id)
    ).all()
    if not parts:
        return
    linked = {
        int(contact_id): member
        for contact_id, member in session.exec(
            select(Contact.id, Contact.membership_id).where(
                Contact.family_id == family_id, col(Contact.removed_at).is_(None)
            )
        ).all()
        if contact_id is not None
    }
    touched = False
    for part in parts:
        wanted = named_ids_for(part.section, part.content or {}, linked, part.sibling_id)
        if sorted(part.named_ids or []) != wanted:
            part.named_ids = wanted
            session.add(part)
            touched = True
    if touched:
        session.flush()
        pulse.bump(session, {family_id})


# --------------------------------------------------------------------------------------
# The page's form, as the browser sends it
# --------------------------------------------------------------------------------------


def raw_from_form(section: str, form: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a part's form (`contact_<n>`/`note_<n>` rows, `item_<n>` rows,
    `inform_<contact id>` boxes, plain fields) as `check_content` takes them."""

    def rows(prefix: str) -> list[int]:
        found = {k[len(prefix) :] for k in form if k.startswith(prefix)}
        return sorted(int(n) for n in found if n.isdigit() and len(n) <= 3)

    if section == PlanSection.FIRST_CALL:
        return {
            "items": [
                {"contact": form.get(f"contact_{n}"), "note": form.get(f"note_{n}")}
                for n in rows("contact_")
            ]
        }
    if section == PlanSection.BRING:
        return {"items": [{"label": form.get(f"item_{n}")} for n in rows("item_")]}
    if section == PlanSection.INFORM:
        chosen = [k[len("inform_") :] for k, v in form.items() if k.startswith("inform_") and v]
        return {"contacts": chosen, "words": form.get("words")}
    return {name: form.get(name) for name in FIELDS.get(section, ())}

"""The family's network: the people and organisations around the child (the GP, the
pharmacy, grandma next door), whether or not they use the app.

Every read and write passes the gate (`NETWORK_VIEW`, `NETWORK_EDIT`) and leaves an
access-log row; a contact is versioned, so a save based on an older version is refused
(`Conflict`), never silently overwritten. What a form sends is checked whole first
(`contact_input`): a wrong field is a catalogue key, nothing is half-saved.

Phone numbers keep the form people typed ("06-12345678") for display and a normalised
number (+31612345678) for the `tel:` link. 112 is not a contact's number: it is the
emergency number for everyone, and the card says so itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from dossier import audit
from dossier.domain.access import guard, visible
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.membership import is_active
from dossier.domain.plan_parts import refresh_named_ids
from dossier.domain.text import line_problem, note_problem
from dossier.models import Contact, ContactKind, Membership, utcnow
from dossier.models.network import EmergencyUse
from dossier.permissions import Action, Actor, require

NAME_MAX = 120
ORGANISATION_MAX = 120
EMAIL_MAX = 254
REACH_NOTE_MAX = 300
NOTE_MAX = 1000
PHONE_LABEL_MAX = 30
PHONE_TYPED_MAX = 32
PHONES_MAX = 3  # "mobiel", "werk", "spoedlijn": more is a list nobody reads in a hurry
RANGES_MAX = 7
KINDS = tuple(ContactKind)
EMERGENCY_USES = tuple(EmergencyUse)
# The kinds in the order a family reaches for them; "bij spoed" goes before all of them.
KIND_ORDER = {kind: index for index, kind in enumerate(KINDS)}

_PHONE_CHARS = re.compile(r"^[0-9 +()\-./]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_CLOCK = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
SHORT_EMERGENCY = frozenset({"112", "911", "999", "000"})


# --------------------------------------------------------------------------------------
# Checking what a form sends (pure)
# --------------------------------------------------------------------------------------


class InvalidContact(InvalidInput):
    """One or more fields are wrong; `errors` maps each field to its catalogue key."""

    def __init__(self, errors: dict[str, str]) -> None:
        name, key = next(iter(errors.items()))
        super().__init__(key, field=name)
        self.errors = errors


def normalise_phone(typed: str) -> str:
    """The number as `tel:` wants it (+31612345678), or ValueError with a catalogue key.

    Dutch numbers as people write them (06-12345678, 020 555 0123, 0800-1234), with a
    country code (+31 6 1234 5678, 0031 20 ...), or another country's (+32 ...)."""
    text = " ".join((typed or "").split())
    if len(text) > PHONE_TYPED_MAX or not _PHONE_CHARS.match(text):
        raise ValueError("network.error.phone_invalid")
    digits = re.sub(r"[^0-9]", "", text)
    if digits in SHORT_EMERGENCY:
        raise ValueError("network.error.phone_emergency")
    if text.startswith("+") or digits.startswith("00"):
        international = digits.removeprefix("00") if not text.startswith("+") else digits
        if international.startswith("310"):  # +31 (0)6 ...: the 0 is not dialled
            international = "31" + international[3:]
        if not 8 <= len(international) <= 15:
            raise ValueError("network.error.phone_invalid")
        return "+" + international
    if digits.startswith("0") and 8 <= len(digits) <= 11:
        return "+31" + digits[1:]
    raise ValueError("network.error.phone_invalid")


def tel_href(number: str) -> str:
    """`tel:+31612345678` from a normalised number ("" without one)."""
    return f"tel:{number}" if number else ""


def check_hours(raw: Any, errors: dict[str, str], name: str = "reach_hours") -> list[dict]:
    """Ranges as [{"days": [0..6], "from": "08:30", "to": "17:00"}], checked and tidied.

    A range without days is left out (an empty form row); a range with days needs a
    from before its to."""
    ranges: list[dict] = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, Mapping):
            errors.setdefault(name, "network.error.hours")
            continue
        days = sorted({int(d) for d in item.get("days") or [] if str(d).isdigit()})
        start, end = str(item.get("from") or "").strip(), str(item.get("to") or "").strip()
        if not days and not start and not end:
            continue
        if not days or any(d > 6 for d in days):
            errors.setdefault(name, "network.error.hours_days")
            continue
        first, last = _CLOCK.match(start), _CLOCK.match(end)
        if not first or not last:
            errors.setdefault(name, "network.error.hours_time")
            continue
        start, end = f"{int(first[1]):02d}:{first[2]}", f"{int(last[1]):02d}:{last[2]}"
        if start >= end:
            errors.setdefault(name, "network.error.hours_order")
            continue
        ranges.append({"days": days, "from": start, "to": end})
    if len(ranges) > RANGES_MAX:
        errors.setdefault(name, "network.error.hours_many")
    return ranges


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactInput:
    name: str
    organisation: str = ""
    kind: str = ContactKind.OTHER
    phones: list[dict] = field(default_factory=list)
    email: str = ""
    reach_hours: list[dict] = field(default_factory=list)
    reach_note: str = ""
    emergency: str = EmergencyUse.NOT_SAID
    note: str = ""
    membership_id: int | None = None


EDITABLE = (
    "name",
    "organisation",
    "kind",
    "phones",
    "email",
    "reach_hours",
    "reach_note",
    "emergency",
    "note",
    "membership_id",
)


def _line(raw: Mapping[str, Any], name: str, limit: int, errors: dict[str, str]) -> str:
    text = " ".join(str(raw.get(name) or "").split())
    if len(text) > limit:
        errors[name] = f"network.error.{name}_too_long"
    elif problem := line_problem(text):
        errors[name] = problem
    return text


def _phones(raw: Any, errors: dict[str, str]) -> list[dict]:
    phones: list[dict] = []
    for item in raw if isinstance(raw, list) else []:
        typed = " ".join(str((item or {}).get("number") or "").split())
        label = " ".join(str((item or {}).get("label") or "").split())
        if not typed:
            continue
        try:
            number = normalise_phone(typed)
        except ValueError as wrong:
            errors.setdefault("phones", str(wrong))
            continue
        if len(label) > PHONE_LABEL_MAX or line_problem(label):
            errors.setdefault("phones", "network.error.phone_label")
        phones.append({"label": label, "number": number, "typed": typed})
    if len(phones) > PHONES_MAX:
        errors.setdefault("phones", "network.error.phones_many")
    return phones


def _member_id(value: Any, errors: dict[str, str]) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    if not text.isdigit():
        errors["membership_id"] = "network.error.member"
        return None
    return int(text)


def contact_input(raw: Mapping[str, Any]) -> ContactInput:
    """A form's fields as a ContactInput, or InvalidContact naming every wrong field.

    Keys: name, organisation, kind, phones ([{"label", "number"}]), email, reach_hours
    (see check_hours), reach_note, emergency, note, member (membership id or "")."""
    errors: dict[str, str] = {}
    name = _line(raw, "name", NAME_MAX, errors)
    if not name and "name" not in errors:
        errors["name"] = "network.error.name_required"
    organisation = _line(raw, "organisation", ORGANISATION_MAX, errors)
    kind = str(raw.get("kind") or ContactKind.OTHER)
    if kind not in KINDS:
        errors["kind"] = "network.error.kind"
    phones = _phones(raw.get("phones"), errors)
    email = str(raw.get("email") or "").strip()
    if len(email) > EMAIL_MAX or (email and not _EMAIL.match(email)):
        errors["email"] = "network.error.email"
    hours = check_hours(raw.get("reach_hours"), errors)
    reach_note = str(raw.get("reach_note") or "").strip()
    if len(reach_note) > REACH_NOTE_MAX:
        errors["reach_note"] = "network.error.reach_note_too_long"
    elif problem := note_problem(reach_note):
        errors["reach_note"] = problem
    emergency = str(raw.get("emergency") or "")
    if emergency not in EMERGENCY_USES:
        errors["emergency"] = "network.error.emergency"
    note = str(raw.get("note") or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = "network.error.note_too_long"
    elif problem := note_problem(note):
        errors["note"] = problem
    membership_id = _member_id(raw.get("member"), errors)
    if errors:
        raise InvalidContact(errors)
    return ContactInput(
        name=name,
        organisation=organisation,
        kind=kind,
        phones=phones,
        email=email,
        reach_hours=hours,
        reach_note=reach_note,
        emergency=emergency,
        note=note,
        membership_id=membership_id,
    )


def _parsed(data: ContactInput | Mapping[str, Any]) -> ContactInput:
    return data if isinstance(data, ContactInput) else contact_input(data)


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def contact_order(contact: Contact) -> tuple:
    """ "Bij spoed" first, then by kind (the care team before the insurer), then by name."""
    return (
        contact.emergency != EmergencyUse.CALL,
        KIND_ORDER.get(ContactKind(contact.kind) if contact.kind in KINDS else ContactKind.OTHER),
        contact.name.casefold(),
        contact.id or 0,
    )


def _alive(actor: Actor) -> Any:
    return select(Contact).where(
        Contact.family_id == actor.family_id, col(Contact.removed_at).is_(None)
    )


def list_contacts(session: Session, actor: Actor) -> list[Contact]:
    """The contacts the actor may see (a caregiver: the "bij spoed" ones and their own),
    "bij spoed" first; one access-log row for the read."""
    shown = visible(session, actor, Action.NETWORK_VIEW, session.exec(_alive(actor)))
    return sorted(shown, key=contact_order)


def emergency_contacts(session: Session, actor: Actor) -> list[Contact]:
    """The "bij spoed" contacts the actor may see, in a stable order (for the overview's
    card, the offline card and the plan). One query, one access-log row."""
    query = _alive(actor).where(Contact.emergency == EmergencyUse.CALL)
    shown = visible(session, actor, Action.NETWORK_VIEW, session.exec(query))
    return sorted(shown, key=contact_order)


def get_contact(session: Session, actor: Actor, contact_id: int, action: Action) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound()
    guard(session, actor, action, contact)
    if contact.removed_at is not None:
        raise NotFound()
    return contact


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _check_member(session: Session, actor: Actor, membership_id: int | None) -> None:
    """A contact can be only an active member of the actor's own family."""
    if membership_id is None:
        return
    membership = session.get(Membership, membership_id)
    if membership is None or not is_active(membership) or membership.family_id != actor.family_id:
        raise InvalidContact({"membership_id": "network.error.member"})


def _refresh_plan(session: Session, family_id: int) -> None:
    """The plan names members through contacts linked to them: keep its readers right."""
    session.flush()
    refresh_named_ids(session, family_id)


def add_contact(session: Session, actor: Actor, data: ContactInput | Mapping[str, Any]) -> Contact:
    """A new contact in the actor's family."""
    require(actor, Action.NETWORK_EDIT)  # first: a refusal is logged by unit_of_work
    values = _parsed(data)
    _check_member(session, actor, values.membership_id)
    contact = Contact(
        family_id=actor.family_id,
        created_by_id=actor.membership_id,
        **{name: getattr(values, name) for name in EDITABLE},
    )
    session.add(contact)
    session.flush()
    audit.record(session, actor, "network.add", object_type="contact", object_id=contact.id)
    if values.membership_id is not None:
        _refresh_plan(session, actor.family_id)
    return contact


def _save(session: Session, contact: Contact) -> None:
    contact.updated_at = utcnow()
    session.add(contact)
    try:
        session.flush()  # UPDATE ... WHERE version = ?: a race between load and save fails
    except StaleDataError as exc:
        raise Conflict() from exc


def change_contact(
    session: Session,
    actor: Actor,
    *,
    contact_id: int,
    expected_version: int,
    data: ContactInput | Mapping[str, Any],
) -> list[str]:
    """Save a form; the names of the fields that changed (empty: nothing to save)."""
    contact = get_contact(session, actor, contact_id, Action.NETWORK_EDIT)
    if contact.version != expected_version:
        raise Conflict()
    values = _parsed(data)
    _check_member(session, actor, values.membership_id)
    changed = [name for name in EDITABLE if getattr(contact, name) != getattr(values, name)]
    if not changed:
        return []
    for name in changed:
        setattr(contact, name, getattr(values, name))
    _save(session, contact)
    # Never the content: the log names what happened and which fields.
    audit.record(
        session,
        actor,
        "network.change",
        object_type="contact",
        object_id=contact.id,
        detail=",".join(changed),
    )
    if "membership_id" in changed:
        _refresh_plan(session, actor.family_id)
    return changed


def remove_contact(
    session: Session, actor: Actor, *, contact_id: int, expected_version: int
) -> Contact:
    """Out of the network; the row stays, so the plan's history can still name it."""
    contact = get_contact(session, actor, contact_id, Action.NETWORK_EDIT)
    if contact.version != expected_version:
        raise Conflict()
    contact.removed_at = utcnow()
    linked = contact.membership_id is not None
    _save(session, contact)
    audit.record(session, actor, "network.remove", object_type="contact", object_id=contact.id)
    if linked:
        _refresh_plan(session, actor.family_id)
    return contact

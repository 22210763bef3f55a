"""The care plan's sections (IZP): their order, the fields of each, their checks, and
what changed between two versions. Pure: no database, no Reflex.

The sections follow the parts of the Dutch individual care plan (IZP) for children in
palliative care, from the public material we could read (the full IZP 3.0 PDF was not
available): the IZP 2.2 test version (Aug 2022) for "Gegevens zorgplan" (discussed with
the child, the parents and the main practitioner; review date), "Algemene informatie",
"Medische situatie" (including what the child knows and in which words) and "Het
zorgteam"; the Kenniscentrum's IZP 3.0 page for the domains (lichamelijk, "gevoelens en
gedachten", "familie en vrienden", "opvoeding en onderwijs", zingeving); IZP 2.0 for
"Waarden, doelen en voorkeuren" and the treatment agreements; ZonMw's description of
IZP 3.0 for "wie is ons kind" (what kind of child, how it communicates, what comforts)
and the wishes for the end of life. The acute agreements use the four treatments of the
Dutch ACP standard (IKNL "Proactieve Zorgplanning").

Content shapes (dates as "YYYY-MM-DD" or ""):
* text/long fields: strings;
* date fields: an ISO day or "";
* choice fields: one of the field's choices ("" = not chosen);
* team.members: [{role, name, phone, contact_id (int|None)}];
* <domain>.goals: [{goal, who, evaluate_on, agreement_id (int|None), task_id (int|None)}].
Labels: `careplan.section.<key>` and `careplan.field.<key>.<name>` in the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from dossier.clock import BadDay, parse_day
from dossier.domain.errors import InvalidInput
from dossier.domain.text import line_problem, note_problem
from dossier.models.care_plan import CarePlanSectionKey, CarePlanVisibility, TreatmentChoice

K = CarePlanSectionKey

SECTION_ORDER: tuple[str, ...] = tuple(str(k) for k in CarePlanSectionKey)
DOMAINS: tuple[str, ...] = (
    str(K.PHYSICAL),
    str(K.PSYCHOLOGICAL),
    str(K.SOCIAL),
    str(K.PEDAGOGICAL),
    str(K.SPIRITUAL),
)
DEFAULT_VISIBILITY: dict[str, str] = {
    key: str(
        CarePlanVisibility.CAREGIVERS
        if key in (K.GENERAL, K.CHILD, K.TEAM, K.ACUTE)
        else CarePlanVisibility.CORE
    )
    for key in SECTION_ORDER
}
VISIBILITIES: tuple[str, ...] = tuple(str(v) for v in CarePlanVisibility)

TEXT, LONG, DATE, CHOICE, ROWS = "text", "long", "date", "choice", "rows"
TEXT_MAX = 200
LONG_MAX = 4000
ON_BEHALF_MAX = 120
TEAM_MAX = 40
GOALS_MAX = 20
YES_NO: tuple[str, ...] = ("yes", "no", "")
TREATMENT: tuple[str, ...] = tuple(str(c) for c in TreatmentChoice)  # yes, no, consult, ""
ACUTE_CHOICES: tuple[str, ...] = ("resuscitation", "ventilation", "icu", "hospital")
TEAM_ROW: tuple[str, ...] = ("role", "name", "phone", "contact_id")
GOAL_ROW: tuple[str, ...] = ("goal", "who", "evaluate_on", "agreement_id", "task_id")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    kind: str  # text / long / date / choice / rows
    choices: tuple[str, ...] = ()

    def label_key(self, section: str) -> str:
        return f"careplan.field.{section}.{self.name}"


def _f(name: str, kind: str = LONG, choices: tuple[str, ...] = ()) -> FieldSpec:
    return FieldSpec(name, kind, choices)


_DOMAIN_FIELDS = (_f("situation"), _f("goals", ROWS))
FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    K.DETAILS: (
        _f("with_child_on", DATE),
        _f("with_child_by", TEXT),
        _f("with_parents_on", DATE),
        _f("with_practitioner_on", DATE),
        _f("main_practitioner", TEXT),
        _f("acp_planned_on", DATE),
    ),
    K.GENERAL: (
        _f("language", TEXT),
        _f("understands_dutch", TEXT),
        _f("interpreter", CHOICE, YES_NO),
        _f("living_situation"),
        _f("culture_faith"),
    ),
    K.CHILD: (_f("likes"), _f("communicates"), _f("comforts"), _f("dislikes")),
    K.MEDICAL: (
        _f("history"),
        _f("diagnosis"),
        _f("outlook"),
        _f("discussed_how"),
        _f("what_child_knows"),
        _f("allergies"),
    ),
    K.TEAM: (_f("members", ROWS),),
    **dict.fromkeys(DOMAINS, _DOMAIN_FIELDS),
    K.VALUES: (
        _f("important"),
        _f("hopes"),
        _f("fears"),
        _f("quality_of_life"),
        _f("wishes"),
    ),
    K.ACUTE: (
        *(_f(name, CHOICE, TREATMENT) for name in ACUTE_CHOICES),
        _f("agreed_on", DATE),
        _f("notes"),
    ),
    K.END_OF_LIFE: (_f("place"), _f("wishes"), _f("after_death"), _f("aftercare")),
}
FIELDS = {str(k): v for k, v in FIELDS.items()}


class SectionInputError(InvalidInput):
    """One or more fields are not right: `errors` maps each field to its catalogue key."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(next(iter(self.errors.values())))


def section_label_key(key: str) -> str:
    return f"careplan.section.{key}"


def fields_of(key: str) -> tuple[FieldSpec, ...]:
    if key not in FIELDS:
        raise InvalidInput("careplan.error.section")
    return FIELDS[key]


def empty_content(key: str) -> dict[str, Any]:
    return {f.name: [] if f.kind == ROWS else "" for f in fields_of(key)}


def parse_id(raw: Any) -> int | str | None:
    """A row id as sent: None when empty, an int when plain digits, else "bad"."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return "bad"
    if isinstance(raw, int):
        return raw if 0 < raw < 10**9 else "bad"
    text = str(raw).strip()
    if not text:
        return None
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else "bad"


def _clean(raw: Any) -> str:
    return str(raw if raw is not None else "").strip().replace("\r\n", "\n")


def clean_content(key: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The content as it will be stored, or SectionInputError naming each wrong field.
    Ids in rows are only parsed here; whether they are this family's is the caller's."""
    specs = fields_of(key)
    errors: dict[str, str] = {}

    def note(field: str, problem: str | None) -> None:
        if problem and field not in errors:
            errors[field] = problem

    def words(field: str, value: Any, kind: str) -> str:
        text = _clean(value)
        if kind == TEXT and "\n" in text:
            text = " ".join(text.split())
        if len(text) > (TEXT_MAX if kind == TEXT else LONG_MAX):
            note(field, "careplan.error.too_long")
        note(field, line_problem(text) if kind == TEXT else note_problem(text))
        return text

    def day(field: str, value: Any) -> str:
        text = _clean(value)
        try:
            found = parse_day(text)
        except BadDay:
            note(field, "careplan.error.date")
            return text
        return found.isoformat() if found else ""

    content: dict[str, Any] = {}
    for spec in specs:
        value = raw.get(spec.name)
        if spec.kind in (TEXT, LONG):
            content[spec.name] = words(spec.name, value, spec.kind)
        elif spec.kind == DATE:
            content[spec.name] = day(spec.name, value)
        elif spec.kind == CHOICE:
            choice = _clean(value)
            if choice not in spec.choices:
                note(spec.name, "careplan.error.choice")
            content[spec.name] = choice
        elif spec.name == "members":
            content[spec.name] = _team_rows(value, note, words)
        else:
            content[spec.name] = _goal_rows(value, note, words, day)
    if errors:
        order = [s.name for s in specs]
        raise SectionInputError({f: errors[f] for f in (*order, *errors) if f in errors})
    return content


def _rows(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, list | tuple):
        return []
    return [row for row in value if isinstance(row, Mapping)]


def _team_rows(value: Any, note: Any, words: Any) -> list[dict[str, Any]]:
    rows = []
    for row in _rows(value):
        cleaned = {
            "role": words("members", row.get("role"), TEXT),
            "name": words("members", row.get("name"), TEXT),
            "phone": words("members", row.get("phone"), TEXT),
            "contact_id": parse_id(row.get("contact_id")),
        }
        if not any(cleaned[f] for f in ("role", "name", "phone", "contact_id")):
            continue  # an empty row is no row
        if not cleaned["name"] and cleaned["contact_id"] in (None, "bad"):
            # A row picked from the network takes its name from the contact.
            note("members", "careplan.error.name_required")
        if cleaned["contact_id"] == "bad":
            note("members", "careplan.error.contact_unknown")
            cleaned["contact_id"] = None
        rows.append(cleaned)
    if len(rows) > TEAM_MAX:
        note("members", "careplan.error.too_many")
    return rows


def _goal_rows(value: Any, note: Any, words: Any, day: Any) -> list[dict[str, Any]]:
    rows = []
    for row in _rows(value):
        cleaned = {
            "goal": words("goals", row.get("goal"), LONG),
            "who": words("goals", row.get("who"), TEXT),
            "evaluate_on": day("goals", row.get("evaluate_on")),
            "agreement_id": parse_id(row.get("agreement_id")),
            "task_id": parse_id(row.get("task_id")),
        }
        if not any(cleaned.values()):
            continue
        if not cleaned["goal"]:
            note("goals", "careplan.error.goal_required")
        for link in ("agreement_id", "task_id"):
            if cleaned[link] == "bad":
                note("goals", "careplan.error.link_unknown")
                cleaned[link] = None
        rows.append(cleaned)
    if len(rows) > GOALS_MAX:
        note("goals", "careplan.error.too_many")
    return rows


def clean_on_behalf_of(raw: Any) -> str:
    """The main practitioner a treatment section is recorded for: required, one line."""
    text = " ".join(_clean(raw).split())
    if not text:
        raise SectionInputError({"on_behalf_of": "careplan.error.on_behalf_required"})
    if len(text) > ON_BEHALF_MAX:
        raise SectionInputError({"on_behalf_of": "careplan.error.too_long"})
    if problem := line_problem(text):
        raise SectionInputError({"on_behalf_of": problem})
    return text


def is_empty(content: Mapping[str, Any]) -> bool:
    return not any(content.values())


# --------------------------------------------------------------------------------------
# What changed
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Difference:
    """One field that differs: its label, and old and new as stored (rows as dicts).
    `kind` tells the page how to show the values (a choice is translated)."""

    label_key: str
    field: str
    kind: str
    old: Any
    new: Any


def _row_key(row: Mapping[str, Any], names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(row.get(n) for n in names)


def differences(
    key: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> list[Difference]:
    """Per field that differs (in form order): label, old and new. Rows (goals, team
    members) are compared as rows: a row in both is unchanged; the rows only in the old
    version are set beside the rows only in the new one, in order ("" where none)."""
    old = old or {}
    new = new or {}
    found: list[Difference] = []
    for spec in fields_of(key):
        label = spec.label_key(key)
        before, after = old.get(spec.name), new.get(spec.name)
        if spec.kind != ROWS:
            b, a = before or "", after or ""
            if b != a:
                found.append(Difference(label, spec.name, spec.kind, b, a))
            continue
        names = TEAM_ROW if spec.name == "members" else GOAL_ROW
        old_rows, new_rows = _rows(before), _rows(after)
        old_keys = [_row_key(r, names) for r in old_rows]
        new_keys = [_row_key(r, names) for r in new_rows]
        gone = [dict(r) for r, k in zip(old_rows, old_keys, strict=True) if k not in new_keys]
        came = [dict(r) for r, k in zip(new_rows, new_keys, strict=True) if k not in old_keys]
        for b_row, a_row in zip_longest(gone, came, fillvalue=None):
            found.append(Difference(label, spec.name, spec.kind, b_row or "", a_row or ""))
    return found


def changed_fields(key: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    return list(dict.fromkeys(d.field for d in differences(key, old, new)))

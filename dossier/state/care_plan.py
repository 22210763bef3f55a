"""Het zorgplan: the sections as a list, one section in the pane (tablet) or a dialog
(phone), its form, "wat is er veranderd" with a parent's confirmation, the readers per
section, and the consent to share.

Thin: the rules live in dossier/domain/care_plan.py, care_plan_consent.py and
care_plan_sections.py (and the gate). Ids and versions arrive as text from the browser
and are re-read there, never trusted here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypedDict

import reflex as rx
from babel.dates import format_date
from sqlmodel import Session

from dossier.domain import care_plan as plan_rules
from dossier.domain import care_plan_consent as consent_rules
from dossier.domain.care_plan_sections import (
    CHOICE,
    DATE,
    DOMAINS,
    FIELDS,
    ROWS,
    SectionInputError,
    section_label_key,
)
from dossier.domain.erasure import display_name
from dossier.domain.errors import Conflict, InvalidInput
from dossier.domain.families import member_names
from dossier.domain.once import is_fresh_send, new_form_key
from dossier.domain.plan_parts import parse_id
from dossier.i18n import format_moment
from dossier.models import Family, Role
from dossier.models.care_plan import CarePlanSection
from dossier.permissions import TREATMENT_SECTIONS, Action, Actor, can
from dossier.state.base import AppState, guarded

SPARE_ROWS = 1  # empty rows under the goals or team members, to add one
ROWS_MAX = 40


class Option(TypedDict):
    value: str
    label: str


class Choice(TypedDict):
    value: str
    label: str
    checked: bool


class Line(TypedDict):
    label: str
    value: str


class ChangeRow(TypedDict):
    name: str
    old: str
    new: str


class SectionCard(TypedDict):
    id: str
    key: str
    title: str
    status: str  # "Laatst veranderd door Hanna op ..." / "Hier staat nog niets."
    needs_confirm: bool


class SectionDetail(TypedDict):
    id: str
    version: str
    key: str
    title: str
    lines: list[Line]
    empty: bool
    changed_text: str
    recorded_text: str  # treatment sections: "Vastgelegd door ... namens ... op ..."
    treatment: bool
    may_edit: bool
    needs_confirm: bool
    confirmed_text: str


class FormField(TypedDict):
    name: str
    label: str
    kind: str  # text / long / date / choice
    value: str
    error: str
    options: list[Choice]


class GoalRow(TypedDict):
    n: str
    label: str  # "Regel 2"
    goal: str
    who: str
    evaluate_on: str
    agreement_id: str
    task_id: str


class TeamRow(TypedDict):
    n: str
    label: str
    role: str
    name: str
    phone: str
    contact_id: str


CHOICE_KEYS = {
    "yes": "careplan.choice.yes",
    "no": "careplan.choice.no",
    "consult": "careplan.choice.consult",
    "": "careplan.choice.unset",
}


def raw_from_form(key: str, form: Mapping[str, Any]) -> dict[str, Any]:
    """The section's fields as the domain takes them: plain fields by name, goal rows as
    `goal_<n>`/`who_<n>`/..., team rows as `role_<n>`/`name_<n>`/...; a row whose
    `remove_<n>` box is ticked is left out."""

    def rows(prefix: str) -> list[str]:
        found = {k[len(prefix) :] for k in form if k.startswith(prefix)}
        numbers = sorted(int(n) for n in found if n.isdigit() and len(n) <= 3)
        return [str(n) for n in numbers if not form.get(f"remove_{n}")][:ROWS_MAX]

    raw: dict[str, Any] = {}
    for spec in FIELDS.get(key, ()):
        if spec.kind != ROWS:
            raw[spec.name] = form.get(spec.name)
        elif spec.name == "goals":
            raw["goals"] = [
                {f: form.get(f"{f}_{n}") for f in ("goal", "who", "evaluate_on")}
                | {"agreement_id": form.get(f"agreement_{n}"), "task_id": form.get(f"task_{n}")}
                for n in rows("goal_")
            ]
        else:
            raw["members"] = [
                {
                    "role": form.get(f"role_{n}"),
                    "name": form.get(f"name_{n}"),
                    "phone": form.get(f"phone_{n}"),
                    "contact_id": form.get(f"contact_{n}"),
                }
                for n in rows("name_")
            ]
    return raw


class CarePlanState(AppState):
    loaded: bool = False
    has_plan: bool = False
    whole: bool = False  # parents and case managers read every section
    can_start: bool = False  # parents and case managers
    is_parent: bool = False  # confirms, chooses readers, consents
    is_child: bool = False
    version_text: str = ""
    last_change_text: str = ""
    cards: list[SectionCard] = []
    # The opened section: the pane beside the list (tablet) or the dialog (phone).
    selected_id: str = ""
    detail: list[SectionDetail] = []
    changes: list[ChangeRow] = []
    visibility_choices: list[Choice] = []
    visibility_version: str = ""
    # The dialog: "view" (a phone's look at a section) or "edit" (the form)
    dialog_open: bool = False
    dialog_mode: str = "view"
    form_key: int = 0
    send_key: str = ""
    saving: bool = False
    form_id: str = ""
    form_version: str = ""
    form_title: str = ""
    form_section: str = ""
    form_fields: list[FormField] = []
    form_treatment: bool = False
    on_behalf_value: str = ""
    on_behalf_error: str = ""
    goal_rows: list[GoalRow] = []
    team_rows: list[TeamRow] = []
    rows_error: str = ""
    form_alert: str = ""
    agreement_options: list[Option] = []
    task_options: list[Option] = []
    contact_options: list[Option] = []
    # Consent
    consent_holds: bool = False
    consent_lines: list[str] = []
    parent_yes: bool = False
    child_needed: bool = False
    child_yes: bool = False
    child_has_account: bool = False
    child_name: str = ""
    give_child_label: str = ""  # "Cleo geeft toestemming (vastleggen)"
    withdraw_child_label: str = ""

    # ----------------------------------------------------------------------------------
    # Loading
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def load_plan(self) -> None:
        self.dialog_open = False
        self.selected_id = ""
        self.detail = []
        self._load_plan()
        wanted = str(self.router.url.query_parameters.get("open", ""))[:20]
        if wanted:
            card = next((c for c in self.cards if c["key"] == wanted), None)
            if card is not None:
                self._open(card["id"], wide=False)

    @rx.event
    @guarded
    def refresh_plan(self) -> None:
        """Someone changed the dossier (live.js): the plan again, the open pane kept."""
        self._load_plan()
        if self.selected_id:
            self._open(self.selected_id, wide=True)

    def _load_plan(self) -> None:
        with self._work(fresh=True) as (session, actor):
            view = plan_rules.read_plan(session, actor)
            names = member_names(session, actor)
            consent = consent_rules.consent_state(session, actor)
            family = session.get(Family, actor.family_id)
            self.can_start = can(actor, Action.CAREPLAN_EDIT)
            self.is_parent = actor.role == Role.PARENT
            self.is_child = actor.role == Role.CHILD
            if self.can_start and view.plan is not None:
                self._load_options(session, actor)
        self.child_name = (family.child_name if family else "") or self._message(
            "careplan.our_child"
        )
        self.whole = view.whole
        self.has_plan = view.plan is not None
        self.cards = [self._card(s, names) for s in view.sections]
        self._load_consent(consent)
        plan = view.plan
        self.version_text = self._message("careplan.version", n=plan.edition) if plan else ""
        moments = [s.updated_at for s in view.sections if s.updated_at]
        self.last_change_text = (
            self._message("careplan.last_change", when=format_moment(max(moments), self.lang))
            if moments
            else ""
        )
        self.loaded = True

    def _load_options(self, session: Session, actor: Actor) -> None:
        self.agreement_options = [
            {"value": str(a.id), "label": a.topic}
            for a in plan_rules.linkable_agreements(session, actor)
        ]
        self.task_options = [
            {"value": str(t.id), "label": t.title}
            for t in plan_rules.linkable_tasks(session, actor)
        ]
        self.contact_options = [
            {
                "value": str(c.id),
                "label": f"{c.name} ({c.organisation})" if c.organisation else c.name,
            }
            for c in plan_rules.team_contacts(session, actor)
        ]

    def _load_consent(self, view: consent_rules.ConsentView) -> None:
        lines = []
        if view.parent_yes is not None:
            lines.append(
                self._message(
                    "careplan.consent.given", day=self._long_day(view.parent_yes.given_on)
                )
            )
        if view.child_needed and view.child_yes is not None:
            lines.append(
                self._message(
                    "careplan.consent.child_given",
                    name=self.child_name,
                    day=self._long_day(view.child_yes.given_on),
                )
            )
        if view.child_needed and view.child_yes is None:
            lines.append(self._message("careplan.consent.child_needed", name=self.child_name))
        self.consent_lines = lines
        self.consent_holds = view.holds
        self.parent_yes = view.parent_yes is not None
        self.child_needed = view.child_needed
        self.child_yes = view.child_yes is not None
        self.child_has_account = view.child_has_account
        self.give_child_label = self._message("careplan.consent.give_child", name=self.child_name)
        self.withdraw_child_label = self._message(
            "careplan.consent.withdraw_child", name=self.child_name
        )

    def _long_day(self, day: date) -> str:
        return format_date(day, "d MMMM y", locale=self.lang)

    def _who(self, names: dict[int, str], member_id: int | None) -> str:
        name = names.get(member_id or 0, "")
        return display_name(name, self.lang) if name else self._message("careplan.someone")

    def _card(self, section: CarePlanSection, names: dict[int, str]) -> SectionCard:
        if section.number == 0 or section.updated_at is None:
            status = self._message("careplan.empty_section")
        else:
            status = self._message(
                "careplan.changed_by",
                who=self._who(names, section.updated_by_id),
                when=format_moment(section.updated_at, self.lang),
            )
        return {
            "id": str(section.id),
            "key": section.key,
            "title": self._message(section_label_key(section.key)),
            "status": status,
            "needs_confirm": self.is_parent and section.number > section.confirmed_number,
        }

    def _value(self, kind: str, value: Any) -> str:
        if kind == CHOICE:
            return self._message(CHOICE_KEYS.get(str(value or ""), "careplan.choice.unset"))
        if kind == DATE:
            return self._long_day(date.fromisoformat(value)) if value else ""
        return str(value or "")

    def _row_text(self, name: str, row: Any) -> str:
        if not isinstance(row, Mapping):
            return ""
        if name == "members":
            parts = [row.get("role"), row.get("name"), row.get("phone")]
            return " · ".join(str(p) for p in parts if p)
        parts = [row.get("goal"), row.get("who")]
        if row.get("evaluate_on"):
            parts.append(self._value(DATE, row.get("evaluate_on")))
        return " · ".join(str(p) for p in parts if p)

    def _lines(self, key: str, content: Mapping[str, Any]) -> list[Line]:
        lines: list[Line] = []
        for spec in FIELDS.get(key, ()):
            value = content.get(spec.name)
            label = self._message(spec.label_key(key))
            if spec.kind == ROWS:
                rows = [self._row_text(spec.name, r) for r in value or ()]
                if rows:
                    lines.append({"label": label, "value": "\n".join(r for r in rows if r)})
            elif value or (spec.kind == CHOICE and key == "acute"):
                lines.append({"label": label, "value": self._value(spec.kind, value)})
        return lines

    def _detail(
        self, section: CarePlanSection, names: dict[int, str], actor: Actor
    ) -> SectionDetail:
        content = section.content or {}
        when = format_moment(section.updated_at, self.lang) if section.updated_at else ""
        who = self._who(names, section.updated_by_id)
        treatment = section.key in TREATMENT_SECTIONS
        changed = ""
        recorded = ""
        if section.number > 0 and treatment:
            recorded = self._message(
                "careplan.recorded_by", who=who, behalf=section.on_behalf_of, when=when
            )
        elif section.number > 0:
            changed = self._message("careplan.changed_by", who=who, when=when)
        confirmed = ""
        if section.confirmed_number and section.confirmed_at:
            confirmed = self._message(
                "careplan.confirmed",
                who=self._who(names, section.confirmed_by_id),
                when=format_moment(section.confirmed_at, self.lang),
            )
        elif section.number > 0:
            confirmed = self._message("careplan.not_confirmed")
        return {
            "id": str(section.id),
            "version": str(section.version),
            "key": section.key,
            "title": self._message(section_label_key(section.key)),
            "lines": self._lines(section.key, content),
            "empty": section.number == 0,
            "changed_text": changed,
            "recorded_text": recorded,
            "treatment": treatment,
            "may_edit": can(actor, Action.CAREPLAN_EDIT, section),
            "needs_confirm": actor.role == Role.PARENT
            and section.number > section.confirmed_number,
            "confirmed_text": confirmed,
        }

    # ----------------------------------------------------------------------------------
    # Opening a section
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def open_section(self, section_id: str, wide: bool = False) -> None:
        self._open(section_id, wide is True)

    def _open(self, section_id: str, wide: bool) -> None:
        wanted = parse_id(section_id)
        if wanted is None:
            return
        with self._work() as (session, actor):
            section = plan_rules.get_section(session, actor, wanted)
            names = member_names(session, actor)
            detail = self._detail(section, names, actor)
            changes = []
            if detail["needs_confirm"]:
                changes = plan_rules.changes_since_confirmed(session, actor, wanted)
            self._fill_form(section)
        self.detail = [detail]
        self.changes = [
            {"name": self._message(c.label_key), "old": self._shown(c), "new": self._shown(c, True)}
            for c in changes
        ]
        self.visibility_version = detail["version"]
        self.visibility_choices = [
            {
                "value": value,
                "label": self._message(key, name=self.child_name),
                "checked": section.visibility == value,
            }
            for value, key in (
                ("core", "careplan.visibility.core"),
                ("caregivers", "careplan.visibility.caregivers"),
                ("child", "careplan.visibility.child"),
            )
        ]
        if wide:
            self.selected_id = detail["id"]
        else:
            self.dialog_mode = "view"
            self.dialog_open = True

    def _shown(self, change: Any, new: bool = False) -> str:
        value = change.new if new else change.old
        if change.kind == ROWS:
            text = self._row_text(change.field, value)
        else:
            text = self._value(change.kind, value) if value else ""
        return text or self._message("careplan.changes.empty_value")

    def _fill_form(self, section: CarePlanSection) -> None:
        self.form_key += 1
        self.send_key = new_form_key()
        self.form_alert = ""
        self.on_behalf_error = ""
        self.rows_error = ""
        self.form_id = str(section.id)
        self.form_version = str(section.version)
        self.form_section = section.key
        self.form_title = self._message(section_label_key(section.key))
        self.form_treatment = section.key in TREATMENT_SECTIONS
        self.on_behalf_value = section.on_behalf_of or ""
        self._fill_values(section.key, section.content or {}, {})

    def _fill_values(self, key: str, content: Mapping[str, Any], errors: Mapping[str, str]) -> None:
        fields: list[FormField] = []
        for spec in FIELDS.get(key, ()):
            if spec.kind == ROWS:
                continue
            value = str(content.get(spec.name) or "")
            fields.append(
                {
                    "name": spec.name,
                    "label": self._message(spec.label_key(key)),
                    "kind": spec.kind,
                    "value": value,
                    "error": self._message(errors[spec.name]) if spec.name in errors else "",
                    "options": [
                        {
                            "value": choice,
                            "label": self._message(CHOICE_KEYS[choice]),
                            "checked": value == choice,
                        }
                        for choice in spec.choices
                    ],
                }
            )
        self.form_fields = fields
        rows = [
            r
            for r in content.get("goals" if key in DOMAINS else "members") or ()
            if isinstance(r, Mapping)
        ]
        spare: list[Mapping[str, Any]] = [{}] * SPARE_ROWS
        if key in DOMAINS:
            self.goal_rows = [
                {
                    "n": str(n),
                    "label": self._message("careplan.row_n", n=n + 1),
                    "goal": str(r.get("goal") or ""),
                    "who": str(r.get("who") or ""),
                    "evaluate_on": str(r.get("evaluate_on") or ""),
                    "agreement_id": str(r.get("agreement_id") or ""),
                    "task_id": str(r.get("task_id") or ""),
                }
                for n, r in enumerate([*rows, *spare])
            ]
        else:
            self.goal_rows = []
        if key == "team":
            self.team_rows = [
                {
                    "n": str(n),
                    "label": self._message("careplan.row_n", n=n + 1),
                    "role": str(r.get("role") or ""),
                    "name": str(r.get("name") or ""),
                    "phone": str(r.get("phone") or ""),
                    "contact_id": str(r.get("contact_id") or ""),
                }
                for n, r in enumerate([*rows, *spare])
            ]
        else:
            self.team_rows = []
        row_field = "goals" if key in DOMAINS else "members"
        self.rows_error = self._message(errors[row_field]) if row_field in errors else ""

    @rx.event
    def add_row(self) -> None:
        """One more empty row (goals or team); what was typed in the others stays."""
        label = self._message("careplan.row_n", n=len(self.goal_rows or self.team_rows) + 1)
        if self.goal_rows and len(self.goal_rows) < ROWS_MAX:
            n = str(len(self.goal_rows))
            self.goal_rows.append(
                {
                    "n": n,
                    "label": label,
                    "goal": "",
                    "who": "",
                    "evaluate_on": "",
                    "agreement_id": "",
                    "task_id": "",
                }
            )
        elif self.team_rows and len(self.team_rows) < ROWS_MAX:
            n = str(len(self.team_rows))
            self.team_rows.append(
                {"n": n, "label": label, "role": "", "name": "", "phone": "", "contact_id": ""}
            )

    @rx.event
    def edit_section(self) -> None:
        """The form of the open section (in the dialog, on a phone and a tablet)."""
        if self.detail and self.detail[0]["may_edit"]:
            self.dialog_mode = "edit"
            self.dialog_open = True

    @rx.event
    def set_dialog_open(self, is_open: bool) -> None:
        self.dialog_open = bool(is_open)

    @rx.event
    def start_saving(self, _form: dict[str, Any]) -> None:
        self.saving = True

    # ----------------------------------------------------------------------------------
    # Writing
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def start_plan(self) -> Any:
        with self._work() as (session, actor):
            plan_rules.start_plan(session, actor)
        self._load_plan()
        return None

    @rx.event
    @guarded
    def save_section(self, form_data: dict[str, Any]) -> Any:
        self.saving = False
        form = dict(form_data or {})
        if not is_fresh_send(form, self.send_key):
            return None
        section_id, version = parse_id(form.get("id")), parse_id(form.get("version"))
        if section_id is None or version is None:
            return None
        key = self.form_section
        try:
            with self._work() as (session, actor):
                # The section's own key decides the fields (never the browser).
                key = plan_rules.get_section(session, actor, section_id).key
                raw = raw_from_form(key, form)
                plan_rules.save_section(
                    session,
                    actor,
                    section_id=section_id,
                    expected_version=version,
                    raw=raw,
                    on_behalf_of=form.get("on_behalf_of", ""),
                )
        except SectionInputError as exc:
            self._fill_values(key, raw_from_form(key, form), exc.errors)
            self.on_behalf_value = str(form.get("on_behalf_of") or "")
            self.on_behalf_error = (
                self._message(exc.errors["on_behalf_of"]) if "on_behalf_of" in exc.errors else ""
            )
            self.form_alert = self._message(exc.message_key)
            self.form_key += 1  # the form again, with what was typed
            return None
        except Conflict:
            self.form_alert = self._message("careplan.conflict")
            self._load_plan()
            self._refill_version(section_id)
            return None
        self.send_key = ""
        self.dialog_open = False
        self._load_plan()
        self._open(str(section_id), wide=bool(self.selected_id))
        return rx.toast.success(self._message("careplan.saved"))

    def _refill_version(self, section_id: int) -> None:
        with self._work() as (session, actor):
            section = plan_rules.get_section(session, actor, section_id)
            self.form_version = str(section.version)

    @rx.event
    @guarded
    def confirm_section(self, section_id: str, version: str) -> Any:
        wanted, seen = parse_id(section_id), parse_id(version)
        if wanted is None or seen is None:
            return None
        try:
            with self._work() as (session, actor):
                plan_rules.confirm_section(session, actor, section_id=wanted, expected_version=seen)
        except Conflict:
            self._load_plan()
            self._open(section_id, wide=bool(self.selected_id))
            return rx.toast.warning(self._message("careplan.conflict"))
        self._load_plan()
        self._open(section_id, wide=bool(self.selected_id))
        return rx.toast.success(self._message("careplan.confirm_done"))

    @rx.event
    @guarded
    def save_visibility(self, form_data: dict[str, Any]) -> Any:
        form = dict(form_data or {})
        wanted, seen = parse_id(form.get("id")), parse_id(form.get("version"))
        if wanted is None or seen is None:
            return None
        try:
            with self._work() as (session, actor):
                plan_rules.set_visibility(
                    session,
                    actor,
                    section_id=wanted,
                    expected_version=seen,
                    visibility=form.get("visibility"),
                )
        except Conflict:
            self._load_plan()
            self._open(str(wanted), wide=bool(self.selected_id))
            return rx.toast.warning(self._message("careplan.conflict"))
        self._open(str(wanted), wide=bool(self.selected_id))
        return rx.toast.success(self._message("careplan.visibility.saved"))

    def _consent(self, give: bool, for_child: bool) -> Any:
        try:
            with self._work() as (session, actor):
                if give:
                    consent_rules.give(session, actor, for_child=for_child)
                else:
                    consent_rules.withdraw(session, actor, for_child=for_child)
        except InvalidInput as exc:
            return rx.toast.error(self._message(exc.message_key))
        self._load_plan()
        if self.selected_id:
            self._open(self.selected_id, wide=True)
        return rx.toast.success(
            self._message("careplan.consent.saved" if give else "careplan.consent.withdrawn")
        )

    @rx.event
    @guarded
    def give_consent(self) -> Any:
        return self._consent(True, False)

    @rx.event
    @guarded
    def withdraw_consent(self) -> Any:
        return self._consent(False, False)

    @rx.event
    @guarded
    def give_child_consent(self) -> Any:
        return self._consent(True, True)

    @rx.event
    @guarded
    def withdraw_child_consent(self) -> Any:
        return self._consent(False, True)

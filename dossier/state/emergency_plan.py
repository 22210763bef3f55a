"""Als het plotseling moet: the plan's parts as cards, one part's detail and form, the
review date, and the print view.

Thin: every rule lives in dossier/domain/emergency_plan.py (and the gate). Ids and
versions arrive as text from the browser and are checked there, never trusted here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

import reflex as rx

from dossier.clock import local_today
from dossier.domain import emergency_plan as plan_rules
from dossier.domain import plan_parts
from dossier.domain.erasure import display_name
from dossier.domain.errors import Conflict
from dossier.domain.families import member_names
from dossier.domain.once import is_fresh_send, new_form_key
from dossier.domain.plan_parts import (
    FIELDS,
    PlanInputError,
    contact_ids_in,
    parse_id,
    raw_from_form,
)
from dossier.i18n import format_day, format_moment, translate
from dossier.models import Contact, EmergencyPlanChange, EmergencyPlanPart, PlanSection, Role
from dossier.permissions import Action, Actor, can
from dossier.state.base import AppState, guarded

FIRST_CALL_ROWS = 6  # rows in the "eerst bellen" form (filled ones plus empty ones)
BRING_SPARE = 3  # empty rows under the checklist to add things


class Option(TypedDict):
    value: str
    label: str


class Choice(TypedDict):
    value: str
    label: str
    checked: bool


class CallRow(TypedDict):
    name: str  # "Huisarts Jansen (Huisartsenpraktijk Zuid)"
    number: str  # "020 123 4567" ("" without one)
    href: str  # tel:+31201234567
    note: str


class ChangeRow(TypedDict):
    name: str
    old: str
    new: str


class PartCard(TypedDict):
    id: str
    version: str
    key: str
    section: str
    title: str
    intro: str
    calls: list[CallRow]
    lines: list[str]
    empty: bool
    pending: bool  # a case manager's proposal waits
    proposal_title: str  # "Voorstel van Hanna"
    changes: list[ChangeRow]
    mine: bool  # the proposal is this case manager's own (she may withdraw it)


class FormRow(TypedDict):
    n: str
    contact: str
    note: str
    label: str  # "Nummer 1 om te bellen"


class ItemRow(TypedDict):
    n: str
    text: str
    label: str


class HistoryRow(TypedDict):
    id: str
    when: str
    text: str


def tel(number: str) -> str:
    """A tel: link for a stored number ("" without one)."""
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return f"tel:{digits}" if digits else ""


def blank_fields() -> dict[str, str]:
    names = {name for fields in FIELDS.values() for name in fields}
    return dict.fromkeys(sorted(names), "")


class EmergencyPlanState(AppState):
    loaded: bool = False
    whole: bool = False  # parents and case managers read the whole plan
    is_sibling: bool = False
    can_edit: bool = False  # parents
    can_propose: bool = False  # case managers
    cards: list[PartCard] = []
    own_lines: list[str] = []  # a brother's or sister's own part, in kind words
    own_calls: list[CallRow] = []
    review_text: str = ""
    review_value: str = ""
    review_version: str = ""
    review_error: str = ""
    review_key: int = 0
    updated_text: str = ""
    contact_options: list[Option] = []
    sibling_options: list[Option] = []
    # The opened part: in the dialog (phone), or in the pane beside the list (tablet)
    selected_id: str = ""
    detail: list[PartCard] = []
    history: list[HistoryRow] = []
    form_open: bool = False
    form_key: int = 0
    send_key: str = ""
    saving: bool = False
    form_id: str = ""  # "" with section "sibling": a new brother or sister
    form_version: str = ""
    form_section: str = ""
    form_title: str = ""
    form_rows: list[FormRow] = []
    form_items: list[ItemRow] = []
    form_fields: dict[str, str] = blank_fields()
    form_choices: list[Choice] = []
    form_errors: dict[str, str] = blank_fields()
    form_alert: str = ""
    # The print view
    print_first: list[CallRow] = []
    print_emergency: list[CallRow] = []
    print_bring: list[str] = []
    print_updated: str = ""

    # ----------------------------------------------------------------------------------
    # Loading
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def load_plan(self) -> None:
        self.form_open = False
        self.selected_id = ""
        self.detail = []
        self._load_plan()

    @rx.event
    @guarded
    def refresh_plan(self) -> None:
        """Someone changed the dossier (live.js): the plan again, the open pane kept."""
        self._load_plan()
        if self.selected_id:
            self._open_part(self.selected_id, True)

    def _load_plan(self) -> None:
        with self._work(fresh=True) as (session, actor):
            view = plan_rules.read_plan(session, actor, lang=self.lang)
            contacts = plan_rules.named_contacts(session, actor, view.parts)
            names = member_names(session, actor)
            self.can_edit = can(actor, Action.PLAN_EDIT)
            self.can_propose = can(actor, Action.PLAN_PROPOSE)
            pickable: list[Contact] = []
            if self.can_edit or self.can_propose:
                pickable = plan_rules.plan_contacts(session, actor)
                siblings = plan_rules.sibling_options(session, actor)
            else:
                siblings = []
            plan = view.plan
        self.whole = view.whole
        self.is_sibling = actor.role == Role.SIBLING
        self.contact_options = [
            {"value": str(c.id), "label": self._contact_label(c)} for c in pickable
        ]
        self.sibling_options = [{"value": str(i), "label": name} for i, name in siblings]
        self.cards = [self._card(p, contacts, names, actor) for p in view.parts]
        self.own_lines, self.own_calls = [], []
        if self.is_sibling and view.parts:
            self.own_lines = self._sibling_lines(view.parts[0].content or {})
            self.own_calls = self._calls(view.parts[0], contacts)
        self.review_text = ""
        self.review_value = ""
        self.review_version = ""
        self.updated_text = ""
        if plan is not None:
            self.review_version = str(plan.version)
            self.review_value = plan.review_on.isoformat() if plan.review_on else ""
            self.review_text = (
                self._message("plan.review.on", day=format_day(plan.review_on, self.lang))
                if plan.review_on
                else self._message("plan.review.none")
            )
            moments = [plan.updated_at, *(p.updated_at for p in view.parts)]
            self.updated_text = self._message(
                "plan.updated", when=format_moment(max(moments), self.lang)
            )
        if self.detail:
            self.detail = [c for c in self.cards if c["id"] == self.detail[0]["id"]][:1]
        if not self.detail:
            self.selected_id = ""
        self.loaded = True

    # ----------------------------------------------------------------------------------
    # Words
    # ----------------------------------------------------------------------------------

    def _contact_label(self, contact: Contact) -> str:
        return f"{contact.name} ({contact.organisation})" if contact.organisation else contact.name

    def _call(self, contact: Contact | None, note: str = "") -> CallRow:
        if contact is None:
            return {"name": "?", "number": "", "href": "", "note": note}
        phone = next((p for p in contact.phones or () if isinstance(p, Mapping)), {})
        number = str(phone.get("number") or "")
        shown = str(phone.get("typed") or number)
        name = self._contact_label(contact)
        if contact.removed_at is not None:
            name = f"{name} {self._message('plan.removed_contact')}"
        return {"name": name, "number": shown, "href": tel(number), "note": note}

    def _calls(self, part: EmergencyPlanPart, contacts: dict[int, Contact]) -> list[CallRow]:
        content = part.content or {}
        if part.section == PlanSection.FIRST_CALL:
            return [
                self._call(contacts.get(int(i.get("contact") or 0)), str(i.get("note") or ""))
                for i in content.get("items") or ()
            ]
        return [self._call(contacts.get(i)) for i in contact_ids_in(part.section, content)]

    def _lines(self, section: str, content: Mapping[str, Any]) -> list[str]:
        """A part's words (the contacts are in `calls`)."""
        lines = []
        if section == PlanSection.BRING:
            return [str(i.get("label") or "") for i in content.get("items") or ()]
        for name in FIELDS.get(section, ()):
            value = content.get(name)
            if name in plan_parts.TEXT_FIELDS and value:
                lines.append(self._message(f"plan.kind.{name}", text=value))
        return lines

    def _sibling_lines(self, content: Mapping[str, Any]) -> list[str]:
        lines = [
            self._message(f"plan.sib.{name}", text=content[name])
            for name in ("pickup", "sleep", "school")
            if content.get(name)
        ]
        return lines

    def _title(self, part: EmergencyPlanPart) -> str:
        if part.section == PlanSection.SIBLING:
            name = str((part.content or {}).get("name") or "")
            return self._message("plan.sibling_title", name=name)
        return self._message(f"plan.section.{part.section}")

    def _value(
        self, name: str, value: Any, contacts: dict[int, Contact], names: dict[int, str]
    ) -> str:
        if value in (None, "", []):
            return self._message("plan.not_yet")
        if name == "items" and isinstance(value, list):
            texts = []
            for item in value:
                if "label" in item:
                    texts.append(str(item.get("label") or ""))
                else:
                    call = self._call(contacts.get(int(item.get("contact") or 0)))
                    note = str(item.get("note") or "")
                    texts.append(f"{call['name']} ({note})" if note else call["name"])
            return "; ".join(texts)
        if name == "contacts" and isinstance(value, list):
            return ", ".join(self._call(contacts.get(int(i))).get("name", "?") for i in value)
        if name in ("contact", "pickup_contact") and isinstance(value, int):
            return self._call(contacts.get(value))["name"]
        if name == "member" and isinstance(value, int):
            return names.get(value, "?")
        return str(value)

    def _card(
        self,
        part: EmergencyPlanPart,
        contacts: dict[int, Contact],
        names: dict[int, str],
        actor: Actor,
    ) -> PartCard:
        content = part.content or {}
        calls = self._calls(part, contacts)
        lines = self._lines(part.section, content)
        changes: list[ChangeRow] = []
        proposal_title = ""
        pending = self.whole and part.proposed is not None
        if pending and part.proposed is not None:
            who = display_name(names.get(part.proposed_by_id or 0, ""), self.lang)
            proposal_title = self._message(
                "plan.proposal.title", who=who or self._message("plan.history.nobody")
            )
            for name in FIELDS.get(part.section, ()):
                old, new = content.get(name), part.proposed.get(name)
                if old != new:
                    changes.append(
                        {
                            "name": self._message(f"plan.field.{name}"),
                            "old": self._value(name, old, contacts, names),
                            "new": self._value(name, new, contacts, names),
                        }
                    )
        return {
            "id": str(part.id),
            "version": str(part.version),
            "key": part.key,
            "section": part.section,
            "title": self._title(part),
            "intro": self._message(f"plan.intro.{part.section}"),
            "calls": calls,
            "lines": lines,
            "empty": not calls and not lines,
            "pending": pending,
            "proposal_title": proposal_title,
            "changes": changes,
            "mine": pending and part.proposed_by_id == actor.membership_id,
        }

    def _history_row(self, change: EmergencyPlanChange, names: dict[int, str]) -> HistoryRow:
        who = display_name(names.get(change.membership_id or 0, ""), self.lang)
        who = who or self._message("plan.history.nobody")
        fields = [
            self._message(f"plan.field.{name}")
            for name in change.changes
            if name not in ("by",) and translate(self.lang, f"plan.field.{name}") != name
        ]
        text = self._message(f"plan.history.{change.kind}", who=who, changes=", ".join(fields))
        return {"id": str(change.id), "when": format_moment(change.at, self.lang), "text": text}

    # ----------------------------------------------------------------------------------
    # One part: its detail (pane or dialog) and its form
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def open_part(self, part_id: str, wide: bool = False) -> None:
        self._open_part(part_id, wide is True)

    def _open_part(self, part_id: str, wide: bool) -> None:
        wanted = parse_id(part_id)
        if wanted is None:
            return
        with self._work() as (session, actor):
            history = plan_rules.part_history(session, actor, wanted)
            part = plan_rules.get_part(session, actor, wanted)
            contacts = plan_rules.named_contacts(session, actor, [part])
            names = member_names(session, actor)
            card = self._card(part, contacts, names, actor)
            self._fill_form(part, actor)
        self.history = [self._history_row(h, names) for h in history]
        self.detail = [card]
        if wide:
            self.selected_id = card["id"]
        else:
            self.form_open = True

    def _fill_form(self, part: EmergencyPlanPart, actor: Actor) -> None:
        """The form shows the part (or, for a case manager, her own pending proposal)."""
        content = dict(part.content or {})
        if part.proposed is not None and part.proposed_by_id == actor.membership_id:
            content = dict(part.proposed)
        self._reset_form()
        self.form_id = str(part.id)
        self.form_version = str(part.version)
        self.form_section = part.section
        self.form_title = self._title(part)
        self._fill_values(part.section, content)

    def _fill_values(self, section: str, content: Mapping[str, Any]) -> None:
        fields = blank_fields()
        for name in FIELDS.get(section, ()):
            value = content.get(name)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                fields[name] = str(value)
        self.form_fields = fields
        items = list(content.get("items") or ()) if section == PlanSection.FIRST_CALL else []
        count = max(FIRST_CALL_ROWS, len(items) + 1)
        self.form_rows = [
            {
                "n": str(n),
                "contact": str(items[n].get("contact") or "") if n < len(items) else "",
                "note": str(items[n].get("note") or "") if n < len(items) else "",
                "label": self._message("plan.field.call_n", n=n + 1),
            }
            for n in range(min(count, plan_parts.FIRST_CALL_MAX))
        ]
        labels = (
            [str(i.get("label") or "") for i in content.get("items") or ()]
            if section == PlanSection.BRING
            else []
        )
        labels += [""] * BRING_SPARE
        self.form_items = [
            {"n": str(n), "text": text, "label": self._message("plan.field.item_n", n=n + 1)}
            for n, text in enumerate(labels[: plan_parts.BRING_MAX])
        ]
        chosen = {str(i) for i in content.get("contacts") or ()}
        self.form_choices = [
            {"value": o["value"], "label": o["label"], "checked": o["value"] in chosen}
            for o in self.contact_options
        ]

    def _reset_form(self) -> None:
        self.form_errors = blank_fields()
        self.form_alert = ""
        self.form_key += 1
        self.send_key = new_form_key()

    @rx.event
    def open_new_sibling(self) -> None:
        """An empty form for one more brother or sister (a parent)."""
        if not self.can_edit:
            return
        self._reset_form()
        self.form_id = self.form_version = ""
        self.form_section = PlanSection.SIBLING
        self.form_title = self._message("plan.add_sibling")
        self.detail = []
        self.history = []
        self._fill_values(PlanSection.SIBLING, {})
        self.form_open = True

    @rx.event
    def edit_selected(self) -> None:
        """The tablet's pane: open the form of the part shown in it."""
        if self.detail:
            self.form_open = True

    @rx.event
    def set_form_open(self, is_open: bool) -> None:
        self.form_open = bool(is_open)

    @rx.event
    def start_saving(self, _form: dict[str, Any]) -> None:
        self.saving = True

    @rx.event
    @guarded
    def save_part(self, form_data: dict[str, Any]) -> Any:
        """A parent's change (or a new brother or sister), or a case manager's proposal."""
        self.saving = False
        form = dict(form_data or {})
        if not is_fresh_send(form, self.send_key):
            return None
        part_id, version = parse_id(form.get("id")), parse_id(form.get("version"))
        section = str(PlanSection.SIBLING)
        try:
            with self._work() as (session, actor):
                if part_id is None:  # one more brother or sister
                    raw = raw_from_form(section, form)
                    plan_rules.add_sibling(session, actor, raw, lang=self.lang)
                    key = "plan.sibling_added"
                elif version is None:
                    return None
                else:
                    # The part's own section decides the fields (never the browser).
                    section = plan_rules.get_part(session, actor, part_id).section
                    raw = raw_from_form(section, form)
                    if can(actor, Action.PLAN_PROPOSE):
                        plan_rules.propose_part(
                            session, actor, part_id=part_id, expected_version=version, raw=raw
                        )
                        key = "plan.proposed_done"
                    else:
                        saved = plan_rules.change_part(
                            session, actor, part_id=part_id, expected_version=version, raw=raw
                        )
                        changed = saved.version != version
                        key = "plan.saved" if changed else "plan.nothing_changed"
        except PlanInputError as exc:
            self._keep_typed(section, form)
            self.form_errors = {
                **blank_fields(),
                **{k: self._message(v) for k, v in exc.errors.items()},
            }
            self.form_alert = self._message("plan.form_problems")
            return None
        except Conflict:
            self._keep_typed(section, form)
            self.form_alert = self._message("plan.conflict")
            self._load_plan()
            fresh = next((c for c in self.cards if c["id"] == str(part_id)), None)
            if fresh is not None:
                self.form_version = fresh["version"]
            return None
        self.send_key = ""
        self.form_open = False
        self._load_plan()
        if self.selected_id:
            self._open_part(self.selected_id, True)
        return rx.toast.success(self._message(key))

    def _keep_typed(self, section: str, form: Mapping[str, Any]) -> None:
        """What was typed goes back into the form, so nothing is lost."""
        raw = raw_from_form(section, form)
        self._fill_values(section, {**raw, "items": raw.get("items") or []})

    # ----------------------------------------------------------------------------------
    # Proposals: confirm, decline, withdraw; removing a brother or sister
    # ----------------------------------------------------------------------------------

    def _answer(self, part_id: str, version: str, how: str) -> Any:
        wanted, seen = parse_id(part_id), parse_id(version)
        if wanted is None or seen is None:
            return None
        act = {
            "confirm": plan_rules.confirm_proposal,
            "decline": plan_rules.decline_proposal,
            "withdraw": plan_rules.withdraw_proposal,
        }[how]
        try:
            with self._work() as (session, actor):
                act(session, actor, part_id=wanted, expected_version=seen)
        except Conflict:
            self._load_plan()
            return rx.toast.warning(self._message("plan.conflict"))
        self._load_plan()
        if self.selected_id:
            self._open_part(self.selected_id, True)
        elif self.form_open and self.form_id == str(wanted):
            self._open_part(str(wanted), False)
        done = {
            "confirm": "plan.confirmed_done",
            "decline": "plan.declined_done",
            "withdraw": "plan.withdrawn_done",
        }[how]
        return rx.toast.success(self._message(done))

    @rx.event
    @guarded
    def confirm_proposal(self, part_id: str, version: str) -> Any:
        return self._answer(part_id, version, "confirm")

    @rx.event
    @guarded
    def decline_proposal(self, part_id: str, version: str) -> Any:
        return self._answer(part_id, version, "decline")

    @rx.event
    @guarded
    def withdraw_proposal(self, part_id: str, version: str) -> Any:
        return self._answer(part_id, version, "withdraw")

    @rx.event
    @guarded
    def remove_sibling(self, part_id: str, version: str) -> Any:
        wanted, seen = parse_id(part_id), parse_id(version)
        if wanted is None or seen is None:
            return None
        try:
            with self._work() as (session, actor):
                plan_rules.remove_sibling(session, actor, part_id=wanted, expected_version=seen)
        except Conflict:
            self._load_plan()
            return rx.toast.warning(self._message("plan.conflict"))
        self.form_open = False
        self.selected_id = ""
        self.detail = []
        self._load_plan()
        return rx.toast.success(self._message("plan.sibling_removed"))

    # ----------------------------------------------------------------------------------
    # The review date (parents)
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def save_review(self, form_data: dict[str, Any]) -> Any:
        form = dict(form_data or {})
        seen = parse_id(form.get("version"))
        if seen is None:
            return None
        try:
            with self._work() as (session, actor):
                plan_rules.set_review_date(
                    session,
                    actor,
                    expected_version=seen,
                    raw=form.get("review_on"),
                    today=local_today(),
                    lang=self.lang,
                )
        except PlanInputError as exc:
            self.review_error = self._message(next(iter(exc.errors.values())))
            return None
        except Conflict:
            self._load_plan()
            self.review_key += 1
            return rx.toast.warning(self._message("plan.conflict"))
        self.review_error = ""
        self._load_plan()
        self.review_key += 1
        return rx.toast.success(self._message("plan.review.saved"))

    # ----------------------------------------------------------------------------------
    # The print view ("voor op de koelkast")
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def load_print(self) -> None:
        with self._work(fresh=True) as (session, actor):
            sheet = plan_rules.print_sheet(session, actor, lang=self.lang)
        self.print_first = [self._sheet_row(c) for c in sheet.first_call]
        self.print_emergency = [self._sheet_row(c) for c in sheet.emergency]
        self.print_bring = sheet.bring
        self.print_updated = (
            self._message("plan.print.updated", when=format_moment(sheet.updated_at, self.lang))
            if sheet.updated_at
            else ""
        )
        self.loaded = True

    def _sheet_row(self, contact: plan_rules.SheetContact) -> CallRow:
        name = f"{contact.name} ({contact.organisation})" if contact.organisation else contact.name
        shown = " / ".join(typed for _label, typed, _number in contact.phones)
        first = contact.phones[0][2] if contact.phones else ""
        return {"name": name, "number": shown, "href": tel(first), "note": ""}

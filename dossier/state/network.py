"""Netwerk: the family's contacts, the team's reachability, and (case managers) their own
working hours and absences.

Thin: every rule lives in dossier/domain/network.py and dossier/domain/reachability.py.
Every text the page shows is written out here, in the user's language, so the page only
reads literal catalogue keys.
"""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx
from sqlmodel import Session

from dossier.clock import local_today
from dossier.domain.errors import Conflict, InvalidInput
from dossier.domain.families import member_names, members
from dossier.domain.network import (
    InvalidContact,
    add_contact,
    change_contact,
    get_contact,
    list_contacts,
    remove_contact,
    tel_href,
)
from dossier.domain.once import is_fresh_send, new_form_key
from dossier.domain.reachability import (
    Reach,
    absence_sentence,
    add_absence,
    day_words,
    hours_text,
    is_announced,
    reach_line,
    remove_absence,
    set_stand_in,
    set_working_hours,
    team_reachability,
)
from dossier.models import Contact, ContactKind, EmergencyUse, Role
from dossier.permissions import Action, Actor, can, require
from dossier.state.base import AppState, guarded

KINDS = [k.value for k in ContactKind]
DAYS = range(7)
PHONE_ROWS = 3
CONTACT_FIELDS = (
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


class Option(TypedDict):
    value: str
    label: str


class ContactRow(TypedDict):
    id: str
    version: str
    name: str
    meta: str  # "Huisarts · Huisartsenpraktijk De Linde"
    emergency: str  # "call", "not_for" or ""
    phone: str
    phone_href: str
    kind: str


class PhoneRow(TypedDict):
    label: str
    shown: str
    href: str


class TeamRow(TypedDict):
    id: str
    name: str
    role: str
    line: str  # "Niet voor spoed · bereikbaar ma-vr 8.30-17.00"
    away: str  # "Femke is afwezig tot 3 januari. Vervanger: Sanne Jansen." or ""


class AbsenceRow(TypedDict):
    id: str
    text: str  # "23 december - 3 januari · vervanger: Sanne Jansen"
    stand_in: str  # the choice in this family: "m:12", "c:5" or "" (the other case manager)


def no_errors() -> dict[str, str]:
    return dict.fromkeys(CONTACT_FIELDS, "")


def _text(form: dict[str, Any], name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def _ticked(form: dict[str, Any], name: str) -> bool:
    return form.get(name) not in (None, "", False)


def _range_from(form: dict[str, Any], prefix: str) -> dict:
    return {
        "days": [d for d in DAYS if _ticked(form, f"{prefix}day_{d}")],
        "from": _text(form, f"{prefix}from"),
        "to": _text(form, f"{prefix}to"),
    }


class NetworkState(AppState):
    contacts: list[ContactRow] = []
    kind_filter: str = ""  # "" is every kind
    kind_options: list[Option] = []
    team: list[TeamRow] = []
    can_edit: bool = False
    is_case_manager_here: bool = False
    loaded: bool = False

    # The chosen contact: in the pane on a tablet, in a dialog on a phone
    sel_id: str = ""
    sel_version: str = ""
    sel_name: str = ""
    sel_emergency: str = ""
    sel_lines: list[Option] = []  # labelled facts ("Soort", "Bereikbaar", ...)
    sel_phones: list[PhoneRow] = []
    sel_email: str = ""
    detail_open: bool = False

    # The form (a dialog): new when form_id is ""
    form_open: bool = False
    form_id: str = ""
    form_version: str = ""
    form_key: int = 0
    send_key: str = ""
    form_name: str = ""
    form_organisation: str = ""
    form_kind: str = ContactKind.OTHER.value
    form_phone_labels: list[str] = [""] * PHONE_ROWS
    form_phone_numbers: list[str] = [""] * PHONE_ROWS
    form_email: str = ""
    form_days: list[bool] = [False] * 7
    form_from: str = ""
    form_to: str = ""
    # A second range: "ma-do 8.30-17.00" and "vr 8.30-12.30"
    form_days2: list[bool] = [False] * 7
    form_from2: str = ""
    form_to2: str = ""
    form_reach_note: str = ""
    form_emergency: str = ""
    form_note: str = ""
    form_member: str = ""
    member_options: list[Option] = []
    errors: dict[str, str] = no_errors()
    form_error: str = ""
    saving: bool = False
    _extra_hours: list[dict] = []  # ranges past the two in the form: kept as they are

    # Mijn bereikbaarheid (case managers)
    my_days: list[bool] = [False] * 7
    my_from: str = ""
    my_to: str = ""
    my_days2: list[bool] = [False] * 7
    my_from2: str = ""
    my_to2: str = ""
    my_note: str = ""
    my_line: str = ""
    my_absences: list[AbsenceRow] = []
    stand_in_options: list[Option] = []
    hours_key: int = 0  # a new value draws the hours form afresh (after a save)
    absence_key: int = 0  # the same for the absence form: one form's save keeps the other
    reach_error: str = ""
    absence_error: str = ""
    reach_send_key: str = ""

    @rx.var
    def kind_choices(self) -> list[Option]:
        return [{"value": k, "label": self._message(f"network.kind.{k}")} for k in KINDS]

    @rx.var
    def shown_contacts(self) -> list[ContactRow]:
        kind = self.kind_filter
        return [c for c in self.contacts if not kind or c["kind"] == kind]

    # ----------------------------------------------------------------------------------
    # The page
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def load_network(self) -> None:
        self.form_open = False
        self.detail_open = False
        self._load()
        self.hours_key += 1
        self.absence_key += 1
        self.reach_send_key = new_form_key()

    @rx.event
    @guarded
    def refresh_network(self) -> None:
        """Someone changed the family's network or a case manager her hours (/live.js)."""
        self._load()

    def _load(self) -> None:
        with self._work(fresh=True) as (session, actor):
            self._load_in(session, actor)

    def _load_in(self, session: Session, actor: Actor) -> None:
        contacts = list_contacts(session, actor)
        self._keep(
            can_edit=can(actor, Action.NETWORK_EDIT),
            is_case_manager_here=can(actor, Action.REACHABILITY_EDIT),
        )
        t = self._message
        kinds: list[Option] = [{"value": "", "label": t("network.kind.all")}]
        kinds += [
            {"value": k, "label": t(f"network.kind.{k}")}
            for k in KINDS
            if any(c.kind == k for c in contacts)
        ]
        self.kind_options = kinds
        self.contacts = [self._contact_row(c) for c in contacts]
        today = local_today()
        reaches = team_reachability(session, actor, today=today)
        self.team = [self._team_row(r) for r in reaches if r.membership_id != actor.membership_id]
        if self.is_case_manager_here:
            self._load_mine(session, actor, reaches, contacts)
        chosen = next((c for c in contacts if str(c.id) == self.sel_id), None)
        if chosen is not None:  # changed meanwhile (here or by someone else): shown anew
            self._show(chosen, member_names(session, actor))
        elif self.sel_id:
            self.sel_id = ""
            self.detail_open = False
        self.loaded = True

    def _contact_row(self, contact: Contact) -> ContactRow:
        first = (contact.phones or [{}])[0]
        kind = self._message(f"network.kind.{contact.kind}")
        return {
            "id": str(contact.id),
            "version": str(contact.version),
            "name": contact.name,
            "meta": " · ".join(part for part in (kind, contact.organisation) if part),
            "emergency": contact.emergency,
            "phone": str(first.get("typed") or ""),
            "phone_href": tel_href(str(first.get("number") or "")),
            "kind": contact.kind,
        }

    def _team_row(self, reach: Reach) -> TeamRow:
        lang, today = self.lang, local_today()
        away = next((a for a in reach.away if is_announced(a.absence, today)), None)
        first_name = reach.name.split(" ")[0]
        return {
            "id": str(reach.membership_id),
            "name": reach.name,
            "role": self._message(f"role.{reach.role}"),
            "line": reach_line(reach.hours, lang),
            "away": absence_sentence(first_name, away.absence, away.stand_in, lang, today=today)
            if away
            else "",
        }

    def _load_mine(
        self, session: Session, actor: Actor, reaches: list[Reach], contacts: list[Contact]
    ) -> None:
        mine = next((r for r in reaches if r.user_id == actor.user_id), None)
        ranges = [*((mine.hours if mine else None) or []), {}, {}]
        self.my_days = [d in set(ranges[0].get("days") or []) for d in DAYS]
        self.my_from = str(ranges[0].get("from") or "")
        self.my_to = str(ranges[0].get("to") or "")
        self.my_days2 = [d in set(ranges[1].get("days") or []) for d in DAYS]
        self.my_from2 = str(ranges[1].get("from") or "")
        self.my_to2 = str(ranges[1].get("to") or "")
        self.my_note = mine.note if mine else ""
        self.my_line = reach_line(mine.hours if mine else [], self.lang)
        today = local_today()
        self.my_absences = [
            {
                "id": str(a.absence.id),
                "text": self._message(
                    "reach.absence_row",
                    since=day_words(a.absence.starts_on, self.lang, today),
                    until=day_words(a.absence.ends_on, self.lang, today),
                    name=a.stand_in or self._message("reach.nobody"),
                ),
                "stand_in": a.choice,
            }
            for a in (mine.away if mine else [])
        ]
        options: list[Option] = [{"value": "", "label": self._message("reach.stand_in_default")}]
        options += [
            {"value": f"m:{m.membership_id}", "label": m.name}
            for m in members(session, actor)
            if m.user_id != actor.user_id
            and m.role in (Role.CM_HOSPITAL, Role.CM_HOME, Role.PARENT)
        ]
        options += [{"value": f"c:{c.id}", "label": c.name} for c in contacts]
        self.stand_in_options = options

    @rx.event
    def set_kind_filter(self, kind: str) -> None:
        self.kind_filter = kind if kind in KINDS else ""

    # ----------------------------------------------------------------------------------
    # One contact: the pane (tablet) or a dialog (phone)
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def open_contact(self, contact_id: str, wide: bool = False) -> None:
        if not contact_id.isdigit():
            return
        with self._work() as (session, actor):
            contact = get_contact(session, actor, int(contact_id), Action.NETWORK_VIEW)
            names = member_names(session, actor)
            self._show(contact, names)
        self.detail_open = wide is not True

    @rx.event
    def detail_change(self, is_open: bool) -> None:
        if is_open is not True:
            self.detail_open = False

    def _show(self, contact: Contact, names: dict[int, str]) -> None:
        t, lang = self._message, self.lang
        self.sel_id, self.sel_version = str(contact.id), str(contact.version)
        self.sel_name, self.sel_emergency = contact.name, contact.emergency
        hours = hours_text(contact.reach_hours or [], lang)
        member = names.get(contact.membership_id or 0, "")
        lines = [
            ("network.label.kind", t(f"network.kind.{contact.kind}")),
            ("network.label.organisation", contact.organisation),
            ("network.label.hours", hours),
            ("network.label.reach_note", contact.reach_note),
            ("network.label.member", member),
            ("network.label.note", contact.note),
        ]
        self.sel_lines = [{"label": t(k), "value": v} for k, v in lines if v]
        self.sel_phones = [
            {
                "label": str(p.get("label") or t("network.phone")),
                "shown": str(p.get("typed") or p.get("number") or ""),
                "href": tel_href(str(p.get("number") or "")),
            }
            for p in contact.phones or []
        ]
        self.sel_email = contact.email

    # ----------------------------------------------------------------------------------
    # The form
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def form_change(self, contact_id: str, is_open: bool) -> None:
        """The form asks to open ("" for a new contact) or to close (nothing saved)."""
        if is_open is not True:
            self.form_open = False
            self.saving = False
            return
        with self._work() as (session, actor):
            contact = None
            if contact_id.isdigit():
                contact = get_contact(session, actor, int(contact_id), Action.NETWORK_EDIT)
            else:
                require(actor, Action.NETWORK_EDIT)
            options: list[Option] = [{"value": "", "label": self._message("network.member_none")}]
            options += [
                {"value": str(m.membership_id), "label": m.name} for m in members(session, actor)
            ]
            self.member_options = options
        self._fill(contact)

    def _fill(self, contact: Contact | None) -> None:
        phones = list(contact.phones or []) if contact else []
        phones += [{}] * (PHONE_ROWS - len(phones))
        hours = list(contact.reach_hours or []) if contact else []
        first = hours[0] if hours else {}
        second = hours[1] if len(hours) > 1 else {}
        self.form_id = str(contact.id) if contact else ""
        self.form_version = str(contact.version) if contact else ""
        self.form_name = contact.name if contact else ""
        self.form_organisation = contact.organisation if contact else ""
        self.form_kind = contact.kind if contact else (self.kind_filter or ContactKind.OTHER.value)
        self.form_phone_labels = [str(p.get("label") or "") for p in phones[:PHONE_ROWS]]
        self.form_phone_numbers = [str(p.get("typed") or "") for p in phones[:PHONE_ROWS]]
        self.form_email = contact.email if contact else ""
        self.form_days = [d in set(first.get("days") or []) for d in DAYS]
        self.form_from = str(first.get("from") or "")
        self.form_to = str(first.get("to") or "")
        self.form_days2 = [d in set(second.get("days") or []) for d in DAYS]
        self.form_from2 = str(second.get("from") or "")
        self.form_to2 = str(second.get("to") or "")
        self._extra_hours = hours[2:]
        self.form_reach_note = contact.reach_note if contact else ""
        self.form_emergency = contact.emergency if contact else EmergencyUse.NOT_SAID.value
        self.form_note = contact.note if contact else ""
        self.form_member = str(contact.membership_id or "") if contact else ""
        self.errors = no_errors()
        self.form_error = ""
        self.saving = False
        self.form_key += 1
        self.send_key = new_form_key()
        self.detail_open = False
        self.form_open = True

    @rx.event
    def start_saving(self, _form: dict) -> None:
        """Runs just before save_contact: the button shows it is busy."""
        self.saving = True

    def _raw(self, form: dict[str, Any]) -> dict[str, Any]:
        first, second = _range_from(form, ""), _range_from(form, "r2_")
        return {
            "name": _text(form, "name"),
            "organisation": _text(form, "organisation"),
            "kind": _text(form, "kind"),
            "phones": [
                {"label": _text(form, f"phone_label_{i}"), "number": _text(form, f"phone_{i}")}
                for i in range(PHONE_ROWS)
            ],
            "email": _text(form, "email"),
            "reach_hours": [first, second, *self._extra_hours],
            "reach_note": _text(form, "reach_note"),
            "emergency": _text(form, "emergency"),
            "note": _text(form, "note"),
            "member": _text(form, "member"),
        }

    def _keep_typed(self, raw: dict[str, Any]) -> None:
        self.form_name, self.form_organisation = raw["name"], raw["organisation"]
        self.form_kind, self.form_email = raw["kind"], raw["email"]
        self.form_phone_labels = [p["label"] for p in raw["phones"]]
        self.form_phone_numbers = [p["number"] for p in raw["phones"]]
        first, second = raw["reach_hours"][0], raw["reach_hours"][1]
        self.form_days = [d in first["days"] for d in DAYS]
        self.form_from, self.form_to = first["from"], first["to"]
        self.form_days2 = [d in second["days"] for d in DAYS]
        self.form_from2, self.form_to2 = second["from"], second["to"]
        self.form_reach_note, self.form_note = raw["reach_note"], raw["note"]
        self.form_emergency, self.form_member = raw["emergency"], raw["member"]

    @rx.event
    @guarded
    def save_contact(self, form: dict) -> Any:
        self.saving = False
        form = form if isinstance(form, dict) else {}
        if not is_fresh_send(form, self.send_key):
            return None  # the second tap of a double tap
        self.errors = no_errors()
        self.form_error = ""
        raw = self._raw(form)
        self._keep_typed(raw)
        try:
            with self._work(fresh=True) as (session, actor):
                if self.form_id.isdigit():
                    change_contact(
                        session,
                        actor,
                        contact_id=int(self.form_id),
                        expected_version=int(self.form_version or 0),
                        data=raw,
                    )
                else:
                    add_contact(session, actor, raw)
                self._load_in(session, actor)
        except InvalidContact as wrong:
            self.errors = {**no_errors(), **{k: self._message(v) for k, v in wrong.errors.items()}}
            self.form_key += 1  # drawn afresh with what was typed, and the messages
            return None
        except Conflict:
            self.form_error = self._message("network.conflict")
            return None
        self.send_key = new_form_key()
        self.form_open = False
        return rx.toast.success(self._message("network.saved"))

    @rx.event
    @guarded
    def remove(self, contact_id: str, version: str) -> Any:
        if not (contact_id.isdigit() and version.isdigit()):
            return None
        try:
            with self._work(fresh=True) as (session, actor):
                remove_contact(
                    session, actor, contact_id=int(contact_id), expected_version=int(version)
                )
                self.sel_id = ""
                self._load_in(session, actor)
        except Conflict:
            self._load()
            return rx.toast.warning(self._message("network.conflict"))
        self.detail_open = False
        self.form_open = False
        return rx.toast.success(self._message("network.removed"))

    # ----------------------------------------------------------------------------------
    # Mijn bereikbaarheid
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def save_hours(self, form: dict) -> Any:
        form = form if isinstance(form, dict) else {}
        self.reach_error = ""
        hours = [_range_from(form, "my_"), _range_from(form, "my_r2_")]
        try:
            with self._work(fresh=True) as (session, actor):
                set_working_hours(session, actor, hours=hours, note=_text(form, "my_note"))
                self._load_in(session, actor)
        except InvalidInput as wrong:
            self.reach_error = self._message(wrong.message_key)
            return None
        self.hours_key += 1
        return rx.toast.success(self._message("reach.saved"))

    @rx.event
    @guarded
    def save_absence(self, form: dict) -> Any:
        form = form if isinstance(form, dict) else {}
        if not is_fresh_send(form, self.reach_send_key):
            return None
        self.absence_error = ""
        try:
            with self._work(fresh=True) as (session, actor):
                add_absence(
                    session,
                    actor,
                    starts_on=_text(form, "away_from"),
                    ends_on=_text(form, "away_to"),
                    stand_in=_text(form, "stand_in"),
                )
                self._load_in(session, actor)
        except InvalidInput as wrong:
            self.absence_error = self._message(wrong.message_key)
            return None
        self.absence_key += 1
        self.reach_send_key = new_form_key()
        return rx.toast.success(self._message("reach.absence_saved"))

    @rx.event
    @guarded
    def change_stand_in(self, absence_id: str, stand_in: str) -> Any:
        """Another stand-in in this family for an absence she set before (her own only)."""
        self.absence_error = ""
        if not absence_id.isdigit():
            return None
        try:
            with self._work(fresh=True) as (session, actor):
                set_stand_in(session, actor, absence_id=int(absence_id), stand_in=stand_in)
                self._load_in(session, actor)
        except InvalidInput as wrong:
            self.absence_error = self._message(wrong.message_key)
            return None
        return rx.toast.success(self._message("reach.stand_in_saved"))

    @rx.event
    @guarded
    def delete_absence(self, absence_id: str) -> Any:
        if not absence_id.isdigit():
            return None
        with self._work(fresh=True) as (session, actor):
            remove_absence(session, actor, absence_id=int(absence_id))
            self._load_in(session, actor)
        return rx.toast.success(self._message("reach.absence_removed"))

"""Gesprekken over wat belangrijk is: the list, one conversation (pane or dialog), its
form, preparation questions and their answers, follow-ups that become tasks.

Thin: every rule lives in dossier/domain/acp.py (and the gate). Ids and versions arrive
as text from the browser and are checked there, never trusted here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

import reflex as rx
from sqlmodel import Session

from dossier import routes
from dossier.domain import acp as rules
from dossier.domain.erasure import display_name
from dossier.domain.errors import Conflict
from dossier.domain.families import member_names
from dossier.domain.once import is_fresh_send, new_form_key
from dossier.domain.plan_parts import parse_id
from dossier.domain.tasks import InvalidTask
from dossier.i18n import format_day
from dossier.models import AcpConversation, Contact, Membership, Role
from dossier.permissions import Action, Actor, can
from dossier.state.base import AppState, guarded

FORM_FIELDS = ("held_on", "leader", "leader_name", "participants", "report")


class Option(TypedDict):
    value: str
    label: str


class Choice(TypedDict):
    value: str
    label: str
    checked: bool


class TalkCard(TypedDict):
    id: str
    title: str  # "Gesprek van 12 december 2026"
    leader: str
    people: str
    status: str  # "Verslag staat erin" / "Nog geen verslag"


class QuestionRow(TypedDict):
    id: str
    version: str
    question: str
    asked: str  # "Vraag van Hanna"
    answer: str
    answered: str  # "Antwoord van Anna"


class TaskLink(TypedDict):
    id: str
    title: str
    href: str


def no_errors() -> dict[str, str]:
    return dict.fromkeys(FORM_FIELDS, "")


def _first(name: str) -> str:
    return name.split(" ")[0] if name else ""


class AcpState(AppState):
    loaded: bool = False
    can_edit: bool = False
    cards: list[TalkCard] = []
    # The opened conversation: the pane beside the list (tablet) or a dialog (phone)
    sel_id: str = ""
    sel_version: str = ""
    sel_title: str = ""
    sel_leader: str = ""
    sel_people: str = ""
    sel_report: str = ""
    sel_can_answer: bool = False
    sel_questions: list[QuestionRow] = []
    sel_tasks: list[TaskLink] = []
    in_pane: bool = False
    detail_open: bool = False
    question_key: int = 0
    task_key: int = 0
    question_error: str = ""
    task_error: str = ""
    # The form (a dialog): new when form_id is ""
    form_open: bool = False
    form_key: int = 0
    send_key: str = ""
    form_id: str = ""
    form_version: str = ""
    form_values: dict[str, str] = no_errors()
    form_choices: list[Choice] = []
    form_errors: dict[str, str] = no_errors()
    form_alert: str = ""
    leader_options: list[Option] = []
    member_options: list[Option] = []  # who a follow-up task is for

    # ----------------------------------------------------------------------------------
    # Loading
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def load_talks(self) -> None:
        self.form_open = False
        self.detail_open = False
        self.in_pane = False
        self.sel_id = ""
        self._load()

    @rx.event
    @guarded
    def refresh_talks(self) -> None:
        """Someone changed the dossier (live.js): the list again, the open one kept."""
        self._load()
        if self.sel_id:
            self._open(self.sel_id, self.in_pane)

    def _load(self) -> None:
        with self._work(fresh=True) as (session, actor):
            talks = rules.list_conversations(session, actor)
            names = member_names(session, actor)
            self.can_edit = can(actor, Action.ACP_EDIT)
            contacts: dict[int | None, Contact] = {}
            if self.can_edit:
                contacts = {c.id: c for c in rules.contact_options(session, actor)}
            self._options(session, actor, names, contacts)
            self.cards = [
                self._card(c, names, {**contacts, **self._contacts_for(session, c)}) for c in talks
            ]
        self.loaded = True

    def _options(
        self,
        session: Session,
        actor: Actor,
        names: dict[int, str],
        contacts: Mapping[int | None, Contact],
    ) -> None:
        if not self.can_edit:
            self.leader_options, self.member_options = [], []
            return
        members: list[Membership] = rules.people(session, actor)
        people: list[Option] = [
            {"value": f"m:{m.id}", "label": self._member_label(names.get(m.id or 0, ""), m.role)}
            for m in members
        ]
        others: list[Option] = [
            {"value": f"c:{c.id}", "label": c.name}
            for c in contacts.values()
            if c is not None and c.membership_id is None
        ]
        self.leader_options = [*people, *others]
        self.member_options = [
            {"value": str(m.id), "label": self._member_label(names.get(m.id or 0, ""), m.role)}
            for m in members
            if m.role in (Role.PARENT, Role.CM_HOSPITAL, Role.CM_HOME, Role.CAREGIVER)
        ]

    def _member_label(self, name: str, role: str) -> str:
        return f"{name} ({self._message(f'role.{role}')})"

    def _who(
        self,
        talk: AcpConversation,
        names: dict[int, str],
        contacts: Mapping[int | None, Contact],
        ids: list[int],
        contact_ids: list[int],
    ) -> str:
        people = [names.get(i, "") for i in ids]
        people += [contacts[c].name for c in contact_ids if c in contacts]
        return ", ".join(p for p in people if p)

    def _leader(
        self, talk: AcpConversation, names: dict[int, str], contacts: Mapping[int | None, Contact]
    ) -> str:
        if talk.leader_member_id is not None:
            return names.get(talk.leader_member_id, "")
        if talk.leader_contact_id is not None and talk.leader_contact_id in contacts:
            return contacts[talk.leader_contact_id].name
        return talk.leader_name

    def _contacts_for(self, session: Session, talk: AcpConversation) -> dict[int | None, Contact]:
        ids = [*talk.participant_contact_ids, talk.leader_contact_id]
        found: dict[int | None, Contact] = {}
        for i in ids:
            if i is None:
                continue
            row = session.get(Contact, i)
            if row is not None and row.family_id == talk.family_id:
                found[i] = row
        return found

    def _card(
        self,
        talk: AcpConversation,
        names: dict[int, str],
        contacts: Mapping[int | None, Contact],
    ) -> TalkCard:
        leader = self._leader(talk, names, contacts)
        return {
            "id": str(talk.id),
            "title": self._message("acp.talk_of", day=format_day(talk.held_on, self.lang)),
            "leader": self._message("acp.led_by", name=leader) if leader else "",
            "people": self._who(
                talk, names, contacts, talk.participant_ids, talk.participant_contact_ids
            ),
            "status": self._message("acp.has_report" if talk.report else "acp.no_report"),
        }

    # ----------------------------------------------------------------------------------
    # One conversation
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def open_talk(self, talk_id: str, wide: bool = False) -> None:
        self._open(talk_id, wide is True)

    def _open(self, talk_id: str, wide: bool) -> None:
        wanted = parse_id(talk_id)
        if wanted is None:
            return
        with self._work() as (session, actor):
            talk = rules.get_conversation(session, actor, wanted)
            questions = rules.questions_of(session, actor, talk)
            tasks = rules.follow_ups(session, actor, talk)
            names = member_names(session, actor)
            contacts = self._contacts_for(session, talk)
            self.sel_can_answer = can(actor, Action.ACP_ANSWER, talk)
        self.sel_id = str(talk.id)
        self.sel_version = str(talk.version)
        self.sel_title = self._message("acp.talk_of", day=format_day(talk.held_on, self.lang))
        leader = self._leader(talk, names, contacts)
        self.sel_leader = leader or self._message("acp.not_yet")
        people = self._who(
            talk, names, contacts, talk.participant_ids, talk.participant_contact_ids
        )
        self.sel_people = people or self._message("acp.not_yet")
        self.sel_report = talk.report
        nobody = self._message("acp.someone")
        self.sel_questions = [
            {
                "id": str(q.id),
                "version": str(q.version),
                "question": q.question,
                "asked": self._message(
                    "acp.asked_by",
                    name=_first(display_name(names.get(q.asked_by_id or 0, ""), self.lang))
                    or nobody,
                ),
                "answer": q.answer,
                "answered": self._message(
                    "acp.answered_by",
                    name=_first(display_name(names.get(q.answered_by_id or 0, ""), self.lang))
                    or nobody,
                )
                if q.answer
                else "",
            }
            for q in questions
        ]
        self.sel_tasks = [
            {"id": str(t.id), "title": t.title, "href": routes.item_url(routes.TASKS, t.id or 0)}
            for t in tasks
        ]
        self.question_error = self.task_error = ""
        self.in_pane = wide
        self.detail_open = not wide

    @rx.event
    def set_detail_open(self, is_open: bool) -> None:
        self.detail_open = bool(is_open)
        if not is_open and not self.in_pane:
            self.sel_id = ""

    # ----------------------------------------------------------------------------------
    # The form
    # ----------------------------------------------------------------------------------

    def _fill_form(self, talk: AcpConversation | None) -> None:
        self.form_errors = no_errors()
        self.form_alert = ""
        self.form_key += 1
        self.send_key = new_form_key()
        chosen: set[str] = set()
        values = no_errors()
        if talk is not None:
            self.form_id, self.form_version = str(talk.id), str(talk.version)
            values["held_on"] = talk.held_on.isoformat()
            if talk.leader_member_id is not None:
                values["leader"] = f"m:{talk.leader_member_id}"
            elif talk.leader_contact_id is not None:
                values["leader"] = f"c:{talk.leader_contact_id}"
            values["leader_name"] = talk.leader_name
            values["report"] = talk.report
            chosen = {f"m:{i}" for i in talk.participant_ids}
            chosen |= {f"c:{i}" for i in talk.participant_contact_ids}
        else:
            self.form_id = self.form_version = ""
        self.form_values = values
        self.form_choices = [
            {"value": o["value"], "label": o["label"], "checked": o["value"] in chosen}
            for o in self.leader_options
        ]

    @rx.event
    def open_new(self) -> None:
        if not self.can_edit:
            return
        self._fill_form(None)
        self.form_open = True

    @rx.event
    @guarded
    def edit_talk(self, talk_id: str) -> None:
        wanted = parse_id(talk_id)
        if wanted is None:
            return
        with self._work() as (session, actor):
            talk = rules.editable_conversation(session, actor, wanted)
        self._fill_form(talk)
        self.detail_open = False
        self.form_open = True

    @rx.event
    def set_form_open(self, is_open: bool) -> None:
        self.form_open = bool(is_open)

    @staticmethod
    def _raw(form: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "held_on": form.get("held_on"),
            "leader": form.get("leader"),
            "leader_name": form.get("leader_name"),
            "report": form.get("report"),
            "participants": [
                k[len("with_") :] for k, v in form.items() if k.startswith("with_") and v
            ],
        }

    @rx.event
    @guarded
    def save_talk(self, form_data: dict[str, Any]) -> Any:
        form = dict(form_data or {})
        if not is_fresh_send(form, self.send_key):
            return None
        talk_id, version = parse_id(form.get("id")), parse_id(form.get("version"))
        raw = self._raw(form)
        try:
            with self._work() as (session, actor):
                if talk_id is None:
                    talk = rules.create_conversation(session, actor, raw)
                elif version is None:
                    return None
                else:
                    talk = rules.change_conversation(
                        session, actor, conversation_id=talk_id, expected_version=version, raw=raw
                    )
                saved_id = str(talk.id)
        except rules.AcpInputError as exc:
            self._keep_typed(raw)
            self.form_errors = {
                **no_errors(),
                **{k: self._message(v) for k, v in exc.errors.items()},
            }
            self.form_alert = self._message("acp.form_problems")
            return None
        except Conflict:
            self._keep_typed(raw)
            self.form_alert = self._message("acp.conflict")
            return None
        self.send_key = ""
        self.form_open = False
        self._load()
        if self.in_pane:  # the tablet shows it beside the list; a phone shows the list
            self._open(saved_id, True)
        return rx.toast.success(self._message("acp.saved"))

    def _keep_typed(self, raw: Mapping[str, Any]) -> None:
        chosen = set(raw.get("participants") or [])
        self.form_values = {
            **no_errors(),
            **{k: str(raw.get(k) or "") for k in ("held_on", "leader", "leader_name", "report")},
        }
        self.form_choices = [
            {"value": o["value"], "label": o["label"], "checked": o["value"] in chosen}
            for o in self.leader_options
        ]
        self.form_key += 1

    @rx.event
    @guarded
    def delete_talk(self, talk_id: str, version: str) -> Any:
        wanted, seen = parse_id(talk_id), parse_id(version)
        if wanted is None or seen is None:
            return None
        try:
            with self._work() as (session, actor):
                rules.delete_conversation(
                    session, actor, conversation_id=wanted, expected_version=seen
                )
        except Conflict:
            self._load()
            return rx.toast.warning(self._message("acp.conflict"))
        self.sel_id = ""
        self.detail_open = self.form_open = self.in_pane = False
        self._load()
        return rx.toast.success(self._message("acp.deleted"))

    # ----------------------------------------------------------------------------------
    # Questions, answers, follow-ups
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def ask_question(self, form_data: dict[str, Any]) -> Any:
        form = dict(form_data or {})
        wanted = parse_id(form.get("talk"))
        if wanted is None:
            return None
        try:
            with self._work() as (session, actor):
                rules.ask_question(session, actor, conversation_id=wanted, raw=form.get("question"))
        except rules.AcpInputError as exc:
            self.question_error = self._message(next(iter(exc.errors.values())))
            return None
        self.question_key += 1
        self._open(str(wanted), self.in_pane)
        return rx.toast.success(self._message("acp.question_asked"))

    @rx.event
    @guarded
    def answer_question(self, form_data: dict[str, Any]) -> Any:
        form = dict(form_data or {})
        wanted, seen = parse_id(form.get("question_id")), parse_id(form.get("version"))
        if wanted is None or seen is None:
            return None
        try:
            with self._work() as (session, actor):
                rules.answer_question(
                    session,
                    actor,
                    question_id=wanted,
                    expected_version=seen,
                    raw=form.get("answer"),
                )
        except rules.AcpInputError as exc:
            return rx.toast.error(self._message(next(iter(exc.errors.values()))))
        except Conflict:
            if self.sel_id:
                self._open(self.sel_id, self.in_pane)
            return rx.toast.warning(self._message("acp.conflict"))
        if self.sel_id:
            self._open(self.sel_id, self.in_pane)
        return rx.toast.success(self._message("acp.answer_saved"))

    @rx.event
    @guarded
    def make_task(self, form_data: dict[str, Any]) -> Any:
        form = dict(form_data or {})
        wanted = parse_id(form.get("talk"))
        if wanted is None:
            return None
        raw = {
            "title": form.get("title"),
            "assignee": form.get("assignee"),
            "domain": "wishes",
            "due": form.get("due"),
        }
        try:
            with self._work() as (session, actor):
                rules.make_task(session, actor, conversation_id=wanted, raw=raw)
        except InvalidTask as exc:
            self.task_error = self._message(next(iter(exc.errors.values())))
            return None
        self.task_key += 1
        self._open(str(wanted), self.in_pane)
        return rx.toast.success(self._message("acp.task_made"))

"""Who-does-what agreements ("Wie doet wat"): the list, the starter set, the overview
per domain, and the form to propose, change and confirm.

Thin: every rule lives in dossier/domain/agreements.py (and the gate). Ids and versions
arrive as text from the browser and are checked there, never trusted here.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, TypedDict

import reflex as rx

from dossier.clock import local_today
from dossier.domain import agreement_templates as templates
from dossier.domain.agreement_overview import (
    DomainOverview,
    is_due,
    linked_tasks,
    linked_tasks_status,
    summarise,
)
from dossier.domain.agreement_templates import AgreementTemplate
from dossier.domain.agreements import (
    CHANGED,
    ENDABLE,
    FIELDS,
    PARENTS,
    AgreementInputError,
    Ended,
    Person,
    active_parent_ids,
    agreement_people,
    agreement_with_history,
    can_confirm_now,
    change_agreement,
    changes_since,
    confirm_agreement,
    current_confirmations,
    display_status,
    end_agreement,
    ended_agreements,
    get_agreement,
    has_owner,
    is_closed,
    is_my_turn,
    list_agreements,
    mark_review_due,
    parse_form,
    parse_id,
    pending_changes,
    progress,
    propose_agreement,
    restore_agreement,
    values_of,
    withdraw_agreement,
)
from dossier.domain.erasure import display_name
from dossier.domain.errors import Conflict, InvalidInput
from dossier.domain.families import member_names
from dossier.domain.once import is_fresh_send, new_form_key
from dossier.i18n import catalogue, format_day, format_moment, translate
from dossier.models import Agreement, AgreementChange, AgreementStatus, CareDomain, Task
from dossier.permissions import Action, Actor, can, require
from dossier.presenters.rows import AgreementRow, TaskRow, agreement_row, task_row
from dossier.state.base import AppState, guarded

FIRST_REVIEW_DAYS = 91  # a new agreement's review date, suggested: about three months


class Option(TypedDict):
    value: str
    label: str


class Choice(TypedDict):
    value: str
    label: str
    checked: bool


class TemplateRow(TypedDict):
    key: str
    topic: str
    domain: str
    how: str


class HistoryRow(TypedDict):
    id: str
    when: str
    text: str


class ChangeRow(TypedDict):
    """One field of a change that waits for confirmation: what it was, what it becomes."""

    name: str
    old: str
    new: str


class EndedRow(TypedDict):
    id: str
    topic: str
    domain: str
    responsible: str
    ended: str  # "Beëindigd door Anna op ma 23 nov. 10:00"
    reason: str


class OverviewItem(TypedDict):
    id: str
    topic: str
    owner: str
    gap: bool
    due: bool
    status: str
    status_key: str


class DomainRow(TypedDict):
    key: str
    name: str
    summary: str
    items: list[OverviewItem]


class LoadRow(TypedDict):
    name: str
    responsible: int
    backup: int
    shared: int
    total: int
    overloaded: bool
    text: str


def blank_errors() -> dict[str, str]:
    return dict.fromkeys(FIELDS, "")


def _conflict_fields(exc: Conflict) -> list[str]:
    """The fields a conflict names as changed in between (the domain sends a list)."""
    fields = exc.params.get("fields")
    return list(fields) if isinstance(fields, list) else []


class AgreementsState(AppState):
    agreements: list[AgreementRow] = []
    loaded: bool = False
    can_propose: bool = False
    templates: list[TemplateRow] = []
    people: list[Option] = []
    # The overview per domain
    domains: list[DomainRow] = []
    load: list[LoadRow] = []
    load_summary: str = ""
    overloaded: list[str] = []
    totals: str = ""
    # The detail dialog and its form (the inputs keep what was typed; these fill them)
    form_open: bool = False
    form_key: int = 0
    send_key: str = ""  # this form's one-time key (dossier/domain/once.py)
    saving: bool = False  # the save button shows it is busy
    form_id: str = ""
    form_version: str = ""
    form_topic: str = ""
    form_domain: str = CareDomain.CARE.value
    form_responsible: str = ""
    form_backup: str = ""
    form_how: str = ""
    form_review: str = ""
    form_informed: list[Choice] = []
    form_errors: dict[str, str] = blank_errors()
    form_alert: str = ""
    conflict: list[str] = []
    detail: list[AgreementRow] = []  # the opened agreement (none for a new one)
    history: list[HistoryRow] = []
    detail_tasks: list[TaskRow] = []  # the tasks that carry the opened agreement out
    # The agreement shown in the tablet's pane beside the list ("" for none). The pane
    # shows detail/history/detail_tasks, which open_agreement fills either way.
    selected_id: str = ""
    # Closing: who may withdraw or end which agreement (ids), what the detail shows
    withdrawable: list[str] = []
    endable: list[str] = []
    ended: list[EndedRow] = []
    detail_closed: bool = False  # the opened agreement is withdrawn or ended: read only
    detail_changes: list[ChangeRow] = []  # a change waiting for confirmation: old and new
    # The bar after a withdrawal, with its undo
    notice: str = ""
    undo_id: str = ""
    notice_seq: int = 0
    # The dialog that asks before ending an agreement
    end_open: bool = False
    end_id: str = ""
    end_version: str = ""
    end_topic: str = ""
    end_error: str = ""
    end_key: int = 0

    @rx.var
    def waiting_for_me(self) -> list[AgreementRow]:
        """What waits for this person's confirmation: shown first."""
        return [row for row in self.agreements if row["my_turn"]]

    @rx.var
    def other_agreements(self) -> list[AgreementRow]:
        return [row for row in self.agreements if not row["my_turn"]]

    @rx.var
    def chart_height(self) -> int:
        return 40 + 44 * max(len(self.load), 1)

    @rx.var
    def domain_options(self) -> list[Option]:
        return [
            {"value": d.value, "label": catalogue(self.lang).get(f"domain.{d}", d)}
            for d in CareDomain
        ]

    # ----------------------------------------------------------------------------------
    # Loading
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def load_agreements(self) -> None:
        self._clear_notice()  # no bar (and undo) left from an earlier visit
        self._load_agreements()

    @rx.event
    @guarded
    def refresh_agreements(self) -> None:
        """Someone changed the dossier (live.js): the list again, the undo bar kept."""
        self._load_agreements()

    def _load_agreements(self) -> None:
        """The list, the overview and the form's choices (also after a change: the
        calling handler's guard answers a refusal)."""
        today = local_today()
        with self._work(fresh=True) as (session, actor):
            mark_review_due(session, actor, today=today)
            agreements = list_agreements(session, actor, today=today)
            confirmed = current_confirmations(session, agreements)
            parents = active_parent_ids(session, actor.family_id)
            tasks = linked_tasks(session, actor)
            names = member_names(session, actor)
            people = agreement_people(session, actor)
            self.can_propose = can(actor, Action.AGREEMENT_PROPOSE)
            starters = templates.open_templates(session, actor) if self.can_propose else []
            ended = ended_agreements(session, actor)
        rows = self._rows(agreements, confirmed, parents, tasks, names, actor, today)
        self.agreements = rows
        self.withdrawable = [
            str(a.id)
            for a in agreements
            if can(actor, Action.AGREEMENT_WITHDRAW, a) and a.status == AgreementStatus.PROPOSED
        ]
        self.endable = [
            str(a.id)
            for a in agreements
            if a.status in ENDABLE and can(actor, Action.AGREEMENT_END, a)
        ]
        self.ended = [self._ended_row(e, names) for e in ended]
        # The form's choices (ids and roles) only for those who fill in the form; the
        # others see names in the rows and the overview, nothing more.
        self.people = [self._person_option(p) for p in people] if self.can_propose else []
        self.templates = [self._template_row(t) for t in starters]
        self._show_overview(summarise(agreements, people, today), agreements, names, today)
        if self.detail and not self.detail_closed:
            self.detail = [r for r in rows if r["id"] == self.detail[0]["id"]][:1]
        if not self.detail:
            self.selected_id = ""  # gone from the list (or no longer visible): empty pane
        self.loaded = True

    def _rows(
        self,
        agreements: list[Agreement],
        confirmed: dict[int, set[int]],
        parents: set[int],
        tasks: dict[int, list[Task]],
        names: dict[int, str],
        actor: Actor,
        today: date,
    ) -> list[AgreementRow]:
        rows = []
        for agreement in agreements:
            done = progress(agreement, confirmed.get(agreement.id or 0, ()), parents)
            rows.append(
                agreement_row(
                    agreement,
                    names,
                    self.lang,
                    today=today,
                    done=done,
                    my_turn=is_my_turn(agreement, done, actor, today),
                    can_confirm=can_confirm_now(agreement, done, actor, today),
                    tasks=linked_tasks_status(tasks.get(agreement.id or 0, ()), today),
                )
            )
        return rows

    def _ended_row(self, ended: Ended, names: dict[int, str]) -> EndedRow:
        agreement = ended.agreement
        who = display_name(names.get(ended.by or 0, ""), self.lang)
        who = who or self._message("agreement.history.nobody")
        when = format_moment(ended.at, self.lang) if ended.at else ""
        if agreement.parents_keep:
            responsible = self._message("agreement.parents_keep")
        else:
            responsible = names.get(agreement.responsible_id or 0) or self._message("agreement.gap")
        return {
            "id": str(agreement.id),
            "topic": agreement.topic,
            "domain": self._message(f"domain.{agreement.domain}"),
            "responsible": responsible,
            "ended": self._message("agreements.ended_by", who=who, when=when),
            "reason": ended.reason,
        }

    def _person_option(self, person: Person) -> Option:
        role = self._message(f"role.{person.role}")
        return {"value": str(person.membership_id), "label": f"{person.name} ({role})"}

    def _template_row(self, template: AgreementTemplate) -> TemplateRow:
        return {
            "key": template.key,
            "topic": template.topic(self.lang),
            "domain": self._message(f"domain.{template.domain}"),
            "how": template.how(self.lang),
        }

    def _show_overview(
        self,
        overview: DomainOverview,
        agreements: list[Agreement],
        names: dict[int, str],
        today: date,
    ) -> None:
        rows = {r["id"]: r for r in self.agreements}
        self.domains = [
            {
                "key": group.domain,
                "name": self._message(f"domain.{group.domain}"),
                "summary": self._message(
                    "agreements.domain_summary",
                    owned=len(group.owned),
                    gaps=len(group.gaps),
                    due=len(group.due),
                ),
                "items": [
                    {
                        "id": str(a.id),
                        "topic": a.topic,
                        "owner": rows[str(a.id)]["responsible"],
                        "gap": not has_owner(a),
                        "due": is_due(a, today),
                        "status": rows[str(a.id)]["status"],
                        "status_key": rows[str(a.id)]["status_key"],
                    }
                    for a in group.agreements
                ],
            }
            for group in overview.domains
        ]
        self.load = []
        for person in overview.people:
            name = names.get(person.membership_id, "")
            self.load.append(
                {
                    "name": name,
                    "responsible": person.responsible,
                    "backup": person.backup,
                    "shared": person.shared,
                    "total": person.total,
                    "overloaded": person.overloaded,
                    "text": self._load_line(person.responsible, person.backup, person.shared),
                }
            )
        self.load_summary = self._message(
            "agreements.chart_summary",
            people="; ".join(f"{row['name']}: {row['total']}" for row in self.load),
        )
        self.overloaded = [
            self._message("agreements.overloaded", name=row["name"], total=row["total"])
            for row in self.load
            if row["overloaded"]
        ]
        self.totals = self._message(
            "agreements.totals", count=len(agreements), gaps=overview.gaps, due=overview.due
        )

    def _load_line(self, responsible: int, backup: int, shared: int) -> str:
        """'In totaal 5: regelt 4, valt in bij 1' (only the parts that are not zero)."""
        parts = [
            self._message(f"agreements.load.{name}", n=n)
            for name, n in (("responsible", responsible), ("backup", backup), ("shared", shared))
            if n
        ]
        total = self._message("agreements.load.total", n=responsible + backup + shared)
        return f"{total}: {', '.join(parts)}" if parts else total

    # ----------------------------------------------------------------------------------
    # The starter set
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def adopt_template(self, key: str) -> Any:
        with self._work() as (session, actor):
            agreement = templates.adopt_template(
                session, actor, key=str(key), lang=self.lang, today=local_today()
            )
            topic = agreement.topic
        self._load_agreements()
        return rx.toast.success(self._message("agreements.adopted", topic=topic))

    @rx.event
    @guarded
    def skip_template(self, key: str) -> Any:
        with self._work() as (session, actor):
            templates.skip_template(session, actor, key=str(key))
        self._load_agreements()
        return rx.toast.info(self._message("agreements.skipped"))

    # ----------------------------------------------------------------------------------
    # The dialog: details, history and the form
    # ----------------------------------------------------------------------------------

    def _reset_form(self) -> None:
        self.form_errors = blank_errors()
        self.form_alert = ""
        self.conflict = []
        self.form_key += 1
        self.send_key = new_form_key()

    def _fill_form(self, values: dict[str, Any], informed: set[int]) -> None:
        self.form_topic = values["topic"]
        self.form_domain = values["domain"] or CareDomain.CARE.value
        responsible = values["responsible"]
        self.form_responsible = "" if responsible is None else str(responsible)
        self.form_backup = "" if values["backup"] is None else str(values["backup"])
        self.form_how = values["how"]
        self.form_review = values["review_on"] or ""
        self.form_informed = [
            {"value": p["value"], "label": p["label"], "checked": int(p["value"]) in informed}
            for p in self.people
        ]

    @rx.event
    def open_new(self) -> None:
        """An empty form (the people to choose from came with the list)."""
        self._reset_form()
        self.form_id = self.form_version = ""
        self.selected_id = ""
        self.detail = []
        self.history = []
        self.detail_tasks = []
        self.detail_closed = False
        self.detail_changes = []
        review = (local_today() + timedelta(days=FIRST_REVIEW_DAYS)).isoformat()
        self._fill_form(
            {
                "topic": "",
                "domain": "",
                "responsible": None,
                "backup": None,
                "how": "",
                "review_on": review,
            },
            set(),
        )
        self.form_open = True

    @rx.event
    @guarded
    def open_agreement(self, agreement_id: str, wide: bool = False) -> None:
        """The agreement with its history: in the dialog, or on a tablet (`wide`, a layout
        hint from the browser) in the pane beside the list. The same read either way."""
        self._open_agreement(agreement_id, wide)

    def _open_agreement(self, agreement_id: str, wide: bool = False) -> None:
        wanted = parse_id(agreement_id)
        if wanted is None:
            return
        today = local_today()
        with self._work() as (session, actor):
            agreement, history = agreement_with_history(session, actor, wanted)
            tasks = linked_tasks(session, actor)
            names = member_names(session, actor)
            confirmed = current_confirmations(session, [agreement])
            parents = active_parent_ids(session, actor.family_id)
            self._fill_from(agreement)
        self.history = [self._history_row(h, names) for h in history]
        self.detail_closed = is_closed(agreement)
        self.detail_changes = []
        if display_status(agreement, today) == CHANGED:
            self.detail_changes = [
                {
                    "name": self._message(f"agreement.name.{name}"),
                    "old": self._value(name, old, names),
                    "new": self._value(name, new, names),
                }
                for name, (old, new) in pending_changes(history).items()
            ]
        mine = tasks.get(agreement.id or 0, [])
        self.detail_tasks = [task_row(t, names, self.lang, today) for t in mine]
        self.detail = self._rows([agreement], confirmed, parents, tasks, names, actor, today)
        if wide is True:
            self.selected_id = str(agreement.id)
        self.form_open = wide is not True

    def _fill_from(self, agreement: Agreement) -> None:
        self._reset_form()
        self.form_id = str(agreement.id)
        self.form_version = str(agreement.version)
        self._fill_form(values_of(agreement), set(agreement.informed_ids or ()))

    @rx.event
    def set_form_open(self, is_open: bool) -> None:
        self.form_open = bool(is_open)

    @rx.event
    def close_form(self) -> None:
        self.form_open = False

    @rx.event
    def start_saving(self, _form: dict[str, Any]) -> None:
        """Runs just before save_agreement: the button shows it is busy while it runs."""
        self.saving = True

    @rx.event
    @guarded
    def save_agreement(self, form_data: dict[str, Any]) -> Any:
        self.saving = False  # whatever happens below, the button works again afterwards
        form = dict(form_data or {})
        if not is_fresh_send(form, self.send_key):
            return None  # the second tap of a double tap: the first one saved already
        agreement_id, version = parse_id(form.get("id")), parse_id(form.get("version"))
        changing = agreement_id is not None and version is not None
        today = local_today()
        try:
            with self._work() as (session, actor):
                require(actor, Action.AGREEMENT_PROPOSE)
                draft, problems = parse_form(form)
                if agreement_id is not None and version is not None:
                    saved = change_agreement(
                        session,
                        actor,
                        agreement_id=agreement_id,
                        expected_version=version,
                        draft=draft,
                        today=today,
                        problems=problems,
                    )
                    unchanged = saved.version == version
                else:
                    saved = propose_agreement(session, actor, draft, today=today, problems=problems)
                    unchanged = False
        except AgreementInputError as exc:
            self._keep_typed(form)
            self.form_errors = {
                **blank_errors(),
                **{k: self._message(v) for k, v in exc.errors.items()},
            }
            self.form_alert = self._message("agreements.form_problems")
            return None
        except Conflict as exc:
            return self._show_conflict(form, agreement_id or 0, version or 0, exc)
        self.send_key = ""  # spent: a send still on its way changes nothing
        self.form_open = False
        self._load_agreements()
        if self.selected_id and self.selected_id == str(agreement_id):
            # The pane shows the new history.
            self._open_agreement(self.selected_id, True)
        if unchanged:
            return rx.toast.info(self._message("agreements.nothing_changed"))
        key = "agreements.changed" if changing else "agreements.proposed"
        return rx.toast.success(self._message(key, topic=saved.topic))

    def _keep_typed(self, form: dict[str, Any]) -> None:
        """Put what was typed back into the form's values, so nothing typed is lost."""
        self.form_topic = str(form.get("topic") or "")
        self.form_domain = str(form.get("domain") or self.form_domain)
        self.form_responsible = str(form.get("responsible") or "")
        self.form_backup = str(form.get("backup") or "")
        self.form_how = str(form.get("how") or "")
        self.form_review = str(form.get("review_on") or "")
        chosen = {k[len("informed_") :] for k, v in form.items() if k.startswith("informed_") and v}
        self.form_informed = [{**c, "checked": c["value"] in chosen} for c in self.form_informed]

    def _show_conflict(
        self, form: dict[str, Any], agreement_id: int, version: int, exc: Conflict
    ) -> Any:
        """Someone saved in between: keep what was typed, say what changed and how it is now."""
        fields = _conflict_fields(exc)
        with self._work() as (session, actor):
            if not fields:
                fields = changes_since(session, actor, agreement_id, version)
            agreement = get_agreement(session, actor, agreement_id)
            names = member_names(session, actor)
            now = values_of(agreement)
            self.form_version = str(agreement.version)
        self._keep_typed(form)
        self.form_errors = blank_errors()
        labels = ", ".join(self._message(f"agreement.name.{f}") for f in fields)
        self.form_alert = self._message(
            "agreements.conflict_fields" if fields else "error.conflict", fields=labels
        )
        self.conflict = [
            f"{self._message(f'agreement.name.{f}')}: {self._value(f, now[f], names)}"
            for f in fields
        ]
        self._load_agreements()
        return None

    @rx.event
    @guarded
    def confirm(self, agreement_id: str, version: str) -> Any:
        wanted, seen = parse_id(agreement_id), parse_id(version)
        if wanted is None or seen is None:
            return None
        try:
            with self._work() as (session, actor):
                agreement = confirm_agreement(
                    session, actor, agreement_id=wanted, expected_version=seen, today=local_today()
                )
                agreed = agreement.status == AgreementStatus.AGREED
        except Conflict as exc:
            self._load_agreements()
            fields = ", ".join(self._message(f"agreement.name.{f}") for f in _conflict_fields(exc))
            key = "agreements.confirm_conflict" if fields else "error.conflict"
            return rx.toast.warning(self._message(key, fields=fields))
        self._load_agreements()
        if self.form_open and self.form_id == str(wanted):
            # The dialog shows the new state and history.
            self._open_agreement(str(wanted))
        elif self.selected_id == str(wanted):
            # So does the tablet's pane.
            self._open_agreement(str(wanted), True)
        return rx.toast.success(
            self._message("agreements.now_agreed" if agreed else "agreements.confirmed")
        )

    # ----------------------------------------------------------------------------------
    # History in words
    # ----------------------------------------------------------------------------------

    def _value(self, name: str, value: Any, names: dict[int, str]) -> str:
        if value in (None, "", []):
            empty = {"review_on": "agreement.value.no_date", "how": "agreement.value.empty"}
            return self._message(empty.get(name, "agreement.value.nobody"))
        if name == "domain":
            return self._message(f"domain.{value}")
        if name == "responsible" and value == PARENTS:
            return self._message("agreement.parents_keep")
        if name in ("responsible", "backup"):
            return names.get(int(value), "?")
        if name == "informed":
            return ", ".join(names.get(int(i), "?") for i in value)
        if name == "review_on":
            return format_day(date.fromisoformat(value), self.lang)
        return str(value)

    def _history_row(self, change: AgreementChange, names: dict[int, str]) -> HistoryRow:
        who = display_name(names.get(change.membership_id or 0, ""), self.lang)
        who = who or self._message("agreement.history.nobody")
        kind = change.kind
        if kind == "proposed" and "template" in change.changes:
            kind = "adopted"
        parts = []
        if kind == "changed":
            for name in FIELDS:
                if name not in change.changes:
                    continue
                label = self._message(f"agreement.name.{name}")
                if name == "how":
                    parts.append(label)
                    continue
                old, new = change.changes[name]
                parts.append(
                    f"{label}: {self._value(name, old, names)} → {self._value(name, new, names)}"
                )
        reason = change.changes.get("reason", [None, ""])[1] if kind == "ended" else ""
        if reason:
            kind = "ended_reason"
        text = translate(
            self.lang,
            f"agreement.history.{kind}",
            who=who,
            changes="; ".join(parts),
            reason=reason,
        )
        return {"id": str(change.id), "when": format_moment(change.at, self.lang), "text": text}

    # ----------------------------------------------------------------------------------
    # Withdrawing a proposal (with an undo) and ending an agreement (asked first)
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def withdraw(self, agreement_id: str, version: str) -> Any:
        wanted, seen = parse_id(agreement_id), parse_id(version)
        if wanted is None or seen is None:
            return None
        try:
            with self._work() as (session, actor):
                agreement = withdraw_agreement(
                    session, actor, agreement_id=wanted, expected_version=seen
                )
                topic = agreement.topic
        except Conflict:
            self._load_agreements()
            return rx.toast.warning(self._message("error.conflict"))
        self._close_detail()
        self._load_agreements()
        self._notify(self._message("agreements.withdrawn", topic=topic), str(wanted))
        return None

    @rx.event
    @guarded
    def restore(self, agreement_id: str) -> Any:
        """The undo of a withdrawal: a proposal again."""
        wanted = parse_id(agreement_id)
        if wanted is None:
            return None
        self._clear_notice()
        with self._work() as (session, actor):
            agreement = restore_agreement(session, actor, agreement_id=wanted)
            topic = agreement.topic
        self._load_agreements()
        self._notify(self._message("agreements.restored", topic=topic))
        return None

    def _close_detail(self) -> None:
        self.form_open = False
        self.selected_id = ""
        self.detail = []
        self.detail_closed = False
        self.detail_changes = []

    def _notify(self, text: str, undo_id: str = "") -> None:
        """Say what just happened in a bar with its undo (a toast would hide the undo).
        The bar hides itself in the browser after a few seconds (components/notice_bar.py)."""
        self.notice = text
        self.undo_id = undo_id
        self.notice_seq += 1

    def _clear_notice(self) -> None:
        self.notice = ""
        self.undo_id = ""

    @rx.event
    def ask_end(self, agreement_id: str) -> None:
        """Open the question "end this agreement?" for an agreement already on screen
        (its topic and version came with the list; end_agreement checks everything)."""
        row = next(
            (r for r in [*self.detail, *self.agreements] if r["id"] == str(agreement_id)), None
        )
        if row is None:
            return
        self.end_id, self.end_version, self.end_topic = row["id"], row["version"], row["topic"]
        self.end_error = ""
        self.end_key += 1
        self.form_open = False  # one dialog at a time
        self.end_open = True

    @rx.event
    def set_end_open(self, is_open: bool) -> None:
        self.end_open = bool(is_open)

    @rx.event
    @guarded
    def end(self, form_data: dict[str, Any]) -> Any:
        form = dict(form_data or {})
        wanted, seen = parse_id(form.get("id")), parse_id(form.get("version"))
        if wanted is None or seen is None:
            return None
        try:
            with self._work() as (session, actor):
                agreement = end_agreement(
                    session,
                    actor,
                    agreement_id=wanted,
                    expected_version=seen,
                    reason=str(form.get("reason") or ""),
                )
                topic = agreement.topic
        except Conflict:
            self.end_open = False
            self._load_agreements()
            return rx.toast.warning(self._message("error.conflict"))
        except InvalidInput as exc:
            self.end_error = self._message(exc.message_key)
            return None
        self.end_open = False
        self._close_detail()
        self._load_agreements()
        return rx.toast.success(self._message("agreements.ended", topic=topic))

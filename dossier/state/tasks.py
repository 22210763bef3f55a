"""Taken: the list ("Mijn taken", "Alles", per domain), the task form and the undo bar.

Thin: every rule lives in dossier/domain/tasks.py. What the browser sends is text; the
task being edited and the version the form loaded stay here, on the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict, cast

import reflex as rx
from babel.dates import format_date
from sqlmodel import Session

from dossier import routes
from dossier.clock import local, local_today
from dossier.domain.acp import source_conversation as acp_source
from dossier.domain.agreements import list_agreements
from dossier.domain.erasure import display_name
from dossier.domain.errors import Conflict, NotFound
from dossier.domain.families import member_names, members
from dossier.domain.once import is_fresh_send, new_form_key
from dossier.domain.past import PastDate, confirmed_field, read_confirmed
from dossier.domain.tasks import (
    Completion,
    HistoryEntry,
    InvalidTask,
    TaskConflict,
    completions,
    create_task,
    delete_task,
    list_shown_tasks,
    restore_task,
    set_done,
    snapshot,
    task_with_history,
    update_task,
)
from dossier.i18n import catalogue, format_day, format_long_day, format_moment, format_time
from dossier.models import CareDomain, Task, TaskStatus
from dossier.permissions import Action, Actor, can, require
from dossier.presenters.rows import TaskRow, task_row
from dossier.state.base import AppState, guarded

VIEWS = ("all", "mine")
DOMAINS = [d.value for d in CareDomain]
STATUSES = [s.value for s in TaskStatus]
FIELDS = (
    "title",
    "notes",
    "domain",
    "assignee_id",
    "due_on",
    "status",
    "waiting_for",
    "agreement_id",
)
FORM_FIELDS = (*FIELDS, "follow_up_on")
DONE_SHOWN = 20  # the most recently completed; older ones stay in the history


class Option(TypedDict):
    value: str
    label: str


class HistoryRow(TypedDict):
    id: str
    sentence: str
    when: str


def no_errors() -> dict[str, str]:
    return dict.fromkeys(FORM_FIELDS, "")


def history_row(index: int, entry: HistoryEntry, lang: str, t: dict[str, str]) -> HistoryRow:
    who = display_name(entry.name, lang) or t["task.history.someone"]
    names = ", ".join(t.get(f"task.field.{name}", name) for name in entry.fields)
    sentence = t[f"task.history.{entry.kind}"].format(who=who, fields=names)
    return {"id": str(index), "sentence": sentence, "when": format_moment(entry.at, lang)}


def done_line(done: Completion | None, lang: str, t: dict[str, str]) -> str:
    """'Klaar · Femke Bos, 3 dec 14:20': who completed it and when ('' when unknown)."""
    if done is None:
        return ""
    day = local(done.at).date()
    pattern = "d MMM" if day.year == local_today().year else "d MMM yyyy"
    when = f"{format_date(day, pattern, locale=lang)} {format_time(done.at, lang)}"
    if done.name:
        return t["task.done_by"].format(who=done.name, when=when)
    return t["task.done_when"].format(when=when)


def past_words(days: list, lang: str) -> str:
    """'3 december' (with the year when it is another year): the days asked about."""
    this_year = local_today().year
    return ", ".join(
        format_long_day(day, lang).split(" ", 1)[-1]
        + (f" {day.year}" if day.year != this_year else "")
        for day in days
    )


def _text(form: dict[str, Any], name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


@dataclass(frozen=True, slots=True)
class ShownTask:
    """What a list row shows of a task, kept between reads instead of the row itself:
    written out (task_row) only when a view or domain shows it."""

    id: int | None
    version: int
    title: str
    domain: str
    assignee_id: int | None
    due_on: date | None
    status: str
    waiting_for: str
    follow_up_on: date | None

    @classmethod
    def of(cls, task: Task) -> ShownTask:
        return cls(
            id=task.id,
            version=task.version,
            title=task.title,
            domain=task.domain,
            assignee_id=task.assignee_id,
            due_on=task.due_on,
            status=task.status,
            waiting_for=task.waiting_for,
            follow_up_on=task.follow_up_on,
        )


def _row(entry: dict, names: dict[int, str], lang: str, today: date) -> TaskRow:
    # task_row reads only the attributes ShownTask keeps.
    return task_row(cast(Task, entry["task"]), names, lang, today)


def _plain(value: Any) -> Any:
    """A state's list or dict without the change-tracking wrapper (read only here)."""
    return getattr(value, "__wrapped__", value)


class TasksState(AppState):
    # The list
    tasks: list[TaskRow] = []  # open tasks in the chosen view and domain
    done_tasks: list[TaskRow] = []
    view: str = "all"
    domain: str = ""  # "" is every domain
    count_mine: int = 0
    count_all: int = 0
    can_create: bool = False
    can_edit: bool = False
    loaded: bool = False
    # Every task read as {"task": ShownTask, "mine", "domain", "done"}: written out as a
    # row only when shown (a large family reads 20 done tasks per domain to show 20).
    _rows: list[dict] = []
    _names: dict[int, str] = {}  # membership id -> name, for the rows written out
    done_lines: dict[str, str] = {}  # shown task id -> "Klaar · Femke Bos, 3 dec 14:20"
    _completed: dict[str, Completion] = {}  # task id -> who completed it and when
    _list_waiting: bool = False  # newer rows came in while the form was open

    # The form (a dialog): new when form_task_id is ""
    form_open: bool = False
    form_task_id: str = ""
    form_version: str = ""
    form_key: int = 0  # a new value draws the form afresh with the loaded values
    send_key: str = ""  # this form's one-time key (dossier/domain/once.py)
    form_title: str = ""
    form_notes: str = ""
    form_domain: str = ""
    form_assignee: str = ""
    form_due: str = ""
    form_status: str = TaskStatus.OPEN.value
    form_waiting_for: str = ""
    form_follow_up: str = ""
    errors: dict[str, str] = no_errors()
    form_error: str = ""
    conflict: str = ""
    saving: bool = False
    member_options: list[Option] = []
    agreement_options: list[Option] = []
    form_agreement: str = ""
    history: list[HistoryRow] = []
    details: list[Option] = []  # the task as text, for those who may not edit it
    _original: dict = {}
    _conflict_version: int = 0
    form_in_pane: bool = False  # the form was opened from the tablet's pane, not the list
    form_done_line: str = ""  # who completed the task in the form, and when
    # A date that has already been: the form asks first ("Toch opslaan"); `past_ok` goes
    # back in a hidden field with the days confirmed, so the next send saves.
    past_question: str = ""
    past_ok: str = ""
    _past_field: str = "task-due_on"  # where "Datum aanpassen" puts the focus

    # The tablet's pane beside the list: the selected task, read like open_task reads it
    sel_id: str = ""
    sel_version: str = ""
    sel_title: str = ""
    sel_done: bool = False
    sel_done_line: str = ""
    sel_can_edit: bool = False
    sel_details: list[Option] = []
    sel_history: list[HistoryRow] = []
    # Issue 20: a task made from a conversation about what matters links back to it
    # ("Uit het gesprek van 12 december"), only for who may read that conversation.
    source_text: str = ""
    source_href: str = ""
    sel_source_text: str = ""
    sel_source_href: str = ""

    # The bar near the thumb: what just happened ("Taak afgerond"), with an undo when it can
    notice: str = ""
    undo_kind: str = ""  # "complete", "delete" or "" (nothing to undo)
    undo_task_id: str = ""
    undo_version: str = ""
    notice_seq: int = 0
    _undo_status: str = TaskStatus.OPEN.value

    @rx.var
    def domain_options(self) -> list[Option]:
        return [{"value": d, "label": catalogue(self.lang).get(f"domain.{d}", d)} for d in DOMAINS]

    @rx.var
    def status_options(self) -> list[Option]:
        return [
            {"value": s, "label": catalogue(self.lang).get(f"task.status.{s}", s)} for s in STATUSES
        ]

    @rx.var
    def is_new(self) -> bool:
        return self.form_task_id == ""

    # ----------------------------------------------------------------------------------
    # The list
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def load_tasks(self) -> None:
        """Opening the page: the list, and no form or notice left from an earlier visit
        (the bar hides itself in the browser; its text stays here until the next one)."""
        self.form_open = False
        self._clear_notice()
        self._load()

    @rx.event
    @guarded
    def refresh_tasks(self) -> None:
        """Someone changed the family's dossier (/live.js): the newest list.

        While the form is open the list under the dialog waits (redrawing it could draw
        the open form afresh); it is shown when the form closes.
        """
        self._load(keep_form=True)

    def _load(self, *, keep_form: bool = False) -> None:
        with self._work(fresh=True) as (session, actor):
            self._load_in(session, actor, keep_form=keep_form)

    def _load_in(self, session: Session, actor: Actor, *, keep_form: bool = False) -> None:
        """The list from an open transaction: after a change, the same one (one lock on
        the access log, one session lookup), so a tap costs one round of queries."""
        today = local_today()
        tasks = list_shown_tasks(session, actor, done_shown=DONE_SHOWN, today=today)
        names = member_names(session, actor)
        # Only what changed is assigned: an assigned field goes along in the delta.
        self._keep(can_create=can(actor, Action.TASK_CREATE), can_edit=can(actor, Action.TASK_EDIT))
        me = actor.membership_id
        self._refresh_selected(session, actor, tasks)
        finished = completions(session, actor, tasks)
        completed = {str(task_id): done for task_id, done in finished.items()}
        self._completed = completed
        open_tasks = [t for t in tasks if t.status != TaskStatus.DONE]
        done = sorted(
            (t for t in tasks if t.status == TaskStatus.DONE),
            key=lambda t: (t.completed_at is not None, t.completed_at, t.id or 0),
            reverse=True,
        )
        rows = [
            {
                "task": ShownTask.of(t),
                "mine": t.assignee_id == me,
                "domain": t.domain,
                "done": t.status == TaskStatus.DONE,
            }
            for t in [*open_tasks, *done]
        ]
        self._rows = rows
        self._names = names
        if keep_form and self.form_open and self.loaded:
            self._list_waiting = True
            return
        self._show(rows, names, completed)
        self._keep(loaded=True)

    def _apply_filters(self) -> None:
        """The rows read last, shown again for the view and domain chosen now."""
        self._show(_plain(self._rows), _plain(self._names), _plain(self._completed))

    def _show(
        self, rows: list[dict], names: dict[int, str], completed: dict[str, Completion]
    ) -> None:
        """The list for the chosen view and domain. Plain values in, not the state's own
        (each read of a state's list or dict wraps every item for change tracking)."""
        self._list_waiting = False
        domain, view = self.domain, self.view
        in_domain = [r for r in rows if not domain or r["domain"] == domain]
        shown = [r for r in in_domain if view == "all" or r["mine"]]
        lang, today = self.lang, local_today()
        self.tasks = [_row(r, names, lang, today) for r in shown if not r["done"]]
        done_shown = [r for r in shown if r["done"]][:DONE_SHOWN]
        done_rows = [_row(r, names, lang, today) for r in done_shown]
        self.done_tasks = done_rows
        # Written out only for the done rows shown (a date in words costs, per row).
        words = catalogue(self.lang)
        self._keep(
            done_lines={
                row["id"]: done_line(completed[row["id"]], lang, words)
                for row in done_rows
                if row["id"] in completed
            },
            count_all=sum(not r["done"] for r in in_domain),
            count_mine=sum(not r["done"] and r["mine"] for r in in_domain),
        )

    @rx.event
    def show_view(self, view: str) -> None:
        self.view = view if view in VIEWS else "all"
        self._apply_filters()

    @rx.event
    def set_domain_filter(self, domain: str) -> None:
        self.domain = domain if domain in DOMAINS else ""
        self._apply_filters()

    # ----------------------------------------------------------------------------------
    # Completing, with an undo
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def toggle_done(self, task_id: str, version: str, done: bool) -> Any:
        if not (task_id.isdigit() and version.isdigit()):
            return None
        try:
            with self._work(fresh=True) as (session, actor):
                before = session.get(Task, int(task_id))
                previous = before.status if before is not None else TaskStatus.OPEN
                task = set_done(
                    session, actor, task_id=int(task_id), expected_version=int(version), done=done
                )
                new_version = task.version
                self._load_in(session, actor)
        except Conflict:
            self._load()  # show the newest version, then say why
            return rx.toast.warning(self._message("error.conflict"))
        except NotFound:
            self._load()
            raise
        if not done:
            self._notify("task.reopened")
            return None
        self._undo_status = previous if previous != TaskStatus.DONE else TaskStatus.OPEN
        self._notify("task.undo.completed", "complete", task_id, new_version)
        return None

    def _notify(self, key: str, undo: str = "", task_id: str = "", version: int = 0) -> None:
        """Say what just happened in the bar near the thumb (toasts would cover it)."""
        self.notice = self._message(key)
        self.undo_kind = undo
        self.undo_task_id = task_id if undo else ""
        self.undo_version = str(version) if undo else ""
        # A new number draws the bar afresh: it hides itself in the browser after a few
        # seconds (components/notice_bar.py), with no second event to the server.
        self.notice_seq += 1

    def _clear_notice(self) -> None:
        self.notice = ""
        self.undo_kind = ""
        self.undo_task_id = ""

    @rx.event
    @guarded
    def undo_complete(self, task_id: str, version: str) -> Any:
        """Reopen the task just completed, in the state it had (busy, waiting...)."""
        if not (task_id.isdigit() and version.isdigit()):
            return None
        # Another task than the one just completed: the domain puts it back as it was.
        reopen_as = self._undo_status if task_id == self.undo_task_id else None
        self._clear_notice()
        try:
            with self._work() as (session, actor):
                set_done(
                    session,
                    actor,
                    task_id=int(task_id),
                    expected_version=int(version),
                    done=False,
                    reopen_as=reopen_as,
                )
        finally:
            self._load()
        self._notify("task.reopened")
        return None

    # ----------------------------------------------------------------------------------
    # The form
    # ----------------------------------------------------------------------------------

    def _fill_form(self, task: Task | None) -> None:
        self.form_task_id = str(task.id) if task else ""
        self.form_version = str(task.version) if task else ""
        self.form_title = task.title if task else ""
        self.form_notes = task.notes if task else ""
        self.form_domain = task.domain if task else self.domain
        self.form_assignee = str(task.assignee_id or "") if task else ""
        self.form_agreement = str(task.agreement_id or "") if task and task.agreement_id else ""
        self.form_due = task.due_on.isoformat() if task and task.due_on else ""
        self.form_status = task.status if task else TaskStatus.OPEN.value
        self.form_waiting_for = task.waiting_for if task else ""
        self.form_follow_up = task.follow_up_on.isoformat() if task and task.follow_up_on else ""
        self._original = snapshot(task) if task else {}
        self.errors = no_errors()
        self.form_error = ""
        self.conflict = ""
        self.saving = False
        self.past_question = self.past_ok = ""
        self.form_key += 1
        self.send_key = new_form_key()
        self.form_open = True

    @contextmanager
    def _form_read(self) -> Iterator[tuple[Session, Actor]]:
        """A read for the form only: the list keeps the pulse it was loaded at, so a change
        made meanwhile by someone else still reaches the list through /live.js."""
        list_pulse = self.pulse
        with self._work() as work:
            yield work
        self.pulse = list_pulse

    def _member_options(self, session: Any, actor: Any, task: Task | None) -> list[Option]:
        options: list[Option] = [
            {
                "value": str(m.membership_id),
                "label": f"{m.name} ({self._message(f'role.{m.role}')})",
            }
            for m in members(session, actor)
        ]
        assignee = task.assignee_id if task else None
        if assignee and str(assignee) not in {o["value"] for o in options}:
            name = member_names(session, actor).get(assignee, "?")
            options.append(
                {"value": str(assignee), "label": self._message("task.assignee_gone", name=name)}
            )
        return options

    def _agreement_options(self, session: Any, actor: Any) -> list[Option]:
        """The agreements a task can serve (only for those who may see them)."""
        if not can(actor, Action.AGREEMENT_VIEW):
            return []
        return [{"value": str(a.id), "label": a.topic} for a in list_agreements(session, actor)]

    def _details(self, task: Task, names: dict[int, str]) -> list[Option]:
        row = task_row(task, names, self.lang, local_today())
        lines = [
            ("task.field.domain", row["domain"]),
            ("task.field.assignee_id", row["assignee"]),
            ("task.field.due_on", row["due"]),
            ("task.field.status", row["status"]),
            ("task.field.waiting_for", task.waiting_for if row["waiting_for"] else ""),
            ("task.field.follow_up_on", row["follow_up"]),
            ("task.field.notes", task.notes),
        ]
        return [{"label": self._message(k).capitalize(), "value": v} for k, v in lines if v]

    @rx.event
    @guarded
    def open_new_task(self) -> None:
        self._open_new_task()

    def _open_new_task(self) -> None:
        with self._form_read() as (session, actor):
            require(actor, Action.TASK_CREATE)
            self.member_options = self._member_options(session, actor, None)
            self.agreement_options = self._agreement_options(session, actor)
        self.history = []
        self.details = []
        self.form_done_line = ""
        self.can_edit = True  # the gate above allowed creating, which editors may do
        self.source_text = self.source_href = ""
        self._fill_form(None)

    @rx.event
    @guarded
    def open_task(self, task_id: str) -> None:
        self._open_task(task_id)

    def _open_task(self, task_id: str) -> None:
        if not task_id.isdigit():
            return
        with self._form_read() as (session, actor):
            task, entries = task_with_history(session, actor, int(task_id))
            self.can_edit = can(actor, Action.TASK_EDIT, task)
            options = self._member_options(session, actor, task) if self.can_edit else []
            agreements = self._agreement_options(session, actor) if self.can_edit else []
            names = member_names(session, actor)
            done = completions(session, actor, [task]).get(task.id or 0)
            self.source_text, self.source_href = self._source(session, actor, task)
        self.form_done_line = done_line(done, self.lang, catalogue(self.lang))
        self.agreement_options = agreements
        self.member_options = options
        self.details = self._details(task, names)
        t = catalogue(self.lang)
        self.history = [history_row(i, e, self.lang, t) for i, e in enumerate(entries)]
        self._fill_form(task)

    @rx.event
    @guarded
    def open_change(self, task_id: str, is_open: bool, wide: bool = False) -> None:
        """The dialog of one task ("" for a new one) asks to open or to close.

        Opening loads the task (open_task / open_new_task check who may). On a tablet
        (`wide`, a layout hint from the browser) a task goes to the pane beside the list
        instead, through select_task's same gate. Closing (Escape, Annuleren, outside the
        dialog) drops the form; nothing is saved.
        """
        if is_open is not True:
            self._close_form()
        elif wide is True and task_id:
            self._select_task(task_id)
        else:
            self.form_in_pane = False
            if task_id:
                self._open_task(task_id)
            else:
                self._open_new_task()

    @rx.event
    @guarded
    def edit_change(self, task_id: str, is_open: bool) -> None:
        """The pane's "Bewerken" asks to open or close the same form, as its own dialog."""
        if is_open is True:
            self.form_in_pane = True
            self._open_task(task_id)
        else:
            self._close_form()

    # ----------------------------------------------------------------------------------
    # The tablet's pane: the selected task beside the list
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def select_task(self, task_id: str) -> None:
        """Show one task in the pane; read and logged as open_task reads it."""
        self._select_task(task_id)

    def _select_task(self, task_id: str) -> None:
        if not task_id.isdigit():
            return
        with self._form_read() as (session, actor):
            self._show_selected(session, actor, int(task_id))

    def _show_selected(self, session: Session, actor: Actor, task_id: int) -> None:
        task, entries = task_with_history(session, actor, task_id)
        self.sel_id = str(task.id)
        self.sel_version = str(task.version)
        self.sel_title = task.title
        self.sel_done = task.status == TaskStatus.DONE
        done = completions(session, actor, [task]).get(task.id or 0)
        self.sel_done_line = done_line(done, self.lang, catalogue(self.lang))
        self.sel_can_edit = can(actor, Action.TASK_EDIT, task)
        self.sel_source_text, self.sel_source_href = self._source(session, actor, task)
        self.sel_details = self._details(task, member_names(session, actor))
        t = catalogue(self.lang)
        self.sel_history = [history_row(i, e, self.lang, t) for i, e in enumerate(entries)]

    def _source(self, session: Session, actor: Actor, task: Task) -> tuple[str, str]:
        """Where the task came from, when the reader may open it there (issue 20)."""
        talk = acp_source(session, actor, task)
        if talk is None:
            return "", ""
        text = self._message("acp.from_talk", day=format_day(talk.held_on, self.lang))
        return text, f"{routes.CARE_PLAN_TALKS}?{routes.OPEN_PARAM}={talk.id}"

    def _refresh_selected(self, session: Session, actor: Actor, visible: list[Task]) -> None:
        """After any change the pane shows the task as it is now, or nothing once it is
        gone (deleted, or no longer visible to this member)."""
        if not self.sel_id.isdigit():
            self._keep(sel_id="")
            return
        task_id = int(self.sel_id)
        if task_id not in {t.id for t in visible}:
            # An older done task the list no longer reads (it shows the newest done only):
            # still shown while it exists and the member may see it; asked without a
            # refusal, which would undo the change this reload follows.
            task = session.get(Task, task_id)
            if (
                task is None
                or task.deleted_at is not None
                or not can(actor, Action.TASK_VIEW, task)
            ):
                self.sel_id = ""
                return
        self._show_selected(session, actor, task_id)

    def _close_form(self) -> None:
        self.form_open = False
        self.saving = False
        if self._list_waiting:
            self._apply_filters()

    @rx.event
    def set_form_status(self, status: str) -> None:
        self.form_status = status if status in STATUSES else TaskStatus.OPEN.value

    @rx.event
    def start_saving(self, _form: dict) -> None:
        """Runs just before save_task: the button shows it is busy while the save runs."""
        self.saving = True

    @rx.event
    def change_past_date(self) -> Any:
        """The answer "Datum aanpassen": no save; the focus goes to the date asked about."""
        self.past_question = self.past_ok = ""
        return rx.set_focus(self._past_field)

    @rx.event
    def use_latest_version(self) -> None:
        """After a conflict: save on top of the newest version, only the fields changed here."""
        if self._conflict_version:
            self.form_version = str(self._conflict_version)
        self.conflict = ""

    def _keep_typed(self, form: dict[str, Any]) -> dict[str, str]:
        raw = {
            "title": _text(form, "title"),
            "notes": _text(form, "notes"),
            "domain": _text(form, "domain"),
            "assignee": _text(form, "assignee"),
            "due": _text(form, "due"),
            "status": _text(form, "status") or self.form_status,
            "waiting_for": _text(form, "waiting_for"),
            "follow_up": _text(form, "follow_up"),
            "agreement": _text(form, "agreement"),
        }
        self.form_title, self.form_notes = raw["title"], raw["notes"]
        self.form_domain, self.form_assignee = raw["domain"], raw["assignee"]
        self.form_due, self.form_status = raw["due"], raw["status"]
        self.form_waiting_for, self.form_follow_up = raw["waiting_for"], raw["follow_up"]
        self.form_agreement = raw["agreement"]
        return raw

    @rx.event
    @guarded
    def save_task(self, form: dict) -> Any:
        self.saving = False  # whatever happens below, the button works again afterwards
        if not is_fresh_send(form if isinstance(form, dict) else {}, self.send_key):
            return None  # the second tap of a double tap: the first one saved already
        self.errors = no_errors()
        self.form_error = ""
        self.conflict = ""
        self.past_question = ""
        raw = self._keep_typed(form if isinstance(form, dict) else {})
        confirmed = read_confirmed(form.get("past_ok") if isinstance(form, dict) else "")
        editing = self.form_task_id.isdigit()
        try:
            with self._work() as (session, actor):
                if editing:
                    changed = update_task(
                        session,
                        actor,
                        task_id=int(self.form_task_id),
                        expected_version=int(self.form_version or 0),
                        data=raw,
                        original=self._original or None,
                        past_ok=confirmed,
                    )
                else:
                    create_task(session, actor, raw, past_ok=confirmed)
                    changed = ["created"]
        except PastDate as past:
            # Held back to ask; what was typed stays and the form's key is not spent.
            self.past_question = self._message(
                "task.past.question", day=past_words(past.days, self.lang)
            )
            self.past_ok = confirmed_field(past.days)
            due_asked = any(day.isoformat() == raw["due"] for day in past.days)
            waiting = raw["status"] == TaskStatus.WAITING
            self._past_field = "task-follow_up_on" if waiting and not due_asked else "task-due_on"
            return None
        except InvalidTask as problem:
            self.errors = {
                **no_errors(),
                **{f: self._message(k) for f, k in problem.errors.items()},
            }
            self.form_error = self._message("task.form.check")
            return None
        except TaskConflict as conflict:
            self._conflict_version = conflict.version or 0
            names = ", ".join(self._message(f"task.field.{f}") for f in conflict.fields)
            key = "task.conflict" if names else "task.conflict_unknown"
            self.conflict = self._message(key, fields=names)
            return None
        except NotFound:
            self._close_form()
            self._load()
            raise
        self.send_key = ""  # spent: a send still on its way changes nothing
        self._close_form()
        self._load()
        if not changed:
            self._notify("task.unchanged")
        else:
            self._notify("task.saved" if editing else "task.created")
        return None

    # ----------------------------------------------------------------------------------
    # Deleting, with an undo
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def delete_task(self, task_id: str, version: str) -> Any:
        if not (task_id.isdigit() and version.isdigit()):
            return None
        try:
            with self._work() as (session, actor):
                task = delete_task(
                    session, actor, task_id=int(task_id), expected_version=int(version)
                )
                new_version = task.version
        except TaskConflict as conflict:
            names = ", ".join(self._message(f"task.field.{f}") for f in conflict.fields)
            key = "task.conflict" if names else "task.conflict_unknown"
            return rx.toast.warning(self._message(key, fields=names))
        self._close_form()
        self._load()
        self._notify("task.undo.deleted", "delete", task_id, new_version)
        return None

    @rx.event
    @guarded
    def restore(self, task_id: str) -> Any:
        if not task_id.isdigit():
            return None
        self._clear_notice()
        with self._work() as (session, actor):
            restore_task(session, actor, task_id=int(task_id))
        self._load()
        self._notify("task.restored")
        return None

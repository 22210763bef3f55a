"""The care plan's evaluation panel: when it is next looked at, "Er is iets veranderd",
"Evaluatie vastleggen" and the past evaluations.

Thin: every rule lives in dossier/domain/care_plan_evaluation.py (and the gate). Parents
and case managers only (CAREPLAN_EVALUATE); for anyone else the panel stays empty and
nothing is read. Versions arrive as text from the browser and are checked there.
"""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from dossier.clock import local_today
from dossier.domain import care_plan_evaluation as rules
from dossier.domain.care_plan_sections import parse_id
from dossier.domain.errors import Conflict, NotFound
from dossier.domain.families import member_names
from dossier.domain.once import is_fresh_send, new_form_key
from dossier.models.care_plan import CarePlan, CarePlanSectionKey, EvaluationKind
from dossier.permissions import Action, can
from dossier.presenters.care_plan_pdf import long_day
from dossier.state.base import AppState, guarded

EVALUATION_FIELDS = ("kind", "held_on", "outcome", "changed")
ASK_FIELDS = ("reason", "note")


class Option(TypedDict):
    value: str
    label: str


class EvaluationRow(TypedDict):
    id: str
    title: str  # "Evaluatie op 8 december 2026"
    who: str  # "Vastgelegd door Hugo"
    outcome: str
    changed: str  # "Veranderd: Lichamelijk, Opvoeding en onderwijs" ("" when none)


def blank(names: tuple[str, ...]) -> dict[str, str]:
    return dict.fromkeys(names, "")


class CarePlanReviewState(AppState):
    review_loaded: bool = False
    may_evaluate: bool = False  # a parent or case manager, and the plan exists
    review_version: str = ""
    review_line: str = ""  # "Evaluatie: 8 maart 2027 (over 90 dagen)"
    reevaluate_line: str = ""
    review_late: bool = False
    reevaluate_late: bool = False
    asked_line: str = ""  # "Anna meldde een opname: ..." while a re-evaluation is asked
    evaluations: list[EvaluationRow] = []
    section_options: list[Option] = []
    # "Evaluatie vastleggen"
    evaluation_open: bool = False
    evaluation_key: int = 0
    send_key: str = ""
    evaluation_errors: dict[str, str] = blank(EVALUATION_FIELDS)
    evaluation_alert: str = ""
    evaluation_today: str = ""
    evaluation_kind: str = "review"
    # "Er is iets veranderd"
    ask_open: bool = False
    ask_key: int = 0
    ask_errors: dict[str, str] = blank(ASK_FIELDS)

    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def load_review(self) -> None:
        self._load_review()

    def _load_review(self, *, strict: bool = False) -> None:
        """`strict`: refuse (and log) a caller who may not evaluate; else, for the page's
        load, such a caller gets an empty panel and nothing is read."""
        today = local_today()
        with self._work() as (session, actor):
            if not strict and not can(actor, Action.CAREPLAN_EVALUATE):
                self._clear()
                return
            view = rules.read_evaluations(session, actor)
            names = member_names(session, actor)
        plan = view.plan
        self.may_evaluate = plan is not None
        self.evaluation_today = today.isoformat()
        self.section_options = [
            {"value": str(k), "label": self._message(f"careplan.section.{k}")}
            for k in CarePlanSectionKey
        ]
        if plan is None:
            self._clear()
            return
        self._dates(plan, today, names)
        labels = {o["value"]: o["label"] for o in self.section_options}
        self.evaluations = [
            {
                "id": str(e.id),
                "title": self._message(
                    f"careplan.review.kind_on.{e.kind}", day=long_day(e.held_on, self.lang)
                ),
                "who": self._message(
                    "careplan.review.recorded_by",
                    who=names.get(e.recorded_by_id or 0, "")
                    or self._message("careplan.pdf.someone"),
                ),
                "outcome": e.outcome,
                "changed": self._message(
                    "careplan.review.changed",
                    sections=", ".join(labels.get(k, k) for k in e.changed_sections or []),
                )
                if e.changed_sections
                else self._message("careplan.review.changed_none"),
            }
            for e in view.evaluations
        ]
        self.review_loaded = True

    def _clear(self) -> None:
        self.may_evaluate = False
        self.review_version = ""
        self.review_line = self.reevaluate_line = self.asked_line = ""
        self.review_late = self.reevaluate_late = False
        self.evaluations = []
        self.review_loaded = True

    def _when(self, key: str, day: Any, days: int | None) -> str:
        if day is None or days is None:
            return self._message(f"{key}.none")
        if days < 0:
            return self._message(f"{key}.late", day=long_day(day, self.lang))
        if days == 0:
            return self._message(f"{key}.today", day=long_day(day, self.lang))
        count = "one" if days == 1 else "many"
        return self._message(f"{key}.in.{count}", day=long_day(day, self.lang), count=days)

    def _dates(self, plan: CarePlan, today: Any, names: dict[int, str]) -> None:
        state = rules.due_state(plan, today)
        self.review_version = str(plan.version)
        self.review_line = self._when(
            "careplan.review.next_review", plan.review_on, state.review_in
        )
        self.reevaluate_line = self._when(
            "careplan.review.next_reevaluation", plan.reevaluate_on, state.reevaluate_in
        )
        self.review_late = state.review_in is not None and state.review_in < 0
        self.reevaluate_late = state.asked or (
            state.reevaluate_in is not None and state.reevaluate_in < 0
        )
        self.asked_line = ""
        if state.asked:
            reason = plan.reevaluation_reason or "deterioration"
            self.asked_line = self._message(
                f"careplan.review.asked.{reason}",
                who=names.get(plan.reevaluation_asked_by_id or 0, "")
                or self._message("careplan.pdf.someone"),
            )
            if plan.reevaluation_note:
                self.asked_line += f" {plan.reevaluation_note}"

    # ----------------------------------------------------------------------------------
    # "Evaluatie vastleggen"
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def open_evaluation(self, kind: str = "review") -> None:
        self._load_review(strict=True)
        if not self.may_evaluate:
            return
        self.evaluation_kind = kind if kind in {str(k) for k in EvaluationKind} else "review"
        self.evaluation_errors = blank(EVALUATION_FIELDS)
        self.evaluation_alert = ""
        self.send_key = new_form_key()
        self.evaluation_key += 1
        self.evaluation_open = True

    @rx.event
    def set_evaluation_open(self, is_open: bool) -> None:
        self.evaluation_open = bool(is_open) and self.may_evaluate

    @rx.event
    @guarded
    def save_evaluation(self, form_data: dict[str, Any]) -> Any:
        form = dict(form_data or {})
        if not is_fresh_send(form, self.send_key):
            return None  # a second send of a form that was already saved
        seen = parse_id(form.get("version"))
        if not isinstance(seen, int):
            return None
        changed = [str(k) for k in CarePlanSectionKey if form.get(f"changed_{k}")]
        try:
            with self._work() as (session, actor):
                rules.record_evaluation(
                    session,
                    actor,
                    expected_version=seen,
                    kind=form.get("kind"),
                    held_on=form.get("held_on"),
                    outcome=form.get("outcome"),
                    changed=changed,
                    today=local_today(),
                )
        except rules.EvaluationInputError as exc:
            self.evaluation_errors = {
                name: self._message(exc.errors[name]) if name in exc.errors else ""
                for name in EVALUATION_FIELDS
            }
            self.evaluation_alert = self._message("careplan.review.form_alert")
            return None
        except Conflict:
            self._load_review()
            self.evaluation_open = False
            return rx.toast.warning(self._message("careplan.evaluation.conflict"))
        except NotFound as exc:
            self.evaluation_open = False
            return rx.toast.error(self._message(exc.message_key))
        self.send_key = ""
        self.evaluation_open = False
        self._load_review()
        return rx.toast.success(self._message("careplan.review.saved"))

    # ----------------------------------------------------------------------------------
    # "Er is iets veranderd"
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def open_ask(self) -> None:
        self._load_review(strict=True)
        if not self.may_evaluate:
            return
        self.ask_errors = blank(ASK_FIELDS)
        self.ask_key += 1
        self.ask_open = True

    @rx.event
    def set_ask_open(self, is_open: bool) -> None:
        self.ask_open = bool(is_open) and self.may_evaluate

    @rx.event
    @guarded
    def save_ask(self, form_data: dict[str, Any]) -> Any:
        form = dict(form_data or {})
        try:
            with self._work() as (session, actor):
                rules.ask_reevaluation(
                    session, actor, reason=form.get("reason"), note=form.get("note")
                )
        except rules.EvaluationInputError as exc:
            self.ask_errors = {
                name: self._message(exc.errors[name]) if name in exc.errors else ""
                for name in ASK_FIELDS
            }
            return None
        except NotFound as exc:
            self.ask_open = False
            return rx.toast.error(self._message(exc.message_key))
        self.ask_open = False
        self._load_review()
        return rx.toast.success(self._message("careplan.review.asked_saved"))

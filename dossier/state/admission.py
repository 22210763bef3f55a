""" "We gaan naar het ziekenhuis": the button, the live checklist, ending it, and the calm
card on the overview. Thin: the rules live in dossier/domain/admission.py.

`read_admission` runs with the overview's and the plan page's loaders (dossier/dossier.py)
and with their live refresh, so a tick on one phone shows on every open screen of the
family. It never refuses a page: a dossier in which nothing can happen now (waiting for
its parents, closing) simply shows no admission.
"""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from dossier.clock import local_today
from dossier.domain import admission
from dossier.domain.admission import AdmissionView, ItemView, WhoIsTold
from dossier.i18n import format_moment, format_time, local
from dossier.permissions import Action, can
from dossier.state.base import AppState, guarded


class ItemRow(TypedDict):
    id: str
    label: str
    done: bool
    who: str  # "Anna, 23:10" once ticked, else ""
    aria: str  # "Medicatie: ingepakt" (the checkbox's name)


class AdmissionState(AppState):
    adm_on: bool = False
    adm_id: str = ""
    adm_since: str = ""  # "Opname sinds 23:04"
    adm_started_by: str = ""  # "Gestart door Anna"
    adm_items: list[ItemRow] = []
    adm_packed: str = ""  # "2 van 7 ingepakt" (those who tick)
    adm_updated: str = ""  # "Bijgewerkt om 23:10"
    adm_may_start: bool = False
    adm_may_tick: bool = False
    adm_may_end: bool = False
    adm_told: str = ""  # the confirmation: who gets a message

    @rx.event
    @guarded
    def read_admission(self) -> None:
        """The family's admission as this member may see it, and who would be told (the
        plan page's section: on load and live refresh)."""
        self._read()

    @rx.event
    @guarded
    def read_admission_card(self) -> None:
        """Only whether one is on (the overview's calm card): no more queries than that."""
        self._read(told_too=False)

    @rx.event
    @guarded
    def start_admission(self) -> Any:
        """After the confirmation. A second start (a double tap, the other parent at the
        same moment) gets the one that is on."""
        was_on = self.adm_on
        with self._work() as (session, actor):
            admission.start(session, actor)
        self._read()
        key = "admission.done_already" if was_on else "admission.done_started"
        return rx.toast.success(self._message(key))

    @rx.event
    @guarded
    def tick_item(self, item_id: str, done: bool) -> None:
        with self._work() as (session, actor):
            admission.tick(session, actor, item_id=_number(item_id), done=bool(done))
        self._read()

    @rx.event
    @guarded
    def end_admission(self, admission_id: str) -> Any:
        with self._work() as (session, actor):
            admission.end(session, actor, admission_id=_number(admission_id))
        self._read()
        return rx.toast.success(self._message("admission.done_ended"))

    def _read(self, *, told_too: bool = True) -> None:
        """The read itself, also after one's own change (in its own transaction)."""
        view, told = None, None
        with self._work(fresh=True) as (session, actor):
            if can(actor, Action.ADMISSION_VIEW):
                view = admission.current(session, actor)
                if told_too and view is None and can(actor, Action.ADMISSION_START):
                    told = admission.who_is_told(session, actor)
        self._show(view, told)

    def _show(self, view: AdmissionView | None, told: WhoIsTold | None) -> None:
        lang = self.lang
        self._keep(
            adm_on=view is not None,
            adm_may_start=told is not None,
            adm_told=self._told_text(told) if told is not None else "",
        )
        if view is None:
            self._keep(
                adm_id="",
                adm_since="",
                adm_started_by="",
                adm_items=[],
                adm_packed="",
                adm_updated="",
                adm_may_tick=False,
                adm_may_end=False,
            )
            return
        done = sum(1 for item in view.items if item.done)
        self._keep(
            adm_id=str(view.id),
            adm_since=self._message("admission.since", time=self._when(view.started_at)),
            adm_started_by=self._message("admission.started_by", name=view.started_by)
            if view.started_by
            else "",
            adm_items=[self._row(item) for item in view.items],
            adm_packed=self._message("admission.packed", done=done, total=len(view.items))
            if view.may_tick and view.items
            else "",
            adm_updated=self._message("admission.updated", time=format_time(view.updated_at, lang)),
            adm_may_tick=view.may_tick,
            adm_may_end=view.may_end,
        )

    def _when(self, moment: Any) -> str:
        """23:04 today; with the day when it started on another day."""
        if local(moment).date() == local_today():
            return format_time(moment, self.lang)
        return format_moment(moment, self.lang)

    def _row(self, item: ItemView) -> ItemRow:
        who = ""
        if item.done and item.done_at is not None:
            who = self._message(
                "admission.ticked_by",
                name=item.done_by or "?",
                time=format_time(item.done_at, self.lang),
            )
        return {
            "id": str(item.id),
            "label": item.label,
            "done": item.done,
            "who": who,
            "aria": self._message("admission.tick_label", label=item.label),
        }

    def _told_text(self, told: WhoIsTold) -> str:
        parts: list[str] = []
        if told.case_managers > 1:
            parts.append(self._message("admission.told_cms"))
        elif told.case_managers == 1:
            parts.append(self._message("admission.told_cm"))
        parts += told.names
        if not parts:
            return self._message("admission.told_nobody")
        if len(parts) == 1:
            who = parts[0]
        else:
            who = self._message("admission.told_and", first=", ".join(parts[:-1]), last=parts[-1])
        return self._message("admission.confirm_text", who=who)


def _number(text: str) -> int:
    """An id from the browser: a number, or 0 (which is no item, and not found)."""
    return int(text) if str(text).isdigit() else 0

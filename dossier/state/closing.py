"""Dossier sluiten: what closing means, asking, the other parent's yes, and reopening.

Every handler resolves the acting parent again from the login (AppState._work); the
request id a button sends is checked against the family's waiting request in the domain.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from dossier import routes
from dossier.domain import closing
from dossier.permissions import Action, require
from dossier.presenters.closing import format_day_month
from dossier.state.base import AppState, guarded


class ClosingState(AppState):
    loaded: bool = False
    closed: bool = False
    erase_on: str = ""  # "6 januari"
    may_reopen: bool = False
    request_id: str = ""  # a request waiting for a parent's confirmation
    requested_by: str = ""
    asked_by_me: bool = False
    may_confirm: bool = False
    parents: int = 0

    @rx.var
    def waiting_text(self) -> str:
        return self._message("closing.waiting_other", name=self.requested_by)

    @rx.event
    @guarded
    def load_closing(self) -> Any:
        with self._work(fresh=True) as (session, actor):
            view = closing.closing_view(session, actor)
            if not view.closed:
                # The page is for parents; for anyone else it says so calmly (page_refused).
                require(actor, Action.FAMILY_CLOSE)
        self.closed = view.closed
        self.erase_on = format_day_month(view.erase_on, self.lang) if view.erase_on else ""
        self.may_reopen = view.may_reopen
        self.request_id = str(view.request_id) if view.request_id else ""
        self.requested_by = view.requested_by
        self.asked_by_me = view.asked_by_me
        self.may_confirm = view.may_confirm
        self.parents = view.parents
        self.loaded = True
        return None

    @rx.event
    @guarded
    def ask_to_close(self) -> Any:
        if self.family_closed:
            return None  # a second tap after it closed: it did the one thing already
        with self._work() as (session, actor):
            closed = closing.request_close(session, actor)
        return self._after("closing.done_closed" if closed else "closing.done_asked", closed)

    @rx.event
    @guarded
    def confirm_close(self, request_id: str) -> Any:
        if self.family_closed:
            return None  # a second tap after it closed
        try:
            with self._work() as (session, actor):
                closing.confirm_close(session, actor, _number(request_id))
        except closing.NotClosing:
            return self._outdated()  # withdrawn meanwhile, or a second tap
        return self._after("closing.done_closed", True)

    @rx.event
    @guarded
    def cancel_request(self, request_id: str) -> Any:
        try:
            with self._work() as (session, actor):
                closing.cancel_request(session, actor, _number(request_id))
        except closing.NotClosing:
            return self._outdated()
        return self._after("closing.done_withdrawn", False)

    @rx.event
    @guarded
    def reopen(self) -> Any:
        try:
            with self._work() as (session, actor):
                closing.reopen(session, actor)
        except closing.NotClosing:
            # Open already: a second tap, or the other parent was first. Just show it.
            return rx.redirect(routes.OVERVIEW)
        self.family_closed = False
        return [rx.toast.success(self._message("closing.done_reopened")), rx.redirect("/")]

    def _after(self, key: str, closed: bool) -> Any:
        """The frame and the page again, with the news as a calm toast."""
        self._load_family()
        self._reload_view()
        toast = rx.toast.success(self._message(key))
        return [toast, rx.redirect(routes.OVERVIEW)] if closed else toast

    def _outdated(self) -> Any:
        """The request changed meanwhile: the page as it is now, and a word about it."""
        self._load_family()
        self._reload_view()
        return rx.toast.warning(self._message("closing.error.nothing_to_do"))

    def _reload_view(self) -> None:
        with self._work() as (session, actor):
            view = closing.closing_view(session, actor)
        self.closed = view.closed
        self.request_id = str(view.request_id) if view.request_id else ""
        self.requested_by = view.requested_by
        self.asked_by_me = view.asked_by_me
        self.may_confirm = view.may_confirm


def _number(text: str) -> int:
    """An id from the browser: a number, or 0 (which is no request, and refused)."""
    return int(text) if text.isdigit() else 0

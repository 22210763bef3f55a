"""Mijn gezinnen: the case manager's caseload (thin: the domain reads, this formats).

The families come from the user's own active case-manager memberships in the database,
never from the browser; each family is read with its own actor (dossier/domain/caseload.py).
"""

from __future__ import annotations

import reflex as rx

from dossier.clock import local_today
from dossier.domain.access import unit_of_work
from dossier.domain.caseload import FILTERS, caseload
from dossier.presenters.caseload import CaseloadCard, card_row
from dossier.state.acting import own_login
from dossier.state.base import AppState, guarded
from dossier.state.starting import StartForFamily


class CaseloadState(StartForFamily, AppState):
    cards: list[CaseloadCard] = []
    card_filter: str = "all"
    caseload_loaded: bool = False

    @rx.var
    def shown_cards(self) -> list[CaseloadCard]:
        if self.card_filter == "attention":
            return [c for c in self.cards if c["attention"]]
        if self.card_filter == "signals":
            return [c for c in self.cards if c["has_signals"]]
        return self.cards

    # Shadows AppState.is_case_manager on purpose (this page: "has cards"); mypy's dataclass
    # rule forbids a computed var over a field, Reflex allows it.
    @rx.var  # type: ignore[misc]
    def is_case_manager(self) -> bool:
        return bool(self.cards)

    @rx.event
    @guarded
    def load_caseload(self) -> None:
        login = own_login()
        today = local_today()
        with unit_of_work() as session:
            cards = caseload(
                session, login.user_id, today=today, ip=login.ip, user_agent=login.user_agent
            )
            self._read_may_start(session, login.user_id)  # issue 17: start for a family
        self.cards = [card_row(c, self.lang, today) for c in cards]
        self.caseload_loaded = True

    @rx.event
    def choose_filter(self, value: str | list[str]) -> None:
        """Only a display choice over rows already read through the gate."""
        self.card_filter = value if isinstance(value, str) and value in FILTERS else "all"

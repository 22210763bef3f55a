"""Mijn gezinnen: the case manager's caseload (thin: the domain reads, this formats).

The families come from the user's own active case-manager memberships in the database,
never from the browser; each family is read with its own actor (dossier/domain/caseload.py).
"""

from __future__ import annotations

from typing import TypedDict

import reflex as rx

from dossier.clock import local_today
from dossier.domain.access import unit_of_work
from dossier.domain.caseload import FILTERS, FamilyCard, caseload
from dossier.i18n import translate
from dossier.presenters.rows import appointment_row
from dossier.state.acting import own_login
from dossier.state.base import AppState, guarded


class CaseloadCard(TypedDict):
    id: str
    name: str
    role: str
    attention: bool
    has_signals: bool
    signals: str
    overdue: str
    agreements: str
    appointments: str
    contact: str
    colleague: str
    top: list[str]
    open_label: str


def _count(lang: str, key: str, count: int) -> str:
    return translate(lang, f"{key}.{'one' if count == 1 else 'many'}", count=count)


def card_row(card: FamilyCard, lang: str, today) -> CaseloadCard:
    if card.days_since_contact is None:
        contact = translate(lang, "caseload.contact_never")
    elif card.days_since_contact == 0:
        contact = translate(lang, "caseload.contact_today")
    else:
        contact = _count(lang, "caseload.contact_days", card.days_since_contact)
    colleague = (
        translate(lang, "caseload.colleague", names=", ".join(card.other_case_managers))
        if card.other_case_managers
        else translate(lang, "caseload.colleague_none")
    )
    top = [translate(lang, "caseload.top_task", title=t) for t in card.top_tasks]
    top += [translate(lang, "caseload.top_agreement", topic=a) for a in card.top_agreements]
    for appointment in card.next_appointments:
        row = appointment_row(appointment, lang, today)
        top.append(f"{row['day']} {row['time']}: {row['title']}")
    return {
        "id": str(card.family_id),
        "name": card.name,
        "role": translate(lang, f"role.{card.role}"),
        "attention": card.needs_attention,
        "has_signals": card.open_signals > 0,
        "signals": _count(lang, "caseload.signals", card.open_signals),
        "overdue": _count(lang, "caseload.overdue", card.overdue_tasks),
        "agreements": _count(lang, "caseload.agreements", card.agreements_due),
        "appointments": _count(lang, "caseload.appointments", card.appointments_soon),
        "contact": contact,
        "colleague": colleague,
        "top": top[:5],
        "open_label": translate(lang, "caseload.open_family", name=card.name),
    }


class CaseloadState(AppState):
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
        self.cards = [card_row(c, self.lang, today) for c in cards]
        self.caseload_loaded = True

    @rx.event
    def choose_filter(self, value: str | list[str]) -> None:
        """Only a display choice over rows already read through the gate."""
        self.card_filter = value if isinstance(value, str) and value in FILTERS else "all"

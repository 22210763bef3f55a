"""A case manager's family cards as display text (the caseload page's rows)."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from dossier.domain.caseload import FamilyCard
from dossier.i18n import translate
from dossier.presenters.rows import appointment_row


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
    waiting: bool  # issue 17: a dossier waiting for its parents shows only name and state
    care_plan: str  # issue 20: "Zorgplan: herzien over N dagen" / "te laat"; "" without one
    care_plan_late: bool


def _count(lang: str, key: str, count: int) -> str:
    return translate(lang, f"{key}.{'one' if count == 1 else 'many'}", count=count)


def care_plan_text(card: FamilyCard, lang: str) -> str:
    """When the family's care plan is next looked at; "" without a plan or a date."""
    if card.care_plan_asked:
        return translate(lang, "caseload.care_plan.asked")
    if card.care_plan_in is None:
        return ""
    if card.care_plan_in < 0:
        return translate(lang, "caseload.care_plan.late")
    if card.care_plan_in == 0:
        return translate(lang, "caseload.care_plan.today")
    return _count(lang, "caseload.care_plan.in", card.care_plan_in)


def card_row(card: FamilyCard, lang: str, today: date) -> CaseloadCard:
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
        "waiting": card.status == "awaiting_parents",
        "care_plan": care_plan_text(card, lang),
        "care_plan_late": card.care_plan_late,
    }

"""Who-does-what agreements, as far as the actor may see them."""

from __future__ import annotations

from sqlmodel import Session, select

from dossier.domain.access import visible
from dossier.models import Agreement, AgreementStatus
from dossier.permissions import Action, Actor

STATUS_ORDER = {
    AgreementStatus.NEEDS_REVIEW: 0,
    AgreementStatus.PROPOSED: 1,
    AgreementStatus.AGREED: 2,
}


def list_agreements(session: Session, actor: Actor) -> list[Agreement]:
    rows = session.exec(select(Agreement).where(Agreement.family_id == actor.family_id))
    shown = visible(session, actor, Action.AGREEMENT_VIEW, rows)
    return sorted(shown, key=lambda a: (STATUS_ORDER.get(a.status, 3), a.domain, a.topic))


def needs_attention(agreement: Agreement) -> bool:
    return agreement.status != AgreementStatus.AGREED

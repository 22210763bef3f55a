"""Sibling check-ins: only what the sibling chose to share with the actor is ever returned."""

from __future__ import annotations

from sqlmodel import Session, select

from dossier.domain.access import visible
from dossier.models import CheckIn
from dossier.permissions import Action, Actor


def readable_checkins(session: Session, actor: Actor, *, limit: int = 50) -> list[CheckIn]:
    query = (
        select(CheckIn)
        .where(CheckIn.family_id == actor.family_id)
        .order_by(CheckIn.created_at.desc())  # type: ignore[attr-defined]
    )
    return visible(session, actor, Action.CHECKIN_VIEW, session.exec(query))[:limit]

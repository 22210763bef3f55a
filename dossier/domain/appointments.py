"""Appointments in the family agenda, as far as the actor may see them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from dossier.domain.access import visible
from dossier.models import Appointment, AppointmentStatus, utcnow
from dossier.permissions import Action, Actor


def upcoming(
    session: Session, actor: Actor, *, now: datetime | None = None, days: int | None = None
) -> list[Appointment]:
    """Planned appointments that have not ended yet, soonest first."""
    now = now or utcnow()
    query = (
        select(Appointment)
        .where(
            Appointment.family_id == actor.family_id,
            Appointment.ends_at >= now,
            Appointment.status == AppointmentStatus.PLANNED,
        )
        .order_by(Appointment.starts_at)
    )
    if days is not None:
        query = query.where(Appointment.starts_at < now + timedelta(days=days))
    return visible(session, actor, Action.APPOINTMENT_VIEW, session.exec(query))


def past(session: Session, actor: Actor, *, now: datetime | None = None, limit: int = 20):
    now = now or utcnow()
    query = (
        select(Appointment)
        .where(Appointment.family_id == actor.family_id, Appointment.ends_at < now)
        .order_by(Appointment.starts_at.desc())  # type: ignore[union-attr]
        .limit(limit)
    )
    return visible(session, actor, Action.APPOINTMENT_VIEW, session.exec(query))

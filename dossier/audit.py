"""The access log (NEN 7513): one append-only row per read, change or refusal.

Rows name the object type and id, never its content.
"""

from __future__ import annotations

from sqlmodel import Session

from dossier.models import AuditEvent
from dossier.permissions import Actor, PermissionDenied


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    object_type: str = "",
    object_id: int | None = None,
    outcome: str = "allowed",
    detail: str = "",
    user_id: int | None = None,
    family_id: int | None = None,
    ip: str = "",
    user_agent: str = "",
) -> None:
    session.add(
        AuditEvent(
            user_id=actor.user_id if actor else user_id,
            family_id=actor.family_id if actor else family_id,
            role=str(actor.role) if actor else "",
            action=action,
            object_type=object_type,
            object_id=object_id,
            outcome=outcome,
            ip=(actor.ip if actor else ip)[:64],
            user_agent=(actor.user_agent if actor else user_agent)[:300],
            detail=detail[:200],
        )
    )


def record_denial(session: Session, denial: PermissionDenied) -> None:
    record(
        session,
        denial.actor,
        denial.action,
        object_type=denial.object_type,
        object_id=denial.object_id,
        outcome="denied",
        user_id=denial.user_id,
        family_id=denial.family_id,
    )

"""Who belongs to a family now: the one "active membership" rule.

An invited person is not a member yet and a removed one is no member any more; only an
active membership counts for access, lists and choices. Queries ask through
`is_active_member(...)` (an SQL condition), code holding a row through `is_active(...)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from dossier.clock import local_today
from dossier.models import Membership, MembershipStatus, Role

_ANY: Any = object()  # "no filter": never None, so a missing id cannot widen a query


def is_active(membership: Membership) -> bool:
    """This row is an active membership (not invited, not removed, not past its end date)."""
    return membership.status == MembershipStatus.ACTIVE and within_access(membership)


def within_access(membership: Membership) -> bool:
    """Today (Amsterdam) is not past the membership's last day of access, if it has one:
    access ends by itself, even before the scheduler marks the membership ended."""
    until = membership.access_until
    return until is None or until >= local_today()


def is_active_member(
    *,
    family_id: int = _ANY,
    user_id: int = _ANY,
    role: Role | Iterable[Role] = _ANY,
) -> ColumnElement[bool]:
    """SQL: an active membership, of this family, user and role (or one of these roles)
    when given. Passing None for an id is a mistake and is refused, not read as "any"."""
    conditions: list[Any] = [
        Membership.status == MembershipStatus.ACTIVE,
        # Access with an end date ends by itself on the day after (see within_access).
        or_(col(Membership.access_until).is_(None), col(Membership.access_until) >= local_today()),
    ]
    for name, value in (("family_id", family_id), ("user_id", user_id)):
        if value is None:
            raise ValueError(f"{name} is None")
        if value is not _ANY:
            conditions.append(getattr(Membership, name) == value)
    if role is None:
        raise ValueError("role is None")
    if isinstance(role, Role):
        conditions.append(Membership.role == role)
    elif role is not _ANY:
        conditions.append(col(Membership.role).in_([str(r) for r in role]))
    return and_(*conditions)


def active_membership(session: Session, *, user_id: int, family_id: int) -> Membership | None:
    """The user's active membership in this family, if any."""
    return session.exec(
        select(Membership).where(is_active_member(user_id=user_id, family_id=family_id))
    ).first()

"""The family overview: what needs the actor's attention first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from dossier.domain.agreements import list_agreements, needs_attention
from dossier.domain.appointments import upcoming
from dossier.domain.checkins import readable_checkins
from dossier.domain.tasks import is_overdue, list_tasks
from dossier.models import Agreement, Appointment, CheckIn, Task
from dossier.permissions import Action, Actor, can


@dataclass(slots=True, kw_only=True)
class Overview:
    my_tasks: list[Task] = field(default_factory=list)
    my_overdue: int = 0
    open_tasks: int = 0
    appointments: list[Appointment] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)


def build_overview(session: Session, actor: Actor, *, today: date) -> Overview:
    """Each part passes the gate on its own; a part the actor may not see stays empty."""
    overview = Overview()
    tasks = list_tasks(session, actor)
    mine = [t for t in tasks if t.assignee_id == actor.membership_id]
    overview.my_tasks = mine[:5]
    overview.my_overdue = sum(is_overdue(t, today) for t in mine)
    overview.open_tasks = len(tasks)
    overview.appointments = upcoming(session, actor, days=7)[:4]
    if can(actor, Action.AGREEMENT_VIEW):
        overview.agreements = [a for a in list_agreements(session, actor) if needs_attention(a)][:4]
    if can(actor, Action.CHECKIN_VIEW):
        overview.checkins = latest_per_sibling(readable_checkins(session, actor))
    return overview


def latest_per_sibling(checkins: list[CheckIn]) -> list[CheckIn]:
    """Newest first in, so the first seen per sibling is their latest."""
    latest: dict[int, CheckIn] = {}
    for checkin in checkins:
        latest.setdefault(checkin.sibling_id, checkin)
    return list(latest.values())

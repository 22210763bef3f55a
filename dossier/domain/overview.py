"""The family overview: what needs the actor's attention first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from dossier.domain.agreements import (
    active_parent_ids,
    current_confirmations,
    is_my_turn,
    list_agreements,
    progress,
    review_is_due,
)
from dossier.domain.appointments import upcoming
from dossier.domain.checkin_signals import visible_signals
from dossier.domain.checkins import readable_checkins
from dossier.domain.members import TeamContact, team_contacts
from dossier.domain.network import emergency_contacts
from dossier.domain.reachability import CASE_MANAGERS, Reach, team_reachability
from dossier.domain.tasks import list_tasks, needs_attention, task_order
from dossier.models import Agreement, Appointment, CheckIn, CheckinSignal, Contact, Task
from dossier.permissions import Action, Actor, can

MY_TASKS_SHOWN = 5


@dataclass(slots=True, kw_only=True)
class Overview:
    my_tasks: list[Task] = field(default_factory=list)  # the first few of mine, urgent first
    my_open: int = 0  # all of mine still open: the card says how many more there are
    my_overdue: int = 0
    open_tasks: int = 0
    appointments: list[Appointment] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    signals: list[CheckinSignal] = field(default_factory=list)  # open, shared with the actor
    team: list[TeamContact] = field(default_factory=list)  # whom to call, with their number
    # Issue 19: the "Bij spoed" card, and the case managers' reachability under the team.
    emergency: list[Contact] = field(default_factory=list)
    reach: list[Reach] = field(default_factory=list)


def build_overview(session: Session, actor: Actor, *, today: date) -> Overview:
    """What needs me now. Each part passes the gate on its own; a part the actor may not
    see stays empty."""
    overview = Overview()
    tasks = list_tasks(session, actor)
    # "Mijn taken" keeps its title's promise: all of mine, the urgent ones first.
    mine = sorted(
        (t for t in tasks if t.assignee_id == actor.membership_id),
        key=lambda t: task_order(t, today),
    )
    overview.my_tasks = mine[:MY_TASKS_SHOWN]
    overview.my_open = len(mine)
    overview.my_overdue = sum(needs_attention(t, today) for t in mine)
    overview.open_tasks = len(tasks)
    overview.appointments = upcoming(session, actor, days=2)[:4]  # today and tomorrow
    if can(actor, Action.AGREEMENT_VIEW):
        overview.agreements = waiting_for_me(session, actor, today)[:4]
    if can(actor, Action.CHECKIN_VIEW):
        overview.checkins = latest_per_sibling(readable_checkins(session, actor))
    if can(actor, Action.SIGNAL_VIEW):
        overview.signals = visible_signals(session, actor)
    overview.team = team_contacts(session, actor)
    read_network(session, actor, overview, today)
    return overview


def read_network(session: Session, actor: Actor, overview: Overview, today: date) -> None:
    """Issue 19: the "bij spoed" contacts and the case managers' reachability, in a fixed
    number of queries whatever the family's size (one for the contacts, at most six for
    the reachability)."""
    if not can(actor, Action.NETWORK_VIEW):
        return
    if actor.role not in CASE_MANAGERS:  # the card is for the family and its caregivers
        overview.emergency = emergency_contacts(session, actor)
    if overview.team:  # the team card is where the lines go
        overview.reach = team_reachability(session, actor, today=today)


def waiting_for_me(session: Session, actor: Actor, today: date) -> list[Agreement]:
    """Agreements waiting for my confirmation, or due for review."""
    agreements = list_agreements(session, actor)
    confirmed = current_confirmations(session, agreements)
    parents = active_parent_ids(session, actor.family_id)
    return [
        a
        for a in agreements
        if review_is_due(a, today)
        # (a.id is set: these rows come from the database)
        or is_my_turn(a, progress(a, confirmed.get(a.id or 0, set()), parents), actor, today)
    ]


def latest_per_sibling(checkins: list[CheckIn]) -> list[CheckIn]:
    """Newest first in, so the first seen per sibling is their latest."""
    latest: dict[int, CheckIn] = {}
    for checkin in checkins:
        latest.setdefault(checkin.sibling_id, checkin)
    return list(latest.values())

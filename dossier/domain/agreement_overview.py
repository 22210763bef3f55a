"""How the family's agreements are doing: linked tasks, and the overview per domain.

Per care domain: which agreements have an owner, which are gaps (nobody responsible and
not kept by the parents), which are up for review; and per person how many agreements
they carry (responsible + backup, plus what the parents keep together for each parent),
so that someone who carries too much is visible at a glance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from dossier.domain.access import visible
from dossier.domain.agreements import (
    Person,
    agreement_people,
    effective_status,
    has_owner,
    list_agreements,
    review_is_due,
)
from dossier.domain.tasks import is_overdue
from dossier.models import Agreement, AgreementStatus, CareDomain, Role, Task, TaskStatus
from dossier.permissions import Action, Actor

OVERLOAD_LIMIT = 5  # more agreements than this for one person is too many


# --------------------------------------------------------------------------------------
# Linked tasks
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskProgress:
    open: int = 0
    overdue: int = 0
    done: int = 0

    @property
    def total(self) -> int:
        return self.open + self.done

    @property
    def on_track(self) -> bool:
        return self.overdue == 0


def linked_tasks(session: Session, actor: Actor) -> dict[int, list[Task]]:
    """The tasks the actor may see that carry out an agreement, per agreement."""
    query = select(Task).where(
        Task.family_id == actor.family_id,
        col(Task.agreement_id).is_not(None),
        col(Task.deleted_at).is_(None),
    )
    grouped: dict[int, list[Task]] = defaultdict(list)
    for task in visible(session, actor, Action.TASK_VIEW, session.exec(query)):
        if task.agreement_id is not None:  # always so (the query); the check narrows the type
            grouped[task.agreement_id].append(task)
    return grouped


def linked_tasks_status(tasks: Iterable[Task], today: date) -> TaskProgress:
    """'Op schema' when nothing linked is late, else 'loopt achter'."""
    tasks = list(tasks)
    done = sum(t.status == TaskStatus.DONE for t in tasks)
    return TaskProgress(
        open=len(tasks) - done,
        overdue=sum(is_overdue(t, today) for t in tasks),
        done=done,
    )


# --------------------------------------------------------------------------------------
# The overview per domain
# --------------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class DomainGroup:
    domain: str
    agreements: list[Agreement] = field(default_factory=list)
    gaps: list[Agreement] = field(default_factory=list)
    due: list[Agreement] = field(default_factory=list)

    @property
    def owned(self) -> list[Agreement]:
        return [a for a in self.agreements if has_owner(a)]


@dataclass(slots=True, kw_only=True)
class PersonLoad:
    membership_id: int
    role: str
    responsible: int = 0
    backup: int = 0
    shared: int = 0  # what the parents keep together (counted for each parent)
    overloaded: bool = False

    @property
    def total(self) -> int:
        return self.responsible + self.backup + self.shared


@dataclass(slots=True, kw_only=True)
class DomainOverview:
    domains: list[DomainGroup]
    people: list[PersonLoad]

    @property
    def gaps(self) -> int:
        return sum(len(d.gaps) for d in self.domains)

    @property
    def due(self) -> int:
        return sum(len(d.due) for d in self.domains)

    @property
    def overloaded(self) -> list[PersonLoad]:
        return [p for p in self.people if p.overloaded]


def is_due(agreement: Agreement, today: date) -> bool:
    """Up for review: the date came, or a change waits to be looked at."""
    return effective_status(agreement, today) == AgreementStatus.NEEDS_REVIEW or review_is_due(
        agreement, today
    )


def summarise(
    agreements: Iterable[Agreement], people: Iterable[Person], today: date
) -> DomainOverview:
    """Per domain what has an owner, the gaps and what is up for review; the load per person."""
    groups = {d.value: DomainGroup(domain=d.value) for d in CareDomain}
    load = {p.membership_id: PersonLoad(membership_id=p.membership_id, role=p.role) for p in people}
    parents = [p for p in load.values() if p.role == Role.PARENT]
    for agreement in agreements:
        group = groups.setdefault(agreement.domain, DomainGroup(domain=agreement.domain))
        group.agreements.append(agreement)
        if not has_owner(agreement):
            group.gaps.append(agreement)
        if is_due(agreement, today):
            group.due.append(agreement)
        if agreement.responsible_id in load:
            load[agreement.responsible_id].responsible += 1
        if agreement.backup_id in load:
            load[agreement.backup_id].backup += 1
        if agreement.parents_keep:
            for parent in parents:
                parent.shared += 1
    _mark_overloaded(list(load.values()))
    ranked = sorted(load.values(), key=lambda p: (-p.total, p.membership_id))
    return DomainOverview(domains=list(groups.values()), people=ranked)


def _mark_overloaded(people: list[PersonLoad]) -> None:
    """Too many (more than OVERLOAD_LIMIT), or clearly more than the others:
    at least 4 and over twice the others' average."""
    for person in people:
        others = [p.total for p in people if p is not person]
        average = sum(others) / len(others) if others else 0.0
        clearly_more = bool(others) and person.total >= 4 and person.total > 2 * average
        person.overloaded = person.total > OVERLOAD_LIMIT or clearly_more


def domain_overview(session: Session, actor: Actor, *, today: date) -> DomainOverview:
    return summarise(
        list_agreements(session, actor, today=today), agreement_people(session, actor), today
    )

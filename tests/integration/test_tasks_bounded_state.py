"""TasksState: a tap costs what the list shows, not how old the family's dossier is.

Counted, not timed: the statements a completion sends and the task rows it reads, in
Gezin Alfa before and after 2,000 done tasks (five years of use) are added. And the list
still shows exactly what a read of every task would show, in every view and domain.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import reflex as rx
from sqlalchemy import event
from sqlmodel import Session

from dossier.db import get_engine
from dossier.domain.tasks import list_tasks
from dossier.models import CareDomain, Task, TaskStatus
from dossier.state.tasks import DONE_SHOWN, TasksState
from tests.factories import World
from tests.integration.support import login_as

YEARS_OF_DONE = 2000
DOMAINS = [d.value for d in CareDomain]


def add_years_of_done_tasks(world: World, count: int = YEARS_OF_DONE) -> None:
    """Done tasks over five years, spread over the domains and the adults (and nobody)."""
    rng = random.Random(18)
    now = datetime.now(UTC)
    people = [world.members[n].id for n in ("anna", "bram", "hugo", "gerda")] + [None]
    for k in range(count):
        finished = now - timedelta(days=rng.uniform(1, 5 * 365))
        world.session.add(
            Task(
                family_id=world.alfa.id,
                title=f"Oud {k}",
                domain=rng.choice(DOMAINS),
                assignee_id=rng.choice(people),
                status=TaskStatus.DONE,
                created_at=finished - timedelta(days=3),
                completed_at=finished if k % 50 else None,  # some older ones without a date
            )
        )
    world.session.commit()


@contextmanager
def counted() -> Iterator[dict[str, int]]:
    """The statements sent and the task rows read while the block runs."""
    seen = {"statements": 0, "task_rows": 0}

    def statement(*_args: Any) -> None:
        seen["statements"] += 1

    def task_row(*_args: Any) -> None:
        seen["task_rows"] += 1

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", statement)
    event.listen(Task, "load", task_row)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(Task, "load", task_row)


async def tasks_as(world: World, acting, name: str) -> TasksState:
    world.session.commit()
    acting(login_as(world, name))
    state = await rx.State().get_state(TasksState)
    state.load_tasks()
    return state


def complete_and_reopen(tasks: TasksState, task: Task) -> dict[str, int]:
    """One tap on "Klaar" and one on "Toch niet klaar": what the second one cost."""
    row = next(r for r in tasks.tasks if r["id"] == str(task.id))
    tasks.toggle_done(row["id"], row["version"], True)
    done = next(r for r in tasks.done_tasks if r["id"] == str(task.id))
    with counted() as cost:
        tasks.toggle_done(done["id"], done["version"], False)
    assert any(r["id"] == str(task.id) for r in tasks.tasks)
    return cost


async def test_anna_completing_a_task_costs_the_same_after_five_years_of_done_tasks(
    world: World, acting
) -> None:
    task = world.tasks["overdue"]
    young = complete_and_reopen(await tasks_as(world, acting, "anna"), task)
    add_years_of_done_tasks(world)
    old = complete_and_reopen(await tasks_as(world, acting, "anna"), task)
    assert old["statements"] == young["statements"], (young, old)
    # The open tasks, and at most the newest DONE_SHOWN done ones per domain, hers and not.
    open_now = 4
    assert old["task_rows"] <= open_now + 2 * len(DOMAINS) * DONE_SHOWN, old
    assert old["task_rows"] < YEARS_OF_DONE // 4, old


def expected_done(db: Session, world: World, name: str, view: str, domain: str) -> list[str]:
    """What the list showed when it read every task: the newest done ones in the filter."""
    actor = world.actor(name)
    everything = list_tasks(db, actor, include_done=True)
    me = actor.membership_id
    done = [
        t
        for t in everything
        if t.status == TaskStatus.DONE
        and (not domain or t.domain == domain)
        and (view == "all" or t.assignee_id == me)
    ]
    done.sort(key=lambda t: (t.completed_at is not None, t.completed_at, t.id or 0), reverse=True)
    return [str(t.id) for t in done[:DONE_SHOWN]]


async def test_the_done_list_shows_the_same_newest_tasks_in_every_view_and_domain(
    world: World, db: Session, acting
) -> None:
    add_years_of_done_tasks(world, 600)
    for name in ("anna", "gerda"):  # a parent sees every task, a caregiver only her own
        tasks = await tasks_as(world, acting, name)
        for view in ("all", "mine"):
            tasks.show_view(view)
            for domain in ["", *DOMAINS]:
                tasks.set_domain_filter(domain)
                shown = [r["id"] for r in tasks.done_tasks]
                assert shown == expected_done(db, world, name, view, domain), (name, view, domain)
                assert set(tasks.done_lines) <= set(shown)
        tasks.set_domain_filter("")
        tasks.show_view("all")

"""Live updates without polling: how fast a change reaches the family's other open tabs,
and what open, idle tabs cost.

- *Change to the other tabs*: one tab completes (or reopens) a task; several other tabs
  of the same family are open on the task page. Timed from the emit of the tap that
  commits the change to each other tab's delta that carries the new pulse
  (`live_pulse`), which is what makes /live.js reload that tab. With 2 workers granian
  spreads the tabs over both, so part of the samples cross workers through Redis.
- *Idle tabs*: real Chromium tabs (one per family, signed in, on the overview) left alone
  for a minute: the HTTP requests they make and the database transactions the server
  runs meanwhile (pg_stat_database; the background jobs are off in the bench).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import psycopg
from playwright.sync_api import sync_playwright

from bench import events, seed
from bench.common import CHROMIUM, PG_ADMIN, PG_DB, log

APP_STATE = (
    f"{events.ROOT}.dossier___state___base____locale_state.dossier___state___base____app_state"
)
WATCHING_TABS = 6
CHANGES = 25
PAUSE_S = 0.25  # between changes, so that each is pushed on its own
IDLE_SECONDS = 60
STATS_FLUSH_S = 11


@dataclass(frozen=True, slots=True)
class LiveFamily:
    """A family with tasks, and a session for each of its open tabs (the first acts)."""

    cookie_tokens: list[str]
    task_ids: list[int]


def live_family(tabs: int = WATCHING_TABS + 1, tasks: int = 20) -> LiveFamily:
    from dossier.domain.sessions import start_session
    from dossier.models import Task

    with seed._session() as session:
        family, [parent] = seed._family(session, "Gezin Bench Live")
        rows = [
            Task(family_id=family.id, title=f"Taak {k}", domain="care", assignee_id=parent.id)
            for k in range(tasks)
        ]
        session.add_all(rows)
        session.flush()
        tokens = [
            start_session(session, user_id=parent.user_id, family_id=family.id, user_agent="bench")
            for _ in range(tabs)
        ]
        session.commit()
        return LiveFamily(tokens, [row.id for row in rows])


async def change_reaches_other_tabs(base_url: str, family: LiveFamily) -> list[float]:
    actor, *watchers = [
        events.Client(base_url, "/taken", f"dossier_session={token}")
        for token in family.cookie_tokens
    ]
    return await _change_to_other_tabs_ms(actor, family.task_ids, watchers)


def _live_pulse(state: dict[str, dict[str, Any]]) -> int:
    return int(state.get(APP_STATE, {}).get("live_pulse_rx_state_", -1))


async def _change_to_other_tabs_ms(
    actor: events.Client, task_ids: list[int], watchers: list[events.Client]
) -> list[float]:
    """Milliseconds from each tap that changes the family to each other tab's push."""
    await events.connect_all([actor, *watchers], events.tasks_loaded, at_once=4)
    act = events.app_action(actor, task_ids)
    samples: list[float] = []
    for _ in range(CHANGES):
        pushed = [_pushed_after(tab, _live_pulse(tab.state)) for tab in watchers]
        started = time.perf_counter()
        await act()
        arrivals = await asyncio.wait_for(asyncio.gather(*pushed), events.TIMEOUT)
        samples += [(arrived - started) * 1000 for arrived in arrivals]
        await asyncio.sleep(PAUSE_S)
    await asyncio.gather(*(tab.close() for tab in [actor, *watchers]))
    return samples


def _pushed_after(tab: events.Client, seen: int) -> asyncio.Future[float]:
    return tab._waiter(lambda state: _live_pulse(state) > seen)


@dataclass(frozen=True, slots=True)
class Idle:
    tabs: int
    seconds: float
    requests: int
    transactions: int | None  # None: the app has no database


def idle_tabs(base_url: str, page: str, cookies: list[dict[str, str]], *, database: bool) -> Idle:
    """Open one real tab per cookie set, let them settle, then count for IDLE_SECONDS."""
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        try:
            pages = []
            for n, jar in enumerate(cookies):
                context = browser.new_context(viewport={"width": 390, "height": 844})
                context.add_cookies(
                    [{"name": k, "value": v, "url": base_url} for k, v in jar.items()]
                )
                tab = context.new_page()
                tab.goto(base_url + page, wait_until="networkidle")
                tab.on("request", lambda request: requests.append(request.url))
                pages.append(tab)
                if n % 25 == 24:
                    log(f"idle tabs: {n + 1} open")
            # The last ones settle, and PostgreSQL's counters with them (see _transactions).
            pages[-1].wait_for_timeout(STATS_FLUSH_S * 1000)
            requests.clear()
            before = _transactions() if database else None
            started = time.perf_counter()
            pages[-1].wait_for_timeout(IDLE_SECONDS * 1000)
            seconds = time.perf_counter() - started
            count = len(requests)
            pages[-1].wait_for_timeout(STATS_FLUSH_S * 1000)
            after = _transactions() if database else None
        finally:
            browser.close()
    if count:
        log(f"idle tabs asked: {sorted(set(requests))[:10]}")
    spent = None if before is None or after is None else after - before
    return Idle(len(cookies), seconds, count, spent)


def _transactions() -> int:
    """Committed and rolled-back transactions of the bench database so far. A backend
    reports its counts within 10 s of going idle, so the bench waits STATS_FLUSH_S after
    the minute: transactions in that wait count too (never fewer than happened)."""
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        row = conn.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
            (PG_DB,),
        ).fetchone()
    assert row is not None
    return int(row[0])

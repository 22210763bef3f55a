"""PostgreSQL ends the app's connections (a restart, a failover, an idle timeout): the
next tap still works, and no tap pays a `SELECT 1` to find that out (issue 18)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
import reflex as rx
import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

from dossier.db import get_engine, idle_connection_alive, session_scope
from dossier.models import Task, TaskStatus
from dossier.ops.migrations import upgrade
from dossier.state.tasks import TasksState
from tests.factories import World, build_world
from tests.integration.conftest import PG_ADMIN
from tests.integration.support import login_as


@pytest.fixture
def pg_world(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("REFLEX_DB_URL", pg_url)
    upgrade(pg_url)
    with Session(get_engine(pg_url), expire_on_commit=False) as session:
        world = build_world(session)
        session.commit()
        yield world


def end_every_connection_of(pg_url: str) -> int:
    """What a database restart does to the app: every backend of its database ends (and
    is gone before the next tap: pg_terminate_backend only asks it to end)."""
    name = sa.engine.make_url(pg_url).database
    others = "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        ended = admin.execute(f"SELECT pg_terminate_backend(pid) {others}", (name,)).fetchall()
        for _ in range(250):
            if admin.execute(f"SELECT count(*) {others}", (name,)).fetchone() == (0,):
                break
            time.sleep(0.02)
    return len(ended)


def statements_sent(pg_url: str) -> tuple[list[str], Any]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(get_engine(pg_url), "before_cursor_execute", count)
    return seen, count


async def test_anna_completes_a_task_after_the_database_ended_every_connection(
    pg_world: World, pg_url: str, acting
) -> None:
    acting(login_as(pg_world, "anna"))
    state = await rx.State().get_state(TasksState)
    state.load_tasks()
    task_id = str(pg_world.tasks["overdue"].id)
    row = next(r for r in state.tasks if r["id"] == task_id)
    pg_world.session.close()  # the test's own session back in the pool, like the app's

    assert end_every_connection_of(pg_url) >= 1
    state.toggle_done(row["id"], row["version"], True)

    assert [r["id"] for r in state.done_tasks if r["id"] == row["id"]] == [row["id"]]
    with session_scope(pg_url) as session:
        assert session.get(Task, int(row["id"])).status == TaskStatus.DONE


def test_a_checkout_sends_no_select_1_and_a_closed_connection_is_replaced(
    pg_world: World, pg_url: str
) -> None:
    pg_world.session.close()
    with session_scope(pg_url) as session:
        session.execute(sa.text("SELECT 2"))
    seen, count = statements_sent(pg_url)
    try:
        with session_scope(pg_url) as session:
            assert session.execute(sa.text("SELECT 3")).scalar() == 3
        assert seen == ["SELECT 3"]  # nothing asked before it: no ping

        end_every_connection_of(pg_url)
        with session_scope(pg_url) as session:
            assert session.execute(sa.text("SELECT 4")).scalar() == 4
    finally:
        event.remove(get_engine(pg_url), "before_cursor_execute", count)


def test_a_connection_the_server_ended_reads_as_not_alive(pg_url: str) -> None:
    conn = psycopg.connect(pg_url.replace("+psycopg", ""), autocommit=True)
    try:
        conn.execute("SELECT 1").fetchall()
        assert idle_connection_alive(conn)
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (conn.info.backend_pid,))
        # The server's goodbye reaches the socket at once on loopback; give it a moment.
        for _ in range(50):
            if not idle_connection_alive(conn):
                break
            time.sleep(0.02)
        assert not idle_connection_alive(conn)
    finally:
        conn.close()

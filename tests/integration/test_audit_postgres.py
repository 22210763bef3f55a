"""The access log's hash chain on PostgreSQL: concurrent writers never fork the chain."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

from dossier import audit
from dossier.db import get_engine, session_scope
from dossier.models import AuditEvent, Task
from dossier.ops.migrations import upgrade
from dossier.permissions import Actor
from tests.factories import World, build_world

WRITERS, TRANSACTIONS, ROWS_PER_TRANSACTION = 2, 25, 3


@pytest.fixture
def pg_world(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("REFLEX_DB_URL", pg_url)
    upgrade(pg_url)
    with Session(get_engine(pg_url), expire_on_commit=False) as session:
        yield build_world(session)


def write(url: str, actor: Actor, start: threading.Barrier) -> None:
    start.wait()
    for number in range(TRANSACTIONS):
        with session_scope(url) as session:
            for row in range(ROWS_PER_TRANSACTION):
                audit.record(session, actor, "task.view", object_type="task", object_id=row)
            if number % 2:
                session.flush()  # some rows flushed early, the rest at commit
                audit.record(session, actor, "task.view.list", detail="1 rows")


def test_two_writers_at_once_keep_one_unbroken_chain(pg_world: World, pg_url: str) -> None:
    actors = [pg_world.actor("anna"), pg_world.actor("hugo")]
    pg_world.session.commit()
    start = threading.Barrier(WRITERS)
    with ThreadPoolExecutor(WRITERS) as pool:
        for future in [pool.submit(write, pg_url, actor, start) for actor in actors]:
            future.result()
    session = pg_world.session
    session.expire_all()
    per_writer = TRANSACTIONS * ROWS_PER_TRANSACTION + TRANSACTIONS // 2
    assert session.exec(select(func.count()).select_from(AuditEvent)).one() == 2 * per_writer
    links = session.exec(select(AuditEvent.prev_hash)).all()
    assert len(set(links)) == len(links)  # no two rows chained off the same row
    assert audit.verify_chain(session) is None


def test_a_second_writer_waits_for_the_first_and_chains_after_it(
    pg_world: World, pg_url: str
) -> None:
    anna, hugo = pg_world.actor("anna"), pg_world.actor("hugo")
    pg_world.session.commit()
    engine = get_engine(pg_url)
    with Session(engine) as first:
        audit.record(first, anna, "family.view")
        # Reading the log in the same transaction appends its own rows first (as autoflush
        # would show them), which takes the chain lock until it commits.
        first.exec(select(AuditEvent.id)).all()
        done = threading.Event()

        def second_writer() -> None:
            with session_scope(pg_url) as second:
                audit.record(second, hugo, "family.view")
            done.set()

        thread = threading.Thread(target=second_writer)
        thread.start()
        assert not done.wait(0.5)  # blocked behind the first transaction
        first.commit()
        thread.join(10)
    assert done.is_set()
    rows = pg_world.session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [r.user_id for r in rows] == [pg_world.users["anna"].id, pg_world.users["hugo"].id]
    assert rows[1].prev_hash == rows[0].row_hash
    assert audit.verify_chain(pg_world.session) is None


def test_rows_join_the_chain_at_commit_so_open_transactions_do_not_block_others(
    pg_world: World, pg_url: str
) -> None:
    """The chain lock is held only while a transaction commits: a long transaction that
    recorded a row does not hold up another family's writer, which chains first."""
    anna, hugo = pg_world.actor("anna"), pg_world.actor("hugo")
    pg_world.session.commit()
    with Session(get_engine(pg_url)) as first:
        audit.record(first, anna, "family.view")
        first.exec(select(Task.id)).all()  # more work in the same transaction
        done = threading.Event()

        def second_writer() -> None:
            with session_scope(pg_url) as second:
                audit.record(second, hugo, "family.view")
            done.set()

        thread = threading.Thread(target=second_writer)
        thread.start()
        assert done.wait(10)  # not blocked by the open transaction
        thread.join(10)
        first.commit()
    rows = pg_world.session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [r.user_id for r in rows] == [pg_world.users["hugo"].id, pg_world.users["anna"].id]
    assert rows[1].prev_hash == rows[0].row_hash
    assert audit.verify_chain(pg_world.session) is None


def test_a_rolled_back_transaction_leaves_no_row(pg_world: World, pg_url: str) -> None:
    before = pg_world.session.exec(select(func.count()).select_from(AuditEvent)).one()
    pg_world.session.commit()
    with Session(get_engine(pg_url)) as session:
        audit.record(session, pg_world.actor("anna"), "family.view")
        session.rollback()
        session.commit()
    assert pg_world.session.exec(select(func.count()).select_from(AuditEvent)).one() == before


def test_an_edited_row_is_found_on_postgres(pg_world: World) -> None:
    session = pg_world.session
    for name in ("anna", "hugo", "gerda"):
        audit.record(session, pg_world.actor(name), "task.view.list")
    session.commit()
    assert audit.verify_chain(session) is None  # the stored time keeps its microseconds
    middle = session.exec(select(AuditEvent.id).order_by(AuditEvent.id)).all()[1]
    session.execute(
        sa.text("UPDATE audit_event SET at = at + interval '1 second' WHERE id = :id"),
        {"id": middle},
    )
    session.commit()
    assert audit.verify_chain(session) == middle

"""The database engine and sessions, shared by the app, the CLI and the tests."""

from __future__ import annotations

import select
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dossier.settings import database_url

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=5000",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
)


def _apply_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _begin_immediate(conn: sa.Connection) -> None:
    # Take the write lock when a transaction starts, so read-then-write never deadlocks
    # into "database is locked" (SQLite's deferred transactions upgrade too late).
    conn.exec_driver_sql("BEGIN IMMEDIATE")


# A pooled connection older than this is closed and opened afresh at its next checkout
# (a firewall or proxy that silently drops long-idle connections never gets one).
POOL_RECYCLE_SECONDS = 30 * 60


def idle_connection_alive(dbapi_connection: Any) -> bool:
    """Whether a PostgreSQL connection resting in the pool can still be used, asked
    without a round trip (issue 18: `pool_pre_ping` sent a `SELECT 1` at every checkout,
    two or three per tap).

    A connection at rest has nothing to read: the server speaks only when asked. When it
    ends the connection (restart, `pg_terminate_backend`, an idle timeout) it sends its
    last words and closes, so the socket becomes readable. Anything readable, a closed
    or broken connection: not alive, and the pool opens a fresh one.
    """
    if getattr(dbapi_connection, "closed", False) or getattr(dbapi_connection, "broken", False):
        return False
    try:
        readable, _, _ = select.select([dbapi_connection.pgconn.socket], [], [], 0)
    except (OSError, ValueError, psycopg.Error):
        return False
    return not readable


def _check_at_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    if not idle_connection_alive(dbapi_connection):
        # The pool drops this connection and checks out another (a new one if need be).
        raise sa.exc.DisconnectionError("the database closed this pooled connection")


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, a busy timeout, foreign keys and eager locking.

    PostgreSQL: a connection the server has closed is replaced at checkout, without a
    query (idle_connection_alive); one that breaks mid-statement fails that statement and
    SQLAlchemy drops the whole pool's connections, as it would with a ping.
    """
    if not url.startswith("sqlite"):
        if sa.engine.make_url(url).get_driver_name() != "psycopg":
            return sa.create_engine(url, pool_pre_ping=True)  # another driver: ask it
        engine = sa.create_engine(url, pool_recycle=POOL_RECYCLE_SECONDS)
        sa.event.listen(engine, "checkout", _check_at_checkout)
        return engine
    engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 5})
    sa.event.listen(engine, "connect", _apply_sqlite_pragmas)

    @sa.event.listens_for(engine, "connect")
    def _no_pysqlite_transactions(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN itself

    sa.event.listen(engine, "begin", _begin_immediate)
    return engine


def get_engine(url: str | None = None) -> Engine:
    return _engine_for(url or database_url())


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    return make_engine(url)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back on any error."""
    with Session(get_engine(url), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def database_ok(url: str | None = None) -> bool:
    try:
        with get_engine(url).connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return False
    return True

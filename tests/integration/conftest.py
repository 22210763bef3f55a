"""Real PostgreSQL for the tests that need it (a fresh database per test, dropped after),
and `acting`: call states as someone, the way the session gate does per event."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator

import psycopg
import pytest

from dossier.models import Family
from dossier.state import gate
from tests.integration.support import login_as

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
BACKENDS_COVERED: set[str] = set()


def postgres_available() -> bool:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture
def pg_url() -> Iterator[str]:
    if not postgres_available():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432 (make test starts it)")
    name = f"dossier_test_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    BACKENDS_COVERED.add("PostgreSQL (127.0.0.1:5432)")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        from dossier.db import _engine_for

        _engine_for.cache_clear()  # close pooled connections before dropping
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    BACKENDS_COVERED.add("SQLite")
    return f"sqlite:///{tmp_path / 'migrated.db'}"


@pytest.fixture
def acting(request: pytest.FixtureRequest) -> Iterator[Callable[..., gate.Login | None]]:
    """Act as someone for the handlers a test calls: `acting(login)`, `acting("anna")` or
    `acting("dora", world.beta)` (Gezin Alfa unless a family is named), `acting(None)`.
    By name, the world is committed first: handlers write in their own transaction."""

    def act(who: gate.Login | str | None, family: Family | None = None) -> gate.Login | None:
        if isinstance(who, str):
            world = request.getfixturevalue("world")
            world.session.commit()
            who = login_as(world, who, family)
        gate.act_as(who)
        return who

    yield act
    gate.act_as(None)

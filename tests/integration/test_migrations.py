"""Migrations build the schema from empty, match the models, and go down and up again."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import dossier.models  # noqa: F401
from dossier.db import make_engine
from dossier.ops.migrations import alembic_config, downgrade, upgrade


def schema_drift(url: str) -> list:
    engine = make_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    return diff


def table_names(url: str) -> set[str]:
    engine = make_engine(url)
    names = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    return names


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


def test_upgrade_from_empty_matches_the_models(empty_database: str) -> None:
    upgrade(empty_database)
    assert set(SQLModel.metadata.tables) <= table_names(empty_database)
    assert schema_drift(empty_database) == []


def test_downgrade_to_empty_and_up_again(empty_database: str) -> None:
    upgrade(empty_database)
    downgrade(empty_database, "base")
    assert table_names(empty_database) <= {"alembic_version"}
    upgrade(empty_database)
    assert schema_drift(empty_database) == []


def current_revision(url: str) -> str | None:
    engine = make_engine(url)
    with engine.connect() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
    engine.dispose()
    return revision


def test_downgrade_one_step_and_up_again(empty_database: str) -> None:
    script = ScriptDirectory.from_config(alembic_config(empty_database))
    head = script.get_revision("head")
    upgrade(empty_database)
    assert current_revision(empty_database) == head.revision
    downgrade(empty_database, "-1")
    assert current_revision(empty_database) == head.down_revision
    upgrade(empty_database)
    assert current_revision(empty_database) == head.revision
    assert schema_drift(empty_database) == []


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000
    engine.dispose()

"""Shared fixtures: a private data directory and database per test, and named personas."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel

import dossier.models  # noqa: F401  (all tables on the metadata)
from dossier.db import get_engine
from dossier.settings import get_settings
from tests.factories import World, build_world
from tests.push_service import push_service  # noqa: F401  (a real push service on loopback)

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own data dir, SQLite file and settings."""
    monkeypatch.setenv("DOSSIER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DOSSIER_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("REFLEX_DB_URL", f"sqlite:///{tmp_path / 'dossier.db'}")
    for name in ("DOSSIER_ENV", "DOSSIER_ORIGIN", "REFLEX_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


@pytest.fixture
def db(isolated_config: Path) -> Iterator[Session]:
    engine = get_engine()
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def world(db: Session) -> World:
    return build_world(db)


def pytest_terminal_summary(terminalreporter) -> None:
    """Say plainly which database backends the integration tests ran against."""
    from tests.integration.conftest import BACKENDS_COVERED

    covered = ", ".join(sorted(BACKENDS_COVERED)) or "none"
    terminalreporter.write_line(f"database backends covered: {covered}")
    matrix = sys.modules.get("tests.integration.test_authorization_matrix")
    if matrix is not None:
        terminalreporter.write_line(
            f"authorization matrix: {len(matrix.CASES)} handler x caller cases, "
            f"{len(matrix.FAMILY_DATA)} anonymous cases, "
            f"{len(matrix.NOT_FAMILY_DATA)} handlers without family data (with reasons)"
        )

"""Backup and restore on SQLite and PostgreSQL: the demo comes back whole and sound."""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from dossier import cli
from dossier.db import _engine_for, session_scope
from dossier.demo import ensure_demo
from dossier.ops.backup import BackupError, backup, integrity_problems, restore, table_counts
from dossier.ops.migrations import upgrade
from tests.integration.conftest import PG_ADMIN

BATCH = 50  # rows the writer adds per transaction: a backup holds all of a batch or none


@pytest.fixture
def fresh_pg() -> Iterator[Callable[[], str]]:
    """Extra empty PostgreSQL databases (restore targets), dropped afterwards."""
    made: list[str] = []

    def make() -> str:
        name = f"dossier_restore_{secrets.token_hex(4)}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"

    yield make
    _engine_for.cache_clear()
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        for name in made:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> dict:
    """The source database (migrated, with the demo) and a factory for empty targets."""
    if request.param == "sqlite":
        source = request.getfixturevalue("sqlite_url")
        counter = iter(range(100))
        target = lambda: f"sqlite:///{tmp_path / f'restored-{next(counter)}.db'}"  # noqa: E731
        suffix = ".db"
    else:
        source = request.getfixturevalue("pg_url")
        target = request.getfixturevalue("fresh_pg")
        suffix = ".dump"
    return {"source": source, "target": target, "file": tmp_path / f"backup{suffix}"}


def seed_demo(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFLEX_DB_URL", url)
    upgrade(url)
    with session_scope(url) as session:
        ensure_demo(session)


def test_backup_and_restore_bring_back_every_row(
    backend: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_demo(backend["source"], monkeypatch)
    before = table_counts(backend["source"])
    assert before["user"] > 10 and before["task"] > 5  # the demo is really there

    written = backup(backend["source"], backend["file"])
    assert written.size > 0 and written.rows == sum(before.values())
    assert backend["file"].stat().st_mode & 0o077 == 0  # health data: owner only

    target = backend["target"]()
    restored = restore(target, backend["file"], replace_data=False)
    assert integrity_problems(target) == []
    assert table_counts(target) == before
    assert restored.tables == len(before)
    assert version(target) == version(backend["source"])


def test_restore_asks_before_replacing_data(backend: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    seed_demo(backend["source"], monkeypatch)
    backup(backend["source"], backend["file"])
    with pytest.raises(BackupError, match="--yes"):
        restore(backend["source"], backend["file"], replace_data=False)
    with session_scope(backend["source"]) as session:  # a change after the backup ...
        session.execute(sa.text("DELETE FROM agreement_confirmation"))
    restore(backend["source"], backend["file"], replace_data=True)  # ... is undone
    assert table_counts(backend["source"])["agreement_confirmation"] > 0
    assert integrity_problems(backend["source"]) == []


def test_a_backup_taken_while_another_connection_writes_is_consistent(
    backend: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_demo(backend["source"], monkeypatch)
    engine = sa.create_engine(backend["source"])
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE probe (batch INTEGER NOT NULL, n INTEGER NOT NULL)"))
    writer = Writer(engine)
    writer.start()
    try:
        writer.wait_for(batches=3)
        at_start = writer.batches
        backup(backend["source"], backend["file"])
        at_end = writer.batches
    finally:
        writer.stop()
        engine.dispose()
    target = backend["target"]()
    restore(target, backend["file"], replace_data=False)
    assert integrity_problems(target) == []
    check = sa.create_engine(target)
    with check.connect() as conn:
        torn = conn.execute(
            sa.text("SELECT batch FROM probe GROUP BY batch HAVING COUNT(*) <> :n"), {"n": BATCH}
        ).all()
        batches = conn.execute(sa.text("SELECT COUNT(DISTINCT batch) FROM probe")).scalar_one()
    check.dispose()
    assert torn == []  # never half a transaction
    assert at_start <= batches <= at_end
    assert writer.batches > at_start  # the writer really kept going around the backup


class Writer(threading.Thread):
    """Adds BATCH rows per transaction to `probe` until stopped."""

    def __init__(self, engine: sa.Engine) -> None:
        super().__init__(daemon=True)
        self.engine = engine
        self.batches = 0
        self.error: BaseException | None = None
        self._halt = threading.Event()
        self._progress = threading.Condition()

    def run(self) -> None:
        try:
            while not self._halt.is_set():
                rows = [{"batch": self.batches, "n": n} for n in range(BATCH)]
                with self.engine.begin() as conn:
                    conn.execute(sa.text("INSERT INTO probe (batch, n) VALUES (:batch, :n)"), rows)
                with self._progress:
                    self.batches += 1
                    self._progress.notify_all()
        except BaseException as exc:
            self.error = exc

    def wait_for(self, *, batches: int) -> None:
        with self._progress:
            assert self._progress.wait_for(lambda: self.batches >= batches, timeout=30)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=30)
        assert self.error is None, self.error


def version(url: str) -> str:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        value = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    engine.dispose()
    return value


def test_a_sqlite_backup_is_one_self_contained_file(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_demo(sqlite_url, monkeypatch)
    copy = tmp_path / "copy.db"
    backup(sqlite_url, copy)
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not Path(f"{copy}-wal").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []


def test_restore_refuses_a_file_of_the_other_kind(sqlite_url: str, tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-backup.db"
    bogus.write_bytes(b"PGDMP and more")
    with pytest.raises(BackupError, match="not a SQLite backup"):
        restore(sqlite_url, bogus, replace_data=True)
    with pytest.raises(BackupError, match="no backup file"):
        restore(sqlite_url, tmp_path / "missing.db", replace_data=True)


def test_the_commands(
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed_demo(sqlite_url, monkeypatch)
    file = tmp_path / "nightly.db"
    assert cli.main(["backup", str(file)]) == 0
    assert "tables" in capsys.readouterr().out
    assert cli.main(["backup", str(file)]) == 1  # no silent overwrite ...
    assert cli.main(["backup", str(file), "--force"]) == 0  # ... unless asked
    assert cli.main(["restore", str(file)]) == 1
    assert "--yes" in capsys.readouterr().err
    assert cli.main(["restore", str(file), "--yes"]) == 0
    assert "integrity ok" in capsys.readouterr().out

"""Consistent backups of the configured database, and bringing one back.

* SQLite: SQLite's online backup API copies one consistent snapshot while the app keeps
  writing (never `cp` a live WAL database: the copy can miss or tear pages). The copy is
  checked (`PRAGMA integrity_check`) before it gets its final name.
* PostgreSQL: `pg_dump --format=custom` reads everything in one snapshot;
  `pg_restore --clean --if-exists --no-owner --single-transaction` brings it back all
  or nothing.

A backup file is written under a temporary name in the target folder (mode 0600: it
holds health data) and renamed into place when complete, so a crash never leaves a
half-written file under the real name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(RuntimeError):
    """The backup or restore cannot be done; the message says why."""


@dataclass(frozen=True, slots=True)
class Outcome:
    path: Path
    size: int
    seconds: float
    tables: int
    rows: int


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


# --- checking a database ---------------------------------------------------------------


def table_counts(url: str) -> dict[str, int]:
    """Rows per table (alembic_version included): one query per table, which also proves
    every table can be read."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            names = sorted(sa.inspect(conn).get_table_names())
            return {name: _count(conn, name) for name in names}
    finally:
        engine.dispose()


def _count(conn: sa.Connection, table: str) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(sa.table(table))).scalar_one()


def has_data(url: str) -> bool:
    """Whether any table other than alembic_version holds a row (then restore asks --yes)."""
    if is_sqlite(url) and not _sqlite_path(url).exists():
        return False
    counts = table_counts(url)
    return any(rows for name, rows in counts.items() if name != "alembic_version")


def integrity_problems(url: str) -> list[str]:
    """SQLite's own checks (pages, indexes, foreign keys); on PostgreSQL a read of every
    table. An empty list means the database is sound."""
    if not is_sqlite(url):
        table_counts(url)  # raises when a table cannot be read
        return []
    with contextlib.closing(_sqlite_readonly(_sqlite_path(url))) as conn:
        return _sqlite_problems(conn)


def _sqlite_problems(conn: sqlite3.Connection) -> list[str]:
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    problems += [f"foreign key: {row}" for row in conn.execute("PRAGMA foreign_key_check")]
    return problems


# --- backup ----------------------------------------------------------------------------


def backup(url: str, target: Path) -> Outcome:
    """Write a consistent copy of the database at `url` to `target` (replaced if there)."""
    started = time.perf_counter()
    target = target.resolve()
    if not target.parent.is_dir():
        raise BackupError(f"Folder {target.parent} does not exist.")
    with _temporary_next_to(target) as temp:
        if is_sqlite(url):
            _sqlite_backup(_sqlite_path(url), temp)
        else:
            _pg_dump(url, temp)
        _fsync(temp)
        temp.replace(target)  # atomic: the old file or the complete new one, never half
    counts = table_counts(url) if not is_sqlite(url) else _sqlite_file_counts(target)
    return _outcome(target, started, counts)


def _sqlite_backup(source: Path, temp: Path) -> None:
    if not source.exists():
        raise BackupError(f"There is no database at {source}.")
    with (
        contextlib.closing(_sqlite_readonly(source)) as src,
        contextlib.closing(sqlite3.connect(temp)) as dst,
    ):
        src.backup(dst)  # all pages in one step: one read transaction, one snapshot
        # A backup is one self-contained file, not a WAL database with side files.
        dst.execute("PRAGMA journal_mode=DELETE")
        if problems := _sqlite_problems(dst):
            raise BackupError(f"The copy failed its integrity check: {problems[:5]}")


def _pg_dump(url: str, temp: Path) -> None:
    command = ["pg_dump", "--format=custom", "--no-owner", f"--file={temp}"]
    _run_pg(command, url)


# --- restore ---------------------------------------------------------------------------


def restore(url: str, source: Path, *, replace_data: bool) -> Outcome:
    """Bring the backup at `source` back into the database at `url`.

    Refuses when the target already holds data, unless `replace_data` (the CLI's --yes).
    """
    started = time.perf_counter()
    source = source.resolve()
    _check_kind(url, source)
    if has_data(url) and not replace_data:
        raise BackupError(
            "The target database already holds data; restoring replaces all of it. "
            "Stop the app, make a backup of it first, then repeat with --yes."
        )
    if is_sqlite(url):
        _sqlite_restore(source, _sqlite_path(url))
    else:
        _pg_restore(url, source)
    if problems := integrity_problems(url):
        raise BackupError(f"The restored database failed its integrity check: {problems[:5]}")
    return _outcome(source, started, table_counts(url))


def _check_kind(url: str, source: Path) -> None:
    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
    with source.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    sqlite = is_sqlite(url)
    expected, kind = (SQLITE_MAGIC, "SQLite") if sqlite else (PG_DUMP_MAGIC, "PostgreSQL")
    if not head.startswith(expected):
        raise BackupError(f"{source} is not a {kind} backup, and the database is {kind}.")


def _sqlite_restore(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with _temporary_next_to(target) as temp:
        _sqlite_backup(source, temp)  # a checked copy next to the target first
        if not target.exists():
            _fsync(temp)
            temp.replace(target)  # nothing to replace: an atomic rename
            return
        # Renaming over a WAL database would leave its -wal file behind, to be replayed
        # into the new file. SQLite's backup API writes into the live file under its own
        # lock, in one step: other connections see the old database or the new one.
        with (
            contextlib.closing(sqlite3.connect(temp)) as src,
            contextlib.closing(sqlite3.connect(target, timeout=30)) as dst,
        ):
            src.backup(dst)
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _pg_restore(url: str, source: Path) -> None:
    command = [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",  # all or nothing
        "--exit-on-error",
        str(source),
    ]
    _run_pg(command, url)


# --- helpers ---------------------------------------------------------------------------


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(database).resolve()


def _sqlite_readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=30)


def _sqlite_file_counts(path: Path) -> dict[str, int]:
    return table_counts(f"sqlite:///{path}")


def _run_pg(command: list[str], url: str) -> None:
    """Run pg_dump/pg_restore against `url`; the password goes in the environment, not
    in the command line (which other users of the machine can read)."""
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        )
    parsed = make_url(url)
    env = {**os.environ, **({"PGPASSWORD": parsed.password} if parsed.password else {})}
    result = subprocess.run(
        [*command, f"--dbname={_libpq_url(parsed)}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _libpq_url(parsed: URL) -> str:
    """postgresql+psycopg://user:pw@host/db -> postgresql://user@host/db (no password)."""
    bare = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return bare.render_as_string(hide_password=False)


@contextlib.contextmanager
def _temporary_next_to(target: Path) -> Iterator[Path]:
    """A private (0600) temporary file in the target's folder, removed unless renamed."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
    finally:
        temp.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _outcome(path: Path, started: float, counts: dict[str, int]) -> Outcome:
    return Outcome(
        path=path,
        size=path.stat().st_size,
        seconds=time.perf_counter() - started,
        tables=len(counts),
        rows=sum(counts.values()),
    )

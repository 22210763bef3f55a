"""Export jobs on PostgreSQL with several backend workers: each job is built exactly once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlmodel import Session, select

from dossier.db import get_engine
from dossier.domain import exports
from dossier.jobs.exports import run_pending
from dossier.models import ExportJob, ExportKind, ExportStatus
from dossier.ops.migrations import upgrade
from tests.factories import World, build_world

WORKERS = 3


@pytest.fixture
def pg_world(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("REFLEX_DB_URL", pg_url)
    upgrade(pg_url)
    with Session(get_engine(pg_url), expire_on_commit=False) as session:
        yield build_world(session)


def test_three_workers_build_every_asked_export_once(
    pg_world: World, pg_url: str, tmp_path: Path
) -> None:
    for name in ("anna", "bram", "ben", "hanna", "gerda"):
        exports.request_export(pg_world.session, pg_world.actor(name), ExportKind.PERSON)
    exports.request_export(pg_world.session, pg_world.actor("anna"), ExportKind.FAMILY)
    pg_world.session.commit()
    start = threading.Barrier(WORKERS)

    def work(n: int) -> int:
        start.wait()
        return run_pending(pg_url, tmp_path, worker=f"worker-{n}")

    with ThreadPoolExecutor(WORKERS) as pool:
        built = [f.result() for f in [pool.submit(work, n) for n in range(WORKERS)]]
    assert sum(built) == 6
    pg_world.session.expire_all()
    jobs = pg_world.session.exec(select(ExportJob)).all()
    assert {job.status for job in jobs} == {ExportStatus.READY}
    assert len({job.file_path for job in jobs}) == 6
    assert len(list((tmp_path / "exports").glob("*.zip"))) == 6

"""The family export ("Download ons dossier") of the large bench family, on PostgreSQL.

A parent asks, the background job builds the ZIP in this process (as the worker would:
claim, read in steps through the gate, write JSON, FHIR, CSV, HTML), and the rows say
how long it took, how big the ZIP is and how many records it holds.

`python -m bench.export` seeds the bench database and measures only this (a minute);
`make bench` includes the rows (bench/run.py).
"""

from __future__ import annotations

import time
import zipfile

from bench.common import PG_URL, RUN_DIR, Row, log, say
from bench.seed import LargeWorld


def measure(world: LargeWorld) -> list[Row]:
    from dossier.domain import exports
    from dossier.domain.access import actor_for, unit_of_work
    from dossier.jobs.exports import run_pending
    from dossier.models import ExportJob, ExportKind

    base = RUN_DIR / "export-data"
    base.mkdir(parents=True, exist_ok=True)
    with unit_of_work(PG_URL) as session:
        actor = actor_for(session, user_id=world.parent_user_id, family_id=world.family_id)
        job, _token = exports.request_export(session, actor, ExportKind.FAMILY)
        job_id = job.id
    started = time.perf_counter()
    built = run_pending(PG_URL, base, worker="bench")
    seconds = time.perf_counter() - started
    with unit_of_work(PG_URL) as session:
        done = session.get(ExportJob, job_id)
        assert done is not None and built == 1, f"export not built: {done}"
        size, rows, path = done.size_bytes, done.rows, base / done.file_path
    with zipfile.ZipFile(path) as archive:
        files = len(archive.namelist())
        fhir_bytes = archive.getinfo("fhir.json").file_size
    path.unlink(missing_ok=True)
    note = f"{rows} records in {files} files; fhir.json {fhir_bytes / 1e6:.1f} MB unpacked"
    return [
        Row(
            "export", "family export, large family: build time", seconds, None, "s", "", None, note
        ),
        Row("export", "family export, large family: ZIP size", size / 1e6, None, "MB"),
        Row("export", "family export, large family: records", rows, None, ""),
    ]


def main() -> int:
    from bench import seed

    seed.configure()
    log("database: migrate and seed")
    seed.recreate_database()
    world = seed.large_world()
    log("family export of the large family")
    for row in measure(world):
        say(f"{row.metric}: {row.ours:.2f} {row.unit} {row.note}".rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

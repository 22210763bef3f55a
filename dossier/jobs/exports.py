"""Builds export ZIPs off the request: a lifespan task per backend worker claims queued jobs
(domain/exports.claim_next: a conditional UPDATE, so each job is built once however many
workers run) and writes the ZIP under data/exports/, reporting progress between steps.

The ZIP (family export): a JSON file per kind (with the history of changes), fhir.json
(a FHIR R4B Bundle, validated), a CSV per list, overzicht.html and README.txt. The
person's export has the same shape without fhir.json.

DOSSIER_EXPORT_WORKER=0 switches the task off (tests build with `run_pending`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import zipfile
from datetime import datetime
from pathlib import Path

from dossier.db import session_scope
from dossier.domain import exports
from dossier.domain.access import actor_for, unit_of_work
from dossier.domain.export_data import FAMILY_STEPS, PERSON_STEPS, ExportData
from dossier.domain.export_fhir import build_bundle
from dossier.domain.exports import EXPORTS_DIR
from dossier.models import ExportJob, ExportKind, utcnow
from dossier.permissions import PermissionDenied
from dossier.presenters.export_files import (
    CSV_COLUMNS,
    csv_file,
    json_file,
    overview_html,
    readme_text,
)
from dossier.settings import data_dir

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.5
CLEANUP_EVERY = 40  # polls (about a minute); the scheduler also cleans up
READ_SHARE = 80  # percent of the progress bar for reading; the rest for writing files


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def enabled() -> bool:
    return os.environ.get("DOSSIER_EXPORT_WORKER", "1").strip().lower() not in {"0", "false", "no"}


def build(job_id: int, worker: str, url: str | None = None, base: Path | None = None) -> bool:
    """Build one claimed job; True when its file is ready. A refusal or error fails it."""
    base = base or data_dir()
    with session_scope(url) as session:
        job = session.get(ExportJob, job_id)
        if job is None:
            return False
        kind, user_id, family_id = ExportKind(job.kind), job.user_id, job.family_id
    steps = FAMILY_STEPS if kind is ExportKind.FAMILY else PERSON_STEPS
    data = ExportData(kind=kind)
    try:
        for number, (_name, step) in enumerate(steps, start=1):
            with unit_of_work(url) as session:
                actor = actor_for(session, user_id=user_id, family_id=family_id)
                step(session, actor, data)
            _progress(job_id, number * READ_SHARE // len(steps), worker, url)
        made_at = utcnow()
        relative, size = _write_zip(data, made_at, base, job_id, worker, url)
    except PermissionDenied:
        with session_scope(url) as session:
            exports.fail(session, job_id, "refused")
        return False
    except Exception:
        logger.exception("export job %s failed", job_id)
        with session_scope(url) as session:
            exports.fail(session, job_id, "error")
        return False
    with session_scope(url) as session:
        done = exports.finish(
            session, job_id, worker=worker, file_path=relative, size_bytes=size, rows=data.rows
        )
    if not done:
        exports.remove_file(base, relative)
    return done


def _progress(job_id: int, progress: int, worker: str, url: str | None) -> None:
    with session_scope(url) as session:
        exports.report_progress(session, job_id, progress, worker)


def zip_members(data: ExportData, made_at: datetime) -> dict[str, bytes]:
    """Every file of the ZIP by name (also used by the bench and the tests)."""
    lang = data.lang
    files: dict[str, bytes] = {}
    if data.family and data.kind == ExportKind.FAMILY:
        files["json/family.json"] = json_file(data.family)
    for kind, records in data.kinds.items():
        files[f"json/{kind}.json"] = json_file(records)
        if kind in CSV_COLUMNS:
            files[f"csv/{kind}.csv"] = csv_file(records, CSV_COLUMNS[kind], lang)
    if data.kind == ExportKind.FAMILY:
        files["fhir.json"] = json_file(build_bundle(data))
    files["overzicht.html"] = overview_html(data, lang, made_at)
    files["README.txt"] = readme_text(data, lang, [*files, "README.txt"], made_at)
    return files


def _write_zip(
    data: ExportData, made_at: datetime, base: Path, job_id: int, worker: str, url: str | None
) -> tuple[str, int]:
    folder = base / EXPORTS_DIR
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    relative = f"{EXPORTS_DIR}/{secrets.token_hex(16)}.zip"
    target = base / relative
    partial = target.with_suffix(".part")
    files = zip_members(data, made_at)
    _progress(job_id, READ_SHARE + 5, worker, url)
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, (name, content) in enumerate(files.items(), start=1):
            archive.writestr(name, content)
            if number % 5 == 0:
                share = 100 - READ_SHARE - 6
                _progress(job_id, READ_SHARE + 5 + number * share // len(files), worker, url)
    partial.replace(target)
    target.chmod(0o600)
    return relative, target.stat().st_size


def run_pending(url: str | None = None, base: Path | None = None, worker: str = "") -> int:
    """Build every queued job this worker can claim; how many it built."""
    worker = worker or worker_name()
    built = 0
    while True:
        with session_scope(url) as session:
            job_id = exports.claim_next(session, worker)
        if job_id is None:
            return built
        if build(job_id, worker, url, base):
            built += 1


def cleanup(url: str | None = None, base: Path | None = None) -> int:
    with session_scope(url) as session:
        return exports.expire(session, base or data_dir())


async def export_worker() -> None:
    """The lifespan task: look for queued exports every POLL_SECONDS; errors are logged."""
    if not enabled():
        logger.info("export worker is off (DOSSIER_EXPORT_WORKER=0)")
        return
    polls = 0
    while True:
        try:
            await asyncio.to_thread(run_pending)
            polls += 1
            if polls % CLEANUP_EVERY == 0:
                await asyncio.to_thread(cleanup)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("export worker run failed")
        await asyncio.sleep(POLL_SECONDS)

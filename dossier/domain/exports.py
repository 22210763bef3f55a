"""Export jobs: asked for on the page, built by one worker, downloaded once within 24 hours.

- `request_export`: the gate decides (FAMILY_EXPORT for parents, PERSON_EXPORT for every
  member) and logs the request; asking again while one is on its way or ready gives the
  same job (a double tap does one thing) with a fresh link token.
- `claim_next`: a worker takes the oldest queued job with a conditional UPDATE (status
  still `queued`), so of several backend workers exactly one builds each job; a job whose
  worker died is queued again after STALE.
- `take_download`: the person who asked, with the token, while it is ready and not
  expired: marks it downloaded in the same conditional UPDATE, so it works once.
- `expire`: the cleanup the scheduler runs: files past their 24 hours (or downloaded)
  are deleted.

Only the keyed hash of the link's token is stored (sessions.hash_token).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, col, select

from dossier import audit
from dossier.domain.access import actor_for, guard
from dossier.domain.sessions import hash_token
from dossier.models import ExportJob, ExportKind, ExportStatus, utcnow
from dossier.models.base import table_of
from dossier.permissions import Action, Actor, PermissionDenied, can

KEEP = timedelta(hours=24)  # a ready file can be downloaded this long after it was asked for
STALE = timedelta(minutes=30)  # a running job whose worker stopped is queued again
EXPORTS_DIR = "exports"  # under the data directory (DOSSIER_DATA_DIR)
_TABLE = table_of(ExportJob)
ACTION_OF_KIND = {ExportKind.FAMILY: Action.FAMILY_EXPORT, ExportKind.PERSON: Action.PERSON_EXPORT}
DOWNLOAD_ACTION = {
    ExportKind.FAMILY: "family.export.download",
    ExportKind.PERSON: "person.export.download",
}
ON_ITS_WAY = (ExportStatus.QUEUED, ExportStatus.RUNNING, ExportStatus.READY)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def request_export(
    session: Session, actor: Actor, kind: ExportKind, *, now: datetime | None = None
) -> tuple[ExportJob, str]:
    """The job for this person and kind (a new one, or the one on its way) and a link
    token for it. Refused (and logged) for a role that may not take this export."""
    now = now or utcnow()
    guard(session, actor, ACTION_OF_KIND[kind])
    job = latest_job(session, user_id=actor.user_id, family_id=actor.family_id, kind=kind, now=now)
    if job is None or job.status not in ON_ITS_WAY:
        job = ExportJob(
            user_id=actor.user_id,
            family_id=actor.family_id,
            kind=kind,
            created_at=now,
            expires_at=now + KEEP,
        )
    token = new_token()
    job.token_hash = hash_token(token)
    session.add(job)
    session.flush()
    return job, token


def latest_job(
    session: Session, *, user_id: int, family_id: int, kind: ExportKind, now: datetime | None = None
) -> ExportJob | None:
    """This person's newest job of this kind in this family that has not expired."""
    now = now or utcnow()
    return session.exec(
        select(ExportJob)
        .where(
            ExportJob.user_id == user_id,
            ExportJob.family_id == family_id,
            ExportJob.kind == kind,
            ExportJob.expires_at > now,
            ExportJob.status != ExportStatus.EXPIRED,
        )
        .order_by(col(ExportJob.id).desc())
    ).first()


def fresh_link(session: Session, *, user_id: int, job_id: int) -> str | None:
    """A new link token for one's own ready job (the page lost the one it had); the old
    link stops working. None for anyone else's job or one that is not ready."""
    job = session.get(ExportJob, job_id)
    if job is None or job.user_id != user_id or job.status != ExportStatus.READY:
        return None
    token = new_token()
    job.token_hash = hash_token(token)
    session.add(job)
    return token


# --------------------------------------------------------------------------------------
# The worker's side
# --------------------------------------------------------------------------------------


def claim_next(session: Session, worker: str, *, now: datetime | None = None) -> int | None:
    """Take the oldest queued job; None when there is none (or another worker won it)."""
    now = now or utcnow()
    session.execute(
        sa.update(_TABLE)
        .where(_TABLE.c.status == ExportStatus.RUNNING, _TABLE.c.started_at < now - STALE)
        .values(status=ExportStatus.QUEUED, claimed_by="")
    )
    candidates = session.exec(
        select(ExportJob.id)
        .where(ExportJob.status == ExportStatus.QUEUED, ExportJob.expires_at > now)
        .order_by(col(ExportJob.id))
        .limit(5)
    ).all()
    for job_id in candidates:
        won = session.execute(
            sa.update(_TABLE)
            .where(_TABLE.c.id == job_id, _TABLE.c.status == ExportStatus.QUEUED)
            .values(status=ExportStatus.RUNNING, claimed_by=worker[:64], started_at=now, progress=1)
        )
        if won.rowcount == 1:  # type: ignore[attr-defined]
            return job_id
    return None


def report_progress(session: Session, job_id: int, progress: int, worker: str) -> None:
    session.execute(
        sa.update(_TABLE)
        .where(_TABLE.c.id == job_id, _TABLE.c.claimed_by == worker[:64])
        .values(progress=max(1, min(99, progress)))
    )


def finish(
    session: Session,
    job_id: int,
    *,
    worker: str,
    file_path: str,
    size_bytes: int,
    rows: int,
    now: datetime | None = None,
) -> bool:
    """The file is there: ready to download (False: the job was taken from this worker)."""
    done = session.execute(
        sa.update(_TABLE)
        .where(
            _TABLE.c.id == job_id,
            _TABLE.c.claimed_by == worker[:64],
            _TABLE.c.status == ExportStatus.RUNNING,
        )
        .values(
            status=ExportStatus.READY,
            progress=100,
            file_path=file_path,
            size_bytes=size_bytes,
            rows=rows,
            finished_at=now or utcnow(),
        )
    )
    return bool(done.rowcount == 1)  # type: ignore[attr-defined]


def fail(session: Session, job_id: int, reason: str, *, now: datetime | None = None) -> None:
    session.execute(
        sa.update(_TABLE)
        .where(_TABLE.c.id == job_id)
        .values(status=ExportStatus.FAILED, error=reason[:200], finished_at=now or utcnow())
    )


# --------------------------------------------------------------------------------------
# The download
# --------------------------------------------------------------------------------------


def take_download(
    session: Session,
    *,
    user_id: int,
    token: str,
    now: datetime | None = None,
    ip: str = "",
    user_agent: str = "",
) -> ExportJob | None:
    """The job this token opens for this person, marked downloaded; None otherwise.

    Anyone else's token, a used, expired or unknown one: None, and a refusal in the log
    (of the job's family when the token is known), so the answer tells nothing.
    """
    now = now or utcnow()
    job = (
        session.exec(select(ExportJob).where(ExportJob.token_hash == hash_token(token))).first()
        if token
        else None
    )
    if job is None or job.id is None:
        audit.record(
            session,
            None,
            "export.download",
            outcome="denied",
            user_id=user_id,
            ip=ip,
            user_agent=user_agent,
        )
        return None
    kind = ExportKind(job.kind)
    taken = (
        job.user_id == user_id
        and _may_still(session, job)
        and _mark_downloaded(session, job.id, now)
    )
    audit.record(
        session,
        None,
        DOWNLOAD_ACTION[kind],
        object_type="export_job",
        object_id=job.id,
        outcome="allowed" if taken else "denied",
        user_id=user_id,
        family_id=job.family_id,
        ip=ip,
        user_agent=user_agent,
    )
    if not taken:
        return None
    session.refresh(job)
    return job


def _mark_downloaded(session: Session, job_id: int, now: datetime) -> bool:
    """Ready, not expired, and not taken before: now it is (one UPDATE, so only once)."""
    done = session.execute(
        sa.update(_TABLE)
        .where(
            _TABLE.c.id == job_id,
            _TABLE.c.status == ExportStatus.READY,
            _TABLE.c.expires_at > now,
        )
        .values(status=ExportStatus.DOWNLOADED, downloaded_at=now)
    )
    return bool(done.rowcount == 1)  # type: ignore[attr-defined]


def _may_still(session: Session, job: ExportJob) -> bool:
    """The family's file only while the asker is still a parent of an active membership."""
    if job.kind != ExportKind.FAMILY:
        return True
    try:
        actor = actor_for(session, user_id=job.user_id, family_id=job.family_id)
    except PermissionDenied:
        return False
    return can(actor, Action.FAMILY_EXPORT)


# --------------------------------------------------------------------------------------
# The cleanup
# --------------------------------------------------------------------------------------


def expire(session: Session, data_dir: Path, *, now: datetime | None = None) -> int:
    """Delete the files of jobs past their 24 hours and of downloaded ones; how many."""
    now = now or utcnow()
    done = session.exec(
        select(ExportJob).where(
            col(ExportJob.status).in_(
                [
                    ExportStatus.READY,
                    ExportStatus.DOWNLOADED,
                    ExportStatus.FAILED,
                    ExportStatus.QUEUED,
                ]
            ),
            sa.or_(
                col(ExportJob.expires_at) <= now,
                col(ExportJob.status) == ExportStatus.DOWNLOADED,
            ),
        )
    ).all()
    removed = 0
    for job in done:
        if job.file_path:
            remove_file(data_dir, job.file_path)
            removed += 1
        job.file_path = ""
        if job.expires_at <= now:
            job.status = ExportStatus.EXPIRED
            job.token_hash = None
        session.add(job)
    return removed


def file_of(data_dir: Path, relative: str) -> Path | None:
    """The export file a job names, only inside data/exports/ (never a path elsewhere)."""
    base = (data_dir / EXPORTS_DIR).resolve()
    path = (data_dir / relative).resolve()
    return path if path.parent == base else None


def remove_file(data_dir: Path, relative: str) -> None:
    path = file_of(data_dir, relative)
    if path is not None:
        path.unlink(missing_ok=True)

"""Downloads of a family's data or of one person's own data (GDPR art. 15 and 20).

An export runs as a background job (dossier/jobs/exports.py): asked for on the page
/gegevens, claimed by one backend worker, built into a ZIP under data/exports/, then
downloadable once, for 24 hours, only by the person who asked (the login cookie and a
token whose keyed hash is kept here).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from dossier.models.base import created_column, utc_column


class ExportKind(StrEnum):
    FAMILY = "family"  # "Download ons dossier": parents
    PERSON = "person"  # "Download mijn gegevens": every member, about themself


class ExportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    READY = "ready"
    DOWNLOADED = "downloaded"
    FAILED = "failed"
    EXPIRED = "expired"  # the file is gone (24 hours passed)


class ExportJob(SQLModel, table=True):
    __tablename__ = "export_job"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    kind: str = Field(max_length=10)
    status: str = Field(default=ExportStatus.QUEUED, max_length=12, index=True)
    progress: int = 0  # 0-100
    rows: int = 0  # how many records the file holds
    size_bytes: int = 0
    file_path: str = Field(default="", max_length=300)  # relative to the data directory
    token_hash: str | None = Field(default=None, max_length=64, sa_column_kwargs={"unique": True})
    claimed_by: str = Field(default="", max_length=64)
    error: str = Field(default="", max_length=200)
    created_at: datetime = created_column()
    started_at: datetime | None = utc_column(nullable=True)
    finished_at: datetime | None = utc_column(nullable=True)
    expires_at: datetime = utc_column()
    downloaded_at: datetime | None = utc_column(nullable=True)

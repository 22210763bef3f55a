"""The access log: who saw or changed what, when, from where (NEN 7513). Append-only."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from dossier.models.base import created_column, utc_column


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    # Finds a person's recent rows in one family quickly (refusals from outside the
    # family are folded onto earlier rows, dossier/audit.py).
    __table_args__ = (sa.Index("ix_audit_event_family_user_at", "family_id", "user_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = created_column()
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    family_id: int | None = Field(default=None, foreign_key="family.id", index=True)
    role: str = Field(default="", max_length=20)
    organisation: str = Field(default="", max_length=120)  # for professionals
    action: str = Field(max_length=40)  # e.g. task.list, task.update, login.failed
    object_type: str = Field(default="", max_length=30)
    object_id: int | None = None
    outcome: str = Field(max_length=10)  # allowed / denied / failed
    ip: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=300)
    detail: str = Field(default="", max_length=200)  # never content, only e.g. "3 rows"
    # Tamper evidence: each row's hash covers its fields and the previous row's hash.
    prev_hash: str = Field(default="", max_length=64)
    row_hash: str = Field(default="", max_length=64)


class AuditRepeat(SQLModel, table=True):
    """Refusals from outside the family that were counted on an earlier row, not logged again.

    Someone who is not a member of a family, refused again and again on that family's
    data, would otherwise push the family's real rows out of view. The first refusal is
    an ordinary row of the chain; the repeats only raise `repeats` here (see
    dossier/audit.py). A count, not a log row: it is not part of the hash chain.
    """

    __tablename__ = "audit_repeat"

    event_id: int = Field(primary_key=True, foreign_key="audit_event.id")
    repeats: int = 0  # refusals after the row's own one
    last_at: datetime = utc_column()

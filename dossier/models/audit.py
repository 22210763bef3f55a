"""The access log: who saw or changed what, when, from where (NEN 7513). Append-only."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from dossier.models.base import created_column


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

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

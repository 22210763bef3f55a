"""Tasks: something to do, with an owner, a due date and 'waiting for a third party'."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field

from dossier.models.base import Versioned, created_column, utc_column


class TaskStatus(StrEnum):
    OPEN = "open"
    BUSY = "busy"
    WAITING = "waiting"  # waiting for a third party; comes back on follow_up_on
    DONE = "done"


class Task(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    title: str = Field(max_length=200)
    notes: str = Field(default="", max_length=4000)
    domain: str = Field(max_length=20)
    assignee_id: int | None = Field(default=None, foreign_key="membership.id", index=True)
    due_on: date | None = None
    status: str = Field(default=TaskStatus.OPEN, max_length=10)
    waiting_for: str = Field(default="", max_length=200)
    follow_up_on: date | None = None
    agreement_id: int | None = Field(default=None, foreign_key="agreement.id", index=True)
    # What made the task, when it came from elsewhere: ("acp", conversation id) for a
    # conversation's follow-up; the task links back to it.
    source_type: str = Field(default="", max_length=20)
    source_id: int | None = None
    created_by_id: int | None = Field(default=None, foreign_key="membership.id")
    created_at: datetime = created_column()
    completed_at: datetime | None = utc_column(nullable=True)
    deleted_at: datetime | None = utc_column(nullable=True)  # kept for history and undo

"""What happened to a task or an agreement, who did it and when (shown to the family).

Unlike the access log, this is for people: "Femke changed the due date".
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from dossier.models.base import created_column, json_column


class TaskChange(SQLModel, table=True):
    __tablename__ = "task_change"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    membership_id: int | None = Field(default=None, foreign_key="membership.id")
    at: datetime = created_column()
    kind: str = Field(max_length=20)  # created, changed, completed, reopened, deleted, restored
    fields: list[str] = json_column()  # which fields changed, never their content


class AgreementChange(SQLModel, table=True):
    __tablename__ = "agreement_change"

    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int = Field(foreign_key="agreement.id", index=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    membership_id: int | None = Field(default=None, foreign_key="membership.id")
    at: datetime = created_column()
    kind: str = Field(max_length=20)  # proposed, changed, confirmed, agreed, needs_review
    # {"field": [old, new]} for the family's own history of the agreement.
    changes: dict = json_column(dict)

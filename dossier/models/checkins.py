"""A brother's or sister's check-in: mood, needs, and who may read it (the sibling decides)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from dossier.models.base import created_column, json_column


class Need(StrEnum):
    TIME_WITH_PARENT = "time_with_parent"
    SOMEONE_TO_TALK = "someone_to_talk"
    SOMETHING_FUN = "something_fun"
    HELP_WITH_SCHOOL = "help_with_school"
    REST = "rest"
    KNOW_WHAT_HAPPENS = "know_what_happens"
    NOTHING = "nothing"


class CheckIn(SQLModel, table=True):
    """Written once by the sibling; never edited by anyone else."""

    __tablename__ = "checkin"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    sibling_id: int = Field(foreign_key="membership.id", index=True)
    mood: int  # 1 = very bad ... 5 = very good
    needs: list[str] = json_column()
    note: str = Field(default="", max_length=1000)
    wants_to_talk: bool = False
    talk_to_id: int | None = Field(default=None, foreign_key="membership.id")
    share_parents: bool = False
    share_cm_home: bool = False
    share_cm_hospital: bool = False
    created_at: datetime = created_column()

    __table_args__ = (sa.CheckConstraint("mood BETWEEN 1 AND 5", name="mood_range"),)

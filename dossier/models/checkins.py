"""A brother's or sister's check-in: mood, needs, and who may read it (the sibling decides).

Next to the check-ins themselves: the parent's default audience per age band and the
reminder rhythm (CheckinSettings), the personal check-in link that opens only the
check-in screen (CheckinLink), and the signals that ask an adult to pay attention
(CheckinSignal). Signals carry the same share flags as check-ins: an adult sees a signal
only when the check-ins behind it were shared with them.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from dossier.models.base import Versioned, created_column, json_column, utc_column


class Need(StrEnum):
    TIME_WITH_PARENT = "time_with_parent"
    SOMEONE_TO_TALK = "someone_to_talk"
    SOMETHING_FUN = "something_fun"
    HELP_WITH_SCHOOL = "help_with_school"
    REST = "rest"
    KNOW_WHAT_HAPPENS = "know_what_happens"
    NOTHING = "nothing"


class Audience(StrEnum):
    """Who a sibling can share a check-in with: groups of adults, named by their role."""

    PARENTS = "parents"
    CM_HOME = "cm_home"
    CM_HOSPITAL = "cm_hospital"


class AgeBand(StrEnum):
    UNDER_12 = "under_12"
    FROM_12 = "12_15"
    FROM_16 = "16_plus"


class SignalKind(StrEnum):
    WANTS_TO_TALK = "wants_to_talk"
    LOW_MOOD = "low_mood"  # mood 1 or 2 twice within 14 days


class Reminder(StrEnum):
    OFF = "off"
    WEEKLY = "weekly"
    TWICE_WEEKLY = "twice_weekly"


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


class CheckinSettings(Versioned, table=True):
    """Per sibling: the parents' default audience per age band, the sibling's own default
    (from 12), and how often a gentle reminder comes."""

    __tablename__ = "checkin_settings"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    sibling_id: int = Field(foreign_key="membership.id", sa_column_kwargs={"unique": True})
    # {"under_12": ["parents", "cm_home"], "12_15": [...], "16_plus": [...]}
    band_defaults: dict[str, list[str]] = json_column(dict)
    # The sibling's own default from 12 on; None while they never chose one.
    own_default: list[str] | None = json_column(lambda: None, nullable=True)
    reminder: str = Field(default=Reminder.OFF, max_length=20)
    updated_at: datetime = created_column()


class CheckinLink(SQLModel, table=True):
    """A personal link (and QR code) that opens only one sibling's check-in screen."""

    __tablename__ = "checkin_link"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    sibling_id: int = Field(foreign_key="membership.id", index=True)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    created_by_id: int = Field(foreign_key="membership.id")
    created_at: datetime = created_column()
    last_used_at: datetime | None = utc_column(nullable=True)
    revoked_at: datetime | None = utc_column(nullable=True)


class CheckinSignal(Versioned, table=True):
    """ "Maybe this sibling needs attention": for the adults the sibling shared with."""

    __tablename__ = "checkin_signal"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    sibling_id: int = Field(foreign_key="membership.id", index=True)
    kind: str = Field(max_length=20)
    checkin_id: int = Field(foreign_key="checkin.id", index=True)
    earlier_checkin_id: int | None = Field(default=None, foreign_key="checkin.id")
    talk_to_id: int | None = Field(default=None, foreign_key="membership.id")
    share_parents: bool = False
    share_cm_home: bool = False
    share_cm_hospital: bool = False
    created_at: datetime = created_column()
    picked_up_by_id: int | None = Field(default=None, foreign_key="membership.id")
    picked_up_at: datetime | None = utc_column(nullable=True)

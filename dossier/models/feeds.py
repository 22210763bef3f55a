"""Live updates and calendar feeds: small tables that serve the screens and the phone."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from dossier.models.base import created_column, utc_column


class FamilyPulse(SQLModel, table=True):
    """Bumped in the same transaction as any change to a family's dossier.

    Open screens compare their last seen counter with this one to know they must reload.
    """

    __tablename__ = "family_pulse"

    family_id: int = Field(foreign_key="family.id", primary_key=True)
    counter: int = 0
    changed_at: datetime = utc_column()


class CalendarFeed(SQLModel, table=True):
    """A member's secret calendar feed address; renewing replaces the token."""

    __tablename__ = "calendar_feed"

    id: int | None = Field(default=None, primary_key=True)
    membership_id: int = Field(foreign_key="membership.id", sa_column_kwargs={"unique": True})
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    created_at: datetime = created_column()


class AgreementTemplateChoice(SQLModel, table=True):
    """Whether a family adopted or skipped one agreement of the starter set."""

    __tablename__ = "agreement_template_choice"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    template_key: str = Field(max_length=40)
    choice: str = Field(max_length=10)  # adopted / skipped
    membership_id: int | None = Field(default=None, foreign_key="membership.id")
    at: datetime = created_column()

    __table_args__ = (sa.UniqueConstraint("family_id", "template_key"),)

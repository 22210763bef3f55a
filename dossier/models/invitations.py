"""Invitations: a single-use link that lets someone join a family in a given role."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from dossier.models.base import created_column, utc_column


class Invitation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    role: str = Field(max_length=20)
    relation: str = Field(default="", max_length=120)  # "huisarts", "school (juf Anouk)"
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    created_by_id: int = Field(foreign_key="membership.id")
    created_at: datetime = created_column()
    expires_at: datetime = utc_column()
    used_at: datetime | None = utc_column(nullable=True)
    used_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    revoked_at: datetime | None = utc_column(nullable=True)
    # A professional's last day of access, copied to the membership when accepted.
    access_until: date | None = None

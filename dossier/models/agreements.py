"""Who-does-what agreements: per topic who is responsible, who backs up, when it is reviewed."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from dossier.models.base import Versioned, created_column, json_column


class AgreementStatus(StrEnum):
    PROPOSED = "proposed"
    AGREED = "agreed"
    NEEDS_REVIEW = "needs_review"
    # Closed: out of every list, count and reminder; the row and its history stay.
    WITHDRAWN = "withdrawn"  # a proposal taken back before it was agreed
    ENDED = "ended"  # an agreement that no longer holds (who, when, why: its history)


class Agreement(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    topic: str = Field(max_length=200)
    domain: str = Field(max_length=20)
    # Either a member is responsible, or the parents keep this themselves.
    responsible_id: int | None = Field(default=None, foreign_key="membership.id", index=True)
    parents_keep: bool = False
    backup_id: int | None = Field(default=None, foreign_key="membership.id")
    informed_ids: list[int] = json_column()  # memberships kept informed
    how: str = Field(default="", max_length=4000)
    review_on: date | None = None
    status: str = Field(default=AgreementStatus.PROPOSED, max_length=15)
    created_by_id: int | None = Field(default=None, foreign_key="membership.id")
    created_at: datetime = created_column()


class AgreementConfirmation(SQLModel, table=True):
    """A person confirmed a specific version of an agreement."""

    __tablename__ = "agreement_confirmation"

    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int = Field(foreign_key="agreement.id", index=True)
    membership_id: int = Field(foreign_key="membership.id")
    agreement_version: int
    confirmed_at: datetime = created_column()

    __table_args__ = (sa.UniqueConstraint("agreement_id", "membership_id", "agreement_version"),)

"""The plan for a sudden admission ("Als het plotseling moet") and an admission itself.

One plan per family, kept as parts: one row per section, and one per brother or sister,
so each part has its own version, its own readers and its own pending proposal. A case
manager's change waits in `proposed` until a parent confirms it; a parent changes a part
directly. `named_ids` are the memberships a part names (directly or through a contact
linked to a member), kept by the domain so the gate can answer without the database.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from dossier.models.base import Versioned, created_column, json_column, utc_column


class PlanSection(StrEnum):
    FIRST_CALL = "first_call"  # eerst bellen: an ordered list of contacts
    SIBLING = "sibling"  # per brother or sister: pick-up, sleeping, school and clubs
    PARENT_ILL = "parent_ill"  # if a parent falls ill: who takes over
    PRACTICAL = "practical"  # pets, work, other practicalities
    BRING = "bring"  # meenemen: the checklist
    INFORM = "inform"  # wie brengen we op de hoogte


class EmergencyPlan(Versioned, table=True):
    __tablename__ = "emergency_plan"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", sa_column_kwargs={"unique": True})
    review_on: date | None = None
    created_at: datetime = created_column()
    updated_at: datetime = created_column()
    updated_by_id: int | None = Field(default=None, foreign_key="membership.id")


class EmergencyPlanPart(Versioned, table=True):
    __tablename__ = "emergency_plan_part"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    # The section, and for a brother or sister "sibling:<n>": unique within the family.
    key: str = Field(max_length=40)
    section: str = Field(max_length=20)
    position: int = 0
    # The brother or sister this part is about, when they are a member (they read it).
    sibling_id: int | None = Field(default=None, foreign_key="membership.id")
    content: dict = json_column(dict)  # shape per section: domain/emergency_plan.py
    named_ids: list[int] = json_column()
    # A case manager's change that waits for a parent's yes.
    proposed: dict | None = Field(default=None, sa_column=sa.Column(sa.JSON, nullable=True))
    proposed_by_id: int | None = Field(default=None, foreign_key="membership.id")
    proposed_at: datetime | None = utc_column(nullable=True)
    updated_at: datetime = created_column()
    updated_by_id: int | None = Field(default=None, foreign_key="membership.id")
    removed_at: datetime | None = utc_column(nullable=True)

    __table_args__ = (sa.UniqueConstraint("family_id", "key"),)


class EmergencyPlanChange(SQLModel, table=True):
    """The plan's history for the family: who changed, proposed or confirmed what."""

    __tablename__ = "emergency_plan_change"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    part_key: str = Field(default="", max_length=40)  # "" for the plan itself (review date)
    membership_id: int | None = Field(default=None, foreign_key="membership.id")
    at: datetime = created_column()
    # changed, proposed, confirmed, declined, withdrawn, added, removed, reviewed
    kind: str = Field(max_length=20)
    changes: dict = json_column(dict)  # {"field": [old, new]}


class Admission(Versioned, table=True):
    """ "We gaan naar het ziekenhuis": from the moment it starts until a parent ends it."""

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    started_at: datetime = created_column()
    started_by_id: int | None = Field(default=None, foreign_key="membership.id")
    ended_at: datetime | None = utc_column(nullable=True)
    ended_by_id: int | None = Field(default=None, foreign_key="membership.id")
    # "Hoe ging het? Wil je het plan aanpassen?", asked once, three days after the end.
    follow_up_sent_at: datetime | None = utc_column(nullable=True)

    __table_args__ = (
        # One admission at a time per family: a double tap starts one, not two.
        sa.Index(
            "ix_admission_one_open",
            "family_id",
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        ),
    )


class AdmissionItem(Versioned, table=True):
    """One thing to bring, copied from the plan when the admission starts; ticked live."""

    __tablename__ = "admission_item"

    id: int | None = Field(default=None, primary_key=True)
    admission_id: int = Field(foreign_key="admission.id", index=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    position: int = 0
    label: str = Field(max_length=200)
    done: bool = False
    done_by_id: int | None = Field(default=None, foreign_key="membership.id")
    done_at: datetime | None = utc_column(nullable=True)

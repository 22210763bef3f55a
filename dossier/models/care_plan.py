"""The care plan (IZP, individueel zorgplan) with advance care planning, and the ill
child's own page ("Wat ik belangrijk vind").

One plan per family, kept as sections: one row per section with its own version, its own
readers (set by the parents) and its own confirmation. Every save writes a numbered
`CarePlanSectionVersion`, so "what changed since you last confirmed" compares the
confirmed number with the current one. `shared` mirrors the consent (domain/care_plan.py
keeps it), so the gate can decide a caregiver's or the child's read without the database.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from dossier.models.base import Versioned, created_column, json_column, utc_column


class CarePlanSectionKey(StrEnum):
    """The sections, in the IZP's order (names settled in domain/care_plan_sections.py)."""

    DETAILS = "details"  # gegevens zorgplan: besproken met kind, ouders, hoofdbehandelaar
    GENERAL = "general"  # algemene informatie: taal, tolk, leefsituatie, cultuur en geloof
    CHILD = "child"  # wie is ons kind
    MEDICAL = "medical"  # medische situatie
    TEAM = "team"  # het zorgteam
    PHYSICAL = "physical"  # lichamelijk
    PSYCHOLOGICAL = "psychological"  # gevoelens en gedachten
    SOCIAL = "social"  # familie en vrienden
    PEDAGOGICAL = "pedagogical"  # opvoeding en onderwijs
    SPIRITUAL = "spiritual"  # zingeving
    VALUES = "values"  # waarden, doelen en voorkeuren (ACP)
    ACUTE = "acute"  # afspraken bij acute situaties (behandelafspraken)
    END_OF_LIFE = "end_of_life"  # wensen rond het levenseinde en nazorg


class CarePlanVisibility(StrEnum):
    """Who reads a section, set by the parents; each level includes the one before."""

    CORE = "core"  # the parents and the case managers
    CAREGIVERS = "caregivers"  # plus the caregivers
    CHILD = "child"  # plus the ill child (the section was discussed with them)


class TreatmentChoice(StrEnum):
    """An agreement for an acute situation: do it, do not, or decide together then."""

    YES = "yes"
    NO = "no"
    CONSULT = "consult"  # in overleg
    UNSET = ""


class EvaluationKind(StrEnum):
    REVIEW = "review"  # evaluatie: at least every 3 months
    REEVALUATION = "reevaluation"  # herbeoordeling: every 6 months, and after a change


class CarePlan(Versioned, table=True):
    __tablename__ = "care_plan"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", sa_column_kwargs={"unique": True})
    # The plan's version number as people see it ("versie 7"): up by one per saved change.
    edition: int = 0
    created_at: datetime = created_column()
    created_by_id: int | None = Field(default=None, foreign_key="membership.id")
    updated_at: datetime = created_column()
    review_on: date | None = None  # the next evaluation (3 months)
    reevaluate_on: date | None = None  # the next re-evaluation (6 months)
    # A parent or case manager marked a deterioration or an admission: re-evaluate now.
    reevaluation_asked_at: datetime | None = utc_column(nullable=True)
    reevaluation_asked_by_id: int | None = Field(default=None, foreign_key="membership.id")
    reevaluation_reason: str = Field(default="", max_length=20)  # deterioration / admission
    reevaluation_note: str = Field(default="", max_length=500)


class CarePlanSection(Versioned, table=True):
    __tablename__ = "care_plan_section"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="care_plan.id", index=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    key: str = Field(max_length=20)
    content: dict = json_column(dict)  # shape per section: domain/care_plan_sections.py
    visibility: str = Field(default=CarePlanVisibility.CORE, max_length=12)
    # True while consent holds: only then does `visibility` reach caregivers or the child.
    shared: bool = False
    # The number of the latest saved version (0: nothing written yet).
    number: int = 0
    updated_at: datetime | None = utc_column(nullable=True)
    updated_by_id: int | None = Field(default=None, foreign_key="membership.id")
    # Treatment sections: the main practitioner on whose behalf they were recorded.
    on_behalf_of: str = Field(default="", max_length=120)
    confirmed_number: int = 0
    confirmed_by_id: int | None = Field(default=None, foreign_key="membership.id")
    confirmed_at: datetime | None = utc_column(nullable=True)

    __table_args__ = (sa.UniqueConstraint("family_id", "key"),)


class CarePlanSectionVersion(SQLModel, table=True):
    """One saved state of a section, kept so old and new can be shown side by side."""

    __tablename__ = "care_plan_section_version"

    id: int | None = Field(default=None, primary_key=True)
    section_id: int = Field(foreign_key="care_plan_section.id", index=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    number: int
    content: dict = json_column(dict)
    on_behalf_of: str = Field(default="", max_length=120)
    created_by_id: int | None = Field(default=None, foreign_key="membership.id")
    created_at: datetime = created_column()

    __table_args__ = (sa.UniqueConstraint("section_id", "number"),)


class CarePlanConsent(SQLModel, table=True):
    """A yes to sharing the plan: a parent's, or the child's (from 12), withdrawable."""

    __tablename__ = "care_plan_consent"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    # Whose yes: a parent, or the ill child. `recorded_by_id` differs when a parent
    # records the yes of a child who has no account.
    given_by_id: int | None = Field(default=None, foreign_key="membership.id")
    for_child: bool = False
    recorded_by_id: int | None = Field(default=None, foreign_key="membership.id")
    given_on: date
    created_at: datetime = created_column()
    withdrawn_at: datetime | None = utc_column(nullable=True)
    withdrawn_by_id: int | None = Field(default=None, foreign_key="membership.id")


class CarePlanEvaluation(SQLModel, table=True):
    __tablename__ = "care_plan_evaluation"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    kind: str = Field(max_length=20)  # EvaluationKind
    reason: str = Field(default="", max_length=20)  # "", deterioration, admission
    held_on: date
    outcome: str = Field(default="", max_length=4000)
    changed_sections: list[str] = json_column()
    recorded_by_id: int | None = Field(default=None, foreign_key="membership.id")
    created_at: datetime = created_column()


class AcpConversation(Versioned, table=True):
    """A conversation about what matters (ACP-gesprek): planned, held, reported."""

    __tablename__ = "acp_conversation"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    held_on: date
    # The leader the family chose: a member, or a network contact, or just a name.
    leader_member_id: int | None = Field(default=None, foreign_key="membership.id")
    leader_contact_id: int | None = Field(default=None, foreign_key="contact.id")
    leader_name: str = Field(default="", max_length=120)
    participant_ids: list[int] = json_column()  # memberships
    participant_contact_ids: list[int] = json_column()  # network contacts
    report: str = Field(default="", max_length=8000)
    created_by_id: int | None = Field(default=None, foreign_key="membership.id")
    created_at: datetime = created_column()
    updated_at: datetime = created_column()
    deleted_at: datetime | None = utc_column(nullable=True)


class AcpQuestion(Versioned, table=True):
    """A preparation question a case manager asks before the conversation, and its answer."""

    __tablename__ = "acp_question"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="acp_conversation.id", index=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    question: str = Field(max_length=500)
    asked_by_id: int | None = Field(default=None, foreign_key="membership.id")
    asked_at: datetime = created_column()
    answer: str = Field(default="", max_length=4000)
    answered_by_id: int | None = Field(default=None, foreign_key="membership.id")
    answered_at: datetime | None = utc_column(nullable=True)


class ChildPage(Versioned, table=True):
    """ "Wat ik belangrijk vind": the ill child's own words; the child picks its readers."""

    __tablename__ = "child_page"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    # The child (its membership): the page is theirs (OWN in the gate).
    created_by_id: int = Field(foreign_key="membership.id", sa_column_kwargs={"unique": True})
    content: dict = json_column(dict)
    reader_ids: list[int] = json_column()  # the adults the child shares it with
    updated_at: datetime = created_column()

"""The family's network: the people and organisations around the child, whether or not
they use the app, and when the case managers can be reached.

A `Contact` belongs to one family. Reachability is a professional's own: one set of
working hours and one list of absences per person, shown in every family she works in;
only the stand-in during an absence is per family (the other case manager by default,
or one of that family's contacts).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from dossier.models.base import Versioned, created_column, json_column, utc_column


class ContactKind(StrEnum):
    CARE_TEAM = "care_team"  # behandelend team / afdeling
    GP = "gp"  # huisarts
    GP_POST = "gp_post"  # huisartsenpost
    HOME_CARE = "home_care"  # thuiszorg / wijkverpleging
    PHARMACY = "pharmacy"  # apotheek
    SCHOOL = "school"
    DAYCARE = "daycare"  # kinderdagverblijf / dagbesteding
    CHILDRENS_HOME = "childrens_home"  # kinderzorghuis
    CLIENT_SUPPORT = "client_support"  # cliëntondersteuner / copiloot
    MUNICIPALITY = "municipality"  # gemeente
    INSURER = "insurer"  # zorgverzekeraar
    FAMILY = "family"  # familie / buren
    OTHER = "other"


class EmergencyUse(StrEnum):
    """What a contact is for when something is urgent; the two flags exclude each other."""

    NOT_SAID = ""
    CALL = "call"  # "bij spoed": call them in an emergency
    NOT_FOR = "not_for"  # "niet voor spoed": do not call them in an emergency


class Contact(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    name: str = Field(max_length=120)
    organisation: str = Field(default="", max_length=120)
    kind: str = Field(default=ContactKind.OTHER, max_length=20)
    # [{"label": "mobiel", "number": "+31612345678"}], numbers normalised by the domain.
    phones: list[dict] = json_column()
    email: str = Field(default="", max_length=254)
    # When they can be reached: [{"days": [0, 1, 2, 3, 4], "from": "08:30", "to": "17:00"}]
    # (0 is Monday, Europe/Amsterdam wall clock), plus words for what ranges cannot say.
    reach_hours: list[dict] = json_column()
    reach_note: str = Field(default="", max_length=300)
    emergency: str = Field(default=EmergencyUse.NOT_SAID, max_length=10)
    note: str = Field(default="", max_length=1000)
    # The member this contact is (the GP who also uses the app), if any.
    membership_id: int | None = Field(default=None, foreign_key="membership.id", index=True)
    created_by_id: int | None = Field(default=None, foreign_key="membership.id")
    created_at: datetime = created_column()
    updated_at: datetime = created_column()
    # Removed from the network; the row stays so the plan's history can still name it.
    removed_at: datetime | None = utc_column(nullable=True)


class WorkingHours(Versioned, table=True):
    """A professional's working hours, the same in every family she works in."""

    __tablename__ = "working_hours"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", sa_column_kwargs={"unique": True})
    hours: list[dict] = json_column()  # as Contact.reach_hours
    note: str = Field(default="", max_length=300)
    updated_at: datetime = created_column()


class Absence(Versioned, table=True):
    """A professional is away (leave, illness, a course) from one day to another."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    starts_on: date
    ends_on: date  # the last day away, inclusive
    created_at: datetime = created_column()


class AbsenceStandIn(SQLModel, table=True):
    """Who stands in, in one family, during an absence. Without a row: the family's other
    case manager. Either a member or one of the family's contacts."""

    __tablename__ = "absence_stand_in"

    id: int | None = Field(default=None, primary_key=True)
    absence_id: int = Field(foreign_key="absence.id", index=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    membership_id: int | None = Field(default=None, foreign_key="membership.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")

    __table_args__ = (sa.UniqueConstraint("absence_id", "family_id"),)

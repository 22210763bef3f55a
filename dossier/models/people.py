"""Users, families, who belongs to which family in which role, and login sessions."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from dossier.models.base import Versioned, created_column, utc_column


class Role(StrEnum):
    PARENT = "parent"
    CHILD = "child"  # the ill child, when old enough to take part
    SIBLING = "sibling"
    CM_HOSPITAL = "cm_hospital"
    CM_HOME = "cm_home"
    CAREGIVER = "caregiver"  # GP, home care, school: narrow access


class MembershipStatus(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    REVOKED = "revoked"


class FamilyStatus(StrEnum):
    """Whether a dossier is in use. Only an open dossier can be read and changed in full;
    the gate (`permissions.can`) narrows what may happen in the other states."""

    OPEN = "open"
    # Started by a hospital case manager on the family's behalf: until a parent accepts,
    # she sees only the name and this state, and nothing can be added.
    AWAITING_PARENTS = "awaiting_parents"
    # The parents closed it: it can be reopened for 30 days, then its content is erased.
    CLOSING = "closing"


class FamilyPhase(StrEnum):
    STABLE = "stable"
    INTENSIVE = "intensive"
    PILOT_LIGHT = "pilot_light"  # "waakvlam": little contact on purpose
    BEREAVEMENT = "bereavement"


class User(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # None for a young brother or sister who only checks in through a personal link.
    email: str | None = Field(
        default=None, max_length=254, sa_column_kwargs={"unique": True}, index=True
    )
    name: str = Field(max_length=120)
    locale: str = Field(default="nl", max_length=5)
    birth_date: date | None = None
    password_hash: str | None = Field(default=None, max_length=255)
    oidc_issuer: str | None = Field(default=None, max_length=255)
    oidc_subject: str | None = Field(default=None, max_length=255)
    created_at: datetime = created_column()
    # Set when the account was erased on request (domain/erasure.py): the row stays as a
    # tombstone so the family's history keeps its links; it then reads as "oud-lid".
    erased_at: datetime | None = utc_column(nullable=True)
    # When the person proved this address (a link in a mail, or their organisation for
    # OIDC); None: not yet. Invitations and password resets go only to confirmed ones.
    email_confirmed_at: datetime | None = utc_column(nullable=True)
    # A provisional account (domain/provisional.py): someone started a dossier with an
    # address that belongs to another account. It holds no `email` (that is the owner's)
    # and so can never log in by e-mail; this is the address typed, for the banner and
    # the owner's claim mail. None for every ordinary account.
    claim_email: str | None = Field(default=None, max_length=254, index=True)

    __table_args__ = (sa.UniqueConstraint("oidc_issuer", "oidc_subject"),)


class Family(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)  # how the family wants to be called: "Gezin De Vries"
    child_name: str = Field(max_length=120)
    phase: str = Field(default=FamilyPhase.STABLE, max_length=20)
    status: str = Field(default=FamilyStatus.OPEN, max_length=20)
    created_at: datetime = created_column()
    # Starting a dossier (domain/starting.py): the ill child's year of birth (nothing
    # medical), and whether it was started in the app (only then "Eerste stappen").
    child_birth_year: int | None = None
    started_in_app: bool = False


class Membership(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    role: str = Field(max_length=20)
    status: str = Field(default=MembershipStatus.ACTIVE, max_length=10)
    # What this person is to the family, in their own words: "huisarts", "school (juf Anouk)".
    relation: str = Field(default="", max_length=120)
    organisation: str = Field(default="", max_length=120)  # a professional's employer
    # How to reach this person for the family (shown to members, kept offline on opt-in).
    phone: str = Field(default="", max_length=32)
    created_at: datetime = created_column()
    # A professional's last day of access (Europe/Amsterdam), given by a parent: from the
    # day after, the gate refuses them (membership.is_active_member) and the scheduler
    # marks the membership ended. None: no end date.
    access_until: date | None = None
    # When and why the membership ended: "left", "removed" or "access_ended".
    ended_at: datetime | None = utc_column(nullable=True)
    ended_reason: str = Field(default="", max_length=20)
    # "Eerste stappen" (domain/first_steps.py): the card hidden by this parent, and the app
    # ticked as installed (the app cannot know for sure).
    first_steps_hidden: bool = False
    app_installed: bool = False
    # A hospital case manager who started the dossier for the family: until a parent says
    # yes she sees only its name and state (access.actor_for), a no removes her.
    awaiting_consent: bool = False

    __table_args__ = (sa.UniqueConstraint("family_id", "user_id"),)


class UserSession(SQLModel, table=True):
    """A login: the browser holds a random token, we keep only its keyed hash."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    user_id: int = Field(foreign_key="user.id", index=True)
    current_family_id: int | None = Field(default=None, foreign_key="family.id")
    created_at: datetime = created_column()
    last_seen_at: datetime = utc_column()
    expires_at: datetime = utc_column()
    revoked_at: datetime | None = utc_column(nullable=True)
    user_agent: str = Field(default="", max_length=300)
    ip: str = Field(default="", max_length=64)
    # Set when the session was opened with a sibling's check-in link: it reaches only
    # that sibling's check-in screen, nothing else of the dossier.
    checkin_link_id: int | None = Field(default=None, foreign_key="checkin_link.id")

"""The shapes of the demo content: plain frozen dataclasses, no database code.

Offsets are in days relative to `today`; negative is in the past. Members are named by
short person keys ("anna", see `people.PEOPLE`), resolved to memberships when writing.
"""

from __future__ import annotations

from dataclasses import dataclass

from dossier.models import (
    AgreementStatus,
    CareDomain,
    FamilyPhase,
    Need,
    Role,
    TaskStatus,
)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    email_local: str
    age: int | None = None  # siblings only: their age on `today`
    days_since_birthday: int = 0  # keeps the birthday away from `today`


@dataclass(frozen=True, slots=True)
class Member:
    person: str
    role: Role
    relation: str
    phone: str = ""  # made-up numbers, for the key contacts (also offline)


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskSpec:
    title: str
    domain: CareDomain
    assignee: str | None
    by: str
    status: TaskStatus = TaskStatus.OPEN
    due: int | None = None
    notes: str = ""
    waiting_for: str = ""
    follow_up: int | None = None
    done_days_ago: int | None = None
    agreement: str | None = None  # topic of the agreement this task carries out


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementSpec:
    topic: str
    domain: CareDomain
    responsible: str | None  # None: the parents keep this themselves
    by: str
    status: AgreementStatus
    how: str
    backup: str | None = None
    informed: tuple[str, ...] = ()
    review: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AppointmentSpec:
    title: str
    day: int
    start: str  # local time in the Netherlands, "09:30"
    end: str
    place: str
    with_whom: str
    attendees: tuple[str, ...]
    by: str
    preparation: str = ""
    cancelled: bool = False
    # Clinics, schools and the municipality work on weekdays; this one may be any day.
    any_day: bool = False


@dataclass(frozen=True, slots=True)
class CheckInSpec:
    days_ago: int  # at least 1, so a check-in is never in the future
    at: str
    mood: int  # 1 = very bad ... 5 = very good
    needs: tuple[Need, ...]
    # Who may read it, the sibling's choice: "o" ouders, "t" casemanager thuis,
    # "z" casemanager ziekenhuis; "" is "alleen voor mij".
    share: str
    note: str
    talk_to: str | None = None  # set when the sibling wants to talk, and with whom


@dataclass(frozen=True, slots=True, kw_only=True)
class FamilySpec:
    name: str
    child_name: str
    phase: FamilyPhase
    members: tuple[Member, ...]
    tasks: tuple[TaskSpec, ...]
    agreements: tuple[AgreementSpec, ...]
    appointments: tuple[AppointmentSpec, ...]
    checkins: dict[str, tuple[CheckInSpec, ...]]

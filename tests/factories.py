"""A small world for tests: two families and one persona per role.

Gezin Alfa: parents anna and bram, sibling ben (14), the ill child cleo, hospital case
manager hanna (also in Gezin Beta), home case manager hugo, GP gerda (caregiver).
Gezin Beta: parent dora. Outsider olga belongs to no family.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from dossier.clock import local_today
from dossier.domain.access import actor_for
from dossier.models import (
    Agreement,
    Appointment,
    CheckIn,
    Contact,
    EmergencyUse,
    Family,
    Membership,
    Role,
    Task,
    TaskStatus,
    User,
)
from dossier.permissions import Actor


@dataclass
class World:
    session: Session
    alfa: Family
    beta: Family
    users: dict[str, User] = field(default_factory=dict)
    members: dict[str, Membership] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)
    checkins: dict[str, CheckIn] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)  # issue 19: the network

    def actor(self, name: str, family: Family | None = None) -> Actor:
        family = family or self.alfa
        return actor_for(self.session, user_id=self.users[name].id, family_id=family.id)


ALFA_ROLES = {
    "anna": Role.PARENT,
    "bram": Role.PARENT,
    "ben": Role.SIBLING,
    "cleo": Role.CHILD,
    "hanna": Role.CM_HOSPITAL,
    "hugo": Role.CM_HOME,
    "gerda": Role.CAREGIVER,
}


def build_world(session: Session) -> World:
    alfa = _add(session, Family(name="Gezin Alfa", child_name="Cleo"))
    beta = _add(session, Family(name="Gezin Beta", child_name="Bo"))
    world = World(session=session, alfa=alfa, beta=beta)
    for name in [*ALFA_ROLES, "dora", "olga"]:
        world.users[name] = _add(session, User(email=f"{name}@test.nl", name=name.title()))
    for name, role in ALFA_ROLES.items():
        world.members[name] = _join(session, alfa, world.users[name], role)
    world.members["dora"] = _join(session, beta, world.users["dora"], Role.PARENT)
    world.members["hanna@beta"] = _join(session, beta, world.users["hanna"], Role.CM_HOSPITAL)
    _add_items(world)
    _add_contacts(world)
    session.commit()
    return world


def _add(session: Session, row):
    session.add(row)
    session.flush()
    return row


def _join(session: Session, family: Family, user: User, role: Role) -> Membership:
    return _add(session, Membership(family_id=family.id, user_id=user.id, role=role))


def _add_items(world: World) -> None:
    s, alfa, m = world.session, world.alfa, world.members
    today = local_today()  # the app's day (Amsterdam), also between 23:00 and 01:00 UTC
    world.tasks["for_gerda"] = _add(
        s,
        Task(
            family_id=alfa.id,
            title="Recept",
            domain="care",
            assignee_id=m["gerda"].id,
            due_on=today,
        ),
    )
    world.tasks["for_ben"] = _add(
        s, Task(family_id=alfa.id, title="Kamer", domain="family", assignee_id=m["ben"].id)
    )
    world.tasks["overdue"] = _add(
        s, Task(family_id=alfa.id, title="PGB", domain="money", due_on=today - timedelta(days=3))
    )
    world.tasks["done"] = _add(
        s, Task(family_id=alfa.id, title="Klaar", domain="home", status=TaskStatus.DONE)
    )
    world.tasks["beta"] = _add(s, Task(family_id=world.beta.id, title="Beta", domain="care"))
    _add(
        s,
        Agreement(
            family_id=alfa.id,
            topic="Zorgcoördinatie",
            domain="care",
            responsible_id=m["hanna"].id,
            informed_ids=[m["gerda"].id],
        ),
    )
    _add(s, Agreement(family_id=alfa.id, topic="School", domain="school", parents_keep=True))
    start = datetime.now(UTC) + timedelta(days=1)
    _add(
        s,
        Appointment(
            family_id=alfa.id,
            title="Kinderarts",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            attendee_ids=[m["anna"].id],
        ),
    )
    for key, flags in {
        "parents": {"share_parents": True},
        "home": {"share_cm_home": True},
        "hospital": {"share_cm_hospital": True},
        "private": {},
    }.items():
        world.checkins[key] = _add(
            s, CheckIn(family_id=alfa.id, sibling_id=m["ben"].id, mood=3, needs=["rest"], **flags)
        )


def _add_contacts(world: World) -> None:
    """Issue 19: Gezin Alfa's network: grandma "bij spoed", the pharmacy, and the GP's
    practice linked to gerda (the GP who uses the app); one contact in Gezin Beta."""
    s, alfa = world.session, world.alfa
    phone = [{"label": "mobiel", "number": "+31612345678", "typed": "06-12345678"}]
    world.contacts["oma"] = _add(
        s,
        Contact(
            family_id=alfa.id,
            name="Oma Alfa",
            kind="family",
            phones=phone,
            emergency=EmergencyUse.CALL,
        ),
    )
    world.contacts["apotheek"] = _add(
        s, Contact(family_id=alfa.id, name="Apotheek Alfa", kind="pharmacy")
    )
    world.contacts["huisarts"] = _add(
        s,
        Contact(
            family_id=alfa.id,
            name="Praktijk Gerda",
            kind="gp",
            membership_id=world.members["gerda"].id,
            emergency=EmergencyUse.NOT_FOR,
        ),
    )
    world.contacts["beta"] = _add(
        s, Contact(family_id=world.beta.id, name="Buurman Beta", kind="family")
    )

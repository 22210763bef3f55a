"""The benchmark's own data on PostgreSQL: a fresh database, the demo families, one small
family per event client, a large family (5 years) and a case manager with 60 families.

Call `configure()` before importing anything from `dossier`: the settings (database URL,
secret key for the session hashes) are read from the environment once.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg

from bench.common import PG_ADMIN, PG_DB, PG_URL, REPO_ROOT, RUN_DIR, VENV_BIN, base_env

DOMAINS = ("care", "home", "money", "school", "family", "wishes", "aftercare")
YEARS = 5
LARGE = {
    "tasks": 2000,
    "open": 60,
    "appointments": 1000,
    "agreements": 150,
    "checkins": 1500,
    "contacts": 80,  # the network, with the ones removed over the years
}
# each of the case manager's other families: about a year of use
SMALL = {
    "tasks": 40,
    "open": 10,
    "appointments": 20,
    "agreements": 8,
    "checkins": 30,
    "contacts": 8,
}
CASELOAD_FAMILIES = 60
SECRET_KEY = secrets.token_urlsafe(48)


def configure() -> None:
    """The environment the app's code (in this process and in children) reads."""
    data_dir = RUN_DIR / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "REFLEX_DB_URL": PG_URL,
            "DOSSIER_DATA_DIR": str(data_dir),
            "DOSSIER_SECRET_KEY": SECRET_KEY,
            "DOSSIER_SCHEDULER": "0",
            "DOSSIER_PUSH_WORKER": "0",
            # Each polls its queue every few seconds, tabs or not: off, so the idle-tabs
            # row shows what the tabs cost (bench/live.py).
            "DOSSIER_EXPORT_WORKER": "0",
            "DOSSIER_MAIL_WORKER": "0",
        }
    )
    os.environ.pop("DOSSIER_ENV", None)


def recreate_database() -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_DB}"')
    from dossier.ops.migrations import upgrade

    upgrade(PG_URL)


def demo_accounts(origin: str) -> list[dict[str, str]]:
    """`dossier demo --json` on the bench database: the demo families and their logins."""
    env = {**base_env(), **os.environ, "DOSSIER_ORIGIN": origin}
    result = subprocess.run(
        [str(VENV_BIN / "dossier"), "demo", "--json"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


@dataclass(frozen=True, slots=True)
class EventClient:
    """A parent with an open session and tasks to complete in their own family."""

    cookie_token: str
    task_ids: list[int]


def _session():
    from sqlmodel import Session

    from dossier.db import get_engine

    return Session(get_engine(PG_URL), expire_on_commit=False)


def _family(session: Any, name: str, parents: int = 1) -> tuple[Any, list[Any]]:
    from dossier.models import Family, Membership, Role, User

    family = Family(name=name, child_name="Kind")
    session.add(family)
    session.flush()
    members = []
    for n in range(parents):
        user = User(email=f"p{n}.{family.id}@bench.test", name=f"Ouder {n} {name}")
        session.add(user)
        session.flush()
        member = Membership(family_id=family.id, user_id=user.id, role=Role.PARENT)
        session.add(member)
        members.append(member)
    session.flush()
    return family, members


def event_clients(count: int, tasks_each: int = 20) -> list[EventClient]:
    """One small family per client (a parent, `tasks_each` open tasks), and a session."""
    from dossier.domain.sessions import start_session
    from dossier.models import Task

    clients = []
    with _session() as session:
        for n in range(count):
            family, [parent] = _family(session, f"Gezin Bench {n:03}")
            tasks = [
                Task(
                    family_id=family.id,
                    title=f"Taak {k}",
                    domain=DOMAINS[k % len(DOMAINS)],
                    assignee_id=parent.id,
                )
                for k in range(tasks_each)
            ]
            session.add_all(tasks)
            session.flush()
            token = start_session(
                session, user_id=parent.user_id, family_id=family.id, user_agent="bench"
            )
            clients.append(EventClient(token, [t.id for t in tasks]))
        session.commit()
    return clients


@dataclass(frozen=True, slots=True)
class LargeWorld:
    parent_user_id: int
    family_id: int
    case_manager_user_id: int
    small_family_id: int  # a family with a few rows, for the query-count comparison
    small_parent_user_id: int
    single_cm_user_id: int  # a case manager in that one small family only


def large_world() -> LargeWorld:
    """The large family (5 years of use) and a hospital case manager in 60 families."""
    from dossier.models import Membership, Role, User

    rng = random.Random(8)  # noqa: S311 (made-up data, repeatable)
    with _session() as session:
        cm = User(email="cm@bench.test", name="Casemanager Bench")
        session.add(cm)
        session.flush()
        _reachability(session, cm.id, away=False)
        large_id, parent_user_id = _seed_family(session, rng, "Gezin Groot", LARGE, cm.id)
        small_id = small_parent = 0
        for n in range(CASELOAD_FAMILIES - 1):
            family_id, parent = _seed_family(session, rng, f"Gezin {n:02}", SMALL, cm.id)
            small_id, small_parent = small_id or family_id, small_parent or parent
        single = User(email="cm1@bench.test", name="Casemanager Een")
        session.add(single)
        session.flush()
        session.add(Membership(family_id=small_id, user_id=single.id, role=Role.CM_HOME))
        session.commit()
        return LargeWorld(parent_user_id, large_id, cm.id, small_id, small_parent, single.id)


def _seed_family(
    session: Any, rng: random.Random, name: str, sizes: dict[str, int], cm_user_id: int
) -> tuple[int, int]:
    from dossier.models import Membership, Role, User

    family, parents = _family(session, name, parents=2)
    people = [
        User(email=f"{kind}.{family.id}@bench.test", name=f"{kind.title()} {name}")
        for kind in ("sib1", "sib2", "home", "gp")
    ]
    session.add_all(people)
    session.flush()
    roles = (Role.SIBLING, Role.SIBLING, Role.CM_HOME, Role.CAREGIVER)
    others = [
        Membership(family_id=family.id, user_id=u.id, role=r)
        for u, r in zip(people, roles, strict=False)
    ]
    cm = Membership(family_id=family.id, user_id=cm_user_id, role=Role.CM_HOSPITAL)
    session.add_all([*others, cm])
    session.flush()
    adults = [parents[0].id, parents[1].id, others[2].id, others[3].id, cm.id]
    siblings = [others[0].id, others[1].id]
    _history(session, rng, family.id, sizes, adults, siblings)
    _network(session, family.id, sizes["contacts"])
    _reachability(session, people[2].id, away=True)  # the home case manager is on leave
    return family.id, parents[0].user_id


def _network(session: Any, family_id: int, count: int) -> None:
    """The family's network for the overview's "Bij spoed" card: four emergency contacts,
    the rest ordinary, a quarter of them removed over the years."""
    from dossier.models import Contact

    now = datetime.now(UTC)
    session.add_all(
        Contact(
            family_id=family_id,
            name=f"Contact {k}",
            kind="family" if k < 4 else "other",
            phones=[{"label": "mobiel", "number": f"+3161234{k:04}", "typed": f"06-1234{k:04}"}],
            reach_hours=[{"days": [0, 1, 2, 3, 4], "from": "08:30", "to": "17:00"}],
            emergency="call" if k < 4 else "",
            removed_at=now - timedelta(days=k) if k % 4 == 3 else None,
        )
        for k in range(count)
    )
    session.flush()


def _reachability(session: Any, user_id: int, *, away: bool) -> None:
    """Working hours, and for some a current absence (the overview then names a stand-in)."""
    from dossier.models import Absence, WorkingHours

    hours = [{"days": [0, 1, 2, 3, 4], "from": "08:30", "to": "17:00"}]
    session.add(WorkingHours(user_id=user_id, hours=hours))
    if away:
        start = today() - timedelta(days=2)
        session.add(Absence(user_id=user_id, starts_on=start, ends_on=start + timedelta(days=14)))
    session.flush()


def _history(
    session: Any,
    rng: random.Random,
    family_id: int,
    sizes: dict[str, int],
    adults: list[int],
    siblings: list[int],
) -> None:
    """Five years of tasks, appointments, agreements and check-ins, mostly in the past."""
    from dossier.models import Agreement, Appointment, CheckIn, Task, TaskStatus

    now = datetime.now(UTC)
    today = now.date()
    span = YEARS * 365

    def past(days: int = span) -> datetime:
        return now - timedelta(days=rng.uniform(0, days))

    tasks = []
    for k in range(sizes["tasks"]):
        done = k >= sizes["open"]  # the rest was done over the years
        created = past()
        tasks.append(
            Task(
                family_id=family_id,
                title=f"Taak {k}",
                domain=rng.choice(DOMAINS),
                assignee_id=rng.choice(adults),
                due_on=(today + timedelta(days=rng.randint(-20, 40))) if k % 3 else None,
                status=TaskStatus.DONE if done else rng.choice(["open", "busy", "waiting"]),
                completed_at=(created + timedelta(days=3)) if done else None,
                created_at=created,
            )
        )
    appointments = []
    for k in range(sizes["appointments"]):
        # the last few come up in the next weeks
        start = now + timedelta(days=rng.uniform(-1, 30)) if k < 15 else past()
        appointments.append(
            Appointment(
                family_id=family_id,
                title=f"Afspraak {k}",
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                attendee_ids=rng.sample(adults, 2),
            )
        )
    agreements = [
        Agreement(
            family_id=family_id,
            topic=f"Afspraak {k}",
            domain=rng.choice(DOMAINS),
            responsible_id=rng.choice(adults),
            informed_ids=rng.sample(adults, 2),
            review_on=today + timedelta(days=rng.randint(-30, 300)),
        )
        for k in range(sizes["agreements"])
    ]
    checkins = [
        CheckIn(
            family_id=family_id,
            sibling_id=rng.choice(siblings),
            mood=rng.randint(1, 5),
            needs=["rest"],
            share_parents=rng.random() < 0.8,
            share_cm_home=rng.random() < 0.5,
            share_cm_hospital=rng.random() < 0.5,
            created_at=past(),
        )
        for _ in range(sizes["checkins"])
    ]
    session.add_all([*tasks, *appointments, *agreements, *checkins])
    session.flush()


def today() -> date:
    return datetime.now(UTC).date()

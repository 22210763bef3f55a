"""GET /api/live: the pulse of the session's family; no session, no answer."""

from __future__ import annotations

from sqlmodel import Session
from starlette.testclient import TestClient

from dossier.api import build_api
from dossier.domain import sessions
from dossier.domain.sessions import find_session
from dossier.models import Task
from tests.factories import World


def test_live_answers_the_family_pulse_and_moves_after_a_change(world: World, db: Session) -> None:
    token = sessions.start_session(db, user_id=world.users["hugo"].id, family_id=world.alfa.id)
    db.commit()
    with TestClient(build_api(), base_url="http://localhost:3000") as client:
        client.cookies.set("dossier_session", token)
        first = client.get("/api/live")
        assert first.status_code == 200
        db.add(Task(family_id=world.alfa.id, title="Nieuw", domain="care"))
        db.commit()
        assert client.get("/api/live").json()["pulse"] == first.json()["pulse"] + 1


def test_live_needs_a_session_and_a_membership(world: World, db: Session) -> None:
    with TestClient(build_api(), base_url="http://localhost:3000") as client:
        assert client.get("/api/live").status_code == 401
        token = sessions.start_session(db, user_id=world.users["dora"].id, family_id=world.alfa.id)
        db.commit()
        client.cookies.set("dossier_session", token)
        assert client.get("/api/live").status_code == 401  # not a member of Alfa


def test_asking_is_not_activity(world: World, db: Session) -> None:
    token = sessions.start_session(db, user_id=world.users["anna"].id, family_id=world.alfa.id)
    db.commit()
    seen = find_session(db, token).last_seen_at
    db.commit()  # SQLite has one writer; the route needs it
    with TestClient(build_api(), base_url="http://localhost:3000") as client:
        client.cookies.set("dossier_session", token)
        for _ in range(3):
            client.get("/api/live")
    db.expire_all()
    assert find_session(db, token).last_seen_at == seen

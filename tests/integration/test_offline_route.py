"""GET /api/offline/snapshot: the offline card's snapshot for this device.

The login cookie is the key: no session (or a sibling's personal-link session) is 401,
another site is 403, the answer is never cached (no-store), every snapshot leaves one
access-log row, and ?user=<someone else> reads nothing (409).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from dossier.api import build_api
from dossier.db import session_scope
from dossier.domain import sessions
from dossier.domain.checkin_links import create_link, open_link
from dossier.middleware.headers import security_headers
from dossier.models import AuditEvent
from dossier.settings import get_settings
from tests.factories import World

PATH = "/api/offline/snapshot"
ORIGIN = "http://localhost:3000"


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(security_headers(build_api()), base_url=ORIGIN) as client:
        yield client


def login_token(world: World, name: str, family_id: int | None = None) -> str:
    token = sessions.start_session(
        world.session, user_id=world.users[name].id, family_id=family_id or world.alfa.id
    )
    world.session.commit()
    return token


def get(client: TestClient, token: str | None, query: str = "", **extra: str):
    headers = {"sec-fetch-site": "same-origin", **extra}
    if token:
        headers["cookie"] = f"{get_settings().session_cookie_name}={token}"
    return client.get(PATH + query, headers=headers)


def audit_rows() -> list[AuditEvent]:
    with session_scope() as session:
        query = select(AuditEvent).where(AuditEvent.action == "offline.snapshot")
        return list(session.exec(query).all())


def test_the_snapshot_for_the_signed_in_member(client: TestClient, world: World) -> None:
    response = get(client, login_token(world, "anna"))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["user_id"] == world.users["anna"].id
    assert body["family_name"] == world.alfa.name
    assert [a["title"] for a in body["appointments"]] == ["Kinderarts"]
    [row] = audit_rows()
    assert (row.user_id, row.family_id, row.outcome) == (
        world.users["anna"].id,
        world.alfa.id,
        "allowed",
    )


def test_no_session_is_401_and_logs_nothing(client: TestClient, world: World) -> None:
    for token in (None, "not-a-token"):
        response = get(client, token)
        assert response.status_code == 401
        assert response.headers["cache-control"] == "no-store"
    assert audit_rows() == []


def test_a_personal_link_session_is_refused(client: TestClient, world: World) -> None:
    link = create_link(world.session, world.actor("anna"), sibling_id=world.members["ben"].id)
    world.session.commit()
    with session_scope() as session:
        token = open_link(session, link)
    assert token
    response = get(client, token)
    assert response.status_code == 401
    assert audit_rows() == []


def test_another_site_is_refused(client: TestClient, world: World) -> None:
    token = login_token(world, "anna")
    assert get(client, token, **{"sec-fetch-site": "cross-site"}).status_code == 403
    response = get(client, token, origin="https://evil.example")
    assert response.status_code == 403
    assert audit_rows() == []


def test_someone_else_signed_in_reads_nothing(client: TestClient, world: World) -> None:
    token = login_token(world, "bram")
    response = get(client, token, f"?user={world.users['anna'].id}")
    assert response.status_code == 409
    assert response.json() == {"error": "other_user"}
    assert audit_rows() == []
    same = get(client, token, f"?user={world.users['bram'].id}")
    assert same.status_code == 200
    assert get(client, token, "?user=abc").status_code == 400


def test_a_removed_member_is_refused_and_the_refusal_logged(
    client: TestClient, world: World
) -> None:
    token = login_token(world, "hugo")
    member = world.members["hugo"]
    member.status = "revoked"
    world.session.add(member)
    world.session.commit()
    assert get(client, token).status_code == 403
    [row] = [e for e in _all_denials() if e.user_id == world.users["hugo"].id]
    assert row.outcome == "denied"


def _all_denials() -> list[AuditEvent]:
    with session_scope() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all())

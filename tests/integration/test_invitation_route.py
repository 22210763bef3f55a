"""POST /api/invitations/accept: account, membership and session in one go, or nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from dossier.api import build_api
from dossier.db import session_scope
from dossier.domain.invitations import create_invitation
from dossier.models import Membership, User, UserSession
from tests.factories import World
from tests.mail_server import MailServer, mail_server  # noqa: F401  (the fixture)


@pytest.fixture
def token(world: World) -> str:
    _, raw = create_invitation(world.session, world.actor("anna"), role="cm_home")
    world.session.commit()
    return raw


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(build_api(), base_url="http://localhost:3000") as client:
        yield client


def count_users() -> int:
    # A short session of its own: SQLite has one writer, and the route needs it.
    with session_scope() as session:
        return len(session.exec(select(User)).all())


def accept(client: TestClient, token: str, **fields: str):
    form = {
        "token": token,
        "name": "Femke",
        "email": "femke@test.nl",
        "password": "een goed wachtwoord",
        **fields,
    }
    return client.post("/api/invitations/accept", data=form, follow_redirects=False)


def test_joining_creates_account_membership_and_session(
    client: TestClient, token: str, db: Session
) -> None:
    response = accept(client, token)
    assert response.headers["location"] == "http://localhost:3000/"
    assert "dossier_session=" in response.headers["set-cookie"]
    user = db.exec(select(User).where(User.email == "femke@test.nl")).one()
    membership = db.exec(select(Membership).where(Membership.user_id == user.id)).one()
    assert membership.role == "cm_home"
    assert db.exec(select(UserSession).where(UserSession.user_id == user.id)).one()


def test_a_used_link_grants_nothing_the_second_time(
    client: TestClient, token: str, db: Session
) -> None:
    accept(client, token)
    response = accept(client, token, email="ander@test.nl")
    assert "error" not in response.headers["location"]  # the page explains the dead link
    assert db.exec(select(User).where(User.email == "ander@test.nl")).first() is None


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"password": "kort"}, "too_short"),
        ({"email": "geen-adres"}, "email_invalid"),
        ({"name": ""}, "missing"),
        ({"email": "anna@test.nl"}, "email_taken"),
    ],
)
def test_bad_input_saves_nothing_and_says_what_to_fix(
    client: TestClient, token: str, db: Session, fields: dict, code: str
) -> None:
    users_before = count_users()
    response = accept(client, token, **fields)
    assert response.headers["location"].endswith(f"error={code}")
    assert count_users() == users_before
    assert accept(client, token).headers["location"].endswith("/")  # the link still works


def test_cross_site_accept_is_refused(client: TestClient, token: str) -> None:
    response = client.post(
        "/api/invitations/accept", data={"token": token}, headers={"origin": "https://evil.example"}
    )
    assert response.status_code == 403


def test_guessing_links_is_rate_limited_per_ip(client: TestClient, token: str) -> None:
    """20 dead links a minute from one address; the 21st attempt is not even tried."""
    for attempt in range(20):
        response = accept(client, f"geraden-{attempt}")
        assert "error=throttled" not in response.headers["location"]
    refused = accept(client, token)  # even the right link waits now
    assert refused.headers["location"].endswith("error=throttled")
    assert int(refused.headers["retry-after"]) > 0
    assert count_users() == 9  # the world's users; nobody was added


def test_a_newcomer_who_joins_gets_a_mail_to_confirm_her_address(
    token: str,
    mail_server: MailServer,  # noqa: F811
) -> None:
    """The invitation link proved nothing about the address; the mail link does."""
    with TestClient(build_api(), base_url="http://localhost:3000") as client:
        accept(client, token)
    mail = mail_server.wait_for("femke@test.nl")
    assert "/e-mail-bevestigen?token=" in (mail.link or "")

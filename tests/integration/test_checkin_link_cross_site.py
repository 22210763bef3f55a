"""GET /api/k/<token> from another site: Anna, signed in on the family tablet, is asked
first and stays signed in; only her "yes", posted from this site, opens Ben's check-in.

A link she opens herself (typed, pasted, scanned: Sec-Fetch-Site none; or from this site)
works at once, as before.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from dossier import routes
from dossier.api import build_api
from dossier.db import session_scope
from dossier.domain import sessions
from dossier.domain.checkin_links import create_link, revoke_link
from dossier.models import CheckinLink, UserSession
from tests.factories import World

ORIGIN = "http://localhost:3000"
COOKIE = "dossier_session"
EVIL = "https://evil.example"


def live(session_token: str) -> bool:
    with session_scope() as session:
        return sessions.find_session(session, session_token, allow_link=True) is not None


@pytest.fixture
def link(world: World) -> str:
    token = create_link(world.session, world.actor("anna"), sibling_id=world.members["ben"].id)
    world.session.commit()
    return token


@pytest.fixture
def anna(world: World, db: Session) -> str:
    token = sessions.start_session(db, user_id=world.users["anna"].id, family_id=world.alfa.id)
    db.commit()
    return token


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(build_api(), base_url=ORIGIN) as client:
        yield client


def visit(client: TestClient, token: str, cookie: str | None, **headers: str):
    if cookie:
        headers["cookie"] = cookie
    return client.get(f"/api/k/{token}", headers=headers, follow_redirects=False)


def sessions_in(db: Session) -> list[UserSession]:
    db.expire_all()
    return list(db.exec(select(UserSession)))


FROM_ELSEWHERE = [
    {"sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site"},
    {"referer": f"{EVIL}/page"},  # an older browser without Sec-Fetch-*
    {"origin": "null"},
]


@pytest.mark.parametrize("headers", FROM_ELSEWHERE)
def test_a_link_from_another_site_asks_anna_first_and_keeps_her_signed_in(
    client: TestClient, link: str, anna: str, db: Session, headers: dict[str, str]
) -> None:
    page = visit(client, link, f"{COOKIE}={anna}", **headers)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Je bent ingelogd als Anna. Wil je uitloggen en de check-in van Ben openen?" in page.text
    assert f'<form method="post" action="/api/k/{link}">' in page.text
    assert "set-cookie" not in page.headers and "clear-site-data" not in page.headers
    assert page.headers["cache-control"] == "no-store"
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "form-action 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe" not in policy
    assert "<script" not in page.text
    assert live(anna)
    assert len(sessions_in(db)) == 1  # no link session yet
    assert db.exec(select(CheckinLink)).one().last_used_at is None


def test_the_question_is_in_english_for_an_english_browser(
    client: TestClient, link: str, anna: str
) -> None:
    page = visit(
        client, link, f"{COOKIE}={anna}; dossier_lang=en", **{"sec-fetch-site": "cross-site"}
    )
    assert '<html lang="en">' in page.text
    assert "You are signed in as Anna. Do you want to sign out and open the check-in of Ben?" in (
        page.text
    )


def test_yes_on_the_page_signs_anna_out_and_opens_ben_s_check_in(
    client: TestClient, link: str, anna: str, world: World, db: Session
) -> None:
    headers = {"cookie": f"{COOKIE}={anna}", "origin": ORIGIN, "sec-fetch-site": "same-origin"}
    response = client.post(f"/api/k/{link}", headers=headers, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == ORIGIN + routes.MY_CHECKIN
    assert "storage" in response.headers["clear-site-data"]
    assert not live(anna)
    opened = [s for s in sessions_in(db) if s.checkin_link_id is not None]
    assert [s.user_id for s in opened] == [world.users["ben"].id]


@pytest.mark.parametrize(
    "headers",
    [{"origin": EVIL, "sec-fetch-site": "cross-site"}, {"origin": EVIL}],
)
def test_a_yes_posted_from_another_site_is_refused(
    client: TestClient, link: str, anna: str, db: Session, headers: dict[str, str]
) -> None:
    headers["cookie"] = f"{COOKIE}={anna}"
    response = client.post(f"/api/k/{link}", headers=headers, follow_redirects=False)
    assert response.status_code == 403
    assert "set-cookie" not in response.headers
    assert live(anna)
    assert len(sessions_in(db)) == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "none"},  # typed, pasted, scanned from the QR code
        {"sec-fetch-site": "same-origin"},
        {"referer": f"{ORIGIN}/instellingen"},
        {},
    ],
)
def test_a_link_anna_opens_herself_still_works_at_once(
    client: TestClient, link: str, anna: str, headers: dict[str, str]
) -> None:
    response = visit(client, link, f"{COOKIE}={anna}", **headers)
    assert response.status_code == 303
    assert response.headers["location"] == ORIGIN + routes.MY_CHECKIN
    assert not live(anna)


def test_a_link_from_elsewhere_opens_at_once_when_no_adult_is_signed_in(
    client: TestClient, link: str
) -> None:
    response = visit(client, link, None, **{"sec-fetch-site": "cross-site"})
    assert response.headers["location"] == ORIGIN + routes.MY_CHECKIN
    assert client.cookies[COOKIE]


def test_a_dead_link_from_elsewhere_asks_nothing_and_ends_nothing(
    client: TestClient, link: str, anna: str, world: World, db: Session
) -> None:
    revoke_link(db, world.actor("anna"), sibling_id=world.members["ben"].id)
    db.commit()
    response = visit(client, link, f"{COOKIE}={anna}", **{"sec-fetch-site": "cross-site"})
    assert response.headers["location"] == f"{ORIGIN}/login?reason=link"
    assert live(anna)

"""HTTP side of the security work: login throttling, the session-status route for the idle
warning, and the headers (CSP, no-store, HSTS) on every response."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from dossier.api import build_api
from dossier.domain import throttle
from dossier.domain.accounts import create_user
from dossier.middleware.headers import build_script_hashes, security_headers
from dossier.models import AuthThrottle, UserSession, utcnow
from dossier.settings import get_settings
from tests.factories import World
from tests.integration.test_throttle import REDIS_URL, redis_available

PASSWORD = "een lang wachtwoord"
THROTTLED = "/login?error=throttled"


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    create_user(world.session, email="ouder@test.nl", name="Ouder Test", password=PASSWORD)
    world.session.commit()
    with TestClient(security_headers(build_api()), base_url="http://localhost:3000") as client:
        yield client


def post_login(client: TestClient, email: str, password: str):
    return client.post(
        "/api/auth/login",
        data={"email": email, "password": password},
        follow_redirects=False,
    )


def sessions_of(db: Session) -> list[UserSession]:
    db.expire_all()
    return list(db.exec(select(UserSession)).all())


def backdate(db: Session, key: str, seconds: int) -> None:
    """As if the last failure happened `seconds` earlier (instead of sleeping)."""
    row = db.get(AuthThrottle, key)
    row.last_failure_at -= timedelta(seconds=seconds)
    row.window_started_at -= timedelta(seconds=seconds)
    db.add(row)
    db.commit()


# --------------------------------------------------------------------------------------
# Login throttling
# --------------------------------------------------------------------------------------


def test_from_the_fifth_wrong_password_the_account_must_wait(
    client: TestClient, db: Session
) -> None:
    for _ in range(5):
        assert (
            post_login(client, "ouder@test.nl", "fout")
            .headers["location"]
            .endswith("error=invalid")
        )
    # Even the right password is not checked now: the answer says "wait", nothing more.
    response = post_login(client, "Ouder@test.nl", PASSWORD)
    assert response.status_code == 303
    assert response.headers["location"] == "http://localhost:3000" + THROTTLED
    assert int(response.headers["retry-after"]) == 1
    assert sessions_of(db) == []
    # After the wait the right password works, and the account starts from zero.
    backdate(db, "account:ouder@test.nl", 2)
    assert post_login(client, "ouder@test.nl", PASSWORD).headers["location"].endswith("/")
    assert db.get(AuthThrottle, "account:ouder@test.nl") is None


def test_a_right_password_before_the_fifth_failure_resets_the_count(
    client: TestClient, db: Session
) -> None:
    for _ in range(4):
        post_login(client, "ouder@test.nl", "fout")
    assert post_login(client, "ouder@test.nl", PASSWORD).headers["location"].endswith("/")
    for _ in range(4):
        post_login(client, "ouder@test.nl", "fout")
    assert post_login(client, "ouder@test.nl", PASSWORD).headers["location"].endswith("/")


def test_the_21st_attempt_from_one_ip_in_a_minute_is_refused(
    client: TestClient, db: Session
) -> None:
    """Twenty different (unknown) accounts, one IP: then even a real account waits."""
    for i in range(20):
        response = post_login(client, f"iemand{i}@test.nl", "fout")
        assert response.headers["location"].endswith("error=invalid")
    response = post_login(client, "ouder@test.nl", PASSWORD)
    assert response.headers["location"].endswith(THROTTLED)
    assert 1 <= int(response.headers["retry-after"]) <= 60
    assert sessions_of(db) == []
    backdate(db, "ip:testclient", 61)
    assert post_login(client, "ouder@test.nl", PASSWORD).headers["location"].endswith("/")


def test_refused_attempts_do_not_fill_the_access_log(client: TestClient, db: Session) -> None:
    from dossier.models import AuditEvent

    for _ in range(5):
        post_login(client, "ouder@test.nl", "fout")
    before = len(db.exec(select(AuditEvent)).all())
    db.rollback()  # end the read transaction: SQLite lets one writer in at a time
    for _ in range(10):
        assert post_login(client, "ouder@test.nl", "fout").headers["location"].endswith(THROTTLED)
    db.expire_all()
    assert len(db.exec(select(AuditEvent)).all()) == before


def test_login_throttling_uses_redis_when_it_is_configured(
    client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not redis_available():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    backend = throttle.RedisBackend(REDIS_URL, prefix=f"dossier-test:{secrets.token_hex(6)}:")
    monkeypatch.setitem(throttle._REDIS_BACKENDS, REDIS_URL, backend)
    monkeypatch.setenv("REFLEX_REDIS_URL", REDIS_URL)
    get_settings.cache_clear()
    try:
        for _ in range(5):
            post_login(client, "ouder@test.nl", "fout")
        assert post_login(client, "ouder@test.nl", PASSWORD).headers["location"].endswith(THROTTLED)
        assert backend.client.hget(backend.prefix + "account:ouder@test.nl", "failures") == b"5"
        assert db.exec(select(AuthThrottle)).all() == []  # nothing in the database
    finally:
        for key in backend.client.scan_iter(f"{backend.prefix}*"):
            backend.client.delete(key)


# --------------------------------------------------------------------------------------
# GET /api/auth/session (the idle warning asks here)
# --------------------------------------------------------------------------------------


def test_session_status_needs_a_live_session(client: TestClient) -> None:
    response = client.get("/api/auth/session")
    assert response.status_code == 401
    assert response.json() == {"signed_in": False}
    assert response.headers["cache-control"] == "no-store"


def test_session_status_says_how_long_is_left_without_touching(
    client: TestClient, db: Session
) -> None:
    post_login(client, "ouder@test.nl", PASSWORD)
    ten_minutes_ago = utcnow() - timedelta(minutes=10)
    db.execute(sa.update(UserSession).values(last_seen_at=ten_minutes_ago))
    db.commit()

    response = client.get("/api/auth/session")

    assert response.status_code == 200
    body = response.json()
    assert body["signed_in"] is True
    assert 19 * 60 <= body["idle_seconds"] <= 20 * 60
    assert 11 * 3600 < body["absolute_seconds"] <= 12 * 3600
    assert response.headers["cache-control"] == "no-store"
    (row,) = sessions_of(db)
    assert abs((row.last_seen_at - ten_minutes_ago).total_seconds()) < 1  # not touched


# --------------------------------------------------------------------------------------
# Headers
# --------------------------------------------------------------------------------------


def policy(response) -> dict[str, str]:
    parts = (
        p.strip().split(" ", 1) for p in response.headers["content-security-policy"].split(";")
    )
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


def test_every_response_has_a_strict_content_security_policy(client: TestClient) -> None:
    csp = policy(client.get("/api/health"))
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert csp["default-src"] == "'self'"
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["connect-src"] == "'self' ws://localhost:3000"
    assert csp["img-src"] == "'self' data: blob:"


def test_no_store_on_auth_routes_and_signed_in_requests(client: TestClient) -> None:
    assert "cache-control" not in client.get("/api/health").headers  # anonymous, not auth
    response = client.post("/api/auth/login", data={"email": "", "password": ""})
    assert response.history[0].headers["cache-control"] == "no-store"
    post_login(client, "ouder@test.nl", PASSWORD)
    assert client.cookies.get("dossier_session")
    assert client.get("/api/health").headers["cache-control"] == "no-store"


def fake_app() -> Starlette:
    async def page(_request):
        return HTMLResponse("<!doctype html><p>hallo</p>", headers={"cache-control": "max-age=60"})

    async def asset(_request):
        return PlainTextResponse("console.log(1)", headers={"cache-control": "max-age=600"})

    return Starlette(
        routes=[Route("/taken", page), Route("/assets/app-123.js", asset)],
    )


def test_html_pages_are_never_stored_but_build_assets_may_be_cached(tmp_path: Path) -> None:
    with TestClient(security_headers(fake_app(), build=tmp_path)) as client:
        assert client.get("/taken").headers["cache-control"] == "no-store"
        client.cookies.set("dossier_session", "x")
        assert client.get("/assets/app-123.js").headers["cache-control"] == "max-age=600"


def test_inline_scripts_of_the_build_are_allowed_by_their_hash_only(tmp_path: Path) -> None:
    inline = b"window.__reactRouterContext = {};"
    (tmp_path / "login").mkdir()
    (tmp_path / "index.html").write_bytes(
        b"<html><script>" + inline + b'</script><script src="/x.js"></script></html>'
    )
    (tmp_path / "login" / "index.html").write_bytes(
        b'<script type="module" async="">import "/a.js";</script>'
    )
    expected = {
        "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
        for body in (inline, b'import "/a.js";')
    }
    assert set(build_script_hashes(tmp_path)) == expected
    with TestClient(security_headers(fake_app(), build=tmp_path)) as client:
        script_src = policy(client.get("/taken"))["script-src"].split()
    assert set(script_src) == {"'self'", *expected}


def test_https_adds_hsts_and_a_wss_websocket(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_ORIGIN", "https://dossier.example.nl")
    get_settings.cache_clear()
    with TestClient(security_headers(fake_app()), base_url="https://dossier.example.nl") as c:
        response = c.get("/taken")
    assert response.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    csp = policy(response)
    assert csp["connect-src"] == "'self' wss://dossier.example.nl"
    assert "upgrade-insecure-requests" in csp


def test_plain_http_has_no_hsts(client: TestClient) -> None:
    assert "strict-transport-security" not in client.get("/api/health").headers


def test_the_helper_for_invitation_links_refuses_the_21st_failure(db: Session) -> None:
    """What the invitation route uses: dossier.api.throttle with invitation_keys."""
    from dossier.api.http import client_ip
    from dossier.api.throttle import count_failure, refuse_if_throttled

    async def accept(request):
        keys = throttle.invitation_keys(ip=client_ip(request))
        if refused := await refuse_if_throttled(keys, "/uitnodiging", t="abc"):
            return refused
        await count_failure(keys)  # as if the link was unknown or used
        return PlainTextResponse("unusable")

    app = Starlette(routes=[Route("/accept", accept, methods=["POST"])])
    with TestClient(app, follow_redirects=False) as client:
        for _ in range(20):
            assert client.post("/accept").text == "unusable"
        refused = client.post("/accept")
    assert refused.status_code == 303
    assert refused.headers["location"] == (
        "http://localhost:3000/uitnodiging?t=abc&error=throttled"
    )
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    # Logins from the same address are counted apart.
    assert throttle.check(["ip:testclient"]) is None

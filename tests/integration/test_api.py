"""The HTTP routes: health, login (cookie attributes, errors), logout, cross-site refusal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from dossier.api import build_api
from dossier.domain.accounts import create_user
from dossier.domain.sessions import find_session
from dossier.middleware.headers import security_headers
from dossier.models import AuditEvent, UserSession
from dossier.settings import ConfigError, get_settings
from tests.factories import World

PASSWORD = "een lang wachtwoord"


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    create_user(world.session, email="ouder@test.nl", name="Ouder Test", password=PASSWORD)
    world.session.commit()
    with TestClient(security_headers(build_api()), base_url="http://localhost:3000") as client:
        yield client


def post_login(client: TestClient, email: str, password: str, **headers: str):
    return client.post(
        "/api/auth/login",
        data={"email": email, "password": password},
        headers=headers,
        follow_redirects=False,
    )


def test_health_reports_the_database(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not configured"}


def test_health_is_503_when_the_database_is_down(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFLEX_DB_URL", f"sqlite:///{tmp_path}/missing/dir/x.db")
    response = client.get("/api/health")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_health_checks_redis_when_configured(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFLEX_REDIS_URL", "redis://127.0.0.1:6379/0")
    get_settings.cache_clear()
    assert client.get("/api/health").json()["redis"] == "ok"
    monkeypatch.setenv("REFLEX_REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    get_settings.cache_clear()
    response = client.get("/api/health")
    assert (response.status_code, response.json()["redis"]) == (503, "down")


def test_login_sets_an_httponly_session_cookie_and_goes_home(
    client: TestClient, db: Session
) -> None:
    response = post_login(client, "Ouder@Test.nl ", PASSWORD)
    assert response.status_code == 303
    assert response.headers["location"] == "http://localhost:3000/"
    cookie = next(c for c in response.headers.get_list("set-cookie") if "dossier_session=" in c)
    attributes = cookie.lower()
    assert "httponly" in attributes and "samesite=lax" in attributes and "path=/" in attributes
    assert "secure" not in attributes  # plain http on localhost
    token = cookie.split("=", 1)[1].split(";", 1)[0]
    assert find_session(db, token) is not None


def test_login_on_https_uses_a_secure_host_cookie(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_ORIGIN", "https://dossier.example.nl")
    get_settings.cache_clear()
    create_user(world.session, email="ouder@test.nl", name="Ouder", password=PASSWORD)
    world.session.commit()
    with TestClient(build_api(), base_url="https://dossier.example.nl") as client:
        response = post_login(client, "ouder@test.nl", PASSWORD)
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("__host-dossier_session=")
    assert "secure" in cookie and "httponly" in cookie


@pytest.mark.parametrize(
    ("email", "password"), [("ouder@test.nl", "fout wachtwoord"), ("niemand@test.nl", PASSWORD)]
)
def test_wrong_password_or_unknown_email_gives_the_same_answer(
    client: TestClient, db: Session, email: str, password: str
) -> None:
    response = post_login(client, email, password)
    assert response.headers["location"].endswith("/login?error=invalid")
    assert (
        "set-cookie" not in response.headers
        or "dossier_session=" not in response.headers["set-cookie"]
    )
    assert db.exec(select(UserSession)).all() == []
    failed = db.exec(select(AuditEvent).where(AuditEvent.outcome == "failed")).all()
    assert [e.action for e in failed] == ["login.password"]


def test_missing_fields_write_nothing(client: TestClient, db: Session) -> None:
    response = post_login(client, "ouder@test.nl", "")
    assert response.headers["location"].endswith("/login?error=missing")
    assert db.exec(select(UserSession)).all() == []
    assert db.exec(select(AuditEvent)).all() == []


def test_logout_revokes_the_session_and_clears_the_browser(client: TestClient, db: Session) -> None:
    post_login(client, "ouder@test.nl", PASSWORD)
    token = client.cookies.get("dossier_session")
    response = client.post("/api/auth/logout", follow_redirects=False)
    assert response.headers["location"].endswith("/login?bye=1")
    assert response.headers["clear-site-data"] == '"cache", "storage"'
    db.expire_all()
    assert find_session(db, token) is None


def test_a_new_login_ends_the_previous_session(client: TestClient, db: Session) -> None:
    post_login(client, "ouder@test.nl", PASSWORD)
    first = client.cookies.get("dossier_session")
    post_login(client, "ouder@test.nl", PASSWORD)
    second = client.cookies.get("dossier_session")
    assert first != second
    db.expire_all()
    assert find_session(db, first) is None
    assert find_session(db, second) is not None


def test_cross_site_posts_are_refused(client: TestClient) -> None:
    evil = {"origin": "https://evil.example", "sec-fetch-site": "cross-site"}
    assert post_login(client, "ouder@test.nl", PASSWORD, **evil).status_code == 403
    assert client.post("/api/auth/logout", headers=evil).status_code == 403


def test_security_headers_are_on_every_response(client: TestClient) -> None:
    headers = client.get("/api/health").headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"


def test_production_refuses_to_start_without_a_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_ENV", "production")
    monkeypatch.setenv("DOSSIER_ORIGIN", "https://dossier.example.nl")
    monkeypatch.delenv("DOSSIER_SECRET_KEY")
    get_settings.cache_clear()
    with pytest.raises(ConfigError, match="DOSSIER_SECRET_KEY is not set"):
        get_settings()


def test_development_makes_and_keeps_a_secret_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DOSSIER_SECRET_KEY")
    get_settings.cache_clear()
    first = get_settings().secret_key
    get_settings.cache_clear()
    assert get_settings().secret_key == first
    assert len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_the_app_stops_with_one_clear_sentence_in_production_without_a_key(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DOSSIER_ENV": "production",
        "DOSSIER_ORIGIN": "https://dossier.example.nl",
    }
    env.pop("DOSSIER_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-c", "import rxconfig"],
        cwd=Path(__file__).parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Gezinsdossier cannot start: DOSSIER_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr

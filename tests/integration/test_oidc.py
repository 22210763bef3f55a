"""Login via an organisation (OIDC) against a real provider on loopback.

The provider is oidc-provider-mock (a Flask app built on authlib's server side) served
by werkzeug in a thread. Its authorize endpoint shows a form; POSTing `sub=<subject>`
to the same URL logs that subject in and redirects to our callback with a code, so no
browser is needed. `PUT /users/<sub>` sets the claims (name, e-mail) of a subject.

A thin WSGI layer in front of the provider (`Harness`) plays the parts a test needs:
it enforces PKCE S256 (the mock itself does not check `code_verifier`), and on request
it answers as a misbehaving provider would: an ID token for another client (wrong
`aud`) or from another issuer name (wrong `iss`), both validly signed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import oidc_provider_mock
import pytest
import reflex as rx
import werkzeug.serving
from sqlmodel import Session, select
from starlette.testclient import TestClient

from dossier.api import build_api
from dossier.domain import oidc
from dossier.domain.invitations import create_invitation
from dossier.domain.sessions import find_session
from dossier.middleware.headers import security_headers
from dossier.models import AuditEvent, Membership, MembershipStatus, Role, User, UserSession
from dossier.settings import get_settings
from dossier.state.login import LoginState
from tests.factories import World

ORIGIN = "http://localhost:3000"
CLIENT_ID = "gezinsdossier-test"
CLIENT_SECRET = "client-secret-for-tests"
OIDC_ENV = ("DOSSIER_OIDC_ISSUER", "DOSSIER_OIDC_CLIENT_ID", "DOSSIER_OIDC_CLIENT_SECRET")


# --- the provider ----------------------------------------------------------------------


@dataclass
class Harness:
    """WSGI middleware in front of the mock provider."""

    app: object
    token_host: str | None = None  # answer token requests under this host name (-> iss)
    other_client: str | None = None  # issue the code and the ID token to this client id
    forge_subject: str | None = None  # change `sub` inside the signed ID token
    challenges: dict[str, str] = field(default_factory=dict)  # code -> code_challenge
    pkce_checked: int = 0

    def reset(self) -> None:
        self.token_host = None
        self.other_client = None
        self.forge_subject = None
        self.pkce_checked = 0

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/oauth2/authorize":
            return self._authorize(environ, start_response)
        if path == "/oauth2/token":
            return self._token(environ, start_response)
        return self.app(environ, start_response)

    def _authorize(self, environ, start_response):
        query = parse_qs(environ.get("QUERY_STRING", ""))
        challenge = query.get("code_challenge", [""])[0]
        if query.get("code_challenge_method", [""])[0] != "S256":
            challenge = ""  # only S256 counts
        if self.other_client:
            query["client_id"] = [self.other_client]
            environ["QUERY_STRING"] = urlencode(query, doseq=True)

        def remember_code(status, headers, exc_info=None):
            for name, value in headers:
                if name.lower() == "location" and "code=" in value:
                    code = parse_qs(urlsplit(value).query)["code"][0]
                    self.challenges[code] = challenge
            return start_response(status, headers, exc_info)

        return self.app(environ, remember_code)

    def _token(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        form = parse_qs(body.decode())
        code = form.get("code", [""])[0]
        verifier = form.get("code_verifier", [""])[0]
        expected = self.challenges.get(code)
        digest = hashlib.sha256(verifier.encode()).digest()
        if not expected or base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != expected:
            start_response("400 Bad Request", [("Content-Type", "application/json")])
            return [b'{"error": "invalid_grant", "error_description": "PKCE check failed"}']
        self.pkce_checked += 1
        if self.other_client:
            basic = base64.b64encode(f"{self.other_client}:whatever".encode()).decode()
            environ["HTTP_AUTHORIZATION"] = f"Basic {basic}"
        if self.token_host:
            environ["HTTP_HOST"] = self.token_host
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        if not self.forge_subject:
            return self.app(environ, start_response)
        answer: list = []
        content = b"".join(self.app(environ, lambda *args: answer.extend(args)))
        token = json.loads(content)
        header, payload, signature = token["id_token"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["sub"] = self.forge_subject
        forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        token["id_token"] = f"{header}.{forged}.{signature}"
        content = json.dumps(token).encode()
        headers = [(k, v) for k, v in answer[1] if k.lower() != "content-length"]
        start_response(answer[0], [*headers, ("Content-Length", str(len(content)))])
        return [content]


@dataclass
class Provider:
    issuer: str
    port: int
    harness: Harness

    def set_user(self, sub: str, **claims: str) -> None:
        response = httpx.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5)
        assert response.status_code == 204

    def log_in(self, authorize_url: str, sub: str) -> str:
        """What the user does at the provider: choose a subject; returns our callback URL."""
        response = httpx.post(authorize_url, data={"sub": sub}, timeout=5)
        assert response.status_code == 302, response.text[:500]
        return response.headers["location"]


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    harness = Harness(oidc_provider_mock.app(require_nonce=True))
    server = werkzeug.serving.make_server("127.0.0.1", 0, harness, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield Provider(f"http://127.0.0.1:{server.server_port}", server.server_port, harness)
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


@pytest.fixture
def idp(provider: Provider, monkeypatch: pytest.MonkeyPatch) -> Iterator[Provider]:
    """The provider, configured as ours (env vars as in the README)."""
    monkeypatch.setenv("DOSSIER_ORIGIN", ORIGIN)
    monkeypatch.setenv("DOSSIER_OIDC_ISSUER", provider.issuer)
    monkeypatch.setenv("DOSSIER_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("DOSSIER_OIDC_CLIENT_SECRET", CLIENT_SECRET)
    get_settings.cache_clear()
    oidc.forget_providers()
    provider.harness.reset()
    yield provider
    provider.harness.reset()
    oidc.forget_providers()


@pytest.fixture
def client(world: World, idp: Provider) -> Iterator[TestClient]:
    with TestClient(security_headers(build_api()), base_url=ORIGIN) as client:
        yield client


# --- helpers -----------------------------------------------------------------------------


def invite(world: World, role: Role = Role.CM_HOME) -> str:
    _invitation, token = create_invitation(world.session, world.actor("anna"), role=role)
    world.session.commit()
    return token


def start(client: TestClient, invite_token: str | None = None) -> httpx.Response:
    params = {"invite": invite_token} if invite_token else None
    return client.get("/api/auth/oidc/start", params=params, follow_redirects=False)


def callback_url(client: TestClient, idp: Provider, sub: str, invite_token: str | None = None):
    response = start(client, invite_token)
    assert response.status_code == 303
    return idp.log_in(response.headers["location"], sub)


def session_rows(db: Session) -> list[UserSession]:
    db.expire_all()
    rows = list(db.exec(select(UserSession)))
    db.commit()  # SQLite: every transaction takes the write lock; let the app write again
    return rows


def oidc_audit(db: Session, outcome: str) -> list[AuditEvent]:
    db.expire_all()
    rows = list(
        db.exec(
            select(AuditEvent).where(
                AuditEvent.action == "login.oidc", AuditEvent.outcome == outcome
            )
        )
    )
    db.commit()
    return rows


def assert_refused(response: httpx.Response, why: str | None = None) -> None:
    assert response.status_code == 303
    query = {"error": "oidc", "why": why} if why else {"error": "oidc"}
    assert response.headers["location"] == f"{ORIGIN}/login?{urlencode(query)}"
    cookies = response.headers.get_list("set-cookie")
    assert not any(c.startswith(("dossier_session=", "__Host-dossier_session=")) for c in cookies)
    assert any(c.startswith('dossier_oidc=""') or "max-age=0" in c.lower() for c in cookies)


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | changes
    return urlunsplit(parts._replace(query=urlencode(query)))


def pending_cookie(response: httpx.Response) -> str:
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("dossier_oidc")
    )
    return cookie.split("=", 1)[1].split(";", 1)[0]


# --- the happy path ----------------------------------------------------------------------


def test_start_sends_the_browser_to_the_provider_with_pkce_state_and_nonce(
    client: TestClient, idp: Provider
) -> None:
    response = start(client)
    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}" == idp.issuer
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == f"{ORIGIN}/api/auth/oidc/callback"
    assert query["response_type"] == "code"
    assert set(query["scope"].split()) == {"openid", "profile", "email"}
    assert query["code_challenge_method"] == "S256"
    assert len(query["state"]) >= 43 and len(query["nonce"]) >= 43
    cookie = next(c for c in response.headers.get_list("set-cookie") if "dossier_oidc=" in c)
    attributes = cookie.lower()
    assert "httponly" in attributes and "samesite=lax" in attributes
    assert "path=/api/auth/oidc" in attributes and "max-age=600" in attributes
    assert "secure" not in attributes  # plain http on localhost
    assert response.headers["cache-control"] == "no-store"


def test_invited_professional_joins_and_logs_in_again_later(
    client: TestClient, idp: Provider, world: World, db: Session
) -> None:
    idp.set_user("cm-iris", name="Iris de Casemanager", email="Iris@Zorg.example")
    url = callback_url(client, idp, "cm-iris", invite(world, Role.CM_HOME))
    response = client.get(url, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == f"{ORIGIN}/"
    assert idp.harness.pkce_checked == 1  # the provider side saw a right S256 verifier
    token = client.cookies.get("dossier_session")
    assert token
    db.expire_all()
    user = db.exec(select(User).where(User.oidc_subject == "cm-iris")).one()
    assert (user.oidc_issuer, user.email, user.name) == (
        idp.issuer,
        "iris@zorg.example",
        "Iris de Casemanager",
    )
    assert user.password_hash is None
    membership = db.exec(select(Membership).where(Membership.user_id == user.id)).one()
    assert (membership.family_id, membership.role, membership.status) == (
        world.alfa.id,
        Role.CM_HOME,
        MembershipStatus.ACTIVE,
    )
    live = find_session(db, token)
    assert live is not None and live.user_id == user.id
    assert live.current_family_id == world.alfa.id
    assert [e.user_id for e in oidc_audit(db, "allowed")] == [user.id]
    cleared = [c for c in response.headers.get_list("set-cookie") if c.startswith("dossier_oidc=")]
    assert cleared and "max-age=0" in cleared[0].lower()
    db.commit()

    # Later, without an invitation: the same issuer + subject is the same person.
    again = client.get(callback_url(client, idp, "cm-iris"), follow_redirects=False)
    assert again.headers["location"] == f"{ORIGIN}/"
    second = find_session(db, client.cookies.get("dossier_session"))
    assert second is not None and second.user_id == user.id
    assert find_session(db, token) is None  # the earlier session ended at the new login
    assert len(db.exec(select(User).where(User.oidc_subject == "cm-iris")).all()) == 1
    assert len(oidc_audit(db, "allowed")) == 2
    assert oidc_audit(db, "failed") == []


def test_an_existing_professional_accepts_a_second_invitation(
    client: TestClient, idp: Provider, world: World, db: Session
) -> None:
    idp.set_user("cm-sam", name="Sam", email="sam@zorg.example")
    client.get(callback_url(client, idp, "cm-sam", invite(world)), follow_redirects=False)
    world.session.expire_all()
    beta_invite = create_invitation(world.session, world.actor("dora", world.beta), role="cm_home")
    world.session.commit()
    url = callback_url(client, idp, "cm-sam", beta_invite[1])
    assert client.get(url, follow_redirects=False).headers["location"] == f"{ORIGIN}/"
    db.expire_all()
    user = db.exec(select(User).where(User.oidc_subject == "cm-sam")).one()
    families = {
        m.family_id for m in db.exec(select(Membership).where(Membership.user_id == user.id))
    }
    assert families == {world.alfa.id, world.beta.id}


# --- refusals ------------------------------------------------------------------------------


def test_a_tampered_state_is_refused(
    client: TestClient, idp: Provider, world: World, db: Session
) -> None:
    url = callback_url(client, idp, "cm-eve", invite(world))
    response = client.get(with_query(url, state="forged-" + "x" * 40), follow_redirects=False)
    assert_refused(response)
    assert session_rows(db) == []
    assert ["state" in e.detail for e in oidc_audit(db, "failed")] == [True]
    assert db.exec(select(User).where(User.oidc_subject == "cm-eve")).all() == []


def test_a_callback_without_the_pending_cookie_is_refused(
    idp: Provider, world: World, db: Session
) -> None:
    """Login CSRF: an attacker's code and state, opened in the victim's browser."""
    with TestClient(build_api(), base_url=ORIGIN) as attacker:
        url = callback_url(attacker, idp, "cm-mallory", invite(world))
    with TestClient(build_api(), base_url=ORIGIN) as victim:
        response = victim.get(url, follow_redirects=False)
    assert_refused(response)
    assert session_rows(db) == []
    assert ["no pending login" in e.detail for e in oidc_audit(db, "failed")] == [True]


def test_an_id_token_for_another_client_is_refused(
    client: TestClient, idp: Provider, world: World, db: Session
) -> None:
    idp.harness.other_client = "some-other-app"
    url = callback_url(client, idp, "cm-eve", invite(world))
    assert parse_qs(urlsplit(url).query)["code"]
    response = client.get(url, follow_redirects=False)
    assert_refused(response)
    assert idp.harness.pkce_checked == 1  # it got as far as a signed ID token
    assert session_rows(db) == []
    assert ["aud" in e.detail for e in oidc_audit(db, "failed")] == [True]


def test_an_id_token_from_another_issuer_name_is_refused(
    client: TestClient, idp: Provider, world: World, db: Session
) -> None:
    idp.harness.token_host = f"localhost:{idp.port}"  # iss becomes http://localhost:<port>
    url = callback_url(client, idp, "cm-eve", invite(world))
    response = client.get(url, follow_redirects=False)
    assert_refused(response)
    assert session_rows(db) == []
    assert ["iss" in e.detail for e in oidc_audit(db, "failed")] == [True]


def test_an_id_token_changed_after_signing_is_refused(
    client: TestClient, idp: Provider, world: World, db: Session
) -> None:
    idp.set_user("cm-iris", name="Iris", email="iris@zorg.example")
    client.get(callback_url(client, idp, "cm-iris", invite(world)), follow_redirects=False)
    idp.harness.forge_subject = "cm-iris"  # Eve logs in, the token is edited to say Iris
    response = client.get(callback_url(client, idp, "cm-eve"), follow_redirects=False)
    assert_refused(response)
    assert len(session_rows(db)) == 1  # Iris's own earlier login only
    assert ["signature" in e.detail for e in oidc_audit(db, "failed")] == [True]


def test_a_provider_that_names_another_issuer_is_not_used(
    client: TestClient, idp: Provider, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The discovery document says http://127.0.0.1:<port>; exact means exact.
    monkeypatch.setenv("DOSSIER_OIDC_ISSUER", idp.issuer + "/")
    get_settings.cache_clear()
    response = start(client)
    assert_refused(response)
    assert ["discovery issuer" in e.detail for e in oidc_audit(db, "failed")] == [True]


def test_a_replayed_callback_is_refused(
    client: TestClient, idp: Provider, world: World, db: Session
) -> None:
    idp.set_user("cm-iris", name="Iris", email="iris@zorg.example")
    started = start(client, invite(world))
    sealed = pending_cookie(started)
    url = idp.log_in(started.headers["location"], "cm-iris")
    assert client.get(url, follow_redirects=False).headers["location"] == f"{ORIGIN}/"
    sessions_after_login = len(session_rows(db))

    # The same callback again: the pending login was deleted with the first answer.
    assert_refused(client.get(url, follow_redirects=False))
    # Even with the old pending cookie put back, the provider will not take the code twice.
    with TestClient(build_api(), base_url=ORIGIN) as replayer:
        response = replayer.get(url, headers={"cookie": f"dossier_oidc={sealed}"})
    assert response.history and response.history[0].status_code == 303
    assert "error=oidc" in str(response.history[0].headers["location"])
    assert len(session_rows(db)) == sessions_after_login
    reasons = [e.detail for e in oidc_audit(db, "failed")]
    assert len(reasons) == 2
    assert "no pending login" in reasons[0] and "code exchange failed" in reasons[1]


@pytest.mark.parametrize(
    ("field_name", "reason"), [("code_verifier", "PKCE check failed"), ("nonce", "nonce")]
)
def test_a_pending_login_with_another_verifier_or_nonce_is_refused(
    idp: Provider, world: World, db: Session, field_name: str, reason: str
) -> None:
    with TestClient(build_api(), base_url=ORIGIN) as client:
        started = start(client, invite(world))
        url = idp.log_in(started.headers["location"], "cm-eve")
        pending = oidc.open_pending(pending_cookie(started))
        forged = oidc.seal_pending(replace(pending, **{field_name: "y" * 64}))
        response = client.get(
            url, headers={"cookie": f"dossier_oidc={forged}"}, follow_redirects=False
        )
    assert_refused(response)
    assert session_rows(db) == []
    assert [reason in e.detail for e in oidc_audit(db, "failed")] == [True]


def test_a_stranger_without_an_invitation_gets_a_friendly_no(
    client: TestClient, idp: Provider, db: Session
) -> None:
    response = client.get(callback_url(client, idp, "cm-unknown"), follow_redirects=False)
    assert_refused(response, why="no_access")
    assert session_rows(db) == []
    assert db.exec(select(User).where(User.oidc_subject == "cm-unknown")).all() == []
    assert len(oidc_audit(db, "failed")) == 1


def test_a_used_invitation_lets_nobody_in(
    client: TestClient, idp: Provider, world: World, db: Session
) -> None:
    token = invite(world)
    idp.set_user("cm-first", name="First", email="first@zorg.example")
    client.get(callback_url(client, idp, "cm-first", token), follow_redirects=False)
    idp.set_user("cm-second", name="Second", email="second@zorg.example")
    response = client.get(callback_url(client, idp, "cm-second", token), follow_redirects=False)
    assert_refused(response, why="invitation")
    db.expire_all()
    assert db.exec(select(User).where(User.oidc_subject == "cm-second")).all() == []
    assert len(session_rows(db)) == 1  # only the first person's login


def test_an_email_address_of_an_existing_account_is_never_taken_over(
    client: TestClient, idp: Provider, world: World, db: Session
) -> None:
    idp.set_user("cm-anna", name="Not Anna", email="anna@test.nl")  # anna is a parent
    response = client.get(
        callback_url(client, idp, "cm-anna", invite(world)), follow_redirects=False
    )
    assert_refused(response, why="email_taken")
    db.expire_all()
    anna = db.get(User, world.users["anna"].id)
    assert anna is not None and anna.oidc_subject is None
    assert session_rows(db) == []


# --- switched off -------------------------------------------------------------------------


def test_without_configuration_there_is_no_button_and_no_route(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in OIDC_ENV:
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    with TestClient(build_api(), base_url=ORIGIN) as client:
        assert client.get("/api/auth/oidc/start", follow_redirects=False).status_code == 404
        assert client.get("/api/auth/oidc/callback?code=x&state=y").status_code == 404


async def test_the_login_page_shows_the_button_only_when_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in OIDC_ENV:
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    state = await rx.State().get_state(LoginState)
    state.load_login()
    assert state.oidc_enabled is False

    monkeypatch.setenv("DOSSIER_OIDC_ISSUER", "https://login.ziekenhuis.example")
    monkeypatch.setenv("DOSSIER_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("DOSSIER_OIDC_CLIENT_SECRET", CLIENT_SECRET)
    get_settings.cache_clear()
    state.load_login()
    assert state.oidc_enabled is True


def test_half_a_configuration_stops_the_app_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dossier.settings import ConfigError

    monkeypatch.setenv("DOSSIER_OIDC_ISSUER", "https://login.ziekenhuis.example")
    monkeypatch.delenv("DOSSIER_OIDC_CLIENT_ID", raising=False)
    monkeypatch.delenv("DOSSIER_OIDC_CLIENT_SECRET", raising=False)
    get_settings.cache_clear()
    with pytest.raises(ConfigError, match="DOSSIER_OIDC_CLIENT_ID"):
        get_settings()

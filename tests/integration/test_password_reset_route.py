"""Wachtwoord vergeten over HTTP, with a real SMTP server on loopback (aiosmtpd): the mail
arrives, the link sets a new password once, and nothing tells an asker who has an account."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import Session, col, select
from starlette.testclient import TestClient

from dossier import clock
from dossier.api import build_api
from dossier.db import session_scope
from dossier.domain import sessions
from dossier.domain.passwords import hash_password, verify_password
from dossier.mail import outbox
from dossier.models import AuditEvent, MailOutbox, MailStatus, User, UserSession
from tests.factories import World
from tests.mail_server import MailServer, mail_server  # noqa: F401  (the fixture)

ORIGIN = "http://localhost:3000"
OLD = "het oude wachtwoord"
NEW = "een nieuw sterk wachtwoord"


@pytest.fixture
def client(world: World, mail_server: MailServer) -> Iterator[TestClient]:  # noqa: F811
    for name in ("anna", "bram"):
        user = world.users[name]
        user.password_hash = hash_password(OLD)
        user.email_confirmed_at = clock.now()
        world.session.add(user)
    world.users["bram"].locale = "en"
    world.session.commit()
    with TestClient(build_api(), base_url=ORIGIN) as client:
        yield client


def ask(client: TestClient, email: str, **headers: str):
    return client.post(
        "/api/auth/password/forgotten",
        data={"email": email},
        headers=headers,
        follow_redirects=False,
    )


def reset(client: TestClient, token: str, password: str = NEW, repeat: str | None = None):
    return client.post(
        "/api/auth/password/reset",
        data={
            "token": token,
            "password": password,
            "repeat": password if repeat is None else repeat,
        },
        follow_redirects=False,
    )


def token_of(link: str) -> str:
    return link.split("token=", 1)[1]


def test_anna_asks_for_a_new_password_and_a_dutch_mail_with_text_and_html_arrives(
    client: TestClient,
    mail_server: MailServer,  # noqa: F811
) -> None:
    response = ask(client, "Anna@test.nl")
    assert response.status_code == 303
    assert response.headers["location"] == f"{ORIGIN}/wachtwoord-vergeten?sent=1"
    mail = mail_server.wait_for("anna@test.nl")
    assert mail.subject == "Een nieuw wachtwoord voor Gezinsdossier"
    assert mail.message["From"] == "Gezinsdossier <noreply@dossier.test>"
    assert mail.message["Message-ID"] and mail.message["Date"]
    assert mail.link.startswith(f"{ORIGIN}/wachtwoord-herstellen?token=")
    assert "Hallo Anna," in mail.text
    assert mail.link.replace("&", "&amp;") in mail.html


def test_bram_reads_his_mail_in_english(client: TestClient, mail_server: MailServer) -> None:  # noqa: F811
    ask(client, "bram@test.nl")
    mail = mail_server.wait_for("bram@test.nl")
    assert mail.subject == "A new password for Gezinsdossier"
    assert "Hello Bram," in mail.text and "Hello Bram," in mail.html


def test_once_sent_the_link_is_wiped_from_the_outbox(
    client: TestClient,
    mail_server: MailServer,  # noqa: F811
    db: Session,
) -> None:
    ask(client, "anna@test.nl")
    mail_server.wait_for("anna@test.nl")
    [row] = db.exec(select(MailOutbox)).all()
    assert row.status == MailStatus.SENT and row.sent_at is not None
    assert row.body_text == "" and row.body_html == ""


def test_an_unknown_address_gets_the_same_answer_in_about_the_same_time_and_no_mail(
    client: TestClient,
    mail_server: MailServer,  # noqa: F811
) -> None:
    timings = {}
    for address in ("anna@test.nl", "niemand@test.nl"):
        started = time.monotonic()
        response = ask(client, address)
        timings[address] = time.monotonic() - started
        assert response.headers["location"] == f"{ORIGIN}/wachtwoord-vergeten?sent=1"
    mail_server.wait_for("anna@test.nl")
    print(f"\nanswer times: {', '.join(f'{k} {v:.3f} s' for k, v in timings.items())}")
    assert mail_server.mails_to("niemand@test.nl") == []
    assert min(timings.values()) >= 0.4
    assert abs(timings["anna@test.nl"] - timings["niemand@test.nl"]) < 0.3


def test_an_unconfirmed_address_gets_the_same_answer_and_no_mail(
    client: TestClient,
    world: World,
    mail_server: MailServer,  # noqa: F811
) -> None:
    ben = world.users["ben"]
    ben.password_hash = hash_password(OLD)
    world.session.add(ben)
    world.session.commit()
    assert ask(client, "ben@test.nl").headers["location"].endswith("?sent=1")
    assert mail_server.received == []


def test_a_professional_via_her_organisation_gets_no_reset_link(
    client: TestClient,
    world: World,
    mail_server: MailServer,  # noqa: F811
) -> None:
    hanna = world.users["hanna"]
    hanna.oidc_issuer, hanna.oidc_subject = "https://idp.test", "hanna-1"
    world.session.add(hanna)
    world.session.commit()
    assert ask(client, "hanna@test.nl").headers["location"].endswith("?sent=1")
    mail = mail_server.wait_for("hanna@test.nl")
    assert mail.link == "" and "token" not in mail.html
    assert "organisatie" in mail.text


def test_the_link_sets_the_password_ends_every_other_session_and_signs_anna_in(
    client: TestClient,
    world: World,
    mail_server: MailServer,  # noqa: F811
    db: Session,
) -> None:
    anna = world.users["anna"]
    with session_scope() as session:
        elsewhere = sessions.start_session(session, user_id=anna.id, family_id=world.alfa.id)
    ask(client, "anna@test.nl")
    token = token_of(mail_server.wait_for("anna@test.nl").link)
    response = reset(client, token)
    assert response.status_code == 303 and response.headers["location"] == f"{ORIGIN}/"
    assert "dossier_session=" in response.headers["set-cookie"]
    with session_scope() as session:
        assert sessions.find_session(session, elsewhere) is None
        live = session.exec(
            select(UserSession).where(
                UserSession.user_id == anna.id, col(UserSession.revoked_at).is_(None)
            )
        ).all()
        assert len(live) == 1  # only the fresh one of this browser
        user = session.get(User, anna.id)
        assert user is not None and verify_password(user.password_hash, NEW)
        rows = session.exec(select(AuditEvent).where(AuditEvent.action == "password.reset")).all()
        assert world.alfa.id in {row.family_id for row in rows}
    login = client.post(
        "/api/auth/login",
        data={"email": "anna@test.nl", "password": NEW},
        follow_redirects=False,
    )
    assert login.headers["location"] == f"{ORIGIN}/"


def test_a_reset_link_works_only_once(
    client: TestClient,
    mail_server: MailServer,  # noqa: F811
) -> None:
    ask(client, "anna@test.nl")
    token = token_of(mail_server.wait_for("anna@test.nl").link)
    assert reset(client, token).headers["location"] == f"{ORIGIN}/"
    again = reset(client, token, password="nog een ander wachtwoord")
    assert again.headers["location"].startswith(f"{ORIGIN}/wachtwoord-herstellen?token=")
    assert "error=" not in again.headers["location"]  # the page says the link is dead
    with session_scope() as session:
        user = session.exec(select(User).where(User.email == "anna@test.nl")).one()
        assert verify_password(user.password_hash, NEW)


def test_a_reset_link_is_dead_after_thirty_minutes(
    client: TestClient,
    mail_server: MailServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ask(client, "anna@test.nl")
    token = token_of(mail_server.wait_for("anna@test.nl").link)
    later = clock.now() + timedelta(minutes=30, seconds=5)
    monkeypatch.setattr(clock, "now", lambda: later)
    response = reset(client, token)
    assert "error=" not in response.headers["location"]
    assert "set-cookie" not in response.headers
    with session_scope() as session:
        user = session.exec(select(User).where(User.email == "anna@test.nl")).one()
        assert verify_password(user.password_hash, OLD)


def test_two_different_passwords_say_so_and_keep_the_link(
    client: TestClient,
    mail_server: MailServer,  # noqa: F811
) -> None:
    ask(client, "anna@test.nl")
    token = token_of(mail_server.wait_for("anna@test.nl").link)
    response = reset(client, token, repeat=NEW + "!")
    assert response.headers["location"].endswith("&error=mismatch")
    short = reset(client, token, password="kort")
    assert short.headers["location"].endswith("&error=too_short")
    assert reset(client, token).headers["location"] == f"{ORIGIN}/"


def test_no_token_reaches_the_log(
    client: TestClient,
    mail_server: MailServer,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    ask(client, "anna@test.nl")
    token = token_of(mail_server.wait_for("anna@test.nl").link)
    reset(client, token, repeat="verkeerd wachtwoord")
    reset(client, token)
    reset(client, token)
    # The app's own records (the test's SMTP server logs every line it receives).
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith("mail.log")]
    assert any("sent via smtp" in line for line in ours)
    assert not any(token in line for line in ours)


def test_the_eleventh_ask_from_one_address_waits_and_sends_nothing(
    client: TestClient,
    mail_server: MailServer,  # noqa: F811
) -> None:
    for _ in range(10):
        assert ask(client, "niemand@test.nl").headers["location"].endswith("?sent=1")
    refused = ask(client, "anna@test.nl")
    assert refused.headers["location"] == f"{ORIGIN}/wachtwoord-vergeten?error=throttled"
    assert int(refused.headers["retry-after"]) > 0
    assert mail_server.received == []


def test_cross_site_posts_are_refused(client: TestClient, mail_server: MailServer) -> None:  # noqa: F811
    evil = {"origin": "https://evil.example", "sec-fetch-site": "cross-site"}
    assert ask(client, "anna@test.nl", **evil).status_code == 403
    response = client.post(
        "/api/auth/password/reset",
        data={"token": "x", "password": NEW, "repeat": NEW},
        headers=evil,
    )
    assert response.status_code == 403
    assert mail_server.received == []


def test_a_mail_that_could_not_be_sent_is_tried_again_later(
    world: World,
    mail_server: MailServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    db: Session,
) -> None:
    from dossier.settings import get_settings

    anna = world.users["anna"]
    outbox.queue(
        db,
        user_id=anna.id,
        to="anna@test.nl",
        kind="confirm",
        locale="nl",
        name="Anna",
        link=f"{ORIGIN}/x?token=abc",
    )
    db.commit()
    monkeypatch.setenv("DOSSIER_SMTP_URL", "smtp://127.0.0.1:9")  # nobody listens there
    get_settings.cache_clear()
    assert outbox.run_once() == {"claimed": 1, "retry": 1}
    with session_scope() as session:
        [row] = session.exec(select(MailOutbox)).all()
        session.expunge(row)
    assert row.status == MailStatus.PENDING and row.attempts == 1 and row.body_text
    assert outbox.run_once() == {"claimed": 0}  # not before its pause is over
    monkeypatch.setenv("DOSSIER_SMTP_URL", mail_server.url)
    get_settings.cache_clear()
    later = row.not_before + timedelta(seconds=1)
    assert outbox.run_once(now=lambda: later) == {"claimed": 1, "sent": 1}
    assert mail_server.wait_for("anna@test.nl").subject == "Bevestig je e-mailadres"

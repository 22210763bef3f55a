"""POST /api/auth/start: a parent starts a dossier; no answer tells whether an address exists.

An address in use starts a provisional dossier (dossier/domain/provisional.py): its owner
gets the claim mail, adds it with the link, or it is erased after 7 days."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import reflex as rx
from sqlmodel import select
from starlette.testclient import TestClient

from dossier import clock
from dossier.api import build_api
from dossier.db import session_scope
from dossier.domain.access import actor_for
from dossier.domain.passwords import hash_password
from dossier.jobs.erasure import erase_unclaimed_dossiers
from dossier.jobs.erasure import run_once as erasure_run_once
from dossier.mail import outbox
from dossier.models import AuditEvent, Family, MailOutbox, Membership, Role, User, UserSession
from dossier.permissions import PermissionDenied
from dossier.state import gate
from dossier.state.base import AppState
from dossier.state.claim import ClaimState
from tests.factories import World
from tests.integration.support import login_as
from tests.mail_server import MailServer, mail_server  # noqa: F401  (the fixture)

HOME = "http://localhost:3000/"


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(build_api(), base_url="http://localhost:3000") as client:
        yield client


def families() -> int:
    with session_scope() as session:  # its own short session: the route needs the writer
        return len(session.exec(select(Family)).all())


def start(client: TestClient, headers: dict | None = None, **fields: str):
    form = {
        "name": "Sanne de Boer",
        "email": "sanne.deboer@test.nl",
        "password": "een goed wachtwoord",
        "family_name": "Gezin De Boer",
        "child_name": "Noor",
        "birth_year": "2019",
        **fields,
    }
    return client.post("/api/auth/start", data=form, headers=headers or {}, follow_redirects=False)


def mails(kind: str) -> list[MailOutbox]:
    with session_scope() as session:
        return list(session.exec(select(MailOutbox).where(MailOutbox.kind == kind)).all())


def test_a_new_parent_lands_on_the_overview_signed_in_with_a_confirmation_mail(
    client: TestClient, world: World
) -> None:
    response = start(client)
    assert response.status_code == 303 and response.headers["location"] == HOME
    assert "dossier_session=" in response.headers["set-cookie"]
    with session_scope() as db:
        user = db.exec(select(User).where(User.email == "sanne.deboer@test.nl")).one()
        membership = db.exec(select(Membership).where(Membership.user_id == user.id)).one()
        assert membership.role == "parent"
        session_row = db.exec(select(UserSession).where(UserSession.user_id == user.id)).one()
        assert session_row.current_family_id == membership.family_id
    assert [m.to_address for m in mails("confirm")] == ["sanne.deboer@test.nl"]


def _anna_has_a_password(world: World) -> None:
    world.users["anna"].password_hash = hash_password("annas eigen wachtwoord")
    world.session.add(world.users["anna"])
    world.session.commit()


def _answer(response) -> tuple:
    """What the browser can see of an answer: status, where to, which cookies, the body."""
    cookies = sorted(c.split("=", 1)[0] for c in response.headers.get_list("set-cookie"))
    return response.status_code, response.headers["location"], cookies, response.content


def test_an_address_in_use_gets_the_very_answer_a_new_address_gets(world: World) -> None:
    _anna_has_a_password(world)
    answers = []
    for email in ("nieuw.adres@test.nl", "anna@test.nl"):
        with TestClient(build_api(), base_url="http://localhost:3000") as fresh:
            answers.append(_answer(start(fresh, email=email)))
    assert answers[0] == answers[1]
    assert answers[0][:3] == (303, HOME, ["dossier_lang", "dossier_session"])


def test_an_address_in_use_starts_a_provisional_dossier_and_its_owner_gets_the_claim_mail(
    client: TestClient,
    world: World,
    mail_server: MailServer,  # noqa: F811
) -> None:
    _anna_has_a_password(world)
    before = families()
    response = start(client, email="anna@test.nl")
    assert response.headers["location"] == HOME and families() == before + 1
    mail = mail_server.wait_for("anna@test.nl")
    assert mail.subject == "Iemand heeft met jouw e-mailadres een gezinsdossier gestart"
    assert "Je hebt al een account. Was jij dit?" in mail.text
    assert "het dossier wordt na 7 dagen gewist" in mail.text
    assert mail.link.startswith("http://localhost:3000/dossier-toevoegen?token=")
    assert "Gezin De Boer" not in mail.text and "Noor" not in mail.text
    assert mails("confirm") == []
    with session_scope() as db:
        user = db.exec(select(User).where(User.claim_email == "anna@test.nl")).one()
        assert user.email is None and user.password_hash is None
    # It can never log in by e-mail: that address and password are no account.
    login = client.post(
        "/api/auth/login",
        data={"email": "anna@test.nl", "password": "een goed wachtwoord"},
        follow_redirects=False,
    )
    assert login.headers["location"].endswith("/login?error=invalid")


def test_the_owner_with_the_right_password_starts_a_dossier_like_anyone(
    client: TestClient, world: World
) -> None:
    _anna_has_a_password(world)
    before = families()
    response = start(client, email="anna@test.nl", password="annas eigen wachtwoord")
    assert (
        response.headers["location"] == HOME
        and "dossier_session=" in response.headers["set-cookie"]
    )
    assert families() == before + 1
    assert mails("confirm") == [] and mails("start_claim") == []


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"password": "kort"}, "too_short"),
        ({"email": "geen-adres"}, "email_invalid"),
        ({"name": ""}, "missing"),
        ({"family_name": ""}, "family"),
        ({"child_name": ""}, "child"),
        ({"birth_year": "3000"}, "year_future"),
        ({"birth_year": "1990"}, "year_old"),
        ({"birth_year": "abcd"}, "year_format"),
    ],
)
def test_bad_input_saves_nothing_and_says_what_to_fix(
    client: TestClient, world: World, fields: dict, code: str
) -> None:
    before = families()
    response = start(client, **fields)
    assert response.headers["location"] == f"http://localhost:3000/starten?error={code}"
    assert families() == before and "set-cookie" not in response.headers


@pytest.mark.parametrize(
    "headers",
    [{"sec-fetch-site": "cross-site"}, {"origin": "https://evil.example"}, {"origin": "null"}],
)
def test_a_post_from_another_site_is_refused(client: TestClient, world: World, headers) -> None:
    before = families()
    assert start(client, headers=headers).status_code == 403
    assert families() == before


def test_starting_is_throttled_per_ip_counting_every_attempt(
    client: TestClient, world: World
) -> None:
    for n in range(10):
        response = start(client, email=f"ouder{n}@test.nl", family_name=f"Gezin {n}")
        assert response.headers["location"] == HOME
    response = start(client, email="nog.een@test.nl")
    assert response.headers["location"] == "http://localhost:3000/starten?error=throttled"
    assert int(response.headers["retry-after"]) > 0
    with session_scope() as session:
        assert session.exec(select(User).where(User.email == "nog.een@test.nl")).first() is None


# --------------------------------------------------------------------------------------
# The claim link: Anna adds the dossier to her account; anyone else is calmly refused
# --------------------------------------------------------------------------------------


def _started_with_annas_address(
    client: TestClient,
    world: World,
    mail_server: MailServer,  # noqa: F811
) -> tuple[int, int, str]:
    """(the provisional account, its family, the claim link's token from Anna's mail)."""
    _anna_has_a_password(world)
    start(client, email="anna@test.nl")
    with session_scope() as db:
        user = db.exec(select(User).where(User.claim_email == "anna@test.nl")).one()
        membership = db.exec(select(Membership).where(Membership.user_id == user.id)).one()
    token = mail_server.wait_for("anna@test.nl").link.split("token=", 1)[1]
    return user.id, membership.family_id, token  # type: ignore[return-value]


async def open_claim(token: str, login: gate.Login | None) -> ClaimState:
    gate.act_as(login)
    root = rx.State()
    path = f"/dossier-toevoegen?token={token}"
    data = {"pathname": "/dossier-toevoegen", "asPath": path, "headers": {}, "ip": "198.51.100.7"}
    root.router_data = root._update_router_vars(data, {})
    state = await root.get_state(ClaimState)
    state.load_claim()
    gate.act_as(None)
    return state


async def test_anna_opens_the_claim_link_and_the_dossier_becomes_hers(
    client: TestClient,
    world: World,
    mail_server: MailServer,  # noqa: F811
) -> None:
    provisional_id, family_id, token = _started_with_annas_address(client, world, mail_server)
    signed_out = await open_claim(token, None)
    assert signed_out.status == "signed_out"  # log in first; the link is not used yet
    assert (await open_claim(token, login_as(world, "anna"))).status == ""  # on to the overview
    anna = world.users["anna"]
    with session_scope() as db:
        actor = actor_for(db, user_id=anna.id, family_id=family_id)
        assert actor.role == Role.PARENT
        gone = db.get(User, provisional_id)
        assert gone is not None and gone.erased_at is not None and gone.claim_email is None
        assert db.exec(select(UserSession).where(UserSession.user_id == provisional_id)).all() == []
        log = db.exec(select(AuditEvent).where(AuditEvent.action == "family.claim")).one()
        assert (log.user_id, log.family_id) == (anna.id, family_id)
    assert (await open_claim(token, login_as(world, "anna"))).status == "dead"  # once


async def test_bram_opening_annas_claim_link_gets_a_calm_no(
    client: TestClient,
    world: World,
    mail_server: MailServer,  # noqa: F811
) -> None:
    provisional_id, family_id, token = _started_with_annas_address(client, world, mail_server)
    assert (await open_claim(token, login_as(world, "bram"))).status == "not_yours"
    with session_scope() as db:
        with pytest.raises(PermissionDenied):
            actor_for(db, user_id=world.users["bram"].id, family_id=family_id)
        user = db.get(User, provisional_id)
        assert user is not None and user.erased_at is None
    assert (await open_claim("verzonnen", login_as(world, "anna"))).status == "dead"


def test_an_unclaimed_provisional_dossier_is_erased_after_seven_days(
    client: TestClient,
    world: World,
    mail_server: MailServer,  # noqa: F811
) -> None:
    provisional_id, family_id, _token = _started_with_annas_address(client, world, mail_server)
    six_days = clock.now() + timedelta(days=6)
    assert erase_unclaimed_dossiers(now=six_days).unclaimed == []
    eight_days = clock.now() + timedelta(days=8)
    run = erasure_run_once(now=eight_days)
    assert run.unclaimed == [provisional_id] and family_id in run.families
    assert erase_unclaimed_dossiers(now=eight_days).unclaimed == []  # once
    with session_scope() as db:
        family = db.get(Family, family_id)
        assert family is not None and family.status == "erased" and family.name == ""
        user = db.get(User, provisional_id)
        assert user is not None and user.erased_at is not None and user.claim_email is None
        assert db.exec(select(Membership).where(Membership.family_id == family_id)).all() == []
        assert db.exec(select(MailOutbox).where(MailOutbox.user_id == provisional_id)).all() == []


async def test_the_provisional_parent_sees_the_usual_banner_and_send_again_mails_the_owner(
    client: TestClient,
    world: World,
    mail_server: MailServer,  # noqa: F811
) -> None:
    _anna_has_a_password(world)
    start(client, email="anna@test.nl")
    mail_server.wait_for("anna@test.nl")
    # A second start soon after: the owner is not mailed again by itself ...
    start(client, email="anna@test.nl", family_name="Gezin De Boer 2")
    with session_scope() as db:
        second = db.exec(
            select(User).where(User.claim_email == "anna@test.nl").order_by(User.id.desc())  # type: ignore[union-attr]
        ).first()
        assert second is not None
        family_id = db.exec(
            select(Membership.family_id).where(Membership.user_id == second.id)
        ).one()
    assert len(mails("start_claim")) == 1
    gate.act_as(
        gate.Login(
            user_id=second.id,  # type: ignore[arg-type]
            family_id=family_id,
            session_id=0,
            ip="127.0.0.1",
            user_agent="pytest",
        )
    )
    try:
        shell = await rx.State().get_state(AppState)
        shell.load_shell()
        assert shell.unconfirmed_email == "anna@test.nl"
        assert shell.confirm_banner_text == (
            "Bevestig je e-mailadres. We stuurden een link naar anna@test.nl."
        )
        # ... but "Stuur opnieuw" on its banner does, once (then: wait a minute).
        shell.resend_confirmation()
        shell.resend_confirmation()
    finally:
        gate.act_as(None)
    outbox.run_once()  # what the app's mail worker does
    mail_server.wait_for("anna@test.nl", count=2)
    assert len(mails("start_claim")) == 2 and mails("confirm") == []

"""Getting back in, as rules: who gets a reset link, how long it works, what using it
does, and confirming an address (the domain, without HTTP)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from dossier import clock
from dossier.db import get_engine
from dossier.domain import mail_tokens, sessions
from dossier.domain.email_confirmation import (
    address_confirmed,
    confirm_email,
    needs_confirmation,
    request_confirmation,
    resend_confirmation,
)
from dossier.domain.errors import InvalidInput
from dossier.domain.password_reset import link_is_live, request_reset, reset_password
from dossier.domain.passwords import hash_password, verify_password
from dossier.domain.throttle import DatabaseBackend, Throttle, reset_keys
from dossier.models import AuditEvent, MailOutbox, MailToken, User, UserSession
from tests.factories import World

NEW = "een nieuw sterk wachtwoord"
PASSWORD = "het oude wachtwoord"


def with_password(world: World, name: str, *, confirmed: bool = True) -> User:
    user = world.users[name]
    user.password_hash = hash_password(PASSWORD)
    user.email_confirmed_at = clock.now() if confirmed else None
    world.session.add(user)
    world.session.commit()
    return user


def outbox(session: Session) -> list[MailOutbox]:
    return list(session.exec(select(MailOutbox).order_by(col(MailOutbox.id))).all())


def reset_token(world: World, name: str) -> str:
    """Ask for a reset the way the route does, and take the token from the queued mail."""
    request_reset(world.session, f"{name}@test.nl")
    world.session.commit()
    mail = outbox(world.session)[-1]
    return mail.body_text.split("token=", 1)[1].split()[0]


def test_anna_with_a_confirmed_address_gets_one_reset_mail_with_a_hashed_link(
    world: World,
) -> None:
    with_password(world, "anna")
    token = reset_token(world, "anna")
    [mail] = outbox(world.session)
    assert mail.to_address == "anna@test.nl" and mail.kind == "reset"
    [stored] = world.session.exec(select(MailToken)).all()
    assert stored.token_hash != token and token not in stored.token_hash
    assert stored.expires_at - stored.created_at == timedelta(minutes=30)


def test_an_unknown_address_queues_nothing(world: World) -> None:
    request_reset(world.session, "niemand@test.nl")
    world.session.commit()
    assert outbox(world.session) == []


def test_an_unconfirmed_address_gets_no_reset_link(world: World) -> None:
    with_password(world, "anna", confirmed=False)
    request_reset(world.session, "anna@test.nl")
    world.session.commit()
    assert outbox(world.session) == []


def test_a_professional_who_logs_in_via_her_organisation_gets_a_hint_without_a_link(
    world: World,
) -> None:
    hanna = world.users["hanna"]
    hanna.oidc_issuer, hanna.oidc_subject = "https://idp.test", "hanna-1"
    world.session.add(hanna)
    world.session.commit()
    request_reset(world.session, "HANNA@test.nl ")
    request_reset(world.session, "hanna@test.nl")  # a second ask within the hour: nothing
    world.session.commit()
    [mail] = outbox(world.session)
    assert mail.kind == "reset_oidc"
    assert "token=" not in mail.body_text and "http" not in mail.body_text


def test_anna_gets_at_most_three_reset_mails_an_hour(world: World) -> None:
    with_password(world, "anna")
    for _ in range(5):
        request_reset(world.session, "anna@test.nl")
    world.session.commit()
    assert len(outbox(world.session)) == 3


def test_two_different_passwords_are_refused_and_the_link_still_works(world: World) -> None:
    with_password(world, "anna")
    token = reset_token(world, "anna")
    with pytest.raises(InvalidInput) as problem:
        reset_password(world.session, token=token, password=NEW, repeat=NEW + "x")
    assert problem.value.message_key == "reset.error.mismatch"
    with pytest.raises(InvalidInput) as problem:
        reset_password(world.session, token=token, password="kort", repeat="kort")
    assert problem.value.message_key == "password.too_short"
    assert link_is_live(world.session, token)


def test_a_reset_sets_the_password_ends_every_session_and_is_logged_for_the_family(
    world: World,
) -> None:
    anna = with_password(world, "anna", confirmed=True)
    assert anna.id is not None
    sessions.start_session(world.session, user_id=anna.id, family_id=world.alfa.id)
    world.session.commit()
    token = reset_token(world, "anna")
    reset_password(world.session, token=token, password=NEW, repeat=NEW, ip="203.0.113.9")
    world.session.commit()
    world.session.refresh(anna)
    assert verify_password(anna.password_hash, NEW)
    live = world.session.exec(
        select(UserSession).where(
            UserSession.user_id == anna.id, col(UserSession.revoked_at).is_(None)
        )
    ).all()
    assert live == []
    rows = world.session.exec(select(AuditEvent).where(AuditEvent.action == "password.reset")).all()
    assert {row.family_id for row in rows} == {None, world.alfa.id}
    assert all(row.user_id == anna.id and row.ip == "203.0.113.9" for row in rows)


def test_a_reset_link_works_once(world: World) -> None:
    with_password(world, "anna")
    token = reset_token(world, "anna")
    reset_password(world.session, token=token, password=NEW, repeat=NEW)
    world.session.commit()
    with pytest.raises(mail_tokens.LinkUnusable):
        reset_password(world.session, token=token, password=NEW, repeat=NEW)


def test_a_reset_link_is_dead_after_thirty_minutes(world: World) -> None:
    with_password(world, "anna")
    token = reset_token(world, "anna")
    later = clock.now() + timedelta(minutes=30, seconds=1)
    assert link_is_live(world.session, token, now=later - timedelta(seconds=2))
    assert not link_is_live(world.session, token, now=later)
    with pytest.raises(mail_tokens.LinkUnusable):
        reset_password(world.session, token=token, password=NEW, repeat=NEW, now=later)


def test_a_newer_reset_kills_the_older_links(world: World) -> None:
    with_password(world, "anna")
    first = reset_token(world, "anna")
    second = reset_token(world, "anna")
    reset_password(world.session, token=second, password=NEW, repeat=NEW)
    world.session.commit()
    assert not link_is_live(world.session, first)


def test_a_link_sent_to_an_old_address_dies_when_the_address_changes(world: World) -> None:
    anna = with_password(world, "anna")
    token = reset_token(world, "anna")
    anna.email = "anna.nieuw@test.nl"
    world.session.add(anna)
    world.session.commit()
    assert not link_is_live(world.session, token)


def test_an_address_that_lost_its_confirmation_gets_no_reset_link(world: World) -> None:
    anna = with_password(world, "anna", confirmed=True)
    anna.email_confirmed_at = None  # e.g. set back by an operator after a wrong address
    world.session.add(anna)
    world.session.commit()
    request_reset(world.session, "anna@test.nl")  # unconfirmed now: no mail
    world.session.commit()
    assert outbox(world.session) == []


def test_a_new_account_is_asked_to_confirm_and_the_link_confirms_it_once(world: World) -> None:
    anna = with_password(world, "anna", confirmed=False)
    assert needs_confirmation(anna)
    request_confirmation(world.session, anna)
    world.session.commit()
    [mail] = outbox(world.session)
    assert mail.kind == "confirm" and "/e-mail-bevestigen?token=" in mail.body_text
    token = mail.body_text.split("token=", 1)[1].split()[0]
    confirm_email(world.session, token)
    world.session.commit()
    world.session.refresh(anna)
    assert anna.email_confirmed_at is not None and not needs_confirmation(anna)
    with pytest.raises(mail_tokens.LinkUnusable):
        confirm_email(world.session, token)


def test_a_confirmation_link_works_for_seven_days(world: World) -> None:
    anna = with_password(world, "anna", confirmed=False)
    request_confirmation(world.session, anna)
    world.session.commit()
    token = outbox(world.session)[0].body_text.split("token=", 1)[1].split()[0]
    with pytest.raises(mail_tokens.LinkUnusable):
        confirm_email(world.session, token, now=clock.now() + timedelta(days=7, seconds=1))


def test_accounts_without_a_password_or_via_an_organisation_need_no_confirming(
    world: World,
) -> None:
    hanna = world.users["hanna"]
    assert not needs_confirmation(hanna)  # no password: nothing to reset, nothing to prove
    assert not address_confirmed(hanna)
    hanna.password_hash, hanna.oidc_subject = "x", "hanna-1"
    assert not needs_confirmation(hanna)
    assert address_confirmed(hanna)  # her organisation vouches for the address


def test_send_again_waits_a_minute_and_stops_after_five_a_day(world: World) -> None:
    anna = with_password(world, "anna", confirmed=False)
    assert anna.id is not None
    start = clock.now()
    assert resend_confirmation(world.session, user_id=anna.id, now=start)
    assert not resend_confirmation(
        world.session, user_id=anna.id, now=start + timedelta(seconds=30)
    )
    for minutes in (2, 4, 6, 8):
        assert resend_confirmation(
            world.session, user_id=anna.id, now=start + timedelta(minutes=minutes)
        )
    assert not resend_confirmation(world.session, user_id=anna.id, now=start + timedelta(hours=2))
    world.session.commit()
    assert len(outbox(world.session)) == 5


def test_the_eleventh_reset_request_from_one_address_in_a_quarter_hour_waits(
    db: Session,
) -> None:
    throttle = Throttle(DatabaseBackend(get_engine()))
    keys = reset_keys(ip="203.0.113.5")
    now = clock.now()
    for _ in range(10):
        assert throttle.check(keys, now=now) is None
        throttle.fail(keys, now=now)
    assert throttle.check(keys, now=now) == 15 * 60
    assert throttle.check(reset_keys(ip="203.0.113.6"), now=now) is None
    assert throttle.check(keys, now=now + timedelta(minutes=15)) is None

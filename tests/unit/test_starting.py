"""Starting a dossier: a parent with an account, or a hospital case manager for a family."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

import pytest
from argon2 import PasswordHasher
from sqlmodel import Session, select

from dossier import clock
from dossier.domain import passwords, provisional, starting
from dossier.domain.access import actor_for
from dossier.domain.accounts import authenticate
from dossier.domain.errors import InvalidInput, NotFound
from dossier.domain.invitations import InvitationUnusable, accept_invitation, check_invitation
from dossier.domain.passwords import hash_password
from dossier.models import (
    AuditEvent,
    Family,
    FamilyStatus,
    Invitation,
    MailOutbox,
    Membership,
    MembershipStatus,
    Role,
    User,
)
from dossier.permissions import Action, PermissionDenied, can
from tests.factories import World

TODAY = date(2026, 12, 7)


def form(**changes: str) -> starting.StartForm:
    fields = {
        "name": "Sanne de Boer",
        "email": "sanne.deboer@test.nl",
        "password": "een goed wachtwoord",
        "family_name": "Gezin De Boer",
        "child_name": "Noor",
        "birth_year": "2019",
        **changes,
    }
    return starting.check_start(today=TODAY, **fields)


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"name": "  "}, "error.name_required"),
        ({"email": "geen-adres"}, "error.email_invalid"),
        ({"password": "kort"}, "password.too_short"),
        ({"family_name": ""}, "start.error.family_missing"),
        ({"child_name": " "}, "start.error.child_missing"),
        ({"birth_year": ""}, "start.error.year_missing"),
        ({"birth_year": "19"}, "start.error.year_format"),
        ({"birth_year": "twee"}, "start.error.year_format"),
        ({"birth_year": "2027"}, "start.error.year_future"),
        ({"birth_year": "2000"}, "start.error.year_old"),
        ({"family_name": "x" * 121}, "start.error.too_long"),
        ({"child_name": "No\u200bor"}, "error.invisible_text"),
    ],
)
def test_a_bad_field_is_named_before_anything_is_looked_up(changes: dict, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        form(**changes)
    assert refused.value.message_key == key


def test_the_oldest_year_says_which_year_is_still_fine() -> None:
    with pytest.raises(InvalidInput) as refused:
        starting.check_year("2000", today=TODAY)
    assert refused.value.params == {"oldest": 2001}
    assert starting.check_year("2001", today=TODAY) == 2001
    assert starting.check_year("2026", today=TODAY) == 2026


def test_a_new_parent_gets_an_account_an_open_family_and_is_its_parent(db: Session) -> None:
    result = starting.start_dossier(db, form(), ip="198.51.100.1")
    db.commit()
    assert result.outcome is starting.StartOutcome.STARTED and result.new_user
    family = db.get(Family, result.family_id)
    assert family is not None
    assert (family.name, family.child_name, family.child_birth_year) == (
        "Gezin De Boer",
        "Noor",
        2019,
    )
    assert family.status == FamilyStatus.OPEN and family.started_in_app
    membership = db.exec(select(Membership).where(Membership.family_id == family.id)).one()
    assert membership.role == Role.PARENT and membership.status == MembershipStatus.ACTIVE
    user = db.get(User, result.user_id)
    assert user is not None and user.email == "sanne.deboer@test.nl" and user.password_hash
    row = db.exec(select(AuditEvent).where(AuditEvent.action == starting.STARTED)).one()
    assert (row.family_id, row.user_id, row.role) == (family.id, user.id, "parent")


def _with_password(world: World, name: str) -> User:
    user = world.users[name]
    user.password_hash = hash_password("annas eigen wachtwoord")
    world.session.add(user)
    world.session.commit()
    return user


def test_an_address_in_use_with_its_own_password_simply_starts_another_dossier(
    world: World,
) -> None:
    anna = _with_password(world, "anna")
    result = starting.start_dossier(
        world.session, form(email="ANNA@test.nl", password="annas eigen wachtwoord")
    )
    assert result.outcome is starting.StartOutcome.STARTED
    assert result.user_id == anna.id and not result.new_user
    assert result.family_id not in (world.alfa.id, world.beta.id)


def test_an_address_in_use_without_its_password_starts_a_provisional_dossier(
    world: World,
) -> None:
    anna = _with_password(world, "anna")
    result = starting.start_dossier(world.session, form(email="anna@test.nl"))
    world.session.commit()
    assert result.outcome is starting.StartOutcome.STARTED and result.new_user
    assert result.provisional and result.mail_owner
    user = world.session.get(User, result.user_id)
    assert user is not None and user.id != anna.id
    # No address (it is Anna's) and no password: it can never log in by e-mail.
    assert (user.email, user.password_hash, user.claim_email) == (None, None, "anna@test.nl")
    assert provisional.is_provisional(user)
    assert provisional.banner_address(user) == "anna@test.nl"
    membership = world.session.exec(select(Membership).where(Membership.user_id == user.id)).one()
    assert membership.family_id == result.family_id and membership.role == Role.PARENT
    assert authenticate(world.session, email="anna@test.nl", password="een goed wachtwoord") is None
    # A second try soon after: the same answer, but the owner is not mailed again at once.
    again = starting.start_dossier(world.session, form(email="anna@test.nl"))
    assert again.provisional and not again.mail_owner


def test_an_account_without_a_password_never_matches(world: World) -> None:
    result = starting.start_dossier(world.session, form(email="hanna@test.nl"))
    assert result.provisional and result.user_id != world.users["hanna"].id


def _provisional_of_anna(world: World) -> tuple[User, int, str]:
    """A dossier started with Anna's address, and the link in the mail to Anna."""
    _with_password(world, "anna")
    result = starting.start_dossier(world.session, form(email="anna@test.nl"))
    user = world.session.get(User, result.user_id)
    assert user is not None and result.family_id is not None
    assert provisional.request_claim(world.session, user)
    world.session.commit()
    mail = world.session.exec(select(MailOutbox).where(MailOutbox.kind == "start_claim")).one()
    assert mail.to_address == "anna@test.nl" and mail.user_id == user.id
    assert "Was jij dit?" in mail.body_text and "7 dagen" in mail.body_text
    assert "Gezin De Boer" not in mail.body_text and "Noor" not in mail.body_text
    token = mail.body_text.split("token=", 1)[1].split()[0]
    return user, result.family_id, token


def test_anna_claims_the_dossier_started_with_her_address_and_becomes_its_parent(
    world: World,
) -> None:
    user, family_id, token = _provisional_of_anna(world)
    anna = world.users["anna"]
    found = provisional.claim(world.session, token, user_id=anna.id)
    world.session.commit()
    assert found == provisional.Claim(provisional.ClaimOutcome.CLAIMED, family_id)
    actor = actor_for(world.session, user_id=anna.id, family_id=family_id)
    assert actor.role == Role.PARENT and can(actor, Action.MEMBERS_MANAGE)
    world.session.refresh(user)
    assert user.erased_at is not None and user.claim_email is None
    old = world.session.exec(select(Membership).where(Membership.user_id == user.id)).one()
    assert old.status == MembershipStatus.REVOKED
    row = world.session.exec(select(AuditEvent).where(AuditEvent.action == "family.claim")).one()
    assert (row.user_id, row.family_id) == (anna.id, family_id)
    # The link works once.
    again = provisional.claim(world.session, token, user_id=anna.id)
    assert again.outcome is provisional.ClaimOutcome.DEAD


def test_bram_opening_annas_claim_link_is_calmly_refused_and_changes_nothing(
    world: World,
) -> None:
    user, family_id, token = _provisional_of_anna(world)
    bram = world.users["bram"]
    found = provisional.claim(world.session, token, user_id=bram.id)
    world.session.commit()
    assert found.outcome is provisional.ClaimOutcome.NOT_YOURS
    with pytest.raises(PermissionDenied):
        actor_for(world.session, user_id=bram.id, family_id=family_id)
    world.session.refresh(user)
    assert user.erased_at is None and provisional.is_provisional(user)
    # The link still works for Anna.
    found = provisional.claim(world.session, token, user_id=world.users["anna"].id)
    assert found.outcome is provisional.ClaimOutcome.CLAIMED


def test_send_again_on_a_provisional_account_mails_the_owner_with_the_same_limits(
    world: World,
) -> None:
    user, _family_id, _token = _provisional_of_anna(world)
    later = clock.now() + timedelta(minutes=2)
    assert provisional.resend_banner_mail(world.session, user_id=user.id, now=later)
    assert not provisional.resend_banner_mail(world.session, user_id=user.id, now=later)
    world.session.commit()
    mails = world.session.exec(select(MailOutbox).where(MailOutbox.kind == "start_claim")).all()
    assert [m.to_address for m in mails] == ["anna@test.nl", "anna@test.nl"]
    assert world.session.exec(select(MailOutbox).where(MailOutbox.kind == "confirm")).all() == []


def test_a_double_tap_lands_in_the_dossier_just_started(db: Session) -> None:
    first = starting.start_dossier(db, form())
    db.commit()
    second = starting.start_dossier(db, form())
    db.commit()
    assert second.family_id == first.family_id and not second.new_user
    assert len(db.exec(select(Family)).all()) == 1


def _start_for_parents(world: World, name: str = "hanna") -> tuple[int, str]:
    checked = starting.check_family(
        family_name="Gezin Jansen", child_name="Mila", birth_year="2021", today=TODAY
    )
    family_id, token = starting.start_for_parents(
        world.session, user_id=world.users[name].id, form=checked
    )
    world.session.commit()
    return family_id, token


def test_the_hospital_case_manager_starts_a_dossier_that_waits_for_its_parents(
    world: World,
) -> None:
    family_id, token = _start_for_parents(world)
    family = world.session.get(Family, family_id)
    assert family is not None and family.status == FamilyStatus.AWAITING_PARENTS
    hanna = actor_for(world.session, user_id=world.users["hanna"].id, family_id=family_id)
    assert hanna.role is Role.CM_HOSPITAL
    assert can(hanna, Action.FAMILY_VIEW) and not can(hanna, Action.TASK_VIEW)
    assert not can(hanna, Action.TASK_CREATE) and not can(hanna, Action.MEMBERS_VIEW)
    assert check_invitation(world.session, token).role == Role.PARENT
    shown = starting.waiting(world.session, hanna)
    assert shown is not None and shown.family_name == "Gezin Jansen"
    assert shown.for_parents and shown.may_renew
    actions = {
        r.action
        for r in world.session.exec(select(AuditEvent).where(AuditEvent.family_id == family_id))
    }
    assert {starting.STARTED_FOR_PARENTS, "invitation.create"} <= actions


@pytest.mark.parametrize("name", ["hugo", "anna", "gerda", "dora"])
def test_only_a_hospital_case_manager_may_start_one_for_a_family(world: World, name: str) -> None:
    with pytest.raises(PermissionDenied):
        _start_for_parents(world, name)
    assert not starting.may_start_for_parents(world.session, user_id=world.users[name].id)


def test_a_new_link_stops_the_old_one(world: World) -> None:
    family_id, old = _start_for_parents(world)
    hanna = actor_for(world.session, user_id=world.users["hanna"].id, family_id=family_id)
    new = starting.renew_parent_invitation(world.session, hanna)
    world.session.commit()
    assert check_invitation(world.session, new).family_id == family_id
    revoked = world.session.exec(select(Invitation).where(Invitation.family_id == family_id)).all()
    assert sum(i.revoked_at is not None for i in revoked) == 1
    with pytest.raises(InvitationUnusable):
        check_invitation(world.session, old)


def _parent_joins(world: World, family_id: int, token: str) -> User:
    parent = User(email="eva.jansen@test.nl", name="Eva Jansen")
    world.session.add(parent)
    world.session.flush()
    accept_invitation(world.session, token=token, user=parent)
    world.session.commit()
    return parent


def test_a_parent_who_joins_opens_the_dossier_and_is_asked_about_her(world: World) -> None:
    family_id, token = _start_for_parents(world)
    eva = _parent_joins(world, family_id, token)
    family = world.session.get(Family, family_id)
    assert family is not None and family.status == FamilyStatus.OPEN
    parent = actor_for(world.session, user_id=eva.id, family_id=family_id)
    [question] = starting.consent_questions(world.session, parent)
    assert question.name == "Hanna" and question.role == Role.CM_HOSPITAL
    # Until the parent's yes she still sees only the name and the state.
    hanna = actor_for(world.session, user_id=world.users["hanna"].id, family_id=family_id)
    assert hanna.family_status is FamilyStatus.AWAITING_PARENTS
    shown = starting.waiting(world.session, hanna)
    assert shown is not None and not shown.for_parents and not shown.may_renew
    with pytest.raises(PermissionDenied):
        starting.renew_parent_invitation(world.session, hanna)


def test_yes_keeps_the_case_manager_and_opens_the_dossier_for_her(world: World) -> None:
    family_id, token = _start_for_parents(world)
    eva = _parent_joins(world, family_id, token)
    parent = actor_for(world.session, user_id=eva.id, family_id=family_id)
    [question] = starting.consent_questions(world.session, parent)
    starting.answer_consent(
        world.session,
        parent,
        membership_id=question.membership_id,
        keep=True,
        expected_version=question.version,
    )
    world.session.commit()
    hanna = actor_for(world.session, user_id=world.users["hanna"].id, family_id=family_id)
    assert hanna.family_status is FamilyStatus.OPEN and can(hanna, Action.TASK_CREATE)
    assert starting.consent_questions(world.session, parent) == []
    rows = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == starting.CONSENT_YES)
    ).all()
    assert [r.user_id for r in rows] == [eva.id]


def test_no_removes_her_and_her_access_ends(world: World) -> None:
    family_id, token = _start_for_parents(world)
    eva = _parent_joins(world, family_id, token)
    parent = actor_for(world.session, user_id=eva.id, family_id=family_id)
    [question] = starting.consent_questions(world.session, parent)
    starting.answer_consent(
        world.session,
        parent,
        membership_id=question.membership_id,
        keep=False,
        expected_version=question.version,
    )
    world.session.commit()
    with pytest.raises(PermissionDenied):
        actor_for(world.session, user_id=world.users["hanna"].id, family_id=family_id)
    assert world.session.exec(
        select(AuditEvent).where(AuditEvent.action == starting.CONSENT_NO)
    ).one()
    # She hears it in neutral words, without the family's name.
    [mail] = world.session.exec(select(MailOutbox).where(MailOutbox.kind == "consent_no")).all()
    assert mail.to_address == "hanna@test.nl" and "Jansen" not in (mail.body_text or "")
    with pytest.raises(NotFound):  # answered: the question is gone
        starting.answer_consent(
            world.session,
            parent,
            membership_id=question.membership_id,
            keep=True,
            expected_version=question.version + 1,
        )


def test_only_a_parent_answers_the_question(world: World) -> None:
    family_id, token = _start_for_parents(world)
    _parent_joins(world, family_id, token)
    member = world.session.exec(
        select(Membership).where(
            Membership.family_id == family_id, Membership.role == Role.CM_HOSPITAL
        )
    ).one()
    hanna = actor_for(world.session, user_id=world.users["hanna"].id, family_id=family_id)
    with pytest.raises(PermissionDenied):
        starting.answer_consent(
            world.session,
            hanna,
            membership_id=member.id,
            keep=True,
            expected_version=member.version,
        )
    # Someone of another family is refused as well (said as "not found").
    with pytest.raises(PermissionDenied):
        starting.answer_consent(
            world.session,
            world.actor("anna"),
            membership_id=member.id,
            keep=False,
            expected_version=member.version,
        )


def test_the_waiting_card_is_only_for_a_dossier_that_waits(world: World) -> None:
    assert starting.waiting(world.session, world.actor("hanna")) is None


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("status", list(FamilyStatus))
def test_the_rules_let_only_a_hospital_case_manager_start_for_a_family(
    role: Role, status: FamilyStatus
) -> None:
    from dossier.permissions import Actor

    actor = Actor(user_id=1, family_id=1, membership_id=1, role=role, family_status=status)
    allowed = role is Role.CM_HOSPITAL and status is not FamilyStatus.CLOSING
    assert can(actor, Action.FAMILY_START_FOR_PARENTS) is allowed


def test_the_parents_read_her_start_and_their_answer_in_the_access_log(world: World) -> None:
    from dossier.domain.audit_log import access_log
    from dossier.presenters.access_log import sentence

    family_id, token = _start_for_parents(world)
    eva = _parent_joins(world, family_id, token)
    parent = actor_for(world.session, user_id=eva.id, family_id=family_id)
    [question] = starting.consent_questions(world.session, parent)
    starting.answer_consent(
        world.session,
        parent,
        membership_id=question.membership_id,
        keep=True,
        expected_version=question.version,
    )
    world.session.commit()
    lines = {sentence(entry, "nl") for entry in access_log(world.session, parent)}
    assert "Hanna (casemanager ziekenhuis) startte dit dossier voor jullie gezin" in lines
    assert any(line.startswith("Eva Jansen") and "zei ja: de casemanager" in line for line in lines)


class CountingHasher(PasswordHasher):
    """The real argon2id hasher, counting each hash and each check it does."""

    def __init__(self) -> None:
        super().__init__()
        self.work = 0

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        self.work += 1
        return super().hash(password, salt=salt)

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.work += 1
        return super().verify(hash, password)


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("nieuw@test.nl", "een goed wachtwoord"),  # a new address
        ("anna@test.nl", "annas eigen wachtwoord"),  # in use, its own password
        ("anna@test.nl", "een goed wachtwoord"),  # in use, another password: provisional
        ("hanna@test.nl", "een goed wachtwoord"),  # in use, an organisation account
    ],
)
def test_every_start_costs_exactly_one_argon2_computation(
    world: World, monkeypatch: pytest.MonkeyPatch, email: str, password: str
) -> None:
    _with_password(world, "anna")
    counting = CountingHasher()
    monkeypatch.setattr(passwords, "_hasher", counting)
    result = starting.start_dossier(world.session, form(email=email, password=password))
    assert result.outcome is starting.StartOutcome.STARTED
    assert counting.work == 1

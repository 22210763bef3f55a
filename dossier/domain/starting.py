"""Starting a dossier: by a parent (with an account), or by a hospital case manager for them.

**A parent starts one** (`start_dossier`, from POST /api/auth/start): an account (or the
one they already have), the family (status open) and their parent membership, in one
transaction with an access-log row. The form is checked first (`check_start`): a bad
field is refused with a clear message before anything is looked up or saved.

No account discovery. An e-mail address already in use gets the answer a new address
gets. With that account's password the existing user simply starts another dossier.
Without it, the dossier is started for a **provisional** account (domain/provisional.py):
the same session, overview and "Bevestig je e-mailadres" banner as a new account, but
it holds no e-mail and no password, and the owner of the address gets a mail with a
link to add the dossier to their own account (else it is erased after 7 days). Every
path costs one argon2 computation (a new hash, or a check of the stored one: the same
parameters), so the time does not tell either. The route throttles every attempt per IP.

A double tap (or a second post of the same form) does one thing: the same person, the
same family name, within ONE_START_WINDOW lands in the dossier they just started.

**A hospital case manager starts one for a family** (`start_for_parents`, from "Mijn
gezinnen"): only someone who is an active hospital case manager in a family now (the
gate asks `Action.FAMILY_START_FOR_PARENTS` of those memberships). The family waits for
its parents (`FamilyStatus.AWAITING_PARENTS`), she is its hospital case manager with
`awaiting_consent`, and there is a parent invitation (a link and QR code, shown once,
renewable). Until a parent has said yes to her, she sees only the name and the state.
When a parent joins (`parent_joined`, from accepting the invitation) the dossier opens
and the parent is asked on the overview: "Sanne Jansen wil casemanager ziekenhuis zijn.
Akkoord?" (`answer_consent`): yes keeps her, no removes her (her access ends at once).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, col, select

from dossier import audit
from dossier.clock import local_today
from dossier.domain.access import actor_for, guard, require
from dossier.domain.accounts import EMAIL_PATTERN, create_user, normalise_email
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.members import remove_member
from dossier.domain.membership import is_active_member
from dossier.domain.passwords import password_problem, verify_password
from dossier.domain.provisional import create_provisional
from dossier.domain.sessions import hash_token
from dossier.domain.text import line_problem
from dossier.mail import outbox
from dossier.models import (
    AuditEvent,
    Family,
    FamilyStatus,
    Invitation,
    Membership,
    MembershipStatus,
    Role,
    User,
    saved_id,
    utcnow,
)
from dossier.permissions import Action, Actor, PermissionDenied, can

# Children in paediatric palliative care are 0 to 23; a few years more leave room for a
# family that starts late. A year after this one is never right.
OLDEST_CHILD_YEARS = 25
NAME_MAX = 120
ONE_START_WINDOW = timedelta(minutes=5)
# At most one claim mail on its own to the owner of an address in this time (the
# provisional account's "Stuur opnieuw" can still send one, with its own limits).
OWNER_MAIL_EVERY = timedelta(minutes=10)
INVITATION_VALID_FOR = timedelta(hours=72)  # as domain/invitations.py VALID_FOR

# Access-log actions (words in dossier/i18n/*.start.json).
STARTED = "family.start"
STARTED_FOR_PARENTS = "family.start_for_parents"
ADDRESS_IN_USE = "family.start_address_in_use"
OPENED = "family.open"
CONSENT_YES = "membership.consent_yes"
CONSENT_NO = "membership.consent_no"
INVITATION_RENEWED = "invitation.renew"


class StartOutcome(StrEnum):
    STARTED = "started"  # a dossier, and a session for its parent


@dataclass(frozen=True, slots=True, kw_only=True)
class FamilyForm:
    """The family part of the form, checked: names tidied, the year a number."""

    family_name: str
    child_name: str
    birth_year: int


@dataclass(frozen=True, slots=True, kw_only=True)
class StartForm:
    name: str
    email: str
    password: str
    family: FamilyForm


@dataclass(frozen=True, slots=True, kw_only=True)
class StartResult:
    outcome: StartOutcome
    user_id: int | None = None
    family_id: int | None = None
    new_user: bool = False
    # A provisional account (the address is someone else's): whether its claim mail goes
    # to the owner now (not when one went to them less than OWNER_MAIL_EVERY ago).
    provisional: bool = False
    mail_owner: bool = False


# --------------------------------------------------------------------------------------
# The form
# --------------------------------------------------------------------------------------


def _line(raw: str, missing: str) -> str:
    text = " ".join((raw or "").split())
    if not text:
        raise InvalidInput(missing)
    if problem := line_problem(text):
        raise InvalidInput(problem)
    if len(text) > NAME_MAX:
        raise InvalidInput("start.error.too_long")
    return text


def check_year(raw: str, *, today: date | None = None) -> int:
    """The child's year of birth: digits, not in the future, not before 25 years ago."""
    this_year = (today or local_today()).year
    text = (raw or "").strip()
    if not text:
        raise InvalidInput("start.error.year_missing")
    if not text.isdigit() or len(text) != 4:
        raise InvalidInput("start.error.year_format")
    year = int(text)
    if year > this_year:
        raise InvalidInput("start.error.year_future")
    if year < this_year - OLDEST_CHILD_YEARS:
        raise InvalidInput("start.error.year_old", oldest=this_year - OLDEST_CHILD_YEARS)
    return year


def check_family(
    *, family_name: str, child_name: str, birth_year: str, today: date | None = None
) -> FamilyForm:
    return FamilyForm(
        family_name=_line(family_name, "start.error.family_missing"),
        child_name=_line(child_name, "start.error.child_missing"),
        birth_year=check_year(birth_year, today=today),
    )


def check_start(
    *,
    name: str,
    email: str,
    password: str,
    family_name: str,
    child_name: str,
    birth_year: str,
    today: date | None = None,
) -> StartForm:
    """The whole form, or InvalidInput naming the first thing to fix (no lookups)."""
    clean_name = _line(name, "error.name_required")
    clean_email = normalise_email(email or "")
    if not EMAIL_PATTERN.match(clean_email) or len(clean_email) > 254:
        raise InvalidInput("error.email_invalid")
    if problem := password_problem(password or ""):
        raise InvalidInput(problem)
    family = check_family(
        family_name=family_name, child_name=child_name, birth_year=birth_year, today=today
    )
    return StartForm(name=clean_name, email=clean_email, password=password, family=family)


# --------------------------------------------------------------------------------------
# A parent starts a dossier
# --------------------------------------------------------------------------------------


def _new_family(session: Session, form: FamilyForm, status: FamilyStatus) -> Family:
    family = Family(
        name=form.family_name,
        child_name=form.child_name,
        child_birth_year=form.birth_year,
        status=status,
        started_in_app=True,
    )
    session.add(family)
    session.flush()
    return family


def _actor(membership: Membership, user_id: int, status: FamilyStatus, ip: str, ua: str) -> Actor:
    return Actor(
        user_id=user_id,
        family_id=membership.family_id,
        membership_id=saved_id(membership),
        role=Role(membership.role),
        ip=ip,
        user_agent=ua,
        organisation=membership.organisation,
        family_status=status,
    )


def _just_started(session: Session, user_id: int, family_name: str, now: datetime) -> int | None:
    """The dossier this person started a moment ago under this name (a double tap)."""
    return session.exec(
        select(Family.id)
        .join(Membership, col(Membership.family_id) == Family.id)
        .where(
            is_active_member(user_id=user_id, role=Role.PARENT),
            Family.name == family_name,
            col(Family.started_in_app).is_(True),
            Family.created_at > now - ONE_START_WINDOW,
        )
    ).first()


def _owner_mailed_lately(session: Session, user_id: int, now: datetime) -> bool:
    return (
        session.exec(
            select(AuditEvent.id).where(
                AuditEvent.user_id == user_id,
                AuditEvent.action == ADDRESS_IN_USE,
                AuditEvent.at > now - OWNER_MAIL_EVERY,
            )
        ).first()
        is not None
    )


def start_dossier(
    session: Session,
    form: StartForm,
    *,
    locale: str = "nl",
    ip: str = "",
    user_agent: str = "",
    now: datetime | None = None,
) -> StartResult:
    """Start a dossier for `form` (already checked): for a new account, the existing
    one (its own password), or a provisional one (the address is someone else's).

    Exactly one argon2 computation on every path (hash a new password, or check the
    stored one). Raises InvalidInput only for what the form check cannot see.
    """
    now = now or utcnow()
    existing = session.exec(select(User).where(User.email == form.email)).first()
    provisional = mail_owner = False
    if existing is None:
        user = create_user(
            session, email=form.email, name=form.name, password=form.password, locale=locale
        )
        new_user = True
    # An account without a password (login through an organisation) never matches.
    elif not verify_password(existing.password_hash, form.password):
        mail_owner = not _owner_mailed_lately(session, saved_id(existing), now)
        audit.record(
            session,
            None,
            ADDRESS_IN_USE,
            outcome="failed",
            user_id=existing.id,
            ip=ip,
            user_agent=user_agent,
        )
        user = create_provisional(session, name=form.name, claim_email=form.email, locale=locale)
        new_user = provisional = True
    else:
        user, new_user = existing, False
        if (
            again := _just_started(session, saved_id(user), form.family.family_name, now)
        ) is not None:
            return StartResult(outcome=StartOutcome.STARTED, user_id=user.id, family_id=again)
    family = _new_family(session, form.family, FamilyStatus.OPEN)
    membership = Membership(
        family_id=saved_id(family),
        user_id=saved_id(user),
        role=Role.PARENT,
        status=MembershipStatus.ACTIVE,
    )
    session.add(membership)
    session.flush()
    actor = _actor(membership, saved_id(user), FamilyStatus.OPEN, ip, user_agent)
    audit.record(session, actor, STARTED, object_type="family", object_id=family.id)
    return StartResult(
        outcome=StartOutcome.STARTED,
        user_id=user.id,
        family_id=family.id,
        new_user=new_user,
        provisional=provisional,
        mail_owner=mail_owner,
    )


# --------------------------------------------------------------------------------------
# A hospital case manager starts one for a family
# --------------------------------------------------------------------------------------


def starter_actor(session: Session, *, user_id: int, ip: str = "", user_agent: str = "") -> Actor:
    """One of the user's memberships that may start a dossier for a family, or refusal.

    The new family has no membership yet, so the gate is asked of the ones she has: an
    active hospital case manager in a family now (open, or itself waiting for parents).
    """
    family_ids = session.exec(
        select(Membership.family_id).where(is_active_member(user_id=user_id, role=Role.CM_HOSPITAL))
    ).all()
    for family_id in sorted(family_ids):
        actor = actor_for(
            session, user_id=user_id, family_id=family_id, ip=ip, user_agent=user_agent
        )
        if can(actor, Action.FAMILY_START_FOR_PARENTS):
            return actor
    raise PermissionDenied(None, Action.FAMILY_START_FOR_PARENTS, user_id=user_id)


def may_start_for_parents(session: Session, *, user_id: int) -> bool:
    """Whether "Start een dossier voor een gezin" shows (the handler asks again)."""
    try:
        starter_actor(session, user_id=user_id)
    except PermissionDenied:
        return False
    return True


def _parent_invitation(
    session: Session, family_id: int, created_by_id: int, now: datetime
) -> tuple[Invitation, str]:
    """A parent invitation, as domain/invitations.create_invitation makes them (that one
    asks MEMBERS_MANAGE, which a waiting dossier does not allow to anyone)."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        family_id=family_id,
        role=Role.PARENT,
        token_hash=hash_token(token),
        created_by_id=created_by_id,
        created_at=now,
        expires_at=now + INVITATION_VALID_FOR,
    )
    session.add(invitation)
    session.flush()
    return invitation, token


def start_for_parents(
    session: Session,
    *,
    user_id: int,
    form: FamilyForm,
    ip: str = "",
    user_agent: str = "",
    now: datetime | None = None,
) -> tuple[int, str]:
    """(the new family's id, the parent invitation's raw token, shown once)."""
    now = now or utcnow()
    starter = starter_actor(session, user_id=user_id, ip=ip, user_agent=user_agent)
    family = _new_family(session, form, FamilyStatus.AWAITING_PARENTS)
    membership = Membership(
        family_id=saved_id(family),
        user_id=user_id,
        role=Role.CM_HOSPITAL,
        status=MembershipStatus.ACTIVE,
        organisation=starter.organisation,
        awaiting_consent=True,
    )
    session.add(membership)
    session.flush()
    actor = _actor(membership, user_id, FamilyStatus.AWAITING_PARENTS, ip, user_agent)
    audit.record(session, actor, STARTED_FOR_PARENTS, object_type="family", object_id=family.id)
    invitation, token = _parent_invitation(session, saved_id(family), saved_id(membership), now)
    audit.record(
        session,
        actor,
        "invitation.create",
        object_type="invitation",
        object_id=invitation.id,
        detail="role=parent",
    )
    return saved_id(family), token


@dataclass(frozen=True, slots=True, kw_only=True)
class Waiting:
    """What a case manager sees of a dossier that waits: its name and who must act."""

    family_name: str
    for_parents: bool  # no parent yet (else: a parent must still say yes to her)
    may_renew: bool  # she started it: she can make a new parent link


def waiting(session: Session, actor: Actor) -> Waiting | None:
    """None when the dossier is in use for this actor; else what the waiting card says."""
    if actor.family_status is not FamilyStatus.AWAITING_PARENTS:
        return None
    family = session.get(Family, actor.family_id)
    guard(session, actor, Action.FAMILY_VIEW, family)
    if family is None:
        raise NotFound()
    membership = session.get(Membership, actor.membership_id)
    for_parents = family.status == FamilyStatus.AWAITING_PARENTS
    return Waiting(
        family_name=family.name,
        for_parents=for_parents,
        may_renew=for_parents
        and membership is not None
        and membership.awaiting_consent
        and can(actor, Action.FAMILY_START_FOR_PARENTS, family),
    )


def renew_parent_invitation(session: Session, actor: Actor, *, now: datetime | None = None) -> str:
    """A new parent link for a dossier she started that still waits; the old ones stop."""
    now = now or utcnow()
    family = session.get(Family, actor.family_id)
    membership = session.get(Membership, actor.membership_id)
    require(actor, Action.FAMILY_START_FOR_PARENTS, family)
    if (
        family is None
        or family.status != FamilyStatus.AWAITING_PARENTS
        or membership is None
        or not membership.awaiting_consent
    ):
        raise PermissionDenied(actor, Action.FAMILY_START_FOR_PARENTS, family)
    for old in session.exec(
        select(Invitation).where(
            Invitation.family_id == family.id,
            Invitation.role == Role.PARENT,
            col(Invitation.used_at).is_(None),
            col(Invitation.revoked_at).is_(None),
        )
    ):
        old.revoked_at = now
        session.add(old)
    invitation, token = _parent_invitation(session, saved_id(family), actor.membership_id, now)
    audit.record(
        session, actor, INVITATION_RENEWED, object_type="invitation", object_id=invitation.id
    )
    return token


def parent_joined(
    session: Session, *, family_id: int, user_id: int, ip: str = "", user_agent: str = ""
) -> None:
    """A parent accepted an invitation: a dossier that waited for its parents opens.
    (Called by domain/invitations.accept_invitation in the same transaction.)"""
    family = session.get(Family, family_id)
    if family is None or family.status != FamilyStatus.AWAITING_PARENTS:
        return
    family.status = FamilyStatus.OPEN
    session.add(family)
    audit.record(
        session,
        None,
        OPENED,
        object_type="family",
        object_id=family.id,
        user_id=user_id,
        family_id=family_id,
        ip=ip,
        user_agent=user_agent,
    )


# --------------------------------------------------------------------------------------
# The parent's answer: may she stay?
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsentQuestion:
    membership_id: int
    version: int
    name: str
    role: str


def consent_questions(session: Session, actor: Actor) -> list[ConsentQuestion]:
    """Case managers who started this dossier and wait for a parent's yes (parents only)."""
    if not can(actor, Action.MEMBERS_MANAGE):
        return []
    rows = session.exec(
        select(Membership, User)
        .join(User, col(User.id) == Membership.user_id)
        .where(
            is_active_member(family_id=actor.family_id),
            col(Membership.awaiting_consent).is_(True),
        )
        .order_by(col(Membership.id))
    ).all()
    return [
        ConsentQuestion(membership_id=saved_id(m), version=m.version, name=u.name, role=m.role)
        for m, u in rows
        if can(actor, Action.MEMBERS_MANAGE, m)
    ]


def answer_consent(
    session: Session, actor: Actor, *, membership_id: int, keep: bool, expected_version: int
) -> Membership:
    """Yes: she stays and sees the dossier. No: her membership ends at once."""
    membership = session.get(Membership, membership_id)
    if membership is None or not membership.awaiting_consent:
        raise NotFound()
    guard(session, actor, Action.MEMBERS_MANAGE, membership)
    if membership.status != MembershipStatus.ACTIVE:
        raise NotFound()
    membership.awaiting_consent = False
    if keep:
        if membership.version != expected_version:
            raise Conflict()
        session.add(membership)
        session.flush()
        audit.record(session, actor, CONSENT_YES, object_type="membership", object_id=membership.id)
        return membership
    removed = remove_member(
        session, actor, membership_id=membership_id, expected_version=expected_version
    )
    audit.record(session, actor, CONSENT_NO, object_type="membership", object_id=membership.id)
    _tell_refused(session, removed.user_id)
    return removed


def _tell_refused(session: Session, user_id: int) -> None:
    """A neutral notice to the case manager the parents said no to (no family details)."""
    user = session.get(User, user_id)
    if user is None or not user.email:
        return
    outbox.queue(
        session,
        user_id=user.id,
        to=user.email,
        kind="consent_no",
        locale=user.locale,
        name=user.name,
    )

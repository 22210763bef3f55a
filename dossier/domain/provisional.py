"""A dossier started with an address that belongs to another account: provisional.

No account discovery (issue 17): whoever starts a dossier with an e-mail address already
in use, without that account's password, gets exactly what a new address gets: a
session, an empty overview with "Eerste stappen" and the banner "Bevestig je
e-mailadres. We stuurden een link naar <address>". Behind it the account is
**provisional**:

- it holds no `email` (that column is unique and belongs to the owner), only the address
  typed in `claim_email` (for the banner); it has no password either, so it can never
  log in by e-mail: its session is its only way in;
- the owner of the address gets a mail instead of a confirmation mail ("Iemand heeft
  met jouw e-mailadres een gezinsdossier gestart ...") with a single-use claim link
  (`mail_tokens`, purpose `claim`, 7 days, only its hash stored);
- opening that link while signed in as the owner (`claim`) moves the dossier to them:
  they become its parent, the provisional account is erased (`erasure.erase_account`,
  its memberships ended) and the access log gets a row. Anyone else gets a calm no;
- "Stuur opnieuw" on its banner sends the claim mail again (`resend_claim`, the same
  limits as a confirmation mail);
- unclaimed after 7 days, the account and its dossier are erased (`unclaimed_due`,
  `take`, `erase_unclaimed`; run by jobs/erasure.py, each account claimed once with a
  conditional update so several workers never erase one twice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlmodel import Session, col, select

from dossier import audit, clock, routes
from dossier.domain import mail_tokens
from dossier.domain.access import actor_for
from dossier.domain.email_confirmation import (
    RESEND_GAP,
    RESEND_PER_DAY,
    needs_confirmation,
    resend_confirmation,
)
from dossier.domain.erasure import erase_account
from dossier.domain.family_erasure import erase_family
from dossier.i18n import LOCALES
from dossier.mail import outbox
from dossier.models import (
    Membership,
    MembershipStatus,
    Role,
    TokenPurpose,
    User,
    saved_id,
)
from dossier.models.base import UTCDateTime, table_of
from dossier.settings import get_settings

CLAIM_TTL = timedelta(days=7)  # the link in the owner's mail
KEEP_UNCLAIMED = timedelta(days=7)  # then the provisional dossier is erased
PURPOSE = TokenPurpose.CLAIM.value
MAIL_KIND = "start_claim"  # words in dossier/i18n/*.start.json

# Access-log actions (words in dossier/i18n/*.start.json).
CLAIMED = "family.claim"
CLAIM_REFUSED = "family.claim_refused"

_U = table_of(User)


class ClaimOutcome(StrEnum):
    CLAIMED = "claimed"  # the dossier is the owner's now
    NOT_YOURS = "not_yours"  # a live link, opened by someone who is not the owner
    DEAD = "dead"  # unknown, used or expired (or the owner has another address now)


@dataclass(frozen=True, slots=True)
class Claim:
    outcome: ClaimOutcome
    family_id: int | None = None


def is_provisional(user: User | None) -> bool:
    return bool(user is not None and user.claim_email and not user.email and user.erased_at is None)


def create_provisional(session: Session, *, name: str, claim_email: str, locale: str) -> User:
    """The account behind a start with an address in use (no e-mail, no password)."""
    user = User(
        email=None,
        claim_email=claim_email,
        name=name,
        locale=locale if locale in LOCALES else "nl",
        password_hash=None,
    )
    session.add(user)
    session.flush()
    return user


def owner_of(session: Session, provisional: User) -> User | None:
    """The account whose address the provisional one was started with."""
    if not provisional.claim_email:
        return None
    return session.exec(select(User).where(User.email == provisional.claim_email)).first()


def claim_link(token: str) -> str:
    return f"{get_settings().origin}{routes.CLAIM}?{urlencode({'token': token})}"


def request_claim(session: Session, provisional: User, *, now: datetime | None = None) -> bool:
    """A claim link, and the mail to the owner of the address, in the caller's
    transaction. False when there is no owner to mail (any more)."""
    owner = owner_of(session, provisional)
    if not is_provisional(provisional) or owner is None or not owner.email:
        return False
    token = mail_tokens.issue(session, provisional, PURPOSE, CLAIM_TTL, now=now)
    outbox.queue(
        session,
        user_id=provisional.id,  # erased with the provisional account
        to=owner.email,
        kind=MAIL_KIND,
        locale=owner.locale,
        name=owner.name,
        link=claim_link(token),
        now=now,
    )
    return True


def resend_claim(session: Session, *, user_id: int, now: datetime | None = None) -> bool:
    """ "Stuur opnieuw" on a provisional account: the claim mail again, with the limits of
    a confirmation mail (once a minute, five a day); False when refused."""
    now = now or clock.now()
    user = session.get(User, user_id)
    if not is_provisional(user) or user is None:
        return False
    last = mail_tokens.last_sent(session, user_id, PURPOSE)
    if last is not None and now - last < RESEND_GAP:
        return False
    if mail_tokens.sent_since(session, user_id, PURPOSE, now - timedelta(days=1)) >= RESEND_PER_DAY:
        return False
    return request_claim(session, user, now=now)


# The banner reads the same for both ("Bevestig je e-mailadres ..."): these two are what
# the app shell asks.


def banner_address(user: User | None) -> str:
    """The address the confirm banner names; "" when there is nothing to confirm."""
    if user is None:
        return ""
    if is_provisional(user):
        return user.claim_email or ""
    return (user.email or "") if needs_confirmation(user) else ""


def resend_banner_mail(session: Session, *, user_id: int, now: datetime | None = None) -> bool:
    """The banner's "Stuur opnieuw": a confirmation mail, or for a provisional account
    the owner's claim mail."""
    if is_provisional(session.get(User, user_id)):
        return resend_claim(session, user_id=user_id, now=now)
    return resend_confirmation(session, user_id=user_id, now=now)


# --------------------------------------------------------------------------------------
# The owner claims the dossier
# --------------------------------------------------------------------------------------


def claim(
    session: Session,
    token: str,
    *,
    user_id: int,
    ip: str = "",
    user_agent: str = "",
    now: datetime | None = None,
) -> Claim:
    """The signed-in `user_id` opens a claim link. Only the owner of the address it went
    to can use it; the link is then spent and the provisional account erased."""
    now = now or clock.now()
    provisional = mail_tokens.peek(session, token, PURPOSE, now=now)
    if provisional is None or not is_provisional(provisional):
        return Claim(ClaimOutcome.DEAD)
    owner = owner_of(session, provisional)
    if owner is None:
        return Claim(ClaimOutcome.DEAD)
    if owner.id != user_id:
        audit.record(
            session,
            None,
            CLAIM_REFUSED,
            outcome="denied",
            user_id=user_id,
            ip=ip,
            user_agent=user_agent,
        )
        return Claim(ClaimOutcome.NOT_YOURS)
    try:
        mail_tokens.use(session, token, PURPOSE, now=now)
    except mail_tokens.LinkUnusable:
        return Claim(ClaimOutcome.DEAD)
    if not take(session, saved_id(provisional)):  # the 7-day erasure came first
        return Claim(ClaimOutcome.DEAD)
    theirs = session.exec(
        select(Membership).where(
            Membership.user_id == provisional.id,
            Membership.role == Role.PARENT,
            Membership.status == MembershipStatus.ACTIVE,
        )
    ).all()
    family_ids: list[int] = []
    for old in theirs:
        family_ids.append(old.family_id)
        _parent_membership(session, family_id=old.family_id, user_id=user_id)
        old.status = MembershipStatus.REVOKED
        session.add(old)
        session.flush()
        actor = actor_for(
            session, user_id=user_id, family_id=old.family_id, ip=ip, user_agent=user_agent
        )
        audit.record(session, actor, CLAIMED, object_type="family", object_id=old.family_id)
    _end_memberships(session, saved_id(provisional))
    erase_account(session, saved_id(provisional), now=now)
    return Claim(ClaimOutcome.CLAIMED, family_ids[0] if family_ids else None)


def _parent_membership(session: Session, *, family_id: int, user_id: int) -> Membership:
    """The owner's parent membership in the family (one row per person and family)."""
    mine = session.exec(
        select(Membership).where(Membership.family_id == family_id, Membership.user_id == user_id)
    ).first()
    if mine is None:
        mine = Membership(family_id=family_id, user_id=user_id, role=Role.PARENT)
    mine.role = Role.PARENT
    mine.status = MembershipStatus.ACTIVE
    session.add(mine)
    session.flush()
    return mine


def _end_memberships(session: Session, user_id: int) -> None:
    members = table_of(Membership)
    session.execute(
        sa.update(members)
        .where(members.c.user_id == user_id, members.c.status != MembershipStatus.REVOKED)
        .values(status=MembershipStatus.REVOKED)
    )


# --------------------------------------------------------------------------------------
# Unclaimed after 7 days: erased
# --------------------------------------------------------------------------------------


def unclaimed_due(session: Session, now: datetime) -> list[int]:
    """Provisional accounts older than KEEP_UNCLAIMED."""
    return sorted(
        int(i)
        for i in session.exec(
            select(User.id).where(
                col(User.claim_email).is_not(None),
                col(User.email).is_(None),
                col(User.erased_at).is_(None),
                _U.c.created_at <= sa.literal(now - KEEP_UNCLAIMED, UTCDateTime()),
            )
        )
        if i is not None
    )


def take(session: Session, user_id: int) -> bool:
    """Take this provisional account for erasure, once (a conditional update only one
    worker wins; the erasure runs in the same transaction)."""
    result = session.execute(
        sa.update(_U)
        .where(_U.c.id == user_id, _U.c.claim_email.is_not(None), _U.c.erased_at.is_(None))
        .values(claim_email=None)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


def erase_unclaimed(session: Session, user_id: int, *, now: datetime) -> list[int]:
    """Erase a taken provisional account's dossiers and the account; the family ids."""
    families = sorted(
        set(
            session.exec(
                select(Membership.family_id).where(
                    Membership.user_id == user_id,
                    Membership.role == Role.PARENT,
                    Membership.status == MembershipStatus.ACTIVE,
                )
            )
        )
    )
    for family_id in families:
        erase_family(session, family_id, now=now)
    _end_memberships(session, user_id)
    erase_account(session, user_id, now=now)
    return families

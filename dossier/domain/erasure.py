"""Erasing a person's account on request (GDPR art. 17), and a sibling's own check-ins.

`erase_account(session, user_id, now=None)` is the one way to erase an account. It is
called when someone leaves their last family and asks for it (domain/leaving.py), and
when a closed dossier is erased for the accounts that belong to no other family. The
caller decides that the account may go (it is no active member of another family); this
function only erases, in the caller's transaction, and returns False when the account
was erased before (or does not exist), True when it erased it now.

What goes: name, e-mail, password, birth date, OIDC subject, the login sessions (so an
open screen is logged out at its next tap), the push devices with their waiting
messages, the notifications addressed to the person, their notification settings,
calendar feeds, personal check-in links, the phone numbers on their memberships, a
professional's working hours and absences, and the ill child's own page ("Wat ik
belangrijk vind": the child's words go with the child).

What stays: the `User` row itself as a tombstone (`erased_at` set, name `FORMER_MEMBER`)
and the memberships (ended), so every link in the family's history stays valid; the
history then shows "oud-lid" (`display_name`). The access log keeps its rows: they
never hold content, and NEN 7513 asks to keep them for their retention time.

`remove_checkins_of(session, sibling_id)` deletes a sibling's own check-ins with their
signals (and the notifications about those signals): what a brother or sister wrote
goes with them unless they chose to leave it with the family.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from dossier.models import (
    Absence,
    AbsenceStandIn,
    CalendarFeed,
    CheckIn,
    CheckinLink,
    CheckinSignal,
    ChildPage,
    Membership,
    Notification,
    NotificationSettings,
    PushDelivery,
    PushSubscription,
    User,
    UserSession,
    WorkingHours,
    utcnow,
)

# What an erased person is called in the stored row: the history reads it as it is
# (Dutch, the dossier's language); `display_name` gives the reader's language.
FORMER_MEMBER = "oud-lid"
FORMER_MEMBER_BY_LANG = {"nl": "oud-lid", "en": "former member"}


def display_name(name: str, lang: str = "nl") -> str:
    """A person's name as the family's history shows it: an erased account reads as
    "oud-lid" ("former member" in English)."""
    if name == FORMER_MEMBER:
        return FORMER_MEMBER_BY_LANG.get(lang, FORMER_MEMBER)
    return name


def is_erased(user: User | None) -> bool:
    return user is not None and user.erased_at is not None


def _delete_notifications(session: Session, notification_ids: Iterable[int]) -> int:
    ids = sorted(set(notification_ids))
    if not ids:
        return 0
    session.execute(sa.delete(PushDelivery).where(col(PushDelivery.notification_id).in_(ids)))
    result = session.execute(sa.delete(Notification).where(col(Notification.id).in_(ids)))
    return int(getattr(result, "rowcount", 0) or 0)


def _delete_reachability(session: Session, user_id: int) -> None:
    """A professional's working hours and absences, with the stand-ins named for them."""
    absences = select(Absence.id).where(Absence.user_id == user_id)
    session.execute(sa.delete(AbsenceStandIn).where(col(AbsenceStandIn.absence_id).in_(absences)))
    session.execute(sa.delete(Absence).where(col(Absence.user_id) == user_id))
    session.execute(sa.delete(WorkingHours).where(col(WorkingHours.user_id) == user_id))


def erase_account(session: Session, user_id: int, *, now: datetime | None = None) -> bool:
    """Erase the account `user_id` (see the module text); False when already erased."""
    user = session.get(User, user_id)
    if user is None or user.erased_at is not None:
        return False
    now = now or utcnow()
    memberships = list(session.exec(select(Membership.id).where(Membership.user_id == user_id)))
    member_ids = [int(i) for i in memberships if i is not None]
    # Sessions first: a session opened with a personal link points at that link.
    session.execute(sa.delete(UserSession).where(col(UserSession.user_id) == user_id))
    if member_ids:
        session.execute(sa.delete(CheckinLink).where(col(CheckinLink.sibling_id).in_(member_ids)))
        session.execute(
            sa.delete(CalendarFeed).where(col(CalendarFeed.membership_id).in_(member_ids))
        )
        session.execute(
            sa.update(Membership).where(col(Membership.id).in_(member_ids)).values(phone="")
        )
        session.execute(sa.delete(ChildPage).where(col(ChildPage.created_by_id).in_(member_ids)))
    # Their devices: waiting pushes to them first, then the subscriptions.
    devices = select(PushSubscription.id).where(PushSubscription.user_id == user_id)
    session.execute(sa.delete(PushDelivery).where(col(PushDelivery.subscription_id).in_(devices)))
    session.execute(sa.delete(PushSubscription).where(col(PushSubscription.user_id) == user_id))
    own = session.exec(select(Notification.id).where(Notification.recipient_user_id == user_id))
    _delete_notifications(session, (int(i) for i in own if i is not None))
    session.execute(
        sa.delete(NotificationSettings).where(col(NotificationSettings.user_id) == user_id)
    )
    _delete_reachability(session, user_id)
    user.name = FORMER_MEMBER
    user.email = None
    user.claim_email = None  # a provisional account's address (domain/provisional.py)
    user.password_hash = None
    user.birth_date = None
    user.oidc_issuer = None
    user.oidc_subject = None
    user.erased_at = now
    session.add(user)
    session.flush()
    return True


def remove_checkins_of(session: Session, *, sibling_id: int) -> int:
    """Delete a sibling's own check-ins and their signals; returns how many check-ins."""
    signal_ids = [
        int(i)
        for i in session.exec(
            select(CheckinSignal.id).where(CheckinSignal.sibling_id == sibling_id)
        )
        if i is not None
    ]
    if signal_ids:
        about = session.exec(
            select(Notification.id).where(
                Notification.object_type == "checkinsignal",
                col(Notification.object_id).in_(signal_ids),
            )
        )
        _delete_notifications(session, (int(i) for i in about if i is not None))
        session.execute(sa.delete(CheckinSignal).where(col(CheckinSignal.id).in_(signal_ids)))
    # A signal of another sibling never points at these check-ins, but be sure.
    theirs = select(CheckIn.id).where(CheckIn.sibling_id == sibling_id)
    session.execute(
        sa.update(CheckinSignal)
        .where(col(CheckinSignal.earlier_checkin_id).in_(theirs))
        .values(earlier_checkin_id=None)
    )
    result = session.execute(sa.delete(CheckIn).where(col(CheckIn.sibling_id) == sibling_id))
    return int(getattr(result, "rowcount", 0) or 0)

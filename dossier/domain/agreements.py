"""Who-does-what agreements: propose, change, confirm, review, and the overview per domain.

The life of an agreement
------------------------
``proposed`` -> ``agreed`` -> ``needs_review`` -> ``agreed`` -> ...

* Parents and both case managers (AGREEMENT_PROPOSE) propose an agreement, or a change to
  one. A new agreement is *proposed*. A change to an agreement that was agreed before
  makes it *needs_review*; a change to a proposal keeps it *proposed*.
* A confirmation is for one version of the agreement. Every change of its content
  (topic, domain, responsible, backup, informed, how, review date) raises the version,
  so the confirmations of older versions no longer count: people confirm what they saw.
* **The confirmation rule.** An agreement is *agreed* when, for its current version,
  at least one active parent has confirmed **and** the responsible person has confirmed.
  When the responsible person is a parent, that parent's confirmation is enough; when
  the parents keep it themselves, one parent's confirmation is enough. An agreement
  with nobody responsible (a gap) cannot be agreed until someone takes it on.
  One parent, not both: families differ in who keeps the dossier, and the other parent
  must not become a gate; the history shows who confirmed what. The responsible person's
  own confirmation is always needed, so nobody is made responsible without saying yes.
  The backup and the people kept informed may confirm too (it is shown), but it is not
  required.
* Whoever proposes or changes an agreement confirms it by doing so when they are a
  parent or the responsible person.
* Becoming agreed, or due for review, changes only the status: that update does not raise
  the version (a plain UPDATE of the status column), so the confirmations stay valid.
* **Review.** Once the review date has come (``review_on <= today``) an agreed agreement
  needs review. ``effective_status`` says so everywhere at once; ``mark_review_due``
  stores it (the page does that when it loads). It is agreed again after a change with a
  new review date and new confirmations; confirming while the date is past is refused
  with a message that says to choose a new date first.
* Who may confirm: AGREEMENT_CONFIRM (parents, and the people the agreement names).
* Responsible, backup and informed are active members of the same family who may see
  agreements (parents, case managers, caregivers); responsible and backup differ. An id
  from another family is refused as a permission denial (and logged); a wrong id of the
  own family is a clear message. Bad input writes nothing.
* **Closing.** A proposal that is not agreed yet can be *withdrawn* by whoever proposed
  it, or a parent (AGREEMENT_WITHDRAW); an undo right after puts it back. An agreement
  that was agreed (also while it waits for review) can be *ended* by a parent
  (AGREEMENT_END), with an optional reason. Both only change the status (the version
  stays, so a save or a confirmation based on it is refused as closed, see `_open`), and
  both leave a history row: who, when, and the reason. Closed agreements are out of
  `list_agreements` and so out of every list, count, reminder and "waiting for me"; the
  ended ones stay readable (`ended_agreements`).
* Every change keeps its history (AgreementChange: who, when, ``{field: [old, new]}``).
  A save based on an older version is refused with a Conflict that names the fields
  changed since (the "changed" history rows are exactly the version increments).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from dossier import audit, permissions, routes
from dossier.clock import parse_day as read_day
from dossier.domain import notifications, pulse
from dossier.domain.access import guard, visible, visible_in_summary
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.membership import is_active, is_active_member
from dossier.domain.text import line_problem, note_problem
from dossier.i18n import local_today
from dossier.models import (
    Agreement,
    AgreementChange,
    AgreementConfirmation,
    AgreementStatus,
    CareDomain,
    Category,
    Membership,
    Notification,
    Role,
    User,
)
from dossier.models.base import saved_id, table_of
from dossier.permissions import Action, Actor, PermissionDenied, Scope

STATUS_ORDER: dict[str, int] = {
    AgreementStatus.NEEDS_REVIEW: 0,
    AgreementStatus.PROPOSED: 1,
    AgreementStatus.AGREED: 2,
}
CLOSED = frozenset({AgreementStatus.WITHDRAWN, AgreementStatus.ENDED})
# What can be ended: an agreement that was agreed (also when it waits for review again).
ENDABLE = frozenset({AgreementStatus.AGREED, AgreementStatus.NEEDS_REVIEW})
CHANGED = "changed"  # display status: a change of an agreed agreement waits for confirmation
REASON_MAX = 500
# The fields people edit, in the order the form shows them (also the history's keys).
FIELDS = ("topic", "domain", "responsible", "backup", "informed", "how", "review_on")
PARENTS = "parents"  # the form's value for "ouders houden dit zelf"
TOPIC_MAX = 200
HOW_MAX = 4000
REVIEW_MAX_DAYS = 731  # about two years ahead


class AgreementInputError(InvalidInput):
    """One or more fields are not right: `errors` maps each field to its catalogue key."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(next(iter(self.errors.values())))


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementDraft:
    """What someone wants an agreement to say (new, or a change)."""

    topic: str
    domain: str
    responsible: int | None = None
    parents_keep: bool = False
    backup: int | None = None
    informed: tuple[int, ...] = ()
    how: str = ""
    review_on: date | None = None

    def values(self) -> dict[str, Any]:
        """The fields as the history keeps them (JSON: ids, ISO dates)."""
        return {
            "topic": self.topic,
            "domain": self.domain,
            "responsible": PARENTS if self.parents_keep else self.responsible,
            "backup": self.backup,
            "informed": sorted(set(self.informed)),
            "how": self.how,
            "review_on": self.review_on.isoformat() if self.review_on else None,
        }


def values_of(agreement: Agreement) -> dict[str, Any]:
    return draft_of(agreement).values()


def draft_of(agreement: Agreement) -> AgreementDraft:
    return AgreementDraft(
        topic=agreement.topic,
        domain=agreement.domain,
        responsible=agreement.responsible_id,
        parents_keep=agreement.parents_keep,
        backup=agreement.backup_id,
        informed=tuple(agreement.informed_ids or ()),
        how=agreement.how,
        review_on=agreement.review_on,
    )


# --------------------------------------------------------------------------------------
# Status
# --------------------------------------------------------------------------------------


def review_is_due(agreement: Agreement, today: date) -> bool:
    return agreement.review_on is not None and agreement.review_on <= today


def effective_status(agreement: Agreement, today: date) -> str:
    """The status as it is today: an agreed agreement whose review date came needs review."""
    if agreement.status == AgreementStatus.AGREED and review_is_due(agreement, today):
        return AgreementStatus.NEEDS_REVIEW
    return agreement.status


def display_status(agreement: Agreement, today: date) -> str:
    """The status people see. "Opnieuw bekijken" (needs_review) only when the review date
    has passed; a change of an agreed agreement that waits for confirmation is CHANGED."""
    status = effective_status(agreement, today)
    if status == AgreementStatus.NEEDS_REVIEW and not review_is_due(agreement, today):
        return CHANGED
    return status


def is_closed(agreement: Agreement) -> bool:
    return agreement.status in CLOSED


def needs_attention(agreement: Agreement, today: date | None = None) -> bool:
    if is_closed(agreement):
        return False
    return effective_status(agreement, today or local_today()) != AgreementStatus.AGREED


def has_owner(agreement: Agreement) -> bool:
    return agreement.parents_keep or agreement.responsible_id is not None


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def list_agreements(
    session: Session, actor: Actor, *, today: date | None = None
) -> list[Agreement]:
    """The family's open agreements the actor may see (withdrawn and ended ones left out)."""
    today = today or local_today()
    rows = session.exec(
        select(Agreement).where(
            Agreement.family_id == actor.family_id, col(Agreement.status).not_in(CLOSED)
        )
    )
    shown = visible(session, actor, Action.AGREEMENT_VIEW, rows)
    return sorted(
        shown,
        key=lambda a: (STATUS_ORDER.get(effective_status(a, today), 3), a.domain, a.topic),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Ended:
    """An ended agreement with who ended it (membership id), when, and why."""

    agreement: Agreement
    by: int | None
    at: datetime | None
    reason: str


def ended_agreements(session: Session, actor: Actor) -> list[Ended]:
    """The ended agreements the actor may see, most recently ended first (one logged read)."""
    rows = session.exec(
        select(Agreement).where(
            Agreement.family_id == actor.family_id, Agreement.status == AgreementStatus.ENDED
        )
    )
    shown = visible(session, actor, Action.AGREEMENT_VIEW, rows)
    ids = [a.id for a in shown]
    ends: dict[int, AgreementChange] = {}
    if ids:
        for row in session.exec(
            select(AgreementChange)
            .where(col(AgreementChange.agreement_id).in_(ids), AgreementChange.kind == "ended")
            .order_by(col(AgreementChange.id))
        ):
            ends[row.agreement_id] = row  # the latest end counts
    found = []
    for agreement in shown:
        end = ends.get(agreement.id or 0)
        reason = end.changes.get("reason", [None, ""])[1] if end else ""
        found.append(
            Ended(
                agreement=agreement,
                by=end.membership_id if end else None,
                at=end.at if end else None,
                reason=str(reason or ""),
            )
        )
    return sorted(found, key=lambda e: (e.at is None, -(e.at.timestamp() if e.at else 0)))


def pending_changes(history: Iterable[AgreementChange]) -> dict[str, list[Any]]:
    """What changed since the agreement was last agreed, {field: [old, new]} in form order.

    `history` newest first. Several changes in a row are folded (the oldest old value, the
    newest new one); a field changed back to what was agreed is left out.
    """
    folded: dict[str, list[Any]] = {}
    for row in history:
        if row.kind == "agreed":
            break
        if row.kind != "changed":
            continue
        for name, pair in row.changes.items():
            if name not in FIELDS or not isinstance(pair, list) or len(pair) != 2:
                continue
            old, new = pair
            if name in folded:
                folded[name][0] = old
            else:
                folded[name] = [old, new]
    return {name: folded[name] for name in FIELDS if name in folded and _differs(folded[name])}


def _differs(pair: list[Any]) -> bool:
    return bool(pair[0] != pair[1])


def get_agreement(
    session: Session, actor: Actor, agreement_id: int, action: Action = Action.AGREEMENT_VIEW
) -> Agreement:
    """One agreement, through the gate (and logged)."""
    agreement = session.get(Agreement, agreement_id)
    if agreement is None:
        raise NotFound()
    guard(session, actor, action, agreement)
    return agreement


def agreement_with_history(
    session: Session, actor: Actor, agreement_id: int
) -> tuple[Agreement, list[AgreementChange]]:
    """One agreement and what happened to it, newest first (one logged look)."""
    agreement = get_agreement(session, actor, agreement_id)
    changes = session.exec(
        select(AgreementChange)
        .where(AgreementChange.agreement_id == agreement.id)
        .order_by(col(AgreementChange.id).desc())
    )
    return agreement, list(changes)


def agreement_history(session: Session, actor: Actor, agreement_id: int) -> list[AgreementChange]:
    """What happened to one agreement, newest first."""
    return agreement_with_history(session, actor, agreement_id)[1]


def changes_since(session: Session, actor: Actor, agreement_id: int, version: int) -> list[str]:
    """The fields changed after `version` (for a conflict message), through the gate."""
    agreement = get_agreement(session, actor, agreement_id)
    return _changed_fields_since(session, agreement, version)


def _changed_fields_since(session: Session, agreement: Agreement, version: int) -> list[str]:
    newer = agreement.version - version
    if newer <= 0:
        return []
    rows = session.exec(
        select(AgreementChange)
        .where(AgreementChange.agreement_id == agreement.id, AgreementChange.kind == "changed")
        .order_by(col(AgreementChange.id).desc())
        .limit(newer)
    ).all()
    changed = {name for row in rows for name in row.changes}
    return [name for name in FIELDS if name in changed]


def current_confirmations(session: Session, agreements: Iterable[Agreement]) -> dict[int, set[int]]:
    """Per agreement, who confirmed its current version (callers passed the gate)."""
    versions = {a.id: a.version for a in agreements if a.id is not None}
    confirmed: dict[int, set[int]] = defaultdict(set)
    if not versions:
        return confirmed
    rows = session.exec(
        select(AgreementConfirmation).where(
            col(AgreementConfirmation.agreement_id).in_(list(versions))
        )
    )
    for row in rows:
        if versions.get(row.agreement_id) == row.agreement_version:
            confirmed[row.agreement_id].add(row.membership_id)
    return confirmed


def active_parent_ids(session: Session, family_id: int) -> set[int]:
    ids = session.exec(
        select(Membership.id).where(is_active_member(family_id=family_id, role=Role.PARENT))
    )
    return {member_id for member_id in ids if member_id is not None}


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """Someone who can carry, back up or hear about an agreement."""

    membership_id: int
    name: str
    role: str


def can_take_part(role: str) -> bool:
    """Roles that may see and confirm agreements (so they can be named in one)."""
    rules = permissions.RULES[Action.AGREEMENT_CONFIRM]
    return role in set(Role) and rules.get(Role(role), Scope.NONE) is not Scope.NONE


def agreement_people(session: Session, actor: Actor) -> list[Person]:
    """The active members who can be named in an agreement, in the family's order.

    The whole list (names, roles, membership ids) only for those who may see the family's
    members (MEMBERS_VIEW). Anyone else (a caregiver) gets only the people named on the
    agreements they may see themselves: the responsible person, the backup, those kept
    informed, and the parents of an agreement the parents keep.
    """
    permissions.require(actor, Action.AGREEMENT_VIEW)
    people = _people_who_can_take_part(session, actor.family_id)
    if permissions.can(actor, Action.MEMBERS_VIEW):
        return people
    named = _named_in_visible_agreements(session, actor)
    parents_named = PARENTS in named
    return [
        p for p in people if p.membership_id in named or (parents_named and p.role == Role.PARENT)
    ]


def _named_in_visible_agreements(session: Session, actor: Actor) -> set[int | str]:
    """Membership ids named on the agreements the actor may see, plus PARENTS when one of
    them is kept by the parents. Not logged: the list read it serves is."""
    rows = session.exec(select(Agreement).where(Agreement.family_id == actor.family_id))
    named: set[int | str] = set()
    for agreement in visible_in_summary(actor, Action.AGREEMENT_VIEW, rows):
        named |= permissions.involved_members(agreement)
        if agreement.parents_keep:
            named.add(PARENTS)
    return named


def _people_who_can_take_part(session: Session, family_id: int) -> list[Person]:
    rows = session.exec(
        select(Membership, User)
        .join(User, col(User.id) == Membership.user_id)
        .where(is_active_member(family_id=family_id))
        .order_by(col(Membership.id))
    ).all()
    return [
        Person(membership_id=saved_id(m), name=u.name, role=m.role)
        for m, u in rows
        if can_take_part(m.role)
    ]


# --------------------------------------------------------------------------------------
# Confirmations: who has confirmed, whose turn it is
# --------------------------------------------------------------------------------------


OWNER, PARENT = "owner", "parent"  # in Progress.waiting: someone to take it on; a parent


@dataclass(frozen=True, slots=True, kw_only=True)
class Progress:
    """Who confirmed the current version, and whose confirmation it still waits for."""

    confirmed: frozenset[int]
    parent_confirmed: bool
    responsible_confirmed: bool
    owned: bool
    # Membership ids, PARENT (any one parent) or OWNER (nobody responsible yet).
    waiting: tuple[int | str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.owned and self.parent_confirmed and self.responsible_confirmed


def progress(agreement: Agreement, confirmed: Iterable[int], parents: set[int]) -> Progress:
    """The confirmation rule (see the module text) applied to one version."""
    confirmed = frozenset(confirmed)
    parent_confirmed = bool(confirmed & parents)
    if agreement.parents_keep:
        responsible_confirmed = parent_confirmed
    else:
        responsible_confirmed = agreement.responsible_id in confirmed
    # The one member who must confirm as responsible (None: the parents keep it, or nobody).
    responsible = None if agreement.parents_keep else agreement.responsible_id
    waiting: list[int | str] = []
    if not has_owner(agreement):
        waiting.append(OWNER)
    elif responsible is not None and not responsible_confirmed:
        waiting.append(responsible)
    # A responsible parent's own yes covers "a parent" too.
    if not parent_confirmed and agreement.responsible_id not in parents:
        waiting.append(PARENT)
    return Progress(
        confirmed=confirmed,
        parent_confirmed=parent_confirmed,
        responsible_confirmed=responsible_confirmed,
        owned=has_owner(agreement),
        waiting=tuple(waiting),
    )


def can_confirm_now(agreement: Agreement, done: Progress, actor: Actor, today: date) -> bool:
    """May the actor confirm this version now (and have they not done so yet)?"""
    return (
        not review_is_due(agreement, today)
        and actor.membership_id not in done.confirmed
        and permissions.can(actor, Action.AGREEMENT_CONFIRM, agreement)
    )


def is_my_turn(agreement: Agreement, done: Progress, actor: Actor, today: date) -> bool:
    """Is the agreement waiting for exactly this person's confirmation?"""
    if done.complete or not done.owned or not can_confirm_now(agreement, done, actor, today):
        return False
    if agreement.responsible_id == actor.membership_id and not done.responsible_confirmed:
        return True
    return actor.role == Role.PARENT and not done.parent_confirmed


# --------------------------------------------------------------------------------------
# The form: parsing and checking (nothing is written before everything is right)
# --------------------------------------------------------------------------------------


def parse_id(raw: Any) -> int | None:
    """A row id sent as text by the browser: plain ASCII digits that fit a column, else None."""
    text = str(raw if raw is not None else "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def _member_id(raw: Any) -> int | str | None:
    """'' -> None, '12' -> 12, anything else -> 'bad'."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    parsed = parse_id(text)
    return "bad" if parsed is None else parsed


def parse_form(form: Mapping[str, Any]) -> tuple[AgreementDraft, dict[str, str]]:
    """The form's text fields as a draft, and the fields that could not be read."""
    problems: dict[str, str] = {}
    responsible_raw = str(form.get("responsible") or "").strip()
    parents_keep = responsible_raw == PARENTS
    responsible = None if parents_keep else _member_id(responsible_raw)
    if responsible == "bad":
        problems["responsible"] = "agreement.error.person_unknown"
    backup = _member_id(form.get("backup"))
    if backup == "bad":
        problems["backup"] = "agreement.error.person_unknown"
    informed: list[int] = []
    raw_informed = [
        key[len("informed_") :] for key, on in form.items() if key.startswith("informed_") and on
    ]
    extra = form.get("informed") or []
    raw_informed += [extra] if isinstance(extra, str) else list(extra)
    for raw in raw_informed:
        value = _member_id(raw)
        if isinstance(value, int):
            informed.append(value)
        elif value == "bad":
            problems["informed"] = "agreement.error.person_unknown"
    review_on = None
    review_raw = str(form.get("review_on") or "").strip()
    if review_raw:
        try:
            review_on = read_day(review_raw, typed=False)
        except ValueError:
            problems["review_on"] = "agreement.error.review_format"
    draft = AgreementDraft(
        topic=" ".join(str(form.get("topic") or "").split()),
        domain=str(form.get("domain") or "").strip(),
        responsible=responsible if isinstance(responsible, int) else None,
        parents_keep=parents_keep,
        backup=backup if isinstance(backup, int) else None,
        informed=tuple(dict.fromkeys(informed)),
        how=str(form.get("how") or "").strip().replace("\r\n", "\n"),
        review_on=review_on,
    )
    return draft, problems


def _check_person(
    session: Session, actor: Actor, membership_id: int | None, field_name: str
) -> str | None:
    """A problem key for this person, or None. Another family's member is a refusal."""
    if membership_id is None:
        return None
    membership = session.get(Membership, membership_id)
    if membership is None:
        return "agreement.error.person_unknown"
    if membership.family_id != actor.family_id:
        raise PermissionDenied(actor, Action.AGREEMENT_PROPOSE, membership)
    if not is_active(membership):
        return "agreement.error.person_inactive"
    if not can_take_part(membership.role):
        return f"agreement.error.{field_name}_role"
    return None


def check_draft(
    session: Session,
    actor: Actor,
    draft: AgreementDraft,
    *,
    today: date,
    problems: Mapping[str, str] | None = None,
) -> None:
    """Raise AgreementInputError naming every field that is not right."""
    errors: dict[str, str] = dict(problems or {})

    def note(name: str, key: str | None) -> None:
        if key and name not in errors:
            errors[name] = key

    note("topic", "agreement.error.topic_required" if not draft.topic else None)
    note("topic", "agreement.error.topic_long" if len(draft.topic) > TOPIC_MAX else None)
    note("topic", line_problem(draft.topic))  # no invisible characters (dossier/domain/text.py)
    note("domain", None if draft.domain in set(CareDomain) else "agreement.error.domain")
    if draft.parents_keep and draft.responsible is not None:
        note("responsible", "agreement.error.person_unknown")
    note("responsible", _check_person(session, actor, draft.responsible, "responsible"))
    note("backup", _check_person(session, actor, draft.backup, "backup"))
    for membership_id in draft.informed:
        note("informed", _check_person(session, actor, membership_id, "informed"))
    if draft.backup is not None and draft.backup == draft.responsible:
        note("backup", "agreement.error.backup_same")
    note("how", "agreement.error.how_long" if len(draft.how) > HOW_MAX else None)
    note("how", note_problem(draft.how))
    if draft.review_on is not None:
        if draft.review_on <= today:
            note("review_on", "agreement.error.review_past")
        elif draft.review_on > today + timedelta(days=REVIEW_MAX_DAYS):
            note("review_on", "agreement.error.review_far")
    if errors:
        raise AgreementInputError({name: errors[name] for name in FIELDS if name in errors})


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _apply(agreement: Agreement, draft: AgreementDraft) -> None:
    agreement.topic = draft.topic
    agreement.domain = draft.domain
    agreement.responsible_id = None if draft.parents_keep else draft.responsible
    agreement.parents_keep = draft.parents_keep
    agreement.backup_id = draft.backup
    agreement.informed_ids = sorted(set(draft.informed))
    agreement.how = draft.how
    agreement.review_on = draft.review_on


def _history(
    session: Session,
    agreement: Agreement,
    membership_id: int | None,
    kind: str,
    changes: dict[str, Any] | None = None,
) -> None:
    session.add(
        AgreementChange(
            agreement_id=saved_id(agreement),
            family_id=agreement.family_id,
            membership_id=membership_id,
            kind=kind,
            changes=changes or {},
        )
    )


def _set_status(session: Session, agreement: Agreement, status: str) -> bool:
    """Change only the status, without raising the version (confirmations stay valid).

    False when the row no longer has the status it had when it was read (someone else
    moved it first).
    """
    session.flush()
    table = table_of(Agreement)
    result = session.exec(
        sa.update(table)
        .where(
            table.c.id == agreement.id,
            table.c.version == agreement.version,
            table.c.status == agreement.status,
        )
        .values(status=str(status))
    )
    if result.rowcount != 1:
        return False
    set_committed_value(agreement, "status", str(status))
    return True


def _confirm(session: Session, actor: Actor, agreement: Agreement) -> bool:
    """Add the actor's confirmation of the current version; False if it was there."""
    exists = session.exec(
        select(AgreementConfirmation.id).where(
            AgreementConfirmation.agreement_id == agreement.id,
            AgreementConfirmation.membership_id == actor.membership_id,
            AgreementConfirmation.agreement_version == agreement.version,
        )
    ).first()
    if exists is not None:
        return False
    session.add(
        AgreementConfirmation(
            agreement_id=saved_id(agreement),
            membership_id=actor.membership_id,
            agreement_version=agreement.version,
        )
    )
    _history(session, agreement, actor.membership_id, "confirmed")
    return True


def _confirm_as_author(session: Session, actor: Actor, agreement: Agreement) -> None:
    """Proposing it is saying yes, for a parent or the person who will do it."""
    if actor.role == Role.PARENT or agreement.responsible_id == actor.membership_id:
        _confirm(session, actor, agreement)


def _settle(session: Session, actor: Actor, agreement: Agreement, today: date) -> None:
    """Agreed once the rule is met (see the module text)."""
    if agreement.status == AgreementStatus.AGREED or review_is_due(agreement, today):
        return
    session.flush()
    confirmed = current_confirmations(session, [agreement]).get(agreement.id or 0, set())
    done = progress(agreement, confirmed, active_parent_ids(session, agreement.family_id))
    if done.complete and _set_status(session, agreement, AgreementStatus.AGREED):
        _history(session, agreement, actor.membership_id, "agreed")


def agreement_needs_confirmation(
    session: Session,
    agreement: Agreement,
    actor: Actor | None,
    *,
    change: str,
    today: date,
    now: datetime | None = None,
) -> list[Notification]:
    """Notifies everyone whose confirmation the new version waits for (the overview's
    "waiting for me": the responsible person, and the parents while no parent confirmed).

    `change` is "proposed" or "changed". Key: agreement.confirm:{agreement}:{user}:{version}.
    Here rather than in notifications.py: whose turn it is are these rules.
    """
    if agreement.status == AgreementStatus.AGREED or review_is_due(agreement, today):
        return []
    confirmed = current_confirmations(session, [agreement]).get(agreement.id or 0, set())
    parents = active_parent_ids(session, agreement.family_id)
    done = progress(agreement, confirmed, parents)
    waiting = [
        member
        for member in notifications.active_members(session, agreement.family_id)
        if is_my_turn(agreement, done, notifications.actor_of(member), today)
    ]
    return notifications.send(
        session,
        waiting,
        agreement,
        Action.AGREEMENT_CONFIRM,
        kind=(
            notifications.AGREEMENT_PROPOSED
            if change == "proposed"
            else notifications.AGREEMENT_CHANGED
        ),
        category=Category.AGREEMENTS,
        key=f"agreement.confirm:{agreement.id}:{{user}}:{agreement.version}",
        url=routes.AGREEMENTS,
        actor_user_id=actor.user_id if actor else None,
        now=now,
    )


def propose_agreement(
    session: Session,
    actor: Actor,
    draft: AgreementDraft,
    *,
    today: date,
    problems: Mapping[str, str] | None = None,
    template: str | None = None,
) -> Agreement:
    """A new agreement, proposed; agreed at once only if the rule is already met."""
    permissions.require(actor, Action.AGREEMENT_PROPOSE)
    check_draft(session, actor, draft, today=today, problems=problems)
    agreement = Agreement(
        family_id=actor.family_id,
        status=AgreementStatus.PROPOSED,
        created_by_id=actor.membership_id,
        topic=draft.topic,
        domain=draft.domain,
    )
    _apply(agreement, draft)
    session.add(agreement)
    session.flush()
    changes = {k: [None, v] for k, v in draft.values().items() if v not in (None, "", [])}
    if template:
        changes["template"] = [None, template]
    _history(session, agreement, actor.membership_id, "proposed", changes)
    audit.record(
        session, actor, "agreement.propose", object_type="agreement", object_id=agreement.id
    )
    _confirm_as_author(session, actor, agreement)
    _settle(session, actor, agreement, today)
    agreement_needs_confirmation(session, agreement, actor, change="proposed", today=today)
    return agreement


def change_agreement(
    session: Session,
    actor: Actor,
    *,
    agreement_id: int,
    expected_version: int,
    draft: AgreementDraft,
    today: date,
    problems: Mapping[str, str] | None = None,
) -> Agreement:
    """Propose a change: it needs confirming again. Returns the agreement unchanged
    (same version) when nothing was different."""
    agreement = session.get(Agreement, agreement_id)
    if agreement is None:
        raise NotFound()
    permissions.require(actor, Action.AGREEMENT_PROPOSE, agreement)
    _refuse_closed(agreement)
    if agreement.version != expected_version:
        raise Conflict(
            "agreement.conflict",
            fields=_changed_fields_since(session, agreement, expected_version),
        )
    check_draft(session, actor, draft, today=today, problems=problems)
    before, after = values_of(agreement), draft.values()
    diff = {name: [before[name], after[name]] for name in FIELDS if before[name] != after[name]}
    if not diff:
        return agreement
    _apply(agreement, draft)
    if agreement.status != AgreementStatus.PROPOSED:
        agreement.status = AgreementStatus.NEEDS_REVIEW
    session.add(agreement)
    try:
        session.flush()  # UPDATE ... WHERE version = ?: a save in between fails here
    except StaleDataError as exc:
        raise Conflict("agreement.conflict") from exc
    _history(session, agreement, actor.membership_id, "changed", diff)
    audit.record(
        session, actor, "agreement.change", object_type="agreement", object_id=agreement.id
    )
    _confirm_as_author(session, actor, agreement)
    _settle(session, actor, agreement, today)
    agreement_needs_confirmation(session, agreement, actor, change="changed", today=today)
    return agreement


def _refuse_closed(agreement: Agreement) -> None:
    """A withdrawn or ended agreement is not changed or confirmed any more."""
    if is_closed(agreement):
        raise InvalidInput(f"agreement.error.{agreement.status}")


def _locked(session: Session, agreement_id: int) -> Agreement:
    """The agreement, its row locked until the end of the transaction (PostgreSQL), so two
    confirmations at the same moment see each other."""
    agreement = session.exec(
        select(Agreement)
        .where(Agreement.id == agreement_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if agreement is None:
        raise NotFound()
    return agreement


def confirm_agreement(
    session: Session, actor: Actor, *, agreement_id: int, expected_version: int, today: date
) -> Agreement:
    """The actor says yes to the version they saw."""
    agreement = _locked(session, agreement_id)
    permissions.require(actor, Action.AGREEMENT_CONFIRM, agreement)
    _refuse_closed(agreement)
    if agreement.version != expected_version:
        raise Conflict(
            "agreement.conflict",
            fields=_changed_fields_since(session, agreement, expected_version),
        )
    if review_is_due(agreement, today):
        raise InvalidInput("agreement.error.confirm_review_due")
    _confirm(session, actor, agreement)
    audit.record(
        session, actor, "agreement.confirm", object_type="agreement", object_id=agreement.id
    )
    _settle(session, actor, agreement, today)
    return agreement


def mark_review_due(session: Session, actor: Actor, *, today: date) -> int:
    """Store 'needs review' for agreed agreements whose review date came; returns how many.

    Not a person's change, so the history row names nobody; the page's list read that
    triggers it is what the access log records.
    """
    permissions.require(actor, Action.AGREEMENT_VIEW)
    due = session.exec(
        select(Agreement).where(
            Agreement.family_id == actor.family_id,
            Agreement.status == AgreementStatus.AGREED,
            col(Agreement.review_on) <= today,
        )
    ).all()
    moved = [a for a in due if _set_status(session, a, AgreementStatus.NEEDS_REVIEW)]
    for agreement in moved:
        _history(session, agreement, None, "needs_review")
    return len(moved)


# --------------------------------------------------------------------------------------
# Closing: withdraw a proposal (with an undo), end an agreement
# --------------------------------------------------------------------------------------


def _close(
    session: Session,
    actor: Actor,
    agreement: Agreement,
    *,
    expected_version: int,
    status: AgreementStatus,
    changes: dict[str, Any] | None = None,
) -> None:
    """Only the status moves (the version stays); refused when someone changed it first."""
    if agreement.version != expected_version:
        raise Conflict(
            "agreement.conflict",
            fields=_changed_fields_since(session, agreement, expected_version),
        )
    if not _set_status(session, agreement, status):
        raise Conflict("agreement.conflict")
    _history(session, agreement, actor.membership_id, str(status), changes)
    notifications.withdraw_agreement_asks(session, agreement)  # nothing left to confirm
    # A plain UPDATE passes no flush hook: tell the family's open screens here.
    pulse.bump(session, {agreement.family_id})


def withdraw_agreement(
    session: Session, actor: Actor, *, agreement_id: int, expected_version: int
) -> Agreement:
    """Take back a proposal that is not agreed yet: it leaves the lists, its history stays."""
    agreement = _locked(session, agreement_id)
    permissions.require(actor, Action.AGREEMENT_WITHDRAW, agreement)
    if agreement.status != AgreementStatus.PROPOSED:
        _refuse_closed(agreement)
        raise InvalidInput("agreement.error.withdraw_agreed")
    _close(
        session,
        actor,
        agreement,
        expected_version=expected_version,
        status=AgreementStatus.WITHDRAWN,
    )
    audit.record(
        session, actor, "agreement.withdraw", object_type="agreement", object_id=agreement.id
    )
    return agreement


def restore_agreement(session: Session, actor: Actor, *, agreement_id: int) -> Agreement:
    """Undo a withdrawal: a proposal again, with the confirmations it had (same version).
    Restoring one that is not withdrawn changes nothing."""
    agreement = _locked(session, agreement_id)
    permissions.require(actor, Action.AGREEMENT_WITHDRAW, agreement)
    if agreement.status != AgreementStatus.WITHDRAWN:
        return agreement
    if _set_status(session, agreement, AgreementStatus.PROPOSED):
        _history(session, agreement, actor.membership_id, "restored")
        pulse.bump(session, {agreement.family_id})
        audit.record(
            session, actor, "agreement.restore", object_type="agreement", object_id=agreement.id
        )
    return agreement


def parse_reason(raw: Any) -> str:
    """The optional reason for ending, checked (InvalidInput names what is wrong)."""
    reason = str(raw if raw is not None else "").strip().replace("\r\n", "\n")
    if len(reason) > REASON_MAX:
        raise InvalidInput("agreement.error.reason_long")
    if problem := note_problem(reason):
        raise InvalidInput(problem)
    return reason


def end_agreement(
    session: Session,
    actor: Actor,
    *,
    agreement_id: int,
    expected_version: int,
    reason: str = "",
) -> Agreement:
    """End an agreed agreement: out of the lists and reminders, readable under "Beëindigd"."""
    agreement = _locked(session, agreement_id)
    permissions.require(actor, Action.AGREEMENT_END, agreement)
    _refuse_closed(agreement)
    if agreement.status not in ENDABLE:
        raise InvalidInput("agreement.error.end_proposal")
    reason = parse_reason(reason)
    _close(
        session,
        actor,
        agreement,
        expected_version=expected_version,
        status=AgreementStatus.ENDED,
        changes={"reason": [None, reason]} if reason else None,
    )
    audit.record(session, actor, "agreement.end", object_type="agreement", object_id=agreement.id)
    return agreement

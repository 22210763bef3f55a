"""Conversations about what matters (ACP-gesprekken): planned, held, reported.

* **Who** (permissions ACP_VIEW / ACP_EDIT / ACP_ANSWER): parents and both case managers
  read, plan and report every conversation; the ill child reads one they take part in
  (`participant_ids`) and answers its preparation questions; nobody else.
* **A conversation**: the day (planned or held), the leader the family chose (a member,
  a network contact, or a typed name), the participants (members and network contacts,
  re-checked within the family), a short report. Versioned: a stale save is refused
  with a Conflict. Removed softly (`deleted_at`).
* **Preparation questions**: a case manager (or a parent) asks before the conversation;
  the parents (and the child when taking part) answer; the asker sees the answer. The
  parents are told a question waits (generic words on the lock screen).
* **Follow-ups**: "Maak een taak" makes a Task through domain/tasks.py with
  `source_type="acp"`, so it lands in Taken and links back here.
Every read is logged (the list once, each opened conversation), every refusal too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from dossier import audit, permissions, routes
from dossier.clock import parse_day
from dossier.domain import notifications, pulse
from dossier.domain import tasks as task_rules
from dossier.domain.access import guard, visible
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.membership import is_active, is_active_member
from dossier.domain.text import line_problem, note_problem
from dossier.models import (
    AcpConversation,
    AcpQuestion,
    Category,
    Contact,
    Membership,
    Role,
    Task,
    utcnow,
)
from dossier.permissions import Action, Actor

SOURCE = "acp"  # Task.source_type of a follow-up
QUESTION_KIND = "acp.question"  # to the parents: a question waits for the conversation
LEADER_MAX = 120
REPORT_MAX = 8000
QUESTION_MAX = 500
ANSWER_MAX = 4000
PARTICIPANTS_MAX = 30
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
# Who can take part as a member: the family's adults and the ill child (never a sibling
# unasked: the family may still add one; caregivers are network contacts here too).
MEMBER_ROLES = frozenset(
    {Role.PARENT, Role.CHILD, Role.SIBLING, Role.CM_HOSPITAL, Role.CM_HOME, Role.CAREGIVER}
)


class AcpInputError(InvalidInput):
    """One or more fields are wrong; `errors` maps each field to its catalogue key."""

    def __init__(self, errors: dict[str, str]) -> None:
        field, key = next(iter(errors.items()))
        super().__init__(key, field=field)
        self.errors = errors


@dataclass(frozen=True, slots=True, kw_only=True)
class AcpInput:
    held_on: date
    leader_member_id: int | None = None
    leader_contact_id: int | None = None
    leader_name: str = ""
    participant_ids: tuple[int, ...] = ()
    participant_contact_ids: tuple[int, ...] = ()
    report: str = ""


def _ref(raw: Any) -> tuple[str, int] | None:
    """'m:12' (a member) or 'c:7' (a network contact); anything else is None."""
    text = str(raw if raw is not None else "").strip()
    kind, _, number = text.partition(":")
    if kind not in ("m", "c") or not (number.isascii() and number.isdigit()) or len(number) > 9:
        return None
    return kind, int(number)


def _members_of(session: Session, family_id: int, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    rows = session.exec(select(Membership).where(col(Membership.id).in_(sorted(ids)))).all()
    return {
        m.id
        for m in rows
        if m.id is not None
        and m.family_id == family_id
        and is_active(m)
        and Role(m.role) in MEMBER_ROLES
    }


def _contacts_of(session: Session, family_id: int, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    rows = session.exec(select(Contact).where(col(Contact.id).in_(sorted(ids)))).all()
    return {
        c.id for c in rows if c.id is not None and c.family_id == family_id and c.removed_at is None
    }


def acp_input(session: Session, actor: Actor, raw: Mapping[str, Any]) -> AcpInput:
    """A form's fields, checked: held_on (a day), leader ('m:<id>', 'c:<id>' or ''),
    leader_name (typed, when no one was picked), participants (a list of 'm:'/'c:'
    refs), report. Ids of another family or of nobody are refused by name."""
    errors: dict[str, str] = {}
    held_on: date | None = None
    try:
        held_on = parse_day(str(raw.get("held_on") or ""), earliest=EARLIEST, latest=LATEST)
    except ValueError:
        errors["held_on"] = "acp.error.date"
    if held_on is None and "held_on" not in errors:
        errors["held_on"] = "acp.error.date_required"
    leader_member = leader_contact = None
    leader = str(raw.get("leader") or "").strip()
    if leader:
        ref = _ref(leader)
        if ref is None:
            errors["leader"] = "acp.error.leader"
        elif ref[0] == "m":
            leader_member = ref[1]
            if not _members_of(session, actor.family_id, {ref[1]}):
                errors["leader"] = "acp.error.leader"
        else:
            leader_contact = ref[1]
            if not _contacts_of(session, actor.family_id, {ref[1]}):
                errors["leader"] = "acp.error.leader"
    leader_name = " ".join(str(raw.get("leader_name") or "").split())
    if leader:
        leader_name = ""  # a pick wins over a typed name
    if len(leader_name) > LEADER_MAX:
        errors["leader_name"] = "acp.error.leader_name_long"
    elif problem := line_problem(leader_name):
        errors["leader_name"] = problem
    picked = raw.get("participants") or []
    if isinstance(picked, str):
        picked = [p for p in picked.split(",") if p.strip()]
    refs = [_ref(p) for p in picked] if isinstance(picked, (list, tuple)) else [None]
    members = {r[1] for r in refs if r and r[0] == "m"}
    contacts = {r[1] for r in refs if r and r[0] == "c"}
    broken = any(r is None for r in refs) or len(refs) > PARTICIPANTS_MAX
    if broken or (
        _members_of(session, actor.family_id, members) != members
        or _contacts_of(session, actor.family_id, contacts) != contacts
    ):
        errors["participants"] = "acp.error.participants"
    report = str(raw.get("report") or "").strip().replace("\r\n", "\n")
    if len(report) > REPORT_MAX:
        errors["report"] = "acp.error.report_long"
    elif problem := note_problem(report):
        errors["report"] = problem
    if errors or held_on is None:
        raise AcpInputError(errors or {"held_on": "acp.error.date_required"})
    return AcpInput(
        held_on=held_on,
        leader_member_id=leader_member,
        leader_contact_id=leader_contact,
        leader_name=leader_name,
        participant_ids=tuple(sorted(members)),
        participant_contact_ids=tuple(sorted(contacts)),
        report=report,
    )


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def list_conversations(session: Session, actor: Actor) -> list[AcpConversation]:
    """The conversations the actor may read, newest day first (one logged list read)."""
    rows = session.exec(
        select(AcpConversation).where(
            AcpConversation.family_id == actor.family_id,
            col(AcpConversation.deleted_at).is_(None),
        )
    ).all()
    shown = visible(session, actor, Action.ACP_VIEW, rows)
    return sorted(shown, key=lambda c: (c.held_on, c.id or 0), reverse=True)


def _row(session: Session, actor: Actor, conversation_id: int, action: Action) -> AcpConversation:
    conversation = session.get(AcpConversation, conversation_id)
    if conversation is None:
        raise NotFound()
    permissions.require(actor, action, conversation)  # refused (and logged) first
    if conversation.deleted_at is not None:
        raise NotFound()
    return conversation


def get_conversation(session: Session, actor: Actor, conversation_id: int) -> AcpConversation:
    """One conversation, through the gate (and logged)."""
    conversation = _row(session, actor, conversation_id, Action.ACP_VIEW)
    guard(session, actor, Action.ACP_VIEW, conversation)
    return conversation


def editable_conversation(session: Session, actor: Actor, conversation_id: int) -> AcpConversation:
    """One conversation for its form: only for those who change it (logged as a read)."""
    conversation = _row(session, actor, conversation_id, Action.ACP_EDIT)
    guard(session, actor, Action.ACP_VIEW, conversation)
    return conversation


def questions_of(
    session: Session, actor: Actor, conversation: AcpConversation
) -> list[AcpQuestion]:
    """The preparation questions of a conversation the actor may read (read with it)."""
    permissions.require(actor, Action.ACP_VIEW, conversation)
    rows = session.exec(
        select(AcpQuestion)
        .where(
            AcpQuestion.conversation_id == conversation.id,
            AcpQuestion.family_id == conversation.family_id,
        )
        .order_by(col(AcpQuestion.id))
    ).all()
    return list(rows)


def follow_ups(session: Session, actor: Actor, conversation: AcpConversation) -> list[Task]:
    """The tasks made from this conversation that the actor may see (read with it)."""
    permissions.require(actor, Action.ACP_VIEW, conversation)
    rows = session.exec(
        select(Task)
        .where(
            Task.family_id == conversation.family_id,
            Task.source_type == SOURCE,
            Task.source_id == conversation.id,
            col(Task.deleted_at).is_(None),
        )
        .order_by(col(Task.id))
    ).all()
    return [t for t in rows if permissions.can(actor, Action.TASK_VIEW, t)]


def contact_options(session: Session, actor: Actor) -> list[Contact]:
    """The family's network contacts, for the leader and participant pickers (those who
    plan conversations only; the names are what the network page shows them)."""
    permissions.require(actor, Action.ACP_EDIT)
    rows = session.exec(
        select(Contact)
        .where(Contact.family_id == actor.family_id, col(Contact.removed_at).is_(None))
        .order_by(col(Contact.name))
    ).all()
    return [c for c in rows if permissions.can(actor, Action.NETWORK_VIEW, c)]


def people(session: Session, actor: Actor) -> list[Membership]:
    """The family's active members, for the leader, participant and task pickers."""
    permissions.require(actor, Action.ACP_EDIT)
    rows = session.exec(
        select(Membership)
        .where(is_active_member(family_id=actor.family_id))
        .order_by(col(Membership.id))
    ).all()
    return [m for m in rows if m.id is not None and Role(m.role) in MEMBER_ROLES]


def source_conversation(session: Session, actor: Actor, task: Task) -> AcpConversation | None:
    """The conversation a follow-up task came from, when the actor may read it (the
    Taken page's "Uit het gesprek van ..." link); the task was read through the gate."""
    if task.source_type != SOURCE or task.source_id is None:
        return None
    conversation = session.get(AcpConversation, task.source_id)
    if conversation is None or conversation.deleted_at is not None:
        return None
    if conversation.family_id != task.family_id:
        return None
    return conversation if permissions.can(actor, Action.ACP_VIEW, conversation) else None


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _save(session: Session, row: AcpConversation | AcpQuestion) -> None:
    session.add(row)
    try:
        session.flush()  # UPDATE ... WHERE version = ?: a save in between fails here
    except StaleDataError as exc:
        raise Conflict("acp.conflict") from exc


def _fill(conversation: AcpConversation, data: AcpInput) -> bool:
    values = {
        "held_on": data.held_on,
        "leader_member_id": data.leader_member_id,
        "leader_contact_id": data.leader_contact_id,
        "leader_name": data.leader_name,
        "participant_ids": list(data.participant_ids),
        "participant_contact_ids": list(data.participant_contact_ids),
        "report": data.report,
    }
    changed = False
    for name, value in values.items():
        if getattr(conversation, name) != value:
            setattr(conversation, name, value)
            changed = True
    return changed


def create_conversation(session: Session, actor: Actor, raw: Mapping[str, Any]) -> AcpConversation:
    """A new conversation (planned or held). Double taps: the state's one-time form key."""
    permissions.require(actor, Action.ACP_EDIT)
    data = acp_input(session, actor, raw)
    conversation = AcpConversation(
        family_id=actor.family_id,
        held_on=data.held_on,
        participant_ids=[],
        participant_contact_ids=[],
        created_by_id=actor.membership_id,
    )
    _fill(conversation, data)
    session.add(conversation)
    session.flush()
    pulse.bump(session, {actor.family_id})
    audit.record(
        session, actor, "acp.edit", object_type="acpconversation", object_id=conversation.id
    )
    return conversation


def change_conversation(
    session: Session,
    actor: Actor,
    *,
    conversation_id: int,
    expected_version: int,
    raw: Mapping[str, Any],
) -> AcpConversation:
    """A change (the report afterwards, another day). Unchanged: nothing happens."""
    conversation = _row(session, actor, conversation_id, Action.ACP_EDIT)
    data = acp_input(session, actor, raw)
    if conversation.version != expected_version:
        raise Conflict("acp.conflict")
    if not _fill(conversation, data):
        return conversation
    conversation.updated_at = utcnow()
    _save(session, conversation)
    pulse.bump(session, {actor.family_id})
    audit.record(
        session, actor, "acp.edit", object_type="acpconversation", object_id=conversation.id
    )
    return conversation


def delete_conversation(
    session: Session, actor: Actor, *, conversation_id: int, expected_version: int
) -> AcpConversation:
    """Made by mistake: gone from the list (kept softly, its tasks stay)."""
    conversation = _row(session, actor, conversation_id, Action.ACP_EDIT)
    if conversation.version != expected_version:
        raise Conflict("acp.conflict")
    conversation.deleted_at = utcnow()
    _save(session, conversation)
    pulse.bump(session, {actor.family_id})
    audit.record(
        session, actor, "acp.edit", object_type="acpconversation", object_id=conversation.id
    )
    return conversation


def _question_text(raw: Any, limit: int, field: str) -> str:
    text = str(raw if raw is not None else "").strip().replace("\r\n", "\n")
    if not text:
        raise AcpInputError({field: f"acp.error.{field}_required"})
    if len(text) > limit:
        raise AcpInputError({field: f"acp.error.{field}_long"})
    if problem := note_problem(text):
        raise AcpInputError({field: problem})
    return text


def ask_question(session: Session, actor: Actor, *, conversation_id: int, raw: Any) -> AcpQuestion:
    """A preparation question; the same open question by the same person again (a double
    tap) is the one already asked."""
    conversation = _row(session, actor, conversation_id, Action.ACP_EDIT)
    text = _question_text(raw, QUESTION_MAX, "question")
    same = session.exec(
        select(AcpQuestion).where(
            AcpQuestion.conversation_id == conversation.id,
            AcpQuestion.asked_by_id == actor.membership_id,
            AcpQuestion.question == text,
            AcpQuestion.answer == "",
        )
    ).first()
    if same is not None:
        return same
    question = AcpQuestion(
        conversation_id=conversation.id or 0,
        family_id=conversation.family_id,
        question=text,
        asked_by_id=actor.membership_id,
    )
    session.add(question)
    session.flush()
    pulse.bump(session, {actor.family_id})
    audit.record(session, actor, "acp.edit", object_type="acpquestion", object_id=question.id)
    _tell_parents(session, actor, conversation, question)
    return question


def answer_question(
    session: Session, actor: Actor, *, question_id: int, expected_version: int, raw: Any
) -> AcpQuestion:
    """A parent's (or the child's) answer. The same answer again is a double tap."""
    question = session.get(AcpQuestion, question_id)
    if question is None:
        raise NotFound()
    conversation = session.get(AcpConversation, question.conversation_id)
    if conversation is None:
        raise NotFound()
    permissions.require(actor, Action.ACP_ANSWER, conversation)
    if question.family_id != conversation.family_id or conversation.deleted_at is not None:
        raise NotFound()
    text = _question_text(raw, ANSWER_MAX, "answer")
    if question.answer == text:
        return question
    if question.version != expected_version:
        raise Conflict("acp.conflict")
    question.answer = text
    question.answered_by_id = actor.membership_id
    question.answered_at = utcnow()
    _save(session, question)
    pulse.bump(session, {actor.family_id})
    audit.record(session, actor, "acp.answer", object_type="acpquestion", object_id=question.id)
    return question


def make_task(
    session: Session, actor: Actor, *, conversation_id: int, raw: Mapping[str, Any]
) -> Task:
    """A follow-up from the report, as a task in Taken (domain/tasks.py's own rules)
    that links back here. The same open task again (a double tap) is the one made."""
    conversation = _row(session, actor, conversation_id, Action.ACP_EDIT)
    data = task_rules.task_input(raw)
    same = session.exec(
        select(Task).where(
            Task.family_id == conversation.family_id,
            Task.source_type == SOURCE,
            Task.source_id == conversation.id,
            Task.title == data.title,
            col(Task.deleted_at).is_(None),
        )
    ).first()
    if same is not None:
        return same
    task = task_rules.create_task(session, actor, data)
    task.source_type = SOURCE
    task.source_id = conversation.id
    session.add(task)
    session.flush()
    pulse.bump(session, {actor.family_id})
    return task


def _tell_parents(
    session: Session, actor: Actor, conversation: AcpConversation, question: AcpQuestion
) -> None:
    parents = notifications.active_members(session, conversation.family_id, roles=(Role.PARENT,))
    notifications.send(
        session,
        parents,
        conversation,
        Action.ACP_ANSWER,
        kind=QUESTION_KIND,
        category=Category.AGREEMENTS,
        key=f"{QUESTION_KIND}:{question.id}:{{user}}:1",
        url=f"{routes.CARE_PLAN_TALKS}?{routes.OPEN_PARAM}={conversation.id}",
        actor_user_id=actor.user_id,
        actor_membership_id=actor.membership_id,
    )

"""'Wat ik belangrijk vind': the ill child's own page, in their own words.

* **The child writes** (CHILD_PAGE_EDIT, OWN: `created_by_id`): what they like, what
  matters to them, what they worry about, what they want others to know.
* **Private by default.** The child picks who reads it: any of the parents and the case
  managers, one by one (`reader_ids`, re-checked here: active memberships of the family
  with those roles). Never a brother or sister, never a caregiver.
* **Readers read** (CHILD_PAGE_VIEW, INVOLVED: `reader_ids`), logged; anyone else is
  refused, and the refusal is logged.
* Versioned: a stale save is refused with a Conflict; the same words again change nothing.
Like the siblings' check-in sharing (domain/checkins.py): only what was shared is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from dossier import audit, permissions
from dossier.domain import pulse
from dossier.domain.access import guard, visible
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.membership import is_active_member
from dossier.domain.text import note_problem
from dossier.models import ChildPage, Membership, Role, User, utcnow
from dossier.permissions import Action, Actor

FIELDS = ("likes", "important", "worries", "want_known")
TEXT_MAX = 2000
# The adults a child can share the page with.
READER_ROLES = (Role.PARENT, Role.CM_HOSPITAL, Role.CM_HOME)


class ChildPageInputError(InvalidInput):
    def __init__(self, errors: dict[str, str]) -> None:
        field, key = next(iter(errors.items()))
        super().__init__(key, field=field)
        self.errors = errors


@dataclass(frozen=True, slots=True, kw_only=True)
class Reader:
    membership_id: int
    name: str
    role: Role


def adults(session: Session, family_id: int) -> list[Reader]:
    rows = session.exec(
        select(Membership.id, User.name, Membership.role)
        .join(User, col(User.id) == Membership.user_id)
        .where(is_active_member(family_id=family_id, role=READER_ROLES))
        .order_by(col(Membership.id))
    ).all()
    return [Reader(membership_id=int(i), name=n or "", role=Role(r)) for i, n, r in rows if i]


def _own_row(session: Session, actor: Actor) -> ChildPage | None:
    return session.exec(
        select(ChildPage).where(
            ChildPage.family_id == actor.family_id,
            ChildPage.created_by_id == actor.membership_id,
        )
    ).first()


def own_page(session: Session, actor: Actor) -> ChildPage | None:
    """The child's own page (None before the first save); logged when there is one."""
    permissions.require(actor, Action.CHILD_PAGE_EDIT)
    page = _own_row(session, actor)
    if page is not None:
        guard(session, actor, Action.CHILD_PAGE_VIEW, page)
    return page


def reader_options(session: Session, actor: Actor) -> list[Reader]:
    """The adults the child can pick (the child only)."""
    permissions.require(actor, Action.CHILD_PAGE_EDIT)
    return adults(session, actor.family_id)


def shared_pages(session: Session, actor: Actor) -> list[ChildPage]:
    """The pages shared with this adult (one logged list read); a brother, sister or
    caregiver is refused (and logged)."""
    rows = session.exec(select(ChildPage).where(ChildPage.family_id == actor.family_id)).all()
    return visible(session, actor, Action.CHILD_PAGE_VIEW, rows)


def is_shared_with(session: Session, actor: Actor) -> bool:
    """For the menu: does a page exist that this adult may read? (no content read)"""
    if permissions.scope(actor, Action.CHILD_PAGE_VIEW) is not permissions.Scope.INVOLVED:
        return False
    rows = session.exec(
        select(ChildPage.family_id, ChildPage.reader_ids).where(
            ChildPage.family_id == actor.family_id
        )
    ).all()
    return any(actor.membership_id in (ids or ()) for _family, ids in rows)


def read_page(session: Session, actor: Actor, page_id: int) -> ChildPage:
    """One page, for the child or an adult it was shared with (logged)."""
    page = session.get(ChildPage, page_id)
    if page is None:
        raise NotFound()
    guard(session, actor, Action.CHILD_PAGE_VIEW, page)
    return page


def _clean(raw: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    content: dict[str, str] = {}
    for name in FIELDS:
        text = str(raw.get(name) or "").strip().replace("\r\n", "\n")
        if len(text) > TEXT_MAX:
            errors[name] = "child_page.error.too_long"
        elif problem := note_problem(text):
            errors[name] = problem
        content[name] = text
    if errors:
        raise ChildPageInputError(errors)
    return content


def _readers(session: Session, actor: Actor, raw_ids: Iterable[Any]) -> list[int]:
    wanted: set[int] = set()
    for raw in raw_ids:
        text = str(raw).strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 9):
            raise ChildPageInputError({"readers": "child_page.error.readers"})
        wanted.add(int(text))
    allowed = {r.membership_id for r in adults(session, actor.family_id)}
    if not wanted <= allowed:
        raise ChildPageInputError({"readers": "child_page.error.readers"})
    return sorted(wanted)


def save_page(
    session: Session,
    actor: Actor,
    *,
    expected_version: int | None,
    raw: Mapping[str, Any],
    reader_ids: Iterable[Any],
) -> ChildPage:
    """The child's words and readers. `expected_version` None: the first save."""
    permissions.require(actor, Action.CHILD_PAGE_EDIT)
    content = _clean(raw)
    readers = _readers(session, actor, reader_ids)
    page = _own_row(session, actor)
    if page is None:
        if expected_version not in (None, 0):
            raise Conflict("child_page.conflict")
        page = ChildPage(
            family_id=actor.family_id,
            created_by_id=actor.membership_id,
            content=content,
            reader_ids=readers,
        )
        session.add(page)
        session.flush()
    else:
        permissions.require(actor, Action.CHILD_PAGE_EDIT, page)
        if page.content == content and sorted(page.reader_ids or []) == readers:
            return page  # the same again (a double tap): nothing changes
        if expected_version is None or page.version != expected_version:
            raise Conflict("child_page.conflict")
        page.content = content
        page.reader_ids = readers
        page.updated_at = utcnow()
        session.add(page)
        try:
            session.flush()
        except StaleDataError as exc:
            raise Conflict("child_page.conflict") from exc
    pulse.bump(session, {actor.family_id})
    audit.record(session, actor, "child_page.edit", object_type="childpage", object_id=page.id)
    return page

"""Starting a dossier, on the overview (issue 17): thin, the rules are in the domain.

`StartingOverview` is mixed into OverviewState: the "Eerste stappen" card of a parent of
a new dossier (dossier/domain/first_steps.py), the parents' question about a hospital
case manager who started the dossier for them, and, for her, the calm "Wacht op ouders"
card with a new parent link (dossier/domain/starting.py).
"""

from __future__ import annotations

from typing import Any

import reflex as rx
import segno
from sqlmodel import Session

from dossier import routes
from dossier.domain import first_steps as steps_domain
from dossier.domain import starting
from dossier.domain.access import unit_of_work
from dossier.domain.errors import InvalidInput
from dossier.domain.once import is_fresh_send, new_form_key
from dossier.permissions import Actor
from dossier.presenters.starting import ConsentRow, StepRow, consent_row, step_row, steps_count
from dossier.settings import get_settings
from dossier.state.acting import own_login
from dossier.state.base import guarded


def invitation_link(token: str) -> tuple[str, str]:
    """(the link, its QR code as a data URI), as the members page shows them once."""
    link = f"{get_settings().origin}{routes.INVITATION}?t={token}"
    return link, segno.make(link, error="m").svg_data_uri(scale=5, border=2)


class StartingOverview(rx.State, mixin=True):
    first_steps: list[StepRow] = []
    first_steps_count: str = ""
    consent: list[ConsentRow] = []
    # A case manager's dossier that waits (for its parents, or for a parent's yes to her).
    waiting: bool = False
    waiting_for_parents: bool = False
    may_renew_link: bool = False
    parent_link: str = ""  # a new parent link, shown once
    parent_qr: str = ""

    def _read_waiting(self: Any, session: Session, actor: Actor) -> bool:
        found = starting.waiting(session, actor)
        self.waiting = found is not None
        self.waiting_for_parents = bool(found and found.for_parents)
        self.may_renew_link = bool(found and found.may_renew)
        if found is None:
            self.parent_link = self.parent_qr = ""
        return self.waiting

    def _read_first_steps(self: Any, session: Session, actor: Actor) -> None:
        found = steps_domain.first_steps(session, actor)
        self.first_steps = [step_row(s, self.lang) for s in found.steps] if found else []
        self.first_steps_count = steps_count(found, self.lang) if found else ""
        questions = starting.consent_questions(session, actor)
        self.consent = [consent_row(q, self.lang) for q in questions]

    @rx.event
    @guarded
    def hide_first_steps(self: Any) -> None:
        with self._work() as (session, actor):
            steps_domain.hide_first_steps(session, actor)
        self.first_steps = []
        self.first_steps_count = ""

    @rx.event
    @guarded
    def tick_installed(self: Any) -> None:
        with self._work() as (session, actor):
            steps_domain.tick_installed(session, actor)
            self._read_first_steps(session, actor)

    @rx.event
    @guarded
    def answer_consent(self: Any, membership_id: str, version: str, keep: bool) -> Any:
        if not (membership_id.isdigit() and version.isdigit()):
            return None
        with self._work() as (session, actor):
            starting.answer_consent(
                session,
                actor,
                membership_id=int(membership_id),
                keep=bool(keep),
                expected_version=int(version),
            )
        message = "consent.kept" if keep else "consent.removed"
        return [type(self).load_overview, rx.toast.success(self._message(message))]

    @rx.event
    @guarded
    def renew_parent_link(self: Any) -> None:
        with self._work() as (session, actor):
            token = starting.renew_parent_invitation(session, actor)
        self.parent_link, self.parent_qr = invitation_link(token)

    @rx.event
    def close_parent_link(self) -> None:
        self.parent_link = ""
        self.parent_qr = ""


class StartForFamily(rx.State, mixin=True):
    """Mixed into CaseloadState: a hospital case manager starts a dossier for a family."""

    may_start_for_family: bool = False
    start_open: bool = False
    start_error: str = ""
    send_key: str = ""  # this form's one-time key (dossier/domain/once.py)
    started_name: str = ""
    started_link: str = ""  # the parent invitation, shown once
    started_qr: str = ""

    def _read_may_start(self: Any, session: Session, user_id: int) -> None:
        self.may_start_for_family = starting.may_start_for_parents(session, user_id=user_id)

    @rx.event
    def open_start(self) -> None:
        """An empty form with a fresh one-time key; starting itself asks the gate."""
        self.start_open = True
        self.start_error = ""
        self.started_name = self.started_link = self.started_qr = ""
        self.send_key = new_form_key()

    @rx.event
    def start_open_changed(self, is_open: bool) -> None:
        self.start_open = bool(is_open)
        if not is_open:
            self.started_link = self.started_qr = ""

    @rx.event
    @guarded
    def start_for_family(self: Any, form_data: dict[str, Any]) -> Any:
        form = form_data if isinstance(form_data, dict) else {}
        if not is_fresh_send(form, self.send_key):
            return None  # a second tap, or a form that was not opened here
        login = own_login()
        self.start_error = ""
        try:
            checked = starting.check_family(
                family_name=str(form.get("family_name", ""))[:1000],
                child_name=str(form.get("child_name", ""))[:1000],
                birth_year=str(form.get("birth_year", ""))[:10],
            )
            with unit_of_work() as session:
                _family_id, token = starting.start_for_parents(
                    session,
                    user_id=login.user_id,
                    form=checked,
                    ip=login.ip,
                    user_agent=login.user_agent,
                )
        except InvalidInput as problem:
            text = self._message(problem.message_key, **problem.params)
            self.start_error = text
            return None
        self.send_key = ""  # spent: a send still on its way changes nothing
        self.started_name = checked.family_name
        self.started_link, self.started_qr = invitation_link(token)
        return type(self).load_caseload

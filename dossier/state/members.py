"""Gezin en toegang: who is in the family; parents invite, change roles and remove."""

from __future__ import annotations

import re
from contextlib import suppress
from typing import Any, TypedDict

import reflex as rx
import segno

from dossier.clock import local_today
from dossier.domain.access_until import (
    PROFESSIONALS,
    ends_of,
    long_day,
    read_until,
    set_access_until,
)
from dossier.domain.errors import DomainError, InvalidInput
from dossier.domain.families import members
from dossier.domain.invitations import create_invitation, open_invitations, revoke_invitation
from dossier.domain.members import change_phone, change_role, phones_of, remove_member
from dossier.i18n import catalogue, format_moment
from dossier.models import Role
from dossier.permissions import Action, PermissionDenied, can
from dossier.settings import get_settings
from dossier.state.acting import NoFamily, NotSignedIn
from dossier.state.base import AppState, guarded

INVITE_ROLES = [r.value for r in Role]


class MemberRow(TypedDict):
    id: str
    version: str
    name: str
    role: str
    role_label: str
    relation: str
    is_me: bool
    phone: str
    phone_href: str  # tel: link, digits and + only
    can_edit_phone: bool  # their own number, or a parent for anyone
    # Access with an end date (domain/access_until.py): parents set it for professionals.
    access_until: str  # yyyy-mm-dd, "" without an end date
    access_label: str  # "Toegang tot 3 maart 2027"
    may_end: bool


class InviteRow(TypedDict):
    id: str
    role_label: str
    relation: str
    expires: str


class MembersState(AppState):
    members: list[MemberRow] = []
    invites: list[InviteRow] = []
    can_manage: bool = False
    invite_role: str = Role.CM_HOME.value
    invite_relation: str = ""
    invite_link: str = ""
    invite_qr: str = ""
    loaded: bool = False
    # The phone field with a problem (membership id) and what is wrong, shown under it.
    phone_error_for: str = ""
    phone_error: str = ""
    role_dialog_for: str = ""  # the membership whose role dialog is open
    # The end-date field with a problem (membership id), and the invitation's end date.
    access_error_for: str = ""
    access_error: str = ""
    invite_access_until: str = ""
    invite_access_error: str = ""

    @rx.var
    def role_choices(self) -> list[dict[str, str]]:
        """Each role with a sentence of what it may see, for the role dialog."""
        return [
            {
                "value": r,
                "label": catalogue(self.lang).get(f"role.{r}", r),
                "effect": catalogue(self.lang).get(f"members.role_effect.{r}", ""),
            }
            for r in INVITE_ROLES
        ]

    @rx.var
    def invite_may_end(self) -> bool:
        """The invitation's end date is asked only for a professional's role."""
        return self.invite_role in PROFESSIONALS

    @rx.var
    def role_options(self) -> list[dict[str, str]]:
        return [
            {"value": r, "label": catalogue(self.lang).get(f"role.{r}", r)} for r in INVITE_ROLES
        ]

    @rx.event
    @guarded
    def load_members(self) -> None:
        self._load_members()

    def _show_now(self) -> None:
        """The list again, after a change (or a refusal) in this event. What the reload
        itself refuses does not replace the event's own answer: a parent who removed
        themselves hears "removed" (their sessions here have ended: the next event goes
        to the login page), as when this called the guarded load_members."""
        with suppress(NotSignedIn, NoFamily, PermissionDenied, DomainError):
            self._load_members()

    def _load_members(self) -> None:
        with self._work(fresh=True) as (session, actor):
            self.can_manage = can(actor, Action.MEMBERS_MANAGE)
            people = members(session, actor)
            phones = phones_of(session, actor)
            invites = open_invitations(session, actor) if self.can_manage else []
            ends = ends_of(session, actor)
        self.members = [
            {
                "id": str(m.membership_id),
                "version": str(m.version),
                "name": m.name,
                "role": m.role,
                "role_label": self._message(f"role.{m.role}"),
                "relation": m.relation,
                "is_me": m.user_id == actor.user_id,
                "phone": phones.get(m.membership_id, ""),
                "phone_href": "tel:" + re.sub(r"[^0-9+]", "", phones.get(m.membership_id, "")),
                "can_edit_phone": self.can_manage or m.user_id == actor.user_id,
                "access_until": ends[m.membership_id].isoformat()
                if m.membership_id in ends
                else "",
                "access_label": self._message(
                    "access_until.shown", day=long_day(ends[m.membership_id], self.lang)
                )
                if m.membership_id in ends
                else "",
                "may_end": self.can_manage
                and m.role in PROFESSIONALS
                and m.user_id != actor.user_id,
            }
            for m in people
        ]
        self.invites = [
            {
                "id": str(i.id),
                "role_label": self._message(f"role.{i.role}"),
                "relation": i.relation,
                "expires": format_moment(i.expires_at, self.lang),
            }
            for i in invites
        ]
        self.loaded = True

    @rx.event
    def set_invite_role(self, role: str) -> None:
        self.invite_role = role if role in INVITE_ROLES else self.invite_role

    @rx.event
    def set_invite_relation(self, relation: str) -> None:
        self.invite_relation = relation[:120]

    @rx.event
    def set_invite_access_until(self, text: str) -> None:
        self.invite_access_until = text[:20]

    @rx.event
    @guarded
    def create_invite(self) -> Any:
        self.invite_access_error = ""
        try:
            until = (
                read_until(self.invite_access_until, local_today())
                if self.invite_role in PROFESSIONALS
                else None
            )
        except InvalidInput as bad:
            self.invite_access_error = self._message(bad.message_key, **bad.params)
            return None
        with self._work() as (session, actor):
            _, token = create_invitation(
                session,
                actor,
                role=self.invite_role,
                relation=self.invite_relation,
                access_until=until,
            )
        self.invite_access_until = ""
        # Shown once: only the hash is stored, so the link cannot be shown again later.
        self.invite_link = f"{get_settings().origin}/uitnodiging?t={token}"
        self.invite_qr = segno.make(self.invite_link, error="m").svg_data_uri(scale=5, border=2)
        self.invite_relation = ""
        self._show_now()
        return rx.toast.success(self._message("members.invite_created"))

    @rx.event
    def close_invite(self) -> None:
        self.invite_link = ""
        self.invite_qr = ""

    @rx.event
    @guarded
    def revoke_invite(self, invitation_id: str) -> Any:
        if not invitation_id.isdigit():
            return None
        with self._work() as (session, actor):
            revoke_invitation(session, actor, invitation_id=int(invitation_id))
        self._show_now()
        return rx.toast.success(self._message("members.invite_revoked"))

    @rx.event
    def show_role_dialog(self, membership_id: str, is_open: bool) -> None:
        """The role is changed in a dialog that says what each role may see: a mis-tap on
        a dropdown once made a new physiotherapist a parent."""
        shown = is_open is True and membership_id.isdigit()
        self.role_dialog_for = membership_id if shown else ""

    @rx.event
    @guarded
    def change_member_role(self, form: dict[str, Any]) -> Any:
        """The confirmed choice from the role dialog: membership, version and role."""
        data = form if isinstance(form, dict) else {}
        membership_id = str(data.get("membership") or "")
        version, role = str(data.get("version") or ""), str(data.get("role") or "")
        if not (membership_id.isdigit() and version.isdigit()):
            return None
        self.role_dialog_for = ""
        try:
            with self._work() as (session, actor):
                change_role(
                    session,
                    actor,
                    membership_id=int(membership_id),
                    role=role,
                    expected_version=int(version),
                )
        finally:
            # Show what is true now, also after a refusal.
            self._show_now()
        return rx.toast.success(self._message("members.role_changed"))

    @rx.event
    @guarded
    def remove(self, membership_id: str, version: str) -> Any:
        if not (membership_id.isdigit() and version.isdigit()):
            return None
        self.role_dialog_for = ""
        try:
            with self._work() as (session, actor):
                remove_member(
                    session, actor, membership_id=int(membership_id), expected_version=int(version)
                )
        finally:
            self._show_now()
        return rx.toast.success(self._message("members.removed"))

    @rx.event
    @guarded
    def save_access_until(self, form_data: dict[str, Any]) -> Any:
        """A professional's last day of access (a form per member: membership, version,
        until); an empty field clears it."""
        membership_id = str(form_data.get("membership", ""))
        version = str(form_data.get("version", ""))
        if not (membership_id.isdigit() and version.isdigit()):
            return None
        self.access_error_for, self.access_error = "", ""
        try:
            until = read_until(str(form_data.get("until", ""))[:20], local_today())
            with self._work() as (session, actor):
                set_access_until(
                    session,
                    actor,
                    membership_id=int(membership_id),
                    until=until,
                    expected_version=int(version),
                )
        except InvalidInput as bad:
            self.access_error_for = membership_id
            self.access_error = self._message(bad.message_key, **bad.params)
            return None
        finally:
            self._show_now()
        return rx.toast.success(self._message("access_until.saved"))

    @rx.event
    @guarded
    def save_phone(self, form_data: dict[str, Any]) -> Any:
        """One member's phone number (a form per member: membership, version, phone)."""
        membership_id = str(form_data.get("membership", ""))
        version = str(form_data.get("version", ""))
        if not (membership_id.isdigit() and version.isdigit()):
            return None
        self.phone_error_for, self.phone_error = "", ""
        try:
            with self._work() as (session, actor):
                change_phone(
                    session,
                    actor,
                    membership_id=int(membership_id),
                    phone=str(form_data.get("phone", ""))[:200],
                    expected_version=int(version),
                )
        except InvalidInput as bad:
            # Shown under the field itself (and announced), not only in a toast.
            self.phone_error_for = membership_id
            self.phone_error = self._message(bad.message_key, **bad.params)
            return None
        finally:
            self._show_now()
        return rx.toast.success(self._message("members.phone_saved"))

"""Uit dit dossier stappen: a member ends their own membership (domain/leaving.py)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from dossier import routes
from dossier.domain.leaving import leave_family, leaving_facts
from dossier.models import Role
from dossier.state.base import AppState, guarded

# Where a member lands after leaving: their sessions with this family have ended, and
# the login page says what happened (state/login.py NOTICES).
AFTER_LEAVING = routes.LOGIN + "?left=1"
AFTER_ERASING = routes.LOGIN + "?left=erased"


class LeavingState(AppState):
    loaded: bool = False
    my_role: str = ""
    last_parent: bool = False
    last_family: bool = True
    other_families: int = 0
    is_sibling: bool = False
    is_case_manager_here: bool = False
    checkins: int = 0
    erase: bool = False  # "Wis ook mijn account" (only offered in the last family)
    keep_checkins: str = "take"  # a sibling's check-ins: "take" (along) or "leave" (with us)
    problem: str = ""

    @rx.event
    @guarded
    def load_leaving(self) -> None:
        with self._work() as (session, actor):
            facts = leaving_facts(session, actor)
        self.my_role = facts.role
        self.last_parent = facts.last_parent
        self.last_family = facts.last_family
        self.other_families = facts.other_families
        self.is_sibling = facts.is_sibling
        self.is_case_manager_here = facts.role in (Role.CM_HOSPITAL, Role.CM_HOME)
        self.checkins = facts.checkins
        self.erase = False
        self.keep_checkins = "take"
        self.problem = ""
        self.loaded = True

    @rx.event
    def set_erase(self, checked: bool) -> None:
        self.erase = checked is True and self.last_family

    @rx.event
    def set_keep_checkins(self, choice: str) -> None:
        self.keep_checkins = choice if choice in ("take", "leave") else self.keep_checkins

    @rx.event
    @guarded
    def leave(self) -> Any:
        """The confirmed leave. A second tap finds the membership ended (its session is
        gone too) and goes to the login page: it does nothing twice."""
        self.problem = ""
        erase = self.erase and self.last_family
        with self._work() as (session, actor):
            leave_family(
                session,
                actor,
                erase=erase,
                keep_checkins=self.is_sibling and self.keep_checkins == "leave",
            )
        return rx.redirect(AFTER_ERASING if erase else AFTER_LEAVING)

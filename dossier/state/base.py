"""The small base of every state: language and who is signed in (display only).

Nothing stored here is trusted: each event resolves the actor again from the session
cookie and the database (see gate.py), so a value changed in the browser grants nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypedDict

import reflex as rx
from sqlmodel import Session

from dossier import routes
from dossier.domain import closing
from dossier.domain import pulse as family_pulse
from dossier.domain.access import actor_for, unit_of_work
from dossier.domain.accounts import set_locale
from dossier.domain.caseload import CASE_MANAGER_ROLES
from dossier.domain.child_page import is_shared_with as child_page_shared_with
from dossier.domain.families import families_of, get_family, set_current_family
from dossier.domain.notification_settings import unread_count
from dossier.domain.provisional import banner_address, resend_banner_mail
from dossier.i18n import LOCALES, frontend_catalogue, pick_locale, translate
from dossier.models import User
from dossier.permissions import Action, Actor, PermissionDenied, can
from dossier.presenters.closing import format_day_month
from dossier.state import live
from dossier.state.acting import NoFamily, Refusal, acting, answering
from dossier.state.gate import PUBLIC_STATE_NAMES, current_login
from dossier.state.off_loop import off_loop
from dossier.web import LANG_COOKIE


class FamilyOption(TypedDict):
    id: str
    name: str


class LocaleState(rx.State):
    """The interface language; works before login too."""

    lang: str = "nl"
    lang_cookie: str = rx.Cookie("", name=LANG_COOKIE, max_age=365 * 24 * 3600, same_site="lax")
    # The login every state below was loaded under (dossier/state/binding.py); a backend
    # var, never sent to the browser.
    _login_key: str = ""

    @rx.var
    def t(self) -> dict[str, str]:
        # Only the keys a page can read (dossier/i18n/frontend.py): the server's own
        # texts go through translate(), or catalogue(self.lang) for the whole catalogue.
        return frontend_catalogue(self.lang)

    @rx.event
    def init_locale(self) -> None:
        self._init_locale()

    def _init_locale(self) -> None:
        self.lang = pick_locale(self.lang_cookie or None)

    @rx.event
    @off_loop
    def set_language(self, lang: str) -> None:
        if lang not in LOCALES:
            return
        self.lang = lang
        self.lang_cookie = lang
        login = current_login()
        if login is not None:
            with unit_of_work() as session:
                set_locale(session, user_id=login.user_id, locale=lang)


PUBLIC_STATE_NAMES.add(LocaleState.get_name())


def initials(name: str) -> str:
    parts = [p for p in name.split() if p[:1].isupper()] or name.split()
    return "".join(p[0] for p in parts[:2]).upper() or "?"


class AppState(LocaleState):
    """Who is signed in and in which family, for the header. Display only."""

    user_name: str = ""
    family_name: str = ""
    role: str = ""
    families: list[FamilyOption] = []
    signed_in: bool = False
    has_family: bool = True
    pulse: int = -1  # the family pulse this screen's data matches (a page's full load)
    live_pulse: int = -1  # the newest pulse pushed to this tab (dossier/state/live.py)
    unread: int = 0  # the bell in the header: the user's own unread notifications
    # A case manager in any family (not only the current one) gets the caseload link.
    is_case_manager: bool = False
    # The menu, asked of the gate (permissions.can) for the current family.
    may_read_access_log: bool = False
    may_change_checkin_settings: bool = False
    checks_in_self: bool = False  # the check-in tab opens the sibling's own screen
    may_view_agreements: bool = True  # the "Wie doet wat" tab
    may_view_network: bool = False  # issue 19: the menu link to /netwerk (not siblings)
    # Issue 20: the menu links to the conversations about what matters (ACP_VIEW) and to
    # the ill child's own page (the child; an adult only when the child shared it).
    may_view_talks: bool = False
    may_view_care_plan: bool = False  # issue 20: the menu link to /zorgplan (not siblings)
    may_read_child_page: bool = False
    page_refused: bool = False  # this role may not use this page: it says so, calmly
    may_use_checkin: bool = True  # the check-in tab (a sibling's own, or what was shared)
    # Issue 17: a dossier a case manager started, before a parent is in and said yes: the
    # other pages say so calmly instead of refusing (dossier/pages/layout.py).
    family_waiting: bool = False
    # Closing the dossier (domain/closing.py): a closed one shows a calm notice on every
    # page instead of refusals; a parent sees the other parent's request to close.
    family_closed: bool = False
    closed_notice: str = ""  # "Het wordt op 6 januari gewist."
    may_reopen_family: bool = False
    may_close_family: bool = False  # the menu link to /dossier-sluiten (parents)
    close_asked_by: str = ""  # "Anna wil het dossier sluiten." for the other parent
    # The address still to confirm (the banner with "Stuur opnieuw"); "" when confirmed.
    unconfirmed_email: str = ""

    @rx.var
    def user_initials(self) -> str:
        return initials(self.user_name)

    @rx.var
    def confirm_banner_text(self) -> str:
        if not self.unconfirmed_email:
            return ""
        return translate(self.lang, "confirm.banner", email=self.unconfirmed_email)

    @rx.var
    def bell_label(self) -> str:
        if self.unread > 0:
            return translate(self.lang, "notif.bell_unread", count=self.unread)
        return translate(self.lang, "notif.bell")

    @contextmanager
    def _work(self, *, fresh: bool = False) -> Iterator[tuple[Session, Actor]]:
        """A transaction with the acting member, resolved from the session cookie.

        `fresh=True` is for a page's own (re)load of all its data: only then does the page
        record the family pulse it now matches, so a smaller read cannot hide an update.
        """
        # A personal check-in link is not signed in here (acting.py: the second lock).
        with acting() as (session, actor, _login):
            yield session, actor
            if fresh:
                session.flush()  # our own change bumps the pulse; read it after that
                # (actor.family_id is the login's family, typed as set: acting() checked it.)
                self._show_family_pulse(session, actor.family_id)

    def _show_family_pulse(self, session: Session, family_id: int) -> None:
        """This screen's data matches the family's pulse now; tell this tab when it moves
        on (dossier/state/live.py pushes it, /live.js reloads)."""
        self.pulse = family_pulse.current(session, family_id)
        live.watch(self.router.session.client_token, family_id)

    def _message(self, key: str, **params: object) -> str:
        return translate(self.lang, key, **params)

    @rx.event
    @off_loop
    def load_shell(self) -> Any:
        self._keep(page_refused=False)
        login = current_login()
        if login is None:
            return rx.redirect(routes.LOGIN_EXPIRED)
        with unit_of_work() as session:
            user = session.get(User, login.user_id)
            lang = user.locale if user else self.lang
            choices = families_of(session, user_id=login.user_id)
            self._keep(
                user_name=user.name if user else "",
                # Unchanged on most pages: assigned again, the catalogue `t` would go along.
                lang=lang,
                lang_cookie=lang,
                families=[{"id": str(f.family_id), "name": f.name} for f in choices],
                is_case_manager=any(f.role in CASE_MANAGER_ROLES for f in choices),
                unread=unread_count(session, login.user_id),
                # A provisional account reads the same: the address typed (provisional.py).
                unconfirmed_email=banner_address(user),
            )
        self._keep(signed_in=True)
        self._load_family()
        return None

    def _keep(self, **values: Any) -> None:
        """Assign only the values that changed: any assignment sends the field again (and
        every var computed from it), even when the value is the same (issue 18)."""
        for name, value in values.items():
            if getattr(self, name) != value:
                setattr(self, name, value)

    @rx.event
    @off_loop
    def resend_confirmation(self) -> Any:
        """The banner's "Stuur opnieuw": a new link, at most once a minute."""
        login = current_login()
        if login is None or login.checkin_link_id is not None or not self.unconfirmed_email:
            return None
        with unit_of_work() as session:
            sent = resend_banner_mail(session, user_id=login.user_id)
        if sent:
            return rx.toast.success(self._message("confirm.resent", email=self.unconfirmed_email))
        return rx.toast.info(self._message("confirm.resend_wait"))

    @rx.event
    @off_loop
    def refresh_unread(self) -> None:
        """The bell's count again (with the page's live refresh): the user's own rows."""
        login = current_login()
        if login is None or login.checkin_link_id is not None:
            return
        with unit_of_work() as session:
            self.unread = unread_count(session, login.user_id)

    @rx.event
    @off_loop
    def switch_family(self, family_id: str) -> Any:
        """Open another family; allowed only when the user is an active member of it."""
        login = current_login()
        if login is None or not family_id.isdigit():
            return None
        try:
            with unit_of_work() as session:
                actor_for(session, user_id=login.user_id, family_id=int(family_id))
                set_current_family(session, session_id=login.session_id, family_id=int(family_id))
        except PermissionDenied:
            return rx.toast.error(self._message("error.denied"))
        return rx.redirect("/")

    def _load_family(self) -> None:
        try:
            with self._work() as (session, actor):
                checks_in_self = can(actor, Action.CHECKIN_CREATE)
                self._keep(
                    family_name=get_family(session, actor).name,
                    role=str(actor.role),
                    may_read_access_log=can(actor, Action.AUDIT_VIEW),
                    may_change_checkin_settings=can(actor, Action.CHECKIN_SETTINGS),
                    checks_in_self=checks_in_self,
                    may_view_agreements=can(actor, Action.AGREEMENT_VIEW),
                    may_view_network=can(actor, Action.NETWORK_VIEW),
                    may_use_checkin=checks_in_self or can(actor, Action.CHECKIN_VIEW),
                    may_view_talks=can(actor, Action.ACP_VIEW),
                    may_view_care_plan=can(actor, Action.CAREPLAN_VIEW),
                    may_read_child_page=can(actor, Action.CHILD_PAGE_EDIT)
                    or child_page_shared_with(session, actor),
                )
                self._load_closing_notice(session, actor)
                self._keep(
                    family_waiting=actor.family_status == "awaiting_parents", has_family=True
                )
        except (PermissionDenied, NoFamily):
            self._keep(
                family_name="",
                role="",
                may_read_access_log=False,
                may_change_checkin_settings=False,
                checks_in_self=False,
                may_view_agreements=False,
                may_view_network=False,
                may_use_checkin=False,
                may_view_talks=False,
                may_view_care_plan=False,
                may_read_child_page=False,
                family_closed=False,
                may_reopen_family=False,
                may_close_family=False,
                closed_notice="",
                close_asked_by="",
                has_family=False,
            )

    def _load_closing_notice(self, session: Session, actor: Actor) -> None:
        notice = closing.shell_notice(session, actor)
        day = format_day_month(notice.erase_on, self.lang) if notice.erase_on else ""
        asked = notice.asked_by
        self._keep(
            family_closed=notice.closed,
            closed_notice=self._message("closing.closed_text", day=day) if day else "",
            may_reopen_family=notice.may_reopen,
            may_close_family=can(actor, Action.FAMILY_CLOSE) or notice.may_reopen,
            close_asked_by=self._message("closing.request_banner", name=asked) if asked else "",
        )


def _as_toast(state: AppState, refusal: Refusal) -> Any:
    """No family: the page says so itself; a conflict warns; the rest is an error."""
    if refusal.kind == "no_family":
        return None
    message = state._message(refusal.key, **refusal.params)
    if refusal.kind == "conflict":
        return rx.toast.warning(message)
    return rx.toast.error(message)


def _as_page_refusal(state: AppState, refusal: Refusal) -> Any:
    """A page this role may not use says so kindly at once, instead of waiting forever.
    Only for the handlers that draw the page: a refused button leaves the page as it is."""
    if refusal.kind == "denied":
        state.page_refused = True
        return None  # the page itself says it; a red toast on top would only alarm
    return _as_toast(state, refusal)


# The handlers that draw a page: its loader (on_load) and its live refresh.
PAGE_DRAWERS = ("load_", "refresh_")


def guarded(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Turn refusals and broken rules into a calm message instead of a stack trace; the
    work runs beside the event loop (see off_loop.py and acting.py)."""
    draws_page = handler.__name__.startswith(PAGE_DRAWERS)
    return answering(_as_page_refusal if draws_page else _as_toast)(handler)

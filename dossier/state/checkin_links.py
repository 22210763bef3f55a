"""Personal check-in links for brothers and sisters, on the parents' check-in settings page.

Thin: dossier/domain/checkin_links.py checks the gate (parents only), the family and
that the id is an active sibling; the id from the browser is only a wish. A new link is
shown once (address, copy button, QR code) in a dialog: only its hash is stored, so it
cannot be shown again later; closing the dialog forgets it here too.

Embed with dossier/pages/checkin_links.py `links_section()`; it calls `load_links` itself
when it appears on the page.
"""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx
import segno

from dossier.domain import checkin_links as links
from dossier.i18n import format_moment
from dossier.state.base import AppState, guarded
from dossier.urls import backend_url


class LinkRow(TypedDict):
    sibling_id: str
    name: str
    active: bool
    since: str  # "Actief sinds ..., gemaakt door ..."; "" without a live link
    last_used: str  # "Laatst gebruikt: ..." or "Nog niet gebruikt."


def _link_address(token: str) -> str:
    """Absolute: it is shared, typed over or scanned on another device."""
    path = backend_url(links.LINK_PATH + token)
    return path if "://" in path else links.link_url(token)


class CheckinLinksState(AppState):
    link_rows: list[LinkRow] = []
    links_loaded: bool = False
    # The link just made, shown once in a dialog; "" when the dialog is closed.
    shown_link: str = ""
    shown_qr: str = ""
    shown_title: str = ""
    shown_only_checkin: str = ""
    shown_once: str = ""
    shown_qr_alt: str = ""

    def _rows(self, found: list[links.LinkStatus]) -> None:
        def row(status: links.LinkStatus) -> LinkRow:
            used = status.last_used_at
            return {
                "sibling_id": str(status.sibling_id),
                "name": status.sibling_name,
                "active": status.active,
                "since": self._message(
                    "links.active_since",
                    when=format_moment(status.created_at, self.lang),
                    who=status.created_by,
                )
                if status.active and status.created_at
                else "",
                "last_used": self._message("links.last_used", when=format_moment(used, self.lang))
                if used
                else self._message("links.never_used"),
            }

        self.link_rows = [row(status) for status in found]
        self.links_loaded = True

    @rx.event
    @guarded
    def load_links(self) -> None:
        with self._work() as (session, actor):
            found = links.link_statuses(session, actor)
        self._rows(found)

    @rx.event
    @guarded
    def make_link(self, sibling_id: str) -> Any:
        """A new link for this sibling (the old one stops); shown once."""
        if not sibling_id.isdigit():
            return None
        with self._work() as (session, actor):
            token = links.create_link(session, actor, sibling_id=int(sibling_id))
            found = links.link_statuses(session, actor)
        self._rows(found)
        name = next((s.sibling_name for s in found if s.sibling_id == int(sibling_id)), "")
        self.shown_link = _link_address(token)
        self.shown_qr = segno.make(self.shown_link, error="m").svg_data_uri(scale=5, border=2)
        self.shown_title = self._message("links.dialog_title", name=name)
        self.shown_only_checkin = self._message("links.only_checkin", name=name)
        self.shown_once = self._message("links.once", name=name)
        self.shown_qr_alt = self._message("links.qr_alt", name=name)
        return rx.toast.success(self._message("links.created"))

    @rx.event
    @guarded
    def revoke_link(self, sibling_id: str) -> Any:
        """Stop this sibling's link; every screen opened with it closes at its next tap."""
        if not sibling_id.isdigit():
            return None
        with self._work() as (session, actor):
            had_one = links.revoke_link(session, actor, sibling_id=int(sibling_id))
            found = links.link_statuses(session, actor)
        self._rows(found)
        return rx.toast.success(
            self._message("links.revoked" if had_one else "links.nothing_to_revoke")
        )

    @rx.event
    def close_link(self) -> None:
        """Forget the link shown once: it cannot be shown again."""
        self._close_link()

    def _close_link(self) -> None:
        self.shown_link = ""
        self.shown_qr = ""

    @rx.event
    def link_dialog_changed(self, is_open: bool) -> None:
        if not is_open:
            self._close_link()

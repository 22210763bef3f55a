"""Opening one item from a link elsewhere (`/taken?open=12` from the overview or a
notification): the page opens it as a tap in its own list would.

This state only carries the id from the address bar to the page; the page's own open
handler reads the item through the permission gate and logs the view, exactly as a tap.
"""

from __future__ import annotations

import reflex as rx

from dossier import routes
from dossier.state.base import AppState

MAX_ID_DIGITS = 12


def linked_id(raw: str) -> str:
    """The id asked for in the address, or "" for anything that is not a plain id."""
    raw = raw.strip()
    return raw if raw.isascii() and raw.isdigit() and len(raw) <= MAX_ID_DIGITS else ""


class LinkedItemState(AppState):
    linked_id: str = ""

    @rx.event
    def read_link(self) -> None:
        """Runs after the page's loader: the list is there when the item opens."""
        self.linked_id = linked_id(self.router.url.query_parameters.get(routes.OPEN_PARAM, ""))

    @rx.event
    def clear_link(self) -> None:
        self.linked_id = ""

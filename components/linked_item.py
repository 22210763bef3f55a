"""A page opens the item its address names (`?open=12`), as a tap in its list would."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.vars.base import Var


def open_linked_item(linked_id: Var, opening: list[Any]) -> rx.Component:
    """Mounted only once the page's loader and the link's id are in: the opening events
    then run after the list is drawn, with the tap's own layout hint (pane or dialog)."""
    return rx.cond(
        linked_id != "",
        rx.el.span(on_mount=opening, hidden=True, aria_hidden="true"),
    )

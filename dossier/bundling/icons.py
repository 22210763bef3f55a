"""Icons by name, not by state.

`rx.icon(tag)` with a tag from state compiles to lucide's `DynamicIcon`, which brings the
map of every lucide icon (56 KB gzip) to each page that shows it. An icon that depends on
state is one of a few known icons: `rx.cond(done, rx.icon("rotate-ccw"), rx.icon("check"))`
or `rx.match(...)` keep each one a static import of its own.
"""

from __future__ import annotations

from typing import Any

from reflex_base.components.component import BaseComponent
from reflex_base.plugins.base import Plugin


class DynamicIconFound(ValueError):
    """A page asked for an icon whose name comes from state."""


class StaticIconsOnly(Plugin):
    """Stops the compile at the first `rx.icon` whose tag is a state var, saying why."""

    def enter_component(
        self,
        comp: BaseComponent,
        /,
        *,
        page_context: Any,
        compile_context: Any,
        in_prop_tree: bool = False,
    ) -> None:
        # lucide-react's DynamicIcon: what rx.icon compiles to when its name is a var.
        if getattr(comp, "tag", None) == "DynamicIcon":
            route = getattr(page_context, "route", "?")
            raise DynamicIconFound(
                f"page {route!r}: rx.icon with a name from state"
                f" ({getattr(getattr(comp, 'name', None), '_js_expr', '?')}) brings"
                " lucide's whole icon map (56 KB gzip) to the page. Choose between static"
                " icons instead: rx.cond(flag, rx.icon('a'), rx.icon('b')) or rx.match."
            )

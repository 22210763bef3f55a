"""Radix Themes without the parts no page uses.

Reflex's `RadixThemesPlugin` does two things every page pays for:

- it registers the `@radix-ui/themes` package as a *bundled library*, so that components
  sent as state (dynamic components, compiled in the browser with eval) can find it. The
  app root then lists `import("@radix-ui/themes")`, and because that one module is the
  whole namespace, every page's static imports of a Radix component share one chunk with
  all of it (esm.js, 78 KB gzip). This app sends no dynamic components (the CSP forbids
  eval), so `pre_compile` takes the package off that list again. The package itself is
  still installed and imported component by component, as before.
- it imports all of Radix Themes' `styles.css`: the colour tokens of all 31 colours (light,
  dark and P3 variants), the components and the utilities. `get_stylesheet_paths` imports
  the same parts, in the same order, with only the colour files the app uses.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from reflex.plugins import RadixThemesPlugin
from reflex_base.registry import RegistrationContext
from reflex_base.vars.base import LiteralVar

RADIX_THEMES = "@radix-ui/themes"
# The 31 colour scales Radix Themes ships a token file for (tokens/colors/<name>.css), in
# the order its own tokens/index.css imports them (the grays first).
RADIX_COLORS = (
    *("gray", "mauve", "slate", "sage", "olive", "sand"),
    *("amber", "blue", "bronze", "brown", "crimson", "cyan", "gold", "grass", "green"),
    *("indigo", "iris", "jade", "lime", "mint", "orange", "pink", "plum", "purple"),
    *("red", "ruby", "sky", "teal", "tomato", "violet", "yellow"),
)


def radix_stylesheets(colors: Sequence[str]) -> tuple[str, ...]:
    """What `@radix-ui/themes/styles.css` imports, with only these colours: their scales
    first (as in Radix's own tokens/index.css), then the base tokens, the components and
    the utilities."""
    unknown = sorted(set(colors) - set(RADIX_COLORS))
    if unknown:
        raise ValueError(f"not a Radix Themes colour: {', '.join(unknown)}")
    return (
        *(f"{RADIX_THEMES}/tokens/colors/{color}.css" for color in RADIX_COLORS if color in colors),
        f"{RADIX_THEMES}/tokens/base.css",
        f"{RADIX_THEMES}/components.css",
        f"{RADIX_THEMES}/utilities.css",
    )


@dataclasses.dataclass
class LeanRadixThemes(RadixThemesPlugin):
    """`RadixThemesPlugin` that bundles no namespace for dynamic components and imports
    only the colour tokens in `colors` (besides "gray", which Radix always needs, and the
    theme's accent and gray colours)."""

    colors: tuple[str, ...] = ()

    def used_colors(self) -> tuple[str, ...]:
        """`colors`, "gray" and the theme's accent and gray colours (when set as literals)."""
        from_theme = [
            value._var_value
            for name in ("accent_color", "gray_color")
            if isinstance(value := getattr(self.theme, name, None), LiteralVar)
            and isinstance(value._var_value, str)
        ]
        return tuple(dict.fromkeys(["gray", *from_theme, *self.colors]))

    def get_stylesheet_paths(self, **context: Any) -> tuple[str, ...]:
        return radix_stylesheets(self.used_colors()) if self.enabled else ()

    def pre_compile(self, **context: Any) -> None:
        """Runs after the pages are compiled, before the app root and the bundled-library
        registry are written: both then leave the Radix Themes namespace out."""
        drop_bundled_library(RADIX_THEMES)


def drop_bundled_library(library: str) -> None:
    """Take a package off the registry of libraries for dynamic components."""
    context = RegistrationContext.ensure_context()
    context.bundled_libraries[:] = [name for name in context.bundled_libraries if name != library]
    context._explicit_bundled_libraries.pop(library, None)

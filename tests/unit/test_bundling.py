"""What every page downloads (issue 18): the build plugins in dossier/bundling/.

- Radix Themes' colour tokens: the stylesheet imports the token file of each colour the
  app uses, and of no other (a colour left out would render without colour).
- The Radix Themes namespace is no library for dynamic components: the app root does not
  import all of it.
- An icon named by state stops the compile (it would bring lucide's whole icon map).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import reflex as rx
from reflex.compiler import compiler, utils
from reflex_base.components.dynamic import _bundle_library
from reflex_base.config import get_config
from reflex_base.registry import RegistrationContext
from reflex_base.vars.base import Var

from dossier.bundling import DynamicIconFound, LeanRadixThemes, StaticIconsOnly
from dossier.bundling.radix import RADIX_COLORS, RADIX_THEMES, radix_stylesheets

REPO = Path(__file__).resolve().parents[2]
# `var(--amber-9)` (what rx.color("amber", 9) becomes) in Python, CSS or JavaScript.
_CSS_VAR = re.compile(r"--(" + "|".join(RADIX_COLORS) + r")-(?:a?\d|contrast|surface)")


def colours_in_the_source() -> dict[str, set[str]]:
    """Each Radix colour the app names, with the files naming it: a Python string that is
    exactly a colour name (color_scheme="amber", rx.color("amber", 9), pill(..., "amber"))
    or a CSS variable of its scale in the Python, CSS and JavaScript of the app (not
    rxconfig.py, where the list of colours to import is, nor dossier/bundling/)."""
    found: dict[str, set[str]] = {}
    files: list[Path] = []
    for folder in ("dossier", "components", "assets"):
        files += [p for p in (REPO / folder).rglob("*") if p.suffix in (".py", ".css", ".js")]
    files = [p for p in files if "bundling" not in p.parts]  # the list of all Radix colours
    for path in files:
        text = path.read_text(encoding="utf-8")
        names = set(_CSS_VAR.findall(text))
        if path.suffix == ".py":
            names |= {
                node.value
                for node in ast.walk(ast.parse(text))
                if isinstance(node, ast.Constant) and node.value in RADIX_COLORS
            }
        for name in names:
            found.setdefault(name, set()).add(str(path.relative_to(REPO)))
    return found


@pytest.fixture
def radix_plugin() -> LeanRadixThemes:
    plugins = [p for p in get_config().plugins if isinstance(p, rx.plugins.RadixThemesPlugin)]
    assert len(plugins) == 1, plugins
    assert isinstance(plugins[0], LeanRadixThemes), "rxconfig.py uses Reflex's own plugin"
    return plugins[0]


@pytest.fixture
def registry() -> Iterator[RegistrationContext]:
    """The registry of libraries for dynamic components, as it was after the test."""
    context = RegistrationContext.ensure_context()
    libraries = list(context.bundled_libraries)
    explicit = dict(context._explicit_bundled_libraries)
    yield context
    context.bundled_libraries[:] = libraries
    context._explicit_bundled_libraries.clear()
    context._explicit_bundled_libraries.update(explicit)


def test_the_stylesheet_brings_the_tokens_of_exactly_the_colours_the_app_uses(
    radix_plugin: LeanRadixThemes,
) -> None:
    used = colours_in_the_source()
    imported = set(radix_plugin.used_colors())
    missing = {name: sorted(files) for name, files in used.items() if name not in imported}
    assert not missing, (
        f"colours used without their Radix tokens (add them to colors= in rxconfig.py): {missing}"
    )
    # "gray" is Radix's own (its gray accent), the theme's are used by every Radix component;
    # each of the others must really be used.
    unused = set(radix_plugin.colors) - set(used)
    assert not unused, f"tokens for unused colours (take them out of rxconfig.py): {unused}"
    tokens = [s for s in radix_plugin.get_stylesheet_paths() if "/tokens/colors/" in s]
    assert sorted(tokens) == sorted(f"{RADIX_THEMES}/tokens/colors/{c}.css" for c in imported)


def test_the_theme_colours_count_as_used(radix_plugin: LeanRadixThemes) -> None:
    # The theme in rxconfig.py: teal accent, sage gray, neither of them in colors=.
    theme = set(radix_plugin.used_colors()) - set(radix_plugin.colors)
    assert theme == {"gray", "teal", "sage"}


def test_the_stylesheet_is_radix_styles_css_in_its_own_order_without_the_other_colours() -> None:
    sheets = radix_stylesheets(["tomato", "sage", "teal", "gray"])
    assert sheets == (
        f"{RADIX_THEMES}/tokens/colors/gray.css",
        f"{RADIX_THEMES}/tokens/colors/sage.css",
        f"{RADIX_THEMES}/tokens/colors/teal.css",
        f"{RADIX_THEMES}/tokens/colors/tomato.css",
        f"{RADIX_THEMES}/tokens/base.css",
        f"{RADIX_THEMES}/components.css",
        f"{RADIX_THEMES}/utilities.css",
    )
    assert f"{RADIX_THEMES}/styles.css" not in sheets


def test_a_misspelt_colour_is_refused() -> None:
    with pytest.raises(ValueError, match="teel"):
        radix_stylesheets(["teel"])


def test_before_the_app_root_is_written_the_radix_namespace_is_no_dynamic_library(
    radix_plugin: LeanRadixThemes, registry: RegistrationContext
) -> None:
    # What Reflex's compile does for the plugin (compiler.py: get_frontend_dependencies).
    for dependency in radix_plugin.get_frontend_dependencies():
        _bundle_library(dependency)
    assert RADIX_THEMES in dict(compiler._get_window_libraries()).values()

    radix_plugin.pre_compile()

    assert RADIX_THEMES not in dict(compiler._get_window_libraries()).values()
    _, registry_json = utils._compile_bundled_libraries()
    assert RADIX_THEMES not in json.loads(registry_json)
    assert "react" in json.loads(registry_json)  # Reflex's own libraries stay
    # ... and the package is still installed for the components that import from it.
    assert any(d.startswith(RADIX_THEMES) for d in radix_plugin.get_frontend_dependencies())


def test_an_icon_named_by_state_stops_the_compile() -> None:
    guard = StaticIconsOnly()
    from_state = rx.icon(Var(_js_expr="row.icon_name", _var_type=str))
    with pytest.raises(DynamicIconFound, match=r"rx\.cond"):
        guard.enter_component(from_state, page_context=None, compile_context=None)


def test_static_icons_chosen_by_state_pass() -> None:
    guard = StaticIconsOnly()
    done = Var(_js_expr="row.done", _var_type=bool)
    chosen = rx.cond(done, rx.icon("rotate-ccw"), rx.icon("circle-check"))
    for component in (rx.icon("house"), chosen, *chosen.children):
        guard.enter_component(component, page_context=None, compile_context=None)


def test_rxconfig_has_the_icon_guard() -> None:
    assert any(isinstance(p, StaticIconsOnly) for p in get_config().plugins)

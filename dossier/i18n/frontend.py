"""Which catalogue keys the browser can ever read (issue 18).

`LocaleState.t` is part of every page's initial state (compiled into the JavaScript) and
of every tab's state on the server; the catalogue has about 1,500 keys, of which the
pages read less than half. The rest are for the server alone (`translate()`: toasts,
presenters, mails, notifications), so `t` holds only the keys below.

A page reads a key in one of three ways:
  (a) a literal, `S.t["tasks.title"]` (or a string constant that ends up in `S.t[...]`);
  (b) an f-string or a sum built when the page compiles, `S.t[f"task.label.{field}"]`,
      `S.t["role." + S.role]`: the literal start of the string (here "task.label.",
      "role.") counts as a prefix, every key that starts with it is sent;
  (c) a key a state var holds at run time, `S.t[S.error_key]`: each such site is
      declared in DYNAMIC_SITES with the keys or prefixes the var can hold.
(a) and (b) come from reading the source of dossier/pages, components and dossier/routes.py
(no import: the pages sit far above this module). `tests/browser/test_first_visit_in_browser.py`
checks the result against the compiled pages: every literal key they read is here, and
every non-literal read is a declared site. `tests/unit/test_frontend_keys.py` checks
that each declared site's keys cover what its state var can hold.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
# The pages and components, and dossier/routes.py (the navigation's labels live there).
PAGE_SOURCES = (_ROOT / "dossier" / "pages", _ROOT / "components", _ROOT / "dossier" / "routes.py")

# (c) Sites where a page reads `t` with a key held in a state var, as
# "module.State.var": the keys it can hold; one ending in "." is a prefix.
DYNAMIC_SITES: dict[str, tuple[str, ...]] = {
    # dossier/pages/password_forgotten.py: FORGOT_ERRORS in dossier/state/password_reset.py
    "dossier.state.password_reset.PasswordForgottenState.error_key": ("forgot.error.",),
    # dossier/pages/password_reset.py: RESET_ERRORS
    "dossier.state.password_reset.PasswordResetState.error_key": (
        "reset.error.",
        "forgot.error.throttled",
        "password.too_short",
        "password.too_long",
    ),
    # dossier/pages/invitation.py: ERRORS in dossier/state/invitation.py
    "dossier.state.invitation.InvitationState.error_key": (
        "invitation.error.",
        "error.email_invalid",
        "error.name_required",
        "error.invisible_text",
        "password.too_short",
        "password.too_long",
        "throttle.too_many",
    ),
    # dossier/pages/invitation.py: InvitationUnusable.message_key, or THROTTLED
    "dossier.state.invitation.InvitationState.problem_key": (
        "invitation.problem.",
        "throttle.too_many",
    ),
    # dossier/pages/invitation.py: `S.t["role." + S.role]` (the "role." prefix is in (b))
    "dossier.state.invitation.InvitationState.role": ("role.",),
}


def _strings(tree: ast.AST) -> Iterator[tuple[str, bool]]:
    """Every string constant (False) and every literal start of a built string (True)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value, False
        elif isinstance(node, ast.JoinedStr) and node.values:
            first = node.values[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield first.value, True
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = node.left
            if isinstance(left, ast.Constant) and isinstance(left.value, str):
                yield left.value, True


@cache
def _source_strings() -> tuple[frozenset[str], frozenset[str]]:
    """The string constants and the built-string prefixes in the pages and components."""
    constants: set[str] = set()
    prefixes: set[str] = set()
    for folder in PAGE_SOURCES:
        for path in sorted(folder.rglob("*.py")) if folder.is_dir() else [folder]:
            for text, is_prefix in _strings(ast.parse(path.read_text(encoding="utf-8"))):
                (prefixes if is_prefix else constants).add(text)
    return frozenset(constants), frozenset(prefixes)


def _matching(keys: Iterable[str], wanted: Iterable[str], prefixes: Iterable[str]) -> set[str]:
    wanted_set = set(wanted)
    starts = tuple(p for p in prefixes if p)
    return {key for key in keys if key in wanted_set or key.startswith(starts)}


def frontend_keys(all_keys: Iterable[str]) -> frozenset[str]:
    """The keys of `all_keys` that a page can read."""
    constants, prefixes = _source_strings()
    declared = [k for site in DYNAMIC_SITES.values() for k in site]
    # A declared entry ending in "." is a prefix; a "." ending constant in a page too
    # (e.g. a start kept in a tuple and joined later).
    # Only a start that reaches into a key's namespace ("task.label.", not "a" or "# ").
    starts = {p for p in prefixes if "." in p}
    starts |= {s for s in [*declared, *constants] if s.endswith(".") and len(s) > 1}
    exact = constants | {d for d in declared if not d.endswith(".")}
    return frozenset(_matching(all_keys, exact, starts))

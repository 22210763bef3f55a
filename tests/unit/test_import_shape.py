"""The code keeps one shape: no import circles, and the layers of pyproject.toml hold.

Circles are found over every import statement (also those inside a function, which
hide a circle from Python at import time but not from a reader). The layer and
"never imports Reflex" contracts themselves run in `make test`'s lint step
(`lint-imports`, import-linter); this test makes a circle fail the suite too.
"""

from __future__ import annotations

import grimp

PACKAGES = ("dossier", "components")


def _circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module."""
    ours = {m for m in graph.modules if m.split(".")[0] in PACKAGES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module) & ours:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(ours):
        if module not in index:
            visit(module)
    return found


def test_a_newcomer_finds_no_import_circle_in_the_app() -> None:
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)

    assert _circles(graph) == []


def test_the_circle_finder_sees_a_circle_hidden_in_a_function() -> None:
    """So the test above can fail: two modules of the app that import each other."""
    graph = grimp.ImportGraph()
    for module in ("dossier.a", "dossier.b", "dossier.c"):
        graph.add_module(module)
    graph.add_import(importer="dossier.a", imported="dossier.b")
    graph.add_import(importer="dossier.b", imported="dossier.a")
    graph.add_import(importer="dossier.c", imported="dossier.a")

    assert _circles(graph) == [["dossier.a", "dossier.b"]]

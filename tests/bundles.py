"""What a page makes the browser download before it can run: the JavaScript and CSS its
prerendered HTML references, measured in gzip bytes from the production build.

Pure file reading, no browser: the build (`reflex run --env prod` writes it to
`.web/build/client`) holds one HTML file per page. A page's files are its `<script src>`,
`<link rel="modulepreload">` and stylesheet links, the modules its inline module script
imports, and everything those import statically (`import ... from "./x.js"`), plus CSS
`@import`s. Dynamic `import()`s are left out: they load later, if at all.

`python -m tests.bundles` prints today's numbers (to set budgets in
`tests/browser/bundle_budget.py`).
"""

from __future__ import annotations

import gzip
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

BUILD_DIR = Path(__file__).resolve().parents[1] / ".web" / "build" / "client"
GZIP_LEVEL = 6  # what the bench and most servers use

# `import"./a.js"`, `import {x} from "./a.js"`, `export * from "./a.js"` (minified or not);
# not `import("./a.js")`.
_STATIC_IMPORT = re.compile(r"""(?:\bimport|\bfrom)\s*["']([^"'\s]+\.m?js)["']""")
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+\.css)""")
# Vite's content hash: "entry.client-CS7job2t.js" is "entry.client.js" in every build.
_HASH = re.compile(r"-[A-Za-z0-9_-]{8}(?=\.(?:m?js|css)$)")


class _References(HTMLParser):
    """The script and style URLs of one HTML page, and its inline module scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.inline_modules: list[str] = []
        self._in_module = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        if tag == "script":
            if attr.get("src"):
                self.urls.append(attr["src"])
            elif attr.get("type") == "module":
                self._in_module = True
        elif tag == "link" and attr.get("href"):
            rel = set(attr.get("rel", "").lower().split())
            if rel & {"modulepreload", "stylesheet"} or (
                "preload" in rel and attr.get("as") in {"script", "style"}
            ):
                self.urls.append(attr["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_module = False

    def handle_data(self, data: str) -> None:
        if self._in_module:
            self.inline_modules.append(data)


@dataclass(frozen=True, slots=True)
class PageBundle:
    """gzip bytes per file (keyed by its path in the build, e.g. "/assets/root-Beb.js")."""

    page: str
    files: dict[str, int]

    @property
    def js(self) -> int:
        return sum(size for path, size in self.files.items() if not path.endswith(".css"))

    @property
    def css(self) -> int:
        return sum(size for path, size in self.files.items() if path.endswith(".css"))

    def by_name(self) -> dict[str, int]:
        """The same sizes keyed by a name that survives a rebuild (hash left out)."""
        return {stable_name(path): size for path, size in self.files.items()}


def stable_name(path: str) -> str:
    return _HASH.sub("", path)


def html_file(page: str, build_dir: Path = BUILD_DIR) -> Path:
    """ "/" is index.html, "/taken" is taken.html."""
    name = page.strip("/") or "index"
    return build_dir / f"{name}.html"


def _local_path(url: str, base: str = "/") -> str | None:
    """The path inside the build of a same-origin URL (None for another origin)."""
    if "://" in url or url.startswith(("//", "data:")):
        return None
    url = url.split("?", 1)[0].split("#", 1)[0]
    if not url.startswith("/"):
        url = str(PurePosixPath(base).parent / url)
    parts: list[str] = []
    for part in url.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/" + "/".join(parts)


def _imports(path: str, text: str) -> list[str]:
    pattern = _CSS_IMPORT if path.endswith(".css") else _STATIC_IMPORT
    found = (_local_path(url, path) for url in pattern.findall(text))
    return [p for p in found if p]


def measure(page: str, build_dir: Path = BUILD_DIR) -> PageBundle:
    """The gzip bytes of every JavaScript and CSS file the page's HTML brings in."""
    source = html_file(page, build_dir)
    if not source.exists():
        raise FileNotFoundError(f"no prerendered HTML for {page!r}: {source} (was the app built?)")
    parser = _References()
    parser.feed(source.read_text(encoding="utf-8"))
    queue = [p for p in (_local_path(u) for u in parser.urls) if p]
    for module in parser.inline_modules:
        queue += _imports("/", module)
    sizes: dict[str, int] = {}
    while queue:
        path = queue.pop()
        if path in sizes or not path.endswith((".js", ".mjs", ".css")):
            continue
        file = build_dir / path.lstrip("/")
        if not file.is_file():
            raise FileNotFoundError(f"{page} references {path}, which the build does not have")
        data = file.read_bytes()
        sizes[path] = len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
        queue += _imports(path, data.decode("utf-8", errors="replace"))
    return PageBundle(page=page, files=dict(sorted(sizes.items())))


def what_grew(bundle: PageBundle, kind: str, before: dict[str, int]) -> list[str]:
    """The page's files of that kind ("JavaScript" or "CSS") that are new (1 KB or more)
    or bigger than in `before` (sizes by stable name), biggest growth first."""
    lines = []
    for name, size in bundle.by_name().items():
        if name.endswith(".css") != (kind == "CSS"):
            continue
        old = before.get(name)
        if old is None and size >= 1024:
            lines.append((size, f"{name}: {size:,} B (new)"))
        elif old is not None and size > old:
            lines.append((size - old, f"{name}: {old:,} -> {size:,} B (+{size - old:,})"))
    return [text for _, text in sorted(lines, reverse=True)]


def over_budget(
    bundle: PageBundle, *, js: int, css: int, before: dict[str, int], where: str
) -> list[str]:
    """One message per kind over its budget, naming the budget file and what grew."""
    messages = []
    for kind, measured, budget in (("JavaScript", bundle.js, js), ("CSS", bundle.css, css)):
        if measured <= budget:
            continue
        grew = what_grew(bundle, kind, before) or ["(no single file grew: more small files)"]
        messages.append(
            f"{bundle.page}: {kind} is {measured:,} B gzip, over its budget of {budget:,} B"
            f" in {where} by {measured - budget:,} B. Grew or new:\n    " + "\n    ".join(grew[:8])
        )
    return messages


# --- What the compiled pages read of the catalogue `t` (dossier/i18n/frontend.py) -------

WEB_DIR = BUILD_DIR.parents[1]  # .web: the compiled JSX, before Vite minifies it
_COMPILED = ("app", "app_components", "components", "utils")
LOCALE_T = "reflex___state____state__dossier___state___base____locale_state.t_rx_state_"
# Any use of a var named `t` (not `count_rx_state_`), and the start of a read of one key.
_T_USE = re.compile(r"(?<![\w$])t_rx_state_")
_T_READ = re.compile(re.escape(LOCALE_T) + r"\?\.\[")
_LITERAL = re.compile(r'"([^"\\]*)"|`([^`\\$]*)`')
# A state var in compiled JSX: `reflex___state____state__<chain of states>.<var>_rx_state_`,
# the chain's last part is `dossier___state___invitation____invitation_state`.
_STATE_VAR = re.compile(r"reflex___state____state__(?:\w+?__)?(dossier___\w+?)\.(\w+?)_rx_state_")


@dataclass(frozen=True, slots=True)
class CatalogueReads:
    """How the compiled pages read `t`: literal keys, reads by a state var's value (the
    var as "module.State.var", with the expression), and any other use of `t` (the file
    and a bit of text), such as handing the whole catalogue to a component."""

    literal: frozenset[str]
    dynamic: dict[str, str]
    other: list[str]


def state_var_name(chain_part: str, var: str) -> str:
    """`dossier___state___invitation____invitation_state`, `role` ->
    "dossier.state.invitation.InvitationState.role"."""
    module, _, state = chain_part.rpartition("____")
    camel = "".join(word.capitalize() for word in state.split("_"))
    return f"{module.replace('___', '.')}.{camel}.{var}"


def _closing_bracket(text: str, start: int) -> int:
    depth = 1
    for i in range(start, len(text)):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def reads_in(name: str, text: str) -> CatalogueReads:
    """The reads of `t` in one compiled file."""
    literal: set[str] = set()
    dynamic: dict[str, str] = {}
    other: list[str] = []
    reads = set()
    for match in _T_READ.finditer(text):
        end = _closing_bracket(text, match.end())
        expression = text[match.end() : end].strip()
        reads.add(match.start() + len(LOCALE_T) - len("t_rx_state_"))  # where `t` starts
        whole = _LITERAL.fullmatch(expression)
        if whole:
            literal.add(whole.group(1) if whole.group(1) is not None else whole.group(2))
            continue
        found = _STATE_VAR.findall(expression)
        if not found:
            other.append(f"{name}: t[{expression[:120]}]")
        for chain_part, var in found:
            dynamic[state_var_name(chain_part, var)] = expression
    for match in _T_USE.finditer(text):
        if match.start() in reads:
            continue
        after = text[match.end() : match.end() + 3]
        if after.lstrip().startswith(('":', "':", ":")):  # the initial state's own key
            continue
        other.append(f"{name}: {text[max(0, match.start() - 60) : match.end() + 60]}")
    return CatalogueReads(frozenset(literal), dynamic, other)


def catalogue_reads(web_dir: Path = WEB_DIR) -> CatalogueReads:
    """The reads of `t` in every compiled page and component of the last build."""
    literal: set[str] = set()
    dynamic: dict[str, str] = {}
    other: list[str] = []
    for folder in _COMPILED:
        for path in sorted((web_dir / folder).rglob("*.js*")):
            if path.suffix not in (".js", ".jsx"):
                continue
            found = reads_in(str(path.relative_to(web_dir)), path.read_text(encoding="utf-8"))
            literal |= found.literal
            dynamic.update(found.dynamic)
            other += found.other
    return CatalogueReads(frozenset(literal), dynamic, other)


def main(pages: list[str]) -> None:
    from tests.browser.bundle_budget import PAGES

    for page in pages or list(PAGES):
        bundle = measure(page)
        print(f"{page}: JavaScript {bundle.js} B, CSS {bundle.css} B ({len(bundle.files)} files)")
        for name, size in sorted(bundle.by_name().items(), key=lambda item: -item[1])[:8]:
            print(f"    {size:>8} {name}")


if __name__ == "__main__":
    main(sys.argv[1:])

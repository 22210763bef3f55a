"""Helpers for the browser tests: the running server, logging in, waiting, axe-core."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

# Added to every page before its own scripts: notes when the Reflex websocket is open.
# The socket is opened from a React effect, so once it is open the page is hydrated and
# its buttons react to clicks (before that, the server-rendered HTML only looks ready).
SOCKET_PROBE = """
(() => {
  const Native = window.WebSocket;
  window.__dossierSocketOpen = false;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('open', () => { window.__dossierSocketOpen = true; });
    }
  };
})();
"""

# Finite CSS transitions and animations (hover, fade-in) have finished; spinners may loop.
# A notice bar's own timer (`notice-away`, hiding it after eight seconds) is no transition
# whose colours axe could catch halfway: not waited for.
# A toast fades in by a transition that starts a frame after it is mounted, so "no running
# animation" alone can catch one at half opacity (too little contrast): each toast must be
# mounted and fully shown too (or gone).
ANIMATIONS_DONE = """() => document.getAnimations().every(
    (a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity
        || a.animationName === 'notice-away'
) && [...document.querySelectorAll('[data-sonner-toast]')].every(
    (t) => t.dataset.mounted === 'true' && getComputedStyle(t).opacity === '1'
)"""


@dataclass(frozen=True, slots=True)
class Account:
    family: str
    role: str
    name: str
    email: str
    password: str


@dataclass(frozen=True, slots=True)
class AppServer:
    base_url: str
    accounts: tuple[Account, ...]
    log_path: Path

    def url(self, path: str) -> str:
        return self.base_url + path

    def account(self, family: str, role: str, index: int = 0) -> Account:
        matches = [a for a in self.accounts if a.family == family and a.role == role]
        assert len(matches) > index, f"no demo account #{index} for {role} in {family}"
        return matches[index]


# React has taken over the prerendered page: its elements carry React's fiber keys. The
# page paints before its modules run (dossier/first_paint.py) and the socket may open
# before React has hydrated, so an open socket alone does not mean a tap is heard.
HYDRATED = """() => {
    const main = document.querySelector('main') || document.body.firstElementChild;
    return !!main && Object.keys(main).some((key) => key.startsWith('__reactFiber'));
}"""


def wait_until_live(page: Page) -> None:
    """The page is hydrated and connected to the server."""
    page.wait_for_function("() => window.__dossierSocketOpen === true")
    page.wait_for_function(HYDRATED)


def taps_settled(page: Page) -> None:
    """A dialog's form was just sent: wait until assets/one-tap.js stops treating a tap on
    the same spot as the same thumb again (a person reads the page for longer than that)."""
    page.wait_for_function("() => !document.documentElement.dataset.tapGuard")


def goto(page: Page, url: str) -> None:
    page.goto(url)
    wait_until_live(page)


def log_in(page: Page, server: AppServer, account: Account) -> None:
    """Logs in through the real form and waits until the overview has its data."""
    if "/login" not in page.url:
        goto(page, server.url("/login"))
    else:
        wait_until_live(page)
    page.get_by_label("E-mailadres").fill(account.email)
    page.get_by_label("Wachtwoord").fill(account.password)
    page.get_by_role("button", name="Inloggen").click()
    if account.role == "sibling":
        # A brother or sister's home is their own check-in (dossier/state/overview.py).
        expect(page).to_have_url(re.compile(r"/mijn-check-in/?$"))
        wait_until_live(page)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        return
    expect(page).to_have_url(server.url("/"))
    wait_until_live(page)
    # The header names the family once the page has loaded the signed-in user's data.
    expect(page.get_by_role("banner")).to_contain_text(re.compile(r"Gezin \w+"))
    expect(page.locator("main section").first).to_be_visible()


# --------------------------------------------------------------------------------------
# axe-core
# --------------------------------------------------------------------------------------


def axe_script() -> Path:
    import axe_playwright_python

    path = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    assert path.is_file(), f"axe-core not found at {path}"
    return path


@dataclass(frozen=True, slots=True)
class AxeReport:
    page: str
    violations: list[dict[str, Any]]

    def by_impact(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for violation in self.violations:
            impact = violation.get("impact") or "unknown"
            counts[impact] = counts.get(impact, 0) + 1
        return counts


RUN_AXE = """async (tags) => {
    const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return r.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({
            target: n.target,
            html: n.html.slice(0, 160),
            summary: (n.failureSummary || '').slice(0, 300),
        })),
    }));
}"""


def describe(violations: list[dict[str, Any]], nodes: int = 3) -> str:
    lines = []
    for v in violations:
        shown = v.get("nodes", [])[:nodes]
        more = len(v.get("nodes", [])) - len(shown)
        lines.append(f"  - {v['id']} ({v.get('impact')}): {v.get('help')}")
        for node in shown:
            summary = " ".join(node.get("summary", "").split())
            lines.append(f"      {node.get('target')} {node.get('html', '')}\n        {summary}")
        if more > 0:
            lines.append(f"      (+{more} more)")
    return "\n".join(lines)


def run_axe(page: Page, label: str) -> AxeReport:
    """axe-core on the page as it is now (colours as they end up, not mid-transition)."""
    page.wait_for_function(ANIMATIONS_DONE)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated over the DevTools protocol, which the page's CSP does not govern: a
        # <script> tag would (rightly) be blocked by script-src.
        page.evaluate(axe_script().read_text(encoding="utf-8") + "\n;true")
    return AxeReport(page=label, violations=page.evaluate(RUN_AXE, AXE_TAGS))


def assert_no_serious_violations(report: AxeReport) -> None:
    blocking = [v for v in report.violations if v.get("impact") in BLOCKING_IMPACTS]
    others = [v for v in report.violations if v.get("impact") not in BLOCKING_IMPACTS]
    message = f"axe on {report.page}: {len(blocking)} serious/critical violation(s)\n"
    message += describe(blocking)
    if others:
        message += "\nalso found (moderate/minor, not failing the test):\n" + describe(others)
    assert not blocking, message


def invite_and_join(
    app_server: AppServer,
    parent: Page,
    new_context: Callable[..., BrowserContext],
    *,
    role: str,
    name: str,
    email: str,
    until: str = "",
) -> Page:
    """The parent makes an invitation link; the newcomer opens it on a phone and joins."""
    goto(parent, app_server.url("/gezin"))
    expect(parent.get_by_role("heading", level=1)).to_have_text("Gezin en toegang")
    parent.get_by_label("Rol", exact=True).select_option(role)
    if until:
        parent.get_by_label("Toegang tot en met (niet verplicht)").fill(until)
    parent.get_by_role("button", name="Maak uitnodigingslink").click()
    link_field = parent.get_by_label("Uitnodigingslink")
    expect(link_field).to_have_value(re.compile(r"/uitnodiging\?t=[\w-]{40,}$"))
    link = link_field.input_value()
    parent.get_by_role("button", name="Sluiten").first.click()

    phone = new_context(PHONE).new_page()
    goto(phone, link)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Uitnodiging")
    phone.get_by_label("Je naam").fill(name)
    phone.get_by_label("E-mailadres").fill(email)
    phone.get_by_label("Kies een wachtwoord").fill("een goed lang wachtwoord")
    phone.get_by_role("button", name="Doe mee").click()
    expect(phone).not_to_have_url(re.compile(r"/uitnodiging"))
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    return phone

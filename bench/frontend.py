"""The first visit (JavaScript bytes, Lighthouse mobile: LCP and TBT) and the repeat
visit (time to the app shell), each for a page of ours and the blank app's page."""

from __future__ import annotations

import contextlib
import gzip
import json
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, sync_playwright

from bench.common import CHROMIUM, RUN_DIR, VENV_BIN, WORK_DIR, base_env, log

LIGHTHOUSE = WORK_DIR / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_VERSION = "12"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--no-first-run"]
RELOADS = 5
LIGHTHOUSE_RETRIES = 3  # failed runs tried again (one run ended with NO_NAVSTART)
# The app shell is on screen: the page's first heading is visible.
SHELL_VISIBLE = """() => {
  const h = document.querySelector('h1');
  return h !== null && h.getBoundingClientRect().height > 0 ? performance.now() : false;
}"""


def ensure_lighthouse() -> None:
    """Lighthouse from npm into .bench/node_modules, once."""
    if LIGHTHOUSE.exists():
        return
    WORK_DIR.mkdir(exist_ok=True)
    package = WORK_DIR / "package.json"
    if not package.exists():
        package.write_text('{"name": "bench-tools", "private": true}\n')
    log("installing Lighthouse from npm into .bench/node_modules")
    subprocess.run(
        [
            str(VENV_BIN / "npm"),
            "install",
            "--no-audit",
            "--no-fund",
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        cwd=WORK_DIR,
        env=base_env(),
        check=True,
        capture_output=True,
    )


def _cookie_list(url: str, cookies: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": v, "url": url} for k, v in cookies.items()]


def js_gzip_bytes(url: str, cookies: dict[str, str]) -> dict[str, int]:
    """Every script the first visit loads (until the network is idle), gzipped (level 6):
    {url: bytes}."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_cookies(_cookie_list(url, cookies))
        page = context.new_page()
        bodies: dict[str, bytes] = {}

        def keep(response) -> None:
            # modulepreload links fetch most chunks; their type is not "script"
            path = urlsplit(response.url).path
            if response.ok and path.endswith((".js", ".mjs")):
                with contextlib.suppress(Exception):
                    bodies[response.url] = response.body()

        page.on("response", keep)
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(1000)
        browser.close()
    return {url: len(gzip.compress(body, compresslevel=6)) for url, body in bodies.items()}


@dataclass(frozen=True, slots=True)
class Lighthouse:
    lcp_ms: float
    tbt_ms: float
    score: float
    # Lighthouse's `largest-contentful-paint-element`: what was painted last as the
    # largest thing on screen, e.g. 'h2#afspraken-aandacht "Wie doet wat: wacht op jou"'
    lcp_element: str = ""


class LighthouseFailed(Exception):
    """One Lighthouse run gave no usable numbers (e.g. NO_NAVSTART, a crash, a timeout)."""


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Runs(Generic[T]):
    """The runs that counted, how many were wanted, and why the others failed."""

    results: list[T]
    wanted: int
    failures: list[str]

    def summary(self) -> str:
        """For the table: "3 of 3 runs counted", "3 of 3 runs counted (1 failed, retried)"."""
        text = f"{len(self.results)} of {self.wanted} runs counted"
        if self.failures:
            text += f" ({len(self.failures)} failed{', retried' if self.results else ''})"
        return text


def collect_runs(run_once: Callable[[int], T], wanted: int, retries: int) -> Runs[T]:
    """Calls run_once(attempt) until it has `wanted` results. A run that raises
    LighthouseFailed is noted and tried again, at most `retries` times in all; then the
    runs that counted are returned (possibly fewer than wanted, possibly none)."""
    results: list[T] = []
    failures: list[str] = []
    attempt = 0
    while len(results) < wanted and len(failures) <= retries:
        try:
            results.append(run_once(attempt))
        except LighthouseFailed as exc:
            failures.append(str(exc))
        attempt += 1
    return Runs(results=results, wanted=wanted, failures=failures)


def parse_report(report: dict[str, Any]) -> Lighthouse:
    """The numbers of one Lighthouse JSON report, or LighthouseFailed when it has none."""
    runtime = report.get("runtimeError") or {}
    if runtime.get("code"):
        raise LighthouseFailed(f"{runtime['code']}: {runtime.get('message', '')}".strip())
    audits = report.get("audits", {})
    try:
        return Lighthouse(
            lcp_ms=float(audits["largest-contentful-paint"]["numericValue"]),
            tbt_ms=float(audits["total-blocking-time"]["numericValue"]),
            score=report["categories"]["performance"]["score"] or 0.0,
            lcp_element=lcp_element(audits),
        )
    except (KeyError, TypeError, ValueError) as exc:
        errors = [
            f"{name}: {audit.get('errorMessage')}"
            for name, audit in audits.items()
            if name in ("largest-contentful-paint", "total-blocking-time")
            and audit.get("errorMessage")
        ]
        raise LighthouseFailed("; ".join(errors) or f"no {exc} in the report") from exc


def lcp_element(audits: dict[str, Any]) -> str:
    """The LCP element as "selector \"text\"" (the selector's last part, the text cut
    to 60 characters); "" when the report does not say."""
    details = audits.get("largest-contentful-paint-element", {}).get("details") or {}
    tables = details.get("items", [])
    for table in tables:  # Lighthouse 12: a table with the node, then one with the phases
        for item in table.get("items", [table]) if isinstance(table, dict) else []:
            node = item.get("node") if isinstance(item, dict) else None
            if not node:
                continue
            selector = (node.get("selector") or "").split(" > ")[-1]
            text = " ".join((node.get("nodeLabel") or "").split())
            if len(text) > 60:
                text = text[:59] + "…"
            return f'{selector} "{text}"' if text else selector
    return ""


def most_common(elements: list[str]) -> str:
    """The LCP element most runs named (with "k of n runs" when they differ), or "?"."""
    named = [e for e in elements if e]
    if not named:
        return "?"
    top = max(set(named), key=named.count)
    count = named.count(top)
    return top if count == len(elements) else f"{top} ({count} of {len(elements)} runs)"


def lighthouse(url: str, cookies: dict[str, str], runs: int) -> Runs[Lighthouse]:
    """Lighthouse's default mobile profile (simulated slow 4G, 4x CPU slowdown). A run
    that fails (NO_NAVSTART, a crash, a timeout) is logged and tried again, up to
    LIGHTHOUSE_RETRIES times in all; the result says how many runs counted."""
    header = json.dumps({"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
    env = {**base_env(), "CHROME_PATH": CHROMIUM}

    def run_once(n: int) -> Lighthouse:
        out = RUN_DIR / f"lighthouse-{abs(hash(url))}-{n}.json"
        out.unlink(missing_ok=True)
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--only-categories=performance",
            "--output=json",
            f"--output-path={out}",
            "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage",
        ]
        if cookies:
            command.append(f"--extra-headers={header}")
        try:
            done = subprocess.run(command, env=env, capture_output=True, timeout=180, check=False)
        except subprocess.TimeoutExpired as exc:
            raise _failed(n, "timed out after 180 s") from exc
        if not out.exists():
            tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
            raise _failed(n, f"exit {done.returncode}, no report: {tail[0]}")
        try:
            return parse_report(json.loads(out.read_text()))
        except (LighthouseFailed, json.JSONDecodeError) as exc:
            raise _failed(n, str(exc)) from exc

    return collect_runs(run_once, runs, LIGHTHOUSE_RETRIES)


def _failed(attempt: int, reason: str) -> LighthouseFailed:
    log(f"Lighthouse attempt {attempt + 1} failed: {reason[:300]}")
    return LighthouseFailed(reason)


def repeat_visit_ms(url: str, cookies: dict[str, str]) -> tuple[list[float], bool]:
    """Visit once, let the service worker (if the page has one) take control, then time
    reloads: navigation start to the first heading on screen. Returns the times and
    whether a service worker controlled the page."""
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile, sync_playwright() as pw:
        context: BrowserContext = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context.add_cookies(_cookie_list(url, cookies))
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        controlled = _wait_for_worker(page)
        times = []
        for _ in range(RELOADS):
            page.reload(wait_until="commit")
            shown = page.wait_for_function(SHELL_VISIBLE, polling="raf")
            times.append(float(shown.json_value()))
        context.close()
    return times, controlled


def _wait_for_worker(page) -> bool:
    has_worker = page.evaluate(
        "async () => (await navigator.serviceWorker.getRegistrations()).length > 0"
    )
    if not has_worker:
        return False
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload(wait_until="networkidle")
    return bool(page.evaluate("() => navigator.serviceWorker.controller !== null"))

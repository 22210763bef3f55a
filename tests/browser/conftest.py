"""Browser tests: one production server for the whole session, Chromium through Playwright.

The server is the real thing (`reflex run --env prod`, one port) on a fresh SQLite
database with the demo families. Each test gets a new, isolated browser context.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests import servers
from tests.browser.support import (
    PHONE,
    SOCKET_PROBE,
    Account,
    AppServer,
    AxeReport,
    assert_no_serious_violations,
    log_in,
    run_axe,
)
from tests.mail_server import MailServer, ReceivedMail

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = REPO_ROOT / ".venv" / "bin"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
STARTUP_SECONDS = 300  # the first start ever also runs npm install


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this directory drives a browser: mark it `browser`."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


# --------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(data_dir: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DOSSIER_ENV", "REFLEX_REDIS_URL", "REFLEX_ENV_MODE", "PYTEST_CURRENT_TEST"):
        env.pop(name, None)
    env.update(
        {
            "PATH": f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
            "REFLEX_USE_NPM": "1",
            "REFLEX_TELEMETRY_ENABLED": "false",
            "REFLEX_CHECK_LATEST_VERSION": "false",
            "DOSSIER_DATA_DIR": str(data_dir),
            "REFLEX_DB_URL": f"sqlite:///{data_dir / 'dossier.db'}",
            "DOSSIER_ORIGIN": f"http://localhost:{port}",
            "DOSSIER_SECRET_KEY": secrets.token_urlsafe(48),
        }
    )
    return env


def _dossier(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(VENV_BIN / "dossier"), *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"dossier {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="session")
def mail_server() -> Iterator[MailServer]:
    """A real SMTP server on loopback for the whole session: the app server sends to it
    (DOSSIER_SMTP_URL); tests read what arrived (`received_mail`)."""
    server = MailServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def received_mail(mail_server: MailServer) -> Callable[..., ReceivedMail]:
    """received_mail("anna@...", count=1): the newest mail to that address, waiting for it."""
    return mail_server.wait_for


@pytest.fixture(scope="session")
def app_server(
    tmp_path_factory: pytest.TempPathFactory, mail_server: MailServer
) -> Iterator[AppServer]:
    data_dir = tmp_path_factory.mktemp("dossier-data")
    port = _free_port()
    env = _server_env(data_dir, port)
    env["DOSSIER_SMTP_URL"] = mail_server.url  # mails go to the loopback SMTP server
    _dossier(env, "migrate")
    accounts = tuple(Account(**row) for row in json.loads(_dossier(env, "demo", "--json")))

    base_url = f"http://localhost:{port}"
    log_path = data_dir / "server.log"
    process = servers.start_prod(REPO_ROOT, env, port=port, log_path=log_path, loglevel="info")
    try:
        try:
            servers.wait_ready(
                process,
                base_url,
                ["/api/health", "/login/"],
                log_path=log_path,
                timeout=STARTUP_SECONDS,
                poll=0.5,
            )
        except servers.ServerFailed as exc:
            pytest.fail(str(exc))
        yield AppServer(base_url=base_url, accounts=accounts, log_path=log_path)
    finally:
        servers.stop(process)


# --------------------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------------------


# Package scope, not session: Playwright's sync API keeps an asyncio loop running in this
# thread while it is open, and pytest-asyncio tests that run after this package would fail
# with "Runner.run() cannot be called from a running event loop".
@pytest.fixture(scope="package")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="package")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """Opens extra isolated contexts (phone size, English browser); closed after the test."""
    opened: list[BrowserContext] = []

    def make(viewport: dict[str, int] | None = None) -> BrowserContext:
        # en-US on purpose: the app must still start in Dutch.
        context = browser.new_context(viewport=viewport or PHONE, locale="en-US")
        context.set_default_timeout(15_000)
        context.add_init_script(SOCKET_PROBE)
        opened.append(context)
        return context

    yield make
    for context in opened:
        with contextlib.suppress(Exception):
            context.close()


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context(PHONE)


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(scope="session", autouse=True)
def _expect_timeout() -> None:
    # A cold page load rehydrates over the websocket; give it a little more than 5 s.
    expect.set_options(timeout=15_000)


# --------------------------------------------------------------------------------------
# Helpers as fixtures
# --------------------------------------------------------------------------------------


@pytest.fixture
def login(app_server: AppServer) -> Callable[[Page, Account], None]:
    """login(page, account): through the real form, until the overview has its data."""

    def do_login(page: Page, account: Account) -> None:
        log_in(page, app_server, account)

    return do_login


AXE_RESULTS: list[AxeReport] = []


@pytest.fixture
def check_axe() -> Callable[[Page, str], AxeReport]:
    """check_axe(page, label): fails on serious or critical violations, lists the rest."""

    def check(page: Page, label: str) -> AxeReport:
        report = run_axe(page, label)
        AXE_RESULTS.append(report)
        assert_no_serious_violations(report)
        return report

    return check


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not AXE_RESULTS:
        return
    terminalreporter.section("axe-core violations by impact")
    for report in AXE_RESULTS:
        counts = report.by_impact()
        text = ", ".join(f"{k}: {n}" for k, n in sorted(counts.items())) or "none"
        ids = ", ".join(sorted({v["id"] for v in report.violations}))
        terminalreporter.write_line(f"{report.page}: {text}" + (f" [{ids}]" if ids else ""))

"""The home-screen app (issue 7): the manifest and icons over HTTP, Chromium's own
installability check, and the install hint on Android/Chromium and on an iPhone.

Chromium's check (CDP `Page.getInstallabilityErrors`) only passes in a persistent
profile: every `new_context()` is incognito and reports `in-incognito`. So the check
runs in a profile of its own in a temporary directory.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.support import PHONE, SOCKET_PROBE, AppServer, AxeReport, goto, log_in

pytestmark = pytest.mark.browser

FAMILY = "Gezin De Vries"
# The first worker activates only after it has precached the app shell.
SHELL_INSTALL_MS = 60_000
CheckAxe = Callable[[Page, str], AxeReport]
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
HINT = "#install-hint"
# What Chromium hands the page when it could install the app. Headless Chromium does not
# always fire it on its own (it also weighs engagement), so the test sends this stand-in
# with the same shape; install.js cannot tell the difference.
FAKE_BEFOREINSTALLPROMPT = """() => {
  const event = new Event("beforeinstallprompt", { cancelable: true });
  event.platforms = ["web"];
  event.prompt = () => { window.__installPrompted = (window.__installPrompted || 0) + 1;
                         return Promise.resolve(); };
  event.userChoice = Promise.resolve({ outcome: "dismissed", platform: "web" });
  window.dispatchEvent(event);
}"""


def fetch(server: AppServer, path: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(server.url(path), timeout=10) as response:  # noqa: S310
        return response.status, response.headers.get("content-type", ""), response.read()


@pytest.fixture
def profile(playwright_instance: Playwright, tmp_path: Path) -> Iterator[BrowserContext]:
    """A persistent (not incognito) Chromium profile on a phone screen."""
    context = playwright_instance.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport=PHONE,
        locale="nl-NL",
    )
    context.set_default_timeout(15_000)
    context.add_init_script(SOCKET_PROBE)
    yield context
    context.close()


def test_the_manifest_and_its_icons_are_served(app_server: AppServer) -> None:
    status, content_type, body = fetch(app_server, "/manifest.webmanifest")
    assert status == 200
    assert content_type.split(";")[0].strip() == "application/manifest+json"
    manifest = json.loads(body)
    assert manifest["name"] == "Gezinsdossier"
    assert manifest["short_name"]
    assert manifest["description"]
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "nl"
    assert manifest["theme_color"] and manifest["background_color"]
    assert manifest.get("prefer_related_applications") is not True
    purposes = {}
    for icon in manifest["icons"]:
        status, content_type, data = fetch(app_server, icon["src"])
        assert status == 200 and content_type == "image/png", icon["src"]
        with Image.open(BytesIO(data)) as image:
            width, height = (int(n) for n in icon["sizes"].split("x"))
            assert image.size == (width, height), icon["src"]
        purposes.setdefault(icon["purpose"], set()).add(icon["sizes"])
    # Separate "any" and "maskable" icons, never "any maskable".
    assert purposes == {"any": {"192x192", "512x512"}, "maskable": {"512x512"}}
    status, content_type, data = fetch(app_server, "/icons/apple-touch-icon.png")
    with Image.open(BytesIO(data)) as image:
        assert image.size == (180, 180)


class HeadTags(HTMLParser):
    """The <link>, <meta> and <script src> tags of a page, as attribute dicts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"link", "meta", "script"}:
            self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def has(self, tag: str, **wanted: str) -> bool:
        return any(
            name == tag and all(attrs.get(k.replace("_", "-")) == v for k, v in wanted.items())
            for name, attrs in self.tags
        )


def test_the_pages_carry_the_home_screen_head_tags(app_server: AppServer) -> None:
    _status, _type, body = fetch(app_server, "/login/")
    head = HeadTags()
    head.feed(body.decode())
    assert head.has("link", rel="manifest", href="/manifest.webmanifest")
    assert head.has("meta", name="theme-color", content="#0d9488")
    assert head.has("link", rel="apple-touch-icon", href="/icons/apple-touch-icon.png")
    assert head.has("meta", name="apple-mobile-web-app-capable", content="yes")
    assert head.has("meta", name="mobile-web-app-capable", content="yes")
    assert head.has("meta", name="apple-mobile-web-app-title", content="Dossier")
    assert head.has("script", src="/install.js")
    viewports = [a["content"] for n, a in head.tags if n == "meta" and a.get("name") == "viewport"]
    assert len(viewports) == 1 and "viewport-fit=cover" in viewports[0], viewports


def test_chromium_reports_the_app_installable_and_offers_the_button(
    app_server: AppServer, profile: BrowserContext, check_axe: CheckAxe
) -> None:
    page = profile.pages[0] if profile.pages else profile.new_page()
    log_in(page, app_server, app_server.account(FAMILY, "parent"))
    # push.js registered /sw.js; it claims the page once active, after precaching the
    # shell (~120 files), which takes seconds on a busy 2-core machine.
    page.wait_for_function(
        "() => navigator.serviceWorker.controller !== null", timeout=SHELL_INSTALL_MS
    )
    cdp = profile.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == app_server.url("/manifest.webmanifest")
    assert manifest["errors"] == [], manifest["errors"]
    installability = cdp.send("Page.getInstallabilityErrors")
    assert installability["installabilityErrors"] == [], installability

    # Not on the home screen yet and the browser can install: the button shows.
    page.evaluate(FAKE_BEFOREINSTALLPROMPT)
    hint = page.locator(HINT)
    # Not before the person does something here: untouched, the hint would be the
    # largest thing painted on the overview (its LCP element).
    expect(hint).to_have_attribute("data-install-state", "prompt")
    page.wait_for_timeout(700)  # install.js looks twice a second
    expect(hint).to_be_hidden()
    page.keyboard.press("Shift")  # any key, tap or scroll
    expect(hint).to_be_visible()
    expect(
        hint.get_by_role("heading", name="Zet het Gezinsdossier op je beginscherm")
    ).to_be_visible()
    expect(hint.get_by_text("Zo doe je dat op een iPhone")).to_be_hidden()
    check_axe(page, "overzicht met installeerknop (telefoon)")
    hint.get_by_role("button", name="Installeer op je beginscherm").click()
    page.wait_for_function("() => window.__installPrompted === 1")
    # A prompt event works once: the button goes until the browser offers again.
    expect(hint).to_be_hidden()


@pytest.fixture
def iphone(browser: Browser) -> Iterator[BrowserContext]:
    """Safari on an iPhone, as far as the page can tell (user agent, touch, size)."""
    context = browser.new_context(
        viewport=PHONE, user_agent=IPHONE, locale="nl-NL", has_touch=True, is_mobile=True
    )
    context.set_default_timeout(15_000)
    context.add_init_script(SOCKET_PROBE)
    yield context
    context.close()


def test_an_iphone_gets_the_steps_and_not_now_keeps_it_away(
    app_server: AppServer, iphone: BrowserContext, check_axe: CheckAxe
) -> None:
    page = iphone.new_page()
    log_in(page, app_server, app_server.account(FAMILY, "parent", 1))
    hint = page.locator(HINT)
    expect(hint).to_have_attribute("data-install-state", "ios")
    expect(hint).to_be_hidden()  # until the first tap, key or scroll on the page
    page.locator("h1").tap()
    expect(hint).to_be_visible()
    expect(hint.get_by_text("Kies Zet op beginscherm.")).to_be_visible()
    expect(hint.get_by_text("Deel (het vierkantje met een pijl omhoog)")).to_be_visible()
    expect(hint.get_by_role("button", name="Installeer op je beginscherm")).to_be_hidden()
    check_axe(page, "overzicht met beginscherm-uitleg (iPhone)")

    hint.get_by_role("button", name="Niet nu").click()
    expect(hint).to_be_hidden()
    goto(page, app_server.url("/"))
    expect(page.locator("main section").first).to_be_visible()
    page.wait_for_timeout(700)  # install.js looks twice a second
    expect(hint).to_be_hidden()
    expect(hint).to_have_attribute("data-install-state", "none")


def test_nothing_shows_once_the_app_runs_from_the_home_screen(
    app_server: AppServer, iphone: BrowserContext
) -> None:
    # Opened from the home screen, Safari says navigator.standalone === true.
    iphone.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'standalone', { get: () => true });"
    )
    page = iphone.new_page()
    log_in(page, app_server, app_server.account(FAMILY, "parent", 1))
    page.wait_for_timeout(700)
    hint = page.locator(HINT)
    expect(hint).to_be_hidden()
    expect(hint).to_have_attribute("data-install-state", "none")

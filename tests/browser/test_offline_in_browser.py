"""The service worker (issue 7): the shell from the cache, honest offline, new versions.

Offline is Chromium's own network emulation (`context.set_offline(True)`): the page's
requests fail and `navigator.onLine` turns false, as on a phone that lost its signal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import REPO_ROOT
from tests.browser.support import PHONE, TABLET, Account, AppServer, AxeReport, goto

pytestmark = pytest.mark.browser

FAMILY = "Gezin De Vries"
CheckAxe = Callable[[Page, str], AxeReport]
CONTROLLED = "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null"
# A worker activates only after it has precached the app shell (~120 files): seconds on a
# busy 2-core machine, more than the usual 15 s wait at worst.
SHELL_INSTALL_MS = 60_000
# Every cache and every entry in it: {cache name: {path: body text}}.
READ_CACHES = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    out[name] = {};
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      out[name][new URL(request.url).pathname] = await response.clone().text();
    }
  }
  return out;
}"""
WORKER_VERSION = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return registration.active.scriptURL;
}"""


@pytest.fixture
def phone(new_context: Callable[..., BrowserContext]) -> Iterator[Page]:
    yield new_context(PHONE).new_page()


def parent(app_server: AppServer) -> Account:
    return app_server.account(FAMILY, "parent")


def sign_in(page: Page, login: Callable[[Page, Account], None], account: Account) -> None:
    login(page, account)
    page.wait_for_function(CONTROLLED, timeout=SHELL_INSTALL_MS)  # the first takes over at once


def shell_caches(page: Page) -> dict[str, dict[str, str]]:
    return {
        name: entries
        for name, entries in page.evaluate(READ_CACHES).items()
        if name.startswith("dossier-shell-")
    }


def served_version(page: Page, app_server: AppServer) -> str:
    body = page.request.get(app_server.url("/sw.js")).text()
    return json.loads(re.search(r"const BUILD = (.*?); //", body).group(1))["version"]


def test_the_worker_controls_the_page_and_reopens_the_shell_from_its_cache(
    phone: Page, app_server: AppServer, login: Callable[[Page, Account], None]
) -> None:
    sign_in(phone, login, parent(app_server))
    caches = shell_caches(phone)
    version = served_version(phone, app_server)
    assert list(caches) == [f"dossier-shell-{version}"]
    paths = set(caches[f"dossier-shell-{version}"])
    assert {"/offline.html", "/app.css", "/connectivity.js", "/push.js"} <= paths
    assert sum(path.startswith("/assets/") for path in paths) >= 20
    assert not [p for p in paths if p.startswith(("/api/", "/_event", "/_upload"))]

    # Reopen: every file of the build comes from the worker, none from the server.
    from_worker: dict[str, bool] = {}
    phone.on(
        "response",
        lambda r: (
            from_worker.setdefault(r.url, r.from_service_worker) if "/assets/" in r.url else None
        ),
    )
    goto(phone, app_server.url("/"))
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert len(from_worker) >= 10
    assert all(from_worker.values()), [u for u, w in from_worker.items() if not w]


def test_a_page_the_worker_missed_asks_to_be_taken_over(
    phone: Page, app_server: AppServer, login: Callable[[Page, Account], None]
) -> None:
    """A page that was between two documents when the first worker activated is missed
    by its clients.claim() (seen in CI: an active worker, an uncontrolled page). A
    hard reload makes such a page on purpose: browsers never let a worker answer it."""
    sign_in(phone, login, parent(app_server))
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Page.reload", {"ignoreCache": True})
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    # push.js finds the page uncontrolled with an active worker and asks it to claim.
    phone.wait_for_function(CONTROLLED, timeout=15_000)


def test_offline_shows_the_offline_page_and_keeps_no_family_data_without_the_opt_in(
    phone: Page,
    app_server: AppServer,
    login: Callable[[Page, Account], None],
    check_axe: CheckAxe,
) -> None:
    account = parent(app_server)
    sign_in(phone, login, account)
    for path in ("/taken", "/agenda", "/wie-doet-wat", "/gezin"):  # fill any runtime cache
        goto(phone, app_server.url(path))
        expect(phone.get_by_role("heading", level=1)).to_be_visible()

    phone.context.set_offline(True)
    phone.goto(app_server.url("/taken"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Je bent offline")
    expect(phone.get_by_text("Wijzigingen kun je nu niet opslaan")).to_be_visible()
    expect(phone.locator("#offline-card")).to_be_hidden()  # no opt-in: nothing to show
    check_axe(phone, "offline page, phone")
    phone.set_viewport_size(TABLET)
    check_axe(phone, "offline page, tablet")

    # What the browser keeps: the public shell only, no family data at all.
    stored = phone.evaluate(READ_CACHES)
    assert "dossier-offline-card" not in stored
    # The family, the person, a demo task and an agreement text: data, not interface text.
    markers = (
        FAMILY,
        account.name,
        account.email,
        "Zorgplan (IZP) bijwerken na de laatste opname",
        "Sinds de laatste opname is het plan nog niet bijgewerkt",
        "Yilmaz",
    )
    for name, entries in stored.items():
        for path, body in entries.items():
            assert not path.startswith(("/api/", "/_event")), (name, path)
            found = [marker for marker in markers if marker in body]
            assert not found, f"{found} stored in {name} {path}"
    assert phone.evaluate("async () => (await indexedDB.databases()).map(d => d.name)") == []
    local = phone.evaluate("() => JSON.stringify(Object.assign({}, localStorage))")
    assert not [marker for marker in markers if marker in local]

    # "Opnieuw proberen" while still offline says so; back online the page opens by itself.
    phone.get_by_role("button", name="Opnieuw proberen").click()
    expect(phone.get_by_role("status")).to_have_text(re.compile("^Nog geen verbinding"))
    phone.context.set_offline(False)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Taken")


def test_a_form_sent_offline_keeps_what_was_typed_and_says_it_was_not_saved(
    phone: Page,
    app_server: AppServer,
    login: Callable[[Page, Account], None],
    check_axe: CheckAxe,
) -> None:
    sign_in(phone, login, parent(app_server))
    goto(phone, app_server.url("/taken"))
    phone.get_by_role("button", name="Nieuwe taak").click()
    dialog = phone.get_by_role("dialog", name="Nieuwe taak")
    title = "Offline getypt: rolstoelbus aanvragen"
    dialog.get_by_label("Titel (verplicht)").fill(title)
    dialog.get_by_label("Domein (verplicht)").select_option(label="Wonen en hulpmiddelen")
    dialog.get_by_label("Notities").fill("Bellen met de gemeente.")

    phone.context.set_offline(True)
    banner = phone.locator("#connection-banner")
    expect(banner).to_have_text("Je bent offline. Wijzigingen kun je nu niet opslaan.")
    expect(banner).to_have_attribute("role", "status")
    dialog.get_by_role("button", name="Opslaan").click()
    note = dialog.get_by_role("alert")
    expect(note).to_contain_text("Niet opgeslagen: je bent offline")
    # Where the eye is, on a 390 x 844 phone: on screen, right above the button just tapped.
    expect(note).to_be_in_viewport(ratio=1)
    note_box = note.bounding_box()
    button_box = dialog.get_by_role("button", name="Opslaan").bounding_box()
    assert note_box is not None and button_box is not None
    assert note_box["y"] + note_box["height"] <= button_box["y"] + 1
    expect(dialog.get_by_label("Titel (verplicht)")).to_have_value(title)
    expect(dialog.get_by_label("Notities")).to_have_value("Bellen met de gemeente.")
    check_axe(phone, "tasks form with the offline banner and the unsaved note, phone")

    # Back online the same form goes through, once.
    phone.context.set_offline(False)
    expect(banner).to_be_hidden()
    dialog.get_by_role("button", name="Opslaan").click()
    expect(dialog).to_be_hidden()
    item = phone.get_by_role("main").get_by_role("listitem").filter(has_text=title)
    expect(item).to_have_count(1)
    goto(phone, app_server.url("/taken"))  # from the server, not the screen's memory
    expect(item).to_have_count(1)


def test_a_new_version_is_offered_and_takes_over_after_the_tap(
    phone: Page, app_server: AppServer, login: Callable[[Page, Account], None]
) -> None:
    sign_in(phone, login, parent(app_server))
    old = served_version(phone, app_server)
    # A deploy: one file of the shell changes in the build the server serves.
    shell_file = Path(REPO_ROOT, ".web", "build", "client", "app.css")
    original = shell_file.read_bytes()
    try:
        shell_file.write_bytes(original + b"\n/* a new build */\n")
        new = served_version(phone, app_server)
        assert new != old
        phone.evaluate("async () => (await navigator.serviceWorker.ready).update()")
        update = phone.get_by_role("region", name="Er is een nieuwe versie van het dossier.")
        expect(update).to_be_visible(timeout=SHELL_INSTALL_MS)  # after the new precache
        # The old worker still serves the page until the tap: nothing half old, half new.
        assert f"dossier-shell-{old}" in shell_caches(phone)

        with phone.expect_navigation():
            update.get_by_role("button", name="Vernieuwen").click()
        phone.wait_for_function(CONTROLLED, timeout=SHELL_INSTALL_MS)
        phone.wait_for_function(
            "async (v) => (await caches.keys()).includes('dossier-shell-' + v)", arg=new
        )
        assert list(shell_caches(phone)) == [f"dossier-shell-{new}"]  # the old one is gone
        expect(phone.get_by_role("region", name="Er is een nieuwe versie")).to_be_hidden()
    finally:
        shell_file.write_bytes(original)


def test_with_the_opt_in_the_offline_page_shows_the_card_from_this_device(
    phone: Page,
    app_server: AppServer,
    login: Callable[[Page, Account], None],
    check_axe: CheckAxe,
) -> None:
    sign_in(phone, login, parent(app_server))
    goto(phone, app_server.url("/mijn-apparaten"))
    phone.get_by_role("switch", name="Bewaar een overzicht op dit apparaat").check()
    expect(phone.get_by_text("Aan: het overzicht staat op dit apparaat.")).to_be_visible()

    phone.context.set_offline(True)
    phone.goto(app_server.url("/agenda"))  # the signal is gone: the worker's offline page
    expect(phone.get_by_role("heading", level=1)).to_have_text("Je bent offline")
    card = phone.locator("#offline-card")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Bijgewerkt: ")
    expect(card.get_by_role("heading", name="Mijn open taken")).to_be_visible()
    check_axe(phone, "offline page with the offline card, phone")
    phone.context.set_offline(False)

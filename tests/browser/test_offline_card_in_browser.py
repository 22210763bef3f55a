"""The offline card in Chromium: off by default, on with a tap on /mijn-apparaten, gone
when switched off and when logging out; axe on the page at phone and tablet size.

"Nothing of the family without the opt-in" is checked by dumping everything the browser
keeps for the site (every Cache Storage entry, every IndexedDB store, localStorage) and
looking for the family's words: task and appointment titles, contact names and numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from tests.browser.support import PHONE, Account, AppServer, AxeReport, goto, wait_until_live

pytestmark = pytest.mark.browser

DEVICES = "/mijn-apparaten"
CACHE = "dossier-offline-card"
FLAG = "dossier.offline-card"
SWITCH = "Bewaar een overzicht op dit apparaat"
Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]

READ_SNAPSHOT = """async () => {
  const options = { cacheName: "dossier-offline-card" };
  const r = await caches.match("/offline-card/snapshot.json", options);
  return r ? await r.json() : null;
}"""

FRESH_SNAPSHOT = """async () => {
  const r = await fetch("/api/offline/snapshot", { cache: "no-store" });
  return r.ok ? await r.json() : null;
}"""

# Everything the site keeps in the browser, as text.
DUMP_STORAGE = """async () => {
  const out = { caches: {}, indexedDB: {}, localStorage: {} };
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    const texts = [];
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      const type = (response && response.headers.get("content-type")) || "";
      // Images and fonts hold no words; everything else is read as text.
      texts.push(request.url + "\\n" + (/image|font/.test(type) ? "" : await response.text()));
    }
    out.caches[name] = texts.join("\\n");
  }
  const databases = indexedDB.databases ? await indexedDB.databases() : [];
  for (const { name } of databases) {
    const db = await new Promise((ok, no) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => ok(open.result);
      open.onerror = () => no(open.error);
    });
    const stores = Array.from(db.objectStoreNames);
    const texts = [];
    for (const store of stores) {
      const rows = await new Promise((ok, no) => {
        const all = db.transaction(store).objectStore(store).getAll();
        all.onsuccess = () => ok(all.result);
        all.onerror = () => no(all.error);
      });
      texts.push(JSON.stringify(rows));
    }
    db.close();
    out.indexedDB[name] = texts.join("\\n");
  }
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    out.localStorage[key] = localStorage.getItem(key);
  }
  return out;
}"""


def parent(app_server: AppServer) -> Account:
    return app_server.account("Gezin De Vries", "parent")


def switch(page: Page):
    return page.get_by_role("switch", name=SWITCH)


def open_devices(page: Page, app_server: AppServer) -> None:
    goto(page, app_server.url(DEVICES))
    wait_until_live(page)
    expect(switch(page)).to_be_enabled()


def cache_names(page: Page) -> list[str]:
    return page.evaluate("async () => await caches.keys()")


def flag(page: Page) -> Any:
    return page.evaluate(f"() => localStorage.getItem({FLAG!r})")


def family_words(snapshot: dict[str, Any]) -> set[str]:
    words = {t["title"] for t in snapshot["tasks"]} | {a["title"] for a in snapshot["appointments"]}
    words |= {c["name"] for c in snapshot["contacts"]} | {c["phone"] for c in snapshot["contacts"]}
    return {w for w in words if w and len(w) > 4}


def test_without_the_opt_in_nothing_of_the_family_is_kept(
    page: Page, login: Login, app_server: AppServer
) -> None:
    login(page, parent(app_server))
    for path in ("/", "/taken", "/agenda", DEVICES):
        goto(page, app_server.url(path))
        wait_until_live(page)
    expect(switch(page)).not_to_be_checked()
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")  # shell precached
    # Nothing to wait for: this checks that nothing is written, so it gives a late
    # writer (the card script, a page's storage) a second to do it wrongly.
    page.wait_for_timeout(1000)
    words = family_words(page.evaluate(FRESH_SNAPSHOT))
    assert len(words) >= 5, words  # the check really has something to look for
    kept = page.evaluate(DUMP_STORAGE)
    assert CACHE not in kept["caches"]
    assert FLAG not in kept["localStorage"]
    everything = "\n".join(
        [*kept["caches"].values(), *kept["indexedDB"].values(), *kept["localStorage"].values()]
    )
    assert [w for w in words if w in everything] == []


def without_clear_site_data(route: Route) -> None:
    response = route.fetch(max_redirects=0)
    headers = {k: v for k, v in response.headers.items() if k.lower() != "clear-site-data"}
    route.fulfill(status=response.status, headers=headers, body=response.body())


def test_opt_in_switch_off_and_log_out(page: Page, login: Login, app_server: AppServer) -> None:
    login(page, parent(app_server))
    open_devices(page, app_server)
    expect(switch(page)).not_to_be_checked()
    expect(page.get_by_text("Uit: er staat niets van het dossier op dit apparaat.")).to_be_visible()

    # On: the snapshot is fetched at once and kept in its own cache.
    switch(page).check()
    expect(page.get_by_text("Aan: het overzicht staat op dit apparaat.")).to_be_visible()
    expect(page.get_by_text("Laatst bijgewerkt:")).to_be_visible()
    expect(switch(page)).to_be_checked()
    kept = page.evaluate(READ_SNAPSHOT)
    assert kept is not None and flag(page) == "on"
    fresh = page.evaluate(FRESH_SNAPSHOT)
    assert kept["user_id"] == fresh["user_id"] and kept["family_name"] == "Gezin De Vries"
    assert [t["title"] for t in kept["tasks"]] == [t["title"] for t in fresh["tasks"]]
    assert kept["tasks"], "the demo parent has open tasks"
    titles = [a["title"] for a in kept["appointments"]]
    assert titles == [a["title"] for a in fresh["appointments"]]
    assert any(c["phone"] for c in kept["contacts"])

    # Still on after a reload; off removes the cache and the flag.
    page.reload()
    wait_until_live(page)
    expect(switch(page)).to_be_checked()
    switch(page).uncheck()
    expect(page.get_by_text("Uit: er staat niets van het dossier op dit apparaat.")).to_be_visible()
    assert CACHE not in cache_names(page)
    assert flag(page) is None

    # On again, then log out through the menu: gone too, also in a browser that ignores
    # the server's Clear-Site-Data (older Safari): the header is taken off here.
    switch(page).check()
    expect(page.get_by_text("Aan: het overzicht staat op dit apparaat.")).to_be_visible()
    assert CACHE in cache_names(page)
    page.route("**/api/auth/logout", without_clear_site_data)
    page.get_by_role("button", name="Menu: taal, gezin en uitloggen").click()
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/login/?\?bye=1$"))
    assert CACHE not in cache_names(page)
    assert flag(page) is None


def test_the_card_on_the_offline_page(page: Page, login: Login, app_server: AppServer) -> None:
    """Drawn from the device's snapshot, with the time it was made; nothing without it."""
    login(page, parent(app_server))
    page.goto(app_server.url("/offline.html"))
    expect(page.locator("#offline-card")).to_be_hidden()
    open_devices(page, app_server)
    switch(page).check()
    expect(page.get_by_text("Aan: het overzicht staat op dit apparaat.")).to_be_visible()
    kept = page.evaluate(READ_SNAPSHOT)
    page.goto(app_server.url("/offline.html"))
    card = page.locator("#offline-card")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Bijgewerkt: ")
    expect(card.get_by_role("heading", name="Mijn open taken")).to_be_visible()
    expect(card).to_contain_text(kept["tasks"][0]["title"])
    phone = next(c for c in kept["contacts"] if c["phone"])
    expect(card.get_by_role("link", name=f"Bel {phone['name']}: {phone['phone']}")).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1024, "height": 1366}], ids=str)
def test_the_devices_page_passes_axe(
    new_context: Callable[..., BrowserContext],
    login: Login,
    app_server: AppServer,
    check_axe: CheckAxe,
    viewport: dict[str, int],
) -> None:
    page = new_context(viewport=viewport).new_page()
    login(page, parent(app_server))
    open_devices(page, app_server)
    check_axe(page, f"mijn-apparaten {viewport['width']}")
    switch(page).check()
    expect(page.get_by_text("Laatst bijgewerkt:")).to_be_visible()
    check_axe(page, f"mijn-apparaten aan {viewport['width']}")


def test_a_parent_fills_in_a_phone_number_on_the_members_page(
    page: Page, login: Login, app_server: AppServer
) -> None:
    login(page, parent(app_server))
    goto(page, app_server.url("/gezin"))
    wait_until_live(page)
    field = page.get_by_label("Telefoonnummer van Mark de Vries")
    field.fill("bel mij")
    page.get_by_role("button", name="Opslaan: Mark de Vries").click()
    expect(
        page.get_by_role("alert").filter(has_text="Dit telefoonnummer klopt niet")
    ).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")
    field.fill("06 9876 5432")
    page.get_by_role("button", name="Opslaan: Mark de Vries").click()
    expect(page.get_by_role("link", name="Bel Mark de Vries: 06 9876 5432")).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "false")


def test_another_person_signing_in_on_the_device_drops_the_snapshot(
    page: Page, context: BrowserContext, login: Login, app_server: AppServer
) -> None:
    """Anna's session ends without a logout (expired); Mark signs in on the same phone:
    Anna's snapshot and her opt-in are gone before Mark sees a page."""
    login(page, parent(app_server))
    open_devices(page, app_server)
    switch(page).check()
    expect(page.get_by_text("Aan: het overzicht staat op dit apparaat.")).to_be_visible()
    context.clear_cookies()  # as if the session had run out
    login(page, app_server.account("Gezin De Vries", "parent", 1))
    page.wait_for_function(
        """async () => !(await caches.keys()).includes("dossier-offline-card")"""
    )
    assert flag(page) is None

"""Push notifications in Chromium: the tap that subscribes, the service worker's push
and click handlers, the iPhone explanation, and axe on both notification pages.

What Chromium headless can and cannot do here (checked on Chromium 156):

* `pushManager.subscribe()` cannot succeed: an incognito context (every Playwright
  `new_context()`) refuses the Push API outright ("AbortError: Registration failed"),
  and a persistent profile waits forever for Google's push service (GCM), which is not
  reachable. `test_when_the_browser_cannot_subscribe_the_page_says_so` drives that real
  refusal. For the rest of the journey the page's `PushManager.subscribe` and
  `getSubscription` are replaced *in the test* (an init script, never in the app) by
  ones that hand out a subscription made for tests/push_service.py, a real push service
  on loopback that checks the VAPID JWT and decrypts the message. Everything else is
  real: assets/push.js, the POST to /api/push/subscriptions, the state, the outbox
  worker in the server, pywebpush's encryption, and the service worker.
* The service worker is tested for real: the registration comes from push.js, the
  decrypted message is delivered to it with CDP `ServiceWorker.deliverPushMessage`, and
  the notification it shows is read back with `registration.getNotifications()`.
* Clicking a notification: CDP has no command for it, so the test dispatches a
  `notificationclick` event with the real Notification object inside the service worker
  (Playwright evaluates in the worker over CDP). Its handler runs unchanged and
  navigates the open tab; Chromium refuses `waitUntil` on a script-made event (logged
  in the worker) and refuses focus() and openWindow() without a real click, so the "no
  tab open: open a new window" branch cannot be driven here.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.support import (
    PHONE,
    SOCKET_PROBE,
    TABLET,
    Account,
    AppServer,
    AxeReport,
    goto,
    wait_until_live,
)
from tests.push_service import PushService, Received, make_subscription

pytestmark = pytest.mark.browser
# `push_service` (tests/push_service.py, via tests/conftest.py): a real push service on
# loopback that checks the VAPID JWT and decrypts each message.

YILMAZ = "Gezin Yilmaz"
SETTINGS = "/meldingen/instellingen"
LIST = "/meldingen"
Login = Callable[[Page, Account], None]
NewContext = Callable[..., BrowserContext]
CheckAxe = Callable[[Page, str], AxeReport]
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)

# The test's stand-in for the browser's push service registration (see the docstring).
# The subscription survives page loads in this tab (sessionStorage), like a real one.
PUSH_MANAGER_STUB = """
(() => {
  if (!("PushManager" in window)) return;
  const info = %s;
  const subscription = () => ({
    endpoint: info.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true },
    toJSON() { return { endpoint: info.endpoint, expirationTime: null, keys: info.keys }; },
    async unsubscribe() { sessionStorage.removeItem("stub.subscribed"); return true; },
  });
  PushManager.prototype.subscribe = async function (options) {
    const key = new Uint8Array(options.applicationServerKey);
    sessionStorage.setItem("stub.key", btoa(String.fromCharCode(...key))
      .replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, ""));
    sessionStorage.setItem("stub.userVisibleOnly", String(options.userVisibleOnly));
    sessionStorage.setItem("stub.subscribed", "1");
    return subscription();
  };
  PushManager.prototype.getSubscription = async function () {
    return sessionStorage.getItem("stub.subscribed") ? subscription() : null;
  };
})();
"""

# Counts permission requests, so a test can tell none happened on page load.
PERMISSION_COUNTER = """
(() => {
  if (!("Notification" in window)) return;
  const ask = Notification.requestPermission.bind(Notification);
  window.__permissionRequests = 0;
  Notification.requestPermission = (...args) => {
    window.__permissionRequests += 1;
    return ask(...args);
  };
})();
"""

NOTIFICATIONS_SHOWN = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const shown = await registration.getNotifications();
  return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data,
                             icon: n.icon, badge: n.badge }));
}"""

CLICK_IN_THE_WORKER = """async (tag) => {
  const [notification] = await self.registration.getNotifications({ tag });
  if (!notification) return "no notification";
  self.dispatchEvent(new NotificationEvent("notificationclick", { notification }));
  return "clicked";
}"""


def server_key(app_server: AppServer) -> str:
    with urllib.request.urlopen(app_server.url("/api/push/vapid-public-key"), timeout=10) as r:  # noqa: S310
        return json.loads(r.read())["publicKey"]


def panel_state(page: Page) -> Any:
    return expect(page.locator("#push-panel"))


def open_settings(page: Page, app_server: AppServer) -> None:
    goto(page, app_server.url(SETTINGS))
    expect(page.get_by_role("heading", name="Instellingen voor meldingen")).to_be_visible()


def wait_for_push(service: PushService, name: str, kind_tag: str, seconds: float = 25) -> Received:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for got in service.received_for(name):
            if got.payload.get("tag") == kind_tag:
                return got
        time.sleep(0.2)
    raise AssertionError(
        f"no push with tag {kind_tag!r} arrived at the push service; "
        f"received: {[g.payload for g in service.received]}, failures: {service.failures}"
    )


def registration_id(context: BrowserContext, page: Page, scope: str) -> tuple[Any, str]:
    """The service worker registration's id, from CDP's ServiceWorker domain."""
    cdp = context.new_cdp_session(page)
    found: dict[str, str] = {}

    def updated(event: dict) -> None:
        for registration in event["registrations"]:
            if not registration.get("isDeleted"):
                found[registration["scopeURL"]] = registration["registrationId"]

    cdp.on("ServiceWorker.workerRegistrationUpdated", updated)
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while scope not in found and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert scope in found, f"no service worker registration for {scope}: {found}"
    return cdp, found[scope]


def service_worker(context: BrowserContext):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for worker in context.service_workers:
            if worker.url.endswith("/sw.js"):
                return worker
        time.sleep(0.1)
    raise AssertionError("the service worker did not start")


def notifications_until(page: Page, fits: Callable[[list[dict]], bool]) -> list[dict]:
    """The notifications the service worker shows, once `fits` says they are there (a
    busy CI machine once needed more than 10 s for the worker to wake and show one)."""
    deadline = time.monotonic() + 30
    while True:
        shown = page.evaluate(NOTIFICATIONS_SHOWN)
        if fits(shown) or time.monotonic() > deadline:
            return shown
        page.wait_for_timeout(100)


def csp_problems(page: Page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


# --------------------------------------------------------------------------------------
# The whole journey: tap, subscribe, test push, shown by the service worker, click
# --------------------------------------------------------------------------------------


def test_push_on_a_phone_from_the_tap_to_the_click(
    app_server: AppServer, login: Login, new_context: NewContext, push_service: PushService
) -> None:
    key = server_key(app_server)
    info, _private_key, _auth = make_subscription(push_service, "phone", application_server_key=key)
    context = new_context(PHONE)
    context.grant_permissions(["notifications"], origin=app_server.base_url)
    context.add_init_script(PUSH_MANAGER_STUB % json.dumps(info))
    context.add_init_script(PERMISSION_COUNTER)
    page = context.new_page()
    problems = csp_problems(page)
    login(page, app_server.account(YILMAZ, "parent", 1))

    # push.js registered the service worker (scope "/") on the first page already.
    registration = page.evaluate(
        "navigator.serviceWorker.ready.then(r => ({scope: r.scope, script: r.active.scriptURL}))"
    )
    assert registration == {"scope": app_server.url("/"), "script": app_server.url("/sw.js")}
    served = page.request.get(app_server.url("/sw.js"))
    assert served.headers["cache-control"] == "no-cache"
    assert "javascript" in served.headers["content-type"]

    open_settings(page, app_server)
    panel_state(page).to_have_attribute("data-push-state", "off")
    assert page.evaluate("window.__permissionRequests") == 0  # never on page load
    turn_on = page.get_by_role("button", name="Zet meldingen aan op dit apparaat")
    turn_on.click()

    panel_state(page).to_have_attribute("data-push-state", "on")
    expect(page.get_by_text("Meldingen staan aan op dit apparaat.")).to_be_visible()
    assert page.evaluate("window.__permissionRequests") == 1  # on the tap
    assert page.evaluate("sessionStorage.getItem('stub.key')") == key  # the server's key
    assert page.evaluate("sessionStorage.getItem('stub.userVisibleOnly')") == "true"
    device = page.locator("[data-device]")
    expect(device).to_have_count(1)
    expect(device).to_contain_text("Chrome op Linux")  # named after the browser
    expect(device.get_by_text("Dit apparaat")).to_be_visible()  # push.js recognised it

    # "Stuur een testmelding": the outbox worker in the server sends it to the push service.
    page.get_by_role("button", name="Stuur een testmelding").click()
    expect(page.get_by_text("De testmelding is verstuurd.", exact=False)).to_be_visible()
    got = wait_for_push(push_service, "phone", "push.test")
    assert got.payload["title"] == "Meldingen staan aan"
    assert got.payload["url"] == "/meldingen" and got.urgency == "high"

    # The service worker shows what arrives, with its tag and link.
    cdp, registration_id_ = registration_id(context, page, app_server.url("/"))
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": app_server.base_url,
            "registrationId": registration_id_,
            "data": json.dumps(got.payload),
        },
    )
    [shown] = notifications_until(page, lambda shown: len(shown) > 0)
    assert (shown["title"], shown["body"], shown["tag"]) == (
        "Meldingen staan aan",
        got.payload["body"],
        "push.test",
    )
    assert shown["data"] == {"url": "/meldingen"}
    assert shown["icon"] == app_server.url("/icons/icon-192.png")

    # A newer message for the same item replaces the older one (same tag).
    newer = {**got.payload, "body": "Nog een keer"}
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": app_server.base_url,
            "registrationId": registration_id_,
            "data": json.dumps(newer),
        },
    )
    replaced = notifications_until(
        page, lambda shown: [n["body"] for n in shown] == ["Nog een keer"]
    )
    assert [n["body"] for n in replaced] == ["Nog een keer"]
    # A message it cannot read still shows something calm (every push must show one).
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": app_server.base_url, "registrationId": registration_id_, "data": "not json"},
    )
    calm = notifications_until(page, lambda shown: len(shown) == 2)
    assert {"title": "Gezinsdossier", "body": "Er is iets nieuws in het gezinsdossier."} in [
        {"title": n["title"], "body": n["body"]} for n in calm if n["tag"] == ""
    ]

    # The click: the open tab goes to the notification's page; the notification closes.
    goto(page, app_server.url("/"))
    worker = service_worker(context)
    assert worker.evaluate(CLICK_IN_THE_WORKER, "push.test") == "clicked"
    expect(page).to_have_url(re.compile(re.escape(app_server.url(LIST)) + r"/?$"))
    wait_until_live(page)
    assert len(context.pages) == 1  # the same tab, no new window
    remaining = page.evaluate(NOTIFICATIONS_SHOWN)
    assert [n for n in remaining if n["tag"] == "push.test"] == []

    # The in-app list has it, unread, and the bell says so.
    # (The server's scheduler may add others for this demo parent at any moment.)
    test_item = page.locator("main li").filter(has_text="Dit is een testmelding.")
    expect(test_item).to_have_count(1)
    expect(test_item).to_have_attribute("data-unread", "true")
    bell = page.get_by_role("link", name=re.compile(r"^Meldingen, \d+ ongelezen$"))
    expect(bell).to_be_visible()
    page.get_by_role("button", name="Alles gelezen").click()
    expect(page.get_by_role("link", name="Meldingen", exact=True)).to_be_visible()
    expect(test_item).to_have_attribute("data-unread", "false")

    # Turning push off here removes this device on the server, too.
    open_settings(page, app_server)
    panel_state(page).to_have_attribute("data-push-state", "on")
    page.get_by_role("button", name="Zet meldingen uit op dit apparaat").click()
    panel_state(page).to_have_attribute("data-push-state", "off")
    expect(page.locator("[data-device]")).to_have_count(0)
    assert problems == []


# --------------------------------------------------------------------------------------
# The real browser refusal, iPhone, and accessibility
# --------------------------------------------------------------------------------------


def test_when_the_browser_cannot_subscribe_the_page_says_so(
    app_server: AppServer, login: Login, new_context: NewContext
) -> None:
    """Chromium's own pushManager.subscribe (an incognito context refuses it)."""
    context = new_context(PHONE)
    context.grant_permissions(["notifications"], origin=app_server.base_url)
    context.add_init_script(PERMISSION_COUNTER)
    page = context.new_page()
    login(page, app_server.account(YILMAZ, "sibling"))
    open_settings(page, app_server)
    panel_state(page).to_have_attribute("data-push-state", "off")
    assert page.evaluate("window.__permissionRequests") == 0
    page.get_by_role("button", name="Zet meldingen aan op dit apparaat").click()
    panel_state(page).to_have_attribute("data-push-state", "error")
    expect(page.get_by_text("Dat lukte niet. Probeer het later nog eens.")).to_be_visible()
    # The button stays, to try again; nothing was stored.
    expect(page.get_by_role("button", name="Zet meldingen aan op dit apparaat")).to_be_visible()
    expect(page.get_by_text("Nog geen apparaten.", exact=False)).to_be_visible()
    assert page.evaluate("window.__permissionRequests") == 1


def test_an_iphone_in_safari_is_told_to_add_the_app_to_the_home_screen(
    app_server: AppServer, login: Login, browser: Browser
) -> None:
    context = browser.new_context(viewport=PHONE, user_agent=IPHONE, locale="nl-NL")
    try:
        context.set_default_timeout(15_000)
        context.add_init_script(SOCKET_PROBE)
        context.add_init_script(PERMISSION_COUNTER)
        page = context.new_page()
        login(page, app_server.account(YILMAZ, "parent", 0))
        open_settings(page, app_server)
        panel_state(page).to_have_attribute("data-push-state", "ios-install")
        expect(
            page.get_by_role("heading", name="Zet de app eerst op je beginscherm")
        ).to_be_visible()
        expect(page.get_by_text("Kies Zet op beginscherm.")).to_be_visible()
        expect(page.get_by_role("button", name="Zet meldingen aan op dit apparaat")).to_be_hidden()
        assert page.evaluate("window.__permissionRequests") == 0
        assert page.evaluate("Notification.permission") == "default"
    finally:
        context.close()


@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["390px", "1024px"])
def test_the_notification_pages_pass_axe(
    app_server: AppServer,
    login: Login,
    new_context: NewContext,
    check_axe: CheckAxe,
    size: dict[str, int],
) -> None:
    page = new_context(size).new_page()
    login(page, app_server.account(YILMAZ, "parent", 0))
    open_settings(page, app_server)
    panel_state(page).to_have_attribute("data-push-state", re.compile(r"^(off|denied)$"))
    expect(page.get_by_role("radio").first).to_be_visible()
    page.get_by_role("button", name="Stuur een testmelding").click()
    expect(
        page.get_by_text("De testmelding staat in je lijst", exact=False).or_(
            page.get_by_text("Je hebt net een testmelding gestuurd.", exact=False)
        )
    ).to_be_visible()
    check_axe(page, f"{SETTINGS} ({size['width']} px)")

    goto(page, app_server.url(LIST))
    expect(page.locator("main li").first).to_be_visible()
    check_axe(page, f"{LIST} ({size['width']} px)")

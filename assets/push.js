/*
 * Gezinsdossier: the service worker and push on this device.
 *
 * A static file (no eval, so it works under the Content-Security-Policy), loaded on
 * every page. It
 *   - registers /sw.js (scope "/") when the browser has service workers, after the
 *     page has loaded and the browser is idle (not during the first visit's loading);
 *   - drives the panel "Deze telefoon/tablet" on the notification settings page
 *     (#push-panel, drawn hidden by the app): it shows the one view that fits this
 *     device and handles its two buttons. Permission is only ever asked on a tap;
 *   - after a change, presses the page's hidden #push-devices-refresh button so the
 *     list of devices is loaded again (a real button: no script text is evaluated).
 *
 * Views (elements with data-push-view inside #push-panel):
 *   checking     until this script has decided
 *   unsupported  no service worker / Push API / notifications in this browser
 *   ios-install  iPhone or iPad in Safari: push works only from the home screen
 *                (iOS 16.4+), so explain that and offer no button
 *   denied       notifications are blocked in the browser's settings
 *   off          push is off here: "Zet meldingen aan" (the tap that subscribes)
 *   on           push is on here: "Zet meldingen uit op dit apparaat"
 *   busy         a tap is being handled
 *   error        that did not work (the off view stays, to try again)
 *   too-many     the person already has the most devices allowed: remove one first
 *
 * "On" means: this browser has a push subscription AND the server knows it (the panel's
 * data-fingerprints lists the SHA-256 of each of the person's endpoints, so a device
 * removed from the list shows as off here too).
 */
(() => {
  "use strict";

  const SW_URL = "/sw.js";
  const STORED = "dossier.push.endpoint"; // the endpoint this browser last sent us

  const supported =
    "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  let registration = null; // a promise, once registering has started
  let serverKey = null; // the VAPID public key, fetched before the tap
  let busy = false;
  let sticky = null; // "error" or "too-many": stays until the next tap or page

  function isAppleMobile() {
    const ua = navigator.userAgent || "";
    // iPadOS 13+ says "Macintosh"; only a touch screen gives it away.
    return /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1);
  }

  function isStandalone() {
    return (
      navigator.standalone === true ||
      (window.matchMedia && window.matchMedia("(display-mode: standalone)").matches)
    );
  }

  /** Ask the active worker to take this page if its own claim missed it. */
  function claimThisPage(ready) {
    if (!navigator.serviceWorker.controller && ready.active) {
      ready.active.postMessage({ type: "claim" });
    }
    return ready;
  }

  function register() {
    if (!("serviceWorker" in navigator)) return null;
    if (!registration) {
      registration = navigator.serviceWorker
        .register(SW_URL, { scope: "/" })
        .then(() => navigator.serviceWorker.ready)
        .then(claimThisPage)
        .catch(() => null);
    }
    return registration;
  }

  function keyBytes(base64url) {
    const padded = (base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+")
      .replace(/_/g, "/");
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }

  /** Whether a subscription belongs to this server key (unknown: assume it does). */
  function madeWith(subscription, key) {
    const used = subscription.options && subscription.options.applicationServerKey;
    if (!used) return true;
    const mine = keyBytes(key);
    const theirs = new Uint8Array(used);
    return theirs.length === mine.length && theirs.every((byte, i) => byte === mine[i]);
  }

  async function fingerprint(endpoint) {
    if (!(window.crypto && crypto.subtle)) return "";
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(endpoint));
    return Array.from(new Uint8Array(digest).slice(0, 8), (b) =>
      b.toString(16).padStart(2, "0"),
    ).join("");
  }

  async function currentSubscription() {
    const ready = await register();
    return ready ? ready.pushManager.getSubscription() : null;
  }

  async function send(method, body) {
    const panel = document.getElementById("push-panel");
    const url = (panel && panel.dataset.subscriptionsUrl) || "/api/push/subscriptions";
    return fetch(url, {
      method,
      credentials: "include",
      cache: "no-store",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
  }

  async function loadServerKey(panel) {
    if (serverKey) return serverKey;
    const response = await fetch(panel.dataset.keyUrl || "/api/push/vapid-public-key", {
      credentials: "include",
      cache: "no-store",
    });
    if (!response.ok) throw new Error(`key ${response.status}`);
    const body = await response.json();
    serverKey = body.publicKey;
    return serverKey;
  }

  function refreshDevices() {
    const button = document.getElementById("push-devices-refresh");
    if (button) button.click();
  }

  // ------------------------------------------------------------------------------------
  // The panel
  // ------------------------------------------------------------------------------------

  function show(panel, view) {
    panel.dataset.pushState = view; // for tests and styling
    for (const element of panel.querySelectorAll("[data-push-view]")) {
      const views = element.dataset.pushView.split(" ");
      element.hidden = !views.includes(view);
    }
  }

  function markThisDevice(mine) {
    for (const badge of document.querySelectorAll("[data-this-device]")) {
      badge.hidden = !mine || badge.dataset.thisDevice !== mine;
    }
  }

  async function decide(panel) {
    if (busy) return;
    if (isAppleMobile() && !isStandalone()) return show(panel, "ios-install");
    if (!supported) return show(panel, "unsupported");
    if (Notification.permission === "denied") return show(panel, "denied");
    const subscription = await currentSubscription().catch(() => null);
    const known = (panel.dataset.fingerprints || "").split(",").filter(Boolean);
    const mine = subscription ? await fingerprint(subscription.endpoint) : "";
    markThisDevice(mine);
    if (busy) return;
    const on = Boolean(mine) && known.includes(mine) && Notification.permission === "granted";
    show(panel, on ? "on" : sticky || "off");
  }

  async function turnOn(panel) {
    // First thing in the tap: iOS only asks for permission inside a user gesture.
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      return permission === "denied" ? "denied" : "off";
    }
    const ready = await register();
    if (!ready) throw new Error("no service worker");
    const key = await loadServerKey(panel);
    let subscription = await ready.pushManager.getSubscription();
    if (subscription && !madeWith(subscription, key)) {
      await subscription.unsubscribe(); // made for an older server key: it cannot work
      subscription = null;
    }
    if (!subscription) {
      subscription = await ready.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(key),
      });
    }
    const response = await send("POST", subscription.toJSON());
    if (response.status === 409) return "too-many"; // the limit of devices per person
    if (!response.ok) throw new Error(`subscribe ${response.status}`);
    localStorage.setItem(STORED, subscription.endpoint);
    return "on";
  }

  async function turnOff() {
    const subscription = await currentSubscription();
    if (subscription) {
      const response = await send("DELETE", { endpoint: subscription.endpoint });
      // 404: the server had already forgotten it (removed from the list elsewhere).
      if (!response.ok && response.status !== 404) throw new Error(`delete ${response.status}`);
      await subscription.unsubscribe();
    }
    localStorage.removeItem(STORED);
    return "off";
  }

  async function onClick(event) {
    const button = event.target.closest && event.target.closest("[data-push-action]");
    const panel = document.getElementById("push-panel");
    if (!button || !panel || !panel.contains(button) || busy) return;
    event.preventDefault();
    const action = button.dataset.pushAction;
    busy = true;
    sticky = null;
    show(panel, "busy");
    let outcome = "off";
    try {
      outcome = action === "on" ? await turnOn(panel) : await turnOff();
    } catch (_error) {
      outcome = "error";
    } finally {
      busy = false;
    }
    if (outcome === "error" || outcome === "too-many") sticky = outcome;
    show(panel, outcome);
    refreshDevices(); // the list (and data-fingerprints) comes back from the server
    // Keep the keyboard where it was: on the view's own button, else on the status.
    const focusTarget =
      panel.querySelector(`[data-push-view~="${outcome}"]:not([hidden]) [data-push-action]`) ||
      panel.querySelector("[data-push-status]");
    if (focusTarget) focusTarget.focus();
  }

  // ------------------------------------------------------------------------------------
  // Keeping the server up to date when the push service changed the subscription while
  // no one was signed in (the service worker could not tell us then).
  // ------------------------------------------------------------------------------------

  async function resync() {
    if (!supported || Notification.permission !== "granted") return;
    const sent = localStorage.getItem(STORED);
    if (!sent) return; // push was never turned on in this browser (or turned off)
    const subscription = await currentSubscription();
    if (!subscription || subscription.endpoint === sent) return;
    const response = await send("POST", subscription.toJSON());
    if (response.ok) localStorage.setItem(STORED, subscription.endpoint);
  }

  // ------------------------------------------------------------------------------------
  // Start
  // ------------------------------------------------------------------------------------

  let watched = null; // #push-panel
  let watchedList = null; // the list of devices ([data-push-devices]) on the same page
  const observer = new MutationObserver(() => {
    if (watched && document.contains(watched)) decide(watched);
  });

  function attach() {
    const panel = document.getElementById("push-panel");
    const list = document.querySelector("[data-push-devices]");
    if (panel === watched && list === watchedList) return;
    const fresh = panel !== watched;
    watched = panel;
    watchedList = list;
    observer.disconnect();
    if (!panel) return;
    // The server's list changes data-fingerprints; new rows bring new "Dit apparaat" badges.
    observer.observe(panel, { attributes: true, attributeFilter: ["data-fingerprints"] });
    if (list) observer.observe(list, { childList: true, subtree: true });
    if (fresh) sticky = null;
    decide(panel);
    if (fresh && supported && !(isAppleMobile() && !isStandalone())) {
      loadServerKey(panel).catch(() => {}); // ready before the tap
    }
  }

  /**
   * Runs `start` after the page's load event, once the browser is idle (at most
   * IDLE_TIMEOUT_MS later; a short timer where requestIdleCallback is missing, as in
   * Safari). The worker precaches the app shell (about 600 KB): on a first visit that
   * download must not compete with the page's own scripts and data.
   */
  const IDLE_TIMEOUT_MS = 2000;
  function afterLoadAndIdle(start) {
    const whenIdle = () => {
      if ("requestIdleCallback" in window) {
        window.requestIdleCallback(() => start(), { timeout: IDLE_TIMEOUT_MS });
      } else {
        window.setTimeout(start, 200);
      }
    };
    if (document.readyState === "complete") whenIdle();
    else window.addEventListener("load", whenIdle, { once: true });
  }

  document.addEventListener("click", onClick);
  // A tap on the push panel registers at once (currentSubscription); the rest waits.
  afterLoadAndIdle(() => {
    register();
    resync().catch(() => {});
  });
  // The app is a single-page app: the panel comes and goes without a page load.
  window.setInterval(attach, 500);
  attach();
})();

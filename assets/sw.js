/*
 * Gezinsdossier service worker, served at /sw.js with scope "/" (registered by
 * assets/push.js on every page; never cached by the browser: Cache-Control: no-cache).
 *
 * Sections:
 *   1. Life cycle    precache the app shell of this build; the first version takes over
 *                    open pages at once (a click on a notification can steer an open
 *                    tab), a newer one waits until the person taps "vernieuwen"
 *   2. Push          show every push message as a notification (userVisibleOnly)
 *   3. Click         focus an open tab of the app and go to the message's page, or open one
 *   4. Resubscribe   the push service replaced the subscription: subscribe again, tell us
 *   5. Fetch         the shell from the cache, pages network-first with the offline
 *                    page as fallback; never /_event, /_upload or /api/ (family data)
 *
 * No health details ever arrive here: the server sends a generic title and text from its
 * catalogue, a same-site link and a tag per item (a newer message for the same item
 * replaces the older one on the lock screen).
 */
"use strict";

const BUILD = {"version": "dev", "precache": ["/offline.html"]}; // filled in by dossier/middleware/pwa.py
const SHELL_PREFIX = "dossier-shell-";
const SHELL_CACHE = SHELL_PREFIX + BUILD.version;
const OFFLINE_URL = "/offline.html";
const NAVIGATION_TIMEOUT_MS = 3000; // then the offline page: a dead network often just hangs
// Never answered from a cache: live events, uploads and every API (family data). The
// opt-in offline card (assets/offline-card.js) is stored by the page, not by this worker.
const NETWORK_ONLY = ["/_event", "/_upload", "/api/", "/_health", "/ping"];
const VAPID_KEY_URL = "/api/push/vapid-public-key";
const SUBSCRIPTIONS_URL = "/api/push/subscriptions";
const ICON = "/icons/icon-192.png";
const BADGE = "/icons/badge-96.png"; // white on transparent: Android tints it
// Only when a message cannot be read at all; the server always sends its own text.
const FALLBACK = { title: "Gezinsdossier", body: "Er is iets nieuws in het gezinsdossier." };

// --------------------------------------------------------------------------------------
// 1. Life cycle
// --------------------------------------------------------------------------------------

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      // "reload": straight from the server, not from the browser's HTTP cache.
      await cache.addAll(BUILD.precache.map((path) => new Request(path, { cache: "reload" })));
      // The first version takes over at once. A newer one waits for the tap on
      // "vernieuwen" (assets/connectivity.js), so no page runs half old, half new.
      if (!self.registration.active) await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      const old = names.filter((name) => name.startsWith(SHELL_PREFIX) && name !== SHELL_CACHE);
      await Promise.all(old.map((name) => caches.delete(name)));
      // Ask for the page while this worker starts, so a page is not slower with it.
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "skip-waiting") self.skipWaiting();
  // A page that was between two documents when this worker activated is missed by the
  // claim above and would stay uncontrolled until a reload; once loaded, it asks again.
  if (type === "claim") event.waitUntil(self.clients.claim().catch(() => null));
});

// --------------------------------------------------------------------------------------
// 2. Push: always show a notification (browsers require it, iOS ends push otherwise)
// --------------------------------------------------------------------------------------

/** A path on this site, or "/": a push message can never send anyone elsewhere. */
function sameSiteUrl(value) {
  try {
    const url = new URL(typeof value === "string" ? value : "/", self.location.origin);
    if (url.origin !== self.location.origin) return "/";
    return url.pathname + url.search + url.hash;
  } catch (_error) {
    return "/";
  }
}

function readMessage(data) {
  if (!data) return {};
  try {
    const message = data.json();
    return message && typeof message === "object" ? message : {};
  } catch (_error) {
    return {}; // not JSON: the fallback text
  }
}

function text(value, fallback, limit) {
  return typeof value === "string" && value.trim() ? value.slice(0, limit) : fallback;
}

self.addEventListener("push", (event) => {
  const message = readMessage(event.data);
  const tag = text(message.tag, "", 64);
  const options = {
    body: text(message.body, FALLBACK.body, 240),
    icon: ICON,
    badge: BADGE,
    data: { url: sameSiteUrl(message.url) },
    lang: text(message.lang, "nl", 8),
  };
  if (tag) {
    options.tag = tag;
    options.renotify = message.renotify === true; // buzz again for an urgent newer message
  }
  event.waitUntil(
    self.registration.showNotification(text(message.title, FALLBACK.title, 120), options),
  );
});

// --------------------------------------------------------------------------------------
// 3. Click: an open tab of the app goes to the message's page; otherwise a new one opens
// --------------------------------------------------------------------------------------

async function openOrFocus(path) {
  const target = new URL(path, self.location.origin).href;
  const tabs = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const tab =
    tabs.find((client) => client.focused && client.url.startsWith(self.location.origin)) ||
    tabs.find((client) => client.url.startsWith(self.location.origin + "/"));
  if (!tab) return self.clients.openWindow(target);
  // Focus at once (browsers allow it only shortly after the click) and, side by side, go
  // to the page. navigate() needs a tab this worker controls (clients.claim above); a tab
  // it does not control gets a new tab with the page instead.
  const focusing = tab.focus().catch(() => null);
  const moving = tab.url === target ? Promise.resolve(tab) : tab.navigate(target);
  const moved = await moving.catch(() => null);
  await focusing;
  return moved || self.clients.openWindow(target);
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  event.waitUntil(openOrFocus(sameSiteUrl(data.url)));
});

// --------------------------------------------------------------------------------------
// 4. Resubscribe: the push service ended or renewed the subscription
// --------------------------------------------------------------------------------------

function keyBytes(base64url) {
  const padded = (base64url + "===".slice((base64url.length + 3) % 4))
    .replace(/-/g, "+")
    .replace(/_/g, "/");
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

async function resubscribe(event) {
  let subscription = event.newSubscription || null;
  if (!subscription) {
    const response = await fetch(VAPID_KEY_URL, { credentials: "same-origin" });
    if (!response.ok) return;
    const { publicKey } = await response.json();
    subscription = await self.registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(publicKey), // the same server key as before
    });
  }
  // With the login cookie; when the session has ended this answers 401 and push.js
  // sends the new subscription the next time the person opens the app.
  await fetch(SUBSCRIPTIONS_URL, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(subscription.toJSON()),
  });
}

self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(resubscribe(event));
});

// --------------------------------------------------------------------------------------
// 5. Fetch: the shell from the cache, pages network-first, family data never cached
// --------------------------------------------------------------------------------------

function networkOnly(pathname) {
  return NETWORK_ONLY.some((prefix) => pathname === prefix || pathname.startsWith(prefix));
}

async function offlinePage() {
  const page = await caches.match(OFFLINE_URL, { cacheName: SHELL_CACHE });
  return page || (await caches.match(OFFLINE_URL)) || Response.error();
}

/** Pages: the network first; when it fails (or hangs, for app pages) the offline page.
 *  Pages are not cached: each is an empty shell that fills itself over the live
 *  connection. Routes under /api/ (a personal link, the login return) get no timeout: they
 *  may be slow and must not be asked twice. */
async function navigate(event, withTimeout) {
  // With navigation preload on, the browser has already asked: use that answer.
  const network = (async () => (await event.preloadResponse) || fetch(event.request))();
  const waits = [network.catch(() => null)];
  if (withTimeout) waits.push(new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS)));
  const response = await Promise.race(waits);
  return response || offlinePage();
}

/** The build's files: from the cache of this version; fingerprinted /assets/ files that
 *  were not precached (icons, charts) are kept there after their first use. */
async function shellFile(request, pathname) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(pathname);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && pathname.startsWith("/assets/")) await cache.put(pathname, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event, !networkOnly(url.pathname)));
  } else if (
    !networkOnly(url.pathname) &&
    !url.search &&
    (url.pathname.startsWith("/assets/") || BUILD.precache.includes(url.pathname))
  ) {
    event.respondWith(shellFile(request, url.pathname));
  }
});

/*
 * Gezinsdossier service worker, served at /sw.js with scope "/" (registered by
 * assets/push.js on every page; never cached by the browser: Cache-Control: no-cache).
 *
 * Sections:
 *   1. Life cycle    take over open pages at once, so a click on a notification can
 *                    steer a tab that is already open
 *   2. Push          show every push message as a notification (userVisibleOnly)
 *   3. Click         focus an open tab of the app and go to the message's page, or open one
 *   4. Resubscribe   the push service replaced the subscription: subscribe again, tell us
 *   5. (issue 7)     caching and the offline page come here
 *
 * No health details ever arrive here: the server sends a generic title and text from its
 * catalogue, a same-site link and a tag per item (a newer message for the same item
 * replaces the older one on the lock screen).
 */
"use strict";

const VAPID_KEY_URL = "/api/push/vapid-public-key";
const SUBSCRIPTIONS_URL = "/api/push/subscriptions";
const ICON = "/icons/icon-192.png";
const BADGE = "/favicon.ico"; // issue 7: a monochrome badge icon
// Only when a message cannot be read at all; the server always sends its own text.
const FALLBACK = { title: "Gezinsdossier", body: "Er is iets nieuws in het gezinsdossier." };

// --------------------------------------------------------------------------------------
// 1. Life cycle
// --------------------------------------------------------------------------------------

self.addEventListener("install", () => {
  self.skipWaiting(); // a new version takes over without waiting for every tab to close
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
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
// 5. Caching and offline (issue 7)
// --------------------------------------------------------------------------------------

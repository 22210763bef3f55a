/*
 * Gezinsdossier: the offline page (/offline.html, shown by /sw.js when a page cannot be
 * loaded). A static file: the page runs under the same strict Content-Security-Policy.
 *
 *   - shows the page in English on an English device (the language chosen in the app,
 *     else the browser's); the Dutch text is already in the page;
 *   - "Opnieuw proberen" and the browser's "online" event load the page again: the
 *     address bar still holds the page the person wanted.
 */
(() => {
  "use strict";

  const LANG_COOKIE = "dossier_lang";

  function strings() {
    try {
      return JSON.parse(document.getElementById("offline-strings").textContent);
    } catch (_error) {
      return { nl: {} };
    }
  }

  function chosenLanguage(available) {
    const cookie = document.cookie.split("; ").find((part) => part.startsWith(LANG_COOKIE + "="));
    const fromCookie = cookie ? decodeURIComponent(cookie.split("=")[1]) : "";
    if (available[fromCookie]) return fromCookie;
    const browser = (navigator.language || "nl").slice(0, 2).toLowerCase();
    return available[browser] ? browser : "nl";
  }

  const all = strings();
  const lang = chosenLanguage(all);
  const text = all[lang] || all.nl || {};

  function translate() {
    document.documentElement.lang = lang;
    for (const element of document.querySelectorAll("[data-t]")) {
      const value = text[element.dataset.t];
      if (value) element.textContent = value;
    }
  }

  function say(key) {
    const status = document.getElementById("offline-status");
    if (status) status.textContent = text[key] || "";
  }

  async function retry() {
    say("offline.retrying");
    try {
      // A tiny request that the service worker never answers itself.
      const response = await fetch("/api/health", { cache: "no-store" });
      if (response.ok) {
        window.location.reload();
        return;
      }
    } catch (_error) {
      // still offline
    }
    say("offline.still_offline");
  }

  function start() {
    translate();
    const button = document.getElementById("offline-retry");
    if (button) button.addEventListener("click", retry);
    window.addEventListener("online", retry);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/*
 * Gezinsdossier: honest about the connection, and about new versions.
 *
 * A static file (no eval: the app runs under a strict Content-Security-Policy), loaded
 * on every page. It works with three elements the app draws (components/connectivity.py):
 *
 *   #connection-state   data-lost="true" while Reflex's live connection is broken
 *                       (the app writes that attribute; this script only reads it)
 *   #connection-banner  "Je bent offline. Wijzigingen kun je nu niet opslaan." while the
 *                       device is offline or the live connection is broken
 *   #update-banner      "Er is een nieuwe versie" with a "Vernieuwen" button, when a new
 *                       service worker (a new build of the app) is waiting
 *
 * Forms: a form sent while offline would wait in Reflex's queue with nothing on screen,
 * or a login would end on the browser's error page. So a submit while offline is stopped
 * before the app sees it: the form keeps what was typed and says it was not saved.
 */
(() => {
  "use strict";

  const NOTE_CLASS = "unsaved-note";
  const UPDATE_CHECK_MS = 30 * 60 * 1000; // an app left open all day still hears of updates
  let wantsNewVersion = false;

  const byId = (id) => document.getElementById(id);

  function liveConnectionLost() {
    const state = byId("connection-state");
    return Boolean(state && state.dataset.lost === "true");
  }

  function isOffline() {
    return navigator.onLine === false || liveConnectionLost();
  }

  // ------------------------------------------------------------------ the banner
  function showConnection() {
    const offline = isOffline();
    document.documentElement.toggleAttribute("data-offline", offline);
    const banner = byId("connection-banner");
    if (banner) {
      const text = offline ? banner.dataset.textOffline || "" : "";
      if (banner.textContent !== text) banner.textContent = text;
      banner.hidden = !offline;
    }
  }

  // ------------------------------------------------------------------ unsaved forms
  function markUnsaved(form) {
    const banner = byId("connection-banner");
    const text = (banner && banner.dataset.textUnsaved) || "";
    let note = form.querySelector("." + NOTE_CLASS);
    if (!note) {
      note = document.createElement("p");
      note.className = NOTE_CLASS;
      note.setAttribute("role", "alert");
      form.appendChild(note);
    }
    note.textContent = ""; // announced again on a second try
    window.setTimeout(() => {
      note.textContent = text;
    }, 50);
  }

  function holdSubmitWhileOffline(event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (!isOffline()) {
      // Online again: this try goes through, so the note about the last one is over.
      const note = form.querySelector("." + NOTE_CLASS);
      if (note) note.remove();
      return;
    }
    // Before React's own listener: the app never sends it, nothing is half-saved, and
    // nothing in the form is cleared.
    event.preventDefault();
    event.stopImmediatePropagation();
    markUnsaved(form);
  }

  // ------------------------------------------------------------------ new versions
  function offerUpdate(registration) {
    const banner = byId("update-banner");
    if (!banner || !registration.waiting || !navigator.serviceWorker.controller) return;
    banner.hidden = false;
    const button = byId("update-reload");
    if (button && !button.dataset.ready) {
      button.dataset.ready = "true";
      button.addEventListener("click", () => {
        wantsNewVersion = true;
        button.disabled = true;
        if (registration.waiting) registration.waiting.postMessage({ type: "skip-waiting" });
      });
    }
  }

  function watchUpdates(registration) {
    offerUpdate(registration);
    registration.addEventListener("updatefound", () => {
      const installing = registration.installing;
      if (!installing) return;
      installing.addEventListener("statechange", () => {
        if (installing.state === "installed") offerUpdate(registration);
      });
    });
    const check = () => registration.update().catch(() => null);
    window.setInterval(check, UPDATE_CHECK_MS);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") check();
    });
  }

  function startUpdates() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      // Only after the tap: the first worker also takes over (clients.claim), and that
      // must not reload a page someone is typing in.
      if (wantsNewVersion) window.location.reload();
    });
    navigator.serviceWorker.ready.then(watchUpdates).catch(() => null);
  }

  // ------------------------------------------------------------------ start
  function start() {
    window.addEventListener("online", showConnection);
    window.addEventListener("offline", showConnection);
    // The app redraws its elements when pages change; watch the attribute it writes.
    new MutationObserver(showConnection).observe(document.body, {
      subtree: true,
      attributes: true,
      attributeFilter: ["data-lost"],
      childList: true,
    });
    showConnection();
    startUpdates();
  }

  document.addEventListener("submit", holdSubmitWhileOffline, true);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/*
 * The user menu (components/user_menu.py) is a native popover. Safari before 17 has no
 * popovers: there the button toggles data-open, and Escape or a tap elsewhere closes it.
 */
(() => {
  "use strict";

  if (Object.prototype.hasOwnProperty.call(HTMLElement.prototype, "popover")) return;

  const openPanels = () => document.querySelectorAll("[popover][data-open]");

  function close(panel, focusButton) {
    panel.removeAttribute("data-open");
    const button = document.querySelector(`[popovertarget="${panel.id}"]`);
    if (button) {
      button.setAttribute("aria-expanded", "false");
      if (focusButton) button.focus();
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[popovertarget]");
    const panel = button && document.getElementById(button.getAttribute("popovertarget"));
    for (const open of openPanels()) {
      if (open !== panel && !open.contains(event.target)) close(open, false);
    }
    if (!panel) return;
    const opening = !panel.hasAttribute("data-open");
    panel.toggleAttribute("data-open", opening);
    button.setAttribute("aria-expanded", String(opening));
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const open of openPanels()) close(open, open.contains(document.activeElement));
  });
})();

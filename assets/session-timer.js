/*
 * Gezinsdossier: warns before the session ends (WCAG 2.2.1 "Timing adjustable").
 *
 * A plain static script (no eval, so it works under the Content-Security-Policy). It
 * drives two dialogs that the app renders hidden inside #session-timer:
 *  - "idle": shown shortly before the idle timeout; its button "Ingelogd blijven" sends
 *    a Reflex event that restarts the idle clock on the server;
 *  - "absolute": shown shortly before the fixed end of the session, which nothing can
 *    extend; it only says so.
 * The server is the authority. GET data-status-url says how many seconds are left and
 * does not count as activity; the script asks it when it loads, when a warning is due,
 * when the time is up, after "Ingelogd blijven" and when the tab becomes visible again.
 * Remaining seconds (not clock times) are used, so a phone with a wrong clock still
 * warns on time. When the server says the session is over, the page goes to
 * data-expired-url (the login page, which says why).
 */
(() => {
  "use strict";

  const TICK_MS = 1000;
  const RETRY_MS = 10000; // when the server cannot be reached at the end
  let root = null; // the #session-timer element we are working with
  let idleEnd = Infinity; // Date.now() values
  let absoluteEnd = Infinity;
  let warnMs = 120000;
  let shown = null; // "idle" | "absolute" | null
  let absoluteAcknowledged = false;
  let syncing = false;
  let lastAttempt = 0;
  let checkedWarning = false; // asked the server since this warning became due
  let lastExtended = null;
  let extendingSince = 0; // "Ingelogd blijven" was pressed; its event is on its way
  let returnFocus = null;

  const now = () => Date.now();

  function dialogOf(kind) {
    return root && root.querySelector(`[data-session-dialog="${kind}"]`);
  }

  async function sync() {
    if (syncing || !root) return null;
    syncing = true;
    lastAttempt = now();
    const url = root.dataset.statusUrl;
    try {
      const response = await fetch(url, {
        credentials: "include",
        cache: "no-store",
        headers: { Accept: "application/json" },
      });
      if (response.status === 401) return "ended";
      if (!response.ok) return null;
      const body = await response.json();
      const at = now();
      idleEnd = at + body.idle_seconds * 1000;
      absoluteEnd = at + body.absolute_seconds * 1000;
      return "live";
    } catch (_error) {
      return null; // offline or the server is restarting: try again later
    } finally {
      syncing = false;
    }
  }

  function expire() {
    window.location.assign(root.dataset.expiredUrl || "/login?reason=expired");
  }

  function formatLeft(ms) {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    const m = Math.floor(seconds / 60);
    const s = String(seconds % 60).padStart(2, "0");
    return `${m}:${s}`;
  }

  function focusables(dialog) {
    return Array.from(
      dialog.querySelectorAll("button, [href], input, select, textarea, [tabindex]"),
    ).filter((el) => !el.disabled && el.getAttribute("tabindex") !== "-1");
  }

  function show(kind) {
    if (shown === kind && !dialogOf(kind).hidden) return;
    if (shown && shown !== kind) hide();
    const overlay = dialogOf(kind);
    if (!overlay) return;
    shown = kind;
    if (!returnFocus) returnFocus = document.activeElement;
    overlay.hidden = false;
    const first = focusables(overlay)[0] || overlay.querySelector('[role="alertdialog"]');
    if (first) first.focus();
  }

  function hide() {
    if (!shown) return;
    const overlay = dialogOf(shown);
    if (overlay) overlay.hidden = true;
    shown = null;
    const target = returnFocus;
    returnFocus = null;
    if (target && target.isConnected && typeof target.focus === "function") {
      target.focus();
    }
  }

  function updateCountdown(left) {
    const overlay = shown && dialogOf(shown);
    const out = overlay && overlay.querySelector("[data-session-countdown]");
    if (out) out.textContent = formatLeft(left);
  }

  let ticking = false;

  async function tick() {
    if (ticking) return; // a slow answer from the server: skip, do not pile up
    ticking = true;
    try {
      await step();
    } finally {
      ticking = false;
    }
  }

  async function step() {
    const current = document.getElementById("session-timer");
    if (current !== root) {
      // A page without the timer (the login page), or the app drew it anew.
      const wasRunning = root !== null;
      root = current;
      if (!root) {
        shown = null;
        returnFocus = null;
        return;
      }
      if (!wasRunning) {
        warnMs = Number(root.dataset.warnSeconds || "120") * 1000;
        lastExtended = root.dataset.extended;
        const fallback = Number(root.dataset.idleSeconds || "1800") * 1000;
        // No live session yet (someone who never logged in): the session gate sends
        // them to the login page on the page's first event; nothing to time here.
        if ((await sync()) === null) idleEnd = now() + fallback;
      } else if (shown) {
        const kind = shown;
        shown = null;
        show(kind); // the same warning in the new copy of the dialog
      }
      return;
    }
    if (!root) return;

    if (root.dataset.extended !== lastExtended) {
      // "Ingelogd blijven" reached the server: ask how much time there is now.
      lastExtended = root.dataset.extended;
      extendingSince = 0;
      if ((await sync()) === "live") {
        checkedWarning = false;
        if (shown === "idle") hide();
      }
    }

    const absoluteFirst = absoluteEnd <= idleEnd;
    const end = Math.min(idleEnd, absoluteEnd);
    const left = end - now();

    if (left <= 0) {
      if (syncing || now() - lastAttempt < RETRY_MS) return;
      const answer = await sync();
      if (answer === "ended") expire();
      else if (answer === "live" && Math.min(idleEnd, absoluteEnd) - now() > 0) {
        checkedWarning = false;
        hide(); // another tab kept the session alive
      }
      return;
    }

    if (left <= warnMs) {
      if (extendingSince) {
        // Wait for the event (a phone may be reconnecting), then ask the server anyway.
        if (now() - extendingSince < RETRY_MS) return;
        extendingSince = 0;
        checkedWarning = false;
      }
      if (!checkedWarning) {
        // Other tabs or events may have moved the end; the server knows.
        checkedWarning = true;
        const answer = await sync();
        if (answer === "ended") return expire();
        return; // decide on the next tick with fresh numbers
      }
      if (absoluteFirst) {
        if (!absoluteAcknowledged) show("absolute");
      } else {
        show("idle");
      }
      updateCountdown(left);
      return;
    }

    checkedWarning = false;
    if (shown === "idle") hide();
  }

  function onClick(event) {
    const button = event.target.closest && event.target.closest("[data-session-action]");
    if (!button || !root || !root.contains(button)) return;
    const kind = button.dataset.sessionAction;
    if (kind === "absolute") absoluteAcknowledged = true;
    if (kind === "idle") extendingSince = now();
    // The idle button also sends its Reflex event (React's own handler); the dialog
    // closes now and the new end comes from the server once the event has run.
    hide();
  }

  function onKeydown(event) {
    if (!shown) return;
    const overlay = dialogOf(shown);
    if (!overlay || overlay.hidden) return;
    if (event.key === "Escape") {
      // Escape means "I am here": the same as the dialog's button.
      const button = overlay.querySelector("[data-session-action]");
      event.preventDefault();
      if (button) button.click();
      return;
    }
    if (event.key !== "Tab") return;
    const items = focusables(overlay);
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    const inside = overlay.contains(document.activeElement);
    if (event.shiftKey && (document.activeElement === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  }

  document.addEventListener("click", onClick, true);
  document.addEventListener("keydown", onKeydown, true);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && root) {
      checkedWarning = false;
      sync();
    }
  });
  window.setInterval(tick, TICK_MS);
})();

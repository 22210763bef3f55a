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
  // The row of buttons the tap came from: the note goes right above it, where the eye
  // is. Not at the end of the form: in a long dialog on a phone that is below the fold.
  function buttonRow(form, submitter) {
    if (!(submitter instanceof Element) || !form.contains(submitter)) return null;
    const row = submitter.parentElement;
    const hasFields = row && row.querySelector("input:not([type=hidden]), textarea, select");
    return row && row !== form && !hasFields ? row : submitter;
  }

  function markUnsaved(form, submitter) {
    const banner = byId("connection-banner");
    const text = (banner && banner.dataset.textUnsaved) || "";
    let note = form.querySelector("." + NOTE_CLASS);
    if (!note) {
      note = document.createElement("p");
      note.className = NOTE_CLASS;
      note.setAttribute("role", "alert");
    }
    const anchor = buttonRow(form, submitter);
    if (anchor && anchor.parentNode) anchor.parentNode.insertBefore(note, anchor);
    else form.insertBefore(note, form.firstChild);
    note.textContent = ""; // announced again on a second try
    window.setTimeout(() => {
      note.textContent = text;
      note.scrollIntoView({ block: "center" });
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
    markUnsaved(form, event.submitter);
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

/*
 * Copy and share buttons (components/share.py). A tap on [data-copy-text] copies that
 * text; the button says "Gekopieerd" for a moment (data-copied) and the group's status
 * region says it too. If the browser refuses (no permission, an old browser), the link's
 * field is selected so it can be copied by hand, and the region says so. [data-share-url]
 * opens the phone's share sheet; those buttons only show where Web Share exists.
 */
(() => {
  "use strict";

  const COPIED_MS = 2500;
  const timers = new WeakMap(); // button -> timeout that ends "Gekopieerd"

  if (typeof navigator.share === "function") {
    document.documentElement.setAttribute("data-can-share", "");
  }

  function say(button, textKey) {
    const group = button.closest(".share-actions");
    const status = group && group.querySelector(".share-status");
    if (!status) return;
    status.textContent = ""; // announced again on a second tap
    window.setTimeout(() => {
      status.textContent = textKey ? status.dataset[textKey] || "" : "";
    }, 50);
  }

  function selectField(button) {
    const field = document.getElementById(button.dataset.copyField || "");
    if (field instanceof HTMLInputElement) {
      field.focus();
      field.select();
    }
  }

  async function copy(button) {
    try {
      await navigator.clipboard.writeText(button.dataset.copyText || "");
    } catch (_error) {
      selectField(button);
      say(button, "textFailed");
      return;
    }
    button.setAttribute("data-copied", "");
    say(button, "textCopied");
    window.clearTimeout(timers.get(button));
    timers.set(
      button,
      window.setTimeout(() => {
        button.removeAttribute("data-copied");
        say(button, "");
      }, COPIED_MS),
    );
  }

  function share(button) {
    const data = { title: button.dataset.shareTitle || document.title };
    data.url = button.dataset.shareUrl || "";
    // A closed share sheet rejects too: nothing went wrong, so nothing is said.
    navigator.share(data).catch(() => null);
  }

  document.addEventListener("click", (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const copyButton = target.closest("[data-copy-text]");
    if (copyButton) {
      copy(copyButton);
      return;
    }
    const shareButton = target.closest("[data-share-url]");
    if (shareButton && typeof navigator.share === "function") share(shareButton);
  });
})();

/*
 * Sign-in forms (login, invitation) keep what was typed after the server said no. They
 * are plain forms that the server answers with a redirect (it must set an HttpOnly
 * cookie), so the new page would start empty. On sending, the fields marked
 * data-keep-typed (name and e-mail; never a password) wait in this tab's sessionStorage;
 * the next page takes them out at once and fills them in only when it says what went
 * wrong (?error=). Fields with data-invalid-text show that text, in the person's
 * language, when the browser's own check stops the form.
 */
(() => {
  "use strict";

  const KEY = "dossier.typed";
  const FILL_FOR_MS = 15000; // the invitation form appears only after its link is checked
  const path = () => window.location.pathname.replace(/\/+$/, "") || "/";

  let kept = null;
  try {
    kept = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
    window.sessionStorage.removeItem(KEY);
  } catch (_error) {
    kept = null;
  }
  const refused = new URLSearchParams(window.location.search).has("error");
  if (!refused || !kept || kept.path !== path() || typeof kept.fields !== "object") kept = null;

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const fields = {};
    for (const input of form.querySelectorAll("input[data-keep-typed]")) {
      if (input.type !== "password" && input.name) fields[input.name] = input.value;
    }
    if (Object.keys(fields).length === 0) return;
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify({ path: path(), fields }));
    } catch (_error) {
      // Private mode without storage: the form still goes, only empty on a refusal.
    }
  });

  const filled = new WeakSet();
  function fillIn() {
    for (const [name, value] of Object.entries(kept.fields)) {
      for (const input of document.querySelectorAll("input[data-keep-typed]")) {
        if (input.name !== name || filled.has(input) || input.type === "password") continue;
        filled.add(input);
        if (!input.value) input.value = String(value).slice(0, 254);
      }
    }
  }

  if (kept) {
    const observer = new MutationObserver(fillIn);
    const start = () => {
      fillIn();
      observer.observe(document.body, { childList: true, subtree: true });
      window.setTimeout(() => observer.disconnect(), FILL_FOR_MS);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }

  // The browser's own bubble is in the browser's language; ours is in the person's.
  document.addEventListener(
    "invalid",
    (event) => {
      const input = event.target;
      if (!(input instanceof HTMLInputElement) || !input.dataset.invalidText) return;
      input.setCustomValidity("");
      if (!input.validity.valid) input.setCustomValidity(input.dataset.invalidText);
    },
    true,
  );
  document.addEventListener("input", (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.dataset.invalidText) input.setCustomValidity("");
  });
})();

/*
 * Gezinsdossier: a tap does one thing.
 *
 * A tired thumb taps twice. Two things go wrong without this file:
 *   - two taps 40-90 ms apart send a form twice, before the server's answer can disable
 *     its button (the server also remembers each form's one-time key, so a second send
 *     that does get through changes nothing: dossier/domain/once.py);
 *   - a slower second tap (250-400 ms) lands on whatever lies behind a dialog that has
 *     just closed, often the bottom navigation, and takes the person somewhere else.
 *
 * So, in the capture phase (before React sees anything):
 *   - a form sent again with the same content before the server answered the first send
 *     (its aria-busy went back to "false"), and within REPEAT_MS, is dropped; a corrected
 *     form, or one sent again after an answer (a conflict, a message), always goes;
 *   - while a dialog whose form was sent is still open, and for AFTER_CLOSE_MS after it
 *     closed, a tap outside any dialog on the spot of the tap that sent it is dropped:
 *     that is the same thumb again. A tap elsewhere is a tap of its own.
 * Loaded after connectivity.js: a send it holds while offline never counts as sent here.
 */
(() => {
  "use strict";

  const REPEAT_MS = 1500;
  const AFTER_CLOSE_MS = 600;
  const WATCH_MS = 100;
  const SAME_SPOT_PX = 48;
  const lastSend = new WeakMap(); // form element -> {at, content}
  const answered = new WeakSet(); // forms whose busy state ended after their last send
  let lastPointer = { x: -1, y: -1 };
  let guard = null; // {dialog, until, x, y} after a dialog's form was sent

  function inDialog(node) {
    return node instanceof Element && node.closest("[role='dialog'], [role='alertdialog']");
  }

  function contentOf(form) {
    return JSON.stringify([...new FormData(form).entries()].map(([k, v]) => [k, String(v)]));
  }

  // The window after closing counts from when the dialog was last seen open, not from
  // when this noticed it closed: a busy main thread (a long render) delays the check,
  // and a later tap elsewhere on the page must not fall into a window that came late.
  // Said on <html data-tap-guard> while a second tap on that spot would be dropped, so
  // a test (a very fast "person") can wait for it instead of guessing a time.
  function showGuard(on) {
    if (on) document.documentElement.dataset.tapGuard = "on";
    else delete document.documentElement.dataset.tapGuard;
  }

  function watchDialog() {
    if (!guard || !guard.dialog) return;
    const dialog = guard.dialog;
    if (!dialog.isConnected || dialog.getClientRects().length === 0) {
      guard.dialog = null;
      guard.until = guard.seenOpen + WATCH_MS + AFTER_CLOSE_MS;
      const ending = guard;
      window.setTimeout(() => guard === ending && showGuard(false), guard.until - Date.now());
      return;
    }
    guard.seenOpen = Date.now();
    window.setTimeout(watchDialog, WATCH_MS);
  }

  function dropRepeatedSend(event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const now = Date.now();
    const content = contentOf(form);
    const last = lastSend.get(form);
    const unanswered = last && !answered.has(form) && now - last.at < REPEAT_MS;
    if (unanswered && last.content === content) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    lastSend.set(form, { at: now, content });
    answered.delete(form);
    const dialog = inDialog(form);
    if (dialog) {
      const watching = guard !== null && guard.dialog !== null;
      guard = { dialog, until: Infinity, seenOpen: now, ...lastPointer };
      showGuard(true);
      if (!watching) watchDialog();
    }
  }

  function sameSpot(event) {
    const point = event.changedTouches ? event.changedTouches[0] : event;
    if (!point) return false;
    return (
      Math.abs(point.clientX - guard.x) <= SAME_SPOT_PX &&
      Math.abs(point.clientY - guard.y) <= SAME_SPOT_PX
    );
  }

  function dropSecondTapBehindDialog(event) {
    if (event.type === "pointerdown") lastPointer = { x: event.clientX, y: event.clientY };
    if (!guard || Date.now() >= guard.until) return;
    if (inDialog(event.target) || !sameSpot(event)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  function noteAnswers(records) {
    for (const record of records) {
      const form = record.target;
      if (form instanceof HTMLFormElement && form.getAttribute("aria-busy") === "false") {
        answered.add(form);
      }
    }
  }

  document.addEventListener("submit", dropRepeatedSend, true);
  for (const type of ["pointerdown", "pointerup", "click", "touchend"]) {
    window.addEventListener(type, dropSecondTapBehindDialog, { capture: true, passive: false });
  }
  new MutationObserver(noteAnswers).observe(document.documentElement, {
    subtree: true,
    attributes: true,
    attributeFilter: ["aria-busy"],
  });
})();

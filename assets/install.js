/*
 * Gezinsdossier: the hint "Zet het Gezinsdossier op je beginscherm" (issue 7).
 *
 * A static file (no eval, so it works under the Content-Security-Policy), loaded on
 * every page. The app draws #install-hint hidden (components/install_hint.py); this
 * script shows the one view that fits this device, or nothing:
 *   prompt  Chromium/Android fired `beforeinstallprompt`: the button opens the
 *           browser's own install dialog (prompt() may only be called from a tap)
 *   ios     iPhone or iPad in Safari: there is no install dialog, so the steps
 *           (Deel, then Zet op beginscherm)
 *   (none)  already on the home screen (display-mode standalone or navigator.standalone),
 *           installed just now (`appinstalled`), 'Niet nu' tapped on this device, or a
 *           browser that offers neither
 *
 * The hint shows only once the person has done something in the app (a tap, a key, a
 * scroll): it is an offer, not what the page is about, and drawn before that it was the
 * largest thing painted on the overview (the LCP element, later than the page itself).
 * data-install-state says the view that fits either way.
 */
(() => {
  "use strict";

  const LATER = "dossier.install.later"; // localStorage: 'Niet nu' was tapped here
  let deferred = null; // the saved beforeinstallprompt event
  let installed = false;
  let acted = false; // a tap, key or scroll on this page since it loaded
  const ACTS = ["pointerdown", "keydown", "scroll", "touchstart"];

  function isStandalone() {
    return (
      window.matchMedia("(display-mode: standalone)").matches ||
      window.matchMedia("(display-mode: fullscreen)").matches ||
      window.matchMedia("(display-mode: minimal-ui)").matches ||
      navigator.standalone === true
    );
  }

  function isAppleMobile() {
    const ua = navigator.userAgent || "";
    // iPadOS 13+ says "Macintosh"; only a touch screen gives it away.
    return /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1);
  }

  function saidLater() {
    try {
      return localStorage.getItem(LATER) === "1";
    } catch (_error) {
      return false;
    }
  }

  function chooseView() {
    if (installed || isStandalone() || saidLater()) return null;
    if (deferred) return "prompt";
    if (isAppleMobile()) return "ios";
    return null;
  }

  function render() {
    const hint = document.getElementById("install-hint");
    if (!hint) return;
    const view = chooseView();
    hint.dataset.installState = view || "none"; // for tests
    for (const element of hint.querySelectorAll("[data-install-view]")) {
      const hidden = element.dataset.installView !== view;
      if (element.hidden !== hidden) element.hidden = hidden;
    }
    const hidden = !view || !acted;
    if (hint.hidden !== hidden) hint.hidden = hidden;
  }

  function onAct() {
    if (acted) return;
    acted = true;
    for (const type of ACTS) window.removeEventListener(type, onAct, true);
    render();
  }

  for (const type of ACTS) window.addEventListener(type, onAct, { capture: true, passive: true });

  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault(); // no mini-infobar: the app offers its own calm button
    deferred = event;
    render();
  });

  window.addEventListener("appinstalled", () => {
    installed = true;
    deferred = null;
    render();
  });

  document.addEventListener("click", async (event) => {
    const button = event.target.closest && event.target.closest("[data-install-action]");
    if (!button || !button.closest("#install-hint")) return;
    event.preventDefault();
    if (button.dataset.installAction === "later") {
      try {
        localStorage.setItem(LATER, "1");
      } catch (_error) {
        // private mode: hidden for this page only
      }
      deferred = null;
      installed = true;
      render();
      return;
    }
    if (!deferred) return render();
    const prompt = deferred;
    deferred = null; // a prompt event can be used once
    prompt.prompt();
    try {
      const choice = await prompt.userChoice;
      if (choice && choice.outcome === "accepted") installed = true;
    } catch (_error) {
      // the browser refused: the button stays hidden until it offers again
    }
    render();
  });

  for (const mode of ["standalone", "fullscreen", "minimal-ui"]) {
    const query = window.matchMedia(`(display-mode: ${mode})`);
    if (query.addEventListener) query.addEventListener("change", render);
  }
  // The app is a single-page app: the hint comes and goes without a page load.
  window.setInterval(render, 500);
  render();
})();

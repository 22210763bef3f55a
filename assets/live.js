// Live updates, pushed: when someone changes the family's dossier, the server sets this
// tab's newest pulse over the websocket the page already has (dossier/state/live.py). The
// page's hidden #live-refresh button carries it as data-live, beside data-pulse: the pulse
// its data was loaded at. When data-live passes data-pulse, press the button once: the
// page reloads its data through the session gate like any tap. Nothing is polled and no
// script text is evaluated, so an idle tab costs nothing and the CSP holds. A hidden tab
// waits until it is looked at again.
(() => {
  let pressedFor = null; // one press per new pulse, while the reload is on its way

  function check() {
    if (document.visibilityState !== "visible") return;
    const button = document.getElementById("live-refresh");
    if (!button) return;
    const live = Number(button.dataset.live);
    const seen = Number(button.dataset.pulse);
    if (seen >= 0 && live > seen && live !== pressedFor) {
      pressedFor = live;
      button.click();
    }
  }

  // Only these two attributes are watched, so other changes to the page cost nothing.
  new MutationObserver(check).observe(document.documentElement, {
    subtree: true,
    attributes: true,
    attributeFilter: ["data-live", "data-pulse"],
  });
  document.addEventListener("visibilitychange", check);
})();

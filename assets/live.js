// Live updates: when someone changes the family's dossier, reload this page's data.
// The page's hidden #live-refresh button carries data-pulse: the family pulse its data was
// loaded at (read in the same transaction). While the tab is visible this polls the
// current pulse (/api/live) and presses the button when they differ. No script text is
// evaluated, so the CSP holds.
(() => {
  const INTERVAL_MS = 700;
  const MAX_BACKOFF_MS = 30000;
  let delay = INTERVAL_MS;
  let timer = null;
  let pressedFor = null; // one press per new pulse, while the reload is on its way

  async function check() {
    timer = null;
    if (document.visibilityState !== "visible") return;
    const button = document.getElementById("live-refresh");
    const seen = button ? Number(button.dataset.pulse) : NaN;
    if (!button || !(seen >= 0)) return schedule(INTERVAL_MS); // no live data on this page
    try {
      const response = await fetch("/api/live", { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return schedule(Math.min(delay * 2, MAX_BACKOFF_MS), true);
      const { pulse } = await response.json();
      if (pulse !== seen && pulse !== pressedFor) {
        pressedFor = pulse;
        button.click();
      }
      schedule(INTERVAL_MS);
    } catch {
      schedule(Math.min(delay * 2, MAX_BACKOFF_MS), true); // offline: back off quietly
    }
  }

  function schedule(ms, failed = false) {
    delay = failed ? ms : INTERVAL_MS;
    if (timer === null) timer = setTimeout(check, ms);
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && timer === null) schedule(0);
  });
  schedule(INTERVAL_MS);
})();

/*
 * Gezinsdossier: the offline card ("Beschikbaar zonder internet"), per device.
 *
 * A static file (no eval, so it works under the Content-Security-Policy), loaded on every
 * app page and on /offline.html. Off by default: without the opt-in nothing of the family
 * is kept in this browser. When the person switches it on (on /mijn-apparaten):
 *   - localStorage "dossier.offline-card" = "on" (the opt-in, for this device), and
 *     "dossier.offline-card.user" = whose snapshot it is;
 *   - Cache Storage "dossier-offline-card" holds one entry, /offline-card/snapshot.json:
 *     the answer of GET /api/offline/snapshot (appointments of the next two weeks, the
 *     person's open tasks, the family's key contacts), with the time it was fetched.
 *
 * On app pages, while opted in, the snapshot is fetched again at most once every five
 * minutes (each fetch is an access-log row), and at once after a new login. The request
 * says whose snapshot the device holds (?user=); when someone else is signed in now the
 * server answers 409 and the device forgets the snapshot AND the opt-in (that was the
 * other person's choice). 401/403 (logged out, expired, no family): the snapshot goes.
 * No network: the old snapshot stays; that is the point.
 * Switching off and logging out (the logout form's submit) delete the cache and the
 * flags; the server also sends Clear-Site-Data on logout, which older Safari ignores.
 *
 * On /offline.html (#offline-card exists) it draws the snapshot into #offline-card with
 * the time it was made ("Bijgewerkt: ma 23 nov, 14:05", Amsterdam time), in the page's
 * language (<html lang>, set by /offline.js), with the words from #offline-strings.
 * Everything is drawn with textContent: the snapshot's text is never parsed as HTML.
 */
(() => {
  "use strict";

  const CACHE = "dossier-offline-card";
  const ENTRY = "/offline-card/snapshot.json";
  const FLAG = "dossier.offline-card";
  const OWNER = "dossier.offline-card.user";
  const RECHECK = "dossier.offline-card.recheck"; // a login happened: ask before trusting
  const API = "/api/offline/snapshot";
  const REFRESH_MS = 5 * 60 * 1000;
  const FETCHED_HEADER = "x-offline-card-fetched";
  const ZONE = "Europe/Amsterdam";
  // Pages where one signs in: the next signed-in page checks whose snapshot it is.
  const LOGIN_PATHS = [/^\/login/, /^\/uitnodiging/];
  const LOGOUT_PATH = "/api/auth/logout";

  const supported = "caches" in window && "localStorage" in window && window.isSecureContext;

  // ------------------------------------------------------------------------------------
  // The device-local state
  // ------------------------------------------------------------------------------------

  function store() {
    try {
      return window.localStorage;
    } catch (_error) {
      return null; // storage blocked: behave as "off"
    }
  }

  function optedIn() {
    const local = store();
    return Boolean(local && local.getItem(FLAG) === "on");
  }

  /** {data, fetchedAt} or null. caches.match never creates the cache (caches.open would). */
  async function readSnapshot() {
    if (!supported) return null;
    const response = await caches.match(ENTRY, { cacheName: CACHE });
    if (!response) return null;
    try {
      const data = await response.json();
      const fetchedAt = Number(response.headers.get(FETCHED_HEADER)) || 0;
      return { data, fetchedAt };
    } catch (_error) {
      return null;
    }
  }

  async function writeSnapshot(data) {
    const cache = await caches.open(CACHE);
    const headers = { "content-type": "application/json", [FETCHED_HEADER]: String(Date.now()) };
    await cache.put(ENTRY, new Response(JSON.stringify(data), { headers }));
  }

  /** Delete the snapshot; with `all`, the opt-in and whose it was too. */
  async function forget(all) {
    const local = store();
    if (all && local) {
      local.removeItem(FLAG);
      local.removeItem(OWNER);
      local.removeItem(RECHECK);
    }
    if (supported) await caches.delete(CACHE);
  }

  // ------------------------------------------------------------------------------------
  // Fetching the snapshot
  // ------------------------------------------------------------------------------------

  function snapshotUrl() {
    const panel = document.getElementById("offline-card-panel");
    return (panel && panel.dataset.snapshotUrl) || API;
  }

  let pending = null; // one request at a time (each one is an access-log row)

  /** Fetch when due (or `force`); returns what the device holds afterwards. */
  function refresh(force) {
    if (!pending) {
      pending = fetchIfDue(force).finally(() => {
        pending = null;
      });
    } else if (force) {
      return pending.then(() => refresh(true));
    }
    return pending;
  }

  async function fetchIfDue(force) {
    if (!supported || !optedIn()) return null;
    const local = store();
    const stored = await readSnapshot();
    const recheck = local.getItem(RECHECK) === "1";
    const fresh = stored && Date.now() - stored.fetchedAt < REFRESH_MS;
    if (fresh && !force && !recheck) return stored;
    const owner = local.getItem(OWNER) || (stored ? String(stored.data.user_id) : "");
    const query = owner ? `?user=${encodeURIComponent(owner)}` : "";
    let response;
    try {
      response = await fetch(snapshotUrl() + query, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { accept: "application/json" },
      });
    } catch (_error) {
      return stored; // no network: keep what we have
    }
    if (response.status === 409) {
      await forget(true); // someone else is signed in on this device now
      return null;
    }
    if (response.status === 401 || response.status === 403) {
      await forget(false);
      return null;
    }
    if (!response.ok) return stored;
    let data;
    try {
      data = await response.json();
    } catch (_error) {
      return stored;
    }
    if (!data || typeof data.user_id !== "number") return stored;
    if (owner && String(data.user_id) !== owner) {
      await forget(true);
      return null;
    }
    if (!optedIn()) return null; // switched off (or logged out) while we were asking
    await writeSnapshot(data);
    local.setItem(OWNER, String(data.user_id));
    local.removeItem(RECHECK);
    return { data, fetchedAt: Date.now() };
  }

  // ------------------------------------------------------------------------------------
  // Formatting (Amsterdam time, the page's language)
  // ------------------------------------------------------------------------------------

  function locale(lang) {
    return lang === "en" ? "en-GB" : "nl-NL";
  }

  function parts(date, lang, options) {
    const format = new Intl.DateTimeFormat(locale(lang), { timeZone: ZONE, ...options });
    const found = {};
    for (const part of format.formatToParts(date)) found[part.type] = part.value;
    return found;
  }

  const bare = (text) => String(text || "").replace(/\.$/, "");

  /** "ma 23 nov" */
  function dayText(date, lang) {
    const p = parts(date, lang, { weekday: "short", day: "numeric", month: "short" });
    return `${bare(p.weekday)} ${p.day} ${bare(p.month)}`;
  }

  /** "14:05" */
  function clockText(date, lang) {
    const p = parts(date, lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    return `${p.hour}:${p.minute}`;
  }

  /** "ma 23 nov, 14:05" */
  function momentText(iso, lang) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return "";
    return `${dayText(date, lang)}, ${clockText(date, lang)}`;
  }

  /** A calendar day ("2026-11-25") as "wo 25 nov"; noon UTC is that day in Amsterdam. */
  function dateText(isoDay, lang) {
    const date = new Date(`${isoDay}T12:00:00Z`);
    return Number.isNaN(date.getTime()) ? "" : dayText(date, lang);
  }

  // ------------------------------------------------------------------------------------
  // The card on the offline page
  // ------------------------------------------------------------------------------------

  function catalogue() {
    const block = document.getElementById("offline-strings");
    try {
      return block ? JSON.parse(block.textContent || "{}") : {};
    } catch (_error) {
      return {};
    }
  }

  function pageLang(strings) {
    const lang = (document.documentElement.lang || "").slice(0, 2).toLowerCase();
    return strings[lang] ? lang : "nl";
  }

  function translator(strings, lang) {
    const words = strings[lang] || {};
    const dutch = strings.nl || {};
    return (key, params) => {
      let text = words[key] || dutch[key] || key;
      for (const [name, value] of Object.entries(params || {})) {
        text = text.split(`{${name}}`).join(String(value));
      }
      return text;
    };
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function section(t, heading, empty, rows, draw) {
    const parts = [el("h3", t(heading))];
    if (!rows || rows.length === 0) {
      parts.push(el("p", t(empty), "muted"));
      return parts;
    }
    const list = el("ul");
    for (const row of rows) list.appendChild(draw(row));
    parts.push(list);
    return parts;
  }

  function appointmentItem(t, lang) {
    return (a) => {
      const item = el("li");
      const start = new Date(a.starts_at);
      const end = new Date(a.ends_at);
      const when = `${dayText(start, lang)}, ${clockText(start, lang)}–${clockText(end, lang)}`;
      const line = el("strong", when);
      item.append(line, document.createTextNode(` ${a.title}`));
      const details = [a.place, a.with_whom ? t("offline.card.with_whom", { who: a.with_whom }) : ""];
      if (a.i_go_along) details.push(t("offline.card.i_go_along"));
      const shown = details.filter(Boolean).join(" · ");
      if (shown) item.append(el("div", shown, "muted"));
      return item;
    };
  }

  function taskItem(t, lang) {
    return (task) => {
      const item = el("li", task.title);
      const details = [];
      if (task.overdue) details.push(t("offline.card.overdue"));
      if (task.due_on) details.push(t("offline.card.due", { day: dateText(task.due_on, lang) }));
      if (task.waiting_for) details.push(t("offline.card.waiting_for", { who: task.waiting_for }));
      if (task.follow_up_on) {
        details.push(t("offline.card.follow_up", { day: dateText(task.follow_up_on, lang) }));
      }
      if (details.length) item.append(el("div", details.join(" · "), "muted"));
      return item;
    };
  }

  function contactItem(t) {
    return (c) => {
      const item = el("li");
      item.append(el("strong", c.name));
      const role = t(`offline.card.role.${c.role}`);
      const about = [role.startsWith("offline.") ? c.role_label : role, c.relation, c.organisation];
      item.append(el("div", about.filter(Boolean).join(" · "), "muted"));
      if (c.phone) {
        const link = el("a", c.phone);
        link.href = `tel:${String(c.phone).replace(/[^\d+]/g, "")}`;
        link.setAttribute("aria-label", t("offline.card.call", { name: c.name, phone: c.phone }));
        item.append(link);
      } else {
        item.append(el("div", t("offline.card.no_phone"), "muted"));
      }
      return item;
    };
  }

  // Issue 19: the network's "bij spoed" contacts (tap to call) and the "meenemen" list,
  // each with when it last changed ("bijgewerkt op ...").
  function emergencyItem(t, lang) {
    return (c) => {
      const item = el("li");
      item.append(el("strong", c.name));
      if (c.organisation) item.append(el("div", c.organisation, "muted"));
      for (const phone of c.phones || []) {
        const line = el("div");
        const link = el("a", phone.shown || phone.number);
        link.href = phone.href || `tel:${String(phone.number).replace(/[^\d+]/g, "")}`;
        link.setAttribute("aria-label", t("offline.card.call", { name: c.name, phone: phone.shown || phone.number }));
        if (phone.label) line.append(document.createTextNode(`${phone.label}: `));
        line.append(link);
        item.append(line);
      }
      if (!c.phones || c.phones.length === 0) item.append(el("div", t("offline.card.no_phone"), "muted"));
      if (c.updated_at) {
        item.append(el("div", t("offline.card.updated_on", { when: momentText(c.updated_at, lang) }), "muted"));
      }
      return item;
    };
  }

  function checklistSection(t, lang, list) {
    if (!list) return []; // not for this person (or an older snapshot)
    const heading = list.admission ? "offline.card.checklist_admission" : "offline.card.checklist";
    const parts = section(t, heading, "offline.card.no_checklist", list.items, (row) => {
      const state = t(row.done ? "offline.card.item_done" : "offline.card.item_open");
      const item = el("li", `${row.done ? "\u2611" : "\u2610"} ${row.label}`);
      item.append(el("span", ` (${state})`, "muted"));
      return item;
    });
    if (list.updated_at) {
      parts.splice(1, 0, el("p", t("offline.card.updated_on", { when: momentText(list.updated_at, lang) }), "muted"));
    }
    return parts;
  }

  function render(container, snapshot) {
    const strings = catalogue();
    const lang = pageLang(strings);
    const t = translator(strings, lang);
    const data = snapshot.data;
    const heading = el("h2", t("offline.card.title"));
    heading.id = "offline-card-title";
    const updated = el("p", t("offline.card.updated", { when: momentText(data.generated_at, lang) }));
    const family = data.family_name ? el("p", `${t("offline.card.family")}: ${data.family_name}`) : null;
    container.replaceChildren(
      heading,
      updated,
      el("p", t("offline.card.intro"), "muted"),
      ...(family ? [family] : []),
      ...(data.emergency_contacts
        ? section(t, "offline.card.emergency", "offline.card.no_emergency", data.emergency_contacts, emergencyItem(t, lang))
        : []),
      ...checklistSection(t, lang, data.checklist),
      ...section(t, "offline.card.appointments", "offline.card.no_appointments", data.appointments, appointmentItem(t, lang)),
      ...section(t, "offline.card.tasks", "offline.card.no_tasks", data.tasks, taskItem(t, lang)),
      ...section(t, "offline.card.contacts", "offline.card.no_contacts", data.contacts, contactItem(t)),
    );
    container.setAttribute("aria-labelledby", heading.id);
    container.hidden = false;
  }

  async function showOnOfflinePage(container) {
    if (!optedIn()) return; // no opt-in: nothing to show (and nothing should be stored)
    const snapshot = await readSnapshot();
    if (!snapshot || !snapshot.data) return;
    render(container, snapshot);
    // /offline.js may switch the language after we drew: draw again in the new one.
    new MutationObserver(() => render(container, snapshot)).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["lang"],
    });
  }

  // ------------------------------------------------------------------------------------
  // The panel on /mijn-apparaten
  // ------------------------------------------------------------------------------------

  let busy = false;
  let failed = false;

  function showView(panel, names, snapshot) {
    for (const node of panel.querySelectorAll("[data-offline-view]")) {
      node.hidden = !names.includes(node.dataset.offlineView);
    }
    const updated = panel.querySelector("[data-offline-updated]");
    if (updated) {
      const lang = (document.documentElement.lang || "nl").slice(0, 2);
      updated.textContent = snapshot ? momentText(snapshot.data.generated_at, lang) : "";
    }
  }

  async function decide(panel) {
    const row = panel.querySelector("[data-offline-switch-row]");
    const box = panel.querySelector("#offline-card-switch");
    if (!supported || !row || !box) {
      if (row) row.hidden = true;
      showView(panel, ["unsupported"]);
      return;
    }
    const local = store();
    const me = panel.dataset.userId || "";
    const owner = local ? local.getItem(OWNER) : "";
    if (me && owner && owner !== me) await forget(true); // another person's snapshot
    const on = optedIn();
    const snapshot = on ? await refresh(false) : null;
    row.hidden = false;
    box.disabled = busy;
    box.checked = on;
    if (busy) showView(panel, ["busy"]);
    else if (failed) showView(panel, ["failed"]);
    else if (on && snapshot) showView(panel, ["on", "updated"], snapshot);
    else if (on) showView(panel, ["on", "not-yet"]); // e.g. no network right now
    else showView(panel, ["off"]);
  }

  async function switchOn(panel) {
    const local = store();
    await forget(true); // start clean: never mix with an older snapshot
    local.setItem(FLAG, "on");
    if (panel.dataset.userId) local.setItem(OWNER, panel.dataset.userId);
    const snapshot = await refresh(true);
    if (!snapshot) {
      await forget(true); // could not fetch it now: stay off rather than half on
      return false;
    }
    return true;
  }

  async function onChange(event) {
    const box = event.target;
    if (!box || box.id !== "offline-card-switch" || busy) return;
    const panel = document.getElementById("offline-card-panel");
    if (!panel || !panel.contains(box)) return;
    const wanted = box.checked;
    busy = true;
    failed = false;
    box.disabled = true;
    showView(panel, ["busy"]);
    try {
      if (wanted) failed = !(await switchOn(panel));
      else await forget(true);
    } catch (_error) {
      failed = true;
      await forget(true).catch(() => {});
    } finally {
      busy = false;
    }
    await decide(panel);
    box.focus();
  }

  // ------------------------------------------------------------------------------------
  // Logging out and in
  // ------------------------------------------------------------------------------------

  function isLogoutForm(form) {
    try {
      return new URL(form.action, window.location.href).pathname === LOGOUT_PATH;
    } catch (_error) {
      return false;
    }
  }

  function onSubmit(event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !isLogoutForm(form)) return;
    if (form.dataset.offlineCardCleared === "1") return;
    // Wait for the cache to be gone (at most 1.5 s), then log out as the form would.
    event.preventDefault();
    const done = () => {
      form.dataset.offlineCardCleared = "1";
      form.submit();
    };
    const timeout = new Promise((resolve) => window.setTimeout(resolve, 1500));
    Promise.race([forget(true), timeout]).then(done, done);
  }

  function markLogin() {
    const local = store();
    if (local && optedIn() && LOGIN_PATHS.some((path) => path.test(window.location.pathname))) {
      local.setItem(RECHECK, "1");
      return true;
    }
    return false;
  }

  // ------------------------------------------------------------------------------------
  // Start
  // ------------------------------------------------------------------------------------

  const card = document.getElementById("offline-card");
  if (card) {
    showOnOfflinePage(card).catch(() => {});
    return; // the offline page: never fetch, never change anything
  }

  document.addEventListener("submit", onSubmit, true);
  document.addEventListener("change", (event) => {
    onChange(event).catch(() => {});
  });

  let watched = null;
  let lastPath = "";
  // The signed-in user's id arrives with the page's state, after the panel is drawn.
  const userWatch = new MutationObserver(() => {
    if (watched && document.contains(watched) && !busy) decide(watched).catch(() => {});
  });
  function attach() {
    const path = window.location.pathname;
    if (path !== lastPath) {
      lastPath = path;
      // On a login page nobody is signed in: mark it, and fetch nothing (it would be 401).
      if (!markLogin()) refresh(false).catch(() => {});
    }
    const panel = document.getElementById("offline-card-panel");
    if (panel === watched) return;
    watched = panel;
    userWatch.disconnect();
    if (!panel) return;
    userWatch.observe(panel, { attributes: true, attributeFilter: ["data-user-id"] });
    decide(panel).catch(() => showView(panel, ["unsupported"]));
  }
  // The app is a single-page app: pages (and the panel) come and go without a load.
  window.setInterval(attach, 500);
  attach();
})();

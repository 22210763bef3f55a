"""The bundle budget: the most JavaScript and CSS (gzip bytes) a page's prerendered HTML
may bring in. The one place these numbers live; `test_first_visit_in_browser.py` checks
them against the production build, `python -m tests.bundles` prints today's numbers.

A budget is the size measured when it was set plus about 4 % headroom. When a page grows
past it, the test names the files that grew (against FILES below, the sizes measured at
the same time). If the growth is worth its cost on a tired parent's phone, raise the
budget here (and FILES with it) in the same change, saying why; when a page shrinks,
lower its budget so the gain stays.
"""

from __future__ import annotations

from typing import NamedTuple


class Budget(NamedTuple):
    js: int  # gzip bytes
    css: int  # gzip bytes


# Set on 7 December 2026 (issue 18) at "/" 312,969 / 85,442 (JS / CSS, gzip bytes), then
# lowered the same day when dossier/bundling/ took out of every page the whole Radix Themes
# namespace (esm.js, 78 KB: a library for dynamic components), lucide's icon map
# (DynamicIcon.js, 56 KB: icons named by state) and the colour tokens of the 23 Radix
# colours no page uses (20 KB of CSS). Measured then: "/" 255,952 / 65,303; /login
# 229,924; /taken 260,809; /wie-doet-wat 365,376; /agenda 266,413; /check-in 363,328
# (the CSS is the same file on every page). Lowered again the same day by about 13.6 KB on
# every page when `LocaleState.t` began to hold only the catalogue keys a page can read
# (dossier/i18n/frontend.py: 674 of 1,542 keys; context.js 31,146 -> 17,528): "/" 242,297;
# /login 216,294; /taken 247,170; /wie-doet-wat 351,737; /agenda 252,762; /check-in 349,689.
PAGES: dict[str, Budget] = {
    "/": Budget(js=253_000, css=68_000),  # the overview: the first page after logging in
    "/login": Budget(js=226_000, css=68_000),
    "/taken": Budget(js=258_000, css=68_000),
    "/wie-doet-wat": Budget(js=366_000, css=68_000),
    "/agenda": Budget(js=264_000, css=68_000),
    "/check-in": Budget(js=364_000, css=68_000),
}

# gzip bytes per file (content hash left out of the name) when the budgets were set;
# files under 1 KB are left out. Only used to name what grew. Vite names a shared chunk
# after one of its modules: the comments say what is in it.
FILES: dict[str, int] = {
    "/assets/es6.js": 73_749,  # recharts (check-in trends, who-does-what)
    "/assets/entry.client.js": 65_541,  # React DOM and React Router
    # Radix Themes' tokens (only the colours in rxconfig.py), components and utilities
    "/assets/__reflex_global_styles.css": 65_303,
    "/assets/color.prop.js": 41_001,  # emotion, socket.io, Radix components every page uses
    "/assets/errorBoundaries.js": 35_646,
    "/assets/context.js": 17_528,  # the initial state, with the page catalogue `t`
    "/assets/preload-helper.js": 25_675,  # more of recharts
    "/assets/mail-warning.js": 14_921,  # Radix dialog and avatar, shared lucide icons
    "/assets/_check-in_._index.js": 14_306,
    "/assets/_taken_._index.js": 13_592,
    "/assets/root.js": 13_194,
    "/assets/_wie-doet-wat_._index.js": 13_011,
    "/assets/_agenda_._index.js": 11_429,
    "/assets/_index.js": 9_587,
    "/offline-card.js": 5_713,
    "/assets/dist.js": 4_542,
    "/connectivity.js": 4_372,
    "/push.js": 4_245,
    "/assets/createLucideIcon.js": 3_212,
    "/assets/theme.js": 3_203,
    "/assets/react.js": 3_025,
    "/session-timer.js": 2_971,
    "/assets/_login_._index.js": 2_500,
    "/assets/manifest.js": 2_266,
    "/one-tap.js": 2_051,
    "/install.js": 1_825,
    "/assets/segmented-control.js": 1_664,
    "/assets/tabs.js": 1_639,
    "/assets/react-dom.js": 1_407,
    "/assets/button.js": 1_348,
}

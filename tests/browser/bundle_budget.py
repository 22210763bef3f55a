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


# Set on 7 December 2026 (issue 18). Measured then (JS / CSS, gzip bytes): "/" 312,969 /
# 85,442; /login 353,007; /taken 372,311; /wie-doet-wat 470,458; /agenda 314,916;
# /check-in 414,260 (the CSS is the same file on every page).
PAGES: dict[str, Budget] = {
    "/": Budget(js=326_000, css=89_000),  # the overview: the first page after logging in
    "/login": Budget(js=367_000, css=89_000),
    "/taken": Budget(js=387_000, css=89_000),
    "/wie-doet-wat": Budget(js=489_000, css=89_000),
    "/agenda": Budget(js=328_000, css=89_000),
    "/check-in": Budget(js=431_000, css=89_000),
}

# gzip bytes per file (content hash left out of the name) when the budgets were set;
# files under 1 KB are left out. Only used to name what grew.
FILES: dict[str, int] = {
    "/assets/__reflex_global_styles.css": 85_442,  # all of Radix Themes' styles.css
    "/assets/esm.js": 77_568,  # the @radix-ui/themes namespace
    "/assets/es6.js": 73_725,  # recharts (check-in trends, who-does-what)
    "/assets/entry.client.js": 65_519,  # React DOM and React Router
    "/assets/DynamicIcon.js": 56_296,  # lucide's icon map: rx.icon with a tag from state
    "/assets/emotion-react.browser.esm.js": 39_200,
    "/assets/errorBoundaries.js": 35_620,
    "/assets/context.js": 31_076,
    "/assets/YAxis.js": 24_957,
    "/assets/_check-in_._index.js": 14_477,
    "/assets/_taken_._index.js": 13_634,
    "/assets/root.js": 13_417,
    "/assets/_wie-doet-wat_._index.js": 12_772,
    "/assets/_agenda_._index.js": 11_352,
    "/assets/_index.js": 9_536,
    "/offline-card.js": 5_713,
    "/connectivity.js": 4_372,
    "/push.js": 4_245,
    "/assets/react.js": 3_296,
    "/session-timer.js": 2_971,
    "/assets/manifest.js": 2_729,
    "/assets/_login_._index.js": 2_319,
    "/one-tap.js": 2_051,
    "/install.js": 1_825,
    "/assets/react-dom.js": 1_383,
    "/assets/dist.js": 1_285,
}

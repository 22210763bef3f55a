"""A first visit stays light (issue 18).

- Each main page stays within its bundle budget (tests/browser/bundle_budget.py): the
  gzip bytes of the JavaScript and CSS its prerendered HTML brings in, measured on the
  production build the browser tests' server has just made (tests/bundles.py).
- The catalogue `t` in every page's state holds only the keys a page can read
  (dossier/i18n/frontend.py), and the compiled pages read no key outside it: no text
  goes missing in the browser.
- The service worker, whose install precaches the app shell (about 600 KB), is
  registered only after the page has loaded, so it does not compete with the first visit.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext

from dossier.i18n import LOCALES, frontend_catalogue
from dossier.i18n.frontend import DYNAMIC_SITES
from tests.browser.bundle_budget import FILES, PAGES
from tests.browser.support import AppServer, goto
from tests.bundles import BUILD_DIR, catalogue_reads, measure, over_budget

BUDGET_FILE = "tests/browser/bundle_budget.py"
# Notes when and in which state of the page navigator.serviceWorker.register is called.
WATCH_REGISTER = """(() => {
  const container = navigator.serviceWorker;
  if (!container) return;
  const register = container.register.bind(container);
  window.__swRegister = null;
  container.register = (...args) => {
    const nav = performance.getEntriesByType("navigation")[0];
    window.__swRegister = window.__swRegister || {
      readyState: document.readyState,
      loadEventEnd: nav ? nav.loadEventEnd : 0,
      at: performance.now(),
    };
    return register(...args);
  };
})();"""


@pytest.mark.parametrize("page", list(PAGES))
def test_a_page_brings_in_no_more_script_and_style_than_its_budget(
    app_server: AppServer, page: str
) -> None:
    # app_server has built the production frontend into BUILD_DIR in this session.
    assert BUILD_DIR.is_dir(), f"no production build in {BUILD_DIR}"
    bundle = measure(page)
    budget = PAGES[page]
    print(f"{page}: JavaScript {bundle.js:,} B (budget {budget.js:,}), CSS {bundle.css:,} B")
    failed = over_budget(bundle, js=budget.js, css=budget.css, before=FILES, where=BUDGET_FILE)
    assert not failed, "\n".join(failed)


def test_every_text_a_compiled_page_reads_is_in_the_catalogue_the_browser_gets(
    app_server: AppServer,
) -> None:
    # app_server has compiled the pages (.web/app_components, ...) in this session.
    reads = catalogue_reads()
    assert len(reads.literal) > 300, "the scan of the compiled pages found no keys"
    for lang in LOCALES:
        missing = sorted(reads.literal - frontend_catalogue(lang).keys())
        assert not missing, (
            f"the pages read keys that LocaleState.t ({lang}) does not send: {missing}. "
            "Write the key as a literal in the page, or declare the site in "
            "DYNAMIC_SITES (dossier/i18n/frontend.py)."
        )
    undeclared = {site: expr for site, expr in reads.dynamic.items() if site not in DYNAMIC_SITES}
    assert not undeclared, (
        f"pages read t with a key from a state var not declared in DYNAMIC_SITES "
        f"(dossier/i18n/frontend.py): {undeclared}"
    )
    assert not reads.other, "t is used in a way the key set cannot follow:\n" + "\n".join(
        reads.other[:10]
    )


def test_a_first_visitor_gets_the_service_worker_only_after_the_page_has_loaded(
    app_server: AppServer, new_context: Callable[..., BrowserContext]
) -> None:
    context = new_context()
    context.add_init_script(WATCH_REGISTER)
    page = context.new_page()
    goto(page, f"{app_server.base_url}/login/")
    page.wait_for_function("() => window.__swRegister !== null", timeout=20_000)
    called = page.evaluate("() => window.__swRegister")
    assert called["readyState"] == "complete", called
    assert 0 < called["loadEventEnd"] <= called["at"], called
    # ... and it still takes the page, as before (the offline and push tests rely on it).
    page.wait_for_function(
        "() => navigator.serviceWorker.controller !== null", timeout=60_000, polling=250
    )

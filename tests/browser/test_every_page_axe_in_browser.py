"""axe-core on every page of the app, on a phone (390 px) and a tablet (1024 px).

The feature tests check their own pages in the states their journeys reach (dialogs,
errors); this sweep makes sure no page is left out, for each kind of person who uses it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from dossier import routes
from tests.browser.support import (
    PHONE,
    Account,
    AppServer,
    assert_no_serious_violations,
    goto,
    run_axe,
)

pytestmark = pytest.mark.browser

FAMILY = "Gezin De Vries"
# The iPad in portrait that the case managers carry (1024 px wide).
SCREENS = {"phone": PHONE, "tablet": {"width": 1024, "height": 1366}}
PARENT_PAGES = (
    routes.OVERVIEW,
    routes.TASKS,
    routes.AGREEMENTS,
    routes.AGENDA,
    routes.CHECKIN,
    routes.CHECKIN_SETTINGS,
    routes.MEMBERS,
    routes.DEVICES,
    routes.NOTIFICATIONS,
    routes.NOTIFICATION_SETTINGS,
    routes.ACCESS_LOG,
    routes.MY_DATA,
    routes.LEAVING,
    routes.CLOSING,
    routes.EMERGENCY_PLAN,  # issue 19
    routes.EMERGENCY_PLAN_PRINT,  # issue 19
    routes.NETWORK,  # issue 19
    routes.CARE_PLAN,  # issue 20: De Vries's demo plan, with a section to confirm
    routes.CARE_PLAN_TALKS,  # issue 20
)
CASE_MANAGER_PAGES = (routes.CASELOAD, routes.OVERVIEW, routes.CHECKIN, routes.LEAVING)
CASE_MANAGER_PAGES += (routes.EMERGENCY_PLAN,)  # issue 19
CASE_MANAGER_PAGES += (routes.NETWORK,)  # issue 19: with "Mijn bereikbaarheid"
CASE_MANAGER_PAGES += (routes.CARE_PLAN, routes.CARE_PLAN_TALKS)  # issue 20
# Issue 20: the ill child (Ayla, 13, of Gezin Yilmaz): her own page and the plan's page.
CHILD_PAGES = (routes.OVERVIEW, routes.CHILD_PAGE, routes.CARE_PLAN)
SIBLING_PAGES = (routes.MY_CHECKIN, routes.EMERGENCY_PLAN)  # issue 19: the plan, own part
PUBLIC_PAGES = (routes.LOGIN, routes.START, routes.PASSWORD_FORGOTTEN)


def check_pages(page: Page, paths: tuple[str, ...], server: AppServer, label: str) -> None:
    failures = []
    for path in paths:
        goto(page, server.url(path))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator("[data-loading='true'], .rt-Spinner")).to_have_count(0)
        report = run_axe(page, f"{path} ({label})")
        try:
            assert_no_serious_violations(report)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n\n".join(failures)


def signed_in(
    new_context: Callable[..., BrowserContext],
    login: Callable[[Page, Account], None],
    account: Account,
    screen: str,
) -> Page:
    page = new_context(SCREENS[screen]).new_page()
    login(page, account)
    return page


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_every_page_of_a_parent(
    screen: str,
    new_context: Callable[..., BrowserContext],
    login: Callable[[Page, Account], None],
    app_server: AppServer,
) -> None:
    page = signed_in(new_context, login, app_server.account(FAMILY, "parent"), screen)
    check_pages(page, PARENT_PAGES, app_server, f"parent, {screen}")


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_every_page_of_a_case_manager(
    screen: str,
    new_context: Callable[..., BrowserContext],
    login: Callable[[Page, Account], None],
    app_server: AppServer,
) -> None:
    page = signed_in(new_context, login, app_server.account(FAMILY, "cm_hospital"), screen)
    check_pages(page, CASE_MANAGER_PAGES, app_server, f"case manager, {screen}")


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_pages_of_a_sibling_and_the_login_page(
    screen: str,
    new_context: Callable[..., BrowserContext],
    login: Callable[[Page, Account], None],
    app_server: AppServer,
) -> None:
    anonymous = new_context(SCREENS[screen]).new_page()
    check_pages(anonymous, PUBLIC_PAGES, app_server, f"not signed in, {screen}")
    sibling = next(a for a in app_server.accounts if a.family == FAMILY and a.role == "sibling")
    page = signed_in(new_context, login, sibling, screen)
    check_pages(page, SIBLING_PAGES, app_server, f"sibling, {screen}")


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_pages_of_the_ill_child(
    screen: str,
    new_context: Callable[..., BrowserContext],
    login: Callable[[Page, Account], None],
    app_server: AppServer,
) -> None:
    child = next(a for a in app_server.accounts if a.role == "child")
    page = signed_in(new_context, login, child, screen)
    check_pages(page, CHILD_PAGES, app_server, f"ill child, {screen}")

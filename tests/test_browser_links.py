"""Browser: links at the edges and on a phone.

- Clicking through the menu, the page links and the Home cards like a user (and pressing
  Back) never doubles a query field; the case arrives on every page.
- A link too long to read opens the default case with a notice, also as the very first page
  of a fresh server (ui/browser.js), and the address loses the long query.
- At 390x844 no page and no Evidence tab is wider than the screen.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser_utils import wait_for_app_run as _wait
from tests.conftest import URL_PATHS, ServedApp

pytestmark = pytest.mark.browser

CASE = "weeks_conservative=14&formal_pt=true&ct_stage=complete+fracture"
SLOW = 120_000  # the machine running these is shared: a run may take long


def wait_for_app_run(page) -> None:
    _wait(page, timeout=SLOW)


def open_page(page, url: str) -> None:
    page.goto(url, timeout=SLOW)
    wait_for_app_run(page)


def fields(url: str) -> list[str]:
    return [k for k, _ in parse_qsl(urlparse(url).query, keep_blank_values=True)]


def assert_no_doubles(url: str, where: str) -> None:
    keys = fields(url)
    assert len(keys) == len(set(keys)), f"{where}: a query field is doubled in {url}"


def click(page, link) -> None:
    link.click()
    page.wait_for_timeout(300)
    wait_for_app_run(page)


def test_clicking_through_the_menu_never_doubles_a_query_field(served_app, page):
    """Patient view (a control moved) -> menu Case explorer -> menu Evidence -> page link
    Patient view -> menu Home -> Home card Case explorer; then Back five times."""
    open_page(page, f"{served_app.base}/Patient_view?{CASE}")
    page.get_by_text("Change your details").click()  # the patient's own controls, folded
    weeks = page.locator(".st-key-weeks_conservative input[type=range]")
    weeks.focus()
    page.keyboard.press("ArrowRight")
    wait_for_app_run(page)
    seen = [page.url]
    menu = page.get_by_test_id("stSidebar")
    steps = [
        ("menu Case explorer", lambda: menu.get_by_role("link", name="Case explorer")),
        ("menu Evidence", lambda: menu.get_by_role("link", name="Evidence")),
        (
            "page link Patient view",
            lambda: page.get_by_test_id("stMain").get_by_role("link", name="Patient view").last,
        ),
        ("menu Home", lambda: menu.get_by_role("link", name="Home")),
        (
            "Home card Case explorer",
            lambda: page.get_by_test_id("stMain").get_by_role("link", name="Case explorer").first,
        ),
    ]
    for where, link in steps:
        click(page, link())
        assert_no_doubles(page.url, where)
        assert "weeks_conservative=15" in page.url and "ct_stage=complete+fracture" in page.url, (
            f"{where} lost the case: {page.url}"
        )
        seen.append(page.url)
    assert page.locator(".st-key-weeks_conservative input[type=range]").input_value() == "15"
    for _ in range(5):
        page.go_back()
        wait_for_app_run(page)
        assert_no_doubles(page.url, "after Back")
        assert "weeks_conservative=15" in page.url, page.url


def notice(page):
    return page.get_by_test_id("stAlert").filter(has_text="too long to open")


def test_a_too_long_link_on_a_fresh_server_and_after(page):
    """First page of a fresh server process (before ui/case.py is imported: the browser script
    reloads on the marker), then a second link over 8,000 characters (the server's check)."""
    app = ServedApp()
    try:
        many = CASE + "&" + "&".join(f"p{i}=1" for i in range(1000))
        page.goto(f"{app.base}/Case_explorer?{many}", timeout=SLOW)
        # The page opens at the default case, then reloads on the marker (ui/browser.js).
        expect(notice(page)).to_have_count(1, timeout=SLOW)
        wait_for_app_run(page)
        assert page.locator(".st-key-weeks_conservative input[type=range]").input_value() == "0"
        assert "p0=" not in page.url and "link=" not in page.url, page.url

        long = CASE + "&junk=" + "x" * 8_100
        page.goto(f"{app.base}/Patient_view?{long}", timeout=SLOW)
        expect(notice(page)).to_have_count(1, timeout=SLOW)
        wait_for_app_run(page)
        assert page.locator(".st-key-weeks_conservative input[type=range]").input_value() == "0"
        assert "junk" not in page.url and "link=" not in page.url, page.url
    finally:
        app.stop()


OVERFLOW = """() => {
  const w = window.innerWidth;
  const main = document.querySelector('[data-testid=stMainBlockContainer]');
  // An element may be wider than the screen only inside a box that scrolls or clips it and
  // itself fits (a wide table scrolling sideways, the tab bar).
  const contained = (el) => {
    for (let a = el.parentElement; a && a !== main.parentElement; a = a.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) {
        const r = a.getBoundingClientRect();
        if (r.left >= -0.5 && r.right <= w + 0.5) return true;
      }
    }
    return false;
  };
  const wide = [];
  main.querySelectorAll('*').forEach((el) => {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || (r.right <= w + 0.5 && r.left >= -0.5) || contained(el)) return;
    wide.push(`${el.getAttribute('data-testid') || el.tagName} ${Math.round(r.left)}-${Math.round(r.right)}`);
  });
  return {
    page: document.scrollingElement.scrollWidth,
    main: document.querySelector('[data-testid=stMain]').scrollWidth,
    width: w,
    wide: wide.slice(0, 5),
  };
}"""


def assert_fits(page, where: str) -> None:
    got = page.evaluate(OVERFLOW)
    assert got["page"] <= got["width"] and got["main"] <= got["width"], (where, got)
    assert not got["wide"], (where, got)


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


@pytest.mark.parametrize("path", URL_PATHS, ids=lambda p: p or "home")
def test_no_page_is_wider_than_a_phone(served_app, phone, path):
    """390x844: the page does not scroll sideways and nothing in the main block is wider than
    the screen; on Evidence, in every tab (its tab content was 738 px wide)."""
    open_page(phone, f"{served_app.base}/{path}?{CASE}")
    assert_fits(phone, path or "home")
    if path == "Evidence":
        tabs = phone.get_by_test_id("stMain").get_by_role("tab")
        assert tabs.count() >= 8
        for i in range(tabs.count()):
            tab = tabs.nth(i)
            name = tab.inner_text()
            tab.click()
            wait_for_app_run(phone)
            assert_fits(phone, f"Evidence tab {name}")

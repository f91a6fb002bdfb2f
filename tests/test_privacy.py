"""Privacy: a full walk of the app makes no request that leaves this machine; usage stats are off."""

from __future__ import annotations

import tomllib
from urllib.parse import urlparse

import pytest

from tests.browser_utils import open_page, wait_for_app_run
from tests.conftest import ROOT, URL_PATHS

pytestmark = pytest.mark.browser

PATHS = URL_PATHS
CASE = "weeks_conservative=26&formal_pt=true&ct_stage=complete%20fracture"
FAVICON = "https://fonts.gstatic.com/s/i/short-term/release/materialsymbolsrounded/"


def outside(urls: list[str]) -> list[str]:
    return [
        u
        for u in urls
        if not u.startswith(("data:", "blob:")) and urlparse(u).hostname not in {"127.0.0.1", "localhost"}
    ]


@pytest.fixture(scope="module")
def walk_requests(served_app, browser) -> list[str]:
    """Every request of one walk: each page with a case link, a slider move, a tab and an expander."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    for path in PATHS:
        if path and not any(ROOT.glob(f"pages/*_{path}.py")):
            continue
        open_page(page, f"{served_app.base}/{path}?{CASE}")
        slider = page.locator(
            "[data-testid=stSlider] [role=slider], [data-testid=stSlider] input[type=range]"
        )
        if slider.count():
            slider.first.focus()
            page.keyboard.press("ArrowRight")
            wait_for_app_run(page)
        tabs = page.get_by_role("tab")
        if tabs.count() > 1:
            tabs.nth(1).click()
            wait_for_app_run(page)
        expanders = page.locator("[data-testid=stExpander] summary:visible")
        if expanders.count():
            expanders.first.click()
            wait_for_app_run(page)
    context.close()
    return urls


def test_walk_stays_on_localhost(walk_requests):
    """Apart from the page icon (tracked below), nothing the app loads comes from another host."""
    assert len(walk_requests) > 20, "the walk made requests"
    leaks = [u for u in outside(walk_requests) if not u.startswith(FAVICON)]
    assert not leaks, f"requests left localhost: {leaks[:5]}"


def test_page_icon_is_local(walk_requests):
    """The browser tab icon does not come from Google's font CDN."""
    assert not outside(walk_requests)


def test_usage_stats_are_off():
    """The app's config turns Streamlit's usage statistics off."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False

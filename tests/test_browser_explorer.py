"""Browser: the explorer's slider drives the URL and the chart; links reproduce the case."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser_utils import open_page, wait_for_app_run

pytestmark = pytest.mark.browser


def chart_label(page) -> str:
    return page.get_by_test_id("stVegaLiteChart").first.get_attribute("aria-label")


def test_slider_updates_url_and_redraws_chart_and_link_reproduces_case(served_app, browser, page):
    """ArrowRight on the weeks slider writes the URL and moves 'today'; the URL reopens it."""
    open_page(page, f"{served_app.base}/Case_explorer?weeks_conservative=12&formal_pt=true")
    chart = page.get_by_test_id("stVegaLiteChart").first
    expect(chart).to_be_visible()
    assert "Today is month 2.8" in chart_label(page)
    slider = page.locator(".st-key-weeks_conservative input[type=range]")
    slider.focus()
    page.keyboard.press("ArrowRight")
    wait_for_app_run(page)
    expect(page).to_have_url(re.compile(r"weeks_conservative=13"))
    expect(chart).to_have_attribute("aria-label", re.compile(r"Today is month 3\.0"))
    expect(page.locator(".st-key-explorer_open")).to_contain_text("Pars steroid injection")
    # The same URL, opened in a fresh browser context, reproduces the case.
    fresh = browser.new_context(viewport={"width": 1280, "height": 900})
    other = fresh.new_page()
    open_page(other, page.url)
    assert other.locator(".st-key-weeks_conservative input[type=range]").input_value() == "13"
    expect(other.locator(".st-key-explorer_open")).to_contain_text("Pars steroid injection")
    fresh.close()


def test_nonsense_url_shows_notice_and_no_exception(served_app, page):
    """A link with nonsense values shows a one-line notice and falls back to defaults."""
    open_page(page, f"{served_app.base}/Case_explorer?weeks_conservative=banana&pain=%3Cb%3Ex%3C/b%3E")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    notice = page.get_by_test_id("stAlert").filter(has_text="not valid")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("weeks_conservative")
    assert page.locator(".st-key-weeks_conservative input[type=range]").input_value() == "0"
    assert page.locator("b", has_text="x").count() == 0


def test_phone_width_shows_controls_without_sidebar(served_app, browser):
    """At 390 px the case controls are in the page, not hidden in the sidebar."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_page(page, f"{served_app.base}/Case_explorer")
    expect(page.locator(".st-key-weeks_conservative")).to_be_visible()
    overflow = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]');"
        " return m.scrollWidth - m.clientWidth; }"
    )
    assert overflow <= 1
    context.close()

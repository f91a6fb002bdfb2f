"""Browser: the explorer's slider drives the URL and the chart; links reproduce the case."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser_utils import open_page, wait_for_app_run

pytestmark = pytest.mark.browser


def chart_label(page) -> str:
    """The timeline's text alternative (its summary, which names the SVG)."""
    return page.locator(".ppe-tl-summary").inner_text()


def test_slider_updates_url_and_redraws_chart_and_link_reproduces_case(served_app, browser, page):
    """ArrowRight on the weeks slider writes the URL and moves 'today'; the URL reopens it."""
    open_page(
        page,
        f"{served_app.base}/Case_explorer?weeks_conservative=12&formal_pt=true&ct_stage=complete+fracture",
    )
    chart = page.locator(".ppe-tl-svg")
    expect(chart).to_be_visible()
    assert "Today is month 2.8" in chart_label(page)
    slider = page.locator(".st-key-weeks_conservative input[type=range]")
    slider.focus()
    page.keyboard.press("ArrowRight")
    wait_for_app_run(page)
    expect(page).to_have_url(re.compile(r"weeks_conservative=13"))
    expect(page.locator("#" + chart.get_attribute("aria-labelledby"))).to_contain_text("Today is month 3.0")
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
    expect(page.locator(".st-key-weeks_conservative input[type=range]")).to_be_visible()
    overflow = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]');"
        " return m.scrollWidth - m.clientWidth; }"
    )
    assert overflow <= 1
    context.close()


CASE = "ct_stage=complete+fracture&formal_pt=true&weeks_conservative=20"


def weeks_value(page) -> str:
    return page.locator(".st-key-weeks_conservative input[type=range]").input_value()


def assert_case(page, path: str) -> None:
    """The page is ``path``, its URL holds the case, and its controls show it."""
    expect(page).to_have_url(re.compile(rf"/{path}\?.*weeks_conservative=20"))
    for part in CASE.split("&"):
        assert part in page.url, f"{part} missing from {page.url}"
    expect(page.locator(".st-key-weeks_conservative input[type=range]")).to_have_value("20")
    expect(page.locator(".st-key-formal_pt input[role=switch]")).to_be_checked()


def test_controls_weeks_and_card_start_above_the_fold_and_stay_after_a_move(served_app, page):
    """At 1280x900 the controls, the weeks control and the start of the result card are in the
    first screen (the card under the weeks control, the chart beside it); after a move the
    card has changed and the page has not scrolled."""
    open_page(
        page,
        f"{served_app.base}/Case_explorer?weeks_conservative=12&formal_pt=true&ct_stage=complete+fracture",
    )
    card, controls = page.locator(".st-key-explorer_card"), page.locator(".st-key-explorer_controls")
    slider = page.locator(".st-key-weeks_conservative input[type=range]")
    c, k, w = card.bounding_box(), controls.bounding_box(), slider.bounding_box()
    assert k["y"] + k["height"] <= 900 and w["y"] + w["height"] <= 900 and c["y"] + 120 <= 900, (c, k, w)
    chart = page.locator(".ppe-tl-svg").bounding_box()
    assert chart["x"] > c["x"] + c["width"] - 1, "the chart is not beside the card"
    expect(card).to_contain_text("not a surgical candidate yet")
    slider.focus()
    page.keyboard.press("ArrowRight")
    expect(card).to_contain_text("a candidate for direct pars repair")
    wait_for_app_run(page)
    assert page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop") == 0


def test_phone_puts_the_card_right_under_the_weeks_control(served_app, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_page(page, f"{served_app.base}/Case_explorer?{CASE}")
    k = page.locator(".st-key-explorer_controls").bounding_box()
    w = page.locator(".st-key-weeks_conservative input[type=range]").bounding_box()
    c = page.locator(".st-key-explorer_card").bounding_box()
    assert 0 <= w["y"] - (k["y"] + k["height"]) < 100, (k, w)
    assert 0 <= c["y"] - (w["y"] + w["height"]) < 60, (w, c)
    context.close()


@pytest.mark.parametrize("where", ["main", "sidebar"])
def test_open_this_case_in_patient_view_and_back_keep_the_case(served_app, page, where):
    """The in-page link and the menu link open the Patient view with the case (URL and
    controls); Back returns to the explorer with the same case."""
    open_page(page, f"{served_app.base}/Case_explorer?{CASE}")
    scope = "[data-testid=stMain]" if where == "main" else "[data-testid=stSidebar]"
    link = page.locator(f"{scope} a", has_text="Patient view").first
    expect(link).to_have_attribute("href", re.compile(r"weeks_conservative=20"))
    link.click()
    wait_for_app_run(page)
    assert_case(page, "Patient_view")
    page.go_back()
    wait_for_app_run(page)
    assert_case(page, "Case_explorer")
    expect(page.locator(".st-key-explorer_card")).to_contain_text("20 weeks")


def test_links_follow_the_case_after_moves_without_being_redrawn(served_app, browser, page):
    """The links are drawn once and never resent by a move (live links), yet after moving the
    weeks slider and changing the pain, their addresses (what a new tab or a copied link uses)
    carry the case as it is now, in the page and the menu; a new tab from one opens that case,
    and a click then Back keep it."""
    open_page(page, f"{served_app.base}/Case_explorer?{CASE}")
    main = page.locator("[data-testid=stMain] a", has_text="Patient view").first
    menu = page.locator("[data-testid=stSidebar] a", has_text="Patient view").first
    slider = page.locator(".st-key-weeks_conservative input[type=range]")
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
        wait_for_app_run(page)
    page.locator(".st-key-pain").get_by_role("combobox").click()
    page.get_by_role("option", name="None").click()
    wait_for_app_run(page)
    expect(page).to_have_url(re.compile(r"weeks_conservative=23"))
    for link in (main, menu):
        expect(link).to_have_attribute("href", re.compile(r"weeks_conservative=23"))
        expect(link).to_have_attribute("href", re.compile(r"pain=none"))
        assert "weeks_conservative=20" not in link.get_attribute("href")
    other = page.context.new_page()
    open_page(other, f"{served_app.base}/{main.get_attribute('href')}")
    expect(other).to_have_url(re.compile(r"/Patient_view\?.*weeks_conservative=23"))
    other.close()
    menu.click()
    wait_for_app_run(page)
    expect(page).to_have_url(re.compile(r"/Patient_view\?.*weeks_conservative=23"))
    page.go_back()
    wait_for_app_run(page)
    assert slider.input_value() == "23"


def test_page_without_controls_keeps_the_case_for_back_and_its_own_links(served_app, page):
    """Explorer -> Source pathway: the case stays in the URL; Back, and the menu link back to the
    explorer, both bring the case."""
    open_page(page, f"{served_app.base}/Case_explorer?{CASE}")
    page.locator("[data-testid=stMain] a", has_text="Source pathway").first.click()
    wait_for_app_run(page)
    expect(page).to_have_url(re.compile(r"/Source_pathway\?.*weeks_conservative=20"))
    page.go_back()
    wait_for_app_run(page)
    assert_case(page, "Case_explorer")
    page.go_forward()
    wait_for_app_run(page)
    page.locator("[data-testid=stSidebar] a", has_text="Case explorer").first.click()
    wait_for_app_run(page)
    assert_case(page, "Case_explorer")


def test_link_opened_in_a_new_tab_carries_the_case(served_app, browser, page):
    """A new tab (a new session) opened from an in-page link's address has the case."""
    open_page(page, f"{served_app.base}/Case_explorer?{CASE}")
    link = page.locator("[data-testid=stMain] a", has_text="Patient view").first
    expect(link).to_have_attribute("href", re.compile(r"weeks_conservative=20"))
    href = link.get_attribute("href")
    other = page.context.new_page()
    open_page(other, f"{served_app.base}/{href}")
    assert_case(other, "Patient_view")


def test_clicking_a_step_lights_only_its_sentences(served_app, page):
    """A click on the injection's chip lights S12-S15 only, and they are in view in the column."""
    open_page(
        page,
        f"{served_app.base}/Case_explorer?weeks_conservative=14&formal_pt=true&ct_stage=complete+fracture",
    )
    source = page.locator(".st-key-explorer_source")
    assert source.inner_text().count("▶") > 8
    page.locator(".st-key-explorer_focus button", has_text="Pars steroid injection").click()
    wait_for_app_run(page)
    expect(page.get_by_text("Behind Pars steroid injection")).to_be_visible()
    text = source.inner_text()
    lit = set(re.findall(r"▶\s*(S\d\d)", text))
    assert lit == {"S12", "S13", "S14", "S15"}, lit
    first = source.get_by_text("S12", exact=True).first
    box, frame = first.bounding_box(), source.bounding_box()
    assert frame["y"] <= box["y"] <= frame["y"] + frame["height"], "S12 is not in view in the column"

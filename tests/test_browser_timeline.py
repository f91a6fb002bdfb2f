"""Browser: the explorer's weeks control, card and timeline redraw in the browser on a move;
the server hears the week once the move settles (URL, lower sections, links, Back)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser_utils import open_page, wait_for_app_run

pytestmark = pytest.mark.browser

CASE = "formal_pt=true&ct_stage=complete+fracture"
UNION_CASE = "formal_pt=true&ct_stage=incomplete+fracture"
RANGE = ".ppe-tl input[type=range]"


def today_month(page) -> float:
    """Where the chart draws 'today', read back as months from its legend."""
    text = page.locator(".ppe-tl-legend li", has_text="Today").inner_text()
    return float(re.search(r"month (\d+\.\d)", text).group(1))


def probe(page) -> None:
    """Counts server runs started after a move (the connection's script state turning running)."""
    page.evaluate(
        """() => {
      window.__runs = 0;
      const app = document.querySelector('[data-testid=stApp]');
      new MutationObserver(() => {
        if (app.getAttribute('data-test-script-state') === 'running') window.__runs += 1;
      }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    }"""
    )


def test_keys_redraw_chart_and_card_at_once_then_the_url_follows(served_app, page):
    """Arrow, PageUp, Home and End move the week; chart, card and caption change before any
    server run; once settled the URL, the options below and the links carry the week."""
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # Streamlit's own start-up probes of a base path (404, also on main) are not the page's.
    page.on("console", lambda m: m.type == "error" and "404" not in m.text and errors.append(m.text))
    open_page(page, f"{served_app.base}/Case_explorer?weeks_conservative=12&{CASE}")
    card = page.locator(".ppe-tl-card")
    expect(card).to_contain_text("not a surgical candidate yet")
    assert today_month(page) == 2.8
    probe(page)
    slider = page.locator(RANGE)
    slider.focus()
    page.keyboard.press("ArrowRight")
    text = page.evaluate(
        "() => [document.querySelector('.ppe-tl-card').innerText, window.__runs,"
        " document.querySelector('.ppe-tl input').getAttribute('aria-valuetext')]"
    )
    assert "a candidate for direct pars repair" in text[0]
    assert text[1] == 0, "the card waited for the server"
    assert text[2] == "Week 13, 3.0 months"
    assert today_month(page) == 3.0
    expect(page).to_have_url(re.compile(r"weeks_conservative=13"))
    wait_for_app_run(page)
    expect(page.locator(".st-key-explorer_open")).to_contain_text("Pars steroid injection")
    for key, week in (("PageUp", 18), ("End", 52), ("Home", 0), ("PageDown", 0), ("ArrowUp", 1)):
        page.keyboard.press(key)
        assert slider.input_value() == str(week), key
    expect(page).to_have_url(re.compile(r"weeks_conservative=1(&|$)"))
    link = page.locator("[data-testid=stMain] a", has_text="Patient view").first
    expect(link).to_have_attribute("href", re.compile(r"weeks_conservative=1(&|$)"))
    wait_for_app_run(page)
    assert not errors, errors


def test_a_mouse_drag_moves_the_chart_before_release(served_app, page):
    """While the thumb is dragged (button still down) the chart's 'today' and the card move;
    the URL changes only after the release."""
    open_page(page, f"{served_app.base}/Case_explorer?weeks_conservative=10&{CASE}")
    slider = page.locator(RANGE)
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    x_at = lambda week: box["x"] + 8 + (box["width"] - 16) * week / 52  # noqa: E731
    page.mouse.move(x_at(10), y)
    page.mouse.down()
    for week in (12, 16, 20, 30):
        page.mouse.move(x_at(week), y, steps=3)
    page.wait_for_timeout(400)  # longer than the settle delay: a held drag must not commit
    assert abs(int(slider.input_value()) - 30) <= 1
    assert today_month(page) > 6.5
    expect(page.locator(".ppe-tl-card")).to_contain_text("has failed")
    assert "weeks_conservative=10" in page.url
    page.mouse.up()
    expect(page).to_have_url(re.compile(r"weeks_conservative=(29|30|31)"), timeout=15_000)


def test_back_and_a_deep_link_restore_the_week(served_app, browser, page):
    """A move replaces the history entry; the week survives a page switch and Back, and a
    copied address opens it in a fresh browser."""
    open_page(page, f"{served_app.base}/Case_explorer?weeks_conservative=20&{CASE}")
    entries = page.evaluate("() => history.length")
    page.locator(RANGE).focus()
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"weeks_conservative=21"))
    wait_for_app_run(page)
    page.wait_for_timeout(500)
    # A week move replaces the history entry (as the other controls do): Back leaves the page.
    assert page.evaluate("() => history.length") == entries
    page.locator("[data-testid=stMain] a", has_text="Patient view").first.click()
    wait_for_app_run(page)
    expect(page).to_have_url(re.compile(r"/Patient_view\?.*weeks_conservative=21"))
    page.go_back()
    wait_for_app_run(page)
    expect(page.locator(RANGE)).to_have_value("21")
    expect(page.locator(".ppe-tl-caption")).to_have_text("Week 21 = 4.8 months")
    other = browser.new_context(viewport={"width": 1280, "height": 900})
    fresh = other.new_page()
    open_page(fresh, page.url)
    expect(fresh.locator(RANGE)).to_have_value("21")
    other.close()


def test_union_row_greys_after_week_26_and_a_sentence_opens_in_place(served_app, page):
    """The published-union row stays (greyed, with the reason) after week 26; a sentence id
    in the card opens its sentence beside it; the chart keeps a text alternative."""
    # An incomplete (early-stage) fracture: the one stage with a published time to union [10].
    open_page(page, f"{served_app.base}/Case_explorer?weeks_conservative=26&{UNION_CASE}")
    svg = page.locator(".ppe-tl-svg")
    height = svg.bounding_box()["height"]
    assert page.locator(".ppe-tl-union").count() >= 1
    page.locator(RANGE).focus()
    page.keyboard.press("ArrowRight")
    assert page.locator(".ppe-tl-union").count() == 0
    expect(page.locator(".ppe-tl-row-off")).to_have_text("Bone union (published)")
    expect(page.locator(".ppe-tl-row-note")).to_contain_text("first 26 weeks")
    assert svg.bounding_box()["height"] == height
    label = svg.get_attribute("aria-labelledby")
    expect(page.locator(f"#{label}")).to_contain_text("Today is month 6.2")
    open_page(page, f"{served_app.base}/Case_explorer?weeks_conservative=27&{CASE}")
    button = page.locator(".ppe-tl-card button.ppe-tl-sid", has_text="S28").first
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    quote = page.locator("#" + button.get_attribute("aria-controls"))
    expect(quote).to_be_visible()
    expect(quote).to_contain_text("S28")
    assert abs(quote.bounding_box()["y"] - button.bounding_box()["y"]) < 300


def test_phone_legend_not_cut_and_labels_do_not_take_half_the_width(served_app, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_page(page, f"{served_app.base}/Case_explorer?weeks_conservative=13&{CASE}")
    for item in page.locator(".ppe-tl-legend li").all():
        assert item.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), item.inner_text()
        box = item.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    band = page.locator(".ppe-tl-band").first.bounding_box()
    svg = page.locator(".ppe-tl-svg").bounding_box()
    # The bars use the whole width: the row labels sit above them, not in a left column.
    assert svg["width"] > 300
    assert band["x"] < svg["x"] + svg["width"] / 2
    context.close()


def test_slider_card_and_chart_fit_one_desktop_screen(served_app, page):
    """At 1280x900 the weeks control, the card's first lines and the whole chart plot fit in
    one screen (scrolled to the control)."""
    open_page(page, f"{served_app.base}/Case_explorer?weeks_conservative=14&{CASE}")
    page.locator(RANGE).scroll_into_view_if_needed()
    page.evaluate("() => document.querySelector('.ppe-tl').scrollIntoView({block: 'start'})")
    top = page.locator(RANGE).bounding_box()
    svg = page.locator(".ppe-tl-svg").bounding_box()
    card = page.locator(".ppe-tl-card").bounding_box()
    assert top["y"] >= 0 and svg["y"] + svg["height"] <= 900, (top, svg)
    assert card["y"] < 900

"""Browser: the patient summary downloads and prints on at most two A4 sheets; the page prints clean."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from pathway import Scenario
from pathway.patient import about
from pathway.patient.drawings import ICON_HEIGHT, ICON_WIDTH
from tests.browser_utils import open_page

pytestmark = pytest.mark.browser

REVIEW = {
    "week2": Scenario(weeks_conservative=2),
    "week14-candidate": Scenario(weeks_conservative=14, formal_pt=True, ct_stage="complete"),
    "week20-grade2": Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete", listhesis_grade=2),
    "painfree-week16": Scenario(weeks_conservative=16, formal_pt=True, ct_stage="complete", pain="none"),
}
A4_POINTS = (595.28, 841.89)


def link(s: Scenario) -> str:
    return "Patient_view?" + "&".join(f"{k}={v.replace(' ', '+')}" for k, v in s.to_query().items())


def download_summary(page, served_app, s: Scenario, pick_all: bool = False) -> str:
    open_page(page, f"{served_app.base}/{link(s)}")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    if pick_all:
        for button in page.locator(".st-key-patient_priorities button").all():
            button.click()
            page.wait_for_timeout(150)
        page.locator(".st-key-patient_leaning label").first.click()
        page.wait_for_timeout(400)
        for group in page.locator(".st-key-patient_check [role=radiogroup]").all():
            group.locator("label").first.click()
            page.wait_for_timeout(300)
        page.wait_for_timeout(600)
    button = page.get_by_test_id("stDownloadButton")
    expect(button).to_contain_text("Download a summary to print")
    with page.expect_download() as info:
        button.get_by_role("button").click()
    return info.value.path().read_text(encoding="utf-8")


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each PDF page (pypdf), or the page count alone (as empty strings) without it."""
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is in requirements-dev.txt
        return [""] * len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    reader = PdfReader(io.BytesIO(pdf))
    for p in reader.pages:
        box = p.mediabox
        assert abs(float(box.width) - A4_POINTS[0]) < 2 and abs(float(box.height) - A4_POINTS[1]) < 2
    return [p.extract_text() for p in reader.pages]


@pytest.mark.parametrize("name", list(REVIEW))
def test_summary_prints_on_two_a4_sheets_with_date_studies_and_warning_signs(served_app, page, browser, name):
    """The downloaded summary, printed by Chromium (page.pdf, A4), is at most 2 pages and holds the
    print date, the reference list, the warning signs, and no URL (all priorities picked: the worst case)."""
    html = download_summary(page, served_app, REVIEW[name], pick_all=name == "week14-candidate")
    assert "http" not in html.lower() and "www." not in html.lower()
    paper = browser.new_page()
    paper.set_content(html)
    paper.emulate_media(media="print")
    smallest = paper.evaluate(
        "() => Math.min(...[...document.querySelectorAll('body *')].filter(e => [...e.childNodes]"
        ".some(n => n.nodeType === 3 && n.textContent.trim()))"
        ".map(e => parseFloat(getComputedStyle(e).fontSize)))"
    )
    assert smallest * 0.75 >= 9.99, f"text at {smallest * 0.75:.2f} pt"
    grey = paper.evaluate(
        "() => [...document.querySelectorAll('body *')].map(e => getComputedStyle(e).color)"
        ".filter(c => c !== 'rgb(0, 0, 0)')"
    )
    assert not grey, set(grey)  # black on white: prints the same in black and white
    pages = pdf_pages(paper.pdf(format="A4", print_background=True))
    paper.close()
    assert 1 <= len(pages) <= 2, len(pages)
    text = " ".join(" ".join(pages).split())
    if text:  # pypdf present: check the printed words themselves
        assert f"Printed on {about.long_date(date.today())}" in text
        assert "The studies behind the numbers" in text and re.search(
            r"\[\d+\] \w+ \w+ and others, \d{4}", text
        )
        assert "Go to an emergency department now if" in text and "numb between your legs" in text
        assert "Your choices side by side" in text and "Check what you understood" in text
        assert "http" not in text


def test_page_prints_without_menu_or_widgets_and_keeps_cards_whole(served_app, page):
    """Printing the page itself (print media): no sidebar, no sliders or pickers, no download button;
    the choice cards and the warning box are visible and set not to break across sheets."""
    open_page(page, f"{served_app.base}/{link(REVIEW['week14-candidate'])}")
    page.emulate_media(media="print")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.locator(".st-key-patient_case")).to_be_hidden()
    expect(page.get_by_test_id("stDownloadButton")).to_be_hidden()
    expect(page.locator(".st-key-patient_sure_questions")).to_be_hidden()
    for key in ("patient_grid", "patient_safety"):
        expect(page.locator(f".st-key-{key}")).to_be_visible()
    card = page.locator(".st-key-patient_safety")
    assert card.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    main = page.get_by_test_id("stMain").bounding_box()
    assert main["x"] < 20  # the menu column is gone, the page uses the sheet's width
    page.emulate_media(media="screen")
    expect(page.get_by_test_id("stSidebar")).to_be_visible()


def test_icon_arrays_are_one_image_each_at_their_size(served_app, page):
    """Each picture of 100 people is one img with the numbers in words, drawn at its own size."""
    open_page(page, f"{served_app.base}/{link(REVIEW['week14-candidate'])}")
    page.get_by_text("The numbers, as 100 people", exact=True).click()
    images = page.locator("img[alt^='Picture of 100 people']")
    expect(images.first).to_be_visible()
    assert images.count() >= 5
    assert "of them are dark" in images.first.get_attribute("alt")
    box = images.first.bounding_box()
    assert abs(box["width"] - ICON_WIDTH) < 1 and abs(box["height"] - ICON_HEIGHT) < 1
    assert page.locator("[data-testid=stVegaLiteChart]").count() == 0


SIX = {
    "c1-week2-painfree": Scenario(weeks_conservative=2, pain="none"),
    "c2-week8-stress": Scenario(
        weeks_conservative=8, pain="mild", formal_pt=True, ct_stage="stress_reaction"
    ),
    "c3-week20-repair": Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete"),
    "c4-week20-grade2": Scenario(
        weeks_conservative=20, formal_pt=True, ct_stage="complete", listhesis_grade=2
    ),
    "c5-age45": Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete", age=45),
    "c6-pro-week14": Scenario(
        weeks_conservative=14,
        formal_pt=True,
        laterality="unilateral",
        ct_stage="incomplete",
        activity="professional",
    ),
}
LAPTOP = (1280, 800)


@pytest.mark.parametrize("name", list(SIX))
def test_page_fits_six_laptop_screens_with_the_decision_on_the_first(served_app, page, name):
    """At 1280x800 the page is at most 6 screens; the first screen shows where she is, what is open
    and the emergency signs; the options table starts by the second."""
    page.set_viewport_size({"width": LAPTOP[0], "height": LAPTOP[1]})
    open_page(page, f"{served_app.base}/{link(SIX[name])}")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    assert height <= 6 * LAPTOP[1], height
    for key in ("patient_decision", "patient_choice_keep_going", "patient_safety"):
        box = page.locator(f".st-key-{key}").bounding_box()
        assert box and box["y"] < LAPTOP[1], (key, box)
    grid = page.locator(".st-key-patient_grid").bounding_box()
    assert grid and grid["y"] < 2 * LAPTOP[1], grid

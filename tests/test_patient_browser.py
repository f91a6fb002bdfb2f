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
PRINT_ICON = (84, 101)  # the handout's icon arrays, CSS px: the size they are meant to print at


def link(s: Scenario) -> str:
    return "Patient_view?" + "&".join(f"{k}={v.replace(' ', '+')}" for k, v in s.to_query().items())


def download_summary(page, served_app, s: Scenario, pick_all: bool = False) -> str:
    open_page(page, f"{served_app.base}/{link(s)}")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    if pick_all:
        for button in page.locator(".st-key-patient_priorities button").all():
            button.click()
            page.wait_for_timeout(150)
        page.locator(".st-key-patient_sure_sure button", has_text="No").click()
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
    sizes = paper.eval_on_selector_all(
        "svg.icons",
        "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])",
    )
    assert sizes and all(abs(w - PRINT_ICON[0]) < 0.6 and abs(h - PRINT_ICON[1]) < 1 for w, h in sizes), sizes
    pages = pdf_pages(paper.pdf(format="A4", print_background=True))
    paper.close()
    assert 1 <= len(pages) <= 2, len(pages)
    text = " ".join(" ".join(pages).split())
    if text:  # pypdf present: check the printed words themselves
        assert f"Printed on {about.long_date(date.today())}" in text
        assert "The studies behind the numbers" in text and re.search(
            r"\[\d+\] \w+ \w+ and others, \d{4}", text
        )
        assert "Call a doctor soon if" in text and "numb between your legs" in text
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
    for key in ("patient_choice_keep_going", "patient_choice_surgery", "patient_safety"):
        card = page.locator(f".st-key-{key}")
        expect(card).to_be_visible()
        assert (
            card.evaluate(
                "e => getComputedStyle(e.closest('[data-testid=stVerticalBlockBorderWrapper]') || "
                "e).breakInside"
            )
            == "avoid"
        )
    main = page.get_by_test_id("stMain").bounding_box()
    assert main["x"] < 20  # the menu column is gone, the page uses the sheet's width
    page.emulate_media(media="screen")
    expect(page.get_by_test_id("stSidebar")).to_be_visible()


def test_icon_arrays_are_one_image_each_at_their_size(served_app, page):
    """Each picture of 100 people is one img with the numbers in words, drawn at its own size."""
    open_page(page, f"{served_app.base}/{link(REVIEW['week14-candidate'])}")
    images = page.locator("img[alt^='Picture of 100 people']")
    expect(images.first).to_be_visible()
    assert images.count() >= 5
    assert "of them are dark" in images.first.get_attribute("alt")
    box = images.first.bounding_box()
    assert abs(box["width"] - ICON_WIDTH) < 1 and abs(box["height"] - ICON_HEIGHT) < 1
    assert page.locator("[data-testid=stVegaLiteChart]").count() == 0

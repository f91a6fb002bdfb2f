"""Browser: the Evidence and Imaging pages draw their charts with the right accessible names."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser_utils import open_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "figure", "alt_start"),
    [
        pytest.param("Evidence", "bilateral_grid", "Heatmap: healing with conservative care", id="evidence"),
        pytest.param(
            "Imaging_guide", "stage_healing", "Bar chart: healing with conservative care", id="imaging"
        ),
    ],
)
def test_page_renders_its_chart_with_alt_text(served_app, page, path, figure, alt_start):
    """The figure's chart is drawn as SVG marks and its aria-label is the alt text."""
    open_page(page, f"{served_app.base}/{path}")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    chart = page.locator(f".st-key-fig_{figure}").get_by_test_id("stVegaLiteChart")
    expect(chart).to_have_attribute("aria-label", re.compile("^" + re.escape(alt_start)))
    expect(chart.locator("svg [role=graphics-symbol]").first).to_be_attached()


def test_a_tab_click_draws_that_tab_and_keeps_the_case(served_app, page):
    """Evidence opened with a case: a tab click draws the tab's charts (only the open tab is
    drawn), the URL keeps the case beside the tab, and the case note stays."""
    open_page(page, f"{served_app.base}/Evidence?ct_stage=complete+fracture&weeks_conservative=20")
    expect(page.locator(".st-key-fig_bilateral_grid").get_by_test_id("stVegaLiteChart")).to_have_count(1)
    expect(page.locator(".st-key-fig_odi")).to_have_count(0)
    page.get_by_role("tab", name="Outcome scores", exact=True).click()
    chart = page.locator(".st-key-fig_odi").get_by_test_id("stVegaLiteChart")
    expect(chart).to_have_attribute("aria-label", re.compile("^Slope chart"))
    expect(chart.locator("svg [role=graphics-symbol]").first).to_be_attached()
    expect(page).to_have_url(re.compile(r"evidence_tab=Outcome\+scores"))
    expect(page).to_have_url(re.compile(r"ct_stage=complete\+fracture"))
    expect(page.get_by_text("Your case:", exact=False).first).to_be_visible()

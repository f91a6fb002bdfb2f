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

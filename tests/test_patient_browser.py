"""Browser: the patient view opens from a case link with its pictures and the summary download."""

import pytest
from playwright.sync_api import expect

from tests.browser_utils import open_page

pytestmark = pytest.mark.browser

LINK = "Patient_view?weeks_conservative=16&pain=limits+function&formal_pt=true&ct_stage=complete+fracture"


def test_patient_view_opens_from_a_link_with_pictures_and_download(served_app, page):
    """A case link opens the page with the choices open, the icon arrays drawn and the download offered."""
    open_page(page, f"{served_app.base}/{LINK}")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.locator(".st-key-patient_choice_surgery")).to_contain_text("Open now")
    chart = page.locator("[data-testid=stVegaLiteChart][aria-label^='92 out of 100 people went back']")
    expect(chart).to_be_visible()
    expect(chart.locator("svg path[aria-roledescription='point']")).to_have_count(100)
    download = page.get_by_test_id("stDownloadButton")
    expect(download).to_contain_text("Download a summary to print")
    with page.expect_download() as info:
        download.get_by_role("button").click()
    path = info.value.path()
    html = path.read_text(encoding="utf-8")
    assert "Care so far: 16 weeks" in html and "http" not in html

"""Browser: the served app opens every page with no exception and the disclaimer visible."""

import pytest
from playwright.sync_api import expect

from tests.browser_utils import open_page
from tests.conftest import URL_PATHS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", URL_PATHS, ids=lambda p: p or "home")
def test_page_opens_with_disclaimer_and_no_exception(served_app, page, path):
    """Each page loads in Chromium, shows a title and the disclaimer, and no exception box."""
    open_page(page, f"{served_app.base}/{path}")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stHeading").first).to_be_visible()
    # The patient view says it in plain words (content/patient.md, "Before you read").
    notice = (
        "This guide helps you talk with your doctor" if path == "Patient_view" else "Educational use only"
    )
    expect(page.locator(".st-key-disclaimer")).to_contain_text(notice)


def test_menu_navigates_between_pages(served_app, page):
    """The sidebar menu's links open the other pages."""
    open_page(page, served_app.base)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Source pathway").click()
    page.wait_for_url("**/Source_pathway")
    open_page(page, page.url)
    expect(page.get_by_test_id("stHeading").first).to_contain_text("Source pathway")

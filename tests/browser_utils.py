"""Helpers for the browser tests (Playwright driving Debian's Chromium)."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def wait_for_app_run(page: Page, timeout: int = 30_000) -> None:
    """Wait until Streamlit has connected and finished its script run."""
    page.wait_for_timeout(250)
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
        state="attached", timeout=timeout
    )
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=timeout
    )
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout)


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app_run(page)

"""Browser: a case in the explorer and a study question can be done with the keyboard alone, focus visible."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser_utils import open_page, wait_for_app_run
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

# The focused element and its three nearest ancestors: outline and box-shadow, as drawn.
FOCUS_STYLE = """() => {
  const out = [];
  let e = document.activeElement;
  for (let i = 0; e && i < 4; i++, e = e.parentElement) {
    const s = getComputedStyle(e);
    out.push([s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor].join(' '));
  }
  return out.join(' | ');
}"""


def tab_to(page: Page, selector: str, max_tabs: int = 80) -> None:
    """Press Tab until the focused element matches ``selector`` (CSS), or fail."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{max_tabs} presses of Tab never reached {selector}")


def assert_focus_visible(page: Page, what: str) -> None:
    """The focused element looks different from the same element unfocused (a focus ring)."""
    focused = page.evaluate(FOCUS_STYLE)
    # Compare with the same element without focus-visible styling: blur, measure, focus back.
    page.evaluate("() => { window.__a11yEl = document.activeElement; document.activeElement.blur(); }")
    unfocused = page.evaluate(FOCUS_STYLE.replace("document.activeElement", "window.__a11yEl"))
    page.evaluate("() => window.__a11yEl.focus({focusVisible: true})")
    assert focused != unfocused, f"no visible focus indicator on {what}: {focused}"


def summary_text(page: Page) -> str:
    return page.locator(".st-key-explorer_card").inner_text()


def test_explorer_case_by_keyboard_only(served_app, page):
    """Tab, arrows, Enter and Space alone set weeks, physiotherapy and CT stage; the assessment changes."""
    open_page(page, f"{served_app.base}/Case_explorer")
    before = summary_text(page)

    tab_to(page, ".st-key-weeks_conservative input[type=range]")
    assert_focus_visible(page, "the weeks slider")
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    wait_for_app_run(page)
    expect(page.locator(".st-key-weeks_conservative input[type=range]")).to_have_value("12")

    tab_to(page, ".st-key-formal_pt input[role=switch]")
    assert_focus_visible(page, "the physiotherapy toggle")
    page.keyboard.press("Space")
    wait_for_app_run(page)
    expect(page.locator(".st-key-formal_pt input[role=switch]")).to_be_checked()

    tab_to(page, ".st-key-ct_stage input[role=combobox]")
    assert_focus_visible(page, "the CT stage selectbox")
    stage = page.locator(".st-key-ct_stage")
    stage_before = stage.aria_snapshot()  # the combobox line carries the chosen value
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_for_app_run(page)
    assert stage.aria_snapshot() != stage_before, "the CT stage did not change"

    assert summary_text(page) != before, "the assessment did not change after the keyboard edits"
    assert "weeks_conservative=12" in page.url and "ct_stage=stress+reaction" in page.url


@pytest.mark.skipif(not (ROOT / "pages" / "6_Study_mode.py").exists(), reason="no study page")
def test_study_question_by_keyboard_only(served_app, page):
    """Tab to the options, arrows or Space to pick the right one, Tab and Enter to check: scored Correct."""
    import pathway.study as study

    bank = study.load_questions()
    q = {x.id: x for x in bank}[study.question_order(bank)[0]]
    right = q.options.index(q.correct_option)

    open_page(page, f"{served_app.base}/Study_mode")
    question = page.locator(".st-key-study_question")
    expect(question).to_contain_text(q.stem[:60])
    tab_to(page, ".st-key-study_question input[type=radio]")
    assert_focus_visible(page, "the first answer option")
    if right == 0:
        page.keyboard.press("Space")
    for _ in range(right):
        page.keyboard.press("ArrowDown")
    wait_for_app_run(page)
    tab_to(page, ".st-key-study_check button")
    assert_focus_visible(page, "the Check answer button")
    page.keyboard.press("Enter")
    wait_for_app_run(page)
    expect(question.get_by_test_id("stAlert")).to_contain_text("Correct.")
    expect(page.locator(".st-key-study_score")).to_contain_text("Score 1 / 1")


def test_patient_view_by_keyboard_only(served_app, page):
    """On the patient view, Tab and arrows move the weeks; Space picks a priority; the page follows."""
    open_page(
        page,
        f"{served_app.base}/Patient_view?weeks_conservative=11&formal_pt=true&ct_stage=complete+fracture",
    )
    injection = page.locator(".st-key-patient_choice_injection")
    expect(injection).to_contain_text("Not yet")

    # Her own controls are folded under "Change your details": Tab to it, Enter opens it.
    tab_to(page, ".st-key-patient_case details summary")
    assert_focus_visible(page, "the 'Change your details' header")
    page.keyboard.press("Enter")
    tab_to(page, ".st-key-weeks_conservative input[type=range]")
    assert_focus_visible(page, "the weeks slider")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_for_app_run(page)
    expect(page.locator(".st-key-weeks_conservative input[type=range]")).to_have_value("13")
    expect(injection).to_contain_text("Open now")

    tab_to(page, ".st-key-patient_priorities button")
    assert_focus_visible(page, "the first priority")
    page.keyboard.press("Space")
    wait_for_app_run(page)
    expect(page.get_by_test_id("stTable")).to_have_count(1)

    tab_to(page, ".st-key-patient_download button")
    assert_focus_visible(page, "the download button")

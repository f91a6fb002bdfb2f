"""Browser: a resident answers a study question by clicking, and a glossary link lands on its term."""

import pytest
from playwright.sync_api import expect

from pathway import study
from tests.browser_utils import open_page, wait_for_app_run

pytestmark = pytest.mark.browser

BANK = study.load_questions()
BY_ID = {q.id: q for q in BANK}


def test_answering_a_question_by_clicking_scores_and_explains(served_app, page):
    """Clicking the right option and 'Check answer' shows 'Correct', the explanation and score 1/1."""
    open_page(page, f"{served_app.base}/Study_mode")
    q = BY_ID[study.question_order(BANK)[0]]
    question = page.locator(".st-key-study_question")
    expect(question).to_contain_text(q.stem[:60])
    question.get_by_test_id("stRadio").get_by_text(q.correct_option, exact=True).click()
    wait_for_app_run(page)
    question.get_by_role("button", name="Check answer").click()
    wait_for_app_run(page)
    expect(question.get_by_test_id("stAlert")).to_contain_text("Correct.")
    expect(question).to_contain_text(q.explanation.split(".")[0])
    expect(page.locator(".st-key-study_score")).to_contain_text("Score 1 / 1")
    expect(question.get_by_role("button", name="Next question")).to_be_visible()


def test_glossary_link_scrolls_to_its_term(served_app, page):
    """Opening Glossary#odi brings the ODI entry into view."""
    open_page(page, f"{served_app.base}/Glossary#odi")
    heading = page.locator("#odi")
    expect(heading).to_contain_text("ODI")
    expect(heading).to_be_in_viewport()

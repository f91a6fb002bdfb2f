"""Browser: answering by clicking, a round that survives a reload, shared cases, glossary links."""

import pytest
from playwright.sync_api import expect

import pathway.study as study
from pathway.study import casegen
from tests.browser_utils import open_page, wait_for_app_run

pytestmark = pytest.mark.browser

BANK = study.load_questions()
BY_ID = {q.id: q for q in BANK}
ORDER = study.question_order(BANK)


def _pick(page, box: str, index: int) -> None:
    page.locator(f"{box} [role=radiogroup] label").nth(index).click()
    wait_for_app_run(page)


def _answer(page, q: study.Question, right: bool) -> None:
    _pick(page, ".st-key-study_question", q.answer if right else (q.answer + 1) % len(q.options))
    page.locator(".st-key-study_check button:enabled").first.click()
    wait_for_app_run(page)


def test_answering_a_question_by_clicking_scores_and_explains(served_app, page):
    """Clicking the right option and 'Check answer' shows 'Correct', every option's note and score 1/1."""
    open_page(page, f"{served_app.base}/Study_mode")
    q = BY_ID[ORDER[0]]
    question = page.locator(".st-key-study_question")
    expect(question).to_contain_text(q.stem[:60])
    _answer(page, q, right=True)
    expect(question.get_by_test_id("stAlert")).to_contain_text("Correct.")
    expect(question).to_contain_text(q.explanation.split(".")[0])
    for note in q.option_notes:
        expect(question).to_contain_text(note[:40])
    expect(page.locator(".st-key-study_score")).to_contain_text("Score 1 / 1")
    expect(question.get_by_role("button", name="Next question")).to_be_visible()


def test_a_reload_mid_round_keeps_score_answers_and_place(served_app, page):
    """Three answers (one wrong), then F5: the same score, question number and missed list come back."""
    open_page(page, f"{served_app.base}/Study_mode")
    for i, qid in enumerate(ORDER[:3]):
        _answer(page, BY_ID[qid], right=i != 1)
        page.locator(".st-key-study_next button").first.click()
        wait_for_app_run(page)
    score = page.locator(".st-key-study_score")
    expect(score).to_contain_text("Score 2 / 3 · question 4 of")
    assert "study_p=" in page.url
    page.reload()
    wait_for_app_run(page)
    expect(score).to_contain_text("Score 2 / 3 · question 4 of")
    expect(page.locator(".st-key-study_question")).to_contain_text(BY_ID[ORDER[3]].stem[:60])
    expect(page.get_by_text("Review missed questions (1)")).to_be_visible()


def test_a_shared_case_link_opens_the_same_generated_case(served_app, page):
    """?study_seed=123 opens the New case tab on case 123, and answering it keys it like the engine."""
    case = casegen.generate(123)
    open_page(page, f"{served_app.base}/Study_mode?study_seed=123")
    box = page.locator(".st-key-study_case")
    expect(box).to_contain_text(case.vignette[:80])
    _pick(page, ".st-key-study_case", case.answer)
    page.locator(".st-key-study_case_check button:enabled").first.click()
    wait_for_app_run(page)
    expect(box.get_by_test_id("stAlert")).to_contain_text("Correct.")


def test_glossary_link_scrolls_to_its_term(served_app, page):
    """Opening Glossary#odi brings the ODI entry into view."""
    open_page(page, f"{served_app.base}/Glossary#odi")
    heading = page.locator("#odi")
    expect(heading).to_contain_text("ODI")
    expect(heading).to_be_in_viewport()


@pytest.mark.parametrize(
    "query",
    [
        "study_p=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E",
        "study_p=1.000000.mixed.1.n.0.0.0&study_seed=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
        "study_seed=99999999999999999999&study_tab=New%20case",
    ],
    ids=["markup-progress", "foreign-progress-script-seed", "huge-seed"],
)
def test_hostile_study_links_warn_without_running_anything(served_app, page, query):
    """A hostile study_p or study_seed gives a plain warning, no exception, and nothing injected."""
    open_page(page, f"{served_app.base}/Study_mode?{query}")
    assert page.get_by_test_id("stException").count() == 0
    assert page.evaluate("() => typeof window.__pwned === 'undefined'")
    assert page.locator("img[src='x']").count() == 0
    warning = page.get_by_test_id("stAlert").filter(has_text="could not be").filter(visible=True)
    expect(warning.first).to_be_visible()
    assert all("<" not in w.inner_text() for w in warning.all())


def test_first_question_and_check_answer_fit_a_desktop_screen(served_app, page):
    """At 1280x900 the first question's last option and 'Check answer' show without scrolling."""
    open_page(page, f"{served_app.base}/Study_mode")
    question = page.locator(".st-key-study_question")
    expect(question).to_contain_text(BY_ID[ORDER[0]].stem[:60])
    options = question.locator("[role=radiogroup] label")
    last = options.nth(options.count() - 1).bounding_box()
    check = question.get_by_role("button", name="Check answer").bounding_box()
    height = page.viewport_size["height"]
    assert page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop") == 0
    assert last["y"] + last["height"] <= height, f"last option ends at {last['y'] + last['height']:.0f}"
    assert check["y"] + check["height"] <= height, (
        f"'Check answer' ends at {check['y'] + check['height']:.0f}"
    )


def test_next_question_brings_the_new_stem_into_view_on_a_phone(served_app, browser):
    """At 390x844, after answering and tapping 'Next question', the new stem is on screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_page(page, f"{served_app.base}/Study_mode")
        for qid in ORDER[:2]:
            _answer(page, BY_ID[qid], right=True)
            page.locator(".st-key-study_next button").first.click()
            wait_for_app_run(page)
            page.wait_for_timeout(300)
            box = page.locator(".st-key-study_question")
            expect(box).to_contain_text("Question")
            stem = box.get_by_text(BY_ID[ORDER[ORDER.index(qid) + 1]].stem[:40])
            top = stem.bounding_box()["y"]
            assert 0 <= top <= 844 * 0.6, f"the new stem starts at y={top:.0f}"
    finally:
        context.close()

"""AppTest of Study mode's New case tab: the figures expander shows the one figure selection,
and the page's claim about the key says what the tests check."""

import pytest

from pathway import evaluate, study
from pathway.sources.source import escape_markdown
from pathway.study import casegen
from tests.conftest import run_page

PAGE = "pages/6_Study_mode.py"
BOTH_OLD, BOTH_COMPLETE = 5, 36  # seeds: both sides old (terminal); both sides complete, age 18-30


def _answered(seed: int):
    case = casegen.generate(seed)
    page = run_page(PAGE, {"study_seed": str(seed)})
    page.radio(key=f"study_case_answer_{seed}").set_value(case.answer).run()
    page.button(key="study_case_check").click().run()
    assert not page.exception
    return case, page


def _figures(page) -> str:
    box = page.container(key="study_case")
    found = [e for e in box.expander if e.label == "Published figures that describe this case"]
    assert found, [e.label for e in box.expander]
    return "\n".join(m.value for m in found[0].markdown)


def test_both_sides_old_shows_no_borrowed_healing_figure_and_says_why():
    """N2: a both-sides-old case is not shown [7]'s 26.1% 'newer break' figure as its healing
    chance; the expander says there is no published figure for both sides terminal."""
    case, page = _answered(BOTH_OLD)
    s = case.scenario
    assert (s.laterality, s.ct_stage) == ("bilateral", "old_defect")
    text = _figures(page)
    assert "26.1%" not in text
    assert "both sides terminal" in text


def test_both_sides_complete_leads_with_the_stage_matched_figure():
    """N1: the healing line for this stage and side (23.7% [2]) comes before any other cohort
    of the same question, which is labelled 'other cohort'."""
    case, page = _answered(BOTH_COMPLETE)
    assert (case.scenario.laterality, case.scenario.ct_stage) == ("bilateral", "complete")
    text = _figures(page)
    lead = text.index(escape_markdown("for this stage and side: 23.7%"))
    assert "other cohort" in text[lead:]
    assert text.index("other cohort") > lead or "71.4%" not in text[:lead]
    for line in study.case_figures(evaluate(case.scenario)):
        assert escape_markdown(line) in text


@pytest.mark.parametrize("seed", [0])
def test_the_claim_about_the_key_is_what_the_tests_check(seed):
    """The caption no longer says the answer 'cannot disagree with the app'; it says each option
    is a statement checked against the engine."""
    page = run_page(PAGE, {"study_seed": str(seed)})
    captions = "\n".join(c.value for c in page.caption)
    assert "cannot disagree" not in captions
    assert "statement about this case, checked against the same engine" in captions

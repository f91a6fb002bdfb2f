"""Generated study cases: plausible, reproducible, and keyed by the engine itself."""

import collections
import re

import pytest

from pathway import Scenario, evaluate
from pathway.sources import rule_texts as R
from pathway.sources.source import load_source
from pathway.study import casegen, random_case

SEEDS = range(1000)
CASES = [casegen.generate(seed) for seed in SEEDS]
SENTENCES = set(load_source().sentences)
INTERPRETATION_IDS = {i.id for i in R.INTERPRETATIONS}


def test_a_thousand_cases_each_have_exactly_one_option_the_engine_makes_true():
    """Re-evaluating each case, exactly one option's check holds, and it is the keyed one."""
    for case in CASES:
        a = evaluate(case.scenario)
        true = [i for i, o in enumerate(case.options) if casegen.holds(o.check, a)]
        assert true == [case.answer], (case.seed, case.kind, [o.text for o in case.options])


def test_options_are_distinct_and_four_or_five():
    """Every case offers 4-5 options with distinct texts and distinct checks."""
    for case in CASES:
        texts = [o.text for o in case.options]
        assert 4 <= len(texts) <= 5, case.seed
        assert len(set(texts)) == len(texts), (case.seed, texts)
        assert len({o.check for o in case.options}) == len(texts), case.seed


def test_every_case_is_explained_with_sentences_and_every_option_has_a_note():
    """The explanation is non-empty, cites existing S-ids and I-ids, and each option says why."""
    for case in CASES:
        assert case.explanation.strip(), case.seed
        assert case.sources and set(case.sources) <= SENTENCES, case.seed
        assert set(case.interpretations) <= INTERPRETATION_IDS, case.seed
        assert all(o.note.strip() for o in case.options), case.seed


def test_no_generated_case_is_implausible():
    """No case raises a caution the engine keeps for implausible combinations (unilateral slip),
    and no slip sits on a stress reaction or an incomplete fracture."""
    for case in CASES:
        s = case.scenario
        assert not evaluate(s).warnings & random_case.IMPLAUSIBLE_WARNINGS, case.seed
        if s.listhesis_grade:
            assert s.laterality == "bilateral" and s.ct_stage not in ("stress_reaction", "incomplete"), (
                case.seed
            )


def test_the_implausibility_filter_can_fail():
    """The filter refuses a unilateral defect with a slip, so the test above is not vacuous."""
    one_side = Scenario(laterality="unilateral", listhesis_grade=2, ct_stage="complete")
    assert not random_case.plausible(one_side)
    assert random_case.plausible(Scenario(laterality="bilateral", listhesis_grade=2, ct_stage="complete"))


def test_the_same_seed_gives_the_same_case():
    """A shared seed reproduces the case, the question and the order of the options."""
    casegen.generate.cache_clear()
    again = casegen.generate(123)
    assert again == CASES[123]


def test_every_question_kind_and_many_situations_appear():
    """Across 1,000 seeds every question kind is asked, and cases reach most engine stages."""
    kinds = collections.Counter(c.kind for c in CASES)
    assert set(kinds) == set(casegen.KINDS), kinds
    assert min(kinds.values()) >= 50, kinds
    stages = {evaluate(c.scenario).stage for c in CASES}
    assert {"minimum_trial", "conservative", "pt_missing", "surgical_candidate", "pain_free"} <= stages


def test_the_key_is_not_in_one_position():
    """The keyed option's position is shuffled: no position holds more than 35% of keys."""
    positions = collections.Counter(c.answer for c in CASES)
    assert max(positions.values()) / len(CASES) <= 0.35, positions


def test_vignette_states_the_case_facts():
    """The vignette gives the age, the weeks of care, the CT and the slip the engine was given."""
    for case in CASES[:200]:
        s, text = case.scenario, case.vignette
        assert re.search(rf"\b{s.age}-year-old\b", text), case.seed
        if s.weeks_conservative:
            assert f"{s.weeks_conservative} week" in text, case.seed
        assert ("no CT has been done" in text) == (s.ct_stage == "not_done"), case.seed
        assert ("shows no slip" in text) == (s.listhesis_grade == 0), case.seed
        assert ("physical therapy" in text) or s.weeks_conservative == 0, case.seed


def test_distractors_come_from_near_miss_cases():
    """In most cases at least one wrong option says which one-fact change would make it right."""
    with_near_miss = sum(
        any("would" in o.note for i, o in enumerate(c.options) if i != c.answer) for c in CASES
    )
    assert with_near_miss / len(CASES) >= 0.8


def test_the_check_notices_a_wrong_key():
    """holds() really asks the engine: 'direct repair open' is false at week 3 and true at week 20."""
    early = evaluate(Scenario(weeks_conservative=3, ct_stage="complete"))
    late = evaluate(Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete"))
    assert not casegen.holds(("open", "direct_pars_repair"), early)
    assert casegen.holds(("open", "direct_pars_repair"), late)


@pytest.mark.parametrize("raw", ["-1", "abc", "1e3", "9999999", "١٢", " "])
def test_a_bad_seed_in_a_link_is_refused_without_echo(raw):
    """A seed that is not a whole number in range is refused with a message that does not repeat it."""
    with pytest.raises(ValueError) as info:
        random_case.parse_seed(raw)
    assert raw.strip() == "" or raw not in str(info.value)


def test_a_good_seed_parses():
    assert random_case.parse_seed("042") == 42


def test_published_figures_are_only_those_for_the_case():
    """A case's figures come from figures_for(): each names its population and reference, and a
    fusion case (grade II slip) is never shown a direct-repair figure."""
    for case in CASES[:300]:
        for line in casegen.case_figures(evaluate(case.scenario)):
            assert re.search(r"\[\d+\]", line), (case.seed, line)
    fusion = Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete", listhesis_grade=2)
    lines = casegen.case_figures(evaluate(fusion))
    assert not any(line.startswith("Direct repair") for line in lines), lines
    young = Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete")
    assert any(line.startswith("Direct repair") for line in casegen.case_figures(evaluate(young)))


def test_next_step_distractors_are_never_also_defensible():
    """When the key is 'get a CT', ongoing conservative care is not offered as a wrong answer
    (it goes on anyway); when the engine opens the injection, 'offer an injection' is not wrong."""
    checked = 0
    for case in CASES:
        if case.kind != "next_step":
            continue
        a = evaluate(case.scenario)
        key = case.options[case.answer].check[1]
        wrong = {o.check[1] for i, o in enumerate(case.options) if i != case.answer}
        assert not wrong & casegen._also_defensible(key, a), case.seed
        if key == "ct":
            assert "continue" not in wrong, case.seed
        if "steroid_injection" in a.options:
            assert "injection" not in wrong or key == "injection", case.seed
        checked += 1
    assert checked >= 50

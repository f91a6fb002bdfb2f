"""Generated study cases: plausible, inside the pathway, reproducible, and keyed by the engine.

Every option is a statement about the case. ``casegen.holds`` evaluates what it says against
``evaluate(scenario)``; the sweep asks that exactly one option holds (the key), over 2,000 seeds
in the normal run and 10,000 in the ``slow`` run. Because the generator itself filters with
``holds``, the statements' meanings are pinned separately: on the review's named cases, and by
reading the key's words against the engine's options without ``holds``.
"""

import collections
import re

import pytest

from pathway import Scenario, evaluate
from pathway.model import rules as MR
from pathway.sources import rule_texts as R
from pathway.sources.selection import selections
from pathway.sources.source import load_source
from pathway.study import case_text, casegen, random_case
from pathway.study.case_figures import case_figure_gaps, case_figures

SEEDS = range(2000)
SLOW_SEEDS = range(2000, 10_000)
CASES = [casegen.generate(seed) for seed in SEEDS]
SENTENCES = set(load_source().sentences)
INTERPRETATION_IDS = {i.id for i in R.INTERPRETATIONS}


def problems(case) -> list[str]:
    """Everything wrong with one generated case, in words (empty: the case is sound)."""
    out = []
    s = case.scenario
    a = evaluate(s)  # a fresh Assessment, not the generator's remembered one
    true = [i for i, o in enumerate(case.options) if casegen.holds(o.check, a)]
    if true != [case.answer]:
        out.append(f"options true by the engine: {true}, key {case.answer}")
    texts = [o.text for o in case.options]
    if len(set(texts)) != len(texts) or not 4 <= len(texts) <= 5:
        out.append("options not 4-5 distinct texts")
    # The case is one the pathway covers.
    if s.listhesis_grade > MR.SIGNIFICANT_LISTHESIS_GRADE or a.stage in random_case.OUTSIDE_STAGES:
        out.append(f"outside the pathway: grade {s.listhesis_grade}, stage {a.stage}")
    if s.listhesis_grade and s.ct_stage in ("stress_reaction", "incomplete", "complete"):
        out.append("a slip on a fresh lesion after a fall")
    if a.warnings & random_case.IMPLAUSIBLE_WARNINGS:
        out.append("an implausible combination")
    out += grammar_problems(case.vignette, s.age)
    out += key_word_problems(case, a)
    return out


def grammar_problems(text: str, age: int) -> list[str]:
    out = []
    # "a" before a vowel sound ("a office worker"), "an" before a consonant sound.
    for m in re.finditer(r"\b([Aa]n?) (\w+)", text):
        art, word = m[1].lower(), m[2]
        if re.fullmatch(r"[A-Z][A-Z0-9]+", word):  # said letter by letter: an L5, an MRI, a CT
            vowel = word[0] in "AEFHILMNORSX"
        else:
            vowel = bool(re.match(r"[aeio]|u(?!ni|s)|8|11\b|18\b", word.lower()))
        if (art == "an") != vowel:
            out.append(f"grammar: '{m[0]}'")
    if age < 18 and re.search(r"professional|university|office worker", text):
        out.append(f"a {age}-year-old described as an adult: {text[:80]}")
    return out


def key_word_problems(case, a) -> list[str]:
    """The key's words read against the engine's options, without holds() (the review's N3,
    N23 and candidacy findings, written as text checks)."""
    out = []
    key = case.options[case.answer].text
    w = a.scenario.weeks_conservative
    injection = re.search(r"injection (can be considered|or direct)|Offer a pars steroid injection", key)
    if injection and "steroid_injection" not in a.options:
        out.append(f"key offers an injection the engine keeps closed: {key}")
    repair = re.search(r"direct (pars )?repair can be considered", key) and "not indicated" not in key
    if repair and "direct_pars_repair" not in a.options:
        out.append(f"key offers repair the engine keeps closed: {key}")
    if key.startswith("In the window") and not MR.CONSERVATIVE_FAILURE_WEEKS <= w < 26:
        out.append(f"'in the window' at week {w}")
    if (
        re.search(r"graded return can begin now|Plan a graded return", key)
        and "return_to_sport" not in a.options
    ):
        out.append("key returns to sport the engine keeps closed")
    if case.kind == "candidacy":
        short = {v: k for k, v in case_text.CRITERION_SHORT.items()}
        for i, o in enumerate(case.options):
            listed = [short[p] for p in short if p in o.text]
            partial = i != case.answer and o.text.startswith("Not a candidate:") and listed
            if partial and all(not a.criteria[k] for k in listed):
                out.append(f"a true candidacy statement among the distractors: {o.text}")
    return out


def test_two_thousand_cases_have_exactly_one_true_option_and_are_inside_the_pathway():
    """Seeds 0-1999: the key holds by the engine and every distractor's statement is false;
    the case is covered by the pathway; the vignette's articles and ages read right."""
    bad = {c.seed: p for c in CASES if (p := problems(c))}
    assert not bad, dict(list(bad.items())[:5])


@pytest.mark.slow
def test_ten_thousand_cases_have_exactly_one_true_option_and_are_inside_the_pathway():
    """Seeds 2000-9999 (with the test above: 10,000 seeds)."""
    bad = {}
    for seed in SLOW_SEEDS:
        case = casegen.generate.__wrapped__(seed)
        if p := problems(case):
            bad[seed] = p
    assert not bad, dict(list(bad.items())[:5])


# --- what the statements mean: the review's named cases --------------------------------------

STRESS_MILD_26 = Scenario(
    weeks_conservative=26, formal_pt=True, pain="mild", ct_stage="stress_reaction", mri_edema=True, age=38
)  # the review's seed 42


def test_a_stress_reaction_or_a_missing_ct_is_never_keyed_as_an_injection_case():
    """N3: after 3 months with mild pain, a stress reaction keys 'continue conservative care;
    not a defect' and no CT keys 'CT first'; the injection statement is false for both."""
    for ct, group in (("stress_reaction", "stress_reaction"), ("not_done", "ct_first")):
        a = evaluate(STRESS_MILD_26.replace(ct_stage=ct))
        assert "steroid_injection" not in a.options
        assert casegen.stage_key(a) == group
        assert casegen.holds(("stage", group), a)
        assert not casegen.holds(("stage", "failed_mild"), a)
        assert not casegen.holds(("next", "injection"), a)
    with_defect = evaluate(STRESS_MILD_26.replace(ct_stage="complete"))
    assert casegen.stage_key(with_defect) == "failed_mild"
    assert casegen.holds(("stage", "failed_mild"), with_defect)


def test_in_the_window_is_said_only_in_weeks_13_to_25():
    """N23: past week 26 the statement says 'after 3-6 months of care'."""
    for weeks, start in (
        (13, "In the window"),
        (25, "In the window"),
        (26, "After 3-6 months"),
        (34, "After 3-6"),
    ):
        a = evaluate(Scenario(weeks_conservative=weeks, formal_pt=True, ct_stage="complete"))
        assert case_text.stage_text(casegen.stage_key(a), a).startswith(start), weeks


def test_a_partial_list_of_unmet_criteria_is_a_true_statement():
    """Item review 1: 'Not a candidate: care has not failed' is true when more criteria fail too,
    so it can never be a distractor; a list naming a met criterion is false."""
    a = evaluate(Scenario(weeks_conservative=8, pain="mild", ct_stage="not_done"))
    assert casegen.candidacy_key(a)[0] == (
        "failed_conservative_care",
        "functional_limitation",
        "imaging_confirmed",
    )
    assert casegen.holds(("candidacy", (("failed_conservative_care",), None)), a)
    assert not casegen.holds(
        ("candidacy", (("failed_conservative_care", "no_significant_listhesis"), None)), a
    )
    assert not casegen.holds(("candidacy", ((), True)), a)


def test_pain_free_early_without_ct_needs_both_the_ct_and_the_wait():
    """Item review 2: pain-free at week 5 with no CT, 'a CT first' and 'rehab until week 13' are
    both true, so the key says both and neither is a distractor; the minimum-trial statement
    is true of a pain-free case at week 2 too."""
    a = evaluate(Scenario(weeks_conservative=5, pain="none", ct_stage="not_done"))
    assert casegen.rts_key(a) == "wait_ct"
    assert casegen.holds(("rts", "wait"), a) and casegen.holds(("rts", "ct"), a)
    early = evaluate(Scenario(weeks_conservative=2, pain="none", ct_stage="complete"))
    assert casegen.holds(("stage", "pain_free"), early) and casegen.holds(("stage", "minimum_trial"), early)


def test_the_age_statement_is_true_over_30():
    """Item review 18: 'direct repair is not indicated at this age' is true of a 39-year-old."""
    assert casegen.holds(("next", "no_repair"), evaluate(Scenario(age=39)))
    assert not casegen.holds(("next", "no_repair"), evaluate(Scenario(age=22)))


def test_return_to_sport_waits_for_neither_union_nor_surgery():
    """The 'never' statements are false by the engine: return to sport opens for a pain-free
    case with an unhealed complete fracture and no operation."""
    a = evaluate(Scenario(weeks_conservative=13, pain="none", ct_stage="complete"))
    assert "return_to_sport" in a.options


def test_the_check_notices_a_wrong_key():
    """holds() really asks the engine: 'direct repair open' is false at week 3 and true at week 20."""
    early = evaluate(Scenario(weeks_conservative=3, ct_stage="complete"))
    late = evaluate(Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete"))
    assert not casegen.holds(("open", "direct_pars_repair"), early)
    assert casegen.holds(("open", "direct_pars_repair"), late)


def test_every_stage_the_engine_gives_has_a_key_that_holds():
    """Over a grid of cases, the stage key is a statement the engine makes true (an engine stage
    this module does not know falls back to the engine's own summary)."""
    for weeks in (0, 5, 6, 12, 13, 25, 26, 40):
        for pain in ("none", "mild", "disabling"):
            for ct in ("not_done", "stress_reaction", "incomplete", "old_defect"):
                for slip, age, pt in ((0, 22, True), (2, 22, True), (0, 38, True), (0, 22, False)):
                    a = evaluate(
                        Scenario(
                            weeks_conservative=weeks,
                            pain=pain,
                            ct_stage=ct,
                            listhesis_grade=slip,
                            age=age,
                            formal_pt=pt,
                        )
                    )
                    assert casegen.holds(("stage", casegen.stage_key(a)), a), a.scenario


# --- the case -----------------------------------------------------------------------------


def test_no_case_is_outside_the_pathway_or_implausible():
    """No grade III-IV slip, no slip on a stress reaction or a fresh fracture after a fall, no
    unilateral slip; the filter refuses each (so the sweep above is not vacuous)."""
    assert max(c.scenario.listhesis_grade for c in CASES) == MR.SIGNIFICANT_LISTHESIS_GRADE
    for bad in (
        Scenario(laterality="unilateral", listhesis_grade=2, ct_stage="old_defect"),
        Scenario(listhesis_grade=3, ct_stage="old_defect"),
        Scenario(listhesis_grade=1, ct_stage="complete"),
        Scenario(age=15, activity="professional"),
    ):
        assert not random_case.plausible(bad), bad
    assert random_case.plausible(Scenario(listhesis_grade=2, ct_stage="old_defect"))


def test_vignette_grammar_checks_can_fail():
    """The grammar check catches 'a office worker' and a 15-year-old professional."""
    assert grammar_problems("A 24-year-old woman, a office worker, has", 24)
    assert grammar_problems("A 15-year-old boy, a professional dancer, has", 15)
    assert not grammar_problems("An 18-year-old woman, a university rower, an office worker", 18)


def test_the_same_seed_gives_the_same_case():
    """A shared seed reproduces the case, the question and the order of the options."""
    casegen.generate.cache_clear()
    assert casegen.generate(123) == CASES[123]


def test_every_question_kind_and_many_situations_appear():
    """Every question kind is asked, and cases reach most engine stages."""
    kinds = collections.Counter(c.kind for c in CASES)
    assert set(kinds) == set(casegen.KINDS), kinds
    assert min(kinds.values()) >= 100, kinds
    stages = {evaluate(c.scenario).stage for c in CASES}
    assert {
        "minimum_trial",
        "conservative",
        "pt_missing",
        "surgical_candidate",
        "pain_free",
        "fusion",
    } <= stages
    groups = {casegen.stage_key(evaluate(c.scenario)) for c in CASES if c.kind == "stage"}
    assert {"stress_reaction", "ct_first", "failed_mild"} <= groups, groups


def test_the_key_is_not_in_one_position():
    """The keyed option's position is shuffled: no position holds more than 35% of keys."""
    positions = collections.Counter(c.answer for c in CASES)
    assert max(positions.values()) / len(CASES) <= 0.35, positions


def test_every_case_is_explained_with_sentences_and_every_option_has_a_note():
    """The explanation is non-empty, cites existing S-ids and I-ids, and each option says why."""
    for case in CASES:
        assert case.explanation.strip(), case.seed
        assert case.sources and set(case.sources) <= SENTENCES, case.seed
        assert set(case.interpretations) <= INTERPRETATION_IDS, case.seed
        assert all(o.note.strip() for o in case.options), case.seed


def test_vignette_states_the_case_facts():
    """The vignette gives the age, the weeks of care, the CT and the slip the engine was given."""
    for case in CASES[:300]:
        s, text = case.scenario, case.vignette
        assert re.search(rf"\b{s.age}-year-old\b", text), case.seed
        if s.weeks_conservative:
            assert f"{s.weeks_conservative} week" in text, case.seed
        assert ("no CT has been done" in text) == (s.ct_stage == "not_done"), case.seed
        assert ("shows no slip" in text) == (s.listhesis_grade == 0), case.seed
        assert ("physical therapy" in text) or s.weeks_conservative == 0, case.seed
        if s.activity == "none":
            assert "rested from sport" not in text, case.seed


def test_near_miss_notes_are_true_of_the_near_miss():
    """A distractor note 'it would be right if X' is said only when the engine makes the
    statement true of the case with X changed; most cases have such a note."""
    with_near_miss = sum(
        any("would" in o.note for i, o in enumerate(c.options) if i != c.answer) for c in CASES
    )
    assert with_near_miss / len(CASES) >= 0.7


@pytest.mark.parametrize("raw", ["-1", "abc", "1e3", "9999999", "١٢", " "])
def test_a_bad_seed_in_a_link_is_refused_without_echo(raw):
    """A seed that is not a whole number in range is refused with a message that does not repeat it."""
    with pytest.raises(ValueError) as info:
        random_case.parse_seed(raw)
    assert raw.strip() == "" or raw not in str(info.value)


def test_a_good_seed_parses():
    assert random_case.parse_seed("042") == 42


# --- published figures ----------------------------------------------------------------------


def test_case_figures_come_from_the_one_selection_lead_first():
    """The lines are the selection's figures, every lead before any other cohort, each other
    cohort labelled so, each with its reference."""
    for case in CASES[:200]:
        a = evaluate(case.scenario)
        lines = case_figures(a, limit=100)
        sels = selections(a)
        shown = [s.lead for s in sels if s.lead] + [x for s in sels for x in s.others]
        assert len(lines) == len(shown), case.seed
        roles = [x.role for x in shown]
        assert roles == sorted(roles, key=lambda r: r != "lead"), case.seed
        for line, x in zip(lines, shown, strict=True):
            assert re.search(r"\[\d+\]", line), line
            assert ("other cohort" in line) == (x.role != "lead"), line


def test_the_source_case_leads_with_the_stage_matched_figure_and_both_sides_old_has_none():
    """N1: both sides complete at 22 leads with [2]'s 23.7% for this stage and side; N2: both
    sides old shows no healing figure and says why."""
    index = evaluate(Scenario(weeks_conservative=14, formal_pt=True, ct_stage="complete"))
    healing = [line for line in case_figures(index, limit=100) if "bone heal" in line or "break heal" in line]
    assert "for this stage and side: 23.7%" in healing[0], healing
    old = evaluate(Scenario(weeks_conservative=14, formal_pt=True, ct_stage="old_defect"))
    assert not any("heal" in line and "care without an operation" in line for line in case_figures(old, 100))
    assert any("both sides terminal" in gap for gap in case_figure_gaps(old))


def test_a_fusion_case_is_never_shown_a_direct_repair_figure():
    fusion = evaluate(
        Scenario(weeks_conservative=20, formal_pt=True, ct_stage="old_defect", listhesis_grade=2)
    )
    assert not any(line.startswith("Direct repair") for line in case_figures(fusion, 100))

"""The one figure selection (issue 21 item 1): which figure leads for a case, which others are
shown beside it as other cohorts, and why none, for the clinical review's named cases (N1, N2,
N6, N8, N11, N16), then swept over the grid of case controls."""

import itertools
import random

import pytest

from pathway import Scenario, evaluate
from pathway.model.scenario import ACTIVITIES, CT_STAGES, LATERALITIES, MRI_VALUES, PAIN_LEVELS
from pathway.resident import defect, timeline
from pathway.sources import figures as F
from pathway.sources import selection as S

# The source's own patient: 22 years, both sides, complete fracture, in the window with PT.
SOURCE = Scenario(weeks_conservative=14, formal_pt=True, pain="disabling", ct_stage="complete")
TEEN_ONE_SIDE_EARLY = Scenario(
    weeks_conservative=6, pain="mild", laterality="unilateral", ct_stage="incomplete", mri_edema=True, age=15
)


def lead(case, measure="healing", option="conservative_care"):
    sel = S.select(case, measure, option)
    return None if sel.lead is None else sel.lead.id


# ---------------------------------------------------------------------------------------
# The named cases: before (the card's young-adult-first pick, key_numbers) and after.


def test_source_patient_leads_with_her_stage_and_side_not_the_pooled_young_adults():
    """N1: 22 y, both sides complete. Before, the card led with 71/100 [11] and the explorer
    called 23.7%, 72.0% and 71.4% all 'for this stage and side'. Now [2] P/P 23.7% leads."""
    sel = S.select(SOURCE, "healing")
    assert sel.lead.id == "heal_bilateral_complete" and sel.lead.figure.percent == 23.7
    assert sel.lead.label == "For this stage and side"
    assert "studied in teenagers, not adults" in sel.lead.caveats
    assert [x.id for x in sel.others] == ["heal_bilateral_l5_fresh", "heal_young_adult"]
    for x in sel.others:
        assert x.role == S.OTHER and x.label.startswith("Other cohort (") and "this stage" not in x.label
    young = next(x for x in sel.others if x.id == "heal_young_adult")
    assert "2 very early (pre-lysis), 8 early, 4 progressive" in young.label  # its stage mix
    assert sel.reason is None


def test_teenager_with_a_one_sided_early_fracture_gets_96_not_71():
    """N11: 15 y, one side, incomplete (early). Before: 71/100 [11]. Now [2] 96%, and the
    young-adult figure is another cohort with the mirror caveat."""
    sel = S.select(TEEN_ONE_SIDE_EARLY, "healing")
    assert sel.lead.id == "heal_unilateral_incomplete" and sel.lead.figure.percent == 96.0
    assert "studied in teenagers, not adults" not in sel.lead.caveats
    (ya,) = sel.others
    assert ya.id == "heal_young_adult" and "studied in young adults, not teenagers" in ya.caveats


@pytest.mark.parametrize(
    ("case", "expected", "percent"),
    [
        pytest.param(
            SOURCE.replace(ct_stage="stress_reaction"), "heal_bilateral_stress_reaction", 100, id="both"
        ),
        pytest.param(
            TEEN_ONE_SIDE_EARLY.replace(ct_stage="stress_reaction"),
            "heal_unilateral_stress_reaction",
            98.2,
            id="one-side-teen",
        ),
    ],
)
def test_stress_reaction_leads_with_the_very_early_stage(case, expected, percent):
    """A stress reaction gets [2]'s very early cell, not the pooled 71/100 (N1, 'the other way')."""
    sel = S.select(case, "healing")
    assert (sel.lead.id, sel.lead.figure.percent) == (expected, percent)


def test_both_sides_old_gets_no_published_figure_and_says_why():
    """N2: both sides old (terminal). Before: '26 out of 100 had the newer break heal' [7]."""
    sel = S.select(SOURCE.replace(ct_stage="old_defect"), "healing")
    assert sel.lead is None and sel.others == ()
    assert sel.reason.startswith(F.NO_FIGURE)
    assert "both sides are old (terminal) defects" in sel.reason
    assert "[2] and [7] report only the newer side" in sel.reason


def test_one_side_old_gets_no_published_figure():
    sel = S.select(SOURCE.replace(ct_stage="old_defect", laterality="unilateral"), "healing")
    assert sel.lead is None and "one-sided old (terminal) defect" in sel.reason


@pytest.mark.parametrize("grade", [3, 4])
def test_high_grade_slip_gets_no_figure_of_any_kind(grade):
    """N8: a Meyerding III-IV slip: no figure for any option or measure, each saying why."""
    for sel in S.selections(SOURCE.replace(listhesis_grade=grade, weeks_conservative=2)):
        assert sel.lead is None and sel.others == ()
        assert "high-grade" in sel.reason and "outside this pathway" in sel.reason


def test_age_45_gets_no_healing_figure_and_the_reason_is_the_age():
    """Over 30: teenage and young-adult cohorts do not describe the case (I10)."""
    sel = S.select(SOURCE.replace(age=45), "healing")
    assert sel.lead is None and sel.others == ()
    assert "this case is over 30 (I10)" in sel.reason


def test_no_ct_gets_no_healing_figure_and_says_the_ct_comes_first():
    sel = S.select(SOURCE.replace(ct_stage="not_done"), "healing")
    assert sel.lead is None and "no CT has been done yet" in sel.reason


def test_a_length_of_treatment_is_never_a_time_to_heal():
    """N6: 'about 2 months to heal' was [2]'s mean treatment. The source patient has no time to
    union for her stage; the lengths of treatment are other cohorts, said as such."""
    union = S.select(SOURCE, "time_to_union")
    assert union.lead is None and union.others == ()
    length = S.select(SOURCE, "treatment_length")
    assert length.lead is None  # pooled over stages: never the lead for a stage
    assert {x.id for x in length.others} == {"treatment_time_all", "treatment_time_young_adult"}
    assert "not a time to heal" in length.what
    # The one time to union published ([10], early stage) leads for an early-stage break.
    assert lead(TEEN_ONE_SIDE_EARLY, "time_to_union") == "union_time_early"


@pytest.mark.parametrize(
    ("case", "expected", "caveat"),
    [
        pytest.param(SOURCE, "rts_conservative_ya", None, id="22y-young-adults"),
        pytest.param(TEEN_ONE_SIDE_EARLY, "rts_conservative", None, id="15y-teenagers"),
        pytest.param(
            TEEN_ONE_SIDE_EARLY.replace(listhesis_grade=1),
            "rts_conservative_ya",
            "studied in young adults, not teenagers",
            id="15y-grade-I-only-young-adults",
        ),
    ],
)
def test_teenagers_figures_for_teenagers_young_adults_for_young_adults(case, expected, caveat):
    sel = S.select(case, "return_to_sport")
    assert sel.lead.id == expected
    if caveat:
        assert caveat in sel.lead.caveats


def test_explorer_and_timeline_say_what_the_selection_says():
    """The explorer's chart rows and caption: the lead as 'this stage and side', others as
    other cohorts; over 30, the timeline's caption gives the age, not a slip (N16)."""
    a = evaluate(SOURCE)
    rows, why = defect.healing(a)
    assert [r.id for r in rows] == ["heal_bilateral_complete", "heal_bilateral_l5_fresh", "heal_young_adult"]
    assert rows[0].row == "This stage and side [2]" and all(r.row.startswith("Other:") for r in rows[1:])
    said = defect.summary(a)
    assert "for this stage and side: 23.7% [2]" in said
    assert "Other cohorts, not this stage and side: 72.0% [7]" in said
    assert "time to union" not in said.split("No published figure for the time")[0]  # lengths are lengths
    assert "Length of treatment (how long care lasted, healed or not; not a time to heal)" in said
    assert why is None
    over_30 = timeline.summary(evaluate(Scenario(weeks_conservative=14, age=31)))
    assert "this case is over 30 (I10)" in over_30 and "significant slip" not in over_30


# ---------------------------------------------------------------------------------------
# The sweep: every control at its values and thresholds.

WEEKS = (0, 5, 6, 12, 13, 14, 26, 27, 52, 104)
AGES = (10, 14, 17, 18, 22, 25, 30, 31, 45, 90)
GRADES = (0, 1, 2, 3, 4)
# What the selection reads: weeks, pain, side, CT stage, slip and age (and the engine's
# repair_indicated, from age and slip). formal_pt, MRI and activity do not enter it.
READ = list(itertools.product(WEEKS, PAIN_LEVELS, LATERALITIES, CT_STAGES, GRADES, AGES))
ALL_CONTROLS = (
    WEEKS,
    (False, True),
    PAIN_LEVELS,
    LATERALITIES,
    CT_STAGES,
    MRI_VALUES,
    GRADES,
    ACTIVITIES,
    AGES,
)
POOL = F.load_figures()
STAGE_WORDS = ("this stage and side", "this stage,")


def check(case: Scenario) -> list[tuple]:
    """Assert the selection's invariants for one case; return what it chose (for comparisons)."""
    a = evaluate(case)
    chosen = []
    for sel in S.selections(a, figures=POOL):
        shown = sel.shown
        # Every figure shown describes the case, and none that describes it is dropped.
        assert all(x.figure.misfit(a) is None for x in shown), (case, sel.measure)
        applicable = F.figures_for(a, option=sel.option, measure=sel.measure, figures=POOL)
        assert {x.id for x in shown} == {f.id for f in applicable}, (case, sel.measure)
        # Ranked order; the lead is the top-ranked.
        ranks = [S.rank(x.figure, case) for x in shown]
        assert ranks == sorted(ranks, reverse=True), (case, sel.measure)
        if sel.lead is not None:
            assert shown[0] is sel.lead and sel.lead.rank == max(ranks) and sel.reason is None
        else:
            assert sel.reason and sel.reason.startswith(F.NO_FIGURE), (case, sel.measure)
        # A pooled or other-stage figure never leads a stage-matched one; a staged measure's
        # lead is always for exactly this stage.
        matched = [x for x in shown if S.stage_matched(x.figure, case)]
        if matched:
            assert sel.lead is not None and S.stage_matched(sel.lead.figure, case), (case, sel.measure)
        if sel.measure in S.STAGED_MEASURES and sel.lead is not None:
            assert S.stage_matched(sel.lead.figure, case), (case, sel.measure)
        # Only a stage-matched lead is called "this stage"; others are "other cohorts".
        for x in shown:
            said_stage = any(w in x.label for w in STAGE_WORDS)
            assert said_stage is (x.role == S.LEAD and S.stage_matched(x.figure, case)), (case, x.label)
            if x.role == S.OTHER:
                assert x.label.startswith("Other cohort (")
        # A length of treatment is never said as a time to heal.
        for x in shown:
            if x.figure.measure == "treatment_length":
                said = f"{x.label} {x.figure.what} {x.figure.time_frame}".lower()
                assert not any(w in said for w in F.HEAL_WORDS), (case, x.id)
                assert sel.measure != "time_to_union"
        # The age caveats mirror each other.
        for x in shown:
            if x.figure.age_group == "young_adult" and case.age < F.ADULT_AGE:
                assert "studied in young adults, not teenagers" in x.caveats
            if x.figure.age_group == "adolescent" and case.age >= F.ADULT_AGE:
                assert "studied in teenagers, not adults" in x.caveats
        chosen.append((sel.option, sel.measure, sel.lead and sel.lead.id, tuple(x.id for x in sel.others)))
    # The explorer's rows are the selection's, in its order and roles.
    rows, _ = defect.healing(a)
    heal = S.select(a, "healing", figures=POOL)
    assert [(r.id, r.role) for r in rows] == [(x.id, x.role) for x in heal.shown]
    return chosen


def test_sweep_a_fixed_sample_of_the_grid_of_every_control():
    """500 cases drawn with a fixed seed from the grid of every control (all values of the
    choices, the thresholds of the numbers); the choice does not move with formal PT, MRI or
    activity, which it does not read."""
    grid = list(itertools.product(*ALL_CONTROLS))
    rng = random.Random(21)
    for w, pt, pain, lat, ct, mri, grade, act, age in rng.sample(grid, 500):
        case = Scenario(w, pt, pain, lat, ct, mri, grade, act, age)
        chosen = check(case)
        other = case.replace(
            formal_pt=not pt, mri_edema=rng.choice(MRI_VALUES), activity=rng.choice(ACTIVITIES)
        )
        assert check(other) == chosen, case


@pytest.mark.slow
def test_sweep_the_full_grid_of_what_the_selection_reads():
    """Every combination of the controls the selection reads (13,500 cases), with formal PT,
    MRI and activity cycled through all their values alongside."""
    extras = itertools.cycle(itertools.product((False, True), MRI_VALUES, ACTIVITIES))
    for (w, pain, lat, ct, grade, age), (pt, mri, act) in zip(READ, extras, strict=False):
        check(Scenario(w, pt, pain, lat, ct, mri, grade, act, age))

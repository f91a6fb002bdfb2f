"""The engine side of clinical review N7-N10, N16, N17, N19, N27 (issue 21 "One voice for a case").

Each rule is checked on both sides of its threshold; tests/cases/review.json holds the golden
decisions for the same cases.
"""

import pytest

from pathway import Scenario, evaluate
from pathway.model import engine
from pathway.model import rules as R
from pathway.resident import diagram, timeline
from pathway.resident.card import QUALIFIERS, card, top_caution
from pathway.sources import rule_texts

CANDIDATE = Scenario(weeks_conservative=16, formal_pt=True, pain="disabling", ct_stage="complete")


def case(**changes):
    return evaluate(CANDIDATE.replace(**changes))


# N8: a grade III-IV slip after a fall lies outside this pathway (I14).


@pytest.mark.parametrize(
    ("grade", "outside"),
    [pytest.param(2, False, id="grade2-on-the-pathway"), pytest.param(3, True, id="grade3-outside")],
)
@pytest.mark.parametrize("weeks", [2, 16])
def test_high_grade_slip_is_outside_the_pathway(grade, outside, weeks):
    """Grade III+ (not II) gives the outside stage, the caution and the urgent-assessment step."""
    a = case(listhesis_grade=grade, weeks_conservative=weeks)
    assert (a.stage == "outside_pathway") is outside
    assert ("high_grade_slip" in a.warnings) is outside
    urgent = [s for s in a.open_steps if s.option == "urgent_spine_assessment"]
    assert bool(urgent) is outside
    if outside:
        assert urgent[0].label == "Urgent spine surgical assessment"
        assert "I14" in urgent[0].interpretations and "S25" in urgent[0].sources


def test_outside_the_pathway_has_no_routine_timeline():
    """Grade IV two weeks after the fall: no 'opens at week 13', no windows, no surgery month, no
    routine cautions; the options stay documented ids (rest, pain control, imaging)."""
    a = case(listhesis_grade=4, weeks_conservative=2, ct_stage="not_done", formal_pt=False)
    assert a.options == {"activity_modification", "nsaids", "ct_scan", "mri"}
    assert a.options <= set(R.OPTIONS)
    assert set(a.criteria) == {
        "failed_conservative_care",
        "functional_limitation",
        "imaging_confirmed",
        "no_significant_listhesis",
    }
    assert a.windows == () and a.surgery_month is None and "I14" in a.surgery_note
    assert all(s.opens_at_week is None for s in a.closed_steps)
    assert a.warnings == {"high_grade_slip"}  # no minimum trial, no "3-6 months before surgery"
    words = " ".join([a.summary, *(s.reason for s in a.open_steps + a.closed_steps), *a.changes])
    assert "week 13" not in words and "outside this pathway" in a.summary
    assert "urgent spine surgical assessment" in a.summary.lower()
    assert [m.name for m in timeline.markers(a)] == ["Today"]
    assert "outside this pathway" in timeline.summary(a)
    assert diagram.position(a) == "outside"
    c = card(a)
    assert c.open_now[0] == "Urgent spine surgical assessment"
    assert c.caution is not None and c.caution.id == "high_grade_slip"
    assert "urgent spine surgical assessment (I14)" in c.candidacy


def test_grade3_with_fusion_criteria_still_goes_to_urgent_assessment():
    a = case(listhesis_grade=3)
    assert "fusion" not in a.options and not a.surgical_candidate
    fusion = next(s for s in a.closed_steps if s.option == "fusion")
    assert "urgent spine surgical assessment" in fusion.reason


def test_high_grade_caution_cites_the_source_and_its_reading():
    text, sources = rule_texts.WARNINGS["high_grade_slip"]
    assert "S25" in sources and rule_texts.WARNING_INTERPRETATIONS["high_grade_slip"] == ("I14",)
    assert "[48]" in text and "[50]" in text
    assert "I14" in {i.id for i in rule_texts.INTERPRETATIONS}


# N7: the professional's early surgical opinion only for an imaged defect (I4).


@pytest.mark.parametrize(
    ("ct", "opinion"),
    [
        pytest.param("stress_reaction", False, id="stress-reaction-no-opinion"),
        pytest.param("not_done", False, id="no-ct-no-opinion"),
        pytest.param("incomplete", True, id="incomplete-fracture-opinion"),
        pytest.param("complete", True, id="complete-fracture-opinion"),
    ],
)
def test_professional_opinion_needs_an_imaged_defect(ct, opinion):
    a = case(activity="professional", weeks_conservative=8, ct_stage=ct, mri_edema=True)
    assert ("professional_athlete" in a.warnings) is opinion
    assert ("professional_stress_reaction" in a.warnings) is (ct == "stress_reaction")
    names = [m.name for m in timeline.markers(a)]
    assert ("Surgical opinion (professional)" in names) is opinion
    assert engine.early_surgical_opinion(a.scenario) is opinion


def test_professional_stress_reaction_gets_rest_not_an_opinion():
    a = case(activity="professional", weeks_conservative=8, ct_stage="stress_reaction", mri_edema=True)
    text, sources = rule_texts.WARNINGS["professional_stress_reaction"]
    assert "no early surgical opinion" in text and "Complete rest" in text
    assert {"S29", "S24", "S03"} <= set(sources)
    assert "activity_modification" in a.options


# N9: an incomplete (early-stage) fracture from week 13: "may still unite" (S30, S27; I15).


@pytest.mark.parametrize(
    ("weeks", "ct", "warned"),
    [
        pytest.param(12, "incomplete", False, id="week12-not-yet"),
        pytest.param(13, "incomplete", True, id="week13-incomplete"),
        pytest.param(13, "complete", False, id="week13-complete-no"),
    ],
)
def test_early_fracture_may_still_unite(weeks, ct, warned):
    a = case(weeks_conservative=weeks, ct_stage=ct, pain="mild", laterality="unilateral", age=16)
    assert ("early_fracture_may_unite" in a.warnings) is warned


def test_early_fracture_caution_cites_source_and_figures_and_comes_first():
    """Profile C: 16 y, unilateral incomplete + oedema, mild, week 13: the injection is open (I7),
    and the card's top caution is about the still-healing lesion, not a generic one."""
    a = case(weeks_conservative=13, ct_stage="incomplete", pain="mild", laterality="unilateral", age=16)
    text, sources = rule_texts.WARNINGS["early_fracture_may_unite"]
    assert {"S30", "S27"} <= set(sources) and "[2]" in text and "[10]" in text
    assert "I15" in rule_texts.WARNING_INTERPRETATIONS["early_fracture_may_unite"]
    assert "steroid_injection" in a.options
    b = case(
        weeks_conservative=13,
        ct_stage="incomplete",
        pain="mild",
        laterality="unilateral",
        age=16,
        mri_edema=True,
    )
    assert top_caution(b).id == "active_lesion"
    assert top_caution(a).id == "early_fracture_may_unite"


def test_early_fracture_healing_figures_stay_shown_in_the_window():
    """I11: the healing figures describe the first course of care, up to week 26."""
    from pathway.model import treatments as T
    from pathway.sources.selection import select

    a = case(weeks_conservative=13, ct_stage="incomplete", pain="mild", laterality="unilateral", age=16)
    assert select(a, "healing", T.CONSERVATIVE_CARE).lead is not None


# N10: the top caution is the most case-specific one; the candidacy line says so.


def test_caution_rank_puts_decision_changing_cautions_before_generic_ones():
    rank = engine.CAUTION_RANK
    assert rank[0] == "high_grade_slip"
    assert rank[-1] == "bilateral_longer_course"
    for specific in ("active_lesion", "early_fracture_may_unite", "low_grade_slip", "older_than_young"):
        assert rank.index(specific) < rank.index("bilateral_longer_course")
        assert rank.index(specific) < rank.index("too_early_for_surgery")
    assert list(rank) == list(rule_texts.WARNINGS)  # the alerts are listed in rank order


def test_grade1_oedema_card_leads_with_the_active_lesion():
    """c18: 21 y, complete + oedema, grade I, week 16: criteria hold, but the lesion is active."""
    a = case(mri_edema=True, listhesis_grade=1, age=21)
    assert a.surgical_candidate
    c = card(a)
    assert c.caution is not None and c.caution.id == "active_lesion"
    assert c.candidacy.startswith("4 of 4 criteria hold, but the lesion is still active")
    assert "(I12)" in c.candidacy and "a candidate for direct pars repair." not in c.candidacy


@pytest.mark.parametrize(
    ("changes", "qualified_by"),
    [
        pytest.param({}, None, id="no-caution-plain-candidate"),
        pytest.param({"listhesis_grade": 1}, "low_grade_slip", id="grade1"),
        pytest.param({"mri_edema": True}, "active_lesion", id="oedema"),
        pytest.param({"ct_stage": "incomplete"}, "early_fracture_may_unite", id="incomplete"),
        pytest.param({"mri_edema": False}, None, id="no-oedema-plain-candidate"),
    ],
)
def test_candidacy_is_qualified_by_a_decision_changing_caution(changes, qualified_by):
    c = card(case(**changes))
    if qualified_by is None:
        assert c.candidacy == "4 of 4 criteria hold: a candidate for direct pars repair."
    else:
        assert c.candidacy == (
            f"4 of 4 criteria hold, but {QUALIFIERS[qualified_by]}: "
            "direct pars repair only after weighing this."
        )


# N27: repeat imaging for a stress reaction that still disables at 3 months (S08; I16).


@pytest.mark.parametrize(
    ("weeks", "pain", "repeat"),
    [
        pytest.param(12, "disabling", False, id="week12"),
        pytest.param(13, "disabling", True, id="week13-disabling"),
        pytest.param(16, "mild", False, id="mild-pain"),
    ],
)
def test_repeat_imaging_for_a_stress_reaction_still_disabling(weeks, pain, repeat):
    a = case(weeks_conservative=weeks, pain=pain, ct_stage="stress_reaction", mri_edema=False)
    assert ({"ct_scan", "mri"} <= a.options) is repeat
    if repeat:
        ct = next(s for s in a.open_steps if s.option == "ct_scan")
        assert ct.reason.startswith("Repeat the CT") and "I16" in ct.interpretations
        assert "S08" in ct.sources
        assert "repeated" in a.summary and "I16" in a.summary
    assert not a.options & {"steroid_injection", "direct_pars_repair"}


def test_stress_reaction_mild_pain_summary_does_not_ask_for_a_ct_again():
    """Review N4 (explorer side): a stress reaction already on CT is not told 'a CT comes first'."""
    a = case(pain="mild", ct_stage="stress_reaction")
    assert "A CT to show the defect comes before" not in a.summary
    assert "stress reaction, not a defect" in a.summary
    b = case(pain="mild", ct_stage="not_done")
    assert "A CT to show the defect comes before" in b.summary


# N16: the caption's reason for no published window over 30 without a slip.


def test_age_over_30_caption_names_the_age_not_a_slip():
    a = case(age=31)
    text = timeline.summary(a)
    assert "over 30" in text and "without a significant slip" not in text


# N17: one reading of MRI oedema with an old defect.


def test_old_defect_with_oedema_is_read_as_a_fresh_injury_everywhere():
    a = case(ct_stage="old_defect", mri_edema=True)
    detail = next(c.detail for c in a.criteria_detail if c.key == "imaging_confirmed")
    assert "shows none by itself" in detail and "fresh" in detail
    i12 = next(i.text for i in rule_texts.INTERPRETATIONS if i.id == "I12")
    assert "old (sclerotic) defect shows no oedema by itself" in i12
    b = case(ct_stage="old_defect", mri_edema=None)
    mri = next(s for s in b.open_steps if s.option == "mri")
    assert "shows no oedema by itself" in mri.reason


# N19: "what would change this".


def test_changes_name_the_ct_for_the_return_and_the_old_defect():
    a = case(weeks_conservative=4, ct_stage="not_done")
    assert any("once a CT has staged the defect" in line for line in a.changes)
    assert any("or an old defect" in line for line in a.changes)
    b = case(weeks_conservative=4)
    assert not any("once a CT has staged the defect" in line for line in b.changes)


@pytest.mark.parametrize(("age", "young"), [(30, True), (31, False)])
def test_changes_for_a_slip_depend_on_whether_repair_is_open(age, young):
    lines = case(age=age).changes
    assert any("fusion instead of direct repair" in line for line in lines) is young
    assert any("would open fusion" in line for line in lines) is not young


def test_changes_offer_the_professional_opinion_only_with_a_defect():
    with_defect = case(weeks_conservative=8).changes
    no_defect = case(weeks_conservative=8, ct_stage="stress_reaction").changes
    assert any(line.endswith("earlier (S29; I4).") for line in with_defect)
    assert any("once a CT shows a defect" in line for line in no_defect)

"""Every rule of the source pathway, on both sides of each threshold."""

import pytest

from pathway import Scenario, evaluate
from pathway.model import rules as R
from pathway.sources import rule_texts

# A case that meets every surgical criterion; tests change one thing at a time.
CANDIDATE = Scenario(weeks_conservative=16, formal_pt=True, pain="disabling", ct_stage="complete")
INTERVENTIONS = {"steroid_injection", "direct_pars_repair", "fusion"}


def case(**changes):
    return evaluate(CANDIDATE.replace(**changes))


def test_public_api_shape_matches_design():
    """The Assessment exposes the fields docs/design.md promises, with the exact criteria keys."""
    a = evaluate(CANDIDATE)
    assert isinstance(a.options, frozenset) and isinstance(a.warnings, frozenset)
    assert set(a.criteria) == {
        "failed_conservative_care",
        "functional_limitation",
        "imaging_confirmed",
        "no_significant_listhesis",
    }
    assert a.options <= set(R.OPTIONS)
    assert all(w in rule_texts.WARNINGS for w in a.warnings)
    assert {w.path for w in a.windows} == {"conservative", "surgical"}
    assert {w.layer for w in a.windows} == {"pathway", "evidence"}
    assert isinstance(a.sources, tuple) and a.sources == tuple(sorted(set(a.sources)))


@pytest.mark.parametrize(
    ("weeks", "warned"),
    [
        pytest.param(5, True, id="week5-inside-6-week-minimum"),
        pytest.param(6, False, id="week6-minimum-trial-done"),
    ],
)
def test_six_week_minimum_trial(weeks, warned):
    """Before week 6 the case is in the minimum trial (S02); from week 6 it is not."""
    a = case(weeks_conservative=weeks)
    assert ("before_minimum_trial" in a.warnings) is warned
    assert not (a.options & INTERVENTIONS)
    assert ("S02" in a.sources) is warned


@pytest.mark.parametrize(
    ("weeks", "open_"),
    [
        pytest.param(12, False, id="week12-too-early-for-interventions"),
        pytest.param(13, True, id="week13-three-months-interventions-open"),
    ],
)
def test_interventions_open_at_three_months_of_failed_care(weeks, open_):
    """Injection and direct repair open at 13 weeks (3 months) of failed care, not before."""
    a = case(weeks_conservative=weeks)
    assert ("steroid_injection" in a.options) is open_
    assert ("direct_pars_repair" in a.options) is open_
    assert a.criteria["failed_conservative_care"] is open_
    assert a.surgical_candidate is open_
    assert ("too_early_for_surgery" in a.warnings) is not open_


def test_closed_injection_says_when_it_opens():
    """A closed option carries the week it opens; its reason names the threshold, not the
    weeks done (the card says those), so it reads the same at week 9 and at week 10."""
    a = case(weeks_conservative=9)
    step = next(s for s in a.closed_steps if s.option == "steroid_injection")
    assert step.opens_at_week == 13 and "from week 13" in step.reason
    later = next(s for s in case(weeks_conservative=10).closed_steps if s.option == "steroid_injection")
    assert later.reason == step.reason
    assert "S12" in step.sources


@pytest.mark.parametrize(
    ("formal_pt", "candidate"),
    [
        pytest.param(False, False, id="no-formal-pt-no-surgery"),
        pytest.param(True, True, id="formal-pt-documented-surgery-possible"),
    ],
)
def test_no_surgery_without_formal_physical_therapy(formal_pt, candidate):
    """The pitfall: no surgery without structured care including formal PT (S26)."""
    a = case(formal_pt=formal_pt)
    assert a.surgical_candidate is candidate
    assert ("direct_pars_repair" in a.options) is candidate
    assert ("formal_pt_missing" in a.warnings) is not candidate


@pytest.mark.parametrize(
    ("pain", "injection", "surgery"),
    [
        pytest.param("none", False, False, id="pain-free-nothing-to-treat"),
        pytest.param("mild", True, False, id="mild-pain-injection-only"),
        pytest.param("disabling", True, True, id="disabling-pain-injection-or-repair"),
    ],
)
def test_pain_decides_between_injection_and_surgery(pain, injection, surgery):
    """Persisting symptoms open the injection (S12); surgery needs limiting pain (S23)."""
    a = case(pain=pain)
    assert ("steroid_injection" in a.options) is injection
    assert ("direct_pars_repair" in a.options) is surgery
    assert a.criteria["functional_limitation"] is (pain == "disabling")


@pytest.mark.parametrize(
    ("stage", "confirmed"),
    [
        pytest.param("not_done", False, id="no-ct-not-confirmed"),
        pytest.param("stress_reaction", False, id="stress-reaction-no-defect"),
        pytest.param("incomplete", True, id="incomplete-fracture-confirmed"),
        pytest.param("complete", True, id="complete-fracture-confirmed"),
        pytest.param("old_defect", True, id="old-sclerotic-defect-confirmed"),
    ],
)
def test_imaging_confirmation_criterion(stage, confirmed):
    """Only a CT-shown defect meets the imaging criterion (S24, I6); the injection needs it too (I7)."""
    a = case(ct_stage=stage)
    assert a.criteria["imaging_confirmed"] is confirmed
    assert a.surgical_candidate is confirmed
    assert ("steroid_injection" in a.options) is confirmed


@pytest.mark.parametrize(
    ("stage", "reason"),
    [
        pytest.param("not_done", "a CT comes first", id="no-ct-ct-first"),
        pytest.param("stress_reaction", "stress reaction is not a defect", id="stress-reaction-no-injection"),
    ],
)
def test_injection_waits_for_an_imaged_defect(stage, reason):
    """After failed care, no CT means the CT first; a stress reaction alone opens no injection (S13, S08)."""
    a = case(ct_stage=stage, pain="mild")
    assert "steroid_injection" not in a.options
    step = next(s for s in a.closed_steps if s.option == "steroid_injection")
    assert reason in step.reason and "I7" in step.interpretations
    assert ("ct_scan" in a.options) is (stage == "not_done")


@pytest.mark.parametrize(
    ("grade", "repair", "fusion"),
    [
        pytest.param(0, True, False, id="no-slip-direct-repair"),
        pytest.param(1, True, False, id="grade1-not-significant-repair"),
        pytest.param(2, False, True, id="grade2-significant-fusion-instead"),
        # Grade III-IV after a fall is outside the pathway (I14): no routine fusion at week 16,
        # the urgent assessment decides (tests/test_engine_review.py).
        pytest.param(3, False, False, id="grade3-outside-pathway-no-routine-fusion"),
    ],
)
def test_significant_spondylolisthesis_means_fusion(grade, repair, fusion):
    """Meyerding II or more is significant: fusion instead of direct repair (S25, I1)."""
    a = case(listhesis_grade=grade)
    assert ("direct_pars_repair" in a.options) is repair
    assert ("fusion" in a.options) is fusion
    assert a.criteria["no_significant_listhesis"] is repair
    assert a.surgical_candidate is repair
    assert ("significant_listhesis" in a.warnings) is fusion


def test_slip_before_three_months_gives_no_fusion_yet():
    """A significant slip does not bring surgery forward: fusion waits for failed care."""
    a = case(listhesis_grade=2, weeks_conservative=8)  # grade III+ is outside the pathway (I14)
    assert "fusion" not in a.options
    step = next(s for s in a.closed_steps if s.option == "fusion")
    assert step.opens_at_week == 13


@pytest.mark.parametrize(
    ("pain", "rts"),
    [
        pytest.param("none", True, id="pain-free-return-to-sport"),
        pytest.param("mild", False, id="mild-pain-no-return"),
    ],
)
def test_return_to_sport_only_when_pain_free(pain, rts):
    """Return to sport only when completely pain-free (S07, S33)."""
    a = case(pain=pain)
    assert ("return_to_sport" in a.options) is rts
    if not rts:
        step = next(s for s in a.closed_steps if s.option == "return_to_sport")
        assert "pain-free" in step.reason and "S07" in step.sources


@pytest.mark.parametrize(
    ("ct_stage", "mri", "expected"),
    [
        pytest.param("not_done", None, {"ct_scan", "mri"}, id="no-imaging-both-ordered"),
        pytest.param("complete", None, {"mri"}, id="ct-done-mri-still-ordered"),
        pytest.param("not_done", False, {"ct_scan"}, id="mri-done-ct-still-ordered"),
        pytest.param("incomplete", True, set(), id="both-done-none-ordered"),
    ],
)
def test_imaging_orders(ct_stage, mri, expected):
    """CT when the stage is unknown (S08); MRI for oedema when not done (S10)."""
    a = evaluate(Scenario(ct_stage=ct_stage, mri_edema=mri))
    assert a.options & {"ct_scan", "mri"} == expected


def test_conservative_care_is_first_line():
    """At the start, the four conservative measures are open and nothing else but imaging."""
    a = evaluate(Scenario())
    assert a.options == {"activity_modification", "nsaids", "bracing", "physical_therapy", "ct_scan", "mri"}
    assert a.stage == "minimum_trial"
    assert "6-week minimum" in a.summary


@pytest.mark.parametrize(
    ("laterality", "warned"),
    [
        pytest.param("bilateral", True, id="bilateral-longer-course"),
        pytest.param("unilateral", False, id="unilateral-no-caution"),
    ],
)
def test_bilateral_may_need_longer_course(laterality, warned):
    """Bilateral defects may need a longer conservative course (S28)."""
    assert ("bilateral_longer_course" in case(laterality=laterality).warnings) is warned


@pytest.mark.parametrize(
    ("activity", "weeks", "flag", "surgery"),
    [
        pytest.param("professional", 5, False, False, id="pro-week5-still-minimum-trial"),
        pytest.param("professional", 6, True, False, id="pro-week6-early-surgical-opinion"),
        pytest.param("professional", 12, True, False, id="pro-week12-still-flagged"),
        pytest.param("professional", 13, False, True, id="pro-week13-caution-quiet-surgery-possible"),
        pytest.param("competitive", 6, False, False, id="competitive-week6-no-flag"),
    ],
)
def test_professional_athletes_get_earlier_consideration(activity, weeks, flag, surgery):
    """Pros are flagged for a surgical opinion after 6 weeks; surgery still waits (S29, S26)."""
    a = case(activity=activity, weeks_conservative=weeks)
    assert ("professional_athlete" in a.warnings) is flag
    assert ("direct_pars_repair" in a.options) is surgery


@pytest.mark.parametrize(
    ("age", "repair"),
    [pytest.param(30, True, id="age30-young-repair-open"), pytest.param(31, False, id="age31-repair-closed")],
)
def test_direct_repair_only_for_young_patients(age, repair):
    """S16 indicates direct repair for young patients: over 30 (I5) it is a closed step with its reason."""
    a = case(age=age)
    assert ("direct_pars_repair" in a.options) is repair
    assert a.repair_indicated is repair
    assert ("older_than_young" in a.warnings) is not repair
    assert a.surgical_candidate  # the four criteria still hold (docs/design.md contract)
    assert "steroid_injection" in a.options
    assert "fusion" not in a.options  # no operation the source does not name
    if not repair:
        step = next(s for s in a.closed_steps if s.option == "direct_pars_repair")
        assert "young patients" in step.reason and "I5" in step.interpretations
        assert a.stage == "not_young" and "not offered" in a.summary
        assert a.surgery_month is None and "30" in a.surgery_note


@pytest.mark.parametrize(
    ("pain", "surgical_windows"),
    [
        pytest.param("disabling", True, id="disabling-shows-surgical-window"),
        pytest.param("mild", False, id="mild-no-surgical-window"),
    ],
)
def test_return_windows(pain, surgical_windows):
    """Pathway windows 3-6 (conservative) and 3-5 (surgical) months, evidence beside them."""
    a = case(pain=pain)
    cons = a.windows_for("conservative", "pathway")
    assert (cons.start_month, cons.end_month) == (3.0, 6.0) and "S33" in cons.refs
    ev = a.windows_for("conservative", "evidence")
    assert (ev.start_month, ev.end_month) == (3.7, 5.5) and ev.population
    surg = a.windows_for("surgical", "pathway")
    assert (surg is not None) is surgical_windows
    if surg:
        assert (surg.start_month, surg.end_month) == (3.0, 5.0)
        published = a.windows_for("surgical", "evidence")
        assert published.start_month >= 6.0  # published repair return is later: both shown


@pytest.mark.parametrize(
    ("weeks", "month"),
    [
        pytest.param(4, 3.0, id="before-3-months-surgery-at-month-3"),
        pytest.param(26, 6.0, id="after-3-months-surgery-now"),
    ],
)
def test_earliest_surgery_month(weeks, month):
    """Surgery could happen at 3 months at the earliest, or now if later."""
    assert case(weeks_conservative=weeks).surgery_month == pytest.approx(month)


@pytest.mark.parametrize(
    ("weeks", "phrase"),
    [
        pytest.param(13, "window", id="week13-window-opens"),
        pytest.param(25, "window", id="week25-still-window"),
        pytest.param(26, "has failed", id="week26-full-course-failed"),
    ],
)
def test_weeks_13_to_26_are_a_window_not_failure(weeks, phrase):
    """From 13 to 26 weeks intervention may be considered (I2); 'failed' only after the full course."""
    a = case(weeks_conservative=weeks)
    assert phrase in a.summary
    assert ("has failed" in a.summary) is (weeks >= 26)
    assert ("longer course" in a.summary) is (weeks < 26)  # bilateral caution (S28)


@pytest.mark.parametrize(
    ("changes", "month"),
    [
        pytest.param({}, 16 / R.WEEKS_PER_MONTH, id="candidate-has-a-month"),
        pytest.param({"formal_pt": False}, None, id="no-pt-no-month"),
        pytest.param({"ct_stage": "not_done"}, None, id="no-ct-no-month"),
        pytest.param({"ct_stage": "stress_reaction"}, None, id="stress-reaction-no-month"),
        pytest.param({"pain": "mild"}, None, id="mild-pain-no-month"),
        pytest.param({"age": 45}, None, id="age45-no-month"),
        pytest.param({"age": 45, "listhesis_grade": 2}, 16 / R.WEEKS_PER_MONTH, id="age45-slip-fusion-month"),
    ],
)
def test_surgery_month_only_when_surgery_can_open(changes, month):
    """The earliest-surgery month exists only where surgery can open (I13); else a reason, no month."""
    a = case(**changes)
    if month is None:
        assert a.surgery_month is None and a.surgery_note.startswith("No surgery month")
        assert a.windows_for("surgical", "pathway") is None
    else:
        assert a.surgery_month == pytest.approx(month) and a.surgery_note == ""


def test_no_pt_note_names_formal_physical_therapy():
    """Week 14 without formal PT: no month, and the reason says PT must be documented (S26)."""
    a = case(weeks_conservative=14, formal_pt=False)
    assert a.surgery_month is None and "formal physical therapy" in a.surgery_note


def test_fusion_case_gets_no_repair_windows():
    """The surgical windows are for direct repair (S33); a fusion case is shown none (I10)."""
    a = case(listhesis_grade=2, weeks_conservative=20)
    assert "fusion" in a.options and a.surgery_month is not None
    assert {w.path for w in a.windows} == {"conservative"}
    assert a.windows_for("conservative", "evidence") is None  # published means: no-slip cohorts


@pytest.mark.parametrize(
    ("weeks", "ct_stage", "rts"),
    [
        pytest.param(2, "not_done", False, id="pain-free-week2-no-ct-no-return"),
        pytest.param(12, "complete", False, id="pain-free-week12-not-yet"),
        pytest.param(13, "complete", True, id="pain-free-week13-graded-return"),
        pytest.param(16, "complete", True, id="pain-free-week16-graded-return"),
        pytest.param(16, "not_done", False, id="pain-free-week16-ct-first"),
    ],
)
def test_pain_free_is_necessary_not_sufficient(weeks, ct_stage, rts):
    """Pain-free keeps the programme and the CT (I9); a graded return from week 13 once staged."""
    a = evaluate(Scenario(weeks_conservative=weeks, pain="none", ct_stage=ct_stage, formal_pt=True))
    assert {"activity_modification", "physical_therapy", "bracing"} <= a.options
    assert "nsaids" not in a.options
    assert ("ct_scan" in a.options) is (ct_stage == "not_done")
    assert ("return_to_sport" in a.options) is rts
    assert not a.options & INTERVENTIONS
    assert "I9" in a.interpretations
    if rts:
        step = next(s for s in a.open_steps if s.option == "return_to_sport")
        assert "graded" in step.reason and "physical therapy continues" in step.reason
    else:
        step = next(s for s in a.closed_steps if s.option == "return_to_sport")
        assert step.reason.startswith("Not yet")
    assert ("pain_free_early" in a.warnings) is (weeks < 13)


def test_pain_free_changes_drop_lines_that_cannot_matter():
    """'What would change this' for a pain-free case says nothing about slips or surgery."""
    a = evaluate(Scenario(weeks_conservative=16, pain="none", ct_stage="complete", listhesis_grade=2))
    assert a.changes and not any("slip" in c or "fusion" in c for c in a.changes)


@pytest.mark.parametrize(
    ("grade", "caution"),
    [
        pytest.param(0, False, id="no-slip-no-caution"),
        pytest.param(1, True, id="grade1-grey-zone-caution"),
        pytest.param(2, False, id="grade2-significant-not-grey"),
    ],
)
def test_grade_one_slip_is_a_grey_zone(grade, caution):
    """A grade I slip is not 'no slip': a caution beside an open repair (I1)."""
    a = case(listhesis_grade=grade)
    assert ("low_grade_slip" in a.warnings) is caution
    assert ("direct_pars_repair" in a.options) is (grade < 2)


@pytest.mark.parametrize(
    ("ct_stage", "mri", "caution"),
    [
        pytest.param("complete", True, True, id="oedema-beside-complete-fracture-active"),
        pytest.param("incomplete", True, True, id="oedema-beside-incomplete-fracture-active"),
        pytest.param("complete", False, False, id="no-oedema-no-caution"),
        pytest.param("stress_reaction", True, False, id="oedema-without-fracture-line"),
    ],
)
def test_oedema_beside_a_fracture_means_an_active_lesion(ct_stage, mri, caution):
    """MRI oedema with a CT fracture: still active and may unite (S10, S30; I12)."""
    a = case(ct_stage=ct_stage, mri_edema=mri)
    assert ("active_lesion" in a.warnings) is caution
    detail = next(c for c in a.criteria_detail if c.key == "imaging_confirmed").detail
    assert ("still active" in detail) is caution
    assert "not a defect" not in detail or ct_stage == "stress_reaction"


@pytest.mark.parametrize(
    ("laterality", "grade", "flag"),
    [
        pytest.param("unilateral", 1, True, id="unilateral-with-slip-implausible"),
        pytest.param("unilateral", 0, False, id="unilateral-no-slip-plausible"),
        pytest.param("bilateral", 3, False, id="bilateral-slip-plausible"),
    ],
)
def test_unilateral_defect_with_a_slip_is_flagged(laterality, grade, flag):
    """An isthmic slip needs defects on both sides: a one-sided defect with a slip is flagged [48]."""
    assert ("unilateral_slip" in case(laterality=laterality, listhesis_grade=grade).warnings) is flag


def test_grade_two_reads_not_a_candidate_for_repair():
    """A grade II case says 'not a candidate for direct repair; fusion instead'."""
    a = case(listhesis_grade=2, weeks_conservative=20)
    step = next(s for s in a.closed_steps if s.option == "direct_pars_repair")
    assert "Not a candidate for direct repair" in step.reason and "fusion" in step.reason
    assert "not a candidate for direct repair" in a.summary


def test_repair_names_the_techniques_when_open():
    """An open direct repair names the source's techniques (S17-S20)."""
    step = next(s for s in case().open_steps if s.option == "direct_pars_repair")
    assert {"S17", "S18", "S19", "S20"} <= set(step.sources) and "Buck" in step.reason


def test_every_interpretation_id_used_exists():
    """Every I-id a step, caution, criterion or text names is one of rules.INTERPRETATIONS."""
    import re

    from pathway.resident.provenance import edge_scenarios

    known = {i.id for i in rule_texts.INTERPRETATIONS}
    texts = [t for t, _ in rule_texts.WARNINGS.values()] + [i.text for i in rule_texts.INTERPRETATIONS]
    for n, scenario in enumerate(edge_scenarios()):
        if n % 7:
            continue
        a = evaluate(scenario)
        assert set(a.interpretations) <= known, scenario
        texts += [a.summary, *a.changes, a.surgery_note]
        texts += [s.reason for s in a.open_steps + a.closed_steps]
        texts += [c.detail for c in a.criteria_detail]
    named = {m for t in texts for m in re.findall(r"\bI\d+\b", t)}
    assert named and named <= known


def test_summary_and_reasons_agree_with_values():
    """The sentence a page shows matches the values (no 'can be considered' when closed)."""
    a = case()
    assert a.surgical_candidate and "direct pars repair can be considered" in a.summary
    b = case(weeks_conservative=10)
    assert "week 13" in b.summary and not b.surgical_candidate


def test_fast_decision_agrees_with_explanation_on_every_edge_case():
    """evaluate()'s options match the open steps it explains, on every threshold edge."""
    from pathway.model.engine import _WARNING_ORDER
    from pathway.resident.provenance import edge_scenarios

    assert list(_WARNING_ORDER) == list(rule_texts.WARNINGS)
    for scenario in edge_scenarios():
        a = evaluate(scenario)
        # A referral (R.REFERRALS) is an open step but never an option: only a case outside
        # the pathway has one (I14).
        assert a.options == {s.option for s in a.open_steps if s.option in R.OPTIONS}, scenario
        referrals = {s.option for s in a.open_steps} - set(R.OPTIONS)
        assert referrals == ({"urgent_spine_assessment"} if a.stage == "outside_pathway" else set())
        assert not a.options & {s.option for s in a.closed_steps}, scenario
        assert {al.id for al in a.alerts} == a.warnings, scenario
        assert all(c.met is a.criteria[c.key] for c in a.criteria_detail), scenario


def test_assessment_is_immutable():
    """An Assessment cannot be changed after the fact (frozen), like Scenario."""
    import dataclasses

    a = evaluate(CANDIDATE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.surgical_candidate = False

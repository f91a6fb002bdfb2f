"""evaluate(Scenario) -> Assessment: where a case stands on the pathway.

The decision only: options, candidacy criteria, caution ids, stage id, windows. It reads no
file. What a page says about it (steps with reasons, alerts, the summary) is built by
explain.py the first time a page asks, so sweeping evaluate() over every case stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from pathway.model import rules as R
from pathway.model.explain import Explanation, explain
from pathway.model.scenario import Scenario
from pathway.model.summary import stage_interpretations
from pathway.model.types import CONFIRMED_STAGES, FRACTURE_LINE_STAGES, Window, weeks_to_months


class _Explained:
    """An Assessment attribute that reads the field of the same name from its Explanation."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, a: Assessment | None, owner: type | None = None):
        return self if a is None else getattr(a.explanation, self.name)


@dataclass(frozen=True)
class Assessment:
    """Everything a page shows about a case: values, reasons and source ids together.

    The decision (options, criteria, warnings, stage, windows) is computed by evaluate();
    the explanation (steps with reasons, alerts, summary, sources) is built from the same
    facts the first time a page asks for it (``explanation``). tests/test_rules.py checks the
    two agree on every edge case.

    ``surgical_candidate`` means the four candidacy criteria hold (S22-S25).
    ``repair_indicated`` says whether direct repair is for this patient at all: young (S16,
    I5) and no significant slip (S25, I1). ``surgery_month`` is the earliest month surgery
    could happen, only where surgery can open for the case (I13); otherwise
    ``surgery_note`` says why there is no month.
    """

    scenario: Scenario
    stage: str
    options: frozenset[str]
    surgical_candidate: bool
    criteria: dict[str, bool]
    warnings: frozenset[str]
    windows: tuple[Window, ...]
    surgery_month: float | None
    repair_indicated: bool = True
    surgery_note: str = ""

    def windows_for(self, path: str, layer: str) -> Window | None:
        for w in self.windows:
            if w.path == path and w.layer == layer:
                return w
        return None

    @cached_property
    def explanation(self) -> Explanation:
        """The words for a resident: steps, alerts, criteria detail, summary, sources."""
        return explain(self)

    # The Explanation's fields, read through (tuple[Step, ...], str, ...: see Explanation).
    summary = _Explained()
    open_steps = _Explained()
    closed_steps = _Explained()
    criteria_detail = _Explained()
    alerts = _Explained()
    changes = _Explained()
    sources = _Explained()  # source sentence ids behind this assessment, sorted
    interpretations = _Explained()  # I-ids that decide something in this assessment

    @property
    def stage_interpretations(self) -> tuple[str, ...]:
        """Interpretation ids behind the summary sentence (where the case stands)."""
        return stage_interpretations(self.stage)


# Evidence-layer windows: ranges of the reported mean times to return to sport
# (data/references.csv numbers; figures from shared/evidence/published-figures.md).
EVIDENCE_CONSERVATIVE = Window(
    "conservative",
    "evidence",
    3.7,  # weighted mean, 390 non-operative athletes [18]
    5.5,  # 5.4-5.5 months, review of two studies [20]; 4.6 months in [19] lies between
    ("18", "19", "20"),
    "Published: mean return to sport 3.7-5.5 months",
    "Athletes, mostly adolescents (systematic reviews)",
)
EVIDENCE_SURGICAL = Window(
    "surgical",
    "evidence",
    6.0,  # mean 6 months (range 3-10), intralaminar screw repair [30]
    7.9,  # weighted mean, 174 surgical athletes [18]; 6.8 [19] and 7 [27] lie between
    ("30", "19", "27", "18"),
    "Published: mean return to sport 6-8 months after repair",
    "Athletes, adolescents and young adults (reviews and case series)",
)
PATHWAY_CONSERVATIVE = Window(
    "conservative",
    "pathway",
    *R.CONSERVATIVE_RTS_MONTHS,
    ("S07", "S33"),
    "Source: return to sport typically 3-6 months with conservative care",
)
PATHWAY_SURGICAL = Window(
    "surgical",
    "pathway",
    *R.SURGICAL_RTS_MONTHS,
    ("S33",),
    "Source: return to sport typically 3-5 months after surgical repair",
)


_WINDOWS_CONSERVATIVE = (PATHWAY_CONSERVATIVE, EVIDENCE_CONSERVATIVE)
# The published windows come from young athletes with spondylolysis, without a significant
# slip (I10): other cases keep the source's windows only.
_WINDOWS_SOURCE_ONLY = (PATHWAY_CONSERVATIVE,)
# Both surgical windows are for direct repair (S33 "for surgical repair"; the published means
# are repair series): a fusion case gets none (I10).
_WINDOWS_REPAIR = (PATHWAY_CONSERVATIVE, EVIDENCE_CONSERVATIVE, PATHWAY_SURGICAL, EVIDENCE_SURGICAL)
_WINDOWS_REPAIR_SOURCE_ONLY = (PATHWAY_CONSERVATIVE, PATHWAY_SURGICAL)


def evaluate(scenario: Scenario) -> Assessment:
    """Apply every rule of the source pathway to one case."""
    s = scenario
    weeks = s.weeks_conservative
    pain_free = s.pain == "none"  # S07, S33
    minimum_done = weeks >= R.CONSERVATIVE_MINIMUM_WEEKS  # S02
    in_window = weeks >= R.CONSERVATIVE_FAILURE_WEEKS  # S12, S22 (I2)
    course_done = in_window and s.formal_pt  # S22, S26 (I2, I3)
    significant_slip = s.listhesis_grade >= R.SIGNIFICANT_LISTHESIS_GRADE  # S25 (I1)
    outside = s.listhesis_grade >= R.HIGH_GRADE_LISTHESIS_GRADE  # outside this pathway (I14)
    failed = course_done and not pain_free
    limiting = s.pain == "disabling"  # S23
    confirmed = s.ct_stage in CONFIRMED_STAGES  # S24 (I6)
    young = s.age <= R.YOUNG_AGE_LIMIT  # S16 (I5)
    criteria = {
        "failed_conservative_care": failed,
        "functional_limitation": limiting,
        "imaging_confirmed": confirmed,
        "no_significant_listhesis": not significant_slip,
    }
    candidate = failed and limiting and confirmed and not significant_slip
    repair_indicated = young and not significant_slip
    fusion_case = failed and limiting and confirmed and significant_slip and not outside

    if outside:
        # I14: no routine course; rest from aggravating activities and pain control until the
        # urgent spine surgical assessment (a referral step, not an option), imaging as usual.
        opts = set(_OUTSIDE_PATHWAY_CARE)  # S03, S04
    elif pain_free:
        opts = set(_PAIN_FREE_PROGRAMME)  # I9: the programme goes on (S01, S03, S05, S06)
        if in_window and s.ct_stage != "not_done":
            opts.add("return_to_sport")  # S07, S33 (I9)
    else:
        opts = set(R.CONSERVATIVE_OPTIONS)  # S01, S03-S06
        if failed and confirmed:
            opts.add("steroid_injection")  # S12, S13 (I3, I7)
        if candidate and young:
            opts.add("direct_pars_repair")  # S16, S21-S25 (I5)
        if fusion_case:
            opts.add("fusion")  # S25
        if repeat_imaging_due(s):
            opts.update(R.IMAGING_OPTIONS)  # S08, S10 (I16): re-stage the stress reaction
    if s.ct_stage == "not_done":
        opts.add("ct_scan")  # S08
    if s.mri_edema is None:
        opts.add("mri")  # S10

    # I13: a month only where surgery can open for this case.
    surgery_possible = (
        s.formal_pt and limiting and confirmed and (repair_indicated or significant_slip) and not outside
    )
    if surgery_possible:
        surgery_month = max(weeks_to_months(weeks), weeks_to_months(R.CONSERVATIVE_FAILURE_WEEKS))
        surgery_note = ""
    else:
        surgery_month = None
        surgery_note = _no_surgery_note(s, limiting, confirmed, young, significant_slip)

    windows = _windows(outside, surgery_possible, significant_slip, young)
    # Same as Assessment(...) without the frozen dataclass's per-field object.__setattr__:
    # evaluate() is swept over ~190,000 cases in the benchmark.
    a = object.__new__(Assessment)
    a.__dict__.update(
        scenario=s,
        stage="outside_pathway" if outside else _stage_id(s, minimum_done, candidate, fusion_case, young),
        options=frozenset(opts),
        surgical_candidate=candidate,
        criteria=criteria,
        warnings=_warnings(s, minimum_done, in_window, young),
        windows=windows,
        surgery_month=surgery_month,
        repair_indicated=repair_indicated,
        surgery_note=surgery_note,
    )
    return a


def _windows(
    outside: bool, surgery_possible: bool, significant_slip: bool, young: bool
) -> tuple[Window, ...]:
    """The return-to-activity windows that apply. I10: the published windows come from young
    athletes without a significant slip; I14: none for a case outside this pathway."""
    if outside:
        return ()
    if surgery_possible and not significant_slip:
        return _WINDOWS_REPAIR if young else _WINDOWS_REPAIR_SOURCE_ONLY
    if significant_slip or not young:
        return _WINDOWS_SOURCE_ONLY
    return _WINDOWS_CONSERVATIVE


_PAIN_FREE_PROGRAMME = ("activity_modification", "bracing", "physical_therapy")
_OUTSIDE_PATHWAY_CARE = ("activity_modification", "nsaids")


def repeat_imaging_due(s: Scenario) -> bool:
    """I16: a stress reaction that still limits function after 3 months is imaged again (S08)."""
    return (
        s.ct_stage == "stress_reaction"
        and s.pain == "disabling"
        and s.weeks_conservative >= R.CONSERVATIVE_FAILURE_WEEKS
        and s.listhesis_grade < R.HIGH_GRADE_LISTHESIS_GRADE
    )


def early_surgical_opinion(s: Scenario) -> bool:
    """I4: a professional athlete with pain that limits function and an imaged defect (S29, S24).

    A stress reaction is not a defect (I6): it gets complete rest from aggravating activities
    and, if it still disables at 3 months, repeat imaging (I16), not a surgical opinion."""
    return (
        s.activity == "professional"
        and s.pain == "disabling"
        and s.ct_stage in CONFIRMED_STAGES
        and s.listhesis_grade < R.HIGH_GRADE_LISTHESIS_GRADE
    )


def _no_surgery_note(s: Scenario, limiting: bool, confirmed: bool, young: bool, slip: bool) -> str:
    """Why the case has no earliest-surgery month (I13)."""
    if s.listhesis_grade >= R.HIGH_GRADE_LISTHESIS_GRADE:
        return (
            "No surgery month: a Meyerding grade III-IV slip after a fall is outside this pathway; "
            "the urgent spine surgical assessment decides (S25, I14)."
        )
    if not limiting:
        return (
            "No surgery month: surgery is only for pain that limits function (S16, S23)."
            if s.pain == "mild"
            else "No surgery month: the case is pain-free (S07)."
        )
    if not confirmed:
        return "No surgery month: not before imaging confirms a pars defect (S24, I6)."
    if not young and not slip:
        return (
            "No surgery month: direct repair is indicated for young patients (S16); this case "
            "is over the app's cut-off of 30 (I5)."
        )
    return "No surgery month: not before formal physical therapy is documented (S26, I3)."


def _stage_id(s: Scenario, minimum_done: bool, candidate: bool, fusion_case: bool, young: bool) -> str:
    """Where the case stands: one of types.STAGES, each with its row in content/rules/stages.csv."""
    if s.pain == "none":
        return "pain_free"
    if not minimum_done:
        return "minimum_trial"
    if s.weeks_conservative < R.CONSERVATIVE_FAILURE_WEEKS:
        return "conservative"
    if not s.formal_pt:
        return "pt_missing"
    if s.pain == "mild":
        return "failed_mild"
    if candidate:
        return "surgical_candidate" if young else "not_young"
    return "fusion" if fusion_case else "not_confirmed"


class Facts(NamedTuple):
    """What the cautions look at, one case reduced to the values that can change a caution."""

    pain: str
    minimum_done: bool  # week 6 reached (S02)
    in_window: bool  # week 13 reached (I2)
    formal_pt: bool
    bilateral: bool
    professional: bool
    slip_grade: int
    oedema_at_fracture: bool  # MRI oedema beside a CT fracture line (S10, S30; I12)
    young: bool  # up to 30 (I5)
    ct_stage: str  # the CT stage (S08): a defect is imaged in CONFIRMED_STAGES (I6)


def _symptomatic(f: Facts) -> bool:
    return f.pain != "none"


def _significant_slip(f: Facts) -> bool:
    return f.slip_grade >= R.SIGNIFICANT_LISTHESIS_GRADE  # S25 (I1)


def _outside_pathway(f: Facts) -> bool:
    return f.slip_grade >= R.HIGH_GRADE_LISTHESIS_GRADE  # Meyerding III-IV after a fall (I14)


# When each caution shows, keyed by its id in content/rules/warnings.csv (same order: the
# alerts are listed in it). Conditions stay Python; their words are data.
#
# The order is the RANK of the cautions (clinical review N10): the result card shows the first
# that applies as the top caution, so the most case-specific, decision-changing ones come
# first (outside the pathway; pain-free early; no formal PT; an active or early, still-healing
# lesion; a grade I slip; age; slips; the professional's opinion), then the timing reminders,
# and the generic bilateral one last. tests/test_engine_cautions.py pins the order.
WHEN: dict[str, Callable[[Facts], bool]] = {
    "high_grade_slip": _outside_pathway,  # S25 (I14)
    "pain_free_early": lambda f: not _symptomatic(f) and not f.in_window,  # S07 (I9)
    "formal_pt_missing": lambda f: _symptomatic(f) and f.in_window and not f.formal_pt,  # S26 (I3)
    "active_lesion": lambda f: _symptomatic(f) and f.oedema_at_fracture,  # S10, S30 (I12)
    # S30, S27 (I11, I15): an incomplete (early-stage) fracture may still unite after 3 months.
    "early_fracture_may_unite": lambda f: _symptomatic(f) and f.ct_stage == "incomplete" and f.in_window,
    "low_grade_slip": lambda f: 0 < f.slip_grade < R.SIGNIFICANT_LISTHESIS_GRADE,  # grey zone (I1)
    "older_than_young": lambda f: _symptomatic(f) and not _significant_slip(f) and not f.young,  # S16 (I5)
    "significant_listhesis": _significant_slip,  # S25 (I1)
    "unilateral_slip": lambda f: not f.bilateral and f.slip_grade > 0,  # implausible [48]
    # S29, S24 (I4, I6): a stress reaction is not a defect: no early surgical opinion.
    "professional_stress_reaction": lambda f: (
        f.professional and _symptomatic(f) and f.ct_stage == "stress_reaction"
    ),
    # S29 (I4): an early opinion between week 6 and week 13 for an imaged defect; quiet once
    # surgery can open.
    "professional_athlete": lambda f: (
        f.professional
        and f.pain == "disabling"
        and f.ct_stage in CONFIRMED_STAGES
        and f.minimum_done
        and not f.in_window
    ),
    "too_early_for_surgery": lambda f: f.pain == "disabling" and not f.in_window,  # S26
    "before_minimum_trial": lambda f: _symptomatic(f) and not f.minimum_done,  # S02
    "bilateral_longer_course": lambda f: _symptomatic(f) and f.bilateral,  # S28 (I8)
}
_WARNING_ORDER = tuple(WHEN)
CAUTION_RANK: tuple[str, ...] = _WARNING_ORDER  # the top caution is the first that applies
# Outside the pathway (I14) the routine course's cautions (timing, PT, fusion, ...) do not
# apply: only these stay.
_OUTSIDE_PATHWAY_CAUTIONS = frozenset({"high_grade_slip", "unilateral_slip"})


def _warnings(s: Scenario, minimum_done: bool, in_window: bool, young: bool) -> frozenset[str]:
    return _warning_set(
        (
            s.pain,
            minimum_done,
            in_window,
            s.formal_pt,
            s.laterality == "bilateral",
            s.activity == "professional",
            s.listhesis_grade,
            s.mri_edema is True and s.ct_stage in FRACTURE_LINE_STAGES,
            young,
            s.ct_stage,
        )
    )


@lru_cache(maxsize=8192)
def _warning_set(facts: tuple) -> frozenset[str]:
    """The caution ids for one set of facts (about 5,000 distinct ones: cached)."""
    f = Facts(*facts)
    ids = frozenset(w for w, when in WHEN.items() if when(f))
    return ids & _OUTSIDE_PATHWAY_CAUTIONS if _outside_pathway(f) else ids

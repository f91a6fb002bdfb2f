"""evaluate(Scenario) -> Assessment: where a case stands on the pathway, and why."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from . import rules as R
from .scenario import Scenario, label


@dataclass(frozen=True)
class Window:
    """A return-to-activity window in months.

    Conservative windows count from the start of care, surgical ones from the day of
    surgery. ``refs`` holds source sentence ids (pathway layer) or reference numbers from
    data/references.csv (evidence layer).
    """

    path: str  # "conservative" | "surgical"
    layer: str  # "pathway" | "evidence"
    start_month: float
    end_month: float
    refs: tuple[str, ...]
    label: str
    population: str = ""


@dataclass(frozen=True)
class Step:
    """An option that is open, or one that is not open yet, with the reason and sources."""

    option: str
    reason: str
    sources: tuple[str, ...]
    opens_at_week: int | None = None

    @property
    def label(self) -> str:
        return R.OPTIONS[self.option]


@dataclass(frozen=True)
class Criterion:
    key: str
    met: bool
    wording: str
    detail: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Alert:
    id: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    """Everything a page shows about a case: values, reasons and source ids together.

    The decision (options, criteria, warnings, stage, windows) is computed by evaluate();
    the explanation (steps with reasons, alerts, summary, sources) is built from the same
    facts the first time a page asks for it, so sweeping the engine over every case stays
    fast. tests/test_rules.py checks the two agree on every edge case.
    """

    scenario: Scenario
    stage: str
    options: frozenset[str]
    surgical_candidate: bool
    criteria: dict[str, bool]
    warnings: frozenset[str]
    windows: tuple[Window, ...]
    surgery_month: float | None

    def windows_for(self, path: str, layer: str) -> Window | None:
        for w in self.windows:
            if w.path == path and w.layer == layer:
                return w
        return None

    @cached_property
    def _explained(self) -> dict:
        return _explain(self)

    @property
    def summary(self) -> str:
        return self._explained["summary"]

    @property
    def open_steps(self) -> tuple[Step, ...]:
        return self._explained["open_steps"]

    @property
    def closed_steps(self) -> tuple[Step, ...]:
        return self._explained["closed_steps"]

    @property
    def criteria_detail(self) -> tuple[Criterion, ...]:
        return self._explained["criteria_detail"]

    @property
    def alerts(self) -> tuple[Alert, ...]:
        return self._explained["alerts"]

    @property
    def changes(self) -> tuple[str, ...]:
        return self._explained["changes"]

    @property
    def sources(self) -> tuple[str, ...]:
        """Source sentence ids behind this assessment, sorted."""
        return self._explained["sources"]


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
_WINDOWS_SURGICAL = (PATHWAY_CONSERVATIVE, EVIDENCE_CONSERVATIVE, PATHWAY_SURGICAL, EVIDENCE_SURGICAL)


def weeks_to_months(weeks: float) -> float:
    return weeks / R.WEEKS_PER_MONTH


def evaluate(scenario: Scenario) -> Assessment:
    """Apply every rule of the source pathway to one case."""
    s = scenario
    weeks = s.weeks_conservative
    pain_free = s.pain == "none"  # S07, S33
    minimum_done = weeks >= R.CONSERVATIVE_MINIMUM_WEEKS  # S02
    course_done = weeks >= R.CONSERVATIVE_FAILURE_WEEKS and s.formal_pt  # S22, S26 (I2, I3)
    significant_slip = s.listhesis_grade >= R.SIGNIFICANT_LISTHESIS_GRADE  # S25 (I1)
    failed = course_done and not pain_free
    limiting = s.pain == "disabling"  # S23
    confirmed = s.ct_stage in ("incomplete", "complete")  # S24 (I6)
    criteria = {
        "failed_conservative_care": failed,
        "functional_limitation": limiting,
        "imaging_confirmed": confirmed,
        "no_significant_listhesis": not significant_slip,
    }
    candidate = failed and limiting and confirmed and not significant_slip
    fusion_case = failed and limiting and confirmed and significant_slip

    if pain_free:
        options = _RETURN_ONLY
    else:
        opts = set(R.CONSERVATIVE_OPTIONS)  # S01, S03-S06
        if s.ct_stage == "not_done":
            opts.add("ct_scan")  # S08
        if s.mri_edema is None:
            opts.add("mri")  # S10
        if failed:
            opts.add("steroid_injection")  # S12, S13
        if candidate:
            opts.add("direct_pars_repair")  # S16, S21-S25
        if fusion_case:
            opts.add("fusion")  # S25
        options = frozenset(opts)

    surgery_month = (
        max(weeks_to_months(weeks), weeks_to_months(R.CONSERVATIVE_FAILURE_WEEKS)) if limiting else None
    )
    # Same as Assessment(...) without the frozen dataclass's per-field object.__setattr__:
    # evaluate() is swept over ~150,000 cases in the benchmark.
    a = object.__new__(Assessment)
    a.__dict__.update(
        scenario=s,
        stage=_stage_id(s, minimum_done, candidate, fusion_case),
        options=options,
        surgical_candidate=candidate,
        criteria=criteria,
        warnings=_warnings(s, minimum_done, failed, significant_slip),
        windows=_WINDOWS_SURGICAL if limiting else _WINDOWS_CONSERVATIVE,
        surgery_month=surgery_month,
    )
    return a


_RETURN_ONLY = frozenset({"return_to_sport"})


def _stage_id(s: Scenario, minimum_done: bool, candidate: bool, fusion_case: bool) -> str:
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
        return "surgical_candidate"
    return "fusion" if fusion_case else "not_confirmed"


def _explain(a: Assessment) -> dict:
    """Steps with reasons, alerts, criteria detail, summary and sources for one assessment."""
    s = a.scenario
    weeks = s.weeks_conservative
    pain_free = s.pain == "none"
    criteria = a.criteria
    candidate = a.surgical_candidate
    failed = criteria["failed_conservative_care"]
    significant_slip = not criteria["no_significant_listhesis"]
    fusion_case = "fusion" in a.options

    open_steps: list[Step] = []
    closed_steps: list[Step] = []

    # Conservative care: first line, while there is pain (S01-S06).
    if not pain_free:
        open_steps += [
            Step(
                "activity_modification",
                "Rest from aggravating activities, above all hyperextension and rotation.",
                ("S01", "S03"),
            ),
            Step("nsaids", "For pain control in the acute phase.", ("S01", "S04")),
            Step(
                "bracing",
                "Consider a rigid lumbar orthosis to limit extension and rotation; the evidence is mixed.",
                ("S05",),
            ),
            Step(
                "physical_therapy",
                "Core stabilisation is the cornerstone of rehabilitation."
                + ("" if s.formal_pt else " Formal physical therapy is not documented yet."),
                ("S01", "S06"),
            ),
        ]
        # Imaging (S08, S10).
        if s.ct_stage == "not_done":
            open_steps.append(
                Step("ct_scan", "The fracture stage decides the treatment approach.", ("S08", "S09"))
            )
        if s.mri_edema is None:
            open_steps.append(
                Step(
                    "mri",
                    "Shows bone-marrow oedema: an acute stress injury without complete lysis.",
                    ("S10",),
                )
            )

    # Interventional options (S02, S12, S13, S16, S21-S26).
    if pain_free:
        for option in R.INTERVENTIONAL_OPTIONS:
            closed_steps.append(Step(option, "Not needed: the case is pain-free.", ("S07", "S12")))
    else:
        wait = _wait_reason(weeks, s.formal_pt)
        opens = _opens_at(weeks)
        if failed:
            open_steps.append(
                Step(
                    "steroid_injection",
                    "Symptoms persist after 3-6 months of conservative care: an injection at "
                    "the pars defect can relieve pain, is a reasonable step before surgery and "
                    "may allow a return to sport with occasional repeats.",
                    ("S12", "S13", "S14", "S15"),
                )
            )
        else:
            closed_steps.append(Step("steroid_injection", wait, ("S02", "S12", "S13"), opens))

        if candidate:
            open_steps.append(
                Step(
                    "direct_pars_repair",
                    "All four candidacy criteria hold: persistent disabling pain after failed "
                    "conservative care, a confirmed defect and no significant slip.",
                    ("S16", "S21", "S22", "S23", "S24", "S25"),
                )
            )
        else:
            closed_steps.append(
                Step(
                    "direct_pars_repair",
                    _repair_reason(criteria, wait, significant_slip),
                    ("S16", "S21", "S22", "S23", "S24", "S25", "S26"),
                    opens if not failed else None,
                )
            )
        if fusion_case:
            open_steps.append(
                Step(
                    "fusion",
                    f"Meyerding grade {s.listhesis_grade} slip: significant spondylolisthesis "
                    "requires fusion instead of direct repair.",
                    ("S25", "S26"),
                )
            )
        elif significant_slip:
            closed_steps.append(
                Step(
                    "fusion",
                    "Fusion replaces repair when there is a significant slip, but only once the "
                    "other surgical criteria hold: "
                    + _missing(criteria, skip="no_significant_listhesis")
                    + ".",
                    ("S25", "S26"),
                    opens if not failed else None,
                )
            )
        else:
            closed_steps.append(
                Step(
                    "fusion",
                    "Only where there is significant spondylolisthesis (Meyerding II or more).",
                    ("S25",),
                )
            )

    # Return to sport (S07, S33).
    if pain_free:
        open_steps.append(
            Step(
                "return_to_sport",
                "Completely pain-free: a return to sport can begin.",
                ("S07", "S33"),
            )
        )
    else:
        closed_steps.append(
            Step(
                "return_to_sport",
                "Only once completely pain-free, which typically takes 3-6 months of conservative care.",
                ("S07", "S33"),
            )
        )

    alerts = tuple(Alert(w, *R.WARNINGS[w]) for w in _ordered(a.warnings, R.WARNINGS))
    criteria_detail = tuple(
        Criterion(key, criteria[key], wording, _criterion_detail(key, s), sources)
        for key, (wording, sources) in R.CRITERIA.items()
    )
    summary = _summary(a.stage, s)
    sources = sorted(
        {sid for step in open_steps for sid in step.sources}
        | {sid for al in alerts for sid in al.sources}
        | {sid for c in criteria_detail if c.met and not pain_free for sid in c.sources}
        | set(_STAGE_SOURCES[a.stage])
    )
    return {
        "open_steps": tuple(open_steps),
        "closed_steps": tuple(closed_steps),
        "alerts": alerts,
        "criteria_detail": criteria_detail,
        "summary": summary,
        "changes": tuple(_changes(s, criteria, weeks >= R.CONSERVATIVE_MINIMUM_WEEKS)),
        "sources": tuple(sources),
    }


_STAGE_SOURCES = {
    "pain_free": ("S07", "S33"),
    "minimum_trial": ("S01", "S02"),
    "conservative": ("S01", "S12"),
    "pt_missing": ("S26",),
    "failed_mild": ("S12", "S13", "S23"),
    "surgical_candidate": ("S12", "S16", "S21"),
    "fusion": ("S25",),
    "not_confirmed": ("S24",),
}


def _summary(stage: str, s: Scenario) -> str:
    """The one sentence that says where the case stands (the stage id decides it)."""
    w = s.weeks_conservative
    done = f"{w} week{'s' if w != 1 else ''} ({weeks_to_months(w):.1f} months)"
    texts = {
        "pain_free": f"Pain-free after {done} of care: return to sport can begin.",
        "minimum_trial": (
            f"Early conservative care, {done} in: still within the 6-week minimum trial, so "
            "no interventional option yet."
        ),
        "conservative": (
            f"Conservative care continues, {done} in: the minimum trial is over, but "
            f"interventions are considered only after 3-6 months (from week "
            f"{R.CONSERVATIVE_FAILURE_WEEKS})."
        ),
        "pt_missing": (
            f"{done.capitalize()} of care, but without formal physical therapy: conservative "
            "care is not complete, so it has not yet failed."
        ),
        "failed_mild": (
            f"Symptoms persist after {done}: a pars injection can be considered; surgery "
            "needs pain that limits function."
        ),
        "surgical_candidate": (
            f"Conservative care has failed after {done} and all four candidacy criteria hold: "
            "a pars injection or direct pars repair can be considered."
        ),
        "fusion": (
            f"Conservative care has failed after {done}, with a significant slip: an "
            "injection, or fusion instead of direct repair, can be considered."
        ),
        "not_confirmed": (
            f"Conservative care has failed after {done}, but imaging has not confirmed a pars "
            "defect: an injection can be considered; surgery needs CT/MRI confirmation."
        ),
    }
    return texts[stage]


def _wait_reason(weeks: int, formal_pt: bool) -> str:
    if weeks < R.CONSERVATIVE_MINIMUM_WEEKS:
        return (
            f"Not during the 6-week minimum trial, and only after 3-6 months of failed "
            f"conservative care (from week {R.CONSERVATIVE_FAILURE_WEEKS}); {weeks} weeks done."
        )
    if weeks < R.CONSERVATIVE_FAILURE_WEEKS:
        return (
            f"Only after 3-6 months of failed conservative care (from week "
            f"{R.CONSERVATIVE_FAILURE_WEEKS}); {weeks} weeks done."
        )
    if not formal_pt:
        return "Conservative care must include formal physical therapy before it counts as failed."
    return "Conservative care has not failed."


def _opens_at(weeks: int) -> int | None:
    if weeks < R.CONSERVATIVE_FAILURE_WEEKS:
        return R.CONSERVATIVE_FAILURE_WEEKS
    return None


_CRITERION_SHORT = {
    "failed_conservative_care": "failed conservative care",
    "functional_limitation": "pain that limits function",
    "imaging_confirmed": "a defect confirmed on CT/MRI",
    "no_significant_listhesis": "no significant slip",
}


def _missing(criteria: dict[str, bool], skip: str = "") -> str:
    missing = [_CRITERION_SHORT[k] for k, met in criteria.items() if not met and k != skip]
    return "needs " + ", ".join(missing) if missing else "all met"


def _repair_reason(criteria: dict[str, bool], wait: str, significant_slip: bool) -> str:
    if significant_slip:
        return "Significant spondylolisthesis requires fusion instead of direct repair."
    reason = "Surgical candidacy " + _missing(criteria) + "."
    if not criteria["failed_conservative_care"]:
        reason += " " + wait
    return reason


def _criterion_detail(key: str, s: Scenario) -> str:
    if key == "failed_conservative_care":
        pt = "with" if s.formal_pt else "without"
        return (
            f"{s.weeks_conservative} of {R.CONSERVATIVE_FAILURE_WEEKS}+ weeks, {pt} formal "
            f"physical therapy; pain: {label('pain', s.pain)}."
        )
    if key == "functional_limitation":
        return {"none": "No pain.", "mild": "Pain is mild.", "disabling": "Pain limits function."}[s.pain]
    if key == "imaging_confirmed":
        stage = s.ct_stage.replace("_", " ")
        return f"CT: {stage}." + (" MRI oedema shows stress injury, not a defect." if s.mri_edema else "")
    grade = s.listhesis_grade
    return "No slip." if grade == 0 else f"Meyerding grade {grade} slip."


def _warnings(s: Scenario, minimum_done: bool, failed: bool, significant_slip: bool) -> frozenset[str]:
    symptomatic = s.pain != "none"
    return _warning_set(
        symptomatic and not minimum_done,  # before_minimum_trial (S02)
        s.pain == "disabling" and s.weeks_conservative < R.CONSERVATIVE_FAILURE_WEEKS,  # S26
        symptomatic and s.weeks_conservative >= R.CONSERVATIVE_FAILURE_WEEKS and not s.formal_pt,
        symptomatic and s.laterality == "bilateral",  # S28
        s.activity == "professional" and s.pain == "disabling" and minimum_done,  # S29 (I4)
        significant_slip,  # S25
        not symptomatic and s.weeks_conservative < R.CONSERVATIVE_FAILURE_WEEKS,  # S07
        s.age > R.YOUNG_AGE_LIMIT,  # S16 (I5)
    )


_WARNING_ORDER = (
    "before_minimum_trial",
    "too_early_for_surgery",
    "formal_pt_missing",
    "bilateral_longer_course",
    "professional_athlete",
    "significant_listhesis",
    "pain_free_early",
    "older_than_young",
)


@lru_cache(maxsize=256)
def _warning_set(*flags: bool) -> frozenset[str]:
    return frozenset(w for w, on in zip(_WARNING_ORDER, flags, strict=True) if on)


def _ordered(ids: set[str], reference: dict[str, object]) -> list[str]:
    return [k for k in reference if k in ids]


def _changes(s: Scenario, criteria: dict[str, bool], minimum_done: bool) -> list[str]:
    """What would move this case along the pathway (each line cites its sentences)."""
    out: list[str] = []
    if s.pain != "none":
        out.append("Becoming completely pain-free would open the return to sport (S07, S33).")
    if s.pain != "none" and s.weeks_conservative < R.CONSERVATIVE_FAILURE_WEEKS:
        out.append(
            f"Reaching week {R.CONSERVATIVE_FAILURE_WEEKS} with formal physical therapy and "
            "pain still present would make conservative care count as failed and open the "
            "injection (S12, S22, S26)."
        )
    if s.pain != "none" and not s.formal_pt:
        out.append("Documenting formal physical therapy is required before surgery (S26).")
    if s.pain == "mild":
        out.append(
            "Pain that limits function, after failed care, would make surgery a candidate option (S23)."
        )
    if s.pain != "none" and not criteria["imaging_confirmed"]:
        out.append(
            "A CT showing an incomplete or complete fracture would meet the imaging criterion (S08, S24)."
        )
    if criteria["no_significant_listhesis"]:
        out.append("A slip of Meyerding grade II or more would mean fusion instead of direct repair (S25).")
    else:
        out.append("Without a significant slip, direct repair would replace fusion (S25).")
    if s.activity != "professional" and s.pain == "disabling":
        out.append("For a professional athlete, a surgical opinion would be considered earlier (S29).")
    return out

"""evaluate(Scenario) -> Assessment: where a case stands on the pathway, and why."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import rules as R
from .scenario import Scenario


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
    """Everything a page shows about a case: values, reasons and source ids together."""

    scenario: Scenario
    stage: str
    summary: str
    options: frozenset[str]
    open_steps: tuple[Step, ...]
    closed_steps: tuple[Step, ...]
    surgical_candidate: bool
    criteria: dict[str, bool]
    criteria_detail: tuple[Criterion, ...]
    warnings: frozenset[str]
    alerts: tuple[Alert, ...]
    changes: tuple[str, ...]
    windows: tuple[Window, ...]
    surgery_month: float | None
    sources: tuple[str, ...] = field(default=())

    def windows_for(self, path: str, layer: str) -> Window | None:
        for w in self.windows:
            if w.path == path and w.layer == layer:
                return w
        return None


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

    criteria = {
        "failed_conservative_care": course_done and not pain_free,
        "functional_limitation": s.pain == "disabling",  # S23
        "imaging_confirmed": s.ct_stage in ("incomplete", "complete"),  # S24 (I6)
        "no_significant_listhesis": not significant_slip,
    }
    candidate = all(criteria.values())
    failed = criteria["failed_conservative_care"]
    fusion_case = (
        failed and criteria["functional_limitation"] and criteria["imaging_confirmed"] and significant_slip
    )

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
        opens = _opens_at(weeks, s.formal_pt)
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

    warnings = _warnings(s, minimum_done, failed, significant_slip)
    alerts = tuple(Alert(w, *R.WARNINGS[w]) for w in _ordered(warnings, R.WARNINGS))
    criteria_detail = tuple(
        Criterion(key, criteria[key], wording, _criterion_detail(key, s), sources)
        for key, (wording, sources) in R.CRITERIA.items()
    )

    surgery_possible = s.pain == "disabling"
    surgery_month = (
        max(weeks_to_months(weeks), weeks_to_months(R.CONSERVATIVE_FAILURE_WEEKS))
        if surgery_possible
        else None
    )
    windows = (PATHWAY_CONSERVATIVE, EVIDENCE_CONSERVATIVE) + (
        (PATHWAY_SURGICAL, EVIDENCE_SURGICAL) if surgery_possible else ()
    )

    stage, summary = _stage(s, minimum_done, failed, candidate, fusion_case)
    sources = sorted(
        {sid for step in open_steps for sid in step.sources}
        | {sid for a in alerts for sid in a.sources}
        | {sid for c in criteria_detail if c.met and s.pain != "none" for sid in c.sources}
        | set(_STAGE_SOURCES[stage])
    )
    return Assessment(
        scenario=s,
        stage=stage,
        summary=summary,
        options=frozenset(step.option for step in open_steps),
        open_steps=tuple(open_steps),
        closed_steps=tuple(closed_steps),
        surgical_candidate=candidate,
        criteria=criteria,
        criteria_detail=criteria_detail,
        warnings=frozenset(warnings),
        alerts=alerts,
        changes=tuple(_changes(s, criteria, minimum_done)),
        windows=windows,
        surgery_month=surgery_month,
        sources=tuple(sources),
    )


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


def _stage(
    s: Scenario, minimum_done: bool, failed: bool, candidate: bool, fusion_case: bool
) -> tuple[str, str]:
    w = s.weeks_conservative
    done = f"{w} week{'s' if w != 1 else ''} ({weeks_to_months(w):.1f} months)"
    if s.pain == "none":
        return "pain_free", f"Pain-free after {done} of care: return to sport can begin."
    if not minimum_done:
        return (
            "minimum_trial",
            f"Early conservative care, {done} in: still within the 6-week minimum trial, so "
            "no interventional option yet.",
        )
    if w < R.CONSERVATIVE_FAILURE_WEEKS:
        return (
            "conservative",
            f"Conservative care continues, {done} in: the minimum trial is over, but "
            f"interventions are considered only after 3-6 months (from week "
            f"{R.CONSERVATIVE_FAILURE_WEEKS}).",
        )
    if not s.formal_pt:
        return (
            "pt_missing",
            f"{done.capitalize()} of care, but without formal physical therapy: conservative "
            "care is not complete, so it has not yet failed.",
        )
    if s.pain == "mild":
        return (
            "failed_mild",
            f"Symptoms persist after {done}: a pars injection can be considered; surgery "
            "needs pain that limits function.",
        )
    if candidate:
        return (
            "surgical_candidate",
            f"Conservative care has failed after {done} and all four candidacy criteria hold: "
            "a pars injection or direct pars repair can be considered.",
        )
    if fusion_case:
        return (
            "fusion",
            f"Conservative care has failed after {done}, with a significant slip: an "
            "injection, or fusion instead of direct repair, can be considered.",
        )
    return (
        "not_confirmed",
        f"Conservative care has failed after {done}, but imaging has not confirmed a pars "
        "defect: an injection can be considered; surgery needs CT/MRI confirmation.",
    )


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


def _opens_at(weeks: int, formal_pt: bool) -> int | None:
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
            f"physical therapy; pain: {s.pain}."
        )
    if key == "functional_limitation":
        return {"none": "No pain.", "mild": "Pain is mild.", "disabling": "Pain limits function."}[s.pain]
    if key == "imaging_confirmed":
        stage = s.ct_stage.replace("_", " ")
        return f"CT: {stage}." + (" MRI oedema shows stress injury, not a defect." if s.mri_edema else "")
    grade = s.listhesis_grade
    return "No slip." if grade == 0 else f"Meyerding grade {grade} slip."


def _warnings(s: Scenario, minimum_done: bool, failed: bool, significant_slip: bool) -> set[str]:
    w: set[str] = set()
    symptomatic = s.pain != "none"
    if symptomatic and not minimum_done:
        w.add("before_minimum_trial")
    if s.pain == "disabling" and s.weeks_conservative < R.CONSERVATIVE_FAILURE_WEEKS:
        w.add("too_early_for_surgery")
    if symptomatic and s.weeks_conservative >= R.CONSERVATIVE_FAILURE_WEEKS and not s.formal_pt:
        w.add("formal_pt_missing")
    if symptomatic and s.laterality == "bilateral":
        w.add("bilateral_longer_course")
    if s.activity == "professional" and s.pain == "disabling" and minimum_done:
        w.add("professional_athlete")
    if significant_slip:
        w.add("significant_listhesis")
    if not symptomatic and s.weeks_conservative < R.CONSERVATIVE_FAILURE_WEEKS:
        w.add("pain_free_early")
    if s.age > R.YOUNG_AGE_LIMIT:
        w.add("older_than_young")
    return w


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

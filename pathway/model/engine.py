"""evaluate(Scenario) -> Assessment: where a case stands on the pathway, and why."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from pathway.model import rules as R
from pathway.model.scenario import Scenario, label


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
    """An option that is open, or one that is not open yet, with the reason and sources.

    ``interpretations`` holds the ids of the app's readings (rules.INTERPRETATIONS) that
    decide this step, shown beside the source sentence ids.
    """

    option: str
    reason: str
    sources: tuple[str, ...]
    opens_at_week: int | None = None
    interpretations: tuple[str, ...] = ()

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
    interpretations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alert:
    id: str
    text: str
    sources: tuple[str, ...]
    interpretations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assessment:
    """Everything a page shows about a case: values, reasons and source ids together.

    The decision (options, criteria, warnings, stage, windows) is computed by evaluate();
    the explanation (steps with reasons, alerts, summary, sources) is built from the same
    facts the first time a page asks for it, so sweeping the engine over every case stays
    fast. tests/test_rules.py checks the two agree on every edge case.

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

    @property
    def interpretations(self) -> tuple[str, ...]:
        """Ids of the app's interpretations that decide something in this assessment."""
        return self._explained["interpretations"]

    @property
    def stage_interpretations(self) -> tuple[str, ...]:
        """Interpretation ids behind the summary sentence (where the case stands)."""
        return _STAGE_INTERPRETATIONS[self.stage]


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

# CT stages that show a pars defect (S24, I6).
CONFIRMED_STAGES = frozenset({"incomplete", "complete", "old_defect"})
# CT stages with a fracture line that may still unite (S30; I12 for oedema beside them).
FRACTURE_LINE_STAGES = frozenset({"incomplete", "complete"})


def weeks_to_months(weeks: float) -> float:
    return weeks / R.WEEKS_PER_MONTH


def evaluate(scenario: Scenario) -> Assessment:
    """Apply every rule of the source pathway to one case."""
    s = scenario
    weeks = s.weeks_conservative
    pain_free = s.pain == "none"  # S07, S33
    minimum_done = weeks >= R.CONSERVATIVE_MINIMUM_WEEKS  # S02
    in_window = weeks >= R.CONSERVATIVE_FAILURE_WEEKS  # S12, S22 (I2)
    course_done = in_window and s.formal_pt  # S22, S26 (I2, I3)
    significant_slip = s.listhesis_grade >= R.SIGNIFICANT_LISTHESIS_GRADE  # S25 (I1)
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
    fusion_case = failed and limiting and confirmed and significant_slip

    if pain_free:
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
    if s.ct_stage == "not_done":
        opts.add("ct_scan")  # S08
    if s.mri_edema is None:
        opts.add("mri")  # S10

    # I13: a month only where surgery can open for this case.
    surgery_possible = s.formal_pt and limiting and confirmed and (repair_indicated or significant_slip)
    if surgery_possible:
        surgery_month = max(weeks_to_months(weeks), weeks_to_months(R.CONSERVATIVE_FAILURE_WEEKS))
        surgery_note = ""
    else:
        surgery_month = None
        surgery_note = _no_surgery_note(s, limiting, confirmed, young, significant_slip)

    # I10: the published windows come from young athletes without a significant slip.
    if surgery_possible and not significant_slip:
        windows = _WINDOWS_REPAIR if young else _WINDOWS_REPAIR_SOURCE_ONLY
    elif significant_slip or not young:
        windows = _WINDOWS_SOURCE_ONLY
    else:
        windows = _WINDOWS_CONSERVATIVE
    # Same as Assessment(...) without the frozen dataclass's per-field object.__setattr__:
    # evaluate() is swept over ~150,000 cases in the benchmark.
    a = object.__new__(Assessment)
    a.__dict__.update(
        scenario=s,
        stage=_stage_id(s, minimum_done, candidate, fusion_case, young),
        options=frozenset(opts),
        surgical_candidate=candidate,
        criteria=criteria,
        warnings=_warnings(s, minimum_done, significant_slip),
        windows=windows,
        surgery_month=surgery_month,
        repair_indicated=repair_indicated,
        surgery_note=surgery_note,
    )
    return a


_PAIN_FREE_PROGRAMME = ("activity_modification", "bracing", "physical_therapy")


def _no_surgery_note(s: Scenario, limiting: bool, confirmed: bool, young: bool, slip: bool) -> str:
    """Why the case has no earliest-surgery month (I13)."""
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


def _in_window(weeks: int) -> bool:
    """Weeks 13-25: the window in which intervention may be considered (I2)."""
    return R.CONSERVATIVE_FAILURE_WEEKS <= weeks < R.CONSERVATIVE_FULL_COURSE_WEEKS


def _explain(a: Assessment) -> dict:
    """Steps with reasons, alerts, criteria detail, summary and sources for one assessment."""
    s = a.scenario
    weeks = s.weeks_conservative
    pain_free = s.pain == "none"
    criteria = a.criteria
    failed = criteria["failed_conservative_care"]
    significant_slip = not criteria["no_significant_listhesis"]
    young = s.age <= R.YOUNG_AGE_LIMIT
    fusion_case = "fusion" in a.options

    open_steps: list[Step] = []
    closed_steps: list[Step] = []

    if pain_free:
        # I9: pain-free is necessary, not sufficient; the programme goes on.
        open_steps += [
            Step(
                "activity_modification",
                "Keep avoiding hyperextension and rotation loads until the rehabilitation "
                "programme is done: pain-free is not yet healed.",
                ("S01", "S03"),
                interpretations=("I9",),
            ),
            Step(
                "bracing",
                "If a rigid orthosis is used, finish its planned course; the evidence is mixed.",
                ("S05",),
                interpretations=("I9",),
            ),
            Step(
                "physical_therapy",
                "Core stabilisation continues through the return to sport: it is the "
                "cornerstone of rehabilitation."
                + ("" if s.formal_pt else " Formal physical therapy is not documented yet."),
                ("S01", "S06"),
                interpretations=("I9",),
            ),
        ]
        closed_steps.append(
            Step("nsaids", "Not needed while pain-free: they are for pain control.", ("S04",))
        )
    else:
        # Conservative care: first line, while there is pain (S01-S06).
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

    # Imaging (S08, S10): the CT stays first whatever the pain (I9).
    if s.ct_stage == "not_done":
        open_steps.append(
            Step(
                "ct_scan",
                "The fracture stage decides the treatment approach"
                + (", and stages the defect before a return to sport." if pain_free else "."),
                ("S08", "S09"),
                interpretations=("I9",) if pain_free else (),
            )
        )
    if s.mri_edema is None:
        if s.ct_stage in FRACTURE_LINE_STAGES:
            mri_reason = (
                "Shows whether the lesion is still active: bone-marrow oedema beside a fracture "
                "line means it may still unite."
            )
            mri_interp: tuple[str, ...] = ("I12",)
        elif s.ct_stage == "old_defect":
            mri_reason = (
                "Shows whether there is still bone-marrow oedema (an active lesion) at the old defect."
            )
            mri_interp = ("I12",)
        else:
            mri_reason = "Shows bone-marrow oedema: an acute stress injury without complete lysis."
            mri_interp = ()
        open_steps.append(Step("mri", mri_reason, ("S10",), interpretations=mri_interp))

    # Interventional options (S02, S12, S13, S16, S21-S26).
    if pain_free:
        for option in R.INTERVENTIONAL_OPTIONS:
            closed_steps.append(Step(option, "Not needed: the case is pain-free.", ("S07", "S12")))
    else:
        wait = _wait_reason(weeks, s.formal_pt)
        opens = _opens_at(weeks)
        window_words = (
            "in the window (weeks 13-26) in which intervention may be considered"
            if _in_window(weeks)
            else "after the full 3-6 months"
        )
        if "steroid_injection" in a.options:
            open_steps.append(
                Step(
                    "steroid_injection",
                    f"Symptoms persist {window_words}, and the CT shows the defect: an injection "
                    "at the pars defect can relieve pain, is a reasonable step before surgery "
                    "and may allow a return to sport with occasional repeats.",
                    ("S12", "S13", "S14", "S15"),
                    interpretations=("I2", "I3", "I7"),
                )
            )
        elif not failed:
            closed_steps.append(
                Step("steroid_injection", wait, ("S02", "S12", "S13"), opens, interpretations=("I2", "I3"))
            )
        else:
            closed_steps.append(
                Step(
                    "steroid_injection",
                    _injection_imaging_reason(s.ct_stage),
                    ("S13", "S08", "S24"),
                    interpretations=("I6", "I7"),
                )
            )

        if "direct_pars_repair" in a.options:
            open_steps.append(
                Step(
                    "direct_pars_repair",
                    f"All four candidacy criteria hold {window_words}: persistent disabling pain "
                    "after failed conservative care, a confirmed defect and no significant slip, "
                    "in a young patient. Techniques: a modified Buck's repair with cannulated "
                    "compression screws, or a pedicle screw-hook construct; 3D-printed drill "
                    "guides for narrow screw corridors; minimally invasive approaches.",
                    ("S16", "S21", "S22", "S23", "S24", "S25", "S17", "S18", "S19", "S20"),
                    interpretations=("I1", "I2", "I3", "I5", "I6"),
                )
            )
        else:
            closed_steps.append(_closed_repair(criteria, wait, significant_slip, young, opens, failed))
        if fusion_case:
            open_steps.append(
                Step(
                    "fusion",
                    f"Meyerding grade {s.listhesis_grade} slip: not a candidate for direct "
                    "repair; significant spondylolisthesis calls for fusion instead.",
                    ("S25", "S26"),
                    interpretations=("I1", "I2", "I3"),
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
                    interpretations=("I1", "I2", "I3"),
                )
            )
        else:
            closed_steps.append(
                Step(
                    "fusion",
                    "Only where there is significant spondylolisthesis (Meyerding II or more).",
                    ("S25",),
                    interpretations=("I1",),
                )
            )

    # Return to sport (S07, S33; I9).
    if "return_to_sport" in a.options:
        open_steps.append(
            Step(
                "return_to_sport",
                "Pain-free from 3 months on, with the defect staged: a graded return to sport "
                "can begin while physical therapy continues.",
                ("S07", "S33"),
                interpretations=("I2", "I9"),
            )
        )
    elif pain_free and weeks < R.CONSERVATIVE_FAILURE_WEEKS:
        closed_steps.append(
            Step(
                "return_to_sport",
                "Not yet: pain-free early. Finish the rehabilitation programme and stage the "
                "return; the source expects 3-6 months of conservative care.",
                ("S07", "S33", "S06"),
                R.CONSERVATIVE_FAILURE_WEEKS,
                interpretations=("I2", "I9"),
            )
        )
    elif pain_free:
        closed_steps.append(
            Step(
                "return_to_sport",
                "Not yet: a CT first stages the defect, as the stage decides the approach.",
                ("S07", "S08"),
                interpretations=("I9",),
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

    alerts = tuple(
        Alert(w, *R.WARNINGS[w], R.WARNING_INTERPRETATIONS.get(w, ()))
        for w in _ordered(a.warnings, R.WARNINGS)
    )
    criteria_detail = tuple(
        Criterion(
            key,
            criteria[key],
            wording,
            _criterion_detail(key, s),
            sources,
            R.CRITERION_INTERPRETATIONS[key],
        )
        for key, (wording, sources) in R.CRITERIA.items()
    )
    summary = _summary(a.stage, s)
    sources = sorted(
        {sid for step in open_steps for sid in step.sources}
        | {sid for al in alerts for sid in al.sources}
        | {sid for c in criteria_detail if c.met and not pain_free for sid in c.sources}
        | set(_STAGE_SOURCES[a.stage])
    )
    interpretations = {i for step in open_steps + closed_steps for i in step.interpretations}
    interpretations |= {i for al in alerts for i in al.interpretations}
    if not pain_free:  # the candidacy criteria decide nothing for a pain-free case
        interpretations |= {i for c in criteria_detail for i in c.interpretations}
    interpretations |= set(_STAGE_INTERPRETATIONS[a.stage])
    if a.surgery_month is not None or a.surgery_note:
        interpretations.add("I13")
    return {
        "open_steps": tuple(open_steps),
        "closed_steps": tuple(closed_steps),
        "alerts": alerts,
        "criteria_detail": criteria_detail,
        "summary": summary,
        "changes": tuple(_changes(s, criteria)),
        "sources": tuple(sources),
        "interpretations": tuple(sorted(interpretations, key=lambda i: int(i[1:]))),
    }


_STAGE_SOURCES = {
    "pain_free": ("S07", "S33"),
    "minimum_trial": ("S01", "S02"),
    "conservative": ("S01", "S12"),
    "pt_missing": ("S26",),
    "failed_mild": ("S12", "S13", "S23"),
    "surgical_candidate": ("S12", "S16", "S21"),
    "not_young": ("S16", "S21"),
    "fusion": ("S25",),
    "not_confirmed": ("S24", "S08"),
}

_STAGE_INTERPRETATIONS: dict[str, tuple[str, ...]] = {
    "pain_free": ("I9",),
    "minimum_trial": (),
    "conservative": ("I2",),
    "pt_missing": ("I3",),
    "failed_mild": ("I2", "I3", "I7"),
    "surgical_candidate": ("I2", "I3", "I5"),
    "not_young": ("I5",),
    "fusion": ("I1", "I2", "I3"),
    "not_confirmed": ("I6", "I7"),
}


def _summary(stage: str, s: Scenario) -> str:
    """The one sentence that says where the case stands (the stage id decides it)."""
    w = s.weeks_conservative
    done = f"{w} week{'s' if w != 1 else ''} ({weeks_to_months(w):.1f} months)"
    if _in_window(w):
        after = (
            f"Symptoms persist after {done} of care with formal physical therapy, in the window "
            "(weeks 13-26, I2) in which intervention may be considered"
        )
        bilateral = (
            "; bilateral defects may need a longer course (S28)" if s.laterality == "bilateral" else ""
        )
    else:
        after = f"Conservative care has failed after {done}, the full 3-6 months"
        bilateral = ""
    confirmed = s.ct_stage in CONFIRMED_STAGES
    if stage == "pain_free":
        if w < R.CONSERVATIVE_FAILURE_WEEKS:
            return (
                f"Pain-free after {done} of care, earlier than the usual 3-6 months: the "
                "rehabilitation programme continues, and the return to sport is staged from "
                f"week {R.CONSERVATIVE_FAILURE_WEEKS} (I9)."
            )
        if s.ct_stage == "not_done":
            return (
                f"Pain-free after {done} of care: a CT stages the defect before a graded return "
                "to sport (I9)."
            )
        return (
            f"Pain-free after {done} of care: a graded return to sport can begin while "
            "physical therapy continues (I9)."
        )
    if stage == "failed_mild":
        injection = (
            "A pars injection can be considered"
            if confirmed
            else "A CT to show the defect comes before a pars injection (I7)"
        )
        return f"{after}{bilateral}. {injection}; surgery needs pain that limits function."
    if stage == "surgical_candidate":
        return (
            f"{after}{bilateral}. All four candidacy criteria hold: a pars injection or direct "
            "pars repair can be considered."
        )
    if stage == "not_young":
        return (
            f"{after}{bilateral}. The four candidacy criteria hold, but the source indicates "
            f"direct repair for young patients and this case is over {R.YOUNG_AGE_LIMIT} (I5): "
            "a pars injection can be considered; direct repair is not offered."
        )
    if stage == "fusion":
        return (
            f"{after}{bilateral}. With a significant slip (Meyerding II or more, I1) this is not "
            "a candidate for direct repair: an injection, or fusion instead, can be considered."
        )
    if stage == "not_confirmed":
        return f"{after}{bilateral}. Imaging has not confirmed a pars defect: " + (
            "a CT comes first, before an injection or surgery (I6, I7)."
            if s.ct_stage == "not_done"
            else "a stress reaction is not a defect, so neither an injection nor surgery is open (I6, I7)."
        )
    texts = {
        "minimum_trial": (
            f"Early conservative care, {done} in: still within the 6-week minimum trial, so "
            "no interventional option yet."
        ),
        "conservative": (
            f"Conservative care continues, {done} in: the minimum trial is over, but "
            f"interventions are considered only after 3-6 months (from week "
            f"{R.CONSERVATIVE_FAILURE_WEEKS}, I2)."
        ),
        "pt_missing": (
            f"{done.capitalize()} of care, but without formal physical therapy: conservative "
            "care is not complete, so it has not yet failed (I3)."
        ),
    }
    return texts[stage]


def _injection_imaging_reason(ct_stage: str) -> str:
    if ct_stage == "not_done":
        return "The injection is at the pars defect level: a CT comes first, to show the defect and stage it."
    return "A stress reaction is not a defect: the injection is at the pars defect level."


def _closed_repair(
    criteria: dict[str, bool], wait: str, significant_slip: bool, young: bool, opens, failed: bool
) -> Step:
    sources = ("S16", "S21", "S22", "S23", "S24", "S25", "S26")
    if significant_slip:
        return Step(
            "direct_pars_repair",
            "Not a candidate for direct repair: a significant slip (Meyerding II or more) "
            "calls for fusion instead.",
            sources,
            interpretations=("I1",),
        )
    if not young:
        return Step(
            "direct_pars_repair",
            "Not offered: the source indicates direct repair for young patients, and this case "
            f"is over the app's cut-off of {R.YOUNG_AGE_LIMIT}. The source names no other "
            "operation for a defect without a significant slip.",
            sources,
            interpretations=("I5",),
        )
    reason = "Surgical candidacy " + _missing(criteria) + "."
    if not failed:
        reason += " " + wait
    return Step(
        "direct_pars_repair",
        reason,
        sources,
        opens if not failed else None,
        interpretations=("I2", "I3", "I6"),
    )


def _wait_reason(weeks: int, formal_pt: bool) -> str:
    if weeks < R.CONSERVATIVE_MINIMUM_WEEKS:
        return (
            f"Not during the 6-week minimum trial, and only after 3-6 months of failed "
            f"conservative care (from week {R.CONSERVATIVE_FAILURE_WEEKS})."
        )
    if weeks < R.CONSERVATIVE_FAILURE_WEEKS:
        return (
            f"Only after 3-6 months of failed conservative care (from week {R.CONSERVATIVE_FAILURE_WEEKS})."
        )
    if not formal_pt:
        return "Conservative care must include formal physical therapy before it counts as failed."
    return "Conservative care has not failed."


def _opens_at(weeks: int) -> int | None:
    if weeks < R.CONSERVATIVE_FAILURE_WEEKS:
        return R.CONSERVATIVE_FAILURE_WEEKS
    return None


def _missing(criteria: dict[str, bool], skip: str = "") -> str:
    missing = [R.CRITERION_SHORT[k] for k, met in criteria.items() if not met and k != skip]
    return "needs " + ", ".join(missing) if missing else "all met"


def _criterion_detail(key: str, s: Scenario) -> str:
    if key == "failed_conservative_care":
        pt = "with" if s.formal_pt else "without"
        # The threshold, not the count: the count is on the slider and the card, and a text
        # that changed with every week would redraw the explorer's details on every move.
        done = "At least" if s.weeks_conservative >= R.CONSERVATIVE_FAILURE_WEEKS else "Not yet"
        return (
            f"{done} {R.CONSERVATIVE_FAILURE_WEEKS} weeks of conservative care, "
            f"{pt} formal physical therapy; pain: {label('pain', s.pain)}."
        )
    if key == "functional_limitation":
        return {"none": "No pain.", "mild": "Pain is mild.", "disabling": "Pain limits function."}[s.pain]
    if key == "imaging_confirmed":
        text = f"CT: {label('ct_stage', s.ct_stage)}."
        if s.mri_edema and s.ct_stage in FRACTURE_LINE_STAGES:
            text += " MRI oedema beside the fracture: the lesion is still active and may unite (I12)."
        elif s.mri_edema and s.ct_stage == "old_defect":
            text += " MRI oedema at the old defect: still active (I12)."
        elif s.mri_edema:
            text += " MRI oedema alone shows stress injury, not a defect (I6)."
        return text
    grade = s.listhesis_grade
    if grade == 0:
        return "No slip."
    if grade < R.SIGNIFICANT_LISTHESIS_GRADE:
        return f"Meyerding grade {grade} slip: not counted as significant, but a grey zone (I1)."
    return f"Meyerding grade {grade} slip: significant (I1)."


def _warnings(s: Scenario, minimum_done: bool, significant_slip: bool) -> frozenset[str]:
    symptomatic = s.pain != "none"
    weeks = s.weeks_conservative
    return _warning_set(
        symptomatic and not minimum_done,  # before_minimum_trial (S02)
        s.pain == "disabling" and weeks < R.CONSERVATIVE_FAILURE_WEEKS,  # S26
        symptomatic and weeks >= R.CONSERVATIVE_FAILURE_WEEKS and not s.formal_pt,  # S26 (I3)
        symptomatic and s.laterality == "bilateral",  # S28 (I8)
        # S29 (I4): an early opinion between week 6 and week 13; quiet once surgery can open.
        s.activity == "professional"
        and s.pain == "disabling"
        and minimum_done
        and weeks < R.CONSERVATIVE_FAILURE_WEEKS,
        significant_slip,  # S25 (I1)
        0 < s.listhesis_grade < R.SIGNIFICANT_LISTHESIS_GRADE,  # grade I: grey zone (I1)
        s.laterality == "unilateral" and s.listhesis_grade > 0,  # implausible [48]
        symptomatic and s.mri_edema is True and s.ct_stage in FRACTURE_LINE_STAGES,  # S10, S30 (I12)
        not symptomatic and weeks < R.CONSERVATIVE_FAILURE_WEEKS,  # S07 (I9)
        symptomatic and not significant_slip and s.age > R.YOUNG_AGE_LIMIT,  # S16 (I5)
    )


_WARNING_ORDER = tuple(R.WARNINGS)


@lru_cache(maxsize=4096)
def _warning_set(*flags: bool) -> frozenset[str]:
    return frozenset(w for w, on in zip(_WARNING_ORDER, flags, strict=True) if on)


def _ordered(ids: set[str], reference: dict[str, object]) -> list[str]:
    return [k for k in reference if k in ids]


def _changes(s: Scenario, criteria: dict[str, bool]) -> list[str]:
    """What would move this case along the pathway (each line cites its sentences)."""
    out: list[str] = []
    weeks = s.weeks_conservative
    young = s.age <= R.YOUNG_AGE_LIMIT
    if s.pain == "none":
        if weeks < R.CONSERVATIVE_FAILURE_WEEKS:
            out.append(
                f"Reaching week {R.CONSERVATIVE_FAILURE_WEEKS} still pain-free, with the rehabilitation "
                "programme done, would open a graded return to sport (S07, S33; I9)."
            )
        if s.ct_stage == "not_done":
            out.append("A CT staging the defect is needed before a return to sport (S08; I9).")
        out.append("Pain coming back would stop the return and resume conservative care (S07, S01).")
        return out
    out.append(
        "Becoming completely pain-free would open a graded return to sport from week 13 (S07, S33; I9)."
    )
    if weeks < R.CONSERVATIVE_FAILURE_WEEKS:
        out.append(
            f"Reaching week {R.CONSERVATIVE_FAILURE_WEEKS} with formal physical therapy and "
            "pain still present would make conservative care count as failed and, with a defect "
            "on CT, open the injection (S12, S22, S26; I2, I3, I7)."
        )
    if not s.formal_pt:
        out.append(
            "Documenting formal physical therapy is required before the injection or surgery (S26; I3)."
        )
    if s.pain == "mild":
        out.append(
            "Pain that limits function, after failed care, would make surgery a candidate option (S23)."
        )
    if not criteria["imaging_confirmed"]:
        out.append(
            "A CT showing an incomplete or complete fracture would meet the imaging criterion "
            "and open the injection after failed care (S08, S24; I6, I7)."
        )
    if criteria["no_significant_listhesis"]:
        out.append(
            "A slip of Meyerding grade II or more would mean fusion instead of direct repair (S25; I1)."
        )
    elif young:
        out.append("Without a significant slip, direct repair would replace fusion (S16, S25; I1).")
    if s.activity != "professional" and s.pain == "disabling" and weeks < R.CONSERVATIVE_FAILURE_WEEKS:
        out.append("For a professional athlete, a surgical opinion would be considered earlier (S29; I4).")
    return out

"""explain(Assessment) -> Explanation: the words for a resident, built from the decision.

Steps with their reasons, cautions, the criteria in detail, the one-sentence summary, and the
source and interpretation ids behind them. The texts a clinician reviews word by word
(cautions, criteria, interpretations, the summaries) are rows of content/rules/*.csv; the
conditions that pick them stay in Python (engine.py) and here. A broken table gives its
words as "[Text missing: content/rules/<file> could not be read.]" (rule_texts.words); the
decision, which reads no file, is the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pathway.model import rules as R
from pathway.model.scenario import Scenario, label
from pathway.model.summary import changes, summary
from pathway.model.types import (
    CRITERIA_KEYS,
    FRACTURE_LINE_STAGES,
    Alert,
    Criterion,
    Step,
    in_window,
)
from pathway.sources.rule_texts import words as texts  # placeholders for a broken table

if TYPE_CHECKING:
    from pathway.model.engine import Assessment


@dataclass(frozen=True)
class Explanation:
    """What a page says about one Assessment (see Assessment's read-through fields)."""

    open_steps: tuple[Step, ...]
    closed_steps: tuple[Step, ...]
    alerts: tuple[Alert, ...]
    criteria_detail: tuple[Criterion, ...]
    summary: str
    changes: tuple[str, ...]
    sources: tuple[str, ...]  # source sentence ids, sorted
    interpretations: tuple[str, ...]  # I-ids that decide something, in number order


def explain(a: Assessment) -> Explanation:
    """Steps with reasons, alerts, criteria detail, summary and sources for one assessment."""
    s = a.scenario
    pain_free = s.pain == "none"
    if a.stage == "outside_pathway":
        open_steps, closed_steps = _outside_pathway_steps(a)
    else:
        open_steps, closed_steps = _conservative_steps(s)
    open_steps += _imaging_steps(a)
    if a.stage == "outside_pathway":
        pass  # the interventions and the return to sport are closed by _outside_pathway_steps
    elif pain_free:
        closed_steps += [
            Step(option, "Not needed: the case is pain-free.", ("S07", "S12"))
            for option in R.INTERVENTIONAL_OPTIONS
        ]
    else:
        for step in (_injection_step(a), *_repair_and_fusion_steps(a)):
            (open_steps if step.option in a.options else closed_steps).append(step)
    if a.stage != "outside_pathway":
        rts = _return_step(a)
        (open_steps if rts.option in a.options else closed_steps).append(rts)
    words = texts()
    # The table's order; a caution the table does not list (it could not be read) after it.
    shown = [w for w in words.warnings if w in a.warnings] + sorted(a.warnings - set(words.warnings))
    alerts = tuple(Alert(w, *words.warnings[w], words.warning_interpretations.get(w, ())) for w in shown)
    criteria_detail = tuple(
        Criterion(
            key,
            a.criteria[key],
            wording,
            _criterion_detail(key, s),
            sources,
            words.criterion_interpretations[key],
        )
        for key, (wording, sources) in words.criteria.items()
    )
    sources, interpretations = _provenance(a, open_steps, closed_steps, alerts, criteria_detail)
    return Explanation(
        open_steps=tuple(open_steps),
        closed_steps=tuple(closed_steps),
        alerts=alerts,
        criteria_detail=criteria_detail,
        summary=summary(a.stage, s),
        changes=tuple(changes(s, a.criteria)),
        sources=sources,
        interpretations=interpretations,
    )


def _provenance(
    a: Assessment,
    open_steps: list[Step],
    closed_steps: list[Step],
    alerts: tuple[Alert, ...],
    criteria: tuple[Criterion, ...],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The sentence ids behind what is open or shown now, and the I-ids that decide anything."""
    pain_free = a.scenario.pain == "none"
    sources = (
        {sid for step in open_steps for sid in step.sources}
        | {sid for al in alerts for sid in al.sources}
        | {sid for c in criteria if c.met and not pain_free for sid in c.sources}
        | set(texts().stage_sources[a.stage])
    )
    interpretations = {i for step in open_steps + closed_steps for i in step.interpretations}
    interpretations |= {i for al in alerts for i in al.interpretations}
    if not pain_free:  # the candidacy criteria decide nothing for a pain-free case
        interpretations |= {i for c in criteria for i in c.interpretations}
    interpretations |= set(texts().stage_interpretations[a.stage])
    if a.surgery_month is not None or a.surgery_note:
        interpretations.add("I13")
    return tuple(sorted(sources)), tuple(sorted(interpretations, key=lambda i: int(i[1:])))


def _outside_pathway_steps(a: Assessment) -> tuple[list[Step], list[Step]]:
    """A grade III-IV slip after a fall (I14): the urgent assessment first, no routine course."""
    s = a.scenario
    urgent = Step(
        "urgent_spine_assessment",
        f"A Meyerding grade {s.listhesis_grade} slip after a fall lies outside this pathway: it may "
        "be high-energy trauma or an unstable injury, which the pathway does not cover. An urgent "
        "spine surgical assessment decides the treatment, not 3-6 months of routine conservative care.",
        ("S25", "S27"),
        interpretations=("I14",),
    )
    open_steps = [
        urgent,
        Step(
            "activity_modification",
            "Complete rest from aggravating activities, above all hyperextension and rotation, "
            "until the urgent assessment.",
            ("S03",),
            interpretations=("I14",),
        ),
        Step("nsaids", "For pain control in the acute phase.", ("S04",)),
    ]
    decided = "Decided at the urgent spine surgical assessment, not by this pathway's routine course."
    closed_steps = [
        Step(option, decided, ("S25",), interpretations=("I14",))
        for option in ("bracing", "physical_therapy", *R.INTERVENTIONAL_OPTIONS, "return_to_sport")
    ]
    return open_steps, closed_steps


def _conservative_steps(s: Scenario) -> tuple[list[Step], list[Step]]:
    """Conservative care: first line while there is pain (S01-S06); kept up when pain-free (I9)."""
    no_pt = "" if s.formal_pt else " Formal physical therapy is not documented yet."
    if s.pain != "none":
        return [
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
                "Core stabilisation is the cornerstone of rehabilitation." + no_pt,
                ("S01", "S06"),
            ),
        ], []
    # I9: pain-free is necessary, not sufficient; the programme goes on.
    return [
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
            "cornerstone of rehabilitation." + no_pt,
            ("S01", "S06"),
            interpretations=("I9",),
        ),
    ], [Step("nsaids", "Not needed while pain-free: they are for pain control.", ("S04",))]


def _imaging_steps(a: Assessment) -> list[Step]:
    """CT to stage the fracture (S08), MRI for oedema (S10): the CT stays first whatever the pain
    (I9); a stress reaction still disabling at 3 months is imaged again (I16)."""
    s = a.scenario
    steps = []
    pain_free = s.pain == "none"
    if s.ct_stage == "stress_reaction" and "ct_scan" in a.options:
        steps.append(
            Step(
                "ct_scan",
                "Repeat the CT: the stress reaction still limits function after 3 months, and the "
                "fracture stage determines the treatment approach.",
                ("S08",),
                interpretations=("I2", "I16"),
            )
        )
        if s.mri_edema is not None:
            steps.append(
                Step(
                    "mri",
                    "Repeat the MRI: shows whether the bone-marrow oedema of the stress injury persists.",
                    ("S10",),
                    interpretations=("I16",),
                )
            )
    if s.ct_stage == "not_done":
        steps.append(
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
            reason = (
                "Shows whether the lesion is still active: bone-marrow oedema beside a fracture "
                "line means it may still unite."
            )
            interp: tuple[str, ...] = ("I12",)
        elif s.ct_stage == "old_defect":
            reason = (
                "An old defect shows no oedema by itself: oedema would point to a fresh injury on "
                "top of it or a fresh lesion nearby (the other side, the pedicle)."
            )
            interp = ("I12",)
        else:
            reason = "Shows bone-marrow oedema: an acute stress injury without complete lysis."
            interp = ()
        steps.append(Step("mri", reason, ("S10",), interpretations=interp))
    return steps


def _window_words(weeks: int) -> str:
    if in_window(weeks):
        return "in the window (weeks 13-26) in which intervention may be considered"
    return "after the full 3-6 months"


def _injection_step(a: Assessment) -> Step:
    """The pars injection (S12-S15), open or with why not yet (I3, I6, I7)."""
    s = a.scenario
    if "steroid_injection" in a.options:
        return Step(
            "steroid_injection",
            f"Symptoms persist {_window_words(s.weeks_conservative)}, and the CT shows the defect: "
            "an injection at the pars defect can relieve pain, is a reasonable step before surgery "
            "and may allow a return to sport with occasional repeats.",
            ("S12", "S13", "S14", "S15"),
            interpretations=("I2", "I3", "I7"),
        )
    if not a.criteria["failed_conservative_care"]:
        return Step(
            "steroid_injection",
            _wait_reason(s.weeks_conservative, s.formal_pt),
            ("S02", "S12", "S13"),
            _opens_at(s.weeks_conservative),
            interpretations=("I2", "I3"),
        )
    if s.ct_stage == "not_done":
        reason = (
            "The injection is at the pars defect level: a CT comes first, to show the defect and stage it."
        )
    else:
        reason = "A stress reaction is not a defect: the injection is at the pars defect level."
    return Step("steroid_injection", reason, ("S13", "S08", "S24"), interpretations=("I6", "I7"))


def _repair_and_fusion_steps(a: Assessment) -> tuple[Step, Step]:
    """Direct pars repair (S16-S25) and fusion (S25), open or with why not."""
    s = a.scenario
    criteria = a.criteria
    failed = criteria["failed_conservative_care"]
    significant_slip = not criteria["no_significant_listhesis"]
    opens = None if failed else _opens_at(s.weeks_conservative)
    if "direct_pars_repair" in a.options:
        repair = Step(
            "direct_pars_repair",
            f"All four candidacy criteria hold {_window_words(s.weeks_conservative)}: persistent "
            "disabling pain after failed conservative care, a confirmed defect and no significant "
            "slip, in a young patient. Techniques: a modified Buck's repair with cannulated "
            "compression screws, or a pedicle screw-hook construct; 3D-printed drill "
            "guides for narrow screw corridors; minimally invasive approaches.",
            ("S16", "S21", "S22", "S23", "S24", "S25", "S17", "S18", "S19", "S20"),
            interpretations=("I1", "I2", "I3", "I5", "I6"),
        )
    else:
        repair = _closed_repair(a, opens)
    if "fusion" in a.options:
        fusion = Step(
            "fusion",
            f"Meyerding grade {s.listhesis_grade} slip: not a candidate for direct "
            "repair; significant spondylolisthesis calls for fusion instead.",
            ("S25", "S26"),
            interpretations=("I1", "I2", "I3"),
        )
    elif significant_slip:
        fusion = Step(
            "fusion",
            "Fusion replaces repair when there is a significant slip, but only once the "
            "other surgical criteria hold: " + _missing(criteria, skip="no_significant_listhesis") + ".",
            ("S25", "S26"),
            opens,
            interpretations=("I1", "I2", "I3"),
        )
    else:
        fusion = Step(
            "fusion",
            "Only where there is significant spondylolisthesis (Meyerding II or more).",
            ("S25",),
            interpretations=("I1",),
        )
    return repair, fusion


def _closed_repair(a: Assessment, opens: int | None) -> Step:
    sources = ("S16", "S21", "S22", "S23", "S24", "S25", "S26")
    s = a.scenario
    if not a.criteria["no_significant_listhesis"]:
        return Step(
            "direct_pars_repair",
            "Not a candidate for direct repair: a significant slip (Meyerding II or more) "
            "calls for fusion instead.",
            sources,
            interpretations=("I1",),
        )
    if s.age > R.YOUNG_AGE_LIMIT:
        return Step(
            "direct_pars_repair",
            "Not offered: the source indicates direct repair for young patients, and this case "
            f"is over the app's cut-off of {R.YOUNG_AGE_LIMIT}. The source names no other "
            "operation for a defect without a significant slip.",
            sources,
            interpretations=("I5",),
        )
    reason = "Surgical candidacy " + _missing(a.criteria) + "."
    if not a.criteria["failed_conservative_care"]:
        reason += " " + _wait_reason(s.weeks_conservative, s.formal_pt)
    return Step("direct_pars_repair", reason, sources, opens, interpretations=("I2", "I3", "I6"))


def _return_step(a: Assessment) -> Step:
    """Return to sport (S07, S33; I9): open once pain-free from week 13 with the defect staged."""
    s = a.scenario
    if "return_to_sport" in a.options:
        return Step(
            "return_to_sport",
            "Pain-free from 3 months on, with the defect staged: a graded return to sport "
            "can begin while physical therapy continues.",
            ("S07", "S33"),
            interpretations=("I2", "I9"),
        )
    if s.pain != "none":
        return Step(
            "return_to_sport",
            "Only once completely pain-free, which typically takes 3-6 months of conservative care.",
            ("S07", "S33"),
        )
    if s.weeks_conservative < R.CONSERVATIVE_FAILURE_WEEKS:
        return Step(
            "return_to_sport",
            "Not yet: pain-free early. Finish the rehabilitation programme and stage the "
            "return; the source expects 3-6 months of conservative care.",
            ("S07", "S33", "S06"),
            R.CONSERVATIVE_FAILURE_WEEKS,
            interpretations=("I2", "I9"),
        )
    return Step(
        "return_to_sport",
        "Not yet: a CT first stages the defect, as the stage decides the approach.",
        ("S07", "S08"),
        interpretations=("I9",),
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
    short = texts().criterion_short
    missing = [short[k] for k in CRITERIA_KEYS if not criteria[k] and k != skip]
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
            text += (
                " MRI oedema with an old defect, which shows none by itself: a fresh injury on top "
                "of it or a fresh lesion nearby (the other side, the pedicle) (I12)."
            )
        elif s.mri_edema:
            text += " MRI oedema alone shows stress injury, not a defect (I6)."
        return text
    grade = s.listhesis_grade
    if grade == 0:
        return "No slip."
    if grade < R.SIGNIFICANT_LISTHESIS_GRADE:
        return f"Meyerding grade {grade} slip: not counted as significant, but a grey zone (I1)."
    return f"Meyerding grade {grade} slip: significant (I1)."

"""The imaging guide's core: source stages, the study scale, healing by stage, effect on the pathway."""

from __future__ import annotations

from dataclasses import dataclass

from pathway.model import treatments as T
from pathway.model.engine import evaluate
from pathway.model.scenario import CT_STAGES, Scenario, label
from pathway.model.types import CONFIRMED_STAGES, FRACTURE_LINE_STAGES
from pathway.sources.evidence import STUDY_STAGE

# Every CT stage the case can have that is a stage (not "not done"), in order; the lead's
# engine adds "old_defect" (an established, sclerotic non-union: the studies' terminal stage).
CASE_STAGES = tuple(s for s in CT_STAGES if s != "not_done")
# The stages whose healing the guide shows: all but the established defect (confirmed, but
# with no fracture line left to heal), in the engine's own stage sets.
HEALING_STAGES = tuple(s for s in CASE_STAGES if s not in CONFIRMED_STAGES - FRACTURE_LINE_STAGES)
# The drawing of each CT stage (pathway/resident/drawings.py keys).
DRAWING_OF = {"stress_reaction": "stress_reaction", "incomplete": "incomplete", "complete": "complete"}
DRAWING_OF["old_defect"] = "terminal"

# A teaching case for "what the stage changes": six months of care with formal physical
# therapy, still disabling pain (the point where the source considers intervention, S12, S22).
FAILED_CARE = {"weeks_conservative": 26, "formal_pt": True, "pain": "disabling"}


@dataclass(frozen=True)
class StageHealing:
    stage: str  # scenario value
    stage_label: str  # the label the explorer's URL expects
    study_stage: str
    unilateral_pct: float | None
    bilateral_same_pct: float | None  # both sides at this stage
    refs: tuple[int, ...]


def healing_by_stage(union_rows: list[dict]) -> list[StageHealing]:
    """Healing with conservative care for each source stage, from data/union_by_stage.csv rows."""
    out = []
    for stage in HEALING_STAGES:
        study = STUDY_STAGE[stage]  # the source's stage on the study scale (app's reading)
        uni = [r for r in union_rows if r["laterality"] == "unilateral" and r["main_stage"] == study]
        bi = [
            r
            for r in union_rows
            if r["laterality"] == "bilateral"
            and r["main_stage"] == study
            and r["contralateral_stage"] == study
        ]
        refs = tuple(sorted({r["ref"] for r in uni + bi}))
        out.append(
            StageHealing(
                stage,
                label("ct_stage", stage),
                study,
                uni[0]["union_pct"] if uni else None,
                bi[0]["union_pct"] if bi else None,
                refs,
            )
        )
    return out


@dataclass(frozen=True)
class StagePathway:
    stage: str
    stage_label: str
    imaging_confirmed: bool
    surgical_candidate: bool
    options: frozenset[str]
    summary: str
    query: dict[str, str]  # the case as URL parameters, for a link to the explorer


def pathway_by_stage(base: Scenario | None = None) -> list[StagePathway]:
    """What the engine says for the same case at each CT stage (default: FAILED_CARE)."""
    base = base or Scenario().replace(**FAILED_CARE)
    out = []
    for stage in ("not_done", *CASE_STAGES):
        case = base.replace(ct_stage=stage)
        a = evaluate(case)
        out.append(
            StagePathway(
                stage,
                label("ct_stage", stage),
                a.criteria["imaging_confirmed"],
                a.surgical_candidate,
                a.options,
                a.summary,
                case.to_query(),
            )
        )
    return out


@dataclass(frozen=True)
class CaseStage:
    """What the imaging guide says about the stage of the case it was opened with."""

    ct_stage: str
    stage_label: str
    study_stage: str | None  # None without a CT
    drawing: str | None  # key in pathway.resident.drawings.DRAWINGS
    laterality: str
    reading: str  # the stage on the study scale (the app's reading), or why there is none
    figures: tuple[str, ...]  # the healing figures that describe this case (pathway.sources.figures)
    nearest: str  # for an old defect on both sides: the nearest cells of [2], said as such
    adult: str  # the one adult figure, when it is not among ``figures``: why it does not apply


def _figure_line(shown, scenario: Scenario) -> str:
    """One healing figure as the selection shows it: for this stage and side, or another cohort."""
    f = shown.figure
    caveats = shown.caveats
    return (
        f"{shown.label}: {f.percent:g}% {f.what}, {f.time_frame}. Who was studied: {f.population} "
        f"{f.ref_text}." + (f" Note: {'; '.join(caveats)}." if caveats else "")
    )


def case_stage(scenario: Scenario, union_rows: list[dict]) -> CaseStage:
    """The case's CT stage on the study scale, with the healing figures that describe it.

    Case-facing numbers come from the one figure selection (pathway.sources.selection): the
    figure for this stage and side first, other cohorts after it, labelled so; or why none
    describes the case. The [2] cells quoted for an old defect on both sides come from
    data/union_by_stage.csv and are named as the nearest cells, not as a figure for the case.
    """
    from pathway.resident.evidence_case import case_view
    from pathway.sources.selection import select

    a = evaluate(scenario)
    view = case_view(a)
    side = "both sides" if scenario.laterality == "bilateral" else "one side"
    if view.stage is None:
        reading = (
            "No CT yet: the source asks for a CT to stage the fracture, because the stage decides "
            "the approach (S08)."
        )
        return CaseStage(
            scenario.ct_stage,
            label("ct_stage", scenario.ct_stage),
            None,
            None,
            scenario.laterality,
            reading,
            (),
            "",
            "",
        )
    if scenario.ct_stage == "stress_reaction":
        # A stress reaction is not a defect (I6; clinical review N18).
        what = f"A stress reaction on {side} (no defect yet)"
    else:
        what = f"A defect on {side}, CT {label('ct_stage', scenario.ct_stage)}"
    reading = f"{what}: the studies' {view.stage} stage (the app's reading of the source's stages)."
    sel = select(a, "healing", T.CONSERVATIVE_CARE)
    lines = tuple(_figure_line(x, scenario) for x in sel.shown)
    if sel.reason:
        lines = (sel.reason, *lines)
    found = sel.figures
    nearest = (
        _nearest_cells(union_rows) if view.stage == "terminal" and scenario.laterality == "bilateral" else ""
    )
    adult = "" if any(f.young_adult for f in found) else _adult_note(a)
    return CaseStage(
        scenario.ct_stage,
        label("ct_stage", scenario.ct_stage),
        view.stage,
        DRAWING_OF.get(scenario.ct_stage),
        scenario.laterality,
        reading,
        lines,
        nearest,
        adult,
    )


def _nearest_cells(union_rows: list[dict]) -> str:
    """For both sides terminal: no study reports it; the nearest cells, named as such."""
    from pathway.sources.evidence import load_table

    nearest = ""
    cells = sorted(
        (r for r in union_rows if r["laterality"] == "bilateral" and r["contralateral_stage"] == "terminal"),
        key=lambda r: r["union_pct"],
    )
    if cells:
        listed = ", ".join(f"{r['main_stage']}/terminal {r['union_pct']:g}%" for r in cells)
        nearest = (
            f"No study reports both sides terminal. The nearest cells of [{cells[0]['ref']}], one side "
            f"terminal and the other newer: {listed} ({cells[0]['population']}); the cell sizes "
            "are not reported."
        )
    eto = [r for r in load_table("union_by_laterality") if r["group"] == "bilateral, other side terminal"]
    if eto:
        r = eto[0]
        nearest += (
            f" [{r['ref']}]: the newer side healed in {r['union_pct']:g}% when the other side was "
            f"terminal ({r['population']}); that is the newer side's chance, not this case's."
        )
    return nearest


def _adult_note(a) -> str:
    """Why the only adult healing figure does not describe this case (or nothing)."""
    from pathway.sources.figures import figure

    try:
        ya = figure("heal_young_adult")
    except KeyError:
        return ""
    why = ya.misfit(a) or ""
    if why == "the figure is for another CT stage":
        why = "it is for new breaks, not this stage"
    return (
        f"The only adult figure, {ya.percent:g}% {ya.what} {ya.ref_text}, does not describe this case: {why}."
    )

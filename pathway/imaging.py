"""The imaging guide's core: source stages, the study scale, healing by stage, effect on the pathway."""

from __future__ import annotations

from dataclasses import dataclass

from .engine import evaluate
from .evidence import STUDY_STAGE
from .scenario import CT_STAGES, Scenario, label

STAGE_KEYS = ("stress_reaction", "incomplete", "complete")
# Every CT stage the case can have that is a stage (not "not done"), in order; the lead's
# engine adds "old_defect" (an established, sclerotic non-union: the studies' terminal stage).
CASE_STAGES = tuple(s for s in CT_STAGES if s != "not_done")
# The drawing of each CT stage (pathway/drawings.py keys).
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
    for stage in STAGE_KEYS:
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
    drawing: str | None  # key in pathway.drawings.DRAWINGS
    laterality: str
    figure: str  # which published figure applies, with refs (or why none does)
    adult: str  # the only adult figure, and what it does not cover


def case_stage(
    scenario: Scenario, union_rows: list[dict], laterality_rows: list[dict], adult_rows: list[dict]
) -> CaseStage:
    """The case's CT stage read on the study scale, with the figure that applies to it."""
    from .evidence import adult_note, case_view, healing_note

    view = case_view(evaluate(scenario))
    return CaseStage(
        scenario.ct_stage,
        label("ct_stage", scenario.ct_stage),
        view.stage,
        DRAWING_OF.get(scenario.ct_stage),
        scenario.laterality,
        healing_note(view, union_rows, laterality_rows, charted=False),
        adult_note(adult_rows) if view.stage else "",
    )

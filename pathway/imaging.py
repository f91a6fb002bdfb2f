"""The imaging guide's core: source stages, the study scale, healing by stage, effect on the pathway."""

from __future__ import annotations

from dataclasses import dataclass

from .engine import evaluate
from .evidence import STUDY_STAGE
from .scenario import Scenario, label
STAGE_KEYS = ("stress_reaction", "incomplete", "complete")

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
    for stage in ("not_done", *STAGE_KEYS):
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

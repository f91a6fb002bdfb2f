"""Where a case stands in one sentence, and what would change it: the stage's summary (its
words are rows of content/rules/summaries.csv, picked here by the case) and the
"what would change this" lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pathway.model import rules as R
from pathway.model.scenario import Scenario
from pathway.model.types import (
    CONFIRMED_STAGES,
    in_window,
    weeks_to_months,
)
from pathway.sources.rule_texts import words as texts

if TYPE_CHECKING:
    pass


def stage_interpretations(stage: str) -> tuple[str, ...]:
    """Interpretation ids behind the summary sentence of a stage."""
    return texts().stage_interpretations[stage]


def summary_id(stage: str, s: Scenario) -> str:
    """Which summary sentence (content/rules/summaries.csv) says where the case stands."""
    if stage == "pain_free":
        if s.weeks_conservative < R.CONSERVATIVE_FAILURE_WEEKS:
            return "pain_free.early"
        return "pain_free.ct_first" if s.ct_stage == "not_done" else "pain_free.return"
    if stage == "failed_mild":
        if s.ct_stage == "stress_reaction":  # on CT already: not a defect (I6; review N4)
            return "failed_mild.stress_reaction"
        return "failed_mild.ct_first" if s.ct_stage not in CONFIRMED_STAGES else "failed_mild.injection"
    if stage == "not_confirmed":
        if s.ct_stage == "not_done":
            return "not_confirmed.ct_first"
        # A stress reaction here still limits function from week 13: imaged again (I16).
        return "not_confirmed.repeat_imaging"
    return stage


def summary(stage: str, s: Scenario) -> str:
    """The one sentence that says where the case stands (the stage id decides it)."""
    templates = texts().summaries
    w = s.weeks_conservative
    done = f"{w} week{'s' if w != 1 else ''} ({weeks_to_months(w):.1f} months)"
    window = in_window(w)
    lead = templates["lead.window" if window else "lead.full_course"].format(done=done)
    bilateral = templates["lead.bilateral"] if window and s.laterality == "bilateral" else ""
    return templates[summary_id(stage, s)].format(
        done=done,
        after=lead,
        bilateral=bilateral,
        failure_week=R.CONSERVATIVE_FAILURE_WEEKS,
        young_age=R.YOUNG_AGE_LIMIT,
    )


def changes(s: Scenario, criteria: dict[str, bool]) -> list[str]:
    """What would move this case along the pathway (each line cites its sentences)."""
    weeks = s.weeks_conservative
    early = weeks < R.CONSERVATIVE_FAILURE_WEEKS
    if s.listhesis_grade >= R.HIGH_GRADE_LISTHESIS_GRADE:
        return [
            "Only the urgent spine surgical assessment changes this case: a grade III-IV slip after "
            "a fall is outside this pathway (S25; I14).",
            "A slip of Meyerding grade II or less would bring the case back to this pathway (S25; I1, I14).",
        ]
    if s.pain == "none":
        out = []
        if early:
            out.append(
                f"Reaching week {R.CONSERVATIVE_FAILURE_WEEKS} still pain-free, with the rehabilitation "
                "programme done, would open a graded return to sport (S07, S33; I9)."
            )
        if s.ct_stage == "not_done":
            out.append("A CT staging the defect is needed before a return to sport (S08; I9).")
        out.append("Pain coming back would stop the return and resume conservative care (S07, S01).")
        return out
    staged = " once a CT has staged the defect" if s.ct_stage == "not_done" else ""
    out = [
        "Becoming completely pain-free would open a graded return to sport from week 13"
        f"{staged} (S07, S33; I9)."
    ]
    if early:
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
            "A CT showing an incomplete or complete fracture, or an old defect, would meet the "
            "imaging criterion and open the injection after failed care (S08, S24; I6, I7)."
        )
    if criteria["no_significant_listhesis"]:
        if s.age <= R.YOUNG_AGE_LIMIT:
            out.append(
                "A slip of Meyerding grade II or more would mean fusion instead of direct repair (S25; I1)."
            )
        else:  # repair is not open over 30 (I5): a slip would open fusion, not replace repair
            out.append("A slip of Meyerding grade II or more would open fusion (S25; I1, I5).")
    elif s.age <= R.YOUNG_AGE_LIMIT:
        out.append("Without a significant slip, direct repair would replace fusion (S16, S25; I1).")
    if s.activity != "professional" and s.pain == "disabling" and early:
        if s.ct_stage in CONFIRMED_STAGES:
            out.append(
                "For a professional athlete, a surgical opinion would be considered earlier (S29; I4)."
            )
        else:
            out.append(
                "For a professional athlete, a surgical opinion would be considered earlier once "
                "a CT shows a defect (S29, S24; I4, I6)."
            )
    return out

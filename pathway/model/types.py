"""The values an Assessment is made of: windows, steps, criteria, cautions, and the stage sets.

No logic beyond a label lookup: engine.py decides, explain.py says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.model import rules as R


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

    ``interpretations`` holds the ids of the app's readings (content/rules/interpretations.csv)
    that decide this step, shown beside the source sentence ids.
    """

    option: str
    reason: str
    sources: tuple[str, ...]
    opens_at_week: int | None = None
    interpretations: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return R.OPTIONS.get(self.option) or R.REFERRALS[self.option]


@dataclass(frozen=True)
class Criterion:
    """One of the four candidacy criteria (S22-S25) for one case: met or not, and why."""

    key: str
    met: bool
    wording: str
    detail: str
    sources: tuple[str, ...]
    interpretations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alert:
    """A caution shown beside the options (content/rules/warnings.csv)."""

    id: str
    text: str
    sources: tuple[str, ...]
    interpretations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Interpretation:
    """A choice the app makes where the source is vague. Not the source's words."""

    id: str
    title: str
    text: str
    sources: tuple[str, ...]


# CT stages that show a pars defect (S24, I6).
CONFIRMED_STAGES = frozenset({"incomplete", "complete", "old_defect"})
# CT stages with a fracture line that may still unite (S30; I12 for oedema beside them).
FRACTURE_LINE_STAGES = frozenset({"incomplete", "complete"})

# Where a case stands on the pathway: every id evaluate() can give, in pathway order, then
# the case outside it.
# content/rules/stages.csv holds one row per id (its sources and interpretations).
STAGES = (
    "pain_free",
    "minimum_trial",
    "conservative",
    "pt_missing",
    "failed_mild",
    "surgical_candidate",
    "not_young",
    "fusion",
    "not_confirmed",
    "outside_pathway",  # a grade III-IV slip after a fall: urgent assessment (I14)
)

# The four candidacy criteria (S22-S25), in the order every list shows them.
CRITERIA_KEYS = (
    "failed_conservative_care",
    "functional_limitation",
    "imaging_confirmed",
    "no_significant_listhesis",
)


def weeks_to_months(weeks: float) -> float:
    return weeks / R.WEEKS_PER_MONTH


def in_window(weeks: int) -> bool:
    """Weeks 13-25: the window in which intervention may be considered (I2)."""
    return R.CONSERVATIVE_FAILURE_WEEKS <= weeks < R.CONSERVATIVE_FULL_COURSE_WEEKS

"""Which rules rest on which source sentences: the data behind the Source page's table."""

from __future__ import annotations

import itertools

from . import rules as R
from .engine import PATHWAY_CONSERVATIVE, PATHWAY_SURGICAL, evaluate
from .scenario import ACTIVITIES, CT_STAGES, LATERALITIES, MRI_VALUES, PAIN_LEVELS, Scenario

# Edge cases of every threshold: enough to make every rule fire at least once.
_GRID_WEEKS = (
    0,
    R.CONSERVATIVE_MINIMUM_WEEKS - 1,
    R.CONSERVATIVE_MINIMUM_WEEKS,
    R.CONSERVATIVE_FAILURE_WEEKS - 1,
    R.CONSERVATIVE_FAILURE_WEEKS,
    R.CONSERVATIVE_FULL_COURSE_WEEKS,
)


def edge_scenarios():
    for w, pt, pain, lat, ct, mri, slip, act, age in itertools.product(
        _GRID_WEEKS,
        (False, True),
        PAIN_LEVELS,
        LATERALITIES,
        CT_STAGES,
        MRI_VALUES,
        (0, 1, 2),
        ACTIVITIES,
        (22, R.YOUNG_AGE_LIMIT + 1),
    ):
        yield Scenario(w, pt, pain, lat, ct, mri, slip, act, age)


def sentence_usage() -> dict[str, list[str]]:
    """Source id -> what in the app rests on it (options, criteria, cautions, choices)."""
    usage: dict[str, set[str]] = {}

    def add(ids, what):
        for sid in ids:
            usage.setdefault(sid, set()).add(what)

    for scenario in edge_scenarios():
        a = evaluate(scenario)
        for step in a.open_steps + a.closed_steps:
            add(step.sources, f"option: {step.label}")
    for key, (_, ids) in R.CRITERIA.items():
        add(ids, f"criterion: {key}")
    for key, (_, ids) in R.WARNINGS.items():
        add(ids, f"caution: {key}")
    for item in R.INTERPRETATIONS:
        add(item.sources, f"interpretation {item.id}: {item.title}")
    for window in (PATHWAY_CONSERVATIVE, PATHWAY_SURGICAL):
        add(window.refs, f"window: {window.path} return to sport")
    return {sid: sorted(v) for sid, v in sorted(usage.items())}

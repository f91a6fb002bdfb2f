"""Which rules rest on which source sentences: the data behind the Source page's table."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from pathway.model import rules as R
from pathway.model.engine import PATHWAY_CONSERVATIVE, PATHWAY_SURGICAL, Assessment, evaluate
from pathway.model.scenario import (
    ACTIVITIES,
    CT_STAGES,
    LATERALITIES,
    MRI_VALUES,
    PAIN_LEVELS,
    Activity,
    CtStage,
    Laterality,
    Pain,
    Scenario,
)
from pathway.sources import rule_texts
from pathway.sources.source import SourceDocument, source_markdown

# Edge cases of every threshold: enough to make every rule fire at least once.
_GRID_WEEKS = (
    0,
    R.CONSERVATIVE_MINIMUM_WEEKS - 1,
    R.CONSERVATIVE_MINIMUM_WEEKS,
    R.CONSERVATIVE_FAILURE_WEEKS - 1,
    R.CONSERVATIVE_FAILURE_WEEKS,
    R.CONSERVATIVE_FULL_COURSE_WEEKS,
)


def edge_scenarios() -> Iterator[Scenario]:
    for w, pt, pain, lat, ct, mri, slip, act, age in itertools.product(
        _GRID_WEEKS,
        (False, True),
        PAIN_LEVELS,
        LATERALITIES,
        CT_STAGES,
        MRI_VALUES,
        (0, 1, 2, 3),  # both sides of grade II (S25, I1) and of grade III (I14)
        ACTIVITIES,
        (22, R.YOUNG_AGE_LIMIT + 1),
    ):
        # The value tuples are typed as plain strings; each holds exactly its Literal's values.
        yield Scenario(
            w,
            pt,
            cast(Pain, pain),
            cast(Laterality, lat),
            cast(CtStage, ct),
            mri,
            slip,
            cast(Activity, act),
            age,
        )


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
    for key, (_, ids) in rule_texts.CRITERIA.items():
        add(ids, f"criterion: {key}")
    for key, (_, ids) in rule_texts.WARNINGS.items():
        add(ids, f"caution: {key}")
    for item in rule_texts.INTERPRETATIONS:
        add(item.sources, f"interpretation {item.id}: {item.title}")
    for window in (PATHWAY_CONSERVATIVE, PATHWAY_SURGICAL):
        add(window.refs, f"window: {window.path} return to sport")
    return {sid: sorted(v) for sid, v in sorted(usage.items())}


@dataclass(frozen=True)
class Item:
    """One thing the explorer shows with its own sources: a step, a criterion or a caution."""

    key: str  # "open:<option>", "closed:<option>", "criterion:<key>", "alert:<id>"
    label: str
    sources: tuple[str, ...]
    interpretations: tuple[str, ...]
    closed: bool  # a step not open, or a criterion not met: drawn in the second style


def items(a: Assessment) -> tuple[Item, ...]:
    """Every step, criterion and caution of an assessment, each with its own sentence ids."""
    out: list[Item] = []
    for step in a.open_steps:
        out.append(Item(f"open:{step.option}", step.label, step.sources, _interp(step), False))
    for step in a.closed_steps:
        out.append(Item(f"closed:{step.option}", step.label, step.sources, _interp(step), True))
    for c in a.criteria_detail:
        out.append(
            Item(f"criterion:{c.key}", _CRITERION_LABEL.get(c.key, c.key), c.sources, _interp(c), not c.met)
        )
    for al in a.alerts:
        out.append(
            Item(
                f"alert:{al.id}", "Caution: " + _ALERT_LABEL.get(al.id, al.id), al.sources, _interp(al), False
            )
        )
    return tuple(out)


def marks(a: Assessment, selected: str | None = None) -> dict[str, str]:
    """Sentence id -> style: "selected", "open" (behind what applies now) or "closed".

    With a selection only that item's sentences are marked (in the closed style when the item
    is a closed step or an unmet criterion). Without one, every sentence behind the
    assessment is marked "open", and the sentences only closed steps and unmet criteria cite
    are "closed".
    """
    all_items = items(a)
    if selected is not None:
        for item in all_items:
            if item.key == selected:
                style = "closed" if item.closed else "selected"
                return {sid: style for sid in item.sources}
    out = {sid: "closed" for item in all_items if item.closed for sid in item.sources}
    out.update({sid: "open" for sid in a.sources})
    return out


def _interp(thing) -> tuple[str, ...]:
    return tuple(getattr(thing, "interpretations", ()) or ())


_CRITERION_LABEL = {
    "failed_conservative_care": "Criterion: failed conservative care",
    "functional_limitation": "Criterion: pain limits function",
    "imaging_confirmed": "Criterion: defect confirmed on imaging",
    "no_significant_listhesis": "Criterion: no significant slip",
}
_ALERT_LABEL = {
    "before_minimum_trial": "6-week minimum",
    "too_early_for_surgery": "no surgery before 3-6 months",
    "formal_pt_missing": "formal PT missing",
    "bilateral_longer_course": "bilateral defect",
    "professional_athlete": "professional athlete",
    "significant_listhesis": "significant slip",
    "pain_free_early": "pain-free early",
    "older_than_young": "age",
    "low_grade_slip": "grade I slip",
    "active_lesion": "active lesion",
    "unilateral_slip": "unilateral defect with a slip",
}


STYLES = {
    # style: (how the sentence is wrapped, the sign before it): not colour alone.
    "selected": (":orange-background[**{}**]", "▶ "),
    "open": (":orange-background[**{}**]", "▶ "),
    "closed": (":gray-background[*{}*]", "○ "),
}


def marked_source(
    doc: SourceDocument, marked: dict[str, str], sections: tuple[str, ...] | None = None
) -> str:
    """The source as one Markdown block, each marked sentence in its style, ids shown.

    The title is an h3: the column sits under the page's h2 "The source, alongside"."""
    return source_markdown(
        doc,
        show_ids=True,
        sections=sections,
        top=3,
        marks={sid: STYLES[kind] for sid, kind in marked.items()},
    )

"""The explorer's compact result card: the answer in four lines, from the Assessment alone."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pathway.model.engine import CAUTION_RANK, Assessment, evaluate
from pathway.model.rules import CONSERVATIVE_OPTIONS as CONSERVATIVE
from pathway.model.types import Alert
from pathway.sources.rule_texts import CRITERION_SHORT

# Open steps a resident looks for first: the decision, before the conservative basics.
_KEY_FIRST = (
    "urgent_spine_assessment",
    "steroid_injection",
    "direct_pars_repair",
    "fusion",
    "return_to_sport",
    "ct_scan",
    "mri",
)


@dataclass(frozen=True)
class Card:
    stands: str  # where the case stands (Assessment.summary)
    open_now: tuple[str, ...]  # labels, the decision first
    candidacy: str  # "n of 4 criteria hold: ..."
    caution: Alert | None  # the top caution (its text, sentence and interpretation ids)


# Cautions that change the decision on a case whose four criteria hold (clinical review N10):
# the candidacy line names the first that applies, in CAUTION_RANK order.
QUALIFIERS: dict[str, str] = {
    "active_lesion": "the lesion is still active and may unite (I12)",
    "early_fracture_may_unite": "an incomplete (early-stage) fracture may still unite (I15)",
    "low_grade_slip": "a grade I slip is a grey zone for direct repair (I1)",
}


def qualifier(a: Assessment) -> str | None:
    """The decision-changing caution that qualifies a candidacy, in words, or None."""
    return next((QUALIFIERS[w] for w in CAUTION_RANK if w in a.warnings and w in QUALIFIERS), None)


def top_caution(a: Assessment) -> Alert | None:
    """The most case-specific caution: the first in CAUTION_RANK (alerts are listed in it)."""
    return min(a.alerts, key=lambda al: CAUTION_RANK.index(al.id), default=None)


def candidacy(a: Assessment) -> str:
    """The candidacy verdict in words; with a significant slip, fusion instead of repair; a
    case outside the pathway is referred (I14)."""
    met = sum(a.criteria.values())
    head = f"{met} of 4 criteria hold"
    if a.stage == "outside_pathway":
        return head + ": outside this pathway (grade III-IV slip): urgent spine surgical assessment (I14)."
    if "fusion" in a.options:
        return head + ": not a candidate for direct repair (significant slip); fusion instead."
    if a.surgical_candidate:
        if a.repair_indicated:
            but = qualifier(a)
            if but:
                return head + f", but {but}: direct pars repair only after weighing this."
            return head + ": a candidate for direct pars repair."
        return head + ", but direct repair is not indicated for this patient (see Options)."
    missing = [CRITERION_SHORT[k] for k, ok in a.criteria.items() if not ok]
    return head + ": not a surgical candidate yet; needs " + ", ".join(missing) + "."


def card(a: Assessment) -> Card:
    steps = {s.option: s for s in a.open_steps}
    first = [steps[o].label for o in _KEY_FIRST if o in steps]
    rest = [s.label for s in a.open_steps if s.option not in _KEY_FIRST and s.option not in CONSERVATIVE]
    basics = [o for o in CONSERVATIVE if o in steps]
    if basics:
        rest.append("rest and pain control" if a.stage == "outside_pathway" else "the conservative programme")
    top = top_caution(a)
    return Card(
        stands=a.summary,
        open_now=tuple(first + rest),
        candidacy=candidacy(a),
        caution=top,
    )


@lru_cache(maxsize=512)
def assess(scenario) -> Assessment:
    """One Assessment per case, shared by the explorer's callback and fragments in a move, so
    its explanation is built once (its values are frozen; the cache is bounded)."""
    return evaluate(scenario)

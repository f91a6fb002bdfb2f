"""The explorer's compact result card: the answer in four lines, from the Assessment alone."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pathway.model.engine import Assessment, evaluate
from pathway.model.rules import CONSERVATIVE_OPTIONS as CONSERVATIVE
from pathway.model.types import Alert
from pathway.sources.rule_texts import CRITERION_SHORT

# Open steps a resident looks for first: the decision, before the conservative basics.
_KEY_FIRST = ("steroid_injection", "direct_pars_repair", "fusion", "return_to_sport", "ct_scan", "mri")


@dataclass(frozen=True)
class Card:
    stands: str  # where the case stands (Assessment.summary)
    open_now: tuple[str, ...]  # labels, the decision first
    candidacy: str  # "n of 4 criteria hold: ..."
    caution: Alert | None  # the top caution (its text, sentence and interpretation ids)


def candidacy(a: Assessment) -> str:
    """The candidacy verdict in words; with a significant slip, fusion instead of repair."""
    met = sum(a.criteria.values())
    head = f"{met} of 4 criteria hold"
    if "fusion" in a.options:
        return head + ": not a candidate for direct repair (significant slip); fusion instead."
    if a.surgical_candidate:
        if a.repair_indicated:
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
        rest.append("the conservative programme")
    top = a.alerts[0] if a.alerts else None
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

"""A generated case's published figures: what the one figure selection shows for it, in words,
and where no figure fits, why."""

from __future__ import annotations

from pathway.model import treatments as T
from pathway.model.engine import Assessment
from pathway.study.case_text import (
    num,
)


def _figure_line(x) -> str | None:
    """One shown figure (pathway.sources.selection.Shown) in words: treatment, its role (the
    lead "for this stage and side", or an "other cohort (...)"), value, population, references."""
    f = x.figure
    refs = ", ".join(f"[{r}]" for r in f.refs) + (" [2nd-hand]" if f.second_hand else "")
    head = f"{T.TREATMENTS[f.option].short}, {x.label[:1].lower()}{x.label[1:]}"
    if f.kind == "time" and f.months_low is not None:
        high = f.months_high if f.months_high is not None else f.months_low
        span = (
            f"about {num(f.months_low)} months"
            if f.months_low == high
            else f"{num(f.months_low)}-{num(high)} months"
        )
        if f.measure == "treatment_length":
            return f"{head}: care lasted {span} on average (not a time to heal); {f.population} {refs}."
        return f"{head}: on average {f.what} after {span}; {f.population} {refs}."
    if f.percent is not None:
        return f"{head}: {num(f.percent)}% {f.what}; {f.population} {refs}."
    return None


def case_figures(a: Assessment, limit: int = 10) -> tuple[str, ...]:
    """Published figures for this case, in words with population and reference (I10).

    Only what the one figure selection (pathway.sources.selection) shows: every question's lead
    first (the figure for this stage, side and age), then the other cohorts, labelled so. An
    empty tuple means no published figure fits; case_figure_gaps() says why.
    """
    from pathway.sources.selection import selections

    sels = selections(a)
    shown = [s.lead for s in sels if s.lead] + [x for s in sels for x in s.others]
    lines = [line for line in map(_figure_line, shown) if line]
    return tuple(lines[:limit])


def case_figure_gaps(a: Assessment) -> tuple[str, ...]:
    """ "No published figure ...: why", for each question about the case's own care (conservative
    care and the options open now) that the selection has no lead for."""
    from pathway.sources.selection import selections

    out = []
    for sel in selections(a):
        if sel.lead is None and sel.reason and (sel.option == "conservative_care" or sel.option in a.options):
            out.append(f"{T.TREATMENTS[sel.option].short}: {sel.reason}")
    return tuple(dict.fromkeys(out))

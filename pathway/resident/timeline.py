"""The return-to-activity timeline as rows: what the explorer's chart and table draw."""

from __future__ import annotations

from dataclasses import dataclass

from pathway.model import rules as R
from pathway.model import treatments as T
from pathway.model.engine import Assessment, early_surgical_opinion, weeks_to_months
from pathway.sources.figures import NO_FIGURE
from pathway.sources.selection import select

PATH_NAMES = {"conservative": "Conservative", "surgical": "After surgery"}
LAYER_NAMES = {"pathway": "Source pathway", "evidence": "Published evidence"}


@dataclass(frozen=True)
class Band:
    row: str
    layer: str  # LAYER_NAMES value
    start: float  # months from the start of conservative care
    end: float
    label: str
    refs: str
    note: str


@dataclass(frozen=True)
class Marker:
    name: str
    month: float
    text: str


def bands(a: Assessment) -> list[Band]:
    """Windows placed on one axis: conservative from the start of care, surgical from the
    earliest date surgery could happen (Assessment.surgery_month)."""
    out = []
    for w in a.windows:
        offset = 0.0 if w.path == "conservative" else (a.surgery_month or 0.0)
        refs = ", ".join(w.refs) if w.layer == "pathway" else ", ".join(f"[{r}]" for r in w.refs)
        note = w.population or "The source pathway's own window"
        if w.path == "surgical":
            note += f"; counted from surgery at month {offset:.1f}"
        out.append(
            Band(
                row=f"{PATH_NAMES[w.path]} ({'source' if w.layer == 'pathway' else 'published'})",
                layer=LAYER_NAMES[w.layer],
                start=round(offset + w.start_month, 2),
                end=round(offset + w.end_month, 2),
                label=w.label,
                refs=refs,
                note=note,
            )
        )
    return out


def markers(a: Assessment) -> list[Marker]:
    """The timeline's vertical lines. Outside the pathway (I14) only "Today": the routine
    course's 6-week and 13-week lines do not apply. The professional's early-opinion line only
    where I4 applies: an imaged defect, not a stress reaction (clinical review N7)."""
    weeks = a.scenario.weeks_conservative
    today = Marker("Today", round(weeks_to_months(weeks), 2), f"Today: week {weeks}")
    if a.stage == "outside_pathway":
        return [today]
    out = [
        Marker(
            "6-week minimum",
            round(weeks_to_months(R.CONSERVATIVE_MINIMUM_WEEKS), 2),
            "End of the 6-week minimum trial (S02)",
        ),
        Marker(
            "Interventions may open",
            round(weeks_to_months(R.CONSERVATIVE_FAILURE_WEEKS), 2),
            "3 months: interventions may be considered if care has failed (S12; I2)",
        ),
        today,
    ]
    if early_surgical_opinion(a.scenario):
        out.append(
            Marker(
                "Surgical opinion (professional)",
                round(weeks_to_months(R.CONSERVATIVE_MINIMUM_WEEKS), 2),
                "Professional athlete with an imaged defect: a surgical opinion may be sought "
                "from here (S29; I4)",
            )
        )
    if a.surgery_month is not None:
        out.append(
            Marker(
                "Earliest surgery",
                round(a.surgery_month, 2),
                f"Earliest surgery: month {a.surgery_month:.1f} (S26; I13)",
            )
        )
    return out


def summary(a: Assessment) -> str:
    """One or two sentences saying what the chart shows."""
    today = weeks_to_months(a.scenario.weeks_conservative)
    if a.stage == "outside_pathway":
        return (
            f"Today is month {today:.1f}. A grade III-IV slip after a fall is outside this pathway "
            "(I14): no routine return-to-sport window or surgery month is drawn; the urgent spine "
            "surgical assessment decides."
        )
    text = (
        f"Today is month {today:.1f}. With conservative care the source expects a return to sport "
        "at 3-6 months"
    )
    if a.windows_for("conservative", "evidence") is not None:
        text += "; published series report means of 3.7-5.5 months."
    else:
        # Why no published window: the one figure selection's reason (age, slip, ...), not a
        # guess (clinical review N16).
        why = select(a, "return_to_sport_time", T.CONSERVATIVE_CARE).reason or NO_FIGURE
        text += "; " + why[:1].lower() + why[1:]
    s = a.surgery_month
    if s is None:
        return f"{text} {a.surgery_note}" if a.surgery_note else text
    if a.windows_for("surgical", "pathway") is not None:
        text += (
            f" If surgical repair happened at month {s:.1f} (the earliest the pathway allows, I13), the "
            f"source expects a return at month {s + 3:.1f}-{s + 5:.1f} (3-5 months after surgery); "
            f"published series report about 6-8 months after surgery (month {s + 6:.1f}-{s + 7.9:.1f}). "
            "The two disagree: both are shown."
        )
    else:
        text += (
            f" Fusion could happen from month {s:.1f} (I13). Neither the source nor the published "
            "figures give a return-to-sport window for fusion: the surgical windows are for direct "
            "repair (I10)."
        )
    return text

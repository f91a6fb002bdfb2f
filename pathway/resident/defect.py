"""What the published figures say for this defect: the rows of the explorer's second chart.

Everything comes through :func:`pathway.sources.figures.figures_for`, so a figure is drawn only for
the cases it describes (stage, side, slip, age, time frame). Where no figure fits, a note
says why, so every defect feature either moves the chart or the chart says why it cannot.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.model import rules as R
from pathway.model.engine import Assessment
from pathway.sources.figures import NO_FIGURE, figures_for, load_figures


@dataclass(frozen=True)
class Chance:
    """One published chance, in percent, for the chart's bar."""

    id: str
    row: str  # short label on the axis
    percent: float
    what: str
    population: str
    refs: str
    caveats: str


@dataclass(frozen=True)
class Union:
    """A published average time to bone union, in months from the start of care."""

    id: str
    month_low: float
    month_high: float
    text: str
    population: str
    refs: str


def _reason(a: Assessment, measure: str, kind: str | None = None) -> str:
    """Why no figure of this measure describes the case (the first misfit, in file order)."""
    misfits = [
        f.misfit(a) for f in load_figures() if f.measure == measure and (kind is None or f.kind == kind)
    ]
    reasons = [r for r in misfits if r]
    # "For another stage / side" only says the figure is someone else's: prefer what rules
    # out this case's own (no CT yet, age, time frame).
    own = [
        r
        for r in reasons
        if not r.startswith(("the figure is for another", "the figure is for uni", "the figure is for bi"))
    ]
    return (own or reasons or ["none was published"])[0]


def _known(value: float | None) -> float:
    """A number figures.csv's loader guarantees for this kind of figure (it refuses the file
    otherwise), as a float."""
    if value is None:
        raise TypeError("a figure lacks a number its loader checks")
    return float(value)


def _short(f) -> str:
    side = {"unilateral": "one side", "bilateral": "both sides"}.get(f.laterality, "either side")
    if f.age_group == "young_adult":
        return f"Young adults, {side}"
    return f"Teenagers, {side}"


def healing(a: Assessment) -> tuple[tuple[Chance, ...], str | None]:
    """Chances that the bone heals with conservative care for this stage and side, or why none."""
    found = figures_for(a, option="conservative", measure="healing")
    rows = tuple(
        Chance(
            f.id,
            f"{_short(f)} [{','.join(map(str, f.refs))}]",
            _known(f.percent),
            f.what,
            f.population,
            f.ref_text,
            "; ".join(f.caveats(a.scenario)),
        )
        for f in found
    )
    if rows:
        return rows, None
    return rows, f"{NO_FIGURE} for the chance of healing: {_reason(a, 'healing')}."


def union_times(a: Assessment) -> tuple[tuple[Union, ...], str | None]:
    """Average times to bone union that describe this case, or why none."""
    found = figures_for(a, option="conservative", measure="time_to_union")
    rows = tuple(
        Union(
            f.id,
            _known(f.months_low),
            _known(f.months_high),
            f"Bone union on average at month {f.months_low:.1f}"
            + (f"-{f.months_high:.1f}" if f.months_high != f.months_low else ""),
            f.population,
            f.ref_text,
        )
        for f in found
    )
    if rows:
        return rows, None
    return rows, f"{NO_FIGURE} for the time to union: {_reason(a, 'time_to_union')}."


def notes(a: Assessment) -> tuple[str, ...]:
    """What the chart cannot show for this case, feature by feature, in plain words."""
    s = a.scenario
    out: list[str] = []
    _, why = healing(a)
    if why:
        out.append(why)
    _, why = union_times(a)
    if why:
        out.append(why)
    if s.mri_edema is True and "active_lesion" in a.warnings:
        out.append(
            "MRI oedema beside the fracture: the lesion is still active and may unite (S10, S30; I12); "
            "no published figure here separates healing by the MRI."
        )
    elif s.mri_edema is not None:
        out.append("No published figure here separates healing by the MRI result.")
    if s.listhesis_grade >= R.SIGNIFICANT_LISTHESIS_GRADE:
        out.append(
            f"Grade {s.listhesis_grade} slip: fusion instead of repair (S25; I1), and there is no "
            "published return-to-sport window for fusion."
        )
    elif s.listhesis_grade > 0:
        out.append("Grade I slip: the figures drawn are for cohorts without a significant slip.")
    if s.activity == "professional":
        out.append(
            "Professional athlete: conservative care fails more often; a surgical opinion from week "
            f"{R.CONSERVATIVE_MINIMUM_WEEKS} (S29; I4), surgery itself not before week "
            f"{R.CONSERVATIVE_FAILURE_WEEKS}."
        )
    if s.age > R.YOUNG_AGE_LIMIT:
        out.append(
            f"Age {s.age}: the cohorts were teenagers and young adults; their figures are not drawn (I10)."
        )
    return tuple(out)


def summary(a: Assessment) -> str:
    """The second chart in words: the chances and union times drawn, then what is not drawn."""
    chances, _ = healing(a)
    unions, _ = union_times(a)
    parts = []
    if chances:
        parts.append(
            "Published chance the bone heals with conservative care, for this stage and side: "
            + "; ".join(f"{c.percent:.1f}% ({c.row})" for c in chances)
            + "."
        )
    if unions:
        parts.append(
            "Published average time to union: "
            + "; ".join(f"month {u.month_low:.1f} {u.refs}" for u in unions)
            + "."
        )
    parts += notes(a)
    return " ".join(parts)

"""What the published figures say for this defect: the rows of the explorer's second chart.

Everything comes through :func:`pathway.sources.selection.select`, the one figure selection:
the figure for this stage and side leads, other cohorts follow labelled as such with their
stage mix, and where no figure describes the case a note says why. A length of treatment is
said as one, never as a time to heal (clinical review N1, N2, N6).
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.model import rules as R
from pathway.model import treatments as T
from pathway.model.engine import Assessment, early_surgical_opinion
from pathway.sources.selection import LEAD, Selection, Shown, select


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
    role: str = LEAD  # "lead" (this stage and side) or "other" (another cohort)
    fit: str = ""  # the selection's label: "For this stage and side" / "Other cohort (...)"


@dataclass(frozen=True)
class Union:
    """A published average time to bone union, in months from the start of care."""

    id: str
    month_low: float
    month_high: float
    text: str
    population: str
    refs: str


def _short(shown: Shown) -> str:
    f = shown.figure
    refs = ",".join(map(str, f.refs))
    if shown.role == LEAD:
        return f"This stage and side [{refs}]"
    who = "Young adults" if f.young_adult else "Teenagers"
    return f"Other: {who.lower()} [{refs}]"


def healing_selection(a: Assessment) -> Selection:
    return select(a, "healing", T.CONSERVATIVE_CARE)


def _known(value: float | None) -> float:
    """A number figures.csv's loader guarantees for this measure (it refuses the file
    otherwise), as a float."""
    if value is None:
        raise TypeError("a figure lacks a number its loader checks")
    return float(value)


def healing(a: Assessment) -> tuple[tuple[Chance, ...], str | None]:
    """Chances that the bone heals with conservative care: this stage and side's first, then
    other cohorts; or why none describes the case."""
    sel = healing_selection(a)
    rows = tuple(
        Chance(
            x.id,
            _short(x),
            _known(x.figure.percent),
            x.figure.what,
            x.figure.population,
            x.figure.ref_text,
            "; ".join(x.caveats),
            x.role,
            x.label,
        )
        for x in sel.shown
    )
    return rows, sel.reason


def _month(f) -> str:
    return f"{f.months_low:.1f}" + (f"-{f.months_high:.1f}" if f.months_high != f.months_low else "")


def union_times(a: Assessment) -> tuple[tuple[Union, ...], str | None]:
    """Average times to bone union: this stage's first, then other cohorts; or why none."""
    sel = select(a, "time_to_union", T.CONSERVATIVE_CARE)
    rows = tuple(
        Union(
            x.id,
            _known(x.figure.months_low),
            _known(x.figure.months_high),
            ("" if x.role == LEAD else "Other cohort: ")
            + f"bone union on average at month {_month(x.figure)} ({x.label[:1].lower()}{x.label[1:]})",
            x.figure.population,
            x.figure.ref_text,
        )
        for x in sel.shown
    )
    return rows, sel.reason


def treatment_lengths(a: Assessment) -> Selection:
    """How long care lasted in the cohorts (not a time to heal): never drawn as union."""
    return select(a, "treatment_length", T.CONSERVATIVE_CARE)


def notes(a: Assessment) -> tuple[str, ...]:
    """What the chart cannot show for this case, feature by feature, in plain words."""
    s = a.scenario
    out: list[str] = []
    for why in (healing_selection(a).reason, union_times(a)[1]):
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
    if early_surgical_opinion(s):  # an imaged defect only (I4; clinical review N7)
        out.append(
            "Professional athlete with an imaged defect: conservative care fails more often; a "
            "surgical opinion from week "
            f"{R.CONSERVATIVE_MINIMUM_WEEKS} (S29; I4), surgery itself not before week "
            f"{R.CONSERVATIVE_FAILURE_WEEKS}."
        )
    if s.age > R.YOUNG_AGE_LIMIT:
        out.append(
            f"Age {s.age}: the cohorts were teenagers and young adults; their figures are not drawn (I10)."
        )
    return tuple(out)


def _chance(x: Shown) -> str:
    f = x.figure
    said = [f.stage_mix] if x.role != LEAD and f.stage_mix else []
    said += [f.population, *x.caveats]
    return f"{f.percent:.1f}% {f.ref_text} ({'; '.join(said)})"


def summary(a: Assessment) -> str:
    """The second chart in words: the lead figure for this stage and side, the other cohorts
    as such, union times, lengths of treatment as lengths of treatment, then what is not drawn."""
    sel = healing_selection(a)
    unions, _ = union_times(a)
    parts = []
    if sel.lead:
        parts.append(
            f"Published chance the bone heals with conservative care, for this stage and side: "
            f"{_chance(sel.lead)}."
        )
    if sel.others:
        parts.append(
            "Other cohorts, not this stage and side: " + "; ".join(_chance(x) for x in sel.others) + "."
        )
    if unions:
        said = "; ".join(f"{u.text} {u.refs}" for u in unions)
        parts.append(f"Published average time to union: {said}.")
    lengths = treatment_lengths(a)
    if lengths.shown:
        parts.append(
            "Length of treatment (how long care lasted, healed or not; not a time to heal): "
            + "; ".join(
                f"{x.figure.months_low:.1f} {x.figure.time_frame} {x.figure.ref_text}" for x in lengths.shown
            )
            + "."
        )
    parts += notes(a)
    return " ".join(parts)

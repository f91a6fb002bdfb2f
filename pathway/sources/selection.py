"""One figure selection: which published figure leads for a case, which others are shown
beside it, and, where none describes the case, why (clinical review N1, N2, N6, N11, N16).

Every view that shows a number for a case asks :func:`select` (one option, one measure), or
:func:`selections` (every option and measure), so the explorer, the imaging guide, the patient
view, the handout and study mode cannot pick different figures for the same case.

The ranking (highest first; :func:`rank` is the key):

1. **Stage**: a figure for exactly the case's CT stage before one pooled over several stages.
2. **Side**: the case's side (one side / both sides) before "either side".
3. **Age group**: teenagers' figures for a teenager (under 18), young adults' for 18-30
   (the app's "young", I5), adults' over 30; then a cohort whose ages were not reported;
   then another age group (said beside it: "studied in young adults, not teenagers").
4. **Sex mix**: a cohort of both sexes (or not reported) before a mostly one-sex cohort
   (the case has no sex, so a one-sex cohort is the weaker match).
5. **Size**: more people first; then file order.

The **lead** is the top-ranked figure, with one rule above the ranking: for a measure that
depends on the stage (:data:`STAGED_MEASURES`), only a figure for exactly this stage may lead.
A pooled figure is then shown only as another cohort, with its stage mix, and the selection
says there is no published figure for this stage. So a pooled or other-stage figure never
leads a stage-matched one, and every figure shown passes ``Figure.misfit`` (applicability).
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.model import rules as R
from pathway.model.engine import Assessment, evaluate
from pathway.model.scenario import Scenario
from pathway.sources.figures import (
    ADULT_AGE,
    HIGH_GRADE_SLIP,
    MEASURES,
    NO_FIGURE,
    Figure,
    load_figures,
)

# Measures whose value depends on the CT stage ([2]: union falls and treatment lengthens as
# the stage advances): a figure pooled over stages never leads for them.
STAGED_MEASURES = frozenset({"healing", "time_to_union", "treatment_length"})
LEAD, OTHER = "lead", "other"
AGE_BAND_LABEL = {"adolescent": "teenagers", "young_adult": "young adults", "adult": "adults"}


def age_band(age: int) -> str:
    """The cohort age group that describes a case of this age best."""
    if age < ADULT_AGE:
        return "adolescent"
    return "young_adult" if age <= R.YOUNG_AGE_LIMIT else "adult"


@dataclass(frozen=True)
class Shown:
    """One figure as a view shows it: as the lead or as another cohort, and why."""

    figure: Figure
    role: str  # LEAD | OTHER
    match: str  # what of the case it matches: "this stage and side", "stages pooled", ...
    label: str  # how to introduce it: "For this stage and side" / "Other cohort (...)"
    caveats: tuple[str, ...]  # what differs between the case and the people studied
    rank: tuple  # the ranking key (higher first)

    @property
    def id(self) -> str:
        return self.figure.id


@dataclass(frozen=True)
class Selection:
    """The figures of one option and measure for one case."""

    option: str
    measure: str
    lead: Shown | None
    others: tuple[Shown, ...]
    reason: str | None  # when there is no lead: "No published figure for ...: why"

    @property
    def shown(self) -> tuple[Shown, ...]:
        return ((self.lead,) if self.lead else ()) + self.others

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(s.figure for s in self.shown)

    @property
    def kind(self) -> str:
        return MEASURES[self.measure][0]

    @property
    def what(self) -> str:
        """The measure in words ("how long care lasted (not a time to heal)")."""
        return MEASURES[self.measure][1]


def _assessment(case: Scenario | Assessment) -> Assessment:
    return case if isinstance(case, Assessment) else evaluate(case)


def stage_matched(f: Figure, s: Scenario) -> bool:
    """The figure is for exactly this case's CT stage (not pooled over stages)."""
    return f.stages == frozenset({s.ct_stage})


def rank(f: Figure, s: Scenario) -> tuple[int, int, int, int, int]:
    """The ranking key of an applicable figure for this case (see the module's docstring)."""
    band = age_band(s.age)
    age = 2 if f.age_group == band else 1 if f.age_group == "not_reported" else 0
    return (
        2 if stage_matched(f, s) else 1,
        2 if f.laterality == s.laterality else 1,
        age,
        0 if f.sex.startswith("mostly") else 1,
        f.n or 0,
    )


def _match(f: Figure, s: Scenario, measure: str) -> str:
    side = {"unilateral": "one side", "bilateral": "both sides"}[s.laterality]
    if stage_matched(f, s):
        return "this stage and side" if f.laterality == s.laterality else "this stage, sides together"
    stages = "stages pooled" if measure in STAGED_MEASURES else "all stages"
    return f"{stages}, {side}" if f.laterality == s.laterality else f"{stages}, sides together"


def _label(f: Figure, role: str, match: str) -> str:
    who = AGE_BAND_LABEL.get(f.age_group, "ages not reported")
    if role == LEAD:
        return f"For {match}" if match.startswith("this stage") else f"Closest cohort ({who}, {match})"
    mix = f"; {f.stage_mix}" if f.stage_mix else ""
    return f"Other cohort ({who}, {match}{mix})"


def _reason_no_figure(a: Assessment, option: str, measure: str, pool: tuple[Figure, ...]) -> str:
    """Why no figure of this option and measure describes the case, the case's own reason first."""
    s = a.scenario
    what = MEASURES[measure][1] if measure in MEASURES else measure
    head = f"{NO_FIGURE} for {what}"
    if s.listhesis_grade >= HIGH_GRADE_SLIP:
        return (
            f"{head}: a grade {s.listhesis_grade} slip is high-grade; no study here reports one, and "
            "it lies outside this pathway (I1)."
        )
    mine = [f for f in pool if f.option == option and f.measure == measure]
    if not mine:
        return f"{head}: none was published for this option."
    misfits = [m for m in (f.misfit(a) for f in mine) if m]
    # The case's own reasons (the option is not possible, age, no CT, slip, time frame) come
    # before "the figure is for another stage / side", which only says whose figure it is.
    order = (
        "pain-free",
        "a stress reaction",
        "direct repair is not",
        "fusion is only",
        "the people studied were young",
        "the people studied were adults",
        "the figure is for one CT stage, and no CT",
        "the people studied had",
        "the figure describes the first",
    )
    plainer = {
        "the figure is for one CT stage, and no CT has been done": (
            "no CT has been done yet, and the published figures are for a CT stage (S08)"
        ),
    }
    for start in order:
        hit = next((m for m in misfits if m.startswith(start)), None)
        if hit:
            return f"{head}: {plainer.get(hit, hit)}."
    if s.ct_stage == "old_defect" and measure in STAGED_MEASURES:
        if s.laterality == "bilateral":
            extra = (
                "; [2] and [7] report only the newer side when one side is terminal, and a sclerotic "
                "non-union rarely unites with care without an operation"
                if measure == "healing"
                else ""
            )
            return (
                f"{head}: both sides are old (terminal) defects, and no study reports this for both "
                f"sides terminal{extra}."
            )
        return f"{head}: no study here reports this for a one-sided old (terminal) defect."
    if misfits:
        side = {"unilateral": "one side", "bilateral": "both sides"}[s.laterality]
        return f"{head}: no study here reports it for this stage on {side}."
    return f"{head}."


def select(
    case: Scenario | Assessment,
    measure: str,
    option: str = "conservative_care",
    figures: tuple[Figure, ...] | None = None,
) -> Selection:
    """The lead figure for this case, option and measure (or None and why), and the others."""
    if measure not in MEASURES:
        raise KeyError(f"unknown measure '{measure}'; known: {', '.join(MEASURES)}")
    a = _assessment(case)
    s = a.scenario
    pool = load_figures() if figures is None else figures
    fits = [f for f in pool if f.option == option and f.measure == measure and f.misfit(a) is None]
    # sorted is stable: equal keys keep file order.
    ranked = sorted(fits, key=lambda f: rank(f, s), reverse=True)
    lead_ok = bool(ranked) and (measure not in STAGED_MEASURES or stage_matched(ranked[0], s))
    shown = []
    for i, f in enumerate(ranked):
        role = LEAD if (i == 0 and lead_ok) else OTHER
        match = _match(f, s, measure)
        shown.append(Shown(f, role, match, _label(f, role, match), f.caveats(s), rank(f, s)))
    lead = shown[0] if lead_ok else None
    others = tuple(shown[1:] if lead_ok else shown)
    reason = None
    if lead is None:
        if others:
            reason = (
                f"{NO_FIGURE} for {MEASURES[measure][1]} at this stage: the published figures pool "
                "several stages (shown as other cohorts, with their stage mix)."
            )
        else:
            reason = _reason_no_figure(a, option, measure, pool)
    return Selection(option, measure, lead, others, reason)


def selections(
    case: Scenario | Assessment,
    option: str | None = None,
    kind: str | None = None,
    figures: tuple[Figure, ...] | None = None,
) -> tuple[Selection, ...]:
    """One selection per (option, measure) that the figures file has, in file order; filter by
    option and kind. Selections with no figure are included (their reason says why)."""
    a = _assessment(case)
    pool = load_figures() if figures is None else figures
    pairs: list[tuple[str, str]] = []
    for f in pool:
        wanted = (option is None or f.option == option) and (kind is None or f.kind == kind)
        if wanted and (f.option, f.measure) not in pairs:
            pairs.append((f.option, f.measure))
    return tuple(select(a, m, o, figures=pool) for o, m in pairs)

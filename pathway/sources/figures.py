"""Whom each published figure describes, and which figures describe a case (I10).

Every case-facing number (explorer chart, patient view, handout, study explanations) comes
from ``data/figures.csv`` through :func:`figures_for`, so no page can show a figure for a
case it does not describe. A row declares its population (age group, sex mix, country), the
slip it covers, the option it belongs to, the CT stages and laterality, and its time frame.
Where nothing fits, pages say "no published figure" (:data:`NO_FIGURE`). Which of the
figures that fit leads, and which are shown as other cohorts, is decided in one place:
:func:`pathway.sources.selection.select`.

The numbers are those of the evidence tables ``data/*.csv``, each with its reference;
tests/test_figures.py checks each against its evidence table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pathway.model import rules as R
from pathway.model import treatments as T
from pathway.model.engine import CONFIRMED_STAGES, Assessment
from pathway.model.scenario import CT_STAGES, Scenario
from pathway.sources.errors import EvidenceError
from pathway.sources.evidence import Col, _check_header, _convert, _read_rows, data_dir

FIGURES_FILE = "figures.csv"
NO_FIGURE = "No published figure"

# The option column spells a treatment by its id (pathway.model.treatments).
OPTIONS = T.CHOICES
KINDS = ("benefit", "harm", "time")
# What each measure is, its kind, and how it is said. A length of treatment is not a time to
# heal: [2]'s 53.7 days and [11]'s 84.7 days are how long care lasted (healed or not), so they
# are "treatment_length", never "time_to_union" (clinical review N6).
MEASURES: dict[str, tuple[str, str]] = {
    "return_to_sport": ("benefit", "going back to sport"),
    "healing": ("benefit", "the bone healing with care without an operation"),
    "union": ("benefit", "the bone joining after a repair"),
    "complication": ("harm", "complications"),
    "pain_relief": ("benefit", "pain relief after an injection"),
    "result": ("benefit", "the result of the operation"),
    "return_to_sport_time": ("time", "the time back to sport"),
    "time_to_union": ("time", "the time until the bone heals"),
    "treatment_length": ("time", "how long care lasted (not a time to heal)"),
}
# Words a length of treatment must never use: it would read as a time to heal.
HEAL_WORDS = ("heal", "union", "unite", "join")
# Age groups of the cohorts, and whom each describes (I10): teenage and young-adult cohorts
# describe cases up to the app's "young" (I5); adult cohorts describe adults.
AGE_GROUPS = ("adolescent", "young_adult", "adult", "not_reported")
# Slip coverage: "none" = cohorts without a slip (grade 0); "low" = spondylolysis cohorts that
# report no significant slip (grade 0-I); "slip" = cohorts with a slip (grade I+); "any".
SLIPS = ("none", "low", "slip", "any")
LATERALITY = ("any", "unilateral", "bilateral")
ADULT_AGE = 18
SMALL_GROUP = 50  # fewer people than this: the page says "small group"
# Meyerding III-IV: no cohort here reports one (I1; clinical review N8), so no figure describes it.
HIGH_GRADE_SLIP = 3

FIGURE_COLUMNS = (
    Col("id"),
    Col("option", "choice", choices=OPTIONS),
    Col("kind", "choice", choices=KINDS),
    Col("measure", "choice", choices=tuple(MEASURES)),
    Col("percent", "percent", required=False),
    Col("n_of_100", "int", required=False, minimum=0, maximum=100),
    Col("ci_low", "percent", required=False),
    Col("ci_high", "percent", required=False),
    Col("months_low", "float", required=False, minimum=0, maximum=60),
    Col("months_high", "float", required=False, minimum=0, maximum=60),
    Col("what"),
    Col("what_not", required=False),
    Col("time_frame"),
    Col("population"),
    Col("age_group", "choice", choices=AGE_GROUPS),
    Col("sex"),
    Col("country"),
    Col("slip", "choice", choices=SLIPS),
    Col("stages"),
    Col("laterality", "choice", choices=LATERALITY),
    Col("weeks_max", "int", required=False, minimum=0, maximum=104),
    Col("refs"),
    Col("second_hand", "yesno"),
    Col("computed", "yesno"),
    Col("n", "int", required=False, minimum=1),
    Col("quality"),
    # Empty for a figure of one CT stage; for a figure over several stages, their mix in
    # words (said beside it wherever it is shown as another cohort, pathway.sources.selection).
    Col("stage_mix", required=False),
)


@dataclass(frozen=True)
class Figure:
    """One published figure and whom it describes."""

    id: str
    option: str
    kind: str
    measure: str
    percent: float | None
    n_of_100: int | None
    ci_low: float | None
    ci_high: float | None
    months_low: float | None
    months_high: float | None
    what: str
    what_not: str
    time_frame: str
    population: str
    age_group: str
    sex: str
    country: str
    slip: str
    stages: frozenset[str]
    laterality: str
    weeks_max: int | None
    refs: tuple[int, ...]
    second_hand: bool
    computed: bool
    n: int | None
    quality: str
    stage_mix: str = ""

    @property
    def young_adult(self) -> bool:
        return self.age_group == "young_adult"

    @property
    def small_group(self) -> bool:
        return self.n is not None and self.n < SMALL_GROUP

    @property
    def not_n_of_100(self) -> int | None:
        """The complement, for saying it in words ("62 did not")."""
        return None if self.n_of_100 is None else 100 - self.n_of_100

    @property
    def ref_text(self) -> str:
        return ", ".join(f"[{r}]" for r in self.refs)

    def misfit(self, a: Assessment) -> str | None:
        """Why this figure does not describe the case, or None when it does."""
        return _misfit(self, a)

    def caveats(self, scenario: Scenario) -> tuple[str, ...]:
        """What differs between the case and the people studied (said beside the figure)."""
        out = []
        if self.age_group == "adolescent" and scenario.age >= ADULT_AGE:
            out.append("studied in teenagers, not adults")
        elif self.age_group == "young_adult" and scenario.age < ADULT_AGE:
            out.append("studied in young adults, not teenagers")
        elif self.age_group == "adult" and scenario.age < 25:
            out.append("studied in older adults")
        elif self.age_group == "not_reported":
            out.append("the ages were not reported")
        if self.sex in ("mostly boys", "mostly men"):
            out.append(f"{self.sex} were studied")
        if scenario.ct_stage == "not_done" and self.stages != frozenset(CT_STAGES):
            out.append("the CT will show whether this applies")
        if self.second_hand:
            out.append("[2nd-hand]")
        if self.small_group:
            out.append("a small group")
        return tuple(out)


def _misfit(f: Figure, a: Assessment) -> str | None:
    s = a.scenario
    if s.listhesis_grade >= HIGH_GRADE_SLIP:
        return (
            f"a grade {s.listhesis_grade} slip is high-grade: no study here reports one, and it lies "
            "outside this pathway (I1)"
        )
    # The option must still be possible for this patient.
    if f.option != T.CONSERVATIVE_CARE:
        if s.pain == "none":
            return "pain-free: no interventional option is in question"
        if s.ct_stage == "stress_reaction":
            return "a stress reaction is not a defect (I6)"
        if f.option == T.DIRECT_PARS_REPAIR and not a.repair_indicated:
            return "direct repair is not for this patient: " + (
                "a significant slip calls for fusion (I1)" if s.listhesis_grade >= 2 else "over 30 (I5)"
            )
        if f.option == T.FUSION and s.listhesis_grade < R.SIGNIFICANT_LISTHESIS_GRADE:
            return "fusion is only for a significant slip (I1)"
    # Slip.
    grade = s.listhesis_grade
    slip_ok = {
        "none": grade == 0,
        "low": grade < R.SIGNIFICANT_LISTHESIS_GRADE,
        "slip": grade >= 1,
        "any": True,
    }[f.slip]
    if not slip_ok:
        return (
            "the people studied had no slip" if f.slip == "none" else "the people studied had no large slip"
        )
    # Stage and side.
    if s.ct_stage == "not_done":
        if f.stages != frozenset(CT_STAGES) and not f.stages >= CONFIRMED_STAGES:
            return "the figure is for one CT stage, and no CT has been done"
    elif s.ct_stage not in f.stages:
        return "the figure is for another CT stage"
    if f.laterality != "any" and f.laterality != s.laterality:
        return f"the figure is for {f.laterality} defects"
    # Age (I10).
    if f.age_group in ("adolescent", "young_adult") and s.age > R.YOUNG_AGE_LIMIT:
        return f"the people studied were young; this case is over {R.YOUNG_AGE_LIMIT} (I10)"
    if f.age_group == "adult" and s.age < ADULT_AGE:
        return "the people studied were adults"
    # Time frame (I11).
    if f.weeks_max is not None and s.weeks_conservative > f.weeks_max:
        return f"the figure describes the first {f.weeks_max} weeks of care (I11)"
    return None


def _split_stages(name: str, number: int, raw: str) -> frozenset[str]:
    if raw == "any":
        return frozenset(CT_STAGES)
    stages = frozenset(p.strip() for p in raw.split(";"))
    unknown = stages - set(CT_STAGES)
    if unknown:
        raise EvidenceError(
            f"{name} row {number}: column 'stages' has {', '.join(sorted(unknown))}; "
            f"allowed: any, or {', '.join(CT_STAGES)} separated by ';'"
        )
    return stages


def _split_refs(name: str, number: int, raw: str) -> tuple[int, ...]:
    try:
        refs = tuple(int(p) for p in raw.split(";"))
    except ValueError:
        raise EvidenceError(f"{name} row {number}: column 'refs' must be numbers separated by ';'") from None
    return refs


def load_figures(directory: Path | str | None = None) -> tuple[Figure, ...]:
    """data/figures.csv, validated; raises EvidenceError naming the file and row."""
    path = data_dir(directory) / FIGURES_FILE
    return _load(str(path), path.stat().st_mtime_ns if path.exists() else 0)


@lru_cache(maxsize=4)
def _load(path_text: str, _mtime: int) -> tuple[Figure, ...]:
    from pathway.sources.evidence import load_references

    path = Path(path_text)
    name = f"data/{path.name}"
    header, rows = _read_rows(path)
    _check_header(name, header, FIGURE_COLUMNS)
    known_refs = set(load_references(path.parent))
    seen: set[str] = set()
    out = []
    for number, row in enumerate(rows, start=1):
        values = {c.name: _convert(name, number, c, row.get(c.name)) for c in FIGURE_COLUMNS}
        values["stages"] = _split_stages(name, number, values["stages"])
        values["refs"] = _split_refs(name, number, values["refs"])
        values["what_not"] = values["what_not"] or ""
        values["stage_mix"] = values["stage_mix"] or ""
        if values["id"] in seen:
            raise EvidenceError(f"{name} row {number}: id '{values['id']}' appears twice")
        seen.add(values["id"])
        missing = [r for r in values["refs"] if r not in known_refs]
        if missing:
            raise EvidenceError(f"{name} row {number}: ref {missing[0]} is not in references.csv")
        kind_of_measure, _ = MEASURES[values["measure"]]
        if values["kind"] != kind_of_measure:
            raise EvidenceError(
                f"{name} row {number}: measure '{values['measure']}' is a {kind_of_measure} figure, "
                f"not {values['kind']}"
            )
        if values["measure"] == "treatment_length":
            said = f"{values['what']} {values['time_frame']}".lower()
            if any(w in said for w in HEAL_WORDS):
                raise EvidenceError(
                    f"{name} row {number}: a length of treatment must not be worded as a time to heal "
                    f"(what/time_frame say {', '.join(w for w in HEAL_WORDS if w in said)})"
                )
        several = len(values["stages"]) > 1
        if several and not values["stage_mix"]:
            raise EvidenceError(
                f"{name} row {number}: a figure over several CT stages must say its stage mix (stage_mix)"
            )
        if not several and values["stage_mix"]:
            raise EvidenceError(f"{name} row {number}: stage_mix is only for a figure over several stages")
        if values["kind"] == "time":
            if values["months_low"] is None or values["months_high"] is None:
                raise EvidenceError(f"{name} row {number}: a time figure needs months_low and months_high")
        elif values["percent"] is None or values["n_of_100"] is None:
            raise EvidenceError(f"{name} row {number}: a {values['kind']} figure needs percent and n_of_100")
        elif abs(values["percent"] - values["n_of_100"]) > 0.5 + 1e-9:
            raise EvidenceError(
                f"{name} row {number}: n_of_100 {values['n_of_100']} is not "
                f"percent {values['percent']:g} rounded"
            )
        out.append(Figure(**values))
    return tuple(out)


def figures_for(
    a: Assessment,
    option: str | None = None,
    measure: str | None = None,
    kind: str | None = None,
    figures: tuple[Figure, ...] | None = None,
) -> tuple[Figure, ...]:
    """The figures that describe this case, in file order; filter by option, measure, kind."""
    pool = load_figures() if figures is None else figures
    return tuple(
        f
        for f in pool
        if (option is None or f.option == option)
        and (measure is None or f.measure == measure)
        and (kind is None or f.kind == kind)
        and _misfit(f, a) is None
    )


def figure(figure_id: str, figures: tuple[Figure, ...] | None = None) -> Figure:
    """One figure by id (KeyError names it)."""
    for f in load_figures() if figures is None else figures:
        if f.id == figure_id:
            return f
    raise KeyError(f"no figure '{figure_id}' in data/{FIGURES_FILE}")

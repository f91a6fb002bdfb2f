"""The case as the Evidence page marks it: which rows of each evidence table describe it, and
the "your case" notes beside the charts (healing by stage and side, return to sport, adults).

Reads no file: it is given the rows that pathway.sources.evidence loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.sources.evidence import STUDY_STAGE

# ---------------------------------------------------------------------------------------
# The case a page was opened with, as the Evidence page marks it


@dataclass(frozen=True)
class CaseView:
    """What the Evidence page marks for one case: stage, side and the path it is on.

    ``stage`` is the study stage (None without a CT); ``treatment`` is "surgical" when
    direct repair is open, "fusion" when fusion is, else "conservative" (the return-to-sport
    figures are for conservative care or repair).
    """

    ct_stage: str
    stage: str | None
    laterality: str
    treatment: str
    injection_open: bool

    @property
    def key(self) -> tuple:
        """A hashable form, for caches."""
        return (self.ct_stage, self.stage, self.laterality, self.treatment, self.injection_open)


def case_view(assessment) -> CaseView:
    """The CaseView of an engine Assessment."""
    s = assessment.scenario
    options = assessment.options
    if "direct_pars_repair" in options:
        treatment = "surgical"
    elif "fusion" in options:
        treatment = "fusion"
    else:
        treatment = "conservative"
    return CaseView(
        s.ct_stage, STUDY_STAGE.get(s.ct_stage), s.laterality, treatment, "steroid_injection" in options
    )


def case_rows(table: str, rows: list[dict], case: CaseView | None) -> list[bool]:
    """For each row of data/<table>.csv: does it describe this case (its stage, side, path)?

    Tables without a stage, side or treatment column mark nothing. A bilateral old defect
    (terminal) has no both-terminal cell in [2]; the nearest cells, one side terminal, are
    marked.
    """
    if case is None:
        return [False] * len(rows)
    if table == "union_by_stage":
        out = []
        for r in rows:
            if case.stage is None:
                out.append(False)
            elif r["laterality"] == "any":
                out.append(r["main_stage"] == case.stage)
            elif r["laterality"] != case.laterality:
                out.append(False)
            elif case.laterality == "unilateral":
                out.append(r["main_stage"] == case.stage)
            elif case.stage == "terminal":
                out.append(r["contralateral_stage"] == "terminal")
            else:
                out.append(r["main_stage"] == case.stage and r["contralateral_stage"] == case.stage)
        return out
    if table == "union_by_laterality":
        out = []
        for r in rows:
            group = r["group"]
            if case.laterality == "unilateral":
                out.append(group == "unilateral")
            elif group == "bilateral, other side terminal":
                out.append(case.stage in (None, "terminal"))
            elif group == "bilateral, both sides fresh":
                out.append(case.stage != "terminal")
            else:
                out.append(group == "bilateral")
        return out
    if table == "return_to_sport":
        return [r["treatment"] == case.treatment for r in rows]
    return [False] * len(rows)


def _terminal_other(row: dict) -> bool:
    return row["contralateral_stage"] == "terminal"


def _pct(value: float) -> str:
    return f"{value:g}%"


def healing_note(
    case: CaseView, union_rows: list[dict], laterality_rows: list[dict], charted: bool = True
) -> str:
    """One line: what the healing tables say for this case's stage and side (with refs).

    ``charted``: the page outlines the case's cells, and the line says where.
    """
    from pathway.model.scenario import label

    if case.stage is None:
        return (
            "Your case has no CT yet, so no stage is marked: the source asks for a CT to stage "
            "the fracture (S08)."
        )
    where = f"{label('ct_stage', case.ct_stage)}, read as {case.stage} on the study scale"
    if case.laterality == "unilateral":
        rows = [r for r in union_rows if r["laterality"] == "unilateral" and r["main_stage"] == case.stage]
        if not rows:
            return (
                f"Your case: one side, {where}. No published healing figure for a one-sided "
                f"{case.stage} defect was found."
            )
        r = rows[0]
        return (
            f"Your case: one side, {where}: {_pct(r['union_pct'])} healed with conservative care "
            f"[{r['ref']}] ({r['population']})." + (" Outlined in the one-sided bars." if charted else "")
        )
    if case.stage == "terminal":
        cells = sorted(
            (r for r in union_rows if r["laterality"] == "bilateral" and _terminal_other(r)),
            key=lambda r: r["union_pct"],
        )
        eto = [r for r in laterality_rows if r["group"] == "bilateral, other side terminal"]
        parts = []
        if cells:
            listed = ", ".join(f"{r['main_stage']}/terminal {_pct(r['union_pct'])}" for r in cells)
            parts.append(f"with the other side terminal, {listed} [{cells[0]['ref']}]")
        if eto:
            e = eto[0]
            parts.append(f"{_pct(e['union_pct'])} in bilateral L5 lysis, other side terminal [{e['ref']}]")
        return (
            f"Your case: both sides, {where}. No figure for both sides terminal was found; "
            + "; ".join(parts)
            + " (under 18s, Japan)."
            + (" The nearest cells are outlined." if charted else "")
        )
    rows = [
        r
        for r in union_rows
        if r["laterality"] == "bilateral" and r["main_stage"] == r["contralateral_stage"] == case.stage
    ]
    if not rows:
        return f"Your case: both sides, {where}. No published figure for this cell was found."
    r = rows[0]
    return (
        f"Your case: both sides, {where}: {_pct(r['union_pct'])} healed with both sides at this stage "
        f"[{r['ref']}] ({r['population']})."
        + (" Outlined in the grid." if charted else "")
        + " If the two sides differ, read the healing grid's cell for both."
    )


def sides_note(case: CaseView) -> str:
    side = "one side" if case.laterality == "unilateral" else "both sides"
    return f"Your case: a defect on {side}; its bars are outlined. Compare the two bars within a study."


def return_note(case: CaseView) -> str:
    if case.treatment == "fusion":
        return (
            "Your case: fusion is the operation open (a significant slip). These return-to-sport "
            "figures are for conservative care and direct repair; none was found for fusion."
        )
    if case.treatment == "surgical":
        return "Your case: direct repair is open; the surgical rows are drawn in full, the others faded."
    return "Your case: conservative care (no operation open); its rows are drawn in full, the others faded."


def adult_note(rows: list[dict]) -> str:
    """The only healing figure for adult-onset lesions (data/union_young_adults.csv), in words."""
    # Rows may come through a DataFrame, where an empty cell is NaN rather than None.
    asai = [r for r in rows if r["healed"] is not None and r["healed"] == r["healed"]]
    if not asai:
        return "No healing figure for adults was found."
    r = asai[0]
    return (
        f"The only figure for adults: {r['healed']:g} of {r['lesions']:g} lesions healed "
        f"({_pct(r['union_pct'])}, computed) in {r['population']} [{r['ref']}]. Those were acute "
        "lesions (pre-lysis, early and progressive), not old defects."
    )

"""The evidence layer: published figures as validated CSV tables under data/.

Every table row carries ``ref``, a bibliography number that must exist in
data/references.csv (each number is the publication's own, with its population). Loaders check the
columns, types and ranges and raise :class:`EvidenceError` naming the file and row.
The directory can be overridden (tests point it at a tmp copy) with the ``directory``
argument or the ``PARS_DATA_DIR`` environment variable.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from pathway.sources.errors import EvidenceError
from pathway.sources.files import check_header, first_repeat, read_csv

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
ENV_DATA_DIR = "PARS_DATA_DIR"
REFERENCES_FILE = "references.csv"
YES_NO = ("yes", "no")


def data_dir(directory: Path | str | None = None) -> Path:
    """The data directory: the argument, else $PARS_DATA_DIR, else the repo's data/."""
    if directory is not None:
        return Path(directory)
    env = os.environ.get(ENV_DATA_DIR)
    return Path(env) if env else DATA_DIR


# ---------------------------------------------------------------------------------------
# Column specifications


@dataclass(frozen=True)
class Col:
    """One expected column: its type and constraints."""

    name: str
    kind: str = "str"  # str | int | float | percent | yesno | choice
    required: bool = True  # False: the cell may be empty (None)
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


def _rel(path: Path) -> str:
    """data/<file> for the repo's own files; the file name otherwise (a tmp copy)."""
    return f"data/{path.name}"


def _read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    name = _rel(path)
    header, rows = read_csv(path, name, EvidenceError)
    repeat = first_repeat(rows)
    if repeat:
        raise EvidenceError(f"{name} row {repeat[0] + 1} repeats row {repeat[1] + 1}")
    return header, rows


def _convert(name: str, number: int, col: Col, raw: str | None):
    where = f"{name} row {number}"
    value = (raw or "").strip()
    if value == "":
        if col.required:
            raise EvidenceError(f"{where}: column '{col.name}' is empty")
        return None
    if col.kind == "str":
        return value
    if col.kind == "yesno":
        if value not in YES_NO:
            raise EvidenceError(f"{where}: column '{col.name}' must be yes or no, not '{value}'")
        return value == "yes"
    if col.kind == "choice":
        if value not in col.choices:
            allowed = ", ".join(col.choices)
            raise EvidenceError(f"{where}: column '{col.name}' is '{value}'; allowed: {allowed}")
        return value
    if col.kind == "int":
        try:
            number_value: float = int(value)
        except ValueError:
            message = f"{where}: column '{col.name}' must be a whole number, not '{value}'"
            raise EvidenceError(message) from None
    else:
        try:
            number_value = float(value)
        except ValueError:
            raise EvidenceError(f"{where}: column '{col.name}' must be a number, not '{value}'") from None
        if not math.isfinite(number_value):
            raise EvidenceError(f"{where}: column '{col.name}' must be a finite number")
    low, high = col.minimum, col.maximum
    if col.kind == "percent":
        low, high = 0.0, 100.0
    if low is not None and number_value < low:
        raise EvidenceError(f"{where}: column '{col.name}' is {value}, below the minimum {low:g}")
    if high is not None and number_value > high:
        raise EvidenceError(f"{where}: column '{col.name}' is {value}, above the maximum {high:g}")
    return number_value


def _check_header(name: str, header: list[str], columns: tuple[Col, ...]) -> None:
    check_header(name, header, [c.name for c in columns], EvidenceError)


# ---------------------------------------------------------------------------------------
# References


# What the doi_or_pmid column may hold: "; "-separated identifiers, each one of these forms
# (checked at load, so a typo is named, not linked), or "not shown" when the publication's
# identifier is not known. Each becomes an ordinary link the reader may choose to open.
IDENTIFIERS = (
    # (pattern, link text, address); DOI syntax as Crossref recommends matching it
    (re.compile(r"doi:(10\.\d{4,9}/[-._()/:A-Za-z0-9]+)"), "doi:{0}", "https://doi.org/{0}"),
    (re.compile(r"PMID (\d{1,9})"), "PubMed {0}", "https://pubmed.ncbi.nlm.nih.gov/{0}/"),
    (re.compile(r"(PMC\d{1,9})"), "{0}", "https://pmc.ncbi.nlm.nih.gov/articles/{0}/"),
    (re.compile(r"(NCT\d{8})"), "{0}", "https://clinicaltrials.gov/study/{0}"),
)
NO_IDENTIFIER = "not shown"


def identifier_links(value: str) -> tuple[tuple[str, str], ...]:
    """(link text, address) for each identifier in a doi_or_pmid cell; ValueError if one is
    not of a known form. Addresses are built from the checked characters only."""
    value = value.strip()
    if value in ("", NO_IDENTIFIER):
        return ()
    out = []
    for part in value.split(";"):
        part = part.strip()
        for pattern, text, address in IDENTIFIERS:
            match = pattern.fullmatch(part)
            if match:
                found = match.group(1)
                out.append((text.format(found), address.format(quote(found, safe="/:.-_"))))
                break
        else:
            raise ValueError(
                f"'{part[:40]}' is not a DOI (doi:10.xxxx/...), PMID n, PMCn, NCTn or '{NO_IDENTIFIER}'"
            )
    return tuple(out)


@dataclass(frozen=True)
class Reference:
    ref: int
    citation: str
    doi_or_pmid: str
    population: str
    second_hand: bool
    young_adult: bool

    @property
    def links(self) -> tuple[tuple[str, str], ...]:
        """The DOI, PubMed, PMC or trial-register links of this reference (checked at load)."""
        return identifier_links(self.doi_or_pmid)


REFERENCE_COLUMNS = (
    Col("ref", "int", minimum=1),
    Col("citation"),
    Col("doi_or_pmid"),
    Col("population"),
    Col("second_hand", "yesno"),
    Col("young_adult", "yesno"),
)


def load_references(directory: Path | str | None = None) -> dict[int, Reference]:
    """data/references.csv as {number: Reference}; raises EvidenceError naming file and row."""
    path = data_dir(directory) / REFERENCES_FILE
    name = _rel(path)
    header, rows = _read_rows(path)
    _check_header(name, header, REFERENCE_COLUMNS)
    references: dict[int, Reference] = {}
    for number, raw in enumerate(rows, start=1):
        values = {c.name: _convert(name, number, c, raw.get(c.name)) for c in REFERENCE_COLUMNS}
        ref = values["ref"]
        if ref in references:
            raise EvidenceError(f"{name} row {number}: ref {ref} appears twice")
        try:
            identifier_links(values["doi_or_pmid"])
        except ValueError as exc:
            raise EvidenceError(f"{name} row {number}: doi_or_pmid {exc}") from None
        references[ref] = Reference(**values)
    if not references:
        raise EvidenceError(f"{name}: no rows")
    return references


# ---------------------------------------------------------------------------------------
# Figure tables


def _flags() -> tuple[Col, ...]:
    return (
        Col("ref", "int", minimum=1),
        Col("population"),
        Col("second_hand", "yesno"),
        Col("young_adult", "yesno"),
        Col("computed", "yesno"),
        Col("news", "yesno"),
        Col("includes_young_adults", "yesno"),
    )


# The marks a row can carry, in the order they are shown, with what each means. A row's
# marks come from its yes/no flag columns; the page prints the short form beside the row
# and the meaning once under the chart.
MARKS: dict[str, tuple[str, str]] = {
    # flag column: (mark, meaning)
    "young_adult": ("YA", "the cohort is young adults"),
    "includes_young_adults": ("includes young adults", "the cohort's age range reaches into young adulthood"),
    "second_hand": ("2nd-hand", "read only in another paper, review or blog that quotes the original"),
    "news": ("news", "read only in a press or news summary of the study"),
    "computed": ("computed", "percentage worked out here from the counts"),
}
# Marks that may not stand together on one row.
EXCLUSIVE = (("second_hand", "news"), ("young_adult", "includes_young_adults"))


def row_marks(row: dict) -> tuple[str, ...]:
    """The marks of one table row, e.g. ("YA", "computed")."""
    return tuple(mark for flag, (mark, _) in MARKS.items() if row.get(flag))


# The studies' CT scale ([2], [3]): a different thing from the source's CT stages
# (scenario.CT_STAGES, the app's vocabulary). Tables data/union_by_stage.csv speak it.
STUDY_SCALE = ("very early", "early", "progressive", "terminal")
# The one mapping between the two. The source's CT stages (S08) read on the study scale: the
# pairing is the app's interpretation: very early = oedema without a line on CT, early = a
# hairline crack, progressive = a gap; an old (sclerotic) defect is an established
# non-union, the studies' terminal stage.
STUDY_STAGE = {
    "stress_reaction": "very early",
    "incomplete": "early",
    "complete": "progressive",
    "old_defect": "terminal",
}


@dataclass(frozen=True)
class TableSpec:
    """One data/<name>.csv: its columns and the (lower, upper) column pairs to compare."""

    name: str
    columns: tuple[Col, ...]
    ordered: tuple[tuple[str, str], ...] = ()

    @property
    def file(self) -> str:
        return f"{self.name}.csv"


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "union_by_stage",
            (
                *_flags(),
                Col("laterality", "choice", choices=("unilateral", "bilateral", "any")),
                Col("main_stage", "choice", choices=STUDY_SCALE),
                Col("contralateral_stage", "choice", required=False, choices=STUDY_SCALE),
                Col("union_pct", "percent"),
                Col("basis"),
            ),
        ),
        TableSpec(
            "union_by_laterality",
            (*_flags(), Col("study"), Col("group"), Col("union_pct", "percent"), Col("basis")),
        ),
        TableSpec(
            "union_young_adults",
            (
                *_flags(),
                Col("study"),
                Col("lesions", "int", minimum=1),
                Col("healed", "int", required=False, minimum=0),
                Col("union_pct", "percent"),
                Col("basis"),
            ),
            ordered=(("healed", "lesions"),),
        ),
        TableSpec(
            "healing_time",
            (
                *_flags(),
                Col("measure"),
                Col("value", "float", minimum=0),
                Col("sd", "float", required=False, minimum=0),
                Col("unit", "choice", choices=("days", "months")),
            ),
        ),
        TableSpec(
            "return_to_sport",
            (
                *_flags(),
                Col("study"),
                Col("treatment", "choice", choices=("conservative", "surgical")),
                Col("pct_low", "percent", required=False),
                Col("pct_high", "percent", required=False),
                Col("months_point", "float", required=False, minimum=0, maximum=36),
                Col("months_low", "float", required=False, minimum=0, maximum=36),
                Col("months_high", "float", required=False, minimum=0, maximum=36),
                Col("note"),
            ),
            ordered=(("pct_low", "pct_high"), ("months_low", "months_high")),
        ),
        TableSpec(
            "repair_techniques",
            (
                *_flags(),
                Col("technique"),
                Col("outcome", "choice", choices=("union", "positive functional outcome", "complications")),
                Col("pct", "percent"),
                Col("ci_low", "percent", required=False),
                Col("ci_high", "percent", required=False),
                Col("basis"),
            ),
            ordered=(("ci_low", "pct"), ("pct", "ci_high"), ("ci_low", "ci_high")),
        ),
        TableSpec(
            "outcome_scores",
            (
                *_flags(),
                Col("cohort"),
                Col("measure", "choice", choices=("ODI", "SF-36 PCS", "back pain VAS")),
                Col("scale_max", "float", minimum=1),
                Col("before", "float", minimum=0),
                Col("after", "float", minimum=0),
            ),
            ordered=(("before", "scale_max"), ("after", "scale_max")),
        ),
        TableSpec(
            "mcid",
            (
                *_flags(),
                Col("measure"),
                Col("scale_max", "float", minimum=1),
                Col("minimal_important_change", "float", minimum=0),
            ),
            ordered=(("minimal_important_change", "scale_max"),),
        ),
        TableSpec(
            "odi_bands",
            (*_flags(), Col("band"), Col("lower", "percent"), Col("upper", "percent")),
            ordered=(("lower", "upper"),),
        ),
        TableSpec(
            "injection_response",
            (
                *_flags(),
                Col("study"),
                Col("injection"),
                Col("timepoint"),
                Col("measure"),
                Col("pct", "percent"),
                Col("basis"),
            ),
        ),
        TableSpec(
            "epidemiology",
            (
                *_flags(),
                Col("topic", "choice", choices=("prevalence", "level and side", "slip")),
                Col("item"),
                Col("pct", "percent"),
                Col("basis"),
            ),
        ),
    )
}


def _check_row(name: str, number: int, spec: TableSpec, values: dict, references: dict) -> None:
    where = f"{name} row {number}"
    for a, b in EXCLUSIVE:
        if values.get(a) and values.get(b):
            raise EvidenceError(f"{where}: columns '{a}' and '{b}' cannot both be yes")
    for low, high in spec.ordered:
        small, large = values.get(low), values.get(high)
        if small is not None and large is not None and small > large:
            raise EvidenceError(f"{where}: {low} ({small:g}) is greater than {high} ({large:g})")
    ref = values.get("ref")
    if ref is not None and ref not in references:
        raise EvidenceError(f"{where}: ref {ref} is not in data/{REFERENCES_FILE}")


def _parse(path: Path, columns: tuple[Col, ...]) -> list[tuple[int, dict]]:
    name = _rel(path)
    header, rows = _read_rows(path)
    _check_header(name, header, columns)
    if not rows:
        raise EvidenceError(f"{name}: no rows")
    return [
        (number, {c.name: _convert(name, number, c, raw.get(c.name)) for c in columns})
        for number, raw in enumerate(rows, start=1)
    ]


def load_table(name: str, directory: Path | str | None = None) -> list[dict]:
    """Rows of data/<name>.csv, checked against TABLES[name] and data/references.csv.

    Each row is a dict of typed values (yes/no columns become bool, empty optional cells
    None). Raises EvidenceError naming the file and row of the first problem.
    """
    try:
        spec = TABLES[name]
    except KeyError:
        raise EvidenceError(f"data/{name}.csv is not a known evidence table") from None
    base = data_dir(directory)
    references = load_references(base)
    path = base / spec.file
    rows = []
    for number, values in _parse(path, spec.columns):
        _check_row(_rel(path), number, spec, values, references)
        rows.append(values)
    return rows

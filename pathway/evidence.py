"""The evidence layer: published figures as validated CSV tables under data/.

Every table row carries ``ref``, a bibliography number that must exist in
data/references.csv (numbers as in shared/evidence/published-figures.md). Loaders check the
columns, types and ranges and raise :class:`EvidenceError` naming the file and row.
The directory can be overridden (tests point it at a tmp copy) with the ``directory``
argument or the ``PARS_DATA_DIR`` environment variable.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import EvidenceError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
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
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            rows = []
            for row in reader:
                if None in row:
                    raise EvidenceError(
                        f"{name} row {len(rows) + 1}: more cells than the {len(header)} columns"
                    )
                rows.append(row)
    except FileNotFoundError:
        raise EvidenceError(f"{name} is missing") from None
    except UnicodeDecodeError:
        raise EvidenceError(f"{name} is not UTF-8 text") from None
    except csv.Error as exc:
        raise EvidenceError(f"{name}: not readable as CSV ({exc})") from None
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
    expected = [c.name for c in columns]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing:
        raise EvidenceError(f"{name}: missing column(s) {', '.join(missing)}")
    if extra:
        raise EvidenceError(f"{name}: unexpected column(s) {', '.join(extra)}")


# ---------------------------------------------------------------------------------------
# References


@dataclass(frozen=True)
class Reference:
    ref: int
    citation: str
    doi_or_pmid: str
    population: str
    second_hand: bool
    young_adult: bool


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
        references[ref] = Reference(**values)
    if not references:
        raise EvidenceError(f"{name}: no rows")
    return references

"""The words of the rules, as data: content/rules/*.csv, checked when first read, then cached.

What a clinician reviews word by word lives in these tables, one row per id:

- ``warnings.csv``: the cautions (id, text, sources, interpretations);
- ``criteria.csv``: the four candidacy criteria (id, text, short, sources, interpretations);
- ``interpretations.csv``: the app's readings where the source is vague (id, title, text, sources);
- ``narrative.csv``: source sentences that state no rule, and why (id, text);
- ``stages.csv``: where a case stands (id, sources, interpretations);
- ``summaries.csv``: the one-sentence summary of each stage, with its variants (id, text).

``sources`` and ``interpretations`` hold ids separated by spaces (``S26 S06``, ``I2 I3``).
Texts may hold the placeholders their table allows (``{done}``, ``{failure_week}`` ...).
The conditions that pick a row stay Python (pathway/model): the decision reads no file, and
only model/explain.py asks this module for words. Nothing is read at import time: the first
call to :func:`texts` (or the first look into a name such as ``WARNINGS``) reads and
checks every table, and raises :class:`ContentError` naming the file and row.
"""

from __future__ import annotations

import csv
import io
import re
import string
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pathway.model.types import Interpretation
from pathway.sources.errors import ContentError
from pathway.sources.evidence import Col
from pathway.sources.files import read_text
from pathway.sources.source import CONTENT_DIR

RULES_DIR = CONTENT_DIR / "rules"

_ID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?")
_SENTENCE_ID = re.compile(r"S\d\d")
_INTERPRETATION_ID = re.compile(r"I\d+")
_IDS = Col("sources", required=False), Col("interpretations", required=False)


@dataclass(frozen=True)
class Table:
    """One rules table: its columns, the id pattern and the placeholders its texts may use."""

    file: str
    columns: tuple[Col, ...]
    ids: re.Pattern[str] = _ID
    placeholders: frozenset[str] = frozenset()


WARNINGS_TABLE = Table("warnings.csv", (Col("id"), Col("text"), *_IDS))
CRITERIA_TABLE = Table("criteria.csv", (Col("id"), Col("text"), Col("short"), *_IDS))
INTERPRETATIONS_TABLE = Table(
    "interpretations.csv", (Col("id"), Col("title"), Col("text"), Col("sources")), _INTERPRETATION_ID
)
NARRATIVE_TABLE = Table("narrative.csv", (Col("id"), Col("text")), _SENTENCE_ID)
STAGES_TABLE = Table("stages.csv", (Col("id"), *_IDS))
# {done}: "17 weeks (3.9 months)"; {after}/{bilateral}: the lead rows, filled in;
# {failure_week}: 13 (rules.CONSERVATIVE_FAILURE_WEEKS); {young_age}: 30 (rules.YOUNG_AGE_LIMIT).
SUMMARY_PLACEHOLDERS = frozenset({"done", "after", "bilateral", "failure_week", "young_age"})
SUMMARIES_TABLE = Table("summaries.csv", (Col("id"), Col("text")), placeholders=SUMMARY_PLACEHOLDERS)
TABLES = (
    WARNINGS_TABLE,
    CRITERIA_TABLE,
    INTERPRETATIONS_TABLE,
    NARRATIVE_TABLE,
    STAGES_TABLE,
    SUMMARIES_TABLE,
)

Ids = tuple[str, ...]


@dataclass(frozen=True)
class RuleTexts:
    """Every rules table, in the shapes pathway/model/rules.py used to hold them."""

    warnings: dict[str, tuple[str, Ids]]  # id -> (text, source ids), in display order
    warning_interpretations: dict[str, Ids]  # only the cautions that rest on a reading
    criteria: dict[str, tuple[str, Ids]]  # id -> (the source's wording, source ids)
    criterion_short: dict[str, str]  # each criterion in a few words, for "needs ..." lists
    criterion_interpretations: dict[str, Ids]
    interpretations: tuple[Interpretation, ...]
    narrative: dict[str, str]  # S-id -> why it states no rule
    stage_sources: dict[str, Ids]
    stage_interpretations: dict[str, Ids]
    summaries: dict[str, str]  # summary id -> template

    @property
    def interpretation_ids(self) -> frozenset[str]:
        return frozenset(i.id for i in self.interpretations)


def _rel(path: Path) -> str:
    """content/rules/<file> for the repo's own tables; the file name otherwise (a tmp copy)."""
    return f"content/rules/{path.name}"


def _read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    name = _rel(path)
    text = read_text(path, name)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = list(reader.fieldnames or [])
        rows: list[dict[str, str]] = []
        for row in reader:
            if None in row:
                raise ContentError(f"{name} row {len(rows) + 1}: more cells than the {len(header)} columns")
            rows.append(row)
    except csv.Error as exc:
        raise ContentError(f"{name}: not readable as CSV ({exc})") from None
    return header, rows


def _check_header(name: str, header: list[str], columns: tuple[Col, ...]) -> None:
    expected = [c.name for c in columns]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing:
        raise ContentError(f"{name}: missing column(s) {', '.join(missing)}")
    if extra:
        raise ContentError(f"{name}: unexpected column(s) {', '.join(extra)}")


def _check_cell(where: str, table: Table, col: Col, value: str) -> None:
    if value == "":
        if col.required:
            raise ContentError(f"{where}: column '{col.name}' is empty")
        return
    if col.name in ("sources", "interpretations"):
        pattern = _SENTENCE_ID if col.name == "sources" else _INTERPRETATION_ID
        bad = [i for i in value.split() if not pattern.fullmatch(i)]
        if bad:
            kind = "S-ids such as S07" if col.name == "sources" else "I-ids such as I3"
            raise ContentError(f"{where}: column '{col.name}' has '{bad[0]}'; expected {kind}")
    if col.name in ("text", "title", "short"):
        try:
            names = {field for _, field, _, _ in string.Formatter().parse(value) if field is not None}
        except ValueError as exc:
            raise ContentError(f"{where}: column '{col.name}' has a broken placeholder ({exc})") from None
        unknown = sorted(names - table.placeholders)
        if unknown:
            allowed = ", ".join(f"{{{p}}}" for p in sorted(table.placeholders)) or "none"
            raise ContentError(f"{where}: unknown placeholder {{{unknown[0]}}}; allowed: {allowed}")


def load_table(table: Table, directory: Path | None = None) -> dict[str, dict[str, str]]:
    """One table's rows by id, in file order, every cell checked (text kept as written)."""
    path = (directory or RULES_DIR) / table.file
    name = _rel(path)
    header, rows = _read_rows(path)
    _check_header(name, header, table.columns)
    out: dict[str, dict[str, str]] = {}
    for number, row in enumerate(rows, start=1):
        where = f"{name} row {number}"
        cells = {c.name: (row[c.name] or "").strip() for c in table.columns}
        for col in table.columns:
            _check_cell(where, table, col, cells[col.name])
        key = cells["id"]
        if not table.ids.fullmatch(key):
            raise ContentError(f"{where}: id '{key}' is not a valid id")
        if key in out:
            raise ContentError(f"{where}: id '{key}' is used twice")
        out[key] = cells
    if not out:
        raise ContentError(f"{name}: no rows")
    return out


def _ids(cell: str) -> Ids:
    return tuple(cell.split())


def load_rule_texts(directory: Path | None = None) -> RuleTexts:
    """Read and check every table under ``directory`` (default content/rules/)."""
    rows = {table: load_table(table, directory) for table in TABLES}
    w, c, i, n, st, su = rows.values()
    _check_interpretation_ids(rows, directory or RULES_DIR)
    return RuleTexts(
        warnings={k: (r["text"], _ids(r["sources"])) for k, r in w.items()},
        warning_interpretations={k: _ids(r["interpretations"]) for k, r in w.items() if r["interpretations"]},
        criteria={k: (r["text"], _ids(r["sources"])) for k, r in c.items()},
        criterion_short={k: r["short"] for k, r in c.items()},
        criterion_interpretations={k: _ids(r["interpretations"]) for k, r in c.items()},
        interpretations=tuple(
            Interpretation(k, r["title"], r["text"], _ids(r["sources"])) for k, r in i.items()
        ),
        narrative={k: r["text"] for k, r in n.items()},
        stage_sources={k: _ids(r["sources"]) for k, r in st.items()},
        stage_interpretations={k: _ids(r["interpretations"]) for k, r in st.items()},
        summaries={k: r["text"] for k, r in su.items()},
    )


def _check_interpretation_ids(tables: dict[Table, dict[str, dict[str, str]]], directory: Path) -> None:
    """Every I-id a table names, in a column or in a text, is a row of interpretations.csv."""
    known = set(tables[INTERPRETATIONS_TABLE])
    for table, rows in tables.items():
        for number, (key, row) in enumerate(rows.items(), start=1):
            named = set(row.get("interpretations", "").split())
            named |= set(re.findall(r"\bI\d+\b", row.get("text", "") + " " + row.get("title", "")))
            unknown = sorted(named - known, key=lambda i: int(i[1:]))
            if unknown:
                where = f"{_rel(directory / table.file)} row {number} ({key})"
                raise ContentError(f"{where}: {unknown[0]} is not an id in interpretations.csv")


@lru_cache(maxsize=1)
def texts() -> RuleTexts:
    """The repo's rules tables, read and checked once."""
    return load_rule_texts()


# The names pathway/model/rules.py used to hold, with the same shapes. Each looks into the
# tables on first use, so importing a name reads nothing.


class _LazyMapping(Mapping):
    def __init__(self, get: Callable[[RuleTexts], Mapping]) -> None:
        self._get = get

    def __getitem__(self, key: Any) -> Any:
        return self._get(texts())[key]

    def __iter__(self) -> Iterator:
        return iter(self._get(texts()))

    def __len__(self) -> int:
        return len(self._get(texts()))

    def __repr__(self) -> str:
        return repr(self._get(texts()))


class _LazySequence(Sequence):
    def __init__(self, get: Callable[[RuleTexts], Sequence]) -> None:
        self._get = get

    def __getitem__(self, index: Any) -> Any:
        return self._get(texts())[index]

    def __len__(self) -> int:
        return len(self._get(texts()))

    def __repr__(self) -> str:
        return repr(self._get(texts()))


WARNINGS: Mapping[str, tuple[str, Ids]] = _LazyMapping(lambda t: t.warnings)
WARNING_INTERPRETATIONS: Mapping[str, Ids] = _LazyMapping(lambda t: t.warning_interpretations)
CRITERIA: Mapping[str, tuple[str, Ids]] = _LazyMapping(lambda t: t.criteria)
CRITERION_SHORT: Mapping[str, str] = _LazyMapping(lambda t: t.criterion_short)
CRITERION_INTERPRETATIONS: Mapping[str, Ids] = _LazyMapping(lambda t: t.criterion_interpretations)
INTERPRETATIONS: Sequence[Interpretation] = _LazySequence(lambda t: t.interpretations)
NARRATIVE: Mapping[str, str] = _LazyMapping(lambda t: t.narrative)
STAGE_SOURCES: Mapping[str, Ids] = _LazyMapping(lambda t: t.stage_sources)
STAGE_INTERPRETATIONS: Mapping[str, Ids] = _LazyMapping(lambda t: t.stage_interpretations)

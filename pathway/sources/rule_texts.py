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

A broken table never stops a page: :func:`words` (what the app reads, and the names such as
``WARNINGS``) keeps every table that loads, and gives each broken one's words as the
placeholder "[Text missing: content/rules/<file> could not be read.]" (its ids, where the
model knows them: the criteria and stages); :func:`problems` says what is wrong, for the
page to show once (ui/page.py). :func:`texts` and :func:`load_rule_texts` stay strict.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pathway.model.types import CRITERIA_KEYS, STAGES, Interpretation
from pathway.sources.errors import ContentError
from pathway.sources.evidence import Col
from pathway.sources.files import check_header, first_repeat, read_csv
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

    warnings: Mapping[str, tuple[str, Ids]]  # id -> (text, source ids), in display order
    warning_interpretations: Mapping[str, Ids]  # only the cautions that rest on a reading
    criteria: Mapping[str, tuple[str, Ids]]  # id -> (the source's wording, source ids)
    criterion_short: Mapping[str, str]  # each criterion in a few words, for "needs ..." lists
    criterion_interpretations: Mapping[str, Ids]
    interpretations: tuple[Interpretation, ...]
    narrative: Mapping[str, str]  # S-id -> why it states no rule
    stage_sources: Mapping[str, Ids]
    stage_interpretations: Mapping[str, Ids]
    summaries: Mapping[str, str]  # summary id -> template

    @property
    def interpretation_ids(self) -> frozenset[str]:
        return frozenset(i.id for i in self.interpretations)


def _rel(path: Path) -> str:
    """content/rules/<file> for the repo's own tables; the file name otherwise (a tmp copy)."""
    return f"content/rules/{path.name}"


def _read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    return read_csv(path, _rel(path))


def _check_header(name: str, header: list[str], columns: tuple[Col, ...]) -> None:
    check_header(name, header, [c.name for c in columns], ContentError)


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
    repeat = first_repeat(rows)
    if repeat:  # a row pasted twice: named as such, before its id is found used twice
        raise ContentError(f"{name} row {repeat[0] + 1} repeats row {repeat[1] + 1}")
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
    """Read and check every table under ``directory`` (default content/rules/); the first
    problem found is raised as ContentError naming the file and row."""
    found, broken = load_words(directory)
    if broken:
        raise ContentError(broken[0])
    return found


def load_words(directory: Path | None = None) -> tuple[RuleTexts, tuple[str, ...]]:
    """Every table that loads, with placeholders for the words of those that do not, and
    what is wrong with each broken one (in table order)."""
    directory = directory or RULES_DIR
    rows: dict[Table, dict[str, dict[str, str]]] = {}
    broken: dict[Table, str] = {}
    for table in TABLES:
        try:
            rows[table] = load_table(table, directory)
        except ContentError as exc:
            broken[table] = str(exc)
    if INTERPRETATIONS_TABLE in rows:  # else there is nothing to check the I-ids against
        for table, problem in _unknown_interpretation_ids(rows, directory).items():
            broken[table] = problem
            del rows[table]
    return _assemble(rows, directory), tuple(broken[t] for t in TABLES if t in broken)


class _Placeholder(Mapping):
    """A broken table's words: ``value`` for any id asked; iterates the ids the model knows."""

    def __init__(self, value: Any, ids: Ids = ()) -> None:
        self._value = value
        self._ids = ids

    def __getitem__(self, key: Any) -> Any:
        return self._value

    def __iter__(self) -> Iterator:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def _assemble(rows: dict[Table, dict[str, dict[str, str]]], directory: Path) -> RuleTexts:
    """The tables in their shapes; a broken table's words as placeholders, its ids as the model knows them."""

    def each(table: Table, build: Callable[[str, dict[str, str]], Any], broken: Any) -> Any:
        return {k: build(k, r) for k, r in rows[table].items()} if table in rows else broken

    def gap(table: Table) -> str:
        return f"[Text missing: {_rel(directory / table.file)} could not be read.]"

    w, c = WARNINGS_TABLE, CRITERIA_TABLE
    return RuleTexts(
        warnings=each(w, lambda k, r: (r["text"], _ids(r["sources"])), _Placeholder((gap(w), ()))),
        warning_interpretations={
            k: ids for k, ids in each(w, lambda k, r: _ids(r["interpretations"]), {}).items() if ids
        },
        criteria=each(
            c, lambda k, r: (r["text"], _ids(r["sources"])), _Placeholder((gap(c), ()), CRITERIA_KEYS)
        ),
        criterion_short=each(c, lambda k, r: r["short"], _Placeholder(gap(c), CRITERIA_KEYS)),
        criterion_interpretations=each(
            c, lambda k, r: _ids(r["interpretations"]), _Placeholder((), CRITERIA_KEYS)
        ),
        interpretations=tuple(
            each(
                INTERPRETATIONS_TABLE,
                lambda k, r: Interpretation(k, r["title"], r["text"], _ids(r["sources"])),
                {},
            ).values()
        ),
        narrative=each(NARRATIVE_TABLE, lambda k, r: r["text"], {}),
        stage_sources=each(STAGES_TABLE, lambda k, r: _ids(r["sources"]), _Placeholder((), STAGES)),
        stage_interpretations=each(
            STAGES_TABLE, lambda k, r: _ids(r["interpretations"]), _Placeholder((), STAGES)
        ),
        summaries=each(SUMMARIES_TABLE, lambda k, r: r["text"], _Placeholder(gap(SUMMARIES_TABLE))),
    )


def _unknown_interpretation_ids(
    tables: dict[Table, dict[str, dict[str, str]]], directory: Path
) -> dict[Table, str]:
    """Each table naming an I-id (in a column or a text) that is not a row of
    interpretations.csv, with the first such row."""
    known = set(tables[INTERPRETATIONS_TABLE])
    out: dict[Table, str] = {}
    for table, rows in tables.items():
        for number, (key, row) in enumerate(rows.items(), start=1):
            named = set(row.get("interpretations", "").split())
            named |= set(re.findall(r"\bI\d+\b", row.get("text", "") + " " + row.get("title", "")))
            unknown = sorted(named - known, key=lambda i: int(i[1:]))
            if unknown:
                where = f"{_rel(directory / table.file)} row {number} ({key})"
                out[table] = f"{where}: {unknown[0]} is not an id in interpretations.csv"
                break
    return out


@lru_cache(maxsize=1)
def _loaded() -> tuple[RuleTexts, tuple[str, ...]]:
    return load_words()


def words() -> RuleTexts:
    """The repo's rules tables, read once; a broken table's words are placeholders."""
    return _loaded()[0]


def problems() -> tuple[str, ...]:
    """What is wrong with each broken rules table (none when all load), for the page to say."""
    return _loaded()[1]


@lru_cache(maxsize=1)
def texts() -> RuleTexts:
    """The repo's rules tables, read and checked once; ContentError if any is broken."""
    found, broken = _loaded()
    if broken:
        raise ContentError(broken[0])
    return found


# The names pathway/model/rules.py used to hold, with the same shapes. Each looks into the
# tables on first use (through words(): placeholders for a broken table), so importing a
# name reads nothing.


class _LazyMapping(Mapping):
    def __init__(self, get: Callable[[RuleTexts], Mapping]) -> None:
        self._get = get

    def __getitem__(self, key: Any) -> Any:
        return self._get(words())[key]

    def __iter__(self) -> Iterator:
        return iter(self._get(words()))

    def __len__(self) -> int:
        return len(self._get(words()))

    def __repr__(self) -> str:
        return repr(self._get(words()))


class _LazySequence(Sequence):
    def __init__(self, get: Callable[[RuleTexts], Sequence]) -> None:
        self._get = get

    def __getitem__(self, index: Any) -> Any:
        return self._get(words())[index]

    def __len__(self) -> int:
        return len(self._get(words()))

    def __repr__(self) -> str:
        return repr(self._get(words()))


WARNINGS: Mapping[str, tuple[str, Ids]] = _LazyMapping(lambda t: t.warnings)
WARNING_INTERPRETATIONS: Mapping[str, Ids] = _LazyMapping(lambda t: t.warning_interpretations)
CRITERIA: Mapping[str, tuple[str, Ids]] = _LazyMapping(lambda t: t.criteria)
CRITERION_SHORT: Mapping[str, str] = _LazyMapping(lambda t: t.criterion_short)
CRITERION_INTERPRETATIONS: Mapping[str, Ids] = _LazyMapping(lambda t: t.criterion_interpretations)
INTERPRETATIONS: Sequence[Interpretation] = _LazySequence(lambda t: t.interpretations)
NARRATIVE: Mapping[str, str] = _LazyMapping(lambda t: t.narrative)
STAGE_SOURCES: Mapping[str, Ids] = _LazyMapping(lambda t: t.stage_sources)
STAGE_INTERPRETATIONS: Mapping[str, Ids] = _LazyMapping(lambda t: t.stage_interpretations)

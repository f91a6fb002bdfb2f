"""Study mode's pure core: the question bank, pitfall cards, the glossary and quiz progress.

Questions (content/questions.json) and pitfall cards (content/pitfall_cards.json) are data:
each cites source sentence ids (S01-S33) and evidence reference numbers (data/references.csv),
and a question that states a case carries that case as a Scenario plus what the engine should
say about it, so a test can check the keyed answer against ``pathway.evaluate``. The glossary
is content/glossary.md, one ``## Term`` per entry.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from . import rules as R
from .content import parse_markdown
from .engine import Assessment, evaluate
from .errors import ContentError, EvidenceError
from .files import read_text
from .scenario import Scenario
from .source import CONTENT_DIR, escape_markdown, load_source

DATA_DIR = CONTENT_DIR.parent / "data"
QUESTIONS_FILE = CONTENT_DIR / "questions.json"
PITFALLS_FILE = CONTENT_DIR / "pitfall_cards.json"
GLOSSARY_FILE = CONTENT_DIR / "glossary.md"
REFERENCES_FILE = DATA_DIR / "references.csv"

# The source's sections plus the evidence layer, in the order the source takes them.
SECTIONS: dict[str, str] = {
    "initial_management": "Initial conservative management",
    "imaging": "Imaging",
    "conservative_failure": "When conservative care fails",
    "injection": "Pars injection",
    "surgery": "Surgical options and candidacy",
    "pitfalls": "Critical pitfalls",
    "outcomes": "Expected outcomes",
    "evidence": "Published evidence",
}
MIXED = "mixed"
MIN_PER_SECTION = 2
OPTION_COUNT = (4, 5)

# What a question's `expect` may assert about evaluate(scenario).
EXPECT_KEYS = (
    "option_open",
    "option_closed",
    "surgical_candidate",
    "criterion",
    "warning",
    "no_warning",
    "stage",
)
_QUESTION_KEYS = {"id", "section", "stem", "options", "answer", "explanation", "sources", "refs"}
_OPTIONAL_KEYS = {"scenario", "expect", "interpretations"}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SOURCE_ID = re.compile(r"^S\d{2}$")
_INTERPRETATION_IDS = {i.id for i in R.INTERPRETATIONS}
INTERPRETATION_TITLES: dict[str, str] = {i.id: i.title for i in R.INTERPRETATIONS}


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    stem: str
    options: tuple[str, ...]
    answer: int
    explanation: str
    sources: tuple[str, ...]
    refs: tuple[str, ...]
    scenario: dict[str, Any] | None = None
    expect: dict[str, Any] | None = None
    interpretations: tuple[str, ...] = ()

    @property
    def correct_option(self) -> str:
        return self.options[self.answer]

    @property
    def section_label(self) -> str:
        return SECTIONS[self.section]

    def case(self) -> Scenario | None:
        """The question's case as a Scenario (None if the stem states no case)."""
        return Scenario(**self.scenario) if self.scenario is not None else None


# --- loading and validation -------------------------------------------------------------


def load_reference_numbers(path: Path = REFERENCES_FILE) -> dict[str, str]:
    """Reference number -> citation, from data/references.csv (columns ``ref,citation,...``)."""
    name = _rel(path)
    text = read_text(path, name, EvidenceError)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames or reader.fieldnames[:2] != ["ref", "citation"]:
            raise EvidenceError(f"{name}: the first columns must be ref, citation")
        rows = list(reader)
    except csv.Error as exc:
        raise EvidenceError(f"{name}: not readable as CSV ({exc})") from None
    refs: dict[str, str] = {}
    for number, row in enumerate(rows, start=2):
        ref = (row.get("ref") or "").strip()
        if not ref.isdigit():
            raise EvidenceError(f"{name} row {number}: ref must be a number")
        refs[ref] = (row.get("citation") or "").strip()
    return refs


def parse_questions(
    raw: object,
    name: str = "content/questions.json",
    source_ids: Iterable[str] | None = None,
    ref_numbers: Iterable[str] | None = None,
) -> tuple[Question, ...]:
    """Validate a decoded question bank; raise ContentError naming the file and question."""
    source_ids = set(source_ids if source_ids is not None else load_source().sentences)
    ref_numbers = set(ref_numbers if ref_numbers is not None else load_reference_numbers())
    if not isinstance(raw, list) or not raw:
        raise ContentError(f"{name}: expected a non-empty list of questions")
    questions: list[Question] = []
    seen: set[str] = set()
    for index, item in enumerate(raw, start=1):
        where = f"{name} question {index}"
        if not isinstance(item, dict):
            raise ContentError(f"{where}: expected an object")
        qid = item.get("id")
        if isinstance(qid, str) and qid:
            where = f"{name} question '{qid}'"
        questions.append(_parse_question(item, where, source_ids, ref_numbers))
        if questions[-1].id in seen:
            raise ContentError(f"{where}: the id is used twice")
        seen.add(questions[-1].id)
    counts = {s: 0 for s in SECTIONS}
    for q in questions:
        counts[q.section] += 1
    thin = [SECTIONS[s] for s, n in counts.items() if n < MIN_PER_SECTION]
    if thin:
        raise ContentError(
            f"{name}: every section needs at least {MIN_PER_SECTION} questions; too few in " + ", ".join(thin)
        )
    return tuple(questions)


def _parse_question(
    item: dict[str, Any], where: str, source_ids: set[str], ref_numbers: set[str]
) -> Question:
    missing = sorted(_QUESTION_KEYS - item.keys())
    if missing:
        raise ContentError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(item.keys() - _QUESTION_KEYS - _OPTIONAL_KEYS)
    if unknown:
        raise ContentError(f"{where}: unknown field {', '.join(unknown)}")
    qid = item["id"]
    if not isinstance(qid, str) or not _ID.match(qid):
        raise ContentError(f"{where}: id must be lower-case words joined by hyphens")
    if item["section"] not in SECTIONS:
        raise ContentError(f"{where}: section must be one of {', '.join(SECTIONS)}")
    for key in ("stem", "explanation"):
        if not isinstance(item[key], str) or not item[key].strip():
            raise ContentError(f"{where}: {key} must be non-empty text")
        if re.search(r"<\s*[a-zA-Z!/]", item[key]):
            raise ContentError(f"{where}: raw HTML is not allowed in {key}")
    options = item["options"]
    low, high = OPTION_COUNT
    if not isinstance(options, list) or not low <= len(options) <= high:
        raise ContentError(f"{where}: needs {low}-{high} options")
    if any(not isinstance(o, str) or not o.strip() for o in options):
        raise ContentError(f"{where}: every option must be non-empty text")
    if len({o.strip().lower() for o in options}) != len(options):
        raise ContentError(f"{where}: two options are the same, so more than one could be correct")
    answer = item["answer"]
    if isinstance(answer, list):
        raise ContentError(f"{where}: exactly one correct answer is allowed, not a list")
    if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(options):
        last = len(options) - 1
        raise ContentError(f"{where}: answer must be the index (0-{last}) of the one correct option")
    sources = _strings(item["sources"], where, "sources")
    if not sources:
        raise ContentError(f"{where}: cite at least one source sentence id")
    for sid in sources:
        if not _SOURCE_ID.match(sid) or sid not in source_ids:
            raise ContentError(f"{where}: source sentence {sid} does not exist")
    refs = tuple(str(r) for r in _list(item["refs"], where, "refs"))
    for ref in refs:
        if ref not in ref_numbers:
            raise ContentError(f"{where}: reference [{ref}] is not in data/references.csv")
    interpretations = _strings(item.get("interpretations", []), where, "interpretations")
    for iid in interpretations:
        if iid not in _INTERPRETATION_IDS:
            raise ContentError(f"{where}: interpretation {iid} does not exist")
    scenario = item.get("scenario")
    expect = item.get("expect")
    if scenario is not None:
        if not isinstance(scenario, dict):
            raise ContentError(f"{where}: scenario must be an object of Scenario fields")
        allowed = {f.name for f in fields(Scenario)}
        extra = sorted(scenario.keys() - allowed)
        if extra:
            raise ContentError(f"{where}: scenario has unknown field {', '.join(extra)}")
        try:
            Scenario(**scenario)
        except ValueError as exc:
            raise ContentError(f"{where}: scenario is not valid ({exc})") from None
        if not isinstance(expect, dict) or not expect:
            raise ContentError(f"{where}: a question with a scenario needs 'expect'")
        _check_expect(expect, where)
    elif expect is not None:
        raise ContentError(f"{where}: 'expect' needs a scenario")
    return Question(
        id=qid,
        section=item["section"],
        stem=item["stem"].strip(),
        options=tuple(o.strip() for o in options),
        answer=answer,
        explanation=item["explanation"].strip(),
        sources=sources,
        refs=refs,
        scenario=dict(scenario) if scenario is not None else None,
        expect=dict(expect) if expect is not None else None,
        interpretations=interpretations,
    )


def _list(value: object, where: str, key: str) -> list[Any]:
    if not isinstance(value, list):
        raise ContentError(f"{where}: {key} must be a list")
    return value


def _strings(value: object, where: str, key: str) -> tuple[str, ...]:
    items = _list(value, where, key)
    if any(not isinstance(v, str) for v in items):
        raise ContentError(f"{where}: {key} must be a list of text ids")
    return tuple(items)


def _check_expect(expect: dict[str, Any], where: str) -> None:
    for key, value in expect.items():
        if key not in EXPECT_KEYS:
            raise ContentError(f"{where}: expect has unknown check '{key}'")
        if key in ("option_open", "option_closed"):
            for option in _as_list(value):
                if option not in R.OPTIONS:
                    raise ContentError(f"{where}: expect names unknown option '{option}'")
        elif key in ("warning", "no_warning"):
            for warning in _as_list(value):
                if warning not in R.WARNINGS:
                    raise ContentError(f"{where}: expect names unknown warning '{warning}'")
        elif key == "criterion":
            if (
                not isinstance(value, list)
                or len(value) != 2
                or value[0] not in R.CRITERIA
                or not isinstance(value[1], bool)
            ):
                raise ContentError(f"{where}: expect criterion must be [criterion key, true/false]")
        elif key == "surgical_candidate" and not isinstance(value, bool):
            raise ContentError(f"{where}: expect surgical_candidate must be true or false")


def _as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _read_json(path: Path) -> tuple[Any, str]:
    """A content JSON file and its repo-relative name; ContentError names what is wrong."""
    name = _rel(path)
    text = read_text(path, name)
    try:
        return json.loads(text), name
    except json.JSONDecodeError as exc:
        raise ContentError(f"{name} line {exc.lineno}: not valid JSON ({exc.msg})") from None


def load_questions(path: Path = QUESTIONS_FILE) -> tuple[Question, ...]:
    return parse_questions(*_read_json(path))


def engine_disagreements(question: Question, assessment: Assessment | None = None) -> list[str]:
    """What the engine says differently from the question's `expect` (empty: they agree)."""
    if question.scenario is None or not question.expect:
        return []
    a = assessment or evaluate(Scenario(**question.scenario))
    problems: list[str] = []
    for key, value in question.expect.items():
        if key == "option_open":
            problems += [f"{o} is not open" for o in _as_list(value) if o not in a.options]
        elif key == "option_closed":
            problems += [f"{o} is open" for o in _as_list(value) if o in a.options]
        elif key == "surgical_candidate" and a.surgical_candidate != value:
            problems.append(f"surgical_candidate is {a.surgical_candidate}")
        elif key == "criterion" and a.criteria[value[0]] != value[1]:
            problems.append(f"criterion {value[0]} is {a.criteria[value[0]]}")
        elif key == "warning":
            problems += [f"warning {w} is missing" for w in _as_list(value) if w not in a.warnings]
        elif key == "no_warning":
            problems += [f"warning {w} is raised" for w in _as_list(value) if w in a.warnings]
        elif key == "stage" and a.stage != value:
            problems.append(f"stage is {a.stage}")
    return problems


def section_counts(questions: Iterable[Question]) -> dict[str, int]:
    counts = {s: 0 for s in SECTIONS}
    for q in questions:
        counts[q.section] += 1
    return counts


# --- quiz order and progress ------------------------------------------------------------


def question_order(questions: Iterable[Question], section: str = MIXED, round_: int = 1) -> tuple[str, ...]:
    """Question ids for one round: one section (or all, ``mixed``) in a seeded shuffle.

    The same section and round always give the same order, so a page reload, a test and a
    resident comparing notes all see the same sequence; a new round reshuffles.
    """
    if section != MIXED and section not in SECTIONS:
        raise ValueError(f"section must be {MIXED!r} or one of {', '.join(SECTIONS)}")
    ids = sorted(q.id for q in questions if section in (MIXED, q.section))
    random.Random(f"pars-study:{section}:{round_}").shuffle(ids)
    return tuple(ids)


@dataclass(frozen=True)
class StudySession:
    """One round of questions: the order, the answers given so far, and the score."""

    order: tuple[str, ...]
    section: str = MIXED
    round: int = 1
    answers: tuple[tuple[str, int], ...] = ()  # (question id, chosen option), in answer order
    position: int = 0
    _key: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def start(cls, questions: Iterable[Question], section: str = MIXED, round_: int = 1) -> StudySession:
        questions = tuple(questions)
        return cls(
            order=question_order(questions, section, round_),
            section=section,
            round=round_,
            _key={q.id: q.answer for q in questions},
        )

    @property
    def current(self) -> str | None:
        return self.order[self.position] if self.position < len(self.order) else None

    @property
    def finished(self) -> bool:
        return self.position >= len(self.order)

    def chosen(self, qid: str) -> int | None:
        return dict(self.answers).get(qid)

    def is_correct(self, qid: str) -> bool | None:
        choice = self.chosen(qid)
        return None if choice is None else choice == self._key[qid]

    @property
    def answered(self) -> int:
        return len(self.answers)

    @property
    def correct(self) -> int:
        return sum(1 for qid, choice in self.answers if choice == self._key[qid])

    @property
    def missed(self) -> tuple[str, ...]:
        return tuple(qid for qid, choice in self.answers if choice != self._key[qid])

    def answer(self, qid: str, choice: int) -> StudySession:
        """Record the first answer to the current question; a second answer changes nothing."""
        if qid != self.current or self.chosen(qid) is not None:
            return self
        return replace(self, answers=(*self.answers, (qid, choice)))

    def next(self) -> StudySession:
        if self.finished:
            return self
        return replace(self, position=self.position + 1)

    def restart(self, questions: Iterable[Question], section: str | None = None) -> StudySession:
        """A fresh round (reshuffled) of the same or another section."""
        return StudySession.start(questions, section or self.section, self.round + 1)


# --- pitfall cards ----------------------------------------------------------------------


@dataclass(frozen=True)
class PitfallCard:
    id: str
    title: str
    case: str
    pitfall: str
    why: str
    sources: tuple[str, ...]
    scenario: dict[str, Any]
    warning: str | None = None


def parse_pitfall_cards(
    raw: object, name: str = "content/pitfall_cards.json", source_ids: Iterable[str] | None = None
) -> tuple[PitfallCard, ...]:
    """Validate pitfall cards. A card naming an engine warning takes its pitfall text from it."""
    source_ids = set(source_ids if source_ids is not None else load_source().sentences)
    if not isinstance(raw, list) or not raw:
        raise ContentError(f"{name}: expected a non-empty list of cards")
    cards: list[PitfallCard] = []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise ContentError(f"{name} card {index}: expected an object")
        where = f"{name} card '{item.get('id', index)}'"
        for key in ("id", "title", "case", "why", "scenario"):
            if not item.get(key):
                raise ContentError(f"{where}: missing {key}")
        warning = item.get("warning")
        if warning is not None and warning not in R.WARNINGS:
            raise ContentError(f"{where}: warning '{warning}' is not one of the engine's")
        if warning is None and not item.get("pitfall"):
            raise ContentError(f"{where}: needs a warning id or its own pitfall text")
        try:
            Scenario(**item["scenario"])
        except (TypeError, ValueError) as exc:
            raise ContentError(f"{where}: scenario is not valid ({exc})") from None
        pitfall, warning_sources = R.WARNINGS[warning] if warning else (item["pitfall"], ())
        sources = tuple(dict.fromkeys([*item.get("sources", []), *warning_sources]))
        for sid in sources:
            if sid not in source_ids:
                raise ContentError(f"{where}: source sentence {sid} does not exist")
        cards.append(
            PitfallCard(
                id=item["id"],
                title=item["title"],
                case=item["case"],
                pitfall=pitfall,
                why=item["why"],
                sources=sources,
                scenario=dict(item["scenario"]),
                warning=warning,
            )
        )
    return tuple(cards)


def load_pitfall_cards(path: Path = PITFALLS_FILE) -> tuple[PitfallCard, ...]:
    return parse_pitfall_cards(*_read_json(path))


# --- glossary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    slug: str
    text: str


def slugify(term: str) -> str:
    """The anchor of a term: lower case, words joined by hyphens ("Buck's technique" -> bucks-technique)."""
    text = term.lower().replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def parse_glossary(text: str, name: str = "content/glossary.md") -> tuple[GlossaryTerm, ...]:
    doc = parse_markdown("glossary", text)
    if doc.title != "Glossary":
        raise ContentError(f"{name}: the title must be '# Glossary'")
    terms: list[GlossaryTerm] = []
    slugs: set[str] = set()
    for term, body in doc.sections.items():
        slug = slugify(term)
        if not slug or not body:
            raise ContentError(f"{name}: the entry '{term}' needs a name and an explanation")
        if slug in slugs:
            raise ContentError(f"{name}: two entries share the anchor '{slug}'")
        slugs.add(slug)
        terms.append(GlossaryTerm(term, slug, body))
    if not terms:
        raise ContentError(f"{name}: no '## Term' entries")
    return tuple(terms)


def glossary_terms(path: Path = GLOSSARY_FILE) -> tuple[GlossaryTerm, ...]:
    """Every glossary entry, in file order."""
    return parse_glossary(read_text(path, _rel(path)), _rel(path))


def search_glossary(terms: Iterable[GlossaryTerm], query: str) -> tuple[GlossaryTerm, ...]:
    """Entries whose name or explanation has a word starting with each word of the query.

    Matches on the name come first, so typing "ODI" puts the ODI entry on top.
    """
    words = query.lower().split()
    terms = tuple(terms)
    if not words:
        return terms
    patterns = [re.compile(rf"(?<![a-z0-9]){re.escape(w)}") for w in words]
    hits = [t for t in terms if all(p.search(f"{t.term} {t.text}".lower()) for p in patterns)]
    return tuple(sorted(hits, key=lambda t: not all(p.search(t.term.lower()) for p in patterns)))


# Entries about the app itself: their names are ordinary words in a question ("the right
# interpretation"), so they are linked where the app means them, not found in free text.
NOT_AUTO_LINKED = frozenset({"interpretation", "sentence-id"})


def terms_in(text: str, terms: Iterable[GlossaryTerm]) -> tuple[GlossaryTerm, ...]:
    """Glossary entries whose name appears in a text (whole words), for 'see the glossary' links."""
    found = []
    for t in terms:
        if t.slug in NOT_AUTO_LINKED:
            continue
        names = [t.term, *re.findall(r"\(([^)]+)\)", t.term)]
        bare = re.sub(r"\s*\([^)]*\)", "", t.term)
        names.append(bare)
        if any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text, re.IGNORECASE) for n in names if n):
            found.append(t)
    return tuple(found)


def glossary_link(term: GlossaryTerm) -> str:
    """A Markdown link to the term's anchor on the Glossary page."""
    return f"[{escape_markdown(term.term)}](Glossary#{term.slug})"


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(CONTENT_DIR.parent))
    except ValueError:
        return str(path)


def references_for(refs: Iterable[str], citations: Mapping[str, str]) -> list[tuple[str, str]]:
    return [(r, citations.get(r, "")) for r in refs]

"""Study mode's question bank: parsing and validation, the engine cross-check, bank stats.

Questions (content/questions.json) are data. Each question is written to NBME rules: a
stem ending in its question, 4-5 options, one key, and a note for every option saying why
it is right or wrong; it cites source sentence ids (S01-S33), the app's interpretations
(I-ids) and evidence reference numbers (data/references.csv). A question that states a case
carries it as a Scenario plus what the engine should say about it, so a test re-keys it
with ``pathway.evaluate``. ``bank_stats``
measures the item-writing cues (key position, key length, vignette share).

A round and its URL codec are in pathway.study.session; pitfall cards in
pathway.study.pitfalls; the glossary in pathway.study.glossary. The files are read by
pathway.sources.study_content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from pathway.model import rules as R
from pathway.model.engine import Assessment, evaluate
from pathway.model.scenario import Scenario
from pathway.sources import rule_texts
from pathway.sources.errors import ContentError
from pathway.sources.source import load_source
from pathway.sources.study_content import QUESTIONS_FILE, read_json, reference_numbers

# The source's sections, the evidence layer, the patient conversation, and questions about the
# source's own wording, in the order the source takes them.
SECTIONS: dict[str, str] = {
    "initial_management": "Initial conservative management",
    "imaging": "Imaging",
    "conservative_failure": "When conservative care fails",
    "injection": "Pars injection",
    "surgery": "Surgical options and candidacy",
    "pitfalls": "Critical pitfalls",
    "outcomes": "Expected outcomes",
    "evidence": "Source vs published evidence",
    "conversation": "Talking with the patient",
    "reading_source": "Reading the source",
}
MIXED = "mixed"
# "Reading the source" asks what the text says, not what to do: it is its own round, and
# never among the clinical questions of a mixed round.
NOT_MIXED = frozenset({"reading_source"})
MIN_PER_SECTION = 2
OPTION_COUNT = (4, 5)

# What a question's `expect` may assert about evaluate(scenario).
EXPECT_KEYS = (
    "option_open",
    "option_closed",
    "surgical_candidate",
    "repair_indicated",
    "criterion",
    "warning",
    "no_warning",
    "stage",
)
_QUESTION_KEYS = {
    "id",
    "section",
    "stem",
    "options",
    "answer",
    "explanation",
    "option_notes",
    "sources",
    "refs",
}
_OPTIONAL_KEYS = {"scenario", "expect", "interpretations", "takeaway"}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SOURCE_ID = re.compile(r"^S\d{2}$")
# NBME item-writing rules: no "all/none of the above", no absolute terms that cue the answer.
_BANNED_OPTION = re.compile(r"\b(all|none|both) of the above\b", re.IGNORECASE)
_VIGNETTE = re.compile(r"\b\d{1,2}-year-old\b")


def interpretation_titles() -> dict[str, str]:
    return {i.id: i.title for i in rule_texts.INTERPRETATIONS}


INTERPRETATION_TITLES: dict[str, str] = interpretation_titles()


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
    option_notes: tuple[str, ...] = ()  # why each option is right or wrong, in option order
    takeaway: str = ""

    @property
    def correct_option(self) -> str:
        return self.options[self.answer]

    @property
    def section_label(self) -> str:
        return SECTIONS[self.section]

    @property
    def is_vignette(self) -> bool:
        """A patient vignette: the stem presents a patient (age and story), not a text to recall."""
        return bool(_VIGNETTE.search(self.stem))

    def case(self) -> Scenario | None:
        """The question's case as a Scenario (None if the stem states no case)."""
        return Scenario(**self.scenario) if self.scenario is not None else None


def parse_questions(
    raw: object,
    name: str = "content/questions.json",
    source_ids: Iterable[str] | None = None,
    ref_numbers: Iterable[str] | None = None,
) -> tuple[Question, ...]:
    """Validate a decoded question bank; raise ContentError naming the file and question."""
    source_ids = set(source_ids if source_ids is not None else load_source().sentences)
    ref_numbers = set(ref_numbers if ref_numbers is not None else reference_numbers())
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
    counts = section_counts(questions)
    thin = [SECTIONS[s] for s, n in counts.items() if n < MIN_PER_SECTION]
    if thin:
        raise ContentError(
            f"{name}: every section needs at least {MIN_PER_SECTION} questions; too few in " + ", ".join(thin)
        )
    return tuple(questions)


def _text(item: dict[str, Any], key: str, where: str) -> str:
    value = item[key]
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: {key} must be non-empty text")
    if re.search(r"<\s*[a-zA-Z!/]", value):
        raise ContentError(f"{where}: raw HTML is not allowed in {key}")
    return value.strip()


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
    stem = _text(item, "stem", where)
    explanation = _text(item, "explanation", where)
    if not stem.endswith("?"):
        raise ContentError(f"{where}: the stem must end in a question")
    options, answer, notes, takeaway = _check_options(item, where)
    sources, refs, interpretations = _check_citations(item, where, source_ids, ref_numbers)
    scenario, expect = _check_scenario(item, where)
    return Question(
        id=qid,
        section=item["section"],
        stem=stem,
        options=tuple(o.strip() for o in options),
        answer=answer,
        explanation=explanation,
        sources=sources,
        refs=refs,
        scenario=dict(scenario) if scenario is not None else None,
        expect=dict(expect) if expect is not None else None,
        interpretations=interpretations,
        option_notes=tuple(n.strip() for n in notes),
        takeaway=takeaway.strip(),
    )


def _check_options(item: dict[str, Any], where: str) -> tuple[list[str], int, list[str], str]:
    """The options, the one key, a note per option and the takeaway, checked to NBME rules."""
    options = item["options"]
    low, high = OPTION_COUNT
    if not isinstance(options, list) or not low <= len(options) <= high:
        raise ContentError(f"{where}: needs {low}-{high} options")
    if any(not isinstance(o, str) or not o.strip() for o in options):
        raise ContentError(f"{where}: every option must be non-empty text")
    if len({o.strip().lower() for o in options}) != len(options):
        raise ContentError(f"{where}: two options are the same, so more than one could be correct")
    if any(_BANNED_OPTION.search(o) for o in options):
        raise ContentError(f"{where}: 'all/none of the above' is not a single best answer")
    answer = item["answer"]
    if isinstance(answer, list):
        raise ContentError(f"{where}: exactly one correct answer is allowed, not a list")
    if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(options):
        last = len(options) - 1
        raise ContentError(f"{where}: answer must be the index (0-{last}) of the one correct option")
    notes = item["option_notes"]
    if (
        not isinstance(notes, list)
        or len(notes) != len(options)
        or any(not isinstance(n, str) or not n.strip() for n in notes)
    ):
        raise ContentError(f"{where}: option_notes needs one explanation per option, in option order")
    if any(re.search(r"<\s*[a-zA-Z!/]", n) for n in notes):
        raise ContentError(f"{where}: raw HTML is not allowed in option_notes")
    takeaway = item.get("takeaway", "")
    if not isinstance(takeaway, str):
        raise ContentError(f"{where}: takeaway must be text")
    return options, answer, notes, takeaway


def _check_citations(
    item: dict[str, Any], where: str, source_ids: set[str], ref_numbers: set[str]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The cited sentence ids, reference numbers and interpretations, each known."""
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
    known = {i.id for i in rule_texts.INTERPRETATIONS}
    for iid in interpretations:
        if iid not in known:
            raise ContentError(f"{where}: interpretation {iid} does not exist")
    return sources, refs, interpretations


def _check_scenario(item: dict[str, Any], where: str) -> tuple[dict | None, dict | None]:
    """The question's case and what the engine should say about it (both or neither)."""
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
    return scenario, expect


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
                if warning not in rule_texts.WARNINGS:
                    raise ContentError(f"{where}: expect names unknown warning '{warning}'")
        elif key == "criterion":
            if (
                not isinstance(value, list)
                or len(value) != 2
                or value[0] not in rule_texts.CRITERIA
                or not isinstance(value[1], bool)
            ):
                raise ContentError(f"{where}: expect criterion must be [criterion key, true/false]")
        elif key in ("surgical_candidate", "repair_indicated") and not isinstance(value, bool):
            raise ContentError(f"{where}: expect {key} must be true or false")


def _as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else [value]


def load_questions(path: Path = QUESTIONS_FILE) -> tuple[Question, ...]:
    return parse_questions(*read_json(path))


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
        elif key == "repair_indicated":
            if a.repair_indicated != value:
                problems.append(f"repair_indicated is {a.repair_indicated}")
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


@dataclass(frozen=True)
class BankStats:
    """The item-writing measures the resident's review rated (issue 15)."""

    items: int
    vignettes: int  # of the clinical items (all but "Reading the source")
    clinical: int
    key_positions: dict[str, int]  # "A".."E" -> items keyed there
    key_longest: int  # items whose key is the longest option (ties count)
    options: int
    options_explained: int
    explanations_citing_sentences: int

    @property
    def vignette_share(self) -> float:
        return self.vignettes / self.clinical if self.clinical else 0.0

    @property
    def max_position_share(self) -> float:
        return max(self.key_positions.values()) / self.items if self.items else 0.0

    @property
    def key_longest_share(self) -> float:
        return self.key_longest / self.items if self.items else 0.0


def bank_stats(questions: Iterable[Question]) -> BankStats:
    questions = tuple(questions)
    clinical = [q for q in questions if q.section not in NOT_MIXED]
    positions = {letter: 0 for letter in "ABCDE"}
    for q in questions:
        positions["ABCDE"[q.answer]] += 1
    return BankStats(
        items=len(questions),
        vignettes=sum(q.is_vignette for q in clinical),
        clinical=len(clinical),
        key_positions=positions,
        key_longest=sum(len(q.correct_option) >= max(len(o) for o in q.options) for q in questions),
        options=sum(len(q.options) for q in questions),
        options_explained=sum(len(q.option_notes) for q in questions),
        explanations_citing_sentences=sum(bool(q.sources) for q in questions),
    )


# ui/common.py (split concurrently into ui/page.py and friends) still imports the glossary
# helpers from here; they live in pathway.study.glossary. Remove these three names once
# that import reads ``from pathway.study.glossary import ...``.
from pathway.study.glossary import glossary_link, glossary_terms, terms_in  # noqa: E402, F401

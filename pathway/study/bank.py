"""Study mode's pure core: the question bank, pitfall cards, the glossary and quiz progress.

Questions (content/questions.json) and pitfall cards (content/pitfall_cards.json) are data.
Each question is written to NBME rules: a stem ending in its question, 4-5 options, one key,
and a note for every option saying why it is right or wrong; it cites source sentence ids
(S01-S33), the app's interpretations (I-ids) and evidence reference numbers
(data/references.csv). A question that states a case carries it as a Scenario plus what the
engine should say about it, so a test re-keys it with ``pathway.evaluate``. ``bank_stats``
measures the item-writing cues (key position, key length, vignette share).

A round (``StudySession``) is encoded into one short URL value (``encode_session`` /
``decode_session``), so a reload or a shared link brings back the same questions, answers
and place. The glossary is content/glossary.md, one ``## Term`` per entry.
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

from pathway.model import rules as R
from pathway.model.engine import Assessment, evaluate
from pathway.model.scenario import Scenario
from pathway.sources.content import parse_markdown
from pathway.sources.errors import ContentError, EvidenceError
from pathway.sources.files import read_text
from pathway.sources.source import CONTENT_DIR, escape_markdown, load_source

DATA_DIR = CONTENT_DIR.parent / "data"
QUESTIONS_FILE = CONTENT_DIR / "questions.json"
PITFALLS_FILE = CONTENT_DIR / "pitfall_cards.json"
GLOSSARY_FILE = CONTENT_DIR / "glossary.md"
REFERENCES_FILE = DATA_DIR / "references.csv"

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
    return {i.id: i.title for i in R.INTERPRETATIONS}


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
    known = {i.id for i in R.INTERPRETATIONS}
    for iid in interpretations:
        if iid not in known:
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
        elif key in ("surgical_candidate", "repair_indicated") and not isinstance(value, bool):
            raise ContentError(f"{where}: expect {key} must be true or false")


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


# --- quiz order and progress ------------------------------------------------------------


def in_section(q: Question, section: str) -> bool:
    return q.section == section or (section == MIXED and q.section not in NOT_MIXED)


def question_order(
    questions: Iterable[Question],
    section: str = MIXED,
    round_: int = 1,
    focus: Scenario | None = None,
) -> tuple[str, ...]:
    """Question ids for one round: one section (or the clinical ones, ``mixed``), shuffled.

    The same section, round and case always give the same order, so a test and a resident
    comparing notes see the same sequence; a new round reshuffles. With a ``focus`` case
    (study mode opened from a case), the questions about that case's situation come first.
    """
    if section != MIXED and section not in SECTIONS:
        raise ValueError(f"section must be {MIXED!r} or one of {', '.join(SECTIONS)}")
    questions = [q for q in questions if in_section(q, section)]
    ids = sorted(q.id for q in questions)
    random.Random(f"pars-study:{section}:{round_}").shuffle(ids)
    if focus is None:
        return tuple(ids)
    relevance = situation_scores(questions, focus)
    # sorted() is stable: within one relevance level the shuffle stands.
    return tuple(sorted(ids, key=lambda i: -relevance.get(i, 0)))


def situation_scores(questions: Iterable[Question], focus: Scenario) -> dict[str, int]:
    """How closely each case question's situation matches a case: 2 = same stage, 1 = a
    shared caution or same open interventions, 0 = unrelated (or no case)."""
    target = evaluate(focus)
    target_steps = target.options & _DECISIONS
    scores: dict[str, int] = {}
    for q in questions:
        if q.scenario is None:
            continue
        a = evaluate(Scenario(**q.scenario))
        if a.stage == target.stage:
            scores[q.id] = 2
        elif (a.warnings & target.warnings - _COMMON_WARNINGS) or (
            target_steps and a.options & _DECISIONS == target_steps
        ):
            scores[q.id] = 1
    return scores


def questions_for_case(questions: Iterable[Question], focus: Scenario) -> tuple[str, ...]:
    """The ids of the questions about a case's situation (same stage first)."""
    scores = situation_scores(questions, focus)
    return tuple(sorted((i for i, s in scores.items() if s), key=lambda i: (-scores[i], i)))


# Options that decide a case's situation (conservative care is open in nearly every case),
# and a caution nearly every bilateral case raises, so neither makes two cases alike.
_DECISIONS = frozenset(R.OPTIONS) - frozenset(R.CONSERVATIVE_OPTIONS)
_COMMON_WARNINGS = frozenset({"bilateral_longer_course"})


@dataclass(frozen=True)
class StudySession:
    """One round of questions: the order, the answers given so far, and the score.

    ``answers`` follow ``order``: you answer the current question only, so the i-th answer
    belongs to the i-th question. ``retry`` marks a round of the questions missed before.
    """

    order: tuple[str, ...]
    section: str = MIXED
    round: int = 1
    answers: tuple[tuple[str, int], ...] = ()  # (question id, chosen option), in answer order
    position: int = 0
    retry: bool = False
    _key: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    _sections: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def start(
        cls,
        questions: Iterable[Question],
        section: str = MIXED,
        round_: int = 1,
        focus: Scenario | None = None,
    ) -> StudySession:
        questions = tuple(questions)
        return cls(
            order=question_order(questions, section, round_, focus),
            section=section,
            round=round_,
            _key={q.id: q.answer for q in questions},
            _sections={q.id: q.section for q in questions},
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

    def by_section(self) -> dict[str, tuple[int, int]]:
        """Section -> (correct, answered), for the sections answered so far, in source order."""
        tally: dict[str, list[int]] = {}
        for qid, choice in self.answers:
            right_wrong = tally.setdefault(self._sections[qid], [0, 0])
            right_wrong[0] += choice == self._key[qid]
            right_wrong[1] += 1
        return {s: (tally[s][0], tally[s][1]) for s in SECTIONS if s in tally}

    def answer(self, qid: str, choice: int) -> StudySession:
        """Record the first answer to the current question; a second answer changes nothing."""
        if qid != self.current or self.chosen(qid) is not None:
            return self
        return replace(self, answers=(*self.answers, (qid, choice)))

    def next(self) -> StudySession:
        if self.finished or self.chosen(self.current) is None:
            return self
        return replace(self, position=self.position + 1)

    def restart(
        self, questions: Iterable[Question], section: str | None = None, focus: Scenario | None = None
    ) -> StudySession:
        """A fresh round (reshuffled) of the same or another section."""
        return StudySession.start(questions, section or self.section, self.round + 1, focus)

    def retry_missed(self) -> StudySession:
        """A round of only the questions missed in this one, in the same order."""
        return replace(self, order=self.missed, answers=(), position=0, retry=True)


# --- progress in the URL -----------------------------------------------------------------
#
# A round is written to the page's own URL key (study_p) so that a reload, a bookmark or a
# shared link brings back the same questions, answers and place:
#     1.<bank>.<section>.<round>.<r|n>.<order>.<answers>.<position>
# <bank> fingerprints the bank's ids and keys, so a link made before the questions changed
# is refused rather than scored against other answers; <order> lists the questions as
# positions in the sorted id list, one or two characters each; <answers> is one digit per
# question answered, in order.

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
CODE_VERSION = "1"
MAX_CODE_LENGTH = 600


def bank_fingerprint(questions: Iterable[Question]) -> str:
    import hashlib

    text = "\n".join(f"{q.id}:{len(q.options)}:{q.answer}" for q in sorted(questions, key=lambda q: q.id))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


def _width(n: int) -> int:
    return 1 if n <= len(_ALPHABET) else 2


def encode_session(session: StudySession, questions: Iterable[Question]) -> str:
    questions = tuple(questions)
    ids = sorted(q.id for q in questions)
    index = {qid: i for i, qid in enumerate(ids)}
    width = _width(len(ids))
    order = "".join(_digits(index[qid], width) for qid in session.order)
    answers = "".join(str(choice) for _, choice in session.answers)
    return ".".join(
        (
            CODE_VERSION,
            bank_fingerprint(questions),
            session.section,
            str(session.round),
            "r" if session.retry else "n",
            order or "-",
            answers or "-",
            str(session.position),
        )
    )


def decode_session(code: str, questions: Iterable[Question]) -> StudySession:
    """The round a study_p code describes; ValueError says, in plain words, why not.

    The message never repeats the code: it comes from a URL.
    """
    questions = tuple(questions)
    if not isinstance(code, str) or len(code) > MAX_CODE_LENGTH:
        raise ValueError("the saved progress in this link is too long to be real")
    parts = code.split(".")
    if len(parts) != 8 or parts[0] != CODE_VERSION:
        raise ValueError("the saved progress in this link is not in a form this version reads")
    _, fingerprint, section, round_text, kind, order_text, answer_text, position_text = parts
    if fingerprint != bank_fingerprint(questions):
        raise ValueError("the saved progress was made for a different set of questions")
    if section != MIXED and section not in SECTIONS:
        raise ValueError("the saved progress names a section that does not exist")
    if not (round_text.isascii() and round_text.isdigit() and 0 < int(round_text) < 10_000):
        raise ValueError("the saved progress has an invalid round number")
    if kind not in ("r", "n"):
        raise ValueError("the saved progress has an invalid round type")
    ids = sorted(q.id for q in questions)
    width = _width(len(ids))
    order_text = "" if order_text == "-" else order_text
    answer_text = "" if answer_text == "-" else answer_text
    if len(order_text) % width or any(c not in _ALPHABET for c in order_text):
        raise ValueError("the saved progress has an unreadable question list")
    positions = [_number(order_text[i : i + width]) for i in range(0, len(order_text), width)]
    if any(p >= len(ids) for p in positions) or len(set(positions)) != len(positions):
        raise ValueError("the saved progress lists questions that do not exist")
    order = tuple(ids[p] for p in positions)
    by_id = {q.id: q for q in questions}
    if kind == "n" and any(not in_section(by_id[qid], section) for qid in order):
        raise ValueError("the saved progress mixes in questions from another section")
    if len(answer_text) > len(order) or not all(c.isascii() and c.isdigit() for c in answer_text):
        raise ValueError("the saved progress has unreadable answers")
    answers = tuple((qid, int(c)) for qid, c in zip(order, answer_text, strict=False))
    if any(choice >= len(by_id[qid].options) for qid, choice in answers):
        raise ValueError("the saved progress has an answer that is not among the options")
    if not (position_text.isascii() and position_text.isdigit()):
        raise ValueError("the saved progress has an invalid place in the round")
    position = int(position_text)
    if not len(answers) - 1 <= position <= len(answers) or position > len(order) or position < 0:
        raise ValueError("the saved progress has an invalid place in the round")
    return StudySession(
        order=order,
        section=section,
        round=int(round_text),
        answers=answers,
        position=position,
        retry=kind == "r",
        _key={q.id: q.answer for q in questions},
        _sections={q.id: q.section for q in questions},
    )


def _digits(n: int, width: int) -> str:
    base = len(_ALPHABET)
    out = ""
    for _ in range(width):
        out = _ALPHABET[n % base] + out
        n //= base
    return out


def _number(text: str) -> int:
    n = 0
    for c in text:
        n = n * len(_ALPHABET) + _ALPHABET.index(c)
    return n


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
    refs: tuple[str, ...] = ()


def parse_pitfall_cards(
    raw: object,
    name: str = "content/pitfall_cards.json",
    source_ids: Iterable[str] | None = None,
    ref_numbers: Iterable[str] | None = None,
) -> tuple[PitfallCard, ...]:
    """Validate pitfall cards. A card naming an engine warning takes its pitfall text from it."""
    source_ids = set(source_ids if source_ids is not None else load_source().sentences)
    ref_numbers = set(ref_numbers if ref_numbers is not None else load_reference_numbers())
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
        for key in ("id", "title", "case", "why", "pitfall"):
            if key in item:
                _text(item, key, where)
        _strings(item.get("sources", []), where, "sources")
        if not isinstance(item["scenario"], dict):
            raise ContentError(f"{where}: scenario must be an object")
        if any(card.id == item["id"] for card in cards):
            raise ContentError(f"{where}: the id is used twice")
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
        refs = tuple(str(r) for r in _list(item.get("refs", []), where, "refs"))
        for ref in refs:
            if ref not in ref_numbers:
                raise ContentError(f"{where}: reference [{ref}] is not in data/references.csv")
        cited = set(re.findall(r"\[(\d+)\]", item["why"]))
        if cited - set(refs):
            raise ContentError(
                f"{where}: the text cites [{', '.join(sorted(cited - set(refs)))}] but refs does not"
            )
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
                refs=refs,
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

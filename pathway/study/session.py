"""A study round: the question order, the answers so far, the score, and the round as one
short URL value (``encode_session`` / ``decode_session``), so a reload or a shared link
brings back the same questions, answers and place."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from pathway.model import rules as R
from pathway.model.engine import evaluate
from pathway.model.scenario import Scenario
from pathway.study.bank import MIXED, NOT_MIXED, SECTIONS, Question


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
        current = self.current
        if current is None or self.chosen(current) is None:
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

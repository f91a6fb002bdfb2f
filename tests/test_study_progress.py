"""Study progress in the URL: a round survives a reload and a shared link; retry and results per section."""

import pytest

import pathway.study as study
from pathway import Scenario, evaluate

BANK = study.load_questions()
BY_ID = {q.id: q for q in BANK}


def _play(session: study.StudySession, pattern: str) -> study.StudySession:
    """Answer the next questions right (r) or wrong (w), moving on after each."""
    for mark in pattern:
        q = BY_ID[session.current]
        choice = q.answer if mark == "r" else (q.answer + 1) % len(q.options)
        session = session.answer(q.id, choice).next()
    return session


def test_a_round_round_trips_through_its_code():
    """Encoding then decoding gives the same order, answers, place, section and round."""
    session = _play(study.StudySession.start(BANK), "rwrrw")
    code = study.encode_session(session, BANK)
    back = study.decode_session(code, BANK)
    assert back == session
    assert (back.correct, back.answered, back.missed) == (session.correct, 5, session.missed)


def test_mid_question_place_is_kept():
    """Answered but not yet moved on: the code brings back the explanation of that question."""
    session = _play(study.StudySession.start(BANK), "rr")
    q = BY_ID[session.current]
    session = session.answer(q.id, q.answer)
    back = study.decode_session(study.encode_session(session, BANK), BANK)
    assert back.current == q.id and back.chosen(q.id) == q.answer


def test_the_code_is_compact():
    """A whole finished mixed round fits in a short URL value (well under 300 characters)."""
    session = _play(study.StudySession.start(BANK), "r" * len(study.question_order(BANK)))
    code = study.encode_session(session, BANK)
    assert session.finished and len(code) < 300, len(code)


def test_retry_missed_is_a_round_of_the_misses_and_survives_the_code():
    """Retry holds only the missed questions, in order, with no answers; the code keeps it."""
    session = _play(study.StudySession.start(BANK, "imaging"), "wrwrrrrr")
    retry = session.retry_missed()
    assert retry.order == session.missed and retry.answered == 0 and retry.retry
    assert study.decode_session(study.encode_session(retry, BANK), BANK) == retry


def test_results_per_section():
    """by_section counts right and answered per section, in the source's order."""
    session = _play(study.StudySession.start(BANK), "rrwrw")
    rows = session.by_section()
    assert sum(n for _, n in rows.values()) == 5
    assert sum(r for r, _ in rows.values()) == 3
    assert list(rows) == [s for s in study.SECTIONS if s in rows]


def test_you_cannot_skip_a_question():
    """next() does nothing until the current question is answered."""
    session = study.StudySession.start(BANK)
    assert session.next() == session


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        pytest.param(lambda c: "2" + c[1:], "not in a form", id="version"),
        pytest.param(lambda c: c.replace(c.split(".")[1], "000000"), "different set of questions", id="bank"),
        pytest.param(
            lambda c: c.replace(".mixed.", ".anatomy."), "section that does not exist", id="section"
        ),
        pytest.param(
            lambda c: ".".join([*c.split(".")[:6], "9" * 3, c.split(".")[7]]), "not among", id="answer"
        ),
        pytest.param(lambda c: ".".join([*c.split(".")[:7], "40"]), "invalid place", id="position"),
        pytest.param(lambda c: c + "x" * 700, "too long", id="too-long"),
        pytest.param(lambda c: "<script>alert(1)</script>", "not in a form", id="script"),
    ],
)
def test_a_bad_code_is_refused_in_plain_words(mangle, message):
    """A damaged or foreign code raises ValueError saying what is wrong, never echoing the code."""
    code = study.encode_session(_play(study.StudySession.start(BANK), "rwr"), BANK)
    bad = mangle(code)
    with pytest.raises(ValueError, match=message) as info:
        study.decode_session(bad, BANK)
    assert bad not in str(info.value)


def test_a_code_for_a_changed_bank_is_refused():
    """If a question's key changes, old codes are refused rather than scored against the new key."""
    code = study.encode_session(study.StudySession.start(BANK), BANK)
    changed = [
        study.Question(**{**q.__dict__, "answer": (q.answer + 1) % len(q.options)}) if i == 0 else q
        for i, q in enumerate(BANK)
    ]
    with pytest.raises(ValueError, match="different set"):
        study.decode_session(code, changed)


def test_a_case_puts_its_situation_first():
    """Opened with a case, the round starts with questions about the same situation (same stage)."""
    case = Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete", age=45)
    order = study.question_order(BANK, study.MIXED, 1, focus=case)
    about = study.questions_for_case(BANK, case)
    assert about and set(order[: len(about)]) == set(about)
    first = BY_ID[order[0]]
    assert evaluate(Scenario(**first.scenario)).stage == evaluate(case).stage == "not_young"
    assert set(order) == set(study.question_order(BANK)), "the rest of the round still follows"


def test_without_a_case_the_order_is_the_plain_shuffle():
    assert study.question_order(BANK, focus=None) == study.question_order(BANK)

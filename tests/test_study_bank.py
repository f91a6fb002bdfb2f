"""Study question bank and pitfall cards: valid, cited, covering every section, agreeing with the engine."""

import collections
import copy
import json
import re

import pytest

import pathway.study as study
from pathway import Scenario, evaluate
from pathway.sources import rule_texts as R
from pathway.sources.errors import ContentError
from pathway.sources.source import load_source
from pathway.sources.study_content import PITFALLS_FILE, QUESTIONS_FILE, reference_numbers

BANK = study.load_questions()
RAW = json.loads(QUESTIONS_FILE.read_text(encoding="utf-8"))
CASES = [q for q in BANK if q.scenario is not None]
CARDS = study.load_pitfall_cards()
WARNING_CARDS = [c for c in CARDS if c.warning]


def test_bank_is_big_enough_and_covers_every_section_twice():
    """At least 80 questions, and every section (source, evidence, conversation, reading) has two or more."""
    assert len(BANK) >= 80
    counts = study.section_counts(BANK)
    assert set(counts) == set(study.SECTIONS)
    assert min(counts.values()) >= 2, counts


# --- NBME item-writing rules, measured (issue 15) ----------------------------------------

STATS = study.bank_stats(BANK)
CLINICAL = [q for q in BANK if q.section not in study.NOT_MIXED]


def test_clinical_questions_are_patient_vignettes():
    """At least 90% of the clinical items present a patient (age and story), not a text to recall."""
    assert STATS.vignette_share >= 0.9, [q.id for q in CLINICAL if not q.is_vignette]


def test_reading_the_source_has_its_own_section():
    """Items that ask what the source's wording means are in 'Reading the source', not mixed rounds."""
    reading = [q for q in BANK if q.section == "reading_source"]
    assert len(reading) >= 4
    assert not set(study.question_order(BANK)) & {q.id for q in reading}


def test_keyed_position_is_balanced():
    """No option position (A-E) is keyed in more than 35% of items."""
    assert STATS.max_position_share <= 0.35, STATS.key_positions
    assert all(STATS.key_positions[p] > 0 for p in "ABCD"), STATS.key_positions


def test_key_is_rarely_the_longest_option():
    """The key is the (strictly) longest option in at most 30% of items, and with ties in at most 30%."""
    strict = [
        q.id for q in BANK if len(q.correct_option) > max(len(o) for o in q.options if o != q.correct_option)
    ]
    assert len(strict) / len(BANK) <= 0.3, strict
    assert STATS.key_longest_share <= 0.3, STATS.key_longest


def test_the_key_length_gives_nothing_away():
    """Ranked by length, no rank (longest, second longest, ...) holds more than 45% of the keys."""
    ranks = collections.Counter(
        sorted(range(len(q.options)), key=lambda i: -len(q.options[i])).index(q.answer) for q in BANK
    )
    assert max(ranks.values()) / len(BANK) <= 0.45, ranks


def test_no_all_or_none_of_the_above_and_no_absolutes():
    """No 'all/none of the above', and no option leans on 'always' or 'never' (a classic cue)."""
    for q in BANK:
        for o in q.options:
            assert not re.search(r"\b(all|none) of the above\b", o, re.IGNORECASE), (q.id, o)
            assert not re.search(r"\b(always|never)\b", o, re.IGNORECASE), (q.id, o)


def test_the_keys_the_review_flagged_are_fixed():
    """The item review's wrong or arguable keys (issue 25) now key what the source and figures support."""
    by_id = {q.id: q for q in BANK}
    mild = by_id["fail-week14-mild-pain"]  # mild, non-limiting, easing pain with a healing fracture
    assert mild.correct_option.startswith("Continue") and "inject" not in mild.correct_option.lower()
    assert any("injection" in o for o in mild.options), "the injection is offered and explained"
    assert "38-55%" in by_id["ev-injection-claim"].correct_option  # [41] 37.9%, [42] 55%: not 'a minority'
    assert "79%" in by_id["ev-bilateral-eighty"].correct_option  # [50], not one athlete series
    ct, mri = by_id["img-ct-fracture-line"], by_id["img-mri-normal-films"]
    assert ct.correct_option.startswith("CT") and "fracture line" in ct.stem
    assert mri.correct_option.startswith("MRI") and "radiation" in mri.stem
    measures = by_id["out-measures-after-repair"]
    assert not any(re.search(r"EQ-5D|Roland", o) for o in measures.options), "no valid PROM set marked wrong"


def test_stems_end_in_a_question():
    """Every stem ends with its lead-in question."""
    assert all(q.stem.endswith("?") for q in BANK)


def test_every_option_is_explained():
    """Each option (the key and every distractor) has its own explanation, each different."""
    for q in BANK:
        assert len(q.option_notes) == len(q.options) and all(q.option_notes), q.id
        assert len(set(q.option_notes)) == len(q.option_notes), q.id
    assert STATS.options_explained == STATS.options


def test_every_explanation_cites_a_sentence_it_names():
    """Every explanation cites at least one sentence id, and names in its text an S-id it cites."""
    for q in BANK:
        assert q.sources, q.id
        assert any(sid in q.explanation or any(sid in n for n in q.option_notes) for sid in q.sources), q.id


def test_numbers_come_with_their_reference():
    """An explanation that quotes a percentage cites a published reference."""
    for q in BANK:
        if re.search(r"\d%", q.explanation):
            assert q.refs, q.id


def test_items_cover_imaging_criteria_pitfalls_techniques_and_disagreements():
    """The bank asks about radiograph, CT and MRI; each candidacy criterion; each source pitfall;
    the repair techniques; and the source-vs-evidence disagreements."""
    cited = {s for q in BANK for s in q.sources}
    assert {"S08", "S09", "S10", "S11"} <= cited  # radiograph vs CT vs MRI
    assert {"S22", "S23", "S24", "S25"} <= cited  # the four candidacy criteria
    assert {"S26", "S27", "S28", "S29"} <= cited  # the critical pitfalls
    assert {"S17", "S18", "S19", "S20"} <= cited  # the repair techniques
    assert len([q for q in BANK if q.section == "evidence"]) >= 6
    assert len([q for q in BANK if q.section == "conversation"]) >= 4


def test_every_question_has_one_answer_among_four_or_five_options():
    """Each question offers 4-5 distinct options and keys exactly one of them."""
    for q in BANK:
        assert 4 <= len(q.options) <= 5, q.id
        assert len(set(q.options)) == len(q.options), q.id
        assert isinstance(q.answer, int) and 0 <= q.answer < len(q.options), q.id


def test_answers_are_not_always_in_the_same_place():
    """The keyed option moves around, so position gives nothing away."""
    assert len({q.answer for q in BANK}) >= 3


def test_every_cited_sentence_and_reference_exists():
    """Every S-id is in the source and every [n] is in data/references.csv."""
    sentences = set(load_source().sentences)
    refs = set(reference_numbers())
    for q in BANK:
        assert set(q.sources) <= sentences, q.id
        assert set(q.refs) <= refs, q.id


def test_evidence_questions_cite_references():
    """Questions in the evidence section each cite at least one published reference."""
    assert all(q.refs for q in BANK if q.section == "evidence")


def test_most_questions_carry_a_case_for_the_engine():
    """Over half the bank states a case that the explorer can open."""
    assert len(CASES) > len(BANK) / 2


@pytest.mark.parametrize("question", CASES, ids=[q.id for q in CASES])
def test_keyed_answer_agrees_with_the_engine(question):
    """What the question expects (options, candidacy, criteria, cautions) is what evaluate says."""
    assert study.engine_disagreements(question) == []


def test_engine_check_notices_a_wrong_expectation():
    """A question expecting repair to be open at week 3 is reported as disagreeing with the engine."""
    q = study.Question(
        id="x",
        section="surgery",
        stem="s",
        options=("a", "b", "c", "d"),
        answer=0,
        explanation="e",
        sources=("S16",),
        refs=(),
        scenario={"weeks_conservative": 3},
        expect={"option_open": "direct_pars_repair", "surgical_candidate": True},
    )
    assert study.engine_disagreements(q) == ["direct_pars_repair is not open", "surgical_candidate is False"]


def test_engine_check_notices_a_wrong_repair_indication():
    """A question expecting repair to be indicated at 45 is reported as disagreeing with the engine."""
    q = study.Question(
        id="x",
        section="surgery",
        stem="s?",
        options=("a", "b", "c", "d"),
        answer=0,
        explanation="e",
        sources=("S16",),
        refs=(),
        scenario={"weeks_conservative": 20, "formal_pt": True, "ct_stage": "complete", "age": 45},
        expect={"repair_indicated": True},
    )
    assert study.engine_disagreements(q) == ["repair_indicated is False"]


def test_explanations_name_the_interpretations_they_rely_on():
    """A question tagged with an app interpretation names its I-id in the explanation text."""
    for q in BANK:
        for iid in q.interpretations:
            assert iid in q.explanation, (q.id, iid)


def test_every_source_section_is_asked_about():
    """Every sentence of the source is cited by some question, except the candidacy list's heading."""
    cited = {s for q in BANK for s in q.sources}
    assert set(load_source().sentences) - cited <= {"S21"}, set(load_source().sentences) - cited


def _bad(change):
    raw = copy.deepcopy(RAW)
    change(raw[0])
    return raw


FIRST = RAW[0]["id"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(lambda q: q.update(answer=9), "answer must be the index", id="answer-out-of-range"),
        pytest.param(lambda q: q.update(answer=[0, 1]), "exactly one correct answer", id="two-answers"),
        pytest.param(lambda q: q.update(options=q["options"][:3]), "needs 4-5 options", id="three-options"),
        pytest.param(
            lambda q: q.update(options=[q["options"][0]] * 4),
            "two options are the same",
            id="duplicate-options",
        ),
        pytest.param(
            lambda q: q.update(sources=["S99"]), "source sentence S99 does not exist", id="unknown-sid"
        ),
        pytest.param(lambda q: q.update(refs=["999"]), r"reference \[999\] is not in", id="unknown-ref"),
        pytest.param(lambda q: q.update(section="anatomy"), "section must be one of", id="unknown-section"),
        pytest.param(
            lambda q: q.update(scenario={"weeks_conservative": 500}),
            "scenario is not valid",
            id="scenario-out-of-range",
        ),
        pytest.param(
            lambda q: q.update(scenario={"stage": "early"}),
            "scenario has unknown field stage",
            id="scenario-field",
        ),
        pytest.param(
            lambda q: q.update(expect={"warning": "nope"}), "unknown warning 'nope'", id="unknown-warning"
        ),
        pytest.param(lambda q: q.pop("explanation"), "missing explanation", id="no-explanation"),
        pytest.param(lambda q: q.update(stem="<b>x</b>?"), "raw HTML", id="html-in-stem"),
        pytest.param(lambda q: q.update(stem="A statement."), "must end in a question", id="no-question"),
        pytest.param(
            lambda q: q.update(options=[*q["options"][:-1], "All of the above"]),
            "all/none of the above",
            id="all-of-the-above",
        ),
        pytest.param(
            lambda q: q.update(option_notes=q["option_notes"][:-1]),
            "one explanation per option",
            id="missing-option-note",
        ),
    ],
)
def test_bad_question_names_file_and_question(change, message):
    """A broken question raises ContentError naming content/questions.json and the question's id."""
    with pytest.raises(ContentError, match=message) as info:
        study.parse_questions(_bad(change))
    assert "content/questions.json" in str(info.value)
    assert f"'{FIRST}'" in str(info.value)


def test_duplicate_question_id_is_refused():
    """Two questions with one id are refused, naming the id."""
    raw = copy.deepcopy(RAW)
    raw[1]["id"] = raw[0]["id"]
    with pytest.raises(ContentError, match=f"'{FIRST}': the id is used twice"):
        study.parse_questions(raw)


def test_thin_section_is_refused():
    """A bank with fewer than two questions in a section is refused, naming the section."""
    raw = [q for q in RAW if q["section"] != "injection"] + [
        next(q for q in RAW if q["section"] == "injection")
    ]
    with pytest.raises(ContentError, match="too few in Pars injection"):
        study.parse_questions(raw)


def test_missing_references_file_is_reported(tmp_path):
    """Without data/references.csv the loader says which file is missing."""
    with pytest.raises(ContentError, match=r"references\.csv is missing"):
        reference_numbers(tmp_path)


def test_broken_json_names_file_and_line(tmp_path):
    """A JSON syntax error is reported with the file and line."""
    path = tmp_path / "questions.json"
    path.write_text('[\n{"id": "a",,}\n]', encoding="utf-8")
    with pytest.raises(ContentError, match=r"questions\.json line 2: not valid JSON"):
        study.load_questions(path)


@pytest.mark.parametrize("section", [study.MIXED, *study.SECTIONS])
def test_order_is_a_stable_shuffle_of_the_section(section):
    """The same section and round give the same order; it holds exactly that section's questions."""
    first = study.question_order(BANK, section, 1)
    assert first == study.question_order(BANK, section, 1)
    expected = {q.id for q in BANK if study.in_section(q, section)}
    assert set(first) == expected and len(first) == len(expected)


def test_a_new_round_reshuffles():
    """Starting again gives a different (but still complete) order."""
    assert study.question_order(BANK, study.MIXED, 1) != study.question_order(BANK, study.MIXED, 2)
    assert study.question_order(BANK, study.MIXED, 1) != tuple(sorted(q.id for q in BANK))


def test_session_scores_right_and_wrong_and_lists_misses():
    """One right and one wrong answer score 1 of 2, and the wrong one is in the missed list."""
    session = study.StudySession.start(BANK, "surgery")
    by_id = {q.id: q for q in BANK}
    first = by_id[session.current]
    session = session.answer(first.id, first.answer).next()
    second = by_id[session.current]
    wrong = (second.answer + 1) % len(second.options)
    session = session.answer(second.id, wrong)
    assert (session.correct, session.answered) == (1, 2)
    assert session.missed == (second.id,)
    assert session.answer(second.id, second.answer) == session, "a second try must not change the score"


def test_session_finishes_and_restarts():
    """After the last question the round is finished; a restart begins round 2 with no answers."""
    session = study.StudySession.start(BANK, "injection")
    for _ in session.order:
        session = session.answer(session.current, 0).next()
    assert session.finished and session.current is None
    again = session.restart(BANK)
    assert (again.round, again.answered, again.position, again.section) == (2, 0, 0, "injection")


@pytest.mark.parametrize("card", WARNING_CARDS, ids=[c.id for c in WARNING_CARDS])
def test_pitfall_card_case_raises_its_caution(card):
    """Each card's case makes the engine raise the caution the card teaches."""
    assert card.warning in evaluate(Scenario(**card.scenario)).warnings


def test_pitfall_cards_cover_the_source_pitfalls():
    """Cards exist for S26, S27, S28 and S29 and for every engine caution."""
    cited = {s for c in CARDS for s in c.sources}
    assert {"S26", "S27", "S28", "S29"} <= cited
    assert {c.warning for c in CARDS if c.warning} == set(R.WARNINGS)


def test_bad_pitfall_card_names_the_card():
    """A card with an unknown caution is refused, naming the card."""
    with pytest.raises(ContentError, match="card 'x': warning 'nope'"):
        study.parse_pitfall_cards(
            [{"id": "x", "title": "t", "case": "c", "why": "w", "scenario": {"age": 20}, "warning": "nope"}]
        )


def test_a_card_citing_a_reference_lists_it():
    """A card whose text cites [n] must list n in refs (so the page shows the citation)."""
    raw = json.loads(PITFALLS_FILE.read_text(encoding="utf-8"))
    card = next(c for c in raw if c.get("refs"))
    card = {**card, "refs": []}
    with pytest.raises(ContentError, match="cites"):
        study.parse_pitfall_cards([card])
    assert all(set(re.findall(r"\[(\d+)\]", c.why)) <= set(c.refs) for c in CARDS)


def test_study_citations_follow_the_data_folder(tmp_path, monkeypatch):
    """E5: study mode reads data/references.csv through the app's one reader, so PARS_DATA_DIR
    moves its citations too (a reference missing there is missing for the questions)."""
    import shutil

    from pathway.sources.evidence import DATA_DIR

    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "references.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = lines[1].split(",")[0]
    path.write_text("".join([lines[0], *lines[2:]]), encoding="utf-8")
    assert dropped in reference_numbers()
    monkeypatch.setenv("PARS_DATA_DIR", str(tmp_path))
    assert dropped not in reference_numbers()

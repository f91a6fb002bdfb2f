"""AppTest of Study mode: answering moves the score, explains from the source, and collects misses."""

import pytest

import pathway.study as study
from pathway import Scenario, evaluate
from pathway.sources.source import escape_markdown, load_source
from pathway.study import casegen
from tests.conftest import run_page

PAGE = "pages/6_Study_mode.py"
BANK = study.load_questions()
BY_ID = {q.id: q for q in BANK}
MIXED_COUNT = len(study.question_order(BANK))


def _current(at) -> study.Question:
    return BY_ID[at.session_state.study_session.current]


def _answer(at, right: bool) -> study.Question:
    q = _current(at)
    choice = q.answer if right else (q.answer + 1) % len(q.options)
    at.radio(key=f"study_answer_{q.id}").set_value(choice).run()
    at.button(key="study_check").click().run()
    return q


def _progress_text(at) -> str:
    return at.get("progress")[0].proto.text


def _text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.fixture
def at():
    page = run_page(PAGE)
    assert not page.exception
    return page


def test_page_starts_at_zero_with_the_first_mixed_question(at):
    """A new visitor sees score 0/0, question 1 of all, in the stable mixed order."""
    assert "Score 0 / 0" in _progress_text(at)
    assert f"question 1 of {MIXED_COUNT}" in _progress_text(at)
    assert at.session_state.study_session.order == study.question_order(BANK)


def test_right_answer_scores_and_shows_explanation_with_sources(at):
    """A correct answer says so, scores 1/1 and shows the explanation with the cited sentences' text."""
    q = _answer(at, right=True)
    assert "Score 1 / 1" in _progress_text(at)
    assert [s.value for s in at.success] == ["**Correct.**"]
    text = _text(at)
    assert q.explanation.split()[0] in text
    sid = q.sources[0]
    assert f"**{sid}**" in text
    assert load_source().sentences[sid].text.split()[0] in text
    for note in q.option_notes:  # every option's own explanation is shown
        assert note.split()[0] in text


def test_wrong_answer_keeps_score_names_right_option_and_lists_it_for_review(at):
    """A wrong answer scores 0/1, shows the correct option, and appears in the review of missed questions."""
    q = _answer(at, right=False)
    assert "Score 0 / 1" in _progress_text(at)
    assert at.error and "Not quite" in at.error[0].value
    assert "Review missed questions (1)" in [e.label for e in at.expander]
    assert at.container(key=f"study_review_{q.id}") is not None


def test_next_question_then_mixed_score(at):
    """Right then wrong gives 1/2 on question 2, and only the wrong one is in the review."""
    _answer(at, right=True)
    at.button(key="study_next").click().run()
    assert "question 2 of" in _progress_text(at)
    missed = _answer(at, right=False)
    assert "Score 1 / 2" in _progress_text(at)
    assert at.session_state.study_session.missed == (missed.id,)
    assert "Review missed questions (1)" in [e.label for e in at.expander]


def test_case_question_links_to_the_explorer_with_its_case(at):
    """After answering a case question, a link opens the explorer with that case in the URL."""
    while _current(at).scenario is None:
        _answer(at, right=True)
        at.button(key="study_next").click().run()
    q = _answer(at, right=True)
    links = [p for p in at.get("page_link") if p.proto.label == "Open this case in the Case explorer"]
    if not links:
        pytest.skip("the Case explorer page is not in this checkout")
    assert "Case_explorer" in links[0].proto.page
    assert q.scenario  # the link carries Scenario(**q.scenario).to_query()


def test_choosing_a_section_asks_before_discarding_then_restarts_with_only_that_section(at):
    """With an answer given, picking 'Pars injection' asks first; confirming starts a round of
    just the injection questions."""
    _answer(at, right=False)
    at.selectbox(key="study_section").select("injection").run()
    assert at.session_state.study_session.answered == 1, "nothing is discarded before the learner confirms"
    confirm = at.container(key="study_confirm")
    assert "will be discarded" in confirm.warning[0].value
    assert at.selectbox(key="study_section").value == study.MIXED, "the menu still shows the running round"
    at.button(key="study_discard").click().run()
    session = at.session_state.study_session
    assert session.answered == 0 and session.section == "injection"
    assert {BY_ID[i].section for i in session.order} == {"injection"}
    assert f"question 1 of {len(session.order)}" in _progress_text(at)


def test_finishing_a_round_shows_result_and_start_again_resets(at):
    """At the end of a section the summary shows the score; Start again clears it and reshuffles."""
    at.selectbox(key="study_section").select("outcomes").run()
    n = len(at.session_state.study_session.order)
    for i in range(n):
        _answer(at, right=i > 0)
        at.button(key="study_next").click().run()
    summary = "\n".join(m.value for m in at.container(key="study_summary").markdown)
    assert f"**{n - 1} of {n}**" in summary
    assert f"| Expected outcomes | {n - 1} / {n} |" in summary, "results per section"
    assert "Review missed questions (1)" in [e.label for e in at.expander]
    before = at.session_state.study_session.round
    at.button(key="study_new_round").click().run()
    assert "Score 0 / 0" in _progress_text(at)
    assert at.session_state.study_session.round == before + 1


def test_pitfall_card_turns_over_to_show_the_pitfall_and_why(at):
    """A card shows the case first; 'Turn over' reveals the pitfall and why, with its source text."""
    card = study.load_pitfall_cards()[0]
    front = "\n".join(m.value for m in at.container(key=f"study_card_{card.id}").markdown)
    assert card.case.split()[0] in front and card.pitfall.split()[0] not in front
    at.button(key=f"study_turn_{card.id}").click().run()
    back = "\n".join(m.value for m in at.container(key=f"study_card_{card.id}").markdown)
    assert card.why.split()[1] in back
    assert f"**{card.sources[0]}**" in back
    assert at.button(key=f"study_turn_{card.id}").label == "Turn back"


def test_answers_are_written_to_the_url_and_a_reload_restores_them(at):
    """After two answers the URL holds the round; opening that URL again shows the same score and place."""
    first = _answer(at, right=True)
    at.button(key="study_next").click().run()
    second = _answer(at, right=False)
    code = at.query_params["study_p"]
    assert code == study.encode_session(at.session_state.study_session, BANK)
    reloaded = run_page(PAGE, {"study_p": code})
    assert not reloaded.exception
    assert "Score 1 / 2" in _progress_text(reloaded)
    assert "question 2 of" in _progress_text(reloaded)
    assert reloaded.session_state.study_session.missed == (second.id,)
    assert [e.value for e in reloaded.error] == ["**Not quite.** The correct answer is marked below."]
    assert first.id not in reloaded.session_state.study_session.missed


def test_a_broken_progress_link_says_so_and_starts_afresh():
    """A study_p value that is not a round gives one warning in plain words and a fresh round."""
    page = run_page(PAGE, {"study_p": "1.zzzzzz.mixed.1.n.0.0.0"})
    assert not page.exception
    assert [w.value for w in page.warning] == [
        "Your saved round could not be restored: the saved progress was made for a different set "
        "of questions. A new round starts."
    ]
    assert "Score 0 / 0" in _progress_text(page)


def test_retry_missed_runs_only_the_missed_questions(at):
    """Finishing a section with two misses, 'Retry the 2 missed' starts a round of just those two."""
    at.selectbox(key="study_section").select("injection").run()
    order = at.session_state.study_session.order
    for i in range(len(order)):
        _answer(at, right=i >= 2)
        at.button(key="study_next").click().run()
    assert at.button(key="study_retry").label == "Retry the 2 missed"
    at.button(key="study_retry").click().run()
    session = at.session_state.study_session
    assert session.order == order[:2] and session.retry
    assert "retry of missed questions 1 of 2" in _progress_text(at)
    assert "study_p" in at.query_params


def test_opened_with_a_case_its_questions_come_first():
    """With a case in the URL (age 45, week 20, criteria met), the round opens on the age question."""
    case = Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete", age=45)
    page = run_page(PAGE, case.to_query())
    assert not page.exception
    first = _current(page)
    assert evaluate(Scenario(**first.scenario)).stage == evaluate(case).stage
    about = study.questions_for_case(BANK, case)
    assert any(
        f"the {len(about)} questions about this case's situation come first in this round" in i.value
        for i in page.info
    )
    plain = run_page(PAGE)
    assert _current(plain).id != first.id or not about


def test_a_shared_case_link_opens_that_generated_case():
    """?study_seed=123 shows generated case 123; the right answer is marked correct and explained."""
    case = casegen.generate(123)
    page = run_page(PAGE, {"study_seed": "123"})
    assert not page.exception
    box = page.container(key="study_case")
    assert escape_markdown(case.vignette) in [m.value for m in box.markdown]
    page.radio(key="study_case_answer_123").set_value(case.answer).run()
    page.button(key="study_case_check").click().run()
    box = page.container(key="study_case")
    assert [s.value for s in box.success] == ["**Correct.**"]
    text = "\n".join(m.value for m in box.markdown)
    assert escape_markdown(case.options[case.answer].note).split()[0] in text
    assert page.query_params["study_seed"] == "123"


def test_new_case_draws_another_case_and_writes_its_seed(at):
    """'New case' changes the case and puts its seed in the URL, so it can be shared."""
    before = at.session_state.study_case_seed
    at.button(key="study_case_new").click().run()
    after = at.session_state.study_case_seed
    assert after != before
    assert at.query_params["study_seed"] == str(after)
    shown = [m.value for m in at.container(key="study_case").markdown]
    assert escape_markdown(casegen.generate(after).vignette) in shown


def test_a_bad_seed_link_warns_and_shows_a_new_case():
    page = run_page(PAGE, {"study_seed": "<b>x</b>"})
    assert not page.exception
    assert any("could not be opened" in w.value and "<b>" not in w.value for w in page.warning)
    assert page.container(key="study_case") is not None


def test_section_is_hidden_until_answered(at):
    """Before answering, the caption does not name the section (no topic cue); after, it does."""
    q = _current(at)
    caption = at.container(key="study_question").caption[0].value
    assert q.section_label not in caption
    _answer(at, right=True)
    assert q.section_label in at.container(key="study_question").caption[0].value


def test_broken_figures_do_not_break_an_answered_case(monkeypatch):
    """If the figures file cannot be read, the answered case still shows, with a caption naming why."""
    from pathway.sources.errors import EvidenceError

    def broken(_a):
        raise EvidenceError("data/figures.csv row 3: percent must be a number")

    monkeypatch.setattr(study, "case_figures", broken)
    case = casegen.generate(7)
    page = run_page(PAGE, {"study_seed": "7"})
    page.radio(key="study_case_answer_7").set_value(case.answer).run()
    page.button(key="study_case_check").click().run()
    assert not page.exception
    box = page.container(key="study_case")
    assert [s.value for s in box.success] == ["**Correct.**"]
    assert any("data/figures.csv row 3" in c.value for c in box.caption)


def test_keep_my_round_keeps_the_answers_and_the_section(at):
    """Asked before a section switch, 'Keep my round' leaves score, place and section as they were."""
    _answer(at, right=True)
    before = at.session_state.study_session
    at.selectbox(key="study_section").select("imaging").run()
    at.button(key="study_keep").click().run()
    assert at.session_state.study_session == before
    assert "Score 1 / 1" in _progress_text(at)
    assert at.selectbox(key="study_section").value == study.MIXED


def test_a_new_visitor_switches_section_without_being_asked(at):
    """Nothing answered yet: a section switch starts the new round at once, no question asked."""
    at.selectbox(key="study_section").select("imaging").run()
    assert at.session_state.study_session.section == "imaging"
    assert not at.session_state.get("study_pending")


@pytest.mark.parametrize("length", ["10", "20"])
def test_a_round_of_10_or_20_questions(at, length):
    """Choosing 10 or 20 gives a round of that many questions, which survives a reload of its link."""
    at.segmented_control(key="study_length").set_value(length).run()
    assert f"question 1 of {length}" in _progress_text(at)
    _answer(at, right=True)
    reloaded = run_page(PAGE, {"study_p": at.query_params["study_p"]})
    assert f"question 1 of {length}" in _progress_text(reloaded)
    assert reloaded.segmented_control(key="study_length").value == length


def test_the_generated_case_tally_is_kept_in_the_url():
    """Answering a generated case writes right-answered to study_tally; a reload of it keeps counting."""
    case = casegen.generate(123)
    page = run_page(PAGE, {"study_seed": "123", "study_tally": "2-4"})
    assert "your cases so far: 2 / 4" in page.container(key="study_case").caption[0].value
    page.radio(key="study_case_answer_123").set_value(case.answer).run()
    page.button(key="study_case_check").click().run()
    assert page.query_params["study_tally"] == "3-5"
    again = run_page(PAGE, {"study_seed": "123", "study_tally": page.query_params["study_tally"]})
    assert "your cases so far: 3 / 5" in again.container(key="study_case").caption[0].value


@pytest.mark.parametrize("raw", ["9-3", "<b>1</b>-2", "99999-100000", "1-"])
def test_a_bad_tally_in_the_url_starts_from_zero(raw):
    """A tally that is not right-answered (right <= answered, at most 4 digits) is ignored, quietly."""
    page = run_page(PAGE, {"study_seed": "5", "study_tally": raw})
    assert not page.exception
    assert "your cases so far" not in page.container(key="study_case").caption[0].value


def test_a_generated_case_names_its_kind_only_after_answering():
    """The case's kind ('Surgical candidacy') would cue the answer, so it shows after the check."""
    case = casegen.generate(123)
    page = run_page(PAGE, {"study_seed": "123"})
    label = casegen.KIND_LABELS[case.kind]
    assert label not in page.container(key="study_case").caption[0].value
    page.radio(key="study_case_answer_123").set_value(case.answer).run()
    page.button(key="study_case_check").click().run()
    assert label in page.container(key="study_case").caption[0].value

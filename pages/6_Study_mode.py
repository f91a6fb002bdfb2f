"""Study mode: board-style questions, endless engine-keyed cases, pitfall cards, progress in the URL."""

import re
from dataclasses import replace

import streamlit as st

import pathway
import pathway.study as study
from pathway.model.rules import interpretation_link
from pathway.model.scenario import SCENARIO_FIELDS
from pathway.sources.errors import ContentError
from pathway.sources.source import escape_markdown
from pathway.study import casegen, random_case
from ui import loaders
from ui.case import case_notice
from ui.page import page_header, page_index, page_links

doc = page_header("Study mode", "study", layout="centered")

EXPLORER = "pages/1_Case_explorer.py"
LETTERS = "ABCDE"
PROGRESS_KEY = "study_p"  # the round, answers and place, in the URL (pathway.study.session codec)
SEED_KEY = "study_seed"  # the generated case, in the URL
TALLY_KEY = "study_tally"  # the generated cases answered right and in all, in the URL: "3-5"
LENGTHS = ("10", "20", "All")  # round lengths a learner can choose
TABS = ["Questions", "New case", "Pitfall cards"]


def glossary() -> tuple[study.GlossaryTerm, ...]:
    try:
        return loaders.glossary()
    except ContentError:
        return ()


try:
    BANK = loaders.question_bank()
    SENTENCES = loaders.source_doc().sentences
    CITATIONS = loaders.citations()
except ContentError as exc:
    st.error(f"The questions cannot be shown: {exc}.", icon=":material/error:")
    BANK, SENTENCES, CITATIONS = (), {}, {}
BY_ID = {q.id: q for q in BANK}
EXPLORER_READY = any(e.file == EXPLORER for e in page_index())


def linked_case() -> pathway.Scenario | None:
    """The case this page was opened with (scenario keys in the URL), if any."""
    params = {k: st.query_params.get_all(k) for k in st.query_params if k in SCENARIO_FIELDS}
    if not params:
        return None
    case, _ = pathway.Scenario.from_query(params)
    return case


if any(k in SCENARIO_FIELDS for k in st.query_params):
    case_notice(max_weeks=None)
FOCUS = linked_case()


# --- the round and its URL -------------------------------------------------------------


def save() -> None:
    """Write the round to the URL, so a reload or a shared link comes back to it."""
    st.query_params[PROGRESS_KEY] = study.encode_session(st.session_state.study_session, BANK)


def restore() -> None:
    """The round from the URL if it holds one, else a new round (this case's questions first)."""
    code = st.query_params.get(PROGRESS_KEY)
    if code:
        try:
            st.session_state.study_session = study.decode_session(code, BANK)
        except ValueError as exc:  # the message is pathway's own words, never the URL text
            st.warning(f"Your saved round could not be restored: {exc}. A new round starts.")
        else:
            st.session_state.study_section = st.session_state.study_session.section
            st.session_state.study_length = length_of(st.session_state.study_session)
            return
    st.session_state.study_session = study.StudySession.start(BANK, study.MIXED, focus=FOCUS)
    st.session_state.study_focused = FOCUS is not None
    st.session_state.study_section = study.MIXED
    st.session_state.study_length = "All"


def section_size(section: str) -> int:
    return sum(study.in_section(q, section) for q in BANK)


def length_of(session: study.StudySession) -> str:
    """The round-length choice a round was started with (its order is cut to that length)."""
    if session.retry or len(session.order) >= section_size(session.section):
        return "All"
    return "10" if len(session.order) <= 10 else "20"


def cut(session: study.StudySession, length: str) -> study.StudySession:
    """The first 10 or 20 questions of a fresh round ("All": the whole section)."""
    return session if length == "All" else replace(session, order=session.order[: int(length)])


def forget_choices() -> None:
    for key in [k for k in st.session_state if str(k).startswith("study_answer_")]:
        del st.session_state[key]


def new_round() -> None:
    """A reshuffled round of the chosen section and length; the radio choices of the last one go."""
    section = st.session_state.get("study_section", study.MIXED)
    length = st.session_state.get("study_length") or "All"
    fresh = st.session_state.study_session.restart(BANK, section, focus=FOCUS)
    st.session_state.study_session = cut(fresh, length)
    st.session_state.study_focused = FOCUS is not None
    st.session_state.pop("study_pending", None)
    forget_choices()
    save()


def in_progress(session: study.StudySession) -> bool:
    return session.answered > 0 and not session.finished


def choose_round() -> None:
    """A new section or length: start at once, unless that would throw away answers given.

    Then the choice waits (``study_pending``) and the widgets show the running round until the
    learner confirms; "Keep my round" drops the choice.
    """
    session = st.session_state.study_session
    if not in_progress(session):
        new_round()
        return
    st.session_state.study_pending = (st.session_state.study_section, st.session_state.study_length)
    st.session_state.study_section = session.section
    st.session_state.study_length = length_of(session)


def discard_and_start() -> None:
    section, length = st.session_state.pop("study_pending")
    st.session_state.study_section, st.session_state.study_length = section, length
    new_round()


def keep_round() -> None:
    st.session_state.pop("study_pending", None)


def retry_missed() -> None:
    st.session_state.study_session = st.session_state.study_session.retry_missed()
    forget_choices()
    save()


def check(qid: str) -> None:
    choice = st.session_state.get(f"study_answer_{qid}")
    if choice is not None:
        st.session_state.study_session = st.session_state.study_session.answer(qid, choice)
        save()


def next_question() -> None:
    st.session_state.study_session = st.session_state.study_session.next()
    save()


# --- explanations -----------------------------------------------------------------------


def cited_sources(ids: tuple[str, ...]) -> str:
    return "\n".join(
        f"- **{sid}** · {escape_markdown(SENTENCES[sid].text)}" for sid in ids if sid in SENTENCES
    )


def cited_refs(refs: tuple[str, ...]) -> str:
    return "\n".join(f"- **[{r}]** {escape_markdown(CITATIONS.get(r, ''))}" for r in refs)


def interpretation_links(ids: tuple[str, ...]) -> str:
    titles = study.interpretation_titles()
    return "; ".join(f"{interpretation_link(i)} ({escape_markdown(titles.get(i, ''))})" for i in ids)


def marked_options(options: tuple[str, ...], notes: tuple[str, ...], answer: int, chosen: int) -> str:
    """Every option after answering, lettered, with why it is right or wrong."""
    lines = []
    for i, option in enumerate(options):
        text = f"{LETTERS[i]}. {escape_markdown(option)}"
        note = escape_markdown(notes[i]) if i < len(notes) else ""
        if i == answer:
            head = f"- **{text}** · correct answer" + (" (yours)" if i == chosen else "")
        elif i == chosen:
            head = f"- ~~{text}~~ · your answer"
        else:
            head = f"- {text}"
        lines.append(head + (f"  \n  :gray[{note}]" if note else ""))
    return "\n".join(lines)


def explain(q: study.Question) -> None:
    """The explanation, the takeaway, what it rests on, the terms it uses, the case in the explorer."""
    st.markdown(f"**Explanation.** {escape_markdown(q.explanation)}")
    if q.takeaway:
        st.info(f"**Take-away:** {escape_markdown(q.takeaway)}", icon=":material/lightbulb:")
    if q.interpretations:
        st.caption(
            "Relies on the app's [interpretation](Glossary#interpretation) "
            f"{interpretation_links(q.interpretations)}, listed on the Source pathway page."
        )
    with st.expander(f"Source sentences ({', '.join(q.sources)})" + (" and evidence" if q.refs else "")):
        st.markdown(cited_sources(q.sources))
        if q.refs:
            st.markdown(f"**Evidence**\n\n{cited_refs(q.refs)}")
    terms = study.terms_in(" ".join((q.stem, q.explanation, q.correct_option)), glossary())
    if terms:
        st.markdown("**Glossary:** " + " · ".join(study.glossary_link(t) for t in terms))
    if q.scenario is not None and EXPLORER_READY:
        st.page_link(
            EXPLORER,
            label="Open this case in the Case explorer",
            icon=":material/tune:",
            query_params=pathway.Scenario(**q.scenario).to_query(),
        )


def percent(right: int, total: int) -> str:
    return f"{right / total:.0%}" if total else "-"


def summary(session: study.StudySession) -> None:
    """The end of a round: the score, results per section, and what to do next."""
    total = len(session.order)
    with st.container(border=True, key="study_summary"):
        st.subheader("Round complete")
        if not total:
            # A forged or emptied round (a retry of nothing) still offers the way out.
            st.markdown("No questions in this round.")
            st.button("New round", key="study_new_round", on_click=new_round, icon=":material/restart_alt:")
            return
        st.markdown(
            f"You answered **{session.correct} of {total}** correctly ({percent(session.correct, total)})."
        )
        rows = session.by_section()
        table = "| Section | Right | % |\n|---|---|---|\n" + "\n".join(
            f"| {study.SECTIONS[s]} | {r} / {n} | {percent(r, n)} |" for s, (r, n) in rows.items()
        )
        st.markdown(table)
        weakest = min(rows.items(), key=lambda kv: (kv[1][0] / kv[1][1], -kv[1][1]))
        if weakest[1][0] < weakest[1][1]:
            st.markdown(f"To review first: **{study.SECTIONS[weakest[0]]}**.")
        cols = st.columns(2)
        with cols[0]:
            st.button(
                f"Retry the {len(session.missed)} missed",
                key="study_retry",
                type="primary",
                on_click=retry_missed,
                icon=":material/replay:",
                disabled=not session.missed,
            )
        with cols[1]:
            st.button("New round", key="study_new_round", on_click=new_round, icon=":material/restart_alt:")


def review(session: study.StudySession) -> None:
    missed = session.missed
    with st.expander(f"Review missed questions ({len(missed)})", expanded=False):
        if not missed:
            st.caption("Nothing missed so far.")
        for qid in missed:
            q = BY_ID[qid]
            with st.container(border=True, key=f"study_review_{qid}"):
                st.caption(q.section_label)
                st.markdown(escape_markdown(q.stem))
                st.markdown(marked_options(q.options, q.option_notes, q.answer, session.chosen(qid)))
                explain(q)


@st.fragment
def quiz() -> None:
    session: study.StudySession = st.session_state.study_session
    total = len(session.order)
    done = min(session.position + (0 if session.finished else 1), total)
    label = "Retry of missed questions" if session.retry else "Question"
    with st.container(key="study_score"):
        st.progress(
            session.answered / total if total else 0.0,
            text=f"**Score {session.correct} / {session.answered}** · {label.lower()} {done} of {total}",
        )

    if session.finished:
        summary(session)
    else:
        q = BY_ID[session.current]
        chosen = session.chosen(q.id)
        with st.container(border=True, key="study_question"):
            # The section names the topic, so it shows only after answering (no cueing).
            st.caption(f"{label} {done}" + ("" if chosen is None else f" · {q.section_label}"))
            st.markdown(escape_markdown(q.stem))
            if chosen is None:
                st.radio(
                    "Your answer",
                    range(len(q.options)),
                    index=None,
                    format_func=lambda i: f"{LETTERS[i]}. {escape_markdown(q.options[i])}",
                    key=f"study_answer_{q.id}",
                    label_visibility="collapsed",
                )
                picked = st.session_state.get(f"study_answer_{q.id}") is not None
                st.button(
                    "Check answer",
                    key="study_check",
                    type="primary",
                    on_click=check,
                    args=(q.id,),
                    icon=":material/check:",
                    disabled=not picked,
                    help=None if picked else "Pick an answer first",
                )
            else:
                if session.is_correct(q.id):
                    st.success("**Correct.**", icon=":material/check_circle:")
                else:
                    st.error("**Not quite.** The correct answer is marked below.", icon=":material/cancel:")
                st.markdown(marked_options(q.options, q.option_notes, q.answer, chosen))
                explain(q)
                last = session.position == total - 1
                st.button(
                    "See your result" if last else "Next question",
                    key="study_next",
                    type="primary",
                    on_click=next_question,
                    icon=":material/arrow_forward:",
                )
    review(session)
    st.caption(
        "Your round is saved in this page's address: reload it, bookmark it or send it to a "
        "colleague to come back to the same question and score."
    )
    if not session.finished:
        st.button("Start a new round", key="study_restart", on_click=new_round, icon=":material/restart_alt:")


# --- generated cases --------------------------------------------------------------------


def tally_from_url() -> list[int]:
    """The generated-case tally kept in the URL ("right-answered", e.g. "3-5"); [0, 0] if absent
    or not of that shape. Kept apart from the round's code: one small, strict parser."""
    raw = st.query_params.get(TALLY_KEY, "")
    match = re.fullmatch(r"(\d{1,4})-(\d{1,4})", raw)
    if not match:
        return [0, 0]
    right, answered = int(match[1]), int(match[2])
    return [right, answered] if right <= answered else [0, 0]


def tally_to_url(tally: list[int]) -> None:
    st.query_params[TALLY_KEY] = f"{tally[0]}-{tally[1]}"


def current_seed() -> int:
    """The generated case's seed: from the URL, else a fresh one (then written to the URL)."""
    if "study_case_seed" not in st.session_state:
        raw = st.query_params.get(SEED_KEY)
        seed = None
        if raw is not None:
            try:
                seed = random_case.parse_seed(raw)
            except ValueError as exc:
                st.warning(f"The case in this link could not be opened: {exc}. Here is a new one.")
        st.session_state.study_case_seed = random_case.new_seed() if seed is None else seed
    return st.session_state.study_case_seed


def another_case() -> None:
    st.session_state.study_case_seed = random_case.new_seed()
    st.query_params[SEED_KEY] = str(st.session_state.study_case_seed)


def check_case(seed: int) -> None:
    choice = st.session_state.get(f"study_case_answer_{seed}")
    if choice is None:
        return
    answered = st.session_state.setdefault("study_case_answers", {})
    if seed not in answered:
        answered[seed] = choice
        tally = st.session_state.setdefault("study_case_tally", tally_from_url())
        tally[0] += choice == loaders.generated_case(seed).answer
        tally[1] += 1
        tally_to_url(tally)
    st.query_params[SEED_KEY] = str(seed)


def case_figures(case: casegen.GeneratedCase) -> None:
    """The published figures for this case from the one figure selection (each question's lead
    first, other cohorts labelled), and, where a question has none, why."""
    try:
        a = pathway.evaluate(case.scenario)
        lines = study.case_figures(a)
        gaps = study.case_figure_gaps(a)
    except ContentError as exc:
        st.caption(f"Published figures cannot be shown: {escape_markdown(str(exc))}.")
        return
    if not lines and not gaps:
        st.caption("No published figure describes this case.")
        return
    with st.expander("Published figures that describe this case"):
        if lines:
            st.caption(
                "The figure for this stage, side and age comes first for each question; other "
                "cohorts are labelled so."
            )
            st.markdown("\n".join(f"- {escape_markdown(line)}" for line in lines))
        if gaps:
            st.markdown("\n".join(f"- {escape_markdown(line)}" for line in gaps))


@st.fragment
def new_case() -> None:
    # Inside the fragment: an error raised here would not reach the caller's try.
    try:
        new_case_body()
    except (ValueError, ContentError) as exc:
        st.error(f"A new case cannot be made: {exc}.", icon=":material/error:")


def new_case_body() -> None:
    seed = current_seed()
    case = loaders.generated_case(seed)
    chosen = st.session_state.get("study_case_answers", {}).get(seed)
    if "study_case_tally" not in st.session_state:
        st.session_state.study_case_tally = tally_from_url()
    right, answered = st.session_state.study_case_tally
    with st.container(border=True, key="study_case"):
        # The kind names the topic ("Surgical candidacy"), so it shows only after answering.
        st.caption(
            f"Case {seed}"
            + ("" if chosen is None else f" · {casegen.KIND_LABELS[case.kind]}")
            + (f" · your cases so far: {right} / {answered}" if answered else "")
        )
        st.markdown(escape_markdown(case.vignette))
        st.markdown(f"**{escape_markdown(case.question)}**")
        texts = tuple(o.text for o in case.options)
        if chosen is None:
            st.radio(
                "Your answer",
                range(len(texts)),
                index=None,
                format_func=lambda i: f"{LETTERS[i]}. {escape_markdown(texts[i])}",
                key=f"study_case_answer_{seed}",
            )
            picked = st.session_state.get(f"study_case_answer_{seed}") is not None
            st.button(
                "Check answer",
                key="study_case_check",
                type="primary",
                on_click=check_case,
                args=(seed,),
                icon=":material/check:",
                disabled=not picked,
                help=None if picked else "Pick an answer first",
            )
        else:
            if chosen == case.answer:
                st.success("**Correct.**", icon=":material/check_circle:")
            else:
                st.error("**Not quite.** The correct answer is marked below.", icon=":material/cancel:")
            notes = tuple(o.note for o in case.options)
            st.markdown(marked_options(texts, notes, case.answer, chosen))
            st.markdown(f"**Explanation.** {escape_markdown(case.explanation)}")
            if case.interpretations:
                st.caption(
                    "Relies on the app's [interpretation](Glossary#interpretation) "
                    f"{interpretation_links(case.interpretations)}."
                )
            with st.expander(f"Source sentences ({', '.join(case.sources)})"):
                st.markdown(cited_sources(case.sources))
            case_figures(case)
            if EXPLORER_READY:
                st.page_link(
                    EXPLORER,
                    label="Open this case in the Case explorer",
                    icon=":material/tune:",
                    query_params=case.scenario.to_query(),
                )
    st.button(
        "New case", key="study_case_new", type="primary", on_click=another_case, icon=":material/casino:"
    )
    st.caption(
        "Each case is drawn at random from the cases the pathway covers. Every option is a "
        "statement about this case, checked against the same engine as the Case explorer: the "
        "key is the one the engine makes true, every other option one it makes false (a test "
        "re-checks 10,000 cases). The address holds the case number: share it and a colleague "
        "gets the same case."
    )


# --- pitfall cards ----------------------------------------------------------------------


def turn(card_id: str) -> None:
    st.session_state.study_flipped ^= {card_id}


@st.fragment
def card(c: study.PitfallCard) -> None:
    turned = c.id in st.session_state.setdefault("study_flipped", set())
    with st.container(border=True, key=f"study_card_{c.id}"):
        st.markdown(f"**{escape_markdown(c.title)}**")
        if not turned:
            st.caption("The case · what is going wrong here?")
            st.markdown(escape_markdown(c.case))
        else:
            st.caption("The pitfall")
            st.markdown(f"**{escape_markdown(c.pitfall)}**")
            st.markdown(escape_markdown(c.why))
            st.markdown(f"**Source sentences**\n\n{cited_sources(c.sources)}")
            if c.refs:
                st.markdown(f"**Evidence**\n\n{cited_refs(c.refs)}")
            if EXPLORER_READY:
                st.page_link(
                    EXPLORER,
                    label="See the case in the explorer",
                    icon=":material/tune:",
                    query_params=pathway.Scenario(**c.scenario).to_query(),
                )
        st.button(
            "Turn back" if turned else "Turn over",
            key=f"study_turn_{c.id}",
            icon=":material/flip:",
            on_click=turn,
            args=(c.id,),
        )


questions_tab, case_tab, cards_tab = st.tabs(
    TABS, key="study_tab", bind="query-params", default=TABS[1] if SEED_KEY in st.query_params else None
)
with questions_tab:
    if BANK:
        if "study_session" not in st.session_state:
            restore()
        if FOCUS is not None:
            about = study.questions_for_case(BANK, FOCUS)
            where = "in this round" if st.session_state.get("study_focused") else "in a new round"
            st.info(
                f"Opened with a case: the {len(about)} questions about this case's situation "
                f"come first {where}."
                if about
                else "Opened with a case: none of the questions is about this case's situation.",
                icon=":material/tune:",
            )
        counts = study.section_counts(BANK)
        mixed = sum(n for s, n in counts.items() if s not in study.NOT_MIXED)
        # One row, so the first question's options and "Check answer" fit a 900 px screen.
        pick, length = st.columns([3, 2], vertical_alignment="bottom")
        with pick:
            st.selectbox(
                "Questions from",
                [study.MIXED, *study.SECTIONS],
                format_func=lambda s: (
                    f"All clinical sections, mixed ({mixed})"
                    if s == study.MIXED
                    else f"{study.SECTIONS[s]} ({counts[s]})"
                ),
                key="study_section",
                on_change=choose_round,
            )
        with length:
            st.segmented_control(
                "Round length",
                LENGTHS,
                key="study_length",
                on_change=choose_round,
                required=True,
            )
        pending = st.session_state.get("study_pending")
        if pending:
            with st.container(border=True, key="study_confirm"):
                section, size = pending
                name = "all clinical sections" if section == study.MIXED else study.SECTIONS[section]
                st.warning(
                    f"Start a new round ({size.lower()} questions from {name})? Your current round "
                    f"({st.session_state.study_session.answered} answered) will be discarded.",
                    icon=":material/warning:",
                )
                yes, no = st.columns(2)
                yes.button("Start the new round", key="study_discard", on_click=discard_and_start)
                no.button("Keep my round", key="study_keep", type="primary", on_click=keep_round)
        quiz()
        if doc:
            st.caption(doc.section("Questions"))

with case_tab:
    if doc:
        st.markdown(doc.section("New case"))
    new_case()

with cards_tab:
    if doc:
        st.markdown(doc.section("Pitfall cards"))
    try:
        CARDS = loaders.pitfall_cards()
    except ContentError as exc:
        st.error(f"The pitfall cards cannot be shown: {exc}.", icon=":material/error:")
        CARDS = ()
    for c in CARDS:
        card(c)

page_links(FOCUS, exclude="pages/6_Study_mode.py")

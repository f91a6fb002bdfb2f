"""Study mode: case questions explained from the source and the evidence, pitfall cards, a score."""

import streamlit as st

import pathway
from pathway import study
from pathway.errors import ContentError
from pathway.source import escape_markdown
from ui import common

doc = common.page_header("Study mode", "study", layout="centered")

EXPLORER = "pages/1_Case_explorer.py"


@st.cache_data(show_spinner=False)
def question_bank() -> tuple[study.Question, ...]:
    return study.load_questions()


@st.cache_data(show_spinner=False)
def pitfall_cards() -> tuple[study.PitfallCard, ...]:
    return study.load_pitfall_cards()


@st.cache_data(show_spinner=False)
def citations() -> dict[str, str]:
    return study.load_reference_numbers()


@st.cache_data(show_spinner=False)
def glossary() -> tuple[study.GlossaryTerm, ...]:
    try:
        return study.glossary_terms()
    except ContentError:
        return ()


try:
    BANK = question_bank()
    SENTENCES = common.source_doc().sentences
    CITATIONS = citations()
except ContentError as exc:
    st.error(f"The questions cannot be shown: {exc}.", icon=":material/error:")
    BANK = ()
BY_ID = {q.id: q for q in BANK}
EXPLORER_READY = any(e.file == EXPLORER for e in common.page_index())


def new_round(section: str | None = None) -> None:
    """Start a (re)shuffled round and forget the radio choices of the last one."""
    old = st.session_state.get("study_session")
    section = section or st.session_state.get("study_section", study.MIXED)
    if old is None:
        st.session_state.study_session = study.StudySession.start(BANK, section)
    else:
        st.session_state.study_session = old.restart(BANK, section)
    for key in [k for k in st.session_state if str(k).startswith("study_answer_")]:
        del st.session_state[key]


def check(qid: str) -> None:
    choice = st.session_state.get(f"study_answer_{qid}")
    if choice is not None:
        st.session_state.study_session = st.session_state.study_session.answer(qid, choice)


def next_question() -> None:
    st.session_state.study_session = st.session_state.study_session.next()


def cited_sources(ids: tuple[str, ...]) -> str:
    return "\n".join(
        f"- **{sid}** · {escape_markdown(SENTENCES[sid].text)}" for sid in ids if sid in SENTENCES
    )


def cited_refs(refs: tuple[str, ...]) -> str:
    return "\n".join(f"- **[{r}]** {escape_markdown(CITATIONS.get(r, ''))}" for r in refs)


def explain(q: study.Question) -> None:
    """The explanation, what it rests on, the terms it uses, and the case in the explorer."""
    st.markdown(escape_markdown(q.explanation))
    if q.interpretations:
        named = "; ".join(f"{i} ({study.INTERPRETATION_TITLES[i]})" for i in q.interpretations)
        st.caption(
            f"Relies on the app's [interpretation](Glossary#interpretation) {escape_markdown(named)}, "
            "listed on the Source pathway page."
        )
    st.markdown(f"**Source sentences** ({', '.join(q.sources)})\n\n{cited_sources(q.sources)}")
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


def marked_options(q: study.Question, chosen: int) -> str:
    """The options after answering: the right one and a wrong pick marked by icon and words."""
    lines = []
    for i, option in enumerate(q.options):
        text = escape_markdown(option)
        if i == q.answer:
            lines.append(f"- **{text}** · correct answer" + (" (yours)" if i == chosen else ""))
        elif i == chosen:
            lines.append(f"- ~~{text}~~ · your answer")
        else:
            lines.append(f"- :gray[{text}]")
    return "\n".join(lines)


def review(session: study.StudySession) -> None:
    missed = session.missed
    with st.expander(f"Review missed questions ({len(missed)})", expanded=session.finished and bool(missed)):
        if not missed:
            st.caption("Nothing missed so far.")
        for qid in missed:
            q = BY_ID[qid]
            with st.container(border=True, key=f"study_review_{qid}"):
                st.caption(q.section_label)
                st.markdown(escape_markdown(q.stem))
                st.markdown(f"Your answer: ~~{escape_markdown(q.options[session.chosen(qid)])}~~")
                st.markdown(f"Correct answer: **{escape_markdown(q.correct_option)}**")
                explain(q)


@st.fragment
def quiz() -> None:
    session: study.StudySession = st.session_state.study_session
    total = len(session.order)
    done = min(session.position + (0 if session.finished else 1), total)
    with st.container(key="study_score"):
        st.progress(
            session.answered / total if total else 0.0,
            text=f"**Score {session.correct} / {session.answered}** · question {done} of {total}",
        )

    if session.finished:
        with st.container(border=True, key="study_summary"):
            st.header("Round complete")
            st.markdown(
                f"You answered **{session.correct} of {total}** correctly ({session.correct / total:.0%})."
                if total
                else "No questions in this section."
            )
    else:
        q = BY_ID[session.current]
        chosen = session.chosen(q.id)
        with st.container(border=True, key="study_question"):
            # The id names the point being tested, so it shows only after answering.
            st.caption(q.section_label + ("" if chosen is None else f" · {q.id}"))
            st.markdown(f"**{escape_markdown(q.stem)}**")
            if chosen is None:
                st.radio(
                    "Your answer",
                    range(len(q.options)),
                    index=None,
                    format_func=lambda i: escape_markdown(q.options[i]),
                    key=f"study_answer_{q.id}",
                )
                st.button(
                    "Check answer",
                    key="study_check",
                    type="primary",
                    on_click=check,
                    args=(q.id,),
                    icon=":material/check:",
                    disabled=st.session_state.get(f"study_answer_{q.id}") is None,
                    help="Pick an answer first"
                    if st.session_state.get(f"study_answer_{q.id}") is None
                    else None,
                )
            else:
                st.markdown(marked_options(q, chosen))
                if session.is_correct(q.id):
                    st.success("**Correct.**", icon=":material/check_circle:")
                else:
                    st.error("**Not quite.** The correct answer is marked above.", icon=":material/cancel:")
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
    st.button("Start again", key="study_restart", on_click=new_round, icon=":material/restart_alt:")


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


questions_tab, cards_tab = st.tabs(["Questions", "Pitfall cards"])
with questions_tab:
    if doc:
        st.markdown(doc.section("Questions"))
    if BANK:
        counts = study.section_counts(BANK)
        st.selectbox(
            "Questions from",
            [study.MIXED, *study.SECTIONS],
            format_func=lambda s: (
                f"All sections, mixed ({len(BANK)})"
                if s == study.MIXED
                else f"{study.SECTIONS[s]} ({counts[s]})"
            ),
            key="study_section",
            on_change=new_round,
        )
        if "study_session" not in st.session_state:
            new_round()
        quiz()

with cards_tab:
    if doc:
        st.markdown(doc.section("Pitfall cards"))
    try:
        CARDS = pitfall_cards()
    except ContentError as exc:
        st.error(f"The pitfall cards cannot be shown: {exc}.", icon=":material/error:")
        CARDS = ()
    for c in CARDS:
        card(c)

common.page_links(exclude="pages/6_Study_mode.py")

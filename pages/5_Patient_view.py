"""Patient view, for the visit itself: one screen to decide, then the rest folded away.

The first laptop screen shows where she is now, what is open to her and the signs that need
help right away; then one options table (Option Grid style) answers the same questions for every
open choice. After it: which way she is leaning, what matters to her, a short check of
understanding, the summary to print and a note for the record. Everything else is in closed,
titled sections below.
"""

import streamlit as st

import pathway
from pathway import patient
from pathway.model.scenario import ACTIVITIES, PAIN_LEVELS
from pathway.patient import about, handout, record, teachback
from pathway.patient.drawings import spine_alt
from pathway.patient.grid import grid, grid_html
from pathway.sources.errors import ContentError, EvidenceError
from ui import loaders
from ui import patient as pics
from ui.case import case_notice, control, current_scenario
from ui.page import content, page_header, page_links

doc = page_header(
    "Patient view",
    "patient",
    layout="wide",
    fallback="Your back: a plain guide",
    notice_section="Before you read",
)
st.caption(about.edition_line())
pics.print_styles()


def section(name: str) -> str:
    """A section of content/patient.md, or a short note naming what is missing."""
    if doc is None:
        return ""
    try:
        return doc.section(name)
    except ContentError as exc:
        st.error(f"This part of the page is unavailable: {exc}.", icon=":material/error:")
        return ""


case_notice(audience="patient")

# Her own words for pain and sport. The URL-bound controls (the ones every page shares, in the
# clinician's words) sit in the clinician's part; these two pickers mirror them in her words
# and a change sets the bound control, which writes the link as every page reads it.
PAIN_PICK = {
    "none": "no pain",
    "mild": "pain, but I can do my everyday things",
    "disabling": "limits what I can do",
}
SPORT_PICK = {
    "none": "no sport",
    "recreational": "sport for fun",
    "competitive": "sport in a team or club",
    "professional": "sport is my job",
}
PATIENT_FIELDS = {
    "pain": ("How much pain do you have now?", PAIN_LEVELS, PAIN_PICK),
    "activity": ("Which sport do you want to go back to?", ACTIVITIES, SPORT_PICK),
}
url_case = current_scenario(shown=())


def _to_bound(field: str) -> None:
    st.session_state[field] = st.session_state[f"patient_{field}"]


with st.container(key="patient_case"):
    mine, theirs = st.columns(2, gap="small")
    with mine, st.expander("Change your details"):
        control(
            "weeks_conservative",
            label="How many weeks since your care began?",
            help="Count the weeks since rest, exercises and pain pills started.",
        )
        for field, (question, values, words) in PATIENT_FIELDS.items():
            key = f"patient_{field}"
            bound = st.session_state.get(field, getattr(url_case, field))
            if st.session_state.get(key) != bound:
                st.session_state[key] = bound
            st.selectbox(
                question,
                values,
                format_func=lambda v, words=words: words[v],
                key=key,
                on_change=_to_bound,
                args=(field,),
            )
    with theirs, st.expander("Details for the clinician"):
        formal = content("disclaimer")
        if formal:
            st.caption(formal.intro)
        for field in (
            "formal_pt",
            "laterality",
            "ct_stage",
            "mri_edema",
            "listhesis_grade",
            "age",
            "pain",
            "activity",
        ):
            control(field)

scenario = current_scenario(shown=pathway.SCENARIO_FIELDS)
assessment = pathway.evaluate(scenario)
try:
    refs = loaders.references()
    guide = patient.guide(assessment)
except EvidenceError as exc:
    st.error(f"The numbers cannot be shown: {exc}.", icon=":material/error:")
    refs, guide = {}, patient.guide(assessment, with_numbers=False)
chosen = guide.choices
BADGE = {
    patient.OPEN: "blue",
    patient.ALWAYS: "blue",
    patient.NOT_YET: "orange",
    patient.NOT_NEEDED: "gray",
    patient.NOT_OPEN: "gray",
}

# --- The first screen: where she is, what is open, the emergency signs -------------------
now_col, help_col = st.columns([3, 2], gap="medium")
with now_col:
    st.header("Where you are now")
    st.markdown(f"**{guide.now.what}**")
    with st.container(key="patient_decision"):
        st.markdown(guide.decision)
    st.markdown("**What is open to you**")
    for choice in chosen:
        with st.container(key=f"patient_choice_{choice.card_key}"):
            st.markdown(
                f":{BADGE[choice.status]}-badge[{choice.status.capitalize()}] **{choice.title}**. "
                f"{choice.status_text}"
            )
with help_col, st.container(border=True, key="patient_safety"):
    st.subheader("Go to an emergency department now if")
    st.markdown(section("Go to an emergency department now if"))

# --- One options table --------------------------------------------------------------------
options_grid = grid(guide)
st.header("Your choices side by side")
st.markdown(
    "Each column is a choice open to you now. Each row asks the same question of every choice. "
    "Numbers are how many in 100 people in a study, with when they looked and who they were."
)
pics.options_table(grid_html(options_grid))
not_open = [c for c in chosen if c.status not in (patient.OPEN, patient.ALWAYS)]
if not_open:
    st.caption(
        "Not in the table, because not open now: "
        + " ".join(f"{c.title}: {c.status_text}" for c in not_open)
        + " See 'Numbers for choices that are not open yet' below."
    )

# --- In the visit: leaning, what matters, understanding, the papers ----------------------
open_titles = [c.title for c in options_grid.options]
leaning = None
if len(open_titles) > 1:
    leaning = st.radio(
        "Which way are you leaning now?",
        [*open_titles, "I am not sure yet"],
        index=None,
        horizontal=True,
        key="patient_leaning",
    )
else:
    st.markdown(
        "**Which way are you leaning?** There is no choice to make yet, so there is nothing to lean towards."
    )

st.subheader("What matters to you")
offered = guide.priorities
st.markdown(section("What matters to you"))
picked = st.pills(
    "What matters most to you?",
    list(offered),
    selection_mode="multi",
    format_func=lambda k: offered[k],
    key="patient_priorities",
)
rows = guide.fit_rows(list(picked or []))
if rows:
    st.table(rows)

st.subheader("Check what you understood")
st.caption("A few questions about your own case. There is no score. Your doctor can go over any answer.")
checks = teachback.questions(guide)
answers: dict[str, str | None] = {}
with st.container(key="patient_check"):
    for q in checks:
        answers[q.key] = st.radio(q.ask, q.options, index=None, horizontal=True, key=f"patient_check_{q.key}")
        if answers[q.key] is not None:
            (st.success if answers[q.key] == q.answer else st.info)(
                ("Right. " if answers[q.key] == q.answer else "Not quite. ") + q.why
            )

sure: dict[str, str | None] = {}
if len(open_titles) > 1:
    with st.expander("Are you ready to choose? (four yes-or-no questions)"):
        st.markdown(section("Are you ready to choose?"))
        with st.container(key="patient_sure_questions"):
            for key, question in patient.SURE.items():
                sure[key] = st.segmented_control(question, ["Yes", "No"], key=f"patient_sure_{key}")
        st.markdown(patient.sure_result(sure))

st.subheader("Take it with you")
picks = list(picked or [])
paper_col, note_col = st.columns(2, gap="medium")
with paper_col:
    if doc is not None:
        answers_now, sure_now, page_doc = dict(answers), dict(sure), doc

        def summary() -> str:
            return handout.handout_html(
                assessment,
                doc,
                refs,
                picked=picks,
                sure=sure_now,
                g=guide,
                leaning=leaning,
                answers=answers_now,
            )

        st.download_button(
            "Download a summary to print",
            summary,
            file_name="back-injury-summary.html",
            mime="text/html",
            icon=":material/print:",
            key="patient_download",
            on_click="ignore",
        )
        st.caption(
            "Two A4 pages. It has your case, the table of choices, your picks, the questions to "
            "check what you understood, the warning signs and the studies. It links to nothing else."
        )
with note_col, st.expander("A note for the record (for the clinician)"):
    st.caption("Plain text for the chart. Use the copy button at the top right of the box.")
    st.code(
        record.record_note(assessment, refs, picked=picks, leaning=leaning, answers=answers, g=guide),
        language=None,
        wrap_lines=True,
    )

# --- The rest, folded ---------------------------------------------------------------------
st.header("More about your case")
with st.expander("Your case in full"):
    st.markdown("\n".join(f"- {line}" for line in guide.case))
    st.markdown(guide.now.why)
    if guide.now.steps:
        st.markdown("**The plan now**\n\n" + "\n".join(f"- {step}" for step in guide.now.steps))
    for note in guide.now.notes:
        st.info(note)

with st.expander("What the injury is"):
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.markdown(section("What the injury is"))
    with right:
        st.image(
            loaders.spine_drawing(scenario.listhesis_grade),
            caption="The lower back from the side. The break is marked.",
            width="stretch",
            alt=spine_alt(scenario.listhesis_grade),
        )
    st.caption(spine_alt(scenario.listhesis_grade))

with st.expander("Timeline"):
    st.markdown("\n".join(f"- {line}" for line in guide.steps_ahead))


def number_block(n: patient.Number) -> None:
    st.markdown(f"**{n.headline}**")
    if n.n is None:  # a time: words only, no picture
        text_col = st.container()
    else:
        pic_col, text_col = st.columns([1, 3], gap="small", vertical_alignment="top")
        with pic_col:
            pics.icon_array(n)
    with text_col:
        st.markdown(n.sentence)
        if n.other:
            st.markdown(n.other)
        st.caption(f"{n.who} {n.sure}")


with st.expander("The numbers, as 100 people"), st.container(key="patient_numbers"):
    st.markdown("**How sure are these numbers?**\n\n" + section("How sure are these numbers?"))
    for group in guide.open_groups:
        st.markdown(f"#### {group.title}")
        for n in group.numbers:
            number_block(n)
    if not guide.numbers:
        st.info(f"{patient.NO_FIGURE} fits a case like yours.")
if guide.later_groups:
    with st.expander("Numbers for choices that are not open yet"):
        for group in guide.later_groups:
            st.markdown(f"**{group.title}**")
            for n in group.numbers:
                number_block(n)

with st.expander("Call your doctor soon if, and if the pain gets worse"):
    st.markdown(section("Call your doctor soon if"))
    st.markdown("**If the pain gets worse**\n\n" + section("If the pain gets worse"))
    st.markdown("**Pain pills: take care**\n\n" + section("Pain pills: take care"))

with st.expander("Questions to ask your doctor, and words used here"):
    st.markdown(section("Questions to ask your doctor"))
    st.markdown("**Words used on this page**\n\n" + section("Words used on this page"))

with st.expander("The studies behind the numbers"):
    st.markdown(
        "Each number in square brackets names one of these studies. You or your doctor can look them up."
    )
    study_lines = [about.study_line(refs[r]) for r in guide.page_refs if r in refs]
    st.markdown("\n".join(f"- {line}" for line in study_lines))

with st.expander("About this guide"):
    st.markdown("\n\n".join(" ".join(part) for part in about.ABOUT))
    st.markdown(
        "**How this guide meets the IPDAS standards.** IPDAS is a set of standards for guides that help "
        "people choose a treatment. Each line names one of its 2013 standards and where this guide meets it."
    )
    ipdas_rows = [f"| {c.id} ({c.kind}) | {c.text} | {c.met_by} |" for c in about.IPDAS]
    st.markdown(
        "\n".join(["| Standard | What it asks | Where this guide meets it |", "|---|---|---|", *ipdas_rows])
    )

with st.container(key="patient_links"):
    page_links(scenario, exclude="pages/5_Patient_view.py")

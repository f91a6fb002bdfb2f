"""Patient view: a decision aid in plain words, with pictures of 100 people and a printable summary."""

import streamlit as st

import pathway
from pathway import patient
from pathway.patient import about, handout
from pathway.patient.drawings import spine_alt
from pathway.sources.errors import ContentError, EvidenceError
from ui import loaders
from ui import patient as pics
from ui.case import case_notice, control, current_scenario
from ui.page import content, page_header, page_links

doc = page_header(
    "Patient view",
    "patient",
    layout="centered",
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


case_notice()

# The case: a few plain questions, the rest for the clinician. All bound to the URL.
with st.container(border=True, key="patient_case"):
    st.header("About you")
    control(
        "weeks_conservative",
        label="How many weeks since your care began?",
        help="Count the weeks since rest, exercises and pain pills started.",
    )
    control(
        "pain",
        label="How much pain do you have now?",
        help="Pick 'none' for no pain, 'mild' if you can still do everyday things, and "
        "'limits function' if the pain stops you doing everyday things.",
    )
    control(
        "activity",
        label="Which sport level do you want to go back to?",
        help="'Recreational' means sport for fun. 'Competitive' means a team or club, with games. "
        "'Professional' means sport is your job.",
    )
    with st.expander("Details for the clinician"):
        formal = content("disclaimer")
        if formal:
            st.caption(formal.intro)
        for field in ("formal_pt", "laterality", "ct_stage", "mri_edema", "listhesis_grade", "age"):
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

st.header("Your case")
st.markdown("\n".join(f"- {line}" for line in guide.case))

st.header("What the injury is")
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

st.header("What happens now")
now = guide.now
st.markdown(f"**{now.what}**")
st.markdown(now.why)
if now.steps:
    st.markdown("\n".join(f"- {step}" for step in now.steps))
for note in now.notes:
    st.info(note)

st.header("The choice in front of you")
with st.container(border=True, key="patient_decision"):
    st.markdown(guide.decision)

st.header("Your choices")
st.markdown(
    "Here are the choices side by side, in the same form. Keeping going with the current plan is "
    "always one of them."
)
BADGE = {
    patient.OPEN: "blue",
    patient.ALWAYS: "blue",
    patient.NOT_YET: "orange",
    patient.NOT_NEEDED: "gray",
    patient.NOT_OPEN: "gray",
}
for column, choice in zip(st.columns(len(chosen) or 1, gap="small"), chosen, strict=False):
    with column, st.container(border=True, key=f"patient_choice_{choice.card_key}"):
        st.markdown(f"**{choice.title}**")
        st.markdown(f":{BADGE[choice.status]}-badge[{choice.status.capitalize()}]")
        st.markdown(choice.status_text)
        st.markdown("**What it is like.** " + choice.like["what"])
        st.markdown(
            f"- How long: {choice.like['how long']}\n- Study, work, driving, brace: "
            f"{choice.like['daily life']}"
        )
        if choice.note:
            st.markdown(choice.note)
        st.markdown("**Good points.** " + " ".join(choice.good_lines()))
        st.markdown("**Downsides.** " + " ".join(choice.bad_lines()) + " " + choice.risks)
        if choice.time_lines():
            st.markdown("**Back to sport.** " + " ".join(choice.time_lines()))
        if choice.heal_lines():
            st.markdown("**How long to heal.** " + " ".join(choice.heal_lines()))

st.header("The numbers, as 100 people")


def number_block(n: patient.Number) -> None:
    st.markdown(f"#### {n.headline}")
    if n.n is None:  # a time: words only, no picture
        text_col = st.container()
    else:
        pic_col, text_col = st.columns([1, 2], gap="small", vertical_alignment="top")
        with pic_col:
            pics.icon_array(n)
    with text_col:
        st.markdown(n.sentence)
        if n.other:
            st.markdown(n.other)
        st.caption(f"{n.who} {n.sure}")


def number_group(group: tuple[patient.Number, ...]) -> None:
    """Each question's lead first (the one figure selection's, for this stage, side and age);
    other cohorts folded, each labelled as another group."""
    main = patient.key_numbers(list(group))
    for n in main:
        number_block(n)
    rest = [n for n in group if n not in main]
    if rest:
        with st.expander(f"More numbers from other studies ({len(rest)})"):
            for n in rest:
                number_block(n)


with st.container(key="patient_numbers"):
    for group in guide.open_groups:
        st.subheader(group.title)
        number_group(group.numbers)
    if guide.later_groups:
        with st.expander("Numbers for choices that are not open yet"):
            for group in guide.later_groups:
                st.markdown(f"**{group.title}**")
                for n in group.numbers:
                    number_block(n)
    if not guide.numbers:
        st.info(f"{patient.NO_FIGURE} fits a case like yours.")

st.subheader("How sure are these numbers?")
st.markdown(section("How sure are these numbers?"))

st.header("Timeline")
st.markdown("\n".join(f"- {line}" for line in guide.steps_ahead))

st.header("What matters to you")
st.markdown(section("What matters to you"))
offered = guide.priorities
picked = st.pills(
    "What matters most to you?",
    list(offered),
    selection_mode="multi",
    format_func=offered.get,
    key="patient_priorities",
)
rows = guide.fit_rows(list(picked or []))
if rows:
    st.table(rows)
else:
    st.caption("Pick one or more above to see how each choice fits.")

st.subheader("Are you ready to choose?")
st.markdown(section("Are you ready to choose?"))
sure: dict[str, str | None] = {}
with st.container(key="patient_sure_questions"):
    for key, question in patient.SURE.items():
        sure[key] = st.segmented_control(question, ["Yes", "No"], key=f"patient_sure_{key}")
st.markdown(patient.sure_result(sure))

st.header("Go to an emergency department now if")
with st.container(border=True, key="patient_emergency"):
    st.markdown(section("Go to an emergency department now if"))
st.header("Call a doctor soon if")
with st.container(border=True, key="patient_safety"):
    st.markdown(section("Call a doctor soon if"))
st.subheader("If the pain gets worse")
st.markdown(section("If the pain gets worse"))
st.subheader("Pain pills: take care")
st.markdown(section("Pain pills: take care"))

st.header("Questions to ask your doctor")
st.markdown(section("Questions to ask your doctor"))
with st.expander("Words used on this page"):
    st.markdown(section("Words used on this page"))

st.header("The studies behind the numbers")
st.markdown("Each number in square brackets names one of these studies. You or your doctor can look them up.")
study_lines = [about.study_line(refs[r]) for r in guide.page_refs if r in refs]
st.markdown("\n".join(f"- {line}" for line in study_lines))

st.header("About this guide")
st.markdown(
    "\n\n".join([" ".join(about.WHO_MADE_IT), " ".join(about.FUNDING), " ".join(about.UPDATE_POLICY)])
)
with st.expander("How this guide meets the IPDAS standards"):
    st.markdown(
        "IPDAS is a set of standards for guides that help people choose a treatment. "
        "Each line below names one of its 2013 standards and the part of this guide that meets it."
    )
    rows = [f"| {c.id} ({c.kind}) | {c.text} | {c.met_by} |" for c in about.IPDAS]
    st.markdown(
        "\n".join(["| Standard | What it asks | Where this guide meets it |", "|---|---|---|", *rows])
    )

st.header("Take a summary home")
if doc is not None:
    picks = list(picked or [])
    answers = dict(sure)

    def summary() -> str:
        return handout.handout_html(assessment, doc, refs, picked=picks, sure=answers, g=guide)

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
        "Two pages you can open in any browser and print. It has your case, your numbers and their "
        "studies, your picks, the warning signs and the questions. It links to nothing else. "
        "To print, use this summary: the page itself runs to many sheets."
    )

with st.container(key="patient_links"):
    page_links(scenario, exclude="pages/5_Patient_view.py")

"""Patient view: the same case in plain words, with pictures of 100 people and a printable summary."""

import streamlit as st

import pathway
from pathway import handout
from pathway import patient as words
from pathway.drawings_patient import SPINE_ALT, spine_svg
from pathway.errors import ContentError
from ui import common
from ui import patient as pics

doc = common.page_header("Patient view", "patient", layout="centered", fallback="Your back: a plain guide")


@st.cache_data(show_spinner=False)
def figures() -> dict[str, words.Figure]:
    return words.load_figures()


@st.cache_data(show_spinner=False)
def drawing() -> str:
    return spine_svg()


common.case_notice()

try:
    figs = figures()
except ContentError as exc:
    st.error(f"The numbers cannot be shown: {exc}.", icon=":material/error:")
    figs = {}

# The case: a few plain questions, the rest for the clinician. All bound to the URL.
with st.container(border=True, key="patient_case"):
    st.header("About you")
    common.control(
        "weeks_conservative",
        label="How many weeks since your care began?",
        help="Count the weeks since rest, exercises and pain pills started.",
    )
    common.control(
        "pain",
        label="How much pain do you have now?",
        help="'limits function' means the pain stops you doing everyday things.",
    )
    common.control(
        "activity", label="Which sport level do you want to go back to?", help="Pick the closest one."
    )
    with st.expander("Details for the clinician"):
        for field in ("formal_pt", "laterality", "ct_stage", "mri_edema", "listhesis_grade", "age"):
            common.control(field)

scenario = common.current_scenario(shown=pathway.SCENARIO_FIELDS)
assessment = pathway.evaluate(scenario)
choices = words.choices(assessment, figs)

st.header("What the injury is")
left, right = st.columns([3, 2], gap="medium")
with left:
    if doc:
        st.markdown(doc.section("What the injury is"))
with right:
    st.image(
        drawing(),
        caption="The lower back from the side. The break is marked.",
        width="stretch",
        alt=SPINE_ALT,
    )
with st.expander("Describe the drawing in words"):
    st.markdown(SPINE_ALT)

st.header("What happens now")
now = words.what_happens_now(assessment)
st.markdown(f"### {now.what}")
st.markdown(f"**Why:** {now.why}")
if now.steps:
    st.markdown("\n".join(f"- {step}" for step in now.steps))
for note in now.notes:
    st.info(note, icon=":material/info:")

st.header("Your choices")
if doc:
    st.markdown(doc.section("Your choices"))
BADGE = {words.OPEN: "blue", words.ALWAYS: "green", words.NOT_YET: "orange", words.NOT_NEEDED: "gray"}
for column, choice in zip(st.columns(3, gap="small"), choices, strict=True):
    with column, st.container(border=True, key=f"patient_choice_{choice.key}"):
        st.markdown(f"**{choice.title}**")
        st.markdown(f":{BADGE[choice.status]}-badge[{choice.status.capitalize()}]")
        st.markdown(choice.status_text)
        st.markdown(f"**What it means.** {choice.involves}")
        st.markdown(f"**Back to sport.** {choice.sport}")
        st.markdown(f"**Will it heal?** {choice.healing}")
        st.markdown(f"**Downsides.** {choice.downsides}")

st.header("Chances, shown as 100 people")
if doc:
    st.markdown(doc.section("About the numbers"))
shown, heal_note = handout.handout_figures(assessment, figs)


def icon_block(figure: words.Figure, key: str) -> None:
    text_col, chart_col = st.columns([1, 1], gap="medium", vertical_alignment="center")
    with text_col:
        st.markdown(f"### {figure.n_of_100} out of 100")
        st.markdown(f"people like this {figure.what}.")
        st.caption(f"Who was studied: {figure.population} [{figure.ref}].")
    with chart_col:
        st.altair_chart(
            pics.icon_array(figure),
            width="content",
            key=key,
            alt=f"{figure.n_of_100} out of 100 people {figure.what}",
        )


heal, _ = words.healing_figure(scenario, figs)
main = [f for f in shown if f.id == "rts_conservative" or f is heal]
later = [f for f in shown if f not in main]
for figure in main:
    icon_block(figure, f"patient_icons_{figure.id}")
if heal is None:
    st.info(heal_note, icon=":material/help:")
else:
    st.caption(heal_note)
if later:
    with st.expander("Chances after a shot or an operation"):
        for figure in later:
            icon_block(figure, f"patient_icons_{figure.id}")
with st.expander("The numbers as a table"):
    st.dataframe(pics.figures_table(shown), hide_index=True, width="stretch")

st.header("Timeline")
if doc:
    st.markdown(doc.section("Timeline"))
st.markdown("\n".join(f"- {line}" for line in words.timeline(assessment)))

st.header("What matters to you")
if doc:
    st.markdown(doc.section("What matters to you"))
picked = st.pills(
    "What matters most to you?",
    list(words.PRIORITIES),
    selection_mode="multi",
    format_func=words.PRIORITIES.get,
    key="patient_priorities",
)
rows = words.fit_rows(list(picked or []), choices)
if rows:
    st.table(rows)
else:
    st.caption("Pick one or more above to see how each choice fits.")

if doc:
    st.header("Questions to ask your doctor")
    st.markdown(doc.section("Questions to ask your doctor"))
    with st.expander("Words used on this page"):
        st.markdown(doc.section("Words used on this page"))

st.header("Take a summary home")
if doc:
    disclaimer_text = common.content("disclaimer")
    summary = handout.handout_html(assessment, figs, doc, disclaimer_text.intro if disclaimer_text else "")
    st.download_button(
        "Download a summary to print",
        summary,
        file_name="back-injury-summary.html",
        mime="text/html",
        icon=":material/print:",
        key="patient_download",
        on_click="ignore",
    )
    st.caption("One page you can open in any browser and print. It has no links to anything else.")
    st.caption(doc.section("Where this comes from"))

common.page_links(scenario, exclude="pages/5_Patient_view.py")

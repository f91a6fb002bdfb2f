"""Imaging guide: what each test shows, the fracture stages drawn, and what the stage changes.

Opened with a case in the URL, it opens on that case's CT stage: its drawing, the figure that
applies, and the pathway table for that case at each stage.
"""

import streamlit as st

from pathway.model import treatments as T
from pathway.model.scenario import SCENARIO_FIELDS
from pathway.resident import imaging
from pathway.resident.drawings import DRAWINGS
from pathway.sources.errors import EvidenceError
from pathway.sources.source import escape_markdown
from ui import evidence as ev
from ui import evidence_charts, loaders
from ui.case import case_notice, current_scenario
from ui.page import page_header, page_links

doc = page_header("Imaging guide", "imaging")
EXPLORER = "pages/1_Case_explorer.py"
EVIDENCE = "pages/3_Evidence.py"


def section(name: str) -> None:
    if doc:  # a renamed section shows "[Text missing: content/... has no section ...]"
        st.markdown(doc.section(name))


# The case the page was opened with (a link from another page carries it in the URL).
scenario = None
if any(k in SCENARIO_FIELDS for k in st.query_params):
    case_notice()
    scenario = current_scenario()

case_stage = None
if scenario is not None:
    try:
        case_stage = imaging.case_stage(scenario, loaders.table("union_by_stage").to_dict("records"))
    except EvidenceError as exc:
        st.error(f"The figures for your case are unavailable: {exc}.", icon=":material/error:")
if case_stage is not None:
    with st.container(border=True, key="your_case_stage"):
        st.subheader(f"Your case: CT {case_stage.stage_label}", anchor="your_case")
        if case_stage.drawing is None:
            st.markdown(case_stage.reading)
        else:
            left, right = st.columns([2, 3], gap="medium")
            drawing = DRAWINGS[case_stage.drawing]
            left.image(drawing.svg, width="stretch", alt=f"{drawing.title}: {drawing.caption}")
            with right:
                st.markdown(f"**{drawing.title}.** {drawing.caption}")
                st.markdown(case_stage.reading)
                st.markdown(
                    "**Healing with conservative care, in the studies that describe this case:**\n"
                    + "\n".join(f"- {escape_markdown(line)}" for line in case_stage.figures)
                )
                for extra in (case_stage.nearest, case_stage.adult):
                    if extra:
                        st.markdown(escape_markdown(extra))
                st.page_link(
                    EVIDENCE,
                    label="Your case's cells in the healing grid (Evidence)",
                    icon=":material/bar_chart:",
                    query_params=scenario.to_query(),
                )


st.header("What each test shows", anchor="tests")
for col, name in zip(
    st.columns(3, gap="medium"), ("Plain radiographs with oblique views", "CT", "MRI"), strict=True
):
    with col, st.container(border=True):
        st.subheader(name, anchor=False)
        section(name)

st.header("The stages", anchor="stages")
section("Stages")
try:
    healing = {
        h.stage: h for h in imaging.healing_by_stage(loaders.table("union_by_stage").to_dict("records"))
    }
    healing_error = None
except EvidenceError as exc:
    healing, healing_error = {}, exc
if healing_error:
    st.error(f"The healing figures are unavailable: {healing_error}.", icon=":material/error:")

cols = st.columns(2, gap="large")
for i, drawing in enumerate(DRAWINGS.values()):
    with cols[i % 2], st.container(border=True, key=f"stage_{drawing.key}"):
        yours = case_stage is not None and case_stage.drawing == drawing.key
        st.subheader(drawing.title + (" · your case" if yours else ""), anchor=False)
        st.image(
            drawing.svg, caption=drawing.caption, width="stretch", alt=f"{drawing.title}: {drawing.caption}"
        )
        h = healing.get(drawing.key)
        if h is not None:
            refs = ", ".join(f"[{r}]" for r in h.refs)
            st.markdown(
                f"Healed with conservative care: **{h.unilateral_pct:g}%** with one side broken, "
                f"**{h.bilateral_same_pct:g}%** with both sides at this stage {refs} "
                "(under 18s, Japan)."
            )
            st.page_link(
                EXPLORER,
                label=f"Case explorer with this stage: {h.stage_label}",
                icon=":material/tune:",
                query_params={"ct_stage": h.stage_label},
            )
        elif drawing.key == "terminal":
            section("Old defect")
            if "old_defect" in imaging.CASE_STAGES:
                st.page_link(
                    EXPLORER,
                    label="Case explorer with this stage: old (sclerotic) defect",
                    icon=":material/tune:",
                    query_params={"ct_stage": imaging.label("ct_stage", "old_defect")},
                )
            st.page_link(EVIDENCE, label="Healing grid (Evidence)", icon=":material/bar_chart:")

st.header("Healing by stage", anchor="healing")
section("Healing by stage")
ev.show(
    ev.Figure(
        "stage_healing",
        ("union_by_stage",),
        "The further the fracture has gone, the less often it heals, above all on both sides",
        "590 patients under 18 in Japan [2]",
        "Bar chart: healing with conservative care by the source's CT stage, one side vs both "
        "sides at the same stage: stress reaction 98.2% and 100%, incomplete fracture 96.0% "
        "and 82.9%, complete fracture 64.3% and 23.7% [2].",
        evidence_charts.stage_healing_chart,
    )
)

st.header("What the stage changes in the pathway", anchor="pathway")
section("What the stage changes in the pathway")
if scenario is not None:
    st.caption(
        "Applied to your case (its weeks, therapy, pain, side, slip, activity and age) at each "
        "CT stage, instead of the teaching case."
    )
rows = loaders.stage_pathway(scenario)
lines = []
for r in rows:
    yours = " (your case)" if scenario and r.stage == scenario.ct_stage else ""
    lines.append(
        f"**CT {escape_markdown(r.stage_label)}{yours}** · imaging criterion (S24): "
        f"{'met' if r.imaging_confirmed else 'not met'} · direct repair: "
        f"{'can be considered' if T.DIRECT_PARS_REPAIR in r.options else 'not open'}  \n"
        f"{escape_markdown(r.summary)}"
    )
with st.container(key="imaging_stage_table"):
    # One short paragraph per stage: a four-column table of sentences is unreadable on a phone.
    st.markdown("\n\n".join(lines))
link_cols = st.columns(2)
for i, r in enumerate(rows):
    with link_cols[i % 2]:
        st.page_link(
            EXPLORER,
            label=f"This case in the explorer: {r.stage_label}",
            icon=":material/tune:",
            query_params=r.query,
        )

page_links(scenario, exclude="pages/4_Imaging_guide.py")

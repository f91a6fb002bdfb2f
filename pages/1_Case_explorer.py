"""Case explorer: set up a case and see where it stands on the pathway, why, and when."""

import pandas as pd
import streamlit as st

import pathway
from pathway import diagram, timeline
from pathway.errors import ContentError
from pathway.presets import PRESETS, PRESETS_BY_ID
from pathway.source import source_markdown
from ui import common
from ui.charts import timeline_records, timeline_spec

doc = common.page_header("Case explorer", "explorer")
common.case_notice()

FIELDS = pathway.SCENARIO_FIELDS


def apply_preset(preset_id: str) -> None:
    scenario = PRESETS_BY_ID[preset_id].scenario
    for field in FIELDS:
        st.session_state[field] = getattr(scenario, field)


def ids(sources) -> str:
    return " ".join(f"`{s}`" for s in sources)


def presets() -> None:
    """Outside the fragment: a preset sets every control, so a full rerun is right."""
    with st.container(key="explorer_presets"):
        st.markdown("**Teaching presets**")
        # One row of columns per four presets, so phones (where columns stack) keep the order.
        for start in range(0, len(PRESETS), 4):
            cols = st.columns(4)
            for col, preset in zip(cols, PRESETS[start : start + 4], strict=False):
                col.button(
                    preset.title,
                    key=f"explorer_preset_{preset.id}",
                    on_click=apply_preset,
                    args=(preset.id,),
                    help=preset.teaches,
                    width="stretch",
                )


@st.fragment
def explorer() -> None:
    with st.container(border=True, key="explorer_controls"):
        st.markdown("**The case**")
        c1, c2, c3 = st.columns(3)
        with c1:
            common.control("weeks_conservative")
            weeks = st.session_state.get("weeks_conservative", 0)
            st.caption(f"= {pathway.weeks_to_months(weeks):.1f} months")
            common.control("formal_pt")
            common.control("pain")
        with c2:
            common.control("laterality")
            common.control("ct_stage")
            common.control("mri_edema")
        with c3:
            common.control("listhesis_grade")
            common.control("activity")
            common.control("age")
    scenario = common.current_scenario(FIELDS)
    a = pathway.evaluate(scenario)
    main, side = st.columns([3, 2], gap="large")
    with main:
        results(a)
    with side:
        source_column(a)


def results(a: pathway.Assessment) -> None:
    st.header("Where the case stands", anchor="where")
    st.info(a.summary, icon=":material/my_location:")

    st.header("Return-to-activity windows", anchor="windows")
    said = timeline.summary(a)
    st.vega_lite_chart(
        timeline_spec(a),
        width="stretch",
        key="explorer_timeline",
        alt="Return-to-activity windows in months: " + said,
    )
    st.caption(said)
    with st.expander("The chart as a table"):
        bands, marks = timeline_records(a)
        # st.table: a static table is far lighter to redraw on every slider move than a grid.
        st.table(
            pd.DataFrame(bands)[["row", "start", "end", "refs", "note"]].rename(
                columns={"row": "window", "start": "from month", "end": "to month", "note": "who / note"}
            ),
            hide_index=True,
        )
        st.table(pd.DataFrame(marks)[["text", "month"]].rename(columns={"text": "marker"}), hide_index=True)
    if doc:
        with st.expander("How to read the chart"):
            st.markdown(doc.section("Reading the chart"))

    st.header("Options", anchor="options")
    now, later = st.columns(2)
    with now, st.container(key="explorer_open"):
        st.markdown("**Open now**")
        for step in a.open_steps:
            st.markdown(f"**{step.label}**: {step.reason} {ids(step.sources)}")
    with later, st.container(key="explorer_closed"):
        st.markdown("**Not open yet, or not needed**")
        for step in a.closed_steps:
            when = f" *Opens at week {step.opens_at_week} at the earliest.*" if step.opens_at_week else ""
            st.markdown(f"**{step.label}**: {step.reason}{when} {ids(step.sources)}")

    st.header("Surgical candidacy: the source's four criteria", anchor="criteria")
    with st.container(border=True, key="explorer_criteria"):
        for c in a.criteria_detail:
            mark = ":green[**Met**]" if c.met else ":red[**Not met**]"
            st.markdown(f"{mark} · {c.wording} — {c.detail} {ids(c.sources)}")
        verdict = "a surgical candidate" if a.surgical_candidate else "not a surgical candidate"
        st.markdown(f"**All four must hold: this case is {verdict}.**")

    if a.alerts:
        st.header("Pitfalls and cautions", anchor="pitfalls")
        with st.container(key="explorer_alerts"):
            for alert in a.alerts:
                st.warning(f"{alert.text} {ids(alert.sources)}", icon=":material/warning:")

    st.header("The pathway", anchor="diagram")
    st.graphviz_chart(diagram.pathway_dot(a), width="stretch")
    st.caption(diagram.describe(a))

    st.header("What would change this", anchor="changes")
    st.markdown("\n".join(f"- {line}" for line in a.changes))
    common.glossary_links(
        " ".join(
            [a.summary, diagram.describe(a)]
            + [s.label + " " + s.reason for s in a.open_steps + a.closed_steps]
            + [c.wording for c in a.criteria_detail]
            + [al.text for al in a.alerts]
        )
    )

    st.markdown("**Open this case in**")
    common.page_links(a.scenario, exclude="pages/1_Case_explorer.py", sidebar=False)


def source_column(a: pathway.Assessment) -> None:
    st.header("The source, alongside", anchor="source")
    try:
        source = common.source_doc()
    except ContentError as exc:
        st.error(f"The source pathway cannot be shown: {exc}.", icon=":material/error:")
        return
    highlighted = frozenset(a.sources)
    only = st.toggle("Only sections with highlighted sentences", value=False, key="explorer_source_only")
    sections = None
    if only:
        sections = tuple({source.sentences[s].section for s in highlighted if s in source.sentences})
    st.caption(
        f"{len(highlighted)} sentences behind this assessment are highlighted (▶). "
        + " ".join(f"`{s}`" for s in a.sources)
    )
    with st.container(border=True, height=900, key="explorer_source"):
        st.markdown(source_markdown(source, highlighted, show_ids=True, sections=sections, top=3))


presets()
explorer()
common.page_links(None, inline=False)

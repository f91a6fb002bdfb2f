"""Case explorer: set up a case and see where it stands on the pathway, why, and when."""

import pandas as pd
import streamlit as st

import pathway
from pathway import diagram, provenance, timeline
from pathway.card import candidacy, card
from pathway.errors import ContentError
from pathway.presets import PRESETS, PRESETS_BY_ID, sets
from ui import common
from ui.charts import defect_records, merged_markers, timeline_records, timeline_spec

doc = common.page_header("Case explorer", "explorer")
common.case_notice()

FIELDS = pathway.SCENARIO_FIELDS


def apply_preset(preset_id: str) -> None:
    scenario = PRESETS_BY_ID[preset_id].scenario
    for field in FIELDS:
        st.session_state[field] = common.widget_value(field, getattr(scenario, field))
    st.session_state.pop("explorer_focus", None)
    st.session_state["explorer_presets_open"] = False


def ids(thing) -> str:
    """The sentence ids, then the app's interpretation ids, of a step, criterion or caution."""
    found = list(thing.sources) + list(provenance._interp(thing))
    return " ".join(f"`{i}`" for i in found)


def presets() -> None:
    """Outside the fragment: a preset sets every control, so a full rerun is right.

    In an expander so the controls and the answer stay above the fold; each preset shows its
    full title (the button wraps, never an ellipsis) and every value it sets, no hover needed.
    Loading one closes the expander, so the new answer is in view.
    """
    with (
        st.expander(
            f"Teaching presets ({len(PRESETS)}): cases that set every control",
            key="explorer_presets_open",
            on_change="rerun",
            icon=":material/school:",
        ),
        st.container(horizontal=True, wrap=True, gap="small", key="explorer_presets"),
    ):
        for preset in PRESETS:
            with st.container(border=True, width=236, gap=None, key=f"explorer_preset_card_{preset.id}"):
                st.button(
                    preset.title,
                    key=f"explorer_preset_{preset.id}",
                    on_click=apply_preset,
                    args=(preset.id,),
                    help=preset.teaches,
                    type="tertiary",
                    wrap=True,
                )
                st.caption(sets(preset.scenario))


@st.fragment
def explorer(menu) -> None:
    left, right = st.columns(2, gap="medium")
    with left, st.container(border=True, key="explorer_controls"):
        # Weeks first and full width: the control moved most, and more pixels per week.
        common.control("weeks_conservative")
        weeks = st.session_state.get("weeks_conservative", 0)
        st.caption(f"Week {weeks} = {pathway.weeks_to_months(weeks):.1f} months")
        c1, c2 = st.columns(2)
        with c1:
            common.control("formal_pt")
            common.control("pain")
            common.control("laterality")
            common.control("activity")
        with c2:
            common.control("ct_stage")
            common.control("mri_edema")
            common.control("listhesis_grade")
            common.control("age")
    scenario = common.current_scenario(FIELDS)
    a = pathway.evaluate(scenario)
    with right:
        result_card(a)
    chart(a)
    main, side = st.columns([3, 2], gap="large")
    with main:
        details(a)
    with side:
        source_column(a)
    # The menu lives in the sidebar but is drawn here, so its links carry the case as it is now.
    with menu:
        common.page_links(a.scenario, inline=False)


def result_card(a: pathway.Assessment) -> None:
    """The answer at a glance: where the case stands, what is open, candidacy, the top caution."""
    c = card(a)
    lines = [
        "**Where the case stands**",
        "",
        c.stands,
        "",
        "**Open now:** " + "; ".join(c.open_now) + ".",
        "",
        "**Surgical candidacy:** " + c.candidacy,
    ]
    if c.caution:
        lines += ["", f":material/warning: **Top caution:** {c.caution.text} {ids(c.caution)}"]
    with st.container(border=True, key="explorer_card"):
        st.markdown("\n".join(lines))


def chart(a: pathway.Assessment) -> None:
    st.subheader("Return-to-activity windows, and healing for this defect", anchor="windows")
    said = timeline.summary(a)
    chances, unions, defect_said = defect_records(a)
    st.vega_lite_chart(
        timeline_spec(a),
        width="stretch",
        key="explorer_timeline",
        alt=f"Return-to-activity windows in months: {said} {defect_said}",
    )
    st.caption(f"{said}\n\n{defect_said}")
    with st.expander("The chart as a table"):
        bands, marks = timeline_records(a)
        # st.table: a static table is far lighter to redraw than a grid; months to one decimal.
        one = "{:.1f}".format
        table = pd.DataFrame(bands)[["row", "start", "end", "refs", "note"]]
        table["start"], table["end"] = table["start"].map(one), table["end"].map(one)
        st.table(
            table.rename(
                columns={"row": "window", "start": "from month", "end": "to month", "note": "who / note"}
            ),
            hide_index=True,
        )
        table = pd.DataFrame(merged_markers(marks))[["text", "month"]]
        table["month"] = table["month"].map(one)
        st.table(table.rename(columns={"text": "marker"}), hide_index=True)
        if chances:
            table = pd.DataFrame(chances)[["row", "percent", "population", "refs", "caveats"]]
            table["percent"] = table["percent"].map(one)
            st.table(
                table.rename(columns={"row": "healing (published)", "caveats": "differs from this case"}),
                hide_index=True,
            )
        if unions:
            table = pd.DataFrame(unions)[["text", "population", "refs"]]
            st.table(table.rename(columns={"text": "time to union (published)"}), hide_index=True)
        if doc:
            st.markdown(doc.section("Reading the chart"))


def details(a: pathway.Assessment) -> None:
    """Everything behind the card, one Markdown block per section (few elements to redraw)."""
    st.subheader("Options", anchor="options")
    now, later = st.columns(2)
    with now, st.container(key="explorer_open"):
        lines = ["**Open now**", ""]
        for step in a.open_steps:
            lines.append(f"- :material/check_circle: **{step.label}**: {step.reason} {ids(step)}")
            if step.option == "direct_pars_repair":
                names = "; ".join(f"{text} `{sid}`" for sid, text in provenance.REPAIR_TECHNIQUES)
                lines.append(f"  - Techniques the source names: {names}.")
        st.markdown("\n".join(lines))
    with later, st.container(key="explorer_closed"):
        lines = ["**Not open yet, or not needed**", ""]
        for step in a.closed_steps:
            when = f" *Opens at week {step.opens_at_week} at the earliest.*" if step.opens_at_week else ""
            lines.append(f"- :material/schedule: **{step.label}**: {step.reason}{when} {ids(step)}")
        st.markdown("\n".join(lines))

    st.subheader("Surgical candidacy: the source's four criteria", anchor="criteria")
    with st.container(border=True, key="explorer_criteria"):
        lines = []
        for c in a.criteria_detail:
            mark = ":green[:material/check_box: **Met**]" if c.met else ":red[:material/close: **Not met**]"
            lines.append(f"- {mark} · {c.wording} — {c.detail} {ids(c)}")
        lines += ["", f"**All four must hold: {candidacy(a)}**"]
        st.markdown("\n".join(lines))

    if a.alerts:
        st.subheader("Pitfalls and cautions", anchor="pitfalls")
        with st.container(key="explorer_alerts"):
            st.warning(
                "\n".join(f"- {al.text} {ids(al)}" for al in a.alerts),
                icon=":material/warning:",
            )

    st.subheader("The pathway", anchor="diagram")
    pathway_diagram(diagram.pathway_dot(a), diagram.describe(a))

    st.subheader("What would change this", anchor="changes")
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


def pathway_diagram(dot: str, described: str) -> None:
    st.graphviz_chart(dot, width="stretch", alt=described)
    st.caption(described)


def source_column(a: pathway.Assessment) -> None:
    st.subheader("The source, alongside", anchor="source")
    try:
        source = common.source_doc()
    except ContentError as exc:
        st.error(f"The source pathway cannot be shown: {exc}.", icon=":material/error:")
        return
    provenance_panel(a, source)


@st.fragment
def provenance_panel(a: pathway.Assessment, source) -> None:
    """Pick a step, criterion or caution: only its sentences are lit, and shown first.

    Its own fragment: a pick reruns this column only, not the page.
    """
    all_items = {item.key: item for item in provenance.items(a)}
    picked = st.pills(
        "Show the sentences behind",
        list(all_items),
        format_func=lambda k: all_items[k].label,
        key="explorer_focus",
        help="Pick a step, criterion or caution; pick it again to see everything behind the case.",
    )
    item = all_items.get(picked)
    marked = provenance.marks(a, item.key if item else None)
    sections = None
    if item:
        wanted = [source.sentences[s] for s in item.sources if s in source.sentences]
        sections = tuple(dict.fromkeys(s.section for s in wanted))
        quoted = "\n".join(f"> `{s.id}` {common.escape_markdown(s.text)}" for s in wanted)
        interp = ""
        if item.interpretations:
            interp = "\n\nThe app's reading: " + ", ".join(
                f"[{i}](Source_pathway#{i.lower()})" for i in item.interpretations
            )
        st.markdown(f"**Behind {item.label}:**\n\n{quoted}{interp}")
    else:
        only = st.toggle("Only sections with highlighted sentences", value=False, key="explorer_source_only")
        if only:
            sections = tuple(
                dict.fromkeys(source.sentences[s].section for s in marked if s in source.sentences)
            )
        lit = sorted(s for s, style in marked.items() if style == "open")
        greyed = sorted(s for s, style in marked.items() if style == "closed")
        st.caption(
            f"{len(lit)} sentences behind what applies now are highlighted (▶); "
            f"{len(greyed)} behind steps not open yet or criteria not met are grey (○)."
        )
    with st.container(border=True, height=700, key="explorer_source"):
        st.markdown(provenance.marked_source(source, marked, sections))


presets()
explorer(st.sidebar.container())

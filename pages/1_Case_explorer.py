"""Case explorer: set up a case and see where it stands on the pathway, why, and when."""

import pandas as pd
import streamlit as st

import pathway
from pathway.model.presets import PRESETS, PRESETS_BY_ID, sets
from pathway.resident import diagram, provenance
from pathway.resident.card import assess, candidacy
from pathway.resident.week_table import merged_markers
from pathway.sources.errors import ContentError
from pathway.sources.source import escape_markdown
from ui import loaders, weeks
from ui.case import case_notice, control, current_scenario, widget_value
from ui.charts import defect_records, healing_spec_shipped, timeline_records
from ui.page import glossary_links, glossary_terms, page_header, page_links

doc = page_header("Case explorer", "explorer")
case_notice()

FIELDS = pathway.SCENARIO_FIELDS


def apply_preset(preset_id: str) -> None:
    scenario = PRESETS_BY_ID[preset_id].scenario
    for field in FIELDS:
        st.session_state[field] = widget_value(field, getattr(scenario, field))
    st.session_state.pop("explorer_focus", None)
    st.session_state["explorer_presets_open"] = False


def ids(thing) -> str:
    """A step's, criterion's or caution's sentence ids, then the app's interpretations it rests
    on, each linking to its entry on the Source page."""
    sources = " ".join(f"`{s}`" for s in thing.sources)
    readings = " ".join(f"[`{i}`](Source_pathway#{i.lower()})" for i in provenance._interp(thing))
    return f"{sources} {readings}".strip()


def presets() -> None:
    """Outside the fragment: a preset sets every control, so a full rerun is right.

    In an expander so the controls and the answer stay above the fold; each preset shows its
    full title (the button wraps, never an ellipsis) and every value it sets, no hover needed.
    Loading one closes the expander, so the new answer is in view.
    """
    box = st.expander(
        f"Teaching presets ({len(PRESETS)}): cases that set every control",
        key="explorer_presets_open",
        on_change="rerun",
        icon=":material/school:",
    )
    # Drawn only while open (opening it reruns the page): closed, its 7 cards would be 23
    # elements the browser reconciles on every slider move.
    if not box.open:
        return
    with box:
        # A grid reflows the cards with the width: three or four on a desktop, one on a phone.
        grid = st.grid("auto", min_column_width=220, key="explorer_presets")
        for preset in PRESETS:
            with grid.container(border=True, gap=None, key=f"explorer_preset_card_{preset.id}"):
                st.button(
                    preset.title,
                    key=f"explorer_preset_{preset.id}",
                    on_click=apply_preset,
                    args=(preset.id,),
                    help=preset.teaches,
                    type="secondary",
                    width="stretch",
                    wrap=True,
                )
                st.caption(sets(preset.scenario))


def case() -> pathway.Assessment:
    """The case the controls hold now (each fragment reads it: they rerun on their own)."""
    return assess(current_scenario(FIELDS))


PARTS = {
    # What each lower fragment draws from, to tell whether a change must redraw it.
    "explorer_healing": lambda a: defect_records(a),
    "explorer_details": lambda a: (a.open_steps, a.closed_steps, a.criteria_detail, a.alerts, a.changes),
    "explorer_diagram": lambda a: diagram.pathway_dot(a),
    "explorer_changes": lambda a: (a.changes, glossary_terms(glossary_text(a))),
    "explorer_source": lambda a: (*provenance.items(a), a.sources),
}


def stale(a: pathway.Assessment) -> list[str]:
    """The lower fragments whose content differs from what they last drew."""
    drawn = st.session_state.get("_explorer_drawn", {})
    return [key for key, part in PARTS.items() if drawn.get(key) != part(a)]


def week_committed() -> None:
    """A move of the weeks control settled (the browser has drawn it already): the URL takes
    the week, so the deep link, the links and Back carry it; the URL fragment (and the chart's table)
    reruns, and the lower fragments only if what they draw changed (a threshold crossed)."""
    value = weeks.reported_week()
    if value is None:
        return
    st.session_state["weeks_conservative"] = value
    # Not the component's own fragment: it has drawn the week already, and resending its
    # table (~130 kB) would be work for nothing.
    st.rerun(["explorer_weeks_url", *stale(case())])


def control_moved() -> None:
    """Any other control moved: the weeks fragment (card, chart) and the lower fragments whose
    content changed rerun; the controls' own fragment does not (its widgets show their values)."""
    st.rerun(["explorer_top", "explorer_weeks_url", *stale(case())])


def drawn(key: str, a: pathway.Assessment, part=None) -> None:
    """Record what a lower fragment drew from (for stale()); ``part`` if it has it already."""
    st.session_state.setdefault("_explorer_drawn", {})[key] = PARTS[key](a) if part is None else part


@st.fragment(key="explorer_top")
def explorer_top() -> None:
    """The weeks control, the card and the chart, drawn in the browser from the case's table
    of weeks (ui/weeks.py): a move redraws there, with no rerun; a settled move reruns this
    fragment (and the table below the chart, when open)."""
    a = case()
    try:
        sentences = {k: v.text for k, v in loaders.source_doc().sentences.items()}
    except ContentError:
        sentences = {}
    weeks.weeks_timeline(a.scenario, sentences, on_change=week_committed)


@st.fragment(key="explorer_weeks_url")
def explorer_weeks_url() -> None:
    """What a settled week move reruns: the week's URL binding and the chart's table."""
    weeks.url_binding()
    chart_table(case())


@st.fragment(key="explorer_controls_rest")
def explorer_controls() -> None:
    # Four a row on a desktop (two rows), two a row on a phone: the answer stays near.
    grid = st.grid("auto", min_column_width=150, key="explorer_controls_grid")
    # Shorter labels than the shared ones, so none is cut off in a narrow column.
    short = {"formal_pt": "Formal PT done", "listhesis_grade": "Meyerding slip grade"}
    for field in (
        "formal_pt",
        "pain",
        "laterality",
        "activity",
        "ct_stage",
        "mri_edema",
        "listhesis_grade",
        "age",
    ):
        with grid.container():
            control(field, label=short.get(field), on_change=control_moved)


@st.fragment(key="explorer_healing")
def explorer_healing() -> None:
    """What the figures say for this defect: changes with stage, side, slip, age, not weekly."""
    a = case()
    spec = healing_spec_shipped(a)
    _, _, said = defect_records(a)
    if spec:
        st.vega_lite_chart(
            spec, width="stretch", key="explorer_healing_chart", alt="Healing for this defect: " + said
        )
    st.caption(said)
    drawn("explorer_healing", a)


@st.fragment(key="explorer_details")
def explorer_details() -> None:
    a = case()
    details(a)
    drawn("explorer_details", a)


@st.fragment(key="explorer_diagram")
def explorer_diagram() -> None:
    """Graphviz is the slowest thing to redraw: only when the position on the pathway changes."""
    a = case()
    st.header("The pathway", anchor="diagram")
    st.graphviz_chart(diagram.pathway_dot(a), width="stretch", alt=diagram.describe(a))
    st.caption(diagram.describe(a))
    drawn("explorer_diagram", a)


def glossary_text(a: pathway.Assessment) -> str:
    return " ".join(
        [a.summary, diagram.describe(a)]
        + [s.label + " " + s.reason for s in a.open_steps + a.closed_steps]
        + [c.wording for c in a.criteria_detail]
        + [al.text for al in a.alerts]
    )


@st.fragment(key="explorer_changes")
def explorer_changes() -> None:
    a = case()
    part = PARTS["explorer_changes"](a)
    changes, terms = part
    st.header("What would change this", anchor="changes")
    st.markdown("\n".join(f"- {line}" for line in changes))
    glossary_links(terms)
    drawn("explorer_changes", a, part)


@st.fragment(key="explorer_source")
def explorer_source() -> None:
    a = case()
    source_column(a)
    drawn("explorer_source", a)


def chart_table(a: pathway.Assessment) -> None:
    """The chart's rows as tables (the chart's own text alternative is its summary)."""
    chances, unions, _ = defect_records(a)
    # Drawn only while open (it reruns the fragment when opened).
    box = st.expander("The chart as a table", key="explorer_table_open", on_change="rerun")
    if not box.open:
        return
    with box:
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


def details(a: pathway.Assessment) -> None:
    """Everything behind the card, one Markdown block per section (few elements to redraw)."""
    st.header("Options", anchor="options")
    lines = ["**Open now**", ""]
    lines += [f"- **{step.label}**: {step.reason} {ids(step)}" for step in a.open_steps]
    with st.container(key="explorer_open"):
        st.markdown("\n".join(lines))
    lines = ["**Not open yet, or not needed**", ""]
    for step in a.closed_steps:
        when = f" *Opens at week {step.opens_at_week} at the earliest.*" if step.opens_at_week else ""
        lines.append(f"- **{step.label}**: {step.reason}{when} {ids(step)}")
    with st.container(key="explorer_closed"):
        st.markdown("\n".join(lines))

    st.header("Surgical candidacy: the source's four criteria", anchor="criteria")
    with st.container(border=True, key="explorer_criteria"):
        lines = []
        for c in a.criteria_detail:
            mark = ":green[**Met**]" if c.met else ":red[**Not met**]"
            lines.append(f"- {mark} · {c.wording} — {c.detail} {ids(c)}")
        lines += ["", f"**All four must hold: {candidacy(a)}**"]
        st.markdown("\n".join(lines))

    if a.alerts:
        st.header("Pitfalls and cautions", anchor="pitfalls")
        with st.container(key="explorer_alerts"):
            st.warning(
                "\n".join(f"- {al.text} {ids(al)}" for al in a.alerts),
                icon=":material/warning:",
            )


def source_column(a: pathway.Assessment) -> None:
    st.header("The source, alongside", anchor="source")
    try:
        source = loaders.source_doc()
    except ContentError as exc:
        st.error(f"The source pathway cannot be shown: {exc}.", icon=":material/error:")
        return
    provenance_panel(a, source)


def provenance_panel(a: pathway.Assessment, source) -> None:
    """Pick a step, criterion or caution: only its sentences are lit, and shown first.

    In the source column's own fragment: a pick reruns this column only, not the page.
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
        quoted = "\n".join(f"> `{s.id}` {escape_markdown(s.text)}" for s in wanted)
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


# The menu: its links carry the case from the address bar (live), so no move redraws them.
page_links(inline=False, live=True)
presets()
with st.container(border=True, key="explorer_controls"):
    explorer_controls()
explorer_top()
explorer_weeks_url()
if doc:
    # Static, and drawn only while open: not part of any slider move.
    help_box = st.expander("How to read the chart", key="explorer_chart_help", on_change="rerun")
    # A missing section is named at once, not only when someone opens the box.
    if help_box.open or "Reading the chart" not in doc.sections:
        with help_box:
            st.markdown(doc.section("Reading the chart"))
explorer_healing()
main, side = st.columns([3, 2], gap="large")
with main:
    explorer_details()
    explorer_diagram()
    explorer_changes()
    st.markdown("**Open this case in**")
    page_links(exclude="pages/1_Case_explorer.py", sidebar=False, live=True)
with side:
    explorer_source()

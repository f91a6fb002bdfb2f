"""Evidence: published figures behind each step, with references, populations and flags.

Only the open tab is drawn (the tabs are bound to the URL, so a tab click reruns the page
and ``.open`` says which one is showing); each chart's spec is cached in ui.evidence. Opened
with a case in the URL, the page outlines the case's cells and says what they show.
"""

import pandas as pd
import streamlit as st

import pathway
from pathway.model import treatments as T
from pathway.model.scenario import SCENARIO_FIELDS
from pathway.resident import evidence_case
from pathway.sources import comparisons
from pathway.sources.errors import ContentError, EvidenceError
from ui import evidence as ev
from ui import evidence_charts, loaders, outcome_charts
from ui.case import case_notice, current_scenario
from ui.page import page_header, page_links

doc = page_header("Evidence", "evidence")


def section_text(name: str) -> None:
    if doc:  # a renamed section shows "[Text missing: content/... has no section ...]"
        st.markdown(doc.section(name))


FIGURES = {
    "union_by_stage": ev.Figure(
        "union_by_stage",
        ("union_by_stage",),
        "One-sided defects: healing falls from over 90% to about 64% as the stage advances",
        "590 patients under 18 in Japan [2]; cross-check in 142 adolescents with oedema [3]",
        "Bar chart: healing with conservative care by CT stage for one-sided defects, "
        "98.2% very early, 96.0% early, 64.3% progressive [2].",
        evidence_charts.union_by_stage_chart,
        case_aware=True,
    ),
    "bilateral_grid": ev.Figure(
        "bilateral_grid",
        ("union_by_stage",),
        "Both sides: healing mostly falls as either side advances, from 100% to 0%, but not evenly",
        "590 patients under 18 in Japan [2]",
        "Heatmap: healing with conservative care for bilateral defects by stage of the main "
        "side (rows) and the other side (columns), from 100% (very early/very early) to 0% "
        "(very early/terminal) [2].",
        evidence_charts.bilateral_heatmap,
        note="Cells without a figure were not reported. The study does not give the number of "
        "patients in each cell, and the grid is not monotonic (very early/terminal 0% but "
        "early/terminal 50%), so a single cell may rest on few patients. Colour and the printed "
        "value show the same thing.",
        case_aware=True,
    ),
    "union_by_laterality": ev.Figure(
        "union_by_laterality",
        ("union_by_laterality",),
        "In each of the five studies with both groups, two-sided defects heal less often than one-sided",
        "Children, adolescents and young adults in six studies (see each row)",
        "Paired bars: healing of one-sided vs two-sided defects in six studies, e.g. 71% vs "
        "18.1% in a meta-analysis [13].",
        evidence_charts.laterality_chart,
        note="Eto [7] studied bilateral L5 defects only (both sides fresh vs the other side "
        "already terminal). Staudenmann [12] measured spontaneous fusion 9 years later, not "
        "healing during treatment.",
        case_aware=True,
    ),
    "rts_rate": ev.Figure(
        "rts_rate",
        ("return_to_sport",),
        "About 8 to 9 in 10 athletes return to sport, after conservative care or after repair",
        "Athletes, mostly adolescents; YA rows are young adults",
        "Range chart: percent of athletes returning to sport after conservative care and after "
        "surgical repair, by study.",
        evidence_charts.rts_rate_chart,
        case_aware=True,
    ),
    "rts_time": ev.Figure(
        "rts_time",
        ("return_to_sport",),
        "Return after repair takes about 6-8 months in the studies, longer than the source's 3-5",
        "Athletes, mostly adolescents; YA rows are young adults",
        "Range chart: months to return to sport. The source's windows (3-6 months conservative, "
        "3-5 months surgical) beside published means: conservative 3.7-5.5 months, surgical "
        "6-7.9 months.",
        evidence_charts.rts_time_chart,
        note="Dashed boxes: the source pathway's windows (S07, S33). Dots: published means or "
        "medians. Lines: ranges (across studies or across single patients, see the table).",
        case_aware=True,
    ),
    "techniques": ev.Figure(
        "techniques",
        ("repair_techniques",),
        "In a 2022 meta-analysis, pedicle-screw and Buck repairs united in 95% and 93% [33]; "
        "other pools and single series report 84-95%",
        "40 studies of direct pars repair [33]; single series as marked",
        "Dot chart with 95% confidence whiskers: union and positive functional outcome by "
        "repair technique, e.g. Buck 93% (86-98) union [33].",
        evidence_charts.techniques_chart,
        note="Morscher's hook-screw is also a screw technique; its 63% union has the widest "
        "interval (2-100%), so it says little either way.",
    ),
    "odi": ev.Figure(
        "odi",
        ("outcome_scores", "odi_bands"),
        "After treatment, every cohort's mean ODI drops by one or two disability bands",
        "Surgical and non-operative cohorts (see each row); ODI bands [62] [2nd-hand]",
        "Slope chart: mean Oswestry Disability Index before and after treatment for four "
        "cohorts, over shaded disability bands (read second-hand [62]).",
        outcome_charts.odi_chart,
    ),
    "improvement": ev.Figure(
        "improvement",
        ("outcome_scores", "mcid"),
        "Every cohort's mean improvement exceeds the minimal important change",
        "Surgical and non-operative cohorts (see each row); minimal important change [61]",
        "Bar chart: mean improvement in ODI and back-pain scores as multiples of the minimal "
        "important change, with a dashed line at 1.",
        outcome_charts.improvement_chart,
        note="Multiples are computed here: (mean before − mean after) ÷ minimal important change "
        "(10 ODI points; 1.5 on a 0-10 pain scale, from 15/100). The minimal important change is "
        "a threshold for one patient; a cohort's mean above it does not show that each patient "
        "improved that much.",
    ),
    "injections": ev.Figure(
        "injections",
        ("injection_response",),
        "Adults, not athletes: 38% had at least half their pain relieved 2 months after a pars "
        "injection [41], 55% at 1 month [42]",
        "Adults with chronic low back pain, not athletes",
        "Bar chart: percent of adult patients responding to pars injections, e.g. 37.9% with "
        "at least 50% relief at 2 months [41].",
        evidence_charts.injection_chart,
        note="The 42% at 15 minutes [42] is the local anaesthetic's effect. The facet-joint "
        "injection [44] is not a pars injection, and the diagnostic block [40] counts a positive "
        "test response, not lasting relief.",
    ),
    "epidemiology": ev.Figure(
        "epidemiology",
        ("epidemiology",),
        "About 6 in 100 adults have a pars defect; 9 in 10 are at L5, and most are on both sides",
        "General-population cohorts (Japan, Korea, USA) and athletes (see each row)",
        "Bar chart: prevalence of pars defects, share at L5 and on both sides, and slips.",
        evidence_charts.epidemiology_chart,
    ),
}

TABS = [
    "Healing by stage",
    "One side vs both",
    "Return to sport",
    "Repair techniques",
    "Outcome scores",
    "Injections",
    "Epidemiology",
    "Source vs evidence",
]

# The case the page was opened with (a link from another page carries it in the URL).
scenario = None
case = None
if any(k in SCENARIO_FIELDS for k in st.query_params):
    case_notice()
    scenario = current_scenario()
    assessment = pathway.evaluate(scenario)
    case = evidence_case.case_view(assessment)
    st.info(
        f"**Your case:** {pathway.label('laterality', scenario.laterality)} defect, CT "
        f"{pathway.label('ct_stage', scenario.ct_stage)}, {scenario.weeks_conservative} weeks of "
        f"care, age {scenario.age}. The figures about it are outlined (healing) or drawn in "
        "full while the others fade (return to sport).",
        icon=":material/person_pin:",
    )

# Bound to the URL, so a tab click reruns the page and only the open tab is drawn.
tabs = st.tabs(TABS, key="evidence_tab", bind="query-params")


def _healing_notes() -> tuple[str, str]:
    """(grid note, one-sided note) for the case, or empty strings."""
    if case is None:
        return "", ""
    try:
        union = loaders.table("union_by_stage").to_dict("records")
        lat = loaders.table("union_by_laterality").to_dict("records")
    except EvidenceError:
        return "", ""
    note = evidence_case.healing_note(case, union, lat)
    if case.stage is None:
        return note, ""
    if case.laterality == "bilateral":
        return note, (
            "Your case is bilateral: read the grid above. The outlined bar is the cross-check [3], "
            "which counts lesions at this stage on either side."
        )
    return "Your case is one-sided: see the one-sided bars below.", note


def _plain_table(name: str, title: str, anchor: str) -> None:
    """A table without a chart: its marks, references and rows."""
    st.header(title, anchor=anchor)
    section_text(title)
    try:
        frame = loaders.table(name)
        refs = loaders.references()
    except EvidenceError as exc:
        st.error(f"This table is unavailable: {exc}.", icon=":material/error:")
        return
    marks = ev.legend([frame])
    st.caption(
        "**References:** " + ", ".join(f"[{r}]" for r in ev.cited([frame])) + (f" · {marks}" if marks else "")
    )
    with st.container(key=f"{name}_table"):
        st.markdown(ev.markdown_table(ev.shown_table(frame)))
    with st.expander("References", icon=":material/menu_book:"):
        st.markdown(ev.reference_list(ev.cited([frame]), refs))


def _source_vs_evidence() -> None:
    st.header("Source vs evidence", anchor="source_vs_evidence")
    section_text("Source vs evidence")
    try:
        source_ids = frozenset(loaders.source_doc().sentences)
        claims = loaders.comparisons(source_ids)
        refs = loaders.references()
    except (EvidenceError, ContentError) as exc:
        st.error(f"This table is unavailable: {exc}.", icon=":material/error:")
        return
    counts = pd.Series([c.verdict for c in claims]).value_counts()
    shown = [v for v in comparisons.VERDICTS if counts.get(v, 0)]
    cols = st.columns(3)
    for i, verdict in enumerate(shown):
        cols[i % 3].metric(verdict.capitalize(), int(counts[verdict]))
    frame = pd.DataFrame(
        [
            {
                "verdict": c.verdict,
                "claim": c.topic,
                "why this verdict": c.reason,
                "source says": c.source_says,
                "source ids": ", ".join(c.source_ids),
                "published figures": c.published,
                "refs": ", ".join(f"[{r}]" for r in c.refs),
            }
            for c in claims
        ]
    )
    with st.container(key="source_vs_evidence_table"):
        st.markdown(ev.comparison_markdown(claims))
    numbers = sorted({r for c in claims for r in c.refs})
    with st.expander("References", icon=":material/menu_book:"):
        st.markdown(ev.reference_list(numbers, refs))
    st.download_button(
        "Download CSV",
        frame.to_csv(index=False).encode("utf-8"),
        file_name="source_vs_evidence.csv",
        mime="text/csv",
        key="download_source_vs_evidence",
        icon=":material/download:",
        on_click="ignore",
    )


def _option_note(option: str, open_text: str, closed_text: str) -> str:
    if case is None:
        return ""
    return open_text if option in assessment.options else closed_text


if tabs[0].open:
    with tabs[0]:
        section_text("Healing")
        grid_note, uni_note = _healing_notes()
        ev.show(FIGURES["bilateral_grid"], case, grid_note)
        ev.show(FIGURES["union_by_stage"], case, uni_note)
        _plain_table("union_young_adults", "Young adults", "young_adults")
        _plain_table("healing_time", "Time to heal", "time_to_heal")

if tabs[1].open:
    with tabs[1]:
        section_text("Sides")
        ev.show(FIGURES["union_by_laterality"], case, evidence_case.sides_note(case) if case else "")

if tabs[2].open:
    with tabs[2]:
        section_text("Return to sport")
        note = evidence_case.return_note(case) if case else ""
        ev.show(FIGURES["rts_time"], case, note)
        ev.show(FIGURES["rts_rate"], case, note)

if tabs[3].open:
    with tabs[3]:
        section_text("Repair techniques")
        note = _option_note(
            T.DIRECT_PARS_REPAIR,
            "Your case: direct repair is open, so these techniques apply.",
            "Your case: direct repair is not open now (see the Case explorer for why).",
        )
        ev.show(FIGURES["techniques"], case, note)

if tabs[4].open:
    with tabs[4]:
        section_text("Outcome scores")
        ev.show(FIGURES["odi"])
        ev.show(FIGURES["improvement"])

if tabs[5].open:
    with tabs[5]:
        section_text("Injections")
        note = _option_note(
            T.STEROID_INJECTION,
            "Your case: a pars injection is open now. These figures are from adults, not athletes.",
            "Your case: a pars injection is not open now (see the Case explorer for why).",
        )
        ev.show(FIGURES["injections"], case, note)

if tabs[6].open:
    with tabs[6]:
        section_text("Epidemiology")
        ev.show(FIGURES["epidemiology"])

if tabs[7].open:
    with tabs[7]:
        _source_vs_evidence()

page_links(scenario, exclude="pages/3_Evidence.py")

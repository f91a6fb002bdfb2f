"""Evidence: published figures behind each step, with references, populations and flags."""

import pandas as pd
import streamlit as st

from pathway.errors import ContentError, EvidenceError
from ui import common
from ui import evidence as ev

doc = common.page_header("Evidence", "evidence")


def section_text(name: str) -> None:
    if doc and name in doc.sections:
        st.markdown(doc.sections[name])


FIGURES = {
    "union_by_stage": ev.Figure(
        "union_by_stage",
        ("union_by_stage",),
        "One-sided defects: healing falls from over 90% to about 64% as the stage advances",
        "590 patients under 18 in Japan [2]; cross-check in 142 adolescents with oedema [3]",
        "Bar chart: healing with conservative care by CT stage for one-sided defects, "
        "98.2% very early, 96.0% early, 64.3% progressive [2].",
        ev.union_by_stage_chart,
    ),
    "bilateral_grid": ev.Figure(
        "bilateral_grid",
        ("union_by_stage",),
        "Both sides: healing depends on the worse side, from 100% down to 0%",
        "590 patients under 18 in Japan [2]",
        "Heatmap: healing with conservative care for bilateral defects by stage of the main "
        "side (rows) and the other side (columns), from 100% (very early/very early) to 0% "
        "(very early/terminal) [2].",
        ev.bilateral_heatmap,
        note="Cells without a figure were not reported. Colour and the printed value show the same thing.",
    ),
    "union_by_laterality": ev.Figure(
        "union_by_laterality",
        ("union_by_laterality",),
        "In every study, defects on both sides heal less often than a defect on one side",
        "Children, adolescents and young adults in six studies (see each row)",
        "Paired bars: healing of one-sided vs two-sided defects in six studies, e.g. 71% vs "
        "18.1% in a meta-analysis [13].",
        ev.laterality_chart,
    ),
    "rts_rate": ev.Figure(
        "rts_rate",
        ("return_to_sport",),
        "About 8 to 9 in 10 athletes return to sport, after conservative care or after repair",
        "Athletes, mostly adolescents; YA rows are young adults",
        "Range chart: percent of athletes returning to sport after conservative care and after "
        "surgical repair, by study.",
        ev.rts_rate_chart,
    ),
    "rts_time": ev.Figure(
        "rts_time",
        ("return_to_sport",),
        "Return after repair takes about 6-8 months in the studies, longer than the source's 3-5",
        "Athletes, mostly adolescents; YA rows are young adults",
        "Range chart: months to return to sport. The source's windows (3-6 months conservative, "
        "3-5 months surgical) beside published means: conservative 3.7-5.5 months, surgical "
        "6-7.9 months.",
        ev.rts_time_chart,
        note="Dashed boxes: the source pathway's windows (S07, S33). Dots: published means or "
        "medians. Lines: ranges (across studies or across single patients, see the table).",
    ),
    "techniques": ev.Figure(
        "techniques",
        ("repair_techniques",),
        "Screw-based repairs heal in over 90%; the Morscher hook-screw is the least certain",
        "40 studies of direct pars repair [33]; single series as marked",
        "Dot chart with 95% confidence whiskers: union and positive functional outcome by "
        "repair technique, e.g. Buck 93% (86-98) union [33].",
        ev.techniques_chart,
    ),
    "odi": ev.Figure(
        "odi",
        ("outcome_scores", "odi_bands"),
        "After treatment, every cohort's mean ODI drops by one or two disability bands",
        "Surgical and non-operative cohorts (see each row); ODI bands [62]",
        "Slope chart: mean Oswestry Disability Index before and after treatment for four "
        "cohorts, over shaded disability bands.",
        ev.odi_chart,
    ),
    "improvement": ev.Figure(
        "improvement",
        ("outcome_scores", "mcid"),
        "Every reported improvement is larger than the smallest change patients notice",
        "Surgical and non-operative cohorts (see each row); minimal important change [61]",
        "Bar chart: improvement in ODI and back-pain scores as multiples of the minimal "
        "important change, with a dashed line at 1.",
        ev.improvement_chart,
        note="Multiples are computed here: (before − after) ÷ minimal important change "
        "(10 ODI points; 1.5 on a 0-10 pain scale, from 15/100).",
    ),
    "injections": ev.Figure(
        "injections",
        ("injection_response",),
        "Adult data: about 4 to 6 in 10 get at least half their pain relieved by a pars injection",
        "Adults with chronic low back pain, not athletes",
        "Bar chart: percent of adult patients responding to pars injections, e.g. 37.9% with "
        "at least 50% relief at 2 months [41].",
        ev.injection_chart,
    ),
    "epidemiology": ev.Figure(
        "epidemiology",
        ("epidemiology",),
        "About 6 in 100 adults have a pars defect; 9 in 10 are at L5 and about 8 in 10 on both sides",
        "General-population cohorts (Japan, Korea, USA) and athletes (see each row)",
        "Bar chart: prevalence of pars defects, share at L5 and on both sides, and slips.",
        ev.epidemiology_chart,
    ),
}

tabs = st.tabs(
    [
        "Healing by stage",
        "One side vs both",
        "Return to sport",
        "Repair techniques",
        "Outcome scores",
        "Injections",
        "Epidemiology",
        "Source vs evidence",
    ],
    key="evidence_tab",
    bind="query-params",
)

with tabs[0]:
    section_text("Healing")
    ev.show(FIGURES["bilateral_grid"])
    ev.show(FIGURES["union_by_stage"])
    st.header("Time to heal", anchor="time_to_heal")
    section_text("Time to heal")
    try:
        times = ev.table("healing_time")
        times.insert(0, "flags", ev.flags_column(times))
        st.dataframe(
            times.drop(columns=["second_hand", "young_adult", "computed"]), hide_index=True, width="stretch"
        )
    except EvidenceError as exc:
        st.error(f"This table is unavailable: {exc}.", icon=":material/error:")

with tabs[1]:
    section_text("Sides")
    ev.show(FIGURES["union_by_laterality"])

with tabs[2]:
    section_text("Return to sport")
    ev.show(FIGURES["rts_time"])
    ev.show(FIGURES["rts_rate"])

with tabs[3]:
    section_text("Repair techniques")
    ev.show(FIGURES["techniques"])

with tabs[4]:
    section_text("Outcome scores")
    ev.show(FIGURES["odi"])
    ev.show(FIGURES["improvement"])

with tabs[5]:
    section_text("Injections")
    ev.show(FIGURES["injections"])

with tabs[6]:
    section_text("Epidemiology")
    ev.show(FIGURES["epidemiology"])

with tabs[7]:
    st.header("Source vs evidence", anchor="source_vs_evidence")
    section_text("Source vs evidence")
    try:
        source_ids = frozenset(common.source_doc().sentences)
        claims = ev.comparisons(source_ids)
    except (EvidenceError, ContentError) as exc:
        st.error(f"This table is unavailable: {exc}.", icon=":material/error:")
    else:
        counts = pd.Series([c.verdict for c in claims]).value_counts()
        cols = st.columns(3)
        for col, verdict in zip(cols, ("agrees", "differs", "no published figure found"), strict=True):
            col.metric(verdict.capitalize(), int(counts.get(verdict, 0)))
        frame = pd.DataFrame(
            [
                {
                    "verdict": c.verdict,
                    "claim": c.topic,
                    "source says": c.source_says,
                    "source ids": ", ".join(c.source_ids),
                    "published figures": c.published,
                    "refs": ", ".join(f"[{r}]" for r in c.refs),
                }
                for c in claims
            ]
        )
        st.dataframe(
            frame,
            hide_index=True,
            width="stretch",
            key="source_vs_evidence_table",
            column_config={
                "source says": st.column_config.TextColumn(width="medium"),
                "published figures": st.column_config.TextColumn(width="large"),
            },
        )
        st.download_button(
            "Download CSV",
            frame.to_csv(index=False).encode("utf-8"),
            file_name="source_vs_evidence.csv",
            mime="text/csv",
            key="download_source_vs_evidence",
            icon=":material/download:",
            on_click="ignore",
        )

common.page_links(exclude="pages/3_Evidence.py")

"""Evidence figures on a page: one block per figure, and the tables beside the charts.

A figure block shows its takeaway title, population, references, the chart (with alt
text), a table alternative and a CSV download. If its data file is broken, only that block
shows the error (the message names the file and row). The charts themselves are built in
ui/evidence_charts.py; the data files are loaded by ui/loaders.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st
from altair import TopLevelMixin

from pathway.resident import evidence_case
from pathway.sources import comparisons, evidence
from pathway.sources.errors import EvidenceError
from pathway.sources.source import escape_markdown
from ui import evidence_charts as C
from ui import loaders
from ui import outcome_charts as O
from ui.case import vega_lite_spec
from ui.page import ink

# Every chart builder of the Evidence page by name (figures name their builder).
BUILDERS: dict[str, Callable[..., alt.TopLevelMixin]] = {
    f.__name__: f
    for f in (
        C.union_by_stage_chart,
        C.bilateral_heatmap,
        C.laterality_chart,
        C.rts_rate_chart,
        C.rts_time_chart,
        C.techniques_chart,
        O.odi_chart,
        O.improvement_chart,
        C.injection_chart,
        C.epidemiology_chart,
        C.stage_healing_chart,
    )
}


def flags_column(df: pd.DataFrame) -> pd.Series:
    """Each row's marks as words ('YA, computed'), or a dash."""
    return pd.Series([", ".join(evidence.row_marks(row)) or "—" for _, row in df.iterrows()], index=df.index)


FLAG_COLUMNS = tuple(evidence.MARKS)


def legend(frames: list[pd.DataFrame]) -> str:
    """What each mark present in these tables means, e.g. '[news] = read only in a press…'."""
    present = [
        flag for flag in evidence.MARKS if any(flag in f and f[flag].astype(bool).any() for f in frames)
    ]
    out = []
    for flag in present:
        mark, meaning = evidence.MARKS[flag]
        shown = mark if mark in ("YA", "computed", "includes young adults") else f"[{mark}]"
        out.append(f"{shown} = {meaning}")
    return " · ".join(out)


def cited(frames: list[pd.DataFrame]) -> list[int]:
    """Every reference of every table, sorted."""
    return sorted({int(r) for f in frames for r in f["ref"]})


def _csv(df: pd.DataFrame) -> bytes:
    out = df.copy()
    for col in FLAG_COLUMNS:
        if col in out:
            out[col] = out[col].map({True: "yes", False: "no"})
    return out.to_csv(index=False).encode("utf-8")


# Table headers for people (the data files keep their column names; the CSV download too).
HEADERS = {
    "ref": "Ref.",
    "population": "Who was studied",
    "flags": "Marks",
    "your case": "Your case",
    "topic": "Topic",
    "item": "Item",
    "pct": "%",
    "basis": "How counted",
    "measure": "Measure",
    "value": "Value",
    "sd": "SD",
    "unit": "Unit",
    "study": "Study",
    "injection": "Injection",
    "timepoint": "When",
    "scale_max": "Scale maximum",
    "minimal_important_change": "Smallest change that matters",
    "band": "Band",
    "lower": "From",
    "upper": "To",
    "cohort": "Group",
    "before": "Before",
    "after": "After",
    "technique": "Technique",
    "outcome": "Outcome",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
    "treatment": "Treatment",
    "pct_low": "Returned, % (low)",
    "pct_high": "Returned, % (high)",
    "months_point": "Months to return",
    "months_low": "Months (shortest)",
    "months_high": "Months (longest)",
    "note": "Note",
    "group": "Group",
    "union_pct": "Healed, %",
    "laterality": "Side",
    "main_stage": "Stage (this side)",
    "contralateral_stage": "Stage (other side)",
    "lesions": "Defects",
    "healed": "Healed",
}


def shown_table(df: pd.DataFrame, case_marks: list[bool] | None = None) -> pd.DataFrame:
    """A table for people: a flags column instead of the yes/no flag columns; the case's rows
    marked; readable headers (HEADERS) instead of the files' column names."""
    out = df.copy()
    out.insert(0, "flags", flags_column(df))
    if case_marks is not None and any(case_marks):
        out.insert(0, "your case", ["◀ your case" if m else "" for m in case_marks])
    out = out.drop(columns=[c for c in FLAG_COLUMNS if c in out])
    return out.rename(columns=lambda c: HEADERS.get(c, str(c).replace("_", " ").capitalize()))


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return escape_markdown(str(value)).replace("\n", " ")


def markdown_table(df: pd.DataFrame) -> str:
    """A small table as Markdown: static text, no data-grid component for the browser to load.

    (st.dataframe costs about 1.4 MB of JavaScript on a first load, st.table 0.7 MB; these
    tables have at most 18 rows.) Cells are escaped, so data text cannot become markup.
    """
    header = "| " + " | ".join(_cell(c) for c in df.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in df.columns) + "|"
    body = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([header, rule, *body])


def comparison_markdown(claims: list[comparisons.Comparison]) -> str:
    """The source-vs-evidence claims as one Markdown block, a short paragraph per claim.

    A table of seven text columns is unreadable on a phone; this reads the same at any width.
    """
    blocks = []
    for c in claims:
        refs = ", ".join(f"\\[{r}\\]" for r in c.refs)
        blocks.append(
            f"**{escape_markdown(c.topic)}** · verdict: **{escape_markdown(c.verdict)}**  \n"
            f"*Source ({', '.join(c.source_ids)}):* {escape_markdown(c.source_says)}  \n"
            f"*Published:* {escape_markdown(c.published)} ({refs})  \n"
            f"*Why this verdict:* {escape_markdown(c.reason)}"
        )
    return "\n\n".join(blocks)


@dataclass(frozen=True)
class Figure:
    key: str  # chart key and file stem of the download
    tables: tuple[str, ...]  # data files it needs; the first is the main table (download)
    title: str  # states the takeaway
    population: str
    alt: str
    build: Callable[..., TopLevelMixin]  # receives the DataFrames, in `tables` order (and case=)
    note: str = ""
    case_aware: bool = False  # build() takes case= and marks the case's rows


@st.cache_data(show_spinner=False, max_entries=256)
def _chart_spec(build: str, tables: tuple[str, ...], directory: str, ink: str, case: tuple | None) -> dict:
    """One figure's finished Vega-Lite spec, built once per data directory, theme and case.

    Building an Altair chart and validating its spec costs tens of milliseconds per chart;
    the Evidence page has ten, so without this every tab click rebuilt them all.
    """
    frames = loaders.tables(tables, directory)
    builder = BUILDERS[build]
    chart = builder(*frames, case=evidence_case.CaseView(*case)) if case is not None else builder(*frames)
    # Labels without their own colour follow the theme (Vega would draw them black).
    return vega_lite_spec(chart.configure_text(color=ink))


def chart_spec(fig: Figure, case: evidence_case.CaseView | None = None) -> dict:
    """The cached spec of a figure (raises EvidenceError if its data is broken)."""
    key = case.key if (case is not None and fig.case_aware) else None
    return _chart_spec(fig.build.__name__, fig.tables, str(evidence.data_dir()), ink(), key)


def show(fig: Figure, case: evidence_case.CaseView | None = None, case_note: str = "") -> None:
    """One figure block; an EvidenceError in its data shows here and nowhere else.

    Every table the figure draws gives its marks and references to the caption and to the
    table expander, not only the first one.
    """
    with st.container(key=f"fig_{fig.key}"):
        st.header(fig.title, anchor=fig.key)
        try:
            frames = [loaders.table(name) for name in fig.tables]
            refs = loaders.references()
            spec = chart_spec(fig, case)
        except EvidenceError as exc:
            st.error(f"This chart is unavailable: {exc}.", icon=":material/error:")
            return
        numbers = cited(frames)
        marks = legend(frames)
        st.caption(
            f"**Population:** {fig.population} · **References:** "
            + ", ".join(f"[{r}]" for r in numbers)
            + (f" · {marks}" if marks else "")
        )
        if case_note:
            st.info(case_note, icon=":material/person_pin:")
        st.vega_lite_chart(spec=spec, width="stretch", alt=fig.alt, key=f"chart_{fig.key}")
        if fig.note:
            st.caption(fig.note)
        with st.expander("Table and references", icon=":material/table:"):
            for name, frame in zip(fig.tables, frames, strict=True):
                if len(frames) > 1:
                    st.markdown(f"**data/{name}.csv**")
                rows = frame.to_dict("records")
                case_marks = evidence_case.case_rows(name, rows, case) if fig.case_aware else None
                st.markdown(markdown_table(shown_table(frame, case_marks)))
            st.markdown(reference_list(numbers, refs))
            st.download_button(
                "Download CSV",
                _csv(frames[0]),
                file_name=f"{fig.key}.csv",
                mime="text/csv",
                key=f"download_{fig.key}",
                icon=":material/download:",
                on_click="ignore",
            )


def reference_links(ref: evidence.Reference) -> str:
    """The reference's DOI / PubMed / PMC / trial links as ordinary Markdown links (the reader
    chooses to open them; nothing is fetched). Addresses come from checked identifiers."""
    return " · ".join(f"[{escape_markdown(text)}]({address})" for text, address in ref.links)


def reference_list(numbers: list[int], refs: dict[int, evidence.Reference]) -> str:
    """A Markdown list of the references, '- [n] citation doi-link · PubMed-link'."""
    return "\n".join(f"- [{r}] {refs[r].citation} {reference_links(refs[r])}".rstrip() for r in numbers)

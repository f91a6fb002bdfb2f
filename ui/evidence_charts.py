"""The Evidence page's Altair charts: pure functions of data/*.csv tables as DataFrames.

Each builder takes the DataFrames of its figure (in the order of ``Figure.tables``) and,
for the figures that can show a case, ``case=``; ui/evidence.py converts and caches them.
Colours are Okabe-Ito, the theme's categorical colours (.streamlit/config.toml).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from pathway.resident import evidence_case
from pathway.sources import evidence

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]


def wrap(text: str, width: int = 26) -> str:
    """Break a label into lines of about `width` characters, joined by '|' (see AXIS)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "|".join(lines)


def _y_axis() -> alt.Axis:
    """Row labels on several lines, so long study names fit beside a phone-width chart."""
    return alt.Axis(labelExpr="split(datum.label, '|')", labelLimit=190, labelFontSize=11)


_MARK_FORMAT = {"YA": " (YA)", "includes young adults": " (includes young adults)", "computed": ""}


def tagged(df: pd.DataFrame, column: str) -> pd.Series:
    """The label column with the row's marks and reference appended, e.g. 'Bands [2nd-hand] [62]'.

    YA marks go in parentheses, [2nd-hand] and [news] in brackets; 'computed' is left to the
    chart's own value labels and the table's flags column.
    """
    out = []
    for _, row in df.iterrows():
        text = str(row[column])
        for mark in evidence.row_marks(row):
            text += _MARK_FORMAT.get(mark, f" [{mark}]")
        out.append(f"{text} [{row['ref']}]")
    return pd.Series(out, index=df.index, dtype=object)


def marked(df: pd.DataFrame, column: str) -> pd.Series:
    """tagged(), broken into lines for an axis label (see _y_axis)."""
    return tagged(df, column).map(wrap)


def case_column(name: str, df: pd.DataFrame, case: evidence_case.CaseView | None) -> pd.Series:
    """True for the rows of data/<name>.csv that describe the case (all False without one)."""
    return pd.Series(evidence_case.case_rows(name, df.to_dict("records"), case), index=df.index, dtype=bool)


_STAGE_ORDER = list(evidence.STUDY_SCALE)


def _pct_axis(title: str = "Healed (%)") -> alt.X:
    return alt.X("union_pct:Q", title=title, scale=alt.Scale(domain=[0, 100]))


CASE_STROKE = OKABE_ITO[5]  # vermillion dashes around the case's cells of the heatmap
BAR_STROKE = "#000000"  # a black outline shows on every bar colour, in both themes


def _outline() -> dict:
    """Encodings that outline the bars whose ``is_case`` is true."""
    return {
        "stroke": alt.condition(alt.datum.is_case, alt.value(BAR_STROKE), alt.value(None)),
        "strokeWidth": alt.condition(alt.datum.is_case, alt.value(3), alt.value(0)),
    }


def union_by_stage_chart(df: pd.DataFrame, case: evidence_case.CaseView | None = None) -> alt.TopLevelMixin:
    df = df.assign(is_case=case_column("union_by_stage", df, case))
    data = df[df["laterality"] != "bilateral"].copy()
    data["series"] = data.apply(
        lambda r: (
            f"one side only [{r['ref']}]"
            if r["laterality"] == "unilateral"
            else f"any side, computed [{r['ref']}]"
        ),
        axis=1,
    )
    data["label"] = data["union_pct"].map(lambda v: f"{v:g}%")
    base = alt.Chart(data).encode(
        y=alt.Y("main_stage:N", sort=_STAGE_ORDER, title="CT stage"),
        yOffset=alt.YOffset("series:N"),
        x=_pct_axis(),
        tooltip=["series", "main_stage", "union_pct", "basis"],
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "series:N",
            title=None,
            scale=alt.Scale(range=OKABE_ITO[:2]),
            sort="descending",
            legend=alt.Legend(orient="bottom", direction="vertical"),
        ),
        **_outline(),
    )
    text = base.mark_text(align="left", dx=3).encode(text="label:N")
    return (bars + text).properties(height=alt.Step(22))


def bilateral_heatmap(df: pd.DataFrame, case: evidence_case.CaseView | None = None) -> alt.TopLevelMixin:
    df = df.assign(is_case=case_column("union_by_stage", df, case))
    data = df[df["laterality"] == "bilateral"].copy()
    data["label"] = data["union_pct"].map(lambda v: f"{v:g}%")
    base = alt.Chart(data).encode(
        x=alt.X(
            "contralateral_stage:N",
            sort=_STAGE_ORDER,
            title="Other side",
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y("main_stage:N", sort=_STAGE_ORDER[:3], title="Main side"),
        tooltip=["main_stage", "contralateral_stage", "union_pct", "basis"],
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "union_pct:Q",
            title="Healed (%)",
            scale=alt.Scale(scheme="viridis", domain=[0, 100]),
            legend=alt.Legend(orient="bottom"),
        )
    )
    text = base.mark_text(fontSize=14, fontWeight="bold").encode(
        text="label:N",
        color=alt.condition(alt.datum.union_pct > 60, alt.value("black"), alt.value("white")),
    )
    layers = [cells, text]
    if data["is_case"].any():
        outline = base.transform_filter(alt.datum.is_case).mark_rect(
            fill=None, stroke=CASE_STROKE, strokeWidth=4, strokeDash=[6, 3]
        )
        layers.append(outline)
    return alt.layer(*layers).properties(height=340)


def laterality_chart(df: pd.DataFrame, case: evidence_case.CaseView | None = None) -> alt.TopLevelMixin:
    data = df.assign(is_case=case_column("union_by_laterality", df, case))
    data["study_label"] = marked(data, "study")
    data["side"] = data["group"].map(lambda g: "one side" if g == "unilateral" else "both sides")
    data["label"] = data.apply(
        lambda r: f"{r['group']} {r['union_pct']:g}%" + (" (computed)" if r["computed"] else ""), axis=1
    )
    base = alt.Chart(data).encode(
        y=alt.Y("study_label:N", title=None, sort=None, axis=_y_axis()),
        yOffset=alt.YOffset("group:N"),
        x=_pct_axis(),
        tooltip=["study", "group", "union_pct", "basis", "population"],
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "side:N",
            title=None,
            scale=alt.Scale(domain=["one side", "both sides"], range=OKABE_ITO[:2]),
            legend=alt.Legend(orient="bottom"),
        ),
        **_outline(),
    )
    text = base.mark_text(align="left", dx=3, fontSize=10).encode(text="label:N")
    return (bars + text).properties(height=alt.Step(20))


def _source_windows() -> pd.DataFrame:
    """The source's own return-to-sport windows (S07, S33), from the engine."""
    from pathway.model.engine import PATHWAY_CONSERVATIVE, PATHWAY_SURGICAL

    rows = []
    for w in (PATHWAY_CONSERVATIVE, PATHWAY_SURGICAL):
        if w.layer == "pathway":
            rows.append(
                {
                    "study_label": f"Source pathway ({', '.join(w.refs)})",
                    "treatment": w.path,
                    "months_low": w.start_month,
                    "months_high": w.end_month,
                    "layer": "source",
                }
            )
    return pd.DataFrame(rows)


def _faded(case: evidence_case.CaseView | None) -> dict:
    """Without a case every row is drawn in full; with one, the rows not about it are faded."""
    if case is None:
        return {}
    return {"opacity": alt.condition(alt.datum.is_case, alt.value(1.0), alt.value(0.3))}


def rts_rate_chart(df: pd.DataFrame, case: evidence_case.CaseView | None = None) -> alt.TopLevelMixin:
    df = df.assign(is_case=case_column("return_to_sport", df, case))
    data = df.dropna(subset=["pct_low"]).copy()
    data["study_label"] = marked(data, "study")
    data["label"] = data.apply(
        lambda r: (
            f"{r['pct_low']:g}%" if r["pct_low"] == r["pct_high"] else f"{r['pct_low']:g}-{r['pct_high']:g}%"
        ),
        axis=1,
    )
    color = alt.Color(
        "treatment:N",
        title=None,
        scale=alt.Scale(domain=["conservative", "surgical"], range=[OKABE_ITO[2], OKABE_ITO[5]]),
        legend=alt.Legend(orient="bottom"),
    )
    base = alt.Chart(data).encode(
        y=alt.Y("study_label:N", title=None, sort=None, axis=_y_axis()),
        yOffset=alt.YOffset("treatment:N"),
        color=color,
        tooltip=["study", "treatment", "pct_low", "pct_high", "note", "population"],
        **_faded(case),
    )
    x = alt.X("pct_low:Q", title="Returned to sport (%)", scale=alt.Scale(domain=[50, 100]))
    bar = base.mark_rule(strokeWidth=6).encode(x=x, x2="pct_high:Q")
    dot = base.mark_point(filled=True, size=70).encode(x=x, shape=alt.Shape("treatment:N", legend=None))
    dot_hi = base.mark_point(filled=True, size=70).encode(
        x="pct_high:Q", shape=alt.Shape("treatment:N", legend=None)
    )
    text = base.mark_text(align="left", dx=8, fontSize=10).encode(x="pct_high:Q", text="label:N")
    return (bar + dot + dot_hi + text).properties(height=alt.Step(20))


# The studies count the two kinds of time from different days: conservative times from the
# start of conservative care, surgical ones from the operation. One axis, so it says so (in
# short lines, to fit a phone), and so does each colour in the legend.
RTS_AXIS_TITLE = [
    "Months to return to sport, counted",
    "conservative: from the start of care",
    "surgical: from the operation",
]
RTS_LEGEND = (
    "datum.label == 'surgical' ? 'surgical (from the operation)' : "
    "datum.label == 'conservative' ? 'conservative (from the start of care)' : datum.label"
)


def rts_time_chart(df: pd.DataFrame, case: evidence_case.CaseView | None = None) -> alt.TopLevelMixin:
    df = df.assign(is_case=case_column("return_to_sport", df, case))
    data = df.dropna(subset=["months_point", "months_low"], how="all").copy()
    data["study_label"] = marked(data, "study")
    data["layer"] = "published"
    source = _source_windows()
    source["is_case"] = [case is None or t == case.treatment for t in source["treatment"]]
    data = pd.concat([source, data], ignore_index=True)
    data["label"] = data.apply(_time_label, axis=1)
    data["sort_key"] = range(len(data))
    data["text_x"] = data.apply(
        lambda r: max(v for v in (r["months_point"], r["months_high"]) if pd.notna(v)), axis=1
    )
    color = alt.Color(
        "treatment:N",
        title=None,
        scale=alt.Scale(domain=["conservative", "surgical"], range=[OKABE_ITO[2], OKABE_ITO[5]]),
        legend=alt.Legend(orient="bottom", labelExpr=RTS_LEGEND),
    )
    y = alt.Y("study_label:N", title=None, sort=alt.SortField("sort_key"), axis=_y_axis())
    base = alt.Chart(data).encode(
        y=y,
        yOffset=alt.YOffset("treatment:N"),
        color=color,
        tooltip=["study_label", "treatment", "months_point", "months_low", "months_high", "note"],
        **_faded(case),
    )
    x = alt.X("months_low:Q", title=RTS_AXIS_TITLE, scale=alt.Scale(domain=[0, 15]))
    source_band = (
        base.transform_filter(alt.datum.layer == "source")
        .mark_bar(opacity=0.35, strokeDash=[4, 2], strokeWidth=1.5, stroke="black")
        .encode(x=x, x2="months_high:Q")
    )
    ranges = (
        base.transform_filter((alt.datum.layer == "published") & alt.expr.isValid(alt.datum.months_low))
        .mark_rule(strokeWidth=2)
        .encode(x=x, x2="months_high:Q")
    )
    points = (
        base.transform_filter((alt.datum.layer == "published") & alt.expr.isValid(alt.datum.months_point))
        .mark_point(filled=True, size=80)
        .encode(x="months_point:Q", shape=alt.Shape("treatment:N", legend=None))
    )
    text = base.mark_text(align="left", dx=6, fontSize=10).encode(x=alt.X("text_x:Q"), text="label:N")
    layered = alt.layer(source_band, ranges, points, text)
    return layered.properties(height=alt.Step(20))


def _time_label(row: pd.Series) -> str:
    if row.get("layer") == "source":
        return f"source {row['months_low']:g}-{row['months_high']:g} mo"
    parts = []
    if pd.notna(row.get("months_point")):
        parts.append(f"{row['months_point']:g} mo")
    if pd.notna(row.get("months_low")):
        rng = f"{row['months_low']:g}-{row['months_high']:g}"
        parts.append(f"({rng})" if parts else f"{rng} mo")
    return " ".join(parts)


def techniques_chart(df: pd.DataFrame) -> alt.TopLevelMixin:
    data = df[df["outcome"] != "complications"].copy()
    data["technique_label"] = marked(data, "technique")
    data["label"] = data.apply(
        lambda r: (
            f"{r['pct']:g}%" + (f" ({r['ci_low']:g}-{r['ci_high']:g})" if pd.notna(r["ci_low"]) else "")
        ),
        axis=1,
    )
    color = alt.Color(
        "outcome:N",
        title=None,
        scale=alt.Scale(domain=["union", "positive functional outcome"], range=[OKABE_ITO[0], OKABE_ITO[1]]),
        legend=alt.Legend(orient="bottom", labelLimit=300),
    )
    base = alt.Chart(data).encode(
        y=alt.Y("technique_label:N", title=None, sort=None, axis=_y_axis()),
        yOffset=alt.YOffset("outcome:N"),
        color=color,
        tooltip=["technique", "outcome", "pct", "ci_low", "ci_high", "basis"],
    )
    x = alt.X("ci_low:Q", title="Percent (95% CI whiskers)", scale=alt.Scale(domain=[0, 100]))
    whiskers = base.mark_rule(strokeWidth=1.5).encode(x=x, x2="ci_high:Q")
    points = base.mark_point(filled=True, size=70).encode(
        x="pct:Q", shape=alt.Shape("outcome:N", legend=None)
    )
    text = base.mark_text(align="center", dy=-9, fontSize=9).encode(x="pct:Q", text="label:N")
    return (whiskers + points + text).properties(height=alt.Step(34))


def injection_chart(df: pd.DataFrame) -> alt.TopLevelMixin:
    data = df.copy()
    data["row_label"] = marked(
        data.assign(injection=data["injection"] + ", " + data["timepoint"]), "injection"
    )
    data["label"] = data.apply(lambda r: f"{r['pct']:g}% {r['measure']}", axis=1)
    base = alt.Chart(data).encode(
        y=alt.Y("row_label:N", title=None, sort=None, axis=_y_axis()),
        yOffset=alt.YOffset("measure:N"),
        x=alt.X("pct:Q", title="Patients (%)", scale=alt.Scale(domain=[0, 100])),
        tooltip=["study", "injection", "timepoint", "measure", "pct", "basis", "population"],
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "measure:N",
            title=None,
            scale=alt.Scale(range=OKABE_ITO),
            legend=alt.Legend(orient="bottom", direction="vertical"),
        )
    )
    text = base.mark_text(align="left", dx=3, fontSize=10).encode(text="label:N")
    return (bars + text).properties(height=alt.Step(30))


def epidemiology_chart(df: pd.DataFrame) -> alt.TopLevelMixin:
    data = df.copy()
    data["row_label"] = marked(
        data.assign(item=data["item"] + data["computed"].map({True: " (computed)", False: ""})), "item"
    )  # "computed" is added to the item here; tagged() adds YA, [2nd-hand], [news] and [ref]
    data["label"] = data["pct"].map(lambda v: f"{v:g}%")
    base = alt.Chart(data).encode(
        y=alt.Y("row_label:N", title=None, sort=None, axis=_y_axis()),
        x=alt.X("pct:Q", title="Percent", scale=alt.Scale(domain=[0, 100])),
        tooltip=["topic", "item", "pct", "basis", "population"],
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "topic:N",
            title=None,
            scale=alt.Scale(domain=["prevalence", "level and side", "slip"], range=OKABE_ITO[:3]),
            legend=alt.Legend(orient="bottom"),
        )
    )
    text = base.mark_text(align="left", dx=3, fontSize=10).encode(text="label:N")
    return (bars + text).properties(height=alt.Step(30))


def stage_healing_chart(df: pd.DataFrame) -> alt.TopLevelMixin:
    """Healing by the source's CT stage: one side vs both sides at that stage [2]."""
    from pathway.resident.imaging import healing_by_stage

    rows = []
    for h in healing_by_stage(df.to_dict("records")):
        stage = wrap(f"{h.stage_label} ({h.study_stage})", 18)
        for side, pct in (("one side", h.unilateral_pct), ("both sides, same stage", h.bilateral_same_pct)):
            if pct is not None:
                rows.append(
                    {"stage": stage, "side": side, "union_pct": pct, "label": f"{pct:g}%", "ref": h.refs[0]}
                )
    data = pd.DataFrame(rows)
    base = alt.Chart(data).encode(
        y=alt.Y("stage:N", title=None, sort=None, axis=_y_axis()),
        yOffset=alt.YOffset("side:N", sort=["one side", "both sides, same stage"]),
        x=_pct_axis(),
        tooltip=["stage", "side", "union_pct"],
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "side:N",
            title=None,
            scale=alt.Scale(domain=["one side", "both sides, same stage"], range=OKABE_ITO[:2]),
            legend=alt.Legend(orient="bottom"),
        )
    )
    text = base.mark_text(align="left", dx=3).encode(text="label:N")
    return (bars + text).properties(height=alt.Step(24))

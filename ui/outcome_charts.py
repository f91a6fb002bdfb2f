"""The Evidence page's outcome-score charts: ODI before and after, with its bands, and each
cohort's improvement against the minimal important change."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.evidence_charts import OKABE_ITO, _y_axis, marked, tagged


def odi_chart(scores: pd.DataFrame, bands: pd.DataFrame) -> alt.TopLevelMixin:
    # The bands are a figure too: their marks and reference go on the chart ([2nd-hand] [62]).
    bands = bands.assign(band_label=tagged(bands, "band"))
    data = scores[scores["measure"] == "ODI"].copy()
    data["cohort_label"] = marked(data, "cohort")
    long = data.melt(
        id_vars=["cohort_label", "ref"], value_vars=["before", "after"], var_name="when", value_name="odi"
    )
    band_layer = (
        alt.Chart(bands)
        .mark_rect(opacity=0.18)
        .encode(
            y=alt.Y("lower:Q", title="ODI (0-100, lower is better)", scale=alt.Scale(domain=[0, 100])),
            y2="upper:Q",
            color=alt.Color("band:N", sort=list(bands["band"]), scale=alt.Scale(scheme="greys"), legend=None),
        )
    )
    band_text = (
        alt.Chart(bands)
        .mark_text(align="right", baseline="middle", fontSize=10, dx=-4)
        .encode(y=alt.Y("mid:Q"), x=alt.value("width"), text="band_label:N")
        .transform_calculate(mid="(datum.lower + datum.upper) / 2")
    )
    lines = (
        alt.Chart(long)
        .mark_line(point=alt.OverlayMarkDef(filled=True, size=60))
        .encode(
            x=alt.X("when:N", sort=["before", "after"], title=None, axis=alt.Axis(labelAngle=0)),
            y="odi:Q",
            color=alt.Color(
                "cohort_label:N",
                title=None,
                scale=alt.Scale(range=OKABE_ITO),
                legend=alt.Legend(
                    orient="bottom",
                    direction="vertical",
                    labelLimit=320,
                    labelExpr="replace(datum.label, /\\|/g, ' ')",
                ),
            ),
            shape=alt.Shape("cohort_label:N", legend=None),
            tooltip=["cohort_label", "when", "odi"],
        )
    )
    return alt.layer(band_layer, band_text, lines).properties(height=460).resolve_scale(color="independent")


def improvement_chart(scores: pd.DataFrame, mcid: pd.DataFrame) -> alt.TopLevelMixin:
    thresholds = dict(zip(mcid["measure"], mcid["minimal_important_change"], strict=True))
    data = scores[scores["measure"].isin(thresholds)].copy()
    data["improvement"] = data["before"] - data["after"]
    data["times_mic"] = (data["improvement"] / data["measure"].map(thresholds)).round(1)
    data["row_label"] = marked(data.assign(cohort=data["cohort"] + " · " + data["measure"]), "cohort")
    data["label"] = data.apply(lambda r: f"{r['before']:g}→{r['after']:g} ({r['times_mic']:g}×)", axis=1)
    base = alt.Chart(data).encode(
        y=alt.Y("row_label:N", title=None, sort="-x", axis=_y_axis()),
        x=alt.X(
            "times_mic:Q",
            title="Improvement ÷ minimal important change",
            scale=alt.Scale(domain=[0, 7]),
        ),
        tooltip=["cohort", "measure", "before", "after", "improvement", "times_mic"],
    )
    bars = base.mark_bar(color=OKABE_ITO[0])
    text = base.mark_text(align="left", dx=3, fontSize=10).encode(text="label:N")
    rule = (
        alt.Chart(pd.DataFrame({"x": [1.0], "t": ["minimal important change"]}))
        .mark_rule(strokeDash=[5, 3], color=OKABE_ITO[5], strokeWidth=2)
        .encode(x="x:Q")
    )
    rule_text = (
        alt.Chart(pd.DataFrame({"x": [1.0], "t": ["1× = minimal important change"]}))
        .mark_text(align="left", dx=4, dy=-6, color=OKABE_ITO[5], fontSize=10)
        .encode(x="x:Q", y=alt.value(0), text="t:N")
    )
    return (bars + text + rule + rule_text).properties(height=alt.Step(46))

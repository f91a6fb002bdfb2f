"""Altair charts built from pathway's pure rows (kept out of the pages)."""

from __future__ import annotations

import functools
import json
import math

import altair as alt

from pathway.engine import Assessment
from pathway.timeline import LAYER_NAMES, bands, markers

LAYER_COLOURS = ["#0072B2", "#E69F00"]  # Okabe-Ito blue (source) and orange (published)
MARKER_COLOURS = {
    "6-week minimum": "#555555",
    "Interventions may open": "#009E73",
    "Today": "#D55E00",
    "Earliest surgery": "#CC79A7",
}


def timeline_records(a: Assessment) -> tuple[list[dict], list[dict]]:
    return [b.__dict__ for b in bands(a)], [m.__dict__ for m in markers(a)]


def timeline_chart(x_max: float, rows: tuple[str, ...]) -> alt.LayerChart:
    """Return-to-activity windows in months from the start of care, with markers.

    No text marks on the bars: Vega draws them black in either theme (unreadable in dark);
    each range is in the tooltip, the caption and the table beside the chart.

    Data come by name ("bands", "markers"), so one chart serves every case of the same
    shape; timeline_spec fills them in.
    """
    x = alt.X(
        "start:Q",
        title="Months since care began",
        scale=alt.Scale(domain=[0, x_max], nice=False),
        axis=alt.Axis(tickMinStep=1),
    )
    y = alt.Y("row:N", title=None, sort=list(rows), axis=alt.Axis(labelLimit=150))
    layers = list(LAYER_NAMES.values())
    layer = alt.Color(
        "layer:N",
        title="Layer",
        scale=alt.Scale(domain=layers, range=LAYER_COLOURS),
        legend=alt.Legend(orient="top", direction="vertical"),
    )
    tooltip = [
        alt.Tooltip("label:N", title="Window"),
        alt.Tooltip("start:Q", title="From month"),
        alt.Tooltip("end:Q", title="To month"),
        alt.Tooltip("refs:N", title="Sources"),
        alt.Tooltip("note:N", title="Who / note"),
    ]
    bars = (
        alt.Chart(alt.Data(name="bands"))
        .mark_bar(height=22, cornerRadius=3, strokeWidth=1.5)
        .encode(
            x=x,
            x2="end:Q",
            y=y,
            color=layer,
            stroke=alt.Stroke("layer:N", scale=alt.Scale(domain=layers, range=LAYER_COLOURS), legend=None),
            tooltip=tooltip,
            # Published bands are paler and dashed as well as orange: not colour alone.
            strokeDash=alt.StrokeDash(
                "layer:N", scale=alt.Scale(domain=layers, range=[[1, 0], [4, 2]]), legend=None
            ),
            fillOpacity=alt.FillOpacity(
                "layer:N", scale=alt.Scale(domain=layers, range=[0.9, 0.35]), legend=None
            ),
        )
    )
    names = list(MARKER_COLOURS)
    rules = (
        alt.Chart(alt.Data(name="markers"))
        .mark_rule(strokeWidth=2.5)
        .encode(
            x=alt.X("month:Q"),
            color=alt.Color(
                "name:N",
                title="Markers",
                scale=alt.Scale(domain=names, range=list(MARKER_COLOURS.values())),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            strokeDash=alt.StrokeDash(
                "name:N",
                legend=None,
                scale=alt.Scale(domain=names, range=[[2, 2], [6, 3], [1, 0], [8, 2, 2, 2]]),
            ),
            tooltip=[alt.Tooltip("text:N", title="Marker"), alt.Tooltip("month:Q", title="Month")],
        )
    )
    return (
        alt.layer(bars, rules)
        .properties(
            height=alt.Step(36),
            # Fit labels and legends inside the container's width: phones are 390 px wide.
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
        .resolve_scale(color="independent", strokeDash="independent")
    )


@functools.lru_cache(maxsize=32)
def _template(x_max: float, rows: tuple[str, ...]) -> str:
    with alt.theme.enable("none"):
        return json.dumps(timeline_chart(x_max, rows).to_dict(validate=False))


def timeline_spec(a: Assessment) -> dict:
    """The chart for one case as a Vega-Lite dict with its data inline.

    Building and converting the Altair chart costs ~30 ms; a slider move must cost far less,
    so the chart is converted once per shape (axis length, rows) and the case's rows are
    dropped into it. tests/test_explorer.py validates the same spec against the schema.
    """
    band_rows, marker_rows = timeline_records(a)
    # The axis grows in 6-month steps, not with every week: while the spec stays the same
    # the browser only swaps the data in, instead of rebuilding the whole chart.
    x_max = 6.0 * math.ceil((max(b["end"] for b in band_rows) + 1.5) / 6.0)
    rows = tuple(dict.fromkeys(b["row"] for b in band_rows))
    spec = json.loads(_template(max(12.0, x_max), rows))
    spec["datasets"] = {"bands": band_rows, "markers": marker_rows}
    return spec

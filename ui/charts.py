"""Altair charts built from pathway's pure rows (kept out of the pages)."""

from __future__ import annotations

import functools
import json
import math

import altair as alt

from pathway.model.engine import Assessment, evaluate
from pathway.resident import defect
from pathway.resident.timeline import LAYER_NAMES, bands, markers
from pathway.sources.errors import EvidenceError
from ui.case import arrow_bytes

LAYER_COLOURS = ["#0072B2", "#E69F00"]  # Okabe-Ito blue (source) and orange (published)
# Marker name: (colour, dash). Listed in the order a merged marker takes its look from.
MARKER_STYLE = {
    "Today": ("#D55E00", [1, 0]),
    "Earliest surgery": ("#CC79A7", [8, 2, 2, 2]),
    "Interventions may open": ("#009E73", [6, 3]),
    "Surgical opinion (professional)": ("#56B4E9", [3, 3]),
    "6-week minimum": ("#555555", [2, 2]),
}
MERGE_MONTHS = 0.25  # markers closer than about a week are drawn as one
UNION_ROW = "Bone union (published)"


def merged_markers(marks: list[dict]) -> list[dict]:
    """Markers that would overlap become one rule, named after all of them (the three lines
    at weeks 13-14 were drawn as one striped line)."""
    rank = {name: i for i, name in enumerate(MARKER_STYLE)}
    out: list[list[dict]] = []
    for m in sorted(marks, key=lambda m: m["month"]):
        if out and m["month"] - out[-1][0]["month"] < MERGE_MONTHS:
            out[-1].append(m)
        else:
            out.append([m])
    merged = []
    for group in out:
        group.sort(key=lambda m: rank.get(m["name"], 99))
        merged.append(
            {
                "name": " = ".join(m["name"] for m in group),
                "style": group[0]["name"],
                "month": group[0]["month"],
                "text": "; ".join(m["text"] for m in group),
            }
        )
    return merged


def timeline_records(a: Assessment) -> tuple[list[dict], list[dict]]:
    # The professional's early-opinion line is one of timeline.markers (only with an imaged
    # defect, I4; clinical review N7).
    marks = [m.__dict__ for m in markers(a)]
    return [b.__dict__ for b in bands(a)], marks


def defect_records(a: Assessment) -> tuple[list[dict], list[dict], str]:
    """The published figures for this defect: healing chances, union times, and the words.

    A broken data/figures.csv leaves the windows drawn and says what is wrong, naming it.
    """
    try:
        chances, unions, said = _defect(a.scenario)
    except EvidenceError as exc:
        return [], [], f"The published figures for this defect cannot be shown: {exc}."
    return [dict(c) for c in chances], [dict(u) for u in unions], said


@functools.lru_cache(maxsize=512)
def _defect(scenario) -> tuple[tuple, tuple, str]:
    """Per case, once: a slider move asks for these from the chart, its caption and table."""
    a = evaluate(scenario)
    chances, _ = defect.healing(a)
    unions, _ = defect.union_times(a)
    return (
        tuple(tuple(c.__dict__.items()) for c in chances),
        tuple(tuple((u.__dict__ | {"row": UNION_ROW}).items()) for u in unions),
        defect.summary(a),
    )


def timeline_chart(
    x_max: float,
    rows: tuple[str, ...],
    marker_names: tuple[str, ...] = (),
    marker_styles: tuple[str, ...] = (),
    union: bool = False,
) -> alt.LayerChart:
    """Return-to-activity windows in months from the start of care, with markers, and the
    published times to bone union for this defect.

    No text marks: Vega draws them black in either theme (unreadable in dark); each value is
    in the tooltip, the caption and the table beside the chart.

    Data come by name ("bands", "markers", "union"), so one chart serves every
    case of the same shape; timeline_spec fills them in. The marker legend lists only the
    markers drawn (their names are the scale's domain).
    """
    all_rows = list(rows) + ([UNION_ROW] if union else [])
    x = alt.X(
        "start:Q",
        title="Months since care began",
        scale=alt.Scale(domain=[0, x_max], nice=False),
        axis=alt.Axis(tickMinStep=1),
    )
    y = alt.Y(
        "row:N", title=None, sort=all_rows, scale=alt.Scale(domain=all_rows), axis=alt.Axis(labelLimit=150)
    )
    layers = [_bands_layer(x, y), _markers_layer(marker_names, marker_styles)]
    if union:
        layers.append(_union_layer(y))
    timeline = (
        alt.layer(*layers)
        .properties(
            height=alt.Step(36),
            title=alt.TitleParams(
                "Return-to-activity windows (months since care began)", anchor="start", fontSize=13
            ),
        )
        .resolve_scale(color="independent", strokeDash="independent")
    )
    return timeline.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


def _bands_layer(x: alt.X, y: alt.Y) -> alt.Chart:
    """The windows: source bands solid blue, published bands paler, dashed and orange."""
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
    return (
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


def _markers_layer(marker_names: tuple[str, ...], marker_styles: tuple[str, ...]) -> alt.Chart:
    """One vertical rule per (merged) marker, each with its colour and dash (MARKER_STYLE)."""
    styles = [MARKER_STYLE[n] for n in marker_styles]
    return (
        alt.Chart(alt.Data(name="markers"))
        .mark_rule(strokeWidth=2.5)
        .encode(
            x=alt.X("month:Q"),
            color=alt.Color(
                "name:N",
                title="Markers",
                scale=alt.Scale(domain=list(marker_names), range=[c for c, _ in styles]),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
            ),
            strokeDash=alt.StrokeDash(
                "name:N",
                legend=None,
                scale=alt.Scale(domain=list(marker_names), range=[d for _, d in styles]),
            ),
            tooltip=[
                alt.Tooltip("text:N", title="Marker"),
                alt.Tooltip("month:Q", title="Month", format=".1f"),
            ],
        )
    )


def _union_layer(y: alt.Y) -> alt.Chart:
    """The published times to bone union for this defect: diamonds on their own row."""
    return (
        alt.Chart(alt.Data(name="union"))
        .mark_point(shape="diamond", size=140, filled=True, color="#E69F00", stroke="#8a5a00")
        .encode(
            x=alt.X("month_low:Q"),
            y=y,
            tooltip=[
                alt.Tooltip("text:N", title="Published"),
                alt.Tooltip("population:N", title="Who"),
                alt.Tooltip("refs:N", title="Sources"),
            ],
        )
    )


def healing_chart(rows: tuple[str, ...]) -> alt.Chart:
    """The published chance that the bone heals with conservative care, one bar per figure
    that describes this stage and side (its own chart: it changes with the defect, not with
    every week, so a slider move does not redraw it)."""
    return (
        alt.Chart(alt.Data(name="chances"))
        .mark_bar(
            height=18, cornerRadius=3, color="#E69F00", opacity=0.75, stroke="#8a5a00", strokeDash=[4, 2]
        )
        .encode(
            x=alt.X(
                "percent:Q",
                title="Chance the bone heals with conservative care (%)",
                scale=alt.Scale(domain=[0, 100]),
            ),
            y=alt.Y("row:N", title=None, sort=list(rows), axis=alt.Axis(labelLimit=150)),
            tooltip=[
                alt.Tooltip("percent:Q", title="Percent", format=".1f"),
                alt.Tooltip("what:N", title="What"),
                alt.Tooltip("population:N", title="Who"),
                alt.Tooltip("refs:N", title="Sources"),
                alt.Tooltip("caveats:N", title="Differs from this case"),
            ],
        )
        .properties(
            height=alt.Step(28),
            title=alt.TitleParams(
                "Published healing: this stage and side first, then other cohorts",
                anchor="start",
                fontSize=13,
            ),
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
    )


@functools.lru_cache(maxsize=64)
def _healing_template(rows: tuple[str, ...]) -> str:
    with alt.theme.enable("none"):
        return json.dumps(healing_chart(rows).to_dict(validate=False))


def healing_spec(a: Assessment) -> dict | None:
    """The healing chart for this case, or None when no figure describes it."""
    chances, _, _ = defect_records(a)
    if not chances:
        return None
    spec = json.loads(_healing_template(tuple(c["row"] for c in chances)))
    spec["datasets"] = {"chances": chances}
    return spec


@functools.lru_cache(maxsize=64)
def _template(x_max, rows, marker_names, marker_styles, union) -> str:
    with alt.theme.enable("none"):
        chart = timeline_chart(x_max, rows, marker_names, marker_styles, union)
        return json.dumps(chart.to_dict(validate=False))


def timeline_spec(a: Assessment) -> dict:
    """The chart for one case as a Vega-Lite dict with its data inline.

    Building and converting the Altair chart costs ~30 ms; a slider move must cost far less,
    so the chart is converted once per shape (axis length, rows, markers drawn) and the
    case's rows are dropped into it. tests/test_explorer.py validates the same spec.
    """
    band_rows, marker_rows = timeline_records(a)
    _, unions, _ = defect_records(a)
    marks = merged_markers(marker_rows)
    # The axis grows in 6-month steps, not with every week: while the spec stays the same
    # the browser only swaps the data in, instead of rebuilding the whole chart.
    # A case outside the pathway (I14) has no window: the axis keeps its 12 months.
    x_max = 6.0 * math.ceil((max((b["end"] for b in band_rows), default=0.0) + 1.5) / 6.0)
    rows = tuple(dict.fromkeys(b["row"] for b in band_rows))
    spec = json.loads(
        _template(
            max(12.0, x_max),
            rows,
            tuple(m["name"] for m in marks),
            tuple(m["style"] for m in marks),
            bool(unions),
        )
    )
    spec["datasets"] = {"bands": band_rows, "markers": marks, "union": unions}
    return spec


@functools.lru_cache(maxsize=512)
def _shipped(build, scenario) -> tuple[str, tuple[tuple[str, bytes], ...]] | None:
    """One case's chart, once: its spec as JSON and its datasets as Arrow IPC bytes.

    Streamlit turns a spec's named datasets into Arrow on every call, through pandas: about
    two thirds of the server's work for a slider move (py-spy). Given bytes, it ships them as
    they are, so each case is converted once, with Streamlit's own converter (the same bytes
    it would make).
    """
    spec = build(evaluate(scenario))
    if spec is None:
        return None
    datasets = spec.pop("datasets")
    arrow = tuple((name, arrow_bytes(rows)) for name, rows in datasets.items())
    return json.dumps(spec), arrow


def _fresh(shipped: tuple[str, tuple[tuple[str, bytes], ...]]) -> dict:
    spec, arrow = shipped
    return json.loads(spec) | {"datasets": dict(arrow)}


def timeline_spec_shipped(a: Assessment) -> dict:
    """timeline_spec(a) as the page sends it: a fresh dict, datasets already in Arrow."""
    shipped = _shipped(timeline_spec, a.scenario)
    if shipped is None:  # timeline_spec always returns a spec
        raise AssertionError("no timeline spec")
    return _fresh(shipped)


def healing_spec_shipped(a: Assessment) -> dict | None:
    """healing_spec(a) as the page sends it (None when no figure describes the case)."""
    shipped = _shipped(healing_spec, a.scenario)
    return None if shipped is None else _fresh(shipped)

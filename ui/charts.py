"""Altair charts built from pathway's pure rows (kept out of the pages)."""

from __future__ import annotations

import functools
import json

import altair as alt

from pathway.model.engine import Assessment, evaluate
from pathway.resident import defect
from pathway.resident.timeline import bands
from pathway.resident.week_table import UNION_ROW, marker_rows
from pathway.sources.errors import EvidenceError
from ui.case import arrow_bytes


def timeline_records(a: Assessment) -> tuple[list[dict], list[dict]]:
    return [b.__dict__ for b in bands(a)], marker_rows(a)


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
            title=alt.TitleParams("Published: healing for this stage and side", anchor="start", fontSize=13),
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


def _fresh(shipped) -> dict | None:
    if shipped is None:
        return None
    spec, arrow = shipped
    return json.loads(spec) | {"datasets": dict(arrow)}


def healing_spec_shipped(a: Assessment) -> dict | None:
    """healing_spec(a) as the page sends it (None when no figure describes the case)."""
    return _fresh(_shipped(healing_spec, a.scenario))

"""The explorer's weeks control, result card and timeline, drawn in the browser.

A custom component (Streamlit components v2, no iframe) gets the case's answer for every week
0-52 (pathway.resident.week_table) once per case; a move of its native range input redraws
the card and the SVG timeline from that table in the same frame, with no server round trip.
When a move settles, the component tells the server the week (setStateValue); the page's
callback puts it in the URL and reruns what depends on it.

The JavaScript and CSS ship in the repository (ui/timeline/) and are sent inline: nothing is
fetched at run time. No URL text reaches them as HTML: the table holds the engine's words, and
the script writes every text with textContent.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import streamlit as st

from pathway.model.scenario import Scenario
from pathway.resident.week_table import MARKER_ORDER, week_table

ASSETS = Path(__file__).resolve().parent / "timeline"
KEY = "explorer_weeks"
LAYER_COLOURS = {"Source pathway": "#0072B2", "Published evidence": "#E69F00"}
# Marker name: (colour, dash). Same look as the Vega chart had (ui/charts.MARKER_STYLE).
MARKER_STYLE = {
    "Today": ("#D55E00", None),
    "Earliest surgery": ("#CC79A7", "8 2 2 2"),
    "Interventions may open": ("#009E73", "6 3"),
    "Surgical opinion (professional)": ("#56B4E9", "3 3"),
    "6-week minimum": ("#777777", "2 2"),
}
assert tuple(MARKER_STYLE) == MARKER_ORDER
SENTENCE_ID = re.compile(r"\bS\d{2}\b")


def _asset(name: str) -> str:
    text = (ASSETS / name).read_text(encoding="utf-8")
    # Streamlit treats a one-line string as a path: the files are multi-line, keep it so.
    return text if "\n" in text.strip() else text + "\n\n"


_RENDERER = st.components.v2.component(
    "ppe_weeks_timeline",
    html=None,
    css=_asset("weeks.css"),
    js=_asset("weeks.js"),
    isolate_styles=False,  # light DOM: page tests, axe and keyboard focus see it as it is
)


def pack(table: dict) -> dict:
    """The table with each week's repeated lists (bands, markers, unions) stored once and
    referred to by index: the same content in fewer bytes (unpack reverses it)."""
    pools: dict[str, list] = {"bands": [], "markers": [], "unions": []}
    seen: dict[str, dict[str, int]] = {k: {} for k in pools}
    weeks = []
    for row in table["weeks"]:
        out = dict(row)
        for name, pool in pools.items():
            blob = json.dumps(row[name], sort_keys=True)
            if blob not in seen[name]:
                seen[name][blob] = len(pool)
                pool.append(row[name])
            out[name] = seen[name][blob]
        weeks.append(out)
    return {"x_max": table["x_max"], "rows": table["rows"], "weeks": weeks, "pools": pools}


def unpack(packed: dict) -> dict:
    """What the browser reads back from pack(): the table itself."""
    pools = packed["pools"]
    weeks = [row | {name: pools[name][row[name]] for name in pools} for row in packed["weeks"]]
    return {"x_max": packed["x_max"], "rows": packed["rows"], "weeks": weeks}


@lru_cache(maxsize=256)
def _case_json(scenario: Scenario, sentences: tuple[tuple[str, str], ...]) -> str:
    table = week_table(scenario.replace(weeks_conservative=0))
    words = json.dumps(table)
    cited = {s: text for s, text in sentences if re.search(rf"\b{s}\b", words)}
    data = pack(table) | {
        "case": scenario.replace(weeks_conservative=0).to_query(),
        "sentences": cited,
        "layers": LAYER_COLOURS,
        "marker_style": {k: {"colour": c, "dash": d} for k, (c, d) in MARKER_STYLE.items()},
    }
    return json.dumps(data, separators=(",", ":"))


def data_for(scenario: Scenario, sentences: dict[str, str]) -> dict:
    """The component's data for this case, opened at the scenario's week."""
    base = json.loads(_case_json(scenario, tuple(sorted(sentences.items()))))
    return base | {"week": int(scenario.weeks_conservative)}


def weeks_timeline(scenario: Scenario, sentences: dict[str, str], on_change) -> int | None:
    """Mount the component; ``on_change`` runs when a settled move reports its week.

    Returns the week the component last reported (None before any move)."""
    result = _RENDERER(
        key=KEY,
        data=data_for(scenario, sentences),
        default={"week": int(scenario.weeks_conservative)},
        on_week_change=on_change,
        height="content",
    )
    return getattr(result, "week", None)


def reported_week() -> int | None:
    """The week the component reported last (in a callback), clamped to the slider's range."""
    state = st.session_state.get(KEY)
    value = None
    if state is not None:
        value = state.get("week") if hasattr(state, "get") else getattr(state, "week", None)
    if value is None:
        return None
    try:
        return max(0, min(52, int(value)))
    except (TypeError, ValueError):
        return None


def url_binding() -> None:
    """The week's place in the URL: a number input bound to ``weeks_conservative``, hidden
    (ui/timeline/weeks.css) and out of the tab order and accessibility tree.

    Streamlit carries only parameters bound to widgets across a page switch (its frontend's
    ``filterParamsForPageChange``), so the week needs a bound widget, not just a query
    parameter; the component's callback sets this widget's value, and Streamlit writes the
    URL, keeps it for the menu and the links, and restores it on Back.
    """
    with st.container(key="explorer_weeks_url"):
        st.number_input(
            "Weeks of conservative care (kept in the address)",
            min_value=0,
            max_value=52,
            value=0,
            step=1,
            key="weeks_conservative",
            bind="query-params",
            label_visibility="collapsed",
        )

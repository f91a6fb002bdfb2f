"""The case in the URL: the case controls, their labels, reading a link, and Streamlit's insides.

Every control is bound to the URL under its Scenario field's name, so a link opens a page on
its case. Keeping the case across page switches needs Streamlit 1.67 internals; every use of
a private Streamlit name in the app is in this file (the last section holds the two chart
conversions the chart modules borrow), and tests/test_streamlit_internals.py fails when one
of them disappears or changes its signature. Re-check them at every Streamlit upgrade.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode

import streamlit as st

import pathway
from pathway.model.scenario import (
    ACTIVITIES,
    CT_STAGES,
    LATERALITIES,
    MRI_VALUES,
    PAIN_LEVELS,
    SCENARIO_FIELDS,
    Scenario,
)
from pathway.sources.source import escape_markdown

WEEKS_SLIDER_MAX = 52  # the explorer's slider; Scenario itself allows up to 104
AGE_SLIDER = (14, 60)  # the age control's range; Scenario itself allows 10 to 90
# What the case controls can show: a link value outside it is reported, not clamped.
CONTROL_RANGES = {"weeks_conservative": (0, WEEKS_SLIDER_MAX), "age": AGE_SLIDER}


def _case_belongs_to_the_app() -> None:
    """Keep the case in the URL when the user changes page.

    The cause: every case control is bound to the URL (``bind="query-params"``), and on a
    page switch Streamlit 1.67 drops, before the new page runs, every parameter bound to a
    widget of the page being left (``QueryParams.populate_from_query_string`` with the new
    page's script hashes). So a link, the menu or Back opened the new page at the default
    case, although the browser had sent the case. Worse, Streamlit then tells the browser the
    shortened query while it still shows the old page: the browser pushes a history entry of
    the old page without the case, and Back lands on it (the explorer at week 0).

    The case is the app's, not one page's: every page that shows it binds the same keys. So
    before that filter runs, the old page's bindings of the case fields are released (the
    new page binds them again when it draws its controls), and a field the browser sent twice
    (the URL's value, then the link's copy of it) is kept once. Nothing else
    changes: other parameters are filtered as before, and values are only moved, not read
    (the widgets and case_notice() validate them).
    """
    from streamlit.runtime.state.query_params import QueryParams

    original = QueryParams.populate_from_query_string
    if getattr(original, "_keeps_the_case", False):
        return

    def populate_from_query_string(self, query_string, valid_script_hashes=None):
        switch = valid_script_hashes is not None
        if switch:
            for field in SCENARIO_FIELDS:
                binding = self.get_binding_for_param(field)
                if binding is not None and binding.script_hash not in valid_script_hashes:
                    self.unbind_widget(binding.widget_id)
        pairs, seen = [], set()
        for key, value in parse_qsl(query_string, keep_blank_values=True):
            if key in SCENARIO_FIELDS:
                # An exact repeat is the same case twice (the URL's copy and the link's copy
                # on a switch): kept once. Copies that disagree are left for read_link(), which
                # falls back to the default and says so (one reading of a link).
                if (key, value) in seen:
                    continue
                seen.add((key, value))
            pairs.append((key, value))
        return original(self, urlencode(pairs), valid_script_hashes)

    populate_from_query_string._keeps_the_case = True  # type: ignore[attr-defined]
    populate_from_query_string.__wrapped__ = original  # type: ignore[attr-defined]
    QueryParams.populate_from_query_string = populate_from_query_string  # type: ignore[method-assign]


_case_belongs_to_the_app()


# A link too long to read: Streamlit 1.67 drops a query of over 1000 fields (or 512 Ki
# characters) before the app sees it, and the proxy of deploy/ refuses a request line over
# its header buffer (nginx's default 8 KiB: 414). The app draws its line below both, so a
# link means the same directly and behind the proxy, and says when it could not read one.
LINK_MAX_FIELDS = 1000  # streamlit.runtime.state.query_params.CLIENT_STATE_QUERY_STRING_MAX_FIELDS
LINK_MAX_CHARS = 8000  # the query string, as the browser sends it (tests/test_link_edges.py)
# What a too-long query becomes: one constant marker, read and removed by take_too_long().
TOO_LONG_KEY, TOO_LONG_VALUE = "link", "too_long"


def too_long(query_string: str) -> bool:
    """Whether a raw query string is over the app's limits (fields counted as Streamlit does)."""
    return len(query_string) > LINK_MAX_CHARS or query_string.count("&") + 1 > LINK_MAX_FIELDS


def _too_long_links_are_said() -> None:
    """Where Streamlit would silently empty an over-long query, put the marker instead.

    Streamlit sanitises the browser's query in two places (the session, before the run, and
    QueryParams when it parses); both call ``sanitize_query_string``, which returns "" past
    its limits. The wrapper returns ``link=too_long`` past the app's (lower) limits, so the
    page opens at the default case and ``take_too_long`` can say why. The very first run
    of a fresh server process starts before this module is imported; ui/browser.js makes the
    same check on the address and reloads on the marker then.
    """
    from streamlit.runtime import app_session
    from streamlit.runtime.state import query_params

    original = query_params.sanitize_query_string
    if getattr(original, "_says_too_long", False):
        return

    def sanitize_query_string(query_string: str) -> str:
        if query_string and too_long(query_string):
            return f"{TOO_LONG_KEY}={TOO_LONG_VALUE}"
        return original(query_string)

    sanitize_query_string._says_too_long = True  # type: ignore[attr-defined]
    sanitize_query_string.__wrapped__ = original  # type: ignore[attr-defined]
    query_params.sanitize_query_string = sanitize_query_string
    app_session.sanitize_query_string = sanitize_query_string


_too_long_links_are_said()


def take_too_long() -> bool:
    """True once when this run's link was too long; the marker leaves the address at once."""
    if st.query_params.get(TOO_LONG_KEY) != TOO_LONG_VALUE:
        return False
    del st.query_params[TOO_LONG_KEY]
    return True


def too_long_notice() -> None:
    """The notice for a link that was too long (plain words: every page, every audience)."""
    st.warning(
        "This link was too long to open (over 1,000 parts or 8,000 characters), so the page "
        "starts from the usual starting case, not the link's. Ask for the link again, or copy "
        "it afresh from the page it came from.",
        icon=":material/link_off:",
    )


def bound_here() -> bool:
    """Whether this page binds a case control to the URL (drawn earlier in this run).

    On a page switch, Streamlit 1.67's browser side keeps the URL values of the parameters
    bound on the page being left and then appends the link's own query: a link that carries
    the case from such a page (the Patient view) sent every case field twice, and the
    address bar kept both copies. Links drawn on these pages carry no query of their own
    (``page_links`` makes them live), so the case travels once, as the bound copy.
    """
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    from streamlit.runtime.state.session_state_proxy import get_session_state

    ctx = get_script_run_ctx()
    if ctx is None:
        return False
    with get_session_state().query_params() as qp:
        for field in SCENARIO_FIELDS:
            binding = qp.get_binding_for_param(field)
            if binding is not None and binding.script_hash == ctx.page_script_hash:
                return True
    return False


def _labelled(message: str) -> str:
    for field in SCENARIO_FIELDS:
        if message.startswith(field + " "):
            return f"{LABELS[field]}: {message}"
    return message


Audience = Literal["resident", "patient"]

# The Patient view's notice names what it asks in its own words (its questions, then the
# details for the clinician), never a URL field name or the explorer's labels.
PATIENT_WORDS = {
    "weeks_conservative": "how many weeks since your care began",
    "pain": "how much pain you have now",
    "activity": "the sport level you want to go back to",
    "formal_pt": "whether you have had physical therapy",
    "laterality": "whether the break is on one side or both",
    "ct_stage": "the CT scan result",
    "mri_edema": "the MRI result",
    "listhesis_grade": "how far the bone has slipped",
    "age": "your age",
}


def _patient_notice(bad: list[str], ranges: dict[str, tuple[int, int]]) -> str:
    parts = []
    for field in bad:
        words = PATIENT_WORDS[field]
        if field in ranges:
            low, high = ranges[field]
            words += f" (a whole number from {low} to {high})"
        parts.append(words)
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return (
        f"Part of this link could not be read, so it starts again from the usual answer: {listed}. "
        "Please check your answers below."
    )


def case_notice(max_weeks: int | None = WEEKS_SLIDER_MAX, audience: Audience = "resident") -> list[str]:
    """One line naming the link's bad values (if any); the case falls back to defaults.

    Call it before the case controls are drawn. It reads the link once, through
    ``Scenario.from_query`` (the app's one parser), and rewrites the case part of the URL to
    the canonical form of what it found (``?pain=MILD`` -> ``?pain=mild``; bad values
    removed) before Streamlit's bound widgets seed themselves from it. So the controls, the
    assessment and this notice all read the same values. Field names and allowed values
    come from pathway, never from the URL. ``audience="patient"`` says it in the Patient
    view's words (PATIENT_WORDS); the resident wording leads each parser message with the
    control's label. Returns the parser's messages either way.
    """
    ranges = {**CONTROL_RANGES, "weeks_conservative": (0, max_weeks or 104)}
    _, messages = read_link(ranges)
    if messages:
        if audience == "patient":
            bad = [f for f in SCENARIO_FIELDS if any(m.startswith(f + " ") for m in messages)]
            text = _patient_notice(bad, ranges)
        else:
            # Each message starts with the field's URL name; lead with the control's label.
            text = "Some values in this link were not valid and were reset: " + " ".join(
                _labelled(m) for m in messages
            )
        st.warning(escape_markdown(text), icon=":material/link_off:")
    return messages


def read_link(ranges: dict[str, tuple[int, int]] | None = None) -> tuple[Scenario, list[str]]:
    """The case the URL describes, with the URL rewritten to its canonical form.

    Streamlit seeds a bound widget from the URL with its own rules (the last of repeated
    keys, ``float()`` for sliders, exact labels only, ``true``/``false`` only). Rewriting the
    URL first means a widget only ever sees the canonical value (or nothing, so its default)
    of what ``Scenario.from_query`` decided.
    """
    raw = {k: st.query_params.get_all(k) for k in st.query_params if k in SCENARIO_FIELDS}
    scenario, messages = Scenario.from_query(raw, ranges=ranges)
    canonical = scenario.to_query()
    if {k: v[0] if len(v) == 1 else v for k, v in raw.items()} != canonical:
        _rewrite_link(set(raw), canonical)
    return scenario, messages


def _rewrite_link(drop: set[str], canonical: dict[str, str]) -> None:
    # st.query_params refuses to set a key already bound to a widget (a rerun or history
    # navigation of this page), and bound widgets seed from Streamlit's copy of the
    # initial URL; both are updated here. Streamlit 1.67 internals (pinned in requirements).
    from streamlit.runtime.state.session_state_proxy import get_session_state

    with get_session_state().query_params() as qp:
        for key in drop:
            qp._query_params.pop(key, None)
            qp._initial_query_params.pop(key, None)
        for key, value in canonical.items():
            qp._query_params[key] = value
            qp._initial_query_params[key] = [value]
        qp._send_query_param_msg()


_FORMATS = {f: (lambda v, f=f: pathway.label(f, v)) for f in SCENARIO_FIELDS}

HELP = {
    "weeks_conservative": "Weeks of conservative care completed since it started (0-52).",
    "formal_pt": "Structured physical therapy, documented, during that time.",
    "pain": "'limits function' = pain that significantly limits function and quality of life.",
    "laterality": "A defect on both sides (bilateral) or one side (unilateral).",
    "ct_stage": "Fracture stage on CT; 'not done' if no CT yet.",
    "mri_edema": "Bone-marrow oedema on MRI marks an acute stress injury.",
    "listhesis_grade": "Meyerding grade of spondylolisthesis: 0 = no slip, 1-4 = grades I-IV.",
    "activity": "The sport level the patient wants to return to.",
    "age": "Age in years.",
}

LABELS = {
    "weeks_conservative": "Weeks of conservative care",
    "formal_pt": "Formal physical therapy done",
    "pain": "Pain now",
    "laterality": "Laterality",
    "ct_stage": "CT stage",
    "mri_edema": "MRI",
    "listhesis_grade": "Slip: Meyerding grade (0 = none)",
    "activity": "Activity level",
    "age": "Age",
}


def control(field: str, label: str | None = None, help: str | None = None, on_change=None) -> object:
    """One case control bound to the URL under the Scenario field's name.

    ``on_change`` (a callback) lets a page choose which of its fragments a change reruns.
    """
    label = label or LABELS[field]
    help = help if help is not None else HELP[field]
    default = getattr(Scenario(), field)
    bound = {"key": field, "bind": "query-params", "help": help, "on_change": on_change}
    if field == "weeks_conservative":
        return st.slider(label, 0, WEEKS_SLIDER_MAX, int(default), step=1, **bound)
    if field == "age":
        # A slider, not number_input: Streamlit parses a bound number_input's URL value as a
        # float, and a 5,000-digit age in a link overflowed inside the widget.
        low, high = AGE_SLIDER
        return st.slider(label, low, high, int(default), step=1, **bound)
    if field == "formal_pt":
        return st.toggle(label, value=bool(default), **bound)
    if field == "listhesis_grade":
        # A plain integer slider: its URL value is the grade itself (?listhesis_grade=2).
        return st.slider(label, 0, 4, default, step=1, **bound)
    if field == "mri_edema":
        # Options are the labels, not None/True/False: a selectbox takes a None option for
        # "nothing chosen", offered a clear button and went blank when set to None.
        options = tuple(_MRI_BY_LABEL)
        return st.selectbox(label, options, index=options.index(pathway.label(field, default)), **bound)
    options = {
        "pain": PAIN_LEVELS,
        "laterality": LATERALITIES,
        "ct_stage": CT_STAGES,
        "activity": ACTIVITIES,
    }[field]
    return st.selectbox(
        label,
        options,
        index=options.index(default),
        format_func=_FORMATS[field],
        **bound,
    )


_MRI_BY_LABEL = {pathway.label("mri_edema", v): v for v in MRI_VALUES}


def widget_value(field: str, value: object) -> object:
    """What st.session_state holds for a control showing this Scenario value."""
    return pathway.label(field, value) if field == "mri_edema" else value


def scenario_value(field: str, value: object) -> object:
    """The Scenario value of what a control holds in st.session_state."""
    if field == "mri_edema" and isinstance(value, str):
        return _MRI_BY_LABEL[value]
    return value


def current_scenario(shown: Iterable[str] = ()) -> Scenario:
    """The case from the widgets drawn this run, and the URL for fields not drawn here."""
    # A control not drawn yet in this run (the explorer draws the weeks slider, and reads the
    # case, before its other controls) has no state yet: its value is still the URL's.
    shown = {f for f in shown if f in st.session_state}
    params = {
        k: st.query_params.get_all(k) for k in st.query_params if k in SCENARIO_FIELDS and k not in shown
    }
    base, _ = Scenario.from_query(params)
    values = {f: scenario_value(f, st.session_state[f]) for f in shown}
    return base.replace(**values)


# ---------------------------------------------------------------------------------------
# Streamlit 1.67 internals the chart modules use (speed: each chart is converted once and
# cached, instead of on every run). tests/test_streamlit_internals.py watches them.


def vega_lite_spec(chart: Any) -> dict:
    """An Altair chart as Streamlit sends it: a Vega-Lite dict whose datasets are Arrow bytes
    (Streamlit's own conversion, the one st.altair_chart makes on every run)."""
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    return _convert_altair_to_vega_lite_spec(chart)


def arrow_bytes(rows: Any) -> bytes:
    """Rows as the Arrow IPC bytes Streamlit would make of them for a chart's dataset."""
    from streamlit import dataframe_util

    return dataframe_util.convert_anything_to_arrow_bytes(rows)

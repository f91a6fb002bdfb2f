"""A canary for Streamlit's private names: every one the app uses (all in ui/case.py) still
exists in the installed Streamlit with the signature the app was written against (1.67.0,
the version pinned in requirements.txt).

The query-parameter patch guards itself with ``getattr`` and the chart conversions import
lazily, so an upgrade that renamed or reshaped one of them would turn the case-keeping off,
or fail only when a chart is drawn. This test fails first, naming the name. When it fails
after an upgrade: read the new Streamlit's code for that name, adapt ui/case.py, re-run the
browser link tests (tests/test_links.py, tests/test_browser_*.py), then update the
expectation here.
"""

import dataclasses
import importlib
import inspect
import re
from pathlib import Path

import pytest
import streamlit

ROOT = Path(__file__).resolve().parent.parent
PINNED = "1.67.0"
INTERNAL = re.compile(r"from streamlit\.(runtime|elements)|streamlit import dataframe_util")

# (module, attribute path, the signature in the pinned version)
SIGNATURES = [
    pytest.param(
        "streamlit.runtime.state.query_params",
        "QueryParams.populate_from_query_string",
        "(self, query_string: 'str', valid_script_hashes: 'set[str] | None' = None) -> 'None'",
        id="populate_from_query_string",
    ),
    pytest.param(
        "streamlit.runtime.state.query_params",
        "QueryParams.get_binding_for_param",
        "(self, param_key: 'str') -> 'WidgetBinding | None'",
        id="get_binding_for_param",
    ),
    pytest.param(
        "streamlit.runtime.state.query_params",
        "QueryParams.unbind_widget",
        "(self, widget_id: 'str') -> 'None'",
        id="unbind_widget",
    ),
    pytest.param(
        "streamlit.runtime.state.query_params",
        "QueryParams._send_query_param_msg",
        "(self) -> 'None'",
        id="_send_query_param_msg",
    ),
    pytest.param(
        "streamlit.runtime.state.session_state_proxy",
        "get_session_state",
        "() -> 'SafeSessionState'",
        id="get_session_state",
    ),
    pytest.param(
        "streamlit.runtime.state.safe_session_state",
        "SafeSessionState.query_params",
        "(self) -> 'Generator[QueryParams, None, None]'",
        id="SafeSessionState.query_params",
    ),
    pytest.param(
        "streamlit.runtime.state.query_params",
        "sanitize_query_string",
        "(query_string: 'str') -> 'str'",
        id="sanitize_query_string",
    ),
    pytest.param(
        "streamlit.runtime.scriptrunner_utils.script_run_context",
        "get_script_run_ctx",
        "(suppress_warning: 'bool' = False) -> 'ScriptRunContext | None'",
        id="get_script_run_ctx",
    ),
    pytest.param(
        "streamlit.elements.vega_charts",
        "_convert_altair_to_vega_lite_spec",
        "(altair_chart: 'AltairChart') -> 'VegaLiteSpec'",
        id="_convert_altair_to_vega_lite_spec",
    ),
    pytest.param(
        "streamlit.dataframe_util",
        "convert_anything_to_arrow_bytes",
        "(data: 'Any', max_unevaluated_rows: 'int' = 10000) -> 'bytes'",
        id="convert_anything_to_arrow_bytes",
    ),
]


def _resolve(module: str, path: str):
    obj = importlib.import_module(module)
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def test_the_pinned_streamlit_is_installed():
    """The signatures below are the pinned version's; the lock and the installed copy agree."""
    lock = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert f"streamlit=={PINNED}" in lock
    assert streamlit.__version__ == PINNED


@pytest.mark.parametrize(("module", "path", "signature"), SIGNATURES)
def test_each_private_name_keeps_its_signature(module, path, signature):
    """The name exists and takes the same parameters (the patch is looked through: its
    ``__wrapped__`` is Streamlit's own method)."""
    assert str(inspect.signature(_resolve(module, path))) == signature


def test_query_params_keeps_the_fields_the_link_rewrite_writes():
    """ui/case.py writes QueryParams' two dicts directly, and reads a binding's script hash."""
    from streamlit.runtime.state.query_params import QueryParams, WidgetBinding

    fields = {f.name for f in dataclasses.fields(QueryParams)}
    assert {"_query_params", "_initial_query_params"} <= fields
    assert {"widget_id", "script_hash"} <= {f.name for f in dataclasses.fields(WidgetBinding)}


def test_the_case_patch_is_installed_on_import():
    """Importing ui.case wraps populate_from_query_string once (a second import changes nothing)."""
    from streamlit.runtime.state.query_params import QueryParams

    import ui.case

    patched = QueryParams.populate_from_query_string
    assert getattr(patched, "_keeps_the_case", False)
    ui.case._case_belongs_to_the_app()
    assert QueryParams.populate_from_query_string is patched
    assert not getattr(patched.__wrapped__, "_keeps_the_case", False)


def test_every_private_streamlit_name_is_in_ui_case_and_watched_here():
    """No other file reaches into Streamlit's insides, and every private name ui/case.py uses
    is one this test watches."""
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        if path.name == "case.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not INTERNAL.search(text), path
    case = (ROOT / "ui" / "case.py").read_text(encoding="utf-8")
    watched = {p.values[1].split(".")[-1] for p in SIGNATURES}
    used = set(re.findall(r"\bqp\.(_\w+)", case)) | set(re.findall(r"import (_\w+)", case))
    assert used - watched - {"_query_params", "_initial_query_params"} == set()
    assert INTERNAL.search(case)


def test_the_too_long_link_patch_is_installed_on_import():
    """Importing ui.case wraps Streamlit's query sanitiser in both modules that call it, once;
    Streamlit's own limit is the one ui/case.py repeats."""
    from streamlit.runtime import app_session
    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext
    from streamlit.runtime.state import query_params

    import ui.case

    patched = query_params.sanitize_query_string
    assert getattr(patched, "_says_too_long", False)
    assert app_session.sanitize_query_string is patched
    ui.case._too_long_links_are_said()
    assert query_params.sanitize_query_string is patched
    assert query_params.CLIENT_STATE_QUERY_STRING_MAX_FIELDS == ui.case.LINK_MAX_FIELDS
    assert ui.case.LINK_MAX_CHARS < query_params.CLIENT_STATE_QUERY_STRING_MAX_LENGTH
    assert isinstance(ScriptRunContext.page_script_hash, property)

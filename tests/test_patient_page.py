"""Patient view page (AppTest): follows the explorer's link, redraws on change, pictures count right."""

from __future__ import annotations

import io
import json

import pyarrow as pa
import pytest

from pathway import Scenario
from tests.conftest import run_page

PAGE = "pages/5_Patient_view.py"
SPORT = "went back to sport after care without an operation"
HEAL = "had the bone heal with care without an operation"
# The explorer's link for a case after 16 weeks of care with a physio, pain that limits
# function and a complete fracture (the form Scenario.to_query writes).
CANDIDATE = {
    "weeks_conservative": "16",
    "pain": "limits function",
    "formal_pt": "true",
    "ct_stage": "complete fracture",
}


def badges(at) -> dict[str, str]:
    """Each choice card's title and its status badge."""
    out = {}
    for key in ("keep_going", "injection", "surgery"):
        texts = [m.value for m in at.container(key=f"patient_choice_{key}").markdown]
        out[key] = next(t for t in texts if "-badge[" in t).split("[")[1].rstrip("]")
    return out


def chart_rows(element) -> list[dict]:
    """The rows behind an Altair chart: Streamlit's named datasets (Arrow) or inline values."""
    spec = json.loads(element.proto.spec)
    rows: list[dict] = []
    for ds in element.proto.datasets:
        rows += pa.ipc.open_stream(io.BytesIO(ds.data.data)).read_all().to_pylist()
    return rows or spec.get("data", {}).get("values", [])


def charts_by_alt(at) -> dict[str, object]:
    return {c.proto.alt: c for c in at.get("vega_lite_chart")}


@pytest.fixture(scope="module")
def candidate():
    return run_page(PAGE, CANDIDATE)


def test_page_follows_the_case_from_the_link(candidate):
    """Opened from a candidate's link, the page shows injection and surgery as open, with no exception."""
    at = candidate
    assert not at.exception
    assert at.slider(key="weeks_conservative").value == 16
    assert badges(at) == {"keep_going": "Always open", "injection": "Open now", "surgery": "Open now"}
    text = " ".join(m.value for m in at.markdown)
    assert "A shot of medicine or an operation can now be talked about" in text
    assert at.download_button(key="patient_download").label == "Download a summary to print"


def test_default_case_shows_choices_not_yet_open():
    """With no link, care has just begun: the injection and the operation are 'not yet'."""
    at = run_page(PAGE)
    assert not at.exception
    assert badges(at) == {"keep_going": "Always open", "injection": "Not yet", "surgery": "Not yet"}


def test_changing_pain_changes_what_is_shown(candidate):
    """Setting pain to none turns injection and operation to 'not needed' and opens the return to sport."""
    at = candidate
    at.selectbox(key="pain").select("none").run()
    assert badges(at) == {"keep_going": "Always open", "injection": "Not needed", "surgery": "Not needed"}
    assert any("You have no pain now" in m.value for m in at.markdown)
    at.selectbox(key="pain").select("disabling").run()  # back to the module's case


@pytest.mark.parametrize(
    ("query", "title", "n"),
    [
        pytest.param(CANDIDATE, SPORT, 92, id="return-to-sport-92"),
        pytest.param(CANDIDATE, HEAL, 24, id="both-complete-24"),
        pytest.param(
            {"laterality": "unilateral", "ct_stage": "incomplete fracture"},
            HEAL,
            96,
            id="one-side-incomplete-96",
        ),
    ],
)
def test_icon_array_highlights_exactly_n_of_100(query, title, n):
    """Each icon array draws 100 people with exactly N highlighted, N written in its label and beside it."""
    at = run_page(PAGE, query)
    chart = charts_by_alt(at)[f"{n} out of 100 people {title}"]
    rows = chart_rows(chart)
    assert len(rows) == 100
    highlighted = [r for r in rows if r["group"].startswith(f"{n} people like this")]
    assert len(highlighted) == n
    assert {(r["column"], r["row"]) for r in rows} == {(c, r) for c in range(10) for r in range(10)}
    spec = json.loads(chart.proto.spec)
    assert spec["encoding"]["shape"]["field"] == "group" and spec["encoding"]["fill"]["field"] == "group"
    assert any(m.value == f"### {n} out of 100" for m in at.markdown)


def test_no_ct_says_there_is_no_healing_number():
    """Without a CT the page draws no healing picture and says there is no number."""
    at = run_page(PAGE, {"ct_stage": "not done"})
    assert not any("bone heal with care" in c.proto.alt for c in at.get("vega_lite_chart"))
    assert any("no number for your kind of break" in i.value for i in at.info)


def test_priorities_show_a_neutral_table():
    """Picking what matters shows a fits / does not fit / depends row per priority and no recommendation."""
    at = run_page(PAGE, CANDIDATE)
    at.pills(key="patient_priorities").set_value(["no_operation", "no_needles"]).run()
    table = at.table[0].value
    assert list(table.iloc[:, 0]) == ["Avoiding an operation", "Avoiding needles"]
    cells = " ".join(str(v) for v in table.to_numpy().ravel())
    assert "fits" in cells and "does not fit" in cells and "recommend" not in cells.lower()


@pytest.mark.parametrize(
    "query",
    [
        pytest.param({"weeks_conservative": "999", "pain": "<b>x</b>"}, id="out-of-range-and-markup"),
        pytest.param({"ct_stage": "broken"}, id="unknown-stage"),
    ],
)
def test_bad_link_shows_the_notice_without_exception(query):
    """A bad link shows one warning naming the field, falls back to the default, and raises nothing."""
    at = run_page(PAGE, query)
    assert not at.exception
    assert len(at.warning) == 1 and "not valid" in at.warning[0].value
    assert "<b>" not in at.warning[0].value


def test_explorer_link_form_sets_every_field():
    """The explorer's link (Scenario.to_query) sets the same case here, clinician details included."""
    case = Scenario(
        weeks_conservative=20, formal_pt=True, ct_stage="incomplete", laterality="unilateral", age=25
    )
    at = run_page(PAGE, case.to_query())
    assert at.slider(key="weeks_conservative").value == 20
    assert at.toggle(key="formal_pt").value is True
    assert at.selectbox(key="ct_stage").value == "incomplete"
    assert at.selectbox(key="laterality").value == "unilateral"
    assert at.slider(key="age").value == 25

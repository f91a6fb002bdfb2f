"""The case explorer: presets, thresholds, the chart's spec, links and bad URLs (AppTest)."""

import json

import altair as alt
import pytest

from pathway import Scenario, evaluate
from pathway.presets import PRESETS, PRESETS_BY_ID
from tests.conftest import chart_datasets, run_page
from ui.charts import timeline_chart, timeline_spec

PAGE = "pages/1_Case_explorer.py"
INTERVENTIONS = ("Pars steroid injection", "Direct pars repair", "Fusion")


def open_now(at) -> str:
    return " ".join(m.value for m in at.get("markdown") if ":material/check_circle:" in m.value)


def chart_spec(at) -> dict:
    """The chart's spec with its datasets decoded back in (Streamlit ships them as Arrow)."""
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    spec["datasets"] = chart_datasets(charts[0])
    return spec


EXPECTED = {
    "week2": ({"activity_modification", "ct_scan", "mri"}, False),
    "week6_imaged": ({"physical_therapy"}, False),
    "month4_disabling": ({"steroid_injection", "direct_pars_repair"}, True),
    "month4_pain_free": ({"return_to_sport"}, False),
    "grade2_slip": ({"fusion", "steroid_injection"}, False),
    "pro_week8": ({"physical_therapy"}, False),
    "no_formal_pt": ({"physical_therapy"}, False),
}


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.id)
def test_preset_sets_every_control_and_gives_expected_options(preset):
    """Clicking a preset sets the case; the page shows its options and candidacy."""
    at = run_page(PAGE)
    at.button(key=f"explorer_preset_{preset.id}").click().run()
    assert not at.exception
    for field in ("weeks_conservative", "pain", "ct_stage", "listhesis_grade", "activity"):
        assert at.session_state[field] == getattr(preset.scenario, field)
    options, candidate = EXPECTED[preset.id]
    a = evaluate(preset.scenario)
    assert options <= a.options and a.surgical_candidate is candidate
    shown = open_now(at)
    for step in a.open_steps:
        assert step.label in shown
    verdict = "is a surgical candidate" if candidate else "is not a surgical candidate"
    assert any(verdict in m.value for m in at.markdown)
    assert at.info[0].value == a.summary


def test_every_preset_is_covered_by_expectations():
    assert set(EXPECTED) == set(PRESETS_BY_ID)


@pytest.mark.parametrize(
    ("weeks", "stage_text"),
    [
        pytest.param(5, "6-week minimum", id="week5-minimum-trial"),
        pytest.param(6, "minimum trial is over", id="week6-trial-over"),
    ],
)
def test_weeks_across_six_changes_the_stage(weeks, stage_text):
    """Moving the weeks slider across 6 ends the minimum trial."""
    at = run_page(PAGE, {"formal_pt": "true", "ct_stage": "complete fracture"})
    at.slider(key="weeks_conservative").set_value(weeks).run()
    assert stage_text in at.info[0].value
    warned = any("6-week minimum trial" in w.value for w in at.warning)
    assert warned is (weeks < 6)


@pytest.mark.parametrize(
    ("weeks", "open_"),
    [pytest.param(12, False, id="week12-closed"), pytest.param(13, True, id="week13-open")],
)
def test_weeks_across_three_months_opens_interventions(weeks, open_):
    """Moving the weeks slider across 13 weeks (3 months) opens injection and repair."""
    at = run_page(PAGE, {"formal_pt": "true", "ct_stage": "complete fracture"})
    at.slider(key="weeks_conservative").set_value(weeks).run()
    shown = open_now(at)
    assert ("Pars steroid injection" in shown) is open_
    assert ("Direct pars repair" in shown) is open_


def test_chart_spec_holds_windows_at_the_right_months():
    """The chart's data: source 3-6 months conservative, 3-5 after surgery at month 3."""
    at = run_page(PAGE, {"weeks_conservative": "4", "formal_pt": "true", "ct_stage": "complete fracture"})
    spec = chart_spec(at)
    bands = {b["row"]: (b["start"], b["end"]) for b in spec["datasets"]["bands"]}
    assert bands["Conservative (source)"] == (3.0, 6.0)
    assert bands["Conservative (published)"] == (3.7, 5.5)
    assert bands["After surgery (source)"] == (6.0, 8.0)  # surgery at month 3 + 3-5
    assert bands["After surgery (published)"] == (9.0, 10.9)  # + 6.0-7.9 published
    marks = {m["name"]: m["month"] for m in spec["datasets"]["markers"]}
    assert marks["6-week minimum"] == pytest.approx(1.38, abs=0.01)
    assert marks["Interventions may open"] == 3.0
    assert marks["Today"] == pytest.approx(0.92, abs=0.01)


def test_moving_weeks_moves_today_and_surgery_downstream():
    """At week 26 'today' and the earliest surgery sit at month 6, surgical windows follow."""
    at = run_page(PAGE, {"formal_pt": "true", "ct_stage": "complete fracture"})
    at.slider(key="weeks_conservative").set_value(26).run()
    spec = chart_spec(at)
    marks = {m["name"]: m["month"] for m in spec["datasets"]["markers"]}
    assert marks["Today"] == 6.0 and marks["Earliest surgery"] == 6.0
    bands = {b["row"]: (b["start"], b["end"]) for b in spec["datasets"]["bands"]}
    assert bands["After surgery (source)"] == (9.0, 11.0)


@pytest.mark.parametrize(
    ("query", "marker", "window"),
    [
        pytest.param({"ct_stage": "complete fracture"}, True, True, id="pt-and-ct-surgery-marked"),
        pytest.param({"formal_pt": "false"}, False, False, id="no-pt-no-surgery-marker"),
        pytest.param({"ct_stage": "not done"}, False, False, id="no-ct-no-surgery-marker"),
        pytest.param({"age": "45"}, False, False, id="age45-no-marker"),
        pytest.param({"listhesis_grade": "2"}, True, False, id="fusion-marker-but-no-repair-window"),
    ],
)
def test_surgery_marker_only_when_surgery_can_open(query, marker, window):
    """No 'earliest surgery' marker where surgery cannot open (I13); no repair window for fusion."""
    case = {"weeks_conservative": "14", "formal_pt": "true", "ct_stage": "complete fracture"}
    at = run_page(PAGE, {**case, **query})
    spec = chart_spec(at)
    marks = {m["name"] for m in spec["datasets"]["markers"]}
    rows = {b["row"] for b in spec["datasets"]["bands"]}
    assert ("Earliest surgery" in marks) is marker
    assert ("After surgery (source)" in rows) is window
    assert ("After surgery (published)" in rows) is window


def test_pain_free_case_has_no_surgical_window():
    """Without limiting pain the chart shows no surgical rows."""
    at = run_page(PAGE, {"pain": "none"})
    rows = {b["row"] for b in chart_spec(at)["datasets"]["bands"]}
    assert rows == {"Conservative (source)", "Conservative (published)"}


def test_chart_has_alt_text_and_is_valid_vega_lite():
    """The chart has an accessible name, and its spec passes Altair's schema validation."""
    at = run_page(PAGE)
    assert at.get("vega_lite_chart")[0].proto.alt.startswith("Return-to-activity windows")
    a = evaluate(Scenario(weeks_conservative=20))
    spec = timeline_spec(a)
    chart = timeline_chart(12.0, ("a",))
    chart.to_dict(validate=True)
    alt.Chart.from_dict(spec)  # the filled spec validates too


def test_source_alongside_highlights_the_assessment_sentences():
    """The sentences behind the assessment are highlighted in the source column."""
    at = run_page(PAGE, {"weeks_conservative": "2"})
    text = "".join(m.value for m in at.markdown)
    assert ":orange-background[**Begin with a minimum 6-week trial" in text  # S02
    assert ":orange-background[**Do not proceed to surgery" in text  # S26
    at.slider(key="weeks_conservative").set_value(20).run()
    at.selectbox(key="pain").select("none").run()
    text = "".join(m.value for m in at.markdown)
    assert ":orange-background[**Begin with a minimum 6-week trial" not in text


def test_link_reproduces_the_case_and_other_pages_carry_it():
    """A case URL sets the controls; links to other pages carry the same case."""
    query = Scenario(weeks_conservative=17, formal_pt=True, ct_stage="complete", listhesis_grade=2).to_query()
    at = run_page(PAGE, query)
    assert at.slider(key="weeks_conservative").value == 17
    assert at.session_state["listhesis_grade"] == 2
    assert "Fusion" in open_now(at)
    links = [p for p in at.get("page_link") if p.proto.page != "Case_explorer"]
    carried = [p for p in links if "weeks_conservative=17" in p.proto.query_string]
    assert carried, "no page link carries the case"


@pytest.mark.parametrize(
    "query",
    [
        pytest.param({"weeks_conservative": "abc"}, id="not-a-number"),
        pytest.param({"weeks_conservative": "99"}, id="beyond-slider"),
        pytest.param({"pain": "<script>alert(1)</script>"}, id="script-payload"),
        pytest.param({"ct_stage": "terminal"}, id="unknown-stage"),
    ],
)
def test_bad_link_values_fall_back_with_one_line_notice(query):
    """A bad URL value gives the default, a one-line notice naming the field, no exception."""
    at = run_page(PAGE, query)
    assert not at.exception
    notices = [w.value for w in at.warning if "not valid" in w.value]
    assert len(notices) == 1 and next(iter(query)).replace("_", "\\_") in notices[0]
    assert "<script>" not in notices[0]


def test_terms_on_the_page_link_to_the_glossary():
    """Terms the assessment uses link to their glossary entries (e.g. Meyerding grade, fusion)."""
    at = run_page(PAGE, {"listhesis_grade": "2", "weeks_conservative": "20", "formal_pt": "true"})
    terms = next(c.value for c in at.caption if c.value.startswith("Terms used here"))
    assert "(Glossary#spondylolisthesis)" in terms and "(Glossary#fusion)" in terms

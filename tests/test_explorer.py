"""The case explorer: presets, the result card, thresholds, the chart, provenance, links (AppTest)."""

import itertools
import json

import altair as alt
import pyarrow as pa
import pytest

import pathway
from pathway import Scenario, evaluate
from pathway.model.presets import PRESETS, PRESETS_BY_ID
from pathway.resident.card import candidacy
from tests.conftest import chart_datasets, run_page, settle
from ui.case import widget_value
from ui.charts import healing_chart, healing_spec
from ui.weeks import unpack

PAGE = "pages/1_Case_explorer.py"
INTERVENTIONS = ("Pars steroid injection", "Direct pars repair", "Fusion")


def open_now(at) -> str:
    return " ".join(m.value for m in at.get_by_key("explorer_open").markdown)


def weeks_data(at) -> dict:
    """What the in-browser weeks component was given: the case's table, unpacked, and the week."""
    (element,) = at.get("bidi_component")
    data = json.loads(element.proto.json)
    return unpack(data) | {"week": data["week"]}


def week_row(at) -> dict:
    """The table's row for the week the component shows (what the browser draws)."""
    data = weeks_data(at)
    return data["weeks"][data["week"]]


def card_text(at) -> str:
    row = week_row(at)
    caution = row["caution"]["text"] if row["caution"] else ""
    return " ".join([row["stands"], "; ".join(row["open_now"]), row["candidacy"], caution])


def marker_names(spec) -> set[str]:
    """Every marker drawn, merged ones split back into their parts."""
    return {part for m in spec["datasets"]["markers"] for part in m["name"].split(" = ")}


def marker_months(spec) -> dict[str, float]:
    return {part: m["month"] for m in spec["datasets"]["markers"] for part in m["name"].split(" = ")}


def chart_spec(at) -> dict:
    """The timeline's rows at the shown week (drawn in the browser from the weeks table) with
    the healing chart's "chances" added (Streamlit ships them as Arrow; empty when not drawn)."""
    row = week_row(at)
    charts = at.get("vega_lite_chart")
    assert len(charts) <= 1
    chances = chart_datasets(charts[0])["chances"] if charts else []
    return {
        "datasets": {
            "bands": row["bands"],
            "markers": row["markers"],
            "union": row["unions"],
            "chances": chances,
        }
    }


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
    """Opening the presets and clicking one sets every control; the card shows where it stands
    and its candidacy; the presets close again so the answer is in view."""
    at = run_page(PAGE)
    assert not [b for b in at.button if b.key and b.key.startswith("explorer_preset_")]  # closed: not drawn
    at.session_state["explorer_presets_open"] = True  # the user opens the expander
    at.run()
    at.button(key=f"explorer_preset_{preset.id}").click().run()
    assert at.session_state["explorer_presets_open"] is False
    assert not at.exception
    for field in pathway.SCENARIO_FIELDS:
        assert at.session_state[field] == widget_value(field, getattr(preset.scenario, field))
    # The MRI control shows a value, never the blank "Choose an option" (no None option).
    assert at.selectbox(key="mri_edema").value == pathway.label("mri_edema", preset.scenario.mri_edema)
    options, candidate = EXPECTED[preset.id]
    a = evaluate(preset.scenario)
    assert options <= a.options and a.surgical_candidate is candidate
    shown = open_now(at)
    for step in a.open_steps:
        assert step.label in shown
    card = card_text(at)
    assert a.summary in card and candidacy(a) in card
    assert ("a candidate for direct pars repair" in card) is candidate


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
    at.number_input(key="weeks_conservative").set_value(weeks).run()
    assert stage_text in card_text(at)
    warned = any("6-week minimum trial" in w.value for w in at.warning)
    assert warned is (weeks < 6)


@pytest.mark.parametrize(
    ("weeks", "open_"),
    [pytest.param(12, False, id="week12-closed"), pytest.param(13, True, id="week13-open")],
)
def test_weeks_across_three_months_opens_interventions(weeks, open_):
    """Moving the weeks slider across 13 weeks (3 months) opens injection and repair."""
    at = run_page(PAGE, {"formal_pt": "true", "ct_stage": "complete fracture"})
    at.number_input(key="weeks_conservative").set_value(weeks).run()
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
    marks = marker_months(spec)
    assert marks["6-week minimum"] == pytest.approx(1.38, abs=0.01)
    assert marks["Interventions may open"] == 3.0
    assert marks["Today"] == pytest.approx(0.92, abs=0.01)


def test_moving_weeks_moves_today_and_surgery_downstream():
    """At week 26 'today' and the earliest surgery sit at month 6, surgical windows follow."""
    at = run_page(PAGE, {"formal_pt": "true", "ct_stage": "complete fracture"})
    at.number_input(key="weeks_conservative").set_value(26).run()
    spec = chart_spec(at)
    marks = marker_months(spec)
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
    marks = marker_names(spec)
    rows = {b["row"] for b in spec["datasets"]["bands"]}
    assert ("Earliest surgery" in marks) is marker
    if not marker:  # the chart's text alternative says why instead (surgery_note)
        a = evaluate(Scenario.from_query({**case, **query})[0])
        assert a.surgery_note and a.surgery_note in week_row(at)["summary"]
    assert ("After surgery (source)" in rows) is window
    assert ("After surgery (published)" in rows) is window


def test_pain_free_case_has_no_surgical_window():
    """Without limiting pain the chart shows no surgical rows."""
    at = run_page(PAGE, {"pain": "none"})
    rows = {b["row"] for b in chart_spec(at)["datasets"]["bands"]}
    assert rows == {"Conservative (source)", "Conservative (published)"}


def test_chart_has_alt_text_and_is_valid_vega_lite():
    """The timeline has a text alternative (its summary), and the healing chart's spec passes
    Altair's schema validation."""
    at = run_page(PAGE)
    assert week_row(at)["summary"].startswith("Today is month 0.0")
    alt.Chart.from_dict(healing_spec(evaluate(Scenario(weeks_conservative=14, ct_stage="complete"))))
    healing_chart(("b",)).to_dict(validate=True)


BASE = {"weeks_conservative": "10", "formal_pt": "true", "ct_stage": "complete fracture"}


def chart_state(at) -> tuple[str, str]:
    """Both charts' data, and what they and their captions say."""
    charts = at.get("vega_lite_chart")
    data = [chart_datasets(c) for c in charts] + [chart_spec(at)]
    said = " ".join([c.proto.alt for c in charts] + [c.value for c in at.caption] + [week_row(at)["summary"]])
    return json.dumps(data, sort_keys=True, default=str), said


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        pytest.param("laterality", "unilateral", None, id="laterality"),
        pytest.param("ct_stage", "incomplete fracture", None, id="ct-stage"),
        pytest.param("ct_stage", "not done", "no CT has been done", id="ct-not-done"),
        pytest.param("mri_edema", "oedema", "separates healing by the MRI", id="mri"),
        pytest.param("listhesis_grade", "2", "no published return-to-sport window for fusion", id="slip"),
        pytest.param("activity", "professional", None, id="activity"),
        pytest.param("age", "45", "over 30", id="age"),
    ],
)
def test_each_defect_feature_moves_the_chart_or_it_says_why(field, value, said):
    """Changing laterality, CT stage, MRI, slip, activity or age changes the chart's data; where
    no figure describes the case, the chart's text says why."""
    before = chart_state(run_page(PAGE, BASE))
    data, alt_text = chart_state(run_page(PAGE, {**BASE, field: value}))
    if said is None:
        assert data != before[0], f"{field} left the chart's data unchanged"
    else:
        assert said in alt_text and said not in before[1]


def test_healing_chance_follows_stage_and_side():
    """Bilateral complete: 23.7% in Kuroshima's teenagers; one side: 64.3%; drawn as bars."""
    both = [c["percent"] for c in chart_spec(run_page(PAGE, BASE))["datasets"]["chances"]]
    one = [
        c["percent"]
        for c in chart_spec(run_page(PAGE, {**BASE, "laterality": "unilateral"}))["datasets"]["chances"]
    ]
    assert 23.7 in both and 64.3 not in both
    assert 64.3 in one and 23.7 not in one


def test_overlapping_markers_are_merged_and_the_table_has_one_decimal():
    """At week 13 today, 3 months and the earliest surgery fall together: one rule, one legend
    entry; the table prints months and percents with one decimal."""
    at = run_page(PAGE, {**BASE, "weeks_conservative": "13"})
    assert not at.get("table"), "the table is drawn only while its expander is open"
    at.session_state["explorer_table_open"] = True
    at.run()
    marks = chart_spec(at)["datasets"]["markers"]
    assert any("Today" in m["name"] and "Interventions may open" in m["name"] for m in marks)
    months = sorted(m["month"] for m in marks)
    assert all(b - a >= 0.25 for a, b in itertools.pairwise(months))
    checked = 0
    for table in at.get("table"):
        frame = pa.ipc.open_stream(table.proto.arrow_data.data).read_all().to_pandas()
        for column in ("from month", "to month", "month", "percent"):
            if column in frame:
                checked += 1
                assert all(len(str(v).split(".")[-1]) == 1 for v in frame[column]), list(frame[column])
    assert checked >= 4


def source_text(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### ") and "`S" in m.value)


def lit(text: str) -> set[str]:
    return {sid for sid in (f"S{i:02d}" for i in range(1, 34)) if f"▶ `{sid}`" in text}


def test_source_alongside_highlights_the_assessment_sentences():
    """The sentences behind the assessment are highlighted; closed steps' sentences are grey."""
    at = run_page(PAGE, {"weeks_conservative": "2"})
    text = source_text(at)
    assert ":orange-background[**Begin with a minimum 6-week trial" in text  # S02
    assert ":orange-background[**Do not proceed to surgery" in text  # S26
    assert "○ `S16` :gray-background[*" in text  # direct repair: closed at week 2
    settle(at.number_input(key="weeks_conservative").set_value(20).run())
    at.selectbox(key="pain").select("none").run()
    assert ":orange-background[**Begin with a minimum 6-week trial" not in source_text(at)


def test_picking_a_step_lights_only_its_sentences():
    """Picking the injection lights S12-S15 and nothing else, quoted at the top of the column."""
    query = {"weeks_conservative": "14", "formal_pt": "true", "ct_stage": "complete fracture"}
    at = run_page(PAGE, query)
    assert len(lit(source_text(at))) > 8
    at.get("button_group")[0].set_value("open:steroid_injection").run()
    a = evaluate(Scenario(weeks_conservative=14, formal_pt=True, ct_stage="complete"))
    step = next(s for s in a.open_steps if s.option == "steroid_injection")
    assert lit(source_text(at)) == set(step.sources)
    assert any(m.value.startswith("**Behind Pars steroid injection") for m in at.markdown)


def test_repair_techniques_are_named_when_repair_is_open():
    """A candidate for repair sees the techniques the source names (S17-S20); a week-2 case does not."""
    at = run_page(PAGE, {"weeks_conservative": "14", "formal_pt": "true", "ct_stage": "complete fracture"})
    assert "modified Buck's" in open_now(at)
    assert all(f"`{sid}`" in open_now(at) for sid in ("S17", "S18", "S19", "S20"))
    at = run_page(PAGE, {"weeks_conservative": "2"})
    assert "modified Buck's" not in open_now(at)


def test_grade_two_slip_says_fusion_instead_of_repair():
    """With a grade II slip and failed care the verdict names fusion, not 'not a candidate'."""
    query = {"weeks_conservative": "20", "formal_pt": "true", "ct_stage": "complete fracture"}
    at = run_page(PAGE, {**query, "listhesis_grade": "2"})
    assert "not a candidate for direct repair (significant slip); fusion instead" in card_text(at)


def test_link_reproduces_the_case_and_other_pages_carry_it():
    """A case URL sets the controls. The explorer's links are live: they carry no copy of the
    case that a slider move would make stale (a click and their href take the address bar's
    case in the browser: tests/test_browser_explorer.py), and they sit in the containers the
    browser script keeps current."""
    query = Scenario(weeks_conservative=17, formal_pt=True, ct_stage="complete", listhesis_grade=2).to_query()
    at = run_page(PAGE, query)
    assert at.number_input(key="weeks_conservative").value == 17
    assert at.session_state["listhesis_grade"] == 2
    assert "Fusion" in open_now(at)
    links = [p for p in at.get("page_link") if p.proto.page != "Case_explorer"]
    assert len(links) >= 12 and not [p for p in links if p.proto.query_string]
    live = {k: at.get_by_key(k) for k in ("case_links_menu", "case_links_page")}
    assert all(live.values())


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


@pytest.mark.parametrize(
    "case",
    [
        Scenario(),
        Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete"),
        Scenario(weeks_conservative=30, pain="none", ct_stage="incomplete", laterality="unilateral"),
    ],
    ids=["default", "repair-open", "pain-free"],
)
def test_the_shipped_charts_are_the_specs_with_their_data_converted_once(case):
    """The explorer sends its healing chart with its datasets already in Arrow (converted once
    per case): decoded, they are the rows healing_spec builds, and the spec is the same; no
    healing chart where no figure describes the case."""
    import pyarrow as pa

    from ui.charts import healing_spec_shipped

    a = evaluate(case)
    for build, ship in ((healing_spec, healing_spec_shipped),):
        plain, shipped = build(a), ship(a)
        if plain is None:
            assert shipped is None
            continue
        arrow = shipped.pop("datasets")
        datasets = {k: pa.ipc.open_stream(v).read_all().to_pylist() for k, v in arrow.items()}
        expected = plain.pop("datasets")
        assert shipped == plain
        for name, rows in expected.items():
            assert [{k: r[k] for k in row} for r, row in zip(datasets[name], rows, strict=True)] == rows, name
        assert ship(a) is not ship(a)  # a fresh dict for each call


# Clinical review N7, N8, N10 on the page (issue 21): what the card and the chart show.


@pytest.mark.parametrize(
    ("ct_stage", "opinion"),
    [
        pytest.param("stress reaction", False, id="pro-stress-reaction-no-opinion-line"),
        pytest.param("complete fracture", True, id="pro-defect-opinion-line"),
    ],
)
def test_professional_opinion_line_only_with_an_imaged_defect(ct_stage, opinion):
    """c16: a professional with a stress reaction gets no 'Surgical opinion' line or caution (I4)."""
    query = {"weeks_conservative": "8", "formal_pt": "true", "pain": "disabling", "ct_stage": ct_stage}
    at = run_page(PAGE, {**query, "activity": "professional"})
    assert not at.exception
    assert ("Surgical opinion (professional)" in marker_names(chart_spec(at))) is opinion
    row = week_row(at)
    shown = " ".join([m.value for m in at.markdown] + [row["caution"]["text"] if row["caution"] else ""])
    assert ("consider a surgical opinion early" in shown) is opinion


def test_grade4_after_a_fall_card_sends_to_urgent_assessment():
    """N8: grade IV at week 2: the card says outside the pathway, urgent assessment first, no week 13."""
    at = run_page(PAGE, {"weeks_conservative": "2", "pain": "disabling", "listhesis_grade": "4"})
    assert not at.exception
    card = card_text(at)
    assert "outside this pathway" in card and "Urgent spine surgical assessment" in open_now(at)
    assert week_row(at)["caution"]["text"].startswith("Meyerding grade III-IV slip after a fall")
    assert "Opens at week 13" not in " ".join(m.value for m in at.markdown)
    spec = chart_spec(at)
    assert marker_names(spec) == {"Today"} and spec["datasets"]["bands"] == []


def test_active_lesion_with_grade1_card_leads_with_the_lesion():
    """N10, c18: criteria hold, but the card's candidacy and top caution name the active lesion."""
    at = run_page(
        PAGE,
        {
            "weeks_conservative": "16",
            "formal_pt": "true",
            "pain": "disabling",
            "ct_stage": "complete fracture",
            "mri_edema": "oedema",
            "listhesis_grade": "1",
            "age": "21",
        },
    )
    card = card_text(at)
    assert "4 of 4 criteria hold, but the lesion is still active and may unite (I12)" in card
    assert week_row(at)["caution"]["text"].startswith("MRI oedema beside a fracture line")

"""Evidence page (AppTest): charts hold the published values, cite existing refs, survive bad data."""

import csv
import json
import shutil

import pyarrow as pa
import pytest

from pathway import evidence
from tests.conftest import run_page

PAGE = "pages/3_Evidence.py"
CHART_KEYS = [
    "bilateral_grid",
    "union_by_stage",
    "union_by_laterality",
    "rts_time",
    "rts_rate",
    "techniques",
    "odi",
    "improvement",
    "injections",
    "epidemiology",
]


def chart_rows(element) -> list[dict]:
    """All data rows behind one rendered chart (every dataset of its Vega-Lite spec)."""
    rows = []
    for ds in element.proto.datasets:
        rows += pa.ipc.open_stream(ds.data.data).read_all().to_pylist()
    return rows


@pytest.fixture(scope="module")
def page():
    at = run_page(PAGE)
    assert not at.exception
    return at


@pytest.fixture(scope="module")
def charts(page):
    """Chart elements keyed by the figure key (the chart's alt text is its accessible name)."""
    elements = page.get("vega_lite_chart")
    assert len(elements) == len(CHART_KEYS)
    return dict(zip(CHART_KEYS, elements, strict=True))


def test_page_draws_every_chart_with_alt_text(page, charts):
    """Ten charts render, each with alt text, and no chart shows an error."""
    assert not page.error
    for key, chart in charts.items():
        assert len(chart.proto.alt) > 30, key


def test_every_figure_drawn_traces_to_a_row_with_an_existing_reference(charts):
    """Each data row drawn carries a ref from references.csv (source windows cite S ids instead)."""
    refs = evidence.load_references()
    for key, chart in charts.items():
        for row in chart_rows(chart):
            if row.get("layer") == "source":
                assert row["study_label"].startswith("Source pathway (S"), row
            elif set(row) <= {"x", "t"}:
                continue  # the reference line at 1x the minimal important change
            else:
                assert row.get("ref") in refs, (key, row)


@pytest.mark.parametrize(
    ("key", "match", "field", "value"),
    [
        pytest.param(
            "union_by_stage",
            {"laterality": "unilateral", "main_stage": "early"},
            "union_pct",
            96.0,
            id="unilateral-early-96-from-ref-2",
        ),
        pytest.param(
            "bilateral_grid",
            {"main_stage": "progressive", "contralateral_stage": "progressive"},
            "union_pct",
            23.7,
            id="bilateral-progressive-both-23.7",
        ),
        pytest.param(
            "union_by_laterality",
            {"ref": 13, "group": "bilateral"},
            "union_pct",
            18.1,
            id="meta-analysis-bilateral-18.1",
        ),
        pytest.param(
            "rts_time",
            {"ref": 18, "treatment": "surgical"},
            "months_point",
            7.9,
            id="surgical-return-7.9-months",
        ),
        pytest.param(
            "rts_time",
            {"layer": "source", "treatment": "surgical"},
            "months_high",
            5.0,
            id="source-surgical-window-ends-at-5",
        ),
        pytest.param(
            "techniques", {"ref": 33, "outcome": "union", "pct": 93.0}, "ci_low", 86.0, id="buck-union-ci-86"
        ),
        pytest.param(
            "injections",
            {"ref": 41, "measure": "at least 50% pain relief"},
            "pct",
            37.9,
            id="adult-injection-37.9",
        ),
    ],
)
def test_chart_spec_holds_the_published_value(charts, key, match, field, value):
    """A known figure from published-figures.md is in the chart's data."""
    rows = [r for r in chart_rows(charts[key]) if all(r.get(k) == v for k, v in match.items())]
    assert rows, f"no row matching {match} in {key}"
    assert rows[0][field] == value


def test_young_adult_and_second_hand_rows_are_marked_in_labels(charts):
    """YA rows say (YA) and 2nd-hand rows say [2nd-hand] in the labels people read."""
    lat = chart_rows(charts["union_by_laterality"])
    assert any("(YA)" in r["study_label"] for r in lat if r["ref"] == 12)
    epi = chart_rows(charts["epidemiology"])
    assert any("[2nd-hand]" in r["row_label"] for r in epi if r["ref"] == 1)


def test_surgical_return_chart_shows_source_beside_published(charts):
    """The return-to-sport time chart draws the source's 3-5 months and the published 6-8 months."""
    spec = json.loads(charts["rts_time"].proto.spec)
    assert "Months to return to sport" in json.dumps(spec)
    rows = chart_rows(charts["rts_time"])
    source = [r for r in rows if r.get("layer") == "source" and r["treatment"] == "surgical"]
    assert (source[0]["months_low"], source[0]["months_high"]) == (3.0, 5.0)
    published = {r["months_point"] for r in rows if r.get("treatment") == "surgical" and r.get("ref")}
    assert {6.0, 6.8, 7.0, 7.9} <= published


def test_source_vs_evidence_tab_lists_the_disagreement(page):
    """The comparison table shows the surgical-return row with verdict 'differs'."""
    frames = [df.value for df in page.dataframe]
    table = next(f for f in frames if "verdict" in f.columns)
    row = table[table["claim"].str.contains("after surgical repair")]
    assert list(row["verdict"]) == ["differs"]
    assert "S02" in " ".join(table["source ids"])


def test_every_chart_offers_a_csv_download(page):
    """Each figure has a CSV download button keyed by the figure."""
    buttons = page.get("download_button")
    assert len(buttons) == len(CHART_KEYS) + 1  # one per chart, one for the comparison table
    assert {b.proto.label for b in buttons} == {"Download CSV"}


def test_a_bad_data_file_shows_its_error_and_the_other_charts_still_draw(tmp_path, monkeypatch):
    """With row 7 of union_by_stage.csv citing ref 99, only its two charts show the named error."""
    data = tmp_path / "data"
    shutil.copytree(evidence.DATA_DIR, data)
    path = data / "union_by_stage.csv"
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    rows[6]["ref"] = "99"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    monkeypatch.setenv(evidence.ENV_DATA_DIR, str(data))
    at = run_page(PAGE)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 2
    assert all("data/union_by_stage.csv row 7: ref 99 is not in data/references.csv" in e for e in errors)
    assert len(at.get("vega_lite_chart")) == len(CHART_KEYS) - 2

"""Imaging guide: repo-made stage drawings, healing by stage from the data, links to the explorer."""

import csv
import shutil

import pytest

import pathway
from pathway import evidence, imaging
from pathway.drawings import DRAWINGS
from tests.conftest import run_page

PAGE = "pages/4_Imaging_guide.py"


def test_every_stage_has_a_drawing():
    """The three source stages and the terminal stage of the studies each have a drawing."""
    assert list(DRAWINGS) == ["stress_reaction", "incomplete", "complete", "terminal"]


@pytest.mark.parametrize("key", list(DRAWINGS))
def test_drawings_are_self_contained_svg(key):
    """A drawing is an SVG with a title, and loads nothing from outside the repo."""
    svg = DRAWINGS[key].svg
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert f"<title>{DRAWINGS[key].title}</title>" in svg
    assert "href" not in svg and "<image" not in svg and "<script" not in svg
    assert svg.count("http") == 1  # only the xmlns namespace


def test_healing_by_stage_comes_from_ref_2():
    """Incomplete fracture (early): 96.0% one side, 82.9% both sides [2]."""
    healing = {h.stage: h for h in imaging.healing_by_stage(evidence.load_table("union_by_stage"))}
    assert (healing["incomplete"].unilateral_pct, healing["incomplete"].bilateral_same_pct) == (96.0, 82.9)
    assert (healing["complete"].unilateral_pct, healing["complete"].bilateral_same_pct) == (64.3, 23.7)
    assert healing["complete"].refs == (2,)


def test_stage_changes_the_imaging_criterion_as_the_engine_says():
    """Only an incomplete or complete fracture meets the imaging criterion in the teaching case."""
    rows = {r.stage: r for r in imaging.pathway_by_stage()}
    base = pathway.Scenario().replace(**imaging.FAILED_CARE)
    for stage, row in rows.items():
        a = pathway.evaluate(base.replace(ct_stage=stage))
        assert row.imaging_confirmed == a.criteria["imaging_confirmed"]
        assert row.surgical_candidate == a.surgical_candidate
    assert [r.imaging_confirmed for r in rows.values()] == [False, False, True, True]


@pytest.fixture(scope="module")
def page():
    at = run_page(PAGE)
    assert not at.exception
    return at


def _links(at):
    return [(p.proto.page, p.proto.query_string, p.proto.label) for p in at.get("page_link")]


@pytest.mark.parametrize("stage", ["stress_reaction", "incomplete", "complete"])
def test_each_stage_links_to_the_explorer_with_that_stage_set(page, stage):
    """Each stage card links to the case explorer with ct_stage in its label form."""
    value = pathway.label("ct_stage", stage).replace(" ", "+")
    assert any(pg == "Case_explorer" and q == f"ct_stage={value}" for pg, q, _ in _links(page))


def test_page_shows_what_each_test_shows_and_the_healing_chart(page):
    """Radiographs, CT and MRI each get a panel citing S08-S11, and the healing chart has [2]'s data."""
    text = " ".join(m.value for m in page.markdown)
    for sid in ("S08", "S09", "S10", "S11"):
        assert sid in text
    assert "Case explorer with this stage: complete fracture" in [label for *_, label in _links(page)]
    chart = page.get("vega_lite_chart")[0]
    assert "stress reaction 98.2% and 100%" in chart.proto.alt


def test_imaging_page_survives_a_bad_data_file(tmp_path, monkeypatch):
    """A bad union_by_stage.csv shows the named error; drawings and pathway table still render."""
    data = tmp_path / "data"
    shutil.copytree(evidence.DATA_DIR, data)
    path = data / "union_by_stage.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[2][0] = "99"  # data row 2
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    monkeypatch.setenv(evidence.ENV_DATA_DIR, str(data))
    at = run_page(PAGE)
    assert not at.exception
    assert any("data/union_by_stage.csv row 2: ref 99" in e.value for e in at.error)
    assert len(at.get("image")) == len(DRAWINGS)
    assert any("imaging criterion met (S24)" in df.value.columns for df in at.dataframe)

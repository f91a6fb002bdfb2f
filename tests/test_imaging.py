"""Imaging guide: repo-made stage drawings, healing by stage from the data, links to the explorer."""

import csv
import re
import shutil

import pytest

import pathway
from pathway.resident import imaging
from pathway.resident.drawings import DRAWINGS
from pathway.sources import evidence, selection
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
    assert {k: r.imaging_confirmed for k, r in rows.items()} == {
        "not_done": False,
        "stress_reaction": False,
        "incomplete": True,
        "complete": True,
        "old_defect": True,
    }


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
    assert "imaging criterion (S24)" in stage_block(at)


# ---------------------------------------------------------------------------------------
# The case the guide is opened with

COMPLETE_BILATERAL = {"ct_stage": "complete fracture", "weeks_conservative": "20", "formal_pt": "true"}


def stage_block(at) -> str:
    """The 'What the stage changes' paragraphs, escapes undone."""
    text = next(m.value for m in at.markdown if "imaging criterion (S24)" in m.value)
    return re.sub(r"\\(.)", r"\1", text)


def _subheaders(at) -> list[str]:
    return [h.value for h in at.subheader]


def _text(at) -> str:
    """The page's Markdown, escapes undone."""
    return re.sub(r"\\(.)", r"\1", " ".join(m.value for m in at.markdown))


def test_opened_bare_the_guide_shows_no_case_and_uses_the_teaching_case(page):
    """Without a case: no 'Your case' block, no card marked, the table is the 26-week teaching case."""
    assert not [h for h in _subheaders(page) if "your case" in h.lower()]
    block = stage_block(page)
    assert "your case" not in block
    teaching = pathway.evaluate(pathway.Scenario().replace(**imaging.FAILED_CARE, ct_stage="complete"))
    assert teaching.summary in block


def test_opened_with_a_case_the_guide_starts_on_its_stage_and_figure():
    """Bilateral complete fracture at 20 weeks: its drawing and 23.7% [2] first, its card and row marked."""
    at = run_page(PAGE, COMPLETE_BILATERAL)
    assert not at.exception and not at.error
    heads = _subheaders(at)
    assert heads[0] == "Your case: CT complete fracture"
    assert "Complete fracture (progressive) · your case" in heads
    assert sum("your case" in h for h in heads[1:]) == 1
    text = _text(at)
    assert "the studies' progressive stage" in text
    # The healing figures are those the one selection picks for this case, each with its people:
    # [2]'s 23.7% for this stage and side first, then [7] and [11] as other cohorts (N1).
    case = pathway.Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete")
    sel = selection.select(case, "healing")
    assert sel.lead.id == "heal_bilateral_complete"
    assert {x.id for x in sel.others} == {"heal_bilateral_l5_fresh", "heal_young_adult"}
    for x in sel.shown:
        assert f"{x.figure.percent:g}% {x.figure.what}" in text and x.figure.ref_text in text
    lines = [line for line in text.split("\n") if "% had the" in line]
    assert lines[0].startswith("- For this stage and side: 23.7% had the bone heal"), lines
    assert "Note: studied in teenagers, not adults" in lines[0]
    for line in lines[1:]:
        assert line.startswith("- Other cohort (") and "this stage and side" not in line, line
    assert "8 early, 4 progressive" in text  # [11]'s stage mix, said beside it
    assert "does not describe this case" not in text  # the adult figure [11] is among them
    paragraphs = stage_block(at).split("\n\n")
    assert [p.split("**")[1] for p in paragraphs if "your case" in p] == ["CT complete fracture (your case)"]
    case = pathway.Scenario(weeks_conservative=20, formal_pt=True)
    for stage in ("not_done", *imaging.CASE_STAGES):
        paragraph = next(p for p in paragraphs if p.startswith(f"**CT {pathway.label('ct_stage', stage)}"))
        assert paragraph.endswith(pathway.evaluate(case.replace(ct_stage=stage)).summary)
    links = [(p.proto.page, p.proto.query_string) for p in at.get("page_link")]
    assert ("Evidence", "weeks_conservative=20&formal_pt=true&ct_stage=complete+fracture") in links or any(
        pg == "Evidence" and "ct_stage=complete+fracture" in q and "weeks_conservative=20" in q
        for pg, q in links
    )


def test_a_one_sided_case_gets_the_one_sided_figure():
    """Unilateral incomplete fracture: 96% [2] (one side), not the bilateral 82.9%."""
    at = run_page(PAGE, {"ct_stage": "incomplete fracture", "laterality": "unilateral"})
    text = _text(at)
    assert "A defect on one side, CT incomplete fracture: the studies' early stage" in text
    case_block = text.split("Oblique radiographs")[0]
    assert "96% had the bone heal" in case_block and "82.9%" not in case_block


def test_a_case_without_ct_is_told_a_ct_stages_it():
    """CT not done: no drawing is claimed for the case; the block says the CT comes first (S08)."""
    at = run_page(PAGE, {"weeks_conservative": "3"})
    assert _subheaders(at)[0] == "Your case: CT not done"
    assert "No CT yet" in _text(at) and "S08" in _text(at)
    assert not [h for h in _subheaders(at)[1:] if "your case" in h]


def test_an_old_defect_is_read_as_terminal_with_the_figures_that_apply():
    """Old (sclerotic) defect, both sides: no published figure (N2); the terminal cells of [2]
    (0-50%) and [7] 26.1% only as the nearest, one side still fresh; the adult [11] does not apply."""
    at = run_page(PAGE, {"ct_stage": pathway.label("ct_stage", "old_defect"), "weeks_conservative": "20"})
    assert not at.exception and not at.error
    heads = _subheaders(at)
    assert "Old defect (terminal, pseudarthrosis) · your case" in heads
    text = _text(at)
    assert "the studies' terminal stage" in text
    figures_block = text.split("in the studies that describe this case:**")[1].split("No study reports")[0]
    assert "No published figure for the bone healing" in figures_block
    assert "both sides are old (terminal) defects" in figures_block
    assert "26.1%" not in figures_block and "% had the" not in figures_block
    assert "No study reports both sides terminal" in text
    assert "[7]: the newer side healed in 26.1% when the other side was terminal" in text
    assert "that is the newer side's chance, not this case's" in text
    for cell in ("very early/terminal 0%", "progressive/terminal 11.1%", "early/terminal 50%"):
        assert cell in text, cell
    assert "The only adult figure, 71.4%" in text and "it is for new breaks, not this stage" in text


def test_a_stress_reaction_is_not_called_a_defect_and_leads_with_its_own_stage():
    """N18: 'A stress reaction on both sides (no defect yet)'; [2]'s very early 100% leads, the
    pooled cohorts follow as other cohorts (N1, the other way)."""
    rows = evidence.load_table("union_by_stage")
    case = imaging.case_stage(pathway.Scenario(ct_stage="stress_reaction", weeks_conservative=8), rows)
    assert case.reading.startswith("A stress reaction on both sides (no defect yet)")
    assert "A defect on" not in case.reading
    assert case.figures[0].startswith("For this stage and side: 100% had the bone heal")
    assert all(line.startswith("Other cohort (") for line in case.figures[1:])

"""Evidence page (AppTest): charts hold the published values, cite every table's refs and marks,
draw only the open tab, mark the case they are opened with, and survive bad data."""

import csv
import json
import re
import shutil

import pandas as pd
import pyarrow as pa
import pytest

from pathway.sources import evidence
from tests.conftest import run_page

PAGE = "pages/3_Evidence.py"
# The charts each tab draws, in page order.
TAB_CHARTS = {
    "Healing by stage": ["bilateral_grid", "union_by_stage"],
    "One side vs both": ["union_by_laterality"],
    "Return to sport": ["rts_time", "rts_rate"],
    "Repair techniques": ["techniques"],
    "Outcome scores": ["odi", "improvement"],
    "Injections": ["injections"],
    "Epidemiology": ["epidemiology"],
    "Source vs evidence": [],
}
CHART_KEYS = [k for keys in TAB_CHARTS.values() for k in keys]
COMPLETE_BILATERAL = {"ct_stage": "complete fracture", "weeks_conservative": "20", "formal_pt": "true"}


def chart_rows(element) -> list[dict]:
    """All data rows behind one rendered chart (every dataset of its Vega-Lite spec)."""
    rows = []
    for ds in element.proto.datasets:
        rows += pa.ipc.open_stream(ds.data.data).read_all().to_pylist()
    return rows


def open_tab(tab: str, case: dict | None = None):
    """The page as a link opens it: ?evidence_tab=<tab> (plus the case, if any)."""
    query = dict(case or {})
    if tab != "Healing by stage":
        query["evidence_tab"] = tab
    at = run_page(PAGE, query)
    assert not at.exception
    return at


@pytest.fixture(scope="module")
def tabs():
    return {tab: open_tab(tab) for tab in TAB_CHARTS}


@pytest.fixture(scope="module")
def charts(tabs):
    """Chart elements keyed by the figure key, from the tab that draws each."""
    out = {}
    for tab, keys in TAB_CHARTS.items():
        elements = tabs[tab].get("vega_lite_chart")
        assert len(elements) == len(keys), tab
        out.update(zip(keys, elements, strict=True))
    return out


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def tables(at) -> list[pd.DataFrame]:
    """Every Markdown table on the page as a DataFrame of strings (escapes undone)."""
    out = []
    for m in at.markdown:
        lines = [ln for ln in m.value.splitlines() if ln.startswith("|")]
        if len(lines) < 2 or not set(lines[1]) <= set("|- "):
            continue
        rows = [
            [re.sub(r"\\(.)", r"\1", c.strip()) for c in _CELL_SPLIT.split(ln.strip())[1:-1]] for ln in lines
        ]
        out.append(pd.DataFrame(rows[2:], columns=rows[0]))
    return out


def captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def markdown(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_only_the_open_tab_is_drawn_and_a_tab_click_draws_the_next():
    """First run: the healing tab's two charts only; clicking 'Outcome scores' draws its two."""
    at = open_tab("Healing by stage")
    assert [t.label for t in at.tabs] == list(TAB_CHARTS)
    assert len(at.get("vega_lite_chart")) == 2
    assert "Heatmap" in at.get("vega_lite_chart")[0].proto.alt
    at.session_state["evidence_tab"] = "Outcome scores"  # what a tab click sets
    at.run()
    drawn = at.get("vega_lite_chart")
    assert len(drawn) == 2 and "Slope chart" in drawn[0].proto.alt


def test_page_draws_every_chart_with_alt_text(tabs, charts):
    """Ten charts render across the tabs, each with alt text, and no tab shows an error."""
    assert len(charts) == 10
    for tab, at in tabs.items():
        assert not at.error, tab
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


def test_news_rows_say_news_on_the_chart_and_in_the_legend(tabs, charts):
    """The HealthDay-summary rows of [50] read [news], not [2nd-hand]; the caption says what it means."""
    slip = [r for r in chart_rows(charts["epidemiology"]) if r["item"].startswith("Slip with")]
    assert len(slip) == 2
    assert all("[news]" in r["row_label"] and "[2nd-hand]" not in r["row_label"] for r in slip)
    assert "[news] = read only in a press or news summary" in captions(tabs["Epidemiology"])


def test_young_adult_flag_only_on_young_adult_cohorts(charts):
    """Menga [30] (mean 16 y, to 37) 'includes young adults'; Kajdi [42] (mean 43.9 y) has no YA."""
    rts = [r for r in chart_rows(charts["rts_rate"]) if r["ref"] == 30]
    assert rts and all("(includes young adults)" in r["study_label"].replace("|", " ") for r in rts)
    assert all("(YA)" not in r["study_label"] for r in rts)
    inj = [r for r in chart_rows(charts["injections"]) if r["ref"] == 42]
    assert inj and all("YA" not in r["row_label"] and "young" not in r["row_label"] for r in inj)


def test_odi_bands_show_their_marks_and_reference(tabs, charts):
    """The ODI bands are [2nd-hand] [62]: on the chart's band labels, in the caption, in the list."""
    bands = [r for r in chart_rows(charts["odi"]) if "band" in r]
    assert len(bands) == 5
    assert all(r["band_label"].endswith("[2nd-hand] [62]") for r in bands)
    at = tabs["Outcome scores"]
    odi_caption = next(c.value for c in at.caption if "ODI bands" in c.value)
    assert "[62]" in odi_caption.split("**References:**")[1]
    assert "[2nd-hand] = read only in another paper" in odi_caption
    assert "- [62] (Authors not shown.) Minimally invasive sacroiliac joint fusion" in markdown(at)
    # Both tables the chart draws are shown, each with its flags.
    band_table = next(f for f in tables(at) if "Band" in f.columns)
    assert set(band_table["Marks"]) == {"2nd-hand"}


@pytest.mark.parametrize(("tab", "keys"), [(t, k) for t, k in TAB_CHARTS.items() if k])
def test_every_drawn_table_lists_its_references(tabs, tab, keys):
    """Each figure's caption cites every reference of every table it draws."""
    at = tabs[tab]
    refs = set()
    for key in keys:
        fig_tables = {
            "odi": ("outcome_scores", "odi_bands"),
            "improvement": ("outcome_scores", "mcid"),
        }.get(key)
        names = (
            fig_tables
            or {
                "bilateral_grid": ("union_by_stage",),
                "union_by_stage": ("union_by_stage",),
                "union_by_laterality": ("union_by_laterality",),
                "rts_time": ("return_to_sport",),
                "rts_rate": ("return_to_sport",),
                "techniques": ("repair_techniques",),
                "injections": ("injection_response",),
                "epidemiology": ("epidemiology",),
            }[key]
        )
        refs |= {r["ref"] for name in names for r in evidence.load_table(name)}
    text = captions(at) + markdown(at)
    for ref in refs:
        assert f"[{ref}]" in text, (tab, ref)


def test_titles_do_not_overstate(tabs):
    """Review #22-#26: the titles and notes say what the figures can carry."""
    heads = " ".join(h.value for at in tabs.values() for h in [*at.header, *at.subheader])
    assert "Screw-based repairs heal in over 90%" not in heads and "95% and 93% [33]" in heads  # 22
    assert "worse side" not in heads and "not evenly" in heads  # 23
    assert "In every study" not in heads and "five studies with both groups" in heads  # 24
    assert "4 to 6 in 10" not in heads and "38%" in heads and "55% at 1 month" in heads  # 25
    assert "larger than the smallest change patients notice" not in heads  # 26
    notes = " ".join(captions(at) for at in tabs.values())
    assert "not monotonic" in notes and "number of patients in each cell" in notes
    assert "Staudenmann [12] measured spontaneous fusion" in notes and "Eto [7]" in notes
    assert "15 minutes [42] is the local anaesthetic" in notes
    assert "threshold for one patient" in notes
    assert "patients would notice" not in markdown(tabs["Outcome scores"])


def _claim_blocks(at) -> dict[str, str]:
    """Claim topic -> its paragraph (escapes undone), from the comparison block."""
    text = next(m.value for m in at.markdown if "verdict: **" in m.value)
    out = {}
    for block in re.sub(r"\\(.)", r"\1", text).split("\n\n"):
        topic = block.split("**")[1]
        out[topic] = block
    return out


def test_source_vs_evidence_tab_lists_verdicts_with_reasons(tabs):
    """Each claim shows its verdict and the reason; the re-argued rows give their reasons."""
    at = tabs["Source vs evidence"]
    claims = _claim_blocks(at)
    assert len(claims) == 18
    assert "verdict: **differs**" in claims["Return to sport after surgical repair"]
    assert "verdict: **partly agrees**" in claims["Bracing"] and "null result" in claims["Bracing"]
    assert (
        "verdict: **not confirmed by a primary source**"
        in claims["Share of symptomatic cases that are bilateral"]
    )
    assert "verdict: **indirect evidence only**" in claims["3D-printed drill guides"]
    assert "verdict: **partly agrees**" in claims["Pain relief from pars injection"]
    assert "verdict: **differs**" in claims["Minimally invasive repair"]
    assert all("*Why this verdict:* " in b and "*Source (S" in b for b in claims.values())
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Partly agrees"] == "2" and metrics["Indirect evidence only"] == "1"
    assert "- [39] Kolcun JPG" in markdown(at)


def test_every_chart_offers_a_csv_download(tabs):
    """Each figure has a CSV download button; the comparison table has one too."""
    for tab, keys in TAB_CHARTS.items():
        buttons = tabs[tab].get("download_button")
        assert len(buttons) == max(len(keys), 1), tab
        assert {b.proto.label for b in buttons} == {"Download CSV"}


# ---------------------------------------------------------------------------------------
# The case the page is opened with


def _case_rows(chart) -> list[dict]:
    return [r for r in chart_rows(chart) if r.get("is_case")]


def test_without_a_case_nothing_is_marked(tabs, charts):
    """Opened bare, no cell is outlined and no 'your case' note shows."""
    for key in ("bilateral_grid", "union_by_stage", "union_by_laterality", "rts_rate"):
        assert not _case_rows(charts[key]), key
    assert not [i for at in tabs.values() for i in at.info if "Your case" in i.value]


def test_a_bilateral_complete_fracture_outlines_its_grid_cell_and_says_its_figure():
    """Case: bilateral, CT complete: the progressive/progressive cell (23.7% [2]) is outlined."""
    at = open_tab("Healing by stage", COMPLETE_BILATERAL)
    grid, uni = at.get("vega_lite_chart")
    cells = [(r["main_stage"], r["contralateral_stage"]) for r in _case_rows(grid)]
    assert cells == [("progressive", "progressive")]
    assert "strokeDash" in grid.proto.spec  # the outline layer is drawn
    # The one-sided bars mark only [3]'s any-side row at that stage, not a one-sided bar.
    assert [(r["laterality"], r["main_stage"]) for r in _case_rows(uni)] == [("any", "progressive")]
    notes = [i.value for i in at.info]
    assert any(n.startswith("**Your case:** bilateral defect, CT complete fracture") for n in notes)
    assert any("23.7% healed with both sides at this stage [2]" in n for n in notes)
    table = next(t for t in tables(at) if "Your case" in t.columns)
    marked = table[table["Your case"] != ""]
    assert list(marked["Healed, %"]) == ["23.7", "51"]


def test_a_one_sided_incomplete_fracture_outlines_its_bar():
    """Case: unilateral, CT incomplete: the one-sided early bar (96.0% [2]) is outlined, no grid cell."""
    at = open_tab("Healing by stage", {"ct_stage": "incomplete fracture", "laterality": "unilateral"})
    grid, uni = at.get("vega_lite_chart")
    assert not _case_rows(grid)
    assert {(r["laterality"], r["main_stage"]) for r in _case_rows(uni)} == {
        ("unilateral", "early"),
        ("any", "early"),
    }
    assert any("one side" in i.value and "96% healed" in i.value for i in at.info)


def test_a_case_without_ct_marks_no_stage():
    """CT not done: no cell outlined; the note says a CT stages the fracture (S08)."""
    at = open_tab("Healing by stage", {"weeks_conservative": "4"})
    assert not any(_case_rows(c) for c in at.get("vega_lite_chart"))
    assert any("no CT yet" in i.value and "S08" in i.value for i in at.info)


@pytest.mark.parametrize(
    ("case", "side"),
    [
        pytest.param({"laterality": "unilateral", "ct_stage": "complete fracture"}, {"unilateral"}, id="one"),
        pytest.param(COMPLETE_BILATERAL, {"bilateral", "bilateral, both sides fresh"}, id="both"),
    ],
)
def test_the_laterality_chart_outlines_the_case_side(case, side):
    """One side vs both: the bars of the case's side are outlined, the others not."""
    at = open_tab("One side vs both", case)
    (chart,) = at.get("vega_lite_chart")
    assert {r["group"] for r in _case_rows(chart)} == side


@pytest.mark.parametrize(
    ("case", "treatment"),
    [
        pytest.param({"weeks_conservative": "4"}, "conservative", id="early-care"),
        pytest.param(
            {**COMPLETE_BILATERAL, "pain": "limits function"}, "surgical", id="repair-open-at-20-weeks"
        ),
    ],
)
def test_return_to_sport_draws_the_case_path_in_full(case, treatment):
    """Return to sport: rows of the case's path are drawn in full, the others faded."""
    at = open_tab("Return to sport", case)
    rate = at.get("vega_lite_chart")[1]
    assert {r["treatment"] for r in _case_rows(rate)} == {treatment}
    assert '"opacity"' in rate.proto.spec


def test_links_to_other_pages_carry_the_case():
    """Opened with a case, the page's links to other pages carry it on."""
    at = open_tab("Healing by stage", COMPLETE_BILATERAL)
    links = [p.proto for p in at.get("page_link") if p.proto.page == "Case_explorer"]
    assert links and all("ct_stage=complete+fracture" in p.query_string for p in links)


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
    at = open_tab("Healing by stage")
    errors = [e.value for e in at.error]
    assert len(errors) == 2
    assert all("data/union_by_stage.csv row 7: ref 99 is not in data/references.csv" in e for e in errors)
    assert len(at.get("vega_lite_chart")) == 0
    other = open_tab("Outcome scores")
    assert not other.error and len(other.get("vega_lite_chart")) == 2
    assert json.loads(other.get("vega_lite_chart")[0].proto.spec)


def test_the_healing_tab_lists_the_young_adult_figures(tabs):
    """The only adult healing figures: Asai [11] 10/14 (YA, computed) and Staudenmann [12], with refs."""
    at = tabs["Healing by stage"]
    table = next(t for t in tables(at) if "Defects" in t.columns)
    asai = table[table["Ref."] == "11"].iloc[0]
    assert (asai["Healed"], asai["Defects"], asai["Healed, %"]) == ("10", "14", "71.4")
    assert asai["Marks"] == "YA, computed"
    assert "- [11] Asai R" in markdown(at) and "- [12] Staudenmann A" in markdown(at)


def test_an_old_defect_outlines_the_terminal_cells_and_the_eto_bar():
    """Old (sclerotic) defect on both sides: no both-terminal cell exists, so the one-side-terminal
    cells of [2] are outlined, and on the sides tab Eto's 'other side terminal' bar [7]."""
    case = {"ct_stage": "old (sclerotic) defect", "weeks_conservative": "20"}
    at = open_tab("Healing by stage", case)
    grid, _ = at.get("vega_lite_chart")
    assert sorted(r["main_stage"] for r in _case_rows(grid)) == ["early", "progressive", "very early"]
    assert all(r["contralateral_stage"] == "terminal" for r in _case_rows(grid))
    note = next(i.value for i in at.info if "terminal stage" in i.value or "read as terminal" in i.value)
    assert "No figure for both sides terminal was found" in note and "26.1%" in note and "[7]" in note
    sides = open_tab("One side vs both", case)
    (chart,) = sides.get("vega_lite_chart")
    assert {r["group"] for r in _case_rows(chart)} == {"bilateral", "bilateral, other side terminal"}


def test_table_headers_are_words_not_column_names(tabs):
    """No table shows a file's column name (pct_low, union_pct, months_point): HEADERS in
    ui/evidence.py names each column for people."""
    from ui.evidence import HEADERS

    seen = set()
    for at in tabs.values():
        for table in tables(at):
            seen |= set(table.columns)
    assert seen, "tables found"
    assert not [h for h in seen if "_" in h], seen
    assert {"Returned, % (low)", "Healed, %", "Months to return"} <= seen
    assert not set(HEADERS) & (seen - {"%"})


def test_each_reference_links_its_doi_or_pubmed(tabs):
    """'Table and references' lists each reference with its DOI / PubMed link, an ordinary
    Markdown link; a reference without an identifier has no stray 'not shown'."""
    texts = [m.value for at in tabs.values() for m in at.markdown if m.value.startswith("- [")]
    joined = "\n".join(texts)
    assert "(https://doi.org/10.1097/BRS.0000000000004849)" in joined
    assert "(https://pubmed.ncbi.nlm.nih.gov/37807612/)" in joined
    assert not [ln for ln in joined.splitlines() if ln.rstrip().endswith("not shown")]
    assert "[27] Debnath UK, Freeman" in joined


def test_return_to_sport_axis_says_from_when_each_time_counts(charts):
    import json

    spec = json.loads(charts["rts_time"].proto.spec)
    text = json.dumps(spec)
    assert "from the start of care" in text and "from the operation" in text

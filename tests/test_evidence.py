"""Evidence data: every table loads, every ref exists, and a bad row is named by file and row."""

import shutil

import pytest

import pathway
from pathway.resident import evidence_case
from pathway.sources import comparisons, evidence
from pathway.sources.errors import EvidenceError
from pathway.sources.source import load_source


def test_references_cover_the_bibliography():
    """references.csv holds every numbered reference [1]-[71], with the engine's window refs."""
    refs = evidence.load_references()
    assert sorted(refs) == list(range(1, 72))
    for w in pathway.evaluate(pathway.Scenario()).windows:
        if w.layer == "evidence":
            assert {int(r) for r in w.refs} <= set(refs), w
    assert refs[27].young_adult and refs[40].young_adult
    # Menga [30] (mean 16 y, range to 37) and Kajdi [42] (mean 43.9 y) are not young-adult cohorts.
    assert not refs[30].young_adult and not refs[42].young_adult
    assert refs[1].second_hand and not refs[2].second_hand


@pytest.mark.parametrize("name", sorted(evidence.TABLES))
def test_every_table_loads_and_each_row_cites_an_existing_reference(name):
    """Each data table loads with typed values and every row's ref is in references.csv."""
    rows = evidence.load_table(name)
    refs = evidence.load_references()
    assert rows
    assert all(r["ref"] in refs for r in rows)
    for flag in evidence.MARKS:
        assert all(isinstance(r[flag], bool) for r in rows), flag


def test_known_values_are_in_the_tables():
    """Spot checks against published-figures.md: [2] unilateral early 96.0, bilateral P/P 23.7."""
    rows = evidence.load_table("union_by_stage")
    pick = {(r["laterality"], r["main_stage"], r["contralateral_stage"]): r for r in rows if r["ref"] == 2}
    assert pick[("unilateral", "early", None)]["union_pct"] == 96.0
    assert pick[("bilateral", "progressive", "progressive")]["union_pct"] == 23.7
    rts = {(r["ref"], r["treatment"]): r for r in evidence.load_table("return_to_sport")}
    assert rts[(18, "surgical")]["months_point"] == 7.9
    assert rts[(30, "surgical")]["months_low"] == 3 and rts[(30, "surgical")]["months_high"] == 10


def _copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(evidence.DATA_DIR, target)
    return target


def _edit_row(path, row, column, value):
    import csv

    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    rows[row - 1][column] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header)
        w.writeheader()
        w.writerows(rows)


BAD_ROWS = [
    pytest.param(
        "union_by_stage",
        7,
        "ref",
        "99",
        "data/union_by_stage.csv row 7: ref 99 is not in data/references.csv",
        id="unknown-ref",
    ),
    pytest.param(
        "union_by_stage",
        2,
        "union_pct",
        "140",
        "data/union_by_stage.csv row 2: column 'union_pct' is 140",
        id="percent-above-100",
    ),
    pytest.param(
        "union_by_laterality",
        3,
        "union_pct",
        "high",
        "data/union_by_laterality.csv row 3: column 'union_pct' must",
        id="percent-not-a-number",
    ),
    pytest.param(
        "repair_techniques",
        2,
        "ci_low",
        "99",
        "data/repair_techniques.csv row 2: ci_low (99) is greater than pct",
        id="ci-lower-above-estimate",
    ),
    pytest.param(
        "return_to_sport",
        7,
        "months_low",
        "9",
        "data/return_to_sport.csv row 7: months_low (9) is greater",
        id="range-lower-above-upper",
    ),
    pytest.param(
        "epidemiology",
        4,
        "young_adult",
        "maybe",
        "data/epidemiology.csv row 4: column 'young_adult' must be yes or no",
        id="flag-not-yes-no",
    ),
    pytest.param(
        "odi_bands",
        1,
        "population",
        "",
        "data/odi_bands.csv row 1: column 'population' is empty",
        id="population-missing",
    ),
]


@pytest.mark.parametrize(("name", "row", "column", "value", "message"), BAD_ROWS)
def test_a_bad_row_raises_an_error_naming_file_and_row(tmp_path, name, row, column, value, message):
    """A copy of a data file with one bad cell fails to load with the file and row in the message."""
    data = _copy(tmp_path)
    _edit_row(data / f"{name}.csv", row, column, value)
    with pytest.raises(EvidenceError) as info:
        evidence.load_table(name, data)
    assert str(info.value).startswith(message)


def test_a_missing_column_is_named(tmp_path):
    """Dropping a column from a table names the file and the column."""
    data = _copy(tmp_path)
    path = data / "mcid.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(",".join(line.split(",")[:-1]) for line in lines) + "\n", encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"data/mcid.csv: missing column\(s\) minimal_important_change"):
        evidence.load_table("mcid", data)


def test_a_duplicate_reference_is_named(tmp_path):
    """Two rows with the same reference number in references.csv are rejected by row."""
    data = _copy(tmp_path)
    _edit_row(data / "references.csv", 5, "ref", "4")
    with pytest.raises(EvidenceError, match=r"data/references.csv row 5: ref 4 appears twice"):
        evidence.load_references(data)


def test_the_data_directory_can_come_from_the_environment(tmp_path, monkeypatch):
    """PARS_DATA_DIR points the loaders at another directory (used by the page tests)."""
    data = _copy(tmp_path)
    _edit_row(data / "union_by_stage.csv", 7, "ref", "99")
    monkeypatch.setenv(evidence.ENV_DATA_DIR, str(data))
    with pytest.raises(EvidenceError, match="row 7: ref 99"):
        evidence.load_table("union_by_stage")


SOURCE_IDS = set(load_source().sentences)


def _claims():
    return {c.claim_id: c for c in comparisons.load_source_vs_evidence(SOURCE_IDS)}


@pytest.mark.parametrize(
    ("source_id", "needle", "verdict"),
    [
        pytest.param("S33", "3-5 months", "differs", id="surgical-rts-3-5-differs"),
        pytest.param("S02", "6-week", "no published figure found", id="six-week-minimum-unsourced"),
        pytest.param("S28", "80%", "not confirmed by a primary source", id="bilateral-80-not-confirmed"),
        pytest.param("S07", "3-6 months", "agrees", id="conservative-rts-3-6-agrees"),
        pytest.param("S05", "mixed", "partly agrees", id="bracing-mixed-is-a-null-result"),
        pytest.param("S19", "accuracy", "indirect evidence only", id="3d-guides-indirect"),
        pytest.param("S13", "pain relief", "partly agrees", id="injection-a-minority-respond"),
        pytest.param("S20", "equivalent", "differs", id="mis-repair-better-not-equivalent"),
        pytest.param("S16", "young", "agrees", id="repair-for-young-patients"),
        pytest.param("S28", "benign", "agrees", id="unilateral-more-benign"),
        pytest.param("S29", "professional", "no published figure found", id="professional-athletes-no-rate"),
    ],
)
def test_source_vs_evidence_covers_the_required_claims(source_id, needle, verdict):
    """Each required claim of the source is in the table with the verdict the evidence supports."""
    matches = [
        c
        for c in _claims().values()
        if source_id in c.source_ids and needle.lower() in c.source_says.lower() and c.verdict == verdict
    ]
    assert matches, f"no {verdict!r} row for {source_id} mentioning {needle!r}"


def test_surgical_return_row_gives_the_published_six_to_eight_months():
    """The disagreement row states the published figure (about 6-8 months) and its refs."""
    row = next(c for c in _claims().values() if c.verdict == "differs" and "S33" in c.source_ids)
    assert "6-8 months" in row.published
    assert {18, 19, 27, 30} <= set(row.refs)


def test_second_hand_bilateral_figure_is_marked():
    """The 80% bilateral figure is labelled 2nd-hand and the ~79% figure as computed."""
    row = next(c for c in _claims().values() if "S28" in c.source_ids and "80%" in c.source_says)
    assert "2nd-hand" in row.published and "computed" in row.published


def test_an_unknown_source_sentence_is_rejected(tmp_path):
    """A claim citing a sentence id the source does not have is named by row."""
    data = _copy(tmp_path)
    _edit_row(data / "source_vs_evidence.csv", 3, "source_ids", "S99")
    with pytest.raises(EvidenceError, match=r"data/source_vs_evidence.csv row 3: source sentence S99"):
        comparisons.load_source_vs_evidence(SOURCE_IDS, data)


@pytest.mark.parametrize(
    ("claim", "verdict", "reason_needle", "refs"),
    [
        pytest.param("C03", "partly agrees", "null result", {45, 46, 13, 24}, id="C03-bracing"),
        pytest.param("C06", "not confirmed by a primary source", "circular", {1, 59, 25, 50}, id="C06-80pct"),
        pytest.param("C11", "indirect evidence only", "pedicle-screw placement", {70}, id="C11-guides"),
        pytest.param("C12", "partly agrees", "minority", {41, 42}, id="C12-injection"),
        pytest.param("C16", "differs", "better pain relief", {39}, id="C16-S20-vs-39"),
        pytest.param("C17", "agrees", "above 25", {36}, id="C17-S16-vs-36"),
        pytest.param("C18", "agrees", "No slip", {48, 28}, id="C18-S28-vs-48-28"),
    ],
)
def test_reargued_and_added_verdicts_carry_their_reason(claim, verdict, reason_needle, refs):
    """The verdicts re-argued as too generous (bracing, the 80%, guides, injection), and the
    three added comparisons."""
    c = _claims()[claim]
    assert c.verdict == verdict
    assert reason_needle.lower() in c.reason.lower()
    assert refs <= set(c.refs)


def test_every_comparison_gives_a_reason(tmp_path):
    """A verdict without its reason is rejected by row; every shipped row has one."""
    assert all(len(c.reason) > 20 for c in _claims().values())
    data = _copy(tmp_path)
    _edit_row(data / "source_vs_evidence.csv", 4, "reason", "")
    with pytest.raises(EvidenceError, match=r"source_vs_evidence.csv row 4: column 'reason' is empty"):
        comparisons.load_source_vs_evidence(SOURCE_IDS, data)


def test_news_rows_are_marked_news_not_second_hand():
    """Epidemiology rows 14-15 (74.5% vs 7.7% slip) are a HealthDay summary of [50]: [news]."""
    rows = evidence.load_table("epidemiology")
    slip = [r for r in rows if r["item"].startswith("Slip with")]
    assert [r["pct"] for r in slip] == [74.5, 7.7]
    assert all(evidence.row_marks(r) == ("news",) for r in slip)
    # The other rows of [50] are primary.
    assert all(not r["news"] for r in rows if r["ref"] == 50 and r not in slip)


def test_a_row_cannot_be_both_news_and_second_hand(tmp_path):
    """The two marks are distinct: a row with both is rejected by file and row."""
    data = _copy(tmp_path)
    _edit_row(data / "epidemiology.csv", 15, "second_hand", "yes")
    with pytest.raises(EvidenceError, match=r"epidemiology.csv row 15: columns 'second_hand' and 'news'"):
        evidence.load_table("epidemiology", data)


def test_young_adult_marks_only_on_young_adult_cohorts():
    """YA on cohorts of young adults; 'includes young adults' on Menga [30]; none on Kajdi [42]."""
    marks = {}
    for name in evidence.TABLES:
        for r in evidence.load_table(name):
            marks.setdefault(r["ref"], set()).update(evidence.row_marks(r))
    for ref in (11, 12, 22, 27, 40):
        assert "YA" in marks[ref], ref
    assert "includes young adults" in marks[30] and "YA" not in marks[30]
    assert not ({"YA", "includes young adults"} & marks[42])


@pytest.mark.parametrize(
    ("ct_stage", "laterality", "expected"),
    [
        pytest.param(
            "complete", "bilateral", [("bilateral", "progressive", "progressive")], id="bi-complete"
        ),
        pytest.param("incomplete", "unilateral", [("unilateral", "early", None)], id="uni-incomplete"),
        pytest.param("not_done", "bilateral", [], id="no-ct-marks-nothing"),
    ],
)
def test_case_rows_pick_the_cells_of_the_case(ct_stage, laterality, expected):
    """The case's stage and side pick its cells of [2] (and [3]'s any-side row at that stage)."""
    rows = evidence.load_table("union_by_stage")
    a = pathway.evaluate(pathway.Scenario(ct_stage=ct_stage, laterality=laterality))
    marks = evidence_case.case_rows("union_by_stage", rows, evidence_case.case_view(a))
    picked = [r for r, m in zip(rows, marks, strict=True) if m]
    assert [
        (r["laterality"], r["main_stage"], r["contralateral_stage"]) for r in picked if r["ref"] == 2
    ] == expected
    assert len([r for r in picked if r["ref"] == 3]) == (1 if expected else 0)


@pytest.mark.parametrize(
    "value",
    ["doi:10.1097/BRS.0000000000004849", "PMID 33597077", "PMC3454560", "NCT05505981", "not shown"],
)
def test_each_identifier_form_is_read(value):
    links = evidence.identifier_links(value)
    assert len(links) == (0 if value == "not shown" else 1)
    for _, address in links:
        assert address.startswith(
            ("https://doi.org/10.", "https://pubmed.ncbi.nlm.nih.gov/", "https://pmc.ncbi.nlm.nih.gov/")
        ) or address.startswith("https://clinicaltrials.gov/study/NCT")


def test_a_doi_and_a_pmid_give_two_links():
    assert evidence.identifier_links("doi:10.1186/s12891-020-03940-9; PMID 33441118") == (
        ("doi:10.1186/s12891-020-03940-9", "https://doi.org/10.1186/s12891-020-03940-9"),
        ("PubMed 33441118", "https://pubmed.ncbi.nlm.nih.gov/33441118/"),
    )


def test_every_reference_has_links_where_it_has_an_identifier():
    refs = evidence.load_references()
    for ref in refs.values():
        assert bool(ref.links) == (ref.doi_or_pmid != evidence.NO_IDENTIFIER), ref.ref
    assert sum(bool(r.links) for r in refs.values()) >= 55


@pytest.mark.parametrize(
    "value",
    [
        "doi:10.12/x",  # registrant too short
        "doi:10.1097/BRS 0000",  # a space inside
        "doi:10.1097/x)](javascript:alert(1)",  # markup: ']' and the scheme are not DOI characters
        "PMID 12a",
        "pmid 123",
        "https://example.com/paper",
        "NCT123",
    ],
)
def test_a_malformed_identifier_is_refused_at_load_naming_file_and_row(tmp_path, value):
    data = _copy(tmp_path)
    _edit_row(data / "references.csv", 3, "doi_or_pmid", value)
    with pytest.raises(EvidenceError, match=r"data/references.csv row 3: doi_or_pmid"):
        evidence.load_references(data)

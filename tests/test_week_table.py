"""The table the explorer's browser component draws is the engine's answer, week by week."""

import json

import pytest

from pathway import Scenario, evaluate
from pathway.resident.card import card
from pathway.resident.timeline import bands, summary
from pathway.resident.week_table import UNION_ROW, merged_markers, week_table
from ui.charts import defect_records, timeline_records
from ui.weeks import _case_json, data_for, pack, unpack

CASES = [
    Scenario(),
    Scenario(formal_pt=True, ct_stage="complete"),
    Scenario(formal_pt=True, ct_stage="incomplete", laterality="unilateral", mri_edema=True),
    Scenario(formal_pt=True, ct_stage="complete", listhesis_grade=2),
    Scenario(pain="none", ct_stage="complete"),
    Scenario(formal_pt=True, activity="professional", ct_stage="complete", age=45),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: json.dumps(c.to_query()))
def test_every_week_of_the_shipped_table_is_the_engines_answer(case):
    """For each week 0-52, what the browser receives (packed, then unpacked as its script does)
    equals card(), bands(), the merged markers, the union times and summary() of a fresh
    evaluate() at that week; the axis and rows cover every week's bars and markers."""
    sent = json.loads(_case_json(case, ()))
    table = unpack(sent)
    assert len(table["weeks"]) == 53
    for week, row in enumerate(table["weeks"]):
        a = evaluate(case.replace(weeks_conservative=week))
        c = card(a)
        assert row["week"] == week
        assert row["stands"] == c.stands == a.summary
        assert row["open_now"] == list(c.open_now)
        assert row["candidacy"] == c.candidacy
        assert (row["caution"] or {}).get("text") == (c.caution.text if c.caution else None)
        assert row["bands"] == [b.__dict__ for b in bands(a)] == timeline_records(a)[0]
        assert row["markers"] == merged_markers(timeline_records(a)[1])
        _, unions, _ = defect_records(a)
        assert row["unions"] == unions
        assert row["summary"] == summary(a)
        today = next(m for m in row["markers"] if "Today" in m["name"])
        assert f"Today: week {week}" in today["text"]
        for b in row["bands"]:
            assert b["row"] in table["rows"] and b["end"] <= table["x_max"]
        assert all(m["month"] <= table["x_max"] for m in row["markers"])
        if row["unions"]:
            assert table["rows"][-1] == UNION_ROW
        elif UNION_ROW in table["rows"]:
            assert row["union_note"], "a greyed union row says why"


def test_the_week_comes_from_the_case_and_the_table_does_not_depend_on_it():
    a, b = (Scenario(weeks_conservative=w, formal_pt=True) for w in (3, 40))
    assert data_for(a, {})["week"] == 3 and data_for(b, {})["week"] == 40
    assert {k: v for k, v in data_for(a, {}).items() if k != "week"} == {
        k: v for k, v in data_for(b, {}).items() if k != "week"
    }


def test_pack_is_lossless_and_smaller():
    table = week_table(Scenario(formal_pt=True, ct_stage="complete"))
    packed = pack(table)
    assert unpack(packed) == table
    assert len(json.dumps(packed)) < len(json.dumps(table))


def test_only_cited_sentences_ship_and_their_text_is_the_sources():
    data = data_for(
        Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete"), {"S28": "x", "S99": "y"}
    )
    assert data["sentences"] == {"S28": "x"}

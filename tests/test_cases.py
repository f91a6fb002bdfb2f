"""Golden cases: tests/cases/*.json, a scenario and what the pathway says about it.

Each case was written from the source (content/source_pathway.md) and rules.py, not copied
from the engine: one per teaching preset, and both sides of every threshold in rules.py.
A failing case shows the whole expected-versus-actual decision.
"""

import json
from pathlib import Path

import pytest

from pathway import Scenario, evaluate
from pathway.model import rules as R
from pathway.model.presets import PRESETS

CASES_DIR = Path(__file__).parent / "cases"
DECISION = {"options", "surgical_candidate", "criteria", "warnings", "stage"}


def _load() -> list[dict]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            assert set(item) == {"id", "why", "scenario", "expect"}, (path.name, item.get("id"))
            assert set(item["expect"]) - {"summary_has"} == DECISION, (path.name, item["id"])
            cases.append(item)
    return cases


CASES = _load()


def _decision(a) -> dict:
    return {
        "options": sorted(a.options),
        "surgical_candidate": a.surgical_candidate,
        "criteria": dict(a.criteria),
        "warnings": sorted(a.warnings),
        "stage": a.stage,
    }


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in CASES])
def test_golden_case(case):
    """The engine's decision for the case is the one written down from the source."""
    a = evaluate(Scenario(**case["scenario"]))
    expect = dict(case["expect"])
    summary_has = expect.pop("summary_has", None)
    assert _decision(a) == expect, case["why"]
    if summary_has:
        assert summary_has in a.summary


def test_case_ids_are_unique_and_every_preset_has_its_case():
    """One case per teaching preset, with the preset's own scenario."""
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    by_id = {c["id"]: c for c in CASES}
    for preset in PRESETS:
        case = by_id[f"preset-{preset.id}"]
        assert Scenario(**case["scenario"]) == preset.scenario, preset.id


@pytest.mark.parametrize(
    ("field", "threshold"),
    [
        pytest.param("weeks_conservative", R.CONSERVATIVE_MINIMUM_WEEKS, id="6-week-minimum"),
        pytest.param("weeks_conservative", R.CONSERVATIVE_FAILURE_WEEKS, id="13-week-window"),
        pytest.param("weeks_conservative", R.CONSERVATIVE_FULL_COURSE_WEEKS, id="26-week-full-course"),
        pytest.param("listhesis_grade", R.SIGNIFICANT_LISTHESIS_GRADE, id="significant-slip-grade-2"),
        pytest.param("listhesis_grade", R.HIGH_GRADE_LISTHESIS_GRADE, id="outside-pathway-grade-3"),
        pytest.param("age", R.YOUNG_AGE_LIMIT + 1, id="young-up-to-30"),
    ],
)
def test_every_threshold_has_a_case_on_both_sides(field, threshold):
    """For each threshold in rules.py, a case sits just below it and one at it."""
    values = {Scenario(**c["scenario"]).__getattribute__(field) for c in CASES}
    assert {threshold - 1, threshold} <= values

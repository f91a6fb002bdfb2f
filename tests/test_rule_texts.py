"""content/rules/*.csv: the rules' words as data, checked against the Python conditions."""

import re
import shutil
import subprocess
import sys

import pytest

from pathway import evaluate
from pathway.model import engine, explain, summary
from pathway.model.types import CRITERIA_KEYS, STAGES
from pathway.resident.provenance import edge_scenarios
from pathway.sources import rule_texts
from pathway.sources.errors import ContentError
from pathway.sources.source import load_source
from tests.conftest import ROOT

TEXTS = rule_texts.texts()


def test_every_caution_has_its_condition_and_the_other_way_round():
    """warnings.csv and engine.WHEN name the same cautions, in the same (display) order."""
    assert list(TEXTS.warnings) == list(engine.WHEN)


def test_every_criterion_has_its_condition_and_the_other_way_round():
    """criteria.csv holds the four criteria evaluate() decides, in its order."""
    assert tuple(TEXTS.criteria) == CRITERIA_KEYS == tuple(TEXTS.criterion_short)
    assert tuple(evaluate(edge_scenarios().__next__()).criteria) == CRITERIA_KEYS


def test_every_stage_has_its_condition_and_the_other_way_round():
    """stages.csv has a row per stage id; every stage is reached by some edge case, and
    every summary row is used by some case (and no case asks for a missing one)."""
    assert tuple(TEXTS.stage_sources) == STAGES
    reached, summaries = set(), set()
    for n, scenario in enumerate(edge_scenarios()):
        if n % 3:
            continue
        a = evaluate(scenario)
        reached.add(a.stage)
        summaries.add(summary.summary_id(a.stage, scenario))
    assert reached == set(STAGES)
    leads = {k for k in TEXTS.summaries if k.startswith("lead.")}
    assert summaries == set(TEXTS.summaries) - leads


def test_every_sentence_and_interpretation_id_in_the_tables_exists():
    """Every S-id a table cites is a sentence of content/source_pathway.md, and every I-id a
    table names (in a column or in its text) is a row of interpretations.csv."""
    sentences = set(load_source().sentences)
    cited = {sid for _, ids in TEXTS.warnings.values() for sid in ids}
    cited |= {sid for _, ids in TEXTS.criteria.values() for sid in ids}
    cited |= {sid for i in TEXTS.interpretations for sid in i.sources}
    cited |= {sid for ids in TEXTS.stage_sources.values() for sid in ids}
    cited |= set(TEXTS.narrative)
    assert cited and cited <= sentences
    named = {i for ids in TEXTS.warning_interpretations.values() for i in ids}
    named |= {i for ids in TEXTS.criterion_interpretations.values() for i in ids}
    named |= {i for ids in TEXTS.stage_interpretations.values() for i in ids}
    texts = [t for t, _ in TEXTS.warnings.values()] + list(TEXTS.summaries.values())
    named |= {i for t in texts for i in re.findall(r"\bI\d+\b", t)}
    assert named and named <= TEXTS.interpretation_ids


def test_every_placeholder_fills_for_every_edge_case():
    """Each summary's {placeholders} are filled for every edge case: no brace reaches a page."""
    seen = set()
    for scenario in edge_scenarios():
        text = summary.summary(evaluate(scenario).stage, scenario)
        assert "{" not in text and "}" not in text, text
        seen.add(text)
    assert len(seen) > 20


def test_the_decision_reads_no_file():
    """evaluate() over a grid runs with every file read refused, and reads no rules table;
    importing the app's modules reads none either (the words are read on first use)."""
    code = """
import builtins, io, pathlib
from pathway.model.engine import evaluate
from pathway.model.scenario import Scenario
from pathway.resident import card
from pathway.sources import rule_texts
def refuse(*args, **kwargs):
    raise AssertionError("a file was read")
builtins.open = io.open = refuse
pathlib.Path.read_bytes = pathlib.Path.read_text = pathlib.Path.open = refuse
n = 0
for pain in ("none", "mild", "disabling"):
    for weeks in range(0, 30):
        for grade in range(5):
            a = evaluate(Scenario(weeks, True, pain, listhesis_grade=grade, ct_stage="complete"))
            n += len(a.options) + len(a.warnings) + len(a.criteria) + len(a.stage)
print(n, rule_texts.texts.cache_info().currsize)
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    count, loaded = out.stdout.split()
    assert int(count) > 0 and loaded == "0"


@pytest.fixture
def rules_copy(tmp_path):
    shutil.copytree(ROOT / "content" / "rules", tmp_path, dirs_exist_ok=True)
    return tmp_path


def _edit(directory, file, old, new):
    path = directory / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        pytest.param(
            "warnings.csv",
            "id,text,",
            "id,words,",
            r"warnings.csv: missing column\(s\) text",
            id="renamed-column",
        ),
        pytest.param(
            "criteria.csv",
            "interpretations\n",
            "interpretations,extra\n",
            "unexpected column",
            id="extra-column",
        ),
        pytest.param(
            "warnings.csv",
            "before_minimum_trial,Within",
            "before_minimum_trial,,Within",
            r"warnings.csv row 13: more cells",
            id="extra-cell",
        ),
        pytest.param(
            "stages.csv",
            "pt_missing,S26,I3",
            "pt_missing,S26,I3 X4",
            r"stages.csv row 4: .*'X4'",
            id="bad-i-id",
        ),
        pytest.param(
            "stages.csv",
            "fusion,S25,",
            "fusion,25,",
            r"stages.csv row 8: column 'sources' has '25'",
            id="bad-s-id",
        ),
        pytest.param(
            "summaries.csv",
            "{done} in:",
            "{weeks} in:",
            r"summaries.csv row \d+: unknown placeholder \{weeks\}",
            id="unknown-placeholder",
        ),
        pytest.param(
            "summaries.csv",
            "{done} in:",
            "{done in:",
            r"summaries.csv row \d+: .*broken placeholder",
            id="broken-brace",
        ),
        pytest.param(
            "warnings.csv",
            "(I3)",
            "{weeks} (I3)",
            r"warnings.csv row 3: unknown placeholder .*allowed: none",
            id="no-placeholders-in-cautions",
        ),
        pytest.param(
            "warnings.csv",
            "too_early_for_surgery,",
            "before_minimum_trial,",
            r"warnings.csv row 13: id 'before_minimum_trial' is used twice",
            id="duplicate-id",
        ),
        pytest.param(
            "narrative.csv",
            "S31,",
            "S99x,",
            r"narrative.csv row 2: id 'S99x' is not a valid id",
            id="bad-row-id",
        ),
        pytest.param(
            "interpretations.csv",
            "I1,What counts as significant spondylolisthesis,",
            "I1,,",
            r"interpretations.csv row 1: column 'title' is empty",
            id="empty-title",
        ),
        pytest.param(
            "warnings.csv",
            "(I3).",
            "(I31).",
            r"warnings.csv row 3 \(formal_pt_missing\): I31 is not an id",
            id="unknown-i-id-in-text",
        ),
    ],
)
def test_a_broken_table_names_the_file_and_row(rules_copy, file, old, new, message):
    """A broken rules table is refused with ContentError naming the file, the row and what is wrong."""
    _edit(rules_copy, file, old, new)
    with pytest.raises(ContentError, match=message):
        rule_texts.load_rule_texts(rules_copy)


def test_a_missing_table_is_named(rules_copy):
    (rules_copy / "stages.csv").unlink()
    with pytest.raises(ContentError, match=r"content/rules/stages.csv is missing"):
        rule_texts.load_rule_texts(rules_copy)


def test_the_old_rules_names_say_where_they_went():
    """Code written against rules.WARNINGS learns that the words are data now."""
    from pathway.model import rules

    with pytest.raises(AttributeError, match=r"rule_texts.WARNINGS"):
        rules.WARNINGS  # noqa: B018


def test_a_row_pasted_twice_is_named_as_a_repeat(rules_copy):
    """A whole row pasted again is said as such (like the data tables), not as an id used twice."""
    path = rules_copy / "warnings.csv"
    lines = path.read_text(encoding="utf-8").rstrip("\n").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(ContentError, match=rf"content/rules/warnings.csv row {len(lines)} repeats row 1$"):
        rule_texts.load_rule_texts(rules_copy)


@pytest.mark.parametrize("file", [t.file for t in rule_texts.TABLES])
def test_a_broken_table_leaves_placeholders_and_the_decision(rules_copy, monkeypatch, file):
    """With one table broken the others keep their words, the broken one's words read
    '[Text missing: ...]', the fault is named once, and every caution and criterion is there."""
    cases = [evaluate(s) for s in edge_scenarios()]
    before = [explain.explain(a) for a in cases]
    (rules_copy / file).write_text("id\n", encoding="utf-8")  # a header and no rows
    found, broken = rule_texts.load_words(rules_copy)
    assert len(broken) == 1 and broken[0].startswith(f"content/rules/{file}:")
    with pytest.raises(ContentError, match=f"content/rules/{file}"):
        rule_texts.load_rule_texts(rules_copy)
    monkeypatch.setattr(rule_texts, "_loaded", lambda: (found, broken))
    gap = f"[Text missing: content/rules/{file} could not be read.]"
    for a, old in zip(cases, before, strict=True):
        new = explain.explain(a)  # built afresh, from the broken tables
        # Every caution still shown (in id order when warnings.csv, which orders them, is broken).
        assert sorted(al.id for al in new.alerts) == sorted(al.id for al in old.alerts)
        assert [c.key for c in new.criteria_detail] == list(CRITERIA_KEYS)
        alerts = [al.text for al in new.alerts]
        assert alerts == ([gap] * len(alerts) if file == "warnings.csv" else [al.text for al in old.alerts])
        wording = [c.wording for c in new.criteria_detail]
        assert wording == ([gap] * 4 if file == "criteria.csv" else [c.wording for c in old.criteria_detail])
        assert new.summary == (gap if file == "summaries.csv" else old.summary)

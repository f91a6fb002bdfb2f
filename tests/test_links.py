"""One reading of a link: the notice, the controls, the URL and the assessment always agree.

The 84 hostile link values of tests/link_cases.py, packed into 25 links, open the
Case explorer and the Patient view. Whatever ``Scenario.from_query`` makes of a link is what
the controls show, what the URL says afterwards, what the page assesses (the page reads the
same as when opened with the canonical link) and what the notice reports, field by field.
"""

from __future__ import annotations

import pytest

from pathway.model.scenario import SCENARIO_FIELDS, Scenario
from pathway.sources.source import escape_markdown
from tests import link_cases
from tests.conftest import run_page
from ui.case import CONTROL_RANGES, LABELS, PATIENT_WORDS, scenario_value

PAGES = ["pages/1_Case_explorer.py", "pages/5_Patient_view.py"]
BATCHES = link_cases.batches()


def expected(query: str) -> tuple[Scenario, list[str]]:
    params = {k: v for k, v in link_cases.parsed(query).items() if k in SCENARIO_FIELDS}
    return Scenario.from_query(params, ranges=CONTROL_RANGES)


def as_query_params(query: str) -> dict[str, str | list[str]]:
    return {k: v[0] if len(v) == 1 else v for k, v in link_cases.parsed(query).items()}


def notices(at) -> list[str]:
    return [w.value for w in at.warning if "not valid" in w.value or "could not be read" in w.value]


def page_text(at) -> list[str]:
    """What the page says about the case, without the link notice."""
    out = []
    for kind in ("markdown", "info", "warning", "success", "error", "caption", "subheader", "header"):
        out += [
            f"{kind}: {e.value}"
            for e in at.get(kind)
            if "not valid" not in str(e.value) and "could not be read" not in str(e.value)
        ]
    return out


_canonical_runs: dict[tuple[str, str], list[str]] = {}


def canonical_text(script: str, scenario: Scenario) -> list[str]:
    key = (script, str(sorted(scenario.to_query().items())))
    if key not in _canonical_runs:
        _canonical_runs[key] = page_text(run_page(script, scenario.to_query()))
    return _canonical_runs[key]


def test_every_link_case_is_packed_into_one_batch():
    """All 84 values of tests/link_cases.py are tried, each in exactly one of the 25 links."""
    assert len(link_cases.CASES) == 84
    assert sorted(n for b in BATCHES for n in b) == sorted(link_cases.CASES)


@pytest.mark.parametrize("script", PAGES, ids=["explorer", "patient"])
@pytest.mark.parametrize("names", BATCHES, ids=[b[0] for b in BATCHES])
def test_notice_controls_url_and_assessment_agree(script, names):
    query = link_cases.joined(names)
    want, messages = expected(query)
    at = run_page(script, as_query_params(query))
    assert not at.exception, [e.value for e in at.exception]

    shown = {f: scenario_value(f, at.session_state[f]) for f in SCENARIO_FIELDS}
    assert shown == {f: getattr(want, f) for f in SCENARIO_FIELDS}, names

    link = {k: v for k, v in at.query_params.items() if k in SCENARIO_FIELDS}
    link = {k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in link.items()}
    assert link == want.to_query(), f"the URL is left canonical for {names}"

    found = notices(at)
    assert len(found) == (1 if messages else 0), (names, found)
    bad = {m.split(" ", 1)[0] for m in messages}
    patient = script == PAGES[1]
    for field in SCENARIO_FIELDS:
        if patient:
            # The Patient view's own words, and never a URL field name or the explorer's label.
            named = bool(found) and escape_markdown(PATIENT_WORDS[field]) in found[0]
            if "_" in field:
                assert not found or escape_markdown(field) not in found[0], found
            assert not found or f"{escape_markdown(LABELS[field])}\\:" not in found[0], found
        else:
            named = bool(found) and f"{escape_markdown(LABELS[field])}\\:" in found[0]
        assert named == (field in bad), f"notice and parser disagree on {field} for {names}: {found}"

    assert page_text(at) == canonical_text(script, want), f"the page does not assess {want} for {names}"


@pytest.mark.parametrize(
    ("query", "field", "value", "notice"),
    [
        pytest.param("pain=mild&pain=none", "pain", "disabling", True, id="repeated-different-is-default"),
        pytest.param("pain=mild&pain=mild", "pain", "mild", False, id="repeated-same-is-kept"),
        pytest.param("ct_stage=complete", "ct_stage", "complete", False, id="engine-name-is-read"),
        pytest.param("formal_pt=yes", "formal_pt", True, False, id="yes-is-true"),
        pytest.param("weeks_conservative=3.5", "weeks_conservative", 0, True, id="decimal-is-default"),
        pytest.param("age=12", "age", 22, True, id="below-the-slider-is-default"),
        pytest.param("ct_stage=old_defect", "ct_stage", "old_defect", False, id="old-defect"),
    ],
)
def test_headline_examples(query, field, value, notice):
    """The headline examples of a bad link: what the explorer's control holds, and whether it says so."""
    at = run_page(PAGES[0], as_query_params(query))
    assert at.session_state[field] == value
    assert bool(notices(at)) == notice


BROWSER_LINK = "pain=mild&pain=none&ct_stage=complete&formal_pt=yes&weeks_conservative=3.5&age=%20030"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["Case_explorer", "Patient_view"])
def test_in_the_browser_the_page_shows_what_the_notice_says(served_app, page, path):
    """In Chromium: the controls show the parser's reading, the URL is rewritten to it, and the
    notice names exactly the two fields that were reset (pain, weeks)."""
    from playwright.sync_api import expect

    from tests.browser_utils import open_page

    open_page(page, f"{served_app.base}/{path}?{BROWSER_LINK}")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    if path == "Patient_view":
        page.get_by_test_id("stExpander").filter(has_text="Details for the clinician").locator(
            "summary"
        ).click()
    notice = page.get_by_test_id("stAlert").filter(has_text="link")
    expect(notice).to_have_count(1)
    text = notice.inner_text()
    if path == "Patient_view":
        # In the page's own words: no URL field names, no explorer labels.
        assert PATIENT_WORDS["pain"] in text and PATIENT_WORDS["weeks_conservative"] in text
        assert not any(f in text for f in SCENARIO_FIELDS if "_" in f)
        assert not any(PATIENT_WORDS[f] in text for f in ("ct_stage", "formal_pt", "age"))
    else:
        assert "pain" in text and "weeks_conservative" in text
        assert "ct_stage" not in text and "formal_pt" not in text and "age" not in text.replace("using", "")
    assert page.locator(".st-key-weeks_conservative input[type=range]").input_value() == "0"
    assert page.locator(".st-key-age input[type=range]").input_value() == "30"
    expect(page.locator(".st-key-ct_stage").get_by_role("combobox")).to_have_value("complete fracture")
    expect(page.locator(".st-key-pain").get_by_role("combobox")).to_have_value("limits function")
    assert page.locator(".st-key-formal_pt input[type=checkbox]").is_checked()
    query = page.url.split("?", 1)[1]
    assert sorted(query.split("&")) == sorted(["ct_stage=complete+fracture", "formal_pt=true", "age=30"]), (
        query
    )

"""Hostile links: malformed query strings never crash a page, run script, inject markup or leak requests."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlparse

import pytest

from pathway.model.scenario import SCENARIO_FIELDS, Scenario
from tests.browser_utils import open_page
from tests.conftest import ROOT
from ui.case import CONTROL_RANGES

pytestmark = pytest.mark.browser

IMG = "<img src=x onerror=window.__pwned=1>"
SCRIPT = "<script>window.__pwned=1</script>"
TAG = '<b id="pwnd">injected</b>'
MD_IMG = "![x](http://example.com/x.png)"
MD_LINK = "[click](javascript:window.__pwned=1)"
JS_URL = "javascript:window.__pwned=1"

# 30 malformed (key, value) pairs; a batch puts several in one URL (distinct keys per batch).
BATCHES = [
    [
        ("weeks_conservative", "abc"),
        ("pain", IMG),
        ("laterality", SCRIPT),
        ("ct_stage", JS_URL),
        ("age", "0"),
    ],
    [
        ("weeks_conservative", "-1"),
        ("activity", MD_IMG),
        ("mri_edema", MD_LINK),
        ("formal_pt", "maybe"),
        ("listhesis_grade", "7"),
    ],
    [
        ("weeks_conservative", "999"),
        ("pain", "ＡＢＣ💥"),
        ("activity", "A" * 5000),
        ("age", "123456"),
        ("ct_stage", "\u0000"),
    ],
    [
        ("weeks_conservative", ""),
        ("formal_pt", "true"),
        ("formal_pt", TAG),
        ("pain", "none"),
        ("pain", "mild"),
    ],
    [
        ("weeks_conservative", "3.5"),
        ("listhesis_grade", "٣"),
        ("laterality", TAG),
        ("mri_edema", "NaN"),
        ("glossary_search", IMG),
    ],
    [
        ("weeks_conservative", "5"),
        ("weeks_conservative", "6"),
        (IMG, "1"),
        ("evidence_tab", SCRIPT),
        ("activity", "+5"),
        ("study_answer", MD_IMG),
    ],
]
PAGES = {
    "": "app.py",
    "Case_explorer": "pages/1_Case_explorer.py",
    "Source_pathway": "pages/2_Source_pathway.py",
    "Evidence": "pages/3_Evidence.py",
    "Imaging_guide": "pages/4_Imaging_guide.py",
    "Patient_view": "pages/5_Patient_view.py",
    "Study_mode": "pages/6_Study_mode.py",
    "Glossary": "pages/7_Glossary.py",
}
SCENARIO_PAGES = {"Case_explorer", "Patient_view"}
# The link notice: the explorer's words, and the Patient view's own (ui/case.py PATIENT_WORDS).
NOTICE = re.compile("not valid|could not be read")
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

INJECTED = """() => ({
  pwned: typeof window.__pwned !== 'undefined',
  img: document.querySelectorAll('img[src="x"], img[src*="example.com"]').length,
  tag: document.querySelectorAll('#pwnd').length,
  script: [...document.scripts].some(s => s.textContent.includes('__pwned')),
  jslink: document.querySelectorAll('a[href^="javascript:"]').length,
})"""


def query(batch) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in batch)


def bad_case(qs: str) -> bool:
    """Whether pathway itself finds a bad case value in this query (so a notice is due)."""
    params = parse_qs(qs, keep_blank_values=True)
    params = {k: v for k, v in params.items() if k in SCENARIO_FIELDS}
    return bool(Scenario.from_query(params, ranges=CONTROL_RANGES)[1])


def batches_for(index: int, path: str) -> list[list]:
    # Scenario pages get every batch; the others share them round-robin (each batch still
    # reaches several pages) to keep the suite fast.
    if path in SCENARIO_PAGES:
        return BATCHES
    return [BATCHES[(index + k) % len(BATCHES)] for k in range(0, len(BATCHES), 3)]


def test_at_least_25_malformed_values():
    """The suite covers at least 25 malformed query values."""
    assert sum(len(b) for b in BATCHES) >= 25


@pytest.mark.parametrize("path", list(PAGES), ids=[p or "Home" for p in PAGES])
def test_hostile_query_strings(served_app, page, path):
    """Every malformed link opens the page without an exception, script run, injected markup or leak."""
    if not (ROOT / PAGES[path]).exists():
        pytest.skip(f"{PAGES[path]} does not exist yet")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for batch in batches_for(list(PAGES).index(path), path):
        qs = query(batch)
        open_page(page, f"{served_app.base}/{path}?{qs}")
        assert page.get_by_test_id("stException").count() == 0, f"exception on /{path} with {qs[:200]}"
        found = page.evaluate(INJECTED)
        assert found == {"pwned": False, "img": 0, "tag": 0, "script": False, "jslink": 0}, (path, qs[:200])
        if path in SCENARIO_PAGES and bad_case(qs):
            notices = page.get_by_test_id("stAlert").filter(has_text=NOTICE)
            assert notices.count() == 1, f"one notice expected on /{path} with {qs[:200]}"
            text = notices.first.get_by_test_id("stMarkdownContainer").inner_text().strip()
            assert "\n" not in text, "the notice is one line"
    outside = [
        u
        for u in requests
        if not u.startswith(("data:", "blob:")) and urlparse(u).hostname not in LOCAL_HOSTS
    ]
    assert not outside, f"requests left localhost: {outside[:5]}"


@pytest.mark.parametrize("path", sorted(SCENARIO_PAGES))
def test_very_long_number_in_link(served_app, page, path):
    """A 5,000-digit age in a link shows the notice, not an exception."""
    open_page(page, f"{served_app.base}/{path}?age={'9' * 5000}")
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_test_id("stAlert").filter(has_text=NOTICE).count() == 1

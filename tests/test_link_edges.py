"""Links at the edges: too long to read, said in the Patient view's words, an empty study round.

A link over the app's limits (over 1000 fields, Streamlit's own, or over 8,000 characters,
below the proxy's request-line buffer) opens the default case and says the link was too long,
instead of silently dropping the case. The browser side of this (and the first page of a fresh
server, handled by ui/browser.js) is in tests/test_browser_links.py.
"""

from __future__ import annotations

import re

import pytest

from pathway import study
from tests.conftest import ROOT, run_page
from ui.case import LINK_MAX_CHARS, LINK_MAX_FIELDS, PATIENT_WORDS, TOO_LONG_KEY, too_long

CASE_PAGES = [
    "pages/1_Case_explorer.py",
    "pages/3_Evidence.py",
    "pages/4_Imaging_guide.py",
    "pages/5_Patient_view.py",
    "pages/6_Study_mode.py",
]
TOO_LONG = "too long to open"


def with_fields(n: int) -> dict[str, str]:
    """weeks_conservative=20 and ``n - 1`` unrelated fields: ``n`` fields in all."""
    return {"weeks_conservative": "20", **{f"p{i}": "1" for i in range(n - 1)}}


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


@pytest.mark.parametrize("script", CASE_PAGES)
def test_over_1000_fields_opens_the_default_case_and_says_the_link_was_too_long(script):
    at = run_page(script, with_fields(LINK_MAX_FIELDS + 1))
    assert not at.exception
    assert any(TOO_LONG in w for w in warnings(at)), warnings(at)
    assert TOO_LONG_KEY not in at.query_params, "the marker leaves the address"
    assert "weeks_conservative" not in at.query_params
    if script in ("pages/1_Case_explorer.py", "pages/5_Patient_view.py"):
        assert at.session_state["weeks_conservative"] == 0


def test_1000_fields_still_open_the_case():
    """The other side of the line: exactly 1000 fields is read."""
    at = run_page(CASE_PAGES[0], with_fields(LINK_MAX_FIELDS))
    assert not any(TOO_LONG in w for w in warnings(at))
    assert at.session_state["weeks_conservative"] == 20


@pytest.mark.parametrize(("extra", "said"), [(0, False), (1, True)], ids=["at-the-limit", "one-over"])
def test_a_link_over_8000_characters_is_too_long(extra, said):
    base = "weeks_conservative=20&junk="
    query = {"weeks_conservative": "20", "junk": "x" * (LINK_MAX_CHARS - len(base) + extra)}
    at = run_page(CASE_PAGES[0], query)
    assert any(TOO_LONG in w for w in warnings(at)) == said
    assert at.session_state["weeks_conservative"] == (0 if said else 20)


def test_the_too_long_line_sits_below_the_proxys_request_line_buffer():
    """deploy/nginx.conf.template (read, not changed): nginx refuses a request line longer than
    one large_client_header_buffers buffer (8k unless the template sets it) with 414. The
    app's limit plus the longest page path and the request line's words must fit in it, so a
    link the app reads also passes the proxy."""
    template = (ROOT / "deploy" / "nginx.conf.template").read_text(encoding="utf-8")
    match = re.search(r"large_client_header_buffers\s+\d+\s+(\d+)([km]?)\s*;", template)
    size = 8 * 1024
    if match:
        size = int(match.group(1)) * {"": 1, "k": 1024, "m": 1024 * 1024}[match.group(2)]
    longest_path = max(len(p.stem.split("_", 1)[1]) for p in (ROOT / "pages").glob("*.py"))
    request_line = len("GET /") + longest_path + len("?") + LINK_MAX_CHARS + len(" HTTP/1.1\r\n")
    assert request_line <= size, (request_line, size)


def test_too_long_counts_fields_as_streamlit_does():
    assert not too_long("&".join(["a=1"] * LINK_MAX_FIELDS))
    assert too_long("&".join(["a=1"] * (LINK_MAX_FIELDS + 1)))
    assert not too_long("a=" + "x" * (LINK_MAX_CHARS - 2))
    assert too_long("a=" + "x" * (LINK_MAX_CHARS - 1))


def test_the_patient_view_says_a_bad_link_in_its_own_words():
    """ "weeks_conservative must be 0 to 52" becomes the page's question, with the range."""
    at = run_page("pages/5_Patient_view.py", {"weeks_conservative": "80", "pain": "sore"})
    notice = [w for w in warnings(at) if "could not be read" in w]
    assert len(notice) == 1, warnings(at)
    text = notice[0]
    assert PATIENT_WORDS["weeks_conservative"] in text and "0 to 52" in text
    assert PATIENT_WORDS["pain"] in text
    assert "weeks\\_conservative" not in text and "weeks_conservative" not in text
    assert "not valid" not in text and "Weeks of conservative care" not in text


def test_the_explorer_keeps_its_resident_wording():
    at = run_page(CASE_PAGES[0], {"weeks_conservative": "80"})
    assert any("Weeks of conservative care" in w and "not valid" in w for w in warnings(at))


def test_an_empty_study_round_offers_a_new_one():
    """A forged empty retry round ("No questions in this round.") has a way out: New round."""
    from ui import loaders

    bank = loaders.question_bank()
    empty = study.StudySession.start(bank, study.MIXED).retry_missed()
    assert not empty.order
    at = run_page("pages/6_Study_mode.py", {"study_p": study.encode_session(empty, bank)})
    assert any("No questions in this round" in m.value for m in at.markdown)
    new = [b for b in at.button if b.key == "study_new_round"]
    assert new, [b.label for b in at.button]
    at = new[0].click().run()
    assert at.session_state.study_session.order, "the new round has questions"
    assert not any("No questions in this round" in m.value for m in at.markdown)

"""The glossary: every term the app needs, unique anchors, a search that filters, and loud errors."""

import pytest

import pathway.study as study
from pathway.sources.errors import ContentError
from tests.conftest import run_page

TERMS = study.glossary_terms()
SLUGS = {t.slug for t in TERMS}

REQUIRED = [
    "pars-interarticularis",
    "spondylolysis",
    "spondylolisthesis",
    "meyerding-grade",
    "bone-marrow-oedema",
    "stress-reaction",
    "bucks-technique",
    "pedicle-screw-hook-construct",
    "odi",
    "sf-36",
    "vas",
    "minimal-important-change",
    "nsaids",
    "lumbar-orthosis",
    "core-stabilisation",
    "ct",
    "mri",
    "oblique-radiographs",
    "fusion",
    "direct-pars-repair",
    "pars-injection",
    "lysis",
    "union",
    "very-early-stage",
    "early-stage",
    "progressive-stage",
    "terminal-stage",
    "mcid",
    "ya",
    "2nd-hand",
]


@pytest.mark.parametrize("slug", REQUIRED)
def test_required_term_has_an_entry(slug):
    """Each term the issue lists has an entry other pages can link to as Glossary#slug."""
    assert slug in SLUGS


def test_anchors_are_unique_and_url_safe():
    """Every anchor is lower-case letters, digits and hyphens, and no two entries share one."""
    assert len(SLUGS) == len(TERMS)
    assert all(t.slug.replace("-", "").isalnum() and t.slug == t.slug.lower() for t in TERMS)


@pytest.mark.parametrize(
    ("query", "first", "absent"),
    [
        pytest.param("ODI", "ODI", "Fusion", id="odi-term-first"),
        pytest.param("oedema", "Bone-marrow oedema", "Fusion", id="oedema-in-name"),
        pytest.param("buck", "Buck's technique", "ODI", id="apostrophe-term"),
        pytest.param("HIP", None, None, id="no-match"),
    ],
)
def test_search_filters_and_ranks_name_matches_first(query, first, absent):
    """Search keeps entries mentioning every word, with name matches on top; nonsense finds nothing."""
    hits = study.search_glossary(TERMS, query)
    if first is None:
        assert hits == ()
        return
    assert hits[0].term == first
    assert absent not in {t.term for t in hits}
    assert len(hits) < len(TERMS)


def test_empty_search_keeps_everything():
    """An empty search box lists every term."""
    assert study.search_glossary(TERMS, "  ") == TERMS


def test_terms_in_finds_terms_used_in_a_question():
    """A question mentioning Meyerding grade and fusion gets links to both entries."""
    found = {t.slug for t in study.terms_in("A Meyerding grade II slip points to fusion.", TERMS)}
    assert {"meyerding-grade", "fusion"} <= found
    assert study.glossary_link(TERMS[0]) == "[Pars interarticularis](Glossary#pars-interarticularis)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("# Words\n\n## A\n\nx\n", "title must be '# Glossary'", id="wrong-title"),
        pytest.param("# Glossary\n\n## CT\n\nx\n\n## ct!\n\ny\n", "share the anchor 'ct'", id="same-anchor"),
        pytest.param("# Glossary\n\n## CT\n", "needs a name and an explanation", id="empty-entry"),
        pytest.param("# Glossary\n\n## CT\n\n<b>x</b>\n", "raw HTML", id="html"),
    ],
)
def test_bad_glossary_is_refused(text, message):
    """A malformed glossary raises ContentError naming content/glossary.md."""
    with pytest.raises(ContentError, match=message) as info:
        study.parse_glossary(text)
    assert "content/glossary.md" in str(info.value)


def test_glossary_page_lists_terms_with_anchors_and_search_filters():
    """The page shows every term as a heading with its anchor; typing 'meyerding' leaves one."""
    at = run_page("pages/7_Glossary.py")
    assert not at.exception
    assert len(at.header) == len(TERMS)
    assert {h.proto.anchor for h in at.header} == SLUGS
    at.text_input(key="glossary_search").input("meyerding").run()
    assert [h.value for h in at.header] == ["Meyerding grade"]
    assert any("1 of" in c.value for c in at.caption)
    at.text_input(key="glossary_search").input("zzzz").run()
    assert not at.header and "No term matches" in at.info[0].value

"""AppTest: every page runs without an exception and shows its title and the disclaimer."""

import pytest

from tests.conftest import ALL_SCRIPTS, ROOT
from tests.conftest import run_page as run


@pytest.mark.parametrize("script", ALL_SCRIPTS)
def test_page_runs_without_exception_and_shows_disclaimer(script):
    """Each page renders a title and the educational-use disclaimer, with no exception."""
    at = run(script)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, f"{script} has no title"
    assert any("Educational use only" in c.value for c in at.caption), script


def test_home_links_to_every_page():
    """The home page links every page in the index (and the sidebar menu says Home)."""
    at = run("app.py")
    links = {p.proto.page for p in at.get("page_link")}
    # Streamlit names a page by its file name without the numeric prefix.
    expected = {p.stem.split("_", 1)[1] for p in (ROOT / "pages").glob("*.py")}
    assert expected and expected <= links
    assert "Home" in {p.proto.label for p in at.get("page_link")}


def test_source_page_highlights_picked_sentences():
    """Picking a sentence id on the Source page highlights that sentence."""
    at = run("pages/2_Source_pathway.py")
    text = "".join(m.value for m in at.markdown)
    assert ":orange-background[" not in text
    at.multiselect(key="source_highlight").set_value(["S26"]).run()
    text = "".join(m.value for m in at.markdown)
    assert ":orange-background[**Do not proceed to surgery" in text


def test_source_page_shows_and_hides_ids():
    """The ids toggle shows or hides the S-numbers in the text."""
    at = run("pages/2_Source_pathway.py")
    assert "`S26`" in "".join(m.value for m in at.markdown)
    at.toggle(key="source_show_ids").set_value(False).run()
    assert "`S26`" not in "".join(m.value for m in at.markdown)

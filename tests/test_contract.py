"""Contracts that keep content, rules and pages in sync."""

import hashlib
import json
import re
import subprocess
import sys

import pytest

from pathway.model.scenario import SCENARIO_FIELDS
from pathway.resident.provenance import edge_scenarios, sentence_usage
from pathway.sources import rule_texts as R
from pathway.sources.content import load_pages, parse_markdown
from pathway.sources.errors import ContentError
from pathway.sources.source import load_source, parse_source
from tests.conftest import ALL_SCRIPTS, PAGE_FILES, ROOT

# The source pathway as it was given (a text file outside the repository, beside a checkout
# in the project's workspace). Without it, its words are known by this checksum: sha256 of
# its 585 words, each bullet's "- " dropped, joined by single spaces (see _fingerprint).
SHARED_SOURCE = ROOT.parent / "shared" / "source" / "000_b66cd274fb631ebd.txt"
SOURCE_WORDS = 585
SOURCE_SHA256 = "c3958c0ee8327aeb9c64d518fffbf6903127c38d39684eb7247ecdd28c59226c"


def _words(text: str) -> list[str]:
    return text.split()


def _fingerprint(words: list[str]) -> str:
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def test_source_is_reproduced_word_for_word():
    """content/source_pathway.md holds the source text word for word, markers included: its
    words match the committed checksum of the original's, and the original itself word by
    word where it is beside the checkout (a mismatch then names the first differing word)."""
    shown = _words(load_source().plain_text())
    assert len(shown) == SOURCE_WORDS
    assert _fingerprint(shown) == SOURCE_SHA256
    if SHARED_SOURCE.exists():
        original = SHARED_SOURCE.read_text(encoding="utf-8")
        flattened = [w for line in original.splitlines() for w in _words(line.removeprefix("- "))]
        assert _fingerprint(flattened) == SOURCE_SHA256
        assert shown == flattened


def test_every_sentence_has_a_unique_sequential_id():
    """Ids run S01..S33 without gaps, so citations are stable and complete."""
    ids = list(load_source().sentences)
    assert ids == [f"S{i:02d}" for i in range(1, len(ids) + 1)]
    assert len(ids) == 33


def test_citation_markers_are_kept():
    """The source's markers (1-5) survive parsing, e.g. '2, 1' on the MRI bullet."""
    s = load_source().sentences
    assert s["S10"].citations == (2, 1)
    assert s["S33"].citations == (4, 1)
    assert {c for x in s.values() for c in x.citations} == {1, 2, 3, 4, 5}


def test_every_actionable_sentence_is_used_or_marked_narrative():
    """Each sentence is used by a rule/content block or listed as narrative, not both."""
    ids = set(load_source().sentences)
    used = set(sentence_usage())
    narrative = set(R.NARRATIVE)
    assert ids - used - narrative == set()
    assert used & narrative == set(), "a narrative sentence is also used by a rule"


def test_every_id_a_rule_names_exists():
    """No rule, criterion, caution, interpretation or window cites a missing sentence."""
    ids = set(load_source().sentences)
    cited = set(sentence_usage()) | set(R.NARRATIVE)
    assert cited - ids == set()
    cited_by_steps = set()
    from pathway import evaluate

    for scenario in edge_scenarios():
        a = evaluate(scenario)
        cited_by_steps |= set(a.sources)
    assert cited_by_steps - ids == set()


PATHWAY_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in (ROOT / "pathway").rglob("*.py")
)
WINGS = ("model", "sources", "resident", "patient", "study")


def test_pathway_imports_no_streamlit():
    """The pure core never imports Streamlit: every module under pathway/, imported in a fresh
    interpreter, leaves streamlit (and altair, pandas) out of sys.modules."""
    assert len(PATHWAY_MODULES) > 20, PATHWAY_MODULES
    code = (
        "import importlib, sys\n"
        f"for name in {PATHWAY_MODULES!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in ('streamlit', 'altair', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_pathway_wings_import_only_downwards():
    """The decision (model/) reads no file and speaks to no audience; sources/ reads files and
    never imports an audience; no audience imports another's words. One edge is let through:
    model/explain.py (the words, not the decision) reads the rules' texts from
    sources/rule_texts.py (content/rules/*.csv)."""
    allowed = {
        "model": {"model"},
        "sources": {"model", "sources"},
        "resident": {"model", "sources", "resident"},
        "patient": {"model", "sources", "patient"},
        "study": {"model", "sources", "study", "resident"},
    }
    allowed_edges = {
        ("model/explain.py", "pathway.sources.rule_texts"),
        ("model/summary.py", "pathway.sources.rule_texts"),
    }
    wrong = []
    for path in (ROOT / "pathway").rglob("*.py"):
        parts = path.relative_to(ROOT / "pathway").parts
        if len(parts) < 2:
            continue
        wing = parts[0]
        for line in path.read_text(encoding="utf-8").splitlines():
            found = re.match(r"\s*from (pathway\.(\w+)[\w.]*)", line)
            if not found or found.group(2) not in WINGS or found.group(2) in allowed[wing]:
                continue
            if ("/".join(parts), found.group(1)) not in allowed_edges:
                wrong.append(f"{path.relative_to(ROOT)}: {line.strip()}")
    assert wrong == []


def test_every_page_file_is_in_the_page_index():
    """content/pages.csv lists every page, so the home page links to all of them."""
    listed = {e.file for e in load_pages()}
    assert set(PAGE_FILES) == listed
    import csv

    with open(ROOT / "content" / "pages.csv", encoding="utf-8") as handle:
        rows = {row["file"] for row in csv.DictReader(handle)}
    assert rows == listed, "content/pages.csv lists a page that does not exist"


def test_pages_are_thin_and_carry_the_disclaimer():
    """Every page starts with the shared header (title, intro, disclaimer) and no raw HTML."""
    for script in ALL_SCRIPTS:
        text = (ROOT / script).read_text(encoding="utf-8")
        assert "from ui.page import" in text, script
        assert re.search(r"^(doc = )?page_header\(", text, re.M), (
            f"{script} does not start with the shared header"
        )
        assert text.startswith('"""'), f"{script} needs a one-line module docstring"
        assert not re.search(r"unsafe_allow_html\s*=\s*True", text), script


def test_content_files_have_no_raw_html_and_one_title():
    """content/*.md parse: one '# ' title, no raw HTML."""
    for path in (ROOT / "content").glob("*.md"):
        if path.name == "source_pathway.md":
            continue
        parse_markdown(path.stem, path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("[S01] a\n[S01] b\n", "S01 is used twice", id="duplicate-id"),
        pytest.param("just text\n", "line 1", id="no-id"),
        pytest.param("# Title only\n", "no sentences", id="empty"),
    ],
)
def test_malformed_source_names_file_and_line(text, message):
    """A broken source file raises ContentError naming the file and what is wrong."""
    with pytest.raises(ContentError, match=message):
        parse_source(text)


def test_malformed_markdown_names_file_and_line():
    """Raw HTML in a content file is refused with file and line."""
    with pytest.raises(ContentError, match=r"content/x.md line 2: raw HTML"):
        parse_markdown("x", "# T\n<script>alert(1)</script>\n")


def test_the_only_script_is_the_constant_browser_script():
    """JavaScript runs in one place only: ui/browser.js, the constant script ui/page.py sends
    (slider names, live link addresses). No URL or user text can reach it: the file is passed
    as is, and the only things filled into it are the case field names and the link limits
    (module constants)."""
    users = []
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        users += [path.name] * len(re.findall(r"unsafe_allow_javascript\s*=\s*True", text))
    assert users == ["page.py"]
    from ui import page

    script = (ROOT / "ui" / "browser.js").read_text(encoding="utf-8")
    assert script.count("CASE_FIELDS") == 1
    assert script.count("LINK_LIMITS") == 1
    filled = script.replace("CASE_FIELDS", json.dumps(list(SCENARIO_FIELDS))).replace(
        "LINK_LIMITS", json.dumps(page.LINK_LIMITS)
    )
    assert f"<script>\n{filled}</script>" == page.BROWSER_SCRIPT
    assert "st.html(BROWSER_SCRIPT, unsafe_allow_javascript=True)" in (ROOT / "ui/page.py").read_text()


def test_every_cached_load_is_in_the_loaders_module():
    """One place to find (and change) what the app caches: every st.cache_data is in
    ui/loaders.py, except the Evidence page's finished chart specs (ui/evidence.py); and each
    file has one loader, so the glossary is read by one cached function, not three."""
    found = {}
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        count = len(re.findall(r"@st\.cache_(data|resource)", path.read_text(encoding="utf-8")))
        if count:
            found[path.relative_to(ROOT).as_posix()] = count
    assert set(found) == {"ui/loaders.py", "ui/evidence.py"}
    assert found["ui/evidence.py"] == 1
    loaders = (ROOT / "ui" / "loaders.py").read_text(encoding="utf-8")
    for reader in ("glossary_terms()", "load_references(", "load_questions()", "load_source()"):
        assert loaders.count(reader) == 1, reader
    assert "load_reference_numbers" not in loaders


def test_every_interpretation_used_is_shown_on_the_source_page():
    """Each I-id the engine applies exists, and the Source page shows it under its own anchor."""
    from pathway import evaluate
    from tests.conftest import run_page

    known = {i.id for i in R.INTERPRETATIONS}
    used = set()
    for n, scenario in enumerate(edge_scenarios()):
        if n % 5 == 0:
            used |= set(evaluate(scenario).interpretations)
    used |= {i for ids in R.WARNING_INTERPRETATIONS.values() for i in ids}
    used |= {i for ids in R.CRITERION_INTERPRETATIONS.values() for i in ids}
    assert used <= known
    at = run_page("pages/2_Source_pathway.py")
    headings = {h.proto.anchor: h.value for h in at.subheader}
    for item in R.INTERPRETATIONS:
        assert headings.get(item.id.lower(), "").startswith(f"{item.id} · "), item.id
    assert used <= {h.split(" · ")[0] for h in headings.values()}


def test_the_design_lists_every_module():
    """docs/design.md, the maintained design, names every module of pathway/ and ui/ under its
    folder, so the layout a newcomer reads is the one in the repository."""
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    layout = design[design.index("```\napp.py") : design.index("\n```\n", design.index("```\napp.py"))]
    missing = []
    for folder in ("pathway", "ui"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".js") or path.name == "__init__.py":
                continue
            if not re.search(rf"^\s+{re.escape(path.name)}\s", layout, re.M):
                missing.append(path.relative_to(ROOT).as_posix())
    assert missing == []

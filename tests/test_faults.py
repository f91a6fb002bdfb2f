"""Fault tests: a missing or malformed content/data file gives a message naming it; pages keep running.

Each fault is made in a fresh copy of the repository (loaders anchor on their own files and
st.cache_data is per process), and every page of that copy is run with AppTest in a child
process. The faults run in parallel to keep the suite fast.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ALL_SCRIPTS, ROOT

CHILD = r"""
import json, sys
sys.path.insert(0, ".")
from streamlit.testing.v1 import AppTest
out = {}
for script in sys.argv[1:]:
    at = AppTest.from_file("app.py", default_timeout=60)
    at.run()
    if script != "app.py":
        at.switch_page(script)
        at.run()
    out[script] = {
        "exceptions": [e.value if hasattr(e, "value") else str(e.proto) for e in at.exception],
        "errors": [e.value for e in at.error]
        + [m.value for m in at.markdown if "Text missing" in m.value],
        "titles": [t.value for t in at.title],
        "menu": [link.proto.label for link in at.sidebar.get("page_link")],
    }
print("RESULT" + json.dumps(out))
"""


def _raw_html(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n<div>broken</div>\n", encoding="utf-8")


def _truncate_csv_row(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].split(",")[0]  # first data row loses all but its first column
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _unclosed_quote(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(',"', ',"unclosed ', 1).rstrip('"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _latin1(path: Path) -> None:
    """A Latin-1 byte (e-acute as 0xE9) on the last line, as an editor on Windows may save it."""
    path.write_bytes(path.read_bytes() + b"\nCaf\xe9\n")


def _drop_section(heading: str):
    def breaker(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        assert f"## {heading}\n" in text
        path.write_text(text.replace(f"## {heading}\n", f"## {heading} (renamed)\n"), encoding="utf-8")

    return breaker


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


MENU_PAGES = ["app.py", "pages/1_Case_explorer.py", "pages/6_Study_mode.py", "pages/7_Glossary.py"]
FAULTS = {
    # id: (file relative to the repo, how it is broken, name the message must contain[, pages])
    "explorer-md-raw-html": ("content/explorer.md", _raw_html, "explorer.md"),
    "source-pathway-missing": ("content/source_pathway.md", Path.unlink, "source_pathway.md"),
    "references-csv-malformed": ("data/references.csv", _truncate_csv_row, "references.csv"),
    "questions-json-malformed": (
        "content/questions.json",
        lambda p: p.write_text("{not json"),
        "questions.json",
    ),
    "union-by-stage-missing": ("data/union_by_stage.csv", Path.unlink, "union_by_stage.csv"),
    # The page index, encodings, sections, a folder where a file should be
    "pages-csv-missing": ("content/pages.csv", Path.unlink, "pages.csv", MENU_PAGES),
    "pages-csv-truncated-row": ("content/pages.csv", _truncate_csv_row, "pages.csv", MENU_PAGES),
    "pages-csv-unclosed-quote": ("content/pages.csv", _unclosed_quote, "pages.csv", MENU_PAGES),
    "pages-csv-latin1": ("content/pages.csv", _latin1, "pages.csv", MENU_PAGES),
    "glossary-latin1": ("content/glossary.md", _latin1, "glossary.md", ["pages/7_Glossary.py"]),
    "glossary-folder": ("content/glossary.md", _folder, "glossary.md", ["pages/7_Glossary.py"]),
    "source-latin1": (
        "content/source_pathway.md",
        _latin1,
        "source_pathway.md",
        ["pages/2_Source_pathway.py"],
    ),
    "questions-latin1": ("content/questions.json", _latin1, "questions.json", ["pages/6_Study_mode.py"]),
    "references-latin1": ("data/references.csv", _latin1, "references.csv", ["pages/6_Study_mode.py"]),
    "explorer-section-missing": (
        "content/explorer.md",
        _drop_section("Reading the chart"),
        "explorer.md",
        ["pages/1_Case_explorer.py"],
    ),
    "patient-section-missing": (
        "content/patient.md",
        _drop_section("What matters to you"),
        "patient.md",
        ["pages/5_Patient_view.py"],
    ),
}
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache", "results", "screenshots"
)


@pytest.fixture(scope="module")
def fault_runs(tmp_path_factory) -> dict[str, dict]:
    """Every page of each broken copy, run in child processes started together."""
    procs = {}
    for fault, (rel, breaker, _, *only) in FAULTS.items():
        copy = tmp_path_factory.mktemp(fault) / "repo"
        shutil.copytree(ROOT, copy, ignore=IGNORE)
        breaker(copy / rel)
        procs[fault] = subprocess.Popen(
            [sys.executable, "-c", CHILD, *(only[0] if only else ALL_SCRIPTS)],
            cwd=copy,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    results = {}
    for fault, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=240)
        line = next((ln for ln in stdout.splitlines() if ln.startswith("RESULT")), None)
        assert line, f"{fault}: child failed\n{stderr[-3000:]}"
        results[fault] = json.loads(line[len("RESULT") :])
    return results


@pytest.mark.parametrize("fault", list(FAULTS))
def test_broken_file_is_named_and_pages_keep_running(fault_runs, fault):
    """A broken file shows a message naming it on some page, and no page raises an exception."""
    pages = fault_runs[fault]
    name = FAULTS[fault][2]
    crashed = {p: r["exceptions"] for p, r in pages.items() if r["exceptions"]}
    assert not crashed, f"pages crashed with {fault}: {crashed}"
    naming = [p for p, r in pages.items() if any(name in e for e in r["errors"])]
    assert naming, f"no page names {name}; errors seen: { {p: r['errors'] for p, r in pages.items()} }"
    assert all(r["titles"] for r in pages.values()), "every page still shows its title"
    for script, r in pages.items():
        assert len(r["menu"]) >= 8, f"{script}: the menu lost its links with {fault}: {r['menu']}"
        shown = " ".join(r["errors"])
        assert "/tmp" not in shown and str(ROOT) not in shown and "Traceback" not in shown, shown


def test_a_broken_page_index_keeps_every_page_in_the_menu(fault_runs):
    """With content/pages.csv unreadable, the menu still lists all eight pages (from pages/)."""
    menu = fault_runs["pages-csv-latin1"]["app.py"]["menu"]
    assert menu[0] == "Home" and {"Case explorer", "Patient view", "Glossary"} <= set(menu)
    errors = fault_runs["pages-csv-latin1"]["app.py"]["errors"]
    assert any("content/pages.csv line 10: not UTF-8" in e for e in errors), errors


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        pytest.param(
            "pages.csv", b"\xef\xbb\xbf" + (ROOT / "content/pages.csv").read_bytes(), None, id="bom"
        ),
        pytest.param("pages.csv", b"file,title\n", "the first line must be", id="wrong-columns"),
        pytest.param("pages.csv", b"file,title,icon,audience,description\n", "lists no pages", id="no-rows"),
        pytest.param("home.md", b"\xef\xbb\xbf# Home\n", None, id="bom-markdown"),
        pytest.param("home.md", b"# Home\n\nCaf\xe9\n", "line 3: not UTF-8", id="latin1-markdown"),
    ],
)
def test_loaders_read_a_bom_and_name_the_file_and_line_otherwise(tmp_path, name, text, message):
    """A byte-order mark is read as if absent; other faults name file, line and what to do."""
    from pathway.sources.content import load_markdown, load_pages
    from pathway.sources.errors import ContentError

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / name).write_bytes(text)
    (tmp_path / "pages").mkdir()
    for p in (ROOT / "pages").glob("*.py"):
        (tmp_path / "pages" / p.name).touch()
    load = (
        (lambda: load_pages(tmp_path / "content"))
        if name == "pages.csv"
        else (lambda: load_markdown("home", tmp_path / "content"))
    )
    if message is None:
        assert load(), "read as if the BOM were absent"
        return
    with pytest.raises(ContentError) as info:
        load()
    assert f"content/{name}" in str(info.value) and message in str(info.value)


def test_home_is_unaffected_by_a_broken_page_file(fault_runs):
    """Home runs without an error message when only another page's content is broken."""
    assert fault_runs["explorer-md-raw-html"]["app.py"]["errors"] == []

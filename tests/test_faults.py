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
        "errors": [e.value for e in at.error],
        "titles": [t.value for t in at.title],
    }
print("RESULT" + json.dumps(out))
"""


def _raw_html(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n<div>broken</div>\n", encoding="utf-8")


def _truncate_csv_row(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].split(",")[0]  # first data row loses all but its first column
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


FAULTS = {
    # id: (file relative to the repo, how it is broken, name the message must contain)
    "explorer-md-raw-html": ("content/explorer.md", _raw_html, "explorer.md"),
    "source-pathway-missing": ("content/source_pathway.md", Path.unlink, "source_pathway.md"),
    "references-csv-malformed": ("data/references.csv", _truncate_csv_row, "references.csv"),
    "questions-json-malformed": (
        "content/questions.json",
        lambda p: p.write_text("{not json"),
        "questions.json",
    ),
    "union-by-stage-missing": ("data/union_by_stage.csv", Path.unlink, "union_by_stage.csv"),
}
IGNORE = shutil.ignore_patterns(
    ".git", "__pycache__", ".pytest_cache", ".ruff_cache", "results", "screenshots"
)


@pytest.fixture(scope="module")
def fault_runs(tmp_path_factory) -> dict[str, dict]:
    """Every page of each broken copy, run in child processes started together."""
    procs = {}
    for fault, (rel, breaker, _) in FAULTS.items():
        copy = tmp_path_factory.mktemp(fault) / "repo"
        shutil.copytree(ROOT, copy, ignore=IGNORE)
        breaker(copy / rel)
        procs[fault] = subprocess.Popen(
            [sys.executable, "-c", CHILD, *ALL_SCRIPTS],
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


def test_home_is_unaffected_by_a_broken_page_file(fault_runs):
    """Home runs without an error message when only another page's content is broken."""
    assert fault_runs["explorer-md-raw-html"]["app.py"]["errors"] == []

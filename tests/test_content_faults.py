"""Every content and data file, broken every way that applies to its kind, on the page that
shows it: the page names the file, shows no traceback or server path, and keeps the rest.

The table FILES is the only list: a new file under content/ or data/ gets its fault tests by
adding one row (``test_every_file_has_a_row`` fails until it has one). The kinds of fault:

- every file: **oversize**, a file over the size limit (refused before it is parsed);
- CSV: **duplicate-row**, the first data row pasted again at the end;
- JSON: **duplicate-id**, the first item pasted again at the end; **wrong-type**, a text
  field of the first item set to the number 42;
- Markdown whose page looks up a section by name: **renamed-section**, that ``##`` heading
  renamed, which must show "[Text missing: <file> has no section '<name>'.]" in its place.

Faults run with AppTest in two child processes, each on its own copy of the repository: a
fault breaks the copy's file, the pages that read it run with fresh imports and caches, and
the file is restored. Each page is also run unbroken first, to see that "the rest" stays.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

HOME = "app.py"
EXPLORER = "pages/1_Case_explorer.py"
SOURCE = "pages/2_Source_pathway.py"
EVIDENCE = "pages/3_Evidence.py"
IMAGING = "pages/4_Imaging_guide.py"
PATIENT = "pages/5_Patient_view.py"
STUDY = "pages/6_Study_mode.py"
GLOSSARY = "pages/7_Glossary.py"


@dataclass(frozen=True)
class File:
    """One file under content/ or data/ and the page that shows what is wrong with it."""

    page: str
    tab: str | None = None  # Evidence: the tab (bound to the URL) that draws the file
    section: str | None = None  # Markdown: a section the page looks up by name
    text_key: str | None = None  # JSON: a text field of each item


FILES: dict[str, File] = {
    "content/disclaimer.md": File(PATIENT),  # other pages fall back to a built-in notice
    "content/evidence.md": File(EVIDENCE, section="Healing"),
    "content/explorer.md": File(EXPLORER, section="Reading the chart"),
    "content/glossary.md": File(GLOSSARY),  # sections are the terms: any name is valid
    "content/home.md": File(HOME),  # sections are drawn as they are named
    "content/imaging.md": File(IMAGING, section="Plain radiographs with oblique views"),
    "content/patient.md": File(PATIENT, section="What the injury is"),
    "content/source.md": File(SOURCE, section="How to read it"),
    "content/source_pathway.md": File(SOURCE),  # the source's own headings
    "content/study.md": File(STUDY, section="Questions"),
    "content/pitfall_cards.json": File(STUDY, text_key="why"),
    "content/questions.json": File(STUDY, text_key="stem"),
    "content/pages.csv": File(HOME),
    "content/rules/criteria.csv": File(EXPLORER),
    "content/rules/interpretations.csv": File(SOURCE),
    "content/rules/narrative.csv": File(SOURCE),
    "content/rules/stages.csv": File(EXPLORER),
    "content/rules/summaries.csv": File(EXPLORER),
    "content/rules/warnings.csv": File(EXPLORER),
    "data/epidemiology.csv": File(EVIDENCE, tab="Epidemiology"),
    "data/figures.csv": File(EXPLORER),
    "data/healing_time.csv": File(EVIDENCE),
    "data/injection_response.csv": File(EVIDENCE, tab="Injections"),
    "data/mcid.csv": File(EVIDENCE, tab="Outcome scores"),
    "data/odi_bands.csv": File(EVIDENCE, tab="Outcome scores"),
    "data/outcome_scores.csv": File(EVIDENCE, tab="Outcome scores"),
    "data/references.csv": File(EVIDENCE),
    "data/repair_techniques.csv": File(EVIDENCE, tab="Repair techniques"),
    "data/return_to_sport.csv": File(EVIDENCE, tab="Return to sport"),
    "data/source_vs_evidence.csv": File(EVIDENCE, tab="Source vs evidence"),
    "data/union_by_laterality.csv": File(EVIDENCE, tab="One side vs both"),
    "data/union_by_stage.csv": File(EVIDENCE),
    "data/union_young_adults.csv": File(EVIDENCE),
}


def kinds(rel: str, spec: File) -> list[str]:
    out = ["oversize"]
    if rel.endswith(".csv"):
        out.append("duplicate-row")
    if rel.endswith(".json"):
        out += ["duplicate-id", "wrong-type"]
    if spec.section:
        out.append("renamed-section")
    return out


FAULTS = {f"{rel}:{kind}": (rel, kind) for rel, spec in FILES.items() for kind in kinds(rel, spec)}


def break_file(path: Path, rel: str, kind: str) -> None:
    """Break the file at ``path`` (the copy's ``rel``) as ``kind`` says."""
    spec = FILES[rel]
    text = path.read_text(encoding="utf-8")
    if kind == "oversize":
        from pathway.sources.files import MAX_BYTES

        # The last line repeated past the limit: still a well-formed file of its kind for CSV
        # and Markdown, so only the size check can refuse it.
        last = text.rstrip("\n").splitlines()[-1] + "\n"
        path.write_text(text + last * (MAX_BYTES // len(last.encode()) + 1), encoding="utf-8")
    elif kind == "duplicate-row":
        lines = text.rstrip("\n").splitlines()
        path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    elif kind in ("duplicate-id", "wrong-type"):
        items = json.loads(text)
        if kind == "duplicate-id":
            items.append(items[0])
        else:
            items[0][spec.text_key] = 42
        path.write_text(json.dumps(items, indent=2, ensure_ascii=False), encoding="utf-8")
    elif kind == "renamed-section":
        heading = f"## {spec.section}\n"
        assert heading in text, f"{rel} has no '{heading.strip()}': update FILES"
        path.write_text(text.replace(heading, f"## {spec.section} (renamed)\n"), encoding="utf-8")
    else:  # pragma: no cover
        raise ValueError(kind)


def page_report(page: str, tab: str | None = None) -> dict:
    """Run ``page`` with AppTest (in this process, cwd = a repository copy): what a user sees."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path.cwd() / "app.py"), default_timeout=120)
    at.run()
    if page != HOME:
        at.switch_page(page)
        if tab:
            at.query_params["evidence_tab"] = tab
        at.run()
    texts = [e.value for e in at.error] + [e.value for e in at.warning] + [e.value for e in at.info]
    markdown = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return {
        "exceptions": [str(getattr(e, "value", "") or e.proto) for e in at.exception],
        "shown": texts + markdown,
        # The links to the other pages at the end of every page: the script ran to its end.
        "end_links": [link.proto.label for link in at.main.get("page_link")],
        "titles": [t.value for t in at.title],
        "menu": [link.proto.label for link in at.sidebar.get("page_link")],
        "tabs": [t.label for t in at.tabs],
    }


def _fresh_imports() -> None:
    import streamlit as st

    for name in [m for m in sys.modules if m.split(".")[0] in ("pathway", "ui")]:
        del sys.modules[name]
    st.cache_data.clear()


def run_faults(fault_ids: list[str]) -> dict:
    """In a child process whose cwd is a repository copy: each page unbroken, then each fault."""
    out: dict = {"baseline": {}, "faults": {}}
    for view in sorted({(FILES[FAULTS[f][0]].page, FILES[FAULTS[f][0]].tab or "") for f in fault_ids}):
        _fresh_imports()
        out["baseline"]["?".join(view)] = page_report(*view)
    for fault in fault_ids:
        rel, kind = FAULTS[fault]
        path = Path(rel)
        original = path.read_bytes()
        try:
            break_file(path, rel, kind)
            _fresh_imports()
            out["faults"][fault] = page_report(FILES[rel].page, FILES[rel].tab)
        except Exception as exc:  # the page run itself died: a crash, for this fault only
            out["faults"][fault] = {"exceptions": [f"{type(exc).__name__}: {exc}"]}
        finally:
            path.write_bytes(original)
    return out


CHILD = """
import json, sys
sys.path.insert(0, ".")
from tests.test_content_faults import run_faults
print("RESULT" + json.dumps(run_faults(sys.argv[1:])))
"""
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache", "results", "screenshots"
)
WORKERS = 2


@pytest.fixture(scope="module")
def runs(request, tmp_path_factory) -> dict:
    # Only the faults whose tests were selected (``-k``), in the table's order.
    chosen = {
        item.callspec.params["fault"]
        for item in request.session.items
        if getattr(item, "callspec", None) and "fault" in item.callspec.params
    }
    faults = [f for f in FAULTS if f in chosen]
    procs = []
    for worker in range(WORKERS):
        copy = tmp_path_factory.mktemp(f"faults{worker}") / "repo"
        shutil.copytree(ROOT, copy, ignore=IGNORE)
        share = faults[worker::WORKERS]
        procs.append(
            (
                copy,
                subprocess.Popen(
                    [sys.executable, "-c", CHILD, *share],
                    cwd=copy,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    merged: dict = {"baseline": {}, "faults": {}, "copies": [str(c) for c, _ in procs]}
    for _copy, proc in procs:
        stdout, stderr = proc.communicate(timeout=900)
        line = next((ln for ln in stdout.splitlines() if ln.startswith("RESULT")), None)
        assert line, f"fault child failed\n{stderr[-3000:]}"
        result = json.loads(line[len("RESULT") :])
        merged["baseline"].update(result["baseline"])
        merged["faults"].update(result["faults"])
    return merged


# Files the app itself never reads: their checks are their own tests'.
NOT_READ_BY_THE_APP = {
    "content/blueprint.csv": "the question bank's blueprint, read by tests/test_items.py",
    "content/rules/README.md": "what each rules table holds, for the clinician who reviews them",
}


def test_every_file_has_a_row():
    """Each file under content/ and data/ is in FILES, so it gets its fault tests."""
    shipped = {
        str(p.relative_to(ROOT))
        for d in ("content", "data")
        for p in (ROOT / d).rglob("*")
        if p.is_file() and p.suffix in (".md", ".csv", ".json")
    }
    shipped -= set(NOT_READ_BY_THE_APP)
    assert shipped - set(FILES) == set(), "add these files to FILES"
    assert set(FILES) - shipped == set(), "FILES names files that are gone"


@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault_is_named_on_the_page_and_the_rest_works(runs, fault):
    rel, kind = FAULTS[fault]
    spec = FILES[rel]
    seen = runs["faults"][fault]
    base = runs["baseline"][f"{spec.page}?{spec.tab or ''}"]
    assert not seen["exceptions"], f"{spec.page} crashed: {seen['exceptions']}"
    # A message naming the file that the unbroken page does not show.
    naming = [m for m in seen["shown"] if rel in m and m not in base["shown"]]
    assert naming, f"no message on {spec.page} names {rel}"
    expected = {
        "oversize": "MB limit",
        "duplicate-row": "repeats row",
        "duplicate-id": "twice",
        "wrong-type": "text",
        "renamed-section": f"[Text missing: {rel} has no section '{spec.section}'.]",
    }[kind]
    assert any(expected in m for m in naming), f"{kind}: {naming}"
    shown = " ".join(seen["shown"])
    for copy in runs["copies"]:
        assert copy not in shown and "/tmp/" not in shown and str(ROOT) not in shown
    assert "Traceback" not in shown and 'File "' not in shown
    # The rest of the page: a title, the whole menu, every tab, and the links at its end (a
    # crash ends the page where it happens).
    assert len(seen["titles"]) == 1 and seen["titles"][0]
    assert len(seen["menu"]) >= 8, seen["menu"]
    assert seen["tabs"] == base["tabs"]
    assert seen["end_links"] == base["end_links"] and seen["end_links"], seen["end_links"]

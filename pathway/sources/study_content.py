"""Study mode's files: the question bank, the pitfall cards, the glossary and the reference
numbers its questions cite. Reading only; pathway.study validates what is read.

The references are data/references.csv read by the one reader,
``pathway.sources.evidence.load_references``, so study mode honours ``PARS_DATA_DIR`` like
the rest of the app (E5).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pathway.sources.errors import ContentError
from pathway.sources.evidence import load_references
from pathway.sources.files import read_text
from pathway.sources.source import CONTENT_DIR

QUESTIONS_FILE = CONTENT_DIR / "questions.json"
PITFALLS_FILE = CONTENT_DIR / "pitfall_cards.json"
GLOSSARY_FILE = CONTENT_DIR / "glossary.md"


def rel(path: Path) -> str:
    """A file's name as the repo names it (content/questions.json), for messages."""
    try:
        return str(path.resolve().relative_to(CONTENT_DIR.parent))
    except ValueError:
        return str(path)


def read_json(path: Path) -> tuple[Any, str]:
    """A content JSON file and its repo-relative name; ContentError names what is wrong."""
    name = rel(path)
    text = read_text(path, name)
    try:
        return json.loads(text), name
    except json.JSONDecodeError as exc:
        raise ContentError(f"{name} line {exc.lineno}: not valid JSON ({exc.msg})") from None


def read_glossary(path: Path = GLOSSARY_FILE) -> tuple[str, str]:
    """content/glossary.md's text and its repo-relative name."""
    return read_text(path, rel(path)), rel(path)


def reference_numbers(directory: Path | str | None = None) -> dict[str, str]:
    """Reference number (as text, the way questions cite it) -> citation."""
    return {str(ref): r.citation for ref, r in load_references(directory).items()}

"""Loaders for content/: Markdown pages keyed by slug, and the page index."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from pathway.sources.errors import ContentError
from pathway.sources.files import first_repeat, read_text
from pathway.sources.source import CONTENT_DIR

_RAW_HTML = re.compile(r"<\s*[a-zA-Z!/]")


@dataclass(frozen=True)
class MarkdownDoc:
    """One content file: an H1 title, an intro (text before the first ##) and sections."""

    slug: str
    title: str
    intro: str
    sections: dict[str, str]

    def section(self, name: str) -> str:
        """The section's text; if the file lacks it, a visible line saying so (the page goes on).

        Use ``require`` where a missing section must stop the caller.
        """
        try:
            return self.sections[name]
        except KeyError:
            return f"[Text missing: content/{self.slug}.md has no section '{name}'.]"

    def require(self, name: str) -> str:
        try:
            return self.sections[name]
        except KeyError:
            raise ContentError(f"content/{self.slug}.md has no section '## {name}'") from None


def parse_markdown(slug: str, text: str) -> MarkdownDoc:
    name = f"content/{slug}.md"
    title = ""
    intro: list[str] = []
    sections: dict[str, list[str]] = {}
    current: list[str] = intro
    for number, line in enumerate(text.splitlines(), start=1):
        if _RAW_HTML.search(line):
            raise ContentError(f"{name} line {number}: raw HTML is not allowed in content")
        if line.startswith("# "):
            if title:
                raise ContentError(f"{name} line {number}: a second '# ' title")
            title = line[2:].strip()
            continue
        if line.startswith("## "):
            heading = line[3:].strip()
            if heading in sections:
                raise ContentError(f"{name} line {number}: section '{heading}' appears twice")
            current = sections.setdefault(heading, [])
            continue
        current.append(line)
    if not title:
        raise ContentError(f"{name}: the file needs one '# Title' line")
    return MarkdownDoc(
        slug,
        title,
        "\n".join(intro).strip(),
        {k: "\n".join(v).strip() for k, v in sections.items()},
    )


def load_markdown(slug: str, directory: Path = CONTENT_DIR) -> MarkdownDoc:
    path = directory / f"{slug}.md"
    return parse_markdown(slug, read_text(path, f"content/{slug}.md"))


@dataclass(frozen=True)
class PageEntry:
    file: str  # e.g. "pages/1_Case_explorer.py"
    title: str
    icon: str
    audience: str
    description: str


PAGE_COLUMNS = ["file", "title", "icon", "audience", "description"]


def load_pages(directory: Path = CONTENT_DIR) -> tuple[PageEntry, ...]:
    """The page index (content/pages.csv), in menu order.

    Rows whose file is absent from the checkout are left out, so the home page links only
    to pages that exist.
    """
    path = directory / "pages.csv"
    name = "content/pages.csv"
    text = read_text(path, name)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        if reader.fieldnames != PAGE_COLUMNS:
            raise ContentError(f"{name}: the first line must be {','.join(PAGE_COLUMNS)}")
        rows = list(reader)
    except csv.Error as exc:
        raise ContentError(f"{name} line {reader.line_num}: not readable as CSV ({exc})") from None
    if not rows:
        raise ContentError(f"{name} lists no pages")
    repeat = first_repeat(rows)
    if repeat:
        raise ContentError(f"{name} row {repeat[0] + 2} repeats row {repeat[1] + 2}")
    entries = []
    root = directory.parent
    for number, row in enumerate(rows, start=2):
        if None in row:
            raise ContentError(f"{name} row {number}: more cells than the {len(PAGE_COLUMNS)} columns")
        if any(not (row.get(c) or "").strip() for c in PAGE_COLUMNS):
            raise ContentError(f"{name} row {number}: every column needs a value")
        if "\n" in "".join(row.values()):
            raise ContentError(f"{name} row {number}: a line break inside a cell (an unclosed quote?)")
        if (root / row["file"]).exists():
            entries.append(PageEntry(**{c: row[c].strip() for c in PAGE_COLUMNS}))
    return tuple(entries)

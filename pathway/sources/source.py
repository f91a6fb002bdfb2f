"""The source pathway with a stable id on every sentence and bullet.

content/source_pathway.md holds the source word for word. A line is a heading (``#``,
``##``, ``###``), a sentence ``[S01] text``, or a bullet ``- [S03] text``; consecutive
sentence lines form one paragraph, a blank line ends it. Trailing citation markers
(``1``, ``2, 1``) are the source's own; they are kept, parsed and shown in brackets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pathway.sources.errors import ContentError

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
SOURCE_FILE = CONTENT_DIR / "source_pathway.md"
SOURCE_TITLE = "Treatment Options for Bilateral L5 Pars Defect After Fall in a 22-Year-Old Female"
ATTRIBUTION = (
    "Source pathway: “Treatment Options for Bilateral L5 Pars Defect After Fall in a "
    "22-Year-Old Female”, reproduced word for word. Its citation markers (1-5) are kept; "
    "the source does not list the references they point to."
)

_HEADING = re.compile(r"^(#{1,3}) (\S.*)$")
_SENTENCE = re.compile(r"^(- )?\[(S\d{2})\] (\S.*)$")
_CITATION = re.compile(r"^(.*?\S)\s+(\d(?:, \d)*)([:.]?)$")


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str  # without the citation marker
    citations: tuple[int, ...]
    end: str  # punctuation after the marker: "", ":" or "."
    bullet: bool
    section: str  # the nearest ## heading
    paragraph: int  # sentences sharing a number share a paragraph or list

    @property
    def raw(self) -> str:
        """The sentence exactly as the source prints it."""
        if not self.citations:
            return self.text
        return f"{self.text} {', '.join(map(str, self.citations))}{self.end}"


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class SourceDocument:
    blocks: tuple[Heading | Sentence, ...]

    @property
    def sentences(self) -> dict[str, Sentence]:
        return {b.id: b for b in self.blocks if isinstance(b, Sentence)}

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if isinstance(b, Heading) and b.level == 2)

    def plain_text(self) -> str:
        """Headings and sentences as the source prints them, one block per line."""
        return "\n".join(b.text if isinstance(b, Heading) else b.raw for b in self.blocks)


def parse_source(text: str, name: str = "content/source_pathway.md") -> SourceDocument:
    blocks: list[Heading | Sentence] = []
    section = ""
    paragraph = 0
    seen: set[str] = set()
    previous_blank = True
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            previous_blank = True
            continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            blocks.append(Heading(level, heading.group(2)))
            if level == 2:
                section = heading.group(2)
            previous_blank = True
            continue
        sentence = _SENTENCE.match(line)
        if not sentence:
            raise ContentError(f"{name} line {number}: expected a heading or '[Snn] text'")
        bullet, sid, body = bool(sentence.group(1)), sentence.group(2), sentence.group(3)
        if sid in seen:
            raise ContentError(f"{name} line {number}: sentence id {sid} is used twice")
        seen.add(sid)
        if previous_blank:
            paragraph += 1
        previous_blank = False
        citation = _CITATION.match(body)
        if citation:
            body_text = citation.group(1)
            cites = tuple(int(c) for c in citation.group(2).split(", "))
            end = citation.group(3)
        else:
            body_text, cites, end = body, (), ""
        blocks.append(Sentence(sid, body_text, cites, end, bullet, section, paragraph))
    if not any(isinstance(b, Sentence) for b in blocks):
        raise ContentError(f"{name}: no sentences found")
    return SourceDocument(tuple(blocks))


def load_source(path: Path = SOURCE_FILE) -> SourceDocument:
    from pathway.sources.files import read_text

    return parse_source(read_text(path, _rel(path)), _rel(path))


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(CONTENT_DIR.parent))
    except ValueError:
        return str(path)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|$~:])")


def escape_markdown(text: str) -> str:
    """Backslash-escape characters Markdown (and Streamlit's directives) would interpret."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def source_markdown(
    doc: SourceDocument,
    highlight: frozenset[str] | set[str] = frozenset(),
    show_ids: bool = False,
    sections: tuple[str, ...] | None = None,
    mark: str = ":orange-background[**{}**]",
    top: int = 4,
    marks: Mapping[str, tuple[str, str]] | None = None,
) -> str:
    """Markdown for the source with the given sentence ids highlighted.

    ``top`` is the heading level of the source's title (its sections one level below), so
    the page's headings stay in order: 2 right under the page title, 3 under a section.

    ``mark`` wraps a highlighted sentence (default: Streamlit's background directive plus
    bold, so the highlight does not rest on colour alone). ``marks`` gives sentences styles of
    their own instead: id -> (wrap, sign), e.g. the explorer's open and closed steps.
    """
    if marks is None:
        marks = {sid: (mark, "▶ ") for sid in highlight}
    lines: list[str] = []
    current_section = ""
    last_paragraph = -1
    for block in doc.blocks:
        if isinstance(block, Heading):
            if block.level == 2:
                current_section = block.text
            if sections is not None and block.level != 1 and current_section not in sections:
                continue
            lines += ["", "#" * (block.level + top - 1) + " " + escape_markdown(block.text), ""]
            last_paragraph = -1
            continue
        if sections is not None and current_section not in sections:
            continue
        text = escape_markdown(block.text)
        ident = f"`{block.id}` " if show_ids else ""
        if block.id in marks:
            wrap, sign = marks[block.id]
            text = wrap.format(text)
            ident = sign + ident
        cites = f" \\[{', '.join(map(str, block.citations))}\\]" if block.citations else ""
        end = escape_markdown(block.end)
        piece = f"{ident}{text}{cites}{end}"
        if block.bullet:
            lines.append(f"- {piece}")
        elif block.paragraph == last_paragraph and lines and not lines[-1].startswith("- "):
            lines[-1] += " " + piece
        else:
            lines += ["", piece]
        last_paragraph = block.paragraph
    return "\n".join(lines).strip() + "\n"

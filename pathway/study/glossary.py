"""The glossary (content/glossary.md, one ``## Term`` per entry): its terms, search, and the
terms a text mentions, for 'see the glossary' links."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pathway.sources.content import parse_markdown
from pathway.sources.errors import ContentError
from pathway.sources.source import escape_markdown
from pathway.sources.study_content import GLOSSARY_FILE, read_glossary


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    slug: str
    text: str


def slugify(term: str) -> str:
    """The anchor of a term: lower case, words joined by hyphens ("Buck's technique" -> bucks-technique)."""
    text = term.lower().replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def parse_glossary(text: str, name: str = "content/glossary.md") -> tuple[GlossaryTerm, ...]:
    doc = parse_markdown("glossary", text)
    if doc.title != "Glossary":
        raise ContentError(f"{name}: the title must be '# Glossary'")
    terms: list[GlossaryTerm] = []
    slugs: set[str] = set()
    for term, body in doc.sections.items():
        slug = slugify(term)
        if not slug or not body:
            raise ContentError(f"{name}: the entry '{term}' needs a name and an explanation")
        if slug in slugs:
            raise ContentError(f"{name}: two entries share the anchor '{slug}'")
        slugs.add(slug)
        terms.append(GlossaryTerm(term, slug, body))
    if not terms:
        raise ContentError(f"{name}: no '## Term' entries")
    return tuple(terms)


def glossary_terms(path: Path = GLOSSARY_FILE) -> tuple[GlossaryTerm, ...]:
    """Every glossary entry, in file order."""
    return parse_glossary(*read_glossary(path))


def search_glossary(terms: Iterable[GlossaryTerm], query: str) -> tuple[GlossaryTerm, ...]:
    """Entries whose name or explanation has a word starting with each word of the query.

    Matches on the name come first, so typing "ODI" puts the ODI entry on top.
    """
    words = query.lower().split()
    terms = tuple(terms)
    if not words:
        return terms
    patterns = [re.compile(rf"(?<![a-z0-9]){re.escape(w)}") for w in words]
    hits = [t for t in terms if all(p.search(f"{t.term} {t.text}".lower()) for p in patterns)]
    return tuple(sorted(hits, key=lambda t: not all(p.search(t.term.lower()) for p in patterns)))


# Entries about the app itself: their names are ordinary words in a question ("the right
# interpretation"), so they are linked where the app means them, not found in free text.
NOT_AUTO_LINKED = frozenset({"interpretation", "sentence-id"})


def terms_in(text: str, terms: Iterable[GlossaryTerm]) -> tuple[GlossaryTerm, ...]:
    """Glossary entries whose name appears in a text (whole words), for 'see the glossary' links."""
    found = []
    for t in terms:
        if t.slug in NOT_AUTO_LINKED:
            continue
        names = [t.term, *re.findall(r"\(([^)]+)\)", t.term)]
        bare = re.sub(r"\s*\([^)]*\)", "", t.term)
        names.append(bare)
        if any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text, re.IGNORECASE) for n in names if n):
            found.append(t)
    return tuple(found)


def glossary_link(term: GlossaryTerm) -> str:
    """A Markdown link to the term's anchor on the Glossary page."""
    return f"[{escape_markdown(term.term)}](Glossary#{term.slug})"

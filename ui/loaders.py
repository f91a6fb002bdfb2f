"""Every cached load of the app: one st.cache_data loader per file (or per derived result).

Each returns what pathway's loader returns and raises what it raises (ContentError, or its
subclass EvidenceError for data/), so the page that asks decides what to show instead. A
result that depends on the data folder (``PARS_DATA_DIR``) is cached per folder.
Loaders hand out copies (``st.cache_data``), so a caller may change what it gets.
tests/test_contract.py keeps every ``st.cache_data`` of the app in this file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

import pathway
from pathway import study
from pathway.model.scenario import Scenario
from pathway.patient.drawings import spine_svg
from pathway.resident import imaging
from pathway.resident.provenance import sentence_usage as _sentence_usage
from pathway.sources import comparisons as source_vs_evidence
from pathway.sources import evidence
from pathway.sources.content import MarkdownDoc, PageEntry, load_markdown, load_pages
from pathway.study import casegen

# --- content/ ---------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def markdown_doc(slug: str) -> MarkdownDoc:
    """content/<slug>.md, parsed."""
    return load_markdown(slug)


@st.cache_data(show_spinner=False)
def source_doc() -> pathway.SourceDocument:
    """content/source_pathway.md: the source pathway, sentence by sentence."""
    return pathway.load_source()


@st.cache_data(show_spinner=False)
def pages() -> tuple[PageEntry, ...]:
    """content/pages.csv: the pages in menu order."""
    return load_pages()


@st.cache_data(show_spinner=False)
def fallback_pages() -> tuple[PageEntry, ...]:
    """The pages found in pages/, titled from their file names (for when pages.csv is broken)."""
    root = Path(__file__).resolve().parent.parent
    return tuple(
        PageEntry(
            file=f"pages/{p.name}",
            title=p.stem.split("_", 1)[-1].replace("_", " "),
            icon=":material/article:",
            audience="everyone",
            description="No description: content/pages.csv could not be read.",
        )
        for p in sorted((root / "pages").glob("*.py"))
    )


@st.cache_data(show_spinner=False)
def glossary() -> tuple[study.GlossaryTerm, ...]:
    """content/glossary.md as terms (the Glossary page, the explorer's and Study mode's links)."""
    return study.glossary_terms()


@st.cache_data(show_spinner=False)
def question_bank() -> tuple[study.Question, ...]:
    """content/questions.json, checked against the source, the references and the engine."""
    return study.load_questions()


@st.cache_data(show_spinner=False)
def pitfall_cards() -> tuple[study.PitfallCard, ...]:
    """The pitfall cards of Study mode."""
    return study.load_pitfall_cards()


# --- data/ ------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def _table(name: str, directory: str) -> pd.DataFrame:
    return pd.DataFrame(evidence.load_table(name, directory))


def table(name: str) -> pd.DataFrame:
    """data/<name>.csv as a DataFrame (raises EvidenceError); cached per data directory."""
    return _table(name, str(evidence.data_dir())).copy()


def tables(names: tuple[str, ...], directory: str) -> list[pd.DataFrame]:
    """Several data files of one data directory, as cached (callers must not change them)."""
    return [_table(name, directory) for name in names]


@st.cache_data(show_spinner=False)
def _references(directory: str) -> dict[int, evidence.Reference]:
    return evidence.load_references(directory)


def references() -> dict[int, evidence.Reference]:
    """data/references.csv as {number: Reference}; cached per data directory."""
    return _references(str(evidence.data_dir()))


def citations() -> dict[str, str]:
    """Reference number (as text) -> citation: Study mode's reading of data/references.csv."""
    return {str(number): ref.citation for number, ref in references().items()}


@st.cache_data(show_spinner=False)
def _comparisons(directory: str, source_ids: frozenset[str]) -> list[source_vs_evidence.Comparison]:
    return source_vs_evidence.load_source_vs_evidence(source_ids, directory)


def comparisons(source_ids: frozenset[str]) -> list[source_vs_evidence.Comparison]:
    """data/source_vs_evidence.csv, its sentence ids checked against ``source_ids``."""
    return _comparisons(str(evidence.data_dir()), source_ids)


# --- derived, per case or per argument ---------------------------------------------------


@st.cache_data(show_spinner=False)
def sentence_usage() -> dict[str, list[str]]:
    """What rests on each source sentence (the Source page's table)."""
    return _sentence_usage()


@st.cache_data(show_spinner=False, max_entries=256)
def stage_pathway(base: Scenario | None) -> list[imaging.StagePathway]:
    """The pathway of a case at each CT stage (the Imaging guide's table)."""
    return imaging.pathway_by_stage(base)


@st.cache_data(show_spinner=False)
def spine_drawing(slip: int) -> str:
    """The patient view's spine drawing for a slip grade, as SVG."""
    return spine_svg(slip=slip)


@st.cache_data(show_spinner=False, max_entries=64)
def generated_case(seed: int) -> casegen.GeneratedCase:
    """Study mode's generated case for a seed."""
    return casegen.generate(seed)

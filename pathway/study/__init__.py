"""The study wing: board-style questions, pitfall cards, the glossary, generated cases.

bank (the question bank: parsing, validation, the engine cross-check, bank stats), session
(a round, its order and score, and its URL codec), pitfalls (pitfall cards), glossary (terms,
search, links); casegen (endless engine-keyed cases) with random_case (drawing a plausible
case, its near misses, the seed) and case_text (the vignette and the answers' words). Files
are read by pathway.sources.study_content.
"""

from pathway.study.bank import (
    MIXED,
    NOT_MIXED,
    SECTIONS,
    BankStats,
    Question,
    bank_stats,
    engine_disagreements,
    interpretation_titles,
    load_questions,
    parse_questions,
    section_counts,
)
from pathway.study.case_figures import case_figure_gaps, case_figures
from pathway.study.casegen import (
    KIND_LABELS,
    CaseOption,
    GeneratedCase,
    generate,
    holds,
)
from pathway.study.glossary import (
    GlossaryTerm,
    glossary_link,
    glossary_terms,
    parse_glossary,
    search_glossary,
    slugify,
    terms_in,
)
from pathway.study.pitfalls import PitfallCard, load_pitfall_cards, parse_pitfall_cards
from pathway.study.random_case import new_seed, parse_seed, plausible
from pathway.study.session import (
    StudySession,
    bank_fingerprint,
    decode_session,
    encode_session,
    in_section,
    question_order,
    questions_for_case,
    situation_scores,
)

__all__ = [
    "KIND_LABELS",
    "MIXED",
    "NOT_MIXED",
    "SECTIONS",
    "BankStats",
    "CaseOption",
    "GeneratedCase",
    "GlossaryTerm",
    "PitfallCard",
    "Question",
    "StudySession",
    "bank_fingerprint",
    "bank_stats",
    "case_figure_gaps",
    "case_figures",
    "decode_session",
    "encode_session",
    "engine_disagreements",
    "generate",
    "glossary_link",
    "glossary_terms",
    "holds",
    "in_section",
    "interpretation_titles",
    "load_pitfall_cards",
    "load_questions",
    "new_seed",
    "parse_glossary",
    "parse_pitfall_cards",
    "parse_questions",
    "parse_seed",
    "plausible",
    "question_order",
    "questions_for_case",
    "search_glossary",
    "section_counts",
    "situation_scores",
    "slugify",
    "terms_in",
]

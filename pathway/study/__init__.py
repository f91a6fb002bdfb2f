"""The study wing: board-style questions, pitfall cards, the glossary, generated cases.

bank (the question bank: parsing, validation, the engine cross-check, bank stats), session
(a round, its order and score, and its URL codec), pitfalls (pitfall cards), glossary (terms,
search, links), casegen and case_text (endless engine-keyed cases). Files are read by
pathway.sources.study_content.
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
    "MIXED",
    "NOT_MIXED",
    "SECTIONS",
    "BankStats",
    "GlossaryTerm",
    "PitfallCard",
    "Question",
    "StudySession",
    "bank_fingerprint",
    "bank_stats",
    "decode_session",
    "encode_session",
    "engine_disagreements",
    "glossary_link",
    "glossary_terms",
    "in_section",
    "interpretation_titles",
    "load_pitfall_cards",
    "load_questions",
    "parse_glossary",
    "parse_pitfall_cards",
    "parse_questions",
    "question_order",
    "questions_for_case",
    "search_glossary",
    "section_counts",
    "situation_scores",
    "slugify",
    "terms_in",
]

"""The patient wing: an Assessment said to a patient, in plain words.

``guide(assessment)`` returns everything the patient page and the printable handout lay out
(the case, what happens now, the decision, the choices, the numbers and which of them each
shows, the steps ahead, the studies). The modules behind it: plain (numbers and months in
words, the case), numbers (published figures said plainly), choices (the decision and the
choices side by side), words (now, the steps ahead, what matters to you, SURE), handout
(the two-sheet summary), about (date, version, IPDAS), drawings (the spine and the icon array).
"""

from pathway.patient.choices import (
    ALWAYS,
    NOT_NEEDED,
    NOT_OPEN,
    NOT_YET,
    OPEN,
    Choice,
    choices,
    decision,
    sport_words,
    surgery_option,
)
from pathway.patient.guide import Group, Guide, guide
from pathway.patient.numbers import Gap, Number, gaps, key_numbers, number, numbers, other_label, plain_reason
from pathway.patient.plain import PAIN_WORDS, case_lines, months_text, number_words, plain
from pathway.patient.words import (
    FIT_TABLE,
    FITS,
    NO_FIT,
    NO_SURGERY_WORDS,
    NOW,
    PRIORITIES,
    SLIP_PRIORITY,
    STEP_WORDS,
    SURE,
    WARNING_WORDS,
    Now,
    fit_rows,
    priorities,
    steps_ahead,
    study_refs,
    sure_result,
    what_happens_now,
)
from pathway.sources.figures import NO_FIGURE

__all__ = [
    "ALWAYS",
    "FITS",
    "FIT_TABLE",
    "NOT_NEEDED",
    "NOT_OPEN",
    "NOT_YET",
    "NOW",
    "NO_FIGURE",
    "NO_FIT",
    "NO_SURGERY_WORDS",
    "OPEN",
    "PAIN_WORDS",
    "PRIORITIES",
    "SLIP_PRIORITY",
    "STEP_WORDS",
    "SURE",
    "WARNING_WORDS",
    "Choice",
    "Gap",
    "Group",
    "Guide",
    "Now",
    "Number",
    "case_lines",
    "choices",
    "decision",
    "fit_rows",
    "gaps",
    "guide",
    "key_numbers",
    "months_text",
    "number",
    "number_words",
    "numbers",
    "other_label",
    "plain",
    "plain_reason",
    "priorities",
    "sport_words",
    "steps_ahead",
    "study_refs",
    "sure_result",
    "surgery_option",
    "what_happens_now",
]

"""Plain words for a patient: numbers and months as people say them, the case one fact a
line, and the figures file's phrases said more plainly (the numbers and people unchanged)."""

from __future__ import annotations

import re

from pathway.model.scenario import Scenario

# ---------------------------------------------------------------------------------------
# Small helpers for plain numbers

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    """0-100 in words: 24 -> 'twenty-four', 100 -> 'a hundred'."""
    if n == 100:
        return "a hundred"
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def months_text(months: float) -> str:
    """Months as people say them: 3.7 -> 'about 3½', 4 -> '4', 5.5 -> '5½'."""
    halves = round(months * 2)
    whole, half = divmod(halves, 2)
    text = f"{whole}½" if half else f"{whole}"
    if whole == 0 and half:
        text = "½"
    return text if abs(halves / 2 - months) < 0.01 else f"about {text}"


def _bare(months: float) -> str:
    return months_text(months).removeprefix("about ")


# ---------------------------------------------------------------------------------------
# The case in plain words

PAIN_WORDS = {
    "none": "no pain",
    "mild": "some pain, but you can do everyday things",
    "disabling": "pain that stops you doing everyday things",
}
ACTIVITY_WORDS = {
    "none": "no sport",
    "recreational": "sport for fun",
    "competitive": "sport in a team or club, with games",
    "professional": "sport as your job",
}
CT_WORDS = {
    "not_done": "not done yet",
    "stress_reaction": "the bone is under strain, with no crack yet",
    "incomplete": "a crack part of the way through the bone",
    "complete": "a break all the way through the bone",
    "old_defect": "an old break, with hard edges, that has not joined",
}
# What the injury is called in the case lines: a stress reaction is not a crack or a break.
INJURY_WORDS = {"not_done": "The injury", "stress_reaction": "The strain in the bone"}
SIDE_WORDS = {"bilateral": "on both sides", "unilateral": "on one side"}
MRI_WORDS = {None: "not done", True: "shows swelling in the bone", False: "shows no swelling"}


def slip_words(grade: int) -> str:
    if grade == 0:
        return "no slip"
    if grade == 1:
        return "a small slip (grade 1 of 4)"
    return f"a larger slip (grade {grade} of 4)"


def case_lines(s: Scenario) -> list[str]:
    """The case, one plain line per fact."""
    weeks = s.weeks_conservative
    return [
        f"Care so far: {weeks} week{'s' if weeks != 1 else ''}, which is "
        f"{_month_phrase(s.months_conservative)}.",
        f"Pain now: {PAIN_WORDS[s.pain]}.",
        f"Sport: {ACTIVITY_WORDS[s.activity]}.",
        f"Exercises with a physio so far: {'yes' if s.formal_pt else 'no'}.",
        f"{INJURY_WORDS.get(s.ct_stage, 'The break')} is {SIDE_WORDS[s.laterality]}.",
        f"CT scan: {CT_WORDS.get(s.ct_stage, s.ct_stage.replace('_', ' '))}.",
        f"MRI scan: {MRI_WORDS[s.mri_edema]}.",
        f"Slip of the bone: {slip_words(s.listhesis_grade)}.",
        f"Age: {s.age}.",
    ]


def _month_phrase(months: float) -> str:
    text = months_text(months)
    bare = text.removeprefix("about ")
    unit = "month" if bare in ("½", "1") else "months"
    return f"{text} {unit}"


# The figures file speaks to clinicians as well; on the patient page a few of its words are
# said more plainly (whole phrases first). The numbers and the people are not changed.
PLAIN: tuple[tuple[str, str], ...] = (
    ("spondylolysis without a slip", "this break, with no slip"),
    ("spondylolysis", "this break"),
    ("a meta-analysis of small observational studies", "small studies put together"),
    ("a meta-analysis of case series", "small studies put together"),
    ("a blog summary of the meta-analysis", "a short note about a study that put others together"),
    ("systematic reviews", "reviews"),
    ("small observational studies", "small studies"),
    (
        "one practice audit with no comparison group",
        "one clinic looked back at its records. There was no other group to compare with",
    ),
    ("practice audit", "look back at one clinic's records"),
    ("no comparison group", "no other group to compare with"),
    ("long-standing back pain and a pars defect", "back pain for a long time and a break in the pars"),
    ("reviews rate this evidence low to critically low", "reviews rate these studies low to very low"),
    ("rehabilitation", "exercises"),
    ("professional footballers", "football players paid to play"),
    ("the operated group's size is not given", "the number who had an operation is not given"),
    ("the CT will show whether this applies", "a CT scan will show if this fits you"),
    ("athletes", "sports players"),
    ("teenagers", "teens"),
)


def plain(text: str) -> str:
    for old, new in PLAIN:
        text = text.replace(old, new)
    return text


def _short(text: str) -> str:
    """One long phrase as short sentences: each '(...)' and each '; ' part becomes its own."""
    text = plain(text).strip().rstrip(".")
    asides = re.findall(r"\s*\(([^()]*)\)", text)
    main = re.sub(r"\s*\([^()]*\)", "", text).strip().rstrip(",")
    parts = [p.strip() for p in main.split(";") if p.strip()] + [a.strip() for a in asides if a.strip()]
    return " ".join(p[:1].upper() + p[1:] + "." for p in parts)

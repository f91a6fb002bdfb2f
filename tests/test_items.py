"""Item-writing flaws that let a test-wise learner find the key without the knowledge (issue 25).

Each check is a small function that returns what is wrong with one item (empty: nothing). The
bank must pass every check, and every check must catch a planted bad item, so a check that
silently stops working fails here too. The cues are the ones the item writer's review found:
the key as the only hedged option among absolutes (or the only non-absolute), an option that
repeats a distinctive stem word the others lack ("clang"), option lengths far apart, long-winded
stems, and "none/all of the above" in any disguise. The blueprint (content/blueprint.csv) maps
every item to a board topic.
"""

import csv
import re
from dataclasses import replace

import pytest
import textstat

from pathway import study
from pathway.sources.source import CONTENT_DIR

BANK = study.load_questions()
BLUEPRINT_FILE = CONTENT_DIR / "blueprint.csv"

# Words that soften a claim, and words that make it absolute (the cues NBME warns about).
HEDGES = frozenset(
    [
        "may",
        "might",
        "can",
        "could",
        "usually",
        "generally",
        "often",
        "typically",
        "likely",
        "unlikely",
        "probably",
        "possible",
        "perhaps",
        "some",
        "most",
        "rarely",
        "partly",
        "mostly",
        "roughly",
        "about",
        "uncommon",
    ]
)
ABSOLUTES = frozenset(
    [
        "always",
        "never",
        "all",
        "any",
        "must",
        "only",
        "every",
        "none",
        "cannot",
        "whatever",
        "exactly",
        "certainly",
        "guaranteed",
        "completely",
        "entirely",
        "invariably",
    ]
)
# "None of the above" and its disguises: an option that declines every other option.
_NONE_OF_THE_ABOVE = re.compile(
    r"\b(all|none|both|neither) of (the above|these|them|the options)\b"
    r"|^(none|neither|nothing)\b"
    r"|^no (further )?(treatment|intervention|option|procedure|change|injection or surgery)\b",
    re.IGNORECASE,
)
# Words too common in this bank to be a cue when an option repeats them from the stem.
_COMMON = frozenset(
    [
        "about",
        "after",
        "again",
        "against",
        "also",
        "among",
        "because",
        "before",
        "being",
        "between",
        "both",
        "could",
        "during",
        "each",
        "from",
        "have",
        "into",
        "more",
        "most",
        "other",
        "over",
        "same",
        "should",
        "since",
        "some",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "under",
        "until",
        "very",
        "what",
        "when",
        "where",
        "which",
        "while",
        "with",
        "within",
        "would",
        "your",
        "yours",
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "patient",
        "patients",
        "show",
        "shows",
        "still",
    ]
)
LENGTH_RATIO = 2.0  # longest option / shortest option, in characters
STEM_ARI_CEILING = 14.0  # automated readability index (grade level) of a stem
STEM_ARI_MEAN_CEILING = 11.5


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z0-9'-]*", text.lower())


def _stem_word(word: str) -> str:
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def _distinctive(text: str) -> set[str]:
    return {_stem_word(w) for w in _words(text) if len(w) >= 5 and _stem_word(w) not in _COMMON}


def hedged(text: str) -> bool:
    return any(w in HEDGES for w in _words(text))


def absolute(text: str) -> bool:
    return any(w in ABSOLUTES for w in _words(text))


# --- the checks: each returns a list of problems for one item ----------------------------


def hedge_cue(q: study.Question) -> list[str]:
    """The key is the only hedged option, or the only option without an absolute."""
    key, others = q.correct_option, [o for o in q.options if o != q.correct_option]
    problems = []
    if hedged(key) and not any(hedged(o) for o in others):
        problems.append("the key is the only hedged option")
    if not absolute(key) and all(absolute(o) for o in others):
        problems.append("the key is the only option without an absolute")
    return problems


def clang_cue(q: study.Question) -> list[str]:
    """The key repeats a distinctive stem word that no distractor has.

    Only the key: a distractor that echoes the stem is a lure, not a cue (NBME's advice is to
    remove the repeated word from the key or to put it in the distractors too).
    """
    stem = _distinctive(q.stem)
    problems = []
    for i, option in enumerate(q.options):
        if i != q.answer:
            continue
        others = set().union(*(_distinctive(o) for j, o in enumerate(q.options) if j != i))
        shared = (_distinctive(option) & stem) - others
        if shared:
            problems.append(f"option {'ABCDE'[i]} alone repeats {sorted(shared)} from the stem")
    return problems


def length_cue(q: study.Question) -> list[str]:
    lengths = [len(o) for o in q.options]
    ratio = max(lengths) / min(lengths)
    return (
        [f"option lengths {min(lengths)}-{max(lengths)} (ratio {ratio:.1f})"] if ratio > LENGTH_RATIO else []
    )


def none_of_the_above(q: study.Question) -> list[str]:
    return [f"'{o}' is a none/all of the above" for o in q.options if _NONE_OF_THE_ABOVE.search(o)]


def stem_readability(q: study.Question) -> list[str]:
    grade = textstat.automated_readability_index(q.stem)
    return [f"stem reads at grade {grade:.1f}"] if grade > STEM_ARI_CEILING else []


def distractor_notes(q: study.Question) -> list[str]:
    """Every distractor's note says when it would be right."""
    return [
        f"the note on {'ABCDE'[i]} does not say what would make it right"
        for i, note in enumerate(q.option_notes)
        if i != q.answer and "right if" not in note.lower()
    ]


def cites_in_explanation(q: study.Question) -> list[str]:
    """The explanation names a sentence id, and every reference the item lists appears in its text."""
    text = " ".join((q.explanation, *q.option_notes))
    problems = [] if re.search(r"\bS\d\d\b", q.explanation) else ["the explanation names no S-id"]
    problems += [f"[{r}] is listed but never cited" for r in q.refs if f"[{r}]" not in text]
    problems += [f"[{r}] is cited but not listed" for r in re.findall(r"\[(\d+)\]", text) if r not in q.refs]
    return problems


CHECKS = (
    hedge_cue,
    clang_cue,
    length_cue,
    none_of_the_above,
    stem_readability,
    distractor_notes,
    cites_in_explanation,
)


@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__ for c in CHECKS])
def test_the_bank_passes(check):
    """No item in the bank shows the cue."""
    found = {q.id: check(q) for q in BANK}
    assert not {i: p for i, p in found.items() if p}


def test_stems_are_readable_on_average():
    """The mean readability grade of the stems stays under the ceiling."""
    grades = [textstat.automated_readability_index(q.stem) for q in BANK]
    assert sum(grades) / len(grades) <= STEM_ARI_MEAN_CEILING


# --- each check catches a planted bad item -----------------------------------------------

GOOD = study.Question(
    id="planted",
    section="imaging",
    stem=(
        "A 15-year-old dancer has 3 weeks of extension pain and normal oblique films. "
        "Which study is most appropriate?"
    ),
    options=(
        "MRI of the lumbar spine",
        "CT of the lumbar spine",
        "Technetium bone scan",
        "Plain radiographs",
    ),
    answer=0,
    explanation="MRI shows oedema without radiation (S10).",
    sources=("S10",),
    refs=(),
    option_notes=(
        "Key.",
        "Right if a line must be staged.",
        "Right if MRI were unavailable.",
        "Right if old.",
    ),
)


def test_the_planted_good_item_passes_every_check():
    for check in CHECKS:
        assert check(GOOD) == [], check.__name__


@pytest.mark.parametrize(
    ("check", "bad"),
    [
        pytest.param(
            hedge_cue,
            replace(
                GOOD,
                options=(
                    "It may heal with conservative care",
                    "It heals after surgery",
                    "It heals in a brace",
                    "It heals after an injection",
                ),
            ),
            id="only-hedged-key",
        ),
        pytest.param(
            hedge_cue,
            replace(
                GOOD,
                options=(
                    "Continue the programme of care",
                    "Stop all sport for good",
                    "Operate whatever the stage",
                    "Brace it, as it must heal",
                ),
            ),
            id="only-non-absolute-key",
        ),
        pytest.param(
            clang_cue,
            replace(
                GOOD,
                options=(
                    "MRI for the dancer",
                    "CT of the lumbar spine",
                    "Technetium bone scan",
                    "Oblique films",
                ),
            ),
            id="key-repeats-a-stem-word",
        ),
        pytest.param(
            length_cue,
            replace(
                GOOD,
                options=("MRI of the lumbar spine with fat-suppressed sequences", "CT", "SPECT", "X-ray"),
            ),
            id="lengths-far-apart",
        ),
        pytest.param(
            none_of_the_above,
            replace(GOOD, options=(*GOOD.options[:3], "None of the above")),
            id="none-of-the-above",
        ),
        pytest.param(
            none_of_the_above,
            replace(GOOD, options=(*GOOD.options[:3], "No injection or surgery")),
            id="disguised-none",
        ),
        pytest.param(
            none_of_the_above,
            replace(GOOD, options=(*GOOD.options[:3], "Both of these")),
            id="both-of-these",
        ),
        pytest.param(
            stem_readability,
            replace(
                GOOD,
                stem=(
                    "Notwithstanding contemporaneous radiological characterisation demonstrating "
                    "intraosseous hyperintensity, which intervention, considering multidisciplinary "
                    "institutional recommendations, constitutes the preferable investigational modality?"
                ),
            ),
            id="unreadable-stem",
        ),
        pytest.param(
            distractor_notes,
            replace(GOOD, option_notes=("Key.", "Wrong.", "Right if MRI were unavailable.", "Right if old.")),
            id="note-without-right-if",
        ),
        pytest.param(cites_in_explanation, replace(GOOD, explanation="MRI shows oedema."), id="no-s-id"),
        pytest.param(cites_in_explanation, replace(GOOD, refs=("45",)), id="listed-not-cited"),
    ],
)
def test_each_check_catches_a_planted_bad_item(check, bad):
    """The same item with one flaw planted fails the check that looks for it."""
    assert check(bad), f"{check.__name__} missed the planted flaw"


# --- the blueprint -----------------------------------------------------------------------


def _blueprint() -> list[dict[str, str]]:
    with BLUEPRINT_FILE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_blueprint_covers_every_topic_twice_and_every_item():
    """Every blueprint topic has at least two items; every item is in the blueprint, once."""
    rows = _blueprint()
    ids = {q.id for q in BANK}
    listed: list[str] = []
    for row in rows:
        items = row["items"].split()
        assert len(items) >= 2, row["topic"]
        assert set(items) <= ids, (row["topic"], set(items) - ids)
        listed += items
    assert sorted(listed) == sorted(ids), set(ids) ^ set(listed)


def test_blueprint_shares_add_up():
    """The share column is each topic's share of the bank, in per cent (rounded)."""
    rows = _blueprint()
    for row in rows:
        assert abs(float(row["share"]) - 100 * len(row["items"].split()) / len(BANK)) < 0.6, row["topic"]


def test_bank_has_the_missing_topics():
    """Complications, SPECT, the Scottie dog, slip grading, level, epidemiology and adult-onset lysis."""
    text = {q.id: " ".join((q.stem, *q.options, q.explanation)) for q in BANK}
    refs = {r for q in BANK for r in q.refs}
    assert {"30", "31", "32", "69", "3", "4", "47", "50", "11"} <= refs
    assert any("Scottie" in t for t in text.values())
    assert any(re.search(r"slipped( forward)? \d+%", t) for t in text.values())

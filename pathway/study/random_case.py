"""A random, plausible case for study mode, its near misses (the same case with one fact
changed), and the seed that names it in a link."""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

from pathway.model import rules as R
from pathway.model.engine import evaluate
from pathway.model.scenario import CT_STAGES, Activity, CtStage, Laterality, Scenario
from pathway.model.types import FRACTURE_LINE_STAGES
from pathway.study.case_text import ACTIVITY_AGES, CT_WORDS, ROMAN

# Cautions the engine raises for a combination that does not occur (or needs checking):
# a generated case never has one.
IMPLAUSIBLE_WARNINGS = frozenset({"unilateral_slip"})
MAX_SEED = 999_999
V = TypeVar("V")
# A slip sits on an established defect: not on a stress reaction, and, in a case that starts
# with a fall, not on a fresh fracture line either (a slip with a fresh fracture after a fall
# may be a traumatic, unstable injury, which the pathway does not cover).
_NO_SLIP_STAGES = frozenset({"stress_reaction"}) | FRACTURE_LINE_STAGES
# The highest Meyerding grade the pathway covers: grade III-IV after a fall lies outside it
# (a possible unstable or high-grade injury needing urgent assessment; S25 knows only
# "significant spondylolisthesis", I1).
MAX_COVERED_SLIP = R.SIGNIFICANT_LISTHESIS_GRADE
# Engine stages that say a case lies outside the pathway (if the engine has any): never drawn.
OUTSIDE_STAGES = frozenset({"outside_pathway"})


@lru_cache(maxsize=32768)
def assess(s: Scenario):
    """evaluate(s), remembered: a case and its ~20 near misses are each looked at several times
    (plausible, covered, the distractors' checks)."""
    return evaluate(s)


# --- drawing a case ---------------------------------------------------------------------


def _pick(rng: random.Random, weighted: Sequence[tuple[V, float]]) -> V:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def random_scenario(rng: random.Random) -> Scenario:
    """A clinically plausible case: ages, stages and slips in proportions a clinic sees."""
    while True:
        low, high = _pick(rng, [((0, 5), 0.2), ((6, 12), 0.3), ((13, 26), 0.35), ((27, 40), 0.15)])
        weeks = rng.randint(low, high)
        ct_weights: list[tuple[CtStage, float]] = [
            ("not_done", 0.18),
            ("stress_reaction", 0.14),
            ("incomplete", 0.24),
            ("complete", 0.3),
            ("old_defect", 0.14),
        ]
        ct: CtStage = _pick(rng, [(v, w) for v, w in ct_weights if v in CT_STAGES])
        laterality: Laterality = _pick(rng, [("bilateral", 0.8), ("unilateral", 0.2)])  # S28: 80% bilateral
        slip = (
            0
            if laterality == "unilateral" or ct in _NO_SLIP_STAGES
            else _pick(rng, [(0, 0.6), (1, 0.25), (2, 0.15)])
        )
        mri_weights = [(None, 0.4), (True, 0.35), (False, 0.25)]
        if ct == "stress_reaction":
            mri_weights = [(None, 0.2), (True, 0.7), (False, 0.1)]
        age = _pick(
            rng, [(rng.randint(15, 19), 0.35), (rng.randint(20, 30), 0.5), (rng.randint(31, 45), 0.15)]
        )
        activities: list[tuple[Activity, float]] = [
            ("none", 0.1),
            ("recreational", 0.4),
            ("competitive", 0.35),
            ("professional", 0.15),
        ]
        fitting = [(v, w) for v, w in activities if ACTIVITY_AGES[v][0] <= age <= ACTIVITY_AGES[v][1]]
        s = Scenario(
            weeks_conservative=weeks,
            formal_pt=rng.random() < (0.3 if weeks < 4 else 0.7),
            pain=_pick(rng, [("none", 0.22), ("mild", 0.26), ("disabling", 0.52)]),
            laterality=laterality,
            ct_stage=ct,
            mri_edema=_pick(rng, mri_weights),
            listhesis_grade=slip,
            activity=_pick(rng, fitting),
            age=age,
        )
        if plausible(s):
            return s


def plausible(s: Scenario) -> bool:
    """A combination that occurs and that the pathway covers. An isthmic slip needs a defect
    on both sides ([48]: unilateral defects never slipped) and an established one (not a
    stress reaction, nor a fresh fracture after a fall); grade III-IV is outside the pathway;
    the activity level fits the age; the engine raises no implausibility caution and does
    not place the case outside the pathway."""
    if s.listhesis_grade > 0 and (s.laterality == "unilateral" or s.ct_stage in _NO_SLIP_STAGES):
        return False
    low, high = ACTIVITY_AGES[s.activity]
    if not covered(s) or not low <= s.age <= high:
        return False
    return not (assess(s).warnings & IMPLAUSIBLE_WARNINGS)


def covered(s: Scenario) -> bool:
    """The case is one the pathway covers: no grade III-IV slip, and the engine does not say
    it lies outside the pathway."""
    return s.listhesis_grade <= MAX_COVERED_SLIP and assess(s).stage not in OUTSIDE_STAGES


# --- near-miss cases --------------------------------------------------------------------


def near_misses(s: Scenario) -> list[tuple[str, Scenario]]:
    """The same case with one fact changed, each with the change in words (plausible only)."""
    w = s.weeks_conservative
    out: list[tuple[str, Scenario]] = []

    def add(text: str, **change: object) -> None:
        other = s.replace(**change)
        if other != s and plausible(other):
            out.append((text, other))

    for weeks in sorted({3, 8, 12, 13, 20, 30} - {w}):
        add(f"she had had {weeks} weeks of care, not {w}", weeks_conservative=weeks)
    add(
        "formal physical therapy had been documented"
        if not s.formal_pt
        else "her care had not included formal physical therapy",
        formal_pt=not s.formal_pt,
    )
    for pain, text in (
        ("none", "she were completely pain-free"),
        ("mild", "her pain were mild"),
        ("disabling", "her pain limited function"),
    ):
        add(text, pain=pain)
    for stage in CT_STAGES:
        add("no CT had been done" if stage == "not_done" else f"CT showed {CT_WORDS[stage]}", ct_stage=stage)
    for grade in range(MAX_COVERED_SLIP + 1):
        add(
            "there were no slip" if grade == 0 else f"there were a Meyerding grade {ROMAN[grade]} slip",
            listhesis_grade=grade,
        )
    for age in (19, 40):
        if (age > R.YOUNG_AGE_LIMIT) != (s.age > R.YOUNG_AGE_LIMIT):
            add(f"she were {age}", age=age)
    if s.activity != "professional":
        add("she were a professional athlete", activity="professional")  # plausible: adults only
    return out


# --- checks ----------------------------------------------------------------------------


def new_seed(rng: random.Random | None = None) -> int:
    return (rng or random.SystemRandom()).randint(0, MAX_SEED)


def parse_seed(raw: object) -> int:
    """A seed from a URL value; ValueError in plain words (never echoing the value)."""
    text = str(raw).strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_SEED)):
        raise ValueError(f"the case number in this link is not a whole number from 0 to {MAX_SEED}")
    return int(text)

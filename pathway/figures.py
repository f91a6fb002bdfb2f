"""TEMPORARY STUB of the lead's applicability model (replaced by main's pathway/figures.py on merge).

Same public shape as the plan in the brief: Figure, figures_for(assessment, option, measure).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    id: str
    option: str
    kind: str
    measure: str
    percent: float | None
    n_of_100: int | None
    what: str
    what_not: str
    time_frame: str
    population: str
    ages: tuple[int, int]
    sex: str
    country: str
    slip: str
    stages: frozenset[str]
    laterality: str
    refs: tuple[int, ...]
    second_hand: bool
    young_adult: bool
    n: int | None
    small_group: bool
    quality: str
    months_low: float | None = None
    months_high: float | None = None


ALL = frozenset({"not_done", "stress_reaction", "incomplete", "complete", "old_defect"})
_F = [
    Figure(
        "rts_conservative",
        "conservative",
        "benefit",
        "return_to_sport",
        92.2,
        92,
        "went back to sport after care without an operation",
        "did not go back to sport",
        "in the years the studies followed them",
        "376 teenage athletes, mostly boys, with no slip (11 studies)",
        (10, 19),
        "mostly male",
        "several",
        "none",
        ALL,
        "any",
        (17,),
        False,
        False,
        376,
        False,
        "low",
    ),
    Figure(
        "heal_bilateral_progressive",
        "conservative",
        "benefit",
        "union",
        23.7,
        24,
        "had the break heal on both sides",
        "did not have it heal",
        "within about 3 to 6 months of care",
        "people under 18 in Japan, mostly boys",
        (10, 17),
        "mostly male",
        "Japan",
        "any",
        frozenset({"complete"}),
        "bilateral",
        (2,),
        False,
        False,
        None,
        True,
        "low",
    ),
    Figure(
        "rts_time_conservative",
        "conservative",
        "time",
        "rts_time",
        None,
        None,
        "the average time back to sport without an operation",
        "",
        "counted from the start of care",
        "athletes, mostly teenagers",
        (10, 25),
        "mostly male",
        "several",
        "any",
        ALL,
        "any",
        (18, 19, 20),
        False,
        False,
        None,
        False,
        "low",
        3.7,
        5.5,
    ),
    Figure(
        "injection_relief",
        "injection",
        "benefit",
        "relief",
        37.9,
        38,
        "had at least half their pain gone",
        "did not get that much relief",
        "2 months after the shot",
        "59 adults with long-standing back pain, not athletes",
        (18, 80),
        "mixed",
        "USA",
        "any",
        frozenset({"incomplete", "complete", "old_defect"}),
        "any",
        (41,),
        False,
        False,
        59,
        False,
        "low",
    ),
    Figure(
        "heal_after_repair",
        "direct_repair",
        "benefit",
        "union",
        93,
        93,
        "had the bone join after a repair with Buck screws",
        "did not have it join",
        "by the end of the studies",
        "people in 19 studies of this operation",
        (10, 30),
        "mixed",
        "several",
        "none",
        ALL,
        "any",
        (33,),
        False,
        False,
        None,
        False,
        "low",
    ),
    Figure(
        "rts_time_repair",
        "direct_repair",
        "time",
        "rts_time",
        None,
        None,
        "the average time back to sport after a repair",
        "",
        "counted from the operation",
        "athletes, teenagers and young adults",
        (10, 34),
        "mostly male",
        "several",
        "none",
        ALL,
        "any",
        (30, 19, 27, 18),
        False,
        False,
        None,
        False,
        "low",
        6.0,
        7.9,
    ),
]


def figures_for(assessment, option=None, measure=None):
    s = assessment.scenario
    out = []
    for f in _F:
        if option and f.option != option:
            continue
        if f.slip == "none" and s.listhesis_grade > 0:
            continue
        if s.ct_stage not in f.stages:
            continue
        if f.laterality != "any" and f.laterality != s.laterality:
            continue
        if f.option == "direct_repair" and s.age > 30:
            continue
        out.append(f)
    return tuple(out)

"""What each option of a generated question says about the case, checked against the engine.

``holds(check, assessment)`` evaluates the statement an option makes (open options, stage,
candidacy, criteria, return to sport, the next step) against the Assessment, not against
the key's text; ``stage_key``, ``candidacy_key``, ``rts_key`` and ``next_step_key`` give the
statement the engine makes true for a case.
"""

from __future__ import annotations

from pathway.model import rules as R
from pathway.model.engine import Assessment
from pathway.sources import rule_texts
from pathway.study.case_text import (
    stage_group,
    window_text,
)


def holds(check: tuple, a: Assessment) -> bool:
    """Whether the statement an option makes is true of this case, by the engine's Assessment.

    Each check names a statement and is evaluated for what it says, so two different texts
    can both be true ("not a candidate: care has not failed" is true whenever that criterion
    fails, whatever else fails too); the builders keep a distractor only if this is False.
    """
    kind, value = check
    if kind == "open":  # "<option> can be offered now"
        return value in a.options
    if kind == "unmet":  # "<criterion> is not met"
        return not a.criteria[value]
    if kind == "stage":
        return _stage_holds(value, a)
    if kind == "candidacy":
        return candidacy_holds(value, a)
    if kind == "rts":
        return _RTS_TRUTH[value](a)
    if kind == "next":
        return _NEXT_TRUTH[value](a)
    if kind == "window":  # the repair windows, in numbers
        return surgical_windows(a) == value
    if kind == "never":
        # A statement the engine never makes true for any case: return to sport waits neither
        # for bony union nor for surgery (tests check the engine opens it without either).
        return False
    raise ValueError(f"unknown check {kind!r}")


def _interventions(a: Assessment) -> frozenset[str]:
    return a.options & frozenset(R.INTERVENTIONAL_OPTIONS)


def _weeks(a: Assessment) -> int:
    return a.scenario.weeks_conservative


def symptomatic(a: Assessment) -> bool:
    return a.scenario.pain != "none"


# What each stage group's statement says (case_text.STAGE_GROUPS), as a test of the Assessment.
# "{after}" in a statement ("After 3 months of care", ...) is true from week 13 (I2).
_STAGE_TRUTH = {
    "pain_free": lambda a: not symptomatic(a),
    "minimum_trial": lambda a: _weeks(a) < R.CONSERVATIVE_MINIMUM_WEEKS and not _interventions(a),
    "conservative": lambda a: (
        R.CONSERVATIVE_MINIMUM_WEEKS <= _weeks(a) < R.CONSERVATIVE_FAILURE_WEEKS and not _interventions(a)
    ),
    "pt_missing": lambda a: not a.scenario.formal_pt and not a.criteria["failed_conservative_care"],
    "failed_mild": lambda a: (
        _weeks(a) >= R.CONSERVATIVE_FAILURE_WEEKS
        and a.scenario.pain == "mild"
        and "steroid_injection" in a.options
        and not _interventions(a) - {"steroid_injection"}
    ),
    "stress_reaction": lambda a: (
        _weeks(a) >= R.CONSERVATIVE_FAILURE_WEEKS
        and symptomatic(a)
        and a.scenario.ct_stage == "stress_reaction"
        and not _interventions(a)
    ),
    "ct_first": lambda a: (
        _weeks(a) >= R.CONSERVATIVE_FAILURE_WEEKS
        and symptomatic(a)
        and a.scenario.ct_stage == "not_done"
        and "ct_scan" in a.options
        and not _interventions(a)
    ),
    "surgical_candidate": lambda a: (
        _weeks(a) >= R.CONSERVATIVE_FAILURE_WEEKS
        and all(a.criteria.values())
        and {"steroid_injection", "direct_pars_repair"} <= a.options
    ),
    "fusion": lambda a: (
        _weeks(a) >= R.CONSERVATIVE_FAILURE_WEEKS
        and "fusion" in a.options
        and "direct_pars_repair" not in a.options
    ),
    "not_young": lambda a: (
        all(a.criteria.values()) and not a.repair_indicated and "steroid_injection" in a.options
    ),
}


def _stage_holds(group: str, a: Assessment) -> bool:
    if group.startswith("other:"):
        return a.stage == group.removeprefix("other:")
    return _STAGE_TRUTH[group](a)


def stage_key(a: Assessment) -> str:
    """Where the case stands, as a stage group whose statement the engine makes true; if the
    engine's stage does not fit its group's statement (an engine change), the stage itself."""
    group = stage_group(a)
    return group if _stage_holds(group, a) else "other:" + a.stage


def candidacy_key(a: Assessment) -> tuple:
    """Every unmet criterion (in the criteria's order), and whether repair is for this patient
    at all (young, no significant slip: S16, I5) when none is unmet."""
    unmet = tuple(k for k in rule_texts.CRITERIA if not a.criteria[k])
    return (unmet, a.repair_indicated if not unmet else None)


def candidacy_holds(value: tuple, a: Assessment) -> bool:
    """ "Not a candidate: X and Y" is true when X and Y both fail (others may fail too); "all four
    hold: repair can be considered" / "... but not at this age" when all hold and the engine
    opens repair / does not indicate it."""
    unmet, indicated = value
    if unmet:
        return all(not a.criteria[k] for k in unmet)
    if not all(a.criteria.values()):
        return False
    return "direct_pars_repair" in a.options if indicated else not a.repair_indicated


def _rts_closed_pain_free(a: Assessment) -> bool:
    return not symptomatic(a) and "return_to_sport" not in a.options


# What each return-to-sport statement (case_text.RTS_TEXT) says, as a test of the Assessment.
_RTS_TRUTH = {
    "open": lambda a: "return_to_sport" in a.options,
    "pain": symptomatic,  # "not until completely pain-free": the pain has not gone
    "wait": lambda a: _rts_closed_pain_free(a) and _weeks(a) < R.CONSERVATIVE_FAILURE_WEEKS,
    "ct": lambda a: _rts_closed_pain_free(a) and "ct_scan" in a.options,
    "wait_ct": lambda a: (
        _rts_closed_pain_free(a) and _weeks(a) < R.CONSERVATIVE_FAILURE_WEEKS and "ct_scan" in a.options
    ),
    "union": lambda a: False,  # the engine never waits for union (see holds, "never")
    "surgery": lambda a: False,
}


def rts_key(a: Assessment) -> str | None:
    """Return to sport: open now, not until pain-free, or not yet (rehab until week 13, a CT
    first, or both); None if the engine closes it for another reason."""
    if symptomatic(a):
        return "pain"
    if "return_to_sport" in a.options:
        return "open"
    for key in ("wait_ct", "wait", "ct"):
        if _RTS_TRUTH[key](a):
            return key
    return None


# What each next step (case_text.NEXT_TEXT) says, as a test of the Assessment: the engine
# supports doing it now. Several can hold at once; the key is the first in the source's order
# (next_step_key), and the others are never distractors.
_NEXT_TRUTH = {
    "ct": lambda a: "ct_scan" in a.options,
    "graded_return": lambda a: "return_to_sport" in a.options,
    "rehab_then_return": _rts_closed_pain_free,
    "continue": lambda a: (
        symptomatic(a) and _weeks(a) < R.CONSERVATIVE_FAILURE_WEEKS and not _interventions(a)
    ),
    "formal_pt": lambda a: not a.scenario.formal_pt and "physical_therapy" in a.options,
    "injection": lambda a: "steroid_injection" in a.options,
    "injection_or_repair": lambda a: {"steroid_injection", "direct_pars_repair"} <= a.options,
    "fusion": lambda a: "fusion" in a.options,
    "no_repair": lambda a: not a.repair_indicated and a.criteria["no_significant_listhesis"],
    "continue_no_defect": lambda a: (
        symptomatic(a) and not a.criteria["imaging_confirmed"] and not _interventions(a)
    ),
}
# The order in which the source asks for the steps: stage the defect first (S08), then sport,
# the interventions the engine opens, formal PT, conservative care.
_NEXT_ORDER = (
    "ct",
    "graded_return",
    "rehab_then_return",
    "fusion",
    "injection_or_repair",
    "injection",
    "formal_pt",
    "continue",
    "continue_no_defect",
)


def next_step_key(a: Assessment) -> str | None:
    """The one most appropriate next step: the first in the source's order the engine supports."""
    return next((k for k in _NEXT_ORDER if _NEXT_TRUTH[k](a)), None)


def surgical_windows(a: Assessment) -> str | None:
    """The repair windows the engine gives this case, in words (None: it gives none)."""
    src = a.windows_for("surgical", "pathway")
    pub = a.windows_for("surgical", "evidence")
    if src is None and pub is None:
        return None
    return window_text(
        (src.start_month, src.end_month) if src else None, (pub.start_month, pub.end_month) if pub else None
    )

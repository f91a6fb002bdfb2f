"""The patient view's words: what happens now, the steps ahead in months, what matters to
you, the SURE questions, and the studies cited.

Nothing here decides anything. What is open, closed or not needed comes from the
Assessment (options, open_steps, closed_steps, criteria, warnings, surgery_month,
surgery_note). The numbers are in pathway.patient.numbers, the choices in
pathway.patient.choices; pathway.patient.guide.guide() gathers them for the page and the
handout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pathway.model import rules as R
from pathway.model import treatments as T
from pathway.model.engine import Assessment
from pathway.patient.choices import Choice, sport_words, surgery_option
from pathway.patient.numbers import Number
from pathway.patient.plain import _bare, _month_phrase
from pathway.sources.selection import age_band

# ---------------------------------------------------------------------------------------
# What happens now, and why

NOW: dict[str, tuple[str, str]] = {
    # stage: (where care stands, why) in plain words; stages come from Assessment.stage. What
    # is open is never said here: what_happens_now() adds it from Assessment.options.
    "pain_free": (
        "You have no pain now. That is good news.",
        "Having no pain is the first step, not the last. The plan starts sport again step by "
        "step, not before about 3 months of care, and once a CT scan has shown the stage of the break.",
    ),
    "minimum_trial": (
        "For now, the plan is care without an operation: rest from moves that hurt, exercises, "
        "and pain pills if you need them.",
        "The plan starts with at least 6 weeks of this care before it looks at anything else. "
        "Most people get better this way.",
    ),
    "conservative": (
        "Keep going with care without an operation: rest from moves that hurt, and exercises.",
        "The plan says this care often takes 3 to 6 months. Other choices come up only if the "
        "pain is still there after about 3 months.",
    ),
    "pt_missing": (
        "The next step is a program of exercises with a physio.",
        "The plan wants care to include a physio program before a shot or an operation. So those "
        "wait for it.",
    ),
    "failed_mild": (
        "Care has gone on for about 3 months or more and there is still some pain.",
        "The plan keeps an operation for pain that stops you doing everyday things.",
    ),
    "surgical_candidate": (
        "Care has gone on for about 3 months or more, and the pain still stops you doing everyday things.",
        "The plan's checks for an operation are met: months of care with a physio, pain that "
        "stops everyday things, a scan that shows the break, and no large slip. You can also keep "
        "going with the care you have now.",
    ),
    "fusion": (
        "Care has gone on for about 3 months or more, and the pain still stops you doing everyday things.",
        "The bone has slipped forward. So the plan says the operation would join two bones, not "
        "just fix the break.",
    ),
    "not_confirmed": (
        "Care has gone on for about 3 months or more and the pain is still there.",
        "Before a shot or an operation, the plan wants a scan that shows a real break.",
    ),
    "not_young": (
        "Care has gone on for about 3 months or more, and the pain still stops you doing everyday things.",
        "The plan keeps the operation that fixes the break for young people. This guide counts up "
        "to age 30 as young. Ask your doctor what else could help you.",
    ),
    # Engine branch (clinical review N8): a grade III-IV slip after a fall (I14).
    "outside_pathway": (
        "The bone has slipped a lot. A back surgeon should see you soon, before any other plan.",
        "This plan is for a break with at most a smaller slip. A big slip after a fall is not covered by it.",
    ),
}
FALLBACK_NOW = (
    "Your doctor will go through where your care is now.",
    "This guide has no plain summary for this step yet.",
)

# What opens now, said the same way wherever it is said: the decision options' plain names.
_OPEN_ORDER = (T.STEROID_INJECTION, T.DIRECT_PARS_REPAIR, T.FUSION)
NO_CT_FIRST = "A CT scan comes first. A shot is only for a break the scan shows."
STRAIN_NO_SHOT = "The scan shows strain, not a break: a shot is not used for this. Care goes on."
AGE_NOTE = (
    "The numbers in this guide come from people aged 30 or younger, most of them teens. You are "
    "{age}. Healing and getting back to sport may go differently for you, so the numbers may not "
    "fit you. Where no study has a number for your age, the guide says so. Your doctor may talk "
    "about choices this guide does not cover."
)


def open_now_sentence(a: Assessment) -> str:
    """What can now be talked about (Assessment.options), or, once care has run its course,
    what comes first: the CT (no CT yet), or why a shot is not used (a stress reaction; N4)."""
    open_now = [k for k in _OPEN_ORDER if k in a.options]
    if open_now:
        names = [T.TREATMENTS[k].plain for k in open_now]
        said = names[0] if len(names) == 1 else ", or ".join(names) + ","
        return f"{said[:1].upper()}{said[1:]} can now be talked about."
    if not a.criteria.get("failed_conservative_care"):
        return ""
    if "ct_scan" in a.options:
        return NO_CT_FIRST
    if a.scenario.ct_stage == "stress_reaction":
        return STRAIN_NO_SHOT
    return ""


STEP_WORDS = {
    "activity_modification": "Rest from moves that hurt, above all bending back and twisting.",
    "nsaids": "Pain pills like ibuprofen, if you need them. See 'Pain pills: take care'.",
    "bracing": "Maybe a stiff back brace (a support worn around your middle). Studies do not agree on "
    "how much it helps.",
    "physical_therapy": "Exercises with a physio (a physical therapist) to make the muscles of your "
    "belly and back strong.",
    "ct_scan": "A CT scan (a detailed X-ray picture). It shows how far the break has gone.",
    "mri": "An MRI scan (pictures made with a magnet). It shows if the bone is still swollen.",
    "return_to_sport": "Going back to sport step by step, while the exercises go on.",
    "urgent_spine_assessment": "See a back surgeon soon.",
}

WARNING_WORDS = {
    "before_minimum_trial": "The plan keeps the first 6 weeks for care without an operation.",
    "too_early_for_surgery": "The plan does not look at an operation before about 3 months of care with "
    "a physio.",
    "formal_pt_missing": "A physio program is not written down yet. The plan wants it before an operation.",
    "bilateral_longer_course": "The injury is on both sides. This kind can take longer to get better than "
    "one on one side.",
    "professional_athlete": "When sport is your job, care without an operation works less often. Your "
    "doctor may talk "
    "about an operation sooner. The plan still waits about 3 months.",
    "significant_listhesis": "The bone has slipped forward. If you had an operation, it would join two "
    "bones, not just fix the break.",
    "pain_free_early": "Having no pain this soon is good, but less usual. The plan expects care to take "
    "3 to 6 months before sport.",
    "older_than_young": "The plan says the repair is for young people. This guide counts up to age 30 as "
    "young. "
    "Ask your doctor what this means for you.",
    "low_grade_slip": "The bone has slipped a little. Doctors do not agree on what a small slip means "
    "for an operation. Ask yours.",
    "active_lesion": "The MRI shows the bone is still swollen. This means the break is still active and "
    "may still join. "
    "It is often worth giving care more time.",
    "unilateral_slip": "The scans show a slip but a break on one side only. That is unusual. Your doctor "
    "may check the scans again.",
    # Engine branch (clinical review N7, N8, N9): the new cautions, in plain words.
    "high_grade_slip": "The bone has slipped a lot. This plan does not cover that. A back surgeon should "
    "see you soon.",
    "early_fracture_may_unite": "The break is at an early stage. It may still join with more time.",
    "professional_stress_reaction": "The scan shows strain in the bone, not a break. An operation is not "
    "talked about for this. Rest from moves that hurt.",
}


@dataclass(frozen=True)
class Now:
    what: str
    why: str
    steps: tuple[str, ...]
    notes: tuple[str, ...]


def what_happens_now(a: Assessment) -> Now:
    """Where care stands (Assessment.stage), what is open now (options), the open steps, the
    cautions; for a case over 30, that the numbers come from younger people."""
    what, why = NOW.get(a.stage, FALLBACK_NOW)
    if a.scenario.pain == "none":
        more = (
            "The plan is to keep up the exercises and go back to sport step by step."
            if "return_to_sport" in a.options
            else sport_words(a)
        )
        if "return_to_sport" in a.options:
            why = (
                "The plan says sport can start again once there is no pain at all. Having no pain is "
                "the first step, not the last. The exercises go on while you build up."
            )
    else:
        more = open_now_sentence(a)
    what = f"{what} {more}".strip()
    steps = tuple(STEP_WORDS[s.option] for s in a.open_steps if s.option in STEP_WORDS)
    notes = tuple(WARNING_WORDS[w.id] for w in a.alerts if w.id in WARNING_WORDS)
    if age_band(a.scenario.age) == "adult" and a.scenario.age > R.YOUNG_AGE_LIMIT:
        notes = (AGE_NOTE.format(age=a.scenario.age), *notes)
    return Now(what, why, steps, notes)


# ---------------------------------------------------------------------------------------
# The steps ahead, in months


def steps_ahead(a: Assessment) -> list[str]:
    """Where she is and what the calendar looks like, in months from the start of care."""
    s = a.scenario
    lines = [f"Now: week {s.weeks_conservative} of care, which is {_month_phrase(s.months_conservative)}."]
    cons = a.windows_for("conservative", "pathway")
    if cons:
        lines.append(
            f"Without an operation, the plan says most people are back to sport between month "
            f"{_bare(cons.start_month)} and month {_bare(cons.end_month)} of care, once there is no pain "
            f"at all."
        )
    if a.surgery_month is not None and surgery_option(a) == T.DIRECT_PARS_REPAIR:
        month = _bare(a.surgery_month)
        lines.append(f"The soonest an operation could be is about month {month} of care.")
        surg = a.windows_for("surgical", "pathway")
        if surg:
            lines.append(
                f"The plan says sport could start {_bare(surg.start_month)} to {_bare(surg.end_month)} "
                "months after it. Studies found it takes longer (see the numbers)."
            )
    elif a.surgery_month is not None:
        lines.append(f"The soonest an operation could be is about month {_bare(a.surgery_month)} of care.")
    else:
        note = a.surgery_note
        if note and s.pain != "none":
            lines.append("There is no date for an operation. The reason: " + _plain_note(note))
    if s.pain == "none":
        if "return_to_sport" in a.options:
            lines.append("You have no pain now. The return to sport goes step by step, with your physio.")
        else:
            lines.append("You have no pain now. " + sport_words(a))
    return lines


NO_SURGERY_WORDS = (
    # (source id in the engine's note, the reason in plain words), first match wins
    ("S23", "the plan keeps an operation for pain that stops you doing everyday things."),
    ("S07", "you have no pain."),
    ("S24", "a scan has to show a real break first."),
    ("S16", "the repair operation is for young people, and this guide counts up to age 30 as young."),
    ("S26", "the plan wants a physio program done and written down first."),
)


def _plain_note(note: str) -> str:
    """The engine's reason there is no surgery month (Assessment.surgery_note), in plain words."""
    for sid, words in NO_SURGERY_WORDS:
        if sid in note:
            return words
    return "the plan's checks for an operation are not met yet."


# ---------------------------------------------------------------------------------------
# What matters to you: how each choice fits, never which to pick

PRIORITIES: dict[str, str] = {
    "no_operation": "Not having an operation",
    "no_needle": "Not having a needle in the back",
    "bone_joins": "Giving the bone a chance to join",
    "after_months": "Trying something more when months of care have not helped",
    "pain_soon": "Less pain within a few weeks",
    "sport_soon": "Getting back to sport soon",
    "keep_movement": "Keeping all the movement in my back",
    "done_once": "A treatment that is meant to be done once",
}
SLIP_PRIORITY = {"hold_slip": "Holding a slipped bone in place"}
FITS, NO_FIT, DEPENDS = "fits", "does not fit", "depends"

# priority: {option: (verdict, why)}. Facts from the source (S03-S07, S13-S20, S25, S33) and
# the figures file. Built so that no choice is favoured by construction: over all
# priorities each choice fits some and does not fit some (tests/test_patient.py counts them).
FIT_TABLE: dict[str, dict[str, tuple[str, str]]] = {
    "no_operation": {
        T.CONSERVATIVE_CARE: (FITS, "no operation"),
        T.STEROID_INJECTION: (FITS, "no operation"),
        T.DIRECT_PARS_REPAIR: (NO_FIT, "it is an operation"),
        T.FUSION: (NO_FIT, "it is an operation"),
    },
    "no_needle": {
        T.CONSERVATIVE_CARE: (FITS, "no needles"),
        T.STEROID_INJECTION: (NO_FIT, "it is a needle in the back"),
        T.DIRECT_PARS_REPAIR: (NO_FIT, "an operation needs needles and a cut"),
        T.FUSION: (NO_FIT, "an operation needs needles and a cut"),
    },
    "bone_joins": {
        T.CONSERVATIVE_CARE: (DEPENDS, "on the stage of the break"),
        T.STEROID_INJECTION: (NO_FIT, "it eases pain; it is not meant to join the bone"),
        T.DIRECT_PARS_REPAIR: (FITS, "screws hold the break so it can join"),
        T.FUSION: (FITS, "it joins two bones into one"),
    },
    "after_months": {
        T.CONSERVATIVE_CARE: (NO_FIT, "it is the care you already have"),
        T.STEROID_INJECTION: (FITS, "the plan names it as a next step"),
        T.DIRECT_PARS_REPAIR: (FITS, "the plan names it for pain that lasts"),
        T.FUSION: (FITS, "the plan names it for pain that lasts, with a slip"),
    },
    "pain_soon": {
        T.CONSERVATIVE_CARE: (NO_FIT, "pain often eases slowly, over months"),
        T.STEROID_INJECTION: (DEPENDS, "it helps some people, not all"),
        T.DIRECT_PARS_REPAIR: (NO_FIT, "getting over it takes months"),
        T.FUSION: (NO_FIT, "getting over it takes months"),
    },
    "sport_soon": {
        T.CONSERVATIVE_CARE: (DEPENDS, "often 3 to 6 months, once pain has gone"),
        T.STEROID_INJECTION: (DEPENDS, "it may help you back; no study says how soon"),
        T.DIRECT_PARS_REPAIR: (NO_FIT, "months of getting better first"),
        T.FUSION: (NO_FIT, "months of getting better first"),
    },
    "keep_movement": {
        T.CONSERVATIVE_CARE: (FITS, "nothing is joined"),
        T.STEROID_INJECTION: (FITS, "nothing is joined"),
        T.DIRECT_PARS_REPAIR: (FITS, "it fixes the break; the back can still bend there [34]"),
        T.FUSION: (NO_FIT, "that part of the back no longer bends"),
    },
    "done_once": {
        T.CONSERVATIVE_CARE: (NO_FIT, "it goes on for months"),
        T.STEROID_INJECTION: (NO_FIT, "it may need to be done again"),
        T.DIRECT_PARS_REPAIR: (FITS, "it is meant to be done once; some people need more surgery"),
        T.FUSION: (FITS, "it is meant to be done once; some people need more surgery"),
    },
    "hold_slip": {
        T.CONSERVATIVE_CARE: (DEPENDS, "a slip may stay the same or grow; ask your doctor"),
        T.STEROID_INJECTION: (NO_FIT, "it does not hold the bone"),
        T.DIRECT_PARS_REPAIR: (NO_FIT, "it is not done when the bone has slipped a lot"),
        T.FUSION: (FITS, "it holds the two bones together"),
    },
}


def priorities(a: Assessment) -> dict[str, str]:
    """The priorities offered for this case: the slip one only when the bone has slipped."""
    if a.scenario.listhesis_grade >= 1:
        return {**PRIORITIES, **SLIP_PRIORITY}
    return dict(PRIORITIES)


def fit_rows(picked: list[str], chosen: tuple[Choice, ...]) -> list[dict[str, str]]:
    """One row per picked priority: the verdict and a short reason for each choice, in a fixed order."""
    rows = []
    names = {**PRIORITIES, **SLIP_PRIORITY}
    for key in picked:
        if key not in FIT_TABLE:
            continue
        row = {"What matters to you": names[key]}
        for c in chosen:
            verdict, why = FIT_TABLE[key][c.key]
            row[c.title] = f"{verdict}: {why}"
        rows.append(row)
    return rows


# The SURE test (Légaré et al. 2010): four yes/no questions on readiness to decide.
SURE: dict[str, str] = {
    "sure": "Do you feel sure about the best choice for you?",
    "understand": "Do you know the good and bad points of each choice?",
    "weigh": "Are you clear about which good and bad points matter most to you?",
    "support": "Do you have enough support and advice to make a choice?",
}


def sure_result(answers: dict[str, str | None]) -> str:
    """What the four answers mean, in one plain sentence."""
    given = [answers.get(k) for k in SURE]
    if any(v is None for v in given):
        return "Answer all four questions to see what they mean."
    if all(v == "Yes" for v in given):
        return "You said yes to all four. You may be ready to choose with your doctor."
    return "You said no to at least one. That is normal. Talk it through with your doctor before you choose."


# ---------------------------------------------------------------------------------------
# Everything a patient reads, block by block (page, handout and the reading-grade tests)


def study_refs(chosen: tuple[Choice, ...], shown: list[Number]) -> list[int]:
    """The reference numbers cited by these numbers, the choices' texts and the fit table, in order."""
    refs: set[int] = {65}  # the quality statement in 'How sure are these numbers?'
    for n in shown:
        refs.update(n.refs)
    for c in chosen:
        for text in (*c.like.values(), c.note):
            refs.update(int(x) for x in _cited(text))
    for rows in FIT_TABLE.values():
        for _, why in rows.values():
            refs.update(int(x) for x in _cited(why))
    return sorted(refs)


def _cited(text: str) -> list[str]:
    return re.findall(r"\[(\d+)\]", text)

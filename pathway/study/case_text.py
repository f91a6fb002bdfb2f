"""The words of a generated study case: the vignette, and the text of each answer (where
the case stands, candidacy, the next step, return to sport, the repair windows), each with
the source sentences and interpretations it rests on."""

from __future__ import annotations

import random
import re

from pathway.model.engine import Assessment
from pathway.model.rules import CONSERVATIVE_FULL_COURSE_WEEKS
from pathway.model.scenario import Scenario
from pathway.model.types import CONFIRMED_STAGES, in_window

# Stage groups: where the case stands, as a statement a board question would make. The
# engine's stage ids map onto them (split by imaging where the stage's options depend on it:
# a stress reaction or a missing CT keeps the injection closed, I6, I7). Each is a statement
# about one case that casegen.holds() evaluates against the Assessment; an unknown stage id
# gets its own group, said in the engine's summary sentence.
STAGE_GROUPS: dict[str, str] = {
    "pain_free": "Pain-free: the return to sport is the question now",
    "minimum_trial": "Within the 6-week minimum trial of conservative care: no intervention yet",
    "conservative": (
        "Past the 6-week minimum trial but before 3 months: conservative care continues, no intervention yet"
    ),
    "pt_missing": "Care does not count as failed yet: formal physical therapy is missing",
    "failed_mild": "{after}, mild pain persists: a pars injection can be considered, not surgery",
    "stress_reaction": (
        "{after}, CT shows only a stress reaction: continue conservative care; a stress reaction is "
        "not a defect (I6, I7)"
    ),
    "ct_first": "{after}, symptoms persist but no CT has been done: obtain the CT first (S08)",
    "surgical_candidate": (
        "{after}, all four criteria hold: a pars injection or direct repair can be considered"
    ),
    "fusion": "{after}, with a significant slip: fusion, not direct repair, can be considered",
    "not_young": (
        "All four criteria hold, but direct repair is not indicated at this age: a pars injection can "
        "be considered"
    ),
}

# The engine's stage -> the group, where imaging does not split it.
_STAGE_TO_GROUP = {g: g for g in STAGE_GROUPS if g not in ("stress_reaction", "ct_first")}


# What each situation needs, for a distractor no near-miss case explains.
STAGE_NEEDS: dict[str, str] = {
    "pain_free": "That needs the pain to have gone completely (S07).",
    "minimum_trial": "That is the first 6 weeks of care (S02).",
    "conservative": "That is weeks 6 to 12 of care, before 3 months (S02, S12; I2).",
    "pt_missing": "That needs care without formal physical therapy (S26; I3).",
    "failed_mild": (
        "That needs 13+ weeks with formal therapy, mild pain and an imaged defect (S12, S13, S23; I3, I7)."
    ),
    "stress_reaction": "That needs 13+ weeks of symptoms with only a stress reaction on CT (I6, I7).",
    "ct_first": "That needs 13+ weeks of symptoms with no CT done (S08).",
    "surgical_candidate": "That needs all four criteria and a young patient (S16, S21; I5).",
    "fusion": "That needs failed care, disabling pain, a defect and a grade II+ slip (S25; I1).",
    "not_young": "That needs all four criteria in a patient over 30 (S16; I5).",
}


def after_care(weeks: int) -> str:
    """How long care has gone on, in the pathway's words (N23: "in the window" only in weeks
    13-25; past 26 weeks the full 3-6 months are over)."""
    if in_window(weeks):
        return "In the window for intervention (after 3 months of care)"
    if weeks >= CONSERVATIVE_FULL_COURSE_WEEKS:
        return "After 3-6 months of care"
    return "After 3 months of care"


def stage_group(a: Assessment) -> str:
    """The engine's stage as a group; failed_mild and not_confirmed split by imaging (N3)."""
    ct = a.scenario.ct_stage
    if a.stage in ("failed_mild", "not_confirmed") and ct not in CONFIRMED_STAGES:
        return (
            "ct_first"
            if ct == "not_done"
            else "stress_reaction"
            if ct == "stress_reaction"
            else "other:" + a.stage
        )
    return _STAGE_TO_GROUP.get(a.stage, "other:" + a.stage)


def stage_text(group: str, a: Assessment) -> str:
    """The statement a group makes about this case (an unknown stage: the engine's summary)."""
    if group in STAGE_GROUPS:
        return STAGE_GROUPS[group].format(after=after_care(a.scenario.weeks_conservative))
    return a.summary


CRITERION_SHORT = {
    "failed_conservative_care": "conservative care has not failed",
    "functional_limitation": "pain does not limit function",
    "imaging_confirmed": "no defect is confirmed on imaging",
    "no_significant_listhesis": "a significant slip calls for fusion",
}


def candidacy_text(key: tuple, pronoun: str) -> str:
    unmet, indicated = key
    if not unmet:
        if indicated:
            return "All four criteria hold: direct pars repair can be considered"
        return f"All four criteria hold, but direct repair is not indicated at {pronoun} age"
    if unmet == ("no_significant_listhesis",):
        return "Not a candidate for direct repair: a significant slip calls for fusion"
    parts = [CRITERION_SHORT[k] for k in unmet]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Not a candidate: {joined}"


NEXT_TEXT = {
    "ct": "Obtain a CT to stage the pars lesion",
    "graded_return": "Plan a graded return to sport while the rehabilitation programme continues",
    "rehab_then_return": "Continue rehabilitation, then stage the return to sport",
    "continue": "Continue conservative care and review at 3 months",
    "formal_pt": "Refer for formal physical therapy before any intervention",
    "injection": "Offer a pars steroid injection at the defect",
    "injection_or_repair": "Discuss a pars injection or direct pars repair",
    "fusion": "Discuss fusion rather than a direct repair",
    "no_repair": "Explain that direct repair is not indicated at this age",
    "continue_no_defect": "Continue conservative care: no defect is imaged",
}
NEXT_WHY = {
    "ct": "The CT stage determines the treatment approach (S08).",
    "graded_return": "Pain-free from 3 months, defect staged: a graded return while PT continues (S07; I9).",
    "rehab_then_return": "Pain-free before 3 months: rehab continues, the return is staged (S01, S07; I9).",
    "continue": "Interventions are considered only after 3-6 months of care (S02, S12; I2).",
    "formal_pt": "Care without formal physical therapy has not failed (S26; I3).",
    "injection": "Persisting mild pain after failed care: an injection, not surgery (S12, S13, S23; I7).",
    "injection_or_repair": "All four criteria hold in a young patient (S14, S16, S21).",
    "fusion": "A significant slip calls for fusion instead of repair (S25; I1).",
    "no_repair": "The source indicates direct repair for young patients (S16; I5).",
    "continue_no_defect": "No injection or repair without an imaged defect (S13, S24; I6, I7).",
}
NEXT_SOURCES = {
    "ct": ("S08",),
    "graded_return": ("S07", "S33"),
    "rehab_then_return": ("S01", "S07"),
    "continue": ("S02", "S12"),
    "formal_pt": ("S26", "S06"),
    "injection": ("S12", "S13", "S23"),
    "injection_or_repair": ("S14", "S16", "S21"),
    "fusion": ("S25",),
    "no_repair": ("S16",),
    "continue_no_defect": ("S13", "S24"),
}


RTS_TEXT = {
    "open": "A graded return can begin now, while the rehabilitation programme continues",
    "wait": "Not yet: the rehabilitation programme continues, and the return is staged from week 13",
    "ct": "Not yet: a CT should stage the defect before the return is planned",
    "wait_ct": (
        "Not yet: a CT should stage the defect, and the rehabilitation programme continues until a "
        "staged return from week 13"
    ),
    "pain": "Not until completely pain-free, typically after 3-6 months of care",
    "union": "Not until a CT shows bony union of the defect",
    "surgery": "Only after direct pars repair has fixed the defect",
}


# --- writing the vignette -----------------------------------------------------------------

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
CT_WORDS = {
    "not_done": "nothing yet (no CT)",
    "stress_reaction": "a stress reaction without a fracture line",
    "incomplete": "an incomplete fracture",
    "complete": "a complete fracture",
    "old_defect": "an old, sclerotic defect",
}
# What the patient does, by activity level, each with the ages it fits (N22: no 15-year-old
# professional, office worker or university athlete).
_SPORTS: dict[str, list[tuple[str, int, int]]] = {
    "none": [
        ("office worker who does no sport", 18, 90),
        ("school student who does no regular sport", 10, 18),
        ("student who does no regular sport", 18, 25),
    ],
    "recreational": [
        ("recreational runner", 10, 90),
        ("weekend climber", 16, 90),
        ("recreational tennis player", 10, 90),
    ],
    "competitive": [
        ("competitive gymnast", 10, 25),
        ("university rower", 18, 25),
        ("club fast bowler", 14, 40),
        ("county-level footballer", 14, 35),
        ("school-team rower", 13, 17),
    ],
    "professional": [
        ("professional footballer", 18, 35),
        ("professional dancer", 18, 35),
        ("professional rugby player", 18, 35),
    ],
}
# The youngest and oldest age at which an activity level has a fitting description.
ACTIVITY_AGES = {k: (min(lo for _, lo, _ in v), max(hi for _, _, hi in v)) for k, v in _SPORTS.items()}


def sports_for(activity: str, age: int) -> list[str]:
    """The descriptions of an activity level that fit this age."""
    return [text for text, lo, hi in _SPORTS[activity] if lo <= age <= hi]


def article(word: str) -> str:
    """ "a" or "an" before a word, by its sound: an office worker, a university rower, an
    18-year-old, an 80-year-old (N22)."""
    w = word.lower()
    if w[:1].isdigit():
        number = re.match(r"\d+", w)[0]  # type: ignore[index]
        return "an" if re.fullmatch(r"8\d*|11|18", number) else "a"
    if re.match(r"(uni|use|usu|eu|one)", w):
        return "a"
    return "an" if re.match(r"[aeiou]|hour|honest|honou?r", w) else "a"


def _a(age: int) -> str:
    return article(str(age)).capitalize()


def _weeks(w: int) -> str:
    return f"{w} week{'s' if w != 1 else ''}"


def vignette(s: Scenario, rng: random.Random, she: str) -> str:
    her = {"she": "her", "he": "his"}[she]
    person = {"she": "woman", "he": "man"}[she] if s.age >= 18 else {"she": "girl", "he": "boy"}[she]
    sport = rng.choice(sports_for(s.activity, s.age) or [text for text, _, _ in _SPORTS[s.activity]])
    side = "both sides" if s.laterality == "bilateral" else "one side"
    w = s.weeks_conservative
    rested = f"modified {her} activities" if s.activity == "none" else "rested from sport"
    who = f"{_a(s.age)} {s.age}-year-old {person}, {article(sport)} {sport},"
    lines = [
        f"{who} has low back pain after a fall, worse on extension."
        if w == 0
        else f"{who} has had low back pain since a fall {_weeks(w)} ago, worse on extension."
    ]
    if w == 0:
        lines.append("Conservative care has not started yet.")
    elif s.formal_pt:
        lines.append(
            f"For {_weeks(w)} {she} has followed conservative care: activity modification, NSAIDs "
            "and documented, supervised core-stabilisation physical therapy."
        )
    else:
        lines.append(
            f"For {_weeks(w)} {she} has {rested}, taken NSAIDs and done "
            "home exercises; {her} care has not included formal physical therapy.".replace("{her}", her)
        )
    lines.append(
        {
            "none": f"{she.capitalize()} is now completely pain-free.",
            "mild": f"{she.capitalize()} still has mild back pain that does not limit {her} activities.",
            "disabling": f"Back pain still limits {her} daily activities and {her} quality of life.",
        }[s.pain]
    )
    if s.ct_stage == "not_done":
        lines.append(f"Oblique radiographs suggest an L5 pars defect on {side}; no CT has been done.")
    else:
        lines.append(f"CT shows {CT_WORDS[s.ct_stage]} of the L5 pars interarticularis on {side}.")
    if s.mri_edema is True:
        lines.append("MRI shows bone-marrow oedema in the L5 pars.")
    elif s.mri_edema is False:
        lines.append("MRI shows no bone-marrow oedema.")
    lines.append(
        "A standing lateral radiograph shows no slip."
        if s.listhesis_grade == 0
        else f"A standing lateral radiograph shows a Meyerding grade {ROMAN[s.listhesis_grade]} slip "
        "of L5 on S1."
    )
    return " ".join(lines)


def pronouns(text: str, she: str) -> str:
    if she == "she":
        return text
    return re.sub(r"\b(she|her)\b", lambda m: {"she": "he", "her": "his"}[m.group(1)], text)


def window_text(source: tuple[float, float] | None, published: tuple[float, float] | None) -> str:
    src = "the source gives no time" if source is None else f"source {num(source[0])}-{num(source[1])} months"
    pub = (
        "no published time"
        if published is None
        else f"published series, means {num(published[0])}-{num(published[1])} months"
    )
    return f"After repair: {src}; {pub}"


def num(x: float) -> str:
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}"


def obj(she: str) -> str:
    return {"she": "her", "he": "him"}[she]


def poss(she: str) -> str:
    return {"she": "her", "he": "his"}[she]

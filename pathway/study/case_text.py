"""The words of a generated study case: the vignette, and the text of each answer (where
the case stands, candidacy, the next step, return to sport, the repair windows), each with
the source sentences and interpretations it rests on."""

from __future__ import annotations

import random
import re

from pathway.model.engine import Assessment
from pathway.model.scenario import Scenario

# Stage groups: what the case's situation means, in words a board question would use. The
# engine's stage ids map onto them; an unknown id gets its own group named by the summary.
STAGE_GROUPS: dict[str, str] = {
    "pain_free": "Pain-free: the return to sport is the question now",
    "minimum_trial": "Within the minimum trial of conservative care: no intervention yet",
    "conservative": "Past the minimum trial: conservative care continues before any intervention",
    "pt_missing": "Care so far does not count as failed: formal physical therapy is missing",
    "failed_mild": "Persisting mild pain after 3 months: an injection can be considered, not surgery",
    "surgical_candidate": "In the window for intervention: injection or direct repair can be considered",
    "fusion": "In the window for intervention, with a slip that calls for fusion, not repair",
    "not_confirmed": "In the window for intervention, but imaging has not confirmed a defect",
    "not_young": "The criteria hold, but direct repair is not indicated at this age",
}


# What each situation needs, for a distractor no near-miss case explains.
STAGE_NEEDS: dict[str, str] = {
    "pain_free": "That needs the pain to have gone completely (S07).",
    "minimum_trial": "That is the first 6 weeks of care (S02).",
    "conservative": "That is weeks 6 to 12 of care, before 3 months (S02, S12; I2).",
    "pt_missing": "That is 13+ weeks of care without formal physical therapy (S26; I3).",
    "failed_mild": "That needs 13+ weeks with formal therapy and mild pain (S12, S23; I3, I7).",
    "surgical_candidate": "That needs all four criteria and a young patient (S16, S21; I5).",
    "fusion": "That needs failed care, disabling pain, a defect and a grade II+ slip (S25; I1).",
    "not_confirmed": "That needs failed care and disabling pain without an imaged defect (S24; I6).",
    "not_young": "That needs all four criteria in a patient over 30 (S16; I5).",
}


def stage_group(a: Assessment) -> str:
    return a.stage if a.stage in STAGE_GROUPS else "other:" + a.stage


def stage_text(group: str) -> str:
    return STAGE_GROUPS.get(group, group.removeprefix("other:").replace("_", " ").capitalize())


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
    "graded_return": "Plan a graded return to sport while therapy continues",
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
    "open": "A graded return can begin now, while physical therapy continues",
    "wait": "Not yet: finish the rehabilitation programme, then a staged return",
    "ct": "Not yet: a CT should stage the defect before the return is planned",
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
_SPORTS = {
    "none": ["office worker who does no sport", "student who does no regular sport"],
    "recreational": ["recreational runner", "weekend climber", "recreational tennis player"],
    "competitive": ["competitive gymnast", "university rower", "club fast bowler", "county-level footballer"],
    "professional": ["professional footballer", "professional dancer", "professional rugby player"],
}


def _a(age: int) -> str:
    return "An" if age in (8, 11, 18) or 80 <= age <= 89 else "A"


def _weeks(w: int) -> str:
    return f"{w} week{'s' if w != 1 else ''}"


def vignette(s: Scenario, rng: random.Random, she: str) -> str:
    her = {"she": "her", "he": "his"}[she]
    person = {"she": "woman", "he": "man"}[she] if s.age >= 18 else {"she": "girl", "he": "boy"}[she]
    sport = rng.choice(_SPORTS[s.activity])
    side = "both sides" if s.laterality == "bilateral" else "one side"
    w = s.weeks_conservative
    lines = [
        f"{_a(s.age)} {s.age}-year-old {person}, a {sport}, has low back pain after a fall, "
        "worse on extension."
        if w == 0
        else f"{_a(s.age)} {s.age}-year-old {person}, a {sport}, has had low back pain since a fall "
        f"{_weeks(w)} ago, worse on extension."
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
            f"For {_weeks(w)} {she} has rested from sport, taken NSAIDs and done "
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

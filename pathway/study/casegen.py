"""Generated study cases: a random, plausible case, a vignette, a question keyed by the engine.

``generate(seed)`` is a pure function of the seed, so a case can be shared as a link
(``?study_seed=...``). The case is drawn at random, written up as a vignette, and asked
about in one of several ways (what is open now, where the case stands, candidacy, which
criterion fails, return to sport). The key and every option are checks against
``evaluate(scenario)``: ``holds(option.check, assessment)`` is true for the key only, and a
test re-checks that on a thousand seeds. Distractors come from the engine's own near-miss
cases (the same case with one fact changed), and each option's note says why it is right,
or what would have to change for it to be right.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

from pathway.model import rules as R
from pathway.model import treatments as T
from pathway.model.engine import Assessment, evaluate
from pathway.model.scenario import CT_STAGES, Scenario

KINDS = ("open_now", "next_step", "stage", "candidacy", "criterion", "return_to_sport")
KIND_LABELS = {
    "open_now": "What is open now",
    "next_step": "Next step",
    "stage": "Where the case stands",
    "candidacy": "Surgical candidacy",
    "criterion": "Which criterion fails",
    "return_to_sport": "Return to sport",
}
# Cautions the engine raises for a combination that does not occur (or needs checking):
# a generated case never has one.
IMPLAUSIBLE_WARNINGS = frozenset({"unilateral_slip"})
MAX_SEED = 999_999
_NO_SLIP_STAGES = frozenset({"stress_reaction", "incomplete"})


@dataclass(frozen=True)
class CaseOption:
    text: str
    check: tuple  # (kind, value): see holds()
    note: str  # why this is right, or why not (what would make it right)
    sources: tuple[str, ...] = ()  # source sentences the note rests on


@dataclass(frozen=True)
class GeneratedCase:
    seed: int
    scenario: Scenario
    kind: str
    vignette: str
    question: str
    options: tuple[CaseOption, ...]
    answer: int
    explanation: str
    sources: tuple[str, ...]
    interpretations: tuple[str, ...]

    @property
    def correct_option(self) -> str:
        return self.options[self.answer].text


# --- drawing a case ---------------------------------------------------------------------


def _pick(rng: random.Random, weighted: list[tuple[object, float]]) -> object:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def random_scenario(rng: random.Random) -> Scenario:
    """A clinically plausible case: ages, stages and slips in proportions a clinic sees."""
    while True:
        low, high = _pick(rng, [((0, 5), 0.2), ((6, 12), 0.3), ((13, 26), 0.35), ((27, 40), 0.15)])
        weeks = rng.randint(low, high)
        ct_weights = [
            ("not_done", 0.18),
            ("stress_reaction", 0.14),
            ("incomplete", 0.24),
            ("complete", 0.3),
            ("old_defect", 0.14),
        ]
        ct = _pick(rng, [(v, w) for v, w in ct_weights if v in CT_STAGES])
        laterality = _pick(rng, [("bilateral", 0.8), ("unilateral", 0.2)])  # S28: 80% bilateral
        slip = (
            0
            if laterality == "unilateral" or ct in _NO_SLIP_STAGES
            else _pick(rng, [(0, 0.72), (1, 0.16), (2, 0.08), (3, 0.04)])
        )
        mri_weights = [(None, 0.4), (True, 0.35), (False, 0.25)]
        if ct == "stress_reaction":
            mri_weights = [(None, 0.2), (True, 0.7), (False, 0.1)]
        s = Scenario(
            weeks_conservative=weeks,
            formal_pt=rng.random() < (0.3 if weeks < 4 else 0.7),
            pain=_pick(rng, [("none", 0.22), ("mild", 0.26), ("disabling", 0.52)]),
            laterality=laterality,
            ct_stage=ct,
            mri_edema=_pick(rng, mri_weights),
            listhesis_grade=slip,
            activity=_pick(
                rng, [("none", 0.1), ("recreational", 0.4), ("competitive", 0.35), ("professional", 0.15)]
            ),
            age=_pick(
                rng, [(rng.randint(15, 19), 0.35), (rng.randint(20, 30), 0.5), (rng.randint(31, 45), 0.15)]
            ),
        )
        if plausible(s):
            return s


def plausible(s: Scenario) -> bool:
    """No combination the engine flags as implausible. An isthmic slip needs a defect on both
    sides ([48]: unilateral defects never slipped), and a complete one: not a stress reaction
    or an incomplete fracture."""
    if s.listhesis_grade > 0 and (s.laterality == "unilateral" or s.ct_stage in _NO_SLIP_STAGES):
        return False
    return not (evaluate(s).warnings & IMPLAUSIBLE_WARNINGS)


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
        add("no CT had been done" if stage == "not_done" else f"CT showed {_CT_WORDS[stage]}", ct_stage=stage)
    for grade in (0, 1, 2, 3):
        add(
            "there were no slip" if grade == 0 else f"there were a Meyerding grade {_ROMAN[grade]} slip",
            listhesis_grade=grade,
        )
    for age in (19, 40):
        if (age > R.YOUNG_AGE_LIMIT) != (s.age > R.YOUNG_AGE_LIMIT):
            add(f"she were {age}", age=age)
    if s.activity != "professional":
        add("she were a professional athlete", activity="professional")
    return out


# --- checks ----------------------------------------------------------------------------


def holds(check: tuple, a: Assessment) -> bool:
    """Whether an option's check is true of an assessment (the engine decides, not the text)."""
    kind, value = check
    if kind == "open":
        return value in a.options
    if kind == "stage":
        return stage_group(a) == value
    if kind == "candidacy":
        return candidacy_key(a) == value
    if kind == "only_unmet":
        unmet = [k for k, met in a.criteria.items() if not met]
        return unmet == [value]
    if kind == "rts":
        return rts_key(a) == value
    if kind == "next":
        return next_step_key(a) == value
    if kind == "window":
        return surgical_windows(a) == value
    if kind == "never":
        return False
    raise ValueError(f"unknown check {kind!r}")


def repair_indicated(a: Assessment) -> bool:
    """Direct repair is for this patient at all: young (S16, I5) and no significant slip."""
    return a.repair_indicated


def candidacy_key(a: Assessment) -> tuple:
    unmet = tuple(k for k in R.CRITERIA if not a.criteria[k])
    return (unmet, repair_indicated(a) if not unmet else None)


def rts_key(a: Assessment) -> str:
    """Return to sport: "open" now, "wait" (opens at a set week), or "closed" (pain first)."""
    if "return_to_sport" in a.options:
        return "open"
    step = next((st for st in a.closed_steps if st.option == "return_to_sport"), None)
    if a.scenario.pain != "none":
        return "pain"
    if step is not None and step.opens_at_week is not None:
        return "wait"
    return "ct"


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


_CRITERION_SHORT = {
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
    parts = [_CRITERION_SHORT[k] for k in unmet]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Not a candidate: {joined}"


def next_step_key(a: Assessment) -> str:
    """The one most appropriate next step, read off the assessment in the source's order:
    stage the defect first (S08), then sport, conservative care, formal PT, interventions."""
    s = a.scenario
    if "ct_scan" in a.options:
        return "ct"
    if "return_to_sport" in a.options:
        return "graded_return"
    if s.pain == "none":
        return "rehab_then_return"
    return {
        "minimum_trial": "continue",
        "conservative": "continue",
        "pt_missing": "formal_pt",
        "failed_mild": "injection",
        "surgical_candidate": "injection_or_repair",
        "fusion": "fusion",
        "not_young": "no_repair",
        "not_confirmed": "continue_no_defect",
    }.get(a.stage, "continue")


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


def _also_defensible(key: str, a: Assessment) -> set[str]:
    """Next steps that are not the key but a board examiner would accept beside it: care that
    goes on anyway while the key is done (conservative care beside the CT), or an option the
    engine also opens (the injection beside repair or fusion). They are never distractors."""
    ongoing = {"continue", "continue_no_defect", "rehab_then_return", "formal_pt"}
    out: set[str] = set()
    if key == "ct":
        out |= ongoing
    elif key in ("rehab_then_return", "graded_return"):
        out |= ongoing - {"rehab_then_return"}
    elif key in ("continue", "continue_no_defect", "formal_pt"):
        out |= ongoing - (set() if not a.scenario.formal_pt or key == "formal_pt" else {"formal_pt"})
    if "steroid_injection" in a.options:
        out.add("injection")
    out.discard(key)
    return out


def _described_by(key, pool, key_of, excluded=frozenset()) -> dict:
    """The case's own key first (with no text), then every other key the pool's cases have,
    each with the text of the first case that has it; keys in ``excluded`` are left out."""
    seen = {key: None}
    for text, other in pool:
        k = key_of(other)
        if k not in seen and k not in excluded:
            seen[k] = text
    return seen


def _next_step(a: Assessment, pool, rng: random.Random, she: str):
    key = next_step_key(a)
    excluded = _also_defensible(key, a)
    seen = _described_by(key, pool, next_step_key, excluded)
    others = [k for k in seen if k != key]
    fill = [k for k in NEXT_TEXT if k not in seen and k not in excluded]
    rng.shuffle(fill)
    distractors = (others + fill)[:4]
    if len(distractors) < 3:
        return None
    options = [CaseOption(NEXT_TEXT[key], ("next", key), NEXT_WHY[key], NEXT_SOURCES[key])]
    for k in distractors:
        note = "Not the next step here. " + (
            f"It would be if {seen[k]}." if seen.get(k) else "It fits another case: " + NEXT_WHY[k]
        )
        options.append(CaseOption(NEXT_TEXT[k], ("next", k), note, NEXT_SOURCES[k]))
    return "Which is the most appropriate next step?", options, 0


RTS_TEXT = {
    "open": "A graded return can begin now, while physical therapy continues",
    "wait": "Not yet: finish the rehabilitation programme, then a staged return",
    "ct": "Not yet: a CT should stage the defect before the return is planned",
    "pain": "Not until completely pain-free, typically after 3-6 months of care",
    "union": "Not until a CT shows bony union of the defect",
    "surgery": "Only after direct pars repair has fixed the defect",
}


# --- writing the vignette -----------------------------------------------------------------

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_CT_WORDS = {
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


def _vignette(s: Scenario, rng: random.Random, she: str) -> str:
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
        lines.append(f"CT shows {_CT_WORDS[s.ct_stage]} of the L5 pars interarticularis on {side}.")
    if s.mri_edema is True:
        lines.append("MRI shows bone-marrow oedema in the L5 pars.")
    elif s.mri_edema is False:
        lines.append("MRI shows no bone-marrow oedema.")
    lines.append(
        "A standing lateral radiograph shows no slip."
        if s.listhesis_grade == 0
        else f"A standing lateral radiograph shows a Meyerding grade {_ROMAN[s.listhesis_grade]} slip "
        "of L5 on S1."
    )
    return " ".join(lines)


# --- the question -------------------------------------------------------------------------


def _interpretations(a: Assessment, text: str) -> tuple[str, ...]:
    """The readings this explanation rests on: the stage's own, and any named in its text."""
    named = re.findall(r"\bI\d{1,2}\b", text)
    known = {i.id for i in R.INTERPRETATIONS}
    ids = {*a.stage_interpretations, *(i for i in named if i in known)}
    return tuple(sorted(ids, key=lambda i: int(i[1:])))


def _step(a: Assessment, option: str):
    for st in (*a.open_steps, *a.closed_steps):
        if st.option == option:
            return st
    return None


def _why_option(a: Assessment, option: str) -> tuple[str, tuple[str, ...]]:
    step = _step(a, option)
    if step is not None:
        return step.reason, tuple(step.sources)
    s = a.scenario
    if option == "ct_scan":
        return f"A CT has already been done: it shows {_CT_WORDS[s.ct_stage]}.", ("S08",)
    if option == "mri":
        return "An MRI has already been done.", ("S10",)
    return "Not part of the plan for this case.", ("S01",)


def _near_miss_pool(s: Scenario, she: str):
    """(change in words, assessment) for every near-miss case, nearest first."""
    return [(_pronouns(text, she), evaluate(other)) for text, other in near_misses(s)]


def _pronouns(text: str, she: str) -> str:
    if she == "she":
        return text
    return re.sub(r"\b(she|her)\b", lambda m: {"she": "he", "her": "his"}[m.group(1)], text)


def _open_now(a: Assessment, pool, rng: random.Random, she: str) -> tuple[str, list[CaseOption], int] | None:
    # The key: an open option that decides something (not the conservative basics, open in
    # nearly every painful case), else any open option.
    deciding = [o for o in R.OPTIONS if o in a.options and o not in R.CONSERVATIVE_OPTIONS]
    keyable = deciding or [o for o in R.OPTIONS if o in a.options]
    if not keyable:
        return None
    key = rng.choice(keyable)
    # Distractors: options that are closed here but open in a near-miss case, first.
    counts: dict[str, str] = {}
    for text, other in pool:
        for o in other.options - a.options:
            counts.setdefault(o, text)
    closed = [o for o in R.OPTIONS if o not in a.options]
    ranked = [o for o in closed if o in counts] + [o for o in closed if o not in counts]
    distractors = ranked[:4] if len(ranked) >= 4 else ranked
    if len(distractors) < 3:
        return None
    why, sources = _why_option(a, key)
    options = [CaseOption(R.OPTIONS[key], ("open", key), "Open now. " + why, sources)]
    for o in distractors:
        why, sources = _why_option(a, o)
        note = "Not open now. " + why
        if o in counts:
            note += f" It would open if {counts[o]}."
        options.append(CaseOption(R.OPTIONS[o], ("open", o), note, sources))
    question = f"Which of the following can the pathway offer {_obj(she)} now?"
    return question, options, 0


def _stage(a: Assessment, pool, rng: random.Random, she: str):
    key = stage_group(a)
    seen = _described_by(key, pool, stage_group)
    others = [g for g in seen if g != key]
    fill = [g for g in STAGE_GROUPS if g not in seen]
    rng.shuffle(fill)
    distractors = (others + fill)[:4]
    options = [CaseOption(stage_text(key), ("stage", key), a.summary, _stage_sources(a))]
    for g in distractors:
        note = "Not this case. " + (
            f"This would describe it if {seen[g]}." if seen.get(g) else STAGE_NEEDS.get(g, "")
        )
        options.append(CaseOption(stage_text(g), ("stage", g), note))
    return f"Which statement best describes where {she} stands on the pathway?", options, 0


def _candidacy(a: Assessment, pool, rng: random.Random, she: str):
    pronoun = _poss(she)
    key = candidacy_key(a)
    seen = _described_by(key, pool, candidacy_key)
    distractors = [k for k in seen if k != key][:4]
    if len(distractors) < 3:
        return None
    detail = " ".join(f"{'Met' if c.met else 'Not met'}: {c.wording} ({c.detail})" for c in a.criteria_detail)
    sources = (*(sid for c in a.criteria_detail for sid in c.sources), "S16", "S21")
    options = [CaseOption(candidacy_text(key, pronoun), ("candidacy", key), detail, sources)]
    for k in distractors:
        options.append(
            CaseOption(candidacy_text(k, pronoun), ("candidacy", k), f"This would be true if {seen[k]}.")
        )
    return f"Which statement about {pronoun} candidacy for direct pars repair is correct?", options, 0


def _criterion(a: Assessment, pool, rng: random.Random, she: str):
    unmet = [k for k, met in a.criteria.items() if not met]
    if len(unmet) != 1:
        return None
    details = {c.key: c for c in a.criteria_detail}
    options = []
    for k, (_wording, sources) in R.CRITERIA.items():
        c = details[k]
        note = ("Not met: " if not c.met else "Met: ") + c.detail + f" ({', '.join(sources)})"
        options.append(CaseOption(_criterion_option(k), ("only_unmet", k), note, tuple(sources)))
    answer = list(R.CRITERIA).index(unmet[0])
    return f"Which surgical candidacy criterion does {she} not meet?", options, answer


def _criterion_option(key: str) -> str:
    return {
        "failed_conservative_care": "Persistent pain after 3-6 months of conservative therapy",
        "functional_limitation": "Pain significantly limiting function and quality of life",
        "imaging_confirmed": "Confirmation of the pars defect on CT or MRI",
        "no_significant_listhesis": "Absence of a significant spondylolisthesis",
    }[key]


def _return_to_sport(a: Assessment, pool, rng: random.Random, she: str):
    if a.scenario.pain != "none":
        return _surgical_window(a, rng, she)
    key = rts_key(a)
    pool_keys = {key: None}
    for text, other in pool:
        k = rts_key(other)
        if k not in pool_keys:
            pool_keys[k] = text
    fillers = [k for k in ("union", "surgery") if k not in pool_keys]
    keys = [key] + [k for k in pool_keys if k != key] + fillers
    keys = list(dict.fromkeys(keys))[:5]
    if len(keys) < 4:
        keys += [k for k in RTS_TEXT if k not in keys][: 4 - len(keys)]
    step = _step(a, "return_to_sport")
    options = [
        CaseOption(
            RTS_TEXT[key],
            ("rts", key),
            step.reason if step else a.summary,
            tuple(step.sources) if step else ("S07", "S33"),
        )
    ]
    for k in keys[1:]:
        if k in ("union", "surgery"):
            check = ("never", k)
            note = (
                "The source asks for complete pain resolution before sport (S07, S33), not for "
                "bony union on CT."
                if k == "union"
                else "Surgery is for persistent disabling pain after failed conservative care (S01, S16), "
                "not a condition for sport."
            )
        else:
            check = ("rts", k)
            note = "Not this case." + (f" It would be right if {pool_keys[k]}." if pool_keys.get(k) else "")
        options.append(CaseOption(RTS_TEXT[k], check, note))
    return f"What does the pathway say about {_poss(she)} return to sport?", options, 0


def window_text(source: tuple[float, float] | None, published: tuple[float, float] | None) -> str:
    src = (
        "the source gives no time" if source is None else f"source {_num(source[0])}-{_num(source[1])} months"
    )
    pub = (
        "no published time"
        if published is None
        else f"published series, means {_num(published[0])}-{_num(published[1])} months"
    )
    return f"After repair: {src}; {pub}"


def _num(x: float) -> str:
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}"


def surgical_windows(a: Assessment) -> str | None:
    """The repair windows the engine gives this case, in words (None: it gives none)."""
    src = a.windows_for("surgical", "pathway")
    pub = a.windows_for("surgical", "evidence")
    if src is None and pub is None:
        return None
    return window_text(
        (src.start_month, src.end_month) if src else None, (pub.start_month, pub.end_month) if pub else None
    )


def _surgical_window(a: Assessment, rng: random.Random, she: str):
    key = surgical_windows(a)
    if key is None or "direct_pars_repair" not in a.options:
        return None
    src = a.windows_for("surgical", "pathway")
    pub = a.windows_for("surgical", "evidence")
    con = a.windows_for("conservative", "pathway")
    con_pub = a.windows_for("conservative", "evidence")
    s_pair = (src.start_month, src.end_month) if src else None
    p_pair = (pub.start_month, pub.end_month) if pub else None
    candidates = [
        window_text(p_pair, s_pair),  # the two layers swapped
        window_text((con.start_month, con.end_month) if con else (3, 6), p_pair),
        window_text(s_pair, (con_pub.start_month, con_pub.end_month) if con_pub else (3.7, 5.5)),
        window_text(None, p_pair),
    ]
    distractors = [c for c in dict.fromkeys(candidates) if c != key][:4]
    refs = ", ".join(f"[{r}]" for r in (pub.refs if pub else ()))
    options = [
        CaseOption(
            key,
            ("window", key),
            "S33 gives 3-5 months after surgical repair; published athlete series report longer "
            f"mean times {refs}, mostly in adolescents and young adults.",
            ("S33",),
        )
    ]
    notes = [
        "The two layers are swapped: the shorter range is the source's, the longer the published one.",
        "That is the source's window for conservative care (S07, S33), counted from the start of care.",
        "Those are the published times for conservative care, not after repair.",
        "The source does give a time after surgical repair: 3-5 months (S33).",
    ]
    for text, note in zip(distractors, notes, strict=False):
        options.append(CaseOption(text, ("window", text), note))
    question = (
        f"{she.capitalize()} chooses direct pars repair. Which statement about {_poss(she)} return to "
        "sport after the operation is correct?"
    )
    return question, options, 0


_BUILDERS = {
    "open_now": _open_now,
    "next_step": _next_step,
    "stage": _stage,
    "candidacy": _candidacy,
    "criterion": _criterion,
    "return_to_sport": _return_to_sport,
}


def _stage_sources(a: Assessment) -> tuple[str, ...]:
    """The sentences behind where the case stands (the engine's own list for its stage)."""
    from pathway.model.engine import _STAGE_SOURCES

    return tuple(_STAGE_SOURCES.get(a.stage, ())) or tuple(a.sources)


def _obj(she: str) -> str:
    return {"she": "her", "he": "him"}[she]


def _poss(she: str) -> str:
    return {"she": "her", "he": "his"}[she]


@lru_cache(maxsize=256)
def generate(seed: int, kind: str | None = None) -> GeneratedCase:
    """The case, question, options and explanation for one seed (the same seed, the same case)."""
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be a whole number from 0 to {MAX_SEED}")
    rng = random.Random(f"pars-case:{seed}")
    while True:
        s = random_scenario(rng)
        she = rng.choice(("she", "he"))
        a = evaluate(s)
        pool = _near_miss_pool(s, she)
        kinds = [kind] if kind else list(KINDS)
        if not kind:
            rng.shuffle(kinds)
            if s.pain == "none" and rng.random() < 0.6:  # a pain-free case: mostly about sport
                kinds.insert(0, "return_to_sport")
        for k in kinds:
            built = _BUILDERS[k](a, pool, rng, she)
            if built is None:
                continue
            question, options, answer = built
            return _finish(seed, s, k, a, _vignette(s, rng, she), question, options, answer, rng)


def _finish(seed, s, kind, a, vignette, question, options, answer, rng) -> GeneratedCase:
    # Shuffle the options, so the key's position gives nothing away (it is balanced over seeds).
    order = list(range(len(options)))
    rng.shuffle(order)
    shuffled = tuple(options[i] for i in order)
    key = order.index(answer)
    sources = tuple(sorted(set(shuffled[key].sources) | set(_stage_sources(a))))
    note = shuffled[key].note
    explanation = note if note == a.summary else f"{a.summary} {note}"
    return GeneratedCase(
        seed=seed,
        scenario=s,
        kind=kind,
        vignette=vignette,
        question=question,
        options=shuffled,
        answer=key,
        explanation=explanation,
        sources=sources,
        interpretations=_interpretations(a, explanation),
    )


def case_figures(a: Assessment, limit: int = 4) -> tuple[str, ...]:
    """Published figures for this case, in words with population and reference (I10).

    Only what pathway.sources.figures.figures_for() says describes the case; options the case
    cannot have bring none, and an empty tuple means no published figure fits.
    """
    from pathway.sources.figures import figures_for

    lines = []
    for f in figures_for(a):
        refs = ", ".join(f"[{r}]" for r in f.refs) + (" [2nd-hand]" if f.second_hand else "")
        head = T.TREATMENTS[f.option].short
        if f.kind == "time" and f.months_low is not None:
            span = (
                f"about {_num(f.months_low)} months"
                if f.months_low == f.months_high
                else f"{_num(f.months_low)}-{_num(f.months_high)} months"
            )
            lines.append(f"{head}: on average {f.what} after {span}; {f.population} {refs}.")
        elif f.percent is not None:
            lines.append(f"{head}: {_num(f.percent)}% {f.what}; {f.population} {refs}.")
        if len(lines) == limit:
            break
    return tuple(lines)


def new_seed(rng: random.Random | None = None) -> int:
    return (rng or random.SystemRandom()).randint(0, MAX_SEED)


def parse_seed(raw: object) -> int:
    """A seed from a URL value; ValueError in plain words (never echoing the value)."""
    text = str(raw).strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_SEED)):
        raise ValueError(f"the case number in this link is not a whole number from 0 to {MAX_SEED}")
    return int(text)

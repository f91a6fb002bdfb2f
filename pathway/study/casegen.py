"""Generated study cases: a random, plausible case, a vignette, a question keyed by the engine.

``generate(seed)`` is a pure function of the seed, so a case can be shared as a link
(``?study_seed=...``). The case is drawn at random (only cases the pathway covers), written up
as a vignette, and asked about in one of several ways (what is open now, where the case
stands, candidacy, which criterion fails, the next step, return to sport).

Every option is a STATEMENT about this case, and ``holds(option.check, evaluate(scenario))``
evaluates what that statement says against the engine's Assessment: its options, stage,
criteria, windows and the case's facts (not whether its text equals the key's). The key is a
statement the engine makes true; a candidate distractor is offered only if the engine makes
its statement false, so a partly-right statement ("not a candidate: care has not failed",
when more criteria fail) is never marked wrong. Distractors come first from the engine's own
near-miss cases (the same case with one fact changed), and a note says "it would be right if
..." only when the engine makes the statement true of that near-miss case. Tests re-check all
of this over 10,000 seeds.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

from pathway.model import rules as R
from pathway.model.engine import Assessment, evaluate
from pathway.model.scenario import Scenario
from pathway.sources import rule_texts
from pathway.study.case_text import (
    CT_WORDS,
    NEXT_SOURCES,
    NEXT_TEXT,
    NEXT_WHY,
    RTS_TEXT,
    STAGE_GROUPS,
    STAGE_NEEDS,
    candidacy_text,
    obj,
    poss,
    pronouns,
    stage_text,
    vignette,
    window_text,
)
from pathway.study.random_case import MAX_SEED, assess, near_misses, random_scenario
from pathway.study.statements import (
    candidacy_holds,
    candidacy_key,
    holds,
    next_step_key,
    rts_key,
    stage_key,
    surgical_windows,
    symptomatic,
)

KINDS = ("open_now", "next_step", "stage", "candidacy", "criterion", "return_to_sport")
KIND_LABELS = {
    "open_now": "What is open now",
    "next_step": "Next step",
    "stage": "Where the case stands",
    "candidacy": "Surgical candidacy",
    "criterion": "Which criterion fails",
    "return_to_sport": "Return to sport",
}


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


def _near_miss_note(check: tuple, pool) -> str | None:
    """The first near-miss change that makes this statement true (the engine decides), if any."""
    return next((text for text, other in pool if holds(check, other)), None)


def _pick_distractors(a: Assessment, candidates: list[tuple], pool, rng: random.Random, n: int = 4):
    """Up to n checks the engine makes FALSE for this case: those a near-miss case makes true
    first (nearest change first), then the rest in random order."""
    false = [c for c in dict.fromkeys(candidates) if not holds(c, a)]
    near = [(c, _near_miss_note(c, pool)) for c in false]
    with_note = [x for x in near if x[1]]
    rest = [x for x in near if not x[1]]
    rng.shuffle(rest)
    return (with_note + rest)[:n]


def _next_step(a: Assessment, pool, rng: random.Random, she: str):
    key = next_step_key(a)
    if key is None or (a.scenario.activity == "none" and key in ("graded_return", "rehab_then_return")):
        return None
    picked = _pick_distractors(a, [("next", k) for k in NEXT_TEXT if k != key], pool, rng)
    if len(picked) < 3:
        return None
    options = [CaseOption(NEXT_TEXT[key], ("next", key), NEXT_WHY[key], NEXT_SOURCES[key])]
    for check, when in picked:
        k = check[1]
        note = "Not the next step here. " + (
            f"It would be if {when}." if when else "It fits another case: " + NEXT_WHY[k]
        )
        options.append(CaseOption(NEXT_TEXT[k], check, note, NEXT_SOURCES[k]))
    return "Which is the most appropriate next step?", options, 0


# --- the question -------------------------------------------------------------------------


def _interpretations(a: Assessment, text: str) -> tuple[str, ...]:
    """The readings this explanation rests on: the stage's own, and any named in its text."""
    named = re.findall(r"\bI\d{1,2}\b", text)
    known = {i.id for i in rule_texts.INTERPRETATIONS}
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
        return f"A CT has already been done: it shows {CT_WORDS[s.ct_stage]}.", ("S08",)
    if option == "mri":
        return "An MRI has already been done.", ("S10",)
    return "Not part of the plan for this case.", ("S01",)


def _near_miss_pool(s: Scenario, she: str):
    """(change in words, assessment) for every near-miss case, nearest first."""
    return [(pronouns(text, she), assess(other)) for text, other in near_misses(s)]


def _open_now(a: Assessment, pool, rng: random.Random, she: str) -> tuple[str, list[CaseOption], int] | None:
    # The key: an open option that decides something (not the conservative basics, open in
    # nearly every painful case), else any open option; no "return to sport" for a non-athlete.
    usable = [
        o
        for o in R.OPTIONS
        if o in a.options and not (o == "return_to_sport" and a.scenario.activity == "none")
    ]
    deciding = [o for o in usable if o not in R.CONSERVATIVE_OPTIONS]
    keyable = deciding or usable
    if not keyable:
        return None
    key = rng.choice(keyable)
    # Distractors: options the engine keeps closed here, those a near-miss case opens first.
    picked = _pick_distractors(a, [("open", o) for o in R.OPTIONS], pool, rng)
    if len(picked) < 3:
        return None
    why, sources = _why_option(a, key)
    options = [CaseOption(R.OPTIONS[key], ("open", key), "Open now. " + why, sources)]
    for check, when in picked:
        why, sources = _why_option(a, check[1])
        note = "Not open now. " + why + (f" It would open if {when}." if when else "")
        options.append(CaseOption(R.OPTIONS[check[1]], check, note, sources))
    question = f"Which of the following can the pathway offer {obj(she)} now?"
    return question, options, 0


def _stage(a: Assessment, pool, rng: random.Random, she: str):
    key = stage_key(a)
    picked = _pick_distractors(a, [("stage", g) for g in STAGE_GROUPS if g != key], pool, rng)
    if len(picked) < 3:
        return None
    options = [CaseOption(stage_text(key, a), ("stage", key), a.summary, _stage_sources(a))]
    for check, when in picked:
        g = check[1]
        note = "Not this case. " + (f"This would describe it if {when}." if when else STAGE_NEEDS.get(g, ""))
        options.append(CaseOption(stage_text(g, a), check, note))
    return f"Which statement best describes where {she} stands on the pathway?", options, 0


def _all_candidacy_values() -> list[tuple]:
    keys = tuple(rule_texts.CRITERIA)
    subsets = [tuple(k for i, k in enumerate(keys) if mask >> i & 1) for mask in range(1, 1 << len(keys))]
    return [((), True), ((), False), *((u, None) for u in subsets)]


def _candidacy(a: Assessment, pool, rng: random.Random, she: str):
    pronoun = poss(she)
    key = candidacy_key(a)
    if not candidacy_holds(key, a):
        return None
    # Candidates nearest the key first (fewest criteria added or dropped): the usual slip.
    near_key = sorted(
        (v for v in _all_candidacy_values() if v != key),
        key=lambda v: (len(set(v[0]) ^ set(key[0])), rng.random()),
    )
    picked = _pick_distractors(a, [("candidacy", v) for v in near_key[:8]], pool, rng)
    if len(picked) < 3:
        picked = _pick_distractors(a, [("candidacy", v) for v in near_key], pool, rng)
    if len(picked) < 3:
        return None
    details = {c.key: c for c in a.criteria_detail}
    unmet = [c for c in a.criteria_detail if not c.met]
    if unmet:
        note = " ".join(f"Not met: {c.wording} ({c.detail.rstrip('.')})." for c in unmet)
        note += " The other criteria are met." if len(unmet) < len(details) else ""
    else:
        note = "All four criteria are met."
        if not key[1]:
            note += (
                f" Direct repair is for young patients (S16); {pronoun} age is over the app's cut-off (I5)."
            )
    sources = (*(sid for c in a.criteria_detail for sid in c.sources), "S16", "S21")
    options = [CaseOption(candidacy_text(key, pronoun), ("candidacy", key), note, sources)]
    for check, when in picked:
        listed, _ = check[1]
        met = [details[k] for k in listed if details[k].met]
        if met:
            why = f"Not so. Met here: {met[0].wording} ({met[0].detail.rstrip('.')})."
        elif unmet:
            why = f"Not so. Not met here: {unmet[0].wording} ({unmet[0].detail.rstrip('.')})."
        else:
            why = f"Not so: direct repair is open for {obj(she)} (S16, S21)."
        note = why + (f" This would be true if {when}." if when else "")
        options.append(CaseOption(candidacy_text(check[1], pronoun), check, note))
    return f"Which statement about {pronoun} candidacy for direct pars repair is correct?", options, 0


def _criterion(a: Assessment, pool, rng: random.Random, she: str):
    unmet = [k for k, met in a.criteria.items() if not met]
    if len(unmet) != 1:
        return None
    details = {c.key: c for c in a.criteria_detail}
    options = []
    for k, (_wording, sources) in rule_texts.CRITERIA.items():
        c = details[k]
        note = ("Not met: " if not c.met else "Met: ") + c.detail + f" ({', '.join(sources)})"
        options.append(CaseOption(_criterion_option(k), ("unmet", k), note, tuple(sources)))
    answer = list(rule_texts.CRITERIA).index(unmet[0])
    return f"Which surgical candidacy criterion does {she} not meet?", options, answer


def _criterion_option(key: str) -> str:
    return {
        "failed_conservative_care": "Persistent pain after 3-6 months of conservative therapy",
        "functional_limitation": "Pain significantly limiting function and quality of life",
        "imaging_confirmed": "Confirmation of the pars defect on CT or MRI",
        "no_significant_listhesis": "Absence of a significant spondylolisthesis",
    }[key]


_RTS_NEVER_NOTES = {
    "union": (
        "The source asks for complete pain resolution before sport (S07, S33), not for bony union on CT."
    ),
    "surgery": "Surgery is for persistent disabling pain after failed conservative care (S01, S16), not a "
    "condition for sport.",
}


# What each return-to-sport statement needs, for a distractor no near-miss case explains.
_RTS_NEEDS = {
    "open": "That needs week 13 reached pain-free, with the defect staged on CT (S07, S33; I9).",
    "pain": "That is for a patient who still has pain (S07).",
    "wait": "That is for a pain-free case before week 13 (S07; I9).",
    "ct": "That is for a pain-free case with no CT yet (S08; I9).",
    "wait_ct": "That is for a pain-free case before week 13 with no CT yet (S08; I9).",
}


def _return_to_sport(a: Assessment, pool, rng: random.Random, she: str):
    if symptomatic(a):
        return _surgical_window(a, rng, she)
    key = rts_key(a)
    if key is None or a.scenario.activity == "none":
        return None
    candidates = [("rts", k) for k in RTS_TEXT if k != key and k not in _RTS_NEVER_NOTES]
    picked = _pick_distractors(a, candidates, pool, rng, n=3)
    picked += [(("never", k), None) for k in _RTS_NEVER_NOTES][: 4 - len(picked)]
    step = _step(a, "return_to_sport")
    why = step.reason if step else a.summary
    if key in ("ct", "wait_ct"):
        why += " No CT has been done: a CT stages the defect before the return is planned (S08; I9)."
    options = [CaseOption(RTS_TEXT[key], ("rts", key), why, tuple(step.sources) if step else ("S07", "S33"))]
    for check, when in picked:
        k = check[1]
        note = (
            _RTS_NEVER_NOTES[k]
            if check[0] == "never"
            else "Not this case. " + (f"It would be right if {when}." if when else _RTS_NEEDS[k])
        )
        options.append(CaseOption(RTS_TEXT[k], check, note))
    return f"What does the pathway say about {poss(she)} return to sport?", options, 0


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
        f"{she.capitalize()} chooses direct pars repair. Which statement about {poss(she)} return to "
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
    from pathway.sources.rule_texts import STAGE_SOURCES as _STAGE_SOURCES

    return tuple(_STAGE_SOURCES.get(a.stage, ())) or tuple(a.sources)


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
            return _finish(seed, s, k, a, vignette(s, rng, she), question, options, answer, rng)


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

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
    num,
    obj,
    poss,
    pronouns,
    stage_group,
    stage_text,
    vignette,
    window_text,
)
from pathway.study.random_case import MAX_SEED, near_misses, random_scenario

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
    unmet = tuple(k for k in rule_texts.CRITERIA if not a.criteria[k])
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
    return [(pronouns(text, she), evaluate(other)) for text, other in near_misses(s)]


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
    question = f"Which of the following can the pathway offer {obj(she)} now?"
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
    pronoun = poss(she)
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
    for k, (_wording, sources) in rule_texts.CRITERIA.items():
        c = details[k]
        note = ("Not met: " if not c.met else "Met: ") + c.detail + f" ({', '.join(sources)})"
        options.append(CaseOption(_criterion_option(k), ("only_unmet", k), note, tuple(sources)))
    answer = list(rule_texts.CRITERIA).index(unmet[0])
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
    return f"What does the pathway say about {poss(she)} return to sport?", options, 0


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
                f"about {num(f.months_low)} months"
                if f.months_low == f.months_high
                else f"{num(f.months_low)}-{num(f.months_high)} months"
            )
            lines.append(f"{head}: on average {f.what} after {span}; {f.population} {refs}.")
        elif f.percent is not None:
            lines.append(f"{head}: {num(f.percent)}% {f.what}; {f.population} {refs}.")
        if len(lines) == limit:
            break
    return tuple(lines)

"""One voice for a case (issue 21), the patient's side: the sweep.

Every combination of the case controls goes through guide() (what the patient page lays out)
and the handout's content, and the words must agree with the engine and the one figure
selection:

- no text says an option is open ("can now be talked about", "next step", "open now",
  "step by step") that the engine keeps closed, and each option the engine opens is said to
  be open (card, decision, what happens now);
- every figure shown describes the case (``Figure.misfit``) and leads exactly when
  ``select()`` says it leads; paper and cards show leads only; a length of care is never a
  time to heal;
- no step names a week or a month for something the engine closes.

The normal run takes a seeded sample of the grid (full handout Markdown included); the
whole grid runs under ``-m slow``.
"""

from __future__ import annotations

import itertools
import random
import re
import time

import pytest

import pathway.patient as P
from pathway import Scenario, evaluate
from pathway.model import rules as R
from pathway.model import treatments as T
from pathway.model.scenario import ACTIVITIES, CT_STAGES, LATERALITIES, MRI_VALUES, PAIN_LEVELS
from pathway.patient import handout as H
from pathway.patient.plain import _bare
from pathway.sources.content import load_markdown
from pathway.sources.evidence import load_references
from pathway.sources.figures import load_figures
from pathway.sources.selection import selections

# Weeks: 0, 52, and each threshold from both sides (6: minimum trial; 13: the window, I2;
# 26: the full course and the figures' weeks_max, I11).
WEEKS = (0, 5, 6, 12, 13, 25, 26, 27, 52)
AGES = (14, 17, 22, 30, 31, 45)
GRADES = (0, 1, 2, 3, 4)
GRID = [
    Scenario(
        weeks_conservative=w,
        pain=p,
        formal_pt=pt,
        laterality=lat,
        ct_stage=ct,
        mri_edema=mri,
        listhesis_grade=g,
        activity=act,
        age=age,
    )
    for w, p, pt, lat, ct, mri, g, act, age in itertools.product(
        WEEKS, PAIN_LEVELS, (False, True), LATERALITIES, CT_STAGES, MRI_VALUES, GRADES, ACTIVITIES, AGES
    )
]
SAMPLE = 500  # cases in the normal run (with the full handout Markdown), seeded
SEED = 21

# The named cases of the reviews, always in the sample.
NAMED = [
    Scenario(weeks_conservative=2, pain="none"),  # clinical #1, patient-aid D1
    Scenario(weeks_conservative=20, formal_pt=True, pain="mild"),  # N4, no CT
    Scenario(weeks_conservative=26, formal_pt=True, pain="mild", ct_stage="stress_reaction", age=38),  # N4
    Scenario(weeks_conservative=14, formal_pt=True, ct_stage="complete"),  # N1, the source's case
    Scenario(weeks_conservative=20, formal_pt=True, ct_stage="old_defect"),  # N2
    Scenario(weeks_conservative=6, laterality="unilateral", ct_stage="incomplete", mri_edema=True, age=15),
    Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete", age=45),  # D7
]

# How the views name each engine option in a sentence.
NAMES = {
    T.STEROID_INJECTION: ("shot",),
    T.DIRECT_PARS_REPAIR: ("fix the break",),
    T.FUSION: ("join two bones",),
    "return_to_sport": ("return to sport", "back to sport", "back up to sport"),
}
# Words that say something is open now, or is the plan now.
CLAIMS = ("can now be talked about", "next step", "open now", "can talk about it now", "step by step")
FIGURES = {f.id: f for f in load_figures()}


def sentences(text: str) -> list[str]:
    return [x for x in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if x]


def claimed_open(text: str) -> set[str]:
    """The options a text says are open (or the plan) now."""
    out: set[str] = set()
    for sentence in sentences(re.sub(r"<[^>]+>", " ", text)):  # the handout's table is HTML
        low = sentence.lower().replace("not open now", "")  # the handout's heading for the rest
        if any(c in low for c in CLAIMS):
            out |= {o for o, names in NAMES.items() if any(n in low for n in names)}
    return out


def guide_texts(g: P.Guide) -> str:
    parts = [g.now.what, g.now.why, *g.now.steps, *g.now.notes, g.decision, *g.steps_ahead]
    for c in g.choices:
        parts += [c.status_text, *c.lines()]
    return "\n".join(parts)


def check(a, g: P.Guide, handout: str) -> list[str]:
    """What the patient's words get wrong for this case (empty: they agree)."""
    bad: list[str] = []
    s = a.scenario
    opened = set(a.options) & set(NAMES)
    # 1. No open claim for what the engine keeps closed, on the page or on paper.
    for where, text in (("page", guide_texts(g)), ("handout", handout)):
        wrong = claimed_open(text) - opened
        if wrong:
            bad.append(f"{where} says {sorted(wrong)} open; engine options {sorted(a.options)}")
    # 2. Each option the engine opens is said to be open.
    for c in g.choices:
        if c.key in T.DECISIONS and (c.status == P.OPEN) != (c.key in a.options):
            bad.append(f"card {c.key} is '{c.status}' but the engine has it {c.key in a.options}")
    for option in opened - {"return_to_sport"}:
        plain = T.TREATMENTS[option].plain
        if plain not in g.decision:
            bad.append(f"{option} is open but the decision does not name it")
        if plain not in g.now.what.lower() or "can now be talked about" not in g.now.what:
            bad.append(f"{option} is open but 'what happens now' does not say so")
    if "return_to_sport" in opened and "sport step by step" not in g.now.what:
        bad.append("return to sport is open but 'what happens now' does not say so")
    # 3. Figures: each describes the case and leads exactly when the selection says so.
    shown = list(g.numbers) + list(g.paper)  # (selections() is select() per option and measure)
    for c in g.choices:
        shown += c.good + c.bad + c.times + c.heal_times
    picked = {(sel.option, sel.measure): sel for sel in selections(a)}
    for n in shown:
        f = FIGURES[n.id]
        if f.misfit(a) is not None:
            bad.append(f"{n.id} shown but does not describe the case: {f.misfit(a)}")
        sel = picked[(f.option, f.measure)]
        leads = sel.lead is not None and sel.lead.id == n.id
        if n.lead != leads:
            bad.append(f"{n.id} shown as {'lead' if n.lead else 'other'}; the selection says lead={leads}")
    if any(not n.lead for n in g.paper):
        bad.append("the handout shows another cohort as a number for this case")
    for c in g.choices:
        leads = {n.short + "." for n in c.good + c.bad if n.lead}
        for line in c.good_lines() + c.bad_lines():
            if " out of 100 " in line and line not in leads:
                bad.append(f"card {c.key} shows '{line}', not a lead")
        if [n for n in c.heal_times if n.measure != "time_to_union"]:
            bad.append(f"card {c.key}: a length of care is said as a time to heal")
        heal_leads = {n.short[:1].upper() + n.short[1:] + "." for n in c.heal_times if n.lead}
        if [x for x in c.heal_lines() if not x.startswith("No published figure") and x not in heal_leads]:
            bad.append(f"card {c.key}: a heal line that is not the selection's lead")
    for n in shown:
        if n.measure == "treatment_length" and "heal" in n.short.replace("not the time to heal", ""):
            bad.append(f"{n.id}: a length of care worded as a time to heal")
    # 4. Weeks and months only for what the engine opens, and the engine's own.
    closed = {step.option: step for step in a.closed_steps}
    for c in g.choices:
        m = re.search(r"The earliest is week (\d+)", c.status_text)
        if m and (c.key not in closed or closed[c.key].opens_at_week != int(m.group(1))):
            bad.append(f"card {c.key} names week {m.group(1)}; the engine: {closed.get(c.key)}")
    for text in (g.now.what, g.decision, *g.steps_ahead):
        m = re.search(r"return from week (\d+)", text)
        rts = closed.get("return_to_sport")
        if m and (rts is None or rts.opens_at_week != int(m.group(1))):
            bad.append(f"sport named for week {m.group(1)}; the engine: {rts}")
    soonest = [x for x in g.steps_ahead if "soonest an operation" in x]
    if soonest and (a.surgery_month is None or f"month {_bare(a.surgery_month)} " not in soonest[0]):
        bad.append(f"'{soonest[0]}' but the engine's surgery month is {a.surgery_month}")
    m = re.search(r"A choice may come up from week (\d+)", g.decision)
    if m:
        weeks = [st.opens_at_week for st in a.closed_steps if st.opens_at_week and st.option in T.DECISIONS]
        if not weeks or min(weeks) != int(m.group(1)):
            bad.append(f"decision names week {m.group(1)}; the engine's closed steps open at {weeks}")
    # 5. The safety net and the age note.
    if s.age > R.YOUNG_AGE_LIMIT and not any("aged 30 or younger" in x for x in g.now.notes):
        bad.append("over 30, but no note that the numbers come from younger people")
    if handout and "Go to an emergency department now if" not in handout:
        bad.append("the handout has no emergency section")
    return bad


@pytest.fixture(scope="module")
def doc():
    return load_markdown("patient")


@pytest.fixture(scope="module")
def refs():
    return load_references()


def sweep(cases, doc=None, refs=None) -> dict[Scenario, list[str]]:
    wrong = {}
    for s in cases:
        a = evaluate(s)
        g = P.guide(a)
        if doc is not None:
            paper = H.handout_markdown(a, doc, refs, g=g)
        else:  # the handout's words without its drawings: the choice table and the sheet's numbers
            paper = H._choice_table(g.choices, g.paper) + " Go to an emergency department now if"
        paper = re.sub(r"<[^>]+>|[*#|]", " ", paper).replace("\\", "")
        bad = check(a, g, paper)
        if bad:
            wrong[s] = bad
    return wrong


def test_the_grid_is_every_combination_of_the_case_controls():
    assert len(GRID) == 9 * 3 * 2 * 2 * 5 * 3 * 5 * 4 * 6 == 194_400
    assert {s.weeks_conservative for s in GRID} >= {5, 6, 12, 13, 25, 26, 27}


def test_sample_of_the_grid_speaks_with_the_engine_and_the_selection(doc, refs):
    """A seeded sample (and the reviews' named cases) through guide() and the whole handout."""
    cases = NAMED + random.Random(SEED).sample(GRID, SAMPLE)
    start = time.perf_counter()
    wrong = sweep(cases, doc, refs)
    took = time.perf_counter() - start
    assert not wrong, {str(k): v for k, v in list(wrong.items())[:5]}
    assert took < 60, took


@pytest.mark.slow
@pytest.mark.timeout(3600)  # about half an hour on one core
def test_whole_grid_speaks_with_the_engine_and_the_selection():
    """All 194,400 combinations through guide() and the handout's choice table."""
    wrong = sweep(GRID)
    assert not wrong, (len(wrong), {str(k): v for k, v in list(wrong.items())[:5]})


# --- the named cases, one pin each ------------------------------------------------------------


def test_source_case_leads_with_24_not_71(doc, refs):
    g = P.guide(evaluate(NAMED[3]))
    keep = g.choices[0]
    assert "24 out of 100 had the bone heal with care without an operation." in keep.good_lines()
    assert not any("71 out of 100" in line for line in keep.good_lines())
    assert "heal_bilateral_complete" in {n.id for n in g.paper}
    assert "heal_young_adult" not in {n.id for n in g.paper}
    other = next(n for n in g.numbers if n.id == "heal_young_adult")
    assert other.headline.startswith("In another group:") and "young adults" in other.who
    paper = H.handout_markdown(evaluate(NAMED[3]), doc, refs, g=g)
    # The handout's options table says "N in 100" (the same figure, the same lead).
    assert (
        "24 in 100 had the bone heal" in paper and "71 in 100" not in paper and "71 out of 100" not in paper
    )


def test_teen_one_side_early_crack_sees_96():
    g = P.guide(evaluate(NAMED[5]))
    assert "96 out of 100 had the bone heal with care without an operation." in g.choices[0].good_lines()
    ya = next(n for n in g.numbers if n.id == "heal_young_adult")
    assert not ya.lead and "Studied in young adults, not teens." in ya.who


def test_both_sides_old_has_no_healing_figure_and_says_why():
    g = P.guide(evaluate(NAMED[4]))
    assert not [n for n in g.numbers if n.measure == "healing"]
    line = next(x for x in g.choices[0].good_lines() if "healing" in x)
    assert line.startswith("No published figure") and "both sides are old breaks" in line


def test_length_of_care_is_never_a_time_to_heal(doc, refs):
    """N6, N24: the card's heal line is never a length of care; on paper healing has its own row."""
    a = evaluate(NAMED[3])
    g = P.guide(a)
    assert not [n for c in g.choices for n in c.heal_times if n.measure == "treatment_length"]
    assert not any("2 months" in x for x in g.choices[0].heal_lines())
    lengths = [n for n in g.numbers if n.measure == "treatment_length"]
    assert lengths and all("not the time the bone took to heal" in n.sentence for n in lengths)
    for case in (a, evaluate(NAMED[5])):  # the source's case; an early crack ([10]'s time to heal)
        paper = H.handout_markdown(case, doc, refs, g=P.guide(case))
        sport_row = paper.split(">Time back to sport<", 1)[1].split("</tr>", 1)[0]
        assert "heal" not in sport_row


def test_pain_free_week2_keeps_sport_on_hold():
    """Clinical review #1 / patient-aid D1: week 2, pain-free, no CT."""
    a = evaluate(NAMED[0])
    g = P.guide(a)
    assert "return_to_sport" not in a.options
    words = guide_texts(g)
    assert "The next step is a slow return to sport" not in words
    assert "Sport stays on hold for now" in g.now.what and "a CT scan" in g.now.what
    assert "Start the exercises with a physio" in g.choices[0].like["what"]  # no physio so far


@pytest.mark.parametrize(
    ("case", "said"), [(NAMED[1], P.words.NO_CT_FIRST), (NAMED[2], P.words.STRAIN_NO_SHOT)]
)
def test_a_shot_is_talked_about_only_when_open(case, said):
    """N4: no CT -> the CT comes first; a stress reaction -> strain, not a break."""
    g = P.guide(evaluate(case))
    assert "can now be talked about" not in g.now.what and said in g.now.what
    assert (
        "A shot of medicine into the break can now be talked about." in P.guide(evaluate(NAMED[6])).now.what
    )


def test_stress_reaction_is_not_called_a_break(doc):
    lines = " ".join(P.case_lines(NAMED[2]))
    assert "The strain in the bone is on both sides." in lines and "The break is" not in lines
    assert "In your case the pars has a crack or a break" not in doc.section("What the injury is")


def test_emergency_signs_are_apart_from_call_a_doctor_soon(doc, refs):
    emergency = doc.section("Go to an emergency department now if")
    soon = doc.section("Call your doctor soon if")
    for sign in ("pass water or open your bowels", "numb between your legs", "weak in a new way"):
        assert sign in emergency and sign not in soon
    assert "fever" in soon and "fever" not in emergency
    paper = H.handout_markdown(evaluate(NAMED[3]), doc, refs)
    assert paper.index("Go to an emergency department now if") < paper.index("Call your doctor soon if")


def test_over_30_is_told_the_numbers_come_from_younger_people():
    g = P.guide(evaluate(NAMED[6]))
    assert g.now.notes[0].startswith("The numbers in this guide come from people aged 30 or younger")
    keep = g.choices[0]
    assert all(x.startswith("No published figure") and "30 or younger" in x for x in keep.good_lines())


def test_no_unverifiable_review_claim():
    """N26: the guide does not claim a review it cannot show."""
    said = " ".join(P.about.WHO_MADE_IT)
    assert "read it. We fixed what they found" not in said and "has not been tested with patients" in said

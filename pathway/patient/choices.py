"""The decision and the choices side by side: what is open, what each choice is like, its
numbers. What is open comes from the Assessment (options, closed_steps, criteria); each
choice is a treatment id (pathway.model.treatments), and its titles are that table's. Its
numbers come from the one figure selection (pathway.sources.selection): the card says each
question's lead, or the selection's reason there is none; other cohorts are never the card's."""

from __future__ import annotations

from dataclasses import dataclass, field

from pathway.model import treatments as T
from pathway.model.engine import Assessment
from pathway.patient.numbers import Gap, Number, from_selections, gaps, key_numbers
from pathway.sources.figures import NO_FIGURE
from pathway.sources.selection import Selection, selections

# ---------------------------------------------------------------------------------------
# The decision


def _open(a: Assessment, option: str) -> bool:
    return option in a.options


def surgery_option(a: Assessment) -> str:
    """'fusion' when the bone has slipped (Meyerding II+), else 'direct_pars_repair'."""
    fusion = T.FUSION in a.options or not a.criteria.get("no_significant_listhesis", True)
    return T.FUSION if fusion else T.DIRECT_PARS_REPAIR


def decision(a: Assessment) -> str:
    """One sentence naming the choice and when it needs to be made, or that there is none yet."""
    surgery = surgery_option(a)
    open_now = [k for k in (T.STEROID_INJECTION, surgery) if _open(a, k)]
    if not open_now:
        if a.scenario.pain == "none":
            no_decision = "There is no decision to make about a shot or an operation: you have no pain."
            return f"{no_decision} {sport_words(a)}"
        week = _first_week(a)
        when = f" A choice may come up from week {week} if the pain is still there." if week else ""
        return "There is no decision to make yet. For now, the plan is to keep going with care." + when
    listed = [T.TREATMENTS[k].plain for k in (T.CONSERVATIVE_CARE, *open_now)]
    names = ", ".join(listed[:-1]) + " or " + listed[-1] if len(listed) > 2 else " or ".join(listed)
    return (
        f"The choice in front of you now is between these: {names}. You do not have to decide today. "
        "Care goes on while you think it over. Talk it through at your next visit."
    )


def sport_words(a: Assessment, exercises: bool = True) -> str:
    """Going back to sport, as the Assessment has it: open now (a step-by-step return), or on
    hold with what comes first (a CT scan, the exercises) and the closed step's week (I9;
    clinical review #1). ``exercises=False`` leaves the exercises out (said just before)."""
    if "return_to_sport" in a.options:
        return "The next step is a slow return to sport with your physio."
    step = _closed(a, "return_to_sport")
    week = step.opens_at_week if step else None
    first = ["a CT scan"] if "ct_scan" in a.options else []
    if exercises:
        first.append("the exercises" if a.scenario.formal_pt else "exercises with a physio")
    words = "Sport stays on hold for now."
    if first:
        words += f" First {'come' if len(first) > 1 else 'comes'} " + " and ".join(first) + "."
    if week:
        words += f" The plan looks at a step-by-step return from week {week} at the earliest."
    return words


def _first_week(a: Assessment) -> int | None:
    weeks = [s.opens_at_week for s in a.closed_steps if s.opens_at_week and s.option in T.DECISIONS]
    return min(weeks) if weeks else None


# ---------------------------------------------------------------------------------------
# The choices, side by side

OPEN, NOT_YET, NOT_NEEDED, NOT_OPEN, ALWAYS = (
    "open now",
    "not yet",
    "not needed",
    "not offered",
    "always open",
)

CRITERION_WORDS = {
    "failed_conservative_care": "about 3 months of care, with a physio, and pain still there",
    "functional_limitation": "pain that stops you doing everyday things",
    "imaging_confirmed": "a CT scan that shows a real break",
}

# What each option is like, from the source (S03-S06, S13-S20, S25, S33) and the figures
# file. Where the figures file has no number the text says so; nothing is made up.
LIKE: dict[str, dict[str, str]] = {
    T.CONSERVATIVE_CARE: {
        "what": "Rest from moves that hurt, exercises with a physio, and pain pills if you need them. "
        "The plan says to think about a stiff brace, but studies do not agree it helps.",
        "how long": "The plan says this care often takes 3 to 6 months.",
        "daily life": "No published figure for time off study or work, or for driving. If you wear a brace, "
        "in one study people wore it all day for at least 2 months [25].",
    },
    T.STEROID_INJECTION: {
        "what": "A doctor puts a needle into the break, with a scan to guide it, and gives a steroid "
        "and a numbing medicine.",
        "how long": "One visit. It may need to be done again later. No published figure for how long a "
        "visit takes.",
        "daily life": "No published figure for time off study or work, for driving, or for a brace. Ask "
        "your doctor.",
    },
    T.DIRECT_PARS_REPAIR: {
        "what": "In an operation, the surgeon puts screws across the break so the bone can join. Small "
        "cuts may be used, which harm the muscle less and may mean a shorter stay in hospital.",
        "how long": "A stay in hospital, then months of getting better before sport. No published figure "
        "for the stay.",
        "daily life": "No published figure for time off study or work, for driving, or for a brace. Ask "
        "your surgeon.",
    },
    T.FUSION: {
        "what": "In an operation, the surgeon joins the slipped bone to the bone below, so they grow into "
        "one bone. That part of the back then no longer bends.",
        "how long": "A stay in hospital, then months of getting better. No published figure for the stay.",
        "daily life": "No published figure for time off study or work, for driving, or for a brace. Ask "
        "your surgeon.",
    },
}
DOING_NOTHING = (
    "Doing nothing at all: if you stop care, no study in our list says what happens. The plan says the "
    "outlook with care is good, above all in young people. Some breaks never join, and many people "
    "with one still go back to sport [22]."
)

OTHER_RISKS = {
    T.CONSERVATIVE_CARE: "Months of rest from sport. Pain pills can upset the stomach. A brace can be hot "
    "and hard to wear.",
    T.STEROID_INJECTION: "The pain can flare for a few days. Rarely, infection. The relief may wear off, "
    "and the shot may need to be done again.",
    T.DIRECT_PARS_REPAIR: "Like any operation: infection, harm to a nerve, and the risks of being put to "
    "sleep. Screws can break "
    "or the bone may not join, and then more surgery may be needed.",
    T.FUSION: "Like any operation: infection, harm to a nerve, and the risks of being put to sleep. That "
    "part of "
    "the back no longer bends. More surgery is sometimes needed.",
}


@dataclass(frozen=True)
class Choice:
    key: str  # a treatment id: conservative_care | steroid_injection | direct_pars_repair | fusion
    title: str
    status: str
    status_text: str
    like: dict[str, str]
    good: list[Number] = field(default_factory=list)
    bad: list[Number] = field(default_factory=list)
    times: list[Number] = field(default_factory=list)  # time back to sport
    heal_times: list[Number] = field(default_factory=list)  # time until the bone heals (a lead only)
    gaps: list[Gap] = field(default_factory=list)  # questions with no lead, and why (plainly)
    sport_note: str = ""
    risks: str = ""
    note: str = ""

    @property
    def card_key(self) -> str:
        """The page's container key: one card for whichever operation applies."""
        return T.TREATMENTS[self.key].card

    def _gap_lines(self, *measures: str) -> list[str]:
        return [g.text for g in self.gaps if g.measure in measures]

    def good_lines(self) -> list[str]:
        """Short lines for the card: each question's lead (for this stage, side and age), or why
        there is none; other cohorts stay with the full sentences below."""
        lines = [n.short + "." for n in key_numbers(self.good)]
        lines += [g.text for g in self.gaps if g.kind == "benefit"]
        return lines or [f"{NO_FIGURE} for good results in a case like yours."]

    def bad_lines(self) -> list[str]:
        lines = [n.short + "." for n in key_numbers(self.bad)]
        lines += [g.text for g in self.gaps if g.kind == "harm"]
        return lines or [f"{NO_FIGURE} for problems in a case like yours."]

    def time_lines(self) -> list[str]:
        lines = [n.short[:1].upper() + n.short[1:] + "." for n in key_numbers(self.times)]
        if not lines and self.key in (T.CONSERVATIVE_CARE, T.DIRECT_PARS_REPAIR):
            lines = self._gap_lines("return_to_sport_time") or [
                f"{NO_FIGURE} for the time back to sport in a case like yours."
            ]
        return lines + ([self.sport_note] if self.sport_note else [])

    def heal_lines(self) -> list[str]:
        """The time until the bone heals: a lead only, never a length of treatment (N6)."""
        lines = [n.short[:1].upper() + n.short[1:] + "." for n in key_numbers(self.heal_times)]
        return lines or self._gap_lines("time_to_union")

    def lines(self) -> list[str]:
        """Everything the card says, in reading order (page and handout)."""
        like = [f"{k.capitalize()}: {v}" for k, v in self.like.items() if v]
        return [
            f"Is it open? {self.status_text}",
            *like,
            *([self.note] if self.note else []),
            "Good points: " + " ".join(self.good_lines()),
            "Downsides: " + " ".join(self.bad_lines()) + (f" {self.risks}" if self.risks else ""),
            *(["Back to sport: " + " ".join(self.time_lines())] if self.time_lines() else []),
            *(["How long to heal: " + " ".join(self.heal_lines())] if self.heal_lines() else []),
        ]


def _closed(a: Assessment, option: str):
    return next((step for step in a.closed_steps if step.option == option), None)


def _status(a: Assessment, key: str) -> tuple[str, str]:
    if key == T.CONSERVATIVE_CARE:
        return ALWAYS, "Yes. This choice is always there. It means doing nothing new."
    if key in a.options:
        return OPEN, "Yes, you and your doctor can talk about it now."
    if a.scenario.pain == "none":
        return NOT_NEEDED, "Not needed: you have no pain."
    step = _closed(a, key)
    if key == T.DIRECT_PARS_REPAIR and not a.repair_indicated:
        return NOT_OPEN, (
            "Not offered: the plan keeps this operation for young people, and this guide counts up "
            "to age 30 as young. Ask your doctor what else could help."
        )
    missing = [CRITERION_WORDS[k] for k, met in a.criteria.items() if not met and k in CRITERION_WORDS]
    if a.scenario.ct_stage == "stress_reaction":
        missing = [
            m + " (yours shows strain, not a break)" if m == CRITERION_WORDS["imaging_confirmed"] else m
            for m in missing
        ]
    if key == T.STEROID_INJECTION:
        missing = [m for m in missing if "everyday" not in m]
    text = "Not yet. It needs: " + "; ".join(missing) + "." if missing else "Not yet."
    if step and step.opens_at_week:
        text += f" The earliest is week {step.opens_at_week}, about 3 months."
    return NOT_YET, text


def choices(a: Assessment, sels: tuple[Selection, ...] | None = None) -> tuple[Choice, ...]:
    """Keep going, the injection and the one operation that fits this case, each with its numbers
    (from ``sels``, the case's selections, when the caller has them)."""
    sels = selections(a) if sels is None else sels
    out = []
    for key in (T.CONSERVATIVE_CARE, T.STEROID_INJECTION, surgery_option(a)):
        status, status_text = _status(a, key)
        mine = tuple(sel for sel in sels if sel.option == key)
        figs = from_selections(a, mine)
        sport_note = ""
        if key == T.DIRECT_PARS_REPAIR and status != NOT_OPEN:
            sport_note = "The plan says 3 to 5 months after the operation. Studies found it takes longer."
        if key == T.FUSION:
            sport_note = (
                "The plan gives no time for a fusion. The published times are for the repair "
                "operation, so we do not show them here."
            )
        like = dict(LIKE[key])
        if key == T.CONSERVATIVE_CARE and a.scenario.pain == "none":
            exercises = (
                "Keep up the exercises with your physio"
                if a.scenario.formal_pt
                else "Start the exercises with a physio"
            )
            if "return_to_sport" in a.options:
                like["what"] = (
                    f"{exercises}, and build back up to sport step by step. "
                    "If the pain comes back, step back and tell your physio."
                )
            else:
                like["what"] = f"{exercises}. {sport_words(a, exercises=False)}"
        out.append(
            Choice(
                key,
                T.TREATMENTS[key].patient,
                status,
                status_text,
                like,
                good=[n for n in figs if n.kind == "benefit"],
                bad=[n for n in figs if n.kind == "harm"],
                times=[n for n in figs if n.measure == "return_to_sport_time"],
                heal_times=[n for n in figs if n.measure == "time_to_union"],
                gaps=gaps(a, mine),
                sport_note=sport_note,
                risks=OTHER_RISKS[key],
                note=DOING_NOTHING if key == T.CONSERVATIVE_CARE else "",
            )
        )
    return tuple(out)

"""Published figures said for a patient, from the one figure selection
(``pathway.sources.selection``): only figures that describe this case, each question's lead
(the figure for this stage, side and age) marked as such and other cohorts labelled as other
cohorts, in plain words, with its complement, who was studied and how sure it is. Where no
figure leads, :func:`gaps` says so, with the selection's reason in plain words."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from pathway.model.engine import Assessment
from pathway.model.scenario import Scenario
from pathway.patient.plain import _bare, _short, number_words, plain
from pathway.sources.figures import MEASURES, NO_FIGURE, Figure
from pathway.sources.selection import LEAD, OTHER, Selection, Shown, selections

# ---------------------------------------------------------------------------------------
# Numbers, through the applicability model


@dataclass(frozen=True)
class Number:
    """One published figure, said for a patient: headline, sentence, complement, who, how sure."""

    id: str
    option: str
    kind: str  # benefit | harm | time
    n: int | None  # out of 100 (None for a time figure)
    headline: str  # "24 out of 100"
    sentence: str
    other: str  # the complement in words ("" for a time figure)
    who: str
    sure: str
    refs: tuple[int, ...]
    measure: str = ""
    young_adult: bool = False
    population: str = ""
    short: str = ""  # "88 out of 100 went back to their own sport" (no time frame)
    role: str = LEAD  # the selection's role: LEAD (for this case) or OTHER (another cohort)
    label: str = ""  # for another cohort: whom it describes instead, in plain words

    @property
    def lead(self) -> bool:
        return self.role == LEAD

    @property
    def cite(self) -> str:
        return " ".join(f"[{r}]" for r in self.refs)

    @property
    def alt(self) -> str:
        """The icon array's text alternative: the numbers in words."""
        if self.n is None:
            return self.sentence
        return (
            f"Picture of 100 people. {number_words(self.n).capitalize()} of them are dark: {self.sentence} "
            f"{number_words(100 - self.n).capitalize()} are pale: {self.other}"
        )

    def lines(self) -> list[str]:
        return [x for x in (self.sentence, self.other, self.who, self.sure) if x]


def _who(f: Figure, caveats: tuple[str, ...]) -> str:
    bits = ["Who was in the study:", _short(f.population)]
    differs = [plain(c) for c in caveats if c not in ("[2nd-hand]", "a small group")]
    bits += ["Not like you:", " ".join(d[:1].upper() + d[1:] + "." for d in differs)] if differs else []
    if f.young_adult:
        bits.append("This study was of young adults.")
    if f.second_hand:
        bits.append("We read this number in another paper. We did not see the study itself [2nd-hand].")
    return " ".join(bits) + f" {' '.join(f'[{r}]' for r in f.refs)}"


def _sure(f) -> str:
    quality = f.quality.replace("[2nd-hand]: ", "").replace("[2nd-hand]", "").strip()
    text = ("How good the study is: " + _short(quality)) if quality else ""
    if f.ci_low is not None and f.ci_high is not None:
        text = f"The true number is likely between {f.ci_low:g} and {f.ci_high:g} out of 100. " + text
    if f.small_group and "small group" not in text:
        text += " It was a small group, so the true number may be quite different."
    return text.strip()


def number(f: Figure, scenario: Scenario, shown: Shown | None = None) -> Number:
    """A pathway.sources.figures.Figure said in plain words, time frame and complement included;
    ``shown`` (the selection's pathway.sources.selection.Shown) gives its role: another cohort
    carries a label saying whom it describes instead, before who was studied."""
    made = _number(f, scenario)
    if shown is None or shown.role == LEAD:
        return made
    label = other_label(shown)
    headline = f"In another group: {made.headline}"
    return replace(made, role=OTHER, label=label, headline=headline, who=f"{label} {made.who}")


def _number(f: Figure, scenario: Scenario) -> Number:
    # The words depend on the case only through the caveats: cached, as every view and the
    # sweep (tests/test_voice_patient.py) say the same few figures over and over.
    return _said(f, f.caveats(scenario))


@lru_cache(maxsize=4096)
def _said(f: Figure, caveats: tuple[str, ...]) -> Number:
    who, sure = _who(f, caveats), _sure(f)
    when = "When: " + _short(f.time_frame)
    if f.kind == "time":
        lo, hi = f.months_low, f.months_high
        assert lo is not None and hi is not None  # the figures file checks a time has both
        span = f"about {_bare(lo)}" if lo == hi else f"about {_bare(lo)} to {_bare(hi)}"
        sentence = f"Time until people {plain(f.what)}: {span} months. Counted: {_short(f.time_frame)}"
        if f.measure == "treatment_length":  # how long care lasted, healed or not (N6)
            sentence = (
                f"How long care lasted: {span} months. This is not the time the bone took to heal. "
                f"Counted: {_short(f.time_frame)}"
            )
        short = f"{span} months until people {plain(f.what)}"
        if f.measure == "treatment_length":
            short = f"care lasted {span} months (not the time to heal)"
        return Number(
            f.id, f.option, f.kind, None, f"{span} months", sentence, "", who, sure, tuple(f.refs),
            f.measure, f.young_adult, _short(f.population), short,
        )  # fmt: skip
    n = f.n_of_100
    assert n is not None  # the figures file checks a benefit or harm has n_of_100
    sentence = f"{n} out of 100 {_short(f.what)[:1].lower()}{_short(f.what)[1:]} {when}"
    other = f"{100 - n} out of 100 {plain(f.what_not)}." if f.what_not else ""
    what = _short(f.what).split(". ")[0].rstrip(".")
    short = f"{n} out of 100 {what[:1].lower()}{what[1:]}"
    if n == 0:
        short += " (a small study can miss a rare harm)"
    return Number(
        f.id, f.option, f.kind, n, f"{n} out of 100", sentence, other, who, sure, tuple(f.refs),
        f.measure, f.young_adult, _short(f.population),
        short,
    )  # fmt: skip


def key_numbers(found: list[Number]) -> list[Number]:
    """The leads among these numbers: at most one per option and measure, the figure the one
    selection picked for this case's stage, side and age. Other cohorts are never promoted."""
    return [n for n in found if n.lead]


def numbers(a: Assessment, option: str | None = None, kind: str | None = None) -> list[Number]:
    """Every figure the selection shows for this case (optionally one option, one kind): each
    question's lead, then its other cohorts, labelled; in plain words."""
    return from_selections(a, selections(a, option=option, kind=kind))


def from_selections(a: Assessment, sels: tuple[Selection, ...]) -> list[Number]:
    return [number(x.figure, a.scenario, x) for sel in sels for x in sel.shown]


# ---------------------------------------------------------------------------------------
# Another cohort, and no figure: in plain words

# The selection's "what it matches" (Shown.match), said for a patient.
_MATCH_WORDS = {
    "this stage and side": "people with your stage of break, on your side",
    "this stage, sides together": "people with your stage of break, on one side or both, counted together",
    "stages pooled, one side": "people with breaks at different stages, counted together",
    "stages pooled, both sides": "people with breaks at different stages, counted together",
    "stages pooled, sides together": "people with breaks at different stages, on one side or both",
    "all stages, one side": "people with breaks at any stage",
    "all stages, both sides": "people with breaks at any stage",
    "all stages, sides together": "people with breaks at any stage, on one side or both",
}
_AGE_WORDS = {
    "adolescent": "teens",
    "young_adult": "young adults",
    "adult": "adults",
    "not_reported": "people whose ages were not given",
}
# Stage words of the figures file's stage mix, said plainly.
_STAGE_PLAIN = (
    (" (pre-lysis)", ""),
    ("pre-lysis", "very early"),
    ("progressive", "further on"),
    ("terminal", "old"),
    ("fresh", "new"),
)


def other_label(shown: Shown) -> str:
    """'Another group, not just like you: young adults, with breaks at different stages ...'."""
    return _other_label(shown.figure, shown.match)


@lru_cache(maxsize=1024)
def _other_label(f: Figure, match: str) -> str:
    who = _AGE_WORDS.get(f.age_group, "other people")
    bits = [f"Another group, not just like you: {who}, {_MATCH_WORDS.get(match, 'counted together')}."]
    if f.stage_mix:
        mix = f.stage_mix
        for old, new in _STAGE_PLAIN:
            mix = mix.replace(old, new)
        bits.append(_short(mix))
    return " ".join(bits)


@dataclass(frozen=True)
class Gap:
    """A question of one choice with no number that leads for this case, and why, plainly."""

    option: str
    measure: str
    kind: str
    text: str  # "No published figure for ...: why." in plain words
    others: int  # how many other cohorts the page shows instead


# What each measure is, for a patient ("No published figure for {what}").
MEASURE_WORDS = {
    "return_to_sport": "going back to sport",
    "healing": "the bone healing without an operation",
    "union": "the bone joining after the operation",
    "complication": "problems after it",
    "pain_relief": "pain relief",
    "result": "the result of the operation",
    "return_to_sport_time": "the time back to sport",
    "time_to_union": "the time until the bone heals",
    "treatment_length": "how long care lasts",
}

# The selection's reason (Selection.reason), said plainly: the first phrase found wins.
_REASON_WORDS = (
    ("high-grade", "a large slip (grade 3 or 4) is outside this guide, and no study here has it"),
    (
        "pool several stages",
        "the studies counted breaks at different stages together. "
        "The page shows them as other groups, not as your number",
    ),
    (
        "both sides are old",
        "both sides are old breaks, and no study has this for that. An old break "
        "with hard edges seldom joins without an operation",
    ),
    ("one-sided old", "no study here has this for an old break on one side"),
    ("no CT has been done", "a CT scan comes first. The numbers depend on the stage of the break it shows"),
    ("were young", "the people studied were 30 or younger, so the numbers may not fit you"),
    ("were adults", "the people studied were adults, not teens"),
    ("had no slip", "the people studied had no slip"),
    ("had no large slip", "the people studied had no large slip"),
    ("describes the first", "the studies looked at the first 6 months of care, and you are past that"),
    ("stress reaction", "your scan shows strain, not a break, so this is not used"),
    ("pain-free", "you have no pain, so this is not needed"),
    ("repair is not", "this operation is not offered to you"),
    ("fusion is only", "this operation is only for a large slip"),
    ("none was published", "no study in our list gives it"),
    ("this stage on", "no study here has it for your stage of break"),
)


def plain_reason(sel: Selection) -> str:
    """Why no figure leads for this question, in plain words."""
    what = MEASURE_WORDS.get(sel.measure, MEASURES[sel.measure][1])
    reason = sel.reason or ""
    why = next((words for key, words in _REASON_WORDS if key in reason), "")
    return f"{NO_FIGURE} for {what} in a case like yours" + (f": {why}." if why else ".")


def gaps(a: Assessment, sels: tuple[Selection, ...] | None = None, option: str | None = None) -> list[Gap]:
    """The questions with no lead for this case (the selection's reason in plain words)."""
    sels = selections(a, option=option) if sels is None else sels
    return [
        Gap(sel.option, sel.measure, sel.kind, plain_reason(sel), len(sel.others))
        for sel in sels
        if sel.lead is None and (option is None or sel.option == option)
    ]

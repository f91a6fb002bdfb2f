"""Published figures said for a patient: each one through the applicability model
(``pathway.sources.figures.figures_for``: only figures that describe this case), in plain
words, with its complement, who was studied and how sure it is."""

from __future__ import annotations

from dataclasses import dataclass

from pathway.model.engine import Assessment
from pathway.model.scenario import Scenario
from pathway.patient.plain import _bare, _short, number_words, plain
from pathway.sources import figures as F

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


def _who(f, scenario: Scenario) -> str:
    bits = ["Who was in the study:", _short(f.population)]
    differs = [plain(c) for c in f.caveats(scenario) if c not in ("[2nd-hand]", "a small group")]
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


def number(f, scenario: Scenario) -> Number:
    """A pathway.sources.figures.Figure said in plain words, time frame and complement included."""
    who, sure = _who(f, scenario), _sure(f)
    when = "When: " + _short(f.time_frame)
    if f.kind == "time":
        lo, hi = f.months_low, f.months_high
        span = f"about {_bare(lo)}" if lo == hi else f"about {_bare(lo)} to {_bare(hi)}"
        sentence = f"Time until people {plain(f.what)}: {span} months. Counted: {_short(f.time_frame)}"
        return Number(
            f.id, f.option, f.kind, None, f"{span} months", sentence, "", who, sure, tuple(f.refs),
            f.measure, f.young_adult, _short(f.population), f"{span} months until people {plain(f.what)}",
        )  # fmt: skip
    n = f.n_of_100
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
    """One number per option, measure and kind, for paper: the young-adult figure where there is
    one (closest to the source's 22-year-old), else the first in the figures file."""
    picked: dict[tuple[str, str, str], Number] = {}
    for n in found:
        key = (n.option, n.measure, n.kind)
        if key not in picked or (n.young_adult and not picked[key].young_adult):
            picked[key] = n
    return [n for n in found if n in picked.values()]


def numbers(a: Assessment, option: str | None = None, kind: str | None = None) -> list[Number]:
    """Every figure that describes this case (optionally one option, one kind), in plain words."""
    out = [number(f, a.scenario) for f in F.figures_for(a, option=option)]
    return [x for x in out if kind is None or x.kind == kind]

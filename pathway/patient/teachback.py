"""A short check of understanding, made from her case (guide()), with the right answer explained.

Three or four questions: whether there is a choice to make today, one good result and one harm
of a choice open to her (both numbers from guide()'s figures, the wrong answer being the same
figure's complement), and what to do about an emergency sign. The page asks them; the handout
and the note for the record print them as teach-back prompts ("tell me in your own words").
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.patient.choices import ALWAYS, OPEN
from pathway.patient.grid import sample_size, upper_bound
from pathway.patient.guide import Guide
from pathway.patient.numbers import Number, key_numbers

EMERGENCY_SIGN = "You lose control of your bladder or bowels, or go numb between your legs"
EMERGENCY_RIGHT = "Get help right away: call an ambulance or go to an emergency department"
EMERGENCY_WRONG = "Wait and tell my doctor at my next visit"


@dataclass(frozen=True)
class Question:
    key: str
    ask: str  # the question on the page
    prompt: str  # the teach-back prompt for the visit ("tell me in your own words ...")
    options: tuple[str, ...]
    answer: str  # one of options
    why: str  # the right answer, explained


def _count(n: Number) -> tuple[tuple[str, ...], str]:
    def say(k: int) -> str:
        return "None of them" if k == 0 else "All of them" if k == 100 else f"About {k} in 100"

    right, wrong = say(n.n or 0), say(100 - (n.n or 0))
    low_first = (right, wrong) if (n.n or 0) <= 50 else (wrong, right)
    return tuple(dict.fromkeys(low_first)), right


def _what(n: Number) -> str:
    """'went back to their own sport after care with a brace' from the short line."""
    text = n.short.replace(" (a small study can miss a rare harm)", "")
    return text.split(" out of 100 ", 1)[-1]


def _when(n: Number) -> str:
    return ("When: " + n.sentence.split("When: ", 1)[1]) if "When: " in n.sentence else ""


def questions(g: Guide) -> tuple[Question, ...]:
    out: list[Question] = []
    open_now = [c for c in g.choices if c.status in (OPEN, ALWAYS)]
    more = [c for c in open_now if c.status == OPEN]
    if more:
        out.append(
            Question(
                "decide_today",
                "Do you have to decide today?",
                "Tell me in your own words: do you have to choose today?",
                ("Yes", "No"),
                "No",
                "No. Care goes on while you think it over. You can talk it through at your next visit.",
            )
        )
    else:
        out.append(
            Question(
                "choice_now",
                "Is there a choice about a shot or an operation to make now?",
                "Tell me in your own words: is there a choice to make now?",
                ("Yes", "No"),
                "No",
                "No. " + g.decision,
            )
        )
    # One good result: from the first choice beyond keeping going that is open, else keeping going.
    order = more + [c for c in open_now if c.status == ALWAYS]
    good = next(
        (key_numbers([n for n in c.good if n.n])[0] for c in order if [n for n in c.good if n.n]), None
    )
    if good is not None:
        title = next(c.title for c in open_now if c.key == good.option)
        options, right = _count(good)
        out.append(
            Question(
                "good_result",
                f"{title}: in the study, about how many in 100 {_what(good)}?",
                f"Tell me in your own words what the study found for '{title}'.",
                options,
                right,
                f"{right}. {_when(good)} {good.cite}".strip(),
            )
        )
    harm = next((n for c in order for n in key_numbers([n for n in c.bad if n.n is not None])), None)
    if harm is not None:
        title = next(c.title for c in open_now if c.key == harm.option)
        options, right = _count(harm)
        why = f"{right}. {_when(harm)}"
        if harm.n == 0 and (bound := upper_bound(sample_size(harm))):
            why += (
                f" None of {sample_size(harm)} people had one. A rarer harm could be missed: the true "
                f"chance is likely fewer than about {bound} in 100."
            )
        out.append(
            Question(
                "harm",
                f"{title}: in the study, about how many in 100 {_what(harm)}?",
                f"Tell me in your own words how often '{title}' caused a problem in the study.",
                options,
                right,
                f"{why} {harm.cite}".strip(),
            )
        )
    out.append(
        Question(
            "emergency",
            f"{EMERGENCY_SIGN}. What should you do?",
            "Tell me in your own words which signs mean you need help right away, and what you would do.",
            (EMERGENCY_WRONG, EMERGENCY_RIGHT),
            EMERGENCY_RIGHT,
            f"{EMERGENCY_RIGHT}. Do not wait for your next visit.",
        )
    )
    return tuple(out)

"""Everything a patient reads about one case, gathered once (E6).

The page (pages/5_Patient_view.py) and the handout (pathway/patient/handout.py) both lay out
what :func:`guide` returns: the case, what happens now, the decision, the choices, the
numbers (and which of them each shows), the steps ahead and the studies. Neither works out
which numbers to show on its own, so they cannot say different things. The numbers are the
one figure selection's (pathway.sources.selection.selections, asked once per case): each
question's lead for this case, other cohorts labelled as such, and where none leads the
selection's reason (``gaps``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.model import treatments as T
from pathway.model.engine import Assessment
from pathway.patient.choices import ALWAYS, OPEN, Choice, choices, decision
from pathway.patient.numbers import Gap, Number, from_selections, gaps, key_numbers
from pathway.patient.plain import case_lines
from pathway.patient.words import Now, fit_rows, priorities, steps_ahead, study_refs, what_happens_now
from pathway.sources.selection import selections


@dataclass(frozen=True)
class Group:
    """The numbers of one choice, under its title."""

    option: str
    title: str
    numbers: tuple[Number, ...]


@dataclass(frozen=True)
class Guide:
    case: tuple[str, ...]
    now: Now
    decision: str
    choices: tuple[Choice, ...]
    numbers: tuple[Number, ...]  # every figure the selection shows: each lead, then its others
    steps_ahead: tuple[str, ...]
    priorities: dict[str, str]
    gaps: tuple[Gap, ...] = ()  # the questions with no lead for this case, and why

    @property
    def open_options(self) -> frozenset[str]:
        """The choices open now (keeping going always is): their numbers come first."""
        return frozenset(c.key for c in self.choices if c.status in (OPEN, ALWAYS))

    @property
    def titles(self) -> dict[str, str]:
        return {c.key: c.title for c in self.choices}

    def _groups(self, found: list[Number], options: tuple[str, ...]) -> tuple[Group, ...]:
        groups = (Group(o, self.titles.get(o, o), tuple(n for n in found if n.option == o)) for o in options)
        return tuple(g for g in groups if g.numbers)

    @property
    def open_groups(self) -> tuple[Group, ...]:
        """The page's numbers for the choices open now, one group per choice."""
        return self._groups([n for n in self.numbers if n.option in self.open_options], T.CHOICES)

    @property
    def later_groups(self) -> tuple[Group, ...]:
        """The page's numbers for choices not open yet (folded away, so they do not anchor)."""
        later = [n for n in self.numbers if n.option not in self.open_options]
        return self._groups(later, T.CHOICES)

    @property
    def paper(self) -> list[Number]:
        """The handout's numbers: each question's lead (never another cohort), for the choices
        open now, in choice order."""
        live = [n for n in self.numbers if n.n is not None and n.option in self.open_options]
        return sorted(key_numbers(live), key=lambda n: _ORDER[n.option])

    @property
    def paper_left_out(self) -> int:
        """How many out-of-100 numbers the page shows that the handout does not."""
        return len([n for n in self.numbers if n.n is not None]) - len(self.paper)

    @property
    def page_refs(self) -> list[int]:
        return study_refs(self.choices, list(self.numbers))

    @property
    def paper_refs(self) -> list[int]:
        return study_refs(self.choices, self.paper + [n for n in self.numbers if n.n is None])

    def fit_rows(self, picked: list[str]) -> list[dict[str, str]]:
        return fit_rows(picked, self.choices)


# The handout's order: keeping going, the injection, then whichever operation applies.
_ORDER = {T.CONSERVATIVE_CARE: 0, T.STEROID_INJECTION: 1, T.DIRECT_PARS_REPAIR: 2, T.FUSION: 2}


def guide(a: Assessment, with_numbers: bool = True) -> Guide:
    """Everything the page and the handout lay out for this case.

    Raises EvidenceError when data/figures.csv cannot be read; ``with_numbers=False`` gives
    the guide without choices and numbers (what the page shows then).
    """
    sels = selections(a) if with_numbers else ()
    return Guide(
        case=tuple(case_lines(a.scenario)),
        now=what_happens_now(a),
        decision=decision(a),
        choices=choices(a, sels) if with_numbers else (),
        numbers=tuple(from_selections(a, sels)),
        steps_ahead=tuple(steps_ahead(a)),
        priorities=priorities(a),
        gaps=tuple(gaps(a, sels)),
    )

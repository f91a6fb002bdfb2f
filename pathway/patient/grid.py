"""The options table (Option Grid style): the same questions answered for every open choice.

Rows are questions, columns are the choices open now (keeping going always is one). Every
number comes from ``guide()``'s figures, with its time frame, who was studied and its [n];
a cell with no figure says "No published figure". A harm counted as 0 gets its upper bound by
the rule of three (0 of n: the true rate is likely below 3/n, e.g. 0 of 59 -> fewer than about
5 in 100). The page, the handout and the note for the record all read :func:`grid`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache

from pathway.patient.choices import ALWAYS, OPEN, Choice
from pathway.patient.guide import Guide
from pathway.patient.numbers import Number, key_numbers
from pathway.sources import figures as F
from pathway.sources.figures import NO_FIGURE

QUESTIONS = (
    ("involves", "What does it involve?"),
    ("benefits", "Chance of each good result"),
    ("harms", "Chance of each harm"),
    ("sport", "Time back to sport"),
    ("recovery", "Recovery"),
)


@cache
def _sample_sizes() -> dict[str, int | None]:
    return {f.id: f.n for f in F.load_figures()}


def sample_size(n: Number) -> int | None:
    """How many people the figure counted (data/figures.csv's n), or None when not given."""
    try:
        return _sample_sizes().get(n.id)
    except Exception:
        return None


def upper_bound(count: int | None) -> int | None:
    """Rule of three: with 0 events in ``count`` people, the true rate per 100 is likely below
    300 / count (95% upper limit), rounded to a whole number; None without a count."""
    if not count:
        return None
    return max(1, round(300 / count))


def _when(n: Number) -> str:
    """The figure's time frame, from its sentence ("When: ..."), or an honest 'no time given'."""
    if "When: " in n.sentence:
        return n.sentence.split("When: ", 1)[1].strip().rstrip(".")
    if "Counted: " in n.sentence:
        return n.sentence.split("Counted: ", 1)[1].strip().rstrip(".")
    return "No time given"


def _head(n: Number) -> str:
    """'88 in 100 went back to their own sport after care with a brace' (without the harm caveat)."""
    return n.short.replace(" (a small study can miss a rare harm)", "").replace(" out of 100", " in 100")


def figure_line(n: Number) -> str:
    """One number, said like for like: how many in 100, when, who, and the study."""
    head = _head(n)
    if n.n == 0:
        bound = upper_bound(sample_size(n))
        size = sample_size(n)
        head = head.replace("0 in 100", "None", 1)
        if bound and size:
            head += f" (0 of {size} people; the true chance is likely fewer than about {bound} in 100)"
    head = head[:1].upper() + head[1:]
    return f"{head}. When: {_when(n)}. Who: {n.population} {n.cite}".strip()


@dataclass(frozen=True)
class Cell:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Grid:
    options: tuple[Choice, ...]
    rows: tuple[tuple[str, tuple[Cell, ...]], ...]  # (question, one cell per option)

    def as_text(self) -> list[str]:
        """The grid as plain lines: one block per option (for the note and the tests)."""
        out = []
        for i, c in enumerate(self.options):
            out.append(f"{c.title}:")
            for question, cells in self.rows:
                out.append(f"  {question}: " + " ".join(cells[i].lines))
        return out


def _same_who(lines: list[str]) -> tuple[str, ...]:
    """Within one cell, a second number from the same people says so instead of repeating them."""
    out, seen = [], set()
    for line in lines:
        head, sep, who = line.partition(". Who: ")
        if sep and who in seen:
            cite = " ".join(re.findall(r"\[\d+\]", who))
            line = f"{head}. Who: the same people as above {cite}".strip()
        seen.add(who)
        out.append(line)
    return tuple(out)


def _benefits(c: Choice) -> tuple[str, ...]:
    found = key_numbers([n for n in c.good if n.n is not None])
    return _same_who([figure_line(n) for n in found]) or (f"{NO_FIGURE} for a case like yours.",)


def _harms(c: Choice) -> tuple[str, ...]:
    found = key_numbers([n for n in c.bad if n.n is not None])
    lines = [figure_line(n) for n in found] or [f"{NO_FIGURE} for how often harm happens."]
    return (*lines, f"Known harms: {c.risks}") if c.risks else tuple(lines)


def _sport(c: Choice) -> tuple[str, ...]:
    lines = [
        f"{_head(n)[:1].upper()}{_head(n)[1:]}. When: {_when(n)}. Who: {n.population} {n.cite}"
        for n in c.times
    ]
    if c.sport_note:
        lines.append(c.sport_note)
    return tuple(lines) or (f"{NO_FIGURE}.",)


def _recovery(c: Choice) -> tuple[str, ...]:
    heal = [
        f"{_head(n)[:1].upper()}{_head(n)[1:]}. When: {_when(n)}. Who: {n.population} {n.cite}"
        for n in c.heal_times[:1]
    ]
    return (c.like.get("how long", ""), *heal)


def open_choices(g: Guide) -> tuple[Choice, ...]:
    return tuple(c for c in g.choices if c.status in (OPEN, ALWAYS))


def grid(g: Guide) -> Grid:
    """The options table for the choices open now (keeping going always included)."""
    chosen = open_choices(g)
    makers = {
        "involves": lambda c: (c.like.get("what", ""),),
        "benefits": _benefits,
        "harms": _harms,
        "sport": _sport,
        "recovery": _recovery,
    }
    rows = tuple(
        (question, tuple(Cell(tuple(x for x in makers[key](c) if x)) for c in chosen))
        for key, question in QUESTIONS
    )
    return Grid(chosen, rows)


def grid_html(gr: Grid, cls: str = "grid") -> str:
    """The grid as one HTML table (every text escaped; no links). Each cell carries its option's
    name in a data-label, so a narrow screen can stack the cells under their question."""
    e = html.escape
    head = "".join(f'<th scope="col">{e(c.title)}</th>' for c in gr.options)
    body = []
    for question, cells in gr.rows:
        tds = "".join(
            f'<td data-label="{e(c.title, quote=True)}">'
            + "".join(f"<p>{e(x)}</p>" for x in cell.lines)
            + "</td>"
            for c, cell in zip(gr.options, cells, strict=True)
        )
        body.append(f'<tr><th scope="row">{e(question)}</th>{tds}</tr>')
    return (
        f'<table class="{e(cls, quote=True)}"><thead><tr><th scope="col">Question</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )

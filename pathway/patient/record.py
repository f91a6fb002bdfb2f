"""A note for the record: plain text a clinician can copy into the chart after the visit.

It states the case (in the engine's own labels), the stage, the options discussed with their
numbers and sources, her priorities and leaning, the understanding check with her answers,
and the aid's version and date. Pure: the page shows it in st.code (which has a copy button).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from pathway.model.engine import Assessment
from pathway.model.scenario import SCENARIO_FIELDS, label
from pathway.patient import about
from pathway.patient.choices import ALWAYS, OPEN
from pathway.patient.grid import grid
from pathway.patient.guide import Guide, guide
from pathway.patient.teachback import questions
from pathway.sources.evidence import Reference

NOT_ASKED = "not asked"


def record_note(
    a: Assessment,
    references: Mapping[int, Reference] | None = None,
    picked: Sequence[str] = (),
    leaning: str | None = None,
    answers: Mapping[str, str | None] | None = None,
    on: date | None = None,
    g: Guide | None = None,
) -> str:
    """The note, as plain text lines (no Markdown, no HTML)."""
    g = g or guide(a)
    answers = answers or {}
    s = a.scenario
    case = "; ".join(f"{f.replace('_', ' ')}: {label(f, getattr(s, f))}" for f in SCENARIO_FIELDS)
    lines = [
        f"Shared decision-making note (patient decision aid 'Your back: a plain guide', "
        f"version {about.VERSION}, content checked {about.long_date(about.CONTENT_DATE)}, "
        f"next review by {about.long_date(about.NEXT_CHECK)}).",
        f"Date of visit: {about.long_date(on or date.today())}.",
        "Teaching aid built on one published pathway for L5 pars defects; not validated with patients.",
        "",
        f"Case: {case}.",
        f"Pathway stage: {a.stage}. Options open now: "
        + (", ".join(c.title for c in g.choices if c.status in (OPEN, ALWAYS)) or "none")
        + ".",
        "Not open now: "
        + (
            "; ".join(
                f"{c.title} ({c.status}: {c.status_text})"
                for c in g.choices
                if c.status not in (OPEN, ALWAYS)
            )
            or "none"
        )
        + ".",
        f"Decision as told to the patient: {g.decision}",
        "",
        "Options discussed (figures as shown to the patient; [n] = reference):",
    ]
    gr = grid(g)
    lines += [
        f"- {line.strip()}" if not line.startswith("  ") else f"    {line.strip()}" for line in gr.as_text()
    ]
    cited = sorted({int(r) for line in gr.as_text() for r in re.findall(r"\[(\d+)\]", line)})
    if references:
        lines += ["", "Sources:"]
        lines += [f"- {about.study_line(references[r])}" for r in cited if r in references]
    else:
        lines += ["", "Sources cited: " + ", ".join(f"[{r}]" for r in cited) + "."]
    names = g.priorities
    lines += [
        "",
        "What matters to the patient: "
        + ("; ".join(names.get(p, p) for p in picked) if picked else "none picked")
        + ".",
        f"Leaning: {leaning or 'not stated'}.",
        "",
        "Understanding check (teach-back):",
    ]
    for q in questions(g):
        given = answers.get(q.key)
        verdict = NOT_ASKED if given is None else ("correct" if given == q.answer else f"answered '{given}'")
        lines.append(f"- {q.ask} Expected: {q.answer}. Patient: {verdict}.")
    return "\n".join(lines) + "\n"

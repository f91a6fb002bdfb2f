"""Who made the patient guide, when, and how it is kept up to date: one place for page and handout.

The patient view and the printable summary both read this module, so the date, the version
and the update policy cannot drift apart. ``IPDAS`` maps each IPDAS 2013 minimum-standard
criterion (Joseph-Williams et al. 2014) to the part of the guide that meets it; the page
shows that table under "About this guide" and a test checks each marker on the rendered page
and in the handout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pathway.sources.evidence import Reference

VERSION = "2.0"
CONTENT_DATE = date(2026, 12, 1)  # the day the words and numbers were last checked
NEXT_CHECK = date(2027, 12, 1)  # one year on: see UPDATE_POLICY


def long_date(d: date) -> str:
    """1 December 2026 (no leading zero, month in words: read the same everywhere)."""
    return f"{d.day} {d:%B %Y}"


# Plain words, short sentences: these blocks are scored for reading grade in the tests.
WHO_MADE_IT = (
    "This guide was made to teach. It is free, and anyone can read how it was made and check it.",
    "We took one plan that doctors wrote for this injury. We added numbers from studies that are in print. "
    "We did not add our own advice.",
    "No named back doctor has signed it off yet, and it has not been tested with patients.",
)
FUNDING = (
    "Funding: no one paid for this guide.",
    "Conflicts: the people who made it gain nothing from any choice you make.",
)
UPDATE_POLICY = (
    f"This is version {VERSION}. The words and numbers were checked on {long_date(CONTENT_DATE)}.",
    "We check the studies and the plan at least once a year.",
    f"The next check is due by {long_date(NEXT_CHECK)}. If that date has passed, ask your doctor "
    "if there is a newer guide.",
)


def edition_line() -> str:
    """One line for the top of the page and the handout."""
    return f"Version {VERSION}, checked on {long_date(CONTENT_DATE)}. Next check by {long_date(NEXT_CHECK)}."


_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


def study_line(ref: Reference, title_words: int | None = None) -> str:
    """'[17] Overley SC and others, 2018. Return to Play in ... Global Spine J.' from references.csv.

    The first author, the year and the title (cut to ``title_words`` words on paper), enough
    to find the paper in a library; the second-hand mark when the figure was read only in
    another paper or a blog.
    """
    authors, _, rest = ref.citation.partition(". ")
    first = authors.split(",")[0].strip()
    first = re.sub(r"\s*\(.*?\)", "", first).removesuffix(" et al").strip()
    many = "," in authors or "et al" in authors
    years = _YEAR.findall(ref.citation)
    year = years[-1] if years else "year not given"
    title = re.sub(r"\s*\d{4};.*$|\s*\d{4}\.?$", "", rest).strip().rstrip(".")
    if title_words is not None and len(title.split()) > title_words:
        title = " ".join(title.split()[:title_words]).rstrip(",:;") + "…"
    mark = " (read second-hand)" if ref.second_hand else ""
    stop = "" if title.endswith(("…", "?", "!")) else "."
    return f"[{ref.ref}] {first}{' and others' if many else ''}, {year}. {title}{stop}{mark}"


# ---------------------------------------------------------------------------------------
# IPDAS 2013 minimum standards for a treatment decision aid


@dataclass(frozen=True)
class IpdasStandard:
    """One IPDAS 2013 standard (not a candidacy criterion: that is pathway.model.engine.Criterion)."""

    id: str
    kind: str  # "qualifying" | "certification"
    text: str  # the criterion, short
    met_by: str  # what in the guide meets it (plain words)
    marker: str  # a phrase that must be on the rendered page and in the handout


IPDAS: tuple[IpdasStandard, ...] = (
    IpdasStandard(
        "Q1",
        "qualifying",
        "Describes the health condition",
        "'What the injury is' and 'Your case'",
        "What the injury is",
    ),
    IpdasStandard(
        "Q2",
        "qualifying",
        "States the decision",
        "'The choice in front of you': the decision, or that there is none yet",
        "The choice in front of you",
    ),
    IpdasStandard(
        "Q3",
        "qualifying",
        "Describes the options",
        "'Your choices', with keeping on with the plan and doing nothing",
        "Keep going with the current plan",
    ),
    IpdasStandard(
        "Q4",
        "qualifying",
        "Positive features of each option",
        "'Good points' on every choice",
        "Good points",
    ),
    IpdasStandard(
        "Q5",
        "qualifying",
        "Negative features of each option",
        "'Downsides' on every choice, with numbers where studies have them",
        "Downsides",
    ),
    IpdasStandard(
        "Q6",
        "qualifying",
        "What the outcomes are like to live with",
        "'What it is like' on every choice: time, study or work, driving, brace",
        "What it is like",
    ),
    IpdasStandard(
        "C1",
        "certification",
        "Good and bad points in equal detail",
        "Good points and downsides in the same form: N out of 100, with a time frame",
        "out of 100",
    ),
    IpdasStandard(
        "C2",
        "certification",
        "Citations to the evidence",
        "'The studies behind the numbers': each [number] with author, year and title",
        "The studies behind the numbers",
    ),
    IpdasStandard(
        "C3",
        "certification",
        "Production date",
        "The version and date at the top and in 'About this guide'",
        f"checked on {long_date(CONTENT_DATE)}",
    ),
    IpdasStandard(
        "C4",
        "certification",
        "Update policy",
        "'About this guide': checked at least once a year, with the next check date",
        "at least once a year",
    ),
    IpdasStandard(
        "C5",
        "certification",
        "Uncertainty around the numbers",
        "'How sure are these numbers?': who was studied, ranges, small groups, quality",
        "How sure are these numbers?",
    ),
    IpdasStandard(
        "C6",
        "certification",
        "Funding",
        "'About this guide': no funding, no conflicts",
        "no one paid for this guide",
    ),
)

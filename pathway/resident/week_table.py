"""One case's answer for every week the explorer's slider can show (0-52), as plain rows.

The explorer draws its weeks control, result card and timeline in the browser from this
table, so a move redraws without asking the server. Everything here comes from the engine's
Assessment for the case at that week (card, bands, markers, the chart's summary, the
published times to union); nothing is computed in the browser but pixels.
"""

from __future__ import annotations

import math
from functools import lru_cache

from pathway.model.engine import Assessment, evaluate, weeks_to_months
from pathway.model.scenario import Scenario
from pathway.resident import defect
from pathway.resident.card import card
from pathway.resident.timeline import bands, markers, summary
from pathway.sources.errors import EvidenceError

WEEKS = range(0, 53)  # the explorer's slider (its maximum is ui.common.WEEKS_SLIDER_MAX)
# The order a merged marker takes its look from (its first name); ui/charts styles each.
MARKER_ORDER = (
    "Today",
    "Earliest surgery",
    "Interventions may open",
    "Surgical opinion (professional)",
    "6-week minimum",
)
MERGE_MONTHS = 0.25  # markers closer than about a week are drawn as one
UNION_ROW = "Bone union (published)"


def marker_rows(a: Assessment) -> list[dict]:
    """The timeline's markers for this case, as dicts (the professional's early surgical
    opinion is one of them, only with an imaged defect: I4)."""
    return [dict(m.__dict__) for m in markers(a)]


def merged_markers(marks: list[dict]) -> list[dict]:
    """Markers that would overlap become one rule, named after all of them (the resident's
    walk: three lines at weeks 13-14 drawn as one striped line)."""
    rank = {name: i for i, name in enumerate(MARKER_ORDER)}
    out: list[list[dict]] = []
    for m in sorted(marks, key=lambda m: m["month"]):
        if out and m["month"] - out[-1][0]["month"] < MERGE_MONTHS:
            out[-1].append(m)
        else:
            out.append([m])
    merged = []
    for group in out:
        group.sort(key=lambda m: rank.get(m["name"], 99))
        merged.append(
            {
                "name": " = ".join(m["name"] for m in group),
                "style": group[0]["name"],
                "month": group[0]["month"],
                "text": "; ".join(m["text"] for m in group),
            }
        )
    return merged


def _unions(a: Assessment) -> tuple[list[dict], str]:
    """The published times to union for this case at this week, or why none ('' if none and
    no reason could be read)."""
    try:
        rows, why = defect.union_times(a)
    except EvidenceError as exc:
        return [], f"The published figures for this defect cannot be shown: {exc}."
    return [dict(u.__dict__) | {"row": UNION_ROW} for u in rows], why or ""


def week_row(a: Assessment) -> dict:
    """What the explorer shows for one Assessment: caption, card, timeline rows and markers."""
    weeks = a.scenario.weeks_conservative
    c = card(a)
    caution = None
    if c.caution:
        caution = {
            "text": c.caution.text,
            "sources": list(c.caution.sources),
            "interpretations": list(getattr(c.caution, "interpretations", ()) or ()),
        }
    unions, union_note = _unions(a)
    return {
        "week": weeks,
        "months": round(weeks_to_months(weeks), 1),
        "stands": c.stands,
        "open_now": list(c.open_now),
        "candidacy": c.candidacy,
        "caution": caution,
        "bands": [dict(b.__dict__) for b in bands(a)],
        "markers": merged_markers(marker_rows(a)),
        "unions": unions,
        "union_note": union_note,
        "summary": summary(a),
    }


@lru_cache(maxsize=256)
def week_table(scenario: Scenario) -> dict:
    """The case's answer for each week 0-52 (``scenario``'s own week is ignored), with what
    the chart needs to stay still while the week moves: one axis length and one set of rows
    for all 53 weeks (a row with no bar at some week is drawn empty, with its note)."""
    weeks = [week_row(evaluate(scenario.replace(weeks_conservative=w))) for w in WEEKS]
    ends = [b["end"] for row in weeks for b in row["bands"]] + [
        m["month"] for row in weeks for m in row["markers"]
    ]
    # A case outside the pathway (I14) has no window: the axis keeps its 12 months.
    x_max = max(12.0, 6.0 * math.ceil((max(ends, default=0.0) + 1.5) / 6.0))
    rows = list(dict.fromkeys(b["row"] for row in weeks for b in row["bands"]))
    if any(row["unions"] for row in weeks):
        rows.append(UNION_ROW)
    return {"x_max": x_max, "rows": rows, "weeks": weeks}

"""Teaching presets: named cases that set every control at once."""

from __future__ import annotations

from dataclasses import dataclass

from pathway.model.scenario import Scenario, label


@dataclass(frozen=True)
class Preset:
    id: str
    title: str
    teaches: str
    scenario: Scenario


PRESETS: tuple[Preset, ...] = (
    Preset(
        "week2",
        "2 weeks after the fall",
        "Conservative care and imaging first; nothing interventional inside the 6-week minimum.",
        Scenario(weeks_conservative=2, pain="disabling"),
    ),
    Preset(
        "week6_imaged",
        "Week 6, imaged",
        "The minimum trial is over, but interventions wait for 3-6 months of failed care.",
        Scenario(weeks_conservative=6, formal_pt=True, pain="mild", ct_stage="incomplete", mri_edema=True),
    ),
    Preset(
        "month4_disabling",
        "4 months, pain limits function",
        "Failed conservative care with all four candidacy criteria: injection or direct repair.",
        Scenario(
            weeks_conservative=17, formal_pt=True, pain="disabling", ct_stage="complete", mri_edema=False
        ),
    ),
    Preset(
        "month4_pain_free",
        "Pain-free at 4 months",
        "Return to sport only when completely pain-free, typically after 3-6 months.",
        Scenario(weeks_conservative=17, formal_pt=True, pain="none", ct_stage="incomplete", mri_edema=False),
    ),
    Preset(
        "grade2_slip",
        "Grade II slip, failed care",
        "Significant spondylolisthesis: fusion instead of direct repair.",
        Scenario(
            weeks_conservative=26,
            formal_pt=True,
            pain="disabling",
            ct_stage="complete",
            mri_edema=False,
            listhesis_grade=2,
        ),
    ),
    Preset(
        "pro_week8",
        "Pro athlete at week 8",
        "Earlier consideration of repair, but no surgery before 3 months of structured care.",
        Scenario(
            weeks_conservative=8,
            formal_pt=True,
            pain="disabling",
            ct_stage="complete",
            mri_edema=True,
            activity="professional",
        ),
    ),
    Preset(
        "no_formal_pt",
        "4 months, no formal PT",
        "The pitfall: no surgery without documented structured care including formal PT.",
        Scenario(weeks_conservative=17, formal_pt=False, pain="disabling", ct_stage="complete"),
    ),
)

PRESETS_BY_ID = {p.id: p for p in PRESETS}


def sets(scenario: Scenario) -> str:
    """Every control a preset sets, in a few words (shown on the preset, no hover needed)."""
    s = scenario
    parts = [
        f"week {s.weeks_conservative}",
        "formal PT" if s.formal_pt else "no formal PT",
        f"pain {label('pain', s.pain)}",
        s.laterality,
        f"CT {label('ct_stage', s.ct_stage)}",
        f"MRI {label('mri_edema', s.mri_edema)}",
        "no slip" if s.listhesis_grade == 0 else f"slip grade {s.listhesis_grade}",
        label("activity", s.activity),
        f"age {s.age}",
    ]
    return " · ".join(parts)

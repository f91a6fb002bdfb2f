"""The pathway's thresholds, vocabularies and interpretations, each tied to source sentences.

Every number here either quotes the source pathway (content/source_pathway.md, ids S01-S33)
or is one of the app's interpretations listed in INTERPRETATIONS, which the Source page
shows under that name. Nothing here is clinical advice beyond what the source says.
"""

from __future__ import annotations

from dataclasses import dataclass

WEEKS_PER_MONTH = 52 / 12  # 4.33: months are shown as weeks x 12 / 52

CONSERVATIVE_MINIMUM_WEEKS = 6  # S02: "a minimum 6-week trial of conservative therapy"
# S12, S22, S26 give "3-6 months": interventions open at the lower end (I2).
CONSERVATIVE_FAILURE_WEEKS = 13
CONSERVATIVE_FULL_COURSE_WEEKS = 26  # the upper end of "3-6 months"
SIGNIFICANT_LISTHESIS_GRADE = 2  # S25 "significant spondylolisthesis": Meyerding II+ (I1)
YOUNG_AGE_LIMIT = 30  # S16 "young patients": the app flags cases over this age (I5)

# Pathway-layer return-to-activity windows, in months (S07, S33).
CONSERVATIVE_RTS_MONTHS = (3.0, 6.0)  # from the start of conservative care
SURGICAL_RTS_MONTHS = (3.0, 5.0)  # from the day of surgical repair

OPTIONS: dict[str, str] = {
    "activity_modification": "Activity modification",
    "nsaids": "NSAIDs and analgesics",
    "bracing": "Bracing (rigid lumbar orthosis)",
    "physical_therapy": "Core-stabilisation physical therapy",
    "ct_scan": "CT scan to stage the fracture",
    "mri": "MRI for bone-marrow oedema",
    "steroid_injection": "Pars steroid injection",
    "direct_pars_repair": "Direct pars repair",
    "fusion": "Fusion",
    "return_to_sport": "Return to sport",
}
CONSERVATIVE_OPTIONS = ("activity_modification", "nsaids", "bracing", "physical_therapy")
IMAGING_OPTIONS = ("ct_scan", "mri")
INTERVENTIONAL_OPTIONS = ("steroid_injection", "direct_pars_repair", "fusion")

CRITERIA: dict[str, tuple[str, tuple[str, ...]]] = {
    # key: (the source's wording, source ids)
    "failed_conservative_care": (
        "Persistent pain after 3-6 months of conservative therapy",
        ("S22", "S26"),
    ),
    "functional_limitation": (
        "Pain significantly limiting function and quality of life",
        ("S23",),
    ),
    "imaging_confirmed": ("Radiographic confirmation of pars defect on CT/MRI", ("S24",)),
    "no_significant_listhesis": (
        "Absence of significant spondylolisthesis (which would require fusion instead of repair)",
        ("S25",),
    ),
}

# Pitfall and caution ids that Assessment.warnings may hold, with their source sentences.
WARNINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "before_minimum_trial": (
        "Within the 6-week minimum trial: no interventional option is considered yet.",
        ("S02",),
    ),
    "too_early_for_surgery": (
        "No surgery without documented completion of at least 3-6 months of structured conservative therapy.",
        ("S26",),
    ),
    "formal_pt_missing": (
        "Formal physical therapy is not documented: conservative care does not count as "
        "failed, so surgery is not an option yet.",
        ("S26", "S06"),
    ),
    "bilateral_longer_course": (
        "Bilateral defects may need a longer conservative course than unilateral ones.",
        ("S28",),
    ),
    "professional_athlete": (
        "Professional athletes fail conservative care more often: consider a surgical opinion "
        "early; surgery itself still waits for 3 months of structured care.",
        ("S29", "S26"),
    ),
    "significant_listhesis": (
        "Significant spondylolisthesis: fusion rather than direct pars repair.",
        ("S25",),
    ),
    "pain_free_early": (
        "Pain-free before 3 months: the source expects this usually to take 3-6 months.",
        ("S07",),
    ),
    "older_than_young": (
        "The source indicates direct repair for young patients; this case is older than the "
        "app's cut-off for 'young'.",
        ("S16",),
    ),
}


@dataclass(frozen=True)
class Interpretation:
    """A choice the app makes where the source is vague. Not the source's words."""

    id: str
    title: str
    text: str
    sources: tuple[str, ...]


INTERPRETATIONS: tuple[Interpretation, ...] = (
    Interpretation(
        "I1",
        "What counts as significant spondylolisthesis",
        "Meyerding grade II or higher (a slip of more than 25%) counts as significant and "
        "points to fusion; grade I is treated like no slip for direct repair.",
        ("S25",),
    ),
    Interpretation(
        "I2",
        "When 3 months is reached",
        "3 months is 13 weeks (52 weeks / 12 x 3 = 13.0). Interventional options open at the "
        "lower end of the source's 3-6 months, from week 13; 26 weeks is the end of the full "
        "course.",
        ("S12", "S22", "S26"),
    ),
    Interpretation(
        "I3",
        "What failed conservative care means",
        "At least 13 weeks of care that included formal physical therapy, with pain still "
        "present. The source's candidacy list says 'persistent pain after 3-6 months'; its "
        "pitfall requires the care to be structured and to include formal physical therapy, "
        "so both must hold.",
        ("S22", "S26", "S12"),
    ),
    Interpretation(
        "I4",
        "Earlier consideration of repair for professional athletes",
        "Once the 6-week minimum trial is over, a professional athlete whose pain limits "
        "function is flagged for an early surgical opinion. Surgery itself is still offered "
        "only after 13 weeks of structured care with formal physical therapy, because the "
        "source's pitfall admits no exception.",
        ("S29", "S02", "S26"),
    ),
    Interpretation(
        "I5",
        "Who is young",
        "The source indicates direct repair for 'young patients' without an age. The app "
        "does not change options on age; it flags cases over 30.",
        ("S16",),
    ),
    Interpretation(
        "I6",
        "Imaging confirmation",
        "A CT showing an incomplete or complete fracture confirms a pars defect. A stress "
        "reaction, or oedema on MRI alone, shows stress injury without a defect.",
        ("S24", "S08", "S10"),
    ),
    Interpretation(
        "I7",
        "Injection needs persisting symptoms, not disabling pain",
        "The source opens interventional options when symptoms persist beyond 3-6 months; "
        "the app offers the injection when conservative care has failed, with any pain. "
        "Surgery also needs pain that limits function.",
        ("S12", "S13", "S23"),
    ),
    Interpretation(
        "I8",
        "Bilateral defects",
        "The longer course a bilateral defect may need is shown as a caution; the app does "
        "not move the 13-week threshold for it, since the source gives no number.",
        ("S28",),
    ),
)

# Source sentences that state no rule: context, technique or outcome statements. Each is
# used by content instead (the Source page, evidence and patient pages), or is narrative.
NARRATIVE: dict[str, str] = {
    "S11": "Why not plain radiographs alone: imaging background (imaging guide).",
    "S17": "Surgical technique: evidence page.",
    "S18": "Surgical technique: evidence page.",
    "S19": "Surgical technique: evidence page.",
    "S20": "Surgical technique: evidence page.",
    "S27": "Natural history: context for conservative care first.",
    "S30": "Expected outcome of conservative care: evidence page.",
    "S31": "Expected outcome of repair: evidence page.",
    "S32": "Predictors of outcome: evidence page.",
}

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
YOUNG_AGE_LIMIT = 30  # S16 "young patients": direct repair is not offered over this age (I5)
# Healing-by-stage figures describe the first course of care (I11): up to the full 6 months.
HEALING_FIGURE_MAX_WEEKS = CONSERVATIVE_FULL_COURSE_WEEKS

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

# Each criterion in a few words, for "needs ..." lists (engine reasons, the explorer's card).
CRITERION_SHORT: dict[str, str] = {
    "failed_conservative_care": "failed conservative care",
    "functional_limitation": "pain that limits function",
    "imaging_confirmed": "a defect confirmed on CT/MRI",
    "no_significant_listhesis": "no significant slip",
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
        "failed, so neither the injection nor surgery is an option yet (I3).",
        ("S26", "S06"),
    ),
    "bilateral_longer_course": (
        "Bilateral defects may need a longer conservative course than unilateral ones; the "
        "13-week opening is the earliest, not the expected, time to intervene (I2, I8).",
        ("S28",),
    ),
    "professional_athlete": (
        "Professional athletes fail conservative care more often: consider a surgical opinion "
        "early; surgery itself still waits for 3-6 months of structured care (the app opens "
        "it at 13 weeks, I2, I4).",
        ("S29", "S26"),
    ),
    "significant_listhesis": (
        "Significant spondylolisthesis (Meyerding II or more, I1): not a candidate for direct "
        "repair; fusion instead.",
        ("S25",),
    ),
    "low_grade_slip": (
        "Meyerding grade I slip: a grey zone, not the same as no slip. The app keeps direct "
        "repair open (I1), but many surgeons reserve it for no or minimal slip with a healthy "
        "L5-S1 disc on MRI.",
        ("S25",),
    ),
    "unilateral_slip": (
        "A slip with a one-sided defect is unusual: isthmic slips are rare with a unilateral "
        "defect (none over 45 years [48]; 7.7% in [50], news). Check the laterality, or "
        "look for another cause of the slip.",
        ("S25", "S28"),
    ),
    "active_lesion": (
        "MRI oedema beside a fracture line means the lesion is still active and may unite "
        "with conservative care: persisting oedema argues for continuing care before calling "
        "it failed (I12).",
        ("S10", "S30"),
    ),
    "pain_free_early": (
        "Pain-free before 3 months: the source expects recovery usually to take 3-6 months. "
        "Pain-free is necessary but not sufficient: finish the rehabilitation programme and "
        "stage the return (I9).",
        ("S07", "S01", "S06"),
    ),
    "older_than_young": (
        "The source indicates direct repair for young patients; this case is older than the "
        "app's cut-off of 30 (I5), so direct repair is not offered here.",
        ("S16",),
    ),
}

# Interpretation ids behind each caution (shown beside its sentence ids).
WARNING_INTERPRETATIONS: dict[str, tuple[str, ...]] = {
    "formal_pt_missing": ("I3",),
    "bilateral_longer_course": ("I2", "I8"),
    "professional_athlete": ("I2", "I4"),
    "significant_listhesis": ("I1",),
    "low_grade_slip": ("I1",),
    "active_lesion": ("I12",),
    "pain_free_early": ("I9",),
    "older_than_young": ("I5",),
}

# Interpretation ids behind each candidacy criterion.
CRITERION_INTERPRETATIONS: dict[str, tuple[str, ...]] = {
    "failed_conservative_care": ("I2", "I3"),
    "functional_limitation": (),
    "imaging_confirmed": ("I6",),
    "no_significant_listhesis": ("I1",),
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
        "Meyerding grade II or higher (a slip of more than 25%) counts as significant: not a "
        "candidate for direct repair, fusion instead. Grade I is a grey zone: the app keeps "
        "direct repair open but shows a caution, since many surgeons reserve direct repair for "
        "no or minimal slip with a healthy disc.",
        ("S25",),
    ),
    Interpretation(
        "I2",
        "When 3 months is reached",
        "3 months is 13 weeks (52 weeks / 12 x 3 = 13.0). From week 13 to week 26 the case is "
        "in the window in which intervention may be considered (the lower and upper ends of the "
        "source's 3-6 months); 26 weeks is the end of the full course. Week 13 is the earliest "
        "time, not the expected one, above all for bilateral defects (S28).",
        ("S12", "S22", "S26", "S28"),
    ),
    Interpretation(
        "I3",
        "What failed conservative care means",
        "At least 13 weeks of care that included formal physical therapy, with pain still "
        "present. The source's candidacy list says 'persistent pain after 3-6 months'; its "
        "pitfall requires the care to be structured and to include formal physical therapy, "
        "so both must hold. The app applies this to the injection too, although the pitfall "
        "speaks only of surgery.",
        ("S22", "S26", "S12"),
    ),
    Interpretation(
        "I4",
        "Earlier consideration of repair for professional athletes",
        "Once the 6-week minimum trial is over and until week 13, a professional athlete whose "
        "pain limits function is flagged for an early surgical opinion. Surgery itself is still "
        "offered only after 13 weeks of structured care with formal physical therapy, because "
        "the source's pitfall admits no exception.",
        ("S29", "S02", "S26"),
    ),
    Interpretation(
        "I5",
        "Who is young",
        "The source indicates direct repair for 'young patients' without an age. The app counts "
        "up to 30 as young. Over 30, direct repair is a closed step even when the four "
        "candidacy criteria hold, and the app names no other operation for a defect without a "
        "significant slip, since the source names none.",
        ("S16",),
    ),
    Interpretation(
        "I6",
        "Imaging confirmation",
        "A CT showing an incomplete or complete fracture, or an old (sclerotic) defect, "
        "confirms a pars defect. A stress reaction, or oedema on MRI alone, shows stress injury "
        "without a defect.",
        ("S24", "S08", "S10"),
    ),
    Interpretation(
        "I7",
        "The injection: persisting symptoms at an imaged defect",
        "The source opens interventional options when symptoms persist beyond 3-6 months and "
        "places the injection 'at the pars defect level'. The app offers it when conservative "
        "care has failed (I3), with any pain, and only once a CT has shown the defect (I6): "
        "with no CT the CT comes first, and a stress reaction alone does not open it. Surgery "
        "also needs pain that limits function.",
        ("S12", "S13", "S08", "S23"),
    ),
    Interpretation(
        "I8",
        "Bilateral defects",
        "The longer course a bilateral defect may need is shown as a caution; the app does "
        "not move the 13-week threshold for it, since the source gives no number.",
        ("S28",),
    ),
    Interpretation(
        "I9",
        "Pain-free is necessary, not sufficient, for return to sport",
        "A pain-free case keeps the conservative programme (activity advice, the brace if "
        "used, core-stabilisation physical therapy) and the CT if not done. Before week 13 the "
        "return to sport is not yet open: finish the rehabilitation programme and stage the "
        "return. From week 13 (the lower end of the source's 3-6 months) a graded return opens "
        "while physical therapy continues, once a CT has staged the defect.",
        ("S07", "S33", "S01", "S06", "S08"),
    ),
    Interpretation(
        "I10",
        "Whom a published figure describes",
        "A figure is shown only for a case its study describes: slip (cohorts 'without "
        "listhesis' only for no slip), the option (repair figures only where direct repair is "
        "possible for the patient, none for fusion), CT stage, laterality and time frame. "
        "Figures from teenagers are shown for cases up to 30 (the app's 'young', I5) with "
        "their population named; over 30 only figures from adult cohorts. Where none fits, "
        "the app says 'no published figure'.",
        ("S16", "S25"),
    ),
    Interpretation(
        "I11",
        "CT stages and the published stages",
        "The app matches its CT stages to the Japanese staging of the healing studies: stress "
        "reaction = very early, incomplete fracture = early, complete fracture = progressive, "
        "old (sclerotic) defect = terminal. Healing figures describe the first course of care, "
        "so they are shown up to week 26.",
        ("S08", "S09"),
    ),
    Interpretation(
        "I12",
        "MRI oedema beside a fracture",
        "Oedema marks an active lesion. With no fracture line on CT it is the very early stage "
        "(stress injury without lysis); beside a fracture line it means the fracture may still "
        "unite, so it is shown as a caution against calling care failed too early. Options are "
        "not changed.",
        ("S10", "S30"),
    ),
    Interpretation(
        "I13",
        "When surgery could happen",
        "The earliest surgery date is shown only where surgery can open for the case: formal "
        "physical therapy documented, pain that limits function, a defect confirmed, and direct "
        "repair indicated or a slip calling for fusion. It is week 13 of care, counted from "
        "the start of conservative care, or now if later.",
        ("S26", "S12", "S16", "S25"),
    ),
)

INTERPRETATION_IDS: frozenset[str] = frozenset(i.id for i in INTERPRETATIONS)

# Source sentences that state no rule: context, technique or outcome statements. Each is
# used by content instead (the Source page, evidence and patient pages), or is narrative.
NARRATIVE: dict[str, str] = {
    "S11": "Why not plain radiographs alone: imaging background (imaging guide).",
    "S27": "Natural history: context for conservative care first.",
    "S31": "Expected outcome of repair: evidence page.",
    "S32": "Predictors of outcome: evidence page.",
}

SOURCE_PAGE_PATH = "Source_pathway"  # the Source page's URL path (pages/2_Source_pathway.py)


def interpretation_link(iid: str) -> str:
    """Markdown link from any page to an interpretation's text on the Source page."""
    return f"[{iid}]({SOURCE_PAGE_PATH}#{iid.lower()})"


def cite(sources: tuple[str, ...], interpretations: tuple[str, ...] = (), link: bool = True) -> str:
    """Sentence ids, then the app's interpretation ids (linked), e.g. "S12, S13 · I2, I3"."""
    text = ", ".join(sources)
    if interpretations:
        ids = [interpretation_link(i) if link else i for i in interpretations]
        text += (" · " if text else "") + "app's reading " + ", ".join(ids)
    return text

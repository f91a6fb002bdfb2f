"""The pathway's thresholds and vocabularies, each tied to source sentences.

Every number here either quotes the source pathway (content/source_pathway.md, ids S01-S33)
or is one of the app's interpretations (content/rules/interpretations.csv), which the Source
page shows under that name. Nothing here is clinical advice beyond what the source says.

The words of the rules (cautions, criteria, interpretations, narrative, stage summaries) are
data under content/rules/, read by pathway.sources.rule_texts; they used to live here.
"""

from __future__ import annotations

WEEKS_PER_MONTH = 52 / 12  # 4.33: months are shown as weeks x 12 / 52

CONSERVATIVE_MINIMUM_WEEKS = 6  # S02: "a minimum 6-week trial of conservative therapy"
# S12, S22, S26 give "3-6 months": interventions open at the lower end (I2).
CONSERVATIVE_FAILURE_WEEKS = 13
CONSERVATIVE_FULL_COURSE_WEEKS = 26  # the upper end of "3-6 months"
SIGNIFICANT_LISTHESIS_GRADE = 2  # S25 "significant spondylolisthesis": Meyerding II+ (I1)
# A Meyerding III-IV slip after a fall lies outside this pathway (I14): urgent assessment.
HIGH_GRADE_LISTHESIS_GRADE = 3
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
# Steps that are not treatment options of the pathway: a case outside it is referred (I14).
# A Step may carry one of these ids; Assessment.options never does.
REFERRALS: dict[str, str] = {
    "urgent_spine_assessment": "Urgent spine surgical assessment",
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


_MOVED = frozenset(
    {
        "CRITERIA",
        "CRITERION_SHORT",
        "CRITERION_INTERPRETATIONS",
        "WARNINGS",
        "WARNING_INTERPRETATIONS",
        "INTERPRETATIONS",
        "INTERPRETATION_IDS",
        "NARRATIVE",
    }
)


def __getattr__(name: str) -> object:
    # A clear message for code written against the old names (the texts are data now).
    if name in _MOVED:
        raise AttributeError(
            f"rules.{name} moved: the rules' words are content/rules/*.csv, read them with "
            f"pathway.sources.rule_texts.{name} (model/ reads no file)"
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

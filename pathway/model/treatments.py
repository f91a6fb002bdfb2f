"""One row per treatment, with every spelling the app needs (issue 20, E12).

The id is the engine's option id (``Assessment.options``, ``Step.option``): the one spelling
at the app's boundary. Figures (``data/figures.csv`` column ``option``), the patient view,
the handout, the study cases and the diagram all say a treatment by this id and look its
other spellings up here, so adding or renaming a treatment is one row.

``conservative_care`` is not an engine option: it is the bundle (activity modification,
NSAIDs, bracing, physical therapy) that the patient view offers as "keep going with the
current plan" and that the figures file describes as care without an operation.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.model import rules as R


@dataclass(frozen=True)
class Treatment:
    id: str  # the engine's option id (or conservative_care, the bundle)
    resident: str  # the resident's label (rules.OPTIONS)
    kind: str  # conservative | imaging | interventional | surgical | activity
    sources: tuple[str, ...]  # source sentence ids (content/source_pathway.md)
    patient: str = ""  # the patient view's choice title ("" = not a patient choice)
    plain: str = ""  # a plain noun phrase for a sentence ("an operation to fix the break")
    short: str = ""  # the study cases' short heading ("Pars injection")
    card: str = ""  # the patient page's container key (one card for whichever operation)
    node: str = ""  # the pathway diagram's node id


CONSERVATIVE_CARE = "conservative_care"
STEROID_INJECTION = "steroid_injection"
DIRECT_PARS_REPAIR = "direct_pars_repair"
FUSION = "fusion"

_ROWS = (
    Treatment("activity_modification", R.OPTIONS["activity_modification"], "conservative", ("S03",)),
    Treatment("nsaids", R.OPTIONS["nsaids"], "conservative", ("S04",)),
    Treatment("bracing", R.OPTIONS["bracing"], "conservative", ("S05",)),
    Treatment("physical_therapy", R.OPTIONS["physical_therapy"], "conservative", ("S06",)),
    Treatment("ct_scan", R.OPTIONS["ct_scan"], "imaging", ("S08", "S09")),
    Treatment("mri", R.OPTIONS["mri"], "imaging", ("S10",)),
    Treatment(
        CONSERVATIVE_CARE,
        "Conservative care",
        "conservative",
        ("S01", "S02", "S07"),
        patient="Keep going with the current plan",
        plain="keep going with the current plan",
        short="Conservative care",
        card="keep_going",
        node="conservative",
    ),
    Treatment(
        STEROID_INJECTION,
        R.OPTIONS[STEROID_INJECTION],
        "interventional",
        ("S13", "S14", "S15"),
        patient="A shot of medicine (injection)",
        plain="a shot of medicine into the break",
        short="Pars injection",
        card="injection",
        node="injection",
    ),
    Treatment(
        DIRECT_PARS_REPAIR,
        R.OPTIONS[DIRECT_PARS_REPAIR],
        "surgical",
        ("S16", "S17", "S18", "S19", "S20"),
        patient="An operation to fix the break (repair)",
        plain="an operation to fix the break",
        short="Direct repair",
        card="surgery",
        node="repair",
    ),
    Treatment(
        FUSION,
        R.OPTIONS[FUSION],
        "surgical",
        ("S25",),
        patient="An operation to join two bones (fusion)",
        plain="an operation to join two bones",
        short="Fusion",
        card="surgery",
        node="fusion",
    ),
    Treatment("return_to_sport", R.OPTIONS["return_to_sport"], "activity", ("S07", "S33")),
)

TREATMENTS: dict[str, Treatment] = {t.id: t for t in _ROWS}
# The choices a patient weighs (and the options of data/figures.csv), in the page's order.
CHOICES: tuple[str, ...] = (CONSERVATIVE_CARE, STEROID_INJECTION, DIRECT_PARS_REPAIR, FUSION)
# The choices that are engine options (open or closed in an Assessment).
DECISIONS: tuple[str, ...] = tuple(c for c in CHOICES if c in R.OPTIONS)
SURGERIES: tuple[str, ...] = tuple(c for c in CHOICES if TREATMENTS[c].kind == "surgical")


def treatment(option: str) -> Treatment:
    """The row of one id (KeyError names it)."""
    return TREATMENTS[option]

"""Pars Pathway Explorer's pure core: the case, the rules, the content loaders.

Never imports Streamlit; pages call into it and lay out what it returns.
"""

from pathway.model.engine import Assessment, evaluate
from pathway.model.scenario import SCENARIO_FIELDS, Scenario, label
from pathway.model.types import Alert, Criterion, Step, Window, weeks_to_months
from pathway.sources.errors import ContentError, EvidenceError
from pathway.sources.figures import NO_FIGURE, Figure, figures_for, load_figures
from pathway.sources.source import Sentence, SourceDocument, load_source

__all__ = [
    "NO_FIGURE",
    "SCENARIO_FIELDS",
    "Alert",
    "Assessment",
    "ContentError",
    "Criterion",
    "EvidenceError",
    "Figure",
    "Scenario",
    "Sentence",
    "SourceDocument",
    "Step",
    "Window",
    "evaluate",
    "figures_for",
    "label",
    "load_figures",
    "load_source",
    "weeks_to_months",
]

"""Pars Pathway Explorer's pure core: the case, the rules, the content loaders.

Never imports Streamlit; pages call into it and lay out what it returns.
"""

from .engine import Alert, Assessment, Criterion, Step, Window, evaluate, weeks_to_months
from .errors import ContentError, EvidenceError
from .scenario import SCENARIO_FIELDS, Scenario, label
from .source import Sentence, SourceDocument, load_source

__all__ = [
    "SCENARIO_FIELDS",
    "Alert",
    "Assessment",
    "ContentError",
    "Criterion",
    "EvidenceError",
    "Scenario",
    "Sentence",
    "SourceDocument",
    "Step",
    "Window",
    "evaluate",
    "label",
    "load_source",
    "weeks_to_months",
]

"""The resident wing: an Assessment said to a resident, in the pathway's own terms.

card (the case card: options, candidacy, cautions), timeline (the return-to-sport chart's
rows: bands and markers), diagram (the pathway as Graphviz DOT, the case's route marked),
defect (the explorer's healing rows), imaging (the imaging guide: stages, the study scale,
what the stage changes), provenance (which source sentence each output rests on), drawings
(the CT stage drawings).
"""

from pathway.resident import card, defect, diagram, drawings, imaging, provenance, timeline

__all__ = ["card", "defect", "diagram", "drawings", "imaging", "provenance", "timeline"]

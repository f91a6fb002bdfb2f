"""The pathway as a Graphviz DOT diagram, with the case's position and route highlighted."""

from __future__ import annotations

from pathway.model import treatments as T
from pathway.model.engine import Assessment

# node id: (label, source ids)
NODES: dict[str, str] = {
    "start": "Fall: L5 pars defect",
    "trial": "Conservative care\\n6-week minimum trial",
    "conservative": "Conservative care continues\\n(3-6 months)",
    "imaging": "CT: fracture stage\\nMRI: bone-marrow oedema",
    "failed": "Symptoms persist\\nafter 3-6 months",
    "injection": "Pars steroid injection",
    "repair": "Direct pars repair",
    "fusion": "Fusion\\n(significant slip)",
    "rts": "Return to sport\\nwhen pain-free",
    "outside": "Grade III-IV slip:\\noutside this pathway,\\nurgent spine surgical assessment",
}
EDGES: tuple[tuple[str, str], ...] = (
    ("start", "outside"),
    ("start", "trial"),
    ("start", "imaging"),
    ("trial", "conservative"),
    ("conservative", "rts"),
    ("conservative", "failed"),
    ("failed", "injection"),
    ("failed", "repair"),
    ("failed", "fusion"),
    ("injection", "rts"),
    ("repair", "rts"),
    ("fusion", "rts"),
)

_POSITION = {
    "minimum_trial": "trial",
    "conservative": "conservative",
    "pt_missing": "conservative",
    "pain_free": "rts",
    "failed_mild": "failed",
    "surgical_candidate": "failed",
    "not_young": "failed",
    "fusion": "failed",
    "not_confirmed": "failed",
    "outside_pathway": "outside",  # I14: straight from the fall to the urgent assessment
}

# The node of each option the diagram draws (pathway.model.treatments).
_OPTION_NODE = {o: T.TREATMENTS[o].node for o in T.DECISIONS}


def position(a: Assessment) -> str:
    return _POSITION[a.stage]


def route(a: Assessment) -> tuple[set[str], set[tuple[str, str]]]:
    """Nodes and edges on the case's path so far and onward to what is open now."""
    here = position(a)
    order = ["start", "trial", "conservative", "failed"]
    nodes = {"start"}
    if here == "outside":  # I14: no routine course, only imaging beside the referral
        nodes.add("outside")
    elif here in order:
        nodes |= set(order[: order.index(here) + 1])
    else:  # pain-free: came through conservative care
        nodes |= {"trial", "conservative", "rts"}
    if a.scenario.ct_stage != "not_done" or a.scenario.mri_edema is not None:
        nodes.add("imaging")
    nodes |= {_OPTION_NODE[o] for o in a.options if o in _OPTION_NODE}
    if nodes & {"injection", "repair", "fusion"}:
        nodes.add("rts")
    edges = {e for e in EDGES if e[0] in nodes and e[1] in nodes}
    if here != "rts":
        edges.discard(("conservative", "rts"))
    return nodes, edges


def pathway_dot(a: Assessment) -> str:
    """DOT text: the current node filled dark, the route bold, the rest pale."""
    here = position(a)
    nodes, edges = route(a)
    lines = [
        "digraph pathway {",
        '  graph [rankdir=TB, bgcolor="transparent", fontname="Helvetica", nodesep=0.3, ranksep=0.35];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11, '
        'color="#888888", fillcolor="#f2f2f2", fontcolor="#333333"];',
        '  edge [color="#aaaaaa", arrowsize=0.7];',
    ]
    for node, text in NODES.items():
        if node == here:
            attrs = (
                f'label="You are here\\n{text}", fillcolor="#0072B2", fontcolor="white", '
                'penwidth=2.5, color="#003f63"'
            )
        elif node in nodes:
            attrs = f'label="{text}", fillcolor="#d6eaf8", color="#0072B2", penwidth=1.6, fontcolor="#111111"'
        else:
            attrs = f'label="{text}", style="rounded,filled,dashed"'
        lines.append(f"  {node} [{attrs}];")
    for start, end in EDGES:
        attrs = 'color="#0072B2", penwidth=2.2' if (start, end) in edges else 'style="dashed"'
        lines.append(f"  {start} -> {end} [{attrs}];")
    lines.append("}")
    return "\n".join(lines)


def describe(a: Assessment) -> str:
    """A text equivalent of the diagram for screen readers and the table view."""
    here = NODES[position(a)].replace("\\n", " ")
    nodes, _ = route(a)
    onward = [
        NODES[n].replace("\\n", " ")
        for n in ("injection", "repair", "fusion", "rts")
        if n in nodes and n != position(a)
    ]
    text = f"You are here: {here}."
    if onward:
        text += " Open routes from here: " + "; ".join(onward) + "."
    return text

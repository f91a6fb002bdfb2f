"""Simple SVG drawings of a pars interarticularis at each fracture stage, made in this repo.

Each drawing is a schematic side view of one lumbar vertebra's posterior arch: the pars is
the narrow bridge between the upper and lower facets. No user input reaches these strings.
"""

from __future__ import annotations

from dataclasses import dataclass

BONE = "#E8DCC0"
OUTLINE = "#4a4a4a"
OEDEMA = "#56B4E9"  # Okabe-Ito sky blue
CRACK = "#D55E00"  # Okabe-Ito vermillion


@dataclass(frozen=True)
class StageDrawing:
    key: str  # the app's stage key (scenario value or study-scale name)
    title: str
    caption: str
    svg: str


def _frame(body: str, title: str, desc: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 160" width="240" height="160" '
        f'role="img" aria-label="{title}"><title>{title}</title><desc>{desc}</desc>'
        '<rect width="240" height="160" fill="white"/>'
        # vertebral body (left) and the arch running to the spinous process (right)
        f'<rect x="10" y="30" width="70" height="90" rx="10" fill="{BONE}" '
        f'stroke="{OUTLINE}" stroke-width="2"/>'
        f'<path d="M80 55 L120 55 L150 40 L170 50 L150 70 L130 78 L150 92 L215 96 L215 116 '
        f'L145 112 L125 100 L120 110 L80 105 Z" fill="{BONE}" stroke="{OUTLINE}" stroke-width="2"/>'
        f'<text x="45" y="142" font-size="11" text-anchor="middle" fill="{OUTLINE}">body</text>'
        f'<text x="133" y="30" font-size="11" text-anchor="middle" fill="{OUTLINE}">pars</text>'
        f'<line x1="133" y1="33" x2="130" y2="72" stroke="{OUTLINE}" stroke-width="1" '
        'stroke-dasharray="2 2"/>'
        f"{body}</svg>"
    )


def _oedema(opacity: float = 0.55) -> str:
    return f'<ellipse cx="130" cy="85" rx="22" ry="16" fill="{OEDEMA}" fill-opacity="{opacity}"/>'


def _hairline() -> str:
    return f'<path d="M122 76 L128 84 L124 90" fill="none" stroke="{CRACK}" stroke-width="2.5"/>'


def _full_line() -> str:
    return f'<path d="M120 72 L130 84 L124 96 L130 106" fill="none" stroke="{CRACK}" stroke-width="3"/>'


def _gap() -> str:
    return (
        f'<path d="M118 70 L128 84 L122 96 L128 108 L136 108 L130 96 L136 84 L126 70 Z" '
        f'fill="white" stroke="{CRACK}" stroke-width="2.5"/>'
    )


def _sclerotic_gap() -> str:
    return (
        f'<path d="M116 68 L126 84 L120 96 L126 110 L140 110 L134 96 L140 84 L130 68 Z" '
        f'fill="white" stroke="{OUTLINE}" stroke-width="4"/>'
    )


def _legend(items: list[tuple[str, str]]) -> str:
    out = []
    for i, (color, text) in enumerate(items):
        y = 136 + i * 13
        out.append(f'<rect x="150" y="{y - 8}" width="10" height="10" fill="{color}"/>')
        out.append(f'<text x="164" y="{y}" font-size="10" fill="{OUTLINE}">{text}</text>')
    return "".join(out)


def _make(key: str, title: str, caption: str, body: str, legend: list[tuple[str, str]]) -> StageDrawing:
    return StageDrawing(key, title, caption, _frame(body + _legend(legend), title, caption))


# The source's stages (S08) and the study scale ([2], [3]); the pairing is the app's reading.
DRAWINGS: dict[str, StageDrawing] = {
    d.key: d
    for d in (
        _make(
            "stress_reaction",
            "Stress reaction (very early, pre-lysis)",
            "Oedema in the pars on MRI; no fracture line on CT.",
            _oedema(),
            [(OEDEMA, "oedema (MRI)")],
        ),
        _make(
            "incomplete",
            "Incomplete fracture (early)",
            "A hairline crack that does not cross the whole pars; oedema around it.",
            _oedema(0.4) + _hairline(),
            [(OEDEMA, "oedema (MRI)"), (CRACK, "crack (CT)")],
        ),
        _make(
            "complete",
            "Complete fracture (progressive)",
            "The fracture line crosses the pars and opens into a gap; oedema around it: still active.",
            _oedema(0.3) + _gap(),
            [(OEDEMA, "oedema (MRI)"), (CRACK, "gap (CT)")],
        ),
        _make(
            "terminal",
            "Old defect (terminal, pseudarthrosis)",
            "An old, wide gap with rounded, sclerotic edges; no oedema. It rarely heals with rest.",
            _sclerotic_gap(),
            [(OUTLINE, "sclerotic edge")],
        ),
    )
}

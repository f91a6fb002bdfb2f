"""A simple side view of the lower spine with the pars break marked, drawn in this repo.

The SVG holds no user text and no external resource. ``SPINE_ALT`` is its text
alternative, shown beside it on the page and in the printable summary.
"""

from __future__ import annotations

BONE = "#F3E9D8"
INK = "#3A3A3A"
BREAK = "#D55E00"  # Okabe-Ito vermilion; the break is also marked by a cross and a label
PARS = "#E69F00"

SPINE_ALT = (
    "A drawing of the lower back from the side. The front is on the left. Two bones of the back sit "
    "on the base of the back: L4 on top and L5 below. Each has a round block at the front and a "
    "ring of bone at the back. On L5, the thin bridge of bone at the back is colored, and a red line "
    "marks the break."
)


def _vertebra(x: int, y: int, name: str, pars_fill: str) -> str:
    """One vertebra: body at the front, pedicle, pars, facets and spinous process behind."""
    return f"""
  <g>
    <rect x="{x}" y="{y}" width="112" height="62" rx="14" fill="{BONE}" stroke="{INK}" stroke-width="2.5"/>
    <text x="{x + 56}" y="{y + 38}" font-size="20" font-weight="700" text-anchor="middle"
      fill="{INK}" font-family="sans-serif">{name}</text>
    <path d="M{x + 112},{y + 14} L{x + 142},{y + 14} L{x + 142},{y + 34} L{x + 112},{y + 34} Z"
      fill="{BONE}" stroke="{INK}" stroke-width="2.5"/>
    <path d="M{x + 142},{y + 2} C{x + 150},{y - 10} {x + 168},{y - 10} {x + 170},{y + 6}
      L{x + 168},{y + 26} L{x + 160},{y + 40} L{x + 164},{y + 62}
      C{x + 164},{y + 74} {x + 152},{y + 78} {x + 146},{y + 68}
      L{x + 142},{y + 40} Z" fill="{BONE}" stroke="{INK}" stroke-width="2.5"/>
    <path d="M{x + 150},{y + 26} L{x + 168},{y + 26} L{x + 160},{y + 42} L{x + 144},{y + 42} Z"
      fill="{pars_fill}" stroke="none"/>
    <path d="M{x + 168},{y + 26} L{x + 236},{y + 34} C{x + 246},{y + 36} {x + 246},{y + 52} {x + 236},{y + 54}
      L{x + 164},{y + 50} Z" fill="{BONE}" stroke="{INK}" stroke-width="2.5"/>
  </g>"""


def spine_alt(slip: int = 0) -> str:
    """The drawing's text alternative for this case: with a slip, L5 is drawn slid forward."""
    if slip <= 0:
        return SPINE_ALT + " The drawing shows no slip."
    return SPINE_ALT + (f" L5 has slid forward on the base of the back, as in a slip of grade {slip} of 4.")


def spine_svg(*, xmlns: bool = True, slip: int = 0) -> str:
    """The drawing as an SVG string (``xmlns=False`` for inline use in the HTML summary).

    ``slip`` (Meyerding grade 0-4) moves L5, its break and the spine above forward (to the
    left) on the base of the spine, 10 units per grade (drawn smaller than true size so the
    bones stay in the picture).
    """
    ns = ' xmlns="http://www.w3.org/2000/svg"' if xmlns else ""
    shift = -10 * max(0, min(slip, 4))
    l4 = f'<g transform="translate({shift},0)">' + _vertebra(40, 40, "L4", BONE) + "</g>"
    l5 = f'<g transform="translate({shift},0)">' + _vertebra(40, 128, "L5", PARS)
    # The break crosses L5's pars (around x 190-208, y 154-170).
    return f"""<svg{ns} viewBox="0 0 400 330" width="400" height="330" role="img"
  aria-label="Lower spine from the side with the pars break marked">
  <title>Lower spine from the side with the pars break marked</title>
  <rect x="0" y="0" width="400" height="330" fill="#FFFFFF"/>
  <text x="20" y="24" font-size="14" fill="{INK}" font-family="sans-serif">Front</text>
  <text x="380" y="24" font-size="14" text-anchor="end" fill="{INK}" font-family="sans-serif">Back</text>
  {l4}
  <path d="M34,214 L156,208 L214,222 L200,258 L160,300 L92,300 L46,262 Z"
    fill="{BONE}" stroke="{INK}" stroke-width="2.5"/>
  <text x="128" y="266" font-size="15" text-anchor="middle" fill="{INK}"
    font-family="sans-serif">Base of the spine</text>
  {l5}</g>
  <g transform="translate({shift},0)"><path d="M184,148 L196,156 L186,162 L200,170 L190,176" fill="none"
    stroke="{BREAK}" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/></g>
  <line x1="202" y1="162" x2="300" y2="214" stroke="{INK}" stroke-width="1.5"/>
  <text x="304" y="222" font-size="17" font-weight="700" fill="{BREAK}" font-family="sans-serif">Break</text>
  <text x="304" y="242" font-size="14" fill="{INK}" font-family="sans-serif">in the pars,</text>
  <text x="304" y="259" font-size="14" fill="{INK}" font-family="sans-serif">the thin bridge</text>
  <text x="304" y="276" font-size="14" fill="{INK}" font-family="sans-serif">of bone</text>
</svg>"""


# ---------------------------------------------------------------------------------------
# Icon arrays: 100 people, the same drawing on the page and on paper

HIGHLIGHT = "#0072B2"  # Okabe-Ito blue: the people the sentence is about (filled)
REST = "#767676"  # grey outline on white (4.5:1): the others, outlined, not filled
CELL_W, CELL_H = 12, 14.4
ICON_WIDTH, ICON_HEIGHT = CELL_W * 10, round(CELL_H * 10)  # the intended size, in CSS pixels


def _person(x: float, y: float, filled: bool) -> str:
    """A head and shoulders in a 12 x 14.4 cell; filled dark, or outlined pale."""
    fill, stroke = (HIGHLIGHT, HIGHLIGHT) if filled else ("#FFFFFF", REST)
    cx = round(x + 6, 2)
    y = round(y, 2)
    lft, r, top, mid, base = cx - 4.3, cx + 4.3, y + 7.1, y + 8.6, y + 13
    body = (
        f"M{lft:.2f},{base:.2f} C{lft:.2f},{mid:.2f} {cx - 2.5:.2f},{top:.2f} {cx},{top:.2f} "
        f"C{cx + 2.5:.2f},{top:.2f} {r:.2f},{mid:.2f} {r:.2f},{base:.2f} Z"
    )
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="1"'
    return f'<circle cx="{cx}" cy="{y + 3.9:.2f}" r="2.6" {paint}/><path d="{body}" {paint}/>'


def icon_array_svg(n: int, label: str, *, xmlns: bool = True) -> str:
    """One labelled image of 100 people, 10 by 10, the first ``n`` filled (row by row).

    ``label`` (the numbers in words) is the image's only accessible text: screen readers
    meet one image, not 100 marks. ``xmlns=False`` for inline use in the HTML summary.
    """
    if not 0 <= n <= 100:
        raise ValueError(f"icon array: {n} is not between 0 and 100")
    ns = ' xmlns="http://www.w3.org/2000/svg"' if xmlns else ""
    people = "".join(_person((i % 10) * CELL_W, (i // 10) * CELL_H, i < n) for i in range(100))
    safe = label.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return (
        f'<svg{ns} class="icons" viewBox="0 0 {ICON_WIDTH} {ICON_HEIGHT}" width="{ICON_WIDTH}" '
        f'height="{ICON_HEIGHT}" role="img" aria-label="{safe}"><title>{safe}</title>{people}</svg>'
    )

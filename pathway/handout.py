"""The printable summary: one self-contained HTML file made with the markdown package.

No scripts, no external resources (no links, images or fonts from elsewhere), print-friendly
CSS in a <style> block. Every piece of case text is HTML-escaped before it reaches the
Markdown converter, even though it all comes from controlled vocabularies.
"""

from __future__ import annotations

import html

import markdown

from .content import MarkdownDoc
from .drawings_patient import SPINE_ALT, spine_svg
from .engine import Assessment
from .patient import Figure, case_lines, choices, healing_figure, timeline, what_happens_now

CSS = """
body { font-family: Georgia, 'Times New Roman', serif; font-size: 13pt; line-height: 1.5;
  color: #222; max-width: 46em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #bbb; padding-bottom: 0.15em; margin-top: 1.4em; }
h3 { font-size: 1.05em; margin-bottom: 0.2em; }
.notice { border: 2px solid #555; padding: 0.5em 0.8em; }
.grid { display: inline-block; vertical-align: middle; margin-right: 0.8em; }
.figure { display: flex; align-items: center; margin: 0.6em 0; page-break-inside: avoid; }
.drawing svg { max-width: 100%; height: auto; }
@media print { body { margin: 0; font-size: 11.5pt; } h2 { page-break-after: avoid; } }
"""

HIGHLIGHT = "#0072B2"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def grid_svg(n: int) -> str:
    """100 dots, 10 by 10: n filled dark circles, the rest pale outlined squares."""
    cells = []
    for i in range(100):
        x, y = (i % 10) * 11 + 6, (i // 10) * 11 + 6
        if i < n:
            cells.append(f'<circle cx="{x}" cy="{y}" r="4.5" fill="{HIGHLIGHT}"/>')
        else:
            cells.append(
                f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8" '
                'fill="none" stroke="#999" stroke-width="1"/>'
            )
    return (
        f'<svg class="grid" viewBox="0 0 112 112" width="112" height="112" role="img" '
        f'aria-label="{n} out of 100">' + "".join(cells) + "</svg>"
    )


def handout_figures(a: Assessment, figures: dict[str, Figure]) -> tuple[list[Figure], str]:
    """The figures the summary shows for this case, and the note on the healing figure."""
    heal, note = healing_figure(a.scenario, figures)
    shown = [figures[k] for k in ("rts_conservative",) if k in figures]
    if heal:
        shown.append(heal)
    shown += [figures[k] for k in ("rts_surgery", "heal_after_repair", "injection_relief") if k in figures]
    return shown, note


def handout_markdown(a: Assessment, figures: dict[str, Figure], doc: MarkdownDoc, disclaimer: str) -> str:
    """The summary's text as Markdown (escaped); grids are added as HTML by handout_html."""
    now = what_happens_now(a)
    md = [f"# {_e(doc.title)}", ""]
    md += ["## Your case", ""] + [f"- {_e(line)}" for line in case_lines(a.scenario)] + [""]
    md += ["## What the injury is", "", _e(doc.section("What the injury is")), ""]
    md += ["## What happens now", "", _e(now.what), "", f"Why: {_e(now.why)}", ""]
    md += [f"- {_e(step)}" for step in now.steps] + [""]
    if now.notes:
        md += ["Good to know:", ""] + [f"- {_e(n)}" for n in now.notes] + [""]
    md += ["## Your choices", ""]
    for c in choices(a, figures):
        md += [f"### {_e(c.title)}", ""] + [f"- {_e(line)}" for line in c.lines()] + [""]
    md += ["## Timeline", ""] + [f"- {_e(line)}" for line in timeline(a)] + [""]
    md += ["## Questions to ask your doctor", "", _e(doc.section("Questions to ask your doctor")), ""]
    md += ["## Where this comes from", "", _e(doc.section("Where this comes from")), ""]
    return "\n".join(md)


def handout_text(a: Assessment, figures: dict[str, Figure], doc: MarkdownDoc, disclaimer: str) -> str:
    """Everything the summary says in words, for readability checks."""
    shown, note = handout_figures(a, figures)
    parts = [handout_markdown(a, figures, doc, disclaimer), disclaimer, doc.section("About the numbers")]
    return "\n".join([*parts, *(f.sentence for f in shown), note])


def handout_html(a: Assessment, figures: dict[str, Figure], doc: MarkdownDoc, disclaimer: str) -> str:
    """The whole summary as one HTML document."""
    body = markdown.markdown(handout_markdown(a, figures, doc, disclaimer), output_format="html")
    shown, note = handout_figures(a, figures)
    blocks = [
        '<h2>The injury in a drawing</h2><div class="drawing">',
        spine_svg(xmlns=False),
        f"<p>{_e(SPINE_ALT)}</p></div>",
        "<h2>Chances, out of 100 people</h2>",
        markdown.markdown(_e(doc.section("About the numbers"))),
    ]
    for f in shown:
        blocks.append(f'<div class="figure">{grid_svg(f.n_of_100)}<span>{_e(f.sentence)}</span></div>')
    blocks.append(f"<p>{_e(note)}</p>")
    insert = body.find("<h2>Your choices</h2>")
    extra = "\n".join(blocks)
    body = body[:insert] + extra + "\n" + body[insert:] if insert >= 0 else body + extra
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(doc.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<div class="notice">{markdown.markdown(_e(disclaimer))}</div>\n{body}\n</body>\n</html>\n'
    )

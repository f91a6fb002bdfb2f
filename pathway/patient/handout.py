"""The printable summary: one self-contained HTML file, at most two A4 sheets.

Written as Markdown, block by block, and turned into HTML by the ``markdown`` package. No
scripts, no external resources (no links, images or fonts from elsewhere), no URL text,
print CSS in a <style> block. Every piece of text is HTML-escaped and Markdown-escaped, so
it shows as text, never as markup. It says what the page says: both lay out what
pathway.patient.guide.guide() returns (choices, numbers, which numbers to show, texts), and
pathway.patient.about's date, version and update policy.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from datetime import date

import markdown

from pathway.model.engine import Assessment
from pathway.patient import about
from pathway.patient.choices import ALWAYS, OPEN, Choice
from pathway.patient.drawings import icon_array_svg, spine_alt, spine_svg
from pathway.patient.guide import Guide, guide
from pathway.patient.words import SURE
from pathway.sources.content import MarkdownDoc
from pathway.sources.evidence import Reference
from pathway.sources.figures import NO_FIGURE

CSS = """
@page { size: A4; margin: 8mm 10mm; }
* { box-sizing: border-box; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 8.7pt; line-height: 1.15;
  color: #111; max-width: 52em; margin: 1em auto; padding: 0 0.8em; }
h1 { font-size: 1.5em; margin: 0 0 0.1em; }
h2 { font-size: 1.1em; border-bottom: 1px solid #888; margin: 0.4em 0 0.15em; padding-bottom: 0.05em;
  break-after: avoid; }
p, ul { margin: 0.2em 0 0.3em; }
ul { padding-left: 1.2em; }
li { margin: 0.05em 0; }
.meta { font-size: 0.9em; color: #333; margin: 0 0 0.3em; }
.notice { border: 2px solid #333; padding: 0.25em 0.6em; margin: 0.3em 0; }
.warn { border: 2px solid #111; padding: 0.2em 0.6em; break-inside: avoid; }
.cols { display: flex; gap: 1.2em; }
.cols > div { flex: 1 1 0; min-width: 0; }
.two { columns: 2; column-gap: 1.4em; }
.two li { break-inside: avoid; }
h3 { font-size: 1em; margin: 0.4em 0 0.1em; }
.drawing svg { width: 150px; height: auto; float: right; margin: 0 0 0.2em 0.8em; }
table { border-collapse: collapse; width: 100%; font-size: 0.86em; break-inside: auto; }
.tiny table { font-size: 0.8em; }
.tiny table td, .tiny table th { padding: 0.05em 0.3em; }
th, td { border: 1px solid #999; padding: 0.15em 0.35em; vertical-align: top; text-align: left; }
tr { break-inside: avoid; }
th, .choices td:first-child { background: #eee; }
.choices td:first-child { font-weight: bold; }
.nums { display: flex; flex-wrap: wrap; gap: 0.3em 0.9em; }
.num { display: flex; gap: 0.4em; align-items: flex-start; flex: 0 0 calc(33.3% - 0.6em);
  break-inside: avoid; }
.num .icon { flex-shrink: 0; }
.num svg.icons { flex-shrink: 0; width: 84px; height: 101px; }
.num p { margin: 0 0 0.2em; }
.small { font-size: 0.9em; }
.tiny { font-size: 0.82em; }
.three { columns: 3; column-gap: 1.1em; }
.three li { break-inside: avoid; }
.refs ul { list-style: none; padding-left: 0; }
.refs li { margin: 0; font-size: 0.95em; line-height: 1.12; }
.box { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #111; margin-right: 0.3em;
  vertical-align: -0.1em; }
.lines { border-bottom: 1px solid #999; height: 1.4em; }
@media print { body { margin: 0; max-width: none; padding: 0; } }
"""


# Markdown would read these as markup; a backslash makes each one plain text.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|])")


def _t(text: str) -> str:
    """One text for the Markdown source: HTML-escaped, Markdown-escaped, on one line."""
    text = _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=True))
    return re.sub(r"^(\d+)\.", r"\1\\.", text)  # "1." at the start is not a list


def _div(cls: str, *blocks: str) -> str:
    """A div with a class (or none), its contents Markdown (the md_in_html extension)."""
    attr = f' class="{cls}"' if cls else ""
    return f'<div{attr} markdown="1">\n\n' + "\n\n".join(blocks) + "\n\n</div>"


def _ul(items: Sequence[str], cls: str = "") -> str:
    bullets = "\n".join(f"- {_t(i)}" for i in items)
    return _div(cls, bullets) if cls else bullets


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(_t(h) for h in head) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(_t(c) for c in row) + " |" for row in rows])


def _bullets(section: str) -> list[str]:
    """A content section's '- ' lines as plain strings (Markdown bold marks dropped)."""
    out = []
    for line in section.splitlines():
        line = line.strip()
        if line.startswith("- "):
            out.append(line[2:].replace("**", ""))
        elif line:
            out.append(line.replace("**", ""))
    return out


def _shorts(found: list, none: str) -> str:
    return "; ".join(n.short for n in found) + "." if found else none


def _choice_table(chosen: tuple[Choice, ...], paper: list) -> str:
    def said(c: Choice, found: list, kind: str) -> str:
        """The paper's leads for this choice, and the selection's reasons where none leads."""
        gaps = [g.text for g in c.gaps if g.kind == kind]
        if c.status not in (OPEN, ALWAYS):  # the page gives its numbers, or why there are none
            return "This choice is not open now. See the page."
        mine = [n for n in paper if n.id in {x.id for x in found}]
        said = " ".join(x for x in (_shorts(mine, ""), *gaps) if x)
        return said or "No published figure for a case like yours."

    def good(c: Choice) -> str:
        return said(c, c.good, "benefit")

    def bad(c: Choice) -> str:
        return said(c, c.bad, "harm") + " " + c.risks

    def sport(c: Choice) -> str:
        return " ".join(c.time_lines()) or "No published figure."

    def heal(c: Choice) -> str:  # its own row: a time to heal is not a time back to sport (N24)
        lines = [x for x in c.heal_lines() if not x.startswith(NO_FIGURE)]
        return " ".join(lines) or f"{NO_FIGURE}."

    rows = [
        ("Is it open?", lambda c: c.status_text),
        ("What it is like", lambda c: " ".join(x for x in (c.like["what"], c.note) if x)),
        ("Time, study, work, driving, brace", lambda c: c.like["how long"] + " " + c.like["daily life"]),
        ("Good points", good),
        ("Downsides", bad),
        ("Back to sport", sport),
    ]
    if any(heal(c) != f"{NO_FIGURE}." for c in chosen):
        rows.append(("How long to heal", heal))
    return _table(["", *(c.title for c in chosen)], [[name, *(get(c) for c in chosen)] for name, get in rows])


def _top(g: Guide, a: Assessment, doc: MarkdownDoc, printed: date) -> list[str]:
    """Title, edition, the notice, who made it; the case beside the injury; what happens now."""
    slip = a.scenario.listhesis_grade
    about_text = " ".join(about.WHO_MADE_IT + about.FUNDING + about.UPDATE_POLICY)
    case = _div(
        "",
        "## Your case",
        f'<div class="drawing">{spine_svg(xmlns=False, slip=slip)}</div>',
        _ul(g.case, "tiny"),
    )
    injury = _div(
        "",
        "## What the injury is",
        _ul(_bullets(doc.section("What the injury is")), "tiny"),
        _div("tiny", "The drawing shows the lower back from the side, with the break marked. "
             + _t(spine_alt(slip).rsplit(". ", 1)[-1])),
    )  # fmt: skip
    blocks = [
        f"# {_t(doc.title)}",
        _div("meta", f"{_t(about.edition_line())} Printed on {_t(about.long_date(printed))}."),
        _div("notice", _t(doc.section("Before you read"))),
        _div("tiny", f"**About this guide.** {_t(about_text)}"),
        _div("cols", case, injury),
        "## What happens now",
        f"**{_t(g.now.what)}** {_t(g.now.why)}",
    ]
    if g.now.steps:
        blocks.append(_ul(g.now.steps, "tiny two"))
    if g.now.notes:
        blocks.append(_div("small", "**Good to know:** " + _t(" ".join(g.now.notes))))
    return blocks


def _numbers(g: Guide, doc: MarkdownDoc) -> list[str]:
    """The choice, the choices side by side, and the numbers as 100 people."""
    sure = _bullets(doc.section("How sure are these numbers?"))
    blocks = [
        "## The choice in front of you",
        _t(g.decision),
        "## Your choices",
        _div("choices", _choice_table(g.choices, g.paper)),
        "## The numbers, as 100 people",
        _div("tiny", _t(" ".join(sure[:2]))),
    ]
    cells = [
        _div(
            "num",
            f'<div class="icon">{icon_array_svg(n.n, n.alt, xmlns=False)}</div>',
            _div(
                "",
                f"**{_t(n.headline)}** ({_t(g.titles.get(n.option, n.option))})",
                _div("tiny", f"{_t(n.sentence)} {_t(n.other)}"),
                _div("tiny", f"Who was in the study: {_t(n.population)} {_t(n.cite)}"),
            ),
        )
        for n in g.paper
    ]
    blocks.append(_div("nums", *cells))
    if g.paper_left_out > 0:
        blocks.append(
            _div(
                "tiny",
                f"The page shows {g.paper_left_out} more numbers, with more on how sure each one is. "
                "This sheet keeps one number per question (the one for your stage of break, side and "
                "age), for the choices open now.",
            )
        )
    blocks.append(_div("tiny", f"**How sure are these numbers?** {_t(' '.join(sure[2:]))}"))
    return blocks


def _matters(g: Guide, picked: Sequence[str], sure: Mapping[str, str | None]) -> list[str]:
    """The steps ahead, her picks and how each choice fits them, and her SURE answers."""
    blocks = [
        "## Timeline",
        _ul(g.steps_ahead, "small"),
        "## What matters to you",
        _div("tiny", "What you picked on the page, and how each choice fits it. "
             "It does not say which choice is best."),
    ]  # fmt: skip
    rows = g.fit_rows(list(picked))
    if rows:
        cols = list(rows[0])
        # On paper the verdict only ("fits: no operation" -> "fits"); the page gives the reasons.
        cells = [[r[c] if i == 0 else r[c].split(":")[0] for i, c in enumerate(cols)] for r in rows]
        blocks.append(_div("tiny", _table(cols, cells)))
    else:
        blocks.append(
            _div("small", "You did not pick anything on the page. You can write here what matters to you:")
        )
        blocks.append('<div class="lines"></div>\n<div class="lines"></div>')
    box = '<span class="box"></span>'
    answers = [
        f"{_t(question)} " + (f"**{_t(sure[key])}**" if sure.get(key) else f"{box}Yes {box}No")
        for key, question in SURE.items()
    ]
    blocks += ["### Are you ready to choose?", _div("small two", "\n".join(f"- {a}" for a in answers))]
    return blocks


def _safety(g: Guide, doc: MarkdownDoc, references: Mapping[int, Reference]) -> list[str]:
    """The warning signs, what to do, the questions to ask, and the studies behind the numbers."""
    studies = [about.study_line(references[r], title_words=9) for r in g.paper_refs if r in references]
    return [
        _div(
            "warn",
            "## Go to an emergency department now if",
            _ul(_bullets(doc.section("Go to an emergency department now if")), "small two"),
        ),
        _div(
            "warn",
            "## Call a doctor soon if",
            _ul(_bullets(doc.section("Call a doctor soon if")), "small two"),
        ),
        _div(
            "cols",
            _div(
                "", "## If the pain gets worse", _ul(_bullets(doc.section("If the pain gets worse")), "small")
            ),
            _div(
                "", "## Pain pills: take care", _ul(_bullets(doc.section("Pain pills: take care")), "small")
            ),
        ),
        "## Questions to ask your doctor",
        _ul(_bullets(doc.section("Questions to ask your doctor")), "small two"),
        _div("small", "Your own questions:"),
        "## The studies behind the numbers",
        _ul(studies, "refs tiny three"),
    ]


def handout_markdown(
    a: Assessment,
    doc: MarkdownDoc,
    references: Mapping[int, Reference],
    picked: Sequence[str] = (),
    sure: Mapping[str, str | None] | None = None,
    printed: date | None = None,
    g: Guide | None = None,
) -> str:
    """The summary's Markdown source (every text escaped; the drawings inline SVG)."""
    g = g or guide(a)
    blocks = [
        *_top(g, a, doc, printed or date.today()),
        *_numbers(g, doc),
        *_matters(g, picked, sure or {}),
        *_safety(g, doc, references),
    ]
    return "\n\n".join(blocks) + "\n"


def handout_html(
    a: Assessment,
    doc: MarkdownDoc,
    references: Mapping[int, Reference],
    picked: Sequence[str] = (),
    sure: Mapping[str, str | None] | None = None,
    printed: date | None = None,
    g: Guide | None = None,
) -> str:
    """The whole summary as one HTML document (her picks and SURE answers included)."""
    source = handout_markdown(a, doc, references, picked, sure, printed, g)
    body = markdown.markdown(source, extensions=["tables", "md_in_html"], output_format="html")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(doc.title, quote=True)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + body
        + "\n</body>\n</html>\n"
    )

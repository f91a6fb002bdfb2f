"""The printable summary: one self-contained HTML file, at most two A4 sheets, text at 10 pt or more.

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
from pathway.patient.choices import ALWAYS, OPEN
from pathway.patient.grid import grid, grid_html
from pathway.patient.guide import Guide, guide
from pathway.patient.teachback import questions
from pathway.patient.words import SURE
from pathway.sources.content import MarkdownDoc
from pathway.sources.evidence import Reference

CSS = """
@page { size: A4; margin: 6mm 8mm 7mm; }
* { box-sizing: border-box; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 10pt; line-height: 1.08;
  color: #000; max-width: 60em; margin: 1em auto; padding: 0 0.8em; }
h1 { font-size: 15pt; margin: 0 0 0.1em; }
h2 { font-size: 11.5pt; border-bottom: 1px solid #000; margin: 0.45em 0 0.15em; padding-bottom: 0.05em;
  break-after: avoid; }
p, ul { margin: 0.15em 0 0.25em; }
ul { padding-left: 1.2em; }
li { margin: 0.03em 0; }
.meta { color: #000; margin: 0 0 0.2em; }
.notice { border: 1px solid #000; padding: 0.15em 0.5em; margin: 0.2em 0; }
.warn { border: 3px solid #000; padding: 0.1em 0.6em 0.2em; break-inside: avoid; margin: 0.3em 0; }
.warn h2 { border: 0; margin-top: 0.2em; }
.cols { display: flex; gap: 1em; }
.cols > div { flex: 1 1 0; min-width: 0; }
.two { columns: 2; column-gap: 1.2em; }
.two li { break-inside: avoid; }
table.grid { border-collapse: collapse; width: 100%; }
table.grid th, table.grid td { border: 1px solid #000; padding: 0.1em 0.3em; vertical-align: top;
  text-align: left; }
table.grid thead th { border-bottom: 2px solid #000; }
table.grid tbody th { width: 12%; font-weight: bold; }
table.grid p { margin: 0 0 0.15em; }
table.grid tr { break-inside: avoid; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 0.1em 0.3em; vertical-align: top; text-align: left; }
.refs ul { list-style: none; padding-left: 0; }
.box { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #000; margin-right: 0.3em;
  vertical-align: -0.1em; }
.lines { border-bottom: 1px solid #000; height: 1.5em; }
.foot { margin-top: 0.4em; border-top: 1px solid #000; padding-top: 0.1em; }
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


def _top(g: Guide, doc: MarkdownDoc, printed: date) -> list[str]:
    """Title, edition, the notice; where she is now; the emergency signs."""
    return [
        f"# {_t(doc.title)}",
        _div("meta", f"{_t(about.edition_line())} Printed on {_t(about.long_date(printed))}."),
        _div("notice", _t(doc.section("Before you read"))),
        "## Where you are now",
        f"**Your case.** {_t(' '.join(line.rstrip('.') + '.' for line in g.case))}",
        f"**What the injury is.** {_t(' '.join(_bullets(doc.section('What the injury is'))[1:3]))}",
        f"**{_t(g.now.what)}**",
        f"**The choice in front of you.** {_t(g.decision)}",
        _div(
            "warn",
            "## Go to an emergency department now if",
            _ul(_bullets(doc.section("Go to an emergency department now if"))),
        ),
    ]


def _choices(g: Guide, doc: MarkdownDoc) -> list[str]:
    """The options table: the page's own, same rows, same numbers."""
    gr = grid(g)
    sure = _bullets(doc.section("How sure are these numbers?"))
    blocks = [
        "## Your choices side by side",
        "Each column is a choice open to you now. Numbers are how many in 100 people in a study, "
        "with when they looked and who they were.",
        f"**How sure are these numbers?** {_t(' '.join(sure[1:4]))}",
        grid_html(gr),
    ]
    not_open = [c for c in g.choices if c.status not in (OPEN, ALWAYS)]
    if not_open:
        blocks.append("**Not open now:** " + _t(" ".join(f"{c.title}: {c.status_text}" for c in not_open)))
    return blocks


def _visit(
    g: Guide,
    picked: Sequence[str],
    leaning: str | None,
    answers: Mapping[str, str | None],
    sure: Mapping[str, str | None],
) -> list[str]:
    """Her leaning, what matters to her, and the check of understanding as teach-back prompts."""
    box = '<span class="box"></span>'
    open_titles = [c.title for c in grid(g).options]
    blocks = ["## Your thoughts"]
    if len(open_titles) > 1:
        if leaning:
            blocks.append(f"**Which way you were leaning:** {_t(leaning)}")
        else:
            blocks.append(
                "**Which way are you leaning?** "
                + " ".join(f"{box}{_t(t)}" for t in [*open_titles, "Not sure yet"])
            )
    names = g.priorities
    if picked:
        # Her words only: how each choice fits them is on the page (the table there gives reasons).
        blocks.append("**What matters to you:** " + _t("; ".join(names.get(p, p) for p in picked)) + ".")
    else:
        blocks.append("**What matters to you?** Write it here:")
        blocks.append('<div class="lines"></div>')
    given = [(q, sure.get(k)) for k, q in SURE.items()]
    if len(open_titles) > 1 and any(a for _, a in given):
        blocks.append("**Ready to choose?** " + _t(" ".join(f"{q} {a or '-'}." for q, a in given)))
    blocks.append("## Check what you understood")
    blocks.append("Tell your doctor in your own words. The answer is under each question.")
    items = []
    for q in questions(g):
        said = answers.get(q.key)
        mine = f" (You said: {said}.)" if said else ""
        items.append(f"{q.prompt} Answer: {q.why}{mine}")
    blocks.append(_ul(items))
    return blocks


def _rest(g: Guide, doc: MarkdownDoc, references: Mapping[int, Reference], before: str) -> list[str]:
    """Call soon, the studies and who made the guide (her case in full and the questions to ask
    stay on the page)."""
    # Every study cited above it on the sheet (the text is Markdown-escaped: \[41\]).
    cited = sorted({int(r) for r in re.findall(r"\[(\d+)\\?\]", before)})
    studies = [about.study_line(references[r], title_words=6) for r in cited if r in references]
    return [
        "## Call your doctor soon if",
        _ul(_bullets(doc.section("Call your doctor soon if")), "two"),
        f"**If the pain gets worse.** {_t(' '.join(_bullets(doc.section('If the pain gets worse'))))}",
        f"**Pain pills: take care.** {_t(' '.join(_bullets(doc.section('Pain pills: take care'))))}",
        "## The studies behind the numbers",
        _ul(studies, "refs two"),
        _div("foot", f"**About this guide.** {_t(' '.join(about.PAPER_ABOUT))}"),
    ]


def handout_markdown(
    a: Assessment,
    doc: MarkdownDoc,
    references: Mapping[int, Reference],
    picked: Sequence[str] = (),
    sure: Mapping[str, str | None] | None = None,
    printed: date | None = None,
    g: Guide | None = None,
    leaning: str | None = None,
    answers: Mapping[str, str | None] | None = None,
) -> str:
    """The summary's Markdown source (every text escaped; the table HTML-escaped)."""
    g = g or guide(a)
    blocks = [
        *_top(g, doc, printed or date.today()),
        *_choices(g, doc),
        *_visit(g, picked, leaning, answers or {}, sure or {}),
    ]
    blocks += _rest(g, doc, references, "\n".join(blocks))
    return "\n\n".join(blocks) + "\n"


def handout_html(
    a: Assessment,
    doc: MarkdownDoc,
    references: Mapping[int, Reference],
    picked: Sequence[str] = (),
    sure: Mapping[str, str | None] | None = None,
    printed: date | None = None,
    g: Guide | None = None,
    leaning: str | None = None,
    answers: Mapping[str, str | None] | None = None,
) -> str:
    """The whole summary as one HTML document (her picks, leaning and answers included)."""
    source = handout_markdown(a, doc, references, picked, sure, printed, g, leaning, answers)
    body = markdown.markdown(source, extensions=["tables", "md_in_html"], output_format="html")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(doc.title, quote=True)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + body
        + "\n</body>\n</html>\n"
    )

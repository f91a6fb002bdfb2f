"""The printable summary: one self-contained HTML file, at most two A4 sheets.

No scripts, no external resources (no links, images or fonts from elsewhere), no URL text,
print CSS in a <style> block. Every piece of text is HTML-escaped. It says what the page
says: both lay out what pathway.patient.guide.guide() returns (choices, numbers, which
numbers to show, texts), and pathway.patient.about's date, version and update policy.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date

from pathway.model.engine import Assessment
from pathway.patient import about
from pathway.patient.choices import ALWAYS, OPEN, Choice
from pathway.patient.drawings import icon_array_svg, spine_alt, spine_svg
from pathway.patient.guide import Guide, guide
from pathway.patient.words import SURE
from pathway.sources.content import MarkdownDoc
from pathway.sources.evidence import Reference

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
table.tiny { font-size: 0.8em; }
table.tiny td, table.tiny th { padding: 0.05em 0.3em; }
th, td { border: 1px solid #999; padding: 0.15em 0.35em; vertical-align: top; text-align: left; }
tr { break-inside: avoid; }
th { background: #eee; }
.nums { display: flex; flex-wrap: wrap; gap: 0.3em 0.9em; }
.num { display: flex; gap: 0.4em; align-items: flex-start; flex: 0 0 calc(33.3% - 0.6em);
  break-inside: avoid; }
.num svg.icons { flex-shrink: 0; width: 84px; height: 101px; }
.num p { margin: 0 0 0.2em; }
.small { font-size: 0.9em; }
.tiny { font-size: 0.82em; }
.three { columns: 3; column-gap: 1.1em; }
.three li { break-inside: avoid; }
.refs li { margin: 0; font-size: 0.95em; line-height: 1.12; }
.box { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #111; margin-right: 0.3em;
  vertical-align: -0.1em; }
.lines { border-bottom: 1px solid #999; height: 1.4em; }
@media print { body { margin: 0; max-width: none; padding: 0; } }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _ul(items: Sequence[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"


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
    def none(c: Choice) -> str:
        if c.status in (OPEN, ALWAYS):
            return "No published figure for a case like yours."
        return "This choice is not open now; its numbers are on the page."

    def good(c: Choice) -> str:
        return _shorts([n for n in paper if n.id in {x.id for x in c.good}], none(c))

    def bad(c: Choice) -> str:
        return _shorts([n for n in paper if n.id in {x.id for x in c.bad}], none(c)) + " " + c.risks

    def sport(c: Choice) -> str:
        return " ".join(c.time_lines() + c.heal_lines()) or "No published figure."

    rows = [
        ("Is it open?", lambda c: c.status_text),
        ("What it is like", lambda c: " ".join(x for x in (c.like["what"], c.note) if x)),
        ("Time, study, work, driving, brace", lambda c: c.like["how long"] + " " + c.like["daily life"]),
        ("Good points", good),
        ("Downsides", bad),
        ("Back to sport", sport),
    ]
    head = "<tr><th></th>" + "".join(f"<th>{_e(c.title)}</th>" for c in chosen) + "</tr>"
    body = "".join(
        f"<tr><th>{_e(name)}</th>" + "".join(f"<td>{_e(get(c))}</td>" for c in chosen) + "</tr>"
        for name, get in rows
    )
    return f"<table>{head}{body}</table>"


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
    sure = sure or {}
    printed = printed or date.today()
    g = g or guide(a)
    chosen = g.choices
    # On paper: the numbers of the choices open now (and keeping going); the others are on
    # the page, where they wait in a closed section so they do not anchor an early reader.
    paper = g.paper
    titles = g.titles
    now = g.now
    s = a.scenario
    parts: list[str] = [
        f"<h1>{_e(doc.title)}</h1>",
        f'<p class="meta">{_e(about.edition_line())} Printed on {_e(about.long_date(printed))}.</p>',
        f'<div class="notice"><p>{_e(doc.section("Before you read"))}</p></div>',
        '<p class="tiny"><strong>About this guide.</strong> '
        f"{_e(' '.join(about.WHO_MADE_IT + about.FUNDING + about.UPDATE_POLICY))}</p>",
        '<div class="cols"><div>',
        "<h2>Your case</h2>",
        f'<div class="drawing">{spine_svg(xmlns=False, slip=s.listhesis_grade)}</div>',
        _ul(g.case, "tiny"),
        "</div><div>",
        "<h2>What the injury is</h2>",
        _ul(_bullets(doc.section("What the injury is")), "tiny"),
        f'<p class="tiny">The drawing shows the lower back from the side, with the break marked. '
        f"{_e(spine_alt(s.listhesis_grade).rsplit('. ', 1)[-1])}</p>",
        "</div></div>",
        "<h2>What happens now</h2>",
        f"<p><strong>{_e(now.what)}</strong> {_e(now.why)}</p>",
    ]
    if now.steps:
        parts.append(_ul(now.steps, "tiny two"))
    if now.notes:
        parts.append('<p class="small"><strong>Good to know:</strong> ' + _e(" ".join(now.notes)) + "</p>")
    parts += [
        "<h2>The choice in front of you</h2>",
        f"<p>{_e(g.decision)}</p>",
        "<h2>Your choices</h2>",
        _choice_table(chosen, paper),
        "<h2>The numbers, as 100 people</h2>",
        f'<p class="tiny">{_e(" ".join(_bullets(doc.section("How sure are these numbers?"))[:2]))}</p>',
        '<div class="nums">',
    ]
    for n in paper:
        parts.append(
            f'<div class="num">{icon_array_svg(n.n, n.alt, xmlns=False)}<div>'
            f"<p><strong>{_e(n.headline)}</strong> ({_e(titles.get(n.option, n.option))})</p>"
            f'<p class="tiny">{_e(n.sentence)} {_e(n.other)}</p>'
            f'<p class="tiny">Who was in the study: {_e(n.population)} {_e(n.cite)}</p>'
            "</div></div>"
        )
    parts.append("</div>")
    more = g.paper_left_out
    if more > 0:
        parts.append(
            f'<p class="tiny">The page shows {more} more numbers, with more on how sure each one is. '
            "This sheet keeps one number per question (a study of young adults where there is one), "
            "for the choices open now.</p>"
        )
    parts += [
        '<p class="tiny"><strong>How sure are these numbers?</strong> '
        f"{_e(' '.join(_bullets(doc.section('How sure are these numbers?'))[2:]))}</p>",
        "<h2>Timeline</h2>",
        _ul(g.steps_ahead, "small"),
        "<h2>What matters to you</h2>",
        '<p class="tiny">What you picked on the page, and how each choice fits it. '
        "It does not say which choice is best.</p>",
    ]
    rows = g.fit_rows(list(picked))
    if rows:
        cols = list(rows[0])
        parts.append(
            '<table class="tiny"><tr>'
            + "".join(f"<th>{_e(c)}</th>" for c in cols)
            + "</tr>"
            # On paper the verdict only ("fits: no operation" -> "fits"); the page gives the reasons.
            + "".join(
                "<tr>"
                + "".join(
                    f"<td>{_e(r[c] if i == 0 else r[c].split(':')[0])}</td>" for i, c in enumerate(cols)
                )
                + "</tr>"
                for r in rows
            )
            + "</table>"
        )
    else:
        parts.append(
            '<p class="small">You did not pick anything on the page. '
            "You can write here what matters to you:</p>"
        )
        parts.append('<div class="lines"></div><div class="lines"></div>')
    parts.append('<h3>Are you ready to choose?</h3><ul class="small two">')
    for key, question in SURE.items():
        answer = sure.get(key)
        mark = (
            f"<strong>{_e(answer)}</strong>"
            if answer
            else '<span class="box"></span>Yes <span class="box"></span>No'
        )
        parts.append(f"<li>{_e(question)} {mark}</li>")
    parts.append("</ul>")
    parts += [
        '<div class="warn"><h2>Call a doctor soon if</h2>',
        _ul(_bullets(doc.section("Call a doctor soon if")), "small two"),
        "</div>",
        '<div class="cols"><div><h2>If the pain gets worse</h2>',
        _ul(_bullets(doc.section("If the pain gets worse")), "small"),
        "</div><div><h2>Pain pills: take care</h2>",
        _ul(_bullets(doc.section("Pain pills: take care")), "small"),
        "</div></div>",
        "<h2>Questions to ask your doctor</h2>",
        _ul(_bullets(doc.section("Questions to ask your doctor")), "small two"),
        '<p class="small">Your own questions:</p>',
        "<h2>The studies behind the numbers</h2>",
        '<ol class="refs tiny three" style="list-style:none;padding-left:0">'
        + "".join(
            f"<li>{_e(about.study_line(references[r], title_words=9))}</li>"
            for r in g.paper_refs
            if r in references
        )
        + "</ol>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(doc.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(parts)
        + "\n</body>\n</html>\n"
    )

"""What every page shares around its content: set-up, header, disclaimer, menu, links.

The case itself (controls, reading a link) is ui/case.py; cached loads are ui/loaders.py.
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path
from typing import Literal

import streamlit as st

from pathway.model.scenario import SCENARIO_FIELDS, Scenario
from pathway.sources import rule_texts
from pathway.sources.content import MarkdownDoc, PageEntry
from pathway.sources.errors import ContentError
from pathway.study.glossary import GlossaryTerm, glossary_link, terms_in
from ui import loaders
from ui.case import (
    LINK_MAX_CHARS,
    LINK_MAX_FIELDS,
    TOO_LONG_KEY,
    TOO_LONG_VALUE,
    bound_here,
    current_scenario,
    take_too_long,
    too_long_notice,
)

HOME = "app.py"

LINK_LIMITS = {
    "fields": LINK_MAX_FIELDS,
    "chars": LINK_MAX_CHARS,
    "marker": f"{TOO_LONG_KEY}={TOO_LONG_VALUE}",
}
# ui/browser.js, read once: the app's only script (see its opening comment). The only thing
# filled into it are module constants: the case field names and the link limits.
# The app's one style rule for every page: a Markdown table wider than its column (the
# evidence and imaging tables on a 390 px phone: up to 1181 px) scrolls sideways in its own
# box instead of widening the page.
BROWSER_STYLE = (
    "<style>[data-testid=stMarkdownContainer] table{display:block;max-width:100%;overflow-x:auto;}</style>\n"
)
BROWSER_SCRIPT = (
    "<script>\n"
    + (Path(__file__).parent / "browser.js")
    .read_text(encoding="utf-8")
    .replace("CASE_FIELDS", json.dumps(list(SCENARIO_FIELDS)))
    .replace("LINK_LIMITS", json.dumps(LINK_LIMITS))
    + "</script>"
)


Layout = Literal["centered", "wide"]


def setup(title: str, layout: Layout = "wide") -> None:
    """Page config. The tab icon is an emoji on every page: a Material icon there makes the
    browser fetch the favicon from a font CDN, and nothing may leave localhost."""
    st.set_page_config(page_title=f"{title} · Pars Pathway Explorer", page_icon="🦴", layout=layout)


def page_header(
    title: str,
    slug: str,
    layout: Layout = "wide",
    fallback: str | None = None,
    notice_section: str | None = None,
) -> MarkdownDoc | None:
    """How every page starts: config, the title and intro of content/<slug>.md, the disclaimer.

    ``notice_section`` names a section of the page's own content file that replaces the
    shared disclaimer (the patient view says it in plain words); without that section the
    shared one is shown. Returns the content file (None when it is missing or malformed:
    the error is shown and the page goes on with ``fallback`` or ``title`` as its heading).
    """
    setup(title, layout)
    # Before the script: the address loses the too-long marker first (ui/browser.js).
    link_too_long = take_too_long()
    install_browser_script()
    doc = content(slug)
    st.title(doc.title if doc else (fallback or title))
    if doc and notice_section and notice_section in doc.sections:
        with st.container(key="disclaimer"):
            st.caption(doc.sections[notice_section])
    else:
        disclaimer()
    rules_problems()
    if link_too_long:
        too_long_notice()
    if doc and doc.intro:
        st.markdown(doc.intro)
    return doc


def rules_problems() -> None:
    """A broken content/rules/*.csv table, said once at the top of every page: the pages go
    on, with "[Text missing: ...]" where its words would be (rule_texts.words)."""
    for problem in rule_texts.problems():
        st.error(f"Some of the rules' wording is unavailable: {problem}.", icon=":material/error:")


def install_browser_script() -> None:
    """Sends the script with every page run; the script itself runs once per browser tab."""
    with st.sidebar:
        st.html(BROWSER_SCRIPT, unsafe_allow_javascript=True)
        st.html(BROWSER_STYLE)


def content(slug: str) -> MarkdownDoc | None:
    """A content file, or None after showing an error that names it."""
    try:
        return loaders.markdown_doc(slug)
    except ContentError as exc:
        st.error(f"This part of the page is unavailable: {exc}.", icon=":material/error:")
        return None


_FALLBACK_DISCLAIMER = (
    "**Educational use only.** This app teaches one published treatment pathway. It is not "
    "medical advice and does not replace a clinician who knows the patient."
)


def disclaimer() -> None:
    """The educational-use notice every page carries (content/disclaimer.md)."""
    try:
        text = loaders.markdown_doc("disclaimer").intro
    except ContentError:
        text = _FALLBACK_DISCLAIMER
    with st.container(key="disclaimer"):
        st.caption(text)


def ink() -> str:
    """Text colour for chart labels in the current theme.

    Vega draws text marks black whatever Streamlit's theme, unreadable on the dark
    background; charts with text labels take this colour instead.
    """
    try:
        dark = st.context.theme.type == "dark"
    except Exception:  # no browser context (AppTest, bare mode)
        dark = False
    return "#fafafa" if dark else "#262730"


def glossary_terms(text: str) -> tuple[GlossaryTerm, ...]:
    """The glossary terms that appear in ``text`` (none when the glossary cannot be read)."""
    try:
        return tuple(terms_in(text, loaders.glossary()))
    except ContentError:
        return ()


def glossary_links(found: tuple[GlossaryTerm, ...]) -> None:
    """A caption linking the glossary entries of ``found`` (from glossary_terms)."""
    if found:
        st.caption("Terms used here: " + " · ".join(glossary_link(t) for t in found))


def page_index() -> tuple[PageEntry, ...]:
    """The pages in menu order (content/pages.csv); if that file is broken, the pages found
    in pages/ with titles from their file names, so the menu keeps working (the sidebar says
    what is wrong, see ``page_links``)."""
    try:
        return loaders.pages()
    except ContentError:
        return loaders.fallback_pages()


def page_index_error() -> str | None:
    try:
        loaders.pages()
    except ContentError as exc:
        return str(exc)
    return None


def page_links(
    scenario: Scenario | None = None,
    exclude: str = "",
    columns: int = 3,
    inline: bool = True,
    sidebar: bool = True,
    live: bool | None = None,
) -> None:
    """The menu (sidebar) and links to the other pages (page end), carrying the case.

    Without ``scenario`` the links carry the case in this page's URL (pages without case
    controls keep it there since the page switch no longer drops it).

    ``live``: for a page whose controls change the case without rerunning the page (the
    explorer's fragments). The links then carry no query of their own and never need
    redrawing: a click takes the case from the address bar, and the page's script keeps each
    href equal to it (ui/browser.js), for a new tab or a copied address. By default a page
    whose own controls bind the case to the URL gets live links: Streamlit's page switch
    already carries the bound fields, and a link's copy of them doubled every field in the
    address (ui/case.py ``bound_here``).
    """
    if live is None:
        live = bound_here()
    if scenario is None:
        scenario = current_scenario()
    case_query = scenario.to_query() or None
    query = None if live else case_query
    if sidebar:
        with st.sidebar, st.container(key="case_links_menu") if live else nullcontext():
            st.page_link(HOME, label="Home", icon=":material/home:", query_params=query)
            problem = page_index_error()
            if problem:
                st.error(f"The menu is incomplete: {problem}.", icon=":material/error:")
            for entry in page_index():
                st.page_link(entry.file, label=entry.title, icon=entry.icon, query_params=query)
    if not inline:
        return
    entries = [e for e in page_index() if e.file != exclude]
    if sidebar:
        st.divider()
        st.caption("Other pages" + (" (they open with this case)" if case_query else ""))
    cols = st.columns(columns) if not live else st.container(key="case_links_page").columns(columns)
    for i, entry in enumerate(entries):
        with cols[i % columns]:
            st.page_link(
                entry.file, label=entry.title, icon=entry.icon, query_params=query, help=entry.description
            )

"""What every page shares: page set-up, the disclaimer, cached content, the case in the URL."""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import nullcontext
from urllib.parse import parse_qsl, urlencode

import streamlit as st

import pathway
from pathway.model.scenario import (
    ACTIVITIES,
    CT_STAGES,
    LATERALITIES,
    MRI_VALUES,
    PAIN_LEVELS,
    SCENARIO_FIELDS,
    Scenario,
)
from pathway.sources.content import MarkdownDoc, PageEntry, load_markdown, load_pages
from pathway.sources.errors import ContentError
from pathway.sources.source import escape_markdown

WEEKS_SLIDER_MAX = 52  # the explorer's slider; Scenario itself allows up to 104
AGE_SLIDER = (14, 60)  # the age control's range; Scenario itself allows 10 to 90
# What the case controls can show: a link value outside it is reported, not clamped.
CONTROL_RANGES = {"weeks_conservative": (0, WEEKS_SLIDER_MAX), "age": AGE_SLIDER}


def _case_belongs_to_the_app() -> None:
    """Keep the case in the URL when the user changes page (B1, B2).

    The cause: every case control is bound to the URL (``bind="query-params"``), and on a
    page switch Streamlit 1.67 drops, before the new page runs, every parameter bound to a
    widget of the page being left (``QueryParams.populate_from_query_string`` with the new
    page's script hashes). So a link, the menu or Back opened the new page at the default
    case, although the browser had sent the case. Worse, Streamlit then tells the browser the
    shortened query while it still shows the old page: the browser pushes a history entry of
    the old page without the case, and Back lands on it (the explorer at week 0).

    The case is the app's, not one page's: every page that shows it binds the same keys. So
    before that filter runs, the old page's bindings of the case fields are released (the
    new page binds them again when it draws its controls), and a field the browser sent twice
    (the URL's value, then the link's copy of it) is kept once. Nothing else
    changes: other parameters are filtered as before, and values are only moved, not read
    (the widgets and case_notice() validate them).
    """
    from streamlit.runtime.state.query_params import QueryParams

    original = QueryParams.populate_from_query_string
    if getattr(original, "_keeps_the_case", False):
        return

    def populate_from_query_string(self, query_string, valid_script_hashes=None):
        switch = valid_script_hashes is not None
        if switch:
            for field in SCENARIO_FIELDS:
                binding = self.get_binding_for_param(field)
                if binding is not None and binding.script_hash not in valid_script_hashes:
                    self.unbind_widget(binding.widget_id)
        pairs, seen = [], set()
        for key, value in parse_qsl(query_string, keep_blank_values=True):
            if key in SCENARIO_FIELDS:
                # An exact repeat is the same case twice (the URL's copy and the link's copy
                # on a switch): kept once. Copies that disagree are left for read_link(), which
                # falls back to the default and says so (one reading of a link).
                if (key, value) in seen:
                    continue
                seen.add((key, value))
            pairs.append((key, value))
        return original(self, urlencode(pairs), valid_script_hashes)

    populate_from_query_string._keeps_the_case = True
    QueryParams.populate_from_query_string = populate_from_query_string


_case_belongs_to_the_app()


def setup(title: str, layout: str = "wide") -> None:
    """Page config. The tab icon is an emoji on every page: a Material icon there makes the
    browser fetch the favicon from a font CDN, and nothing may leave localhost."""
    st.set_page_config(page_title=f"{title} · Pars Pathway Explorer", page_icon="🦴", layout=layout)


def page_header(
    title: str,
    slug: str,
    layout: str = "wide",
    fallback: str | None = None,
    notice_section: str | None = None,
):
    """How every page starts: config, the title and intro of content/<slug>.md, the disclaimer.

    ``notice_section`` names a section of the page's own content file that replaces the
    shared disclaimer (the patient view says it in plain words); without that section the
    shared one is shown. Returns the content file (None when it is missing or malformed:
    the error is shown and the page goes on with ``fallback`` or ``title`` as its heading).
    """
    setup(title, layout)
    _browser_script_once()
    doc = content(slug)
    st.title(doc.title if doc else (fallback or title))
    if doc and notice_section and notice_section in doc.sections:
        with st.container(key="disclaimer"):
            st.caption(doc.sections[notice_section])
    else:
        disclaimer()
    if doc and doc.intro:
        st.markdown(doc.intro)
    return doc


# One constant script (no URL or user text in it: the case field names are module constants),
# installed once per page in the sidebar:
# 1. Streamlit 1.67's slider (react-aria) labels its input by itself *and* by its group, both
#    carrying the label, so screen readers announce "Weeks of conservative care Weeks of
#    conservative care". It drops the input's aria-labelledby, leaving its aria-label: the name
#    is read once, also when Streamlit redraws a slider. Remove it once Streamlit labels sliders
#    once.
# 2. Links drawn by ``page_links(live=True)`` (in a ``case_links_*`` container) carry no query of
#    their own, so a slider move need not redraw them: a click already takes the case from the
#    address bar (Streamlit sends the URL's query on a page switch, and
#    ``_case_belongs_to_the_app`` keeps it). This keeps their href, what "open in a new tab" and
#    "copy link" use, equal to the address bar's case: only the case fields, only values of the
#    app's own shape, encoded by URLSearchParams, on the link's own same-app path.
_BROWSER_SCRIPT = """<script>
(() => {
  if (window.__ppeScript) return;
  window.__ppeScript = true;
  const CASE = new Set(CASE_FIELDS);
  const SAFE = /^[A-Za-z0-9_ .+-]{1,40}$/;
  const names = () => document.querySelectorAll(
    '[data-testid=stSlider] input[type=range][aria-labelledby][aria-label]'
  ).forEach((input) => input.removeAttribute('aria-labelledby'));
  const links = () => {
    const query = new URLSearchParams();
    new URLSearchParams(window.location.search).forEach((value, key) => {
      if (CASE.has(key) && SAFE.test(value)) query.append(key, value);
    });
    const tail = query.toString() ? '?' + query.toString() : '';
    document.querySelectorAll('[class*="st-key-case_links"] a[data-testid=stPageLink-NavLink]')
      .forEach((a) => {
        if (a.dataset.caseBase === undefined) {
          a.dataset.caseBase = (a.getAttribute('href') || '').split('?')[0];
        }
        const href = a.dataset.caseBase + tail;
        if (a.getAttribute('href') !== href) a.setAttribute('href', href);
      });
  };
  // 3. Study mode: when a new question replaces the last one ("Question 3" after "Question 2"),
  //    bring its top into view if it is above the screen (on a phone the page stayed where the
  //    long explanation had been, 260-300 px below the new stem). Reads only the page's own text.
  let lastQuestion = null;
  const question = () => {
    const box = document.querySelector('.st-key-study_question');
    const caption = box && box.querySelector('[data-testid=stCaptionContainer]');
    const label = caption ? caption.textContent.split('\u00b7')[0].trim() : null;
    if (label && lastQuestion && label !== lastQuestion) {
      const top = box.getBoundingClientRect().top;
      if (top < 64 || top > window.innerHeight * 0.6) {
        box.style.scrollMarginTop = '64px';
        box.scrollIntoView({block: 'start'});
      }
    }
    lastQuestion = label;
  };
  // Off the critical path: React's mutations of one redraw come in several batches; they are
  // answered once, when the browser is idle (within 200 ms), not before the chart is painted.
  let pending = false;
  const fix = () => {
    if (pending) return;
    pending = true;
    const run = () => { pending = false; names(); links(); question(); };
    if (window.requestIdleCallback) window.requestIdleCallback(run, {timeout: 200});
    else window.setTimeout(run, 50);
  };
  new MutationObserver(fix).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['aria-labelledby'],
  });
  for (const name of ['pushState', 'replaceState']) {
    const original = window.history[name];
    window.history[name] = function (...args) {
      const result = original.apply(this, args);
      fix();
      return result;
    };
  }
  window.addEventListener('popstate', fix);
  fix();
})();
</script>""".replace("CASE_FIELDS", json.dumps(list(SCENARIO_FIELDS)))


def _browser_script_once() -> None:
    with st.sidebar:
        st.html(_BROWSER_SCRIPT, unsafe_allow_javascript=True)


@st.cache_data(show_spinner=False)
def markdown_doc(slug: str) -> MarkdownDoc:
    return load_markdown(slug)


@st.cache_data(show_spinner=False)
def source_doc() -> pathway.SourceDocument:
    return pathway.load_source()


@st.cache_data(show_spinner=False)
def _page_index() -> tuple[PageEntry, ...]:
    return load_pages()


def page_index() -> tuple[PageEntry, ...]:
    """The pages in menu order (content/pages.csv); if that file is broken, the pages found
    in pages/ with titles from their file names, so the menu keeps working (the sidebar says
    what is wrong, see ``page_links``)."""
    try:
        return _page_index()
    except ContentError:
        return _fallback_pages()


def page_index_error() -> str | None:
    try:
        _page_index()
    except ContentError as exc:
        return str(exc)
    return None


@st.cache_data(show_spinner=False)
def _fallback_pages() -> tuple[PageEntry, ...]:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    return tuple(
        PageEntry(
            file=f"pages/{p.name}",
            title=p.stem.split("_", 1)[-1].replace("_", " "),
            icon=":material/article:",
            audience="everyone",
            description="No description: content/pages.csv could not be read.",
        )
        for p in sorted((root / "pages").glob("*.py"))
    )


@st.cache_data(show_spinner=False)
def glossary() -> tuple:
    from pathway.study.bank import glossary_terms

    return glossary_terms()


def glossary_terms(text: str) -> tuple:
    """The glossary terms that appear in ``text`` (none when the glossary cannot be read)."""
    from pathway.study.bank import terms_in

    try:
        return tuple(terms_in(text, glossary()))
    except ContentError:
        return ()


def glossary_links(found: tuple) -> None:
    """A caption linking the glossary entries of ``found`` (from glossary_terms)."""
    from pathway.study.bank import glossary_link

    if found:
        st.caption("Terms used here: " + " · ".join(glossary_link(t) for t in found))


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


def content(slug: str) -> MarkdownDoc | None:
    """A content file, or None after showing an error that names it."""
    try:
        return markdown_doc(slug)
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
        text = markdown_doc("disclaimer").intro
    except ContentError:
        text = _FALLBACK_DISCLAIMER
    with st.container(key="disclaimer"):
        st.caption(text)


def _labelled(message: str) -> str:
    for field in SCENARIO_FIELDS:
        if message.startswith(field + " "):
            return f"{LABELS[field]}: {message}"
    return message


def case_notice(max_weeks: int | None = WEEKS_SLIDER_MAX) -> list[str]:
    """One line naming the link's bad values (if any); the case falls back to defaults.

    Call it before the case controls are drawn. It reads the link once, through
    ``Scenario.from_query`` (the app's one parser), and rewrites the case part of the URL to
    the canonical form of what it found (``?pain=MILD`` -> ``?pain=mild``; bad values
    removed) before Streamlit's bound widgets seed themselves from it. So the controls, the
    assessment and this notice all read the same values. Field names and allowed values
    come from pathway, never from the URL.
    """
    ranges = {**CONTROL_RANGES, "weeks_conservative": (0, max_weeks or 104)}
    _, messages = read_link(ranges)
    if messages:
        # Each message starts with the field's URL name; lead with the control's label.
        shown = [_labelled(m) for m in messages]
        st.warning(
            escape_markdown("Some values in this link were not valid and were reset: " + " ".join(shown)),
            icon=":material/link_off:",
        )
    return messages


def read_link(ranges: dict[str, tuple[int, int]] | None = None) -> tuple[Scenario, list[str]]:
    """The case the URL describes, with the URL rewritten to its canonical form.

    Streamlit seeds a bound widget from the URL with its own rules (the last of repeated
    keys, ``float()`` for sliders, exact labels only, ``true``/``false`` only). Rewriting the
    URL first means a widget only ever sees the canonical value (or nothing, so its default)
    of what ``Scenario.from_query`` decided.
    """
    raw = {k: st.query_params.get_all(k) for k in st.query_params if k in SCENARIO_FIELDS}
    scenario, messages = Scenario.from_query(raw, ranges=ranges)
    canonical = scenario.to_query()
    if {k: v[0] if len(v) == 1 else v for k, v in raw.items()} != canonical:
        _rewrite_link(set(raw), canonical)
    return scenario, messages


def _rewrite_link(drop: set[str], canonical: dict[str, str]) -> None:
    # st.query_params refuses to set a key already bound to a widget (a rerun or history
    # navigation of this page), and bound widgets seed from Streamlit's copy of the
    # initial URL; both are updated here. Streamlit 1.67 internals (pinned in requirements).
    from streamlit.runtime.state.session_state_proxy import get_session_state

    with get_session_state().query_params() as qp:
        for key in drop:
            qp._query_params.pop(key, None)
            qp._initial_query_params.pop(key, None)
        for key, value in canonical.items():
            qp._query_params[key] = value
            qp._initial_query_params[key] = [value]
        qp._send_query_param_msg()


_FORMATS = {f: (lambda v, f=f: pathway.label(f, v)) for f in SCENARIO_FIELDS}

HELP = {
    "weeks_conservative": "Weeks of conservative care completed since it started (0-52).",
    "formal_pt": "Structured physical therapy, documented, during that time.",
    "pain": "'limits function' = pain that significantly limits function and quality of life.",
    "laterality": "A defect on both sides (bilateral) or one side (unilateral).",
    "ct_stage": "Fracture stage on CT; 'not done' if no CT yet.",
    "mri_edema": "Bone-marrow oedema on MRI marks an acute stress injury.",
    "listhesis_grade": "Meyerding grade of spondylolisthesis: 0 = no slip, 1-4 = grades I-IV.",
    "activity": "The sport level the patient wants to return to.",
    "age": "Age in years.",
}

LABELS = {
    "weeks_conservative": "Weeks of conservative care",
    "formal_pt": "Formal physical therapy done",
    "pain": "Pain now",
    "laterality": "Laterality",
    "ct_stage": "CT stage",
    "mri_edema": "MRI",
    "listhesis_grade": "Slip: Meyerding grade (0 = none)",
    "activity": "Activity level",
    "age": "Age",
}


def control(field: str, label: str | None = None, help: str | None = None, on_change=None) -> object:
    """One case control bound to the URL under the Scenario field's name.

    ``on_change`` (a callback) lets a page choose which of its fragments a change reruns.
    """
    label = label or LABELS[field]
    help = help if help is not None else HELP[field]
    default = getattr(Scenario(), field)
    common = {"key": field, "bind": "query-params", "help": help, "on_change": on_change}
    if field == "weeks_conservative":
        return st.slider(label, 0, WEEKS_SLIDER_MAX, int(default), step=1, **common)
    if field == "age":
        # A slider, not number_input: Streamlit parses a bound number_input's URL value as a
        # float, and a 5,000-digit age in a link overflowed inside the widget.
        low, high = AGE_SLIDER
        return st.slider(label, low, high, int(default), step=1, **common)
    if field == "formal_pt":
        return st.toggle(label, value=bool(default), **common)
    if field == "listhesis_grade":
        # A plain integer slider: its URL value is the grade itself (?listhesis_grade=2).
        return st.slider(label, 0, 4, default, step=1, **common)
    if field == "mri_edema":
        # Options are the labels, not None/True/False: a selectbox takes a None option for
        # "nothing chosen", offered a clear button and went blank when set to None (B4).
        options = tuple(_MRI_BY_LABEL)
        return st.selectbox(label, options, index=options.index(pathway.label(field, default)), **common)
    options = {
        "pain": PAIN_LEVELS,
        "laterality": LATERALITIES,
        "ct_stage": CT_STAGES,
        "activity": ACTIVITIES,
    }[field]
    return st.selectbox(
        label,
        options,
        index=options.index(default),
        format_func=_FORMATS[field],
        **common,
    )


_MRI_BY_LABEL = {pathway.label("mri_edema", v): v for v in MRI_VALUES}


def widget_value(field: str, value: object) -> object:
    """What st.session_state holds for a control showing this Scenario value."""
    return pathway.label(field, value) if field == "mri_edema" else value


def scenario_value(field: str, value: object) -> object:
    """The Scenario value of what a control holds in st.session_state."""
    if field == "mri_edema" and isinstance(value, str):
        return _MRI_BY_LABEL[value]
    return value


def current_scenario(shown: Iterable[str] = ()) -> Scenario:
    """The case from the widgets drawn this run, and the URL for fields not drawn here."""
    # A control not drawn yet in this run (the explorer draws the weeks slider, and reads the
    # case, before its other controls) has no state yet: its value is still the URL's.
    shown = {f for f in shown if f in st.session_state}
    params = {
        k: st.query_params.get_all(k) for k in st.query_params if k in SCENARIO_FIELDS and k not in shown
    }
    base, _ = Scenario.from_query(params)
    values = {f: scenario_value(f, st.session_state[f]) for f in shown}
    return base.replace(**values)


HOME = "app.py"


def page_links(
    scenario: Scenario | None = None,
    exclude: str = "",
    columns: int = 3,
    inline: bool = True,
    sidebar: bool = True,
    live: bool = False,
) -> None:
    """The menu (sidebar) and links to the other pages (page end), carrying the case.

    Without ``scenario`` the links carry the case in this page's URL (pages without case
    controls keep it there since the page switch no longer drops it).

    ``live``: for a page whose controls change the case without rerunning the page (the
    explorer's fragments). The links then carry no query of their own and never need
    redrawing: a click takes the case from the address bar, and the page's script keeps each
    href equal to it (``_BROWSER_SCRIPT``), for a new tab or a copied address.
    """
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

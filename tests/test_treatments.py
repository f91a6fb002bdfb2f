"""One treatment vocabulary (E12): every spelling of a treatment is one row of pathway.model.treatments."""

from pathway.model import rules as R
from pathway.model import treatments as T
from pathway.sources import figures as F
from pathway.sources.source import load_source


def test_every_engine_option_has_one_row_and_the_bundle_one_more():
    """The engine's options and conservative care (the patient's 'keep going') are the table's ids."""
    assert set(T.TREATMENTS) == set(R.OPTIONS) | {T.CONSERVATIVE_CARE}
    assert all(T.TREATMENTS[o].resident == label for o, label in R.OPTIONS.items())


def test_the_figures_file_speaks_the_table():
    """data/figures.csv's option column uses the treatment ids, and only the choices a patient weighs."""
    assert {f.option for f in F.load_figures()} <= set(T.CHOICES)


def test_every_choice_has_the_spellings_the_views_need():
    """Each choice has a patient title, a plain phrase, a study heading, a page card and a diagram node."""
    for c in T.CHOICES:
        row = T.TREATMENTS[c]
        assert row.patient and row.plain and row.short and row.card and row.node, c
    assert T.DECISIONS == ("steroid_injection", "direct_pars_repair", "fusion")


def test_every_treatment_cites_sentences_that_exist():
    sentences = set(load_source().sentences)
    for row in T.TREATMENTS.values():
        assert row.sources and set(row.sources) <= sentences, row.id

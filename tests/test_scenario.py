"""The Scenario value object: validation, URL parsing and the URL form."""

import pytest

from pathway import Scenario


def test_defaults_describe_the_source_patient_at_the_start_of_care():
    """The default case is the source's patient on day one: 22, bilateral, no imaging yet."""
    s = Scenario()
    assert (s.age, s.laterality, s.weeks_conservative, s.ct_stage) == (22, "bilateral", 0, "not_done")


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        pytest.param("pain", "severe", "'none', 'mild', 'disabling'", id="pain-unknown-word"),
        pytest.param("laterality", "left", "'bilateral', 'unilateral'", id="laterality"),
        pytest.param("ct_stage", "terminal", "'not_done'", id="ct-stage"),
        pytest.param("activity", "elite", "'professional'", id="activity"),
        pytest.param("weeks_conservative", 105, "0 to 104", id="weeks-above-104"),
        pytest.param("weeks_conservative", -1, "0 to 104", id="weeks-negative"),
        pytest.param("weeks_conservative", True, "0 to 104", id="weeks-bool"),
        pytest.param("listhesis_grade", 5, "0 to 4", id="grade-5"),
        pytest.param("formal_pt", "yes", "True or False", id="pt-string"),
        pytest.param("mri_edema", "yes", "True, False or None", id="mri-string"),
    ],
)
def test_invalid_value_raises_valueerror_naming_field_and_allowed_values(field, value, allowed):
    """A bad value raises ValueError naming the field and what it accepts."""
    with pytest.raises(ValueError) as info:
        Scenario(**{field: value})
    assert field in str(info.value)
    assert allowed in str(info.value)


@pytest.mark.parametrize(
    ("weeks", "ok"),
    [
        pytest.param(0, True, id="0-ok"),
        pytest.param(104, True, id="104-ok"),
        pytest.param(105, False, id="105-rejected"),
    ],
)
def test_weeks_range_edges(weeks, ok):
    """Weeks run from 0 to 104 inclusive."""
    if ok:
        assert Scenario(weeks_conservative=weeks).weeks_conservative == weeks
    else:
        with pytest.raises(ValueError):
            Scenario(weeks_conservative=weeks)


def test_from_query_parses_every_field_from_url_strings():
    """Every field parses from its URL form, labels and canonical values alike."""
    s, messages = Scenario.from_query(
        {
            "weeks_conservative": "16",
            "formal_pt": "true",
            "pain": "limits function",
            "laterality": "unilateral",
            "ct_stage": "complete fracture",
            "mri_edema": "oedema",
            "listhesis_grade": "1",
            "activity": "professional",
            "age": "30",
        }
    )
    assert messages == []
    assert s == Scenario(16, True, "disabling", "unilateral", "complete", True, 1, "professional", 30)
    assert Scenario.from_query({"pain": "disabling", "ct_stage": "not_done"})[0].pain == "disabling"


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"weeks_conservative": "abc"}, id="not-a-number"),
        pytest.param({"weeks_conservative": "999"}, id="out-of-range"),
        pytest.param({"weeks_conservative": ""}, id="empty"),
        pytest.param({"weeks_conservative": "1e3"}, id="float-syntax"),
        pytest.param({"weeks_conservative": "١٢"}, id="unicode-digits"),
        pytest.param({"pain": "<img src=x onerror=alert(1)>"}, id="html-payload"),
        pytest.param({"formal_pt": "maybe"}, id="bad-bool"),
        pytest.param({"weeks_conservative": ["3", "7"]}, id="repeated-key"),
    ],
)
def test_from_query_falls_back_to_default_with_one_message_and_no_echo(params):
    """A bad URL value gives the default and one message that never repeats the value."""
    s, messages = Scenario.from_query(params)
    assert s == Scenario()
    assert len(messages) == 1
    field = next(iter(params))
    assert messages[0].startswith(field)
    raw = params[field] if isinstance(params[field], str) else ""
    if raw and not raw.isdigit():
        assert raw not in messages[0]


def test_from_query_keeps_good_fields_when_one_is_bad():
    """One bad field does not spoil the others."""
    s, messages = Scenario.from_query({"weeks_conservative": "20", "pain": "bogus"})
    assert s.weeks_conservative == 20 and s.pain == "disabling" and len(messages) == 1


def test_from_query_max_weeks_narrows_the_range():
    """A page whose slider stops at 52 reports 60 weeks as out of range."""
    assert Scenario.from_query({"weeks_conservative": "52"}, max_weeks=52)[1] == []
    s, messages = Scenario.from_query({"weeks_conservative": "60"}, max_weeks=52)
    assert s.weeks_conservative == 0 and "0 to 52" in messages[0]


def test_to_query_round_trips_and_omits_defaults():
    """The URL form holds only non-default fields and parses back to the same case."""
    s = Scenario(weeks_conservative=16, formal_pt=True, ct_stage="complete", mri_edema=False)
    q = s.to_query()
    assert set(q) == {"weeks_conservative", "formal_pt", "ct_stage", "mri_edema"}
    assert Scenario.from_query(q) == (s, [])
    assert Scenario().to_query() == {}


@pytest.mark.parametrize(
    ("params", "field", "value"),
    [
        pytest.param({"ct_stage": "complete"}, "ct_stage", "complete", id="engine-name"),
        pytest.param({"ct_stage": "Complete Fracture"}, "ct_stage", "complete", id="label-any-case"),
        pytest.param({"ct_stage": "stress reaction"}, "ct_stage", "stress_reaction", id="label-spaces"),
        pytest.param({"ct_stage": "NOT_DONE"}, "ct_stage", "not_done", id="name-upper"),
        pytest.param({"ct_stage": "old_defect"}, "ct_stage", "old_defect", id="old-defect-name"),
        pytest.param({"ct_stage": "old (sclerotic) defect"}, "ct_stage", "old_defect", id="old-defect-label"),
        pytest.param({"ct_stage": "Old Defect"}, "ct_stage", "old_defect", id="old-defect-words"),
        pytest.param({"pain": " MILD\t"}, "pain", "mild", id="spaces-and-tabs"),
        pytest.param({"formal_pt": "yes"}, "formal_pt", True, id="pt-yes"),
        pytest.param({"formal_pt": "0"}, "formal_pt", False, id="pt-0"),
        pytest.param({"mri_edema": "true"}, "mri_edema", True, id="mri-true"),
        pytest.param({"activity": "none"}, "activity", "none", id="activity-name"),
        pytest.param({"pain": ["mild", "mild"]}, "pain", "mild", id="repeat-same"),
        pytest.param(
            {"ct_stage": ["complete", "complete fracture"]}, "ct_stage", "complete", id="repeat-synonym"
        ),
        pytest.param({"weeks_conservative": "05"}, "weeks_conservative", 5, id="leading-zero"),
    ],
)
def test_from_query_reads_names_labels_and_same_repeats(params, field, value):
    """Labels and engine names in any case, yes/no words and agreeing repeats are read, silently."""
    s, messages = Scenario.from_query(params)
    assert getattr(s, field) == value and messages == []


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"pain": ["mild", "none"]}, id="repeat-different"),
        pytest.param({"weeks_conservative": "3.5"}, id="decimal"),
        pytest.param({"weeks_conservative": "+5"}, id="plus-sign"),
        pytest.param({"weeks_conservative": "1_0"}, id="underscore"),
        pytest.param({"weeks_conservative": "５"}, id="full-width"),
        pytest.param({"formal_pt": "on"}, id="pt-on"),
        pytest.param({"pain": "mild\u200b"}, id="zero-width-space"),
    ],
)
def test_from_query_rejects_what_the_link_does_not_clearly_say(params):
    """Anything else falls back to the default with one message naming the field."""
    s, messages = Scenario.from_query(params)
    field = next(iter(params))
    assert getattr(s, field) == getattr(Scenario(), field)
    assert len(messages) == 1 and messages[0].startswith(field)


def test_from_query_ranges_narrow_numbers_to_a_control():
    """A page's control range (age 14-60 on the age slider) is checked, both sides."""
    ranges = {"age": (14, 60)}
    assert Scenario.from_query({"age": "14"}, ranges=ranges) == (Scenario(age=14), [])
    assert Scenario.from_query({"age": "60"}, ranges=ranges) == (Scenario(age=60), [])
    for bad in ("13", "61"):
        s, messages = Scenario.from_query({"age": bad}, ranges=ranges)
        assert s.age == 22 and "14 to 60" in messages[0]

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

"""The case a user sets up: a frozen, validated value object, and its URL form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal, get_args

Pain = Literal["none", "mild", "disabling"]
Laterality = Literal["bilateral", "unilateral"]
CtStage = Literal["not_done", "stress_reaction", "incomplete", "complete", "old_defect"]
Activity = Literal["none", "recreational", "competitive", "professional"]

PAIN_LEVELS: tuple[str, ...] = get_args(Pain)
LATERALITIES: tuple[str, ...] = get_args(Laterality)
CT_STAGES: tuple[str, ...] = get_args(CtStage)
ACTIVITIES: tuple[str, ...] = get_args(Activity)
MRI_VALUES: tuple[bool | None, ...] = (None, True, False)
_PAIN, _LATERALITY, _CT, _ACTIVITY = map(frozenset, (PAIN_LEVELS, LATERALITIES, CT_STAGES, ACTIVITIES))

WEEKS_RANGE = (0, 104)
LISTHESIS_RANGE = (0, 4)  # Meyerding grades; 0 = no slip
AGE_RANGE = (10, 90)

# Short human labels. They double as the URL form: a Streamlit widget bound to the query
# string writes the label it shows, so what a link carries is exactly what the page shows.
LABELS: dict[str, dict[object, str]] = {
    "formal_pt": {True: "yes", False: "no"},
    "pain": {"none": "none", "mild": "mild", "disabling": "limits function"},
    "laterality": {"bilateral": "bilateral", "unilateral": "unilateral"},
    "ct_stage": {
        "not_done": "not done",
        "stress_reaction": "stress reaction",
        "incomplete": "incomplete fracture",
        "complete": "complete fracture",
        "old_defect": "old (sclerotic) defect",
    },
    "mri_edema": {None: "not done", True: "oedema", False: "no oedema"},
    "activity": {
        "none": "no sport",
        "recreational": "recreational",
        "competitive": "competitive",
        "professional": "professional",
    },
}


def url_value(field: str, value: object) -> str:
    """The value as a bound widget writes it to the URL: booleans as true/false, else the label."""
    if isinstance(value, bool) and field == "formal_pt":
        return "true" if value else "false"
    return label(field, value)


def label(field: str, value: object) -> str:
    """The label (and URL value) of a choice, e.g. label("ct_stage", "not_done") == "not done"."""
    if field in LABELS:
        return LABELS[field][value]
    return str(value)


@dataclass(frozen=True)
class Scenario:
    """One patient case. Defaults describe the source's patient on the day care begins."""

    weeks_conservative: int = 0
    formal_pt: bool = False
    pain: Pain = "disabling"
    laterality: Laterality = "bilateral"
    ct_stage: CtStage = "not_done"
    mri_edema: bool | None = None
    listhesis_grade: int = 0
    activity: Activity = "recreational"
    age: int = 22

    def __post_init__(self) -> None:
        # Fast path first (every field valid), as evaluate() is swept over whole grids; the
        # slow path names the first bad field and what it accepts.
        if (
            type(self.weeks_conservative) is int
            and WEEKS_RANGE[0] <= self.weeks_conservative <= WEEKS_RANGE[1]
            and type(self.listhesis_grade) is int
            and LISTHESIS_RANGE[0] <= self.listhesis_grade <= LISTHESIS_RANGE[1]
            and type(self.age) is int
            and AGE_RANGE[0] <= self.age <= AGE_RANGE[1]
            and type(self.formal_pt) is bool
            and (self.mri_edema is None or type(self.mri_edema) is bool)
            and self.pain in _PAIN
            and self.laterality in _LATERALITY
            and self.ct_stage in _CT
            and self.activity in _ACTIVITY
        ):
            return
        _check_int("weeks_conservative", self.weeks_conservative, WEEKS_RANGE)
        _check_int("listhesis_grade", self.listhesis_grade, LISTHESIS_RANGE)
        _check_int("age", self.age, AGE_RANGE)
        if not isinstance(self.formal_pt, bool):
            raise ValueError(f"formal_pt must be True or False, not {self.formal_pt!r}")
        if self.mri_edema is not None and not isinstance(self.mri_edema, bool):
            raise ValueError(f"mri_edema must be True, False or None, not {self.mri_edema!r}")
        for name, allowed in (
            ("pain", PAIN_LEVELS),
            ("laterality", LATERALITIES),
            ("ct_stage", CT_STAGES),
            ("activity", ACTIVITIES),
        ):
            value = getattr(self, name)
            if value not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, not {value!r}")

    @property
    def months_conservative(self) -> float:
        """Weeks of care as months (52 weeks = 12 months)."""
        return self.weeks_conservative * 12 / 52

    @classmethod
    def from_query(
        cls,
        params: Mapping[str, object],
        *,
        max_weeks: int | None = None,
        ranges: Mapping[str, tuple[int, int]] | None = None,
    ) -> tuple[Scenario, list[str]]:
        """Parse URL values; a bad field falls back to its default with one message.

        What a link may say (the one reading every page uses, see ui/common.py):
        - numbers: whole numbers in ASCII digits (``16``; not ``3.5``, ``1e1``, ``+5``, ``٣``);
        - choices: the label a control shows or the engine's value name, in any case and with
          spaces around (``complete fracture``, ``complete``, ``MILD``);
        - yes/no: ``true``/``false``, ``yes``/``no``, ``1``/``0``;
        - a repeated key is fine when every copy means the same value; different values fall
          back to the default.

        Values may be strings or lists of strings (a repeated URL key). Unknown keys are
        ignored: they belong to pages, not to the case. ``max_weeks`` and ``ranges``
        (field -> (low, high)) narrow a number's range to what a page's control can show.
        """
        limits = dict(ranges or {})
        if max_weeks is not None:
            limits["weeks_conservative"] = (WEEKS_RANGE[0], max_weeks)
        values: dict[str, Any] = {}
        messages: list[str] = []
        for f in fields(cls):
            if f.name not in params:
                continue
            raw = params[f.name]
            copies = [str(r) for r in raw] if isinstance(raw, (list, tuple)) else [str(raw)]
            try:
                if not copies:
                    raise ValueError("no value")
                parsed: list[Any] = [_parse(f.name, c) for c in copies]
                value = parsed[0]
                if any(p != value or type(p) is not type(value) for p in parsed[1:]):
                    messages.append(
                        f"{f.name} was given {len(copies)} different values in the link; "
                        f"using the default ({label(f.name, f.default)})."
                    )
                    continue
                if f.name in limits and isinstance(value, int) and not isinstance(value, bool):
                    low, high = limits[f.name]
                    if not low <= value <= high:
                        raise ValueError(f"{f.name} must be {low} to {high}")
                cls(**{f.name: value})
            except ValueError as exc:
                # The raw value is never echoed: pages show these messages, and URL text
                # must not reach a renderer.
                messages.append(
                    f"{f.name} in the link is not valid ({_reason(exc)}); "
                    f"using the default ({label(f.name, f.default)})."
                )
                continue
            values[f.name] = value
        return cls(**values), messages

    def to_query(self) -> dict[str, str]:
        """The URL form of the fields that differ from the defaults."""
        default = Scenario()
        return {
            f.name: url_value(f.name, getattr(self, f.name))
            for f in fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }

    def replace(self, **changes: object) -> Scenario:
        """A copy with some fields changed (validated)."""
        current: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        current.update(changes)
        return Scenario(**current)


SCENARIO_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Scenario))


def _check_int(name: str, value: object, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {value!r}")


def _reason(exc: ValueError) -> str:
    # Keep only the part of the message before ", not <value>": it names what is allowed.
    return str(exc).split(", not ")[0]


def _parse(name: str, raw: str) -> object:
    text = raw.strip()
    if name in ("weeks_conservative", "listhesis_grade", "age"):
        if not text.isascii() or not text.isdigit() or len(text) > 4:
            raise ValueError("expected a whole number")
        return int(text)
    folded = _fold(text)
    if name == "formal_pt":
        if folded in ("true", "yes", "1"):
            return True
        if folded in ("false", "no", "0"):
            return False
        raise ValueError("expected true or false")
    for value, shown in LABELS[name].items():
        if folded and folded in (_fold(shown), _fold(str(value))):
            return value
    if name == "mri_edema":
        extra = {"true": True, "yes": True, "false": False, "no": False, "none": None}
        if folded in extra:
            return extra[folded]
    allowed = ", ".join(LABELS[name].values())
    raise ValueError(f"allowed: {allowed}")


def _fold(text: str) -> str:
    """Case, underscores and runs of spaces do not matter: 'Not_Done' reads as 'not done'."""
    return " ".join(text.lower().replace("_", " ").split())

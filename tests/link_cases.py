"""84 hostile or malformed link values for the case fields, as raw query strings.

Each is what a user could paste after ``?``. The link tests open the case pages with them and
check that the notice, the controls, the URL and the assessment agree.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from pathway.model.scenario import SCENARIO_FIELDS

# Long, but inside the app's link limit (ui/case.py LINK_MAX_CHARS, 8,000 characters, below
# the proxy's 8 KiB request line); longer links are tests/test_link_edges.py's.
K = 5_000
CASES: dict[str, str] = {
    # repeated keys: different values, the same value twice, the same meaning twice
    "repeat-diff-pain": "pain=mild&pain=none",
    "repeat-same-pain": "pain=mild&pain=mild",
    "repeat-same-meaning": "ct_stage=complete&ct_stage=complete%20fracture",
    "repeat-diff-weeks": "weeks_conservative=5&weeks_conservative=6",
    "repeat-pt": "formal_pt=true&formal_pt=false",
    # unknown and reserved keys next to a valid case
    "unknown-key": "weeks_conservative=16&foo=bar",
    "embed": "weeks_conservative=16&embed=true&embed_options=dark_theme",
    # numbers Streamlit's float() would read, and the whole-number edge cases
    "float-3.5": "weeks_conservative=3.5",
    "float-5.0": "weeks_conservative=5.0",
    "exp-1e1": "weeks_conservative=1e1",
    "nan": "weeks_conservative=NaN",
    "inf": "weeks_conservative=inf",
    "minus-inf": "age=-inf",
    "minus-zero": "weeks_conservative=-0",
    "plus-5": "weeks_conservative=%2B5",
    "underscore-digits": "weeks_conservative=1_0",
    "leading-zero": "weeks_conservative=05",
    "hex": "weeks_conservative=0x10",
    "age-decimal": "age=22.9",
    "grade-2e0": "listhesis_grade=2e0",
    "weeks-52": "weeks_conservative=52",
    "weeks-53": "weeks_conservative=53",
    "weeks-104": "weeks_conservative=104",
    "age-5000-digits": "age=" + "9" * 5000,
    "age-12": "age=12",
    "age-61": "age=61",
    "age-14": "age=14",
    "grade-5": "listhesis_grade=5",
    "negative": "weeks_conservative=-1",
    "empty-weeks": "weeks_conservative=",
    "empty-pain": "pain=",
    # Unicode digits and invisible characters
    "fullwidth-digit": "weeks_conservative=%EF%BC%95",
    "arabic-age": "age=%D9%A2%D9%A5",
    "arabic-grade": "listhesis_grade=%D9%A3",
    "rtl-override": "pain=%E2%80%AEmild",
    "zero-width": "pain=mild%E2%80%8B",
    "emoji": "activity=%F0%9F%92%A5",
    "nul-value": "ct_stage=%00",
    "crlf-value": "pain=mild%0D%0A",
    "nul-key": "pa%00in=mild",
    # the engine's value names, other cases, spaces and tabs
    "canonical-ct-complete": "ct_stage=complete&weeks_conservative=20&formal_pt=true",
    "label-ct-titlecase": "ct_stage=Complete%20Fracture",
    "ct-not_done": "ct_stage=not_done",
    "ct-stress_reaction": "ct_stage=stress_reaction",
    "pain-Disabling": "pain=Disabling",
    "pain-MILD": "pain=MILD",
    "pain-space": "pain=%20mild",
    "pain-tab": "pain=%09mild",
    "pain-none": "pain=none",
    "activity-none": "activity=none",
    "activity-label": "activity=no%20sport",
    "mri-true": "mri_edema=true",
    "mri-no-oedema": "mri_edema=no%20oedema",
    "mri-not_done": "mri_edema=not_done",
    "pt-yes": "formal_pt=yes",
    "pt-1": "formal_pt=1",
    "pt-space-true": "formal_pt=%20true",
    "pt-TRUE": "formal_pt=TRUE",
    "pt-maybe": "formal_pt=maybe",
    "laterality-upper": "laterality=UNILATERAL",
    # JSON and array syntax
    "json-array": "pain=%5B%22mild%22%5D",
    "json-object": "pain=%7B%22a%22%3A1%7D",
    "brackets-key": "pain[]=mild",
    "indexed-key": "pain[0]=mild",
    # markup in values and keys
    "html-img": "pain=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E",
    "html-script": "laterality=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
    "html-key": "%3Cb%3Ex%3C%2Fb%3E=1&weeks_conservative=8",
    "js-url": "ct_stage=javascript%3Awindow.__pwned%3D1",
    "md-link": "mri_edema=%5Bclick%5D(javascript%3Awindow.__pwned%3D1)",
    "md-image": "activity=!%5Bx%5D(http%3A%2F%2Fexample.com%2Fx.png)",
    "bare-url": "activity=http%3A%2F%2Fexample.com",
    "material-icon": "pain=%3Amaterial%2Fwarning%3A",
    "colour-directive": "pain=%3Ared%5Bmild%5D",
    "latex": "pain=%24%5Chref%7Bhttp%3A%2F%2Fx%7D%7Bx%7D%24",
    "evidence-tab": "evidence_tab=%3Cscript%3E&weeks_conservative=12",
    # separators and encodings
    "semicolon": "weeks_conservative=16;pain=mild",
    "double-equals": "weeks_conservative==16",
    "double-encoded": "pain=%256D%2569%256C%2564",
    "bad-percent": "pain=%ZZmild",
    "invalid-utf8": "pain=%FF%FE",
    "surrogate": "pain=%ED%A0%80",
    # size
    "long-value": "activity=" + "A" * K,
    "junk-beside-case": "weeks_conservative=16&junk=" + "x" * K,
    "plus-as-space": "ct_stage=complete+fracture&pain=limits+function",
}


def parsed(query: str) -> dict[str, list[str]]:
    """The query as Streamlit splits it (``parse_qs`` with blank values kept)."""
    return parse_qs(query, keep_blank_values=True)


def case_fields(query: str) -> set[str]:
    return set(parsed(query)) & set(SCENARIO_FIELDS)


def batches() -> list[tuple[str, ...]]:
    """Cases packed into as few links as possible, no two in a link sharing a case field."""
    out: list[tuple[list[str], set[str]]] = []
    for name, query in CASES.items():
        fields = case_fields(query)
        for names, used in out:
            if not used & fields and len(names) < 6:
                names.append(name)
                used |= fields
                break
        else:
            out.append(([name], set(fields)))
    return [tuple(names) for names, _ in out]


def joined(names: tuple[str, ...]) -> str:
    return "&".join(CASES[n] for n in names)

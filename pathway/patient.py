"""The patient view's words: an Assessment turned into short, plain sentences.

Nothing here decides anything. What is open, closed or not needed comes from the
Assessment (options, open_steps, closed_steps, criteria, warnings, windows,
surgery_month); this module only says it in plain words. Numbers come from the
Assessment's windows (pathway and evidence layers) or from data/patient_figures.csv,
each row with a reference in data/references.csv.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .engine import Assessment, Window
from .errors import EvidenceError
from .evidence import Col, _check_header, _convert, _read_rows, data_dir, load_references
from .scenario import Scenario

FIGURES_FILE = "patient_figures.csv"

FIGURE_COLUMNS = (
    Col("id"),
    Col("percent", "percent"),
    Col("n_of_100", "int", minimum=0, maximum=100),
    Col("what"),
    Col("population"),
    Col("ref", "int", minimum=1),
    Col("young_adult", "yesno"),
    Col("second_hand", "yesno"),
)


@dataclass(frozen=True)
class Figure:
    """A published chance, as whole people out of 100."""

    id: str
    percent: float
    n_of_100: int
    what: str
    population: str
    ref: int
    young_adult: bool
    second_hand: bool

    @property
    def sentence(self) -> str:
        """'92 out of 100 people ... (376 young athletes ...) [17]'."""
        mark = " Second-hand figure." if self.second_hand else ""
        return (
            f"{self.n_of_100} out of 100 people like this {self.what}. "
            f"Who was studied: {self.population} [{self.ref}].{mark}"
        )


def load_figures(directory: Path | str | None = None) -> dict[str, Figure]:
    """data/patient_figures.csv as {id: Figure}; raises EvidenceError naming file and row.

    Checks: the columns, percent 0-100, n_of_100 equal to the percent rounded to whole
    people, a unique id, and a ref that exists in data/references.csv.
    """
    folder = data_dir(directory)
    path = folder / FIGURES_FILE
    name = f"data/{FIGURES_FILE}"
    header, rows = _read_rows(path)
    _check_header(name, header, FIGURE_COLUMNS)
    references = load_references(folder)
    figures: dict[str, Figure] = {}
    for number, raw in enumerate(rows, start=1):
        values = {c.name: _convert(name, number, c, raw.get(c.name)) for c in FIGURE_COLUMNS}
        figure = Figure(**values)
        if figure.id in figures:
            raise EvidenceError(f"{name} row {number}: id '{figure.id}' appears twice")
        if figure.ref not in references:
            raise EvidenceError(f"{name} row {number}: ref {figure.ref} is not in references.csv")
        if figure.n_of_100 != _whole_people(figure.percent):
            raise EvidenceError(
                f"{name} row {number}: n_of_100 is {figure.n_of_100}, but {figure.percent:g}% "
                f"is {_whole_people(figure.percent)} out of 100"
            )
        figures[figure.id] = figure
    if not figures:
        raise EvidenceError(f"{name}: no rows")
    return figures


def _whole_people(percent: float) -> int:
    # Round half up: 82.5% is 83 people, never banker's rounding to 82.
    return int(percent + 0.5)


# ---------------------------------------------------------------------------------------
# The case in plain words

PAIN_WORDS = {
    "none": "no pain",
    "mild": "some pain, but you can do everyday things",
    "disabling": "pain that stops you doing everyday things",
}
ACTIVITY_WORDS = {
    "none": "no sport",
    "recreational": "sport for fun",
    "competitive": "sport in a team or club, with games",
    "professional": "sport as your job",
}
CT_WORDS = {
    "not_done": "not done yet",
    "stress_reaction": "a stress reaction (the bone is under strain, with no crack yet)",
    "incomplete": "a crack part of the way through the bone",
    "complete": "a break all the way through the bone",
    "old_defect": "an old break that has not joined (its edges have gone smooth and hard)",
}
SIDE_WORDS = {"bilateral": "on both sides", "unilateral": "on one side"}
MRI_WORDS = {None: "not done", True: "shows swelling in the bone", False: "shows no swelling"}
SLIP_WORDS = {0: "no slip", 1: "a small slip"}


def months_text(months: float) -> str:
    """Months as people say them: 3.7 -> 'about 3½', 4 -> '4', 5.5 -> '5½'."""
    halves = round(months * 2)
    whole, half = divmod(halves, 2)
    text = f"{whole}½" if half else f"{whole}"
    if whole == 0 and half:
        text = "½"
    return text if abs(halves / 2 - months) < 0.01 else f"about {text}"


def case_lines(s: Scenario) -> list[str]:
    """The case, one plain line per fact."""
    weeks = s.weeks_conservative
    slip = SLIP_WORDS.get(s.listhesis_grade, f"a larger slip (grade {s.listhesis_grade})")
    return [
        f"Care so far: {weeks} week{'s' if weeks != 1 else ''} "
        f"({months_text(s.months_conservative)} months).",
        f"Pain now: {PAIN_WORDS[s.pain]}.",
        f"Sport: {ACTIVITY_WORDS[s.activity]}.",
        f"Exercises with a physio so far: {'yes' if s.formal_pt else 'no'}.",
        f"The break is {SIDE_WORDS[s.laterality]}.",
        f"CT scan: {CT_WORDS[s.ct_stage]}.",
        f"MRI scan: {MRI_WORDS[s.mri_edema]}.",
        f"Slip of the bone: {slip}.",
        f"Age: {s.age}.",
    ]


# ---------------------------------------------------------------------------------------
# What happens now, and why

NOW: dict[str, tuple[str, str]] = {
    # stage: (what happens now, why) in plain words; stages come from Assessment.stage.
    "pain_free": (
        "You have no pain now. Keep going with your exercises. Going back to sport comes step "
        "by step, after at least 3 months of care.",
        "No pain is needed before sport, but it is not enough on its own. The bone needs time, "
        "and the exercise plan needs to be finished.",
    ),
    "minimum_trial": (
        "For now, the plan is care without an operation. This means rest from moves that hurt, "
        "pain pills and exercises.",
        "The first 6 weeks are always for this kind of care. Most breaks like this get better "
        "this way. No shot or operation is thought about in these weeks.",
    ),
    "conservative": (
        "Keep going with care without an operation: rest from moves that hurt, and exercises.",
        "This care often takes 3 to 6 months. Other choices only come up if the pain is still "
        "there after at least 3 months.",
    ),
    "pt_missing": (
        "The next step is a program of exercises with a physio.",
        "Care without an operation only counts as done once it has included a physio program. "
        "So other choices wait for that.",
    ),
    "failed_mild": (
        "Care has gone on for 3 months or more and there is still some pain. A shot of "
        "medicine into the break can now be talked about.",
        "An operation is only for pain that stops you doing everyday things.",
    ),
    "surgical_candidate": (
        "Care has gone on for 3 months or more, and the pain still stops you doing everyday "
        "things. A shot of medicine or an operation can now be talked about.",
        "The plan's four checks for an operation are all met. You can still keep going with "
        "the care you have now.",
    ),
    "not_young": (
        "Care has gone on for 3 months or more, and the pain still stops you doing everyday "
        "things. A shot of medicine into the break can now be talked about.",
        "The repair operation in this guide is for young people. This app counts up to age 30 "
        "as young. Ask your doctor what this means for you.",
    ),
    "fusion": (
        "Care has gone on for 3 months or more, and the pain still stops you doing everyday "
        "things. A shot of medicine, or an operation to join two bones, can now be talked about.",
        "The bone has slipped forward. So the operation would join two bones, not just fix the break.",
    ),
    "not_confirmed": (
        "Care has gone on for 3 months or more and the pain is still there. A shot of medicine "
        "can now be talked about.",
        "An operation needs a scan that shows a real break first.",
    ),
}

STEP_WORDS = {
    "activity_modification": "Rest from moves that hurt, above all bending back and twisting.",
    "nsaids": "Pain pills that also calm swelling (NSAIDs), such as ibuprofen.",
    "bracing": "Maybe a stiff back brace (a support worn around your middle). "
    "Studies do not agree on how much it helps.",
    "physical_therapy": "Exercises with a physio (a physical therapist) "
    "to make the deep belly and back muscles strong.",
    "ct_scan": "A CT scan (a detailed X-ray picture). It shows how far the break has gone.",
    "mri": "An MRI scan (pictures made with a magnet). It shows swelling in the bone.",
    "return_to_sport": "Going back to sport, step by step, now that there is no pain.",
}

WARNING_WORDS = {
    "before_minimum_trial": "The first 6 weeks are for care without an operation only.",
    "too_early_for_surgery": "An operation is never done before at least 3 months of care "
    "that includes a physio.",
    "formal_pt_missing": "A physio program is not written down yet. It has to come before an operation.",
    "bilateral_longer_course": "The break is on both sides. "
    "This kind can take longer to get better than a break on one side.",
    "professional_athlete": "When sport is your job, care without an operation does not work as often. "
    "Your doctor may talk about an operation sooner. It still waits for 3 months of care.",
    "significant_listhesis": "The bone has slipped forward. "
    "If you had an operation, it would join two bones, not just fix the break.",
    "pain_free_early": "Having no pain this soon is less usual. The plan expects it to take 3 to 6 months.",
    "low_grade_slip": "The bone has slipped forward a little. Doctors do not all agree on what "
    "this means for a repair. Ask your doctor.",
    "unilateral_slip": "A slip is not usual with a break on one side only. Your doctor may check "
    "the scans again.",
    "active_lesion": "The MRI shows swelling around the break. This means the bone is still trying "
    "to heal, so care without an operation may still work.",
    "older_than_young": "The plan says the repair is for young people. "
    "This app counts up to age 30 as young. "
    "Ask your doctor what this means for you.",
}


@dataclass(frozen=True)
class Now:
    what: str
    why: str
    steps: tuple[str, ...]
    notes: tuple[str, ...]


def what_happens_now(a: Assessment) -> Now:
    what, why = NOW[a.stage]
    steps = tuple(STEP_WORDS[s.option] for s in a.open_steps if s.option in STEP_WORDS)
    notes = tuple(WARNING_WORDS[w.id] for w in a.alerts if w.id in WARNING_WORDS)
    return Now(what, why, steps, notes)


# ---------------------------------------------------------------------------------------
# The choices, side by side

OPEN, NOT_YET, NOT_NEEDED, ALWAYS = "open now", "not yet", "not needed", "always open"

CRITERION_WORDS = {
    "failed_conservative_care": "at least 3 months of care, with a physio, and pain still there",
    "functional_limitation": "pain that stops you doing everyday things",
    "imaging_confirmed": "a CT or MRI scan that shows a real break",
}


@dataclass(frozen=True)
class Choice:
    key: str
    title: str
    status: str
    status_text: str
    involves: str
    sport: str
    healing: str
    downsides: str

    def lines(self) -> list[str]:
        return [
            f"Is it open? {self.status_text}",
            f"What it means: {self.involves}",
            f"Back to sport: {self.sport}",
            f"Will it heal? {self.healing}",
            f"Downsides: {self.downsides}",
        ]


def _window(a: Assessment, path: str, layer: str) -> Window | None:
    return a.windows_for(path, layer)


def _range(w: Window) -> str:
    return f"{months_text(w.start_month)} to {months_text(w.end_month)} months"


# The app's approximation of the CT stage as the staging used in [2] (Kuroshima 2023).
CT_TO_STUDY_STAGE = {"stress_reaction": "very_early", "incomplete": "early", "complete": "progressive"}


def healing_figure(s: Scenario, figures: dict[str, Figure]) -> tuple[Figure | None, str]:
    """The published healing chance for this CT stage and side, and a note on the match.

    The app's approximation: CT stress reaction -> 'very early', incomplete -> 'early',
    complete -> 'progressive' (the Japanese staging in [2]); for a break on both sides it
    assumes both sides are at the same stage.
    """
    stage = CT_TO_STUDY_STAGE.get(s.ct_stage)
    if stage is None:
        return None, (
            "No CT scan yet, so there is no number for your kind of break. "
            "A CT scan shows the stage of the break."
        )
    figure = figures.get(f"heal_{s.laterality}_{stage}")
    note = "How we matched your scan to the study is our own guess: the study used its own stage names" + (
        ", and we take both sides to be at the same stage." if s.laterality == "bilateral" else "."
    )
    if figure is None:
        return None, "There is no published number for this kind of break."
    return figure, note


def choices(a: Assessment, figures: dict[str, Figure]) -> tuple[Choice, ...]:
    s = a.scenario
    pain_free = s.pain == "none"
    cons_path = _window(a, "conservative", "pathway")
    cons_pub = _window(a, "conservative", "evidence")
    heal, _ = healing_figure(s, figures)
    rts = figures.get("rts_conservative")

    keep_sport = "Most people are back between month 3 and month 6 of care."
    if cons_path and cons_pub:
        keep_sport = (
            f"Most people are back between month {months_text(cons_path.start_month)} and month "
            f"{months_text(cons_path.end_month)} of care. In studies, the average was "
            f"{_range(cons_pub)}."
        )
    keep = Choice(
        "keep_going",
        "Keep going with the current plan",
        ALWAYS,
        "Yes, always. This means doing nothing new.",
        "Rest from moves that hurt, pain pills and exercises with a physio. A brace is maybe used too.",
        keep_sport + (f" In studies, {rts.n_of_100} out of 100 went back to sport." if rts else ""),
        (
            f"It depends on the stage of the break. In one study, {heal.n_of_100} out of 100 "
            "young people with a break like yours healed."
            if heal
            else "It depends on the stage of the break, which a CT scan shows."
        ),
        "It takes time, often months. Some breaks do not join, above all breaks on both sides, "
        "but many people still have no pain.",
    )

    inj_relief = figures.get("injection_relief")
    injection = Choice(
        "injection",
        "A shot of medicine (injection)",
        *_injection_status(a, pain_free),
        "A needle puts a steroid (a strong medicine that calms swelling) into the break. "
        "It is done with a scan to guide the needle.",
        "It may help you get back to sport. Some people need a shot again now and then. "
        "There is no study that says how soon.",
        "It eases pain. It is not meant to make the bone join."
        + (
            f" In one study of adults (not athletes), {inj_relief.n_of_100} out of 100 had at "
            "least half their pain gone 2 months later."
            if inj_relief
            else ""
        ),
        "A needle. The relief may wear off, so it may need to be done again.",
    )

    fusion = not a.criteria.get("no_significant_listhesis", True) or "fusion" in a.options
    surg_path = _window(a, "surgical", "pathway")
    surg_pub = _window(a, "surgical", "evidence")
    repair_heal = figures.get("heal_after_repair")
    rts_surg = figures.get("rts_surgery")
    if surg_path and surg_pub:
        surg_sport = (
            f"The plan says {_range(surg_path)} after the operation. Studies found it takes "
            f"longer: about {months_text(surg_pub.start_month).removeprefix('about ')} to "
            f"{months_text(surg_pub.end_month).removeprefix('about ')} months."
        )
    else:
        surg_sport = (
            "The plan says 3 to 5 months after the operation. Studies found it takes longer: "
            "about 6 to 8 months."
        )
    if rts_surg:
        surg_sport += f" In studies, {rts_surg.n_of_100} out of 100 went back to sport."
    surgery = Choice(
        "surgery",
        "An operation: joining two bones (fusion)"
        if fusion
        else "An operation to fix the break (direct repair)",
        *_surgery_status(a, pain_free, fusion),
        (
            "The surgeon joins the slipped bone to the one below, so they grow into one bone."
            if fusion
            else "The surgeon puts screws across the break so the bone can join. Small cuts "
            "may be used, which harm the muscle less."
        ),
        surg_sport,
        (
            f"In studies, the bone joined in {repair_heal.n_of_100} out of 100 people "
            "after a repair with screws."
            if repair_heal and not fusion
            else "There is no good number for this in the studies we use."
        ),
        "It is an operation, with a stay in hospital, a scar and time to get over it. "
        "Screws can break or the bone may not join, and then more surgery may be needed.",
    )
    return keep, injection, surgery


def _closed(a: Assessment, option: str):
    return next((step for step in a.closed_steps if step.option == option), None)


def _injection_status(a: Assessment, pain_free: bool) -> tuple[str, str]:
    if "steroid_injection" in a.options:
        return OPEN, "Yes, you and your doctor can talk about it now."
    if pain_free:
        return NOT_NEEDED, "Not needed: you have no pain."
    step = _closed(a, "steroid_injection")
    if step and step.opens_at_week:
        return NOT_YET, (
            f"Not yet. It can come up from week {step.opens_at_week} (3 months), if the pain is still there."
        )
    if "formal_pt_missing" in a.warnings:
        return NOT_YET, "Not yet. Care has to include a physio program first."
    return NOT_YET, "Not yet."


def _surgery_status(a: Assessment, pain_free: bool, fusion: bool) -> tuple[str, str]:
    if "direct_pars_repair" in a.options or "fusion" in a.options:
        return OPEN, "Yes, you and your doctor can talk about it now."
    if pain_free:
        return NOT_NEEDED, "Not needed: you have no pain."
    missing = [CRITERION_WORDS[k] for k, met in a.criteria.items() if not met and k in CRITERION_WORDS]
    text = "Not yet. It needs: " + "; ".join(missing) + "." if missing else "Not yet."
    step = _closed(a, "fusion" if fusion else "direct_pars_repair")
    if step and step.opens_at_week:
        text += f" The earliest is week {step.opens_at_week} (3 months)."
    return NOT_YET, text


# ---------------------------------------------------------------------------------------
# Timeline in months


def timeline(a: Assessment) -> list[str]:
    """The return-to-sport windows in plain words, pathway first, then published figures."""
    s = a.scenario
    weeks = s.weeks_conservative
    lines = [
        f"Now: week {weeks} of care, which is about month "
        f"{months_text(s.months_conservative).removeprefix('about ')}."
    ]
    cons = _window(a, "conservative", "pathway")
    cons_pub = _window(a, "conservative", "evidence")
    if cons:
        lines.append(
            f"Without an operation: most people are back to sport between month "
            f"{months_text(cons.start_month)} and month {months_text(cons.end_month)} of care, "
            "once there is no pain at all."
        )
    if cons_pub:
        lines.append(f"In studies of athletes, mostly teenagers, the average was {_range(cons_pub)}.")
    surg = _window(a, "surgical", "pathway")
    surg_pub = _window(a, "surgical", "evidence")
    if surg and a.surgery_month is not None:
        start = a.surgery_month
        month = months_text(start).removeprefix("about ")
        lines.append(f"An operation could not come before about month {month} of care.")
        lines.append(
            f"If it was done then, the plan says sport could start between about month "
            f"{months_text(start + surg.start_month).removeprefix('about ')} and month "
            f"{months_text(start + surg.end_month).removeprefix('about ')}."
        )
        if surg_pub:
            lines.append(
                f"But studies found it takes longer after an operation: about "
                f"{months_text(surg_pub.start_month).removeprefix('about ')} to "
                f"{months_text(surg_pub.end_month).removeprefix('about ')} months. That would be "
                f"about month {months_text(start + surg_pub.start_month).removeprefix('about ')} to "
                f"month {months_text(start + surg_pub.end_month).removeprefix('about ')}."
            )
    elif "return_to_sport" in a.options:
        lines.append("You have no pain now, so going back to sport can start.")
    return lines


# ---------------------------------------------------------------------------------------
# What matters to you: how each choice fits, never which to pick

PRIORITIES: dict[str, str] = {
    "sport_fast": "Getting back to sport fast",
    "no_operation": "Avoiding an operation",
    "no_needles": "Avoiding needles",
    "no_time_off": "Avoiding time off work or study",
    "bone_heals": "Giving the bone the best chance to join",
    "less_pain_now": "Less pain soon",
}
FITS, NO_FIT, DEPENDS = "fits", "does not fit", "depends"

# priority: {choice: (verdict, why)}. Facts from the source (S07, S13-S16, S20, S33) and
# the figures above; none of them ranks the choices.
FIT_TABLE: dict[str, dict[str, tuple[str, str]]] = {
    "sport_fast": {
        "keep_going": (DEPENDS, "often 3 to 6 months"),
        "injection": (DEPENDS, "may help you back; no study says how soon"),
        "surgery": (NO_FIT, "about 6 to 8 months after it in studies"),
    },
    "no_operation": {
        "keep_going": (FITS, "no operation"),
        "injection": (FITS, "no operation"),
        "surgery": (NO_FIT, "it is an operation"),
    },
    "no_needles": {
        "keep_going": (FITS, "no needles"),
        "injection": (NO_FIT, "it is a needle"),
        "surgery": (NO_FIT, "needles and more"),
    },
    "no_time_off": {
        "keep_going": (DEPENDS, "rest from sport, not always from daily life"),
        "injection": (DEPENDS, "a short visit; ask how long"),
        "surgery": (NO_FIT, "a stay in hospital and time to get over it"),
    },
    "bone_heals": {
        "keep_going": (DEPENDS, "on the stage of the break"),
        "injection": (DEPENDS, "it eases pain; it is not meant to join the bone"),
        "surgery": (DEPENDS, "screws hold the bone so it can join"),
    },
    "less_pain_now": {
        "keep_going": (DEPENDS, "pain often eases over months"),
        "injection": (DEPENDS, "helps some people, not all"),
        "surgery": (DEPENDS, "pain often eases, but only after recovery"),
    },
}


def fit_rows(priorities: list[str], chosen: tuple[Choice, ...]) -> list[dict[str, str]]:
    """One row per priority: the verdict and a short reason for each choice, in a fixed order."""
    rows = []
    for key in priorities:
        if key not in FIT_TABLE:
            continue
        row = {"What matters to you": PRIORITIES[key]}
        for c in chosen:
            verdict, why = FIT_TABLE[key][c.key]
            row[c.title] = f"{verdict}: {why}"
        rows.append(row)
    return rows

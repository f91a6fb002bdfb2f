"""The patient view's words: an Assessment turned into short, plain sentences.

Nothing here decides anything. What is open, closed or not needed comes from the
Assessment (options, open_steps, closed_steps, criteria, warnings, surgery_month,
surgery_note); every number comes from ``pathway.sources.figures.figures_for`` (the applicability
model: only figures that describe this case), and where it returns nothing the text says
"no published figure". The page (pages/5_Patient_view.py) and the handout (handout.py)
both lay out what ``guide()`` returns, so they cannot say different things.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pathway.model.engine import Assessment
from pathway.model.scenario import Scenario
from pathway.sources import figures as F

NO_FIGURE = "No published figure"

# ---------------------------------------------------------------------------------------
# Small helpers for plain numbers

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    """0-100 in words: 24 -> 'twenty-four', 100 -> 'a hundred'."""
    if n == 100:
        return "a hundred"
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def months_text(months: float) -> str:
    """Months as people say them: 3.7 -> 'about 3½', 4 -> '4', 5.5 -> '5½'."""
    halves = round(months * 2)
    whole, half = divmod(halves, 2)
    text = f"{whole}½" if half else f"{whole}"
    if whole == 0 and half:
        text = "½"
    return text if abs(halves / 2 - months) < 0.01 else f"about {text}"


def _bare(months: float) -> str:
    return months_text(months).removeprefix("about ")


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
    "stress_reaction": "the bone is under strain, with no crack yet",
    "incomplete": "a crack part of the way through the bone",
    "complete": "a break all the way through the bone",
    "old_defect": "an old break, with hard edges, that has not joined",
}
SIDE_WORDS = {"bilateral": "on both sides", "unilateral": "on one side"}
MRI_WORDS = {None: "not done", True: "shows swelling in the bone", False: "shows no swelling"}


def slip_words(grade: int) -> str:
    if grade == 0:
        return "no slip"
    if grade == 1:
        return "a small slip (grade 1 of 4)"
    return f"a larger slip (grade {grade} of 4)"


def case_lines(s: Scenario) -> list[str]:
    """The case, one plain line per fact."""
    weeks = s.weeks_conservative
    return [
        f"Care so far: {weeks} week{'s' if weeks != 1 else ''}, which is "
        f"{_month_phrase(s.months_conservative)}.",
        f"Pain now: {PAIN_WORDS[s.pain]}.",
        f"Sport: {ACTIVITY_WORDS[s.activity]}.",
        f"Exercises with a physio so far: {'yes' if s.formal_pt else 'no'}.",
        f"The break is {SIDE_WORDS[s.laterality]}.",
        f"CT scan: {CT_WORDS.get(s.ct_stage, s.ct_stage.replace('_', ' '))}.",
        f"MRI scan: {MRI_WORDS[s.mri_edema]}.",
        f"Slip of the bone: {slip_words(s.listhesis_grade)}.",
        f"Age: {s.age}.",
    ]


def _month_phrase(months: float) -> str:
    text = months_text(months)
    bare = text.removeprefix("about ")
    unit = "month" if bare in ("½", "1") else "months"
    return f"{text} {unit}"


# ---------------------------------------------------------------------------------------
# Numbers, through the applicability model


@dataclass(frozen=True)
class Number:
    """One published figure, said for a patient: headline, sentence, complement, who, how sure."""

    id: str
    option: str
    kind: str  # benefit | harm | time
    n: int | None  # out of 100 (None for a time figure)
    headline: str  # "24 out of 100"
    sentence: str
    other: str  # the complement in words ("" for a time figure)
    who: str
    sure: str
    refs: tuple[int, ...]
    measure: str = ""
    young_adult: bool = False
    population: str = ""
    short: str = ""  # "88 out of 100 went back to their own sport" (no time frame)

    @property
    def cite(self) -> str:
        return " ".join(f"[{r}]" for r in self.refs)

    @property
    def alt(self) -> str:
        """The icon array's text alternative: the numbers in words."""
        if self.n is None:
            return self.sentence
        return (
            f"Picture of 100 people. {number_words(self.n).capitalize()} of them are dark: {self.sentence} "
            f"{number_words(100 - self.n).capitalize()} are pale: {self.other}"
        )

    def lines(self) -> list[str]:
        return [x for x in (self.sentence, self.other, self.who, self.sure) if x]


# The figures file speaks to clinicians as well; on the patient page a few of its words are
# said more plainly (whole phrases first). The numbers and the people are not changed.
PLAIN: tuple[tuple[str, str], ...] = (
    ("spondylolysis without a slip", "this break, with no slip"),
    ("spondylolysis", "this break"),
    ("a meta-analysis of small observational studies", "small studies put together"),
    ("a meta-analysis of case series", "small studies put together"),
    ("a blog summary of the meta-analysis", "a short note about a study that put others together"),
    ("systematic reviews", "reviews"),
    ("small observational studies", "small studies"),
    (
        "one practice audit with no comparison group",
        "one clinic looked back at its records. There was no other group to compare with",
    ),
    ("practice audit", "look back at one clinic's records"),
    ("no comparison group", "no other group to compare with"),
    ("long-standing back pain and a pars defect", "back pain for a long time and a break in the pars"),
    ("reviews rate this evidence low to critically low", "reviews rate these studies low to very low"),
    ("rehabilitation", "exercises"),
    ("professional footballers", "football players paid to play"),
    ("the operated group's size is not given", "the number who had an operation is not given"),
    ("the CT will show whether this applies", "a CT scan will show if this fits you"),
    ("athletes", "sports players"),
    ("teenagers", "teens"),
    ("in their teens", "aged 13 to 19"),
)


def plain(text: str) -> str:
    for old, new in PLAIN:
        text = text.replace(old, new)
    return text


def _short(text: str) -> str:
    """One long phrase as short sentences: each '(...)' and each '; ' part becomes its own."""
    import re

    text = plain(text).strip().rstrip(".")
    asides = re.findall(r"\s*\(([^()]*)\)", text)
    main = re.sub(r"\s*\([^()]*\)", "", text).strip().rstrip(",")
    parts = [p.strip() for p in main.split(";") if p.strip()] + [a.strip() for a in asides if a.strip()]
    return " ".join(p[:1].upper() + p[1:] + "." for p in parts)


def _who(f, scenario: Scenario) -> str:
    bits = ["Who was in the study:", _short(f.population)]
    differs = [plain(c) for c in f.caveats(scenario) if c not in ("[2nd-hand]", "a small group")]
    bits += ["Not like you:", " ".join(d[:1].upper() + d[1:] + "." for d in differs)] if differs else []
    if f.young_adult:
        bits.append("This study was of young adults.")
    if f.second_hand:
        bits.append("We read this number in another paper. We did not see the study itself [2nd-hand].")
    return " ".join(bits) + f" {' '.join(f'[{r}]' for r in f.refs)}"


def _sure(f) -> str:
    quality = f.quality.replace("[2nd-hand]: ", "").replace("[2nd-hand]", "").strip()
    text = ("How good the study is: " + _short(quality)) if quality else ""
    if f.ci_low is not None and f.ci_high is not None:
        text = f"The true number is likely between {f.ci_low:g} and {f.ci_high:g} out of 100. " + text
    if f.small_group and "small group" not in text:
        text += " It was a small group, so the true number may be quite different."
    return text.strip()


def number(f, scenario: Scenario) -> Number:
    """A pathway.sources.figures.Figure said in plain words, time frame and complement included."""
    who, sure = _who(f, scenario), _sure(f)
    when = "When: " + _short(f.time_frame)
    if f.kind == "time":
        lo, hi = f.months_low, f.months_high
        span = f"about {_bare(lo)}" if lo == hi else f"about {_bare(lo)} to {_bare(hi)}"
        sentence = f"Time until people {plain(f.what)}: {span} months. Counted: {_short(f.time_frame)}"
        return Number(
            f.id, f.option, f.kind, None, f"{span} months", sentence, "", who, sure, tuple(f.refs),
            f.measure, f.young_adult, _short(f.population), f"{span} months until people {plain(f.what)}",
        )  # fmt: skip
    n = f.n_of_100
    sentence = f"{n} out of 100 {_short(f.what)[:1].lower()}{_short(f.what)[1:]} {when}"
    other = f"{100 - n} out of 100 {plain(f.what_not)}." if f.what_not else ""
    what = _short(f.what).split(". ")[0].rstrip(".")
    short = f"{n} out of 100 {what[:1].lower()}{what[1:]}"
    if n == 0:
        short += " (a small study can miss a rare harm)"
    return Number(
        f.id, f.option, f.kind, n, f"{n} out of 100", sentence, other, who, sure, tuple(f.refs),
        f.measure, f.young_adult, _short(f.population),
        short,
    )  # fmt: skip


def key_numbers(found: list[Number]) -> list[Number]:
    """One number per option, measure and kind, for paper: the young-adult figure where there is
    one (closest to the source's 22-year-old), else the first in the figures file."""
    picked: dict[tuple[str, str, str], Number] = {}
    for n in found:
        key = (n.option, n.measure, n.kind)
        if key not in picked or (n.young_adult and not picked[key].young_adult):
            picked[key] = n
    return [n for n in found if n in picked.values()]


def numbers(a: Assessment, option: str | None = None, kind: str | None = None) -> list[Number]:
    """Every figure that describes this case (optionally one option, one kind), in plain words."""
    out = [number(f, a.scenario) for f in F.figures_for(a, option=option)]
    return [x for x in out if kind is None or x.kind == kind]


# ---------------------------------------------------------------------------------------
# What happens now, and why

NOW: dict[str, tuple[str, str]] = {
    # stage: (what happens now, why) in plain words; stages come from Assessment.stage.
    "pain_free": (
        "You have no pain now. That is good news. The plan is to keep up the exercises and go back "
        "to sport step by step.",
        "The plan says sport can start again once there is no pain at all. Having no pain is the "
        "first step, not the last. The exercises go on while you build up.",
    ),
    "minimum_trial": (
        "For now, the plan is care without an operation: rest from moves that hurt, exercises, "
        "and pain pills if you need them.",
        "The plan starts with at least 6 weeks of this care before it looks at anything else. "
        "Most breaks like this get better this way.",
    ),
    "conservative": (
        "Keep going with care without an operation: rest from moves that hurt, and exercises.",
        "The plan says this care often takes 3 to 6 months. Other choices come up only if the "
        "pain is still there after about 3 months.",
    ),
    "pt_missing": (
        "The next step is a program of exercises with a physio.",
        "The plan wants care to include a physio program before a shot or an operation. So those "
        "wait for it.",
    ),
    "failed_mild": (
        "Care has gone on for about 3 months or more and there is still some pain. A shot of "
        "medicine into the break can now be talked about.",
        "The plan keeps an operation for pain that stops you doing everyday things.",
    ),
    "surgical_candidate": (
        "Care has gone on for about 3 months or more, and the pain still stops you doing everyday "
        "things. A shot of medicine, or an operation to fix the break, can now be talked about.",
        "The plan's checks for an operation are met: months of care with a physio, pain that "
        "stops everyday things, a scan that shows the break, and no large slip. You can also keep "
        "going with the care you have now.",
    ),
    "fusion": (
        "Care has gone on for about 3 months or more, and the pain still stops you doing everyday "
        "things. A shot of medicine, or an operation to join two bones, can now be talked about.",
        "The bone has slipped forward. So the plan says the operation would join two bones, not "
        "just fix the break.",
    ),
    "not_confirmed": (
        "Care has gone on for about 3 months or more and the pain is still there.",
        "Before a shot or an operation, the plan wants a scan that shows a real break.",
    ),
    "not_young": (
        "Care has gone on for about 3 months or more, and the pain still stops you doing everyday "
        "things. A shot of medicine can now be talked about.",
        "The plan keeps the operation that fixes the break for young people. This guide counts up "
        "to age 30 as young. Ask your doctor what else could help you.",
    ),
}
FALLBACK_NOW = (
    "Your doctor will go through where your care is now.",
    "This guide has no plain summary for this step yet.",
)

STEP_WORDS = {
    "activity_modification": "Rest from moves that hurt, above all bending back and twisting.",
    "nsaids": "Pain pills like ibuprofen, if you need them. See 'Pain pills: take care'.",
    "bracing": "Maybe a stiff back brace (a support worn around your middle). Studies do not agree on "
    "how much it helps.",
    "physical_therapy": "Exercises with a physio (a physical therapist) to make the muscles of your "
    "belly and back strong.",
    "ct_scan": "A CT scan (a detailed X-ray picture). It shows how far the break has gone.",
    "mri": "An MRI scan (pictures made with a magnet). It shows if the bone is still swollen.",
    "return_to_sport": "Going back to sport step by step, while the exercises go on.",
}

WARNING_WORDS = {
    "before_minimum_trial": "The plan keeps the first 6 weeks for care without an operation.",
    "too_early_for_surgery": "The plan does not look at an operation before about 3 months of care with "
    "a physio.",
    "formal_pt_missing": "A physio program is not written down yet. The plan wants it before an operation.",
    "bilateral_longer_course": "The break is on both sides. This kind can take longer to get better than "
    "a break on one side.",
    "professional_athlete": "When sport is your job, care without an operation works less often. Your "
    "doctor may talk "
    "about an operation sooner. The plan still waits about 3 months.",
    "significant_listhesis": "The bone has slipped forward. If you had an operation, it would join two "
    "bones, not just fix the break.",
    "pain_free_early": "Having no pain this soon is less usual. The plan expects it to take 3 to 6 "
    "months. Build up slowly.",
    "older_than_young": "The plan says the repair is for young people. This guide counts up to age 30 as "
    "young. "
    "Ask your doctor what this means for you.",
    "low_grade_slip": "The bone has slipped a little. Doctors do not agree on what a small slip means "
    "for an operation. Ask yours.",
    "active_lesion": "The MRI shows the bone is still swollen. This means the break is still active and "
    "may still join. "
    "It is often worth giving care more time.",
    "unilateral_slip": "The scans show a slip but a break on one side only. That is unusual. Your doctor "
    "may check the scans again.",
}


@dataclass(frozen=True)
class Now:
    what: str
    why: str
    steps: tuple[str, ...]
    notes: tuple[str, ...]


def what_happens_now(a: Assessment) -> Now:
    what, why = NOW.get(a.stage, FALLBACK_NOW)
    steps = tuple(STEP_WORDS[s.option] for s in a.open_steps if s.option in STEP_WORDS)
    notes = tuple(WARNING_WORDS[w.id] for w in a.alerts if w.id in WARNING_WORDS)
    return Now(what, why, steps, notes)


# ---------------------------------------------------------------------------------------
# The decision


def _open(a: Assessment, option: str) -> bool:
    return option in a.options


def surgery_option(a: Assessment) -> str:
    """'fusion' when the bone has slipped (Meyerding II+), else 'direct_repair'."""
    fusion = "fusion" in a.options or not a.criteria.get("no_significant_listhesis", True)
    return "fusion" if fusion else "direct_repair"


ENGINE_OPTION = {"injection": "steroid_injection", "direct_repair": "direct_pars_repair", "fusion": "fusion"}
TITLES = {
    "keep_going": "Keep going with the current plan",
    "injection": "A shot of medicine (injection)",
    "direct_repair": "An operation to fix the break (repair)",
    "fusion": "An operation to join two bones (fusion)",
}


def decision(a: Assessment) -> str:
    """One sentence naming the choice and when it needs to be made, or that there is none yet."""
    surgery = surgery_option(a)
    open_now = [k for k in ("injection", surgery) if _open(a, ENGINE_OPTION[k])]
    if not open_now:
        if a.scenario.pain == "none":
            return (
                "There is no decision to make about a shot or an operation: you have no pain. "
                "The next step is a slow return to sport with your physio."
            )
        week = _first_week(a)
        when = f" A choice may come up from week {week} if the pain is still there." if week else ""
        return "There is no decision to make yet. For now, the plan is to keep going with care." + when
    what = {
        "injection": "a shot of medicine into the break",
        "direct_repair": "an operation to fix the break",
        "fusion": "an operation to join two bones",
    }
    listed = ["keep going with the current plan", *(what[k] for k in open_now)]
    names = ", ".join(listed[:-1]) + " or " + listed[-1] if len(listed) > 2 else " or ".join(listed)
    return (
        f"The choice in front of you now is between these: {names}. You do not have to decide today. "
        "Care goes on while you think it over. Talk it through at your next visit."
    )


def _first_week(a: Assessment) -> int | None:
    weeks = [
        s.opens_at_week for s in a.closed_steps if s.opens_at_week and s.option in ENGINE_OPTION.values()
    ]
    return min(weeks) if weeks else None


# ---------------------------------------------------------------------------------------
# The choices, side by side

OPEN, NOT_YET, NOT_NEEDED, NOT_OPEN, ALWAYS = (
    "open now",
    "not yet",
    "not needed",
    "not offered",
    "always open",
)

CRITERION_WORDS = {
    "failed_conservative_care": "about 3 months of care, with a physio, and pain still there",
    "functional_limitation": "pain that stops you doing everyday things",
    "imaging_confirmed": "a CT scan that shows a real break",
}

# What each option is like, from the source (S03-S06, S13-S20, S25, S33) and the figures
# file. Where the figures file has no number the text says so; nothing is made up.
LIKE: dict[str, dict[str, str]] = {
    "keep_going": {
        "what": "Rest from moves that hurt, exercises with a physio, and pain pills if you need them. "
        "The plan says to think about a stiff brace, but studies do not agree it helps.",
        "how long": "The plan says this care often takes 3 to 6 months.",
        "daily life": "No published figure for time off study or work, or for driving. If you wear a brace, "
        "in one study people wore it all day for at least 2 months [25].",
    },
    "injection": {
        "what": "A doctor puts a needle into the break, with a scan to guide it, and gives a steroid "
        "and a numbing medicine.",
        "how long": "One visit. It may need to be done again later. No published figure for how long a "
        "visit takes.",
        "daily life": "No published figure for time off study or work, for driving, or for a brace. Ask "
        "your doctor.",
    },
    "direct_repair": {
        "what": "In an operation, the surgeon puts screws across the break so the bone can join. Small "
        "cuts may be used, which harm the muscle less and may mean a shorter stay in hospital.",
        "how long": "A stay in hospital, then months of getting better before sport. No published figure "
        "for the stay.",
        "daily life": "No published figure for time off study or work, for driving, or for a brace. Ask "
        "your surgeon.",
    },
    "fusion": {
        "what": "In an operation, the surgeon joins the slipped bone to the bone below, so they grow into "
        "one bone. That part of the back then no longer bends.",
        "how long": "A stay in hospital, then months of getting better. No published figure for the stay.",
        "daily life": "No published figure for time off study or work, for driving, or for a brace. Ask "
        "your surgeon.",
    },
}
DOING_NOTHING = (
    "Doing nothing at all: if you stop care, no study in our list says what happens. The plan says the "
    "outlook with care is good, above all in young people. Some breaks never join, and many people "
    "with one still go back to sport [22]."
)

OTHER_RISKS = {
    "keep_going": "Months of rest from sport. Pain pills can upset the stomach. A brace can be hot and "
    "hard to wear.",
    "injection": "The pain can flare for a few days. Rarely, infection. The relief may wear off, and the "
    "shot may need to be done again.",
    "direct_repair": "Like any operation: infection, harm to a nerve, and the risks of being put to "
    "sleep. Screws can break "
    "or the bone may not join, and then more surgery may be needed.",
    "fusion": "Like any operation: infection, harm to a nerve, and the risks of being put to sleep. That "
    "part of "
    "the back no longer bends. More surgery is sometimes needed.",
}


@dataclass(frozen=True)
class Choice:
    key: str  # keep_going | injection | direct_repair | fusion
    title: str
    status: str
    status_text: str
    like: dict[str, str]
    good: list[Number] = field(default_factory=list)
    bad: list[Number] = field(default_factory=list)
    times: list[Number] = field(default_factory=list)  # time back to sport
    heal_times: list[Number] = field(default_factory=list)  # time until the bone heals
    sport_note: str = ""
    risks: str = ""
    note: str = ""

    @property
    def card_key(self) -> str:
        """The page's container key: one card for whichever operation applies."""
        return "surgery" if self.key in ("direct_repair", "fusion") else self.key

    def good_lines(self) -> list[str]:
        """Short lines for the card: one number per question; the full sentences are below."""
        found = key_numbers(self.good)
        return [n.short + "." for n in found] or [f"{NO_FIGURE} for good results in a case like yours."]

    def bad_lines(self) -> list[str]:
        found = key_numbers(self.bad)
        return [n.short + "." for n in found] or [f"{NO_FIGURE} for problems in a case like yours."]

    def time_lines(self) -> list[str]:
        lines = [n.short[:1].upper() + n.short[1:] + "." for n in self.times]
        if not lines and self.key in ("keep_going", "direct_repair"):
            lines = [f"{NO_FIGURE} for the time back to sport in a case like yours."]
        return lines + ([self.sport_note] if self.sport_note else [])

    def heal_lines(self) -> list[str]:
        return [n.short[:1].upper() + n.short[1:] + "." for n in self.heal_times]

    def lines(self) -> list[str]:
        """Everything the card says, in reading order (page and handout)."""
        like = [f"{k.capitalize()}: {v}" for k, v in self.like.items() if v]
        return [
            f"Is it open? {self.status_text}",
            *like,
            *([self.note] if self.note else []),
            "Good points: " + " ".join(self.good_lines()),
            "Downsides: " + " ".join(self.bad_lines()) + (f" {self.risks}" if self.risks else ""),
            *(["Back to sport: " + " ".join(self.time_lines())] if self.time_lines() else []),
            *(["How long to heal: " + " ".join(self.heal_lines())] if self.heal_lines() else []),
        ]


def _closed(a: Assessment, option: str):
    return next((step for step in a.closed_steps if step.option == option), None)


def _status(a: Assessment, key: str) -> tuple[str, str]:
    if key == "keep_going":
        return ALWAYS, "Yes. This choice is always there. It means doing nothing new."
    engine = ENGINE_OPTION[key]
    if engine in a.options:
        return OPEN, "Yes, you and your doctor can talk about it now."
    if a.scenario.pain == "none":
        return NOT_NEEDED, "Not needed: you have no pain."
    step = _closed(a, engine)
    if key == "direct_repair" and not a.repair_indicated:
        return NOT_OPEN, (
            "Not offered: the plan keeps this operation for young people, and this guide counts up "
            "to age 30 as young. Ask your doctor what else could help."
        )
    missing = [CRITERION_WORDS[k] for k, met in a.criteria.items() if not met and k in CRITERION_WORDS]
    if key == "injection":
        missing = [m for m in missing if "everyday" not in m]
    text = "Not yet. It needs: " + "; ".join(missing) + "." if missing else "Not yet."
    if step and step.opens_at_week:
        text += f" The earliest is week {step.opens_at_week}, about 3 months."
    return NOT_YET, text


def choices(a: Assessment) -> tuple[Choice, ...]:
    """Keep going, the injection and the one operation that fits this case, each with its numbers."""
    out = []
    for key in ("keep_going", "injection", surgery_option(a)):
        option = "conservative" if key == "keep_going" else key
        status, status_text = _status(a, key)
        figs = numbers(a, option=option)
        sport_note = ""
        if key == "direct_repair" and status != NOT_OPEN:
            sport_note = "The plan says 3 to 5 months after the operation. Studies found it takes longer."
        if key == "fusion":
            sport_note = (
                "The plan gives no time for a fusion. The published times are for the repair "
                "operation, so we do not show them here."
            )
        like = dict(LIKE[key])
        if key == "keep_going" and a.scenario.pain == "none":
            like["what"] = (
                "Keep up the exercises with your physio, and build back up to sport step by step. "
                "If the pain comes back, step back and tell your physio."
            )
        out.append(
            Choice(
                key,
                TITLES[key],
                status,
                status_text,
                like,
                good=[n for n in figs if n.kind == "benefit"],
                bad=[n for n in figs if n.kind == "harm"],
                times=[n for n in figs if n.kind == "time" and "sport" in n.measure],
                heal_times=[n for n in figs if n.kind == "time" and "sport" not in n.measure],
                sport_note=sport_note,
                risks=OTHER_RISKS[key],
                note=DOING_NOTHING if key == "keep_going" else "",
            )
        )
    return tuple(out)


# ---------------------------------------------------------------------------------------
# Timeline in months


def timeline(a: Assessment) -> list[str]:
    """Where she is and what the calendar looks like, in months from the start of care."""
    s = a.scenario
    lines = [f"Now: week {s.weeks_conservative} of care, which is {_month_phrase(s.months_conservative)}."]
    cons = a.windows_for("conservative", "pathway")
    if cons:
        lines.append(
            f"Without an operation, the plan says most people are back to sport between month "
            f"{_bare(cons.start_month)} and month {_bare(cons.end_month)} of care, once there is no pain "
            f"at all."
        )
    if a.surgery_month is not None and surgery_option(a) == "direct_repair":
        month = _bare(a.surgery_month)
        lines.append(f"The soonest an operation could be is about month {month} of care.")
        surg = a.windows_for("surgical", "pathway")
        if surg:
            lines.append(
                f"The plan says sport could start {_bare(surg.start_month)} to {_bare(surg.end_month)} "
                "months after it. Studies found it takes longer (see the numbers)."
            )
    elif a.surgery_month is not None:
        lines.append(f"The soonest an operation could be is about month {_bare(a.surgery_month)} of care.")
    else:
        note = a.surgery_note
        if note and s.pain != "none":
            lines.append("There is no date for an operation. The reason: " + _plain_note(note))
    if s.pain == "none":
        lines.append("You have no pain now. The return to sport goes step by step, with your physio.")
    return lines


NO_SURGERY_WORDS = (
    # (source id in the engine's note, the reason in plain words), first match wins
    ("S23", "the plan keeps an operation for pain that stops you doing everyday things."),
    ("S07", "you have no pain."),
    ("S24", "a scan has to show a real break first."),
    ("S16", "the repair operation is for young people, and this guide counts up to age 30 as young."),
    ("S26", "the plan wants a physio program done and written down first."),
)


def _plain_note(note: str) -> str:
    """The engine's reason there is no surgery month (Assessment.surgery_note), in plain words."""
    for sid, words in NO_SURGERY_WORDS:
        if sid in note:
            return words
    return "the plan's checks for an operation are not met yet."


# ---------------------------------------------------------------------------------------
# What matters to you: how each choice fits, never which to pick

PRIORITIES: dict[str, str] = {
    "no_operation": "Not having an operation",
    "no_needle": "Not having a needle in the back",
    "bone_joins": "Giving the bone a chance to join",
    "after_months": "Trying something more when months of care have not helped",
    "pain_soon": "Less pain within a few weeks",
    "sport_soon": "Getting back to sport soon",
    "keep_movement": "Keeping all the movement in my back",
    "done_once": "A treatment that is meant to be done once",
}
SLIP_PRIORITY = {"hold_slip": "Holding a slipped bone in place"}
FITS, NO_FIT, DEPENDS = "fits", "does not fit", "depends"

# priority: {option: (verdict, why)}. Facts from the source (S03-S07, S13-S20, S25, S33) and
# the figures file. Built so that no choice is favoured by construction: over all
# priorities each choice fits some and does not fit some (tests/test_patient.py counts them).
FIT_TABLE: dict[str, dict[str, tuple[str, str]]] = {
    "no_operation": {
        "keep_going": (FITS, "no operation"),
        "injection": (FITS, "no operation"),
        "direct_repair": (NO_FIT, "it is an operation"),
        "fusion": (NO_FIT, "it is an operation"),
    },
    "no_needle": {
        "keep_going": (FITS, "no needles"),
        "injection": (NO_FIT, "it is a needle in the back"),
        "direct_repair": (NO_FIT, "an operation needs needles and a cut"),
        "fusion": (NO_FIT, "an operation needs needles and a cut"),
    },
    "bone_joins": {
        "keep_going": (DEPENDS, "on the stage of the break"),
        "injection": (NO_FIT, "it eases pain; it is not meant to join the bone"),
        "direct_repair": (FITS, "screws hold the break so it can join"),
        "fusion": (FITS, "it joins two bones into one"),
    },
    "after_months": {
        "keep_going": (NO_FIT, "it is the care you already have"),
        "injection": (FITS, "the plan names it as a next step"),
        "direct_repair": (FITS, "the plan names it for pain that lasts"),
        "fusion": (FITS, "the plan names it for pain that lasts, with a slip"),
    },
    "pain_soon": {
        "keep_going": (NO_FIT, "pain often eases slowly, over months"),
        "injection": (DEPENDS, "it helps some people, not all"),
        "direct_repair": (NO_FIT, "getting over it takes months"),
        "fusion": (NO_FIT, "getting over it takes months"),
    },
    "sport_soon": {
        "keep_going": (DEPENDS, "often 3 to 6 months, once pain has gone"),
        "injection": (DEPENDS, "it may help you back; no study says how soon"),
        "direct_repair": (NO_FIT, "months of getting better first"),
        "fusion": (NO_FIT, "months of getting better first"),
    },
    "keep_movement": {
        "keep_going": (FITS, "nothing is joined"),
        "injection": (FITS, "nothing is joined"),
        "direct_repair": (FITS, "it fixes the break; the back can still bend there [34]"),
        "fusion": (NO_FIT, "that part of the back no longer bends"),
    },
    "done_once": {
        "keep_going": (NO_FIT, "it goes on for months"),
        "injection": (NO_FIT, "it may need to be done again"),
        "direct_repair": (FITS, "it is meant to be done once; some people need more surgery"),
        "fusion": (FITS, "it is meant to be done once; some people need more surgery"),
    },
    "hold_slip": {
        "keep_going": (DEPENDS, "a slip may stay the same or grow; ask your doctor"),
        "injection": (NO_FIT, "it does not hold the bone"),
        "direct_repair": (NO_FIT, "it is not done when the bone has slipped a lot"),
        "fusion": (FITS, "it holds the two bones together"),
    },
}


def priorities(a: Assessment) -> dict[str, str]:
    """The priorities offered for this case: the slip one only when the bone has slipped."""
    if a.scenario.listhesis_grade >= 1:
        return {**PRIORITIES, **SLIP_PRIORITY}
    return dict(PRIORITIES)


def fit_rows(picked: list[str], chosen: tuple[Choice, ...]) -> list[dict[str, str]]:
    """One row per picked priority: the verdict and a short reason for each choice, in a fixed order."""
    rows = []
    names = {**PRIORITIES, **SLIP_PRIORITY}
    for key in picked:
        if key not in FIT_TABLE:
            continue
        row = {"What matters to you": names[key]}
        for c in chosen:
            verdict, why = FIT_TABLE[key][c.key]
            row[c.title] = f"{verdict}: {why}"
        rows.append(row)
    return rows


# The SURE test (Légaré et al. 2010): four yes/no questions on readiness to decide.
SURE: dict[str, str] = {
    "sure": "Do you feel sure about the best choice for you?",
    "understand": "Do you know the good and bad points of each choice?",
    "weigh": "Are you clear about which good and bad points matter most to you?",
    "support": "Do you have enough support and advice to make a choice?",
}


def sure_result(answers: dict[str, str | None]) -> str:
    """What the four answers mean, in one plain sentence."""
    given = [answers.get(k) for k in SURE]
    if any(v is None for v in given):
        return "Answer all four questions to see what they mean."
    if all(v == "Yes" for v in given):
        return "You said yes to all four. You may be ready to choose with your doctor."
    return "You said no to at least one. That is normal. Talk it through with your doctor before you choose."


# ---------------------------------------------------------------------------------------
# Everything a patient reads, block by block (page, handout and the reading-grade tests)


def study_refs(chosen: tuple[Choice, ...], shown: list[Number]) -> list[int]:
    """The reference numbers cited by these numbers, the choices' texts and the fit table, in order."""
    refs: set[int] = {65}  # the quality statement in 'How sure are these numbers?'
    for n in shown:
        refs.update(n.refs)
    for c in chosen:
        for text in (*c.like.values(), c.note):
            refs.update(int(x) for x in _cited(text))
    for rows in FIT_TABLE.values():
        for _, why in rows.values():
            refs.update(int(x) for x in _cited(why))
    return sorted(refs)


def _cited(text: str) -> list[str]:
    import re

    return re.findall(r"\[(\d+)\]", text)

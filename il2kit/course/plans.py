"""Lesson plans whose timings add up, read from the notebooks themselves (the plans as data;
:mod:`il2kit.course.timing` times and checks them).

A plan is a list of sessions. A session has a stated length and lists the notebooks worked in it
(by file stem) plus extra minutes for exercises, discussion, presentations and the like. A
notebook's minutes are never copied here: :func:`il2kit.course.timing.notebook_minutes` reads
each notebook's own "**Time to learn:** N minutes" line, so when a notebook's estimate changes,
every plan that uses it is re-timed, and :func:`il2kit.course.timing.check_plan` says which
sessions no longer fit.

Lessons that are planned but not written yet (the new topics of issue 15: intention-to-treat,
multiplicity, interim analyses, non-inferiority, hazard ratios, appraisal, surrogate endpoints,
IL-2 today) appear as ``"topic:<key>"``. Such a topic is timed from the notebook that teaches it
once one exists (a notebook whose stem matches the topic's pattern), and from the planning
estimate in :data:`PLANNED_TOPICS` until then; the rendered guide marks those estimates.

Prerequisites (:data:`PREREQUISITES`) are the hard ones: what a lesson cannot be followed
without. :func:`il2kit.course.timing.check_plan` checks that each comes earlier in the plan (in
an earlier session, earlier in the same session, or in the pre-work of a session up to this one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "EXTRA_KINDS",
    "TOPIC_PREFIX",
    "Extra",
    "Session",
    "Plan",
    "PlannedTopic",
    "PLANNED_TOPICS",
    "PREREQUISITES",
    "KNOWN_PREREQUISITE_CONFLICTS",
    "PLANS",
]

#: Kinds of minutes a session may add to its notebooks.
EXTRA_KINDS = (
    "exercises",
    "discussion",
    "presentations",
    "lecture",
    "assessment",
)

LESSON_STEM = re.compile(r"^\d{2}_\w+$")
TOPIC_PREFIX = "topic:"


@dataclass(frozen=True)
class Extra:
    """Minutes a session spends beyond working through notebooks."""

    kind: str
    minutes: int
    what: str

    def __post_init__(self) -> None:
        if self.kind not in EXTRA_KINDS:
            raise ValueError(f"Invalid Extra kind {self.kind!r}; must be one of {EXTRA_KINDS}.")
        if not isinstance(self.minutes, int) or self.minutes <= 0:
            raise ValueError(f"Invalid Extra minutes={self.minutes!r}; must be a positive int.")


@dataclass(frozen=True)
class Session:
    """One sitting: its stated length, the notebooks worked in it, and extra minutes.

    ``before`` lists work done before the session (pre-reading, a pre-test), ``after`` work
    set for after it (homework); neither counts towards the session's length, but both count
    for prerequisites.
    """

    name: str
    length: int
    notebooks: tuple[str, ...]
    extras: tuple[Extra, ...] = ()
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Plan:
    key: str
    title: str
    audience: str
    sessions: tuple[Session, ...]
    covers_every_lesson: bool = False
    covers_planned_topics: bool = False
    note: str = ""


@dataclass(frozen=True)
class PlannedTopic:
    """A lesson issue 15 asks for that has no notebook yet (TODO second pass)."""

    title: str
    estimate: int
    pattern: str  # matched against notebook stems to find the lesson once it exists
    what: str


PLANNED_TOPICS: dict[str, PlannedTopic] = {
    "itt_per_protocol": PlannedTopic(
        "Intention-to-treat versus per-protocol",
        40,
        r"itt|intention|per_protocol|analysis_set",
        "randomized versus evaluable counts in data/trials.csv (n_entered, n)",
    ),
    "multiplicity_subgroups": PlannedTopic(
        "Multiplicity and subgroup analyses",
        45,
        r"multiplic|subgroup",
        "mcdermott2005's subgroup p-values; a simulator of 'significant' subgroups in null trials",
    ),
    "interim_analyses": PlannedTopic(
        "Interim analyses and data monitoring",
        45,
        r"interim|sequential|monitor",
        "O'Brien-Fleming and Pocock boundaries, alpha spending; stopping early",
    ),
    "noninferiority": PlannedTopic(
        "Non-inferiority",
        40,
        r"non_?inferior",
        "margin and sample size (il2kit.noninferiority); finding 3 asked properly",
    ),
    "hazard_ratios_cox_nnt": PlannedTopic(
        "Hazard ratios, the Cox model and the number needed to treat",
        45,
        r"hazard|cox|nnt",
        "hazard ratios as printed (gore2010, keilholz2005); Cox PH; NNT with its CI",
    ),
    "appraisal_grade": PlannedTopic(
        "Blinding, allocation concealment, CONSORT, risk of bias and GRADE",
        50,
        r"blind|consort|risk_of_bias|grade|apprais",
        "appraise one abstract from the data set; a GRADE table for the five findings",
    ),
    "surrogate_endpoints": PlannedTopic(
        "Surrogate endpoints",
        35,
        r"surrogate",
        "response and PFS as stand-ins for overall survival",
    ),
    "il2_today": PlannedTopic(
        "IL-2 today",
        30,
        r"today|modern|since_20\d\d_today",
        "checkpoint inhibitors, targeted therapy, lifileucel with HD IL-2",
    ),
}

#: Hard prerequisites: a lesson cannot be followed without these. Notebooks by stem, planned
#: lessons as "topic:<key>". Deliberately fewer than the notebooks' own Prerequisites sections
#: list: see KNOWN_PREREQUISITE_CONFLICTS for the links left out and why.
PREREQUISITES: dict[str, tuple[str, ...]] = {
    "00_start_here": (),
    "01_il2_and_its_regimens": ("00_start_here",),
    "02_finding1_high_dose_response": ("00_start_here", "01_il2_and_its_regimens"),
    "03_finding2_toxicity": ("01_il2_and_its_regimens", "02_finding1_high_dose_response"),
    "04_finding3_lower_doses": ("01_il2_and_its_regimens", "02_finding1_high_dose_response"),
    "05_finding4_rcc_combinations": (
        "01_il2_and_its_regimens",
        "02_finding1_high_dose_response",
        "04_finding3_lower_doses",
    ),
    "06_finding5_melanoma_biochemotherapy": (
        "02_finding1_high_dose_response",
        "05_finding4_rcc_combinations",
        "09_phase2_designs",
        "10_randomized_trials",
    ),
    "07_since_2002": (
        "02_finding1_high_dose_response",
        "03_finding2_toxicity",
        "04_finding3_lower_doses",
        "05_finding4_rcc_combinations",
        "06_finding5_melanoma_biochemotherapy",
    ),
    "08_how_sure_is_a_response_rate": ("00_start_here",),
    "09_phase2_designs": ("00_start_here", "08_how_sure_is_a_response_rate"),
    "10_randomized_trials": (
        "05_finding4_rcc_combinations",
        "08_how_sure_is_a_response_rate",
        "09_phase2_designs",
    ),
    "11_survival_and_durable_responses": (
        "02_finding1_high_dose_response",
        "08_how_sure_is_a_response_rate",
        "10_randomized_trials",
    ),
    "12_pooling_evidence": (
        "06_finding5_melanoma_biochemotherapy",
        "08_how_sure_is_a_response_rate",
        "09_phase2_designs",
        "10_randomized_trials",
    ),
    "concept_inventory": (),
    "topic:itt_per_protocol": ("10_randomized_trials",),
    "topic:multiplicity_subgroups": ("05_finding4_rcc_combinations", "10_randomized_trials"),
    "topic:interim_analyses": ("10_randomized_trials", "11_survival_and_durable_responses"),
    "topic:noninferiority": (
        "04_finding3_lower_doses",
        "08_how_sure_is_a_response_rate",
        "10_randomized_trials",
    ),
    "topic:hazard_ratios_cox_nnt": ("11_survival_and_durable_responses",),
    "topic:appraisal_grade": (
        "06_finding5_melanoma_biochemotherapy",
        "10_randomized_trials",
        "12_pooling_evidence",
    ),
    "topic:surrogate_endpoints": (
        "05_finding4_rcc_combinations",
        "10_randomized_trials",
        "11_survival_and_durable_responses",
    ),
    "topic:il2_today": ("07_since_2002",),
}

#: Links a notebook's own Prerequisites section states as required that PREREQUISITES leaves
#: out, with the reason. Flagged for the lead (second pass): when the notebook's text changes,
#: tests/test_course_plans.py reports the entry as stale so it can be removed.
KNOWN_PREREQUISITE_CONFLICTS: dict[tuple[str, str], str] = {}


# ----------------------------------------------------------------------------- the plans
def _x(kind: str, minutes: int, what: str) -> Extra:
    return Extra(kind, minutes, what)


INVENTORY = "concept_inventory"

PLANS: tuple[Plan, ...] = (
    Plan(
        key="lecture",
        title="A single 90-minute lecture",
        audience="a trial-methods or evidence-based-medicine class meeting the kit once",
        note=(
            "Teach the methods path's first step with the IL-2 trials as the example: why "
            "'similar' phase II response rates said little. The pre-test is done online "
            "before class; 01, 02 and 04 are set as reading afterwards."
        ),
        sessions=(
            Session(
                name="Lecture: how sure is a response rate?",
                length=90,
                before=(INVENTORY,),
                notebooks=("00_start_here", "08_how_sure_is_a_response_rate"),
                extras=(
                    _x(
                        "discussion",
                        20,
                        "think-pair-share on 08's 'Check your understanding' "
                        "and the rate sampler at 40 and 200 patients",
                    ),
                ),
                after=(
                    "01_il2_and_its_regimens",
                    "02_finding1_high_dose_response",
                    "04_finding3_lower_doses",
                ),
            ),
        ),
    ),
    Plan(
        key="labs",
        title="Two 2-hour labs",
        audience="a module of two computer labs, students in pairs",
        note=(
            "Lab 1 is the evidence, lab 2 the design lessons that explain it. 00 and 01 (and the "
            "pre-test) are pre-lab work; the other lessons are set as self-study afterwards, "
            "in the order of the self-study route."
        ),
        sessions=(
            Session(
                name="Lab 1: the evidence",
                length=120,
                before=(INVENTORY, "00_start_here", "01_il2_and_its_regimens"),
                notebooks=("02_finding1_high_dose_response", "04_finding3_lower_doses"),
                extras=(
                    _x(
                        "presentations",
                        15,
                        "each pair shows one regimen from the comparer "
                        "(2 minutes each, a sample of pairs in a large class)",
                    ),
                    _x("discussion", 10, "why the randomized trials disagreed with phase II"),
                ),
            ),
            Session(
                name="Lab 2: the design lessons",
                length=120,
                notebooks=("08_how_sure_is_a_response_rate", "09_phase2_designs"),
                extras=(
                    _x(
                        "discussion",
                        15,
                        "selection bias: who would you enrol, and what would it do to your p0?",
                    ),
                ),
                after=(
                    "03_finding2_toxicity",
                    "05_finding4_rcc_combinations",
                    "10_randomized_trials",
                    "06_finding5_melanoma_biochemotherapy",
                    "11_survival_and_durable_responses",
                    "12_pooling_evidence",
                    "07_since_2002",
                    INVENTORY,
                ),
            ),
        ),
    ),
    Plan(
        key="self_study",
        title="A self-study route (six sittings of up to two hours)",
        audience="a learner on their own, or a flipped class",
        covers_every_lesson=True,
        note="Clinical and methods lessons alternate so that each method arrives with its case.",
        sessions=(
            Session(
                name="Sitting 1",
                length=120,
                notebooks=(
                    INVENTORY,
                    "00_start_here",
                    "01_il2_and_its_regimens",
                    "02_finding1_high_dose_response",
                ),
                extras=(
                    _x(
                        "exercises",
                        10,
                        "write down your answer to each 'Check your "
                        "understanding' before opening it",
                    ),
                ),
            ),
            Session(
                name="Sitting 2",
                length=120,
                notebooks=("08_how_sure_is_a_response_rate", "03_finding2_toxicity"),
                extras=(_x("exercises", 10, "redo 03's deaths figure for one series by hand"),),
            ),
            Session(
                name="Sitting 3",
                length=120,
                notebooks=("04_finding3_lower_doses", "09_phase2_designs"),
                extras=(_x("exercises", 10, "the Simon designer at p0 = 10%, p1 = 25%"),),
            ),
            Session(
                name="Sitting 4",
                length=120,
                notebooks=("05_finding4_rcc_combinations", "10_randomized_trials"),
                extras=(_x("exercises", 10, "the surrogate simulator at a hazard ratio of 1"),),
            ),
            Session(
                name="Sitting 5",
                length=120,
                notebooks=(
                    "06_finding5_melanoma_biochemotherapy",
                    "11_survival_and_durable_responses",
                ),
                extras=(_x("exercises", 10, "one paragraph: why did phase II promise more?"),),
            ),
            Session(
                name="Sitting 6",
                length=120,
                notebooks=("12_pooling_evidence", "07_since_2002", INVENTORY),
                extras=(_x("exercises", 10, "compare your pre- and post-test answers"),),
            ),
        ),
    ),
    Plan(
        key="term",
        title="A full term (11 weeks: a 60-minute seminar and a 2-hour lab each week)",
        audience="a 100-300 student trial-design course using the kit as its main material",
        covers_every_lesson=True,
        covers_planned_topics=True,
        note=(
            "Lessons marked 'planned' do not exist yet (issue 15); they are timed from a "
            "planning estimate until they do. Assessment: the assignments in assignments.md "
            "(evidence brief due week 6, design pair project week 9, critique week 11)."
        ),
        sessions=(
            Session(
                "Week 1 seminar: the review and its five findings",
                60,
                (),
                (
                    _x("lecture", 40, "the review, the disclaimer, how to read an abstract"),
                    _x("discussion", 20, "what would convince you that a regimen works?"),
                ),
            ),
            Session(
                "Week 1 lab",
                120,
                (
                    INVENTORY,
                    "00_start_here",
                    "01_il2_and_its_regimens",
                    "02_finding1_high_dose_response",
                ),
                (_x("discussion", 15, "02's news-story question"),),
            ),
            Session(
                "Week 2 seminar: uncertainty",
                60,
                (),
                (
                    _x("lecture", 40, "confidence intervals, coverage, the Wald failure"),
                    _x("discussion", 20, "zero deaths is not zero risk"),
                ),
            ),
            Session(
                "Week 2 lab",
                120,
                ("08_how_sure_is_a_response_rate", "03_finding2_toxicity"),
                (
                    _x("exercises", 20, "TA-led: exact intervals by hand with scipy.stats.beta"),
                    _x("discussion", 15, "what 'usually reversible' can and cannot mean"),
                ),
            ),
            Session(
                "Week 3 seminar: phase II",
                60,
                (),
                (
                    _x("lecture", 40, "single-arm trials, p0, Simon's designs, selection"),
                    _x("discussion", 20, "choose p0 and p1 for a gentler regimen"),
                ),
            ),
            Session(
                "Week 3 lab",
                120,
                ("04_finding3_lower_doses", "09_phase2_designs"),
                (_x("discussion", 15, "why 'similar' was not 'equivalent'"),),
            ),
            Session(
                "Week 4 seminar: randomization",
                60,
                (),
                (
                    _x("lecture", 40, "confounding, sample size, pick-the-winner"),
                    _x("discussion", 20, "the stratification question of 10's exercise 3"),
                ),
            ),
            Session(
                "Week 4 lab",
                120,
                ("05_finding4_rcc_combinations", "10_randomized_trials"),
                (_x("discussion", 15, "response up, survival not: three explanations"),),
            ),
            Session(
                "Week 5 seminar: analysing randomized trials",
                60,
                (),
                (
                    _x("lecture", 40, "ITT, per-protocol, exclusions after randomization"),
                    _x("discussion", 20, "who counts as 'evaluable'?"),
                ),
            ),
            Session(
                "Week 5 lab",
                120,
                ("06_finding5_melanoma_biochemotherapy", "topic:itt_per_protocol"),
                (_x("discussion", 15, "phase II promise and phase III reality"),),
            ),
            Session(
                "Week 6 seminar: survival",
                60,
                (),
                (
                    _x("lecture", 40, "Kaplan-Meier, log-rank, hazard ratios, Cox, NNT"),
                    _x("discussion", 20, "what a median hides"),
                ),
            ),
            Session(
                "Week 6 lab",
                120,
                ("11_survival_and_durable_responses", "topic:hazard_ratios_cox_nnt"),
                (_x("discussion", 10, "guarantee-time bias in your own field"),),
            ),
            Session(
                "Week 7 seminar: endpoints and many tests",
                60,
                (),
                (
                    _x("lecture", 40, "surrogate endpoints; multiplicity and subgroups"),
                    _x("discussion", 20, "mcdermott2005's subgroups"),
                ),
            ),
            Session(
                "Week 7 lab",
                120,
                ("topic:surrogate_endpoints", "topic:multiplicity_subgroups"),
                (_x("discussion", 15, "when would you believe a subgroup?"),),
            ),
            Session(
                "Week 8 seminar: pooling and monitoring",
                60,
                (),
                (
                    _x("lecture", 40, "meta-analysis; interim analyses and DMCs"),
                    _x("discussion", 20, "stopping early for benefit: what can go wrong?"),
                ),
            ),
            Session(
                "Week 8 lab",
                120,
                ("12_pooling_evidence", "topic:interim_analyses"),
                (_x("discussion", 10, "heterogeneity as a question, not a number"),),
            ),
            Session(
                "Week 9 seminar: non-inferiority and appraisal",
                60,
                (),
                (
                    _x("lecture", 40, "margins; blinding, CONSORT, risk of bias, GRADE"),
                    _x("discussion", 20, "is a gentler regimen 'not much worse'?"),
                ),
            ),
            Session(
                "Week 9 lab",
                120,
                ("topic:noninferiority", "topic:appraisal_grade"),
                (_x("discussion", 10, "GRADE the five findings in groups"),),
            ),
            Session(
                "Week 10 seminar: since 2002",
                60,
                (),
                (
                    _x("lecture", 40, "the scorecard; what replaced and what kept IL-2"),
                    _x("discussion", 20, "which 2002 finding would you still teach?"),
                ),
            ),
            Session(
                "Week 10 lab",
                120,
                ("07_since_2002", "topic:il2_today"),
                (
                    _x("presentations", 40, "design projects, a sample of pairs"),
                    _x("discussion", 10, "questions on the projects"),
                ),
            ),
            Session(
                "Week 11 seminar: review",
                60,
                (),
                (
                    _x(
                        "discussion",
                        60,
                        "the post-test questions most students missed "
                        "(item analysis), and open questions",
                    ),
                ),
            ),
            Session(
                "Week 11 lab",
                120,
                (INVENTORY,),
                (
                    _x("presentations", 60, "the remaining design projects"),
                    _x("assessment", 30, "critique assignment: questions and peer review"),
                ),
            ),
        ),
    ),
)

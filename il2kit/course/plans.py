"""Lesson plans whose timings add up, read from the notebooks themselves (the plans as data;
:mod:`il2kit.course.timing` times and checks them).

A plan is a list of sessions. A session has a stated length and lists the notebooks worked in it
(by file stem) plus extra minutes for exercises, discussion, presentations and the like. A
notebook's minutes are never copied here: :func:`il2kit.course.timing.notebook_minutes` reads
each notebook's own "**Time to learn:** N minutes" line, so when a notebook's estimate changes,
every plan that uses it is re-timed, and :func:`il2kit.course.timing.check_plan` says which
sessions no longer fit.

Prerequisites (:data:`PREREQUISITES`) are the hard ones: what a lesson cannot be followed
without. They include every link a notebook's own Prerequisites section states as required (the
test of the plans checks that). :func:`il2kit.course.timing.check_plan` checks that each comes
earlier in the plan (in an earlier session, earlier in the same session, or in the pre-work or
homework of a session before it).

:data:`STANDARD_TOPICS` names the trial-design topics a methods course must teach (issue 15's
list) and the lessons that teach each; a plan that claims to cover them is checked against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "EXTRA_KINDS",
    "Extra",
    "Session",
    "Plan",
    "StandardTopic",
    "STANDARD_TOPICS",
    "PREREQUISITES",
    "KNOWN_PREREQUISITE_CONFLICTS",
    "INVENTORY",
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

#: The concept inventory's notebook (timed like a lesson, but not one).
INVENTORY = "concept_inventory"


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
    covers_standard_topics: bool = False
    note: str = ""


@dataclass(frozen=True)
class StandardTopic:
    """A standard trial-design topic and the lessons (stems) that teach it, with where."""

    title: str
    lessons: tuple[str, ...]
    where: str


#: The standard topics of a trial-design course that issue 15 asked the kit to teach through its
#: own trials, and where each is taught. ``tests/test_course_plans.py`` checks that every lesson
#: named exists and that the term plan places it.
STANDARD_TOPICS: dict[str, StandardTopic] = {
    "itt_per_protocol": StandardTopic(
        "Intention-to-treat versus per-protocol",
        ("13_analysis_populations_and_multiplicity",),
        "13 sections 1-2: entered against evaluable counts, a synthetic post-randomization "
        "exclusion",
    ),
    "multiplicity_subgroups": StandardTopic(
        "Multiplicity and subgroup analyses",
        ("13_analysis_populations_and_multiplicity", "05_finding4_rcc_combinations"),
        "13 sections 3-5: mcdermott2005's subgroups, Holm and Bonferroni, null trials "
        "simulated; 05 gives the first warning",
    ),
    "interim_analyses": StandardTopic(
        "Interim analyses and data monitoring",
        ("14_interim_analyses",),
        "14: repeated testing, O'Brien-Fleming, Pocock and alpha-spending boundaries, "
        "truncation bias, the data monitoring committee",
    ),
    "noninferiority": StandardTopic(
        "Non-inferiority",
        ("15_non_inferiority", "08_how_sure_is_a_response_rate"),
        "15: margin, Farrington-Manning test and sample size, finding 3 asked properly; "
        "08 section 5 introduces the three questions",
    ),
    "hazard_ratios_cox_nnt": StandardTopic(
        "Hazard ratios, the Cox model and the number needed to treat",
        ("16_hazard_ratios_and_nnt",),
        "16: printed hazard ratios, Cox on synthetic patients, ratio against medians, NNT "
        "with its interval",
    ),
    "appraisal_grade": StandardTopic(
        "Blinding, allocation concealment, CONSORT, risk of bias and GRADE",
        ("17_appraising_a_trial",),
        "17: mcdermott2005's abstract against CONSORT for abstracts, RoB 2 for two results, "
        "GRADE per finding and endpoint",
    ),
    "surrogate_endpoints": StandardTopic(
        "Surrogate endpoints",
        ("10_randomized_trials", "05_finding4_rcc_combinations", "16_hazard_ratios_and_nnt"),
        "10 section 4 defines a surrogate and simulates response without survival; 05 and 06 "
        "show it in the trials; 16 separates the outcomes of an NNT",
    ),
    "il2_today": StandardTopic(
        "IL-2 today",
        ("18_il2_today",),
        "18: the approvals after the review, HD IL-2 with lifileucel, what the review still "
        "teaches",
    ),
}

#: Hard prerequisites: a lesson cannot be followed without these (notebooks by stem). Every
#: link a notebook's own Prerequisites section states as required is here; a few links are
#: added where a lesson builds on one the notebook leaves implicit (07 on 03-05).
PREREQUISITES: dict[str, tuple[str, ...]] = {
    "00_start_here": (),
    "01_il2_and_its_regimens": ("00_start_here",),
    "02_finding1_high_dose_response": ("00_start_here", "01_il2_and_its_regimens"),
    "03_finding2_toxicity": ("01_il2_and_its_regimens", "02_finding1_high_dose_response"),
    "04_finding3_lower_doses": ("01_il2_and_its_regimens", "02_finding1_high_dose_response"),
    "05_finding4_rcc_combinations": (
        "00_start_here",
        "01_il2_and_its_regimens",
        "02_finding1_high_dose_response",
        "04_finding3_lower_doses",
    ),
    "06_finding5_melanoma_biochemotherapy": (
        "02_finding1_high_dose_response",
        "05_finding4_rcc_combinations",
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
    "13_analysis_populations_and_multiplicity": (
        "04_finding3_lower_doses",
        "08_how_sure_is_a_response_rate",
        "10_randomized_trials",
    ),
    "14_interim_analyses": (
        "04_finding3_lower_doses",
        "10_randomized_trials",
        "13_analysis_populations_and_multiplicity",
    ),
    "15_non_inferiority": (
        "04_finding3_lower_doses",
        "08_how_sure_is_a_response_rate",
        "10_randomized_trials",
    ),
    "16_hazard_ratios_and_nnt": (
        "04_finding3_lower_doses",
        "08_how_sure_is_a_response_rate",
        "10_randomized_trials",
        "11_survival_and_durable_responses",
    ),
    "17_appraising_a_trial": (
        "06_finding5_melanoma_biochemotherapy",
        "10_randomized_trials",
        "12_pooling_evidence",
    ),
    "18_il2_today": ("07_since_2002",),
    INVENTORY: (),
}

#: Links a notebook's own Prerequisites section states as required that PREREQUISITES leaves
#: out, with the reason (for the lead). Empty: every stated link is kept. When a notebook's text
#: changes, tests/test_course_plans.py reports an entry here as stale so it can be removed.
KNOWN_PREREQUISITE_CONFLICTS: dict[tuple[str, str], str] = {}


# ----------------------------------------------------------------------------- the plans
def _x(kind: str, minutes: int, what: str) -> Extra:
    return Extra(kind, minutes, what)


def _seminar(
    week: int, title: str, lecture: str, discussion: str, before: tuple[str, ...] = ()
) -> Session:
    """A 60-minute seminar: 40 minutes taught, 20 discussed."""
    return Session(
        f"Week {week} seminar: {title}",
        60,
        (),
        (_x("lecture", 40, lecture), _x("discussion", 20, discussion)),
        before=before,
    )


PLANS: tuple[Plan, ...] = (
    Plan(
        key="lecture",
        title="A single 90-minute lecture",
        audience="a trial-methods or evidence-based-medicine class meeting the kit once",
        note=(
            "Teach the methods path's first step with the IL-2 trials as the example: why "
            "'similar' phase II response rates said little. The pre-test and 00 are done "
            "before class; 01, 02 and 04 are set as reading afterwards."
        ),
        sessions=(
            Session(
                name="Lecture: how sure is a response rate?",
                length=90,
                before=(INVENTORY, "00_start_here"),
                notebooks=("08_how_sure_is_a_response_rate",),
                extras=(
                    _x(
                        "lecture",
                        10,
                        "the review's five findings and the disclaimer, from 00's table",
                    ),
                    _x(
                        "discussion",
                        15,
                        "think-pair-share on 08's 'Check your understanding' and the rate "
                        "sampler at 40 and 200 patients",
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
            "Lab 1 is the evidence for findings 1 and 3, lab 2 the design lesson that explains "
            "why 'similar' phase II rates said little. The pre-test, 00 and 01 are pre-lab "
            "work; 08 is set between the labs (09 needs it); the other lessons are self-study "
            "afterwards, in the order of the self-study route."
        ),
        sessions=(
            Session(
                name="Lab 1: the evidence",
                length=120,
                before=(INVENTORY, "00_start_here", "01_il2_and_its_regimens"),
                notebooks=("02_finding1_high_dose_response", "04_finding3_lower_doses"),
                extras=(
                    _x(
                        "discussion",
                        15,
                        "three pairs show one regimen each from the comparer (HD, CIV, SC), "
                        "then: why did the randomized trials disagree with phase II?",
                    ),
                ),
                after=("08_how_sure_is_a_response_rate",),
            ),
            Session(
                name="Lab 2: phase II designs",
                length=120,
                notebooks=("09_phase2_designs",),
                extras=(
                    _x(
                        "exercises",
                        25,
                        "in pairs, Assignment 2 part 1: a Simon design for a gentler regimen, "
                        "p0 and p1 justified",
                    ),
                    _x(
                        "discussion",
                        20,
                        "selection bias: who would you enrol, and what would it do to your p0?",
                    ),
                ),
                after=(
                    "03_finding2_toxicity",
                    "05_finding4_rcc_combinations",
                    "10_randomized_trials",
                    "06_finding5_melanoma_biochemotherapy",
                    "11_survival_and_durable_responses",
                    "13_analysis_populations_and_multiplicity",
                    "12_pooling_evidence",
                    "14_interim_analyses",
                    "15_non_inferiority",
                    "16_hazard_ratios_and_nnt",
                    "07_since_2002",
                    "17_appraising_a_trial",
                    "18_il2_today",
                    INVENTORY,
                ),
            ),
        ),
    ),
    Plan(
        key="self_study",
        title="A self-study route in ten sittings",
        audience="a learner on their own, or a flipped class",
        covers_every_lesson=True,
        covers_standard_topics=True,
        note=(
            "Clinical and methods lessons alternate so that each method arrives with its case; "
            "the concept inventory opens and closes the route."
        ),
        sessions=(
            Session(
                name="Sitting 1",
                length=120,
                notebooks=(INVENTORY, "00_start_here", "01_il2_and_its_regimens"),
                extras=(
                    _x(
                        "exercises",
                        5,
                        "write down, before 02, which of the five findings you expect to hold",
                    ),
                ),
            ),
            Session(
                name="Sitting 2",
                length=120,
                notebooks=("02_finding1_high_dose_response", "08_how_sure_is_a_response_rate"),
                extras=(
                    _x(
                        "exercises",
                        5,
                        "answer each 'Check your understanding' in writing before opening it",
                    ),
                ),
            ),
            Session(
                name="Sitting 3",
                length=120,
                notebooks=("03_finding2_toxicity", "04_finding3_lower_doses"),
                extras=(_x("exercises", 10, "redo 03's deaths figure for one series by hand"),),
            ),
            Session(
                name="Sitting 4",
                length=120,
                notebooks=("09_phase2_designs", "05_finding4_rcc_combinations"),
                extras=(_x("exercises", 15, "the Simon designer at p0 = 10%, p1 = 25%"),),
            ),
            Session(
                name="Sitting 5",
                length=120,
                notebooks=("10_randomized_trials", "06_finding5_melanoma_biochemotherapy"),
                extras=(_x("exercises", 15, "the surrogate simulator at a hazard ratio of 1"),),
            ),
            Session(
                name="Sitting 6",
                length=120,
                notebooks=(
                    "11_survival_and_durable_responses",
                    "13_analysis_populations_and_multiplicity",
                ),
                extras=(
                    _x(
                        "exercises",
                        15,
                        "one paragraph: which of 05's and 13's subgroup results would you "
                        "believe, and why?",
                    ),
                ),
            ),
            Session(
                name="Sitting 7",
                length=120,
                notebooks=("12_pooling_evidence", "14_interim_analyses"),
                extras=(_x("exercises", 15, "one paragraph: why did phase II promise more?"),),
            ),
            Session(
                name="Sitting 8",
                length=120,
                notebooks=("15_non_inferiority", "16_hazard_ratios_and_nnt"),
                extras=(
                    _x(
                        "exercises",
                        15,
                        "restate three printed hazard ratios of 16 in words, numerator first",
                    ),
                ),
            ),
            Session(
                name="Sitting 9",
                length=120,
                notebooks=("07_since_2002", "17_appraising_a_trial"),
                extras=(
                    _x(
                        "exercises",
                        15,
                        "grade each finding yourself before reading 07's scorecard",
                    ),
                ),
            ),
            Session(
                name="Sitting 10",
                length=60,
                notebooks=("18_il2_today", INVENTORY),
                extras=(_x("exercises", 10, "compare your pre- and post-test answers"),),
            ),
        ),
    ),
    Plan(
        key="term",
        title="A full term of 11 weeks",
        audience="a 100-300 student trial-design course using the kit as its main material",
        covers_every_lesson=True,
        covers_standard_topics=True,
        note=(
            "A 60-minute seminar and a 2-hour lab each week. The seminar teaches (lecture and "
            "discussion); the lab is where students work "
            "through the notebooks with TAs. Assessment: the assignments in assignments.md "
            "(evidence brief due after week 7, design pair project presented in weeks 10-11, "
            "critique in week 11)."
        ),
        sessions=(
            _seminar(
                1,
                "the review and its five findings",
                "the review, the disclaimer, how to read an abstract",
                "what would convince you that a regimen works?",
                before=(INVENTORY,),
            ),
            Session(
                "Week 1 lab",
                120,
                ("00_start_here", "01_il2_and_its_regimens"),
                (
                    _x("exercises", 10, "set-up problems, pairs on one working laptop"),
                    _x("discussion", 10, "a tenfold dose slip: what should catch it?"),
                ),
            ),
            _seminar(
                2,
                "high-dose IL-2: response and toxicity",
                "complete and partial responses, the durable tail, capillary leak",
                "zero deaths is not zero risk",
            ),
            Session(
                "Week 2 lab",
                120,
                ("02_finding1_high_dose_response", "03_finding2_toxicity"),
                (_x("discussion", 5, "02's news-story question, two pairs report"),),
            ),
            _seminar(
                3,
                "uncertainty",
                "confidence intervals, coverage, the Wald failure, sample size",
                "was 'similar' a fair word for the phase II rates?",
            ),
            Session(
                "Week 3 lab",
                120,
                ("08_how_sure_is_a_response_rate", "04_finding3_lower_doses"),
                (_x("discussion", 10, "why 'similar' was not 'equivalent'"),),
            ),
            _seminar(
                4,
                "phase II",
                "single-arm trials, p0, Simon's designs, selection bias",
                "choose p0 and p1 for a gentler regimen",
            ),
            Session(
                "Week 4 lab",
                120,
                ("09_phase2_designs", "05_finding4_rcc_combinations"),
                (_x("discussion", 15, "response up, survival not: three explanations"),),
            ),
            _seminar(
                5,
                "randomization and endpoints",
                "confounding, sample size, pick-the-winner, surrogate endpoints",
                "the stratification question of 10's exercise 3",
            ),
            Session(
                "Week 5 lab",
                120,
                ("10_randomized_trials", "06_finding5_melanoma_biochemotherapy"),
                (_x("discussion", 15, "phase II promise and phase III reality"),),
            ),
            _seminar(
                6,
                "survival",
                "Kaplan-Meier, log-rank, guarantee time, hazard ratios, Cox, NNT",
                "what a median hides",
            ),
            Session(
                "Week 6 lab",
                120,
                ("11_survival_and_durable_responses", "16_hazard_ratios_and_nnt"),
                (_x("discussion", 15, "guarantee-time bias in your own field"),),
            ),
            _seminar(
                7,
                "pooling evidence and the scorecard",
                "meta-analysis, heterogeneity, publication bias; grading a finding",
                "heterogeneity as a question, not a number",
            ),
            Session(
                "Week 7 lab",
                120,
                ("12_pooling_evidence", "07_since_2002"),
                (_x("discussion", 15, "grade finding 3 twice: response and survival"),),
            ),
            _seminar(
                8,
                "analysing and monitoring randomized trials",
                "ITT and per-protocol, multiplicity and subgroups, interim analyses and DMCs",
                "mcdermott2005's subgroups; stopping early for benefit",
            ),
            Session(
                "Week 8 lab",
                120,
                ("13_analysis_populations_and_multiplicity", "14_interim_analyses"),
                (_x("discussion", 15, "when would you believe a subgroup?"),),
            ),
            _seminar(
                9,
                "non-inferiority and appraisal",
                "margins; blinding, allocation concealment, CONSORT, risk of bias, GRADE",
                "is a gentler regimen 'not much worse'?",
            ),
            Session(
                "Week 9 lab",
                120,
                ("15_non_inferiority", "17_appraising_a_trial"),
                (
                    _x("discussion", 15, "GRADE the five findings in groups"),
                    _x("exercises", 10, "Assignment 2 pairs size their non-inferiority trial"),
                ),
            ),
            _seminar(
                10,
                "IL-2 today",
                "what replaced IL-2, what kept it, what the review still teaches",
                "which 2002 finding would you still teach?",
            ),
            Session(
                "Week 10 lab",
                120,
                ("18_il2_today",),
                (
                    _x("presentations", 60, "design projects, a sample of pairs"),
                    _x("discussion", 15, "questions on the projects"),
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
                        "the post-test questions most students missed (item analysis), and "
                        "open questions",
                    ),
                ),
            ),
            Session(
                "Week 11 lab",
                120,
                (INVENTORY,),
                (
                    _x("presentations", 45, "the remaining design projects"),
                    _x("assessment", 30, "critique assignment: questions and peer review"),
                ),
            ),
        ),
    ),
)

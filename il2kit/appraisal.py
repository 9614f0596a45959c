"""Appraising a trial and a body of evidence: CONSORT for abstracts, risk of bias and GRADE.

Three questions a reader asks of the evidence behind a finding, answered here as data so that
lesson 17 reads them rather than builds them:

1. **What does the report say?** :func:`consort_abstract` goes through the items of CONSORT for
   abstracts (Hopewell et al. 2008) for one randomized trial of the data set, mcdermott2005,
   saying of each whether the abstract reports it, with the sentences it reports it in.
2. **How likely is its result biased?** :func:`risk_of_bias` judges that trial's response and
   overall-survival results in the five domains of the Cochrane risk-of-bias tool for
   randomized trials (RoB 2; Sterne et al. 2019), each judgement with its reason, the quoted
   sentences it rests on and what the abstract does not report.
3. **How sure can we be of each finding?** :func:`grade_table` rates the certainty of the
   evidence for each of the review's five findings, endpoint by endpoint (the graded cells of
   :mod:`il2kit.scorecard`), the GRADE way: a starting level from the kind of question and the
   design of the evidence, then down for risk of bias, inconsistency, indirectness,
   imprecision and publication bias (up only for non-randomized comparisons), the certainty
   computed from the ratings by :func:`certainty`.

Everything is said from what the data set quotes: a judgement's ``support`` lists data keys
(:func:`support_text` turns each into the verbatim sentence), and anything the abstract does not
state is marked "not reported in the abstract" rather than guessed. The judgements are the
kit's authors' (a teaching appraisal of abstracts, not a systematic review); the lesson asks
the learner to disagree with them where they would.

Data keys (:data:`SUPPORT_TABLES`):

``statements:<key>``
    a row of ``statements.csv`` (its verbatim ``statement``);
``effects:<effect_id>``
    a row of ``effects.csv`` (the sentence the result was read from);
``quotes:<study>/<table>/<row_key>/<field>``
    a row of ``quotes.csv`` (the sentence a figure was copied from);
``sources:<study>``
    the page read for a study (``sources.csv``: title and address), cited where a judgement
    rests on what that page does *not* say.

Examples
--------
>>> from il2kit import appraisal
>>> appraisal.certainty("high", downgrade=2)
'low'
>>> rob = appraisal.risk_of_bias()
>>> rob.loc[rob["domain"] == "overall", ["outcome", "judgement"]].values.tolist()
[['response', 'some concerns'], ['overall survival', 'some concerns']]
>>> grades = appraisal.grade_table().set_index(["finding", "endpoint"])
>>> grades.loc[(4, "survival"), "certainty"], grades.loc[(3, "response"), "certainty"]
('high', 'low')
>>> appraisal.validate()
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from il2kit._validation import check_key, check_whole_number

__all__ = [
    "SUPPORT_TABLES",
    "support_text",
    "REPORTING_STATUSES",
    "CONSORT_ABSTRACT_ITEMS",
    "ReportingItem",
    "CONSORT_REPORTS",
    "consort_abstract",
    "ROB_DOMAINS",
    "ROB_JUDGEMENTS",
    "ROB_OUTCOMES",
    "DomainJudgement",
    "RISK_OF_BIAS",
    "overall_judgement",
    "risk_of_bias",
    "CERTAINTY_LEVELS",
    "QUESTION_KINDS",
    "DESIGNS",
    "DOWNGRADE_DOMAINS",
    "DOWNGRADE_RATINGS",
    "UPGRADE_DOMAINS",
    "UPGRADE_RATINGS",
    "Rating",
    "GradeAssessment",
    "GRADE_ASSESSMENTS",
    "starting_certainty",
    "certainty",
    "grade_table",
    "grade_reasons",
    "cited_studies",
    "validate",
]

APPRAISED_STUDY = "mcdermott2005"

# ----------------------------------------------------------------------------- data keys
SUPPORT_TABLES = ("statements", "effects", "quotes", "sources")


def support_text(key: str) -> str:
    """The verbatim text a data key points to (see the module docstring for the key forms).

    Raises
    ------
    TypeError
        If ``key`` is not a string.
    ValueError
        If the key's table is unknown or no row of the data set matches it.

    Examples
    --------
    >>> from il2kit.appraisal import support_text
    >>> support_text("statements:mcdermott2005_enrolled")
    'One hundred ninety-two patients were enrolled between April 1997 and July 2000.'
    >>> support_text("quotes:mcdermott2005/trials/hd_il2/n")[:40]
    'The response rate was 23.2% (22 of 95 pa'
    """
    from il2kit.data import load_effects, load_quotes, load_sources, load_statements

    if not isinstance(key, str):
        raise TypeError(f"`key` must be a string such as 'statements:<key>', got {key!r}.")
    table, sep, rest = key.partition(":")
    if not sep or not rest:
        raise ValueError(
            f"Invalid key={key!r}; must be '<table>:<key>' with a table of {list(SUPPORT_TABLES)}."
        )
    check_key("table", table, SUPPORT_TABLES)
    if table == "statements":
        rows = load_statements().set_index("key")["statement"]
    elif table == "effects":
        rows = load_effects().set_index("effect_id")["statement"]
    elif table == "sources":
        s = load_sources().set_index("study")
        rows = s["title"].astype(str) + " (page read: " + s["url_read"].astype(str) + ")"
    else:
        parts = rest.split("/")
        if len(parts) != 4:
            raise ValueError(
                f"Invalid key={key!r}; a quote is 'quotes:<study>/<table>/<row_key>/<field>'."
            )
        q = load_quotes()
        hit = q[
            (q["study"] == parts[0])
            & (q["table"] == parts[1])
            & (q["row_key"] == parts[2])
            & (q["field"] == parts[3])
        ]
        if hit.empty:
            raise ValueError(f"Invalid key={key!r}: no such row in quotes.csv.")
        return str(hit["quote"].iloc[0])
    if rest not in rows.index:
        raise ValueError(f"Invalid key={key!r}: no row {rest!r} in {table}.csv.")
    return str(rows.loc[rest])


def _resolves(key: str) -> bool:
    try:
        support_text(key)
    except (TypeError, ValueError):
        return False
    return True


# ----------------------------------------------------------------------------- CONSORT
REPORTING_STATUSES = ("reported", "partly reported", "not reported in the abstract")

#: The items of CONSORT for abstracts (Hopewell S, Clarke M, Moher D, et al. Lancet
#: 2008;371:281-283) up to the harms: (item, what the abstract should report). The
#: conclusions, trial registration and funding come after the part of mcdermott2005's abstract
#: stored in the data set, so they are not appraised here (nor the authors item, meant for
#: conference abstracts).
CONSORT_ABSTRACT_ITEMS = (
    ("title", "identification of the study as randomized"),
    ("trial design", "description of the trial design (e.g. parallel, non-inferiority)"),
    ("participants", "eligibility criteria and the settings where the data were collected"),
    ("interventions", "the interventions intended for each group"),
    ("objective", "the specific objective or hypothesis"),
    ("outcome", "a clearly defined primary outcome"),
    ("randomization", "how participants were allocated to interventions"),
    ("blinding", "whether participants, carers and outcome assessors were blinded"),
    ("numbers randomized", "the number of participants randomized to each group"),
    ("recruitment", "trial status"),
    ("numbers analysed", "the number of participants analysed in each group"),
    (
        "outcome result",
        "for the primary outcome, a result for each group, the effect size and its precision",
    ),
    ("harms", "important adverse events or side effects"),
)


@dataclass(frozen=True)
class ReportingItem:
    """What one abstract says about one CONSORT-for-abstracts item.

    Attributes
    ----------
    study : str
    item : str
        One of the items of :data:`CONSORT_ABSTRACT_ITEMS`.
    status : str
        One of :data:`REPORTING_STATUSES`.
    says : str
        What the abstract states, and what it leaves out.
    support : tuple of str
        Data keys of the sentences (:func:`support_text`).
    """

    study: str
    item: str
    status: str
    says: str
    support: tuple[str, ...]


_RANDOMIZATION = "statements:mcdermott2005_randomization"
_ENROLLED = "statements:mcdermott2005_enrolled"
_PURPOSE = "statements:mcdermott2005_purpose"
_N_HD = "quotes:mcdermott2005/trials/hd_il2/n"
_OS_MEDIAN = "quotes:mcdermott2005/trials/hd_il2/median_os_months"
_SOURCE = "sources:mcdermott2005"

#: mcdermott2005's abstract, item by item.
CONSORT_REPORTS: tuple[ReportingItem, ...] = (
    ReportingItem(
        APPRAISED_STUDY,
        "title",
        "reported",
        "The title calls the trial randomized (phase III).",
        (_SOURCE,),
    ),
    ReportingItem(
        APPRAISED_STUDY,
        "trial design",
        "partly reported",
        "A 'randomized phase III trial' of two regimens; that the arms were parallel "
        "and the allocation ratio are not stated.",
        (_PURPOSE,),
    ),
    ReportingItem(
        APPRAISED_STUDY,
        "participants",
        "partly reported",
        "Patients with metastatic renal cell carcinoma, stratified by metastatic "
        "sites, primary tumour and performance status; the eligibility criteria and "
        "the settings are not stated.",
        (_PURPOSE, _RANDOMIZATION),
    ),
    ReportingItem(
        APPRAISED_STUDY,
        "interventions",
        "reported",
        "Dose, route and schedule of both regimens.",
        (_RANDOMIZATION,),
    ),
    ReportingItem(
        APPRAISED_STUDY,
        "objective",
        "reported",
        "To determine the value of outpatient IL-2 and IFN relative to HD IL-2.",
        (_PURPOSE,),
    ),
    ReportingItem(
        APPRAISED_STUDY,
        "outcome",
        "not reported in the abstract",
        "Response, progression-free status at 3 years, response duration and "
        "survival are all reported; none is named the primary outcome.",
        ("effects:mcdermott2005_orr", "effects:mcdermott2005_pfs_3y", "effects:mcdermott2005_os"),
    ),
    ReportingItem(
        APPRAISED_STUDY,
        "randomization",
        "partly reported",
        "Stratified, then randomly assigned; how the sequence was generated and "
        "whether the allocation was concealed are not stated.",
        (_RANDOMIZATION,),
    ),
    ReportingItem(
        APPRAISED_STUDY,
        "blinding",
        "not reported in the abstract",
        "Nothing on who knew the assignment (the regimens themselves differ in "
        "route, place and schedule).",
        (_SOURCE, _RANDOMIZATION),
    ),
    ReportingItem(
        APPRAISED_STUDY,
        "numbers randomized",
        "partly reported",
        "The number enrolled in all, not the number randomized to each arm.",
        (_ENROLLED,),
    ),
    ReportingItem(
        APPRAISED_STUDY,
        "recruitment",
        "reported",
        "The enrolment period (the trial had closed to accrual).",
        (_ENROLLED,),
    ),
    ReportingItem(
        APPRAISED_STUDY,
        "numbers analysed",
        "partly reported",
        "The denominators of the response rates, arm by arm; not those of the survival comparison.",
        (_N_HD, _OS_MEDIAN),
    ),
    ReportingItem(
        APPRAISED_STUDY,
        "outcome result",
        "partly reported",
        "Each arm's response rate with its counts and a P value; no effect size "
        "with a confidence interval.",
        ("effects:mcdermott2005_orr",),
    ),
    ReportingItem(
        APPRAISED_STUDY,
        "harms",
        "partly reported",
        "One sentence, 'Toxicities were as anticipated for these regimens', without "
        "events or counts.",
        ("statements:mcdermott2005_toxicities",),
    ),
)


def consort_abstract(study: str = APPRAISED_STUDY) -> pd.DataFrame:
    """The CONSORT-for-abstracts appraisal of ``study``, one row per item.

    Columns: ``item``, ``asks`` (what CONSORT asks of it), ``status``
    (:data:`REPORTING_STATUSES`), ``says``, ``support`` (data keys joined by ", ").

    Raises
    ------
    ValueError
        If ``study`` has not been appraised (only ``"mcdermott2005"`` has).
    """
    check_key("study", study, sorted({r.study for r in CONSORT_REPORTS}))
    asks = dict(CONSORT_ABSTRACT_ITEMS)
    rows = [
        {
            "item": r.item,
            "asks": asks[r.item],
            "status": r.status,
            "says": r.says,
            "support": ", ".join(r.support),
        }
        for r in CONSORT_REPORTS
        if r.study == study
    ]
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- risk of bias
#: The five domains of RoB 2, in the tool's order.
ROB_DOMAINS = (
    "randomization process",
    "deviations from intended interventions",
    "missing outcome data",
    "measurement of the outcome",
    "selection of the reported result",
)
#: RoB 2's judgements, from best to worst.
ROB_JUDGEMENTS = ("low", "some concerns", "high")
#: The results of mcdermott2005 appraised (RoB 2 judges a result, not a trial).
ROB_OUTCOMES = ("response", "overall survival")


@dataclass(frozen=True)
class DomainJudgement:
    """One RoB 2 domain judged for one result of one trial.

    Attributes
    ----------
    study, outcome, domain, judgement : str
        ``outcome`` in :data:`ROB_OUTCOMES`, ``domain`` in :data:`ROB_DOMAINS`,
        ``judgement`` in :data:`ROB_JUDGEMENTS`.
    reason : str
    support : tuple of str
        Data keys of the sentences the judgement rests on (:func:`support_text`).
    not_reported : tuple of str
        What the domain needs that the abstract does not report.
    """

    study: str
    outcome: str
    domain: str
    judgement: str
    reason: str
    support: tuple[str, ...]
    not_reported: tuple[str, ...] = ()

    def __str__(self) -> str:
        missing = (
            f" Not reported in the abstract: {'; '.join(self.not_reported)}."
            if self.not_reported
            else ""
        )
        return f"{self.outcome}, {self.domain}: {self.judgement}. {self.reason}{missing}"


def _both(
    domain: str,
    judgement: str,
    reason: str,
    support: tuple[str, ...],
    not_reported: tuple[str, ...],
) -> tuple[DomainJudgement, ...]:
    return tuple(
        DomainJudgement(APPRAISED_STUDY, outcome, domain, judgement, reason, support, not_reported)
        for outcome in ROB_OUTCOMES
    )


#: mcdermott2005's response and overall-survival results, domain by domain.
RISK_OF_BIAS: tuple[DomainJudgement, ...] = (
    *_both(
        "randomization process",
        "some concerns",
        "Patients were stratified and then randomly assigned, as the abstract states. Whether "
        "those enrolling patients could foresee the next assignment is not reported: without "
        "allocation concealment, who is enrolled can depend on the arm coming next.",
        (_RANDOMIZATION,),
        (
            "how the random sequence was generated",
            "allocation concealment",
            "baseline characteristics by arm",
        ),
    ),
    DomainJudgement(
        APPRAISED_STUDY,
        "response",
        "deviations from intended interventions",
        "some concerns",
        "The regimens differ in route, place and schedule (intravenous doses every 8 hours "
        "against subcutaneous injections as an outpatient), so patients and their doctors "
        "knew the assignment. The response rates count 95 + 91 = 186 of the 192 patients "
        "enrolled: not every randomized patient is analysed.",
        (_RANDOMIZATION, _ENROLLED, _N_HD),
        (
            "whether patients received the assigned regimen",
            "the analysis set (intention to treat or not)",
        ),
    ),
    DomainJudgement(
        APPRAISED_STUDY,
        "overall survival",
        "deviations from intended interventions",
        "some concerns",
        "As for response, patients and doctors knew the assignment; how many patients the "
        "survival comparison includes is not reported.",
        (_RANDOMIZATION, _OS_MEDIAN),
        (
            "whether patients received the assigned regimen",
            "the analysis set (intention to treat or not)",
        ),
    ),
    DomainJudgement(
        APPRAISED_STUDY,
        "response",
        "missing outcome data",
        "some concerns",
        "6 of the 192 patients enrolled are not in the response denominators (95 + 91 = 186), "
        "and the abstract does not say from which arm or why. Six is few beside 192 but not "
        "beside the 9 responders of the SC IL-2 + IFN arm, and patients who stop before "
        "their first assessment need not respond as the others do.",
        (_ENROLLED, _N_HD, "quotes:mcdermott2005/trials/sc_il2_ifn/responders"),
        ("why 6 enrolled patients are missing from the response denominators, and from which arm",),
    ),
    DomainJudgement(
        APPRAISED_STUDY,
        "overall survival",
        "missing outcome data",
        "some concerns",
        "The abstract gives median survivals without the number of patients they include or "
        "how many were lost to follow-up.",
        (_OS_MEDIAN,),
        ("the number of patients in the survival comparison", "losses to follow-up"),
    ),
    DomainJudgement(
        APPRAISED_STUDY,
        "response",
        "measurement of the outcome",
        "some concerns",
        "A response is a judgement on scans, made here by investigators who could know the "
        "assignment (the regimens cannot be disguised). The abstract reports neither an "
        "independent review of the responses nor the response criteria; compare "
        "mcdermott2015, whose abstract prints an 'independently assessed ORR'.",
        (_RANDOMIZATION, _SOURCE, "quotes:mcdermott2015/trials/hd_il2/orr_pct"),
        ("who assessed response, and whether they knew the arm", "the response criteria"),
    ),
    DomainJudgement(
        APPRAISED_STUDY,
        "overall survival",
        "measurement of the outcome",
        "low",
        "Death is not a matter of judgement: knowing the arm cannot change whether it is recorded.",
        ("effects:mcdermott2005_os",),
    ),
    DomainJudgement(
        APPRAISED_STUDY,
        "response",
        "selection of the reported result",
        "some concerns",
        "The abstract names no primary outcome and refers to no pre-specified analysis plan or "
        "trial registration, so a reader cannot check that this response result was the one "
        "planned.",
        (_SOURCE, _PURPOSE),
        ("the primary outcome", "a pre-specified analysis plan or registration"),
    ),
    DomainJudgement(
        APPRAISED_STUDY,
        "overall survival",
        "selection of the reported result",
        "some concerns",
        "Beside the overall comparison (P = .24) the abstract reports survival in two subgroups "
        "defined by stratification factors, both favouring HD IL-2, and none for the third "
        "factor, performance status: results chosen among several possible analyses "
        "(lesson 13).",
        ("effects:mcdermott2005_os", "effects:mcdermott2005_os_bone_liver", _RANDOMIZATION),
        ("the survival result by performance status", "a pre-specified analysis plan"),
    ),
)


def overall_judgement(judgements: Iterable[str]) -> str:
    """RoB 2's overall judgement of a result: its worst domain judgement.

    RoB 2 also lets a reviewer raise "some concerns" in several domains to "high" when together
    they substantially lower confidence in the result; that is a judgement, left to the reader
    (lesson 17 asks it).

    Examples
    --------
    >>> from il2kit.appraisal import overall_judgement
    >>> overall_judgement(["low", "some concerns", "low"])
    'some concerns'
    """
    found = [check_key("judgement", j, ROB_JUDGEMENTS) for j in judgements]
    if not found:
        raise ValueError("`judgements` is empty; give one judgement per domain.")
    return max(found, key=ROB_JUDGEMENTS.index)


def risk_of_bias(study: str = APPRAISED_STUDY) -> pd.DataFrame:
    """The RoB 2 appraisal of ``study``: one row per result and domain, then an ``overall``
    row per result (:func:`overall_judgement`).

    Columns: ``outcome``, ``domain``, ``judgement``, ``reason``, ``not_reported`` (joined by
    "; "), ``support`` (data keys joined by ", "). :func:`il2kit.plotting.plot_risk_of_bias`
    draws it.
    """
    check_key("study", study, sorted({j.study for j in RISK_OF_BIAS}))
    rows = []
    for outcome in ROB_OUTCOMES:
        chosen = [j for j in RISK_OF_BIAS if j.study == study and j.outcome == outcome]
        chosen.sort(key=lambda j: ROB_DOMAINS.index(j.domain))
        rows += [
            {
                "outcome": outcome,
                "domain": j.domain,
                "judgement": j.judgement,
                "reason": j.reason,
                "not_reported": "; ".join(j.not_reported),
                "support": ", ".join(j.support),
            }
            for j in chosen
        ]
        if chosen:
            rows.append(
                {
                    "outcome": outcome,
                    "domain": "overall",
                    "judgement": overall_judgement(j.judgement for j in chosen),
                    "reason": "the worst of the domain judgements",
                    "not_reported": "",
                    "support": "",
                }
            )
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- GRADE
#: GRADE's four levels of certainty, from lowest (level 1) to highest (level 4).
CERTAINTY_LEVELS = ("very low", "low", "moderate", "high")
#: ``rate``: how often something happens among treated patients (a response rate, the
#: frequency of a toxicity); ``comparison``: whether one treatment differs from another.
QUESTION_KINDS = ("rate", "comparison")
#: The design of the body of evidence.
DESIGNS = ("cohorts and trial arms", "randomized trials", "non-randomized comparisons")
DOWNGRADE_DOMAINS = (
    "risk of bias",
    "inconsistency",
    "indirectness",
    "imprecision",
    "publication bias",
)
#: A downgrading rating and the levels it removes.
DOWNGRADE_RATINGS = {"not serious": 0, "serious": 1, "very serious": 2}
UPGRADE_DOMAINS = ("large effect", "dose-response", "opposing plausible confounding")
#: An upgrading rating and the levels it adds (for non-randomized comparisons only).
UPGRADE_RATINGS = {"none": 0, "up one level": 1, "up two levels": 2}


def starting_certainty(kind: str, design: str) -> str:
    """Where GRADE starts, from the kind of question and the design of the evidence.

    A comparison starts ``high`` on randomized trials and ``low`` on non-randomized
    comparisons (Guyatt et al., BMJ 2008;336:924). A rate among treated patients (how often a
    response or a toxicity occurs) starts ``high`` on cohorts and trial arms, as GRADE rates
    confidence in event rates (Iorio et al., BMJ 2015;350:h870).

    Examples
    --------
    >>> from il2kit.appraisal import starting_certainty
    >>> starting_certainty("comparison", "non-randomized comparisons")
    'low'
    """
    check_key("kind", kind, QUESTION_KINDS)
    check_key("design", design, DESIGNS)
    allowed = {
        "rate": ("cohorts and trial arms",),
        "comparison": ("randomized trials", "non-randomized comparisons"),
    }[kind]
    if design not in allowed:
        raise ValueError(
            f"Invalid design={design!r} for a {kind} question; must be one of {list(allowed)}."
        )
    return "low" if design == "non-randomized comparisons" else "high"


def certainty(start: str, *, downgrade: int = 0, upgrade: int = 0) -> str:
    """The certainty reached from ``start`` after ``downgrade`` and ``upgrade`` levels.

    Levels are counted 1 (very low) to 4 (high); the result is
    ``start - downgrade + upgrade``, kept within 1 and 4 (certainty never falls below very low).

    Parameters
    ----------
    start : str
        One of :data:`CERTAINTY_LEVELS`.
    downgrade, upgrade : int, default 0
        Levels removed (the sum of the :data:`DOWNGRADE_RATINGS`) and added.

    Examples
    --------
    >>> from il2kit.appraisal import certainty
    >>> certainty("high", downgrade=1), certainty("high", downgrade=5), certainty("low", upgrade=1)
    ('moderate', 'very low', 'moderate')
    """
    check_key("start", start, CERTAINTY_LEVELS)
    down = check_whole_number("downgrade", downgrade, low=0)
    up = check_whole_number("upgrade", upgrade, low=0)
    level = CERTAINTY_LEVELS.index(start) + 1 - down + up
    return CERTAINTY_LEVELS[min(max(level, 1), 4) - 1]


@dataclass(frozen=True)
class Rating:
    """One GRADE domain rated for one body of evidence.

    ``domain`` is in :data:`DOWNGRADE_DOMAINS` (``rating`` in :data:`DOWNGRADE_RATINGS`) or in
    :data:`UPGRADE_DOMAINS` (``rating`` in :data:`UPGRADE_RATINGS`); ``support`` lists the data
    keys the reason rests on.
    """

    domain: str
    rating: str
    reason: str
    support: tuple[str, ...]

    @property
    def levels(self) -> int:
        """Levels this rating removes (negative) or adds (positive)."""
        if self.domain in UPGRADE_DOMAINS:
            return UPGRADE_RATINGS[self.rating]
        return -DOWNGRADE_RATINGS[self.rating]


@dataclass(frozen=True)
class GradeAssessment:
    """The certainty of the evidence for one finding on one endpoint.

    Attributes
    ----------
    finding : int
        1 to 5 (:data:`il2kit.scorecard.FINDINGS`).
    endpoint : str
        A graded endpoint of that finding in :mod:`il2kit.scorecard`.
    question : str
        The question whose evidence is rated, in words (GRADE rates evidence for a question).
    kind, design : str
        :data:`QUESTION_KINDS` and :data:`DESIGNS`; they give :attr:`start`.
    ratings : tuple of Rating
        One per :data:`DOWNGRADE_DOMAINS`, in order, then any upgrades.
    """

    finding: int
    endpoint: str
    question: str
    kind: str
    design: str
    ratings: tuple[Rating, ...]

    @property
    def start(self) -> str:
        return starting_certainty(self.kind, self.design)

    @property
    def downgrade(self) -> int:
        return -sum(r.levels for r in self.ratings if r.domain in DOWNGRADE_DOMAINS)

    @property
    def upgrade(self) -> int:
        return sum(r.levels for r in self.ratings if r.domain in UPGRADE_DOMAINS)

    @property
    def certainty(self) -> str:
        return certainty(self.start, downgrade=self.downgrade, upgrade=self.upgrade)

    def rating(self, domain: str) -> Rating:
        """The rating of one domain (a downgrading domain is always rated)."""
        found = [r for r in self.ratings if r.domain == domain]
        if not found:
            return Rating(domain, "none", "", ())
        return found[0]

    def __str__(self) -> str:
        lowered = [f"{r.domain} ({r.rating})" for r in self.ratings if r.levels]
        how = "; ".join(lowered) if lowered else "nothing"
        return (
            f"Finding {self.finding}, {self.endpoint}: {self.question} Start {self.start} "
            f"({self.design}); rated down or up for {how}: {self.certainty}."
        )


def _r(domain: str, rating: str, reason: str, *support: str) -> Rating:
    return Rating(domain, rating, reason, tuple(support))


_OPEN_LABEL_RESPONSE = (
    "Open-label by necessity (the regimens differ in route, place and schedule) and the "
    "responses read by the investigators, with no independent review reported."
)
_DEATH_OBJECTIVE = "Death is recorded without judgement, so open-label treatment matters less."
_UNDETECTED = "Undetected: negative as well as positive trials reached print; too few trials "
_NO_HD_TRIAL = (
    "The review asked for superiority over HD IL-2 alone; every randomized trial compared "
    "biochemotherapy with chemotherapy (with or without IFN-alfa), none with HD IL-2."
)
_LOWER_DOSE_INDIRECT = (
    "yang2003 randomized the doses themselves (low-dose IV and subcutaneous IL-2 against HD IV "
    "IL-2). mcdermott2005's lower-dose arm also added IFN-alfa, and continuous infusion, one of "
    "the finding's three routes, was randomized against HD IL-2 in neither trial: the certainty "
    "holds for the routes tested."
)

#: The certainty of each graded cell of the scorecard (every cell but 'not claimed').
GRADE_ASSESSMENTS: tuple[GradeAssessment, ...] = (
    GradeAssessment(
        1,
        "response",
        "How often does HD IL-2 produce a response in patients fit to receive it?",
        "rate",
        "cohorts and trial arms",
        (
            _r(
                "risk of bias",
                "not serious",
                "The rate rests on the approval cohorts of both diseases; a later trial whose "
                "responses were assessed independently printed a similar rate.",
                "quotes:fyfe1995/trials/hd_il2/orr_pct",
                "quotes:atkins1999/trials/hd_il2/orr_pct",
                "quotes:mcdermott2015/trials/hd_il2/orr_pct",
            ),
            _r(
                "inconsistency",
                "not serious",
                "HD arms before and after the review, in both diseases, printed rates a few "
                "points either side of the range (lesson 07).",
                "quotes:yang2003/trials/hd_iv/orr_pct",
                "quotes:mcdermott2005/trials/hd_il2/orr_pct",
                "quotes:proclaim/trials/melanoma/cr_pct",
            ),
            _r(
                "indirectness",
                "not serious",
                "The patients were selected as fit for HD IL-2, as the label requires of anyone "
                "given it, and the finding is about HD IL-2: the evidence answers its question.",
                "statements:manufacturer_current_normal_cardiopulmonary",
            ),
            _r(
                "imprecision",
                "not serious",
                "Hundreds of patients in each disease: the approval cohorts' printed intervals "
                "are about ten points wide.",
                "quotes:fyfe1995/trials/hd_il2/orr_pct",
                "quotes:atkins1999/trials/hd_il2/orr_pct",
            ),
            _r(
                "publication bias",
                "not serious",
                "The approval cohorts were reported whole, the same patients the label's tables "
                "count; their publication did not depend on their result.",
                "quotes:proleukin_label_older/toxicity/proleukin_label_older_fever/n",
                "quotes:fyfe1995/trials/hd_il2/n",
            ),
        ),
    ),
    GradeAssessment(
        2,
        "toxicity",
        "How often do HD IL-2's toxicities reach each organ system, and do they reverse?",
        "rate",
        "cohorts and trial arms",
        (
            _r(
                "risk of bias",
                "serious",
                "'Usually reversible' rests on the authors' summary words, not on counts of "
                "events followed until they resolved.",
                "statements:atkins1999_reversed_rapidly",
                "statements:atkins1993_no_irreversible",
                "statements:manufacturer_self_limiting",
            ),
            _r(
                "inconsistency",
                "not serious",
                "No source contradicts the finding: the permanent neurologic deficits of the "
                "current label are the exceptions 'usually' allows.",
                "statements:label_neuro_permanent",
                "statements:manufacturer_self_limiting",
            ),
            _r(
                "indirectness",
                "not serious",
                "The label's adverse-event table counts the patients of the approval cohorts, "
                "treated with HD IL-2 itself.",
                "quotes:proleukin_label_older/toxicity/proleukin_label_older_fever/n",
            ),
            _r(
                "imprecision",
                "not serious",
                "Events counted organ system by organ system among hundreds of patients.",
                "quotes:proleukin_label_older/toxicity/proleukin_label_older_fever/n",
            ),
            _r(
                "publication bias",
                "not serious",
                "The adverse events of the approval cohorts were tabulated for the label, not "
                "selected by publication.",
                "quotes:proleukin_label_older/toxicity/proleukin_label_older_fever/n",
            ),
        ),
    ),
    GradeAssessment(
        3,
        "response",
        "Do lower doses of IL-2 give as many responses as HD IV IL-2?",
        "comparison",
        "randomized trials",
        (
            _r(
                "risk of bias",
                "serious",
                _OPEN_LABEL_RESPONSE + " Section 3 finds some concerns for mcdermott2005's "
                "response result.",
                _RANDOMIZATION,
                "quotes:yang2003/trials/hd_iv/orr_pct",
            ),
            _r(
                "inconsistency",
                "not serious",
                "Both trials, every lower-dose arm: fewer responses than with HD IV IL-2.",
                "effects:yang2003_orr_hd_ld",
                "effects:yang2003_orr_sc_hd",
                "effects:mcdermott2005_orr",
            ),
            _r(
                "indirectness",
                "not serious",
                _LOWER_DOSE_INDIRECT,
                _RANDOMIZATION,
                "quotes:yang2003/trials/sc/orr_pct",
            ),
            _r(
                "imprecision",
                "serious",
                "The size of the loss is uncertain: mcdermott2005's interval runs from a few "
                "points to about a quarter of patients (lesson 15) and yang2003's P values lie "
                "just below .05.",
                "effects:mcdermott2005_orr",
                "effects:yang2003_orr_hd_ld",
            ),
            _r(
                "publication bias",
                "not serious",
                _UNDETECTED + "to draw a funnel.",
                "effects:yang2003_orr_hd_ld",
                "effects:mcdermott2005_orr",
            ),
        ),
    ),
    GradeAssessment(
        3,
        "survival",
        "Do lower doses of IL-2 give the same overall survival as HD IV IL-2?",
        "comparison",
        "randomized trials",
        (
            _r(
                "risk of bias",
                "not serious",
                _DEATH_OBJECTIVE,
                "effects:yang2003_os_hd_ld",
                "effects:mcdermott2005_os",
            ),
            _r(
                "inconsistency",
                "not serious",
                "Neither trial found an overall-survival difference.",
                "effects:yang2003_os_hd_ld",
                "effects:mcdermott2005_os",
            ),
            _r(
                "indirectness",
                "not serious",
                _LOWER_DOSE_INDIRECT,
                _RANDOMIZATION,
                "quotes:yang2003/trials/sc/orr_pct",
            ),
            _r(
                "imprecision",
                "very serious",
                "No hazard ratio or interval is printed; medians of 17.5 and 13 months (P = .24) "
                "leave a large difference possible, and neither trial was sized to show survival "
                "equal (lesson 15).",
                "effects:mcdermott2005_os",
                _OS_MEDIAN,
            ),
            _r(
                "publication bias",
                "not serious",
                _UNDETECTED + "to draw a funnel.",
                "effects:yang2003_os_hd_ld",
                "effects:mcdermott2005_os",
            ),
        ),
    ),
    GradeAssessment(
        4,
        "response",
        "In RCC, does adding IFN-alfa or chemotherapy to IL-2 give as many or more responses "
        "than IL-2 alone?",
        "comparison",
        "randomized trials",
        (
            _r(
                "risk of bias",
                "serious",
                _OPEN_LABEL_RESPONSE,
                "effects:negrier1998_orr",
                _RANDOMIZATION,
            ),
            _r(
                "inconsistency",
                "serious",
                "The direction depends on the comparator: more responses than continuous-"
                "infusion IL-2 alone (negrier1998), fewer than HD IL-2 alone (atkins1993, "
                "mcdermott2005). The lower IL-2 dose of those combination arms may explain it; "
                "no trial tested that.",
                "quotes:negrier1998/trials/il2_ifn/orr_pct",
                "quotes:atkins1993/trials/hd_il2/orr_pct",
                "effects:mcdermott2005_orr",
            ),
            _r(
                "indirectness",
                "not serious",
                "The trials compared the combinations with IL-2 alone, the comparison the "
                "finding makes. That the combination arms against HD IL-2 gave IL-2 at a lower "
                "dose (lesson 05) is what makes the results conflict: rated once, under "
                "inconsistency, not twice.",
                _RANDOMIZATION,
                "quotes:atkins1993/trials/hd_il2_ifn/orr_pct",
            ),
            _r(
                "imprecision",
                "not serious",
                "The comparisons that set each direction reached P < .05 (negrier1998, "
                "mcdermott2005).",
                "effects:negrier1998_orr",
                "effects:mcdermott2005_orr",
            ),
            _r(
                "publication bias",
                "not serious",
                _UNDETECTED + "to draw a funnel.",
                "effects:negrier1998_orr",
                "effects:mcdermott2005_orr",
            ),
        ),
    ),
    GradeAssessment(
        4,
        "survival",
        "In RCC, does adding IFN-alfa or chemotherapy to IL-2 lengthen overall survival?",
        "comparison",
        "randomized trials",
        (
            _r(
                "risk of bias",
                "not serious",
                _DEATH_OBJECTIVE,
                "effects:gore2010_os",
                "effects:negrier2007_os_il2",
            ),
            _r(
                "inconsistency",
                "not serious",
                "No trial found longer survival, and the printed hazard ratios lie near 1.",
                "effects:gore2010_os",
                "effects:negrier2007_os_il2",
                "effects:negrier1998_os",
                "effects:mcdermott2005_os",
            ),
            _r(
                "indirectness",
                "not serious",
                "The combinations were compared with each drug alone (negrier1998), with "
                "IFN-alfa alone (gore2010) and factorially (negrier2007): 'no survival "
                "advantage' is tested against each comparator.",
                "effects:negrier1998_os",
                "effects:gore2010_os",
                "effects:negrier2007_os_il2",
            ),
            _r(
                "imprecision",
                "not serious",
                "gore2010's interval (hazard ratio 0.90 to 1.21) rules out more than a small "
                "survival benefit.",
                "effects:gore2010_os",
            ),
            _r(
                "publication bias",
                "not serious",
                "Undetected: the large trials were published with results near no effect.",
                "effects:gore2010_os",
                "effects:negrier2007_os_il2",
            ),
        ),
    ),
    GradeAssessment(
        5,
        "response",
        "In melanoma, is IL-2 biochemotherapy superior to HD IL-2 alone in response?",
        "comparison",
        "randomized trials",
        (
            _r(
                "risk of bias",
                "serious",
                _OPEN_LABEL_RESPONSE,
                "effects:eton2002_orr",
                "effects:ives2007_orr",
            ),
            _r(
                "inconsistency",
                "serious",
                "Against chemotherapy, the gains in response ranged from none to more than "
                "twenty points (lesson 06).",
                "quotes:eton2002/trials/biochemo/orr_pct",
                "effects:keilholz2005_orr",
                "quotes:johnston1998/trials/bcdt_il2_ifn/orr_pct",
            ),
            _r(
                "indirectness",
                "very serious",
                _NO_HD_TRIAL,
                "effects:ives2007_orr",
                "quotes:eton2002/trials/chemo/orr_pct",
            ),
            _r(
                "imprecision",
                "not serious",
                "The meta-analysis's pooled odds ratio has a narrow interval.",
                "effects:ives2007_orr",
            ),
            _r(
                "publication bias",
                "not serious",
                "Undetected: trials with no gain in response were published too.",
                "effects:keilholz2005_orr",
                "quotes:johnston1998/trials/bcdt_il2_ifn/orr_pct",
            ),
        ),
    ),
    GradeAssessment(
        5,
        "survival",
        "In melanoma, is IL-2 biochemotherapy superior to HD IL-2 alone in overall survival?",
        "comparison",
        "randomized trials",
        (
            _r("risk of bias", "not serious", _DEATH_OBJECTIVE, "effects:ives2007_os"),
            _r(
                "inconsistency",
                "serious",
                "The meta-analysis found heterogeneity of the survival effect between trials.",
                "effects:ives2007_os",
            ),
            _r(
                "indirectness",
                "very serious",
                _NO_HD_TRIAL,
                "effects:ives2007_os",
                "effects:keilholz2005_os",
            ),
            _r(
                "imprecision",
                "not serious",
                "The meta-analysis's odds ratio of survival has a narrow interval (0.91 to 1.08).",
                "effects:ives2007_os",
            ),
            _r(
                "publication bias",
                "not serious",
                "Undetected: trials with no survival gain were published too.",
                "effects:keilholz2005_os",
                "effects:ives2007_os",
            ),
        ),
    ),
)


def _scorecard_grades() -> dict[tuple[int, str], str]:
    from il2kit.scorecard import ASSESSMENTS

    return {(a.finding, a.endpoint): a.grade for a in ASSESSMENTS}


def grade_table() -> pd.DataFrame:
    """The GRADE certainty of each finding on each graded endpoint, one row per cell.

    Columns: ``finding``, ``endpoint``, ``question``, ``design``, ``start``, one column per
    :data:`DOWNGRADE_DOMAINS` holding its rating, ``upgrade`` (levels added), ``certainty``
    (:func:`certainty` of the start and the ratings) and ``scorecard_grade`` (the grade of the
    same cell in :mod:`il2kit.scorecard`, which says whether the evidence agrees with the
    finding, where certainty says how sure that evidence is).
    :func:`il2kit.plotting.plot_grade` draws it.
    """
    grades = _scorecard_grades()
    rows = []
    for a in GRADE_ASSESSMENTS:
        row: dict[str, object] = {
            "finding": a.finding,
            "endpoint": a.endpoint,
            "question": a.question,
            "design": a.design,
            "start": a.start,
        }
        row |= {d: a.rating(d).rating for d in DOWNGRADE_DOMAINS}
        row |= {
            "upgrade": a.upgrade,
            "certainty": a.certainty,
            "scorecard_grade": grades.get((a.finding, a.endpoint), ""),
        }
        rows.append(row)
    return pd.DataFrame(rows)


def grade_reasons(finding: int, endpoint: str) -> pd.DataFrame:
    """Every rating of one cell with its reason and its support (data keys joined by ", ").

    Raises
    ------
    ValueError
        If the cell is not rated (a "not claimed" cell of the scorecard, or no such finding).

    Examples
    --------
    >>> from il2kit.appraisal import grade_reasons
    >>> grade_reasons(3, "survival").set_index("domain").loc["imprecision", "rating"]
    'very serious'
    """
    finding = check_whole_number("finding", finding, low=1)
    cells = {(a.finding, a.endpoint): a for a in GRADE_ASSESSMENTS}
    if (finding, endpoint) not in cells:
        raise ValueError(
            f"Invalid finding={finding!r}, endpoint={endpoint!r}; the rated cells "
            f"are {sorted(cells)}."
        )
    a = cells[(finding, endpoint)]
    return pd.DataFrame(
        [
            {
                "domain": r.domain,
                "rating": r.rating,
                "levels": r.levels,
                "reason": r.reason,
                "support": ", ".join(r.support),
            }
            for r in a.ratings
        ]
    )


def cited_studies() -> list[str]:
    """The study key (``sources.csv``) behind every data key the appraisals cite, sorted.

    A statement counts for its ``source``, an effect and a quote for their ``study``.

    Examples
    --------
    >>> from il2kit.appraisal import cited_studies
    >>> {"mcdermott2005", "gore2010", "ives2007"} <= set(cited_studies())
    True
    """
    from il2kit.data import load_effects, load_statements

    sources = load_statements().set_index("key")["source"].astype(str)
    studies = load_effects().set_index("effect_id")["study"].astype(str)
    keys = [k for r in CONSORT_REPORTS for k in r.support]
    keys += [k for j in RISK_OF_BIAS for k in j.support]
    keys += [k for a in GRADE_ASSESSMENTS for r in a.ratings for k in r.support]
    found = set()
    for key in keys:
        table, _, rest = key.partition(":")
        if table == "statements":
            found.add(sources[rest])
        elif table == "effects":
            found.add(studies[rest])
        else:  # quotes:<study>/... and sources:<study>
            found.add(rest.split("/")[0])
    return sorted(found)


# ----------------------------------------------------------------------------- checks
def validate() -> list[str]:
    """Every problem with the appraisals (an empty list when all is well).

    Checks the vocabularies; that each CONSORT item is appraised once per study and every RoB
    domain once per result; that every judgement and rating cites at least one data key and
    that every key resolves (:func:`support_text`); that each GRADE assessment rates the five
    downgrading domains once, in order, and upgrades only non-randomized comparisons; and that
    the GRADE cells are exactly the scorecard's graded cells (every cell but "not claimed").
    """
    problems: list[str] = []

    def cite(where: str, support: tuple[str, ...]) -> None:
        if not support:
            problems.append(f"{where}: cites no data key.")
        for key in support:
            if not _resolves(key):
                problems.append(f"{where}: data key {key!r} does not resolve.")

    items = [i for i, _ in CONSORT_ABSTRACT_ITEMS]
    for study in {r.study for r in CONSORT_REPORTS}:
        got = [r.item for r in CONSORT_REPORTS if r.study == study]
        if sorted(got) != sorted(items):
            problems.append(f"CONSORT {study}: items {got} are not each item once.")
    for item in CONSORT_REPORTS:
        where = f"CONSORT {item.study}, {item.item}"
        if item.status not in REPORTING_STATUSES:
            problems.append(f"{where}: status {item.status!r} not in {list(REPORTING_STATUSES)}.")
        cite(where, item.support)
    for study in {j.study for j in RISK_OF_BIAS}:
        for outcome in ROB_OUTCOMES:
            got = [j.domain for j in RISK_OF_BIAS if j.study == study and j.outcome == outcome]
            if sorted(got) != sorted(ROB_DOMAINS):
                problems.append(f"RoB {study}, {outcome}: domains {got} are not each once.")
    for j in RISK_OF_BIAS:
        where = f"RoB {j.study}, {j.outcome}, {j.domain}"
        if j.judgement not in ROB_JUDGEMENTS:
            problems.append(f"{where}: judgement {j.judgement!r} not in {list(ROB_JUDGEMENTS)}.")
        if j.outcome not in ROB_OUTCOMES or j.domain not in ROB_DOMAINS:
            problems.append(f"{where}: unknown outcome or domain.")
        cite(where, j.support)
    graded = {k for k, g in _scorecard_grades().items() if g != "not claimed"}
    rated = [(a.finding, a.endpoint) for a in GRADE_ASSESSMENTS]
    if sorted(rated) != sorted(graded):
        problems.append(
            f"GRADE cells {sorted(rated)} differ from the scorecard's graded cells "
            f"{sorted(graded)}."
        )
    for a in GRADE_ASSESSMENTS:
        where = f"GRADE finding {a.finding}, {a.endpoint}"
        try:
            _ = a.start
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
            continue
        downs = [r.domain for r in a.ratings if r.domain in DOWNGRADE_DOMAINS]
        if tuple(downs) != DOWNGRADE_DOMAINS:
            problems.append(f"{where}: downgrading domains {downs} are not the five in order.")
        for r in a.ratings:
            allowed = DOWNGRADE_RATINGS if r.domain in DOWNGRADE_DOMAINS else UPGRADE_RATINGS
            if r.domain not in DOWNGRADE_DOMAINS + UPGRADE_DOMAINS:
                problems.append(f"{where}: unknown domain {r.domain!r}.")
                continue
            if r.rating not in allowed:
                problems.append(f"{where}, {r.domain}: rating {r.rating!r} not in {list(allowed)}.")
                continue
            if not r.reason.strip():
                problems.append(f"{where}, {r.domain}: no reason.")
            cite(f"{where}, {r.domain}", r.support)
        if a.upgrade and a.design != "non-randomized comparisons":
            problems.append(f"{where}: upgraded, but only non-randomized comparisons may be.")
    return problems

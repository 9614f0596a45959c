"""GRADE: the certainty of the evidence for each finding, endpoint by endpoint."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from il2kit._validation import check_key, check_whole_number
from il2kit.appraisal._consort import _OS_MEDIAN, _RANDOMIZATION, CONSORT_REPORTS
from il2kit.appraisal._risk_of_bias import RISK_OF_BIAS

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

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

from il2kit.appraisal._checks import (
    validate,
)
from il2kit.appraisal._consort import (
    CONSORT_ABSTRACT_ITEMS,
    CONSORT_REPORTS,
    REPORTING_STATUSES,
    ReportingItem,
    consort_abstract,
)
from il2kit.appraisal._grade import (
    CERTAINTY_LEVELS,
    DESIGNS,
    DOWNGRADE_DOMAINS,
    DOWNGRADE_RATINGS,
    GRADE_ASSESSMENTS,
    QUESTION_KINDS,
    UPGRADE_DOMAINS,
    UPGRADE_RATINGS,
    GradeAssessment,
    Rating,
    certainty,
    cited_studies,
    grade_reasons,
    grade_table,
    starting_certainty,
)
from il2kit.appraisal._risk_of_bias import (
    RISK_OF_BIAS,
    ROB_DOMAINS,
    ROB_JUDGEMENTS,
    ROB_OUTCOMES,
    DomainJudgement,
    overall_judgement,
    risk_of_bias,
)
from il2kit.appraisal._support import (
    SUPPORT_TABLES,
    support_text,
)

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

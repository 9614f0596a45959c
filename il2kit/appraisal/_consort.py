"""CONSORT for abstracts: what one randomized trial's abstract reports."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from il2kit._validation import check_key
from il2kit.appraisal._support import APPRAISED_STUDY

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

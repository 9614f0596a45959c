"""Risk of bias (RoB 2) of one randomized trial's response and survival results."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from il2kit._validation import check_key
from il2kit.appraisal._consort import (
    _ENROLLED,
    _N_HD,
    _OS_MEDIAN,
    _PURPOSE,
    _RANDOMIZATION,
    _SOURCE,
)
from il2kit.appraisal._support import APPRAISED_STUDY

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

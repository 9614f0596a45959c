"""The review's five findings graded against the evidence, endpoint by endpoint.

Dutcher's review (Oncology, November 2002) made five findings. Each is graded here per
endpoint (response, survival, and toxicity where it applies), with the reason and the evidence
behind the grade split into what was published **before** the review (what it could have known)
and what came **after** it, by :func:`il2kit.data.published_after_review`.

The grades (:data:`GRADES`):

``supported``
    the evidence agrees with the finding on this endpoint;
``qualified``
    it agrees only in part, or only for some comparisons;
``not confirmed``
    the finding made a promise that the trials able to confirm it did not confirm, or that no
    trial tested; it is not shown wrong on its own terms;
``overturned``
    randomized evidence contradicts the finding on this endpoint;
``not claimed``
    the finding says nothing about this endpoint (no evidence is listed).

The grades follow the clinical review of the kit (2026-11-30) and agree with lessons 02-06: a
study a lesson discounts is listed under ``set_aside`` (with the reason), never used to grade;
a later publication that re-reports patients of earlier evidence is listed under
``overlapping`` (it is not an independent later test).

Examples
--------
>>> from il2kit import scorecard
>>> card = scorecard.scorecard().set_index("finding")
>>> card.loc[3, ["response_grade", "survival_grade"]].tolist()
['overturned', 'qualified']
>>> card.loc[5, ["response_grade", "survival_grade"]].tolist()
['not confirmed', 'not confirmed']
>>> scorecard.validate()
[]
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = [
    "GRADES",
    "ENDPOINTS",
    "FINDINGS",
    "REVIEW_WORDS",
    "Assessment",
    "ASSESSMENTS",
    "assessments",
    "scorecard",
    "evidence_table",
    "validate",
]

GRADES = ("supported", "qualified", "not confirmed", "overturned", "not claimed")
ENDPOINTS = ("response", "survival", "toxicity")

#: The five findings, in short.
FINDINGS = {
    1: "HD IL-2: response rates of 15% to 20%",
    2: "Toxicity in essentially every organ system, usually reversible",
    3: "Lower doses: response rates similar to HD IL-2 (phase II)",
    4: "RCC: IL-2 + IFN-alfa or chemotherapy: similar or higher response, no survival advantage",
    5: "Melanoma: IL-2 biochemotherapy the most promising; superiority over HD IL-2 to be shown",
}

#: Each finding in the review's own words (its abstract, PMID 12469934).
REVIEW_WORDS = {
    1: "High-dose IL-2 therapy produces overall response rates of 15% to 20%",
    2: "it is associated with significant toxicities that affect essentially every organ system. "
    "Although IL-2-related toxicities are usually reversible with therapy discontinuation",
    3: "Several phase II studies have demonstrated that administering lower doses of IL-2 by IV "
    "bolus or continuous IV infusion or subcutaneously produces overall response rates similar "
    "to those with high-dose IL-2 therapy; however, randomized clinical trials have not yet "
    "been completed.",
    4: "In renal cell carcinoma, combining IL-2 with interferon alfa (Intron A, Roferon-A) or "
    "chemotherapy agents produces similar or increased overall response rates compared with "
    "the response rates of IL-2 alone, with no survival advantage.",
    5: "The most promising regimens have included various IL-2-based biochemotherapy regimens in "
    "other patients. Randomized studies confirming the superiority of these regimens over "
    "high-dose IL-2 therapy are needed.",
}


@dataclass(frozen=True)
class Assessment:
    """One finding graded on one endpoint.

    Attributes
    ----------
    finding : int
        1 to 5.
    endpoint : str
        ``"response"``, ``"survival"`` or ``"toxicity"``.
    grade : str
        One of :data:`GRADES`.
    reason : str
        Why, in words (the lessons print the numbers).
    before, after : tuple of str
        Study keys (``sources.csv``) published before / after the review.
    overlapping : tuple of str
        Evidence keys whose patients overlap earlier evidence (not independent later tests).
    set_aside : tuple of str
        Studies a lesson discounts for this question; named so the reader sees they were
        weighed, never used for the grade.
    """

    finding: int
    endpoint: str
    grade: str
    reason: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    overlapping: tuple[str, ...] = ()
    set_aside: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"Finding {self.finding}, {self.endpoint}: {self.grade}. {self.reason}"


_MELANOMA_PROMISE = ("legha1997", "oday1999", "atkins1994")
_MELANOMA_RCTS_BEFORE = (
    "johnston1998",
    "rosenberg1999",
    "keilholz1997",
    "dorval1999",
    "hauschild2001",
    "ridolfi2002",
    "eton2002",
)
_MELANOMA_AFTER = ("keilholz2005", "bajetta2006", "ives2007", "atkins2008")

#: Every graded cell of the scorecard.
ASSESSMENTS: tuple[Assessment, ...] = (
    Assessment(
        1,
        "response",
        "supported",
        "Later high-dose arms printed response rates at or a little above the range in renal "
        "cell carcinoma (yang2003, mcdermott2005, the SELECT trial mcdermott2015), and the "
        "PROCLAIM registry printed complete plus partial response rates near its lower end in "
        "both diseases, always in patients selected as fit for high-dose IL-2. klapper2008 "
        "re-reports NCI patients that overlap the earlier series, so it is not an independent "
        "later test.",
        before=("fyfe1995", "atkins1999", "atkins1993"),
        after=("yang2003", "mcdermott2005", "klapper2008", "mcdermott2015", "proclaim"),
        overlapping=("klapper2008",),
    ),
    Assessment(
        1,
        "survival",
        "not claimed",
        "The finding speaks of response rates only; the durability of complete responses is "
        "taught in lesson 02.",
    ),
    Assessment(
        2,
        "toxicity",
        "supported",
        "The label's adverse-reaction table of the 525 approval patients lists events in every "
        "organ system; atkins1999 wrote that toxicities 'generally reversed rapidly' and "
        "atkins1993 saw no irreversible side effects. After the review, a randomized arm "
        "tabulated grade 3-5 events organ by organ (schwartzentruber2011), and later series "
        "report few treatment-related deaths (klapper2008) or none (PROCLAIM). The current "
        "label's 'permanent neurologic deficits have occurred' keeps the word 'usually'. "
        "'Reversible' holds for patients selected as the label requires: its boxed warning "
        "names capillary leak syndrome, neurologic toxicity and serious infection, and limits "
        "treatment to patients with normal cardiac and pulmonary function, in a hospital with "
        "an intensive care facility.",
        before=(
            "proleukin_label_older",
            "atkins1993",
            "atkins1999",
            "rosenberg1994",
            "kammula1998",
        ),
        after=("klapper2008", "schwartzentruber2011", "proclaim", "proleukin_label"),
        overlapping=("klapper2008",),
    ),
    Assessment(2, "response", "not claimed", "A finding about toxicity."),
    Assessment(2, "survival", "not claimed", "A finding about toxicity."),
    Assessment(
        3,
        "response",
        "overturned",
        "Both randomized trials the review was waiting for found more responses with "
        "high-dose IV IL-2 than with every lower-dose arm: low-dose IV and subcutaneous IL-2 "
        "in yang2003, outpatient subcutaneous IL-2 with IFN-alfa in mcdermott2005 (whose "
        "lower-dose arm also added IFN-alfa). The pooled phase II series of geertsen2004 "
        "cannot undo that: single arms are not a comparison.",
        before=("vondermaase1991", "nieken1996", "yang1994"),
        after=("yang2003", "mcdermott2005", "geertsen2004"),
    ),
    Assessment(
        3,
        "survival",
        "qualified",
        "The finding spoke of response only, but the randomized trials measured survival too: "
        "neither found an overall-survival difference (mcdermott2005's comparator added "
        "IFN-alfa), so survival does not overturn 'similar'; yet neither trial was designed to "
        "show equivalence.",
        after=("yang2003", "mcdermott2005"),
    ),
    Assessment(
        4,
        "response",
        "qualified",
        "Against continuous-infusion IL-2 alone, adding IFN-alfa raised the response rate "
        "(negrier1998); against high-dose IV IL-2 alone the combinations responded less often "
        "(atkins1993 before the review, mcdermott2005 after it), and there the combination's "
        "IL-2 dose was lower, so dose and IFN-alfa are confounded. 'Similar or increased' holds "
        "against the lower-dose comparator only. atzpodien2004 compared its combinations with "
        "IFN-alfa + vinblastine, not with IL-2 alone, and is set aside as in lesson 05.",
        before=("negrier1998", "atkins1993"),
        after=("mcdermott2005",),
        set_aside=("atzpodien2004",),
    ),
    Assessment(
        4,
        "survival",
        "supported",
        "No randomized trial found longer survival with an IL-2 combination: negrier1998 "
        "before the review; after it the largest trial, MRC RE04 (gore2010), and the French "
        "factorial trial (negrier2007) printed hazard ratios near 1, and mcdermott2005 found no "
        "significant difference. atzpodien2004's longer survival was against IFN-alfa + "
        "vinblastine, a control without IL-2 that lesson 05 discounts, so it does not count "
        "against the finding.",
        before=("negrier1998",),
        after=("gore2010", "negrier2007", "mcdermott2005"),
        set_aside=("atzpodien2004",),
    ),
    Assessment(
        5,
        "response",
        "not confirmed",
        "Against chemotherapy, adding IL-2 (mostly with IFN-alfa) raised the response rate in "
        "some randomized trials and in the meta-analysis's pooled odds ratios (ives2007), but "
        "far below the single-arm rates that made the promise; against high-dose IL-2 alone, "
        "the comparison the review asked for, no randomized trial was done. Several of the "
        "trials, the one with the largest gain (eton2002) among them, came before the review.",
        before=_MELANOMA_PROMISE + _MELANOMA_RCTS_BEFORE,
        after=_MELANOMA_AFTER,
    ),
    Assessment(
        5,
        "survival",
        "not confirmed",
        "No randomized trial found a significant overall-survival gain from adding IL-2 to "
        "chemotherapy, before the review or after it, and the meta-analysis found no benefit "
        "overall in overall survival (ives2007). Superiority over high-dose IL-2 alone was never "
        "tested: the finding is not confirmed rather than overturned.",
        before=(
            "johnston1998",
            "rosenberg1999",
            "keilholz1997",
            "hauschild2001",
            "ridolfi2002",
            "eton2002",
        ),
        after=_MELANOMA_AFTER,
    ),
)


def _joined(keys: tuple[str, ...]) -> str:
    return ", ".join(keys)


def assessments() -> pd.DataFrame:
    """Every graded cell, one row each (finding, endpoint).

    Columns: ``finding``, ``claim``, ``endpoint``, ``grade``, ``reason``, ``before``,
    ``after``, ``overlapping``, ``set_aside`` (study keys joined by ", ").
    """
    rows = [
        {
            "finding": a.finding,
            "claim": FINDINGS[a.finding],
            "endpoint": a.endpoint,
            "grade": a.grade,
            "reason": a.reason,
            "before": _joined(a.before),
            "after": _joined(a.after),
            "overlapping": _joined(a.overlapping),
            "set_aside": _joined(a.set_aside),
        }
        for a in ASSESSMENTS
    ]
    out = pd.DataFrame(rows)
    order = {e: i for i, e in enumerate(ENDPOINTS)}
    return out.sort_values(
        ["finding", "endpoint"], key=lambda s: s.map(order) if s.name == "endpoint" else s
    ).reset_index(drop=True)


def scorecard() -> pd.DataFrame:
    """The scorecard: one row per finding, a grade per endpoint.

    Columns: ``finding``, ``claim``, ``response_grade``, ``survival_grade``,
    ``toxicity_grade`` (empty where toxicity is not graded: every finding but 2).
    """
    long = assessments()
    wide = long.pivot(index="finding", columns="endpoint", values="grade")
    out = pd.DataFrame({"finding": list(FINDINGS), "claim": list(FINDINGS.values())})
    for endpoint in ENDPOINTS:
        grades = wide[endpoint] if endpoint in wide else pd.Series(dtype=object)
        out[f"{endpoint}_grade"] = out["finding"].map(grades).astype("string")
    return out


def evidence_table(finding: int, endpoint: str | None = None) -> pd.DataFrame:
    """The evidence of one finding, one row per study, dated against the review.

    Columns: ``study``, ``label``, ``published``, ``after_review``
    (:func:`il2kit.data.published_after_review`), ``endpoints`` (the graded endpoints the
    study is evidence for), ``role`` (``"evidence"``, ``"overlapping"`` or ``"set aside"``).
    Ordered by publication date.

    Raises
    ------
    ValueError
        If ``finding`` is not 1-5 or ``endpoint`` not one of :data:`ENDPOINTS`.

    Examples
    --------
    >>> from il2kit.scorecard import evidence_table
    >>> table = evidence_table(4, "survival")
    >>> table[["study", "after_review", "role"]].values.tolist()[:2]
    [['negrier1998', False, 'evidence'], ['atzpodien2004', True, 'set aside']]
    """
    from il2kit._validation import check_key
    from il2kit.evidence import before_after_review

    if isinstance(finding, bool) or not isinstance(finding, int):
        raise TypeError(f"`finding` must be an int 1-5, got {finding!r}.")
    if finding not in FINDINGS:
        raise ValueError(f"Invalid finding={finding!r}; must be one of {list(FINDINGS)}.")
    if endpoint is not None:
        check_key("endpoint", endpoint, ENDPOINTS)
    chosen = [
        a
        for a in ASSESSMENTS
        if a.finding == finding and (endpoint is None or a.endpoint == endpoint)
    ]
    roles: dict[str, str] = {}
    endpoints: dict[str, list[str]] = {}
    for a in chosen:
        for key in (*a.before, *a.after, *a.set_aside):
            endpoints.setdefault(key, [])
            if a.endpoint not in endpoints[key]:
                endpoints[key].append(a.endpoint)
            role = (
                "set aside"
                if key in a.set_aside
                else "overlapping"
                if key in a.overlapping
                else "evidence"
            )
            roles.setdefault(key, role)
    if not roles:
        return pd.DataFrame(
            columns=["study", "label", "published", "after_review", "endpoints", "role"]
        )
    out = before_after_review(list(roles)).drop(columns="pmid")
    out["endpoints"] = out["study"].map(lambda k: ", ".join(endpoints[k]))
    out["role"] = out["study"].map(roles)
    return out.sort_values(["published", "study"], kind="stable", ignore_index=True)


def validate() -> list[str]:
    """Every problem with :data:`ASSESSMENTS` (an empty list when all is well).

    Checks: findings 1-5 and endpoints in :data:`ENDPOINTS`, one assessment per (finding,
    endpoint), grades in :data:`GRADES`; every study key in ``sources.csv``; ``before`` keys
    published before the review and ``after`` keys after it
    (:func:`il2kit.data.published_after_review`); a ``not claimed`` cell lists no evidence and
    every other cell lists some; ``overlapping`` keys are among the cell's evidence;
    ``set_aside`` keys are never used as evidence of the same cell.
    """
    from il2kit.data import load_sources, published_after_review

    known = set(load_sources()["study"].astype(str))
    problems: list[str] = []
    seen: set[tuple[int, str]] = set()
    for a in ASSESSMENTS:
        where = f"finding {a.finding}, {a.endpoint}"
        if a.finding not in FINDINGS:
            problems.append(f"{where}: finding must be one of {list(FINDINGS)}.")
        if a.endpoint not in ENDPOINTS:
            problems.append(f"{where}: endpoint must be one of {list(ENDPOINTS)}.")
        if (a.finding, a.endpoint) in seen:
            problems.append(f"{where}: graded twice.")
        seen.add((a.finding, a.endpoint))
        if a.grade not in GRADES:
            problems.append(f"{where}: grade {a.grade!r} is not one of {list(GRADES)}.")
        evidence = (*a.before, *a.after)
        if a.grade == "not claimed" and (evidence or a.set_aside):
            problems.append(f"{where}: 'not claimed' lists evidence {list(evidence)}.")
        if a.grade != "not claimed" and not evidence:
            problems.append(f"{where}: grade {a.grade!r} lists no evidence.")
        for key in (*evidence, *a.set_aside):
            if key not in known:
                problems.append(f"{where}: {key!r} is not a study of sources.csv.")
        for side, keys, wanted in (("before", a.before, False), ("after", a.after, True)):
            for key in keys:
                if key in known and published_after_review(key) is not wanted:
                    problems.append(
                        f"{where}: {key!r} is listed {side} the review but was published "
                        f"{'after' if not wanted else 'before'} it."
                    )
        for key in a.overlapping:
            if key not in evidence:
                problems.append(f"{where}: overlapping {key!r} is not among its evidence.")
        for key in a.set_aside:
            if key in evidence:
                problems.append(f"{where}: {key!r} is both set aside and used as evidence.")
    return problems

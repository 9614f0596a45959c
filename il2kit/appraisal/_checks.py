"""Checks that the appraisals are consistent and cite what the data set holds."""

from __future__ import annotations

from il2kit.appraisal._consort import CONSORT_ABSTRACT_ITEMS, CONSORT_REPORTS, REPORTING_STATUSES
from il2kit.appraisal._grade import (
    DOWNGRADE_DOMAINS,
    DOWNGRADE_RATINGS,
    GRADE_ASSESSMENTS,
    UPGRADE_DOMAINS,
    UPGRADE_RATINGS,
    _scorecard_grades,
)
from il2kit.appraisal._risk_of_bias import RISK_OF_BIAS, ROB_DOMAINS, ROB_JUDGEMENTS, ROB_OUTCOMES
from il2kit.appraisal._support import _resolves


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

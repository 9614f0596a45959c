"""Two arms: risk difference, odds ratio and tests of equal response rates.

The randomised IL-2 trials compared, for example, high-dose with low-dose interleukin-2. This
module compares the response rates of two arms ``a`` and ``b`` from their 2x2 table::

                 responders          non-responders
    arm a        responders_a        n_a - responders_a
    arm b        responders_b        n_b - responders_b
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency, hypergeom, norm

from il2kit._validation import (
    as_count_array,
    check_confidence_level,
    check_responders,
    check_same_length,
    check_total_at_most,
)
from il2kit.rates import response_rate

__all__ = ["RateComparison", "compare_rates", "compare_rates_table"]

#: Largest ``n_a + n_b`` accepted (see :func:`compare_rates`, Raises).
MAX_TOTAL = 10**9


@dataclass(frozen=True)
class RateComparison:
    """Comparison of the response rates of arm ``a`` and arm ``b``.

    Attributes
    ----------
    responders_a, n_a, responders_b, n_b : int
        The counts compared.
    rate_a, rate_b : float
        Observed response rates.
    risk_difference : float
        ``rate_a - rate_b``.
    rd_ci_low, rd_ci_high : float
        Newcombe hybrid score interval for the risk difference.
    odds_ratio : float
        ``(a d) / (b c)``, with 1/2 added to every cell when one cell is 0; NaN when both arms
        have no responders or both arms respond completely (the table holds no information
        on the odds ratio).
    or_ci_low, or_ci_high : float
        Woolf (logit) interval for the odds ratio.
    or_corrected : bool
        True when the 1/2 (Haldane-Anscombe) correction was applied.
    fisher_pvalue : float
        Two-sided Fisher exact test p-value.
    chi2_pvalue : float
        Pearson chi-squared test p-value without continuity correction; NaN when a margin is
        zero (the statistic is 0/0).
    min_expected : float
        Smallest expected cell count; below 5 the chi-squared approximation is doubtful and
        Fisher's test is the safer choice.
    confidence_level : float
        Level of both intervals.
    """

    responders_a: int
    n_a: int
    responders_b: int
    n_b: int
    rate_a: float
    rate_b: float
    risk_difference: float
    rd_ci_low: float
    rd_ci_high: float
    odds_ratio: float
    or_ci_low: float
    or_ci_high: float
    or_corrected: bool
    fisher_pvalue: float
    chi2_pvalue: float
    min_expected: float
    confidence_level: float

    def __str__(self) -> str:
        level = f"{100 * self.confidence_level:g}%"
        return (
            f"{self.responders_a}/{self.n_a} vs {self.responders_b}/{self.n_b}: "
            f"risk difference {100 * self.risk_difference:.1f} points "
            f"({level} CI {100 * self.rd_ci_low:.1f} to {100 * self.rd_ci_high:.1f}); "
            f"odds ratio {self.odds_ratio:.2f} ({self.or_ci_low:.2f} to {self.or_ci_high:.2f}); "
            f"Fisher p = {self.fisher_pvalue:.3g}, chi-squared p = {self.chi2_pvalue:.3g}"
        )

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame with every field as a column."""
        return pd.DataFrame([asdict(self)])


def compare_rates(
    responders_a: int,
    n_a: int,
    responders_b: int,
    n_b: int,
    *,
    confidence_level: float = 0.95,
) -> RateComparison:
    """Compare the response rates of two arms.

    Parameters
    ----------
    responders_a, n_a : int
        Responders and evaluable patients in arm ``a`` (``0 <= responders_a <= n_a``, ``n_a >= 1``).
    responders_b, n_b : int
        The same for arm ``b``.
    confidence_level : float, default 0.95
        Level of the risk-difference and odds-ratio intervals, in (0, 1).

    Returns
    -------
    RateComparison
        Risk difference and odds ratio with intervals, Fisher and chi-squared p-values.

    Raises
    ------
    ValueError
        If a count is negative, not a whole number or 2**53 or more, responders exceed
        patients, an arm has no patients, ``n_a + n_b`` exceeds 10**9 (SciPy's hypergeometric
        distribution, behind Fisher's test, loses its precision beyond), or
        ``confidence_level`` is outside (0, 1).
    TypeError
        If a count or ``confidence_level`` is not a number (a string, None or a bool).

    Notes
    -----
    *Risk difference.* ``d = p_a - p_b`` with Newcombe's hybrid score interval (method 10 of
    Newcombe 1998), not the Wald interval ``d +/- z sqrt(p_a q_a / n_a + p_b q_b / n_b)``. With
    ``(l_a, u_a)`` and ``(l_b, u_b)`` the Wilson intervals of the two rates::

        low  = d - sqrt((p_a - l_a)^2 + (u_b - p_b)^2)
        high = d + sqrt((u_a - p_a)^2 + (p_b - l_b)^2)

    It stays inside [-1, 1], is not degenerate at 0 or ``n`` responders, and its coverage is
    close to nominal even for the small arms of phase II trials, where Wald's is not.

    *Odds ratio.* ``OR = (a d) / (b c)`` with Woolf's interval
    ``exp(log OR +/- z sqrt(1/a + 1/b + 1/c + 1/d))``. If any cell is 0, 1/2 is added to all
    four cells first (Haldane-Anscombe), as metafor's ``escalc(measure = "OR")`` does by default
    (``add = 1/2, to = "only0"``); ``or_corrected`` records it.

    *Tests.* Fisher's exact test, two-sided as in R's ``fisher.test``: the probability of the
    tables no more probable than the observed one (within a factor ``1 + 1e-7``), summed from
    SciPy's hypergeometric distribution in log space (:func:`scipy.stats.fisher_exact` gives
    0/0 with a RuntimeWarning, or does not finish, on large tables); and Pearson's chi-squared
    test without Yates' correction (:func:`scipy.stats.chi2_contingency` with
    ``correction=False``).

    Validated against R 4.2 (``tests/reference/rates_meta/compare.json``): the risk-difference
    interval against Newcombe's formula on ``prop.test(correct = FALSE)`` limits and against
    Newcombe's (1998) published Table II, the log odds ratio and its variance against
    ``metafor::escalc``, the p-values against ``fisher.test`` and
    ``chisq.test(correct = FALSE)``; all to 1e-9 relative. The Fisher p-value also equals a
    brute-force sum over the hypergeometric support on every table with arms of up to 12
    patients (``tests/test_compare.py``); tables of up to 10**9 patients give finite results
    without numerical warnings (``tests/test_bad_input.py``).

    References
    ----------
    Newcombe RG (1998). Interval estimation for the difference between independent
    proportions: comparison of eleven methods. Stat Med 17:873-890.
    Woolf B (1955). On estimating the relation between blood group and disease.
    Ann Hum Genet 19:251-253.

    Examples
    --------
    >>> from il2kit.compare import compare_rates
    >>> c = compare_rates(9, 10, 3, 10)
    >>> round(c.risk_difference, 2), round(c.rd_ci_low, 4), round(c.rd_ci_high, 4)
    (0.6, 0.1705, 0.809)
    >>> round(c.odds_ratio, 1), round(c.fisher_pvalue, 4), round(c.chi2_pvalue, 4)
    (21.0, 0.0198, 0.0062)

    A zero cell triggers the 1/2 correction of the odds ratio:

    >>> z = compare_rates(5, 56, 0, 29)
    >>> z.or_corrected, round(z.odds_ratio, 2)
    (True, 6.3)
    """
    xa, na = check_responders(responders_a, n_a, responders_name="responders_a", n_name="n_a")
    xb, nb = check_responders(responders_b, n_b, responders_name="responders_b", n_name="n_b")
    check_total_at_most(
        "n_a + n_b",
        na + nb,
        MAX_TOTAL,
        "the hypergeometric distribution behind Fisher's exact test (SciPy's) is not reliable "
        "beyond that",
    )
    confidence_level = check_confidence_level(confidence_level)
    z = float(norm.ppf(0.5 + confidence_level / 2))

    # Risk difference, Newcombe hybrid score interval from the two Wilson intervals.
    wa = response_rate(xa, na, confidence_level=confidence_level, method="wilson")
    wb = response_rate(xb, nb, confidence_level=confidence_level, method="wilson")
    d = wa.rate - wb.rate
    rd_low = d - math.hypot(wa.rate - wa.ci_low, wb.ci_high - wb.rate)
    rd_high = d + math.hypot(wa.ci_high - wa.rate, wb.rate - wb.ci_low)

    # Odds ratio, Woolf interval, 1/2 added to every cell when a cell is 0.
    table = np.array([[xa, na - xa], [xb, nb - xb]])
    corrected = bool((table == 0).any())
    if (table.sum(axis=0) == 0).any():
        odds_ratio = or_low = or_high = math.nan
    else:
        a, b, c, dd = (table + 0.5 * corrected).ravel().tolist()
        log_or = math.log(a * dd / (b * c))
        se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / dd)
        odds_ratio = math.exp(log_or)
        or_low, or_high = math.exp(log_or - z * se), math.exp(log_or + z * se)

    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    fisher_pvalue = _fisher_pvalue(xa, na, xb, nb)
    if (expected == 0).any():
        chi2_pvalue = math.nan
    else:
        chi2_pvalue = float(chi2_contingency(table, correction=False).pvalue)

    return RateComparison(
        responders_a=xa,
        n_a=na,
        responders_b=xb,
        n_b=nb,
        rate_a=wa.rate,
        rate_b=wb.rate,
        risk_difference=d,
        rd_ci_low=max(rd_low, -1.0),
        rd_ci_high=min(rd_high, 1.0),
        odds_ratio=odds_ratio,
        or_ci_low=or_low,
        or_ci_high=or_high,
        or_corrected=corrected,
        fisher_pvalue=min(fisher_pvalue, 1.0),
        chi2_pvalue=chi2_pvalue,
        min_expected=float(expected.min()),
        confidence_level=confidence_level,
    )


def _fisher_pvalue(xa: int, na: int, xb: int, nb: int) -> float:
    """Two-sided Fisher exact p-value: tables no more probable than the observed one.

    R's ``fisher.test`` rule: the sum of ``P(K = k)`` over every ``k`` with
    ``P(K = k) <= P(K = xa) (1 + 1e-7)``, ``K`` hypergeometric given the margins. The
    probabilities fall away from the mode on either side, so the set is two tails, one ending
    at ``xa`` and the other found by bisection; both are summed by SciPy's hypergeometric
    ``cdf``/``sf``. Written here because :func:`scipy.stats.fisher_exact` compares
    probabilities that underflow to 0 on large tables (0/0, a RuntimeWarning) and its odds
    ratio overflows int64; in log space this stays exact up to the 10**9 patients that
    :func:`compare_rates` accepts.
    """
    total, col = na + nb, xa + xb
    dist = hypergeom(total, na, col)  # K = responders in arm a, given the margins
    low, high = max(0, col - nb), min(na, col)
    mode = min(max((na + 1) * (col + 1) // (total + 2), low), high)
    limit = float(dist.logpmf(xa)) + math.log1p(1e-7)

    def rarer(k: int) -> bool:
        return float(dist.logpmf(k)) <= limit

    if rarer(mode):  # the observed table is (within 1e-7) as probable as the most probable
        return 1.0
    # pmf rises up to the mode and falls after it: the rarer tables form two tails
    below, above = low - 1, mode  # largest rarer k <= mode (low - 1: none)
    while above - below > 1:
        mid = (below + above) // 2
        below, above = (mid, above) if rarer(mid) else (below, mid)
    lower_end = below
    below, above = mode, high + 1  # smallest rarer k >= mode (high + 1: none)
    while above - below > 1:
        mid = (below + above) // 2
        below, above = (below, mid) if rarer(mid) else (mid, above)
    upper_start = above
    p = float(dist.cdf(lower_end)) if lower_end >= low else 0.0
    if upper_start <= high:
        p += float(dist.sf(upper_start - 1))
    return min(p, 1.0)


# --- lessons 11-16 -----------------------------------------------------------------------------


def compare_rates_table(
    responders_a: object,
    n_a: object,
    responders_b: object,
    n_b: object,
    *,
    confidence_level: float = 0.95,
) -> pd.DataFrame:
    """:func:`compare_rates` for several two-arm studies at once, one row per study.

    Parameters
    ----------
    responders_a, n_a, responders_b, n_b : array_like of int
        The counts of each study's two arms (same length, at least 1 study).
    confidence_level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per study with every field of :class:`RateComparison` as a column
        (``risk_difference``, ``rd_ci_low``, ``odds_ratio``, ``or_ci_low``, ``fisher_pvalue``
        ...), in the order given; a pandas Series' index is kept.

    Notes
    -----
    Each row is :func:`compare_rates` of that study, so the validation of
    :func:`compare_rates` (R's ``fisher.test``, ``chisq.test`` and Newcombe's published
    intervals) carries over (``tests/test_compare.py`` checks the rows one by one).

    Examples
    --------
    >>> from il2kit.compare import compare_rates_table
    >>> t = compare_rates_table([22, 44], [95, 91], [9, 23], [91, 92])
    >>> t[["risk_difference", "odds_ratio", "or_ci_low", "or_ci_high"]].round(3)
       risk_difference  odds_ratio  or_ci_low  or_ci_high
    0            0.133       2.746      1.189       6.343
    1            0.234       2.809      1.502       5.252
    """
    xa = as_count_array("responders_a", responders_a)
    na = as_count_array("n_a", n_a)
    xb = as_count_array("responders_b", responders_b)
    nb = as_count_array("n_b", n_b)
    check_same_length(responders_a=xa, n_a=na, responders_b=xb, n_b=nb)
    if xa.size == 0:
        raise ValueError("`responders_a` is empty; give the counts of at least one study.")
    level = check_confidence_level(confidence_level)
    rows = [
        asdict(compare_rates(int(a), int(m), int(b), int(k), confidence_level=level))
        for a, m, b, k in zip(xa, na, xb, nb, strict=True)
    ]
    index = responders_a.index if isinstance(responders_a, pd.Series) else None
    return pd.DataFrame(rows, index=index)

"""One proportion: the response rate of a single arm and its confidence interval.

A phase II trial of high-dose interleukin-2 reports "37 of 255 patients responded". This module
turns such counts into a rate with an honest interval. The default interval is the exact
(Clopper-Pearson) one; the Wilson score interval is available on request. A Wald interval
(``p +/- z * sqrt(p(1-p)/n)``) is deliberately not offered: it can dip below 0, collapses to
zero width at 0 or ``n`` responders, and covers the true rate less often than it claims.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy.special import betainc, betaincc
from scipy.stats import beta, binomtest

from il2kit._validation import (
    as_count_array,
    check_choice,
    check_confidence_level,
    check_responders,
    check_same_length,
)

__all__ = ["ResponseRate", "response_rate", "response_rates", "RATE_METHODS"]

#: Interval methods accepted by :func:`response_rate` (names follow SciPy's ``proportion_ci``).
RATE_METHODS = ("exact", "wilson", "wilsoncc")

RATE_COLUMNS = ["responders", "n", "rate", "ci_low", "ci_high"]


@dataclass(frozen=True)
class ResponseRate:
    """A response rate with its confidence interval.

    Attributes
    ----------
    responders, n : int
        Patients who responded, patients evaluated.
    rate : float
        ``responders / n``.
    ci_low, ci_high : float
        Confidence limits, with ``0 <= ci_low <= rate <= ci_high <= 1``.
    confidence_level : float
        E.g. 0.95.
    method : str
        ``"exact"``, ``"wilson"`` or ``"wilsoncc"``.
    """

    responders: int
    n: int
    rate: float
    ci_low: float
    ci_high: float
    confidence_level: float
    method: str

    def __str__(self) -> str:
        level = f"{100 * self.confidence_level:g}%"
        return (
            f"{self.responders}/{self.n} = {100 * self.rate:.1f}% "
            f"({level} CI {100 * self.ci_low:.1f}% to {100 * self.ci_high:.1f}%, {self.method})"
        )

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame with every field as a column."""
        return pd.DataFrame([asdict(self)])


def _exact_limits(
    responders: np.ndarray | int, n: np.ndarray | int, confidence_level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Clopper-Pearson limits as beta quantiles, vectorised (no checks: callers validate).

    ``low = B(alpha/2; x, n - x + 1)`` (0 when ``x = 0``) and
    ``high = B(1 - alpha/2; x + 1, n - x)`` (1 when ``x = n``). SciPy's ``beta.ppf`` (Boost's
    inverse incomplete beta) loses up to 1e-8 relative precision when ``n`` is near 1e9, so
    each quantile is polished by one Newton step on the regularized incomplete beta function
    (``betainc`` for the lower tail, ``betaincc`` for the upper), which brings it to 1e-11
    relative up to n = 1e14 (see :func:`response_rate`).
    """
    x = np.asarray(responders, dtype=float)
    m = np.broadcast_to(np.asarray(n, dtype=float), x.shape)
    a = (1.0 - confidence_level) / 2.0
    low, high = np.zeros(x.shape), np.ones(x.shape)
    has_low, has_high = x > 0, x < m
    low[has_low] = _polish(a, x[has_low], m[has_low] - x[has_low] + 1, lower=True)
    high[has_high] = _polish(a, x[has_high] + 1, m[has_high] - x[has_high], lower=False)
    return low, high


def _polish(tail: float, a: np.ndarray, b: np.ndarray, *, lower: bool) -> np.ndarray:
    """The quantile ``q`` with lower (upper) beta tail ``tail``, refined by one Newton step."""
    q = beta.ppf(tail if lower else 1.0 - tail, a, b)
    with np.errstate(all="ignore"):
        gap = betainc(a, b, q) - tail if lower else tail - betaincc(a, b, q)
        step = gap / beta.pdf(q, a, b)
        better = q - step
    ok = np.isfinite(better) & (better > 0) & (better < 1)
    return np.where(ok, better, q)


def response_rate(
    responders: int,
    n: int,
    *,
    confidence_level: float = 0.95,
    method: str = "exact",
) -> ResponseRate:
    """Response rate of one arm with a confidence interval.

    Parameters
    ----------
    responders : int
        Number of patients with a response (complete + partial), ``0 <= responders <= n``.
    n : int
        Number of evaluable patients, ``n >= 1``.
    confidence_level : float, default 0.95
        Confidence level of the interval, in (0, 1).
    method : {"exact", "wilson", "wilsoncc"}, default "exact"
        ``"exact"``: Clopper-Pearson interval, which inverts two one-sided binomial tests and
        never covers the true rate less often than ``confidence_level``.
        ``"wilson"``: Wilson score interval without continuity correction; narrower, with
        coverage close to nominal on average.
        ``"wilsoncc"``: Wilson score interval with continuity correction (Newcombe 1998,
        method 4).

    Returns
    -------
    ResponseRate
        Frozen result with ``rate``, ``ci_low`` and ``ci_high``; ``to_frame()`` gives a row.

    Raises
    ------
    ValueError
        If ``responders > n``, ``n < 1``, a count is negative, not a whole number or 2**53 or
        more (beyond the whole numbers a float holds exactly), ``confidence_level`` is outside
        (0, 1) or ``method`` is not one of the names above.
    TypeError
        If a count or ``confidence_level`` is not a number (a string, None or a bool), or
        ``method`` is not a string.

    Notes
    -----
    With ``x`` responders of ``n`` and ``alpha = 1 - confidence_level``, the exact limits are
    the beta quantiles ``B(alpha/2; x, n - x + 1)`` and ``B(1 - alpha/2; x + 1, n - x)``, with
    the lower limit 0 when ``x = 0`` and the upper limit 1 when ``x = n``; they are computed as
    beta quantiles (as R's ``binom.test`` uses ``qbeta``), not with
    ``binomtest(...).proportion_ci``, whose root-finder loses precision at large ``n``
    (relative error 7e-5 at n = 1e9). :func:`scipy.stats.beta` ``.ppf`` itself loses up to
    1e-8 near n = 1e9, so each limit is polished by one Newton step on the incomplete beta
    function. Each limit is then precise to 1e-11 relative for ``n`` up to about 1e14 (and for
    few responders at any ``n < 2**53``); beyond 1e14 SciPy's incomplete beta function itself
    loses precision and a limit may be off by up to 5e-9 relative (a few percent of the
    interval's width, which is then below 1e-7). The Wilson limits solve
    ``|p_hat - p| = z * sqrt(p (1 - p) / n)`` for ``p`` and come from
    :meth:`scipy.stats.binomtest` ``(...).proportion_ci`` (closed forms).

    Validated against R 4.2 over 294 cases of (responders, n, level), x = 0 and x = n
    included: ``binom.test()$conf.int`` (exact) to 1e-12 relative and
    ``prop.test(correct = FALSE)$conf.int`` (Wilson) to 1e-13
    (``tests/reference/rates_meta/``); ``binom.test`` at n = 1e6 and 1e9 to 1e-11 relative
    (observed 4.6e-12, where R's ``qbeta`` is the more precise of the two;
    ``tests/reference/engine_r/binom_large.json``); and 40-digit arithmetic for 1 to 10
    responders up to n = 2**53 - 1 to 1e-11 (``tests/reference/engine_r/beta_precision.json``).
    ``prop.test(correct = TRUE)`` agrees with "wilsoncc" except when ``x = n / 2`` exactly:
    there R drops the correction (it uses ``min(0.5, |x - n/2|)``, a rule meant for its test of
    ``p = 0.5``), while Newcombe's formula keeps it.

    References
    ----------
    Clopper CJ, Pearson ES (1934). Biometrika 26:404-413.
    Wilson EB (1927). J Am Stat Assoc 22:209-212.
    Newcombe RG (1998). Two-sided confidence intervals for the single proportion: comparison
    of seven methods. Stat Med 17:857-872.

    Examples
    --------
    >>> from il2kit.rates import response_rate
    >>> r = response_rate(37, 255)
    >>> print(r)
    37/255 = 14.5% (95% CI 10.4% to 19.4%, exact)
    >>> round(r.ci_low, 4), round(r.ci_high, 4)
    (0.1043, 0.1944)
    >>> w = response_rate(37, 255, method="wilson")
    >>> round(w.ci_low, 4), round(w.ci_high, 4)
    (0.1071, 0.1936)

    No responders still gives an informative upper limit (the "rule of three" says about 3/n):

    >>> round(response_rate(0, 20).ci_high, 3)
    0.168
    """
    responders, n = check_responders(responders, n)
    confidence_level = check_confidence_level(confidence_level)
    method = check_choice("method", method, RATE_METHODS)
    if method == "exact":
        lows, highs = _exact_limits(responders, n, confidence_level)
        ci_low, ci_high = float(lows), float(highs)
    else:
        ci = binomtest(responders, n).proportion_ci(
            confidence_level=confidence_level, method=method
        )
        ci_low, ci_high = float(ci.low), float(ci.high)
    rate = responders / n
    # Guard the contract 0 <= low <= rate <= high <= 1 against last-bit rounding.
    low = min(max(ci_low, 0.0), rate)
    high = max(min(ci_high, 1.0), rate)
    return ResponseRate(
        responders=responders,
        n=n,
        rate=rate,
        ci_low=low,
        ci_high=high,
        confidence_level=confidence_level,
        method=method,
    )


def response_rates(
    responders: object,
    n: object,
    *,
    confidence_level: float = 0.95,
    method: str = "exact",
) -> pd.DataFrame:
    """Response rates with confidence intervals for many arms at once.

    Parameters
    ----------
    responders, n : array_like of int
        Responders and evaluable patients per arm; same length, at least one arm. If
        ``responders`` is a :class:`pandas.Series`, its index is kept.
    confidence_level : float, default 0.95
        Confidence level of every interval, in (0, 1).
    method : {"exact", "wilson", "wilsoncc"}, default "exact"
        As in :func:`response_rate`.

    Returns
    -------
    DataFrame
        One row per arm with columns ``responders``, ``n``, ``rate``, ``ci_low``, ``ci_high``
        (ready for :func:`il2kit.plotting.plot_forest` once a ``label`` column is added).

    Raises
    ------
    ValueError
        If the arrays are empty or of different lengths, or any arm fails the checks of
        :func:`response_rate` (the message names the arm).

    See Also
    --------
    response_rate : one arm, with the details of each method.

    Examples
    --------
    >>> from il2kit.rates import response_rates
    >>> response_rates([37, 10, 0], [255, 71, 12]).round(3)
       responders    n   rate  ci_low  ci_high
    0          37  255  0.145   0.104    0.194
    1          10   71  0.141   0.070    0.244
    2           0   12  0.000   0.000    0.265
    """
    x = as_count_array("responders", responders)
    m = as_count_array("n", n)
    check_same_length(responders=x, n=m)
    confidence_level = check_confidence_level(confidence_level)
    method = check_choice("method", method, RATE_METHODS)
    rows = []
    for i, (xi, ni) in enumerate(zip(x.tolist(), m.tolist(), strict=True)):
        try:
            r = response_rate(xi, ni, confidence_level=confidence_level, method=method)
        except ValueError as err:
            raise ValueError(f"Arm {i}: {err}") from None
        rows.append((r.responders, r.n, r.rate, r.ci_low, r.ci_high))
    index = responders.index if isinstance(responders, pd.Series) else None
    return pd.DataFrame(rows, columns=RATE_COLUMNS, index=index)


# --- lessons 08-10 ---------------------------------------------------------------------------

#: Interval methods accepted by :func:`coverage`: the kit's own, and the Wald interval, offered
#: here only to show how often it misses.
COVERAGE_METHODS = (*RATE_METHODS, "wald")


def _interval_table(n: int, method: str, confidence_level: float) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper limits of every possible result 0..n of a trial of ``n`` patients."""
    counts = np.arange(n + 1)
    if method == "exact":
        return _exact_limits(counts, n, confidence_level)
    if method == "wald":
        from scipy.stats import norm

        p = counts / n
        half = norm.isf((1 - confidence_level) / 2) * np.sqrt(p * (1 - p) / n)
        return p - half, p + half  # unclipped: the flaw the lesson shows
    table = response_rates(
        counts, np.full(n + 1, n), confidence_level=confidence_level, method=method
    )
    return table["ci_low"].to_numpy(float), table["ci_high"].to_numpy(float)


def coverage(
    n: int,
    true_rates: object,
    *,
    method: str | tuple[str, ...] | list[str] = "exact",
    confidence_level: float = 0.95,
) -> pd.DataFrame:
    """Exact coverage of a confidence interval for a trial of ``n`` patients.

    A trial of ``n`` patients has ``n + 1`` possible results; each has its interval. The
    coverage at a true rate ``p`` is the probability that the trial lands on a result whose
    interval contains ``p``: ``sum_x P(X = x | n, p) * [low(x) <= p <= high(x)]``. No
    simulation is involved, so the figures carry no Monte-Carlo error.

    Parameters
    ----------
    n : int
        Patients per trial (>= 1).
    true_rates : float or array_like of float
        True response rates in [0, 1] at which to compute the coverage.
    method : str or sequence of str, default "exact"
        One or several of ``"exact"``, ``"wilson"``, ``"wilsoncc"`` (the intervals of
        :func:`response_rate`) and ``"wald"`` (``p_hat +/- z sqrt(p_hat (1 - p_hat) / n)``,
        unclipped; accepted here only to show its failures: the kit never reports it).
    confidence_level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per method and true rate: ``method``, ``true_rate``, ``coverage``.

    Raises
    ------
    ValueError, TypeError
        For ``n`` not a whole number >= 1, rates outside [0, 1], an unknown method or a level
        outside (0, 1) (each message names the argument).

    Notes
    -----
    Validated against R 4.2: the coverage of ``binom.test`` (exact), ``prop.test(correct =
    FALSE)`` (Wilson) and the Wald formula, summed over ``dbinom``, for n = 10, 40 and 100 at
    nine true rates, to 1e-12 (``tests/reference/lessons_08_10/coverage_r.json``); and the
    exact interval's guarantee (coverage >= ``confidence_level`` at every rate) on a fine grid
    (``tests/test_rates.py``).

    Examples
    --------
    >>> from il2kit.rates import coverage
    >>> table = coverage(40, [0.05, 0.15], method=["exact", "wald"])
    >>> print(table.round(3).to_string(index=False))
    method  true_rate  coverage
     exact       0.05     0.986
     exact       0.15     0.976
      wald       0.05     0.868
      wald       0.15     0.939
    """
    from scipy.stats import binom

    from il2kit._validation import as_probability_array, check_positive_count

    n = check_positive_count("n", n)
    scalar = np.ndim(true_rates) == 0  # type: ignore[arg-type]
    rates = as_probability_array("true_rates", [true_rates] if scalar else true_rates)
    confidence_level = check_confidence_level(confidence_level)
    methods = [method] if isinstance(method, str) else list(method)  # type: ignore[arg-type]
    if not methods:
        raise ValueError(f"Invalid method={method!r}; name at least one of {COVERAGE_METHODS}.")
    methods = [check_choice("method", m, COVERAGE_METHODS) for m in methods]
    counts = np.arange(n + 1)[:, None]
    pmf = binom.pmf(counts, n, rates[None, :])
    frames = []
    for m in methods:
        low, high = _interval_table(n, m, confidence_level)
        inside = (low[:, None] <= rates[None, :]) & (rates[None, :] <= high[:, None])
        frames.append(
            pd.DataFrame({"method": m, "true_rate": rates, "coverage": (pmf * inside).sum(axis=0)})
        )
    return pd.concat(frames, ignore_index=True)


__all__ += ["coverage", "COVERAGE_METHODS"]

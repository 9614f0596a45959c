"""Pooling several studies: inverse-variance meta-analysis of response rates and odds ratios.

Many small IL-2 trials each report a response rate; pooling them gives one estimate with an
interval, and measures how much the trials disagree beyond chance (``tau2``, ``I2``, Cochran's
``Q``). Fixed-effect ("FE") pooling assumes one true rate; random-effects pooling
("DL", "REML") lets the true rate vary between trials with variance ``tau2``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from scipy.special import expit
from scipy.stats import chi2, norm

from il2kit._reml import reml_tau2, trace_p_matrix
from il2kit._validation import (
    as_count_array,
    check_choice,
    check_confidence_level,
    check_same_length,
    check_studies,
)

__all__ = [
    "PooledEstimate",
    "PredictionInterval",
    "pool_rates",
    "pool_odds_ratios",
    "cumulative_pool_rates",
    "POOL_METHODS",
    "RATE_SCALES",
]

#: Between-study variance estimators: fixed effect, DerSimonian-Laird, restricted ML.
POOL_METHODS = ("FE", "DL", "REML")
#: Scales on which response rates are pooled.
RATE_SCALES = ("logit", "raw")


@dataclass(frozen=True)
class PredictionInterval:
    """Where the true effect of a new study like the pooled ones is expected to lie.

    Unpacks as a pair: ``low, high = pooled.prediction_interval()``.

    Attributes
    ----------
    pi_low, pi_high : float
        Limits on the reporting scale (a proportion or an odds ratio).
    confidence_level : float
        E.g. 0.95.
    """

    pi_low: float
    pi_high: float
    confidence_level: float

    def __iter__(self):
        return iter((self.pi_low, self.pi_high))

    def __str__(self) -> str:
        level = f"{100 * self.confidence_level:g}%"
        return f"{level} prediction interval {self.pi_low:.4g} to {self.pi_high:.4g}"

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame with every field as a column."""
        return pd.DataFrame([asdict(self)])


@dataclass(frozen=True)
class PooledEstimate:
    """A pooled estimate with its heterogeneity statistics.

    Attributes
    ----------
    estimate, ci_low, ci_high : float
        Pooled value and confidence limits on the reporting scale: a proportion for
        :func:`pool_rates`, an odds ratio for :func:`pool_odds_ratios`.
    effect : float
        The pooled value on the analysis scale (logit, raw proportion or log odds ratio).
    se : float
        Standard error of ``effect``.
    tau2 : float
        Between-study variance on the analysis scale (0 for "FE"); never negative.
    i2 : float
        Percentage of the total variability due to heterogeneity, in [0, 100].
    q, q_pvalue : float
        Cochran's Q (fixed-effect weights) and its chi-squared p-value on ``k - 1`` df.
    k : int
        Number of studies.
    method, scale : str
        ``"FE"``, ``"DL"`` or ``"REML"``; ``"logit"``, ``"raw"`` or ``"log_or"``.
    confidence_level : float
        Level of the interval.
    converged : bool
        Whether the estimate of ``tau2`` met its tolerance: always True for the closed forms
        "FE" and "DL"; for "REML", True when every root-finder converged.
    studies : DataFrame
        One row per study: the counts, ``effect`` and ``variance`` on the analysis scale (after
        any continuity correction), ``weight`` (percent) and ``corrected``.
    """

    estimate: float
    ci_low: float
    ci_high: float
    effect: float
    se: float
    tau2: float
    i2: float
    q: float
    q_pvalue: float
    k: int
    method: str
    scale: str
    confidence_level: float
    converged: bool
    studies: pd.DataFrame = field(repr=False, compare=False)

    def __str__(self) -> str:
        level = f"{100 * self.confidence_level:g}%"
        return (
            f"Pooled ({self.method}, {self.scale} scale, k={self.k}): {self.estimate:.4g} "
            f"({level} CI {self.ci_low:.4g} to {self.ci_high:.4g}); tau2 = {self.tau2:.4g}, "
            f"I2 = {self.i2:.1f}%, Q = {self.q:.3g} (p = {self.q_pvalue:.3g})"
            + ("" if self.converged else "; REML did not converge: tau2 may be inexact")
        )

    def to_frame(self) -> pd.DataFrame:
        """One-row summary DataFrame (every field except ``studies``)."""
        row = {k: v for k, v in asdict(self).items() if k != "studies"}
        return pd.DataFrame([row])

    def prediction_interval(self, confidence_level: float | None = None) -> PredictionInterval:
        """Interval for the true effect of a new study (Higgins, Thompson & Spiegelhalter 2009).

        Parameters
        ----------
        confidence_level : float, optional
            Level in (0, 1); default: the level of the pooled estimate.

        Returns
        -------
        PredictionInterval
            ``pi_low``, ``pi_high`` on the reporting scale (back-transformed like ``estimate``;
            on the raw scale not clipped to [0, 1]).

        Notes
        -----
        ``effect +/- z sqrt(se^2 + tau2)`` on the analysis scale with ``z`` the normal
        quantile, then back-transformed: metafor's ``predict(rma(...))`` (``pi.lb``, ``pi.ub``)
        with its default ``test = "z"``. Where ``tau2 = 0`` (always for "FE") it equals the
        confidence interval. With few studies the normal quantile understates the
        uncertainty; Higgins et al. suggest a t quantile on ``k - 2`` df, which is not the
        default of metafor and not offered here. Validated against metafor 3.8 on 350 random
        data sets (``tests/reference/engine_r/reml.json``) to 1e-6 relative.

        References
        ----------
        Higgins JPT, Thompson SG, Spiegelhalter DJ (2009). A re-evaluation of random-effects
        meta-analysis. J R Stat Soc A 172:137-159.

        Examples
        --------
        >>> from il2kit.meta import pool_rates
        >>> p = pool_rates([2, 15, 30, 4, 22], [40, 50, 60, 45, 35], method="REML")
        >>> print(p.prediction_interval())
        95% prediction interval 0.01848 to 0.8717
        >>> low, high = p.prediction_interval(0.8)
        >>> round(low, 3), round(high, 3)
        (0.05, 0.71)

        The confidence interval says where the average rate lies; the prediction interval,
        much wider here, where the rate of the next trial may fall:

        >>> round(p.ci_low, 3), round(p.ci_high, 3)
        (0.093, 0.556)
        """
        level = (
            self.confidence_level
            if confidence_level is None
            else check_confidence_level(confidence_level)
        )
        z = float(norm.ppf(0.5 + level / 2))
        half = z * math.sqrt(self.se**2 + self.tau2)
        low, high = _back_transform(self.scale, np.array([self.effect - half, self.effect + half]))
        return PredictionInterval(float(low), float(high), level)


def _back_transform(scale: str, values: np.ndarray) -> np.ndarray:
    if scale == "logit":
        return expit(values)
    if scale == "log_or":
        return np.exp(values)
    return values


def _pool(y: np.ndarray, v: np.ndarray, method: str, level: float) -> dict:
    """Inverse-variance pooling on the analysis scale."""
    k = len(y)
    df = k - 1
    w = 1.0 / v
    mu_fe = np.sum(w * y) / np.sum(w)
    q = float(np.sum(w * (y - mu_fe) ** 2))
    trace_p = float(trace_p_matrix(w[None, :])[0])
    converged = True
    if method == "FE":
        tau2 = 0.0
        i2 = max(0.0, 100.0 * (q - df) / q) if q > 0 else 0.0
    else:
        if method == "DL":
            tau2 = max(0.0, (q - df) / trace_p)
        else:
            tau2, converged = reml_tau2(y, v)
        typical_v = df / trace_p  # Higgins & Thompson's "typical" within-study variance
        i2 = 100.0 * tau2 / (typical_v + tau2)
    ws = 1.0 / (v + tau2)
    mu = float(np.sum(ws * y) / np.sum(ws))
    se = float(math.sqrt(1.0 / np.sum(ws)))
    z = float(norm.ppf(0.5 + level / 2))
    return {
        "converged": converged,
        "mu": mu,
        "se": se,
        "low": mu - z * se,
        "high": mu + z * se,
        "tau2": float(tau2),
        "i2": float(i2),
        "q": q,
        "q_pvalue": float(chi2.sf(q, df)),
        "k": k,
        "weight": 100.0 * ws / np.sum(ws),
    }


def pool_rates(
    responders: object,
    n: object,
    *,
    method: str = "DL",
    scale: str = "logit",
    confidence_level: float = 0.95,
) -> PooledEstimate:
    """Pool the response rates of several studies.

    Parameters
    ----------
    responders, n : array_like of int
        Responders and evaluable patients per study; same length, at least 2 studies,
        ``0 <= responders <= n`` and ``n >= 1``.
    method : {"FE", "DL", "REML"}, default "DL"
        Fixed effect, DerSimonian-Laird random effects, or REML random effects.
    scale : {"logit", "raw"}, default "logit"
        Analysis scale: log-odds ``log(p / (1 - p))`` with variance ``1/x + 1/(n - x)``, or the
        proportion itself with variance ``p (1 - p) / n``. The logit scale keeps the
        back-transformed interval inside (0, 1) and suits rates far from 50%; on the raw scale
        the interval is not clipped and can leave [0, 1].
    confidence_level : float, default 0.95
        Level of the interval, in (0, 1).

    Returns
    -------
    PooledEstimate
        ``estimate``, ``ci_low`` and ``ci_high`` are proportions (back-transformed from the logit
        scale); ``tau2`` and ``se`` are on the analysis scale; ``studies`` has the columns
        ``responders``, ``n``, ``rate``, ``effect``, ``variance``, ``weight``, ``corrected``.

    Raises
    ------
    ValueError
        Empty or mismatched arrays, fewer than 2 studies, ``responders > n``, ``n < 1``,
        negative or non-whole counts or counts of 2**53 or more, unknown ``method`` or
        ``scale``, or ``confidence_level`` outside (0, 1).
    TypeError
        Counts that are not numbers (strings, None, bools), or a non-string ``method`` or
        ``scale``.

    Notes
    -----
    A study with 0 or ``n`` responders has an infinite logit and a zero raw variance. As in
    metafor (``escalc(add = 1/2, to = "only0")``, its default), such studies get 1/2 added to
    both their responders and non-responders, i.e. ``x + 1/2`` of ``n + 1``, on both scales;
    other studies are left alone. ``studies["corrected"]`` marks them.

    Every study enters with effect ``y_i`` and sampling variance ``v_i``. With weights
    ``w_i = 1 / (v_i + tau2)`` the pooled value is ``sum(w_i y_i) / sum(w_i)`` with standard
    error ``1 / sqrt(sum(w_i))`` and a normal (z) interval. Cochran's
    ``Q = sum((y_i - y_FE)^2 / v_i)`` uses the fixed-effect weights.

    * "FE": ``tau2 = 0``; ``I2 = max(0, (Q - (k-1)) / Q)``.
    * "DL": ``tau2 = max(0, (Q - (k-1)) / (S1 - S2 / S1))`` with ``S1 = sum(1/v_i)`` and
      ``S2 = sum(1/v_i^2)``. The moment estimate can be negative; it is truncated at 0.
      (``statsmodels.stats.meta_analysis.combine_effects`` does not truncate, which is why it is
      not used here.)
    * "REML": ``tau2`` is the global maximum of the restricted likelihood over ``tau2 >= 0``.
      With few small studies that likelihood can have two peaks, so the boundary 0 and every
      local maximum (bracketed on a fine grid, refined with :func:`scipy.optimize.brentq`)
      are compared by the restricted log-likelihood (``il2kit/_reml.py``); ``converged``
      reports whether every refinement met its tolerance. statsmodels has no REML estimator
      for this model, hence the hand-written search.

    For "DL" and "REML", ``I2 = tau2 / (tau2 + v_typ)`` with the typical within-study variance
    ``v_typ = (k-1) / (S1 - S2 / S1)``; for "DL" this equals ``(Q - (k-1)) / Q``. These are
    metafor's definitions.

    Validated against R 4.2 with metafor 3.8 (``rma(measure = "PLO" | "PR", method = "FE" |
    "DL" | "REML")``) on three data sets, one with 0/14 and 9/9 studies: closed-form results
    agree to 1e-9 relative and REML to 1e-6 (``tests/reference/rates_meta/meta.json``); and on
    350 random small data sets per scale (k = 2..8, n = 3..40, zero cells), including the
    two-peaked ``pool_rates([3, 3, 0], [11, 11, 28], method="REML")`` (tau2 = 0.534): REML
    ``tau2``, estimate, interval and restricted log-likelihood agree with metafor wherever
    metafor reaches the global maximum, and il2kit's log-likelihood is never lower
    (``tests/reference/engine_r/reml.json``, ``tests/reference/README_engine_r.md``).

    References
    ----------
    DerSimonian R, Laird N (1986). Meta-analysis in clinical trials. Control Clin Trials
    7:177-188.
    Viechtbauer W (2005). Bias and efficiency of meta-analytic variance estimators in the
    random-effects model. J Educ Behav Stat 30:261-293.
    Higgins JPT, Thompson SG (2002). Quantifying heterogeneity in a meta-analysis. Stat Med
    21:1539-1558.

    Examples
    --------
    >>> from il2kit.meta import pool_rates
    >>> p = pool_rates([37, 10, 8, 12, 6], [255, 71, 49, 71, 36])
    >>> round(p.estimate, 4), round(p.ci_low, 4), round(p.ci_high, 4)
    (0.1518, 0.1224, 0.1867)
    >>> p.tau2, p.i2
    (0.0, 0.0)
    >>> p.studies[["responders", "n", "weight"]].round(1)
       responders    n  weight
    0          37  255    51.1
    1          10   71    13.9
    2           8   49    10.8
    3          12   71    16.1
    4           6   36     8.1
    """
    x = as_count_array("responders", responders)
    m = as_count_array("n", n)
    check_studies(x, m, "responders", "n")
    method = check_choice("method", method, POOL_METHODS)
    scale = check_choice("scale", scale, RATE_SCALES)
    confidence_level = check_confidence_level(confidence_level)

    corrected = (x == 0) | (x == m)
    # Responders and non-responders each get their own float: m - x is taken in whole numbers,
    # never as (m + 1) - (x + 0.5) in floats, which cancels to 0 for counts near 2**53.
    xc = x + 0.5 * corrected
    fc = (m - x) + 0.5 * corrected
    mc = m + 1.0 * corrected
    if scale == "logit":
        y = np.log(xc) - np.log(fc)
        v = 1.0 / xc + 1.0 / fc
    else:
        y = xc / mc
        v = xc * fc / mc**3
    r = _pool(y, v, method, confidence_level)
    studies = pd.DataFrame(
        {
            "responders": x,
            "n": m,
            "rate": x / m,
            "effect": y,
            "variance": v,
            "weight": r["weight"],
            "corrected": corrected,
        }
    )
    return _result(r, method, scale, confidence_level, studies)


def pool_odds_ratios(
    responders_a: object,
    n_a: object,
    responders_b: object,
    n_b: object,
    *,
    method: str = "DL",
    confidence_level: float = 0.95,
) -> PooledEstimate:
    """Pool the odds ratios (arm ``a`` versus arm ``b``) of several two-arm studies.

    Parameters
    ----------
    responders_a, n_a : array_like of int
        Responders and patients in arm ``a`` of each study.
    responders_b, n_b : array_like of int
        The same for arm ``b``. All four arrays have the same length, at least 2 studies.
    method : {"FE", "DL", "REML"}, default "DL"
        Fixed effect, DerSimonian-Laird random effects, or REML random effects.
    confidence_level : float, default 0.95
        Level of the interval, in (0, 1).

    Returns
    -------
    PooledEstimate
        ``estimate``, ``ci_low``, ``ci_high`` are odds ratios; ``se`` and ``tau2`` are on the
        log odds-ratio scale (``scale="log_or"``); ``studies`` has the columns
        ``responders_a``, ``n_a``, ``responders_b``, ``n_b``, ``odds_ratio``, ``effect`` (log
        odds ratio), ``variance``, ``weight``, ``corrected``.

    Raises
    ------
    ValueError
        As :func:`pool_rates`, for each arm.

    Notes
    -----
    Inverse-variance pooling of ``log OR = log(a d / (b c))`` with Woolf's variance
    ``1/a + 1/b + 1/c + 1/d``. A study with a zero cell gets 1/2 added to all four cells;
    studies with no responders (or only responders) in both arms are kept with that
    correction rather than dropped, which is metafor's default (``add = 1/2, to = "only0",
    drop00 = FALSE``).
    Such studies carry almost no weight; Mantel-Haenszel or Peto pooling, not offered here,
    handles sparse tables better.

    Pooling, ``tau2`` and ``I2`` are computed as in :func:`pool_rates` (see its Notes).

    Validated against R 4.2 with metafor 3.8 (``rma(measure = "OR", method = "FE" | "DL" |
    "REML")``) on ``dat.bcg``, a small data set with zero cells and a double-zero study, and one
    without zero cells: closed-form results agree to 1e-9 relative and REML to 1e-6
    (``tests/reference/rates_meta/meta.json``); REML and the prediction interval also on 350
    random small data sets with zero cells (``tests/reference/engine_r/reml.json``).

    Examples
    --------
    >>> from il2kit.meta import pool_odds_ratios
    >>> p = pool_odds_ratios([12, 10, 15], [40, 38, 45], [8, 9, 11], [41, 37, 46], method="FE")
    >>> round(p.estimate, 3), round(p.ci_low, 3), round(p.ci_high, 3)
    (1.475, 0.833, 2.614)
    """
    xa = as_count_array("responders_a", responders_a)
    na = as_count_array("n_a", n_a)
    xb = as_count_array("responders_b", responders_b)
    nb = as_count_array("n_b", n_b)
    check_same_length(responders_a=xa, n_a=na, responders_b=xb, n_b=nb)
    check_studies(xa, na, "responders_a", "n_a")
    check_studies(xb, nb, "responders_b", "n_b")
    method = check_choice("method", method, POOL_METHODS)
    confidence_level = check_confidence_level(confidence_level)

    cells = np.column_stack([xa, na - xa, xb, nb - xb]).astype(float)
    corrected = (cells == 0).any(axis=1)
    cells += 0.5 * corrected[:, None]
    a, b, c, d = cells.T
    y = np.log(a * d / (b * c))
    v = 1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d
    r = _pool(y, v, method, confidence_level)
    studies = pd.DataFrame(
        {
            "responders_a": xa,
            "n_a": na,
            "responders_b": xb,
            "n_b": nb,
            "odds_ratio": np.exp(y),
            "effect": y,
            "variance": v,
            "weight": r["weight"],
            "corrected": corrected,
        }
    )
    return _result(r, method, "log_or", confidence_level, studies)


def _result(
    r: dict, method: str, scale: str, confidence_level: float, studies: pd.DataFrame
) -> PooledEstimate:
    estimate, low, high = _back_transform(scale, np.array([r["mu"], r["low"], r["high"]]))
    return PooledEstimate(
        estimate=float(estimate),
        ci_low=float(low),
        ci_high=float(high),
        effect=r["mu"],
        se=r["se"],
        tau2=r["tau2"],
        i2=r["i2"],
        q=r["q"],
        q_pvalue=r["q_pvalue"],
        k=r["k"],
        method=method,
        scale=scale,
        confidence_level=confidence_level,
        converged=r["converged"],
        studies=studies,
    )


# --- lessons 11-16 -----------------------------------------------------------------------------


def cumulative_pool_rates(
    responders: object,
    n: object,
    *,
    method: str = "DL",
    scale: str = "logit",
    confidence_level: float = 0.95,
) -> pd.DataFrame:
    """Cumulative meta-analysis: the pool of the first 2, 3, ..., k studies, in the given order.

    Adding studies narrows the interval; whether it also moves the estimate towards the truth
    depends on the studies, not on their number (pooling reduces variance, not bias).

    Parameters
    ----------
    responders, n : array_like of int
        Responders and evaluable patients per study, in the order they are added (at least 2).
    method, scale, confidence_level
        As in :func:`pool_rates`.

    Returns
    -------
    pandas.DataFrame
        One row per step: ``k`` (studies pooled, from 2), ``estimate``, ``ci_low``, ``ci_high``
        (proportions), ``tau2`` and ``i2``.

    Notes
    -----
    Row ``k`` is :func:`pool_rates` of the first ``k`` studies. Validated against R 4.2 with
    metafor 3.8, ``cumul(rma(measure = "PLO", method = "DL" | "REML"))`` on a data set of 20
    studies (``tests/reference/lessons_11_16/cumulative.json``): estimates and limits to 1e-6.
    metafor's first row (one study) is the study itself; here the first row pools two.

    Examples
    --------
    >>> from il2kit.meta import cumulative_pool_rates
    >>> steps = cumulative_pool_rates([10, 4, 30, 12], [40, 35, 120, 60])
    >>> steps[["k", "estimate", "ci_low", "ci_high"]].round(3)
       k  estimate  ci_low  ci_high
    0  2     0.183   0.082    0.360
    1  3     0.223   0.154    0.311
    2  4     0.223   0.175    0.281
    """
    x = as_count_array("responders", responders)
    m = as_count_array("n", n)
    check_studies(x, m, "responders", "n")
    rows = []
    for k in range(2, len(x) + 1):
        p = pool_rates(x[:k], m[:k], method=method, scale=scale, confidence_level=confidence_level)
        rows.append(
            {
                "k": k,
                "estimate": p.estimate,
                "ci_low": p.ci_low,
                "ci_high": p.ci_high,
                "tau2": p.tau2,
                "i2": p.i2,
            }
        )
    return pd.DataFrame(rows)

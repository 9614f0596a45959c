"""Independent routes to the exercises' expected values.

The self-checks must not compute the expected answer with the code a notebook's solution uses
(a check that shares the solution's code cannot fail). Each function here reaches the number by
another route: its own formula, a root-finder instead of a quantile function, a brute-force
search instead of the kit's, another library (statsmodels) instead of the kit. They call SciPy,
NumPy and pandas directly, never the kit's statistics, so a renamed kit function cannot break
them and a bug in one route shows up as a failing solution in ``tests/test_exercises*.py``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import optimize, stats

Z975 = float(stats.norm.ppf(0.975))


# ----------------------------------------------------------------------------- one proportion
def exact_interval(x: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Clopper-Pearson limits found by inverting the binomial tails with a root-finder.

    The lower limit is the rate at which ``P(X >= x) = (1 - level) / 2``, the upper limit the rate
    at which ``P(X <= x) = (1 - level) / 2`` (the kit uses SciPy's beta quantiles instead).
    """
    tail = (1 - level) / 2
    if x == 0:
        low = 0.0
    else:
        low = optimize.brentq(
            lambda p: stats.binom.sf(x - 1, n, p) - tail, 1e-15, 1 - 1e-15, xtol=1e-15, rtol=1e-14
        )
    if x == n:
        high = 1.0
    else:
        high = optimize.brentq(
            lambda p: stats.binom.cdf(x, n, p) - tail, 1e-15, 1 - 1e-15, xtol=1e-15, rtol=1e-14
        )
    return float(low), float(high)


def one_sided_upper(x: int, n: int, level: float = 0.95) -> float:
    """Exact one-sided upper limit: the rate at which ``P(X <= x) = 1 - level``."""
    return float(
        optimize.brentq(
            lambda p: stats.binom.cdf(x, n, p) - (1 - level),
            1e-15,
            1 - 1e-15,
            xtol=1e-15,
            rtol=1e-14,
        )
    )


def wald_interval(x: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """The textbook Wald interval ``p +/- z sqrt(p (1 - p) / n)`` (a misconception route)."""
    z = float(stats.norm.ppf(0.5 + level / 2))
    p = x / n
    half = z * math.sqrt(p * (1 - p) / n)
    return p - half, p + half


def wilson_interval(x: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson's score interval, from its closed form."""
    z = float(stats.norm.ppf(0.5 + level / 2))
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


# ----------------------------------------------------------------------------- two arms
def odds_ratio_woolf(
    a: int, n_a: int, b: int, n_b: int, level: float = 0.95
) -> tuple[float, float, float]:
    """Odds ratio of arm a vs arm b with Woolf's interval; 1/2 added to every cell if one is 0."""
    cells = np.array([a, n_a - a, b, n_b - b], dtype=float)
    if (cells == 0).any():
        cells += 0.5
    ra, fa, rb, fb = cells
    log_or = math.log(ra * fb / (fa * rb))
    se = math.sqrt((1 / cells).sum())
    z = float(stats.norm.ppf(0.5 + level / 2))
    return math.exp(log_or), math.exp(log_or - z * se), math.exp(log_or + z * se)


def fisher_pvalue(a: int, n_a: int, b: int, n_b: int, alternative: str = "two-sided") -> float:
    """Fisher's exact test from the hypergeometric distribution of ``a`` given the margins.

    Two-sided: the sum of the probabilities of every table no more probable than the observed
    one (with R's relative tolerance of 1e-7).
    """
    responders = a + b
    dist = stats.hypergeom(n_a + n_b, responders, n_a)
    support = np.arange(max(0, responders - n_b), min(n_a, responders) + 1)
    probs = dist.pmf(support)
    observed = dist.pmf(a)
    if alternative == "greater":
        return float(probs[support >= a].sum())
    if alternative == "less":
        return float(probs[support <= a].sum())
    return float(min(1.0, probs[probs <= observed * (1 + 1e-7)].sum()))


def pearson_chi2_pvalue(a: int, n_a: int, b: int, n_b: int) -> float:
    """Pearson's chi-squared test of a 2x2 table, without continuity correction."""
    table = np.array([[a, n_a - a], [b, n_b - b]], dtype=float)
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    statistic = float(((table - expected) ** 2 / expected).sum())
    return float(stats.chi2.sf(statistic, 1))


# ----------------------------------------------------------------------------- pooling
def _reml_tau2(y: np.ndarray, v: np.ndarray) -> float:
    """REML between-study variance by Fisher scoring (metafor's algorithm), truncated at 0.

    The kit finds the root of the score with Brent's method; this iterates
    ``tau2 <- tau2 + (sum(w^2 (y - mu)^2) - trace P) / sum(P_ii-weighted terms)`` instead.
    """
    tau2 = max(0.0, float(np.var(y, ddof=1) - np.mean(v)))
    for _ in range(1000):
        w = 1.0 / (v + tau2)
        mu = np.sum(w * y) / np.sum(w)
        # P = W - W 1 1' W / sum(w); score and expected information of the restricted likelihood
        p_diag_trace = np.sum(w) - np.sum(w**2) / np.sum(w)
        trace_pp = np.sum(w**2) - 2 * np.sum(w**3) / np.sum(w) + np.sum(w**2) ** 2 / np.sum(w) ** 2
        score = np.sum(w**2 * (y - mu) ** 2) - p_diag_trace
        step = score / trace_pp
        new = max(0.0, tau2 + step)
        if abs(new - tau2) <= 1e-14 * max(1.0, tau2):
            return float(new)
        tau2 = new
    raise RuntimeError("REML scoring did not converge")


def pool(y: object, v: object, method: str = "DL") -> dict[str, Any]:
    """Inverse-variance pooling of effects ``y`` with sampling variances ``v``.

    Returns ``mu`` (analysis scale), ``tau2``, ``i2`` (percent), ``q`` and the percentage
    ``weight`` of each study.
    """
    y = np.asarray(y, dtype=float)
    v = np.asarray(v, dtype=float)
    k = len(y)
    w = 1.0 / v
    mu_fe = np.sum(w * y) / np.sum(w)
    q = float(np.sum(w * (y - mu_fe) ** 2))
    c = float(np.sum(w) - np.sum(w**2) / np.sum(w))
    if method == "FE":
        tau2 = 0.0
        i2 = max(0.0, 100 * (q - (k - 1)) / q) if q > 0 else 0.0
    else:
        tau2 = max(0.0, (q - (k - 1)) / c) if method == "DL" else _reml_tau2(y, v)
        i2 = 100 * tau2 / (tau2 + (k - 1) / c)
    ws = 1.0 / (v + tau2)
    return {
        "mu": float(np.sum(ws * y) / np.sum(ws)),
        "tau2": float(tau2),
        "i2": float(i2),
        "q": q,
        "weight": 100 * ws / ws.sum(),
    }


def logit_effects(x: object, n: object) -> tuple[np.ndarray, np.ndarray]:
    """Logit of each rate and its variance ``1/x + 1/(n - x)`` (1/2 added to 0 or n)."""
    xs = np.asarray(x, dtype=float)
    ns = np.asarray(n, dtype=float)
    edge = (xs == 0) | (xs == ns)
    xs = xs + 0.5 * edge
    ns = ns + 1.0 * edge
    return np.log(xs / (ns - xs)), 1 / xs + 1 / (ns - xs)


def pooled_rate(x: object, n: object, method: str = "DL", scale: str = "logit") -> float:
    """Pooled response rate, back-transformed to a proportion."""
    if scale == "raw":
        p = np.asarray(x, dtype=float) / np.asarray(n, dtype=float)
        return float(pool(p, p * (1 - p) / np.asarray(n, dtype=float), method)["mu"])
    y, v = logit_effects(x, n)
    return float(1 / (1 + math.exp(-pool(y, v, method)["mu"])))


def pooled_odds_ratio(
    a: object, n_a: object, b: object, n_b: object, method: str = "DL"
) -> dict[str, Any]:
    """Pooled odds ratio (arm a vs b) on the log scale; 1/2 added to tables with a zero cell."""
    xa, na, xb, nb = (np.asarray(v, dtype=float) for v in (a, n_a, b, n_b))
    cells = np.column_stack([xa, na - xa, xb, nb - xb])
    cells += 0.5 * (cells == 0).any(axis=1)[:, None]
    y = np.log(cells[:, 0] * cells[:, 3] / (cells[:, 1] * cells[:, 2]))
    v = (1 / cells).sum(axis=1)
    result = pool(y, v, method)
    result["odds_ratio"] = math.exp(result["mu"])
    return result


# ----------------------------------------------------------------------------- sample size
def power_per_arm(
    n: float,
    rate_a: float,
    rate_b: float,
    *,
    alpha: float = 0.05,
    method: str = "normal",
    sides: int = 2,
) -> float:
    """Power of a two-arm comparison of rates with ``n`` patients per arm.

    ``"normal"``: pooled variance under H0, the far tail ignored (R's ``power.prop.test``).
    ``"arcsine"``: Cohen's h, both tails counted (R's ``pwr.2p.test``).
    """
    z = float(stats.norm.isf(alpha / sides))
    if method == "normal":
        pbar = (rate_a + rate_b) / 2
        num = math.sqrt(n) * abs(rate_a - rate_b) - z * math.sqrt(2 * pbar * (1 - pbar))
        return float(stats.norm.cdf(num / math.sqrt(rate_a * (1 - rate_a) + rate_b * (1 - rate_b))))
    h = abs(2 * math.asin(math.sqrt(rate_a)) - 2 * math.asin(math.sqrt(rate_b)))
    shift = h * math.sqrt(n / 2)
    if sides == 1:
        return float(stats.norm.sf(z - shift))
    return float(stats.norm.sf(z - shift) + stats.norm.cdf(-z - shift))


def n_per_arm(
    rate_a: float,
    rate_b: float,
    *,
    power: float = 0.80,
    alpha: float = 0.05,
    method: str = "normal",
    sides: int = 2,
) -> int:
    """The smallest whole number of patients per arm whose power reaches ``power``.

    Starts from the closed-form normal-approximation estimate and steps through whole numbers
    (the kit solves the power equation with a root-finder instead).
    """
    z = float(stats.norm.isf(alpha / sides)) + float(stats.norm.isf(1 - power))
    n = max(1, int((z / abs(rate_a - rate_b)) ** 2 * 0.5))
    while power_per_arm(n, rate_a, rate_b, alpha=alpha, method=method, sides=sides) >= power:
        n = max(1, n // 2)
        if n == 1:
            break
    while power_per_arm(n, rate_a, rate_b, alpha=alpha, method=method, sides=sides) < power:
        n += 1
    return n


def n_per_arm_unrounded(
    rate_a: float,
    rate_b: float,
    *,
    power: float = 0.80,
    alpha: float = 0.05,
    method: str = "normal",
) -> float:
    """The root of the power equation before rounding up (a misconception route)."""
    return float(
        optimize.brentq(
            lambda n: power_per_arm(n, rate_a, rate_b, alpha=alpha, method=method) - power,
            1.0,
            1e7,
            xtol=1e-10,
        )
    )


# ----------------------------------------------------------------------------- Simon designs
@lru_cache(maxsize=32)
def simon_search(
    p0: float, p1: float, alpha: float, beta: float, nmax: int = 70
) -> tuple[tuple[int, int, int, int, float], ...]:
    """Every admissible two-stage design ``(r1, n1, r, n, EN0)`` with the smallest EN0 per n.

    Brute force over all ``n <= nmax``, ``1 <= n1 < n``, ``0 <= r1 < n1``, ``r1 <= r < n``:
    for each, the exact probability of declaring the regimen promising is
    ``sum_{x1 > r1} b(x1; n1, p) P(X2 > r - x1)``; a design is admissible if it is at most
    ``alpha`` at ``p0`` and at least ``1 - beta`` at ``p1``.
    """
    found = []
    for n in range(2, nmax + 1):
        best = None
        for n1 in range(1, n):
            n2 = n - n1
            pmf0 = stats.binom.pmf(np.arange(n1 + 1), n1, p0)
            pmf1 = stats.binom.pmf(np.arange(n1 + 1), n1, p1)
            # sf2[k] = P(X2 > k) for k = -n1-1 .. n; index shift so that k < 0 gives 1
            ks = np.arange(-n1 - 1, n + 1)
            sf20 = np.where(ks < 0, 1.0, stats.binom.sf(ks, n2, p0))
            sf21 = np.where(ks < 0, 1.0, stats.binom.sf(ks, n2, p1))
            r = np.arange(n)  # r = 0 .. n-1
            x1 = np.arange(n1 + 1)
            idx = r[None, :] - x1[:, None] + n1 + 1
            cont0 = pmf0[:, None] * sf20[idx]  # [x1, r]
            cont1 = pmf1[:, None] * sf21[idx]
            # reject probability for r1: sum over x1 > r1 -> reverse cumulative sums
            rej0 = np.cumsum(cont0[::-1], axis=0)[::-1]  # rej0[j] = sum_{x1 >= j}
            rej1 = np.cumsum(cont1[::-1], axis=0)[::-1]
            cdf0 = np.cumsum(pmf0)
            r1 = np.arange(n1)[:, None]
            ok = (rej0[1:] <= alpha) & (rej1[1:] >= 1 - beta) & (r[None, :] >= r1)
            rows = np.flatnonzero(ok.any(axis=1))
            if rows.size == 0:
                continue
            en0 = n1 + (1 - cdf0[rows]) * n2
            j = int(np.argmin(en0))
            if best is None or en0[j] < best[4] - 1e-12:
                row = int(rows[j])
                best = (row, n1, int(r[ok[row]][0]), n, float(en0[j]))
        if best is not None:
            found.append(best)
    return tuple(found)


def simon_design(
    p0: float, p1: float, alpha: float, beta: float, criterion: str
) -> tuple[int, int, int, int]:
    """Simon's optimal (smallest EN0) or minimax (smallest n, then EN0) design."""
    designs = simon_search(p0, p1, alpha, beta)
    if not designs:
        raise ValueError("no design within nmax")
    chosen = designs[0] if criterion == "minimax" else min(designs, key=lambda d: d[4])
    return chosen[:4]


# ----------------------------------------------------------------------------- survival
def kaplan_meier_at(time: object, event: object, t: float) -> float:
    """Product-limit survival at ``t``: the product of ``1 - d_i / n_i`` over death times <= t."""
    time = np.asarray(time, dtype=float)
    event = np.asarray(event, dtype=int)
    survival = 1.0
    for u in np.unique(time[(event == 1) & (time <= t)]):
        at_risk = np.sum(time >= u)
        deaths = np.sum((time == u) & (event == 1))
        survival *= 1 - deaths / at_risk
    return float(survival)


def logrank_pvalue(time: object, event: object, group: object) -> float:
    """Log-rank test p-value from statsmodels' ``survdiff`` (not the kit's implementation)."""
    from statsmodels.duration.survfunc import survdiff

    _, pvalue = survdiff(
        np.asarray(time, dtype=float), np.asarray(event, dtype=int), np.asarray(group)
    )
    return float(pvalue)


def cure_model_survival(t: float, median: float, cure_fraction: float) -> float:
    """``S(t) = c + (1 - c) exp(-rate t)`` with the rate found numerically from S(median) = 1/2."""
    c = cure_fraction
    rate = optimize.brentq(
        lambda lam: c + (1 - c) * math.exp(-lam * median) - 0.5, 1e-9, 10, xtol=1e-15
    )
    return c + (1 - c) * math.exp(-rate * t)


# ----------------------------------------------------------------------------- pick the winner
def winner_shrinkage(k: int, true_rate: float, n_phase2: int, n_phase3: int) -> dict[str, float]:
    """Exact mean and standard deviation of the winner's shrinkage when every regimen is equal.

    The winner's phase II count is the maximum ``M`` of ``k`` independent Bin(n_phase2, p)
    counts: ``P(M <= m) = F(m)^k``. Its phase III rate is an independent Bin(n_phase3, p) / n3
    with mean ``p``, so the mean shrinkage is ``E[M] / n_phase2 - p``.
    """
    m = np.arange(n_phase2 + 1)
    cdf_max = stats.binom.cdf(m, n_phase2, true_rate) ** k
    pmf_max = np.diff(np.concatenate([[0.0], cdf_max]))
    phase2 = m / n_phase2
    mean2 = float(np.sum(pmf_max * phase2))
    var2 = float(np.sum(pmf_max * (phase2 - mean2) ** 2))
    var3 = true_rate * (1 - true_rate) / n_phase3
    return {"mean": mean2 - true_rate, "sd": math.sqrt(var2 + var3), "phase2_mean": mean2}

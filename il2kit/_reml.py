"""REML estimation of the between-study variance ``tau2`` (private; used by :mod:`il2kit.meta`).

Written here because neither SciPy nor statsmodels estimates ``tau2`` by REML for the
random-effects model (statsmodels' ``combine_effects`` offers DerSimonian-Laird and Paule-Mandel
only). The restricted likelihood of a small meta-analysis can have more than one local maximum,
so the estimate is the **global** maximum over ``tau2 >= 0``:

1. Beyond ``T = max(v_max, 4 k range(y)^2 / (k - 1))`` the score is negative (proof in
   :func:`_upper_bound`), so every stationary point lies in ``[0, T]``.
2. The score is evaluated on a grid of 1,025 points spaced evenly in ``log(tau2 + v_min)``
   (steps of a few percent of ``tau2 + v_min``, the scale on which the likelihood changes);
   every sign change from + to - brackets a local maximum, refined with
   :func:`scipy.optimize.brentq`.
3. The boundary ``tau2 = 0`` and every refined maximum are compared by the restricted
   log-likelihood; the largest wins.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq

GRID_POINTS = 1025


def restricted_loglik(tau2: float | np.ndarray, y: np.ndarray, v: np.ndarray) -> np.ndarray:
    """REML log-likelihood of the random-effects model at ``tau2`` (vectorised over tau2).

    ``-1/2 [(k-1) log(2 pi) - log k + sum log(v_i + tau2) + log sum w_i + sum w_i (y_i - mu)^2]``
    with ``w_i = 1 / (v_i + tau2)`` and ``mu`` the weighted mean: metafor's
    ``logLik(rma(..., method = "REML"))`` (with its default ``REMLf = TRUE`` constant).
    """
    t = np.atleast_1d(np.asarray(tau2, dtype=float))[:, None]
    k = y.size
    w = 1.0 / (v[None, :] + t)
    sw = w.sum(axis=1)
    mu = (w * y).sum(axis=1) / sw
    rss = (w * (y[None, :] - mu[:, None]) ** 2).sum(axis=1)
    return -0.5 * (
        (k - 1) * math.log(2 * math.pi)
        - math.log(k)
        + np.log(v[None, :] + t).sum(axis=1)
        + np.log(sw)
        + rss
    )


def trace_p_matrix(w: np.ndarray) -> np.ndarray:
    """``sum w - sum w^2 / sum w`` per row of ``w``, without cancellation.

    Written as ``sum_i w_i (sum_{j != i} w_j) / sum w``, with the sums over the other studies
    taken from prefix and suffix sums (all terms positive), so that one dominant weight (a
    huge study next to small ones) does not wipe out the result.
    """
    zero = np.zeros((w.shape[0], 1))
    before = np.concatenate([zero, np.cumsum(w, axis=1)[:, :-1]], axis=1)
    after = np.concatenate([np.cumsum(w[:, ::-1], axis=1)[:, ::-1][:, 1:], zero], axis=1)
    return (w * (before + after)).sum(axis=1) / w.sum(axis=1)


def reml_score(tau2: float | np.ndarray, y: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Twice the derivative of :func:`restricted_loglik` with respect to ``tau2``.

    ``sum w_i^2 (y_i - mu)^2 - (sum w_i - sum w_i^2 / sum w_i)`` (Viechtbauer 2005, eq. 12).
    """
    t = np.atleast_1d(np.asarray(tau2, dtype=float))[:, None]
    w = 1.0 / (v[None, :] + t)
    sw = w.sum(axis=1)
    mu = (w * y).sum(axis=1) / sw
    return (w**2 * (y[None, :] - mu[:, None]) ** 2).sum(axis=1) - trace_p_matrix(w)


def _upper_bound(y: np.ndarray, v: np.ndarray) -> float:
    """A ``T`` with a negative score for every ``tau2 > T``.

    With ``a = 1/(v_max + tau2)``, ``b = 1/(v_min + tau2)`` and ``d = range(y)``:
    ``sum w^2 (y - mu)^2 <= k b^2 d^2`` and ``sum w - sum w^2 / sum w =
    2 sum_{i<j} w_i w_j / sum w >= (k - 1) a^2 / b``. For ``tau2 >= v_max``, ``b <= 1/tau2`` and
    ``a >= 1/(2 tau2)``, so the score is below ``k d^2 / tau2^2 - (k - 1) / (4 tau2)``: negative
    once ``tau2 > 4 k d^2 / (k - 1)``.
    """
    k = y.size
    d = float(np.max(y) - np.min(y))
    return max(float(np.max(v)), 4.0 * k * d * d / (k - 1))


def reml_tau2(y: np.ndarray, v: np.ndarray) -> tuple[float, bool]:
    """Global maximiser of the restricted likelihood over ``tau2 >= 0``, and convergence.

    Returns ``(tau2, converged)``; ``converged`` is False only if a root-finder failed to meet
    its tolerance (the best grid point is then returned).
    """
    v_min = float(np.min(v))
    upper = _upper_bound(y, v) * 1.01 + v_min
    grid = v_min * np.expm1(np.linspace(0.0, math.log1p(upper / v_min), GRID_POINTS))
    grid[0] = 0.0
    score = reml_score(grid, y, v)
    candidates = [0.0]
    converged = True
    for i in np.flatnonzero((score[:-1] > 0) & (score[1:] <= 0)):
        lo, hi = float(grid[i]), float(grid[i + 1])
        if score[i + 1] == 0:
            candidates.append(hi)
            continue
        root, info = brentq(
            lambda t: float(reml_score(t, y, v)[0]),
            lo,
            hi,
            xtol=1e-15,
            rtol=1e-13,
            maxiter=500,
            full_output=True,
            disp=False,
        )
        converged &= bool(info.converged)
        candidates.append(float(root))
    values = restricted_loglik(np.array(candidates), y, v)
    best = int(np.argmax(values))  # first of equal maxima: the smallest tau2
    if not converged:
        grid_values = restricted_loglik(grid, y, v)
        if grid_values.max() > values[best]:
            return float(grid[int(np.argmax(grid_values))]), False
    return candidates[best], converged

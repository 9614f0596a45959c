"""Crossing probabilities of group-sequential boundaries by recursive numerical integration.

The standardised statistics ``Z_k`` at information fractions ``t_k`` are jointly normal with
``corr(Z_j, Z_k) = sqrt(t_j / t_k)`` and means ``drift * sqrt(t_k)``; equivalently
``sqrt(t_k) Z_k`` has independent normal increments. The probability of first crossing a
boundary at look ``k`` is an integral over the continuation regions of the earlier looks,
computed look by look (Armitage, McPherson & Rowe 1969) with Simpson's rule on the grid of
Jennison & Turnbull (2000, section 19.2).

Written by hand rather than with :class:`scipy.stats.multivariate_normal`: its CDF is a
randomised quasi-Monte-Carlo estimate with an absolute error of about 1e-5 by default, too
coarse (and not reproducible bit for bit) for boundaries that must agree with R's rpact to
1e-6 and for alpha increments as small as 1e-12. With ``r = 64`` the recursion is
deterministic and agrees with an independent adaptive quadrature to 1e-9
(``tests/test_sequential.py``); halving ``r`` raises the error about 16-fold (Simpson's rule).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special, stats

__all__: list[str] = []

#: Jennison & Turnbull's grid density r (they suggest 16-32; 64 gives about 1e-9).
GRID_R = 64
_SQRT_2PI = math.sqrt(2 * math.pi)

State = tuple[np.ndarray, np.ndarray, float]


def grid(mu: float, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    """Jennison & Turnbull's grid for a density centred near ``mu``, trimmed to ``(lo, hi)``.

    Returns the points (odd points plus midpoints) and their Simpson's-rule weights.
    """
    r = GRID_R
    i = np.arange(1, 6 * r, dtype=float)
    x = np.where(
        i < r,
        mu - 3 - 4 * np.log(r / i),
        np.where(i <= 5 * r, mu - 3 + 3 * (i - r) / (2 * r), mu + 3 + 4 * np.log(r / (6 * r - i))),
    )
    x = np.unique(np.clip(x, lo, hi))
    if x.size < 2:  # the continuation region lies far out in a tail: no mass there
        return np.array([0.0]), np.array([0.0])
    z = np.empty(2 * x.size - 1)
    z[0::2] = x
    z[1::2] = (x[:-1] + x[1:]) / 2
    length = np.diff(x)
    w = np.zeros_like(z)
    w[0:-1:2] += length / 6
    w[1::2] += 4 * length / 6
    w[2::2] += length / 6
    return z, w


def exit_probability(
    state: State | None,
    t: float,
    c: float,
    drift: float,
    two_sided: bool,
) -> tuple[float, float]:
    """Probabilities of crossing the upper / lower boundary ``+-c`` at information ``t``.

    ``state`` is ``(z, h, t_prev)``: grid and weighted sub-density of the previous look's z
    statistic over its continuation region (None at the first look).
    """
    if state is None:
        mean = drift * math.sqrt(t)
        up = float(stats.norm.sf(c - mean))
        low = float(stats.norm.cdf(-c - mean)) if two_sided else 0.0
        return up, low
    z, h, t_prev = state
    step = t - t_prev
    sd = math.sqrt(step)
    centre = z * math.sqrt(t_prev) + drift * step  # mean of sqrt(t) Z_k given Z_{k-1} = z
    up = float(h @ special.ndtr((centre - c * math.sqrt(t)) / sd))
    low = float(h @ special.ndtr((-c * math.sqrt(t) - centre) / sd)) if two_sided else 0.0
    return up, low


def advance(
    state: State | None,
    t: float,
    c: float,
    drift: float,
    two_sided: bool,
) -> State:
    """Sub-density of Z at information ``t`` on its continuation region (no crossing so far)."""
    z_new, w = grid(drift * math.sqrt(t), -c if two_sided else -math.inf, c)
    if state is None:
        f = stats.norm.pdf(z_new - drift * math.sqrt(t))
    else:
        z, h, t_prev = state
        step = t - t_prev
        sd = math.sqrt(step)
        mean = z * math.sqrt(t_prev) + drift * step
        u = (z_new[:, None] * math.sqrt(t) - mean[None, :]) / sd
        f = np.exp(-0.5 * u * u) @ h * (math.sqrt(t) / (sd * _SQRT_2PI))
    return z_new, w * f, t


def crossing(
    crit: np.ndarray, rates: np.ndarray, drift: float, two_sided: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Upper and lower crossing probability at every look for boundaries ``crit``."""
    up, low = np.zeros(crit.size), np.zeros(crit.size)
    state = None
    for k, (c, t) in enumerate(zip(crit, rates, strict=True)):
        up[k], low[k] = exit_probability(state, t, c, drift, two_sided)
        if k < crit.size - 1:
            state = advance(state, t, c, drift, two_sided)
    return up, low

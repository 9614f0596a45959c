"""The exact search behind :func:`il2kit.design.simon_design` (private).

No maintained Python library searches Simon's two-stage designs, so the search is written here
with NumPy. It examines the same candidates as a plain exhaustive search (every ``n``, ``n1``,
``r1`` and ``r``) and returns the same designs, but skips, with proofs, the parts that cannot
hold a design that the frontier needs:

* **Sizes below the Neyman-Pearson bound.** A two-stage design with ``n`` patients is a
  non-randomised test on ``n`` Bernoulli outcomes, so its power at level ``alpha`` cannot exceed
  the most powerful (randomised) test of ``p0`` against ``p1`` on ``n`` patients, which rejects
  for a large total. That power grows with ``n``, so sizes below the first ``n`` where it
  reaches ``1 - beta`` hold no design, and an infeasible search stops before it starts.
* **Stage-1 power.** ``P(reject | p1) <= P(X1 > r1 | p1)``, so only ``r1`` with stage-1
  power ``>= 1 - beta`` can be feasible.
* **Expected size.** Once a design with ``EN0 = E`` is on the frontier, a larger ``n`` only
  matters through ``(n1, r1)`` with ``EN0 < E``; the search ends once no ``n1`` can get there
  (the bound of the original search, kept unchanged).

For each ``n`` the rejection probabilities ``P(X1 > r1, X1 + X2 > r)`` of the remaining
``(n1, r1)`` pairs are accumulated over ``x1`` in a loop (as clinfun's Fortran ``ph2simon``
does), in the same order of additions as a full cumulative sum, so every probability compared
with ``alpha`` or ``1 - beta`` is the same float as in the exhaustive search. Memory stays at
a few binomial tables of size ``(nmax + 1)^2`` (about 100 MB at ``nmax = 1000``).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

Tables = tuple[np.ndarray, np.ndarray, np.ndarray]


def binomial_tables(p: float, nmax: int) -> Tables:
    """``pmf[m, x]``, ``sf[m, x] = P(X > x)`` for ``X ~ Bin(m, p)``; ``pad`` shifts ``sf``.

    ``pad[m, k + nmax + 1] = P(X > k)`` for ``k >= 0`` and 0 for ``k < 0``.
    """
    size = np.arange(nmax + 1)
    pmf = stats.binom.pmf(size[None, :], size[:, None], p)
    sf = stats.binom.sf(size[None, :], size[:, None], p)  # P(X > x); 0 once x >= size
    pad = np.concatenate([np.zeros((nmax + 1, nmax + 1)), sf], axis=1)
    return pmf, sf, pad


def smallest_possible_n(p0: float, p1: float, alpha: float, beta: float, nmax: int) -> int | None:
    """The first ``n <= nmax`` whose most powerful level-``alpha`` test reaches ``1 - beta``.

    ``None`` if no ``n <= nmax`` does (then no Simon design exists). A margin of 1e-9 keeps
    rounding in the binomial tails from excluding a size that could hold a design.
    """
    n = np.arange(2, nmax + 1)
    c = np.asarray(stats.binom.isf(alpha, n, p0))  # smallest c with P0(X > c) <= alpha
    for _ in range(3):  # guard the quantile against an off-by-one from rounding
        c = np.where(stats.binom.sf(c, n, p0) > alpha, c + 1, c)
        c = np.where((c > 0) & (stats.binom.sf(c - 1, n, p0) <= alpha), c - 1, c)
    at_c = stats.binom.pmf(c, n, p0)
    gamma = np.where(at_c > 0, (alpha - stats.binom.sf(c, n, p0)) / np.where(at_c > 0, at_c, 1), 0)
    power = stats.binom.sf(c, n, p1) + np.clip(gamma, 0, 1) * stats.binom.pmf(c, n, p1)
    ok = np.flatnonzero(power >= 1.0 - beta - 1e-9)
    return int(n[ok[0]]) if ok.size else None


def best_for_n(
    n: int, n1max: int, tables: tuple[Tables, Tables], alpha: float, beta: float, best: float
) -> tuple | None:
    """The feasible design with total size ``n``, ``n1 <= n1max``, ``EN0 < best`` and the
    smallest EN0, as ``(n, r1, n1, r, en0, pet0)``; None if there is none.

    For fixed ``(n1, r1)`` both error rates fall as ``r`` rises, so the pair is feasible iff the
    largest ``r`` still giving power ``>= 1 - beta`` has type I error ``<= alpha``; that ``r``
    is reported (as clinfun's ``ph2simon`` does). The two-stage power cannot exceed the
    single-stage power ``P(Bin(n, p1) > r)``, so only ``r <= R`` (the largest ``r`` with
    single-stage power ``>= 1 - beta``) is searched, and ``r1 <= r``, ``x1 <= r`` too. Ties in
    EN0 go to the smallest ``n1``, then the largest ``r1`` (clinfun's search order).
    """
    (pmf0, sf0, pad0), (pmf1, sf1, pad1) = tables
    target = 1.0 - beta
    ok = np.nonzero(sf1[n, :n] >= target)[0]
    n1max = min(n1max, n - 1)
    if ok.size == 0 or n1max < 1:
        return None
    big_r = int(ok[-1])
    n1 = np.arange(1, n1max + 1)
    n2 = n - n1
    k = np.arange(big_r + 1)
    pet = 1.0 - sf0[n1[:, None], k[None, :]]
    en0 = n1[:, None] + (1.0 - pet) * n2[:, None]
    # candidates: stage-1 power can reach 1 - beta (with a rounding margin) and EN0 < best
    candidate = (sf1[n1[:, None], k[None, :]] >= target - 1e-12) & (en0 < best)
    rows = np.flatnonzero(candidate.any(axis=1))
    if rows.size == 0:
        return None
    candidate, en0, pet = candidate[rows], en0[rows], pet[rows]
    n1, n2 = n1[rows], n2[rows]
    first = int(np.argmax(candidate, axis=1).min())  # smallest candidate r1 of any row
    width = big_r - first + 1  # columns r = first .. big_r
    shift = pad0.shape[0]
    pad0_rows, pad1_rows = pad0[n2], pad1[n2]
    sf0_rows, sf1_rows = sf0[n1], sf1[n1]
    # tail[i, r] = sum_{x1 = r1 + 1}^{big_r} P(X1 = x1) P(X2 > r - x1), built from x1 = big_r
    # downwards: the order of additions of a reversed cumulative sum over x1.
    tail0 = np.zeros((rows.size, width))
    tail1 = np.zeros((rows.size, width))
    feasible = np.zeros(candidate.shape, dtype=bool)
    r_best = np.zeros(candidate.shape, dtype=np.int64)
    for x1 in range(big_r, first, -1):
        lo = first - x1 + shift
        tail0 += pmf0[n1, x1][:, None] * pad0_rows[:, lo : lo + width]
        tail1 += pmf1[n1, x1][:, None] * pad1_rows[:, lo : lo + width]
        r1 = x1 - 1
        live = np.flatnonzero(candidate[:, r1])
        if live.size == 0:
            continue
        power = tail1[live, r1 - first :] + sf1_rows[live, r1 : big_r + 1]
        count = np.sum(power >= target, axis=1)  # power falls as r rises
        r = r1 + count - 1
        rc = np.maximum(r, r1)
        type1 = tail0[live, rc - first] + sf0_rows[live, rc]
        feasible[live, r1] = (count > 0) & (type1 <= alpha)
        r_best[live, r1] = r
    if not feasible.any():
        return None
    en0 = np.where(feasible, en0, np.inf)
    i, j = np.unravel_index(np.argmin(en0[:, ::-1]), en0.shape)
    j = big_r - j
    return (n, int(j), int(n1[i]), int(r_best[i, j]), float(en0[i, j]), float(pet[i, j]))


def frontier(
    p0: float, p1: float, alpha: float, beta: float, nmax: int, first_only: bool = False
) -> np.ndarray:
    """Designs that beat every smaller ``n`` on EN0: minimax first, optimal last.

    Rows ``(n, r1, n1, r, en0, pet0)``. Once a design with expected size ``E`` is known, a
    better one needs ``n1 <= EN0 < E``; and with ``r1`` capped by the stage-1 power
    (``P(X1 > r1 | p1) >= 1 - beta``), ``EN0 >= n1 + (1 - PET0max(n1))(n - n1)`` grows with
    ``n``, which ends the search as soon as no larger ``n`` can win.
    """
    start = smallest_possible_n(p0, p1, alpha, beta, nmax)
    if start is None:
        return np.zeros((0, 6))
    tables = (binomial_tables(p0, nmax), binomial_tables(p1, nmax))
    sizes = np.arange(nmax + 1)
    sf1 = tables[1][1]
    # largest r1 with stage-1 power >= 1 - beta, for every n1 (-1: none)
    r1max = np.sum(sf1 >= 1.0 - beta, axis=1) - 1  # sf1 falls along each row
    pet_max = np.where(r1max >= 0, 1.0 - tables[0][1][sizes, np.maximum(r1max, 0)], np.nan)
    rows: list[tuple] = []
    best = math.inf
    for n in range(start, nmax + 1):
        n1max = n - 1 if not rows else min(n - 1, math.floor(best))
        n1 = sizes[1 : n1max + 1]
        usable = r1max[n1] >= 0
        if rows:
            bound = n1 + (1.0 - pet_max[n1]) * (n - n1)
            if not np.any(usable & (bound < best)):
                break
        row = best_for_n(n, n1max, tables, alpha, beta, best)
        if row is not None and row[4] < best:
            rows.append(row)
            best = row[4]
            if first_only:
                break
    return np.array(rows, dtype=float).reshape(-1, 6)

"""Trial design: Simon's two-stage phase II designs and two-arm sample sizes.

A phase II trial of interleukin-2 asks "is the response rate above an uninteresting ``p0``?".
Simon's (1989) two-stage design answers with as few patients as possible when the drug is
inactive: treat ``n1`` patients, stop if ``r1`` or fewer respond, otherwise treat ``n - n1`` more
and call the drug promising if more than ``r`` of all ``n`` patients respond.

No maintained Python library searches Simon designs, so the search behind :func:`simon_design`
is written by hand (``il2kit/_simon.py``, vectorised with NumPy) and checked against Simon's
published designs, an independent brute-force search and clinfun's ``ph2simon``.

For a randomised comparison of two response rates ``rate_a`` and ``rate_b``,
:func:`sample_size_two_rates` and :func:`power_two_rates` reproduce R's ``power.prop.test`` and
``pwr::pwr.2p.test``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from il2kit._simon import frontier
from il2kit._validation import (
    as_probability_array,
    check_choice,
    check_direction,
    check_positive_count,
    check_probability,
    check_simon_args,
    check_two_rates,
)

__all__ = [
    "InfeasibleDesignError",
    "SimonDesign",
    "simon_design",
    "simon_designs",
    "sample_size_two_rates",
    "power_two_rates",
    "SIMON_CRITERIA",
    "SAMPLE_SIZE_METHODS",
]

#: Criteria accepted by :func:`simon_design`.
SIMON_CRITERIA = ("optimal", "minimax")
#: Methods accepted by :func:`sample_size_two_rates` and :func:`power_two_rates`.
SAMPLE_SIZE_METHODS = ("normal", "arcsine")

_NMAX_LIMIT = 1000


class InfeasibleDesignError(ValueError):
    """No design meets the error-rate constraints within the allowed sample size."""


@dataclass(frozen=True)
class SimonDesign:
    """A Simon two-stage design and its exact error rates.

    Treat ``n1`` patients; stop early (drug not promising) if ``<= r1`` respond. Otherwise treat
    ``n - n1`` more; declare the drug promising if ``> r`` of all ``n`` respond.

    Attributes
    ----------
    p0, p1 : float
        Uninteresting and target response rates.
    alpha, beta : float
        Requested type I and type II error rates.
    criterion : str
        ``"optimal"`` (smallest expected size under ``p0``) or ``"minimax"`` (smallest ``n``).
    r1, n1, r, n : int
        Decision boundaries and sample sizes.
    en0 : float
        Expected number of patients treated when the true rate is ``p0``.
    pet0 : float
        Probability of stopping after stage 1 when the true rate is ``p0``.
    alpha_actual, power_actual : float
        Exact probability of declaring the drug promising under ``p0`` and under ``p1``.
    """

    p0: float
    p1: float
    alpha: float
    beta: float
    criterion: str
    r1: int
    n1: int
    r: int
    n: int
    en0: float
    pet0: float
    alpha_actual: float
    power_actual: float

    def __str__(self) -> str:
        return (
            f"Simon {self.criterion} design for p0={self.p0:g}, p1={self.p1:g} "
            f"(alpha={self.alpha:g}, beta={self.beta:g}): stop if <= {self.r1}/{self.n1}, "
            f"promising if > {self.r}/{self.n}; EN0={self.en0:.2f}, PET0={self.pet0:.3f}, "
            f"actual alpha={self.alpha_actual:.4f}, power={self.power_actual:.4f}"
        )

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame with every field as a column."""
        return pd.DataFrame([asdict(self)])

    def operating_characteristics(self, p: float | np.ndarray) -> pd.DataFrame:
        """Exact behaviour of the design when the true response rate is ``p``.

        Parameters
        ----------
        p : float or array_like
            True response rate(s) in [0, 1].

        Returns
        -------
        pandas.DataFrame
            One row per rate with columns ``p``, ``prob_reject_null`` (probability of declaring
            the drug promising), ``pet`` (probability of early termination) and ``en``
            (expected number of patients treated).

        Examples
        --------
        >>> from il2kit.design import simon_design
        >>> d = simon_design(0.1, 0.3, alpha=0.05, beta=0.2)
        >>> d.operating_characteristics([0.1, 0.3]).round(4)
             p  prob_reject_null     pet       en
        0  0.1            0.0471  0.7361  15.0141
        1  0.3            0.8051  0.1493  26.1631
        """
        return _operating_characteristics(self.r1, self.n1, self.r, self.n, p)


def _operating_characteristics(r1: int, n1: int, r: int, n: int, p: object) -> pd.DataFrame:
    ps = as_probability_array("p", [p] if np.ndim(p) == 0 else p)  # type: ignore[arg-type]
    x1 = np.arange(r1 + 1, n1 + 1)[:, None]
    reject = np.sum(stats.binom.pmf(x1, n1, ps) * stats.binom.sf(r - x1, n - n1, ps), axis=0)
    pet = stats.binom.cdf(r1, n1, ps)
    en = n1 + (1.0 - pet) * (n - n1)
    return pd.DataFrame({"p": ps, "prob_reject_null": reject, "pet": pet, "en": en})


def _make_design(row, p0, p1, alpha, beta, criterion) -> SimonDesign:
    n, r1, n1, r = (int(v) for v in row[:4])
    oc = _operating_characteristics(r1, n1, r, n, [p0, p1])["prob_reject_null"].to_numpy()
    return SimonDesign(
        p0,
        p1,
        alpha,
        beta,
        criterion,
        r1,
        n1,
        r,
        n,
        float(row[4]),
        float(row[5]),
        float(oc[0]),
        float(oc[1]),
    )


def _infeasible(p0, p1, alpha, beta, nmax) -> InfeasibleDesignError:
    return InfeasibleDesignError(
        f"No design with n <= nmax={nmax}; increase nmax, widen the gap between p0={p0:g} "
        f"and p1={p1:g}, or relax alpha={alpha:g} / beta={beta:g}."
    )


def simon_design(
    p0: float,
    p1: float,
    *,
    alpha: float = 0.05,
    beta: float = 0.20,
    criterion: str = "optimal",
    nmax: int = 100,
) -> SimonDesign:
    """Simon's (1989) optimal or minimax two-stage design for a single-arm phase II trial.

    Parameters
    ----------
    p0 : float
        Uninteresting response rate, in (0, 1): below it the drug is not worth pursuing.
    p1 : float
        Target response rate, in (p0, 1).
    alpha : float, default 0.05
        Largest allowed probability of declaring the drug promising when the rate is ``p0``.
    beta : float, default 0.20
        Largest allowed probability of rejecting the drug when the rate is ``p1``.
    criterion : {"optimal", "minimax"}
        ``"optimal"`` minimises the expected sample size under ``p0`` (EN0); ``"minimax"``
        minimises the maximum sample size ``n``, then EN0 among designs with that ``n``.
    nmax : int, default 100
        Largest total sample size searched, in [2, 1000].

    Returns
    -------
    SimonDesign

    Raises
    ------
    ValueError
        For rates outside (0, 1), ``p1 <= p0``, error rates outside (0, 0.5), an ``nmax``
        outside [2, 1000] or not whole, or an unknown ``criterion``.
    TypeError
        For a rate, error rate or ``nmax`` that is not a number, or a non-string
        ``criterion``.
    InfeasibleDesignError
        If no design with ``n <= nmax`` meets both error constraints.

    Notes
    -----
    With ``X1 ~ Bin(n1, p)`` and ``X2 ~ Bin(n - n1, p)``, the drug is declared promising with
    probability ``sum_{x1 > r1} P(X1 = x1) P(X2 > r - x1)``; the early-stopping probability is
    ``PET = P(X1 <= r1)`` and ``EN = n1 + (1 - PET)(n - n1)``. The search is exact (no normal
    approximation) and returns the designs of an exhaustive search over every ``n <= nmax``,
    ``1 <= n1 < n``, ``r1`` and ``r``; it skips, with proofs, sizes below the Neyman-Pearson
    bound (so an infeasible search stops at once), stage-1 boundaries without the power to
    succeed and pairs that cannot beat the best expected size found
    (``il2kit/_simon.py``). Memory stays near 100 MB at ``nmax = 1000``. When several ``r``
    meet both constraints the largest is reported (lowest type I error), as in clinfun's
    ``ph2simon``.

    No maintained Python library computes Simon designs, so this search is written by hand.
    Validated against the optimal designs published by Simon (1989), an independent
    brute-force search and the unpruned exhaustive search on random problems
    (``tests/test_design.py``, ``tests/reference/README_design_survival.md``); its minimax and
    optimal designs equal clinfun 1.1.5's ``ph2simon`` on the 12 problems of
    ``benchmarks/bench_engine.py``, nmax up to 1000 (which prints both where clinfun is
    installed).

    References
    ----------
    Simon R. Optimal two-stage designs for phase II clinical trials. Controlled Clinical
    Trials 1989;10:1-10.

    Examples
    --------
    >>> from il2kit.design import simon_design
    >>> d = simon_design(0.1, 0.3, alpha=0.05, beta=0.2)
    >>> (d.r1, d.n1, d.r, d.n), round(d.en0, 1), round(d.pet0, 2)
    ((1, 10, 5, 29), 15.0, 0.74)
    >>> m = simon_design(0.1, 0.3, alpha=0.05, beta=0.2, criterion="minimax")
    >>> (m.r1, m.n1, m.r, m.n), round(m.en0, 1)
    ((1, 15, 5, 25), 19.5)
    """
    p0, p1, alpha, beta, nmax = check_simon_args(p0, p1, alpha, beta, nmax, _NMAX_LIMIT)
    criterion = check_choice("criterion", criterion, SIMON_CRITERIA)
    table = frontier(p0, p1, alpha, beta, nmax, first_only=criterion == "minimax")
    if table.shape[0] == 0:
        raise _infeasible(p0, p1, alpha, beta, nmax)
    index = int(np.argmin(table[:, 4])) if criterion == "optimal" else 0
    return _make_design(table[index], p0, p1, alpha, beta, criterion)


def simon_designs(
    p0: float,
    p1: float,
    *,
    alpha: float = 0.05,
    beta: float = 0.20,
    nmax: int = 100,
) -> pd.DataFrame:
    """The trade-off between maximum and expected sample size: minimax to optimal.

    One row per maximum size ``n`` whose best design (smallest EN0) has a smaller EN0 than
    every design with a smaller ``n``. The first row is the minimax design and the last the
    optimal one; the rows between are the compromise candidates from which Jung et al. (2001)
    pick their admissible designs. Arguments as in :func:`simon_design`.

    Returns
    -------
    pandas.DataFrame
        Columns ``n``, ``r1``, ``n1``, ``r``, ``en0``, ``pet0`` and ``criterion``
        (``"minimax"``, ``"optimal"`` or ``""``).

    References
    ----------
    Jung SH, Carey M, Kim KM. Graphical search for two-stage designs for phase II clinical
    trials. Controlled Clinical Trials 2001;22:367-372.

    Examples
    --------
    >>> from il2kit.design import simon_designs
    >>> t = simon_designs(0.1, 0.3, alpha=0.05, beta=0.2, nmax=30)
    >>> t.loc[t.criterion != "", ["criterion", "r1", "n1", "r", "n"]]
      criterion  r1  n1  r   n
    0   minimax   1  15  5  25
    3   optimal   1  10  5  29
    """
    p0, p1, alpha, beta, nmax = check_simon_args(p0, p1, alpha, beta, nmax, _NMAX_LIMIT)
    table = frontier(p0, p1, alpha, beta, nmax)
    if table.shape[0] == 0:
        raise _infeasible(p0, p1, alpha, beta, nmax)
    out = pd.DataFrame(table[:, :4].astype(int), columns=["n", "r1", "n1", "r"])
    out["en0"] = table[:, 4]
    out["pet0"] = table[:, 5]
    out["criterion"] = ""
    out.loc[int(np.argmin(table[:, 4])), "criterion"] = "optimal"
    out.loc[0, "criterion"] = "minimax"
    return out


# ------------------------------------------------------------------ two arms: power and n


def _power(n: float, pa: float, pb: float, alpha: float, method: str, alternative: str) -> float:
    norm = stats.norm
    if alternative == "two-sided":
        z = norm.isf(alpha / 2)
    else:
        z = norm.isf(alpha)
    sign = {"two-sided": 1.0, "greater": 1.0, "less": -1.0}[alternative]
    if method == "normal":
        d = pa - pb if alternative != "two-sided" else abs(pa - pb)
        pbar = (pa + pb) / 2
        num = math.sqrt(n) * sign * d - z * math.sqrt(2 * pbar * (1 - pbar))
        return float(norm.cdf(num / math.sqrt(pa * (1 - pa) + pb * (1 - pb))))
    h = 2 * math.asin(math.sqrt(pa)) - 2 * math.asin(math.sqrt(pb))
    shift = h * math.sqrt(n / 2)
    if alternative == "two-sided":
        shift = abs(shift)
        return float(norm.sf(z - shift) + norm.cdf(-z - shift))
    return float(norm.sf(z - sign * shift))


def power_two_rates(
    rate_a: float,
    rate_b: float,
    n: int,
    *,
    alpha: float = 0.05,
    method: str = "normal",
    alternative: str = "two-sided",
) -> float:
    """Power to detect response rates ``rate_a`` vs ``rate_b`` with ``n`` patients per arm.

    Parameters
    ----------
    rate_a, rate_b : float
        True response rates of arms ``a`` and ``b``, in (0, 1), unequal.
    n : int
        Patients per arm (>= 1).
    alpha : float, default 0.05
        Significance level.
    method : {"normal", "arcsine"}
        ``"normal"``: R's ``power.prop.test`` (pooled variance under H0; the two-sided power
        ignores the far tail, as R's default ``strict = FALSE``). ``"arcsine"``: R's
        ``pwr::pwr.2p.test`` with Cohen's ``h = 2 asin(sqrt(rate_a)) - 2 asin(sqrt(rate_b))``
        (its two-sided power includes the far tail).
    alternative : {"two-sided", "greater", "less"}
        ``"greater"`` means the alternative ``rate_a > rate_b``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Rates outside (0, 1) or equal, ``n < 1``, ``alpha`` outside (0, 1), unknown
        ``method`` or ``alternative``.
    TypeError
        A rate, ``n`` or ``alpha`` that is not a number.

    Notes
    -----
    ``"normal"``: ``Phi((sqrt(n)|pa - pb| - z sqrt(2 pbar qbar)) / sqrt(pa qa + pb qb))`` with
    ``z`` the upper ``alpha/2`` (two-sided) or ``alpha`` quantile. Validated against R's
    ``power.prop.test`` and ``pwr::pwr.2p.test`` to 1e-10 on 96 cases
    (``tests/reference/design_survival``).

    Examples
    --------
    >>> from il2kit.design import power_two_rates
    >>> round(power_two_rates(0.15, 0.30, 100), 4)
    0.7223
    >>> round(power_two_rates(0.15, 0.30, 100, method="arcsine"), 4)
    0.7301
    """
    pa, pb, alpha, method, alternative = check_two_rates(
        rate_a, rate_b, alpha, method, alternative, SAMPLE_SIZE_METHODS
    )
    n = check_positive_count("n", n)
    return _power(n, pa, pb, alpha, method, alternative)


def sample_size_two_rates(
    rate_a: float,
    rate_b: float,
    *,
    alpha: float = 0.05,
    power: float = 0.80,
    method: str = "normal",
    alternative: str = "two-sided",
) -> int:
    """Patients per arm needed to detect response rates ``rate_a`` vs ``rate_b``.

    Parameters as in :func:`power_two_rates`, plus ``power`` in (0, 1).

    Returns
    -------
    int
        The smallest whole number of patients per arm reaching ``power``: the exact root of the
        power equation, rounded up (R's ``ceiling(power.prop.test(...)$n)``).

    Raises
    ------
    ValueError
        If a one-sided ``alternative`` points away from the difference (e.g. ``"greater"`` with
        ``rate_a < rate_b``): no sample size gives that power; or if the rates are so close
        that 2**53 or more patients per arm would be needed (the message names both rates);
        and for the invalid arguments of :func:`power_two_rates` or a ``power`` outside (0, 1).

    Notes
    -----
    The power equation is solved with :func:`scipy.optimize.brentq` (R uses ``uniroot``);
    validated against R's ``power.prop.test`` and ``pwr::pwr.2p.test`` on 96 cases: identical
    ``n`` (``tests/reference/design_survival``).

    Examples
    --------
    >>> from il2kit.design import sample_size_two_rates
    >>> sample_size_two_rates(0.15, 0.30)
    121
    >>> sample_size_two_rates(0.15, 0.30, method="arcsine")
    119
    """
    pa, pb, alpha, method, alternative = check_two_rates(
        rate_a, rate_b, alpha, method, alternative, SAMPLE_SIZE_METHODS
    )
    power = check_probability("power", power)
    check_direction(alternative, pa, pb)

    def gap(n: float) -> float:
        return _power(n, pa, pb, alpha, method, alternative) - power

    if gap(1.0) >= 0:
        return 1
    hi = 2.0
    while gap(hi) < 0:  # power rises to 1 as n grows, so this ends unless the rates are close
        hi *= 2
        if hi > 2.0**53:
            raise ValueError(
                f"Invalid rate_a={pa!r}, rate_b={pb!r}; the rates are so close that 2**53 or "
                f"more patients per arm would be needed for power={power:g}."
            )
    root = optimize.brentq(gap, 1.0, hi, xtol=1e-12, rtol=4 * np.finfo(float).eps)
    n = math.ceil(root - 1e-9)
    return int(n if gap(n) >= -1e-12 else n + 1)


# --- lessons 08-10 ---------------------------------------------------------------------------


def power_curve(
    rate_a: float,
    rate_b: float,
    n_per_arm: object,
    *,
    alpha: float = 0.05,
    method: str = "normal",
    alternative: str = "two-sided",
) -> pd.DataFrame:
    """Power of a two-arm comparison of response rates at each of several trial sizes.

    Parameters
    ----------
    rate_a, rate_b, alpha, method, alternative
        As in :func:`power_two_rates`.
    n_per_arm : int or array_like of int
        Patients per arm (each >= 1).

    Returns
    -------
    pandas.DataFrame
        ``n_per_arm`` and ``power``, one row per size, in the order given (ready for
        :func:`il2kit.plotting.plot_power_curve`).

    Raises
    ------
    ValueError, TypeError
        As :func:`power_two_rates`, and for sizes that are not whole numbers >= 1.

    Notes
    -----
    Each row is :func:`power_two_rates`; validated against R's ``power.prop.test`` and
    ``pwr::pwr.2p.test`` at seven sizes from 5 to 1,500 per arm for three pairs of rates and
    two levels, to 1e-10 (``tests/reference/lessons_08_10/power_curve_r.json``).

    Examples
    --------
    >>> from il2kit.design import power_curve
    >>> print(power_curve(0.15, 0.20, [50, 906]).round(3).to_string(index=False))
     n_per_arm  power
            50  0.096
           906  0.800
    """
    from il2kit._validation import as_count_array

    pa, pb, alpha, method, alternative = check_two_rates(
        rate_a, rate_b, alpha, method, alternative, SAMPLE_SIZE_METHODS
    )
    scalar = np.ndim(n_per_arm) == 0  # type: ignore[arg-type]
    sizes = as_count_array("n_per_arm", [n_per_arm] if scalar else n_per_arm)
    if (sizes < 1).any():
        i = int(np.flatnonzero(sizes < 1)[0])
        raise ValueError(
            f"Invalid n_per_arm: {int(sizes[i])} at position {i}; every size must be >= 1."
        )
    power = [_power(float(n), pa, pb, alpha, method, alternative) for n in sizes.tolist()]
    return pd.DataFrame({"n_per_arm": sizes, "power": power})


__all__ += ["power_curve"]

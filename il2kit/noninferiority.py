"""Non-inferiority: is a gentler regimen *not much worse* than the standard one?

Low-dose or subcutaneous interleukin-2 is far less toxic than high-dose intravenous IL-2. A trial
that wants to show it may replace the standard does not ask "is it better?" but "is its
response rate at most ``margin`` below the standard's?". With ``p_a`` the response rate of the
new regimen (arm ``a``) and ``p_b`` that of the reference (arm ``b``)::

    H0: p_a - p_b <= -margin      (the new regimen is unacceptably worse)
    H1: p_a - p_b >  -margin      (non-inferior)

:func:`noninferiority_test` tests this from trial counts; :func:`noninferiority_sample_size`
and :func:`noninferiority_power` plan such a trial. Failing to show a difference in a
superiority trial is *not* evidence of non-inferiority: that is the lesson of the margin.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import stats

from il2kit._validation import (
    check_choice,
    check_positive_count,
    check_probability,
    check_real,
    check_responders,
)
from il2kit.compare import compare_rates
from il2kit.design import InfeasibleDesignError

__all__ = [
    "NoninferiorityTest",
    "NoninferioritySampleSize",
    "noninferiority_test",
    "noninferiority_sample_size",
    "noninferiority_power",
    "restricted_rates",
    "NONINFERIORITY_METHODS",
]

#: Test statistics accepted by the functions of this module.
NONINFERIORITY_METHODS = ("farrington-manning", "wald")


def restricted_rates(
    rate_a: float, n_a: float, rate_b: float, n_b: float, difference: float
) -> tuple[float, float]:
    """Maximum-likelihood rates under the constraint ``p_a - p_b = difference``.

    Farrington & Manning's (1990) closed-form root of the likelihood equations (a cubic), given
    the observed rates and arm sizes. Used by the Farrington-Manning test (with observed
    rates) and sample size (with the assumed true rates and equal arms).

    Examples
    --------
    >>> from il2kit.noninferiority import restricted_rates
    >>> [round(p, 6) for p in restricted_rates(9 / 91, 91, 22 / 95, 95, -0.10)]
    [0.111406, 0.211406]
    """
    theta = n_b / n_a
    a = 1 + theta
    b = -(1 + theta + rate_a + theta * rate_b + difference * (theta + 2))
    c = difference**2 + difference * (2 * rate_a + theta + 1) + rate_a + theta * rate_b
    d = -rate_a * difference * (1 + difference)
    v = b**3 / (27 * a**3) - b * c / (6 * a**2) + d / (2 * a)
    u = math.copysign(math.sqrt(max(b**2 / (9 * a**2) - c / (3 * a), 0.0)), v)
    ratio = 0.0 if u == 0 else max(-1.0, min(1.0, v / u**3))
    w = (math.pi + math.acos(ratio)) / 3
    pa = 2 * u * math.cos(w) - b / (3 * a)
    pa = min(max(pa, max(0.0, difference)), min(1.0, 1 + difference))  # p_b in [0, 1] too
    return pa, pa - difference


@dataclass(frozen=True)
class NoninferiorityTest:
    """Result of a non-inferiority comparison of two response rates.

    Attributes
    ----------
    responders_a, n_a, responders_b, n_b : int
        Counts; arm ``a`` is the new regimen, arm ``b`` the reference.
    rate_a, rate_b : float
        Observed response rates.
    risk_difference : float
        ``rate_a - rate_b``.
    margin : float
        Largest acceptable shortfall of ``p_a`` below ``p_b`` (a positive number).
    method : str
        ``"farrington-manning"`` or ``"wald"``.
    statistic : float
        ``z = (rate_a - rate_b + margin) / se`` (see :func:`noninferiority_test`).
    pvalue : float
        One-sided p-value, ``1 - Phi(z)``.
    alpha : float
        One-sided significance level.
    noninferior : bool
        ``pvalue < alpha``: the test rejects H0.
    ci_low, ci_high : float
        Newcombe hybrid score interval for ``p_a - p_b`` at level ``1 - 2 alpha``.
    ci_noninferior : bool
        ``ci_low > -margin``: the interval-based decision.
    """

    responders_a: int
    n_a: int
    responders_b: int
    n_b: int
    rate_a: float
    rate_b: float
    risk_difference: float
    margin: float
    method: str
    statistic: float
    pvalue: float
    alpha: float
    noninferior: bool
    ci_low: float
    ci_high: float
    ci_noninferior: bool

    def __str__(self) -> str:
        level = f"{100 * (1 - 2 * self.alpha):g}%"
        verdict = "non-inferior" if self.noninferior else "non-inferiority not shown"
        return (
            f"{self.responders_a}/{self.n_a} (new) vs {self.responders_b}/{self.n_b} "
            f"(reference): difference {100 * self.risk_difference:.1f} points "
            f"({level} CI {100 * self.ci_low:.1f} to {100 * self.ci_high:.1f}); margin "
            f"-{100 * self.margin:g} points; {self.method} z = {self.statistic:.3f}, "
            f"one-sided p = {self.pvalue:.3g}: {verdict}"
        )

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame with every field as a column."""
        return pd.DataFrame([asdict(self)])


def _check_margin_alpha(margin: object, alpha: object) -> tuple[float, float]:
    m = check_real("margin", margin, low=0.0, high=1.0, low_open=True, high_open=True)
    a = check_real("alpha", alpha, low=0.0, high=0.5, low_open=True, high_open=True)
    return m, a


def noninferiority_test(
    responders_a: int,
    n_a: int,
    responders_b: int,
    n_b: int,
    *,
    margin: float,
    alpha: float = 0.025,
    method: str = "farrington-manning",
) -> NoninferiorityTest:
    """Test whether arm ``a`` (new) is non-inferior to arm ``b`` (reference) on response.

    Parameters
    ----------
    responders_a, n_a : int
        Responders and patients in the new (e.g. gentler) arm.
    responders_b, n_b : int
        The same for the reference arm (e.g. high-dose IL-2).
    margin : float
        Non-inferiority margin on the risk-difference scale, in (0, 1): ``0.10`` means the new
        arm may respond at most 10 percentage points less often. Fixed before the trial, from
        the reference's proven benefit and clinical judgement, never from the data.
    alpha : float, default 0.025
        One-sided significance level, in (0, 0.5) (0.025 one-sided matches a two-sided 95%
        interval, the regulators' convention).
    method : {"farrington-manning", "wald"}, default "farrington-manning"
        Standard error of the difference: Farrington & Manning's, from the rates estimated
        under the null boundary ``p_a - p_b = -margin``; or Wald's, from the observed rates
        (can be zero, and is too small in small arms).

    Returns
    -------
    NoninferiorityTest
        The one-sided test (``statistic``, ``pvalue``, ``noninferior``) and the Newcombe
        interval at level ``1 - 2 alpha`` with its decision ``ci_noninferior``.

    Raises
    ------
    ValueError
        Counts out of range, ``margin`` outside (0, 1), ``alpha`` outside (0, 0.5), unknown
        ``method``.
    TypeError
        A count that is not a whole number, or a margin/alpha that is not a number.

    Notes
    -----
    ``z = (phat_a - phat_b + margin) / se`` with
    ``se^2 = pa (1 - pa) / n_a + pb (1 - pb) / n_b``, where ``(pa, pb)`` are the
    restricted maximum-likelihood rates under ``p_a - p_b = -margin``
    (:func:`restricted_rates`; Farrington & Manning 1990) or the observed rates (Wald). The
    p-value is ``1 - Phi(z)``. With ``margin -> 0`` the Farrington-Manning ``z`` is the signed
    square root of Pearson's chi-squared statistic.

    The interval decision uses the Newcombe hybrid score interval of
    :func:`il2kit.compare.compare_rates` at level ``1 - 2 alpha``: non-inferior if its lower
    limit lies above ``-margin``. It is a different construction from the test, so in rare
    borderline tables the two decisions differ; both are reported.

    Validated against R: the Farrington-Manning ``z`` and p-value against rpact 3.3
    ``getStageResults(..., thetaH0 = -margin)`` (its test for rates), the restricted rates
    against a direct numerical maximisation of the constrained likelihood (``optim``), the
    Wald ``z`` against the formula typed in R, all to 1e-9 (restricted rates to 1e-6 against
    ``optim``), over 24 tables (``tests/reference/noninferiority/``).

    References
    ----------
    Farrington CP, Manning G (1990). Test statistics and sample size formulae for comparative
    binomial trials with null hypothesis of non-zero risk difference or non-unity relative
    risk. Stat Med 9:1447-1454.
    Newcombe RG (1998). Stat Med 17:873-890.

    Examples
    --------
    McDermott et al. (2005): 9/91 responses on outpatient subcutaneous IL-2 with interferon
    versus 22/95 on high-dose IL-2. Was the gentler regimen within 10 points of HD IL-2?

    >>> from il2kit.noninferiority import noninferiority_test
    >>> res = noninferiority_test(9, 91, 22, 95, margin=0.10)
    >>> round(res.statistic, 4), round(res.pvalue, 4), res.noninferior
    (-0.6129, 0.7300, False)
    >>> print(res)
    9/91 (new) vs 22/95 (reference): difference -13.3 points (95% CI -23.8 to -2.5); margin -10 points; farrington-manning z = -0.613, one-sided p = 0.73: non-inferiority not shown
    """  # noqa: E501
    xa, na = check_responders(responders_a, n_a, responders_name="responders_a", n_name="n_a")
    xb, nb = check_responders(responders_b, n_b, responders_name="responders_b", n_name="n_b")
    margin, alpha = _check_margin_alpha(margin, alpha)
    method = check_choice("method", method, NONINFERIORITY_METHODS)
    ra, rb = xa / na, xb / nb
    if method == "farrington-manning":
        pa, pb = restricted_rates(ra, na, rb, nb, -margin)
    else:
        pa, pb = ra, rb
    se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    num = ra - rb + margin
    if se > 0:
        z = num / se
    else:  # Wald with 0% or 100% in both arms: no estimated variability
        z = math.copysign(math.inf, num) if num != 0 else 0.0
    pvalue = float(stats.norm.sf(z))
    ci = compare_rates(xa, na, xb, nb, confidence_level=1 - 2 * alpha)
    return NoninferiorityTest(
        responders_a=xa,
        n_a=na,
        responders_b=xb,
        n_b=nb,
        rate_a=ra,
        rate_b=rb,
        risk_difference=ra - rb,
        margin=margin,
        method=method,
        statistic=float(z),
        pvalue=pvalue,
        alpha=alpha,
        noninferior=bool(pvalue < alpha),
        ci_low=float(ci.rd_ci_low),
        ci_high=float(ci.rd_ci_high),
        ci_noninferior=bool(ci.rd_ci_low > -margin),
    )


# ----------------------------------------------------------------- planning


@dataclass(frozen=True)
class NoninferioritySampleSize:
    """Patients per arm for a non-inferiority trial of two response rates.

    Attributes
    ----------
    n_per_arm : int
        Patients in each arm (``n_exact`` rounded up).
    n_exact : float
        The unrounded solution of the sample-size formula.
    rate_a, rate_b : float
        Assumed true response rates of the new and the reference arm.
    margin, alpha, power : float
        Non-inferiority margin, one-sided level, target power.
    method : str
        ``"farrington-manning"`` or ``"wald"`` (the simple normal formula).
    """

    n_per_arm: int
    n_exact: float
    rate_a: float
    rate_b: float
    margin: float
    alpha: float
    power: float
    method: str

    def __str__(self) -> str:
        return (
            f"{self.n_per_arm} patients per arm ({2 * self.n_per_arm} in all) to show "
            f"non-inferiority within {100 * self.margin:g} points with power {self.power:g} "
            f"(one-sided alpha {self.alpha:g}) if the true rates are {self.rate_a:g} (new) and "
            f"{self.rate_b:g} (reference); {self.method}"
        )

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame with every field as a column."""
        return pd.DataFrame([asdict(self)])


def _planning_args(rate_a, rate_b, margin, alpha, method, *, feasible=True):
    pa = check_probability("rate_a", rate_a)
    pb = check_probability("rate_b", rate_b)
    margin, alpha = _check_margin_alpha(margin, alpha)
    method = check_choice("method", method, NONINFERIORITY_METHODS)
    gap = pa - pb + margin
    if feasible and gap <= 1e-12:  # (1e-12: 0.13 - 0.21 + 0.08 is not exactly 0 in floats)
        raise InfeasibleDesignError(
            f"Invalid rates rate_a={pa:g}, rate_b={pb:g} with margin={margin:g}: the true "
            f"difference {pa - pb:+.3g} is not above -margin = {-margin:g}, so no sample size "
            "can show non-inferiority (the new regimen would truly be unacceptably worse). "
            "Use a wider margin only if it is clinically justified."
        )
    spread = math.sqrt(pa * (1 - pa) + pb * (1 - pb))
    if method == "farrington-manning":
        ra, rb = restricted_rates(pa, 1.0, pb, 1.0, -margin)
        null_spread = math.sqrt(ra * (1 - ra) + rb * (1 - rb))
    else:
        null_spread = spread
    return pa, pb, margin, alpha, method, gap, spread, null_spread


def noninferiority_sample_size(
    rate_a: float,
    rate_b: float,
    *,
    margin: float,
    alpha: float = 0.025,
    power: float = 0.80,
    method: str = "farrington-manning",
) -> NoninferioritySampleSize:
    """Patients per arm to show that arm ``a`` is within ``margin`` of arm ``b``.

    Parameters
    ----------
    rate_a, rate_b : float
        Assumed true response rates of the new and the reference regimen, in (0, 1).
    margin : float
        Non-inferiority margin, in (0, 1).
    alpha : float, default 0.025
        One-sided significance level, in (0, 0.5).
    power : float, default 0.80
        Target power, in (0, 1).
    method : {"farrington-manning", "wald"}, default "farrington-manning"
        Variance under the null boundary from the restricted rates (Farrington & Manning), or
        the same variance under null and alternative (the simple normal formula).

    Returns
    -------
    NoninferioritySampleSize

    Raises
    ------
    InfeasibleDesignError
        (a ``ValueError``) If ``rate_a - rate_b <= -margin``: then the new regimen truly is
        unacceptably worse and no trial can (correctly) show non-inferiority.

    Notes
    -----
    With ``g = rate_a - rate_b + margin``, ``s1^2 = pa qa + pb qb`` at the assumed rates and
    ``s0^2`` the same at the restricted rates under ``p_a - p_b = -margin``
    (:func:`restricted_rates` with equal arms)::

        n = (z_{1-alpha} s0 + z_{1-beta} s1)^2 / g^2          (Farrington & Manning 1990)
        n = (z_{1-alpha} + z_{1-beta})^2 s1^2 / g^2          ("wald": Chow, Shao & Wang 2008,
                                                              section 4.2)

    Validated against R: Farrington-Manning against rpact 3.3
    ``getSampleSizeRates(pi1, pi2, thetaH0 = -margin, sided = 1)`` over 29 cases to 1e-9
    relative; the normal formula against TrialSize's ``TwoSampleProportion.NIS`` formula
    retyped in R (29 cases, 1e-12) and against the worked example of Chow, Shao & Wang
    (2008, p. 90: 85% vs 65%, margin 10%, alpha 0.05, power 80%: 25 per arm)
    (``tests/reference/noninferiority/``).

    Examples
    --------
    Yang et al. (2003) saw 21% responses on high-dose and 13% on low-dose IV IL-2. If those
    were the true rates, how large a trial would show low-dose within 10 points of high-dose?

    >>> from il2kit.noninferiority import noninferiority_sample_size
    >>> noninferiority_sample_size(0.13, 0.21, margin=0.10).n_per_arm
    5493
    >>> noninferiority_sample_size(0.21, 0.21, margin=0.10).n_per_arm   # if truly equal
    263
    >>> noninferiority_sample_size(0.85, 0.65, margin=0.10, alpha=0.05,
    ...                            method="wald").n_per_arm             # Chow et al., p. 90
    25
    """
    pa, pb, margin, alpha, method, gap, s1, s0 = _planning_args(
        rate_a, rate_b, margin, alpha, method
    )
    power = check_probability("power", power)
    if power <= alpha:
        raise ValueError(f"Invalid power={power:g}; must exceed alpha={alpha:g}.")
    za, zb = stats.norm.isf(alpha), stats.norm.isf(1 - power)
    n = float((za * s0 + zb * s1) ** 2 / gap**2)
    return NoninferioritySampleSize(
        n_per_arm=int(math.ceil(n - 1e-9)),
        n_exact=n,
        rate_a=pa,
        rate_b=pb,
        margin=margin,
        alpha=alpha,
        power=power,
        method=method,
    )


def noninferiority_power(
    rate_a: float,
    rate_b: float,
    n_per_arm: int,
    *,
    margin: float,
    alpha: float = 0.025,
    method: str = "farrington-manning",
) -> float:
    """Power of a non-inferiority trial with ``n_per_arm`` patients in each arm.

    ``Phi((g sqrt(n) - z_{1-alpha} s0) / s1)`` with the notation of
    :func:`noninferiority_sample_size` (it inverts that formula exactly); arguments as there,
    except that a true difference at or beyond ``-margin`` is allowed: the "power" is then the
    probability of wrongly concluding non-inferiority (at most about ``alpha``).

    Examples
    --------
    About 150 patients per arm, as in each arm of Yang et al. (2003):

    >>> from il2kit.noninferiority import noninferiority_power
    >>> round(noninferiority_power(0.13, 0.21, 150, margin=0.10), 3)
    0.067
    >>> round(noninferiority_power(0.21, 0.21, 150, margin=0.10), 3)
    0.561
    """
    pa, pb, margin, alpha, method, gap, s1, s0 = _planning_args(
        rate_a, rate_b, margin, alpha, method, feasible=False
    )
    n = check_positive_count("n_per_arm", n_per_arm)
    za = stats.norm.isf(alpha)
    return float(stats.norm.cdf((gap * np.sqrt(n) - za * s0) / s1))


# --- lessons 15-17
# What lesson 15 asks of the functions above: the decision a confidence interval reaches
# against a margin, several tests as one table, and sample sizes over a range of margins
# (with the margins no trial can meet marked rather than raised).

#: The verdicts :func:`classify_interval` gives a CI of ``new - reference`` against a margin
#: (the possible results drawn by Piaggio et al. 2012, CONSORT extension for non-inferiority).
NONINFERIORITY_DECISIONS = (
    "superior",
    "non-inferior",
    "non-inferior yet worse",
    "inconclusive",
    "worse, non-inferiority not shown",
    "inferior",
)

__all__ += [
    "NONINFERIORITY_DECISIONS",
    "classify_interval",
    "noninferiority_table",
    "sample_sizes_by_margin",
]


def classify_interval(ci_low: float, ci_high: float, margin: float) -> str:
    """What a confidence interval of ``new - reference`` shows, given a margin.

    Parameters
    ----------
    ci_low, ci_high : float
        Limits of the interval of the difference (new minus reference), ``ci_low <= ci_high``.
    margin : float
        Non-inferiority margin, in (0, 1).

    Returns
    -------
    str
        One of :data:`NONINFERIORITY_DECISIONS`:

        - ``"superior"``: the whole interval lies above 0;
        - ``"non-inferior"``: it lies above ``-margin`` and contains 0;
        - ``"non-inferior yet worse"``: it lies between ``-margin`` and 0: the new regimen is
          worse, but by less than the margin;
        - ``"inconclusive"``: it contains both ``-margin`` and 0;
        - ``"worse, non-inferiority not shown"``: it lies below 0 but reaches below
          ``-margin``;
        - ``"inferior"``: it lies wholly below ``-margin``.

    Notes
    -----
    The possible results of a non-inferiority trial as the CONSORT extension for
    non-inferiority and equivalence trials draws them (Piaggio G, Elbourne DR, Pocock SJ, et
    al. JAMA 2012;308:2594-2604). An interval touching a boundary counts as crossing it (the
    decision needs the interval strictly beyond it).

    Examples
    --------
    McDermott et al. (2005), outpatient SC IL-2 + IFN minus HD IL-2, against a 10-point margin:

    >>> from il2kit.noninferiority import classify_interval
    >>> classify_interval(-0.238, -0.025, 0.10)
    'worse, non-inferiority not shown'
    >>> classify_interval(-0.06, 0.04, 0.10)
    'non-inferior'
    """
    low = check_real("ci_low", ci_low, low=-1.0, high=1.0)
    high = check_real("ci_high", ci_high, low=-1.0, high=1.0)
    margin = check_real("margin", margin, low=0.0, high=1.0, low_open=True, high_open=True)
    if low > high:
        raise ValueError(f"Invalid ci_low={low!r} above ci_high={high!r}; give them in order.")
    if low > 0:
        return "superior"
    if low > -margin:
        return "non-inferior" if high >= 0 else "non-inferior yet worse"
    if high < -margin:
        return "inferior"
    return "inconclusive" if high >= 0 else "worse, non-inferiority not shown"


def noninferiority_table(results) -> pd.DataFrame:
    """Several non-inferiority tests side by side, each with the verdict of its interval.

    Parameters
    ----------
    results : mapping of str to NoninferiorityTest
        ``{label: noninferiority_test(...)}``, in the order the rows should take.

    Returns
    -------
    DataFrame
        One row per test: ``label``, the four counts, ``risk_difference``, ``ci_low``,
        ``ci_high``, ``margin``, ``pvalue``, ``noninferior`` (the test's decision) and
        ``decision`` (:func:`classify_interval` of the interval against the margin).
        :func:`il2kit.plotting.plot_noninferiority` draws it.

    Examples
    --------
    >>> from il2kit.noninferiority import noninferiority_table, noninferiority_test
    >>> table = noninferiority_table({"McDermott 2005": noninferiority_test(9, 91, 22, 95, margin=0.10)})
    >>> table[["label", "noninferior", "decision"]].values.tolist()
    [['McDermott 2005', False, 'worse, non-inferiority not shown']]
    """  # noqa: E501
    from il2kit._validation import check_mapping

    results = check_mapping("results", results)
    rows = []
    for label, res in results.items():
        if not isinstance(res, NoninferiorityTest):
            raise TypeError(
                f"`results` must map labels to NoninferiorityTest results "
                f"(noninferiority_test(...)), got {type(res).__name__} for {label!r}."
            )
        rows.append(
            {
                "label": str(label),
                "responders_a": res.responders_a,
                "n_a": res.n_a,
                "responders_b": res.responders_b,
                "n_b": res.n_b,
                "risk_difference": res.risk_difference,
                "ci_low": res.ci_low,
                "ci_high": res.ci_high,
                "margin": res.margin,
                "pvalue": res.pvalue,
                "noninferior": res.noninferior,
                "decision": classify_interval(res.ci_low, res.ci_high, res.margin),
            }
        )
    return pd.DataFrame(rows)


def sample_sizes_by_margin(
    scenarios,
    margins,
    *,
    alpha: float = 0.025,
    power: float = 0.80,
    method: str = "farrington-manning",
) -> pd.DataFrame:
    """Patients per arm of a non-inferiority trial, for each scenario and each margin.

    Parameters
    ----------
    scenarios : mapping of str to (float, float)
        ``{label: (rate_a, rate_b)}``: the assumed true response rates of the new and the
        reference regimen.
    margins : sequence of float
        Margins, each in (0, 1).
    alpha, power, method
        As in :func:`noninferiority_sample_size`.

    Returns
    -------
    DataFrame
        One row per scenario and margin: ``scenario``, ``rate_a``, ``rate_b``, ``margin``,
        ``n_per_arm`` (nullable integer: empty where no trial can show non-inferiority) and
        ``feasible`` (False where the assumed true difference ``rate_a - rate_b`` is at or
        beyond ``-margin``: then :func:`noninferiority_sample_size` raises
        :class:`~il2kit.design.InfeasibleDesignError`; here the row says so instead).

    Examples
    --------
    Yang et al. (2003) printed 13% on low-dose and 21% on high-dose IV IL-2. If those were
    the true rates:

    >>> from il2kit.noninferiority import sample_sizes_by_margin
    >>> table = sample_sizes_by_margin({"Yang 2003": (0.13, 0.21)}, [0.05, 0.10])
    >>> table[["margin", "n_per_arm", "feasible"]].values.tolist()
    [[0.05, <NA>, False], [0.1, 5493, True]]
    """
    from il2kit._validation import check_mapping

    scenarios = check_mapping("scenarios", scenarios)
    margins = [
        check_real("margins", m, low=0.0, high=1.0, low_open=True, high_open=True) for m in margins
    ]
    rows = []
    for label, rates in scenarios.items():
        if not isinstance(rates, (tuple, list)) or len(rates) != 2:
            raise TypeError(
                f"`scenarios` must map labels to (rate_a, rate_b) pairs, got {rates!r} "
                f"for {label!r}."
            )
        rate_a, rate_b = rates
        for margin in margins:
            try:
                n = noninferiority_sample_size(
                    rate_a, rate_b, margin=margin, alpha=alpha, power=power, method=method
                ).n_per_arm
            except InfeasibleDesignError:
                n = None
            rows.append(
                {
                    "scenario": str(label),
                    "rate_a": check_probability("rate_a", rate_a),
                    "rate_b": check_probability("rate_b", rate_b),
                    "margin": margin,
                    "n_per_arm": n,
                    "feasible": n is not None,
                }
            )
    out = pd.DataFrame(
        rows, columns=["scenario", "rate_a", "rate_b", "margin", "n_per_arm", "feasible"]
    )
    out["n_per_arm"] = out["n_per_arm"].astype("Int64")
    out["feasible"] = out["feasible"].astype(bool)
    return out

"""Number needed to treat: how many patients must get the better regimen for one to benefit?

If 23% respond to high-dose IL-2 and 10% to a gentler regimen, the difference is 13 points and
``1 / 0.13 = 7.7``: treating about 8 patients with high-dose rather than the gentler regimen
gives one extra response. The number needed to treat (NNT) is the reciprocal of the risk
difference; its confidence interval is the reciprocal of the difference's interval.

When the difference's interval includes 0, the NNT's interval is not "from a to b": it runs
from a number needed to treat for one patient to be *harmed* (NNTH), through infinity (no
effect), to a number needed to treat for one to *benefit* (NNTB). Altman (1998) showed how to
write this; :class:`NumberNeededToTreat` keeps both pieces.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import pandas as pd

from il2kit._validation import check_choice, check_confidence_level, check_real
from il2kit.compare import compare_rates

__all__ = ["NumberNeededToTreat", "number_needed_to_treat", "nnt_from_difference", "OUTCOMES"]

#: Kinds of outcome accepted by :func:`number_needed_to_treat`.
OUTCOMES = ("response", "adverse")


def _fmt(x: float) -> str:
    return "∞" if math.isinf(x) else f"{x:.1f}"


@dataclass(frozen=True)
class NumberNeededToTreat:
    """A number needed to treat with its confidence interval, in Altman's (1998) form.

    Attributes
    ----------
    benefit_difference : float
        Difference in risk in favour of the treatment: positive means benefit (more
        responses, or fewer adverse events).
    ci_low, ci_high : float
        Confidence interval of ``benefit_difference``.
    confidence_level : float
    nnt : float
        ``1 / |benefit_difference|`` (infinite when the difference is 0).
    direction : str
        ``"benefit"`` (NNTB), ``"harm"`` (NNTH) or ``"none"`` (difference exactly 0).
    nntb_low, nntb_high : float
        The part of the interval where the treatment benefits: NNTB from ``1 / ci_high`` to
        ``1 / ci_low`` (infinite when the interval reaches 0); NaN when the interval has no
        benefit part.
    nnth_low, nnth_high : float
        The part where it harms: NNTH from ``1 / |ci_low|`` to ``1 / |ci_high|`` (infinite when
        the interval reaches 0); NaN when there is no harm part.
    ci_includes_infinity : bool
        The difference's interval includes 0, so the NNT's passes through infinity.
    """

    benefit_difference: float
    ci_low: float
    ci_high: float
    confidence_level: float
    nnt: float
    direction: str
    nntb_low: float
    nntb_high: float
    nnth_low: float
    nnth_high: float
    ci_includes_infinity: bool

    def interval_text(self) -> str:
        """The interval in words: "a to b" (one side of zero), else "NNTH a to ∞ to NNTB b".

        Examples
        --------
        >>> from il2kit.nnt import nnt_from_difference
        >>> nnt_from_difference(0.10, -0.05, 0.25).interval_text()
        'NNTH 20.0 to ∞ to NNTB 4.0'
        """
        if self.ci_includes_infinity:
            left = f"NNTH {_fmt(self.nnth_low)}" if self.ci_low < 0 else "NNTH ∞"
            right = f"NNTB {_fmt(self.nntb_low)}" if self.ci_high > 0 else "NNTB ∞"
            return f"{left} to ∞ to {right}"
        if self.ci_low > 0:
            return f"{_fmt(self.nntb_low)} to {_fmt(self.nntb_high)}"
        return f"{_fmt(self.nnth_low)} to {_fmt(self.nnth_high)}"

    def __str__(self) -> str:
        label = {"benefit": "NNTB", "harm": "NNTH", "none": "NNT"}[self.direction]
        level = f"{100 * self.confidence_level:g}%"
        return f"{label} {_fmt(self.nnt)} ({level} CI {self.interval_text()})"

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame with every field as a column."""
        return pd.DataFrame([asdict(self)])


def nnt_from_difference(
    benefit_difference: float,
    ci_low: float,
    ci_high: float,
    *,
    confidence_level: float = 0.95,
) -> NumberNeededToTreat:
    """Number needed to treat from a risk difference and its confidence interval.

    Parameters
    ----------
    benefit_difference : float
        Risk difference in favour of the treatment, in [-1, 1]: the absolute risk reduction
        for an adverse outcome, or the gain in response rate.
    ci_low, ci_high : float
        Its confidence limits, ``-1 <= ci_low <= benefit_difference <= ci_high <= 1``.
    confidence_level : float, default 0.95
        The level of that interval (recorded, not used in the computation).

    Returns
    -------
    NumberNeededToTreat

    Raises
    ------
    ValueError
        Values outside [-1, 1], or limits not around the estimate.
    TypeError
        A value that is not a number.

    Notes
    -----
    ``NNT = 1 / d``; the limits are the reciprocals of the difference's limits, exchanged
    (Altman 1998). If ``ci_low < 0 < ci_high`` the interval consists of NNTH values from
    ``1 / |ci_low|`` up to infinity and NNTB values from ``1 / ci_high`` up to infinity:
    "NNTH 1/|ci_low| to ∞ to NNTB 1/ci_high". Validated against the worked examples of
    Altman (1998; difference -5% to +25%: NNTH 20 to ∞ to NNTB 4) and Barrowman (2002; 16.6%,
    0.9% to 32.2%: NNTB 6.0, 3.1 to 111.1) and hand values (``tests/test_nnt.py``).

    References
    ----------
    Altman DG (1998). Confidence intervals for the number needed to treat. BMJ 317:1309-1312.
    Barrowman NJ (2002). Missing the point (estimate)? Confidence intervals for the number
    needed to treat. CMAJ 166:1676-1677.

    Examples
    --------
    >>> from il2kit.nnt import nnt_from_difference
    >>> print(nnt_from_difference(0.166, 0.009, 0.322))
    NNTB 6.0 (95% CI 3.1 to 111.1)
    >>> print(nnt_from_difference(0.06, -0.05, 0.25))
    NNTB 16.7 (95% CI NNTH 20.0 to ∞ to NNTB 4.0)
    """
    d = check_real("benefit_difference", benefit_difference, low=-1.0, high=1.0)
    lo = check_real("ci_low", ci_low, low=-1.0, high=1.0)
    hi = check_real("ci_high", ci_high, low=-1.0, high=1.0)
    level = check_confidence_level(confidence_level)
    if not lo <= d <= hi:
        raise ValueError(
            f"Invalid interval ci_low={lo!r}, ci_high={hi!r} for benefit_difference={d!r}; "
            "need ci_low <= benefit_difference <= ci_high."
        )

    def inv(x: float) -> float:
        return math.inf if x == 0 else 1 / abs(x)

    nan = math.nan
    nntb = (inv(hi), inv(max(lo, 0.0))) if hi > 0 else (nan, nan)
    nnth = (inv(lo), inv(min(hi, 0.0))) if lo < 0 else (nan, nan)
    direction = "benefit" if d > 0 else "harm" if d < 0 else "none"
    return NumberNeededToTreat(
        benefit_difference=d,
        ci_low=lo,
        ci_high=hi,
        confidence_level=level,
        nnt=inv(d),
        direction=direction,
        nntb_low=nntb[0],
        nntb_high=nntb[1],
        nnth_low=nnth[0],
        nnth_high=nnth[1],
        ci_includes_infinity=bool(lo <= 0 <= hi),
    )


def number_needed_to_treat(
    responders_a: int,
    n_a: int,
    responders_b: int,
    n_b: int,
    *,
    outcome: str = "response",
    confidence_level: float = 0.95,
) -> NumberNeededToTreat:
    """Number needed to treat with arm ``a`` instead of arm ``b``, with its interval.

    Parameters
    ----------
    responders_a, n_a : int
        Patients with the outcome, and patients, in the treatment arm ``a``.
    responders_b, n_b : int
        The same in the comparison arm ``b``.
    outcome : {"response", "adverse"}, default "response"
        ``"response"``: the outcome is desired (tumour response), so benefit is
        ``rate_a - rate_b > 0``. ``"adverse"``: the outcome is to be avoided (death, a
        toxic death), so benefit is ``rate_b - rate_a > 0``.
    confidence_level : float, default 0.95

    Returns
    -------
    NumberNeededToTreat

    Notes
    -----
    The risk difference and its interval are those of :func:`il2kit.compare.compare_rates`
    (Newcombe's hybrid score interval, which Bender 2001 recommends for NNTs over the Wald
    interval); :func:`nnt_from_difference` turns them into an NNT in Altman's form. Checked
    against the NNTs of Newcombe's (1998) published intervals (``tests/test_nnt.py``).

    References
    ----------
    Bender R (2001). Calculating confidence intervals for the number needed to treat.
    Control Clin Trials 22:102-110.

    Examples
    --------
    McDermott et al. (2005): 22/95 responded to high-dose IL-2, 9/91 to subcutaneous IL-2
    with interferon.

    >>> from il2kit.nnt import number_needed_to_treat
    >>> print(number_needed_to_treat(22, 95, 9, 91))
    NNTB 7.5 (95% CI 4.2 to 39.6)

    A difference that may go either way:

    >>> print(number_needed_to_treat(5, 56, 0, 29, outcome="adverse"))
    NNTH 11.2 (95% CI NNTH 5.2 to ∞ to NNTB 26.2)
    """
    outcome = check_choice("outcome", outcome, OUTCOMES)
    c = compare_rates(responders_a, n_a, responders_b, n_b, confidence_level=confidence_level)
    if outcome == "response":
        d, lo, hi = c.risk_difference, c.rd_ci_low, c.rd_ci_high
    else:
        d, lo, hi = -c.risk_difference, -c.rd_ci_high, -c.rd_ci_low
    return nnt_from_difference(d, lo, hi, confidence_level=c.confidence_level)

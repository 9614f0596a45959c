"""Intention-to-treat versus the evaluable patients: which denominator?

Trial reports give two counts: patients *randomised* (entered) and patients *evaluable* (those
the investigators could assess for response). Von der Maase et al. (1991) entered 57 patients
and evaluated 51; 8 responded. Is the response rate 8/51 = 15.7% or 8/57 = 14.0%?

* **Intention to treat (ITT)**: every randomised patient in the denominator, in the arm they
  were randomised to. Patients who could not be evaluated are counted as **non-responders**
  (the usual convention for response; an assumption, spelled out here). Randomisation
  protects this comparison: the arms stay comparable.
* **Evaluable (per protocol)**: only the assessable patients. This assumes that the excluded
  patients would have responded as often as those evaluated, which fails when patients drop
  out because the treatment was too toxic or the disease progressed fast; and when exclusions
  differ between arms the comparison is no longer randomised.

The truth (had everybody been assessed) lies between the ITT rate (no excluded patient would
have responded) and the best case (every excluded patient would have responded).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd
from scipy import stats

from il2kit._validation import check_confidence_level, check_count, check_responders
from il2kit.compare import compare_rates
from il2kit.rates import response_rate

__all__ = [
    "AnalysisSetRates",
    "AnalysisSetComparison",
    "analysis_set_rates",
    "compare_analysis_sets",
]


@dataclass(frozen=True)
class AnalysisSetRates:
    """The response rate of one arm on the ITT and on the evaluable denominator.

    Attributes
    ----------
    responders, randomized, evaluable, excluded : int
        Counts; ``excluded = randomized - evaluable``.
    itt_rate, itt_ci_low, itt_ci_high : float
        ``responders / randomized`` (excluded patients counted as non-responders), exact
        interval.
    evaluable_rate, evaluable_ci_low, evaluable_ci_high : float
        ``responders / evaluable``, exact interval (NaN if nobody was evaluable).
    best_case_rate : float
        ``(responders + excluded) / randomized``: every excluded patient a responder. The ITT
        rate and this bound bracket the rate had everybody been assessed.
    confidence_level : float
    """

    responders: int
    randomized: int
    evaluable: int
    excluded: int
    itt_rate: float
    itt_ci_low: float
    itt_ci_high: float
    evaluable_rate: float
    evaluable_ci_low: float
    evaluable_ci_high: float
    best_case_rate: float
    confidence_level: float

    def __str__(self) -> str:
        return (
            f"{self.responders} responders, {self.randomized} randomised, {self.evaluable} "
            f"evaluable: ITT {100 * self.itt_rate:.1f}%, evaluable "
            f"{100 * self.evaluable_rate:.1f}% (all {self.excluded} excluded responding: "
            f"{100 * self.best_case_rate:.1f}%)"
        )

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame with every field as a column."""
        return pd.DataFrame([asdict(self)])


def _check_sets(responders, randomized, evaluable, suffix=""):
    n_rand = check_count(f"randomized{suffix}", randomized)
    n_eval = check_count(f"evaluable{suffix}", evaluable)
    if n_eval > n_rand:
        raise ValueError(
            f"Invalid evaluable{suffix}={n_eval} with randomized{suffix}={n_rand}; evaluable "
            "patients are a subset of those randomised."
        )
    r, _ = check_responders(
        responders,
        n_rand,
        responders_name=f"responders{suffix}",
        n_name=f"randomized{suffix}",
    )
    if r > n_eval:
        raise ValueError(
            f"Invalid responders{suffix}={r} with evaluable{suffix}={n_eval}; only evaluable "
            "patients can be counted as responders."
        )
    return r, n_rand, n_eval


def analysis_set_rates(
    responders: int,
    randomized: int,
    evaluable: int,
    *,
    confidence_level: float = 0.95,
) -> AnalysisSetRates:
    """Response rate of one arm on the intention-to-treat and on the evaluable denominator.

    Parameters
    ----------
    responders : int
        Patients with a response (all among the evaluable).
    randomized : int
        Patients randomised (entered) in the arm, >= 1.
    evaluable : int
        Patients assessable for response, ``responders <= evaluable <= randomized``.
    confidence_level : float, default 0.95

    Returns
    -------
    AnalysisSetRates

    Raises
    ------
    ValueError
        Counts out of order (``responders <= evaluable <= randomized``) or negative.
    TypeError
        A count that is not a whole number.

    Notes
    -----
    The ITT rate counts the ``randomized - evaluable`` patients not assessed as
    non-responders; the evaluable rate assumes they would have responded like the assessed
    ones. Intervals are exact (Clopper-Pearson) from :func:`il2kit.rates.response_rate`.
    Checked against hand computations (``tests/test_analysis_sets.py``).

    Examples
    --------
    >>> from il2kit.analysis_sets import analysis_set_rates
    >>> print(analysis_set_rates(8, 57, 51))   # von der Maase et al. (1991)
    8 responders, 57 randomised, 51 evaluable: ITT 14.0%, evaluable 15.7% (all 6 excluded responding: 24.6%)
    """  # noqa: E501
    r, n_rand, n_eval = _check_sets(responders, randomized, evaluable)
    level = check_confidence_level(confidence_level)
    itt = response_rate(r, n_rand, confidence_level=level)
    if n_eval > 0:
        ev = response_rate(r, n_eval, confidence_level=level)
        ev_rate, ev_low, ev_high = ev.rate, ev.ci_low, ev.ci_high
    else:
        ev_rate = ev_low = ev_high = float("nan")
    return AnalysisSetRates(
        responders=r,
        randomized=n_rand,
        evaluable=n_eval,
        excluded=n_rand - n_eval,
        itt_rate=itt.rate,
        itt_ci_low=itt.ci_low,
        itt_ci_high=itt.ci_high,
        evaluable_rate=ev_rate,
        evaluable_ci_low=ev_low,
        evaluable_ci_high=ev_high,
        best_case_rate=(r + n_rand - n_eval) / n_rand,
        confidence_level=level,
    )


@dataclass(frozen=True)
class AnalysisSetComparison:
    """Two arms compared on the ITT and on the evaluable denominator.

    Attributes
    ----------
    arm_a, arm_b : AnalysisSetRates
        Each arm's rates.
    itt_difference, itt_ci_low, itt_ci_high, itt_pvalue : float
        ITT risk difference ``a - b``, Newcombe interval, two-sided Fisher exact p-value.
    evaluable_difference, evaluable_ci_low, evaluable_ci_high, evaluable_pvalue : float
        The same on the evaluable patients.
    confidence_level : float
    """

    arm_a: AnalysisSetRates
    arm_b: AnalysisSetRates
    itt_difference: float
    itt_ci_low: float
    itt_ci_high: float
    itt_pvalue: float
    evaluable_difference: float
    evaluable_ci_low: float
    evaluable_ci_high: float
    evaluable_pvalue: float
    confidence_level: float

    def __str__(self) -> str:
        level = f"{100 * self.confidence_level:g}%"
        return "\n".join(
            f"{row.analysis}: {100 * row.rate_a:.1f}% vs {100 * row.rate_b:.1f}%, difference "
            f"{100 * row.risk_difference:.1f} points ({level} CI {100 * row.ci_low:.1f} to "
            f"{100 * row.ci_high:.1f}), Fisher p = {row.pvalue:.3g}"
            for row in self.to_frame().itertuples()
        )

    def to_frame(self) -> pd.DataFrame:
        """Two rows (``"intention to treat"``, ``"evaluable"``) with columns ``analysis``,
        ``responders_a``, ``n_a``, ``responders_b``, ``n_b``, ``rate_a``, ``rate_b``,
        ``risk_difference``, ``ci_low``, ``ci_high``, ``pvalue``."""
        a, b = self.arm_a, self.arm_b
        rows = [
            (
                "intention to treat",
                a.responders,
                a.randomized,
                b.responders,
                b.randomized,
                a.itt_rate,
                b.itt_rate,
                self.itt_difference,
                self.itt_ci_low,
                self.itt_ci_high,
                self.itt_pvalue,
            ),
            (
                "evaluable",
                a.responders,
                a.evaluable,
                b.responders,
                b.evaluable,
                a.evaluable_rate,
                b.evaluable_rate,
                self.evaluable_difference,
                self.evaluable_ci_low,
                self.evaluable_ci_high,
                self.evaluable_pvalue,
            ),
        ]
        columns = [
            "analysis",
            "responders_a",
            "n_a",
            "responders_b",
            "n_b",
            "rate_a",
            "rate_b",
            "risk_difference",
            "ci_low",
            "ci_high",
            "pvalue",
        ]
        return pd.DataFrame(rows, columns=columns)


def compare_analysis_sets(
    responders_a: int,
    randomized_a: int,
    evaluable_a: int,
    responders_b: int,
    randomized_b: int,
    evaluable_b: int,
    *,
    confidence_level: float = 0.95,
) -> AnalysisSetComparison:
    """Compare two arms' response rates on the ITT and on the evaluable denominator.

    Parameters
    ----------
    responders_a, randomized_a, evaluable_a : int
        Counts of arm ``a`` (as in :func:`analysis_set_rates`).
    responders_b, randomized_b, evaluable_b : int
        Counts of arm ``b``; each arm needs at least one evaluable patient.
    confidence_level : float, default 0.95

    Returns
    -------
    AnalysisSetComparison

    Notes
    -----
    Each comparison is :func:`il2kit.compare.compare_rates` (Newcombe interval for the
    difference) with the two-sided Fisher exact test (:func:`scipy.stats.fisher_exact`); the
    ITT one on ``responders / randomized``, the other on ``responders / evaluable``. When the
    arms exclude different shares of patients (e.g. more dropouts for toxicity on the
    aggressive arm), the evaluable comparison can favour that arm although the ITT one does
    not. Checked against hand computations (``tests/test_analysis_sets.py``).

    Examples
    --------
    An aggressive arm that loses its sickest patients before assessment:

    >>> from il2kit.analysis_sets import compare_analysis_sets
    >>> print(compare_analysis_sets(15, 60, 45, 12, 60, 58))
    intention to treat: 25.0% vs 20.0%, difference 5.0 points (95% CI -10.0 to 19.7), Fisher p = 0.662
    evaluable: 33.3% vs 20.7%, difference 12.6 points (95% CI -4.4 to 29.5), Fisher p = 0.178
    """  # noqa: E501
    ra, na, ea = _check_sets(responders_a, randomized_a, evaluable_a, "_a")
    rb, nb, eb = _check_sets(responders_b, randomized_b, evaluable_b, "_b")
    level = check_confidence_level(confidence_level)
    for name, value in (("evaluable_a", ea), ("evaluable_b", eb)):
        if value < 1:
            raise ValueError(f"Invalid {name}=0; each arm needs at least one evaluable patient.")
    itt = compare_rates(ra, na, rb, nb, confidence_level=level)
    ev = compare_rates(ra, ea, rb, eb, confidence_level=level)

    def fisher(x1: int, n1: int, x2: int, n2: int) -> float:
        table = [[x1, n1 - x1], [x2, n2 - x2]]
        return float(min(stats.fisher_exact(table).pvalue, 1.0))

    return AnalysisSetComparison(
        arm_a=analysis_set_rates(ra, na, ea, confidence_level=level),
        arm_b=analysis_set_rates(rb, nb, eb, confidence_level=level),
        itt_difference=itt.risk_difference,
        itt_ci_low=itt.rd_ci_low,
        itt_ci_high=itt.rd_ci_high,
        itt_pvalue=fisher(ra, na, rb, nb),
        evaluable_difference=ev.risk_difference,
        evaluable_ci_low=ev.rd_ci_low,
        evaluable_ci_high=ev.rd_ci_high,
        evaluable_pvalue=fisher(ra, ea, rb, eb),
        confidence_level=level,
    )

"""The exercises of notebooks 13 (analysis populations, multiplicity) and 14 (interim analyses).

Expected values never use the kit's statistics: the analysis-set differences are plain
fractions, the family-wise error is a binomial sum written out, the Bonferroni values come from
the data file's printed p-values, and the group-sequential answers are computed with SciPy's
multivariate normal distribution (Genz's algorithm) over the looks' joint distribution, where
the kit integrates recursively on a grid (Armitage, McPherson & Rowe). Misconception values may
use the kit: they only need to differ from the expected value.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cache

import numpy as np
from scipy import optimize, stats

from il2kit.exercises import _routes as R
from il2kit.exercises._core import Answer, Exercise, Misconception, Tolerance, register

FOUR_SIG = Tolerance(rel=1e-4, why="four significant figures")
Z975 = float(stats.norm.isf(0.025))


# ----------------------------------------------------------------------------- 13 populations
# Exercise 1: a synthetic randomized trial whose aggressive arm A loses more patients before
# assessment than arm B (counts in the task).
A_RESP, A_RAND, A_EVAL = 20, 80, 64
B_RESP, B_RAND, B_EVAL = 14, 80, 78


def _differences(num_a: int, den_a: int, num_b: int, den_b: int) -> float:
    return float(Fraction(num_a, den_a) - Fraction(num_b, den_b))


def _itt_and_evaluable(sign: int = 1) -> tuple[float, float]:
    return (
        sign * _differences(A_RESP, A_RAND, B_RESP, B_RAND),
        sign * _differences(A_RESP, A_EVAL, B_RESP, B_EVAL),
    )


register(
    Exercise(
        id="13.1",
        question="Synthetic trial, 80 randomized per arm: A 20 responders of 64 evaluable, B 14 of "
        "78. (ITT difference, evaluable difference), A minus B.",
        answer=Answer(
            "tuple", names=("itt_difference", "evaluable_difference"), element="proportion"
        ),
        expected_route=_itt_and_evaluable,
        route="exact fractions: responders over randomized, and over evaluable, in each arm",
        tolerance=FOUR_SIG,
        hint="intention to treat divides by everyone randomized, the evaluable analysis by the "
        "assessed only; help(il2kit.compare_analysis_sets) shows its arguments.",
        misconceptions=(
            Misconception(
                "reversed",
                "those are B minus A; the question subtracts arm B from the aggressive arm A.",
                lambda: _itt_and_evaluable(-1),
            ),
            Misconception(
                "arm_a_rates",
                "those are arm A's two response rates; the question asks "
                "for the differences between the arms.",
                lambda: (A_RESP / A_RAND, A_RESP / A_EVAL),
            ),
            Misconception(
                "evaluable_for_both",
                "both use the evaluable patients; intention to "
                "treat divides by everyone randomized, assessed or not.",
                lambda: (_itt_and_evaluable()[1], _itt_and_evaluable()[1]),
            ),
            Misconception(
                "pvalues",
                "those are the two Fisher p-values; the question asks for "
                "the risk differences themselves.",
                lambda: (
                    R.fisher_pvalue(A_RESP, A_RAND, B_RESP, B_RAND),
                    R.fisher_pvalue(A_RESP, A_EVAL, B_RESP, B_EVAL),
                ),
            ),
        ),
    )
)

# Exercises 2 and 3: McDermott et al. (2005) stratified by three yes/no factors, which define six
# subgroups (each factor present or absent).
SUBGROUPS = 6


def _fwer_by_binomial_sum(k: int, alpha: float = 0.05) -> float:
    return float(sum(math.comb(k, j) * alpha**j * (1 - alpha) ** (k - j) for j in range(1, k + 1)))


register(
    Exercise(
        id="13.2",
        question="Chance that at least one of six independent subgroup tests at 5% gives p < 0.05 "
        "when the treatments do not differ.",
        answer=Answer("proportion"),
        expected_route=lambda: _fwer_by_binomial_sum(SUBGROUPS),
        route="the binomial probability of 1 to 6 'significant' tests, summed term by term",
        tolerance=FOUR_SIG,
        hint="each test stays quiet with probability 0.95 and independent tests multiply; "
        '"at least one" alarm is the complement of "none".',
        misconceptions=(
            Misconception(
                "sum_of_alphas",
                "that adds the six 5% chances: an upper bound "
                "(Bonferroni's inequality), not the probability; some trials have two "
                "false alarms at once.",
                lambda: SUBGROUPS * 0.05,
            ),
            Misconception(
                "three_factors",
                "that counts the three stratification factors; each "
                "factor splits the patients into two subgroups, six in all.",
                lambda: _fwer_by_binomial_sum(3),
            ),
            Misconception(
                "none_significant",
                "that is the chance that no test is significant; "
                "the question asks for at least one.",
                lambda: 0.95**SUBGROUPS,
            ),
            Misconception(
                "correlated",
                "that assumes correlated (overlapping) subgroups; the "
                "question says the tests are independent (correlation 0).",
                lambda: _kit_fwer(SUBGROUPS, 0.5),
            ),
            Misconception(
                "all_six",
                "that is the chance that all six are significant at once; "
                "the question asks for at least one.",
                lambda: 0.05**SUBGROUPS,
            ),
        ),
    )
)


def _kit_fwer(k: int, correlation: float) -> float:
    from il2kit.multiplicity import familywise_error_rate

    return familywise_error_rate(k, correlation=correlation)


@cache
def _printed_subgroup_pvalues() -> tuple[float, float]:
    """mcdermott2005's two printed subgroup p-values (bone/liver, primary in place)."""
    import il2kit

    effects = il2kit.load_effects().set_index("effect_id")
    return (
        float(effects.loc["mcdermott2005_os_bone_liver", "pvalue"]),
        float(effects.loc["mcdermott2005_os_primary_in_place", "pvalue"]),
    )


def _scaled(factor: float) -> tuple[float, float]:
    return tuple(min(1.0, factor * p) for p in _printed_subgroup_pvalues())  # type: ignore[return-value]


register(
    Exercise(
        id="13.3",
        question="Bonferroni-adjusted p-values of mcdermott2005's two printed subgroups in a "
        "family of six subgroup tests, as (bone_liver, primary_in_place).",
        answer=Answer("tuple", names=("bone_liver", "primary_in_place"), element="proportion"),
        expected_route=lambda: _scaled(SUBGROUPS),
        route="each printed p-value in data/effects.csv multiplied by 6 (capped at 1)",
        tolerance=FOUR_SIG,
        hint="Bonferroni multiplies each p-value by the number of tests in the family (capped "
        "at 1); help(il2kit.adjust_pvalues) shows how to choose it.",
        misconceptions=(
            Misconception(
                "two_tests",
                "that adjusts for the two printed subgroups only; the "
                "family is the six subgroups the stratification defines.",
                lambda: _scaled(2),
            ),
            Misconception(
                "three_factors",
                "that adjusts for three tests, one per factor; each "
                "factor defines two subgroups, six in all.",
                lambda: _scaled(3),
            ),
            Misconception(
                "divided",
                "those divide the p-values by 6; Bonferroni multiplies them "
                "(equivalently, it compares the unadjusted p with alpha / 6).",
                lambda: _scaled(1 / SUBGROUPS),
            ),
            Misconception(
                "holm",
                "that is Holm's step-down adjustment (6 p, then 5 p); the "
                "question asks for Bonferroni, which multiplies every p-value by 6.",
                lambda: (
                    SUBGROUPS * _printed_subgroup_pvalues()[0],
                    (SUBGROUPS - 1) * _printed_subgroup_pvalues()[1],
                ),
            ),
        ),
    )
)


# ----------------------------------------------------------------------------- 14 interim looks
def _look_covariance(t: np.ndarray) -> np.ndarray:
    """corr(Z_j, Z_k) = sqrt(t_j / t_k) for information fractions t_j <= t_k."""
    return np.sqrt(np.minimum.outer(t, t) / np.maximum.outer(t, t))


def _box(lower: np.ndarray, upper: np.ndarray, mean: np.ndarray, cov: np.ndarray) -> float:
    """P(lower < Z < upper) for a multivariate normal Z, by Genz's algorithm (seeded)."""
    if lower.size == 1:
        sd = math.sqrt(float(cov[0, 0]))
        return float(stats.norm.cdf(upper[0], mean[0], sd) - stats.norm.cdf(lower[0], mean[0], sd))
    return float(
        stats.multivariate_normal.cdf(
            upper,
            mean=mean,
            cov=cov,
            lower_limit=lower,
            maxpts=100_000,
            abseps=1e-8,
            releps=0.0,
            rng=np.random.default_rng(2026),
        )
    )


def _exits(crit: np.ndarray, t: np.ndarray, drift: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Probability of first crossing +c_k (upper) or -c_k (lower) at look k."""
    mean, cov = drift * np.sqrt(t), _look_covariance(t)
    up, low = np.zeros(t.size), np.zeros(t.size)
    for k in range(t.size):
        inside_lo, inside_hi, sub = -crit[:k], crit[:k], cov[: k + 1, : k + 1]
        up[k] = _box(
            np.append(inside_lo, crit[k]), np.append(inside_hi, np.inf), mean[: k + 1], sub
        )
        low[k] = _box(
            np.append(inside_lo, -np.inf), np.append(inside_hi, -crit[k]), mean[: k + 1], sub
        )
    return up, low


def _equal_looks(k: int) -> np.ndarray:
    return np.arange(1, k + 1) / k


def _error(crit: np.ndarray, t: np.ndarray) -> float:
    up, low = _exits(crit, t)
    return float(up.sum() + low.sum())


@cache
def _unadjusted_error(k: int) -> float:
    t = _equal_looks(k)
    return _error(np.full(k, Z975), t)


@cache
def _pocock_constant(k: int) -> float:
    t = _equal_looks(k)
    return float(optimize.brentq(lambda c: _error(np.full(k, c), t) - 0.05, 1.9, 3.2, xtol=1e-8))


@cache
def _obrien_fleming_operating(k: int) -> tuple[float, float]:
    """(inflation factor for 80% power, expected sample fraction at that drift)."""
    t = _equal_looks(k)
    const = optimize.brentq(lambda c: _error(c / np.sqrt(t), t) - 0.05, 1.9, 2.6, xtol=1e-8)
    crit = const / np.sqrt(t)
    drift = optimize.brentq(lambda d: _exits(crit, t, d)[0].sum() - 0.8, 2.0, 4.0, xtol=1e-8)
    up, low = _exits(crit, t, drift)
    stop = (up + low)[:-1]
    fraction = float(np.sum(t[:-1] * stop) + (1 - stop.sum()))
    return (drift / (Z975 + float(stats.norm.isf(0.2)))) ** 2, fraction


def _kit_design(k: int, method: str, **kwargs: object):
    from il2kit.sequential import group_sequential_design

    return group_sequential_design(k, method=method, **kwargs)  # type: ignore[arg-type]


def _kit_operating(
    k: int, method: str, drift: float | None = None, null: bool = False
) -> tuple[float, float]:
    d = _kit_design(k, method)
    at = 0.0 if null else (d.drift_for_power(0.8) if drift is None else drift)
    return d.inflation_factor(0.8), d.expected_sample_fraction(at)


def _kit_repeated(k: int) -> float:
    from il2kit.sequential import repeated_testing_error

    return repeated_testing_error(k)


register(
    Exercise(
        id="14.1",
        question="Chance of a false claim when a trial without effect is tested at two-sided 5% at "
        "each of four equally spaced looks.",
        answer=Answer("proportion"),
        expected_route=lambda: _unadjusted_error(4),
        route="1 - P(|Z_k| < 1.96 at every look), the looks' joint normal distribution integrated "
        "by Genz's algorithm (scipy.stats.multivariate_normal)",
        tolerance=FOUR_SIG,
        hint="the looks share patients, so their z statistics are correlated; "
        "repeated_testing_error integrates over their joint distribution.",
        misconceptions=(
            Misconception(
                "independent_looks",
                "that treats the four looks as independent; each "
                "look reuses the earlier patients, so false alarms overlap and the error "
                "grows more slowly.",
                lambda: 1 - 0.95**4,
            ),
            Misconception(
                "sum_of_alphas",
                "that adds four 5% chances: an upper bound, not the probability.",
                lambda: 4 * 0.05,
            ),
            Misconception(
                "five_looks",
                "that is five looks, as in the lesson's table; the question asks for four.",
                lambda: _kit_repeated(5),
            ),
            Misconception(
                "one_look",
                "that is the error of a single analysis at the end; the question looks four times.",
                lambda: 0.05,
            ),
        ),
    )
)

register(
    Exercise(
        id="14.2",
        question="Pocock's critical value (z) for three equally spaced looks, two-sided 5%.",
        answer=Answer("number", "a z value"),
        expected_route=lambda: _pocock_constant(3),
        route="the constant c with P(|Z_k| >= c at some look) = 0.05, found with Brent's method "
        "on the looks' joint normal distribution (Genz's algorithm)",
        tolerance=Tolerance(
            rel=1e-4,
            decimals=3,
            why="Jennison & Turnbull's tables print three "
            "decimals; four significant figures or the value rounded to three",
        ),
        hint="Pocock's design has the same critical value at every look; "
        "help(group_sequential_design) shows how to choose it and read its boundaries.",
        misconceptions=(
            Misconception(
                "fixed",
                "that is the critical value of one analysis at the end; with "
                "three looks each must be stricter.",
                lambda: Z975,
            ),
            Misconception(
                "bonferroni",
                "that is Bonferroni (alpha / 3 at each look): safe but "
                "too strict, because the looks are correlated.",
                lambda: float(stats.norm.isf(0.05 / 6)),
            ),
            Misconception(
                "four_looks",
                "that is the lesson's four-look design; the question asks for three looks.",
                lambda: _kit_design(4, "pocock").critical_values[0],
            ),
            Misconception(
                "one_sided",
                "that is a one-sided 5% design; the question asks for "
                "two-sided 5% (2.5% on each side).",
                lambda: _kit_design(3, "pocock", alternative="greater").critical_values[0],
            ),
        ),
    )
)

register(
    Exercise(
        id="14.3",
        question="O'Brien-Fleming, three equally spaced looks, two-sided 5%, 80% power: "
        "(inflation factor, expected fraction of the maximum size when the treatment "
        "works as planned).",
        answer=Answer("tuple", names=("inflation", "expected_fraction"), element="number"),
        expected_route=lambda: _obrien_fleming_operating(3),
        route="boundaries, drift for 80% power and exit probabilities from the looks' joint normal "
        "distribution (Genz's algorithm), each root found with Brent's method",
        tolerance=FOUR_SIG,
        hint="the design group_sequential_design returns has a method for each number; take the "
        "expected fraction at its own drift for 80% power.",
        misconceptions=(
            Misconception(
                "null_fraction",
                "the second number is the expected fraction when the "
                "treatment does nothing (drift 0); the question asks when it works as "
                "planned: the drift for 80% power.",
                lambda: _kit_operating(3, "obrien-fleming", null=True),
            ),
            Misconception(
                "fixed_drift",
                "that uses the single-look drift (1.96 + 0.84); the "
                "sequential design is larger, so use its own drift_for_power(0.8).",
                lambda: _kit_operating(
                    3, "obrien-fleming", drift=Z975 + float(stats.norm.isf(0.2))
                ),
            ),
            Misconception(
                "pocock",
                "those are Pocock's boundaries; the question asks for O'Brien-Fleming's.",
                lambda: _kit_operating(3, "pocock"),
            ),
            Misconception(
                "four_looks",
                "that is the lesson's four-look design; the question asks for three looks.",
                lambda: _kit_operating(4, "obrien-fleming"),
            ),
        ),
    )
)

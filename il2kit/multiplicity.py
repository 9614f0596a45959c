"""Multiplicity: many tests, and the "significant" subgroup that is not.

McDermott et al. (2005) found no overall survival difference between high-dose IL-2 and
outpatient subcutaneous IL-2 with interferon, yet printed that survival was better with
high-dose IL-2 "for patients with bone or liver metastases (P = .001) or a primary tumor in
place (P = .040)". How many subgroups were looked at? With 10 independent looks at a null
effect, the chance that at least one gives p < 0.05 is ``1 - 0.95**10 = 40%``.

:func:`adjust_pvalues` adjusts a family of p-values (Bonferroni, Holm, Hochberg,
Benjamini-Hochberg; a thin wrapper over statsmodels' ``multipletests``);
:func:`familywise_error_rate` gives the chance of at least one false positive among ``k``
tests; :func:`simulate_subgroups` runs null randomised trials and counts how often some
subgroup looks "significant".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import integrate, stats
from statsmodels.stats.multitest import multipletests

from il2kit._validation import (
    as_float_array,
    check_choice,
    check_n_trials,
    check_probability,
    check_real,
    check_whole_number,
    coerce_rng,
)

__all__ = [
    "AdjustedPValues",
    "adjust_pvalues",
    "familywise_error_rate",
    "simulate_subgroups",
    "MULTIPLICITY_METHODS",
    "SUBGROUP_DEFINITIONS",
]

#: Adjustment methods and their statsmodels names (R's ``p.adjust``: "bonferroni", "holm",
#: "hochberg", "BH").
_STATSMODELS = {
    "bonferroni": "bonferroni",
    "holm": "holm",
    "hochberg": "simes-hochberg",
    "benjamini-hochberg": "fdr_bh",
}
MULTIPLICITY_METHODS = tuple(_STATSMODELS)
#: Subgroup definitions accepted by :func:`simulate_subgroups`.
SUBGROUP_DEFINITIONS = ("disjoint", "overlapping")


@dataclass(frozen=True)
class AdjustedPValues:
    """A family of p-values adjusted for multiplicity.

    Attributes
    ----------
    labels : tuple of str
        Names of the tests (``"test 1"``, ... when none were given).
    pvalues : tuple of float
        The unadjusted p-values.
    adjusted_pvalues : tuple of float
        Adjusted p-values (capped at 1), comparable with ``alpha`` directly.
    reject : tuple of bool
        ``adjusted_pvalue <= alpha``.
    method : str
        One of :data:`MULTIPLICITY_METHODS`.
    alpha : float
        Family-wise error rate (false discovery rate for "benjamini-hochberg").
    """

    labels: tuple[str, ...]
    pvalues: tuple[float, ...]
    adjusted_pvalues: tuple[float, ...]
    reject: tuple[bool, ...]
    method: str
    alpha: float

    def __str__(self) -> str:
        head = f"{self.method} adjustment of {len(self.pvalues)} p-values at alpha = {self.alpha:g}"
        return head + "\n" + self.to_frame().to_string(index=False, float_format="{:.4g}".format)

    def to_frame(self) -> pd.DataFrame:
        """One row per test: ``label``, ``pvalue``, ``adjusted_pvalue``, ``reject``."""
        return pd.DataFrame(
            {
                "label": self.labels,
                "pvalue": self.pvalues,
                "adjusted_pvalue": self.adjusted_pvalues,
                "reject": self.reject,
            }
        )


def adjust_pvalues(
    pvalues: object,
    *,
    method: str = "holm",
    alpha: float = 0.05,
    labels: object = None,
) -> AdjustedPValues:
    """Adjust a family of p-values for multiple testing.

    Parameters
    ----------
    pvalues : array_like of float
        One p-value per test, each in [0, 1]; at least one.
    method : {"bonferroni", "holm", "hochberg", "benjamini-hochberg"}, default "holm"
        ``"bonferroni"``: ``k p``. ``"holm"``: step-down Bonferroni, never less powerful and
        valid under any dependence. ``"hochberg"``: step-up, more powerful, valid for
        independent or positively dependent tests. ``"benjamini-hochberg"``: controls the false
        discovery rate (the expected share of false positives among rejections), not the
        chance of any false positive.
    alpha : float, default 0.05
        Level for the ``reject`` column, in (0, 1).
    labels : sequence of str, optional
        Names of the tests, e.g. subgroups.

    Returns
    -------
    AdjustedPValues

    Raises
    ------
    ValueError
        Empty input, a p-value outside [0, 1] or NaN, labels of the wrong length, unknown
        ``method``.
    TypeError
        Non-numeric p-values.

    Notes
    -----
    Computed by :func:`statsmodels.stats.multitest.multipletests` (methods "bonferroni",
    "holm", "simes-hochberg", "fdr_bh"). Validated against R 4.2 ``p.adjust`` (methods
    "bonferroni", "holm", "hochberg", "BH") on 8 vectors with ties, zeros and ones, to 1e-12
    (``tests/reference/multiplicity/``). Unlike ``p.adjust``, NaN is refused rather than
    skipped.

    Examples
    --------
    The two subgroup p-values printed by McDermott et al. (2005), if they had been the only
    two subgroups examined, and if ten had been:

    >>> from il2kit.multiplicity import adjust_pvalues
    >>> res = adjust_pvalues([0.001, 0.040], labels=["bone/liver metastases", "primary in place"])
    >>> print(res)
    holm adjustment of 2 p-values at alpha = 0.05
                    label  pvalue  adjusted_pvalue  reject
    bone/liver metastases   0.001            0.002    True
         primary in place    0.04             0.04    True
    >>> ten = [0.001, 0.040] + [0.5] * 8
    >>> [round(p, 3) for p in adjust_pvalues(ten, method="bonferroni").adjusted_pvalues[:2]]
    [0.01, 0.4]
    """
    p = as_float_array("pvalues", pvalues, low=0.0, high=1.0)
    method = check_choice("method", method, MULTIPLICITY_METHODS)
    alpha = check_probability("alpha", alpha)
    if labels is None:
        names = tuple(f"test {i + 1}" for i in range(p.size))
    else:
        if isinstance(labels, (str, bytes)):
            raise TypeError(f"`labels` must be a sequence of names, got {labels!r}.")
        names = tuple(str(x) for x in labels)  # type: ignore[attr-defined]
        if len(names) != p.size:
            raise ValueError(f"`labels` has {len(names)} names for {p.size} p-values.")
    adjusted = np.minimum(multipletests(p, alpha=alpha, method=_STATSMODELS[method])[1], 1.0)
    return AdjustedPValues(
        labels=names,
        pvalues=tuple(float(x) for x in p),
        adjusted_pvalues=tuple(float(x) for x in adjusted),
        reject=tuple(bool(x) for x in adjusted <= alpha),
        method=method,
        alpha=alpha,
    )


def familywise_error_rate(n_tests: int, *, alpha: float = 0.05, correlation: float = 0.0) -> float:
    """Chance that at least one of ``n_tests`` two-sided tests of true nulls has ``p < alpha``.

    Parameters
    ----------
    n_tests : int
        Number of tests, 1 to 10000.
    alpha : float, default 0.05
        Level of each test.
    correlation : float, default 0.0
        Common correlation of the tests' z statistics, in [0, 1): 0 for independent tests
        (e.g. disjoint subgroups), 0.5 for subgroups defined by independent characteristics
        each shared by half the patients.

    Returns
    -------
    float

    Notes
    -----
    Independent tests: ``1 - (1 - alpha)^k``. Equicorrelated normal statistics
    ``Z_i = sqrt(rho) W + sqrt(1 - rho) E_i``:
    ``1 - integral phi(w) [Phi((c - sqrt(rho) w) / sqrt(1 - rho)) - Phi((-c - sqrt(rho) w) /
    sqrt(1 - rho))]^k dw`` with ``c = z_{1 - alpha/2}``, by :func:`scipy.integrate.quad`.
    Checked against :class:`scipy.stats.multivariate_normal` and the simulator
    (``tests/test_multiplicity.py``).

    Examples
    --------
    >>> from il2kit.multiplicity import familywise_error_rate
    >>> round(familywise_error_rate(10), 3)
    0.401
    >>> round(familywise_error_rate(10, correlation=0.5), 3)
    0.287
    """
    k = check_whole_number("n_tests", n_tests, 1, 10_000)
    alpha = check_probability("alpha", alpha)
    rho = check_real("correlation", correlation, low=0.0, high=1.0, high_open=True)
    if rho == 0:
        return float(-math.expm1(k * math.log1p(-alpha)))
    c = float(stats.norm.isf(alpha / 2))
    a, b = math.sqrt(rho), math.sqrt(1 - rho)

    def integrand(w: float) -> float:
        inside = stats.norm.cdf((c - a * w) / b) - stats.norm.cdf((-c - a * w) / b)
        return float(stats.norm.pdf(w) * inside**k)

    none_significant = integrate.quad(integrand, -12, 12, epsabs=1e-13, limit=200)[0]
    return float(min(max(1 - none_significant, 0.0), 1.0))


def _pooled_pvalues(xa: np.ndarray, na: np.ndarray, xb: np.ndarray, nb: np.ndarray):
    """Two-sided pooled two-proportion z-test p-values, 1 where the test is undefined."""
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (xa + xb) / (na + nb)
        se = np.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
        z = (xa / na - xb / nb) / se
    ok = (na > 0) & (nb > 0) & (se > 0)
    return np.where(ok, 2 * stats.norm.sf(np.abs(np.where(ok, z, 0.0))), 1.0)


def simulate_subgroups(
    n_per_arm: int,
    n_subgroups: int,
    *,
    control_rate: float,
    experimental_rate: float | None = None,
    subgroups: str = "disjoint",
    alpha: float = 0.05,
    n_trials: int = 10_000,
    rng: object = None,
) -> pd.DataFrame:
    """Simulate randomised trials and test the treatment effect in every subgroup.

    Parameters
    ----------
    n_per_arm : int
        Patients per arm (>= 2).
    n_subgroups : int
        Subgroups tested, 1 to 50.
    control_rate : float
        True response probability on control, in [0, 1].
    experimental_rate : float, optional
        True response probability on the experimental arm; by default equal to
        ``control_rate`` (a null trial: every "significant" subgroup is a false positive).
    subgroups : {"disjoint", "overlapping"}, default "disjoint"
        ``"disjoint"``: each patient belongs to one of ``n_subgroups`` equally likely
        subgroups (e.g. centres), so the subgroup tests are independent. ``"overlapping"``:
        ``n_subgroups`` independent yes/no characteristics (e.g. "bone metastases", "primary in
        place"), each present in a patient with probability 1/2; subgroup ``j`` is the patients
        with characteristic ``j``. Subgroups then share patients (tests correlated about 0.5).
    alpha : float, default 0.05
        Level of each subgroup test.
    n_trials : int, default 10000
    rng : numpy.random.Generator, int or None

    Returns
    -------
    pandas.DataFrame
        One row per trial: ``trial``, ``overall_pvalue`` (all patients), ``smallest_pvalue``
        (over subgroups), ``n_significant`` (subgroups with ``p < alpha``),
        ``any_significant``.

    Notes
    -----
    Each test is the pooled two-proportion z test (Pearson's chi-squared without continuity
    correction), p = 1 where a subgroup has no patients in an arm or no variation. Under the
    null, ``any_significant.mean()`` estimates :func:`familywise_error_rate` with correlation 0
    (disjoint) or about 0.5 (overlapping); the tests check both to 4 Monte-Carlo standard
    errors.

    Examples
    --------
    >>> from il2kit.multiplicity import simulate_subgroups
    >>> sims = simulate_subgroups(200, 10, control_rate=0.15, n_trials=4000, rng=1)
    >>> round(float(sims["any_significant"].mean()), 2)   # 1 - 0.95**10 = 0.40
    0.39
    >>> round(float((sims["overall_pvalue"] < 0.05).mean()), 3)
    0.051
    """
    n = check_whole_number("n_per_arm", n_per_arm, 2, 100_000)
    k = check_whole_number("n_subgroups", n_subgroups, 1, 50)
    pc = check_probability("control_rate", control_rate, closed=True)
    pe = pc if experimental_rate is None else experimental_rate
    pe = check_probability("experimental_rate", pe, closed=True)
    kind = check_choice("subgroups", subgroups, SUBGROUP_DEFINITIONS)
    alpha = check_probability("alpha", alpha)
    n_trials = check_n_trials(n_trials)
    gen = coerce_rng(rng)
    chunk = max(1, 2_000_000 // (n * k))  # patient-level arrays stay around 16 MB
    sub_parts, overall_parts = [], []
    for start in range(0, n_trials, chunk):
        m = min(chunk, n_trials - start)
        counts = []
        for p in (pe, pc):
            if kind == "disjoint":
                size = gen.multinomial(n, np.full(k, 1 / k), size=m)
                resp = gen.binomial(size, p).astype(float)
                total = resp.sum(axis=1)
            else:
                outcome = (gen.random((m, n)) < p).astype(float)
                traits = (gen.random((m, n, k)) < 0.5).astype(float)
                size = traits.sum(axis=1)
                resp = np.einsum("tn,tnk->tk", outcome, traits)
                total = outcome.sum(axis=1)
            counts.append((resp, size.astype(float), total))
        (xe, ne, te), (xc, nc, tc) = counts
        sub_parts.append(_pooled_pvalues(xe, ne, xc, nc))
        overall_parts.append(_pooled_pvalues(te, np.full(m, float(n)), tc, np.full(m, float(n))))
    sub = np.concatenate(sub_parts)
    significant = (sub < alpha).sum(axis=1)
    return pd.DataFrame(
        {
            "trial": np.arange(n_trials),
            "overall_pvalue": np.concatenate(overall_parts),
            "smallest_pvalue": sub.min(axis=1),
            "n_significant": significant,
            "any_significant": significant > 0,
        }
    )

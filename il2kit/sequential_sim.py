"""Simulated group-sequential trials: how often and when they stop, and what they then report.

A trial that stops early because its interim result crossed a boundary has, by construction,
caught the treatment effect on a lucky upswing: the estimate it reports overestimates the true
effect ("truncated trials", Bassler et al. 2010). These simulators run a
:class:`~il2kit.sequential.GroupSequentialDesign` many times and return one row per trial, so the
stopping pattern and the bias of the estimate at stopping can be tabulated with
:func:`stopping_summary`.

Two outcomes: response rates in two arms (:func:`simulate_sequential_rates`; the z statistic is
the pooled two-proportion test, as in ``prop.test``) and a normally distributed outcome with
known standard deviation (:func:`simulate_sequential_means`; the z statistics then have exactly
the joint distribution the design assumes). Every function takes a seeded ``rng``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from il2kit._validation import (
    check_n_trials,
    check_positive_count,
    check_probability,
    check_real,
    coerce_rng,
)
from il2kit.sequential import GroupSequentialDesign

__all__ = ["simulate_sequential_rates", "simulate_sequential_means", "stopping_summary"]

TRIAL_COLUMNS = ["trial", "stop_look", "stopped_early", "rejected", "n_per_arm", "estimate", "z"]


def _look_sizes(design: object, n_per_arm: object) -> tuple[GroupSequentialDesign, np.ndarray]:
    if not isinstance(design, GroupSequentialDesign):
        raise TypeError(
            "`design` must be a GroupSequentialDesign from il2kit.sequential."
            f"group_sequential_design, got {design!r}."
        )
    n = check_positive_count("n_per_arm", n_per_arm)
    sizes = np.rint(np.array(design.information_rates) * n).astype(np.int64)
    if sizes[0] < 1 or np.any(np.diff(sizes) < 1):
        raise ValueError(
            f"Invalid n_per_arm={n}; too few patients for {design.looks} looks at information "
            f"fractions {list(design.information_rates)} (each look needs at least one new "
            "patient per arm)."
        )
    return design, sizes


def _stop(design: GroupSequentialDesign, z: np.ndarray, estimate: np.ndarray, sizes: np.ndarray):
    crit = np.array(design.critical_values)
    if design.alternative == "greater":
        crossed = z >= crit
    elif design.alternative == "less":
        crossed = z <= -crit
    else:
        crossed = np.abs(z) >= crit
    rejected = crossed.any(axis=1)
    last = design.looks - 1
    index = np.where(rejected, np.argmax(crossed, axis=1), last)
    rows = np.arange(z.shape[0])
    out = pd.DataFrame(
        {
            "trial": rows,
            "stop_look": index + 1,
            "stopped_early": index < last,
            "rejected": rejected,
            "n_per_arm": sizes[index],
            "estimate": estimate[rows, index],
            "z": z[rows, index],
        }
    )
    out.attrs["looks"] = design.looks  # read by stopping_summary
    return out


def simulate_sequential_rates(
    design: GroupSequentialDesign,
    *,
    control_rate: float,
    experimental_rate: float,
    n_per_arm: int,
    n_trials: int = 10_000,
    rng: object = None,
) -> pd.DataFrame:
    """Run a two-arm trial of response rates with interim looks, many times.

    At look ``k`` each arm has ``n_k = round(t_k * n_per_arm)`` patients (``t_k`` the design's
    information fractions). The statistic is the pooled two-proportion z test,
    ``z = (p_e - p_c) / sqrt(pbar (1 - pbar) 2 / n_k)`` (0 when nobody or everybody has
    responded), and the trial stops at the first look whose boundary it crosses.

    Parameters
    ----------
    design : GroupSequentialDesign
        From :func:`il2kit.sequential.group_sequential_design`; ``"greater"`` means the
        experimental arm responds more often.
    control_rate, experimental_rate : float
        True response probabilities, in [0, 1].
    n_per_arm : int
        Patients per arm at the final look (enough for one new patient per arm per look).
    n_trials : int, default 10000
    rng : numpy.random.Generator, int or None

    Returns
    -------
    pandas.DataFrame
        One row per trial: ``trial``; ``stop_look`` (first look whose boundary was crossed,
        else the last look); ``stopped_early`` (crossed before the last look); ``rejected``
        (crossed at any look); ``n_per_arm`` at stopping; ``estimate`` (experimental minus
        control response rate at stopping) and ``z`` at stopping.

    Notes
    -----
    With large arms the stopping probabilities approach the design's exact
    :meth:`~il2kit.sequential.GroupSequentialDesign.exit_probabilities` at drift
    ``(p_e - p_c) / sqrt((p_e q_e + p_c q_c) / n_per_arm)``; the tests check this to four
    Monte-Carlo standard errors.

    Examples
    --------
    >>> from il2kit.sequential import group_sequential_design
    >>> from il2kit.sequential_sim import simulate_sequential_rates, stopping_summary
    >>> d = group_sequential_design(3, method="pocock", alpha=0.05)
    >>> sims = simulate_sequential_rates(d, control_rate=0.13, experimental_rate=0.13,
    ...                                  n_per_arm=150, n_trials=4000, rng=1)
    >>> round(float(sims["rejected"].mean()), 2)        # about alpha = 0.05 under no effect
    0.05
    >>> sims = simulate_sequential_rates(d, control_rate=0.13, experimental_rate=0.21,
    ...                                  n_per_arm=150, n_trials=4000, rng=1)
    >>> stopping_summary(sims, true_effect=0.08).round(3)
           stopped_at  trials  proportion  rejected  mean_estimate   bias
    0          look 1     436       0.109     1.000          0.198  0.118
    1          look 2     526       0.132     1.000          0.144  0.064
    2  look 3 (final)    3038       0.760     0.177          0.065 -0.015
    3      all trials    4000       1.000     0.375          0.090  0.010
    """
    design, sizes = _look_sizes(design, n_per_arm)
    pc = check_probability("control_rate", control_rate, closed=True)
    pe = check_probability("experimental_rate", experimental_rate, closed=True)
    n_trials = check_n_trials(n_trials)
    gen = coerce_rng(rng)
    new = np.diff(np.concatenate([[0], sizes]))
    xc = np.cumsum(gen.binomial(new, pc, size=(n_trials, new.size)), axis=1)
    xe = np.cumsum(gen.binomial(new, pe, size=(n_trials, new.size)), axis=1)
    rate_c, rate_e = xc / sizes, xe / sizes
    pooled = (xc + xe) / (2 * sizes)
    se = np.sqrt(pooled * (1 - pooled) * 2 / sizes)
    diff = rate_e - rate_c
    z = np.divide(diff, se, out=np.zeros_like(diff), where=se > 0)
    return _stop(design, z, diff, sizes)


def simulate_sequential_means(
    design: GroupSequentialDesign,
    *,
    effect_size: float,
    n_per_arm: int,
    n_trials: int = 10_000,
    rng: object = None,
) -> pd.DataFrame:
    """Run a two-arm trial of a normal outcome with interim looks, many times.

    Each patient's outcome is normal with standard deviation 1 (known), the experimental arm's
    mean exceeding the control arm's by ``effect_size`` (a standardised difference, Cohen's
    ``d``). At look ``k`` the estimate is the difference of the arm means over the
    ``n_k = round(t_k * n_per_arm)`` patients per arm and ``z = estimate / sqrt(2 / n_k)``.

    Parameters
    ----------
    design : GroupSequentialDesign
    effect_size : float
        True standardised difference (experimental minus control); 0 is no effect.
    n_per_arm : int
        Patients per arm at the final look.
    n_trials : int, default 10000
    rng : numpy.random.Generator, int or None

    Returns
    -------
    pandas.DataFrame
        Columns as in :func:`simulate_sequential_rates`, ``estimate`` being the difference of
        means at stopping.

    Notes
    -----
    The z statistics are drawn through independent normal increments of the sum of
    differences, so they have exactly the joint distribution assumed by the design with
    ``drift = effect_size * sqrt(n_per_arm / 2)`` (when the looks' ``n_k`` match the
    information fractions); the tests compare the stopping proportions with
    :meth:`~il2kit.sequential.GroupSequentialDesign.exit_probabilities` to four Monte-Carlo
    standard errors.

    Examples
    --------
    >>> from il2kit.sequential import group_sequential_design
    >>> from il2kit.sequential_sim import simulate_sequential_means
    >>> d = group_sequential_design(4, method="obrien-fleming")
    >>> sims = simulate_sequential_means(d, effect_size=0.3, n_per_arm=200, n_trials=5000,
    ...                                  rng=3)
    >>> round(float(sims["rejected"].mean()), 2), round(d.power(0.3 * 10), 2)
    (0.84, 0.84)
    """
    design, sizes = _look_sizes(design, n_per_arm)
    delta = check_real("effect_size", effect_size)
    n_trials = check_n_trials(n_trials)
    gen = coerce_rng(rng)
    new = np.diff(np.concatenate([[0], sizes]))
    # sum over new patients of (experimental - control) outcomes: N(delta m, 2 m)
    steps = gen.normal(delta * new, np.sqrt(2 * new), size=(n_trials, new.size))
    estimate = np.cumsum(steps, axis=1) / sizes
    z = estimate / np.sqrt(2 / sizes)
    return _stop(design, z, estimate, sizes)


def stopping_summary(trials: pd.DataFrame, *, true_effect: float) -> pd.DataFrame:
    """When simulated trials stopped, and how far their estimates were from the truth.

    Parameters
    ----------
    trials : pandas.DataFrame
        Output of :func:`simulate_sequential_rates` or :func:`simulate_sequential_means`.
    true_effect : float
        The effect the trials were simulated with (``experimental_rate - control_rate``, or
        ``effect_size``).

    Returns
    -------
    pandas.DataFrame
        One row per look plus ``"all trials"``: ``stopped_at``, ``trials`` (how many stopped
        there), ``proportion`` (of all trials), ``rejected`` (proportion of those that
        rejected the null hypothesis), ``mean_estimate`` and ``bias``
        (``mean_estimate - true_effect``; NaN where no trial stopped).

    Examples
    --------
    See :func:`simulate_sequential_rates`: with a true difference of 8 points, the trials that
    stopped at the first look reported about 20.
    """
    if not isinstance(trials, pd.DataFrame) or not set(TRIAL_COLUMNS) <= set(trials.columns):
        raise TypeError(
            "`trials` must be the DataFrame returned by simulate_sequential_rates or "
            f"simulate_sequential_means (columns {TRIAL_COLUMNS})."
        )
    if trials.empty:
        raise ValueError("`trials` holds no trials.")
    effect = check_real("true_effect", true_effect)
    last = int(trials.attrs.get("looks", trials["stop_look"].max()))
    rows = []
    for k in range(1, last + 1):
        part = trials[trials["stop_look"] == k]
        label = f"look {k} (final)" if k == last else f"look {k}"
        rows.append((label, part))
    rows.append(("all trials", trials))
    out = []
    for label, part in rows:
        count = len(part)
        mean = float(part["estimate"].mean()) if count else float("nan")
        share = float(part["rejected"].mean()) if count else float("nan")
        out.append((label, count, count / len(trials), share, mean, mean - effect))
    return pd.DataFrame(
        out, columns=["stopped_at", "trials", "proportion", "rejected", "mean_estimate", "bias"]
    )

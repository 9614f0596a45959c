"""Simulated trials: what happens when the same trial is run thousands of times.

Each function draws whole trials (or patients) with NumPy, vectorised over trials, and returns a
tidy DataFrame whose columns are listed in its docstring. Every function takes ``rng``: a
``numpy.random.Generator``, an int seed (reproducible) or None (fresh randomness).

The scenarios are the lessons of the interleukin-2 story: a small single-arm trial's response
rate is noisy (:func:`simulate_single_arm`); Simon's design stops inactive drugs early
(:func:`simulate_simon`); the best-looking regimen of a phase II screen disappoints in phase III
(:func:`simulate_pick_the_winner`); response can improve while survival does not
(:func:`simulate_response_vs_survival`); strict eligibility inflates response rates
(:func:`simulate_selection`); and responders seem to live longer even when response changes
nothing (:func:`simulate_guarantee_time`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from il2kit._simulate_evidence import (
    PUBLICATION_SIZES,
    simulate_cure_fraction,
    simulate_publication,
)
from il2kit._simulate_patients import (
    PERFORMANCE_STATUS_MIX,
    simulate_guarantee_time,
    simulate_selection,
)
from il2kit._simulate_trials import (
    DOCTOR_CHOICE,
    confounding_estimates,
    endpoint_power,
    simon_monte_carlo,
    simulate_confounding,
)
from il2kit._validation import (
    as_probability_array,
    check_confidence_level,
    check_flag,
    check_n_trials,
    check_positive_count,
    check_positive_number,
    check_probability,
    check_simon_boundaries,
    check_time_scale,
    coerce_rng,
)
from il2kit.rates import _exact_limits

__all__ = [
    "simulate_single_arm",
    "simulate_simon",
    "simulate_pick_the_winner",
    "simulate_response_vs_survival",
    "simulate_selection",
    "simulate_guarantee_time",
    "PERFORMANCE_STATUS_MIX",
    "simon_monte_carlo",
    "simulate_confounding",
    "confounding_estimates",
    "endpoint_power",
    "DOCTOR_CHOICE",
    "simulate_cure_fraction",
    "simulate_publication",
    "PUBLICATION_SIZES",
]


def simulate_single_arm(
    true_rate: float,
    n: int,
    *,
    n_trials: int = 10_000,
    threshold: float | None = None,
    with_ci: bool = True,
    confidence_level: float = 0.95,
    rng: object = None,
) -> pd.DataFrame:
    """Repeat a single-arm trial of ``n`` patients with a known true response rate.

    Parameters
    ----------
    true_rate : float
        True response probability, in [0, 1].
    n : int
        Patients per trial (>= 1).
    n_trials : int, default 10000
        Simulated trials.
    threshold : float, optional
        If given, adds ``above_threshold``: ``observed_rate >= threshold`` (e.g. "at least 20%").
    with_ci : bool, default True
        Add exact (Clopper-Pearson) intervals, as :func:`il2kit.rates.response_rate` computes
        them. They are computed once for each distinct count drawn and looked up, so the cost
        does not grow with ``n``: a million trials, or ten trials of a million patients, take
        well under a second.
    confidence_level : float, default 0.95
    rng : numpy.random.Generator, int or None

    Returns
    -------
    pandas.DataFrame
        One row per trial: ``trial``, ``responders``, ``observed_rate``; with ``with_ci``
        also ``ci_low``, ``ci_high``, ``covers`` (the interval contains ``true_rate``); with
        ``threshold`` also ``above_threshold``.

    Raises
    ------
    ValueError, TypeError
        For rates outside [0, 1], counts below 1 or not whole, a non-bool ``with_ci``, or an
        ``rng`` that is not a Generator, a seed >= 0 or None (each message names the argument).

    Notes
    -----
    Validated by Monte-Carlo checks (4 standard errors) against binomial moments and exact
    coverage, and the intervals against ``binomtest(...).proportion_ci`` to 1e-10
    (``tests/test_simulate.py``).

    Examples
    --------
    >>> from il2kit.simulate import simulate_single_arm
    >>> sims = simulate_single_arm(0.15, 40, n_trials=20_000, rng=1)
    >>> round(float(sims["observed_rate"].mean()), 2), bool(sims["covers"].mean() >= 0.95)
    (0.15, True)
    """
    p = check_probability("true_rate", true_rate, closed=True)
    n = check_positive_count("n", n)
    n_trials = check_n_trials(n_trials)
    with_ci = check_flag("with_ci", with_ci)
    level = check_confidence_level(confidence_level)
    thr = None if threshold is None else check_probability("threshold", threshold, closed=True)
    gen = coerce_rng(rng)
    responders = gen.binomial(n, p, size=n_trials)
    out: dict[str, np.ndarray] = {
        "trial": np.arange(n_trials),
        "responders": responders,
        "observed_rate": responders / n,
    }
    if with_ci:
        counts, index = np.unique(responders, return_inverse=True)
        low, high = _exact_limits(counts, n, level)
        out["ci_low"] = low[index]
        out["ci_high"] = high[index]
        out["covers"] = (out["ci_low"] <= p) & (p <= out["ci_high"])
    if thr is not None:
        out["above_threshold"] = out["observed_rate"] >= thr
    return pd.DataFrame(out)


def simulate_simon(
    design: object,
    true_rate: float,
    *,
    n_trials: int = 10_000,
    rng: object = None,
) -> pd.DataFrame:
    """Run a Simon two-stage design many times.

    Parameters
    ----------
    design : SimonDesign
        From :func:`il2kit.design.simon_design` (any object with ``r1, n1, r, n``).
    true_rate : float
        True response probability, in [0, 1].
    n_trials : int, default 10000
    rng : numpy.random.Generator, int or None

    Returns
    -------
    pandas.DataFrame
        One row per trial: ``trial``, ``stage1_responders``, ``stopped_early``
        (``stage1_responders <= r1``), ``total_responders`` (stage 1 only if stopped),
        ``n_enrolled`` (``n1`` or ``n``), ``declared_active`` (``total_responders > r`` after
        stage 2). Their means estimate ``pet``, ``en`` and ``prob_reject_null`` of
        ``design.operating_characteristics(true_rate)``.

    Raises
    ------
    TypeError
        If ``design`` lacks ``r1, n1, r, n`` or one of them is not a number.
    ValueError
        If a boundary is not a whole number (``r1=1.7`` is refused, not truncated), the
        boundaries are inconsistent, or ``true_rate``, ``n_trials`` or ``rng`` is invalid.

    Notes
    -----
    Validated by Monte-Carlo checks (4 standard errors) of the stopping, rejection and
    enrolment frequencies against ``design.operating_characteristics`` (exact binomial sums)
    at ``p0`` and ``p1`` (``tests/test_simulate.py``).

    Examples
    --------
    >>> from il2kit.design import simon_design
    >>> from il2kit.simulate import simulate_simon
    >>> d = simon_design(0.1, 0.3)
    >>> sims = simulate_simon(d, 0.1, n_trials=50_000, rng=7)
    >>> round(float(sims["stopped_early"].mean()), 2)   # exact PET0 = 0.736
    0.73
    >>> round(float(sims["n_enrolled"].mean()), 1)      # exact EN0 = 15.01
    15.1
    """
    r1, n1, r, n = check_simon_boundaries(design)
    p = check_probability("true_rate", true_rate, closed=True)
    n_trials = check_n_trials(n_trials)
    gen = coerce_rng(rng)
    x1 = gen.binomial(n1, p, size=n_trials)
    x2 = gen.binomial(n - n1, p, size=n_trials)
    stopped = x1 <= r1
    total = x1 + np.where(stopped, 0, x2)
    return pd.DataFrame(
        {
            "trial": np.arange(n_trials),
            "stage1_responders": x1,
            "stopped_early": stopped,
            "total_responders": total,
            "n_enrolled": np.where(stopped, n1, n),
            "declared_active": ~stopped & (total > r),
        }
    )


def simulate_pick_the_winner(
    true_rates: object,
    n_phase2: int,
    n_phase3: int,
    *,
    n_trials: int = 10_000,
    rng: object = None,
) -> pd.DataFrame:
    """Phase II screens several regimens and takes the best-looking one to phase III.

    Each regimen is given to ``n_phase2`` patients; the one with the most responders wins (ties
    broken at random) and is tested again in ``n_phase3`` new patients. The winner's phase II
    rate is biased upwards (the "winner's curse"): its phase III rate regresses to its true rate.

    Parameters
    ----------
    true_rates : sequence of float
        True response rate of each regimen (at least two), in [0, 1].
    n_phase2, n_phase3 : int
        Patients per regimen in phase II, and for the winner in phase III.
    n_trials : int, default 10000
    rng : numpy.random.Generator, int or None

    Returns
    -------
    pandas.DataFrame
        One row per trial: ``trial``, ``chosen`` (index into ``true_rates``),
        ``chose_best`` (the chosen regimen has the highest true rate), ``phase2_rate`` (observed
        rate of the winner), ``true_rate`` (of the winner), ``phase3_rate`` and ``shrinkage``
        (``phase2_rate - phase3_rate``).

    Notes
    -----
    Validated by Monte-Carlo checks (4 standard errors): with equal rates each regimen wins a
    quarter of the time and the phase III rate is unbiased, while the winner's phase II rate is
    biased upwards (``tests/test_simulate.py``).

    Examples
    --------
    >>> from il2kit.simulate import simulate_pick_the_winner
    >>> sims = simulate_pick_the_winner([0.15, 0.15, 0.15, 0.15], 25, 200, rng=3)
    >>> bool(sims["phase2_rate"].mean() > 0.2), round(float(sims["phase3_rate"].mean()), 2)
    (True, 0.15)
    """
    rates = as_probability_array("true_rates", true_rates, min_size=2)
    n_phase2 = check_positive_count("n_phase2", n_phase2)
    n_phase3 = check_positive_count("n_phase3", n_phase3)
    n_trials = check_n_trials(n_trials)
    gen = coerce_rng(rng)
    counts = gen.binomial(n_phase2, rates, size=(n_trials, rates.size))
    chosen = np.argmax(counts + 0.5 * gen.random(counts.shape), axis=1)  # random tie-break
    winner_rate = rates[chosen]
    phase2 = counts[np.arange(n_trials), chosen] / n_phase2
    phase3 = gen.binomial(n_phase3, winner_rate) / n_phase3
    return pd.DataFrame(
        {
            "trial": np.arange(n_trials),
            "chosen": chosen,
            "chose_best": winner_rate == rates.max(),
            "phase2_rate": phase2,
            "true_rate": winner_rate,
            "phase3_rate": phase3,
            "shrinkage": phase2 - phase3,
        }
    )


def simulate_response_vs_survival(
    n_per_arm: int,
    control_rate: float,
    experimental_rate: float,
    *,
    median_os_control_months: float,
    os_hr_responders: float = 1.0,
    os_benefit: float = 1.0,
    follow_up_months: float | None = None,
    n_trials: int = 1,
    rng: object = None,
) -> pd.DataFrame:
    """A randomised trial with two endpoints: tumour response and overall survival.

    Model: each patient responds with the arm's response rate (``control_rate`` or
    ``experimental_rate``); survival time is exponential
    with hazard ``log(2) / median_os_control_months``, multiplied by ``os_hr_responders`` if
    the patient responded and by ``os_benefit`` in the experimental arm. With the defaults
    (both 1) response has no bearing on death, so the experimental arm can show many more
    responses and yet no survival gain; values below 1 add a survival effect through response or
    directly. Patients alive at ``follow_up_months`` (default 3 control medians) are censored.

    Parameters
    ----------
    n_per_arm : int
    control_rate, experimental_rate : float
        True response probabilities of the two arms, in [0, 1].
    median_os_control_months : float
        Median overall survival of non-responders in the control arm (> 0).
    os_hr_responders : float, default 1.0
        Hazard ratio for death, responders vs non-responders (> 0).
    os_benefit : float, default 1.0
        Hazard ratio for death, experimental vs control, on top of response (> 0).
    follow_up_months : float, optional
        Administrative censoring time (> 0).
    n_trials : int, default 1
    rng : numpy.random.Generator, int or None

    Returns
    -------
    pandas.DataFrame
        One row per patient: ``trial``, ``arm`` (``"control"`` / ``"experimental"``),
        ``responded`` (bool), ``time`` (months) and ``event`` (1 death, 0 censored), ready for
        :func:`il2kit.survival.kaplan_meier` and :func:`il2kit.survival.logrank`.

    Raises
    ------
    ValueError, TypeError
        For invalid arguments (each message names the argument), and a ValueError naming
        ``median_os_control_months``, ``os_hr_responders`` and ``os_benefit`` when together
        they give survival times outside [1e-300, 1e300] months.

    Notes
    -----
    Validated by Monte-Carlo checks (4 standard errors): response rates, the censoring
    fraction ``2**-3`` at three medians, the Kaplan-Meier median (``tests/test_simulate.py``).

    Examples
    --------
    >>> from il2kit.simulate import simulate_response_vs_survival
    >>> pts = simulate_response_vs_survival(300, 0.05, 0.20, median_os_control_months=12,
    ...                                     rng=5)
    >>> pts.groupby("arm")["responded"].mean().round(2).tolist()
    [0.05, 0.2]
    """
    n_per_arm = check_positive_count("n_per_arm", n_per_arm)
    rc = check_probability("control_rate", control_rate, closed=True)
    re_ = check_probability("experimental_rate", experimental_rate, closed=True)
    median = check_positive_number("median_os_control_months", median_os_control_months)
    hr_resp = check_positive_number("os_hr_responders", os_hr_responders)
    hr_arm = check_positive_number("os_benefit", os_benefit)
    # exponential scale (mean survival) of each (responded, experimental) combination
    log_scale = {
        (a, b): math.log(median)
        - math.log(math.log(2))
        - a * math.log(hr_resp)
        - b * math.log(hr_arm)
        for a in (0, 1)
        for b in (0, 1)
    }
    for value in log_scale.values():
        check_time_scale("median_os_control_months, os_hr_responders and os_benefit", value)
    follow = (
        3 * median
        if follow_up_months is None
        else check_positive_number("follow_up_months", follow_up_months)
    )
    n_trials = check_n_trials(n_trials)
    gen = coerce_rng(rng)
    experimental = np.tile(np.repeat([False, True], n_per_arm), n_trials)
    size = experimental.size
    responded = gen.random(size) < np.where(experimental, re_, rc)
    scales = np.exp(
        [[log_scale[(0, 0)], log_scale[(0, 1)]], [log_scale[(1, 0)], log_scale[(1, 1)]]]
    )
    death = gen.exponential(scales[responded.astype(int), experimental.astype(int)])
    return pd.DataFrame(
        {
            "trial": np.repeat(np.arange(n_trials), 2 * n_per_arm),
            "arm": np.where(experimental, "experimental", "control"),
            "responded": responded,
            "time": np.minimum(death, follow),
            "event": (death <= follow).astype(int),
        }
    )

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
from scipy import optimize, stats

from il2kit._validation import (
    check_confidence_level,
    check_int_range,
    check_positive_count,
    check_probability,
    coerce_rng,
)

__all__ = [
    "simulate_single_arm",
    "simulate_simon",
    "simulate_pick_the_winner",
    "simulate_response_vs_survival",
    "simulate_selection",
    "simulate_guarantee_time",
]


def _check_positive(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"`{name}` must be a number, got {value!r}.")
    value = float(value)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"Invalid {name}={value!r}; must be a finite number > 0.")
    return value


def _exact_limits(n: int, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Clopper-Pearson limits for every possible count 0..n (then indexed per trial)."""
    x = np.arange(n + 1)
    a = (1 - level) / 2
    with np.errstate(invalid="ignore"):
        low = np.where(x == 0, 0.0, stats.beta.ppf(a, x, n - x + 1))
        high = np.where(x == n, 1.0, stats.beta.ppf(1 - a, x + 1, n - x))
    return low, high


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
        Add exact (Clopper-Pearson) intervals. They are computed once for each possible count
        0..n and looked up, so even a million trials take well under a second.
    confidence_level : float, default 0.95
    rng : numpy.random.Generator, int or None

    Returns
    -------
    pandas.DataFrame
        One row per trial: ``trial``, ``responders``, ``observed_rate``; with ``with_ci``
        also ``ci_low``, ``ci_high``, ``covers`` (the interval contains ``true_rate``); with
        ``threshold`` also ``above_threshold``.

    Examples
    --------
    >>> from il2kit.simulate import simulate_single_arm
    >>> sims = simulate_single_arm(0.15, 40, n_trials=20_000, rng=1)
    >>> round(float(sims["observed_rate"].mean()), 2), bool(sims["covers"].mean() >= 0.95)
    (0.15, True)
    """
    p = check_probability("true_rate", true_rate, closed=True)
    n = check_positive_count("n", n)
    n_trials = check_positive_count("n_trials", n_trials)
    gen = coerce_rng(rng)
    responders = gen.binomial(n, p, size=n_trials)
    out: dict[str, np.ndarray] = {
        "trial": np.arange(n_trials),
        "responders": responders,
        "observed_rate": responders / n,
    }
    if with_ci:
        low, high = _exact_limits(n, check_confidence_level(confidence_level))
        out["ci_low"] = low[responders]
        out["ci_high"] = high[responders]
        out["covers"] = (out["ci_low"] <= p) & (p <= out["ci_high"])
    if threshold is not None:
        thr = check_probability("threshold", threshold, closed=True)
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
    try:
        r1, n1, r, n = (int(getattr(design, k)) for k in ("r1", "n1", "r", "n"))
    except AttributeError as exc:
        raise TypeError(
            f"`design` must be a SimonDesign (with r1, n1, r, n), got {design!r}."
        ) from exc
    if not 0 < n1 < n or not 0 <= r1 < n1 or not r1 <= r < n:
        raise ValueError(
            f"Invalid design r1={r1}, n1={n1}, r={r}, n={n}; need 0 <= r1 < n1 < n, r1 <= r < n."
        )
    p = check_probability("true_rate", true_rate, closed=True)
    n_trials = check_positive_count("n_trials", n_trials)
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

    Examples
    --------
    >>> from il2kit.simulate import simulate_pick_the_winner
    >>> sims = simulate_pick_the_winner([0.15, 0.15, 0.15, 0.15], 25, 200, rng=3)
    >>> bool(sims["phase2_rate"].mean() > 0.2), round(float(sims["phase3_rate"].mean()), 2)
    (True, 0.15)
    """
    rates = np.asarray(true_rates, dtype=float)
    if rates.ndim != 1 or rates.size < 2:
        raise ValueError(f"`true_rates` must list at least two rates, got {true_rates!r}.")
    if np.any(~np.isfinite(rates)) or np.any((rates < 0) | (rates > 1)):
        raise ValueError(f"Invalid true_rates={rates.tolist()}; every rate must lie in [0, 1].")
    n_phase2 = check_positive_count("n_phase2", n_phase2)
    n_phase3 = check_positive_count("n_phase3", n_phase3)
    n_trials = check_positive_count("n_trials", n_trials)
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
    rate_control: float,
    rate_experimental: float,
    *,
    median_os_control_months: float,
    os_hr_responders: float = 1.0,
    os_benefit: float = 1.0,
    follow_up_months: float | None = None,
    n_trials: int = 1,
    rng: object = None,
) -> pd.DataFrame:
    """A randomised trial with two endpoints: tumour response and overall survival.

    Model: each patient responds with the arm's response rate; survival time is exponential
    with hazard ``log(2) / median_os_control_months``, multiplied by ``os_hr_responders`` if
    the patient responded and by ``os_benefit`` in the experimental arm. With the defaults
    (both 1) response has no bearing on death, so the experimental arm can show many more
    responses and yet no survival gain; values below 1 add a survival effect through response or
    directly. Patients alive at ``follow_up_months`` (default 3 control medians) are censored.

    Parameters
    ----------
    n_per_arm : int
    rate_control, rate_experimental : float
        Response probabilities, in [0, 1].
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

    Examples
    --------
    >>> from il2kit.simulate import simulate_response_vs_survival
    >>> pts = simulate_response_vs_survival(300, 0.05, 0.20, median_os_control_months=12,
    ...                                     rng=5)
    >>> pts.groupby("arm")["responded"].mean().round(2).tolist()
    [0.05, 0.2]
    """
    n_per_arm = check_positive_count("n_per_arm", n_per_arm)
    rc = check_probability("rate_control", rate_control, closed=True)
    re_ = check_probability("rate_experimental", rate_experimental, closed=True)
    median = _check_positive("median_os_control_months", median_os_control_months)
    hr_resp = _check_positive("os_hr_responders", os_hr_responders)
    hr_arm = _check_positive("os_benefit", os_benefit)
    follow = (
        3 * median
        if follow_up_months is None
        else _check_positive("follow_up_months", follow_up_months)
    )
    n_trials = check_positive_count("n_trials", n_trials)
    gen = coerce_rng(rng)
    experimental = np.tile(np.repeat([False, True], n_per_arm), n_trials)
    size = experimental.size
    responded = gen.random(size) < np.where(experimental, re_, rc)
    hazard = (math.log(2) / median) * np.where(responded, hr_resp, 1.0)
    hazard = hazard * np.where(experimental, hr_arm, 1.0)
    death = gen.exponential(1.0 / hazard)
    return pd.DataFrame(
        {
            "trial": np.repeat(np.arange(n_trials), 2 * n_per_arm),
            "arm": np.where(experimental, "experimental", "control"),
            "responded": responded,
            "time": np.minimum(death, follow),
            "event": (death <= follow).astype(int),
        }
    )


#: Share of screened patients with ECOG performance status 0, 1, 2 in :func:`simulate_selection`.
PERFORMANCE_STATUS_MIX = (0.35, 0.45, 0.20)


def simulate_selection(
    n_screened: int,
    *,
    base_rate: float = 0.15,
    odds_ratio_per_ps: float = 0.4,
    max_performance_status: int = 0,
    ps_mix: tuple[float, float, float] = PERFORMANCE_STATUS_MIX,
    rng: object = None,
) -> pd.DataFrame:
    """Patient selection: strict eligibility makes a drug look better than it is.

    Screened patients have an ECOG performance status (0 = fully active, 1, 2) drawn from
    ``ps_mix``. The odds of response are multiplied by ``odds_ratio_per_ps`` for every step
    worse, with the intercept chosen so that the response rate of *all* screened patients is
    ``base_rate``. Only patients with status ``<= max_performance_status`` are enrolled (the
    high-dose IL-2 trials took fit patients), so the enrolled response rate exceeds what the
    wider population would see.

    Parameters
    ----------
    n_screened : int
        Patients screened.
    base_rate : float, default 0.15
        Expected response rate in the whole screened population, in (0, 1).
    odds_ratio_per_ps : float, default 0.4
        Response odds ratio per one-step worse performance status (> 0; 1 = no effect).
    max_performance_status : int, default 0
        Eligibility: 0 is strict, 2 enrols everyone.
    ps_mix : tuple of three floats
        Shares of status 0, 1, 2 among screened patients (non-negative, summing to 1).
    rng : numpy.random.Generator, int or None

    Returns
    -------
    pandas.DataFrame
        One row per screened patient: ``patient``, ``performance_status``,
        ``response_probability``, ``responded`` (bool) and ``enrolled`` (bool).

    Examples
    --------
    >>> from il2kit.simulate import simulate_selection
    >>> pts = simulate_selection(100_000, base_rate=0.15, rng=2)
    >>> everyone = pts["responded"].mean()
    >>> enrolled = pts.loc[pts["enrolled"], "responded"].mean()
    >>> round(float(everyone), 2), round(float(enrolled), 2)
    (0.15, 0.25)
    """
    n_screened = check_positive_count("n_screened", n_screened)
    base = check_probability("base_rate", base_rate)
    ratio = _check_positive("odds_ratio_per_ps", odds_ratio_per_ps)
    max_ps = check_int_range("max_performance_status", max_performance_status, 0, 2)
    mix = np.asarray(ps_mix, dtype=float)
    if mix.shape != (3,) or np.any(mix < 0) or not math.isclose(mix.sum(), 1.0):
        raise ValueError(f"Invalid ps_mix={ps_mix!r}; give three non-negative shares summing to 1.")
    levels = np.arange(3)
    slope = math.log(ratio)

    def average_rate(intercept: float) -> float:
        return float(np.sum(mix * _expit(intercept + slope * levels))) - base

    intercept = optimize.brentq(average_rate, -50, 50, xtol=1e-12)
    probs = _expit(intercept + slope * levels)
    gen = coerce_rng(rng)
    ps = gen.choice(3, size=n_screened, p=mix)
    prob = probs[ps]
    return pd.DataFrame(
        {
            "patient": np.arange(n_screened),
            "performance_status": ps,
            "response_probability": prob,
            "responded": gen.random(n_screened) < prob,
            "enrolled": ps <= max_ps,
        }
    )


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def simulate_guarantee_time(
    n_patients: int,
    *,
    median_os_months: float = 12.0,
    response_rate: float = 0.3,
    median_time_to_response_months: float = 3.0,
    follow_up_months: float | None = None,
    n_trials: int = 1,
    rng: object = None,
) -> pd.DataFrame:
    """Guarantee-time (immortal-time) bias: responders seem to live longer for free.

    Survival does not depend on response at all: every patient's death time is exponential
    with median ``median_os_months``. A patient who would respond (probability
    ``response_rate``) does so after an exponential time with median
    ``median_time_to_response_months``, but only if still alive then. Comparing "responders"
    with "non-responders" from the start of treatment therefore favours responders: they had to
    survive long enough to respond. A landmark analysis (classify patients by response at a
    fixed time and follow only those alive then) removes most of the bias.

    Parameters
    ----------
    n_patients : int
    median_os_months : float, default 12
    response_rate : float, default 0.3
        Probability that a patient would respond given enough time, in [0, 1].
    median_time_to_response_months : float, default 3
    follow_up_months : float, optional
        Administrative censoring time (default: no censoring).
    n_trials : int, default 1
    rng : numpy.random.Generator, int or None

    Returns
    -------
    pandas.DataFrame
        One row per patient: ``trial``, ``patient``, ``responded`` (bool),
        ``time_to_response`` (months; NaN for non-responders), ``time`` (months from start of
        treatment) and ``event`` (1 death, 0 censored).

    Examples
    --------
    >>> from il2kit.simulate import simulate_guarantee_time
    >>> pts = simulate_guarantee_time(20_000, rng=4)
    >>> pts.groupby("responded")["time"].median().round(1).tolist()  # [no, yes]
    [10.6, 15.4]
    """
    n_patients = check_positive_count("n_patients", n_patients)
    median = _check_positive("median_os_months", median_os_months)
    rate = check_probability("response_rate", response_rate, closed=True)
    ttr = _check_positive("median_time_to_response_months", median_time_to_response_months)
    follow = (
        math.inf
        if follow_up_months is None
        else _check_positive("follow_up_months", follow_up_months)
    )
    n_trials = check_positive_count("n_trials", n_trials)
    gen = coerce_rng(rng)
    size = n_patients * n_trials
    death = gen.exponential(median / math.log(2), size=size)
    would_respond = gen.random(size) < rate
    response_time = gen.exponential(ttr / math.log(2), size=size)
    responded = would_respond & (response_time < np.minimum(death, follow))
    return pd.DataFrame(
        {
            "trial": np.repeat(np.arange(n_trials), n_patients),
            "patient": np.tile(np.arange(n_patients), n_trials),
            "responded": responded,
            "time_to_response": np.where(responded, response_time, np.nan),
            "time": np.minimum(death, follow),
            "event": (death <= follow).astype(int),
        }
    )

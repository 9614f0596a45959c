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
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import optimize, special

from il2kit._validation import (
    as_count_array,
    as_probability_array,
    check_confidence_level,
    check_count,
    check_flag,
    check_int_range,
    check_positive_count,
    check_positive_number,
    check_probability,
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
    "simulate_cure_fraction",
    "simulate_publication",
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
    n_trials = check_positive_count("n_trials", n_trials)
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
    if not all(hasattr(design, k) for k in ("r1", "n1", "r", "n")):
        raise TypeError(f"`design` must be a SimonDesign (with r1, n1, r, n), got {design!r}.")
    r1, n1, r, n = (check_count(f"design.{k}", getattr(design, k)) for k in ("r1", "n1", "r", "n"))
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
    rates = as_probability_array("true_rates", true_rates)
    if rates.size < 2:
        raise ValueError(f"`true_rates` must list at least two rates, got {rates.tolist()}.")
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
    n_trials = check_positive_count("n_trials", n_trials)
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


#: Share of screened patients with ECOG performance status 0, 1, 2 in :func:`simulate_selection`.
PERFORMANCE_STATUS_MIX = (0.35, 0.45, 0.20)


def simulate_selection(
    n_screened: int,
    *,
    population_rate: float = 0.15,
    odds_ratio_per_ps: float = 0.4,
    max_performance_status: int = 0,
    ps_mix: tuple[float, float, float] = PERFORMANCE_STATUS_MIX,
    rng: object = None,
) -> pd.DataFrame:
    """Patient selection: strict eligibility makes a drug look better than it is.

    Screened patients have an ECOG performance status (0 = fully active, 1, 2) drawn from
    ``ps_mix``. The odds of response are multiplied by ``odds_ratio_per_ps`` for every step
    worse, with the intercept chosen so that the response rate of *all* screened patients is
    ``population_rate``. Only patients with status ``<= max_performance_status`` are enrolled (the
    high-dose IL-2 trials took fit patients), so the enrolled response rate exceeds what the
    wider population would see.

    Parameters
    ----------
    n_screened : int
        Patients screened.
    population_rate : float, default 0.15
        True response rate of the whole screened population, in (0, 1).
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
    >>> pts = simulate_selection(100_000, population_rate=0.15, rng=2)
    >>> everyone = pts["responded"].mean()
    >>> enrolled = pts.loc[pts["enrolled"], "responded"].mean()
    >>> round(float(everyone), 2), round(float(enrolled), 2)
    (0.15, 0.25)
    """
    n_screened = check_positive_count("n_screened", n_screened)
    population = check_probability("population_rate", population_rate)
    ratio = check_positive_number("odds_ratio_per_ps", odds_ratio_per_ps)
    max_ps = check_int_range("max_performance_status", max_performance_status, 0, 2)
    mix = as_probability_array("ps_mix", ps_mix)
    if mix.shape != (3,) or not math.isclose(mix.sum(), 1.0, rel_tol=1e-9):
        raise ValueError(
            f"Invalid ps_mix={mix.tolist()}; give three non-negative shares summing to 1."
        )
    levels = np.arange(3)[mix > 0]
    slope = math.log(ratio)
    log_mix = np.log(mix[mix > 0])
    target = math.log(population)

    def log_average_rate(intercept: float) -> float:  # log sum_l mix_l expit(intercept + s l)
        return float(special.logsumexp(log_mix + special.log_expit(intercept + slope * levels)))

    # Every level's logit is below (above) logit(population_rate) at the ends of this bracket,
    # so the mixture rate is too; in log space, rates as small as 1e-300 are solved exactly.
    centre = float(special.logit(population))
    low, high = centre - max(0.0, 2 * slope) - 1.0, centre + max(0.0, -2 * slope) + 1.0
    intercept = optimize.brentq(
        lambda c: log_average_rate(c) - target, low, high, xtol=1e-12, rtol=1e-15
    )
    probs = special.expit(intercept + slope * np.arange(3))
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


def simulate_guarantee_time(
    n_patients: int,
    *,
    median_os_months: float = 12.0,
    true_rate: float = 0.3,
    median_time_to_response_months: float = 3.0,
    follow_up_months: float | None = None,
    n_trials: int = 1,
    rng: object = None,
) -> pd.DataFrame:
    """Guarantee-time (immortal-time) bias: responders seem to live longer for free.

    Survival does not depend on response at all: every patient's death time is exponential
    with median ``median_os_months``. A patient who would respond (probability
    ``true_rate``) does so after an exponential time with median
    ``median_time_to_response_months``, but only if still alive then. Comparing "responders"
    with "non-responders" from the start of treatment therefore favours responders: they had to
    survive long enough to respond. A landmark analysis (classify patients by response at a
    fixed time and follow only those alive then) removes most of the bias.

    Parameters
    ----------
    n_patients : int
    median_os_months : float, default 12
    true_rate : float, default 0.3
        True probability that a patient would respond given enough time, in [0, 1].
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
    median = check_positive_number("median_os_months", median_os_months)
    rate = check_probability("true_rate", true_rate, closed=True)
    ttr = check_positive_number("median_time_to_response_months", median_time_to_response_months)
    check_time_scale("median_os_months", math.log(median) - math.log(math.log(2)))
    check_time_scale("median_time_to_response_months", math.log(ttr) - math.log(math.log(2)))
    follow = (
        math.inf
        if follow_up_months is None
        else check_positive_number("follow_up_months", follow_up_months)
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


# --- lessons 11-16 -----------------------------------------------------------------------------


def simulate_cure_fraction(
    n_patients: int,
    *,
    median_os_months: float,
    cure_fraction: float | Mapping[str, float],
    follow_up_months: float | tuple[float, float] = (72.0, 132.0),
    n_trials: int = 1,
    rng: object = None,
) -> pd.DataFrame:
    """A cohort with a plateau: a cured fraction plus constant-rate deaths (a cure model).

    A share ``cure_fraction`` (``c``) of patients does not die of the disease during follow-up;
    the others die at a constant rate ``lambda`` chosen so that the median survival of the
    *whole* cohort is ``median_os_months``::

        S(t) = c + (1 - c) exp(-lambda t),   lambda = log((1 - c) / (0.5 - c)) / median

    so cohorts with one median can have very different tails (the durable complete responses of
    high-dose IL-2). Every patient is followed for ``follow_up_months`` and censored then if
    alive. A mapping ``{label: c}`` makes one group of ``n_patients`` per label in every trial
    (a column ``group``), ready for :func:`il2kit.survival.logrank`.

    Parameters
    ----------
    n_patients : int
        Patients per cohort, or per group (>= 1).
    median_os_months : float
        Median overall survival of each cohort (> 0).
    cure_fraction : float or mapping of str to float
        Share of patients who never die of the disease, in [0, 0.5): with half or more cured
        the median is never reached. A mapping gives each group's label and share.
    follow_up_months : float or (float, float), default (72, 132)
        A fixed follow-up time, or the limits of a uniform follow-up time (months, > 0).
    n_trials : int, default 1
        Independent cohorts (or sets of groups).
    rng : numpy.random.Generator, int or None

    Returns
    -------
    pandas.DataFrame
        One row per patient: ``trial``, (``group``, for a mapping), ``patient``, ``cured``
        (bool), ``time`` (months) and ``event`` (1 death, 0 censored), ready for
        :func:`il2kit.survival.kaplan_meier`; rows ordered by trial, then group.

    Raises
    ------
    ValueError, TypeError
        For invalid arguments; each message names the argument.

    Notes
    -----
    Draws, for each group in turn (all trials at once): who is cured (uniform < ``c``), each
    patient's exponential death time (infinite for the cured), each follow-up time. Validated
    by Monte-Carlo checks (4 standard errors) of the cured share, the Kaplan-Meier median and
    survival at 5 years against ``S(t)`` above (``tests/test_simulate.py``).

    Examples
    --------
    >>> from il2kit.simulate import simulate_cure_fraction
    >>> cohort = simulate_cure_fraction(20_000, median_os_months=16.3, cure_fraction=0.15,
    ...                                 rng=1)
    >>> from il2kit.survival import kaplan_meier
    >>> km = kaplan_meier(cohort["time"], cohort["event"])
    >>> round(km.median, 1), round(float(km.survival_at(60)), 2)
    (16.2, 0.19)
    >>> two = simulate_cure_fraction(100, median_os_months=12,
    ...                              cure_fraction={"none": 0.0, "plateau": 0.2}, rng=2)
    >>> two.groupby("group", sort=False)["cured"].sum().to_dict()
    {'none': 0, 'plateau': 14}
    """
    n_patients = check_positive_count("n_patients", n_patients)
    median = check_positive_number("median_os_months", median_os_months)
    groups = isinstance(cure_fraction, Mapping)
    given: dict[object, object] = {}
    if isinstance(cure_fraction, Mapping):
        given.update(cure_fraction)
    else:
        given[None] = cure_fraction
    if not given:
        raise ValueError("`cure_fraction` is an empty mapping; give at least one group.")
    fractions: dict[object, tuple[float, float]] = {}
    for label, value in given.items():
        c = check_probability("cure_fraction", value, closed=True)
        if c >= 0.5:
            raise ValueError(
                f"Invalid cure_fraction={c!r}; must lie in [0, 0.5): with half the patients or "
                "more cured the median survival is never reached."
            )
        rate = math.log((1 - c) / (0.5 - c)) / median
        check_time_scale("median_os_months and cure_fraction", -math.log(rate))
        fractions[label] = (c, rate)
    if isinstance(follow_up_months, tuple):
        if len(follow_up_months) != 2:
            raise ValueError(
                f"Invalid follow_up_months={follow_up_months!r}; give one time or a pair "
                "(shortest, longest)."
            )
        low = check_positive_number("follow_up_months", follow_up_months[0])
        high = check_positive_number("follow_up_months", follow_up_months[1])
        if low > high:
            raise ValueError(
                f"Invalid follow_up_months={follow_up_months!r}; the shortest follow-up comes "
                "first."
            )
    else:
        low = high = check_positive_number("follow_up_months", follow_up_months)
    n_trials = check_positive_count("n_trials", n_trials)
    gen = coerce_rng(rng)
    size = n_patients * n_trials
    frames = []
    for label, (c, rate) in fractions.items():
        cured = gen.random(size) < c
        death = np.where(cured, np.inf, gen.exponential(1 / rate, size))
        follow = gen.uniform(low, high, size)
        frame = pd.DataFrame(
            {
                "trial": np.repeat(np.arange(n_trials), n_patients),
                "patient": np.tile(np.arange(n_patients), n_trials),
                "cured": cured,
                "time": np.minimum(death, follow),
                "event": (death <= follow).astype(int),
            }
        )
        if groups:
            frame.insert(1, "group", label)
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values("trial", kind="stable", ignore_index=True)


#: Trial sizes drawn (equally likely) by :func:`simulate_publication`.
PUBLICATION_SIZES = (15, 20, 25, 30, 40, 50, 60, 80, 100, 150)


def simulate_publication(
    n_trials: int,
    *,
    true_rate: float,
    sizes: object = PUBLICATION_SIZES,
    min_rate: float = 0.20,
    always_published_n: int = 100,
    rng: object = None,
) -> pd.DataFrame:
    """Single-arm trials of mixed sizes, and the ones a selective literature publishes.

    Each trial's size is drawn from ``sizes`` (equally likely) and its responders are binomial
    with probability ``true_rate``. A trial is *published* if it looks promising (observed rate
    at least ``min_rate``) or if it is large (at least ``always_published_n`` patients), which
    is published whatever it shows: publication bias with a known truth.

    Parameters
    ----------
    n_trials : int
        Trials run (>= 1).
    true_rate : float
        True response probability of every trial, in [0, 1].
    sizes : sequence of int, default ``PUBLICATION_SIZES``
        Possible trial sizes (each >= 1).
    min_rate : float, default 0.20
        Observed response rate from which a small trial is published, in [0, 1].
    always_published_n : int, default 100
        Size from which a trial is published whatever it shows (>= 1).
    rng : numpy.random.Generator, int or None

    Returns
    -------
    pandas.DataFrame
        One row per trial, ordered by size: ``trial``, ``n``, ``responders``, ``rate``
        (observed) and ``published`` (bool).

    Notes
    -----
    Draws the sizes first, then, for each distinct size in increasing order, the responders of
    its trials with :func:`simulate_single_arm` on the same generator. Validated by
    Monte-Carlo checks of the sizes' shares and the mean rate, and by the publication rule
    applied row by row (``tests/test_simulate.py``).

    Examples
    --------
    >>> from il2kit.simulate import simulate_publication
    >>> trials = simulate_publication(300, true_rate=0.15, rng=12)
    >>> int(trials["published"].sum()), round(float(trials["rate"].mean()), 3)
    (134, 0.151)
    """
    n_trials = check_positive_count("n_trials", n_trials)
    p = check_probability("true_rate", true_rate, closed=True)
    choices = as_count_array("sizes", sizes)
    if choices.size == 0 or np.any(choices < 1):
        raise ValueError(f"Invalid sizes={choices.tolist()}; give one or more sizes >= 1.")
    threshold = check_probability("min_rate", min_rate, closed=True)
    large = check_positive_count("always_published_n", always_published_n)
    gen = coerce_rng(rng)
    drawn = gen.choice(choices, size=n_trials)
    frames = [
        simulate_single_arm(
            p, int(n), n_trials=int((drawn == n).sum()), with_ci=False, rng=gen
        ).assign(n=int(n))
        for n in np.unique(drawn)
    ]
    trials = pd.concat(frames, ignore_index=True)
    rate = trials["responders"] / trials["n"]
    return pd.DataFrame(
        {
            "trial": np.arange(len(trials)),
            "n": trials["n"].to_numpy(),
            "responders": trials["responders"].to_numpy(),
            "rate": rate.to_numpy(),
            "published": ((rate >= threshold) | (trials["n"] >= large)).to_numpy(),
        }
    )

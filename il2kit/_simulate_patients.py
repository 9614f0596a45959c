"""Patient-level simulators of :mod:`il2kit.simulate` (private; import them from there).

Selection by performance status (:func:`simulate_selection`) and guarantee-time bias
(:func:`simulate_guarantee_time`), kept in their own module so that each module stays short.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import optimize, special

from il2kit._validation import (
    check_int_range,
    check_n_trials,
    check_positive_count,
    check_positive_number,
    check_probability,
    check_shares,
    check_time_scale,
    coerce_rng,
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

    Raises
    ------
    ValueError, TypeError
        For invalid arguments, each named. Extreme but valid values (``population_rate=1e-30``,
        ``odds_ratio_per_ps=1e300``) are solved exactly: the intercept is found by
        :func:`scipy.optimize.brentq` on the log of the mixture rate, in a bracket where every
        level's logit lies on one side of ``logit(population_rate)``.

    Notes
    -----
    Validated exactly (the mixture of the three level rates equals ``population_rate`` to
    1e-9 relative, their odds ratios equal ``odds_ratio_per_ps``) and by Monte-Carlo checks of
    the observed response rates (4 standard errors; ``tests/test_simulate.py``).

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
    mix = check_shares("ps_mix", ps_mix, 3)
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

    Raises
    ------
    ValueError, TypeError
        For invalid arguments, each named; a ValueError naming the median when its
        exponential time scale leaves [1e-300, 1e300] months.

    Notes
    -----
    Validated by Monte-Carlo checks (4 standard errors) against the closed form
    ``P(respond) = true_rate * l_r / (l_r + l_d)`` and the exponential median
    (``tests/test_simulate.py``).

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
    n_trials = check_n_trials(n_trials)
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

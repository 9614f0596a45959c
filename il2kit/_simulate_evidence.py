"""Simulators of the survival and pooling lessons (11, 12, 16), re-exported by
:mod:`il2kit.simulate`: a trial whose survival has a cured fraction (the plateau of durable
responses), and a literature in which small negative trials go unpublished (publication bias).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from il2kit._validation import (
    as_count_array,
    check_n_trials,
    check_positive_count,
    check_positive_number,
    check_probability,
    check_time_scale,
    coerce_rng,
)

__all__ = ["simulate_cure_fraction", "simulate_publication", "PUBLICATION_SIZES"]


def _simulate() -> Any:
    """:mod:`il2kit.simulate`, imported when first needed (it re-exports this module)."""
    import il2kit.simulate

    return il2kit.simulate


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
    n_trials = check_n_trials(n_trials)
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
    n_trials = check_n_trials(n_trials)
    p = check_probability("true_rate", true_rate, closed=True)
    choices = as_count_array("sizes", sizes)
    if choices.size == 0 or np.any(choices < 1):
        raise ValueError(f"Invalid sizes={choices.tolist()}; give one or more sizes >= 1.")
    threshold = check_probability("min_rate", min_rate, closed=True)
    large = check_positive_count("always_published_n", always_published_n)
    gen = coerce_rng(rng)
    drawn = gen.choice(choices, size=n_trials)
    frames = [
        _simulate()
        .simulate_single_arm(p, int(n), n_trials=int((drawn == n).sum()), with_ci=False, rng=gen)
        .assign(n=int(n))
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

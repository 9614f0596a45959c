"""Simulators of the trial-design lessons 08-10, re-exported by :mod:`il2kit.simulate`.

Kept apart so each module stays short: a Monte-Carlo check of Simon designs against their exact
figures, confounding by a doctor's choice of treatment (and what stratification and
randomization do about it), and the power of a trial on two endpoints.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from il2kit._simulate_patients import simulate_selection
from il2kit._validation import (
    as_probability_array,
    check_n_trials,
    check_positive_count,
    check_probability,
    coerce_rng,
)


def _simulate() -> Any:
    """:mod:`il2kit.simulate`, imported when first needed (it re-exports this module)."""
    import il2kit.simulate

    return il2kit.simulate


__all__ = [
    "simon_monte_carlo",
    "simulate_confounding",
    "confounding_estimates",
    "endpoint_power",
    "DOCTOR_CHOICE",
]


#: Quantities of :func:`simon_monte_carlo`: name -> (column of :func:`simulate_simon`, column of
#: ``SimonDesign.operating_characteristics``).
SIMON_QUANTITIES = {
    "P(promising)": ("declared_active", "prob_reject_null"),
    "P(stop early)": ("stopped_early", "pet"),
    "expected patients": ("n_enrolled", "en"),
}


def simon_monte_carlo(
    designs: object,
    true_rates: object,
    *,
    n_trials: int = 20_000,
    rng: object = None,
) -> pd.DataFrame:
    """Check a Simon design's exact figures against simulated trials.

    For each design and true rate, :func:`simulate_simon` runs ``n_trials`` trials; the mean of
    each outcome is set beside the exact figure of ``design.operating_characteristics``, with its
    Monte-Carlo standard error (MC SE: the outcome's standard deviation over the simulated trials
    divided by ``sqrt(n_trials)``) and ``z``, the gap in MC SEs. If the exact figures are right,
    ``z`` behaves like a standard normal draw (within about +/-2 nineteen times in twenty).

    Parameters
    ----------
    designs : SimonDesign or sequence of SimonDesign
    true_rates : float or array_like of float
        True response rates in [0, 1].
    n_trials : int, default 20000
        Simulated trials per design and rate.
    rng : numpy.random.Generator, int or None
        One stream for all the simulations, used design by design and rate by rate.

    Returns
    -------
    pandas.DataFrame
        One row per design, rate and quantity: ``criterion``, ``true_rate``, ``quantity``
        (``"P(promising)"``, ``"P(stop early)"``, ``"expected patients"``), ``exact``,
        ``simulated``, ``mc_se`` and ``z``. ``z`` is NaN where no simulated trial varied
        (``mc_se`` 0, e.g. at a true rate of 0).

    Notes
    -----
    The exact figures are the design's (validated against Simon 1989 and clinfun); the
    simulated ones are the means of :func:`simulate_simon`. Checked in
    ``tests/test_simulate.py``: ``simulated`` equals the mean of ``simulate_simon`` drawn from
    the same stream, ``mc_se`` equals the binomial formula ``sqrt(p (1 - p) / n_trials)`` for
    the two probabilities, and over 24 comparisons ``z`` stays within +/-4.

    Examples
    --------
    >>> from il2kit.design import simon_design
    >>> from il2kit.simulate import simon_monte_carlo
    >>> d = simon_design(0.05, 0.20)
    >>> check = simon_monte_carlo(d, [0.05, 0.20], n_trials=20_000, rng=1)
    >>> print(check[["true_rate", "quantity", "exact"]].round(3).head(3).to_string(index=False))
     true_rate          quantity  exact
          0.05      P(promising)  0.047
          0.05     P(stop early)  0.599
          0.05 expected patients 17.624
    >>> bool(check["z"].abs().max() < 4)
    True
    """
    many: list[Any] = list(designs) if isinstance(designs, (list, tuple)) else [designs]
    if not many:
        raise ValueError("`designs` must hold at least one SimonDesign, got an empty sequence.")
    for d in many:
        if not hasattr(d, "operating_characteristics"):
            raise TypeError(f"`designs` must hold SimonDesign objects, got {d!r}.")
    rates = as_probability_array(
        "true_rates",
        [true_rates] if np.ndim(true_rates) == 0 else true_rates,  # type: ignore[arg-type]
    )
    n_trials = check_n_trials(n_trials)
    gen = coerce_rng(rng)
    rows = []
    for d in many:
        exact = d.operating_characteristics(rates)
        for i, p in enumerate(rates.tolist()):
            sims = _simulate().simulate_simon(d, p, n_trials=n_trials, rng=gen)
            for quantity, (column, oc_column) in SIMON_QUANTITIES.items():
                values = sims[column].to_numpy(float)
                mc_se = float(values.std(ddof=1) / math.sqrt(n_trials)) if n_trials > 1 else 0.0
                exact_value = float(exact[oc_column].iloc[i])
                simulated = float(values.mean())
                rows.append(
                    {
                        "criterion": d.criterion,
                        "true_rate": p,
                        "quantity": quantity,
                        "exact": exact_value,
                        "simulated": simulated,
                        "mc_se": mc_se,
                        "z": (simulated - exact_value) / mc_se if mc_se > 0 else math.nan,
                    }
                )
    return pd.DataFrame(rows)


#: Chance of treatment for ECOG performance status 0, 1, 2 under doctor's choice, in
#: :func:`simulate_confounding`: doctors give the new treatment mostly to fit patients.
DOCTOR_CHOICE = (0.9, 0.5, 0.1)


def simulate_confounding(
    n_clinics: int = 2000,
    n_per_clinic: int = 400,
    *,
    population_rate: float = 0.15,
    odds_ratio_per_ps: float = 0.4,
    treat_probability: tuple[float, float, float] = DOCTOR_CHOICE,
    rng: object = None,
    assignment_rng: object = None,
) -> pd.DataFrame:
    """Clinics where a useless treatment is given by doctor's choice, and by a coin.

    Patients come from :func:`simulate_selection` (everyone enrolled): performance status 0, 1
    or 2, and response odds falling with each step worse. The treatment does nothing: response
    depends on performance status alone. Each patient is then assigned twice, on the same
    patients: by *doctor's choice* (treated with probability ``treat_probability`` by status,
    so fit patients are treated more often: status confounds the comparison) and by
    *randomization* (a fair coin).

    Parameters
    ----------
    n_clinics, n_per_clinic : int
        Clinics, and patients in each (consecutive patients form a clinic).
    population_rate, odds_ratio_per_ps : float
        As in :func:`simulate_selection`.
    treat_probability : tuple of three floats, default (0.9, 0.5, 0.1)
        Chance that a patient of status 0, 1, 2 is treated under doctor's choice, each in [0, 1].
    rng : numpy.random.Generator, int or None
        Draws the patients.
    assignment_rng : numpy.random.Generator, int or None, optional
        Draws the two assignments (doctor's choice first, then the coin). By default they
        continue ``rng``; give a seed to keep the patients and redraw who is treated.

    Returns
    -------
    pandas.DataFrame
        One row per patient: ``clinic``, ``patient``, ``performance_status``,
        ``response_probability``, ``responded`` (bool), ``doctor_choice`` and ``randomized``
        (bool: treated under each assignment).

    Notes
    -----
    Checked in ``tests/test_simulate.py`` against the synthetic clinics of notebook 10 as
    :func:`il2kit.course.keys.stratification` rebuilds them independently (same seeds, same
    figures), and by Monte-Carlo checks of the treated shares by status.

    Examples
    --------
    >>> from il2kit.simulate import simulate_confounding
    >>> patients = simulate_confounding(100, 400, rng=1)
    >>> treated = patients.groupby("performance_status")["doctor_choice"].mean()
    >>> treated.round(1).tolist()
    [0.9, 0.5, 0.1]
    """
    n_clinics = check_positive_count("n_clinics", n_clinics)
    n_per_clinic = check_positive_count("n_per_clinic", n_per_clinic)
    treat = as_probability_array("treat_probability", treat_probability)
    if treat.shape != (3,):
        raise ValueError(
            f"Invalid treat_probability={treat.tolist()}; give one chance for each of the "
            "performance statuses 0, 1 and 2."
        )
    gen = coerce_rng(rng)
    patients = simulate_selection(
        n_clinics * n_per_clinic,
        population_rate=population_rate,
        odds_ratio_per_ps=odds_ratio_per_ps,
        max_performance_status=2,
        rng=gen,
    ).drop(columns="enrolled")
    assign = gen if assignment_rng is None else coerce_rng(assignment_rng)
    size = len(patients)
    doctor = assign.random(size) < treat[patients["performance_status"].to_numpy()]
    coin = assign.random(size) < 0.5
    patients.insert(0, "clinic", patients["patient"].to_numpy() // n_per_clinic)
    return patients.assign(doctor_choice=doctor, randomized=coin)


def _rate_difference(
    clinic: np.ndarray, treated: np.ndarray, responded: np.ndarray, n_clinics: int
) -> np.ndarray:
    """Response rate of the treated minus the untreated, clinic by clinic (NaN if a group is
    empty)."""
    out = []
    for arm in (True, False):
        in_arm = treated == arm
        n = np.bincount(clinic[in_arm], minlength=n_clinics).astype(float)
        r = np.bincount(clinic[in_arm], weights=responded[in_arm], minlength=n_clinics)
        with np.errstate(invalid="ignore", divide="ignore"):
            out.append(r / n)
    return out[0] - out[1]


def confounding_estimates(patients: pd.DataFrame) -> pd.DataFrame:
    """The treatment effect each clinic of :func:`simulate_confounding` would estimate.

    Three estimates of the difference in response rate, treated minus untreated (the true
    effect is zero):

    - ``doctor_choice``: all patients, treated by doctor's choice (confounded);
    - ``randomized``: all patients, treated by the coin;
    - ``mantel_haenszel``: doctor's choice, compared within each performance status and
      combined with the Mantel-Haenszel weights ``n1 n0 / (n1 + n0)`` (``n1``, ``n0``: treated
      and untreated patients of the stratum; a stratum lacking either gets no weight).

    Parameters
    ----------
    patients : pandas.DataFrame
        With columns ``clinic``, ``performance_status``, ``responded``, ``doctor_choice`` and
        ``randomized``.

    Returns
    -------
    pandas.DataFrame
        One row per clinic (index ``clinic``), columns ``doctor_choice``, ``randomized``,
        ``mantel_haenszel``; NaN where a clinic has no treated or no untreated patient.

    Notes
    -----
    The Mantel-Haenszel risk difference of Greenland & Robins (1985). Validated in
    ``tests/test_simulate.py`` against a clinic-by-clinic loop over the 2x2 tables written
    out by hand, and against the figures :func:`il2kit.course.keys.stratification` computes
    independently with pandas for notebook 10's 2,000 clinics.

    References
    ----------
    Greenland S, Robins JM (1985). Estimation of a common effect parameter from sparse
    follow-up data. Biometrics 41:55-68.

    Examples
    --------
    >>> from il2kit.simulate import confounding_estimates, simulate_confounding
    >>> estimates = confounding_estimates(simulate_confounding(500, 400, rng=1))
    >>> (estimates.mean() > 0.05).to_dict()
    {'doctor_choice': True, 'randomized': False, 'mantel_haenszel': False}
    """
    from il2kit._validation import check_frame_columns

    check_frame_columns(
        "patients",
        patients,
        ("clinic", "performance_status", "responded", "doctor_choice", "randomized"),
    )
    clinic_labels, clinic = np.unique(patients["clinic"].to_numpy(), return_inverse=True)
    n_clinics = len(clinic_labels)
    ps = patients["performance_status"].to_numpy()
    responded = patients["responded"].to_numpy(float)
    doctor = patients["doctor_choice"].to_numpy(bool)
    estimates = {
        "doctor_choice": _rate_difference(clinic, doctor, responded, n_clinics),
        "randomized": _rate_difference(
            clinic, patients["randomized"].to_numpy(bool), responded, n_clinics
        ),
    }
    weighted = np.zeros(n_clinics)
    weights = np.zeros(n_clinics)
    for status in np.unique(ps):
        here = ps == status
        n1 = np.bincount(clinic[here & doctor], minlength=n_clinics).astype(float)
        n0 = np.bincount(clinic[here & ~doctor], minlength=n_clinics).astype(float)
        diff = _rate_difference(clinic[here], doctor[here], responded[here], n_clinics)
        w = np.where((n1 > 0) & (n0 > 0), n1 * n0 / np.maximum(n1 + n0, 1), 0.0)
        weighted += w * np.nan_to_num(diff)
        weights += w
    with np.errstate(invalid="ignore", divide="ignore"):
        estimates["mantel_haenszel"] = weighted / np.where(weights > 0, weights, np.nan)
    return pd.DataFrame(estimates, index=pd.Index(clinic_labels, name="clinic"))


#: The endpoints of :func:`endpoint_power` and the test each uses.
ENDPOINT_TESTS = {"response": "Fisher's exact test", "overall survival": "log-rank test"}


def endpoint_power(
    n_per_arm: int,
    control_rate: float,
    experimental_rate: float,
    *,
    median_os_control_months: float,
    os_hr_responders: float = 1.0,
    os_benefit: float = 1.0,
    n_trials: int = 100,
    alpha: float = 0.05,
    rng: object = None,
) -> pd.DataFrame:
    """How often a randomized trial finds each of its two endpoints significant.

    Runs ``n_trials`` trials of :func:`simulate_response_vs_survival` (same arguments) and
    tests each: response with Fisher's exact test (two-sided), overall survival with the
    log-rank test. The share of trials with ``p < alpha`` is the power of that test, or its
    false-alarm rate when the arms do not truly differ on that endpoint.

    Parameters
    ----------
    n_per_arm, control_rate, experimental_rate, median_os_control_months, os_hr_responders,
    os_benefit
        As in :func:`simulate_response_vs_survival`.
    n_trials : int, default 100
    alpha : float, default 0.05
        Significance level, in (0, 1).
    rng : numpy.random.Generator, int or None

    Returns
    -------
    pandas.DataFrame
        One row per endpoint (``"response"``, ``"overall survival"``): ``endpoint``, ``test``,
        ``share_significant`` and its Monte-Carlo standard error ``mc_se``.

    Notes
    -----
    The p-values come from :func:`il2kit.compare.compare_rates` (Fisher, validated against R's
    ``fisher.test``) and :func:`il2kit.survival.logrank` (validated against ``survdiff``).
    Checked in ``tests/test_simulate.py``: the response share against the exact power of
    Fisher's test summed over every pair of binomial outcomes, and the survival share against
    ``alpha`` when response does not change survival, each within 4 MC SE.

    Examples
    --------
    >>> from il2kit.simulate import endpoint_power
    >>> table = endpoint_power(200, 0.07, 0.19, median_os_control_months=12, n_trials=50, rng=6)
    >>> print(table[["endpoint", "test"]].to_string(index=False))
            endpoint                test
            response Fisher's exact test
    overall survival       log-rank test
    """
    from il2kit.compare import compare_rates
    from il2kit.survival import logrank

    alpha = check_probability("alpha", alpha)
    n_trials = check_n_trials(n_trials)
    patients = _simulate().simulate_response_vs_survival(
        n_per_arm,
        control_rate,
        experimental_rate,
        median_os_control_months=median_os_control_months,
        os_hr_responders=os_hr_responders,
        os_benefit=os_benefit,
        n_trials=n_trials,
        rng=rng,
    )
    significant: dict[str, list[bool]] = {name: [] for name in ENDPOINT_TESTS}
    for _, trial in patients.groupby("trial", sort=True):
        experimental = (trial["arm"] == "experimental").to_numpy()
        responded = trial["responded"].to_numpy()
        response = compare_rates(
            int(responded[experimental].sum()),
            int(experimental.sum()),
            int(responded[~experimental].sum()),
            int((~experimental).sum()),
        )
        survival = logrank(trial["time"], trial["event"], trial["arm"])
        significant["response"].append(response.fisher_pvalue < alpha)
        significant["overall survival"].append(survival.pvalue < alpha)
    rows = []
    for name, test in ENDPOINT_TESTS.items():
        share = float(np.mean(significant[name]))
        rows.append(
            {
                "endpoint": name,
                "test": test,
                "share_significant": share,
                "mc_se": math.sqrt(share * (1 - share) / n_trials),
            }
        )
    return pd.DataFrame(rows)

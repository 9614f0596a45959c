"""The data each exercise is about, rebuilt outside the notebook.

The expected values are computed here, not in the notebook, so every table a notebook builds
before its exercises (a filter of the trials, a synthetic clinic drawn with a fixed seed) is
rebuilt from the kit's data files and simulators with the notebook's own rules and seeds. Each
builder names the notebook section it mirrors; ``tests/test_exercises_notebooks.py`` runs every
notebook's solution against these values, so a builder that drifts from its notebook fails there.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd


@cache
def trials() -> pd.DataFrame:
    import il2kit

    return il2kit.load_trials()


@cache
def sources() -> pd.DataFrame:
    import il2kit

    return il2kit.load_sources()


@cache
def toxicity() -> pd.DataFrame:
    import il2kit

    return il2kit.load_toxicity()


@cache
def timeline() -> pd.DataFrame:
    import il2kit

    return il2kit.load_timeline()


def arm(study: str, arm_key: str | None = None) -> pd.Series:
    """One row of ``trials.csv`` (the only arm of ``study`` if ``arm_key`` is None)."""
    t = trials()
    rows = t[t["study"].astype(str) == study]
    if arm_key is not None:
        rows = rows[rows["arm"].astype(str) == arm_key]
    if len(rows) != 1:
        raise LookupError(f"expected one row for {study}/{arm_key}, found {len(rows)}")
    return rows.iloc[0]


def counts(study: str, arm_key: str | None = None, what: str = "responders") -> tuple[int, int]:
    row = arm(study, arm_key)
    return int(row[what]), int(row["n"])


@cache
def hd_arms_12() -> pd.DataFrame:
    """Notebook 12, section 1: HD IV bolus arms with counts, each cohort once."""
    t = trials()
    keep = (
        (t["regimen"].astype(str) == "hd_il2_iv_bolus")
        & t["same_cohort_as"].isna()
        & t["responders"].notna()
        & t["n"].notna()
    )
    hd = t.loc[keep, ["study", "disease", "responders", "n"]].reset_index(drop=True)
    return hd.astype({"study": str, "disease": str, "responders": int, "n": int})


@cache
def clinics_10() -> pd.DataFrame:
    """Notebook 10, section 1: the 2,000 synthetic clinics of 400 patients, each patient treated
    by doctor's choice and by a coin.

    Rebuilt here from :func:`il2kit.simulate.simulate_selection` and a NumPy generator with the
    notebook's seeds (2002 for the patients, 10 for the assignments), not with the notebook's
    ``simulate_confounding``, so the two routes can only agree by both being right.
    """
    from il2kit import simulate

    n_per_clinic, n_clinics = 400, 2000
    patients = simulate.simulate_selection(
        n_per_clinic * n_clinics,
        population_rate=0.15,
        odds_ratio_per_ps=0.4,
        max_performance_status=2,
        rng=2002,
    )
    gen = np.random.default_rng(10)
    p_treated = np.array([0.9, 0.5, 0.1])[patients["performance_status"].to_numpy()]
    doctor = gen.random(len(patients)) < p_treated
    randomized = gen.random(len(patients)) < 0.5
    clinic = patients["patient"].to_numpy() // n_per_clinic
    return patients.assign(clinic=clinic, doctor_choice=doctor, randomized=randomized)


@cache
def guarantee_time_11() -> pd.DataFrame:
    """Notebook 11, section 4: 500 synthetic patients whose survival ignores response."""
    from il2kit import simulate

    return simulate.simulate_guarantee_time(
        500,
        median_os_months=12,
        true_rate=0.4,
        median_time_to_response_months=3,
        rng=8,
    )


TOY_TIME_11 = (2, 3, 3, 5, 8, 9, 12, 15)
TOY_EVENT_11 = (1, 1, 0, 1, 0, 1, 1, 0)


@cache
def synthetic_trials_12() -> pd.DataFrame:
    """Notebook 12, section 3: 300 synthetic single-arm trials at a true rate of 15%."""
    from il2kit import simulate

    gen = np.random.default_rng(12)
    sizes = gen.choice([15, 20, 25, 30, 40, 50, 60, 80, 100, 150], size=300)
    frames = [
        simulate.simulate_single_arm(
            0.15, int(n), n_trials=int((sizes == n).sum()), with_ci=False, rng=gen
        ).assign(n=int(n))
        for n in np.unique(sizes)
    ]
    synthetic = pd.concat(frames, ignore_index=True)
    return synthetic.assign(rate=synthetic["responders"] / synthetic["n"])

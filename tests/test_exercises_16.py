"""The independent routes of lesson 16's self-checks agree with the kit, so the two can only
agree by both being right (the registry itself is tested in test_exercises.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import il2kit
from il2kit.cox import cox_regression
from il2kit.exercises import _catalog_16 as C

AML_TIME = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
AML_EVENT = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]


def test_newton_raphson_route_matches_the_kit_with_breslow_ties():
    """R's aml data has tied death times: the route is Breslow's likelihood exactly."""
    group = np.array([0] * 11 + [1] * 12)
    beta = C.cox_breslow(AML_TIME, AML_EVENT, group)
    kit = cox_regression(AML_TIME, AML_EVENT, group, ties="breslow")
    assert beta[0] == pytest.approx(kit.table["coef"].iloc[0], rel=1e-6)
    # R: coxph(Surv(time, status) ~ x, aml, ties = "breslow") gives coef 0.9042
    assert beta[0] == pytest.approx(0.9042, abs=5e-5)


def test_route_matches_the_kit_on_the_exercise_trial():
    trial = C.direct_effect_trial_16()
    assert not trial.loc[trial["event"] == 1, "time"].duplicated().any()  # Efron = Breslow
    x = pd.DataFrame({"experimental": trial["arm"] == "experimental",
                      "responded": trial["responded"]})  # fmt: skip
    kit = cox_regression(trial["time"], trial["event"], x)
    assert C._cox_16() == pytest.approx(kit.table["hazard_ratio"].iloc[0], rel=1e-8)
    assert C._cox_16("responded") == pytest.approx(kit.table["hazard_ratio"].iloc[1], rel=1e-8)


def test_nnt_route_matches_the_kit():
    a, n_a = 44, 91
    b, n_b = 23, 92
    kit = il2kit.number_needed_to_treat(a, n_a, b, n_b)
    assert C._nnt_16() == pytest.approx(kit.nnt, rel=1e-12)


def test_exponential_median_is_median_over_ratio():
    assert C._exponential_median(21.8, 0.821) == pytest.approx(21.8 / 0.821, rel=1e-12)
    assert math.isclose(C._exponential_median(12.0, 1.0), 12.0)

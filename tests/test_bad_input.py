"""Every public function of the engine, fed bad and extreme input with warnings as errors.

The rule (CONTRACT.md, il2kit/_validation.py): a wrong *type* raises TypeError, a wrong *value*
ValueError, the message names the argument, and nothing else escapes: no numpy RuntimeWarning,
no OverflowError, LinAlgError or NaN produced silently. Valid but extreme input (counts just
below 2**53, rates of 1e-30, times of 1e308) gives a finite result instead.
"""

from __future__ import annotations

import dataclasses
import math
import re
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from il2kit.compare import compare_rates
from il2kit.cox import cox_regression, hazard_ratio
from il2kit.design import power_two_rates, sample_size_two_rates, simon_design, simon_designs
from il2kit.dosing import body_surface_area, il2_dose
from il2kit.meta import pool_odds_ratios, pool_rates
from il2kit.rates import response_rate, response_rates
from il2kit.simulate import (
    simulate_guarantee_time,
    simulate_pick_the_winner,
    simulate_response_vs_survival,
    simulate_selection,
    simulate_simon,
    simulate_single_arm,
)
from il2kit.survival import kaplan_meier, logrank

NAN, INF = float("nan"), float("inf")

# bad values by kind, each with the exception class the contract requires
BAD = {
    "count": [
        (-1, ValueError),
        (1.7, ValueError),
        (NAN, ValueError),
        (INF, ValueError),
        (2**53, ValueError),
        (1e19, ValueError),
        (10**400, ValueError),
        (np.uint64(2**63), ValueError),
        ("3", TypeError),
        (None, TypeError),
        (True, TypeError),
    ],
    "rate": [
        (-0.1, ValueError),
        (1.5, ValueError),
        (NAN, ValueError),
        (INF, ValueError),
        ("0.2", TypeError),
        (None, TypeError),
        (True, TypeError),
    ],
    "positive": [
        (0, ValueError),
        (-1.0, ValueError),
        (NAN, ValueError),
        (INF, ValueError),
        (10**400, ValueError),
        ("1", TypeError),
        (None, TypeError),
    ],
    "counts": [
        ([1, None], TypeError),
        (["a", "b"], TypeError),
        ([True, False], TypeError),
        ([1.5, 2], ValueError),
        ([NAN, 1], ValueError),
        ([-1, 2], ValueError),
        ([1e19, 1], ValueError),
        ([10**400, 1], ValueError),
        (np.array([2**63, 1], dtype=np.uint64), ValueError),
        ([[1, 2]], ValueError),
    ],
    "times": [
        ([1, None, 3], TypeError),
        (["a", "b", "c"], TypeError),
        ([1, NAN, 3], ValueError),
        ([1, INF, 3], ValueError),
        ([1, -2, 3], ValueError),
    ],
    # event indicators of three patients (the valid time has three too)
    "events": [
        (["1", "0", "1"], TypeError),
        ("101", TypeError),
        ([1, None, 1], TypeError),
        ([1, 2, 1], ValueError),
        ([1, NAN, 1], ValueError),
        ([1, 0], ValueError),
    ],
    "flag": [("no", TypeError), (1, TypeError), (None, TypeError)],
    "rng": [(-1, ValueError), (1.5, TypeError), ("seed", TypeError)],
    "choice": [("nope", ValueError), (3, TypeError)],
    "level": [(1.5, ValueError), (0, ValueError), (NAN, ValueError), ("95%", TypeError)],
}

DESIGN = simon_design(0.1, 0.3)

# function, valid keyword arguments, {argument: kind}
API: list[tuple[Callable, dict, dict]] = [
    (response_rate, dict(responders=3, n=10), dict(responders="count", n="count")),
    (response_rate, dict(responders=3, n=10), dict(confidence_level="level", method="choice")),
    (response_rates, dict(responders=[3, 4], n=[10, 12]), dict(responders="counts")),
    (
        compare_rates,
        dict(responders_a=3, n_a=10, responders_b=4, n_b=12),
        dict(responders_a="count", n_b="count", confidence_level="level"),
    ),
    (
        pool_rates,
        dict(responders=[3, 4, 5], n=[10, 12, 14]),
        dict(responders="counts", n="counts", method="choice", scale="choice"),
    ),
    (
        pool_odds_ratios,
        dict(responders_a=[3, 4], n_a=[10, 12], responders_b=[2, 5], n_b=[10, 12]),
        dict(responders_a="counts", n_b="counts", confidence_level="level"),
    ),
    (simon_design, dict(p0=0.1, p1=0.3), dict(p0="rate", p1="rate", nmax="count")),
    (simon_design, dict(p0=0.1, p1=0.3), dict(alpha="rate", beta="rate", criterion="choice")),
    (simon_designs, dict(p0=0.1, p1=0.3), dict(p1="rate", nmax="count")),
    (
        sample_size_two_rates,
        dict(rate_a=0.2, rate_b=0.35),
        dict(rate_a="rate", rate_b="rate", power="rate", method="choice"),
    ),
    (power_two_rates, dict(rate_a=0.2, rate_b=0.35, n=50), dict(rate_b="rate", n="count")),
    (kaplan_meier, dict(time=[1, 2, 3], event=[1, 0, 1]), dict(time="times", event="events")),
    (
        logrank,
        dict(time=[1, 2, 3], event=[1, 0, 1], group=["a", "b", "a"]),
        dict(time="times", event="events"),
    ),
    (
        cox_regression,
        dict(time=[1, 2, 3], event=[1, 0, 1], covariates=[0, 1, 1]),
        dict(time="times", event="events", ties="choice", confidence_level="level"),
    ),
    (
        hazard_ratio,
        dict(time=[1, 2, 3], event=[1, 0, 1], group=["a", "b", "a"]),
        dict(time="times", event="events", ties="choice", confidence_level="level"),
    ),
    (
        simulate_single_arm,
        dict(true_rate=0.2, n=10, n_trials=5),
        dict(true_rate="rate", n="count", with_ci="flag", rng="rng", threshold="rate"),
    ),
    (simulate_simon, dict(design=DESIGN, true_rate=0.2, n_trials=5), dict(true_rate="rate")),
    (simulate_simon, dict(design=DESIGN, true_rate=0.2, n_trials=5), dict(n_trials="count")),
    (
        simulate_pick_the_winner,
        dict(true_rates=[0.1, 0.2], n_phase2=10, n_phase3=10, n_trials=5),
        dict(n_phase2="count", rng="rng"),
    ),
    (
        simulate_response_vs_survival,
        dict(n_per_arm=5, control_rate=0.1, experimental_rate=0.2, median_os_control_months=12),
        dict(
            control_rate="rate",
            experimental_rate="rate",
            median_os_control_months="positive",
            os_benefit="positive",
        ),
    ),
    (
        simulate_selection,
        dict(n_screened=20),
        dict(population_rate="rate", odds_ratio_per_ps="positive", n_screened="count"),
    ),
    (
        simulate_guarantee_time,
        dict(n_patients=20),
        dict(true_rate="rate", median_os_months="positive", follow_up_months="positive"),
    ),
    (body_surface_area, dict(height_cm=170, weight_kg=70), dict(height_cm="positive")),
    (
        il2_dose,
        dict(dose=600000, weight_kg=70),
        dict(height_cm="positive", weight_kg="positive", unit="choice"),
    ),
]


OPTIONAL = {"threshold", "follow_up_months", "height_cm"}  # None means "not given" there


def _bad_cases():
    for func, valid, kinds in API:
        for arg, kind in kinds.items():
            for value, exc in BAD[kind]:
                if value is None and arg in OPTIONAL and func is not body_surface_area:
                    continue
                label = f"{func.__name__}-{arg}={value!r}"[:60]
                yield pytest.param(func, valid | {arg: value}, arg, exc, id=label)


def _names_argument(message: str, arg: str) -> bool:
    return re.search(rf"(`{re.escape(arg)}`|\b{re.escape(arg)}\b)", message) is not None


@pytest.mark.parametrize(("func", "kwargs", "arg", "exc"), list(_bad_cases()))
def test_bad_input_is_named_with_the_contract_class(func, kwargs, arg, exc):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises((ValueError, TypeError)) as info:
            func(**kwargs)
    assert info.type is exc or issubclass(info.type, exc), (info.type, str(info.value))
    assert _names_argument(str(info.value), arg), str(info.value)


def _all_finite(result: object) -> bool:
    if isinstance(result, pd.DataFrame):
        numeric = result.select_dtypes("number")
        return bool(np.isfinite(numeric.to_numpy(dtype=float)).all())
    if isinstance(result, (int, float, np.number)):
        return math.isfinite(float(result))
    if dataclasses.is_dataclass(result):
        values = [
            getattr(result, f.name)
            for f in dataclasses.fields(result)
            if isinstance(getattr(result, f.name), (int, float, np.number))
        ]
        return all(math.isfinite(float(v)) for v in values)
    raise TypeError(type(result))


EXTREME = [
    ("exact CI at 2**53 - 1", lambda: response_rate(2**52, 2**53 - 1)),
    ("wilson at 2**53 - 1", lambda: response_rate(5, 2**53 - 1, method="wilsoncc")),
    ("compare 1e9 patients", lambda: compare_rates(10**8, 3 * 10**8, 2 * 10**8, 7 * 10**8)),
    ("compare lopsided", lambda: compare_rates(5 * 10**8, 10**9 - 10, 1, 10)),
    ("pool huge counts", lambda: pool_rates([2**52, 5, 7], [2**53 - 1, 10, 20], method="DL")),
    (
        "pool huge raw REML",
        lambda: pool_rates([2**52, 5], [2**53 - 1, 10], method="REML", scale="raw"),
    ),
    ("pool OR huge", lambda: pool_odds_ratios([2**52, 3], [2**53 - 1, 9], [1, 2], [9, 9])),
    *(
        (
            f"pool huge all-responder study {method} {scale}",
            lambda method=method, scale=scale: pool_rates(
                [0, 2**53 - 1], [2, 2**53 - 1], method=method, scale=scale
            ),
        )
        for method in ("FE", "DL", "REML")
        for scale in ("logit", "raw")
    ),
    ("all zero studies", lambda: pool_rates([0, 0, 0], [5, 6, 7], method="REML")),
    ("identical studies", lambda: pool_rates([3, 3], [10, 10], method="REML")),
    ("close rates", lambda: sample_size_two_rates(0.5, 0.5000001)),
    ("tiny rates", lambda: sample_size_two_rates(1e-12, 2e-12)),
    ("power huge n", lambda: power_two_rates(0.2, 0.3, 2**53 - 1)),
    ("KM at 1e308", lambda: kaplan_meier([1e308, 1.5e308, 1.6e308, 1.7e308], [1, 1, 1, 1]).median),
    ("KM all censored", lambda: kaplan_meier([1, 2, 3], [0, 0, 0]).table),
    ("log-rank all censored", lambda: logrank([1, 2, 3, 4], [0, 0, 0, 0], [0, 0, 1, 1])),
    ("log-rank all die at once", lambda: logrank([1, 1], [1, 1], ["a", "b"])),
    ("log-rank early censored", lambda: logrank([1, 2, 3, 4], [0, 0, 1, 1], [0, 0, 1, 1])),
    ("log-rank one patient groups", lambda: logrank([1, 2, 3], [1, 1, 0], ["a", "b", "c"])),
    ("single arm 1e6 patients", lambda: simulate_single_arm(0.2, 10**6, n_trials=10, rng=1)),
    ("single arm rate 0", lambda: simulate_single_arm(0.0, 10, n_trials=10, rng=1)),
    ("selection 1e-30", lambda: simulate_selection(50, population_rate=1e-30, rng=1)),
    ("selection OR 1e300", lambda: simulate_selection(50, odds_ratio_per_ps=1e300, rng=1)),
    ("selection OR 1e-300", lambda: simulate_selection(50, odds_ratio_per_ps=1e-300, rng=1)),
    (
        "survival tiny median",
        lambda: simulate_response_vs_survival(5, 0.1, 0.2, median_os_control_months=1e-200, rng=1),
    ),
    (
        "guarantee huge median",  # time_to_response is NaN for non-responders, by design
        lambda: simulate_guarantee_time(5, median_os_months=1e299, rng=1)[["time", "event"]],
    ),
    ("Simon frontier, nmax 1000", lambda: simon_designs(0.1, 0.3, nmax=1000).iloc[:, :6]),
    ("oc at 0 and 1", lambda: DESIGN.operating_characteristics([0.0, 1.0])),
]


@pytest.mark.parametrize("call", [c for _, c in EXTREME], ids=[name for name, _ in EXTREME])
def test_extreme_valid_input_gives_finite_results_without_warnings(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = call()
    assert _all_finite(result)


def test_too_many_simulated_trials_are_named_as_trials_not_patients():
    with pytest.raises(ValueError, match="n_trials") as info:
        simulate_single_arm(0.2, 10, n_trials=10**12)
    assert "simulated trials" in str(info.value) and "patients" not in str(info.value)


def test_huge_all_responder_studies_keep_their_non_responders():
    # (m + 1) - (x + 0.5) in floats cancels near 2**53; the non-responders are counted exactly
    studies = pool_rates([2**52, 3], [2**52, 10], method="FE").studies
    assert studies["effect"][0] == pytest.approx(math.log((2**52 + 0.5) / 0.5), rel=1e-15)
    assert studies["variance"][0] == pytest.approx(1 / (2**52 + 0.5) + 1 / 0.5, rel=1e-15)
    raw = pool_rates([2**52, 3], [2**52, 10], method="FE", scale="raw").studies
    assert raw["variance"][0] == pytest.approx((2**52 + 0.5) * 0.5 / (2**52 + 1) ** 3, rel=1e-12)


@pytest.mark.parametrize(
    ("call", "exc", "arg"),
    [
        (lambda: simulate_simon(dataclasses.replace(DESIGN, r1=1.7), 0.2), ValueError, "design.r1"),
        (lambda: simulate_simon((1, 10, 5, 29), 0.2), TypeError, "design"),
        (lambda: compare_rates(2**52, 2**53 - 1, 1, 10), ValueError, "n_a"),
        (lambda: simulate_pick_the_winner([0.1, NAN], 5, 5), ValueError, "true_rates"),
        (lambda: simulate_pick_the_winner([0.1, None], 5, 5), TypeError, "true_rates"),
        (lambda: simulate_selection(10, ps_mix=(0.5, 0.6, 0.1)), ValueError, "ps_mix"),
        (lambda: il2_dose(6e5, weight_kg=70, height_cm=17), ValueError, "height_cm"),
        (lambda: il2_dose(6e5, weight_kg=70, height_cm=NAN), ValueError, "height_cm"),
        (lambda: il2_dose(6e5, weight_kg=70, doses_per_day=2.5), ValueError, "doses_per_day"),
        (lambda: il2_dose(6, unit="MIU/m2", weight_kg=70), ValueError, "height_cm"),
        (lambda: logrank([1, 2, 3], [1, 0, 1], ["a", None, "b"]), ValueError, "group"),
        (lambda: logrank([1, 2, 3], [1, 0, 1], "abc"), TypeError, "group"),
        (lambda: cox_regression([1, 2, 3], [0, 0, 0], [0, 1, 1]), ValueError, "event"),
        (lambda: cox_regression([1], [1], [0]), ValueError, "time"),
        (lambda: hazard_ratio([1, 2, 3], [1, 0, 1], ["a", None, "b"]), ValueError, "group"),
        (lambda: logrank([1, 2, 3], [1, 2, 1], ["a", "b", "a"]), ValueError, "event"),
        (lambda: logrank([1, 2, 3], ["1", "0", "1"], ["a", "b", "a"]), TypeError, "event"),
        (lambda: kaplan_meier([1, 2], [1]), ValueError, "event"),
        (lambda: kaplan_meier([1, 2], [1, 0]).survival_at([1, NAN]), ValueError, "t"),
        (lambda: DESIGN.operating_characteristics([0.2, "x"]), TypeError, "p"),
        (lambda: DESIGN.operating_characteristics(1.2), ValueError, "p"),
        (lambda: sample_size_two_rates(0.5, 0.5 + 1e-12), ValueError, "rate_a"),
        (
            lambda: pool_rates([3, 4], [10, 12]).prediction_interval(2),
            ValueError,
            "confidence_level",
        ),
        (lambda: simon_design(0.5, 0.52, nmax=400), ValueError, "nmax"),
        (lambda: simulate_single_arm(0.2, 10, n_trials=10**12), ValueError, "n_trials"),
        (lambda: simulate_simon(DESIGN, 0.2, n_trials=1e9), ValueError, "n_trials"),
        (lambda: simulate_pick_the_winner([0.1, 0.2], 5, 5, n_trials=0), ValueError, "n_trials"),
    ],
)
def test_other_mistakes_are_named(call, exc, arg):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises((ValueError, TypeError)) as info:
            call()
    assert issubclass(info.type, exc), (info.type, str(info.value))
    assert _names_argument(str(info.value), arg), str(info.value)

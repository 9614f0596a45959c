"""Tests of il2kit.sequential and il2kit.sequential_sim.

References: R rpact (tests/reference/sequential/rpact.json), Jennison & Turnbull (2000) tables
(tests/reference/sequential/jennison_turnbull_2000.csv), an independent one-dimensional
quadrature for two looks, and Monte-Carlo checks at 4 standard errors.
See tests/reference/README_sequential.md for every tolerance.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from il2kit.sequential import (
    SEQUENTIAL_METHODS,
    GroupSequentialDesign,
    _spending,
    group_sequential_design,
)
from il2kit.sequential_sim import (
    simulate_sequential_means,
    simulate_sequential_rates,
    stopping_summary,
)

pytestmark = pytest.mark.filterwarnings("error")

REF = Path(__file__).parent / "reference" / "sequential"
CASES = json.loads((REF / "rpact.json").read_text())["cases"]
with (REF / "jennison_turnbull_2000.csv").open() as fh:
    JT = list(csv.DictReader(fh))


def _id(c: dict) -> str:
    looks = c["looks"] if c["looks"] is not None else "-".join(map(str, c["information_rates"]))
    return f"{c['method']}-{looks}-{c['alpha']}-{c['alternative']}"


_DESIGNS: dict[str, GroupSequentialDesign] = {}


def _design(c: dict) -> GroupSequentialDesign:
    """The kit's design for a reference case (cached: three tests use each design)."""
    key = _id(c)
    if key not in _DESIGNS:
        looks = c["looks"] if c["looks"] is not None else c["information_rates"]
        _DESIGNS[key] = group_sequential_design(
            looks, method=c["method"], alpha=c["alpha"], alternative=c["alternative"]
        )
    return _DESIGNS[key]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_boundaries_match_rpact(case):
    d = _design(case)
    ours = np.array(d.critical_values)
    ref = np.array([math.inf if v == "Inf" else v for v in case["critical_values"]])
    finite = np.isfinite(ref)
    # rpact prints Inf where a look may spend almost nothing (< 1e-14); ours is then > 7.5.
    increments = np.diff(np.concatenate([[0.0], d.alpha_spent]))
    assert np.all(increments[~finite] < 1e-14) and np.all(ours[~finite] > 7.5)
    # rpact solves to 1e-8 in alpha; that is 1e-6 or better in z unless the look spends
    # almost nothing, so z is compared where the one-sided nominal level is >= 1e-6 and the
    # nominal level itself everywhere.
    level = stats.norm.sf(ours)
    big = finite & (level >= 1e-6)
    np.testing.assert_allclose(ours[big], ref[big], rtol=0, atol=2.5e-6)
    np.testing.assert_allclose(level[finite], stats.norm.sf(ref[finite]), rtol=0, atol=2e-8)
    one_sided = np.array(case["stage_levels_one_sided"], dtype=float)
    np.testing.assert_allclose(level[finite], one_sided[finite], rtol=0, atol=2e-8)
    np.testing.assert_allclose(d.alpha_spent, case["alpha_spent"], rtol=0, atol=2e-8)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_exit_probabilities_power_and_sample_size_match_rpact(case):
    d = _design(case)
    for j, drift in enumerate(case["drifts"]):
        ex = d.exit_probabilities(drift)
        np.testing.assert_allclose(
            ex["exit_probability"], case["reject_per_stage"][j], rtol=0, atol=1e-6
        )
        assert ex["exit_probability"].sum() == pytest.approx(case["overall_reject"][j], abs=1e-6)
        assert d.expected_sample_fraction(drift) == pytest.approx(
            case["expected_sample_fraction"][j], abs=1e-6
        )


SHIFT_CASES = [c for c in CASES if c["looks"] in (3, 10) or c["looks"] is None]


@pytest.mark.parametrize("case", SHIFT_CASES, ids=_id)
def test_drift_for_power_and_inflation_match_rpact(case):
    d = _design(case)
    assert d.drift_for_power(0.8) ** 2 == pytest.approx(case["shift_power80"], rel=2e-6)
    assert d.drift_for_power(0.9) ** 2 == pytest.approx(case["shift_power90"], rel=2e-6)
    assert d.inflation_factor(0.8) == pytest.approx(case["inflation_power80"], abs=2e-6)


def _jt(quantity: str) -> list[tuple[float, float | None, list[float]]]:
    rows = [r for r in JT if r["quantity"] == quantity]
    return [
        (
            float(r["alpha"]),
            float(r["power"]) if r["power"] else None,
            [float(r[f"k{k}"]) for k in range(1, 11)],
        )
        for r in rows
    ]


@pytest.mark.parametrize("alpha, _, values", _jt("pocock_constant_CP"))
def test_pocock_constants_match_jennison_turnbull_table_2_1(alpha, _, values):
    got = [
        group_sequential_design(k, method="pocock", alpha=alpha).critical_values[0]
        for k in range(1, 11)
    ]
    np.testing.assert_allclose(got, values, rtol=0, atol=5e-4 + 1e-9)  # printed to 3 decimals


@pytest.mark.parametrize("alpha, _, values", _jt("obrien_fleming_constant_CB"))
def test_obrien_fleming_constants_match_jennison_turnbull_table_2_3(alpha, _, values):
    got = [
        group_sequential_design(k, method="obrien-fleming", alpha=alpha).critical_values[-1]
        for k in range(1, 11)
    ]
    np.testing.assert_allclose(got, values, rtol=0, atol=5e-4 + 1e-9)


@pytest.mark.parametrize("alpha, power, values", _jt("pocock_inflation_RP"))
def test_pocock_inflation_factors_match_jennison_turnbull_table_2_2(alpha, power, values):
    got = [
        group_sequential_design(k, method="pocock", alpha=alpha).inflation_factor(power)
        for k in range(1, 11)
    ]
    np.testing.assert_allclose(got, values, rtol=0, atol=5e-4 + 1e-9)


def _two_look_exit_by_quadrature(c1, c2, t1, drift, two_sided):
    """P(no crossing at look 1, crossing at look 2) by scipy.integrate.quad (independent)."""
    rho = math.sqrt(t1)
    m1, m2 = drift * math.sqrt(t1), drift
    s = math.sqrt(1 - rho**2)

    def integrand(z1):
        mean2 = m2 + rho * (z1 - m1)
        up = stats.norm.sf((c2 - mean2) / s)
        low = stats.norm.cdf((-c2 - mean2) / s) if two_sided else 0.0
        return stats.norm.pdf(z1 - m1) * (up + low)

    lo = -c1 if two_sided else -math.inf
    return integrate.quad(integrand, lo, c1, epsabs=1e-13, epsrel=1e-12)[0]


@pytest.mark.parametrize("method", SEQUENTIAL_METHODS)
@pytest.mark.parametrize("alternative", ["two-sided", "greater"])
@pytest.mark.parametrize("t1, drift", [(0.5, 0.0), (0.3, 2.5), (0.8, -1.0)])
def test_two_looks_agree_with_quadrature(method, alternative, t1, drift):
    d = group_sequential_design([t1, 1], method=method, alpha=0.05, alternative=alternative)
    c1, c2 = d.critical_values
    want = _two_look_exit_by_quadrature(c1, c2, t1, drift, alternative == "two-sided")
    got = d.exit_probabilities(drift)["exit_probability"].iloc[1]
    assert got == pytest.approx(want, abs=1e-9)


def test_one_look_is_the_fixed_sample_test():
    d = group_sequential_design(1, alpha=0.05)
    assert d.critical_values[0] == pytest.approx(stats.norm.isf(0.025), abs=1e-12)
    assert d.drift_for_power(0.8) == pytest.approx(stats.norm.isf(0.025) + stats.norm.isf(0.2))
    assert d.inflation_factor(0.9) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("method", SEQUENTIAL_METHODS)
def test_less_is_the_mirror_of_greater(method):
    g = group_sequential_design([0.3, 0.7, 1], method=method, alpha=0.025, alternative="greater")
    s = group_sequential_design([0.3, 0.7, 1], method=method, alpha=0.025, alternative="less")
    assert s.critical_values == g.critical_values
    np.testing.assert_allclose(
        s.exit_probabilities(-2.0)["exit_lower"], g.exit_probabilities(2.0)["exit_upper"]
    )
    assert s.power(-2.0) == pytest.approx(g.power(2.0))
    assert s.drift_for_power(0.8) == pytest.approx(g.drift_for_power(0.8))


@pytest.mark.parametrize("method", ["spending-obrien-fleming", "spending-pocock"])
@pytest.mark.parametrize("alternative", ["two-sided", "greater"])
def test_spending_designs_spend_exactly_the_spending_function(method, alternative):
    t = np.array([0.15, 0.4, 0.55, 0.8, 1.0])
    d = group_sequential_design(t, method=method, alpha=0.05, alternative=alternative)
    want = _spending(method, 0.05, t, alternative == "two-sided")
    np.testing.assert_allclose(d.alpha_spent, want, rtol=1e-7, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.floats(0.05, 0.95), min_size=1, max_size=4, unique=True),
    st.sampled_from(SEQUENTIAL_METHODS),
    st.sampled_from([0.01, 0.025, 0.05, 0.1]),
    st.sampled_from(["two-sided", "greater"]),
)
def test_design_invariants(fractions, method, alpha, alternative):
    t = sorted(round(f, 3) for f in fractions)
    t = sorted(set(t)) + [1.0]
    d = group_sequential_design(t, method=method, alpha=alpha, alternative=alternative)
    crit = np.array(d.critical_values)
    spent = np.array(d.alpha_spent)
    assert np.all(np.diff(spent) > 0)  # alpha spent is increasing ...
    assert spent[-1] == pytest.approx(alpha, abs=1e-9)  # ... and ends at alpha
    fixed = stats.norm.isf(alpha / 2 if alternative == "two-sided" else alpha)
    assert crit[-1] >= fixed - 1e-9  # the last look never beats the fixed-sample test
    if method == "obrien-fleming":
        assert np.all(np.diff(crit) < 0)  # strict early, lenient late
    if method == "pocock":
        assert np.ptp(crit) < 1e-12
    assert 0 < d.power(1.0) < d.power(3.0) < 1  # power increases with the drift


def test_result_str_frame_and_frozen():
    d = group_sequential_design(4, method="spending-pocock", alpha=0.025, alternative="greater")
    frame = d.to_frame()
    assert list(frame.columns) == [
        "look",
        "information_rate",
        "critical_value",
        "nominal_alpha",
        "alpha_spent",
    ]
    assert frame["look"].tolist() == [1, 2, 3, 4]
    text = str(d)
    assert "spending-pocock design, 4 looks, one-sided (greater) alpha = 0.025" in text
    with pytest.raises(AttributeError):
        d.alpha = 0.05  # type: ignore[misc]


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"looks": 0}, ValueError, "looks=0"),
        ({"looks": 21}, ValueError, "looks=21"),
        ({"looks": 2.5}, ValueError, "looks=2.5"),
        ({"looks": True}, TypeError, "looks"),
        ({"looks": "3"}, TypeError, "looks"),
        ({"looks": None}, TypeError, "looks"),
        ({"looks": [0.5, 0.3, 1]}, ValueError, "increase"),
        ({"looks": [0.5, 0.9]}, ValueError, "end at 1"),
        ({"looks": [0.0, 1.0]}, ValueError, "looks"),
        ({"looks": [0.5, float("nan"), 1]}, ValueError, "looks"),
        ({"looks": ["a", "b"]}, TypeError, "looks"),
        ({"looks": [0.05 * k for k in range(1, 22)]}, ValueError, "looks"),
        ({"method": "OF"}, ValueError, "method"),
        ({"alternative": "both"}, ValueError, "alternative"),
        ({"alpha": 0.5}, ValueError, "alpha=0.5"),
        ({"alpha": 0.0}, ValueError, "alpha=0.0"),
        ({"alpha": float("nan")}, ValueError, "alpha"),
        ({"alpha": "0.05"}, TypeError, "alpha"),
        ({"alpha": None}, TypeError, "alpha"),
    ],
)
def test_bad_design_arguments_are_named(kwargs, error, match):
    with pytest.raises(error, match=match):
        group_sequential_design(**kwargs)


def test_bad_method_arguments_are_named():
    d = group_sequential_design(3)
    with pytest.raises(TypeError, match="drift"):
        d.exit_probabilities("2")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="drift"):
        d.power(float("inf"))
    with pytest.raises(ValueError, match="power=1.2"):
        d.drift_for_power(1.2)
    with pytest.raises(ValueError, match="power=0.01"):
        d.inflation_factor(0.01)


# ------------------------------------------------------------------ simulators


def _mc_tolerance(p: float, n: int) -> float:
    return 4 * math.sqrt(p * (1 - p) / n) + 1e-12


@pytest.mark.parametrize("method", ["obrien-fleming", "pocock"])
@pytest.mark.parametrize("effect", [0.0, 0.25])
def test_normal_simulator_stops_as_the_design_predicts(method, effect):
    d = group_sequential_design(4, method=method, alpha=0.05)
    n_trials, n = 40_000, 200  # looks at 50, 100, 150, 200 patients per arm: exact fractions
    sims = simulate_sequential_means(d, effect_size=effect, n_per_arm=n, n_trials=n_trials, rng=11)
    exact = d.exit_probabilities(effect * math.sqrt(n / 2))["exit_probability"].to_numpy()
    for k in range(4):
        observed = float((sims["rejected"] & (sims["stop_look"] == k + 1)).mean())
        assert abs(observed - exact[k]) <= _mc_tolerance(exact[k], n_trials), (k, observed)


def test_rates_simulator_under_the_null_keeps_alpha():
    d = group_sequential_design(3, method="obrien-fleming", alpha=0.05)
    n_trials = 40_000
    sims = simulate_sequential_rates(
        d, control_rate=0.3, experimental_rate=0.3, n_per_arm=600, n_trials=n_trials, rng=5
    )
    # with 200+ patients per arm the pooled z test is very nearly normal: allow 4 SE + 0.003
    assert abs(sims["rejected"].mean() - 0.05) <= _mc_tolerance(0.05, n_trials) + 0.003


def test_rates_simulator_power_matches_design():
    d = group_sequential_design(3, method="pocock", alpha=0.05)
    pc, pe, n, n_trials = 0.2, 0.3, 300, 30_000
    sims = simulate_sequential_rates(
        d, control_rate=pc, experimental_rate=pe, n_per_arm=n, n_trials=n_trials, rng=8
    )
    drift = (pe - pc) / math.sqrt((pe * (1 - pe) + pc * (1 - pc)) / n)
    exact = d.exit_probabilities(drift)["exit_probability"].sum()
    # normal approximation of the pooled test: allow 4 SE + 0.01
    assert abs(sims["rejected"].mean() - exact) <= _mc_tolerance(exact, n_trials) + 0.01


def test_trials_that_stop_early_overestimate_the_effect():
    d = group_sequential_design(3, method="obrien-fleming", alpha=0.05, alternative="greater")
    n, effect = 90, 0.3
    sims = simulate_sequential_means(d, effect_size=effect, n_per_arm=n, n_trials=20_000, rng=2)
    first = sims[sims["stop_look"] == 1]
    assert len(first) > 100
    # to stop at look 1 the estimate must exceed c1 * sqrt(2 / n1): far above the truth
    floor = d.critical_values[0] * math.sqrt(2 / 30)
    assert first["estimate"].min() >= floor - 1e-12 and floor > 2 * effect
    table = stopping_summary(sims, true_effect=effect)
    assert table["stopped_at"].tolist() == ["look 1", "look 2", "look 3 (final)", "all trials"]
    assert table["trials"].iloc[:3].sum() == table["trials"].iloc[3] == 20_000
    assert table["bias"].iloc[0] > table["bias"].iloc[1] > 0
    assert table["proportion"].iloc[:3].sum() == pytest.approx(1.0)


def test_simulators_are_reproducible_and_tidy():
    d = group_sequential_design([0.4, 1], method="pocock")
    a = simulate_sequential_rates(
        d, control_rate=0.1, experimental_rate=0.2, n_per_arm=50, n_trials=500, rng=9
    )
    b = simulate_sequential_rates(
        d, control_rate=0.1, experimental_rate=0.2, n_per_arm=50, n_trials=500, rng=9
    )
    pd.testing.assert_frame_equal(a, b)
    assert list(a.columns) == [
        "trial",
        "stop_look",
        "stopped_early",
        "rejected",
        "n_per_arm",
        "estimate",
        "z",
    ]
    assert set(a["n_per_arm"]) <= {20, 50}
    assert (a["stopped_early"] == (a["stop_look"] == 1)).all()


def test_rates_simulator_handles_all_or_none_responding():
    d = group_sequential_design(2)
    sims = simulate_sequential_rates(
        d, control_rate=0.0, experimental_rate=0.0, n_per_arm=10, n_trials=50, rng=1
    )
    assert (sims["z"] == 0).all() and not sims["rejected"].any()
    sims = simulate_sequential_rates(
        d, control_rate=0.0, experimental_rate=1.0, n_per_arm=40, n_trials=50, rng=1
    )
    assert sims["rejected"].all() and (sims["stop_look"] == 1).all()


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"design": "OBF"}, TypeError, "design"),
        ({"n_per_arm": 2}, ValueError, "n_per_arm=2"),
        ({"n_per_arm": 0}, ValueError, "n_per_arm"),
        ({"control_rate": 1.5}, ValueError, "control_rate"),
        ({"experimental_rate": None}, TypeError, "experimental_rate"),
        ({"n_trials": 0}, ValueError, "n_trials"),
        ({"rng": "seed"}, TypeError, "rng"),
    ],
)
def test_bad_simulator_arguments_are_named(kwargs, error, match):
    args = {
        "design": group_sequential_design(3),
        "control_rate": 0.1,
        "experimental_rate": 0.2,
        "n_per_arm": 30,
        "n_trials": 10,
        "rng": 1,
    }
    args.update(kwargs)
    design = args.pop("design")
    with pytest.raises(error, match=match):
        simulate_sequential_rates(design, **args)


def test_bad_summary_arguments_are_named():
    with pytest.raises(TypeError, match="trials"):
        stopping_summary(pd.DataFrame({"x": [1]}), true_effect=0.0)
    sims = simulate_sequential_means(
        group_sequential_design(2), effect_size=0.0, n_per_arm=10, n_trials=5, rng=1
    )
    with pytest.raises(TypeError, match="true_effect"):
        stopping_summary(sims, true_effect="0")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="effect_size"):
        simulate_sequential_means(
            group_sequential_design(2), effect_size=math.nan, n_per_arm=10, rng=1
        )


# --- lessons 13-14: repeated significance testing at the unadjusted level
from il2kit.sequential import repeated_testing_error  # noqa: E402

REPEATED = json.loads(
    (Path(__file__).parent / "reference" / "repeated_testing" / "repeated_testing.json").read_text()
)["cases"]


@pytest.mark.parametrize(
    "case",
    REPEATED,
    ids=[
        f"{c['looks'] or c['information_rates']}-{c['alpha']}-{c['alternative']}" for c in REPEATED
    ],
)
def test_repeated_testing_error_matches_rpact(case):
    looks = case["looks"] if case["looks"] is not None else case["information_rates"]
    got = repeated_testing_error(looks, alpha=case["alpha"], alternative=case["alternative"])
    assert got == pytest.approx(case["error"], abs=2e-6)


def test_repeated_testing_error_quoted_values_and_symmetry():
    quoted = {2: 0.083, 3: 0.107, 4: 0.126, 5: 0.142, 10: 0.193, 20: 0.248}
    for looks, value in quoted.items():
        assert round(repeated_testing_error(looks), 3) == value
    assert repeated_testing_error(1, alpha=0.01) == pytest.approx(0.01, abs=1e-12)
    assert repeated_testing_error(4, alternative="less", alpha=0.025) == pytest.approx(
        repeated_testing_error(4, alternative="greater", alpha=0.025), abs=1e-12
    )
    errors = [repeated_testing_error(k) for k in range(1, 21)]
    assert all(b > a for a, b in zip(errors, errors[1:], strict=False))


def test_repeated_testing_error_is_the_pocock_design_at_the_fixed_value():
    """A Pocock design's constant, used at each look, spends exactly its alpha; 1.96 spends
    more, so the unadjusted error exceeds alpha exactly when the Pocock constant exceeds 1.96."""
    d = group_sequential_design(4, method="pocock")
    level = 2 * stats.norm.sf(d.critical_values[0])
    assert repeated_testing_error(4, alpha=level) == pytest.approx(0.05, abs=1e-9)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"looks": 0}, ValueError, "looks"),
        ({"looks": "5"}, TypeError, "looks"),
        ({"looks": [0.5, 0.4, 1]}, ValueError, "looks"),
        ({"alpha": 0.6}, ValueError, "alpha"),
        ({"alpha": None}, TypeError, "alpha"),
        ({"alternative": "both"}, ValueError, "alternative"),
    ],
)
def test_repeated_testing_error_names_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        repeated_testing_error(**kwargs)

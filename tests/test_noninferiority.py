"""Tests of il2kit.noninferiority against rpact, base R, TrialSize's formula and Chow et al.

See tests/reference/README_noninferiority.md for how the references were made and each tolerance.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from il2kit.compare import compare_rates
from il2kit.design import InfeasibleDesignError
from il2kit.noninferiority import (
    NoninferioritySampleSize,
    NoninferiorityTest,
    noninferiority_power,
    noninferiority_sample_size,
    noninferiority_test,
    restricted_rates,
)

pytestmark = pytest.mark.filterwarnings("error")

REF = json.loads(
    (Path(__file__).parent / "reference" / "noninferiority" / "noninferiority.json").read_text()
)


def _tid(c: dict) -> str:
    return f"{c['responders_a']}/{c['n_a']}-vs-{c['responders_b']}/{c['n_b']}-m{c['margin']}"


@pytest.mark.parametrize("case", REF["tests"], ids=_tid)
def test_farrington_manning_matches_rpact(case):
    res = noninferiority_test(
        case["responders_a"], case["n_a"], case["responders_b"], case["n_b"], margin=case["margin"]
    )
    # closed forms on both sides: rounding only
    assert res.statistic == pytest.approx(case["fm_statistic"], abs=1e-9)
    assert res.pvalue == pytest.approx(case["fm_pvalue"], abs=1e-9)
    assert res.noninferior == (case["fm_pvalue"] < 0.025)


@pytest.mark.parametrize("case", REF["tests"], ids=_tid)
def test_restricted_rates_maximise_the_constrained_likelihood(case):
    xa, na, xb, nb, m = (case[k] for k in ("responders_a", "n_a", "responders_b", "n_b", "margin"))
    pa, pb = restricted_rates(xa / na, na, xb / nb, nb, -m)
    assert pb - pa == pytest.approx(m, abs=1e-12)
    assert 0 <= pa <= 1 and 0 <= pb <= 1
    # R's optimize() stops at tol = 1e-12 in p; its answer is flat to ~1e-8 near the maximum
    assert pa == pytest.approx(case["restricted_rate_a_optim"], abs=1e-6)


@pytest.mark.parametrize("case", REF["tests"], ids=_tid)
def test_wald_matches_formula_typed_in_r(case):
    res = noninferiority_test(
        case["responders_a"],
        case["n_a"],
        case["responders_b"],
        case["n_b"],
        margin=case["margin"],
        method="wald",
    )
    if case["wald_statistic"] is None:  # both arms all or nothing: zero Wald variance
        assert res.statistic == math.inf and res.pvalue == 0.0
    else:
        assert res.statistic == pytest.approx(case["wald_statistic"], abs=1e-9)


@pytest.mark.parametrize("case", REF["pearson"], ids=lambda c: f"{c['responders_a']}/{c['n_a']}")
def test_farrington_manning_at_margin_zero_is_pearson_chi_squared(case):
    res = noninferiority_test(
        case["responders_a"], case["n_a"], case["responders_b"], case["n_b"], margin=1e-12
    )
    assert res.statistic**2 == pytest.approx(case["chi_squared"], rel=1e-8)


@pytest.mark.parametrize(
    "case",
    REF["sample_sizes"],
    ids=lambda c: f"{c['rate_a']}-{c['rate_b']}-m{c['margin']}-a{c['alpha']}-p{c['power']}",
)
def test_sample_sizes_match_rpact_and_trialsize(case):
    args = {k: case[k] for k in ("margin", "alpha", "power")}
    fm = noninferiority_sample_size(case["rate_a"], case["rate_b"], **args)
    assert fm.n_exact == pytest.approx(case["n_fm_rpact"], rel=1e-9)
    assert fm.n_per_arm == math.ceil(case["n_fm_rpact"])
    wald = noninferiority_sample_size(case["rate_a"], case["rate_b"], method="wald", **args)
    assert wald.n_exact == pytest.approx(case["n_normal_trialsize"], rel=1e-12)


def test_chow_shao_wang_worked_example():
    # Chow, Shao & Wang (2008), Sample Size Calculations in Clinical Research, 2nd ed., p. 90:
    # 85% vs 65%, margin 10%, one-sided alpha 5%, power 80% -> 25 per arm (24.4 before rounding).
    res = noninferiority_sample_size(0.85, 0.65, margin=0.10, alpha=0.05, method="wald")
    assert res.n_per_arm == 25
    assert res.n_exact == pytest.approx(24.39, abs=0.005)


def test_trialsize_printed_values():
    # Values printed by TrialSize::TwoSampleProportion.NIS(0.025, 0.2, p1, p2, 1, p1 - p2,
    # -0.10): 75.87, 200.15, 902.62 (see README_noninferiority.md)
    for pa, want in ((0.90, 75.87), (0.85, 200.15), (0.80, 902.62)):
        res = noninferiority_sample_size(pa, 0.85, margin=0.10, method="wald")
        assert res.n_exact == pytest.approx(want, abs=0.005)


def test_finding_three_a_gentler_regimen_truly_eight_points_worse():
    # Yang 2003: 21% (HD) vs 13% (LD). A 10-point margin needs thousands of patients; a
    # 5-point margin cannot be met at all; 150 per arm has little power.
    assert noninferiority_sample_size(0.13, 0.21, margin=0.10).n_per_arm == 5493
    with pytest.raises(InfeasibleDesignError, match="margin=0.05"):
        noninferiority_sample_size(0.13, 0.21, margin=0.05)
    assert noninferiority_power(0.13, 0.21, 150, margin=0.10) < 0.1
    # McDermott 2005 counts: not non-inferior within 10 points by either decision
    res = noninferiority_test(9, 91, 22, 95, margin=0.10)
    assert not res.noninferior and not res.ci_noninferior


@pytest.mark.parametrize("method", ["farrington-manning", "wald"])
@pytest.mark.parametrize("rates", [(0.2, 0.2), (0.13, 0.21), (0.6, 0.5)])
def test_sample_size_is_the_smallest_reaching_the_power(method, rates):
    res = noninferiority_sample_size(*rates, margin=0.12, power=0.9, method=method)
    assert noninferiority_power(*rates, res.n_per_arm, margin=0.12, method=method) >= 0.9
    assert noninferiority_power(*rates, res.n_per_arm - 1, margin=0.12, method=method) < 0.9


def test_power_at_the_margin_is_alpha():
    # truly at the margin: power equals the one-sided alpha (both methods)
    for method in ("farrington-manning", "wald"):
        p = noninferiority_power(0.2, 0.3, 400, margin=0.1, alpha=0.025, method=method)
        assert p == pytest.approx(0.025, abs=1e-9)


def test_ci_decision_uses_newcombe_at_one_minus_two_alpha():
    res = noninferiority_test(40, 100, 38, 100, margin=0.10, alpha=0.05)
    want = compare_rates(40, 100, 38, 100, confidence_level=0.90)
    assert (res.ci_low, res.ci_high) == (want.rd_ci_low, want.rd_ci_high)
    assert res.ci_noninferior == (want.rd_ci_low > -0.10)


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 80).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.integers(1, 80).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.floats(0.01, 0.3),
)
def test_wider_margin_never_hurts(a, b, margin):
    (xa, na), (xb, nb) = a, b
    narrow = noninferiority_test(xa, na, xb, nb, margin=margin)
    wide = noninferiority_test(xa, na, xb, nb, margin=margin + 0.05)
    assert wide.statistic >= narrow.statistic - 1e-12
    assert wide.pvalue <= narrow.pvalue + 1e-12
    assert 0 <= narrow.pvalue <= 1
    pa, pb = restricted_rates(xa / na, na, xb / nb, nb, -margin)
    assert 0 <= pa <= 1 and 0 <= pb <= 1 and pb - pa == pytest.approx(margin)


def test_results_are_frozen_with_str_and_frame():
    res = noninferiority_test(20, 150, 33, 156, margin=0.10)
    assert isinstance(res, NoninferiorityTest)
    assert "non-inferiority not shown" in str(res) and "margin -10 points" in str(res)
    assert res.to_frame().shape == (1, 16)
    plan = noninferiority_sample_size(0.2, 0.2, margin=0.1)
    assert isinstance(plan, NoninferioritySampleSize)
    assert str(plan).startswith(f"{plan.n_per_arm} patients per arm")
    assert plan.to_frame()["n_per_arm"].item() == plan.n_per_arm
    with pytest.raises(AttributeError):
        plan.n_per_arm = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    "args, kwargs, error, match",
    [
        ((9, 91, 22, 95), {"margin": 0.0}, ValueError, "margin=0.0"),
        ((9, 91, 22, 95), {"margin": 1.5}, ValueError, "margin"),
        ((9, 91, 22, 95), {"margin": "0.1"}, TypeError, "margin"),
        ((9, 91, 22, 95), {"margin": None}, TypeError, "margin"),
        ((9, 91, 22, 95), {"margin": math.nan}, ValueError, "margin"),
        ((9, 91, 22, 95), {"margin": 0.1, "alpha": 0.6}, ValueError, "alpha"),
        ((9, 91, 22, 95), {"margin": 0.1, "method": "score"}, ValueError, "method"),
        ((92, 91, 22, 95), {"margin": 0.1}, ValueError, "responders_a"),
        ((9, 91, 22, 0), {"margin": 0.1}, ValueError, "n_b"),
        ((9, 91, -1, 95), {"margin": 0.1}, ValueError, "responders_b"),
    ],
)
def test_bad_test_arguments_are_named(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        noninferiority_test(*args, **kwargs)


@pytest.mark.parametrize(
    "args, kwargs, error, match",
    [
        ((0.0, 0.2), {"margin": 0.1}, ValueError, "rate_a"),
        ((0.2, "0.2"), {"margin": 0.1}, TypeError, "rate_b"),
        ((0.2, 0.2), {"margin": 0.1, "power": 1.0}, ValueError, "power"),
        ((0.2, 0.2), {"margin": 0.1, "power": 0.01}, ValueError, "power"),
        ((0.2, 0.2), {"margin": True}, TypeError, "margin"),
        ((0.1, 0.3), {"margin": 0.1}, InfeasibleDesignError, "no sample size"),
    ],
)
def test_bad_planning_arguments_are_named(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        noninferiority_sample_size(*args, **kwargs)


def test_bad_power_arguments_are_named():
    with pytest.raises(ValueError, match="n_per_arm"):
        noninferiority_power(0.2, 0.2, 0, margin=0.1)
    with pytest.raises(TypeError, match="n_per_arm"):
        noninferiority_power(0.2, 0.2, None, margin=0.1)  # type: ignore[arg-type]


# --- lessons 15-17: the interval's verdict, tables of tests and of sample sizes
from il2kit.noninferiority import (  # noqa: E402
    NONINFERIORITY_DECISIONS,
    classify_interval,
    noninferiority_table,
    sample_sizes_by_margin,
)


@pytest.mark.parametrize(
    "low, high, expected",
    [
        (0.01, 0.20, "superior"),
        (-0.06, 0.04, "non-inferior"),
        (-0.08, -0.02, "non-inferior yet worse"),
        (-0.15, 0.05, "inconclusive"),
        (-0.238, -0.025, "worse, non-inferiority not shown"),
        (-0.25, -0.12, "inferior"),
        (-0.10, 0.02, "inconclusive"),  # touching -margin is not beyond it
        (0.0, 0.10, "non-inferior"),  # touching 0 is not superiority
        (-0.05, 0.0, "non-inferior"),
    ],
)
def test_classify_interval_gives_each_of_the_six_verdicts(low, high, expected):
    assert expected in NONINFERIORITY_DECISIONS
    assert classify_interval(low, high, 0.10) == expected


@settings(max_examples=200, deadline=None)
@given(
    xa=st.integers(0, 60),
    na=st.integers(1, 60),
    xb=st.integers(0, 60),
    nb=st.integers(1, 60),
    margin=st.sampled_from([0.05, 0.10, 0.15]),
)
def test_the_verdict_agrees_with_the_interval_decision_of_the_test(xa, na, xb, nb, margin):
    xa, xb = min(xa, na), min(xb, nb)
    res = noninferiority_test(xa, na, xb, nb, margin=margin)
    verdict = classify_interval(res.ci_low, res.ci_high, margin)
    shown = verdict in ("superior", "non-inferior", "non-inferior yet worse")
    assert shown == res.ci_noninferior


@pytest.mark.parametrize(
    "args, error, match",
    [
        ((0.1, -0.1, 0.1), ValueError, "ci_low"),
        (("-0.1", 0.1, 0.1), TypeError, "ci_low"),
        ((-0.1, 0.1, 0.0), ValueError, "margin"),
        ((-0.1, 0.1, None), TypeError, "margin"),
        ((-0.1, math.nan, 0.1), ValueError, "ci_high"),
    ],
)
def test_classify_interval_names_bad_arguments(args, error, match):
    with pytest.raises(error, match=match):
        classify_interval(*args)


def test_noninferiority_table_keeps_order_and_the_tests_numbers():
    tests = {
        "b": noninferiority_test(80, 400, 84, 400, margin=0.10),
        "a": noninferiority_test(9, 91, 22, 95, margin=0.10),
    }
    table = noninferiority_table(tests)
    assert list(table["label"]) == ["b", "a"]
    row = table.iloc[1]
    assert (row.responders_a, row.n_a, row.responders_b, row.n_b) == (9, 91, 22, 95)
    assert row.ci_low == tests["a"].ci_low and row.pvalue == tests["a"].pvalue
    assert list(table["decision"]) == ["non-inferior", "worse, non-inferiority not shown"]
    assert list(table["noninferior"]) == [True, False]


def test_noninferiority_table_refuses_what_is_not_a_test():
    with pytest.raises(TypeError, match="NoninferiorityTest"):
        noninferiority_table({"x": compare_rates(9, 91, 22, 95)})
    with pytest.raises(TypeError, match="results"):
        noninferiority_table([noninferiority_test(9, 91, 22, 95, margin=0.1)])


def test_sample_sizes_by_margin_match_the_single_calls_and_mark_the_impossible():
    margins = [0.04, 0.08, 0.10, 0.15]
    table = sample_sizes_by_margin({"worse": (0.13, 0.21), "equal": (0.21, 0.21)}, margins)
    assert list(table.columns) == [
        "scenario",
        "rate_a",
        "rate_b",
        "margin",
        "n_per_arm",
        "feasible",
    ]
    assert str(table["n_per_arm"].dtype) == "Int64"
    for row in table.itertuples():
        # the true loss of 8 points: no margin at or below it can be shown (float-safe)
        impossible = row.rate_a - row.rate_b + row.margin <= 1e-12
        assert row.feasible is not impossible
        if impossible:
            assert table.loc[row.Index, "n_per_arm"] is pd.NA
        else:
            assert (
                row.n_per_arm
                == noninferiority_sample_size(row.rate_a, row.rate_b, margin=row.margin).n_per_arm
            )
    assert table.set_index(["scenario", "margin"]).loc[("worse", 0.10), "n_per_arm"] == 5493


def test_sample_sizes_by_margin_names_bad_arguments():
    with pytest.raises(TypeError, match="scenarios"):
        sample_sizes_by_margin([(0.1, 0.2)], [0.1])
    with pytest.raises(TypeError, match="rate_a, rate_b"):
        sample_sizes_by_margin({"x": 0.2}, [0.1])
    with pytest.raises(ValueError, match="margins"):
        sample_sizes_by_margin({"x": (0.2, 0.2)}, [0.0])
    with pytest.raises(ValueError, match="rate_a"):
        sample_sizes_by_margin({"x": (1.2, 0.2)}, [0.1])

"""Tests of il2kit.multiplicity against R's p.adjust, closed forms and Monte-Carlo checks."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from il2kit.multiplicity import (
    MULTIPLICITY_METHODS,
    AdjustedPValues,
    adjust_pvalues,
    familywise_error_rate,
    simulate_subgroups,
)

pytestmark = pytest.mark.filterwarnings("error")

REF = json.loads(
    (Path(__file__).parent / "reference" / "multiplicity" / "p_adjust.json").read_text()
)["cases"]
CASES = [(c, m) for c in REF for m in MULTIPLICITY_METHODS]


@pytest.mark.parametrize("case, method", CASES, ids=[f"{c['name'][0]}-{m}" for c, m in CASES])
def test_adjusted_pvalues_match_p_adjust(case, method):
    res = adjust_pvalues(case["pvalues"], method=method)
    # both compute the same sorted cumulative min/max of products: rounding only
    np.testing.assert_allclose(res.adjusted_pvalues, case["adjusted"][method], rtol=0, atol=1e-12)
    assert res.reject == tuple(np.array(case["adjusted"][method]) <= 0.05)


def test_result_frame_and_str():
    res = adjust_pvalues([0.001, 0.04], labels=["bone/liver", "primary in place"], alpha=0.01)
    assert isinstance(res, AdjustedPValues)
    frame = res.to_frame()
    assert list(frame.columns) == ["label", "pvalue", "adjusted_pvalue", "reject"]
    assert frame["reject"].tolist() == [True, False]
    assert str(res).startswith("holm adjustment of 2 p-values at alpha = 0.01")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=25))
def test_adjustment_invariants(p):
    bonf = adjust_pvalues(p, method="bonferroni").adjusted_pvalues
    holm = adjust_pvalues(p, method="holm").adjusted_pvalues
    hoch = adjust_pvalues(p, method="hochberg").adjusted_pvalues
    bh = adjust_pvalues(p, method="benjamini-hochberg").adjusted_pvalues
    for raw, b, ho, hc, f in zip(p, bonf, holm, hoch, bh, strict=True):
        assert raw <= f + 1e-12 and f <= hc + 1e-12 and hc <= ho + 1e-12 and ho <= b + 1e-12
        assert b <= 1.0
    order = np.argsort(p, kind="stable")
    assert np.all(np.diff(np.array(holm)[order]) >= -1e-12)  # monotone in the raw p-values


def test_familywise_error_rate_closed_forms():
    assert familywise_error_rate(1) == pytest.approx(0.05, abs=1e-15)
    assert familywise_error_rate(10) == pytest.approx(1 - 0.95**10, abs=1e-14)
    # equicorrelated normals vs scipy's multivariate normal CDF (QMC, abseps 1e-6)
    for k, rho in ((2, 0.5), (5, 0.5), (4, 0.2), (3, 0.9)):
        c = stats.norm.isf(0.025)
        cov = np.full((k, k), rho) + (1 - rho) * np.eye(k)
        mvn = stats.multivariate_normal(mean=np.zeros(k), cov=cov)
        inside = mvn.cdf(np.full(k, c), lower_limit=np.full(k, -c), rng=1)
        assert familywise_error_rate(k, correlation=rho) == pytest.approx(1 - inside, abs=2e-5)
    # more correlation, fewer chances for a false positive
    rates = [familywise_error_rate(10, correlation=r) for r in (0, 0.3, 0.6, 0.9)]
    assert rates == sorted(rates, reverse=True)


def _within(observed: float, expected: float, n: int, extra: float = 0.0) -> bool:
    return abs(observed - expected) <= 4 * math.sqrt(expected * (1 - expected) / n) + extra


def test_disjoint_subgroups_follow_the_independent_formula():
    n_trials = 20_000
    sims = simulate_subgroups(1000, 5, control_rate=0.3, n_trials=n_trials, rng=3)
    # 200 patients per arm per subgroup: each z test's size is 0.05 within ~0.002
    assert _within(sims["any_significant"].mean(), 1 - 0.95**5, n_trials, 0.01)
    assert _within((sims["overall_pvalue"] < 0.05).mean(), 0.05, n_trials, 0.003)
    assert sims["n_significant"].mean() == pytest.approx(5 * 0.05, abs=0.02)


def test_overlapping_subgroups_follow_the_correlated_formula():
    n_trials = 10_000
    sims = simulate_subgroups(
        400, 6, control_rate=0.4, subgroups="overlapping", n_trials=n_trials, rng=4
    )
    expected = familywise_error_rate(6, correlation=0.5)
    assert _within(sims["any_significant"].mean(), expected, n_trials, 0.01)
    assert expected < 1 - 0.95**6


def test_real_effect_is_found_overall_more_often_than_in_a_subgroup():
    sims = simulate_subgroups(
        150, 4, control_rate=0.13, experimental_rate=0.26, n_trials=3000, rng=5
    )
    overall = (sims["overall_pvalue"] < 0.05).mean()
    per_subgroup = sims["n_significant"].mean() / 4
    assert overall > 0.6 and per_subgroup < overall


def test_simulator_is_reproducible_and_tidy():
    a = simulate_subgroups(30, 3, control_rate=0.2, n_trials=200, rng=1)
    b = simulate_subgroups(30, 3, control_rate=0.2, n_trials=200, rng=1)
    assert a.equals(b)
    assert list(a.columns) == [
        "trial",
        "overall_pvalue",
        "smallest_pvalue",
        "n_significant",
        "any_significant",
    ]
    assert ((a["smallest_pvalue"] < 0.05) == a["any_significant"]).all()
    sims = simulate_subgroups(5, 3, control_rate=0.0, n_trials=50, rng=2)
    assert (sims["smallest_pvalue"] == 1).all()  # no responses anywhere: no evidence


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: adjust_pvalues([]), ValueError, "pvalues"),
        (lambda: adjust_pvalues([0.1, 1.2]), ValueError, "pvalues"),
        (lambda: adjust_pvalues([0.1, math.nan]), ValueError, "pvalues"),
        (lambda: adjust_pvalues("0.1"), TypeError, "pvalues"),
        (lambda: adjust_pvalues(["a"]), TypeError, "pvalues"),
        (lambda: adjust_pvalues([0.1], method="BH"), ValueError, "method"),
        (lambda: adjust_pvalues([0.1], labels=["a", "b"]), ValueError, "labels"),
        (lambda: adjust_pvalues([0.1], alpha=0), ValueError, "alpha"),
        (lambda: familywise_error_rate(0), ValueError, "n_tests"),
        (lambda: familywise_error_rate(3.5), ValueError, "n_tests=3.5"),
        (lambda: familywise_error_rate("3"), TypeError, "n_tests"),
        (lambda: familywise_error_rate(3, correlation=1.0), ValueError, "correlation"),
        (lambda: simulate_subgroups(1, 3, control_rate=0.1), ValueError, "n_per_arm"),
        (lambda: simulate_subgroups(10, 0, control_rate=0.1), ValueError, "n_subgroups"),
        (lambda: simulate_subgroups(10, 3, control_rate=1.1), ValueError, "control_rate"),
        (
            lambda: simulate_subgroups(10, 3, control_rate=0.1, experimental_rate="x"),
            TypeError,
            "experimental_rate",
        ),
        (
            lambda: simulate_subgroups(10, 3, control_rate=0.1, subgroups="nested"),
            ValueError,
            "subgroups",
        ),
        (lambda: simulate_subgroups(10, 3, control_rate=0.1, rng="x"), TypeError, "rng"),
    ],
)
def test_bad_arguments_are_named(call, error, match):
    with pytest.raises(error, match=match):
        call()

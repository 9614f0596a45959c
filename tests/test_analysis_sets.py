"""Tests of il2kit.analysis_sets by hand values."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from il2kit.analysis_sets import analysis_set_rates, compare_analysis_sets
from il2kit.compare import compare_rates
from il2kit.rates import response_rate

pytestmark = pytest.mark.filterwarnings("error")


def test_von_der_maase_hand_values():
    res = analysis_set_rates(8, 57, 51)  # 57 entered, 51 evaluable, 8 responders
    assert res.itt_rate == 8 / 57 and res.evaluable_rate == 8 / 51
    assert res.excluded == 6 and res.best_case_rate == 14 / 57
    exact = response_rate(8, 57)
    assert (res.itt_ci_low, res.itt_ci_high) == (exact.ci_low, exact.ci_high)
    assert str(res) == (
        "8 responders, 57 randomised, 51 evaluable: ITT 14.0%, evaluable 15.7% "
        "(all 6 excluded responding: 24.6%)"
    )
    assert res.to_frame().shape == (1, 12)


def test_nobody_excluded_gives_equal_rates():
    res = analysis_set_rates(22, 50, 50)  # rosenberg1999: 50 entered, 50 evaluable
    assert res.itt_rate == res.evaluable_rate == res.best_case_rate == 0.44


def test_nobody_evaluable():
    res = analysis_set_rates(0, 10, 0)
    assert res.itt_rate == 0.0 and math.isnan(res.evaluable_rate)
    assert res.best_case_rate == 1.0


def test_comparison_hand_values():
    res = compare_analysis_sets(15, 60, 45, 12, 60, 58)
    assert res.itt_difference == pytest.approx(15 / 60 - 12 / 60)
    assert res.evaluable_difference == pytest.approx(15 / 45 - 12 / 58)
    itt = compare_rates(15, 60, 12, 60)
    assert (res.itt_ci_low, res.itt_ci_high) == (itt.rd_ci_low, itt.rd_ci_high)
    assert res.itt_pvalue == pytest.approx(stats.fisher_exact([[15, 45], [12, 48]]).pvalue)
    assert res.evaluable_pvalue == pytest.approx(stats.fisher_exact([[15, 30], [12, 46]]).pvalue)
    frame = res.to_frame()
    assert frame["analysis"].tolist() == ["intention to treat", "evaluable"]
    assert frame["n_a"].tolist() == [60, 45] and frame["n_b"].tolist() == [60, 58]
    assert str(res).splitlines()[0].startswith("intention to treat: 25.0% vs 20.0%")


@given(
    st.integers(1, 200).flatmap(
        lambda n: st.integers(0, n).flatmap(
            lambda e: st.tuples(st.integers(0, e), st.just(n), st.just(e))
        )
    )
)
def test_itt_rate_is_bracketed(counts):
    r, n, e = counts
    res = analysis_set_rates(r, n, e)
    assert res.itt_rate <= res.best_case_rate
    if e > 0:
        assert res.itt_rate <= res.evaluable_rate <= res.best_case_rate + 1e-15
    assert 0 <= res.itt_ci_low <= res.itt_rate <= res.itt_ci_high <= 1


@pytest.mark.parametrize(
    "args, error, match",
    [
        ((8, 57, 58), ValueError, "evaluable=58"),
        ((9, 57, 8), ValueError, "responders=9"),
        ((58, 57, 57), ValueError, "responders"),
        ((8, 0, 0), ValueError, "randomized"),
        # a non-whole count: the class follows _validation.check_count (the contract's target
        # is ValueError; the engine branch may still raise TypeError)
        ((8, 57.5, 51), (TypeError, ValueError), "randomized"),
        ((-1, 57, 51), ValueError, "responders"),
        (("8", 57, 51), TypeError, "responders"),
    ],
)
def test_bad_arguments_are_named(args, error, match):
    with pytest.raises(error, match=match):
        analysis_set_rates(*args)


def test_bad_comparison_arguments_are_named():
    with pytest.raises(ValueError, match="evaluable_b=0"):
        compare_analysis_sets(1, 10, 5, 0, 10, 0)
    with pytest.raises(ValueError, match="evaluable_a=11"):
        compare_analysis_sets(1, 10, 11, 0, 10, 5)
    with pytest.raises(ValueError, match="confidence_level"):
        compare_analysis_sets(1, 10, 5, 0, 10, 5, confidence_level=0)

"""Tests of il2kit.nnt against Altman's (1998) and Barrowman's (2002) worked examples and hand
values from Newcombe's (1998) published risk-difference intervals."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from il2kit.compare import compare_rates
from il2kit.nnt import NumberNeededToTreat, nnt_from_difference, number_needed_to_treat

pytestmark = pytest.mark.filterwarnings("error")


def test_altman_interval_through_infinity():
    # Altman (1998), as quoted by Newcombe (BMJ rapid response, 1999): a risk-difference
    # interval from -5% to +25% is "NNTB 4 through infinity to NNTH 20".
    res = nnt_from_difference(0.10, -0.05, 0.25)
    assert res.ci_includes_infinity
    assert res.nntb_low == pytest.approx(4.0) and res.nntb_high == math.inf
    assert res.nnth_low == pytest.approx(20.0) and res.nnth_high == math.inf
    assert res.nnt == pytest.approx(10.0) and res.direction == "benefit"
    assert str(res) == "NNTB 10.0 (95% CI NNTH 20.0 to ∞ to NNTB 4.0)"


def test_barrowman_significant_example():
    # Barrowman (2002) CMAJ 166:1676: ARR 16.6% (95% CI 0.9% to 32.2%); NNT about 6, CI
    # 1/0.322 to 1/0.009, "approximately 3.1-111.1".
    res = nnt_from_difference(0.166, 0.009, 0.322)
    assert round(res.nnt) == 6
    assert res.nntb_low == pytest.approx(3.1, abs=0.05)
    assert res.nntb_high == pytest.approx(111.1, abs=0.05)
    assert not res.ci_includes_infinity and math.isnan(res.nnth_low)
    assert str(res) == "NNTB 6.0 (95% CI 3.1 to 111.1)"


def test_acp_primer_point_estimate():
    # Effective Clinical Practice primer (1999): deaths 50% on control vs 40% on
    # intervention, ARR 10%, NNT 10.
    res = number_needed_to_treat(40, 100, 50, 100, outcome="adverse")
    assert res.benefit_difference == pytest.approx(0.10)
    assert res.nnt == pytest.approx(10.0) and res.direction == "benefit"


# Newcombe (1998) Table II, method 10 limits -> NNT limits by hand (1 / limit).
@pytest.mark.parametrize(
    "counts, limits, text",
    [
        ((9, 10, 3, 10), (0.1705, 0.8090), "NNTB 1.7 (95% CI 1.2 to 5.9)"),
        ((56, 70, 48, 80), (0.0524, 0.3339), "NNTB 5.0 (95% CI 3.0 to 19.1)"),
        ((5, 56, 0, 29), (-0.0381, 0.1926), "NNTB 11.2 (95% CI NNTH 26.2 to ∞ to NNTB 5.2)"),
        ((0, 10, 0, 20), (-0.1611, 0.2775), "NNT ∞ (95% CI NNTH 6.2 to ∞ to NNTB 3.6)"),
    ],
)
def test_counts_use_newcombe_interval(counts, limits, text):
    res = number_needed_to_treat(*counts)
    assert res.ci_low == pytest.approx(limits[0], abs=5e-5)
    assert res.ci_high == pytest.approx(limits[1], abs=5e-5)
    if res.ci_high > 0:
        assert res.nntb_low == pytest.approx(1 / limits[1], rel=1e-3)
    if res.ci_low < 0:
        assert res.nnth_low == pytest.approx(1 / -limits[0], rel=1e-3)
    assert str(res) == text


def test_adverse_outcome_flips_the_sign():
    good = number_needed_to_treat(22, 95, 9, 91)
    bad = number_needed_to_treat(9, 91, 22, 95, outcome="adverse")  # "non-response" framing
    assert good.benefit_difference == pytest.approx(-compare_rates(9, 91, 22, 95).risk_difference)
    assert bad.benefit_difference == pytest.approx(good.benefit_difference)
    assert bad.nntb_low == pytest.approx(good.nntb_low)
    harm = number_needed_to_treat(9, 91, 22, 95)  # the gentler regimen, response outcome
    assert harm.direction == "harm"
    assert str(harm) == "NNTH 7.5 (95% CI 4.2 to 39.6)"


def test_zero_difference_and_limits_at_zero():
    res = nnt_from_difference(0.0, 0.0, 0.2)
    assert res.nnt == math.inf and res.direction == "none"
    assert res.ci_includes_infinity and math.isnan(res.nnth_low)
    assert res.interval_text() == "NNTH ∞ to ∞ to NNTB 5.0"
    frame = res.to_frame()
    assert frame.shape == (1, 11) and isinstance(res, NumberNeededToTreat)


@given(
    st.floats(-0.99, 0.99),
    st.floats(0.0, 0.5),
    st.floats(0.0, 0.5),
)
def test_nnt_interval_contains_the_estimate(d, below, above):
    lo, hi = max(-1.0, d - below), min(1.0, d + above)
    res = nnt_from_difference(d, lo, hi)
    if d > 0:
        assert res.nntb_low <= res.nnt * (1 + 1e-12) and res.nnt <= res.nntb_high * (1 + 1e-12)
    elif d < 0:
        assert res.nnth_low <= res.nnt * (1 + 1e-12) and res.nnt <= res.nnth_high * (1 + 1e-12)
    assert res.nnt >= 1.0  # a difference can be at most 1
    assert res.ci_includes_infinity == (lo <= 0 <= hi)


@pytest.mark.parametrize(
    "args, kwargs, error, match",
    [
        ((0.1, 0.2, 0.3), {}, ValueError, "ci_low <= benefit_difference"),
        ((1.5, 0.2, 0.3), {}, ValueError, "benefit_difference=1.5"),
        (("0.1", 0.0, 0.2), {}, TypeError, "benefit_difference"),
        ((0.1, None, 0.2), {}, TypeError, "ci_low"),
        ((0.1, 0.0, math.nan), {}, ValueError, "ci_high"),
        ((0.1, 0.0, 0.2), {"confidence_level": 1.0}, ValueError, "confidence_level"),
    ],
)
def test_bad_difference_arguments_are_named(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        nnt_from_difference(*args, **kwargs)


def test_bad_count_arguments_are_named():
    with pytest.raises(ValueError, match="outcome"):
        number_needed_to_treat(1, 10, 2, 10, outcome="death")
    with pytest.raises(ValueError, match="responders_a"):
        number_needed_to_treat(11, 10, 2, 10)

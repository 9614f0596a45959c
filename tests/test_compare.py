"""Tests of il2kit.compare against R (fisher.test, chisq.test, metafor::escalc) and Newcombe."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from il2kit.compare import RateComparison, compare_rates

REFERENCE = Path(__file__).parent / "reference" / "rates_meta" / "compare.json"
ROWS = json.loads(REFERENCE.read_text())["rows"]

# Tolerance: see tests/reference/README_rates_meta.md. Every quantity here is a closed form
# (or an exact hypergeometric sum) in both R and Python, so they agree to rounding.
REL = 1e-9


def _ids(row: dict) -> str:
    return f"{row['responders_a']}/{row['n_a']}-vs-{row['responders_b']}/{row['n_b']}"


def _compare(row: dict) -> RateComparison:
    return compare_rates(
        row["responders_a"],
        row["n_a"],
        row["responders_b"],
        row["n_b"],
        confidence_level=row["confidence_level"],
    )


@pytest.mark.parametrize("row", ROWS, ids=_ids)
def test_risk_difference_matches_newcombe_from_r_wilson_limits(row: dict) -> None:
    c = _compare(row)
    assert c.risk_difference == pytest.approx(row["risk_difference"], rel=REL, abs=1e-15)
    assert c.rd_ci_low == pytest.approx(row["rd_ci_low"], rel=REL)
    assert c.rd_ci_high == pytest.approx(row["rd_ci_high"], rel=REL)


@pytest.mark.parametrize("row", ROWS, ids=_ids)
def test_p_values_match_r(row: dict) -> None:
    c = _compare(row)
    assert c.fisher_pvalue == pytest.approx(row["fisher_p"], rel=REL)
    if row["chi2_p"] is None:  # R: NaN, a zero margin makes the statistic 0/0
        assert math.isnan(c.chi2_pvalue)
    else:
        assert c.chi2_pvalue == pytest.approx(row["chi2_p"], rel=REL)


@pytest.mark.parametrize("row", ROWS, ids=_ids)
def test_odds_ratio_matches_metafor_escalc(row: dict) -> None:
    c = _compare(row)
    no_information = (
        row["responders_a"] + row["responders_b"] == 0
        or row["responders_a"] + row["responders_b"] == row["n_a"] + row["n_b"]
    )
    if no_information:  # metafor still reports a corrected value; we report NaN (documented)
        assert math.isnan(c.odds_ratio) and math.isnan(c.or_ci_low) and math.isnan(c.or_ci_high)
        return
    assert math.log(c.odds_ratio) == pytest.approx(row["log_odds_ratio"], rel=REL, abs=1e-12)
    assert c.or_ci_low == pytest.approx(row["or_ci_low"], rel=REL)
    assert c.or_ci_high == pytest.approx(row["or_ci_high"], rel=REL)


# Newcombe (1998), Stat Med 17:873-890, Table II, method 10 (hybrid score, no correction).
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((6, 7, 2, 7), (0.0582, 0.8062)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
    ((0, 10, 0, 10), (-0.2775, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0000)),
    ((10, 10, 0, 10), (0.6075, 1.0000)),
]


@pytest.mark.parametrize(("counts", "published"), NEWCOMBE_TABLE_II)
def test_risk_difference_matches_newcombe_table_ii(counts: tuple, published: tuple) -> None:
    c = compare_rates(*counts)
    # Published to 4 decimals: agreement within half a unit of the last digit.
    assert c.rd_ci_low == pytest.approx(published[0], abs=5e-5)
    assert c.rd_ci_high == pytest.approx(published[1], abs=5e-5)


def test_haldane_correction_only_with_a_zero_cell() -> None:
    plain = compare_rates(9, 10, 3, 10)
    assert not plain.or_corrected
    assert plain.odds_ratio == pytest.approx(9 * 7 / (1 * 3))
    zero = compare_rates(5, 56, 0, 29)
    assert zero.or_corrected
    assert zero.odds_ratio == pytest.approx(5.5 * 29.5 / (51.5 * 0.5))


def test_double_zero_table() -> None:
    c = compare_rates(0, 10, 0, 20)
    assert c.risk_difference == 0.0
    assert c.fisher_pvalue == 1.0
    assert math.isnan(c.chi2_pvalue) and math.isnan(c.odds_ratio)
    assert c.min_expected == 0.0


def test_min_expected_flags_small_tables() -> None:
    assert compare_rates(9, 10, 3, 10).min_expected == pytest.approx(4.0)
    assert compare_rates(56, 70, 48, 80).min_expected > 5


def test_swapping_arms_mirrors_the_comparison() -> None:
    ab = compare_rates(12, 71, 6, 36)
    ba = compare_rates(6, 36, 12, 71)
    assert ab.risk_difference == pytest.approx(-ba.risk_difference)
    assert ab.rd_ci_low == pytest.approx(-ba.rd_ci_high)
    assert ab.odds_ratio == pytest.approx(1 / ba.odds_ratio)
    assert ab.or_ci_low == pytest.approx(1 / ba.or_ci_high)
    assert (ab.fisher_pvalue, ab.chi2_pvalue) == pytest.approx((ba.fisher_pvalue, ba.chi2_pvalue))


def test_repr_str_and_frame() -> None:
    c = compare_rates(9, 10, 3, 10)
    assert repr(c).startswith("RateComparison(responders_a=9, n_a=10, responders_b=3, n_b=10")
    assert str(c).startswith("9/10 vs 3/10: risk difference 60.0 points (95% CI 17.1 to 80.9)")
    frame = c.to_frame()
    assert frame.shape == (1, 17)
    assert frame.loc[0, "fisher_pvalue"] == c.fisher_pvalue
    with pytest.raises(AttributeError):
        c.fisher_pvalue = 0.5  # type: ignore[misc]


arm = st.integers(min_value=1, max_value=300).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


@given(a=arm, b=arm, level=st.floats(min_value=0.5, max_value=0.999))
def test_property_intervals_contain_estimates(a: tuple, b: tuple, level: float) -> None:
    c = compare_rates(a[0], a[1], b[0], b[1], confidence_level=level)
    assert -1.0 <= c.rd_ci_low <= c.risk_difference <= c.rd_ci_high <= 1.0
    assert 0.0 <= c.fisher_pvalue <= 1.0
    if not math.isnan(c.odds_ratio):
        assert 0.0 < c.or_ci_low <= c.odds_ratio <= c.or_ci_high < math.inf
    if not math.isnan(c.chi2_pvalue):
        assert 0.0 <= c.chi2_pvalue <= 1.0


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((11, 10, 3, 10), {}, ValueError, r"responders_a=11 with n_a=10"),
        ((1, 10, 13, 10), {}, ValueError, r"responders_b=13 with n_b=10"),
        ((-1, 10, 3, 10), {}, ValueError, r"responders_a=-1; must be >= 0"),
        ((1, 10, 3, 0), {}, ValueError, r"n_b=0; must be >= 1"),
        ((1.5, 10, 3, 10), {}, ValueError, r"responders_a=1.5; must be a whole number"),
        ((1, 10, 3, 10), {"confidence_level": 1.5}, ValueError, r"confidence_level=1.5"),
    ],
)
def test_compare_rates_rejects_bad_input(
    args: tuple, kwargs: dict, error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        compare_rates(*args, **kwargs)


def test_unknown_keyword_is_rejected() -> None:
    with pytest.raises(TypeError, match="method"):
        compare_rates(1, 10, 3, 10, method="wald")  # type: ignore[call-arg]


def test_fisher_pvalue_is_the_sum_over_rarer_tables() -> None:
    # R's rule, brute force over the whole hypergeometric support, every table up to 12 + 12
    import numpy as np
    from scipy.stats import hypergeom

    from il2kit.compare import _fisher_pvalue

    worst = 0.0
    for na in range(1, 13):
        for nb in range(1, 13):
            for xa in range(na + 1):
                for xb in range(nb + 1):
                    col = xa + xb
                    ks = np.arange(max(0, col - nb), min(na, col) + 1)
                    pmf = hypergeom.pmf(ks, na + nb, na, col)
                    rare = pmf <= hypergeom.pmf(xa, na + nb, na, col) * (1 + 1e-7)
                    want = min(1.0, float(pmf[rare].sum()))
                    worst = max(worst, abs(_fisher_pvalue(xa, na, xb, nb) - want) / want)
    assert worst < 1e-12


# --- lessons 11-16: many comparisons at once ---------------------------------------------------
def test_compare_rates_table_rows_are_compare_rates() -> None:
    import pandas as pd

    from il2kit.compare import compare_rates_table

    a = pd.Series([22, 44, 0, 8], index=[10, 11, 12, 13])
    table = compare_rates_table(
        a, [95, 91, 30, 35], [9, 23, 4, 8], [91, 92, 29, 30], confidence_level=0.9
    )
    assert list(table.index) == [10, 11, 12, 13]
    for (_, row), args in zip(
        table.iterrows(),
        [(22, 95, 9, 91), (44, 91, 23, 92), (0, 30, 4, 29), (8, 35, 8, 30)],
        strict=True,
    ):
        one = compare_rates(*args, confidence_level=0.9)
        for name in ("risk_difference", "rd_ci_low", "odds_ratio", "or_ci_high", "fisher_pvalue"):
            assert row[name] == getattr(one, name)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (([1, 2], [10, 10], [1], [10]), ValueError, "same length"),
        (([], [], [], []), ValueError, "empty"),
        (([11], [10], [1], [10]), ValueError, "responders_a"),
        ((["1"], [10], [1], [10]), TypeError, "responders_a"),
    ],
)
def test_compare_rates_table_names_bad_input(args, error, match) -> None:
    from il2kit.compare import compare_rates_table

    with pytest.raises(error, match=match):
        compare_rates_table(*args)

"""Tests of il2kit.rates against R (binom.test, prop.test) and the interval contract."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from il2kit.rates import RATE_METHODS, ResponseRate, response_rate, response_rates

REFERENCE = Path(__file__).parent / "reference" / "rates_meta" / "rates.json"
ROWS = json.loads(REFERENCE.read_text())["rows"]

# Tolerances: see tests/reference/README_rates_meta.md.
REL_EXACT = 1e-12  # beta quantiles in both (SciPy beta.ppf, R qbeta); observed 5e-15.
REL_CLOSED = 1e-9  # Wilson limits are closed forms in both; only rounding differs.
ABS_ZERO = 1e-12  # for limits that are exactly 0 or 1 in R


def _ids(row: dict) -> str:
    return f"{row['responders']}/{row['n']}@{row['confidence_level']}"


@pytest.mark.parametrize("row", ROWS, ids=_ids)
def test_exact_matches_r_binom_test(row: dict) -> None:
    r = response_rate(row["responders"], row["n"], confidence_level=row["confidence_level"])
    assert r.ci_low == pytest.approx(row["exact_low"], rel=REL_EXACT, abs=ABS_ZERO)
    assert r.ci_high == pytest.approx(row["exact_high"], rel=REL_EXACT, abs=ABS_ZERO)


@pytest.mark.parametrize("row", ROWS, ids=_ids)
def test_wilson_matches_r_prop_test(row: dict) -> None:
    r = response_rate(
        row["responders"], row["n"], confidence_level=row["confidence_level"], method="wilson"
    )
    assert r.ci_low == pytest.approx(row["wilson_low"], rel=REL_CLOSED, abs=ABS_ZERO)
    assert r.ci_high == pytest.approx(row["wilson_high"], rel=REL_CLOSED, abs=ABS_ZERO)


@pytest.mark.parametrize("row", [r for r in ROWS if 2 * r["responders"] != r["n"]], ids=_ids)
def test_wilsoncc_matches_r_prop_test_with_correction(row: dict) -> None:
    r = response_rate(
        row["responders"], row["n"], confidence_level=row["confidence_level"], method="wilsoncc"
    )
    assert r.ci_low == pytest.approx(row["wilsoncc_low"], rel=REL_CLOSED, abs=ABS_ZERO)
    assert r.ci_high == pytest.approx(row["wilsoncc_high"], rel=REL_CLOSED, abs=ABS_ZERO)


def test_wilsoncc_differs_from_r_only_at_half_by_design() -> None:
    # At x = n/2, R's prop.test shrinks the correction to |x - n/2| = 0, so its interval is
    # the uncorrected Wilson one; Newcombe's method 4 (ours, SciPy's) keeps the correction.
    halves = [r for r in ROWS if 2 * r["responders"] == r["n"]]
    assert halves
    for row in halves:
        r = response_rate(
            row["responders"], row["n"], confidence_level=row["confidence_level"], method="wilsoncc"
        )
        assert row["wilsoncc_low"] == pytest.approx(row["wilson_low"], rel=REL_CLOSED)
        assert r.ci_low < row["wilsoncc_low"]
        assert r.ci_high > row["wilsoncc_high"]


def test_known_values_and_repr() -> None:
    r = response_rate(37, 255)
    assert isinstance(r, ResponseRate)
    assert r.rate == pytest.approx(37 / 255)
    assert (r.responders, r.n, r.method, r.confidence_level) == (37, 255, "exact", 0.95)
    assert "ResponseRate(responders=37, n=255" in repr(r)
    assert str(r) == "37/255 = 14.5% (95% CI 10.4% to 19.4%, exact)"
    frame = r.to_frame()
    assert list(frame.columns) == [
        "responders",
        "n",
        "rate",
        "ci_low",
        "ci_high",
        "confidence_level",
        "method",
    ]
    assert frame.shape == (1, 7)


def test_result_is_frozen() -> None:
    r = response_rate(3, 10)
    with pytest.raises(AttributeError):
        r.rate = 0.5  # type: ignore[misc]


def test_rule_of_three() -> None:
    # 0/n: the one-sided 95% upper limit is about 3/n; the two-sided 95% exact limit is
    # 1 - 0.025**(1/n), which is the one-sided 97.5% limit.
    r = response_rate(0, 100)
    assert r.ci_low == 0.0
    assert r.ci_high == pytest.approx(1 - 0.025 ** (1 / 100), rel=1e-9)


def test_higher_level_gives_wider_interval() -> None:
    for method in RATE_METHODS:
        narrow = response_rate(12, 71, confidence_level=0.80, method=method)
        wide = response_rate(12, 71, confidence_level=0.99, method=method)
        assert wide.ci_low < narrow.ci_low < narrow.ci_high < wide.ci_high


@pytest.mark.parametrize("method", RATE_METHODS)
@pytest.mark.parametrize("n", [1, 2, 7, 40])
def test_contract_every_method_every_count(method: str, n: int) -> None:
    for x in range(n + 1):
        r = response_rate(x, n, method=method)
        assert 0.0 <= r.ci_low <= r.rate <= r.ci_high <= 1.0


@given(
    data=st.data(),
    n=st.integers(min_value=1, max_value=2000),
    level=st.floats(min_value=0.5, max_value=0.999),
    method=st.sampled_from(RATE_METHODS),
)
def test_property_interval_contains_rate(
    data: st.DataObject, n: int, level: float, method: str
) -> None:
    x = data.draw(st.integers(min_value=0, max_value=n))
    r = response_rate(x, n, confidence_level=level, method=method)
    assert 0.0 <= r.ci_low <= r.rate <= r.ci_high <= 1.0


@given(n=st.integers(min_value=1, max_value=500), data=st.data())
def test_property_mirror_symmetry(n: int, data: st.DataObject) -> None:
    # Swapping responders and non-responders mirrors every interval: (low, high) for x of n
    # is (1 - high, 1 - low) for n - x of n.
    x = data.draw(st.integers(min_value=0, max_value=n))
    for method in RATE_METHODS:
        r = response_rate(x, n, method=method)
        mirror = response_rate(n - x, n, method=method)
        assert r.ci_low == pytest.approx(1 - mirror.ci_high, abs=1e-9)
        assert r.ci_high == pytest.approx(1 - mirror.ci_low, abs=1e-9)


# ------------------------------------------------------------------ many arms


def test_response_rates_matches_scalar_function() -> None:
    x, n = [37, 10, 0, 12], [255, 71, 12, 12]
    for method in RATE_METHODS:
        table = response_rates(x, n, method=method, confidence_level=0.9)
        assert list(table.columns) == ["responders", "n", "rate", "ci_low", "ci_high"]
        for row, xi, ni in zip(table.itertuples(), x, n, strict=True):
            one = response_rate(xi, ni, method=method, confidence_level=0.9)
            assert (row.responders, row.n) == (xi, ni)
            assert (row.rate, row.ci_low, row.ci_high) == (one.rate, one.ci_low, one.ci_high)


def test_response_rates_keeps_series_index() -> None:
    x = pd.Series([5, 7], index=["HD IL-2", "LD IL-2"])
    table = response_rates(x, np.array([40, 45]))
    assert list(table.index) == ["HD IL-2", "LD IL-2"]


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((11, 10), {}, ValueError, r"responders=11 with n=10"),
        ((-1, 10), {}, ValueError, r"responders=-1; must be >= 0"),
        ((2.5, 10), {}, ValueError, r"responders=2.5; must be a whole number"),
        ((3, 10.5), {}, ValueError, r"n=10.5; must be a whole number"),
        ((0, 0), {}, ValueError, r"n=0; must be >= 1"),
        (
            (3, 10),
            {"method": "wald"},
            ValueError,
            r"`method` must be one of \['exact', 'wilson', 'wilsoncc'\], got 'wald'",
        ),
        ((3, 10), {"method": "wil"}, ValueError, r"`method` must be one of"),
        ((3, 10), {"method": "Exact"}, ValueError, r"`method` must be one of"),
        ((3, 10), {"confidence_level": 1.5}, ValueError, r"confidence_level=1.5; must lie in"),
        ((3, 10), {"confidence_level": 0.0}, ValueError, r"confidence_level=0.0"),
        ((True, 10), {}, TypeError, r"`responders`"),
    ],
)
def test_response_rate_rejects_bad_input(
    args: tuple, kwargs: dict, error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        response_rate(*args, **kwargs)


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        response_rate(3, 10, 0.9)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("x", "n", "kwargs", "error", "match"),
    [
        ([1, 2], [10], {}, ValueError, r"same length.*'responders': 2, 'n': 1"),
        ([], [], {}, ValueError, r"`responders` must be a non-empty"),
        ([1, 12], [10, 10], {}, ValueError, r"Arm 1: Invalid responders=12 with n=10"),
        ([1, -2], [10, 10], {}, ValueError, r"`responders` must hold counts >= 0"),
        ([1.5, 2], [10, 10], {}, ValueError, r"`responders` must hold whole numbers"),
        ([1, 2], [10, 0], {}, ValueError, r"Arm 1: Invalid n=0"),
        ([1, 2], [10, 10], {"method": "wald"}, ValueError, r"`method` must be one of"),
        ([1, 2], [10, 10], {"confidence_level": 1.5}, ValueError, r"confidence_level=1.5"),
    ],
)
def test_response_rates_rejects_bad_input(
    x: list, n: list, kwargs: dict, error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        response_rates(x, n, **kwargs)


# --- lessons 08-10: exact coverage -------------------------------------------------------------

from il2kit.rates import coverage  # noqa: E402
from il2kit.simulate import simulate_single_arm  # noqa: E402

COVERAGE_R = json.loads(
    (Path(__file__).parent / "reference" / "lessons_08_10" / "coverage_r.json").read_text()
)["cases"]


@pytest.mark.parametrize(
    "case", COVERAGE_R, ids=lambda c: f"{c['method']}-n{c['n']}-p{c['true_rate']}"
)
def test_coverage_matches_r(case):
    """R: binom.test (exact), prop.test(correct = FALSE) (Wilson), the Wald formula, summed
    over dbinom."""
    got = coverage(case["n"], case["true_rate"], method=case["method"])["coverage"].iloc[0]
    assert got == pytest.approx(case["coverage"], abs=1e-12)


@pytest.mark.parametrize("n", [1, 5, 20, 40, 100])
def test_exact_coverage_never_falls_below_the_level(n):
    grid = np.linspace(0.0005, 0.9995, 2000)
    assert coverage(n, grid)["coverage"].min() >= 0.95 - 1e-12
    assert coverage(n, grid, confidence_level=0.9)["coverage"].min() >= 0.90 - 1e-12


def test_coverage_agrees_with_simulated_trials():
    sims = simulate_single_arm(0.15, 40, n_trials=40_000, rng=11)
    exact = coverage(40, 0.15)["coverage"].iloc[0]
    se = math.sqrt(exact * (1 - exact) / len(sims))
    assert abs(sims["covers"].mean() - exact) < 4 * se


def test_coverage_table_has_one_row_per_method_and_rate():
    table = coverage(20, [0.1, 0.2, 0.3], method=("exact", "wilson", "wald"))
    assert list(table.columns) == ["method", "true_rate", "coverage"]
    assert table["method"].tolist() == ["exact"] * 3 + ["wilson"] * 3 + ["wald"] * 3
    # the Wald interval of 0 responders has zero width, so it never covers a rate above 0
    assert coverage(20, 0.01, method="wald")["coverage"].iloc[0] < 0.2


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"n": 0, "true_rates": 0.1}, ValueError, "n"),
        ({"n": 2.5, "true_rates": 0.1}, ValueError, "n"),
        ({"n": "40", "true_rates": 0.1}, TypeError, "n"),
        ({"n": 40, "true_rates": [0.1, 1.2]}, ValueError, "true_rates"),
        ({"n": 40, "true_rates": 0.1, "method": "agresti"}, ValueError, "method"),
        ({"n": 40, "true_rates": 0.1, "method": []}, ValueError, "method"),
        ({"n": 40, "true_rates": 0.1, "confidence_level": 95}, ValueError, "confidence_level"),
    ],
)
def test_coverage_names_bad_input(kwargs, error, words):
    with pytest.raises(error, match=words):
        coverage(**kwargs)


# ------------------------------------------------------------------ very large n

ENGINE_REF = Path(__file__).parent / "reference" / "engine_r"
LARGE_N = json.loads((ENGINE_REF / "binom_large.json").read_text())["rows"]
HUGE_N = json.loads((ENGINE_REF / "beta_precision.json").read_text())["rows"]
REL_LARGE = 1e-11  # beta quantile + one Newton step; observed 4.6e-12 (see README_engine_r.md)


@pytest.mark.parametrize("row", LARGE_N + HUGE_N, ids=_ids)
def test_exact_keeps_its_precision_at_large_n(row: dict) -> None:
    # R's binom.test at n = 1e6 and 1e9; 40-digit arithmetic up to n = 2**53 - 1. SciPy's
    # binomtest(...).proportion_ci is off by 7e-5 here and beta.ppf alone by 9e-9.
    r = response_rate(
        int(row["responders"]), int(row["n"]), confidence_level=row["confidence_level"]
    )
    assert r.ci_low == pytest.approx(row["exact_low"], rel=REL_LARGE, abs=ABS_ZERO)
    assert r.ci_high == pytest.approx(row["exact_high"], rel=REL_LARGE, abs=ABS_ZERO)


def test_large_n_reference_covers_the_hard_cases() -> None:
    # The stored cases include n = 1e9 and n = 2**53 - 1 with few responders, where beta.ppf
    # alone misses the 1e-11 tolerance: the test above would catch a return to it.
    from scipy.stats import beta

    worst = 0.0
    for row in LARGE_N + HUGE_N:
        x, n, a = int(row["responders"]), int(row["n"]), (1 - row["confidence_level"]) / 2
        if 0 < x < n:
            worst = max(worst, abs(beta.ppf(1 - a, x + 1, n - x) / row["exact_high"] - 1))
    assert worst > 10 * REL_LARGE
    assert {1e9, 2**53 - 1} <= {row["n"] for row in LARGE_N + HUGE_N}


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((2**53, 2**53 + 1), ValueError, r"responders=9007199254740992; must be below 2\*\*53"),
        ((1, 2**53 + 1), ValueError, r"n=9007199254740993; must be below 2\*\*53"),
        ((1e19, 1e20), ValueError, r"responders=1e\+19; must be below 2\*\*53"),
        ((1, 10**400), ValueError, r"n=an integer with 401 digits; must be below"),
        ((np.uint64(2**63), np.uint64(2**63)), ValueError, r"responders=9223372036854775808"),
        ((float("nan"), 10), ValueError, r"responders=nan"),
        ((3, float("inf")), ValueError, r"n=inf"),
        (("3", 10), TypeError, r"`responders` must be a whole number"),
        ((None, 10), TypeError, r"`responders`"),
    ],
)
def test_counts_beyond_float_range_are_named(args: tuple, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        response_rate(*args)


def test_largest_exact_count_gives_a_finite_interval() -> None:
    # Precision is documented as 1e-11 up to n = 1e14 only (SciPy's incomplete beta function
    # degrades beyond); at 2**53 - 1 the interval must still be finite and ordered, and within
    # 5e-9 (relative) of the normal approximation, which is exact to ~1e-16 at this n.
    for method in RATE_METHODS:
        r = response_rate(2**52, 2**53 - 1, method=method)
        assert 0 < r.ci_low < r.rate < r.ci_high < 1
        half = 1.959963984540054 * math.sqrt(r.rate * (1 - r.rate) / r.n)
        assert r.ci_low == pytest.approx(r.rate - half, rel=5e-9)
        assert r.ci_high == pytest.approx(r.rate + half, rel=5e-9)


@pytest.mark.parametrize(
    ("x", "n", "error", "match"),
    [
        ([1, 2**53], [10, 2**53 + 1], ValueError, r"responders: 9007199254740992 at position 1"),
        ([1, 1e19], [10, 1e20], ValueError, r"1e\+19 at position 1"),
        (np.array([1, 2**63], dtype=np.uint64), [10, 10], ValueError, r"9223372036854775808"),
        ([1, 10**400], [10, 10], ValueError, r"an integer with 401 digits"),
        ([1, None], [10, 10], TypeError, r"`responders` must hold numbers, got None"),
        ([1, 2.5], [10, 10], ValueError, r"`responders` must hold whole numbers"),
        ([True, False], [10, 10], TypeError, r"`responders` must hold numbers"),
    ],
)
def test_array_counts_raise_like_scalars(x: object, n: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        response_rates(x, n)

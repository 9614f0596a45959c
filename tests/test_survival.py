"""Tests for il2kit.survival against R's survfit / survdiff (tests/reference/design_survival)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from il2kit.survival import KM_COLUMNS, KaplanMeier, LogRankResult, kaplan_meier, logrank

REF = Path(__file__).parent / "reference" / "design_survival"
CASES = json.loads((REF / "survival.json").read_text())["cases"]


def _arr(values):
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _same(a, b):
    """Equal, counting NaN (R's NA) as equal to NaN."""
    return (math.isnan(a) and math.isnan(b)) or a == b


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_km_table_matches_survfit(case):
    km = kaplan_meier(case["time"], case["event"])
    ref = case["km"]
    t = km.table
    assert list(t.columns) == KM_COLUMNS
    np.testing.assert_array_equal(t["time"], ref["time"])
    for col in ("n_at_risk", "n_events", "n_censored"):
        np.testing.assert_array_equal(t[col], ref[col])
    for col in ("survival", "ci_low", "ci_high"):
        np.testing.assert_allclose(t[col], _arr(ref[col]), rtol=0, atol=1e-12)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_km_median_and_ci_match_survfit_exactly(case):
    km = kaplan_meier(case["time"], case["event"])
    got = (km.median, km.median_ci_low, km.median_ci_high)
    want = tuple(_arr([case["median"], case["median_ci_low"], case["median_ci_high"]]))
    assert all(_same(g, w) for g, w in zip(got, want, strict=True)), (got, want)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_km_other_confidence_level_matches_survfit(case):
    km = kaplan_meier(case["time"], case["event"], confidence_level=0.90)
    np.testing.assert_allclose(km.table["ci_low"], _arr(case["km90"]["ci_low"]), atol=1e-12)
    np.testing.assert_allclose(km.table["ci_high"], _arr(case["km90"]["ci_high"]), atol=1e-12)
    want = _arr([case["km90"]["median_ci_low"], case["km90"]["median_ci_high"]])
    assert _same(km.median_ci_low, want[0]) and _same(km.median_ci_high, want[1])


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_logrank_matches_survdiff(case):
    res = logrank(case["time"], case["event"], case["group"])
    assert isinstance(res, LogRankResult)
    assert res.df == case["logrank"]["df"]
    assert res.statistic == pytest.approx(case["logrank"]["statistic"], abs=1e-10)
    assert res.pvalue == pytest.approx(case["logrank"]["p_value"], abs=1e-10)


def test_flat_half_median_is_midpoint():
    km = kaplan_meier([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 1, 1])
    assert km.median == 4.0  # S = 0.5 from t = 3 until the next event at t = 5


def test_survival_at_is_right_continuous_step():
    km = kaplan_meier([2, 4, 4, 7], [1, 1, 0, 1])
    assert km.survival_at(0) == 1.0
    assert km.survival_at(1.999) == 1.0
    assert km.survival_at(2) == 0.75
    np.testing.assert_allclose(km.survival_at([4, 6.9, 7, 100]), [0.5, 0.5, 0.0, 0.0])
    with pytest.raises(ValueError, match="`?t`?"):
        km.survival_at(float("nan"))
    with pytest.raises(TypeError, match="`t`"):
        km.survival_at("one")


def test_km_result_repr_and_str():
    km = kaplan_meier([1, 2, 3], [1, 1, 1])
    assert isinstance(km, KaplanMeier)
    assert "median=2.0" in repr(km) and "table" not in repr(km)
    assert "3 patients, 3 events" in str(km)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.booleans()), min_size=1, max_size=40))
def test_km_survival_nonincreasing_in_unit_interval(data):
    time = [t for t, _ in data]
    event = [int(e) for _, e in data]
    t = kaplan_meier(time, event).table
    s = t["survival"].to_numpy()
    assert np.all((s >= 0) & (s <= 1))
    assert np.all(np.diff(s) <= 1e-15)
    ok = ~np.isnan(t["ci_low"].to_numpy())
    assert np.all(t["ci_low"][ok] <= s[ok] + 1e-15)
    assert np.all(t["ci_high"][ok] >= s[ok] - 1e-15)
    assert t["n_at_risk"].iloc[0] == len(time)
    assert t["n_events"].sum() == sum(event)


@pytest.mark.parametrize(
    "time, event, match",
    [
        ([1, 2], [1], "same length"),
        ([1, -2], [1, 0], "time"),
        ([1, float("nan")], [1, 0], "time"),
        ([1, 2], [1, 2], "event"),
        ([], [], "time"),
        ([[1, 2]], [[1, 0]], "time"),
    ],
)
def test_km_bad_input(time, event, match):
    with pytest.raises(ValueError, match=match):
        kaplan_meier(time, event)


def test_km_bad_confidence_level():
    with pytest.raises(ValueError, match="confidence_level"):
        kaplan_meier([1, 2], [1, 0], confidence_level=95)


def test_km_accepts_boolean_events():
    a = kaplan_meier([1, 2, 3], [True, False, True]).table
    b = kaplan_meier([1, 2, 3], [1, 0, 1]).table
    assert a.equals(b)


def test_logrank_bad_input():
    with pytest.raises(ValueError, match="group"):
        logrank([1, 2, 3], [1, 1, 1], ["a", "a"])
    with pytest.raises(ValueError, match="group"):
        logrank([1, 2, 3], [1, 1, 1], ["a", "a", "a"])
    with pytest.raises(ValueError, match="event"):
        logrank([1, 2, 3], [1, 3, 1], ["a", "b", "a"])


# ------------------------------------------------------------------ log-rank on awkward data

ENGINE = Path(__file__).parent / "reference" / "engine_r"
LOGRANK = json.loads((ENGINE / "logrank.json").read_text())["cases"]
KM_HALF = json.loads((ENGINE / "km_median.json").read_text())["cases"]


def test_logrank_matches_survdiff_on_random_awkward_data():
    # 300 random sets (ties, early-censored, single-patient and all-censored groups) and the
    # hand-made cases; tolerances in tests/reference/README_engine_r.md.
    kinds = {c["kind"] for c in LOGRANK}
    assert {"early_censored_group", "single_patient_group", "all_censored"} <= kinds
    reduced = 0
    for case in LOGRANK:
        res = logrank(case["time"], case["event"], case["group"])
        assert np.isfinite(res.statistic) and 0.0 <= res.pvalue <= 1.0
        if "error" in case:  # R stops (singular variance); il2kit: nothing to test
            assert (res.statistic, res.df, res.pvalue) == (0.0, 0, 1.0)
            continue
        assert res.statistic == pytest.approx(case["statistic"], abs=1e-10), case["kind"]
        if case["df"] < 1:  # R: df = -1 or 0 and p NaN or 1 when nothing can be tested
            assert (res.statistic, res.df, res.pvalue) == (0.0, 0, 1.0)
            continue
        assert res.df == case["df"]
        reduced += res.df < len(set(case["group"])) - 1
        assert res.pvalue == pytest.approx(case["pvalue"], abs=1e-10)
        table = res.table.set_index("group")
        for label, o, e in zip(case["labels"], case["observed"], case["expected"], strict=True):
            assert table.loc[label, "observed"] == o
            assert table.loc[label, "expected"] == pytest.approx(e, abs=1e-12)
    assert reduced >= 10  # groups without expected events really were dropped from df


def test_logrank_review_example_and_no_expected_events():
    # every patient censored: nothing to test (R: chisq 0, p NaN on -1 df)
    res = logrank([1, 2, 3, 4], [0, 0, 0, 0], [0, 0, 1, 1])
    assert (res.statistic, res.pvalue, res.df) == (0.0, 1.0, 0)
    # group 0 censored before the first death: it expects no events and adds no df
    res = logrank([1, 2, 3, 4], [0, 0, 1, 1], [0, 0, 1, 1])
    assert (res.statistic, res.pvalue, res.df) == (0.0, 1.0, 0)
    assert res.table["expected"].tolist() == [0.0, 2.0]


@pytest.mark.parametrize(
    "group",
    [
        ["a", "b", None, "a", "b"],
        ["a", "b", float("nan"), "a", "b"],
        np.array([1.0, 2.0, np.nan, 1.0, 2.0]),
        pd.Series(["a", "b", pd.NA, "a", "b"], dtype="string"),
    ],
    ids=["None", "nan", "float-nan", "pandas-NA"],
)
def test_logrank_missing_group_is_named(group):
    # R's survdiff drops such patients; il2kit refuses them (documented in logrank's Raises)
    with pytest.raises(ValueError, match=r"`group` holds 1 missing label.*positions \[2\]"):
        logrank([1, 2, 3, 4, 5], [1, 0, 1, 1, 0], group)


def test_logrank_labels_of_any_type_and_result_contract():
    res = logrank([1, 2, 3, 4, 5, 6], [1, 1, 0, 1, 1, 0], [2, "x", 2, "x", 2, "x"])
    assert res.table["group"].tolist() == [2, "x"]
    assert res.table["n"].tolist() == [3, 3]
    assert "on 1 df" in str(res) and list(res.to_frame().columns) == ["statistic", "pvalue", "df"]


# ------------------------------------------------------------------ KM median at exactly 0.5


@pytest.mark.parametrize("case", KM_HALF, ids=lambda c: c["name"])
def test_km_median_is_survfits_printed_median(case):
    km = kaplan_meier(case["time"], case["event"])
    got = (km.median, km.median_ci_low, km.median_ci_high)
    want = _arr([case["printed_median"], case["printed_ci_low"], case["printed_ci_high"]])
    assert all(_same(g, w) for g, w in zip(got, want, strict=True)), (got, want)


def test_km_median_documented_difference_from_quantile():
    # Where the curve stays at 0.5 until the last (censored) time, R's quantile() takes the
    # midpoint with the last follow-up time; the printed median, and il2kit, do not.
    differs = [c for c in KM_HALF if c["printed_median"] != c["quantile_median"]]
    assert {c["name"] for c in differs} == {
        "half_to_last_censored",
        "half_then_late_censoring",
        "half_with_ties",
    }
    km = kaplan_meier([1, 2, 3, 4], [1, 1, 0, 0])
    assert km.median == 2.0  # quantile(fit, 0.5) gives 3


def test_km_extreme_times_stay_finite():
    # S = 0.5 exactly between 1.5e308 and 1.6e308: the median is their midpoint, whose naive
    # (a + b) / 2 overflows to inf
    km = kaplan_meier([1e308, 1.5e308, 1.6e308, 1.7e308], [1, 1, 1, 1])
    assert km.median == pytest.approx(1.55e308)
    assert np.isfinite(km.table["survival"]).all()


# --- lessons 11-16 -----------------------------------------------------------------------------
def test_logrank_by_trial_runs_logrank_on_each_trial():
    import pandas as pd

    from il2kit.survival import logrank_by_trial

    patients = pd.DataFrame(
        {
            "trial": [7, 7, 7, 7, 3, 3, 3, 3],
            "arm": ["a", "a", "b", "b"] * 2,
            "months": [1, 4, 2, 3, 5, 6, 1, 2],
            "died": [1, 1, 1, 0, 1, 0, 1, 1],
        }
    )
    p = logrank_by_trial(patients, group="arm", time="months", event="died")
    assert list(p.index) == [7, 3] and p.name == "pvalue"
    for trial, rows in patients.groupby("trial"):
        assert p[trial] == logrank(rows["months"], rows["died"], rows["arm"]).pvalue
    with pytest.raises(ValueError, match="group"):
        logrank_by_trial(patients)  # no column named "group"


def test_kaplan_meier_by_group_fits_each_group_in_order():
    import pandas as pd

    from il2kit.survival import kaplan_meier_by_group

    patients = pd.DataFrame(
        {"arm": ["b", "a", "b", "a", "b"], "t": [1, 3, 2, 4, 5], "e": [1, 1, 0, 1, 1]}
    )
    fits = kaplan_meier_by_group(patients, group="arm", time="t", event="e",
                                 confidence_level=0.9)  # fmt: skip
    assert list(fits) == ["b", "a"]
    expected = kaplan_meier([1, 2, 5], [1, 0, 1], confidence_level=0.9)
    assert fits["b"].median == expected.median
    assert fits["b"].table.equals(expected.table)
    with pytest.raises(ValueError, match="group"):
        kaplan_meier_by_group(patients)

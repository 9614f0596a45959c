"""Tests of il2kit.cox against R's survival::coxph (tests/reference/cox/coxph.json).

See tests/reference/README_cox.md for the data sets and tolerances.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from il2kit.cox import COX_COLUMNS, CoxConvergenceError, CoxResult, cox_regression, hazard_ratio
from il2kit.survival import logrank

pytestmark = pytest.mark.filterwarnings("error")

CASES = json.loads((Path(__file__).parent / "reference" / "cox" / "coxph.json").read_text())[
    "cases"
]
FITS = [(c, ties) for c in CASES for ties in ("efron", "breslow")]


def _fit(case: dict, ties: str) -> CoxResult:
    x = np.column_stack(case["x"])
    return cox_regression(case["time"], case["event"], x, ties=ties, names=case["covariates"])


@pytest.mark.parametrize("case, ties", FITS, ids=[f"{c['name'][0]}-{t}" for c, t in FITS])
def test_coefficients_and_tests_match_coxph(case, ties):
    ref = case["fits"][ties]
    res = _fit(case, ties)
    t = res.table
    # Both maximise the same partial likelihood by Newton-Raphson; R stops at its default
    # relative tolerance 1e-9 in the log-likelihood, which leaves ~1e-9 in the coefficients.
    np.testing.assert_allclose(t["coef"], ref["coef"], rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(t["se"], ref["se"], rtol=1e-6)
    np.testing.assert_allclose(t["z"], ref["z"], rtol=1e-6)
    np.testing.assert_allclose(t["pvalue"], ref["pvalue"], rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(t["ci_low"], ref["ci_low"], rtol=1e-6)
    np.testing.assert_allclose(t["ci_high"], ref["ci_high"], rtol=1e-6)
    assert res.n == ref["n"][0] and res.n_events == ref["n_events"][0]
    assert res.df == ref["df"][0]
    for name in ("loglik_null", "loglik", "lr_statistic", "wald_statistic", "score_statistic"):
        assert getattr(res, name) == pytest.approx(ref[name][0], rel=1e-6, abs=1e-9), name
    for name in ("lr_pvalue", "wald_pvalue", "score_pvalue"):
        assert getattr(res, name) == pytest.approx(ref[name][0], rel=1e-6, abs=1e-12), name
    assert list(t.columns) == COX_COLUMNS
    assert t["covariate"].tolist() == case["covariates"]


def test_efron_and_breslow_agree_without_ties_and_differ_with_them():
    rng = np.random.default_rng(4)
    time = rng.permutation(np.arange(1.0, 41.0))  # no ties
    event = rng.integers(0, 2, 40)
    event[0] = 1
    x = rng.normal(size=40)
    a = cox_regression(time, event, x, ties="efron")
    b = cox_regression(time, event, x, ties="breslow")
    assert a.table["coef"].item() == pytest.approx(b.table["coef"].item(), rel=1e-12)
    aml = next(c for c in CASES if c["name"][0] == "aml")
    e, br = _fit(aml, "efron"), _fit(aml, "breslow")
    assert abs(e.table["coef"].item() - br.table["coef"].item()) > 1e-3


def test_score_test_is_the_logrank_test_without_ties():
    rng = np.random.default_rng(7)
    time = rng.permutation(np.arange(1.0, 51.0))
    event = (rng.random(50) < 0.7).astype(int)
    group = np.repeat(["a", "b"], 25)
    res = hazard_ratio(time, event, group)
    assert res.score_statistic == pytest.approx(logrank(time, event, group).statistic, rel=1e-10)


def test_hazard_ratio_reference_and_direction():
    aml = next(c for c in CASES if c["name"][0] == "aml")
    group = np.where(np.array(aml["x"][0]) == 1, "Nonmaintained", "Maintained")
    res = hazard_ratio(aml["time"], aml["event"], group)
    ref = aml["fits"]["efron"]
    assert res.table["covariate"].item() == "Nonmaintained vs Maintained"
    assert res.table["hazard_ratio"].item() == pytest.approx(np.exp(ref["coef"][0]), rel=1e-6)
    flipped = hazard_ratio(aml["time"], aml["event"], group, reference="Nonmaintained")
    assert flipped.table["hazard_ratio"].item() == pytest.approx(
        1 / res.table["hazard_ratio"].item(), rel=1e-9
    )
    assert flipped.lr_statistic == pytest.approx(res.lr_statistic, rel=1e-9)


def test_dataframe_input_bool_columns_and_names():
    lung = next(c for c in CASES if c["name"][0] == "lung")
    frame = pd.DataFrame(dict(zip(lung["covariates"], lung["x"], strict=True)))
    frame["female"] = frame["female"].astype(bool)
    res = cox_regression(lung["time"], lung["event"], frame)
    assert res.table["covariate"].tolist() == ["age", "female", "ph_ecog"]
    np.testing.assert_allclose(res.table["coef"], lung["fits"]["efron"]["coef"], rtol=1e-6)
    text = str(res)
    assert text.startswith("Cox model (efron ties): 227 patients, 164 events")
    assert "female: HR" in text
    assert res.to_frame() is not res.table


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.floats(-1.0, 1.0))
def test_invariants_under_rescaling_and_group_swap(seed, shift):
    rng = np.random.default_rng(seed)
    n = 40
    x = rng.normal(size=n)
    time = np.ceil(rng.exponential(10 * np.exp(-0.5 * x)))
    event = (rng.random(n) < 0.8).astype(int)
    event[:3] = 1
    a = cox_regression(time, event, x)
    b = cox_regression(time, event, 2 * x + shift)  # coef halves, tests unchanged
    assert b.table["coef"].item() == pytest.approx(a.table["coef"].item() / 2, rel=1e-6)
    assert b.lr_statistic == pytest.approx(a.lr_statistic, rel=1e-6, abs=1e-9)
    assert b.score_statistic == pytest.approx(a.score_statistic, rel=1e-6, abs=1e-9)
    assert a.lr_statistic >= -1e-9 and 0 <= a.lr_pvalue <= 1
    assert a.table["ci_low"].item() <= a.table["hazard_ratio"].item() <= a.table["ci_high"].item()


def test_separation_is_reported():
    time = [1, 2, 3, 4, 5, 6, 7, 8]
    event = [1] * 8
    x = [1, 1, 1, 1, 0, 0, 0, 0]  # everyone with x = 1 dies first: infinite hazard ratio
    with pytest.raises(CoxConvergenceError, match="did not converge"):
        cox_regression(time, event, x)
    assert issubclass(CoxConvergenceError, ValueError)


@pytest.mark.parametrize(
    "time, event, cov, error, match",
    [
        ([1, 2, 3], [1, 0], [1, 2, 3], ValueError, "same length"),
        ([1, -2, 3], [1, 0, 1], [1, 2, 3], ValueError, "time"),
        ([1, float("nan"), 3], [1, 0, 1], [1, 2, 3], ValueError, "time"),
        ("123", [1, 0, 1], [1, 2, 3], TypeError, "time"),
        ([1, 2, 3], [1, 2, 1], [1, 2, 3], ValueError, "event"),
        ([1, 2, 3], [0, 0, 0], [1, 2, 3], ValueError, "no events"),
        ([1, 2, 3], [1, 0, 1], [1, 2], ValueError, "one row per patient"),
        ([1, 2, 3], [1, 0, 1], [1, float("nan"), 3], ValueError, "missing"),
        ([1, 2, 3], [1, 0, 1], [5, 5, 5], ValueError, "constant or collinear"),
        ([1, 2, 3], [1, 0, 1], ["a", "b", "c"], TypeError, "numbers"),
        ([1, 2, 3], [1, 0, 1], None, TypeError, "covariates"),
        ([1, 2, 3], [1, 0, 1], pd.DataFrame({"arm": ["a", "b", "a"]}), TypeError, "'arm'"),
    ],
)
def test_bad_input_is_named(time, event, cov, error, match):
    with pytest.raises(error, match=match):
        cox_regression(time, event, cov)


def test_bad_options_are_named():
    with pytest.raises(ValueError, match="ties"):
        cox_regression([1, 2, 3, 4], [1, 0, 1, 1], [0, 1, 0, 1], ties="exact")
    with pytest.raises(ValueError, match="confidence_level"):
        cox_regression([1, 2, 3, 4], [1, 0, 1, 1], [0, 1, 0, 1], confidence_level=95)
    with pytest.raises(ValueError, match="names"):
        cox_regression([1, 2, 3, 4], [1, 0, 1, 1], [0, 1, 0, 1], names=["a", "b"])
    with pytest.raises(ValueError, match="exactly two groups"):
        hazard_ratio([1, 2, 3], [1, 1, 1], ["a", "b", "c"])
    with pytest.raises(ValueError, match="reference='z'"):
        hazard_ratio([1, 2, 3, 4], [1, 1, 0, 1], ["a", "b", "a", "b"], reference="z")

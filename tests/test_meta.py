"""Tests of il2kit.meta against metafor (R) and the invariants of inverse-variance pooling."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import expit, logit

from il2kit._reml import reml_score, restricted_loglik
from il2kit.meta import (
    POOL_METHODS,
    RATE_SCALES,
    PooledEstimate,
    PredictionInterval,
    pool_odds_ratios,
    pool_rates,
)

REFERENCE = Path(__file__).parent / "reference" / "rates_meta" / "meta.json"
META = json.loads(REFERENCE.read_text())

# Tolerances: see tests/reference/README_rates_meta.md.
REL_CLOSED = 1e-9  # FE and DL are closed forms in both implementations
REL_REML = 1e-6  # REML is iterative in both (metafor threshold 1e-10, ours brentq 1e-13)
ABS_REML = 1e-9  # metafor's iteration may stop a hair above a boundary maximum at 0


def _tol(method: str) -> dict:
    return (
        {"rel": REL_REML, "abs": ABS_REML}
        if method == "REML"
        else {"rel": REL_CLOSED, "abs": 1e-12}
    )


def _check_against_metafor(p: PooledEstimate, ref: dict, to_analysis_scale) -> None:
    tol = _tol(ref["method"])
    assert p.k == ref["k"]
    assert to_analysis_scale(p.estimate) == pytest.approx(ref["estimate"], **tol)
    assert to_analysis_scale(p.ci_low) == pytest.approx(ref["ci_low"], **tol)
    assert to_analysis_scale(p.ci_high) == pytest.approx(ref["ci_high"], **tol)
    assert p.se == pytest.approx(ref["se"], **tol)
    assert p.tau2 == pytest.approx(ref["tau2"], **tol)
    assert p.i2 == pytest.approx(ref["i2"], rel=tol["rel"], abs=1e-7)  # percent
    assert p.q == pytest.approx(ref["q"], rel=REL_CLOSED)
    assert p.q_pvalue == pytest.approx(ref["q_p"], rel=REL_CLOSED)
    np.testing.assert_allclose(p.studies["effect"], ref["yi"], rtol=REL_CLOSED)
    np.testing.assert_allclose(p.studies["variance"], ref["vi"], rtol=REL_CLOSED)
    np.testing.assert_allclose(p.studies["weight"], ref["weights"], rtol=tol["rel"], atol=1e-7)


@pytest.mark.parametrize(
    "ref", META["rates"], ids=lambda r: f"{r['dataset']}-{r['scale']}-{r['method']}"
)
def test_pool_rates_matches_metafor(ref: dict) -> None:
    p = pool_rates(ref["responders"], ref["n"], method=ref["method"], scale=ref["scale"])
    assert (p.method, p.scale) == (ref["method"], ref["scale"])
    _check_against_metafor(p, ref, logit if ref["scale"] == "logit" else (lambda v: v))


@pytest.mark.parametrize("ref", META["odds_ratios"], ids=lambda r: f"{r['dataset']}-{r['method']}")
def test_pool_odds_ratios_matches_metafor(ref: dict) -> None:
    p = pool_odds_ratios(
        ref["events_a"], ref["n_a"], ref["events_b"], ref["n_b"], method=ref["method"]
    )
    assert p.scale == "log_or"
    _check_against_metafor(p, ref, math.log)


def test_reference_covers_truncation_and_positive_tau2() -> None:
    # The DL moment estimate is negative for il2_rcc (Q < k - 1): truncated to 0 in both.
    dl = [r for r in META["rates"] if r["method"] == "DL"]
    assert any(r["q"] < r["k"] - 1 and r["tau2"] == 0 for r in dl)
    assert any(r["tau2"] > 0.1 for r in dl)


def test_continuity_correction_only_for_zero_or_all() -> None:
    p = pool_rates([0, 4, 9], [14, 38, 9])
    assert p.studies["corrected"].tolist() == [True, False, True]
    assert p.studies["effect"].iloc[0] == pytest.approx(math.log(0.5 / 14.5))
    assert p.studies["effect"].iloc[1] == pytest.approx(math.log(4 / 34))
    assert p.studies["rate"].tolist() == [0.0, 4 / 38, 1.0]  # observed, uncorrected


def test_reml_boundary_is_exactly_zero() -> None:
    p = pool_rates([37, 10, 8, 12, 6], [255, 71, 49, 71, 36], method="REML")
    assert p.tau2 == 0.0 and p.i2 == 0.0


def test_fe_equals_random_effects_when_tau2_is_zero() -> None:
    x, n = [37, 10, 8, 12, 6], [255, 71, 49, 71, 36]
    fe = pool_rates(x, n, method="FE")
    for method in ("DL", "REML"):
        re = pool_rates(x, n, method=method)
        assert (re.estimate, re.ci_low, re.ci_high) == pytest.approx(
            (fe.estimate, fe.ci_low, fe.ci_high), rel=1e-12
        )


def test_random_effects_interval_is_wider_under_heterogeneity() -> None:
    x, n = [2, 15, 30, 4, 22], [40, 50, 60, 45, 35]
    fe = pool_rates(x, n, method="FE")
    for method in ("DL", "REML"):
        re = pool_rates(x, n, method=method)
        assert re.tau2 > 0
        assert re.ci_high - re.ci_low > fe.ci_high - fe.ci_low


def test_confidence_level_changes_only_the_interval() -> None:
    x, n = [2, 15, 30, 4, 22], [40, 50, 60, 45, 35]
    p95 = pool_rates(x, n)
    p80 = pool_rates(x, n, confidence_level=0.8)
    assert p80.estimate == p95.estimate and p80.tau2 == p95.tau2
    assert p95.ci_low < p80.ci_low < p80.estimate < p80.ci_high < p95.ci_high


def test_result_repr_frame_and_studies() -> None:
    p = pool_rates([37, 10, 8, 12, 6], [255, 71, 49, 71, 36])
    text = repr(p)
    assert text.startswith("PooledEstimate(estimate=") and "studies" not in text
    assert str(p).startswith("Pooled (DL, logit scale, k=5): 0.1518 (95% CI 0.1224 to 0.1867)")
    frame = p.to_frame()
    assert frame.shape == (1, 14) and "studies" not in frame.columns
    assert list(p.studies.columns) == [
        "responders",
        "n",
        "rate",
        "effect",
        "variance",
        "weight",
        "corrected",
    ]
    assert p.studies["weight"].sum() == pytest.approx(100.0)
    with pytest.raises(AttributeError):
        p.tau2 = 1.0  # type: ignore[misc]
    q = pool_odds_ratios([12, 10, 15], [40, 38, 45], [8, 9, 11], [41, 37, 46])
    assert list(q.studies.columns) == [
        "responders_a",
        "n_a",
        "responders_b",
        "n_b",
        "odds_ratio",
        "effect",
        "variance",
        "weight",
        "corrected",
    ]


# ------------------------------------------------------------------ properties

study = st.integers(min_value=1, max_value=400).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)
studies = st.lists(study, min_size=2, max_size=12)


@settings(deadline=None)
@given(data=studies, method=st.sampled_from(POOL_METHODS), scale=st.sampled_from(RATE_SCALES))
def test_property_heterogeneity_statistics_in_range(data: list, method: str, scale: str) -> None:
    x, n = zip(*data, strict=True)
    p = pool_rates(x, n, method=method, scale=scale)
    assert p.tau2 >= 0.0
    assert 0.0 <= p.i2 <= 100.0
    assert p.q >= 0.0 and 0.0 <= p.q_pvalue <= 1.0
    assert p.ci_low <= p.estimate <= p.ci_high
    assert p.studies["weight"].sum() == pytest.approx(100.0)
    if method == "FE":
        assert p.tau2 == 0.0


@settings(deadline=None)
@given(data=studies, method=st.sampled_from(POOL_METHODS))
def test_property_pooled_raw_rate_within_study_effects(data: list, method: str) -> None:
    # A weighted mean lies between the smallest and largest study effect (the corrected
    # rates (x + 1/2) / (n + 1) for studies with 0 or n responders).
    x, n = zip(*data, strict=True)
    p = pool_rates(x, n, method=method, scale="raw")
    effects = p.studies["effect"]
    assert effects.min() - 1e-12 <= p.estimate <= effects.max() + 1e-12


@settings(deadline=None)
@given(a=studies, b=studies, method=st.sampled_from(POOL_METHODS))
def test_property_odds_ratios(a: list, b: list, method: str) -> None:
    k = min(len(a), len(b))
    (xa, na), (xb, nb) = zip(*a[:k], strict=True), zip(*b[:k], strict=True)
    p = pool_odds_ratios(xa, na, xb, nb, method=method)
    assert p.tau2 >= 0.0 and 0.0 <= p.i2 <= 100.0
    assert 0.0 < p.ci_low <= p.estimate <= p.ci_high < math.inf
    swapped = pool_odds_ratios(xb, nb, xa, na, method=method)
    assert swapped.estimate == pytest.approx(1 / p.estimate, rel=1e-6)
    assert swapped.tau2 == pytest.approx(p.tau2, rel=1e-6, abs=1e-12)


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("x", "n", "kwargs", "error", "match"),
    [
        ([1, 12], [10, 10], {}, ValueError, r"responders=12 with n=10 in study 1"),
        ([1, -2], [10, 10], {}, ValueError, r"`responders` must hold counts >= 0"),
        ([1.5, 2], [10, 10], {}, ValueError, r"`responders` must hold whole numbers"),
        ([1, 2], [10, 0], {}, ValueError, r"Invalid n=0 in study 1; must be >= 1"),
        ([1, 2, 3], [10, 10], {}, ValueError, r"same length"),
        ([], [], {}, ValueError, r"`responders` must be a non-empty"),
        ([3], [10], {}, ValueError, r"`responders` must hold at least 2 studies"),
        (["a", "b"], [10, 10], {}, TypeError, r"`responders` must hold numbers"),
        (
            [1, 2],
            [10, 10],
            {"method": "wald"},
            ValueError,
            r"`method` must be one of \['FE', 'DL', 'REML'\], got 'wald'",
        ),
        ([1, 2], [10, 10], {"method": "dl"}, ValueError, r"`method` must be one of"),
        ([1, 2], [10, 10], {"method": "RE"}, ValueError, r"`method` must be one of"),
        (
            [1, 2],
            [10, 10],
            {"scale": "log"},
            ValueError,
            r"`scale` must be one of \['logit', 'raw'\], got 'log'",
        ),
        ([1, 2], [10, 10], {"confidence_level": 1.5}, ValueError, r"confidence_level=1.5"),
    ],
)
def test_pool_rates_rejects_bad_input(
    x: list, n: list, kwargs: dict, error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        pool_rates(x, n, **kwargs)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        (([1, 2], [10, 10], [1, 12], [10, 10]), {}, ValueError, r"responders_b=12 with n_b=10"),
        (([1, 2], [10, 0], [1, 2], [10, 10]), {}, ValueError, r"Invalid n_a=0 in study 1"),
        (([1, 2], [10, 10], [1], [10]), {}, ValueError, r"same length"),
        (([], [], [], []), {}, ValueError, r"`responders_a` must be a non-empty"),
        (
            ([1, 2], [10, 10], [1, 2], [10, 10]),
            {"method": "wald"},
            ValueError,
            r"`method` must be one of",
        ),
        (
            ([1, 2], [10, 10], [1, 2], [10, 10]),
            {"confidence_level": 1.5},
            ValueError,
            r"confidence_level=1.5",
        ),
    ],
)
def test_pool_odds_ratios_rejects_bad_input(
    args: tuple, kwargs: dict, error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        pool_odds_ratios(*args, **kwargs)


# ------------------------------------------------------------------ REML: the global maximum

ENGINE = json.loads((Path(__file__).parent / "reference" / "engine_r" / "reml.json").read_text())
# Tolerances: see tests/reference/README_engine_r.md.
LL_FUNCTION = 1e-9  # our restricted log-likelihood at metafor's tau2 vs metafor's logLik
LL_NEVER_LOWER = 1e-10  # il2kit's maximum may not fall below metafor's or R's grid maximum
SAME_PEAK = 1e-8  # log-likelihoods this close: both found the same maximum
TAU2_TOL = {"rel": 1e-6, "abs": 1e-8}
EST_TOL = {"rel": 1e-6, "abs": 1e-7}
PI_TOL = {"rel": 1e-6, "abs": 1e-6}  # sqrt(se^2 + tau2) magnifies metafor's stopping error


def _analysis(scale: str, value: float) -> float:
    if scale == "logit":
        return float(logit(value))
    return math.log(value) if scale == "log_or" else value


def _fit(case: dict, method: str) -> PooledEstimate:
    if "responders" in case:
        return pool_rates(case["responders"], case["n"], method=method, scale=case["scale"])
    return pool_odds_ratios(
        case["responders_a"], case["n_a"], case["responders_b"], case["n_b"], method=method
    )


def _engine_cases(kind: str, scale: str | None = None) -> list:
    return [c for c in ENGINE[kind] if scale is None or c["scale"] == scale]


@pytest.mark.parametrize(
    "cases",
    [_engine_cases("rates", "logit"), _engine_cases("rates", "raw"), _engine_cases("odds_ratios")],
    ids=["rates-logit", "rates-raw", "odds-ratios"],
)
def test_reml_matches_metafor_on_random_small_data(cases: list) -> None:
    assert len(cases) == 350
    problems = []
    for i, case in enumerate(cases):
        ref = case["reml"]
        assert "error" not in ref, ref
        y, v = np.array(ref["yi"]), np.array(ref["vi"])
        p = _fit(case, "REML")
        np.testing.assert_allclose(p.studies["effect"], y, rtol=REL_CLOSED)
        np.testing.assert_allclose(p.studies["variance"], v, rtol=REL_CLOSED)
        ours = float(restricted_loglik(p.tau2, y, v)[0])
        assert p.converged
        # il2kit's log-likelihood function reproduces metafor's logLik at metafor's tau2
        assert float(restricted_loglik(ref["tau2"], y, v)[0]) == pytest.approx(
            ref["loglik"], abs=LL_FUNCTION
        )
        # the global maximum: never below metafor's nor R's 4001-point grid
        if ours < max(ref["loglik"], ref["grid_loglik"]) - LL_NEVER_LOWER:
            problems.append((i, "lower log-likelihood", p.tau2, ref["tau2"]))
            continue
        if ours > ref["loglik"] + SAME_PEAK:
            continue  # metafor stopped elsewhere (none in the stored set; counted below)
        if p.tau2 != pytest.approx(ref["tau2"], **TAU2_TOL):
            problems.append((i, "tau2", p.tau2, ref["tau2"]))
        pi, pi80 = p.prediction_interval(), p.prediction_interval(0.8)
        got = [p.effect, p.ci_low, p.ci_high, *pi, *pi80]
        want = ["estimate", "ci_low", "ci_high", "pi_low", "pi_high", "pi80_low", "pi80_high"]
        for g, w in zip(got, want, strict=True):
            value = g if w == "estimate" else _analysis(p.scale, g)
            if value != pytest.approx(ref[w], **(PI_TOL if w.startswith("pi") else EST_TOL)):
                problems.append((i, w, value, ref[w]))
    assert not problems, problems[:10]


def test_reml_reference_holds_two_peaked_likelihoods() -> None:
    # The stored sets include likelihoods with two local maxima where the lower one comes
    # first (the review's example and the hand-picked sets): the old rule "0 if the score at 0
    # is not positive, else the first root" fails on 14 of them, so the test above can fail.
    two_peaks = 0
    for kind in ("rates", "odds_ratios"):
        for case in ENGINE[kind]:
            y, v = np.array(case["reml"]["yi"]), np.array(case["reml"]["vi"])
            grid = np.concatenate([[0.0], np.geomspace(1e-6, 50, 4000)])
            ll = restricted_loglik(grid, y, v)
            peaks = int(ll[0] > ll[1]) + int(np.sum((ll[1:-1] > ll[:-2]) & (ll[1:-1] > ll[2:])))
            first = grid[0] if ll[0] > ll[1] else grid[1:-1][(ll[1:-1] > ll[:-2])][0]
            if peaks >= 2 and float(restricted_loglik(first, y, v)[0]) < ll.max() - 1e-3:
                two_peaks += 1
    assert two_peaks >= 10


def test_review_example_reaches_the_higher_peak() -> None:
    # pool_rates([3, 3, 0], [11, 11, 28], method="REML"): the score is negative at 0, yet the
    # restricted likelihood peaks again at tau2 = 0.534, higher; metafor reports 0.534, 0.186.
    ref = ENGINE["rates"][0]
    assert (ref["responders"], ref["n"], ref["scale"]) == ([3, 3, 0], [11, 11, 28], "logit")
    p = pool_rates([3, 3, 0], [11, 11, 28], method="REML")
    assert p.tau2 == pytest.approx(ref["reml"]["tau2"], rel=1e-6)
    assert p.estimate == pytest.approx(float(expit(ref["reml"]["estimate"])), rel=1e-6)
    assert round(p.tau2, 3) == 0.534 and round(p.estimate, 3) == 0.186
    y, v = p.studies["effect"].to_numpy(), p.studies["variance"].to_numpy()
    assert reml_score(0.0, y, v)[0] < 0  # a boundary maximum at 0 too, but a lower one
    assert restricted_loglik(p.tau2, y, v)[0] > restricted_loglik(0.0, y, v)[0] + 1e-3


@pytest.mark.parametrize("scale", ["logit", "raw", "log_or"])
def test_dl_prediction_interval_matches_metafor(scale: str) -> None:
    cases = _engine_cases("odds_ratios") if scale == "log_or" else _engine_cases("rates", scale)
    for case in cases:
        p = _fit(case, "DL")
        low, high = p.prediction_interval()
        assert p.tau2 == pytest.approx(case["dl"]["tau2"], rel=REL_CLOSED, abs=1e-12)
        assert _analysis(scale, low) == pytest.approx(case["dl"]["pi_low"], rel=1e-9, abs=1e-12)
        assert _analysis(scale, high) == pytest.approx(case["dl"]["pi_high"], rel=1e-9, abs=1e-12)


def test_prediction_interval_contract() -> None:
    x, n = [2, 15, 30, 4, 22], [40, 50, 60, 45, 35]
    fe = pool_rates(x, n, method="FE")
    assert tuple(fe.prediction_interval()) == pytest.approx((fe.ci_low, fe.ci_high), rel=1e-12)
    re = pool_rates(x, n, method="REML")
    pi = re.prediction_interval()
    assert isinstance(pi, PredictionInterval)
    assert pi.pi_low < re.ci_low < re.estimate < re.ci_high < pi.pi_high
    assert pi.confidence_level == 0.95 and re.prediction_interval(0.8).confidence_level == 0.8
    assert str(pi).startswith("95% prediction interval ")
    assert list(pi.to_frame().columns) == ["pi_low", "pi_high", "confidence_level"]
    narrow = re.prediction_interval(0.5)
    assert pi.pi_low < narrow.pi_low < narrow.pi_high < pi.pi_high
    with pytest.raises(ValueError, match="confidence_level"):
        re.prediction_interval(1.5)
    with pytest.raises(TypeError, match="confidence_level"):
        re.prediction_interval("95%")  # type: ignore[arg-type]


def test_reml_reports_a_failed_refinement(monkeypatch: pytest.MonkeyPatch) -> None:
    import il2kit._reml as reml

    def no_convergence(f, a, b, **kwargs):
        class Info:
            converged = False

        return a, Info()

    monkeypatch.setattr(reml, "brentq", no_convergence)
    p = pool_rates([3, 3, 0], [11, 11, 28], method="REML")
    assert not p.converged
    assert "did not converge" in str(p)
    assert "converge" not in str(pool_rates([3, 3, 0], [11, 11, 28], method="DL"))
    y, v = p.studies["effect"].to_numpy(), p.studies["variance"].to_numpy()
    # the best grid point is kept: still the higher peak, to grid precision
    assert p.tau2 == pytest.approx(0.534, rel=0.05)
    assert restricted_loglik(p.tau2, y, v)[0] > restricted_loglik(0.0, y, v)[0]


small_study = st.integers(min_value=2, max_value=30).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


@settings(deadline=None, max_examples=150)
@given(
    data=st.lists(small_study, min_size=2, max_size=8),
    other=st.lists(small_study, min_size=8, max_size=8),
    scale=st.sampled_from(["logit", "raw", "log_or"]),
)
def test_property_reml_is_never_below_any_grid_point(data: list, other: list, scale: str) -> None:
    x, n = zip(*data, strict=True)
    if scale == "log_or":
        xb, nb = zip(*other[: len(x)], strict=True)
        p = pool_odds_ratios(x, n, xb, nb, method="REML")
    else:
        p = pool_rates(x, n, method="REML", scale=scale)
    y, v = p.studies["effect"].to_numpy(), p.studies["variance"].to_numpy()
    # a grid independent of il2kit's: linear near 0, geometric up to far beyond any maximum
    grid = np.concatenate([np.linspace(0, 1, 201), np.geomspace(1e-8, 1e3, 801)])
    best = float(restricted_loglik(grid, y, v).max())
    ours = float(restricted_loglik(p.tau2, y, v)[0])
    assert ours >= best - 1e-10 * max(1.0, abs(best))
    assert p.converged


# --- lessons 11-16: cumulative meta-analysis ---------------------------------------------------
CUMULATIVE = Path(__file__).parent / "reference" / "lessons_11_16" / "cumulative.json"


@pytest.mark.parametrize("method", ["DL", "REML"])
def test_cumulative_pool_matches_metafor_cumul(method: str) -> None:
    from il2kit.meta import cumulative_pool_rates

    ref = json.loads(CUMULATIVE.read_text())
    steps = cumulative_pool_rates(ref["responders"], ref["n"], method=method)
    assert steps["k"].tolist() == list(range(2, len(ref["n"]) + 1))
    for column in ("estimate", "ci_low", "ci_high", "tau2"):
        expected = ref[method][column][1:]  # metafor's first row is one study alone
        assert steps[column].to_numpy() == pytest.approx(expected, rel=1e-6, abs=1e-9), column


def test_cumulative_pool_rows_are_pools_of_the_first_k_studies() -> None:
    from il2kit.meta import cumulative_pool_rates

    x, n = [3, 8, 0, 12, 5], [20, 31, 15, 40, 18]
    steps = cumulative_pool_rates(x, n, method="FE", scale="raw", confidence_level=0.9)
    for row in steps.itertuples():
        p = pool_rates(x[: row.k], n[: row.k], method="FE", scale="raw", confidence_level=0.9)
        assert (row.estimate, row.ci_low, row.ci_high, row.i2) == (
            p.estimate,
            p.ci_low,
            p.ci_high,
            p.i2,
        )


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (([3], [20]), ValueError, "at least 2"),
        (([3, 30], [20, 25]), ValueError, "responders"),
        ((["3", "4"], [20, 25]), TypeError, "responders"),
    ],
)
def test_cumulative_pool_names_bad_input(args, error, match) -> None:
    from il2kit.meta import cumulative_pool_rates

    with pytest.raises(error, match=match):
        cumulative_pool_rates(*args)

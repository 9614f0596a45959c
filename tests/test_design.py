"""Tests for il2kit.design: Simon designs and two-arm sample sizes.

References: tests/reference/README_design_survival.md.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from il2kit.design import (
    InfeasibleDesignError,
    SimonDesign,
    power_two_rates,
    sample_size_two_rates,
    simon_design,
    simon_designs,
)

REF = Path(__file__).parent / "reference" / "design_survival"


# ------------------------------------------------------------------ Simon: published designs


def _published_rows():
    with open(REF / "simon_1989_optimal.csv", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _published_rows(), ids=lambda r: f"p0={r['p0']}")
def test_simon_matches_published_optimal_designs(row):
    d = simon_design(
        float(row["p0"]),
        float(row["p1"]),
        alpha=float(row["alpha"]),
        beta=float(row["beta"]),
        criterion=row["criterion"],
    )
    assert (d.r1, d.n1, d.r, d.n) == (int(row["r1"]), int(row["n1"]), int(row["r"]), int(row["n"]))


# ------------------------------------------------------------------ Simon: brute force


def _pmf(n, p):
    return [math.comb(n, x) * p**x * (1 - p) ** (n - x) for x in range(n + 1)]


def _reject(pmf1, pmf2, r1, r):
    """P(X1 > r1 and X1 + X2 > r), summed term by term."""
    total = 0.0
    for x1 in range(r1 + 1, len(pmf1)):
        total += pmf1[x1] * sum(pmf2[x2] for x2 in range(len(pmf2)) if x1 + x2 > r)
    return total


def _brute_force(p0, p1, alpha, beta, nmax):
    """Slow, obviously-correct search of every (n, n1, r1, r)."""
    designs = []  # (en0, n, n1, -r1, r1, r, pet0)
    for n in range(2, nmax + 1):
        for n1 in range(1, n):
            a1, b1 = _pmf(n1, p0), _pmf(n1, p1)
            a2, b2 = _pmf(n - n1, p0), _pmf(n - n1, p1)
            for r1 in range(0, n1):
                feasible_r = [
                    r
                    for r in range(r1, n)
                    if _reject(a1, a2, r1, r) <= alpha and _reject(b1, b2, r1, r) >= 1 - beta
                ]
                if feasible_r:
                    pet0 = sum(a1[: r1 + 1])
                    en0 = n1 + (1 - pet0) * (n - n1)
                    designs.append((en0, n, n1, -r1, r1, max(feasible_r), pet0))
    optimal = min(designs)
    n_min = min(d[1] for d in designs)
    minimax = min(d for d in designs if d[1] == n_min)
    return optimal, minimax


@pytest.mark.parametrize(
    "p0, p1, alpha, beta, nmax",
    [
        (0.05, 0.25, 0.10, 0.10, 26),
        (0.10, 0.30, 0.05, 0.20, 30),
        (0.60, 0.85, 0.10, 0.20, 22),
    ],
)
def test_simon_equals_brute_force_search(p0, p1, alpha, beta, nmax):
    optimal, minimax = _brute_force(p0, p1, alpha, beta, nmax)
    for criterion, ref in (("optimal", optimal), ("minimax", minimax)):
        d = simon_design(p0, p1, alpha=alpha, beta=beta, criterion=criterion, nmax=nmax)
        assert (d.r1, d.n1, d.r, d.n) == (ref[4], ref[2], ref[5], ref[1])
        assert d.en0 == pytest.approx(ref[0], abs=1e-10)
        assert d.pet0 == pytest.approx(ref[6], abs=1e-10)


def test_simon_known_design_rounded_like_simon_prints():
    # Simon prints EN0 and PET0 to one and two decimals
    d = simon_design(0.05, 0.25, alpha=0.10, beta=0.10)
    assert (d.r1, d.n1, d.r, d.n) == (0, 9, 2, 24)
    assert (round(d.en0, 1), round(d.pet0, 2)) == (14.5, 0.63)
    m = simon_design(0.05, 0.25, alpha=0.10, beta=0.10, criterion="minimax")
    assert (m.r1, m.n1, m.r, m.n) == (0, 13, 2, 20)
    assert (round(m.en0, 1), round(m.pet0, 2)) == (16.4, 0.51)


# ------------------------------------------------------------------ Simon: properties


@settings(max_examples=30, deadline=None)
@given(
    p0=st.floats(0.05, 0.6),
    gap=st.floats(0.15, 0.3),
    alpha=st.sampled_from([0.05, 0.10, 0.15]),
    beta=st.sampled_from([0.10, 0.20, 0.30]),
)
def test_simon_designs_meet_their_error_rates(p0, gap, alpha, beta):
    p1 = min(p0 + gap, 0.95)
    opt = simon_design(p0, p1, alpha=alpha, beta=beta, nmax=150)
    mm = simon_design(p0, p1, alpha=alpha, beta=beta, criterion="minimax", nmax=150)
    for d in (opt, mm):
        assert d.alpha_actual <= alpha
        assert d.power_actual >= 1 - beta
        oc = d.operating_characteristics([p0, p1])
        assert oc["prob_reject_null"].tolist() == pytest.approx([d.alpha_actual, d.power_actual])
        assert oc["pet"][0] == pytest.approx(d.pet0)
        assert oc["en"][0] == pytest.approx(d.en0)
    assert opt.en0 <= mm.en0
    assert mm.n <= opt.n


def test_simon_designs_frontier_runs_from_minimax_to_optimal():
    t = simon_designs(0.2, 0.4, alpha=0.05, beta=0.2)
    opt = simon_design(0.2, 0.4)
    mm = simon_design(0.2, 0.4, criterion="minimax")
    assert t.iloc[0][["r1", "n1", "r", "n"]].tolist() == [mm.r1, mm.n1, mm.r, mm.n]
    assert t.iloc[-1][["r1", "n1", "r", "n"]].tolist() == [opt.r1, opt.n1, opt.r, opt.n]
    assert t["criterion"].iloc[0] == "minimax" and t["criterion"].iloc[-1] == "optimal"
    assert np.all(np.diff(t["n"]) > 0) and np.all(np.diff(t["en0"]) < 0)


def test_operating_characteristics_shape_and_monotone():
    d = simon_design(0.1, 0.3)
    oc = d.operating_characteristics(np.linspace(0, 1, 11))
    assert list(oc.columns) == ["p", "prob_reject_null", "pet", "en"]
    assert np.all(np.diff(oc["prob_reject_null"]) >= 0)
    assert oc["prob_reject_null"].iloc[0] == 0 and oc["prob_reject_null"].iloc[-1] == 1
    assert oc["en"].between(d.n1, d.n).all()


def test_simon_design_is_frozen_with_readable_repr():
    d = simon_design(0.1, 0.3)
    assert isinstance(d, SimonDesign)
    assert "r1=1, n1=10, r=5, n=29" in repr(d)
    assert "stop if <= 1/10" in str(d)
    with pytest.raises(AttributeError):
        d.n = 3  # type: ignore[misc]
    assert d.to_frame().shape == (1, 13)


# ------------------------------------------------------------------ Simon: errors


def test_infeasible_design_says_what_to_change():
    with pytest.raises(InfeasibleDesignError, match=r"n <= nmax=20; increase nmax"):
        simon_design(0.2, 0.3, nmax=20)
    assert issubclass(InfeasibleDesignError, ValueError)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(p0=0.3, p1=0.2), "p0=0.3, p1=0.2"),
        (dict(p0=0.3, p1=0.3), "p0=0.3, p1=0.3"),
        (dict(p0=1.5, p1=0.2), "p0"),
        (dict(p0=0.1, p1=0.3, alpha=0.6), "alpha"),
        (dict(p0=0.1, p1=0.3, beta=0.0), "beta"),
        (dict(p0=0.1, p1=0.3, criterion="opt"), "criterion"),
        (dict(p0=0.1, p1=0.3, nmax=1), "nmax"),
        (dict(p0=0.1, p1=0.3, nmax=5000), "nmax"),
    ],
)
def test_simon_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        simon_design(**kwargs)


def test_simon_arguments_after_rates_are_keyword_only():
    with pytest.raises(TypeError):
        simon_design(0.1, 0.3, 0.05)  # type: ignore[misc]


def test_operating_characteristics_rejects_bad_rates():
    with pytest.raises(ValueError, match="p="):
        simon_design(0.1, 0.3).operating_characteristics(1.2)


# ------------------------------------------------------------------ two arms against R


def _sample_size_cases():
    return json.loads((REF / "sample_size.json").read_text())["cases"]


@pytest.mark.parametrize(
    "case",
    _sample_size_cases(),
    ids=lambda c: f"{c['p1']}-{c['p2']}-{c['alpha']}-{c['power']}-{c['alternative']}",
)
def test_two_rates_match_r(case):
    alt = case["alternative"]
    kw = dict(alpha=case["alpha"], alternative=alt)
    assert (
        sample_size_two_rates(case["p1"], case["p2"], power=case["power"], method="normal", **kw)
        == case["n_normal"]
    )
    assert (
        sample_size_two_rates(case["p1"], case["p2"], power=case["power"], method="arcsine", **kw)
        == case["n_arcsine"]
    )
    assert power_two_rates(case["p1"], case["p2"], 50, method="normal", **kw) == pytest.approx(
        case["power_normal_n50"], abs=1e-10
    )
    assert power_two_rates(case["p1"], case["p2"], 50, method="arcsine", **kw) == pytest.approx(
        case["power_arcsine_n50"], abs=1e-10
    )


@pytest.mark.parametrize("method", ["normal", "arcsine"])
def test_sample_size_is_smallest_n_reaching_power(method):
    n = sample_size_two_rates(0.2, 0.35, power=0.9, method=method)
    assert power_two_rates(0.2, 0.35, n, method=method) >= 0.9
    assert power_two_rates(0.2, 0.35, n - 1, method=method) < 0.9


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(rate_a=0.2, rate_b=0.2), "rate_a=0.2, rate_b=0.2"),
        (dict(rate_a=0.2, rate_b=1.2), "rate_b"),
        (dict(rate_a=0.2, rate_b=0.3, power=1.0), "power"),
        (dict(rate_a=0.2, rate_b=0.3, alpha=0), "alpha"),
        (dict(rate_a=0.2, rate_b=0.3, method="exact"), "method"),
        (dict(rate_a=0.2, rate_b=0.3, alternative="two.sided"), "alternative"),
        (dict(rate_a=0.2, rate_b=0.3, alternative="greater"), "alternative"),
    ],
)
def test_sample_size_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        sample_size_two_rates(**kwargs)


def test_power_bad_n():
    with pytest.raises(ValueError, match="n"):
        power_two_rates(0.2, 0.3, 0)
    with pytest.raises(ValueError, match="n=10.5"):
        power_two_rates(0.2, 0.3, 10.5)
    with pytest.raises(TypeError, match="`n`"):
        power_two_rates(0.2, 0.3, "10")


def test_sample_size_names_close_rates():
    # 0.5 vs 0.5000001 needs about 4e14 patients per arm: a number, not an error about power
    n = sample_size_two_rates(0.5, 0.5000001)
    assert 1e14 < n < 1e15
    assert power_two_rates(0.5, 0.5000001, n) >= 0.8 > power_two_rates(0.5, 0.5000001, n - 1)
    with pytest.raises(ValueError, match=r"rate_a=0.5, rate_b=0.500000000001.*so close"):
        sample_size_two_rates(0.5, 0.5 + 1e-12)


# --- lessons 08-10: power curves ---------------------------------------------------------------
from il2kit.design import power_curve  # noqa: E402

POWER_CURVE_R = json.loads(
    (Path(__file__).parent / "reference" / "lessons_08_10" / "power_curve_r.json").read_text()
)["cases"]


@pytest.mark.parametrize("method", ["normal", "arcsine"])
def test_power_curve_matches_r(method):
    """R: power.prop.test and pwr::pwr.2p.test at 7 sizes, 3 pairs of rates, 2 levels."""
    groups: dict[tuple, list] = {}
    for case in POWER_CURVE_R:
        groups.setdefault((case["rate_a"], case["rate_b"], case["alpha"]), []).append(case)
    for (rate_a, rate_b, alpha), cases in groups.items():
        curve = power_curve(rate_a, rate_b, [c["n"] for c in cases], alpha=alpha, method=method)
        assert curve["n_per_arm"].tolist() == [c["n"] for c in cases]
        assert curve["power"].tolist() == pytest.approx(
            [c[f"power_{method}"] for c in cases], abs=1e-10
        )


def test_power_curve_accepts_one_size_and_rejects_bad_ones():
    assert power_curve(0.15, 0.30, 100)["power"].iloc[0] == pytest.approx(
        power_two_rates(0.15, 0.30, 100)
    )
    with pytest.raises(ValueError, match="n_per_arm"):
        power_curve(0.15, 0.30, [10, 0])
    with pytest.raises(ValueError, match="n_per_arm"):
        power_curve(0.15, 0.30, [10.5])
    with pytest.raises(TypeError, match="n_per_arm"):
        power_curve(0.15, 0.30, ["10"])
    with pytest.raises(ValueError, match="rate_b"):
        power_curve(0.15, 0.15, [10])


# ------------------------------------------------------------------ Simon: the pruned search


def _exhaustive_frontier(p0, p1, alpha, beta, nmax):
    """Every n from 2, every (n1, r1, r): the plain vectorised search, with no pruning.

    For each n, the probabilities of all (n1, r1, r) come from one cumulative sum over x1 (the
    engine's previous implementation); a row is kept when its best EN0 beats all smaller n.
    """
    from scipy import stats

    size = np.arange(nmax + 1)
    tabs = []
    for p in (p0, p1):
        pmf = stats.binom.pmf(size[None, :], size[:, None], p)
        sf = stats.binom.sf(size[None, :], size[:, None], p)
        tabs.append((pmf, sf, np.concatenate([np.zeros((nmax + 1, nmax + 1)), sf], axis=1)))
    rows, best = [], np.inf
    for n in range(2, nmax + 1):
        ok = np.nonzero(tabs[1][1][n, :n] >= 1.0 - beta)[0]
        if ok.size == 0:
            continue
        big_r = int(ok[-1])
        n1 = np.arange(1, n)
        k = np.arange(big_r + 1)
        lag = (k[None, None, :] - k[None, :, None]) + nmax + 1
        probs = []
        for pmf, sf, pad in tabs:
            term = pmf[n1, : big_r + 1][:, :, None] * pad[(n - n1)[:, None, None], lag]
            tail = np.cumsum(term[:, :0:-1, :], axis=1)[:, ::-1, :]
            tail = np.concatenate([tail, np.zeros_like(tail[:, :1, :])], axis=1)
            probs.append(tail + sf[n1, : big_r + 1][:, None, :])
        type1, power = probs
        count = np.sum((power >= 1.0 - beta) & (k[:, None] <= k[None, :]), axis=2)
        r_best = k[None, :] + count - 1
        a_best = np.take_along_axis(type1, np.maximum(r_best, 0)[:, :, None], axis=2)[:, :, 0]
        feasible = (count > 0) & (a_best <= alpha)
        if not feasible.any():
            continue
        pet = 1.0 - tabs[0][1][n1[:, None], k[None, :]]
        en0 = np.where(feasible, n1[:, None] + (1.0 - pet) * (n - n1)[:, None], np.inf)
        i, j = np.unravel_index(np.argmin(en0[:, ::-1]), en0.shape)
        j = big_r - j
        if en0[i, j] < best:
            best = en0[i, j]
            rows.append((n, j, int(n1[i]), int(r_best[i, j]), float(en0[i, j]), float(pet[i, j])))
    return np.array(rows, dtype=float).reshape(-1, 6)


@settings(max_examples=40, deadline=None)
@given(
    p0=st.floats(0.02, 0.8),
    gap=st.floats(0.06, 0.35),
    alpha=st.sampled_from([0.01, 0.05, 0.10, 0.20]),
    beta=st.sampled_from([0.05, 0.10, 0.20, 0.30]),
    nmax=st.integers(10, 70),
)
def test_pruned_search_equals_exhaustive_search(p0, gap, alpha, beta, nmax):
    # Same frontier, bit for bit (n, r1, n1, r, EN0, PET0), including infeasible searches:
    # the Neyman-Pearson start, the stage-1 and EN0 pruning never drop a needed design.
    from il2kit._simon import frontier

    p1 = min(p0 + gap, 0.97)
    want = _exhaustive_frontier(p0, p1, alpha, beta, nmax)
    got = frontier(p0, p1, alpha, beta, nmax)
    np.testing.assert_array_equal(got, want[: len(got)])
    # the exhaustive search continues past the point where no larger n can win; the pruned
    # one stops there, so only its rows are compared, and none may be missing before it
    assert len(got) == len(want) or got[-1, 4] <= want[len(got) :, 4].min()


def test_neyman_pearson_start_is_a_lower_bound():
    from il2kit._simon import smallest_possible_n

    for p0, p1, alpha, beta in [
        (0.1, 0.3, 0.05, 0.2),
        (0.05, 0.25, 0.1, 0.1),
        (0.6, 0.85, 0.1, 0.2),
    ]:
        start = smallest_possible_n(p0, p1, alpha, beta, 40)
        minimax = _exhaustive_frontier(p0, p1, alpha, beta, 40)[0, 0]
        assert start is not None and start <= minimax
    assert smallest_possible_n(0.5, 0.52, 0.05, 0.2, 1000) is None  # needs ~3,900 patients


def test_infeasible_search_stops_without_searching():
    # 0.50 vs 0.52 needs about 3,900 patients even for a single-stage test: no n <= 400 can
    # work, which the Neyman-Pearson bound shows without examining any design.
    with pytest.raises(InfeasibleDesignError, match="nmax=400"):
        simon_design(0.50, 0.52, nmax=400)


def test_large_search_memory_is_bounded():
    # nmax = 1000 with close rates near 0.5 (the review's slow case): peak traced memory
    # (NumPy allocations included) below 1 GiB; the previous search allocated ~10 GB per n.
    import tracemalloc

    tracemalloc.start()
    try:
        d = simon_design(0.50, 0.55, criterion="minimax", nmax=1000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert d.alpha_actual <= 0.05 and d.power_actual >= 0.8
    assert 600 < d.n <= 1000
    assert peak < 2**30

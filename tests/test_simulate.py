"""Tests for il2kit.simulate.

Monte-Carlo checks use a fixed seed and a tolerance of 4 Monte-Carlo standard errors
(two-sided, a correct simulator fails with probability about 6e-5 per check).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import binom, binomtest

from il2kit.design import simon_design
from il2kit.simulate import (
    simulate_guarantee_time,
    simulate_pick_the_winner,
    simulate_response_vs_survival,
    simulate_selection,
    simulate_simon,
    simulate_single_arm,
)
from il2kit.survival import kaplan_meier, logrank

Z = 4.0


def close_mc(estimate, expected, sd, n):
    """|estimate - expected| within Z Monte-Carlo standard errors (sd / sqrt(n))."""
    return abs(estimate - expected) <= Z * sd / math.sqrt(n)


def prop_close(estimate, expected, n):
    return close_mc(estimate, expected, math.sqrt(expected * (1 - expected)), n)


# ------------------------------------------------------------------ single arm


def test_single_arm_columns_and_moments():
    n, p, trials = 40, 0.15, 20_000
    sims = simulate_single_arm(p, n, n_trials=trials, threshold=0.2, rng=11)
    assert list(sims.columns) == [
        "trial",
        "responders",
        "observed_rate",
        "ci_low",
        "ci_high",
        "covers",
        "above_threshold",
    ]
    assert close_mc(sims["responders"].mean(), n * p, math.sqrt(n * p * (1 - p)), trials)
    # above_threshold: observed rate >= 0.2, i.e. at least 8 of 40 responders
    assert prop_close(sims["above_threshold"].mean(), binom.sf(7, n, p), trials)
    assert (sims["ci_low"] <= sims["observed_rate"]).all()
    assert (sims["observed_rate"] <= sims["ci_high"]).all()


def test_single_arm_intervals_are_clopper_pearson():
    sims = simulate_single_arm(0.3, 17, n_trials=2_000, rng=3)
    for x in sorted(set(sims["responders"]))[:6]:
        row = sims.loc[sims["responders"] == x].iloc[0]
        ci = binomtest(int(x), 17).proportion_ci(confidence_level=0.95, method="exact")
        assert row["ci_low"] == pytest.approx(ci.low, abs=1e-10)
        assert row["ci_high"] == pytest.approx(ci.high, abs=1e-10)


def test_exact_interval_coverage_is_at_least_nominal():
    trials = 40_000
    sims = simulate_single_arm(0.2, 25, n_trials=trials, confidence_level=0.90, rng=5)
    # exact coverage here is >= 0.90; allow Monte-Carlo noise below it
    assert sims["covers"].mean() >= 0.90 - Z * math.sqrt(0.09 / trials)


def test_single_arm_fast_path_and_seeding():
    a = simulate_single_arm(0.2, 30, n_trials=1000, with_ci=False, rng=42)
    b = simulate_single_arm(0.2, 30, n_trials=1000, with_ci=False, rng=np.random.default_rng(42))
    assert list(a.columns) == ["trial", "responders", "observed_rate"]
    assert a.equals(b)
    c = simulate_single_arm(0.2, 30, n_trials=1000, with_ci=False, rng=43)
    assert not a.equals(c)


def test_single_arm_edge_rates():
    assert (simulate_single_arm(0.0, 10, n_trials=50, rng=1)["responders"] == 0).all()
    sims = simulate_single_arm(1.0, 10, n_trials=50, rng=1)
    assert (sims["ci_high"] == 1).all() and sims["covers"].all()


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(true_rate=1.5, n=10), ValueError, "true_rate"),
        (dict(true_rate=0.2, n=0), ValueError, "n"),
        (dict(true_rate=0.2, n=10, n_trials=0), ValueError, "n_trials"),
        (dict(true_rate=0.2, n=10, threshold=2), ValueError, "threshold"),
        (dict(true_rate=0.2, n=10, confidence_level=1), ValueError, "confidence_level"),
        (dict(true_rate=0.2, n=10, rng="seed"), TypeError, "rng"),
    ],
)
def test_single_arm_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        simulate_single_arm(**kwargs)


# ------------------------------------------------------------------ Simon


@pytest.mark.parametrize("rate", [0.1, 0.3])
def test_simon_simulation_matches_operating_characteristics(rate):
    d = simon_design(0.1, 0.3)
    trials = 40_000
    sims = simulate_simon(d, rate, n_trials=trials, rng=8)
    oc = d.operating_characteristics(rate).iloc[0]
    assert prop_close(sims["stopped_early"].mean(), oc["pet"], trials)
    assert prop_close(sims["declared_active"].mean(), oc["prob_reject_null"], trials)
    sd_n = (d.n - d.n1) * math.sqrt(oc["pet"] * (1 - oc["pet"]))
    assert close_mc(sims["n_enrolled"].mean(), oc["en"], sd_n, trials)
    assert set(sims["n_enrolled"]) <= {d.n1, d.n}
    stopped = sims[sims["stopped_early"]]
    assert (stopped["total_responders"] == stopped["stage1_responders"]).all()
    assert not stopped["declared_active"].any()


def test_simon_simulation_bad_input():
    d = simon_design(0.1, 0.3)
    with pytest.raises(TypeError, match="design"):
        simulate_simon((1, 10, 5, 29), 0.2)
    with pytest.raises(ValueError, match="true_rate"):
        simulate_simon(d, -0.1)


# ------------------------------------------------------------------ pick the winner


def test_pick_the_winner_equal_rates():
    rates, trials = [0.15] * 4, 20_000
    sims = simulate_pick_the_winner(rates, 25, 200, n_trials=trials, rng=9)
    assert list(sims.columns) == [
        "trial",
        "chosen",
        "chose_best",
        "phase2_rate",
        "true_rate",
        "phase3_rate",
        "shrinkage",
    ]
    for k in range(4):  # ties broken at random: each regimen wins a quarter of the time
        assert prop_close((sims["chosen"] == k).mean(), 0.25, trials)
    assert close_mc(sims["phase3_rate"].mean(), 0.15, math.sqrt(0.15 * 0.85 / 200), trials)
    assert sims["phase2_rate"].mean() > 0.15 + 0.05  # the winner's curse
    assert sims["shrinkage"].mean() > 0.05


def test_pick_the_winner_finds_clear_best():
    sims = simulate_pick_the_winner([0.05, 0.10, 0.60], 30, 30, n_trials=2_000, rng=1)
    assert sims["chose_best"].mean() > 0.999
    np.testing.assert_allclose(sims["shrinkage"], sims["phase2_rate"] - sims["phase3_rate"])


@pytest.mark.parametrize("rates, match", [([0.2], "true_rates"), ([0.2, 1.2], "true_rates")])
def test_pick_the_winner_bad_input(rates, match):
    with pytest.raises(ValueError, match=match):
        simulate_pick_the_winner(rates, 10, 10)


# ------------------------------------------------------------------ response vs survival


def test_response_vs_survival_model():
    n, median = 4_000, 12.0
    pts = simulate_response_vs_survival(n, 0.05, 0.20, median_os_control_months=median, rng=2)
    assert list(pts.columns) == ["trial", "arm", "responded", "time", "event"]
    rates = pts.groupby("arm")["responded"].mean()
    assert prop_close(rates["control"], 0.05, n) and prop_close(rates["experimental"], 0.20, n)
    # exponential deaths, censored at 3 medians: P(event) = 1 - 2**-3
    assert prop_close(pts["event"].mean(), 1 - 2**-3, 2 * n)
    assert pts["time"].max() <= 3 * median
    km = kaplan_meier(pts["time"], pts["event"])
    # median of an exponential: SE of the KM median ~ 1 / (f(m) sqrt(N)), f(m) = ln2 / (2 m)
    assert close_mc(km.median, median, 2 * median / math.log(2), 2 * n)


def test_response_vs_survival_benefit_shows_in_logrank():
    pts = simulate_response_vs_survival(
        300, 0.1, 0.1, median_os_control_months=10, os_benefit=0.6, rng=4
    )
    assert logrank(pts["time"], pts["event"], pts["arm"]).pvalue < 1e-3


def test_response_vs_survival_many_trials():
    pts = simulate_response_vs_survival(
        20, 0.1, 0.3, median_os_control_months=10, n_trials=5, rng=1
    )
    assert pts.groupby(["trial", "arm"]).size().tolist() == [20] * 10


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(median_os_control_months=0), "median_os_control_months"),
        (dict(median_os_control_months=10, os_hr_responders=-1), "os_hr_responders"),
        (dict(median_os_control_months=10, os_benefit=0), "os_benefit"),
        (dict(median_os_control_months=10, follow_up_months=float("inf")), "follow_up_months"),
    ],
)
def test_response_vs_survival_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        simulate_response_vs_survival(10, 0.1, 0.2, **kwargs)


# ------------------------------------------------------------------ selection


def test_selection_inflates_enrolled_rate():
    n = 100_000
    pts = simulate_selection(n, population_rate=0.15, odds_ratio_per_ps=0.4, rng=6)
    assert list(pts.columns) == [
        "patient",
        "performance_status",
        "response_probability",
        "responded",
        "enrolled",
    ]
    assert prop_close(pts["responded"].mean(), 0.15, n)
    probs = pts.groupby("performance_status")["response_probability"].first()
    mix = np.array([0.35, 0.45, 0.20])
    assert float(np.sum(mix * probs.to_numpy())) == pytest.approx(0.15, abs=1e-10)
    assert probs.is_monotonic_decreasing
    odds = probs / (1 - probs)
    np.testing.assert_allclose(odds.iloc[1:].to_numpy() / odds.iloc[:-1].to_numpy(), 0.4)
    enrolled = pts[pts["enrolled"]]
    assert (enrolled["performance_status"] == 0).all()
    assert prop_close(enrolled["responded"].mean(), probs[0], len(enrolled))


def test_selection_broad_eligibility_enrolls_everyone():
    pts = simulate_selection(1000, max_performance_status=2, rng=1)
    assert pts["enrolled"].all()


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(population_rate=0), ValueError, "population_rate"),
        (dict(odds_ratio_per_ps=0), ValueError, "odds_ratio_per_ps"),
        (dict(max_performance_status=3), ValueError, "max_performance_status"),
        (dict(ps_mix=(0.5, 0.5)), ValueError, "ps_mix"),
    ],
)
def test_selection_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        simulate_selection(100, **kwargs)


# ------------------------------------------------------------------ guarantee time


def test_guarantee_time_response_fraction_and_bias():
    n, med_os, med_ttr, rate = 50_000, 12.0, 3.0, 0.3
    pts = simulate_guarantee_time(
        n,
        median_os_months=med_os,
        true_rate=rate,
        median_time_to_response_months=med_ttr,
        rng=12,
    )
    assert list(pts.columns) == [
        "trial",
        "patient",
        "responded",
        "time_to_response",
        "time",
        "event",
    ]
    # P(respond) = rate * P(response time < death) = rate * l_r / (l_r + l_d)
    lam_r, lam_d = math.log(2) / med_ttr, math.log(2) / med_os
    assert prop_close(pts["responded"].mean(), rate * lam_r / (lam_r + lam_d), n)
    assert (pts["event"] == 1).all()
    r = pts[pts["responded"]]
    assert (r["time_to_response"] < r["time"]).all()
    assert pts.loc[~pts["responded"], "time_to_response"].isna().all()
    # survival does not depend on response, yet responders look better from time 0
    med = pts.groupby("responded")["time"].median()
    assert med[True] > 1.2 * med[False]
    # all patients together: exponential with the true median
    assert close_mc(pts["time"].median(), med_os, 2 * med_os / math.log(2), n)


def test_guarantee_time_censoring_and_trials():
    pts = simulate_guarantee_time(100, follow_up_months=6, n_trials=3, rng=2)
    assert len(pts) == 300 and pts["time"].max() <= 6
    assert set(pts["event"]) <= {0, 1}


def test_guarantee_time_bad_input():
    with pytest.raises(ValueError, match="true_rate"):
        simulate_guarantee_time(10, true_rate=2)
    with pytest.raises(ValueError, match="n_patients"):
        simulate_guarantee_time(0)


# ------------------------------------------------------------------ lessons 11-16: cure fraction


def test_cure_fraction_cohort_has_the_model_median_and_plateau():
    from il2kit.simulate import simulate_cure_fraction

    n, median, c = 40_000, 16.3, 0.15
    pts = simulate_cure_fraction(n, median_os_months=median, cure_fraction=c, rng=3)
    assert list(pts.columns) == ["trial", "patient", "cured", "time", "event"]
    assert prop_close(pts["cured"].mean(), c, n)
    assert not pts.loc[pts["cured"], "event"].any()
    assert pts["time"].between(0, 132).all()
    rate = math.log((1 - c) / (0.5 - c)) / median
    km = kaplan_meier(pts["time"], pts["event"])
    s60 = c + (1 - c) * math.exp(-rate * 60)  # follow-up >= 72 months: no censoring by 60
    assert prop_close(float(km.survival_at(60)), s60, n)
    assert prop_close(float(km.survival_at(median)), 0.5, n)


def test_cure_fraction_zero_is_exponential_and_fixed_follow_up_censors():
    from il2kit.simulate import simulate_cure_fraction

    pts = simulate_cure_fraction(
        5_000, median_os_months=12, cure_fraction=0.0, follow_up_months=24, n_trials=4, rng=4
    )
    assert pts["trial"].nunique() == 4 and len(pts) == 20_000
    # exponential with median 12: P(alive at 24) = 1/4, all of them censored at 24
    censored = pts["event"] == 0
    assert (pts.loc[censored, "time"] == 24).all()
    assert prop_close(censored.mean(), 0.25, len(pts))


def test_cure_fraction_is_reproducible_and_names_bad_input():
    from il2kit.simulate import simulate_cure_fraction

    a = simulate_cure_fraction(50, median_os_months=10, cure_fraction=0.1, rng=9)
    b = simulate_cure_fraction(50, median_os_months=10, cure_fraction=0.1, rng=9)
    assert a.equals(b)
    with pytest.raises(ValueError, match="cure_fraction"):
        simulate_cure_fraction(50, median_os_months=10, cure_fraction=0.5)
    with pytest.raises(ValueError, match="follow_up_months"):
        simulate_cure_fraction(
            50, median_os_months=10, cure_fraction=0.1, follow_up_months=(100.0, 50.0)
        )
    with pytest.raises(TypeError, match="median_os_months"):
        simulate_cure_fraction(50, median_os_months="16", cure_fraction=0.1)
    with pytest.raises(ValueError, match="n_patients"):
        simulate_cure_fraction(0, median_os_months=10, cure_fraction=0.1)


# ------------------------------------------------------------------ lessons 11-16: publication


def test_publication_rule_and_sizes():
    from il2kit.simulate import PUBLICATION_SIZES, simulate_publication

    trials = simulate_publication(30_000, true_rate=0.15, rng=21)
    assert list(trials.columns) == ["trial", "n", "responders", "rate", "published"]
    assert trials["n"].is_monotonic_increasing
    assert set(trials["n"]) == set(PUBLICATION_SIZES)
    for size in PUBLICATION_SIZES:
        assert prop_close((trials["n"] == size).mean(), 1 / len(PUBLICATION_SIZES), len(trials))
    expected = (trials["responders"] / trials["n"] >= 0.20) | (trials["n"] >= 100)
    assert trials["published"].equals(expected.rename("published"))
    pooled_rate = trials["responders"].sum() / trials["n"].sum()
    assert prop_close(pooled_rate, 0.15, int(trials["n"].sum()))


def test_publication_draws_as_the_lesson_describes():
    """Sizes first, then each size's trials with simulate_single_arm on the same generator."""
    from il2kit.simulate import simulate_publication

    gen = np.random.default_rng(12)
    sizes = gen.choice([15, 40, 100], size=50)
    counts = [
        simulate_single_arm(0.3, int(n), n_trials=int((sizes == n).sum()), with_ci=False, rng=gen)[
            "responders"
        ]
        for n in np.unique(sizes)
    ]
    trials = simulate_publication(
        50, true_rate=0.3, sizes=[15, 40, 100], min_rate=0.4, always_published_n=40, rng=12
    )
    assert trials["responders"].tolist() == [int(v) for c in counts for v in c]


def test_publication_names_bad_input():
    from il2kit.simulate import simulate_publication

    with pytest.raises(ValueError, match="sizes"):
        simulate_publication(10, true_rate=0.2, sizes=[0, 10])
    with pytest.raises(ValueError, match="min_rate"):
        simulate_publication(10, true_rate=0.2, min_rate=1.5)
    with pytest.raises(TypeError, match="true_rate"):
        simulate_publication(10, true_rate=None)


def test_cure_fraction_groups_share_each_trial():
    from il2kit.simulate import simulate_cure_fraction

    pts = simulate_cure_fraction(
        20_000, median_os_months=12, cure_fraction={"none": 0.0, "plateau": 0.2}, n_trials=2, rng=5
    )
    assert list(pts.columns) == ["trial", "group", "patient", "cured", "time", "event"]
    assert pts["trial"].is_monotonic_increasing
    assert pts.groupby(["trial", "group"]).size().eq(20_000).all()
    cured = pts.groupby("group")["cured"].mean()
    assert cured["none"] == 0 and prop_close(cured["plateau"], 0.2, 40_000)
    with pytest.raises(ValueError, match="cure_fraction"):
        simulate_cure_fraction(10, median_os_months=12, cure_fraction={"a": 0.1, "b": 0.6})
    with pytest.raises(ValueError, match="empty"):
        simulate_cure_fraction(10, median_os_months=12, cure_fraction={})

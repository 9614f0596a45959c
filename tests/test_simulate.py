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


# --- lessons 08-10 -----------------------------------------------------------------------------
from scipy.stats import fisher_exact  # noqa: E402

from il2kit.course import keys  # noqa: E402
from il2kit.simulate import (  # noqa: E402
    confounding_estimates,
    endpoint_power,
    simon_monte_carlo,
    simulate_confounding,
)


def test_simon_monte_carlo_sets_simulated_means_beside_exact_figures():
    optimal = simon_design(0.05, 0.20)
    minimax = simon_design(0.05, 0.20, criterion="minimax")
    check = simon_monte_carlo([optimal, minimax], [0.05, 0.20], n_trials=20_000, rng=100)
    assert len(check) == 12
    assert set(check["quantity"]) == {"P(promising)", "P(stop early)", "expected patients"}
    assert check["z"].abs().max() < Z
    # the same stream, drawn by hand: the first design at the first rate
    by_hand = simulate_simon(optimal, 0.05, n_trials=20_000, rng=np.random.default_rng(100))
    first = check.iloc[:3].set_index("quantity")
    assert first.loc["P(promising)", "simulated"] == by_hand["declared_active"].mean()
    assert first.loc["expected patients", "simulated"] == by_hand["n_enrolled"].mean()
    oc = optimal.operating_characteristics(0.05).iloc[0]
    assert first.loc["P(stop early)", "exact"] == pytest.approx(oc["pet"])
    # the MC SE of a share is the binomial standard error (with n - 1 in the variance)
    p = first.loc["P(promising)", "simulated"]
    assert first.loc["P(promising)", "mc_se"] == pytest.approx(
        math.sqrt(p * (1 - p) / 19_999), rel=1e-9
    )


def test_simon_monte_carlo_names_bad_input():
    with pytest.raises(ValueError, match="designs"):
        simon_monte_carlo([], 0.1)
    with pytest.raises(TypeError, match="designs"):
        simon_monte_carlo(["optimal"], 0.1)
    with pytest.raises(ValueError, match="true_rates"):
        simon_monte_carlo(simon_design(0.05, 0.20), 1.5)


def test_simulate_confounding_reproduces_notebook_10_clinics():
    """keys.stratification rebuilds notebook 10's clinics independently, with pandas."""
    key = keys.stratification()
    patients = simulate_confounding(key.n_clinics, 400, rng=2002, assignment_rng=10)
    estimates = confounding_estimates(patients)
    assert estimates["doctor_choice"].mean() == pytest.approx(key.unstratified_mean, rel=1e-12)
    assert estimates["doctor_choice"].std() == pytest.approx(key.unstratified_sd, rel=1e-12)
    assert estimates["randomized"].mean() == pytest.approx(key.randomized_mean, rel=1e-12)
    assert estimates["mantel_haenszel"].mean() == pytest.approx(key.mh_mean, rel=1e-9)
    assert estimates["mantel_haenszel"].std() == pytest.approx(key.mh_sd, rel=1e-9)
    assert estimates["mantel_haenszel"].iloc[0] == pytest.approx(key.mh_clinic0, rel=1e-9)
    clinic0 = patients[(patients["clinic"] == 0) & (patients["performance_status"] == 0)]
    assert int(clinic0["doctor_choice"].sum()) == key.ps0_treated_n


def test_simulate_confounding_treats_by_status():
    patients = simulate_confounding(200, 500, treat_probability=(0.8, 0.3, 0.05), rng=4)
    n = patients.groupby("performance_status").size()
    shares = patients.groupby("performance_status")["doctor_choice"].mean()
    for status, p in enumerate((0.8, 0.3, 0.05)):
        assert close_mc(shares[status], p, math.sqrt(p * (1 - p)), n[status])
    assert close_mc(patients["randomized"].mean(), 0.5, 0.5, len(patients))
    assert patients["clinic"].max() == 199 and (patients.groupby("clinic").size() == 500).all()
    with pytest.raises(ValueError, match="treat_probability"):
        simulate_confounding(2, 10, treat_probability=(0.9, 0.1))
    with pytest.raises(ValueError, match="n_clinics"):
        simulate_confounding(0, 10)


def _by_hand(patients):
    """Clinic by clinic, with the 2x2 tables counted in plain Python."""
    out = {}
    for clinic, g in patients.groupby("clinic"):
        rows = list(
            zip(
                g["performance_status"],
                g["responded"],
                g["doctor_choice"],
                g["randomized"],
                strict=True,
            )
        )

        def diff(rows, k):
            t = [r[1] for r in rows if r[k]]
            u = [r[1] for r in rows if not r[k]]
            return (sum(t) / len(t) - sum(u) / len(u)) if t and u else math.nan

        num = den = 0.0
        for status in (0, 1, 2):
            stratum = [r for r in rows if r[0] == status]
            n1 = sum(r[2] for r in stratum)
            n0 = len(stratum) - n1
            if n1 and n0:
                w = n1 * n0 / (n1 + n0)
                num += w * diff(stratum, 2)
                den += w
        out[clinic] = (diff(rows, 2), diff(rows, 3), num / den if den else math.nan)
    return out


def test_confounding_estimates_match_a_loop_written_out():
    patients = simulate_confounding(30, 40, rng=8)
    estimates = confounding_estimates(patients)
    for clinic, values in _by_hand(patients).items():
        got = estimates.loc[clinic, ["doctor_choice", "randomized", "mantel_haenszel"]].tolist()
        assert got == pytest.approx(list(values), rel=1e-12, nan_ok=True)


def test_confounding_estimates_leave_a_clinic_without_controls_empty():
    patients = simulate_confounding(3, 20, treat_probability=(1.0, 1.0, 1.0), rng=1)
    estimates = confounding_estimates(patients)
    assert estimates["doctor_choice"].isna().all()
    assert estimates["mantel_haenszel"].isna().all()
    with pytest.raises(ValueError, match="doctor_choice"):
        confounding_estimates(patients.drop(columns="doctor_choice"))


def _fisher_power(n, p_control, p_experimental, alpha=0.05):
    """Exact power of the two-sided Fisher test, summed over every pair of outcomes."""
    px, py = (
        binom.pmf(np.arange(n + 1), n, p_experimental),
        binom.pmf(np.arange(n + 1), n, p_control),
    )
    power = 0.0
    for x in range(n + 1):
        for y in range(n + 1):
            if px[x] * py[y] > 1e-12 and fisher_exact([[x, n - x], [y, n - y]]).pvalue < alpha:
                power += px[x] * py[y]
    return power


def test_endpoint_power_response_share_matches_exact_fisher_power():
    table = endpoint_power(30, 0.10, 0.40, median_os_control_months=12, n_trials=600, rng=3)
    share = table.set_index("endpoint").loc["response", "share_significant"]
    exact = _fisher_power(30, 0.10, 0.40)
    assert close_mc(share, exact, math.sqrt(exact * (1 - exact)), 600)


def test_endpoint_power_survival_share_is_alpha_when_response_changes_nothing():
    table = endpoint_power(40, 0.05, 0.50, median_os_control_months=12, n_trials=600, rng=4)
    row = table.set_index("endpoint").loc["overall survival"]
    assert close_mc(row["share_significant"], 0.05, math.sqrt(0.05 * 0.95), 600)
    assert row["mc_se"] == pytest.approx(
        math.sqrt(row["share_significant"] * (1 - row["share_significant"]) / 600)
    )
    with pytest.raises(ValueError, match="alpha"):
        endpoint_power(40, 0.05, 0.5, median_os_control_months=12, alpha=1.5)


# ------------------------------------------------------------------ bounded cost, named errors


def test_single_arm_huge_trials_use_limits_of_the_counts_drawn():
    # 10 trials of a million patients: intervals computed for the ~10 counts drawn, not for all
    # 1,000,001 possible counts; each equals response_rate's exact interval.
    from il2kit.rates import response_rate

    sims = simulate_single_arm(0.2, 10**6, n_trials=10, rng=3)
    for row in sims.itertuples():
        ref = response_rate(int(row.responders), 10**6)
        assert (row.ci_low, row.ci_high) == (ref.ci_low, ref.ci_high)


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(with_ci="no"), TypeError, "`with_ci` must be True or False"),
        (dict(with_ci=1), TypeError, "`with_ci`"),
        (dict(rng=-1), ValueError, "rng=-1"),
        (dict(rng=1.5), TypeError, "`rng`"),
        (dict(n_trials=2.5), ValueError, "n_trials=2.5"),
        (dict(n=2**53), ValueError, "n=9007199254740992"),
    ],
)
def test_single_arm_flags_and_seeds_are_checked(kwargs, exc, match):
    args = dict(true_rate=0.2, n=10) | kwargs
    with pytest.raises(exc, match=match):
        simulate_single_arm(**args)


def test_simon_simulation_refuses_truncated_boundaries():
    from dataclasses import replace

    d = simon_design(0.1, 0.3)
    with pytest.raises(ValueError, match=r"design.r1=1.7"):
        simulate_simon(replace(d, r1=1.7), 0.2)
    with pytest.raises(TypeError, match=r"design.n"):
        simulate_simon(replace(d, n="29"), 0.2)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(population_rate=1e-30),
        dict(population_rate=1 - 1e-12),
        dict(odds_ratio_per_ps=1e300),
        dict(odds_ratio_per_ps=1e-300),
        dict(population_rate=1e-30, odds_ratio_per_ps=1e300),
        dict(ps_mix=(1.0, 0.0, 0.0)),
    ],
)
def test_selection_extreme_parameters_solve_exactly(kwargs):
    pts = simulate_selection(1000, rng=1, **kwargs)
    probs = pts.groupby("performance_status")["response_probability"].first()
    mix = np.array(kwargs.get("ps_mix", (0.35, 0.45, 0.20)))
    rate = kwargs.get("population_rate", 0.15)
    average = float(np.sum(mix[probs.index] * probs.to_numpy()))
    assert average == pytest.approx(rate, rel=1e-9)
    assert np.isfinite(pts["response_probability"]).all()


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(odds_ratio_per_ps=float("inf")), ValueError, "odds_ratio_per_ps=inf"),
        (dict(population_rate="0.15"), TypeError, "population_rate"),
        (dict(ps_mix=(0.5, 0.5, float("nan"))), ValueError, "ps_mix"),
        (dict(ps_mix=("a", 0.5, 0.5)), TypeError, "ps_mix"),
        (dict(max_performance_status=1.5), ValueError, "max_performance_status=1.5"),
    ],
)
def test_selection_bad_parameters_are_named(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        simulate_selection(100, **kwargs)


def test_survival_simulators_refuse_times_beyond_float_range():
    with pytest.raises(ValueError, match="median_os_control_months, os_hr_responders"):
        simulate_response_vs_survival(
            10, 0.1, 0.2, median_os_control_months=1e300, os_hr_responders=1e-10
        )
    with pytest.raises(ValueError, match="median_os_months"):
        simulate_guarantee_time(10, median_os_months=1e305)
    pts = simulate_response_vs_survival(10, 0.1, 0.2, median_os_control_months=1e-200, rng=1)
    assert np.isfinite(pts["time"]).all()


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

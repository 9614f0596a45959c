"""Every number the instructor guide's answer keys quote, computed by the kit.

The guide (``instructors/*.md``) writes a computed number as ``<!--k:name-->value<!--/k-->``;
:mod:`il2kit.course.render` fills ``value`` from :func:`key_values` and
``tests/test_course_keys.py`` fails when a file is out of date, so no key can drift from what the
kit computes. Each function below names the notebook cell it mirrors: the simulations use the
notebook's own seeds and sizes, so the numbers are the ones students see.

The kit is historical and educational; it is not medical advice.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import il2kit
from il2kit import (
    appraisal,
    cox,
    evidence,
    multiplicity,
    nnt,
    noninferiority,
    sequential,
    simulate,
)

__all__ = [
    "StratificationKey",
    "stratification",
    "key_values",
]


# ----------------------------------------------------------------------------- small helpers
def _pts(proportion: float, sign: bool = True) -> str:
    """A proportion difference in percentage points, e.g. ``+5.5`` (minus sign: U+2212)."""
    text = f"{100 * proportion:+.1f}" if sign else f"{100 * proportion:.1f}"
    return text.replace("-", "\u2212")


def _pct(proportion: float, digits: int = 1) -> str:
    return f"{100 * proportion:.{digits}f}%"


def _num(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace("-", "\u2212")


def _arm(trials: pd.DataFrame, study: str, arm: str) -> pd.Series:
    return trials[(trials["study"] == study) & (trials["arm"] == arm)].iloc[0]


# ----------------------------------------------------------------------------- notebook 10, ex. 3
@dataclass(frozen=True)
class StratificationKey:
    """Notebook 10, section 1 and exercise 3: a useless treatment under doctor's choice.

    Differences are treated minus untreated response rates (proportions); the true effect is 0.
    ``*_mean`` and ``*_sd`` are over the synthetic clinics.
    """

    n_clinics: int
    unstratified_clinic0: float
    ps0_clinic0: float
    ps0_treated_n: int
    ps0_untreated_n: int
    mh_clinic0: float
    unstratified_mean: float
    unstratified_sd: float
    ps0_mean: float
    ps0_sd: float
    mh_mean: float
    mh_sd: float
    randomized_mean: float
    randomized_sd: float


def stratification() -> StratificationKey:
    """Rebuild notebook 10's section 1 and exercise 3 independently of
    :func:`il2kit.simulate.simulate_confounding` (seeds 2002 and 10, 2,000 clinics of 400
    patients; ``tests/test_simulate.py`` checks the two agree).

    The Mantel-Haenszel stratified risk difference pools the three performance-status strata
    with weights ``n1 n0 / (n1 + n0)`` (a stratum lacking treated or untreated patients gets no
    weight).
    """
    n_per_clinic, n_clinics = 400, 2000
    patients = simulate.simulate_selection(
        n_per_clinic * n_clinics,
        population_rate=0.15,
        odds_ratio_per_ps=0.4,
        max_performance_status=2,
        rng=2002,
    )
    patients["clinic"] = patients["patient"] // n_per_clinic
    gen = np.random.default_rng(10)
    p_treated = np.array([0.9, 0.5, 0.1])[patients["performance_status"]]
    patients["doctor_choice"] = gen.random(len(patients)) < p_treated
    patients["randomized"] = gen.random(len(patients)) < 0.5

    def difference(frame: pd.DataFrame, assignment: str, by: list[str]) -> pd.Series:
        rates = frame.groupby([*by, assignment])["responded"].mean().unstack()
        return rates[True] - rates[False]

    unstratified = difference(patients, "doctor_choice", ["clinic"])
    randomized = difference(patients, "randomized", ["clinic"])
    ps0 = difference(patients[patients["performance_status"] == 0], "doctor_choice", ["clinic"])

    cells = patients.groupby(["clinic", "performance_status", "doctor_choice"])["responded"]
    counts = cells.agg(["sum", "size"]).unstack("doctor_choice", fill_value=0)
    n1, n0 = counts[("size", True)], counts[("size", False)]
    weight = (n1 * n0 / (n1 + n0)).where((n1 > 0) & (n0 > 0), 0.0)
    diff = counts[("sum", True)] / n1.where(n1 > 0) - counts[("sum", False)] / n0.where(n0 > 0)
    weighted = (weight * diff.fillna(0.0)).groupby(level="clinic").sum()
    mh = weighted / weight.groupby(level="clinic").sum()

    clinic0 = patients[(patients["clinic"] == 0) & (patients["performance_status"] == 0)]
    return StratificationKey(
        n_clinics=n_clinics,
        unstratified_clinic0=float(unstratified.iloc[0]),
        ps0_clinic0=float(ps0.iloc[0]),
        ps0_treated_n=int(clinic0["doctor_choice"].sum()),
        ps0_untreated_n=int((~clinic0["doctor_choice"]).sum()),
        mh_clinic0=float(mh.iloc[0]),
        unstratified_mean=float(unstratified.mean()),
        unstratified_sd=float(unstratified.std()),
        ps0_mean=float(ps0.mean()),
        ps0_sd=float(ps0.std()),
        mh_mean=float(mh.mean()),
        mh_sd=float(mh.std()),
        randomized_mean=float(randomized.mean()),
        randomized_sd=float(randomized.std()),
    )


def _stratification_values() -> dict[str, str]:
    s = stratification()
    return {
        "strat.n_clinics": f"{s.n_clinics:,}",
        "strat.unstratified_clinic0": _pts(s.unstratified_clinic0),
        "strat.ps0_clinic0": _pts(s.ps0_clinic0),
        "strat.ps0_treated_n": str(s.ps0_treated_n),
        "strat.ps0_untreated_n": str(s.ps0_untreated_n),
        "strat.mh_clinic0": _pts(s.mh_clinic0),
        "strat.unstratified_mean": _pts(s.unstratified_mean),
        "strat.unstratified_sd": _pts(s.unstratified_sd, sign=False),
        "strat.ps0_mean": _pts(s.ps0_mean),
        "strat.ps0_sd": _pts(s.ps0_sd, sign=False),
        "strat.mh_mean": _pts(s.mh_mean),
        "strat.mh_sd": _pts(s.mh_sd, sign=False),
        "strat.randomized_mean": _pts(s.randomized_mean),
        "strat.randomized_sd": _pts(s.randomized_sd, sign=False),
    }


# ----------------------------------------------------------------------------- interpretive items
def _finding1() -> dict[str, str]:
    """Notebook 02, last section and exercise 4: the RCC arms of HD IL-2 pooled (DL), those the
    review could have pooled and the later ones that do not overlap its patients."""
    rows = il2kit.load_trials()
    hd = evidence.arm_rates(rows[rows["regimen"] == "hd_il2_iv_bolus"])
    rcc = hd[hd["disease"] == "rcc"]
    after = rcc["study"].astype(str).map(il2kit.published_after_review)
    before = rcc[~after]
    later = rcc[after & (rcc["study"] != "klapper2008")]

    def pooled(arms: pd.DataFrame) -> float:
        return float(il2kit.pool_rates(arms["responders"], arms["n"]).estimate)

    return {
        "f1.before": _pct(pooled(before)),
        "f1.before_studies": ", ".join(sorted(before["study"].astype(str))),
        "f1.later": _pct(pooled(later)),
        "f1.later_studies": ", ".join(sorted(later["study"].astype(str))),
        "f1.all": _pct(pooled(rcc)),
    }


def _zero_events() -> dict[str, str]:
    """Notebook 03, exercise 3 (and inventory q15): 0 deaths in 60 patients."""
    upper = il2kit.response_rate(0, 60).ci_high
    return {"zero60.upper": _pct(upper), "zero60.rule_of_three": _pct(3 / 60)}


def _atzpodien2001(trials: pd.DataFrame, quotes: pd.DataFrame) -> dict[str, str]:
    """Notebook 05, exercise 2: exact CI of CR + PR out of n, beside the printed interval."""
    row = _arm(trials, "atzpodien2001", "il2_ifn_5fu")
    x, n = int(row["cr"] + row["pr"]), int(row["n"])
    ci = il2kit.response_rate(x, n)
    quote = quotes.query("study == 'atzpodien2001' and field == 'orr_pct'")["quote"].iloc[0]
    printed = re.search(r"95% CI, ([\d.]+)-([\d.]+)", quote)
    if printed is None:  # the sentence in quotes.csv changed: the key must be re-read
        raise ValueError("atzpodien2001's printed 95% CI not found in quotes.csv")
    return {
        "atz2001.counts": f"{x}/{n}",
        "atz2001.rate": _pct(x / n),
        "atz2001.ci": f"{_pct(ci.ci_low)} to {_pct(ci.ci_high)}",
        "atz2001.printed_orr": re.search(r"rate of ([\d.]+%)", quote).group(1),  # type: ignore[union-attr]
        "atz2001.printed_ci": f"{printed.group(1)}% to {printed.group(2)}%",
    }


def _before_review_pool() -> dict[str, str]:
    """Notebook 06, section 3 and exercise 2: the randomized melanoma trials with counts, pooled
    (DerSimonian-Laird odds ratios), all of them and those published before the review."""
    ors = evidence.odds_ratio_table(evidence.paired_outcomes("melanoma"))
    after = ors["study"].astype(str).map(il2kit.published_after_review)

    def pool(frame: pd.DataFrame) -> Any:
        return il2kit.pool_odds_ratios(
            frame["responders_a"], frame["n_a"], frame["responders_b"], frame["n_b"], method="DL"
        )

    everything, before = pool(ors), pool(ors[~after])
    weights = everything.studies["weight"].set_axis(ors["study"].astype(str).to_numpy())
    single = {
        r.study: il2kit.compare_rates(r.responders_a, r.n_a, r.responders_b, r.n_b).odds_ratio
        for r in ors.itertuples()
    }
    later = list(ors.loc[after, "study"].astype(str))
    if len(later) != 1:  # the model answer names the one later trial with counts
        raise ValueError(f"expected one trial with counts after the review, found {later}")
    return {
        "pool.all_k": str(everything.k),
        "pool.all_or": _num(everything.estimate),
        "pool.all_i2": f"{everything.i2:.0f}%",
        "pool.before_k": str(before.k),
        "pool.before_or": _num(before.estimate),
        "pool.before_ci": f"{_num(before.ci_low)} to {_num(before.ci_high)}",
        "pool.after_study": later[0],
        "pool.after_or": _num(single[later[0]]),
        "pool.after_weight": f"{weights[later[0]]:.0f}%",
        "pool.eton_or": _num(single["eton2002"]),
        "pool.studies": ", ".join(ors["study"].astype(str)),
    }


def _landmark() -> dict[str, str]:
    """Notebook 11, section 4 and exercise 2 (500 patients, seed 8)."""
    patients = simulate.simulate_guarantee_time(
        500, median_os_months=12, true_rate=0.4, median_time_to_response_months=3, rng=8
    )
    values = {}
    naive = il2kit.logrank(patients["time"], patients["event"], patients["responded"])
    values["landmark.naive_p"] = f"{naive.pvalue:.2g}"
    for months in (3, 6):
        alive = patients[patients["time"] > months]
        result = il2kit.logrank(
            alive["time"] - months, alive["event"], alive["time_to_response"] <= months
        )
        values[f"landmark.p{months}"] = f"{result.pvalue:.2f}"
        values[f"landmark.n{months}"] = str(len(alive))
    return values


def _cure_fraction(trials: pd.DataFrame) -> dict[str, str]:
    """Notebook 11, section 1 and exercise 3: S(60) = c + (1 - c) exp(-rate 60) at fisher1997's
    median, beside the Kaplan-Meier estimate of the synthetic cohort (255 patients, seed 1997)."""
    median = float(_arm(trials, "fisher1997", "hd_il2")["median_os_months"])
    c = 0.15
    rate = math.log((1 - c) / (0.5 - c)) / median
    cohort = simulate.simulate_cure_fraction(
        255, median_os_months=median, cure_fraction=c, follow_up_months=(72, 132), rng=1997
    )
    km = il2kit.kaplan_meier(cohort["time"], cohort["event"])
    return {
        "cure.median": f"{median:g}",
        "cure.s60": _pct(c + (1 - c) * math.exp(-rate * 60)),
        "cure.km60": _pct(float(km.survival_at(60.0))),
        "cure.km_median": f"{km.median:.1f}",
    }


def _hd_arms(trials: pd.DataFrame) -> pd.DataFrame:
    """Notebook 12, section 1: HD IV bolus arms with counts and no same_cohort_as."""
    hd = trials[
        (trials["regimen"] == "hd_il2_iv_bolus")
        & trials["same_cohort_as"].isna()
        & trials["responders"].notna()
        & trials["n"].notna()
    ]
    return hd.assign(
        study=hd["study"].astype(str),
        responders=hd["responders"].astype(int),
        n=hd["n"].astype(int),
    ).reset_index(drop=True)


def _leave_one_out(trials: pd.DataFrame) -> dict[str, str]:
    """Notebook 12, exercise 2: drop the arm with the largest DL weight."""
    hd = _hd_arms(trials)
    dl = il2kit.pool_rates(hd["responders"], hd["n"], method="DL")
    heaviest = int(dl.studies["weight"].idxmax())
    rest = hd.drop(index=heaviest)
    after = il2kit.pool_rates(rest["responders"], rest["n"], method="DL")
    return {
        "loo.k": str(dl.k),
        "loo.i2_all": f"{dl.i2:.1f}%",
        "loo.q_p_all": _num(dl.q_pvalue, 3),
        "loo.heaviest": hd.loc[heaviest, "study"],
        "loo.heaviest_weight": f"{dl.studies['weight'].max():.1f}%",
        "loo.i2_rest": f"{after.i2:.1f}%",
        "loo.pooled_all": _pct(dl.estimate),
        "loo.pooled_rest": _pct(after.estimate),
    }


def _reml(trials: pd.DataFrame) -> dict[str, str]:
    """Notebook 12, section 2 and exercise 1: the RCC arms pooled by DL and by REML."""
    hd = _hd_arms(trials)
    rcc = hd[hd["disease"] == "rcc"]
    fits = {m: il2kit.pool_rates(rcc["responders"], rcc["n"], method=m) for m in ("DL", "REML")}
    values = {"reml.k": str(fits["DL"].k)}
    for m, fit in fits.items():
        tag = m.lower()
        values[f"reml.{tag}_tau2"] = f"{fit.tau2:.4f}"
        values[f"reml.{tag}_estimate"] = _pct(fit.estimate, 2)
        values[f"reml.{tag}_i2"] = f"{fit.i2:.1f}%"
    ratio = fits["REML"].tau2 / fits["DL"].tau2
    values["reml.tau2_change"] = f"{100 * (ratio - 1):.0f}%"
    return values


def _publication(threshold: float) -> tuple[float, float, int, int]:
    """Notebook 12, section 3: 300 synthetic trials at 15% (seed 12), published if the observed
    rate reaches ``threshold`` or n >= 100. Returns (pooled all, pooled published, number
    published, number in all)."""
    synthetic = simulate.simulate_publication(
        300, true_rate=0.15, min_rate=0.20, always_published_n=100, rng=12
    )
    pool_all = il2kit.pool_rates(synthetic["responders"], synthetic["n"], method="DL")
    chosen = synthetic[(synthetic["rate"] >= threshold) | (synthetic["n"] >= 100)]
    pool = il2kit.pool_rates(chosen["responders"], chosen["n"], method="DL")
    return pool_all.estimate, pool.estimate, len(chosen), len(synthetic)


def _publication_values() -> dict[str, str]:
    """Notebook 12, exercise 3: journals stricter (25% instead of 20%)."""
    all_rate, at20, n20, total = _publication(0.20)
    _, at25, n25, _ = _publication(0.25)
    return {
        "pub.total": str(total),
        "pub.all": _pct(all_rate),
        "pub.at20": _pct(at20),
        "pub.n20": str(n20),
        "pub.at25": _pct(at25),
        "pub.n25": str(n25),
    }


# ----------------------------------------------------------------------------- lessons 13-18
def _analysis_populations() -> dict[str, str]:
    """Notebook 13: the synthetic trials of section 2 and exercise 1, the family-wise error rates
    of sections 3-4 and exercises 2-3."""
    section2 = il2kit.compare_analysis_sets(15, 60, 45, 12, 60, 58)
    ex1 = il2kit.compare_analysis_sets(20, 80, 64, 14, 80, 78)
    effects = il2kit.load_effects()
    subgroups = effects[(effects["study"] == "mcdermott2005") & effects["subgroup"].notna()]
    printed = [float(p) for p in subgroups["pvalue"]]
    six = multiplicity.adjust_pvalues([*printed, 1.0, 1.0, 1.0, 1.0], method="bonferroni")
    return {
        "ap.s2_itt": _pts(section2.itt_difference),
        "ap.s2_evaluable": _pts(section2.evaluable_difference),
        "ap.ex1_itt": _pts(ex1.itt_difference),
        "ap.ex1_evaluable": _pts(ex1.evaluable_difference),
        "ap.ex1_evaluable_p": f"{ex1.evaluable_pvalue:.2f}",
        "ap.ex1_itt_p": f"{ex1.itt_pvalue:.2f}",
        "multi.six_tests": _pct(multiplicity.familywise_error_rate(6)),
        "multi.ten_tests": _pct(multiplicity.familywise_error_rate(10), 0),
        "multi.ten_overlapping": _pct(multiplicity.familywise_error_rate(10, correlation=0.5), 0),
        "multi.twenty_tests": _pct(multiplicity.familywise_error_rate(20), 0),
        "multi.bonf6_bone_liver": f"{six.adjusted_pvalues[0]:.3g}",
        "multi.bonf6_primary": f"{six.adjusted_pvalues[1]:.3g}",
    }


def _interim() -> dict[str, str]:
    """Notebook 14: repeated testing, boundaries, cost and saving (sections 1-3, exercises)."""
    gsd = sequential.group_sequential_design
    obf4, pocock4 = gsd(4, method="obrien-fleming"), gsd(4, method="pocock")
    obf3, pocock3 = gsd(3, method="obrien-fleming"), gsd(3, method="pocock")
    planned = obf3.drift_for_power(0.8)
    return {
        "interim.four_looks": _pct(sequential.repeated_testing_error(4)),
        "interim.five_looks": _pct(sequential.repeated_testing_error(5), 0),
        "interim.pocock3": f"{pocock3.critical_values[0]:.3f}",
        "interim.obf4_first_p": f"{obf4.nominal_alpha[0]:.4f}",
        "interim.obf4_last_p": f"{obf4.nominal_alpha[-1]:.4f}",
        "interim.pocock4_p": f"{pocock4.nominal_alpha[0]:.4f}",
        "interim.obf4_inflation": f"{obf4.inflation_factor(0.8):.3f}",
        "interim.pocock4_inflation": f"{pocock4.inflation_factor(0.8):.3f}",
        "interim.obf3_inflation": f"{obf3.inflation_factor(0.8):.3f}",
        "interim.obf3_fraction": f"{obf3.expected_sample_fraction(planned):.3f}",
        "interim.obf3_null_fraction": f"{obf3.expected_sample_fraction(0.0):.3f}",
    }


def _noninferiority(trials: pd.DataFrame) -> dict[str, str]:
    """Notebook 15: mcdermott2005 tested for non-inferiority, and the sample sizes and powers of
    sections 3-4 and the exercises, on yang2003's printed rates."""
    yang = trials[trials["study"] == "yang2003"].set_index("arm")["orr_pct"].astype(float) / 100
    hd, ld, sc = float(yang["hd_iv"]), float(yang["ld_iv"]), float(yang["sc"])
    mcd = trials[trials["study"] == "mcdermott2005"].set_index("arm")
    test = noninferiority.noninferiority_test(
        int(mcd.loc["sc_il2_ifn", "responders"]),
        int(mcd.loc["sc_il2_ifn", "n"]),
        int(mcd.loc["hd_il2", "responders"]),
        int(mcd.loc["hd_il2", "n"]),
        margin=0.10,
    )
    size = noninferiority.noninferiority_sample_size
    power = noninferiority.noninferiority_power
    return {
        "ni.mcd_ci": f"{_pts(test.ci_low)} to {_pts(test.ci_high)}",
        "ni.mcd_margin_needed": f"{-100 * test.ci_low:.1f}",
        "ni.mcd_pvalue": f"{test.pvalue:.2f}",
        "ni.ld_hd_10": f"{size(ld, hd, margin=0.10).n_per_arm:,}",
        "ni.sc_hd_15": f"{size(sc, hd, margin=0.15).n_per_arm:,}",
        "ni.power_150_printed": f"{power(ld, hd, 150, margin=0.10):.3f}",
        "ni.power_150_equal": f"{power(hd, hd, 150, margin=0.10):.2f}",
        "ni.twenty_5": f"{size(0.20, 0.20, margin=0.05).n_per_arm:,}",  # notebook 08, section 5
    }


def _hazard_ratios(trials: pd.DataFrame) -> dict[str, str]:
    """Notebook 16: exercise 1's Cox fits (seed 2005, os_benefit 0.7), exercise 2's implied
    median, exercise 3's NNT and section 4's NNT of mcdermott2005."""
    from il2kit.exercises._catalog_16 import direct_effect_trial_16  # the exercise's own trial

    trial = direct_effect_trial_16()
    experimental = trial["arm"] == "experimental"
    adjusted = cox.cox_regression(
        trial["time"],
        trial["event"],
        pd.DataFrame({"experimental": experimental, "responded": trial["responded"]}),
    ).table.iloc[0]
    crude = cox.hazard_ratio(trial["time"], trial["event"], trial["arm"], reference="control")
    hrs = evidence.printed_hazard_ratios().set_index("effect_id")
    motzer = hrs.loc["motzer2009_os"]
    eton = evidence.compare_arms("eton2002", "biochemo", "chemo")
    eton_nnt = nnt.number_needed_to_treat(eton.responders_a, eton.n_a, eton.responders_b, eton.n_b)
    mcd = evidence.compare_arms("mcdermott2005", "hd_il2", "sc_il2_ifn")
    mcd_nnt = nnt.number_needed_to_treat(mcd.responders_a, mcd.n_a, mcd.responders_b, mcd.n_b)
    values = {
        "hr.ex1_adjusted": f"{adjusted['hazard_ratio']:.2f}",
        "hr.ex1_ci": f"{adjusted['ci_low']:.2f} to {adjusted['ci_high']:.2f}",
        "hr.ex1_crude": f"{crude.table['hazard_ratio'].iloc[0]:.2f}",
        "hr.motzer_hr": f"{float(motzer['estimate']):g}",
        "hr.motzer_ifn_median": f"{float(motzer['median_b']):g}",
        "hr.motzer_implied": f"{float(motzer['median_b']) / float(motzer['estimate']):.1f}",
        "hr.motzer_printed": f"{float(motzer['median_a']):g}",
        "nnt.eton": f"{eton_nnt.nnt:.2f}",
        "nnt.eton_up": str(math.ceil(eton_nnt.nnt)),
        "nnt.eton_ci": f"{eton_nnt.nntb_low:.1f} to {eton_nnt.nntb_high:.1f}",
        "nnt.mcd": f"{mcd_nnt.nnt:.1f}",
        "nnt.mcd_ci": f"{mcd_nnt.nntb_low:.1f} to {mcd_nnt.nntb_high:.1f}",
    }
    return values


def _appraisal(trials: pd.DataFrame) -> dict[str, str]:
    """Notebook 17, exercises 1-2: the worst case of the unassessed patients, the levels GRADE
    removed for finding 5 on survival."""
    mcd = trials[trials["study"] == "mcdermott2005"].set_index("arm")
    statements = il2kit.load_statements().set_index("key")
    enrolled = int(statements.loc["mcdermott2005_enrolled", "figure"])
    hd, sc = mcd.loc["hd_il2"], mcd.loc["sc_il2_ifn"]
    missing = enrolled - int(mcd["n"].sum())
    worst = int(hd["responders"]) / int(hd["n"]) - (int(sc["responders"]) + missing) / (
        int(sc["n"]) + missing
    )
    levels = -int(appraisal.grade_reasons(5, "survival")["levels"].sum())
    return {
        "app.enrolled": str(enrolled),
        "app.missing": str(missing),
        "app.worst": _pts(worst),
        "app.f5_levels": str(levels),
    }


def _il2_today() -> dict[str, str]:
    """Notebook 18, exercises 1-2: lifileucel's response rate and the years since HD IL-2."""
    today = il2kit.load_statements().set_index("key")
    n = int(today.loc["lifileucel_orr_n", "figure"])
    printed = float(today.loc["lifileucel_orr", "figure"])
    responders = round(n * printed / 100)
    ci = il2kit.response_rate(responders, n)
    timeline = il2kit.load_timeline()
    dated = timeline[timeline["category"] == "approval"].set_index("event_id")["date"]
    return {
        "today.lifileucel": f"{responders}/{n}",
        "today.lifileucel_ci": f"{_pct(ci.ci_low)} to {_pct(ci.ci_high)}",
        "today.years": str(int(dated["lifileucel_approval_melanoma"].year - dated.min().year)),
    }


# ----------------------------------------------------------------------------- assignments
def _assignment2(trials: pd.DataFrame) -> dict[str, str]:
    """Assignment 2: what the kit's planners can size (response rates), with the trials' rates."""
    yang = trials[trials["study"] == "yang2003"].set_index("arm")["orr_pct"].astype(float) / 100
    mcd = trials[trials["study"] == "mcdermott2005"].set_index("arm")
    hd, ld, sc = float(yang["hd_iv"]), float(yang["ld_iv"]), float(yang["sc"])
    values = {
        "a2.yang_hd": _pct(hd, 0),
        "a2.yang_ld": _pct(ld, 0),
        "a2.yang_sc": _pct(sc, 0),
        "a2.n_hd_ld": str(il2kit.sample_size_two_rates(hd, ld)),
        "a2.n_hd_sc_90": str(il2kit.sample_size_two_rates(hd, sc, power=0.90)),
        "a2.mcd_hd": _pct(float(mcd.loc["hd_il2", "orr_pct"]) / 100),
        "a2.mcd_sc": _pct(float(mcd.loc["sc_il2_ifn", "orr_pct"]) / 100),
    }
    # Non-inferiority of the gentler regimen (new, arm a) against HD IL-2 (reference, arm b),
    # sized with il2kit.noninferiority_sample_size (Farrington-Manning, one-sided alpha 0.025,
    # power 0.80), as lesson 15 does. Response only: the kit sizes no survival endpoint.
    size = noninferiority.noninferiority_sample_size
    values["a2.ni_equal_5"] = f"{size(hd, hd, margin=0.05).n_per_arm:,}"
    values["a2.ni_equal_10"] = f"{size(hd, hd, margin=0.10).n_per_arm:,}"
    values["a2.ni_ld_10"] = f"{size(ld, hd, margin=0.10).n_per_arm:,}"
    try:
        size(ld, hd, margin=0.05)
    except il2kit.InfeasibleDesignError:
        values["a2.ni_ld_5"] = "no sample size"
    else:  # pragma: no cover - the key's wording depends on it
        raise ValueError("a 5-point margin is feasible at yang2003's rates: re-read Assignment 2")
    for p0, p1 in ((0.10, 0.25),):
        for criterion in ("optimal", "minimax"):
            d = il2kit.simon_design(p0, p1, alpha=0.05, beta=0.20, criterion=criterion)
            tag = f"a2.simon_{criterion}"
            values[f"{tag}.rule"] = (
                f"stop if {d.r1} or fewer of the first {d.n1} respond; promising if more than "
                f"{d.r} of {d.n}"
            )
            values[f"{tag}.en0"] = f"{d.en0:.1f}"
            values[f"{tag}.alpha"] = f"{d.alpha_actual:.3f}"
            values[f"{tag}.power"] = f"{d.power_actual:.3f}"
    values["a2.simon_p0"] = "10%"
    values["a2.simon_p1"] = "25%"
    return values


def _assignment3(trials: pd.DataFrame) -> dict[str, str]:
    """Assignment 3: vondermaase1991 (CIV, single arm) against fyfe1995 (HD, pooled phase II)."""
    civ = _arm(trials, "vondermaase1991", "civ_il2")
    hd = _arm(trials, "fyfe1995", "hd_il2")
    c = il2kit.compare_rates(
        int(civ["responders"]), int(civ["n"]), int(hd["responders"]), int(hd["n"])
    )
    itt = il2kit.response_rate(int(civ["responders"]), int(civ["n_entered"]))
    return {
        "a3.civ": f"{int(civ['responders'])}/{int(civ['n'])}",
        "a3.civ_entered": str(int(civ["n_entered"])),
        "a3.civ_rate": _pct(int(civ["responders"]) / int(civ["n"])),
        "a3.civ_itt_rate": _pct(itt.rate),
        "a3.hd": f"{int(hd['responders'])}/{int(hd['n'])}",
        "a3.rd": _pts(c.risk_difference),
        "a3.rd_ci": f"{_pts(c.rd_ci_low)} to {_pts(c.rd_ci_high)}",
        "a3.fisher": f"{c.fisher_pvalue:.2f}",
    }


def _rubric_examples(trials: pd.DataFrame) -> dict[str, str]:
    """Figures quoted in the rubric's example answers."""
    fyfe = _arm(trials, "fyfe1995", "hd_il2")
    r = il2kit.response_rate(int(fyfe["responders"]), int(fyfe["n"]))
    mcd = trials[trials["study"] == "mcdermott2005"].set_index("arm")
    c = il2kit.compare_rates(
        int(mcd.loc["hd_il2", "responders"]),
        int(mcd.loc["hd_il2", "n"]),
        int(mcd.loc["sc_il2_ifn", "responders"]),
        int(mcd.loc["sc_il2_ifn", "n"]),
    )
    return {
        "rub.fyfe": f"{int(fyfe['responders'])}/{int(fyfe['n'])}",
        "rub.fyfe_rate": _pct(r.rate),
        "rub.fyfe_ci": f"{_pct(r.ci_low)} to {_pct(r.ci_high)}",
        "rub.mcd_counts": f"{c.responders_a}/{c.n_a} vs {c.responders_b}/{c.n_b}",
        "rub.mcd_rd": _pts(c.risk_difference),
        "rub.mcd_rd_ci": f"{_pts(c.rd_ci_low)} to {_pts(c.rd_ci_high)}",
        "rub.mcd_fisher": f"{c.fisher_pvalue:.3f}",
        "rub.mcd_os": (
            f"{float(mcd.loc['hd_il2', 'median_os_months']):g} and "
            f"{float(mcd.loc['sc_il2_ifn', 'median_os_months']):g} months"
        ),
    }


def _general() -> dict[str, str]:
    """Arithmetic the guide quotes (sample size scaling)."""
    return {
        "ss.n_15_25": str(il2kit.sample_size_two_rates(0.15, 0.25)),
        "ss.n_15_20": str(il2kit.sample_size_two_rates(0.15, 0.20)),
        "ss.power_50": _pct(il2kit.power_two_rates(0.15, 0.20, 50), 0),
    }


def key_values(notebooks_dir: str | Path | None = None) -> dict[str, str]:
    """``{key name: formatted value}`` for every key the guide may quote.

    With ``notebooks_dir``, also ``minutes.<stem>``: each notebook's "Time to learn".
    """
    trials = il2kit.load_trials()
    quotes = il2kit.load_quotes()
    values: dict[str, str] = {}
    values.update(_stratification_values())
    values.update(_finding1())
    values.update(_zero_events())
    values.update(_atzpodien2001(trials, quotes))
    values.update(_before_review_pool())
    values.update(_landmark())
    values.update(_cure_fraction(trials))
    values.update(_leave_one_out(trials))
    values.update(_reml(trials))
    values.update(_publication_values())
    values.update(_analysis_populations())
    values.update(_interim())
    values.update(_noninferiority(trials))
    values.update(_hazard_ratios(trials))
    values.update(_appraisal(trials))
    values.update(_il2_today())
    values.update(_assignment2(trials))
    values.update(_assignment3(trials))
    values.update(_rubric_examples(trials))
    values.update(_general())
    if notebooks_dir is not None:
        from il2kit.course.timing import notebook_minutes

        values.update({f"minutes.{k}": str(v) for k, v in notebook_minutes(notebooks_dir).items()})
    return values

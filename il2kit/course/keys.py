"""Every number the instructor guide's answer keys quote, computed by the kit.

The guide (``instructors/*.md``) writes a computed number as ``<!--k:name-->value<!--/k-->``;
:mod:`il2kit.course.render` fills ``value`` from :func:`key_values` and
``tests/test_course_keys.py`` fails when a file is out of date, so no key can drift from what the
kit computes. Each function below names the notebook cell it mirrors: the simulations use the
notebook's own seeds and sizes, so the numbers are the ones students see.

The kit is historical and educational; it is not medical advice.
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import il2kit
from il2kit import simulate

__all__ = [
    "StratificationKey",
    "stratification",
    "key_values",
]


# ----------------------------------------------------------------------------- small helpers
def _attr(obj: object, *names: str) -> Any:
    """The first of ``names`` that ``obj`` has (result fields are being renamed in round 2,
    e.g. ``fisher_p`` -> ``fisher_pvalue``; this keeps the keys working across the rename)."""
    for name in names:
        if hasattr(obj, name):
            return getattr(obj, name)
    raise AttributeError(f"{type(obj).__name__} has none of {names}")


def _kw(func: Callable[..., Any], *names: str) -> str:
    """The first of ``names`` that ``func`` accepts as a keyword (arguments being renamed)."""
    params = inspect.signature(func).parameters
    for name in names:
        if name in params:
            return name
    raise TypeError(f"{func.__name__} accepts none of {names}")


def _pvalue(result: object) -> float:
    return float(_attr(result, "pvalue", "p_value"))


def _fisher(result: object) -> float:
    return float(_attr(result, "fisher_pvalue", "fisher_p"))


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
    """Mirror notebook 10's cells 7-14 (seeds 2002 and 10, 2,000 clinics of 400 patients).

    The Mantel-Haenszel stratified risk difference pools the three performance-status strata
    with weights ``n1 n0 / (n1 + n0)`` (a stratum lacking treated or untreated patients gets no
    weight).
    """
    n_per_clinic, n_clinics = 400, 2000
    rate: dict[str, Any] = {_kw(simulate.simulate_selection, "population_rate", "base_rate"): 0.15}
    patients = simulate.simulate_selection(
        n_per_clinic * n_clinics,
        **rate,
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


def _melanoma_pairs(trials: pd.DataFrame) -> pd.DataFrame:
    """Notebook 06, section 3: one IL-2 arm against one arm without IL-2, both with counts."""
    drugs = il2kit.load_regimens().set_index("regimen")["drugs"].str.lower()
    t = trials.assign(
        has_il2=trials["regimen"].astype(str).map(drugs).str.contains("interleukin-2")
    )
    mel = t[
        (t["disease"] == "melanoma")
        & t["same_cohort_as"].isna()
        & t["design"].astype(str).str.startswith("randomized")
    ]
    chemo = t["regimen"].astype(str).map(drugs).str.contains("cisplatin|dacarbazine")
    bio_studies = set(
        t.loc[chemo & t["has_il2"] & (t["disease"] == "melanoma"), "study"].astype(str)
    )
    rows = []
    for study, g in mel[mel["study"].astype(str).isin(bio_studies)].groupby(
        "study", sort=False, observed=True
    ):
        il2, ctrl = g[g["has_il2"]], g[~g["has_il2"]]
        if len(il2) != 1 or len(ctrl) != 1:
            continue
        a, b = il2.iloc[0], ctrl.iloc[0]
        if any(pd.isna(v) for v in (a["responders"], a["n"], b["responders"], b["n"])):
            continue
        rows.append(
            {
                "study": str(study),
                "ra": int(a["responders"]),
                "na": int(a["n"]),
                "rb": int(b["responders"]),
                "nb": int(b["n"]),
            }
        )
    return pd.DataFrame(rows)


def _pool_or(pairs: pd.DataFrame) -> Any:
    return il2kit.pool_odds_ratios(pairs["ra"], pairs["na"], pairs["rb"], pairs["nb"], method="DL")


def _eton_atkins(trials: pd.DataFrame) -> dict[str, str]:
    """Notebook 06, exercise 2: pool eton2002 and atkins2008 only, against all the trials."""
    pairs = _melanoma_pairs(trials)
    everything = _pool_or(pairs)
    two = _pool_or(pairs[pairs["study"].isin(["eton2002", "atkins2008"])])
    ors = {
        r.study: il2kit.compare_rates(r.ra, r.na, r.rb, r.nb).odds_ratio for r in pairs.itertuples()
    }
    return {
        "pool.all_k": str(everything.k),
        "pool.all_or": _num(everything.estimate),
        "pool.all_i2": f"{everything.i2:.0f}%",
        "pool.two_or": _num(two.estimate),
        "pool.two_ci": f"{_num(two.ci_low)} to {_num(two.ci_high)}",
        "pool.two_i2": f"{two.i2:.0f}%",
        "pool.eton_or": _num(ors["eton2002"]),
        "pool.atkins2008_or": _num(ors["atkins2008"]),
        "pool.studies": ", ".join(pairs["study"]),
    }


def _landmark() -> dict[str, str]:
    """Notebook 11, section 4 and exercise 2 (500 patients, seed 8)."""
    rate: dict[str, Any] = {
        _kw(simulate.simulate_guarantee_time, "true_rate", "response_rate"): 0.4
    }
    patients = simulate.simulate_guarantee_time(
        500, median_os_months=12, **rate, median_time_to_response_months=3, rng=8
    )
    values = {}
    naive = il2kit.logrank(patients["time"], patients["event"], patients["responded"])
    values["landmark.naive_p"] = f"{_pvalue(naive):.2g}"
    for months in (3, 6):
        alive = patients[patients["time"] > months]
        result = il2kit.logrank(
            alive["time"] - months, alive["event"], alive["time_to_response"] <= months
        )
        values[f"landmark.p{months}"] = f"{_pvalue(result):.2f}"
        values[f"landmark.n{months}"] = str(len(alive))
    return values


def _cure_fraction(trials: pd.DataFrame) -> dict[str, str]:
    """Notebook 11, exercise 3: S(60) = c + (1 - c) exp(-rate 60) at fisher1997's median."""
    median = float(_arm(trials, "fisher1997", "hd_il2")["median_os_months"])
    c = 0.15
    rate = math.log((1 - c) / (0.5 - c)) / median
    return {
        "cure.median": f"{median:g}",
        "cure.s60": _pct(c + (1 - c) * math.exp(-rate * 60)),
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
        "loo.q_p_all": _num(float(_attr(dl, "q_pvalue", "q_p")), 3),
        "loo.heaviest": hd.loc[heaviest, "study"],
        "loo.heaviest_weight": f"{dl.studies['weight'].max():.1f}%",
        "loo.i2_rest": f"{after.i2:.1f}%",
        "loo.pooled_all": _pct(dl.estimate),
        "loo.pooled_rest": _pct(after.estimate),
    }


def _publication(threshold: float) -> tuple[float, float, int, int]:
    """Notebook 12, section 3: 300 synthetic trials at 15% (seed 12), published if the
    observed rate reaches ``threshold`` or n >= 100. Returns (pooled all, pooled published,
    number published, number in all)."""
    gen = np.random.default_rng(12)
    sizes = gen.choice([15, 20, 25, 30, 40, 50, 60, 80, 100, 150], size=300)
    synthetic = pd.concat(
        [
            simulate.simulate_single_arm(
                0.15, int(n), n_trials=int((sizes == n).sum()), with_ci=False, rng=gen
            ).assign(n=int(n))
            for n in np.unique(sizes)
        ],
        ignore_index=True,
    )
    pool_all = il2kit.pool_rates(synthetic["responders"], synthetic["n"], method="DL")
    chosen = synthetic[(synthetic["observed_rate"] >= threshold) | (synthetic["n"] >= 100)]
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
    # Non-inferiority with a 5-point margin, approximated with the existing two-rate planner:
    # a one-sided test at 2.5% of the HD rate against HD minus the margin. il2kit.noninferiority
    # gives the proper figure (second pass).
    margin = 0.05
    values["a2.ni_margin"] = _pct(margin, 0).replace("%", " points")
    values["a2.ni_approx"] = str(
        il2kit.sample_size_two_rates(
            hd, hd - margin, alpha=0.025, power=0.80, alternative="greater"
        )
    )
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
        "a3.fisher": f"{_fisher(c):.2f}",
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
        "rub.mcd_fisher": f"{_fisher(c):.3f}",
        "rub.mcd_os": (
            f"{float(mcd.loc['hd_il2', 'median_os_months']):g} and "
            f"{float(mcd.loc['sc_il2_ifn', 'median_os_months']):g} months"
        ),
    }


def _general() -> dict[str, str]:
    """Arithmetic the guide quotes (multiplicity, sample size scaling)."""
    return {
        "multi.ten_tests": _pct(1 - 0.95**10, 0),
        "multi.twenty_tests": _pct(1 - 0.95**20, 0),
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
    values.update(_zero_events())
    values.update(_atzpodien2001(trials, quotes))
    values.update(_eton_atkins(trials))
    values.update(_landmark())
    values.update(_cure_fraction(trials))
    values.update(_leave_one_out(trials))
    values.update(_publication_values())
    values.update(_assignment2(trials))
    values.update(_assignment3(trials))
    values.update(_rubric_examples(trials))
    values.update(_general())
    if notebooks_dir is not None:
        from il2kit.course.timing import notebook_minutes

        values.update({f"minutes.{k}": str(v) for k, v in notebook_minutes(notebooks_dir).items()})
    return values

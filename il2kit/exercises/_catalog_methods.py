"""The exercises of the methods notebooks, 08 to 12.

Simulated answers are judged against the exact value they estimate, with a tolerance of four
Monte-Carlo standard errors, so a learner's own seed passes too (and the seed in the question
is far inside the band).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from il2kit.exercises import _data as D
from il2kit.exercises import _routes as R
from il2kit.exercises._core import EXACT, Answer, Exercise, Misconception, Tolerance, register

CI = Answer("tuple", names=("low", "high"), element="proportion")
FOUR_SIG = Tolerance(rel=1e-4, why="four significant figures")


def _mc_tolerance(sd: float, n_trials: int, why: str) -> Tolerance:
    return Tolerance(rel=0.0, abs=4 * sd / math.sqrt(n_trials), why=why)


# ----------------------------------------------------------------------------- 08 how sure
def _swapped_beta(x: int, n: int) -> tuple[float, float]:
    return (float(stats.beta.ppf(0.025, x + 1, n - x)), float(stats.beta.ppf(0.975, x, n - x + 1)))


register(
    Exercise(
        id="08.1",
        question="Exact (Clopper-Pearson) 95% CI of 9/77, as proportions.",
        answer=CI,
        expected_route=lambda: R.exact_interval(9, 77),
        route="root-finding on the binomial tails (the solution uses beta quantiles)",
        tolerance=FOUR_SIG,
        hint="the exact limits are quantiles of Beta distributions; help(il2kit.response_rate) "
        "gives the formula in its Notes.",
        misconceptions=(
            Misconception(
                "wald",
                "that is the Wald interval, p +/- 1.96 SE, which section 2 warns "
                "against; the question asks for the exact interval.",
                lambda: R.wald_interval(9, 77),
            ),
            Misconception(
                "wilson",
                "that is the Wilson interval; the question asks for the exact "
                "(Clopper-Pearson) one.",
                lambda: R.wilson_interval(9, 77),
            ),
            Misconception(
                "beta_swapped",
                "the Beta parameters of the two limits are swapped: the "
                "lower limit uses (x, n - x + 1), the upper (x + 1, n - x).",
                lambda: _swapped_beta(9, 77),
            ),
            Misconception(
                "level_90",
                "that is a 90% interval (5% in each tail); a 95% interval "
                "leaves 2.5% in each tail.",
                lambda: R.exact_interval(9, 77, 0.90),
            ),
        ),
    )
)

register(
    Exercise(
        id="08.2",
        question="Patients per arm to tell 20% from 30% (two-sided 5%, power 80%, normal method).",
        answer=Answer("count", "patients per arm"),
        expected_route=lambda: R.n_per_arm(0.20, 0.30),
        route="the smallest whole n whose power reaches 80%, by stepping through whole numbers",
        tolerance=EXACT,
        hint="the normal approximation, two-sided 5%, 80% power: "
        "help(il2kit.sample_size_two_rates) shows its defaults and which of them to set.",
        misconceptions=(
            Misconception(
                "arcsine",
                "that uses the arcsine formula; the question asks for the "
                'normal approximation (method="normal").',
                lambda: R.n_per_arm(0.20, 0.30, method="arcsine"),
            ),
            Misconception(
                "total",
                "that is both arms together; the question asks for patients per arm.",
                lambda: 2 * R.n_per_arm(0.20, 0.30),
            ),
            Misconception(
                "one_sided",
                "that is a one-sided test at 5%; the question asks for a two-sided 5% level.",
                lambda: R.n_per_arm(0.20, 0.30, sides=1),
            ),
            Misconception(
                "power_90",
                "that is for 90% power; the question asks for 80%.",
                lambda: R.n_per_arm(0.20, 0.30, power=0.90),
            ),
        ),
    )
)

_P08 = float(stats.binom.sf(4, 25, 0.10))
register(
    Exercise(
        id="08.3",
        question="Share of 20,000 simulated 25-patient trials at a true 10% observing 20% or more.",
        answer=Answer("proportion"),
        expected_route=lambda: float(
            sum(math.comb(25, k) * 0.1**k * 0.9 ** (25 - k) for k in range(5, 26))
        ),
        route="the exact binomial probability P(X >= 5), X ~ Bin(25, 0.10), summed term by term",
        tolerance=_mc_tolerance(
            math.sqrt(_P08 * (1 - _P08)),
            20_000,
            "four Monte-Carlo standard errors of a share from 20,000 trials",
        ),
        hint="a share of simulated trials is the mean of a True/False column; the threshold "
        "argument of simulate_single_arm adds one for a rate of 20% or more.",
        misconceptions=(
            Misconception(
                "strictly_above",
                "that counts only rates strictly above 20% (6 or more "
                "of 25); the question says 20% or more.",
                lambda: float(stats.binom.sf(5, 25, 0.10)),
            ),
            Misconception(
                "exactly_20",
                "that is the share at exactly 20% (5 of 25); the question asks for 20% or more.",
                lambda: float(stats.binom.pmf(5, 25, 0.10)),
            ),
            Misconception(
                "true_rate_20",
                "that simulates a true rate of 20%; the drug's true rate "
                "is 10%, and 20% is the threshold.",
                lambda: float(stats.binom.sf(4, 25, 0.20)),
            ),
            Misconception(
                "below",
                "that is the share below the threshold; the question asks for "
                "the share at or above it.",
                lambda: float(stats.binom.cdf(4, 25, 0.10)),
            ),
        ),
    )
)


# ----------------------------------------------------------------------------- 09 Simon
# Exercise 2 and 3 use the optimal design for p0 = 20%, p1 = 40%: r1 = 3 of n1 = 13, r = 12 of
# n = 43 (Simon 1989), chosen so that P(X1 <= r1) differs from P(X1 = r1), unlike r1 = 0.
R1, N1, R_, N, P0, P1 = 3, 13, 12, 43, 0.20, 0.40


def _binom_cdf_by_hand(k: int, n: int, p: float) -> float:
    return float(sum(math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(k + 1)))


def _en(pet: float) -> float:
    return N1 + (1 - pet) * (N - N1)


register(
    Exercise(
        id="09.1",
        question="Simon's minimax design for p0 = 10%, p1 = 30%, alpha 5%, beta 20%, as "
        "(r1, n1, r, n).",
        answer=Answer("tuple", names=("r1", "n1", "r", "n"), element="count"),
        expected_route=lambda: R.simon_design(0.10, 0.30, 0.05, 0.20, "minimax"),
        route="a brute-force search of every two-stage design with n <= 70",
        tolerance=EXACT,
        hint="minimax keeps the largest n smallest, optimal the expected n under p0; "
        "help(il2kit.simon_design) lists its criteria and how to set alpha and beta.",
        misconceptions=(
            Misconception(
                "optimal",
                "that is the optimal design (smallest EN0); the question asks "
                "for the minimax design (smallest maximum n).",
                lambda: R.simon_design(0.10, 0.30, 0.05, 0.20, "optimal"),
            ),
            Misconception(
                "lesson_rates",
                "that is the minimax design of the lesson (p0 = 5%, "
                "p1 = 20%); use p0 = 10% and p1 = 30%.",
                lambda: R.simon_design(0.05, 0.20, 0.05, 0.20, "minimax"),
            ),
            Misconception(
                "alpha_beta_swapped",
                "alpha and beta are swapped: alpha is the 5% "
                "false-positive rate, beta the 20% chance of missing an active drug.",
                lambda: R.simon_design(0.10, 0.30, 0.20, 0.05, "minimax"),
            ),
        ),
    )
)

register(
    Exercise(
        id="09.2",
        question="PET0 of the design r1 = 3 of n1 = 13 when the true rate is p0 = 20%.",
        answer=Answer("proportion"),
        expected_route=lambda: _binom_cdf_by_hand(R1, N1, P0),
        route="the binomial probabilities of 0..r1 responders summed term by term with math.comb",
        tolerance=FOUR_SIG,
        hint="the trial stops when stage 1 has r1 or fewer responders: a cumulative binomial "
        "probability in n1 patients at the rate p0.",
        misconceptions=(
            Misconception(
                "pmf",
                "that is the probability of exactly r1 responders (the pmf); "
                "stopping happens at r1 or fewer (the cdf).",
                lambda: float(stats.binom.pmf(R1, N1, P0)),
            ),
            Misconception(
                "continue",
                "that is the probability of continuing to stage 2; early "
                "termination is its complement.",
                lambda: float(stats.binom.sf(R1, N1, P0)),
            ),
            Misconception(
                "fewer_than_r1",
                "that counts fewer than r1 responders; the rule stops at r1 or fewer.",
                lambda: float(stats.binom.cdf(R1 - 1, N1, P0)),
            ),
            Misconception(
                "p1",
                "that is computed at p1; PET0 is the early-stopping probability "
                "when the true rate is p0.",
                lambda: float(stats.binom.cdf(R1, N1, P1)),
            ),
            Misconception(
                "lesson_design",
                "that is the PET0 of the lesson's `optimal` design "
                "(p0 = 5%); this exercise's design is r1 = 3 of n1 = 13 at p0 = 20%.",
                lambda: float(stats.binom.cdf(0, 10, 0.05)),
            ),
        ),
    )
)

register(
    Exercise(
        id="09.3",
        question="EN0 of the same design (n = 43): n1 + (1 - PET0)(n - n1).",
        answer=Answer("number", "patients"),
        expected_route=lambda: _en(_binom_cdf_by_hand(R1, N1, P0)),
        route="the formula with PET0 summed term by term",
        tolerance=FOUR_SIG,
        hint="every trial treats n1 patients; the share that continues, 1 - PET0, treats n - n1 "
        "more.",
        misconceptions=(
            Misconception(
                "pet_not_complement",
                "that multiplies by PET0; the trials that treat "
                "more patients are those that continue, a share of 1 - PET0.",
                lambda: N1 + _binom_cdf_by_hand(R1, N1, P0) * (N - N1),
            ),
            Misconception(
                "n_not_n2",
                "that adds n more patients; the trials that continue treat n - n1 more.",
                lambda: N1 + (1 - _binom_cdf_by_hand(R1, N1, P0)) * N,
            ),
            Misconception(
                "under_p1",
                "that is the expected size when the true rate is p1; EN0 is computed at p0.",
                lambda: _en(_binom_cdf_by_hand(R1, N1, P1)),
            ),
            Misconception(
                "lesson_design",
                "that is the EN0 of the lesson's `optimal` design; this "
                "exercise's design is r1 = 3 of 13, n = 43.",
                lambda: 10 + (1 - float(stats.binom.cdf(0, 10, 0.05))) * 19,
            ),
        ),
    )
)


# ----------------------------------------------------------------------------- 10 randomized
def _atkins2008_rates() -> tuple[float, float]:
    return (
        float(D.arm("atkins2008", "cvd")["orr_pct"]) / 100,
        float(D.arm("atkins2008", "bct")["orr_pct"]) / 100,
    )


_SHRINK = R.winner_shrinkage(6, 0.15, 30, 200)


def _clinic_differences(
    assignment: str = "doctor_choice", ps: int | None = 0, scale: float = 1.0, spread: str = "sd"
) -> tuple[float, float]:
    """Mean and SD, over notebook 10's 2,000 clinics, of treated minus untreated response rates.

    Counted clinic by clinic with ``np.bincount`` on the clinics rebuilt in ``_data`` (the
    solution groups with pandas); a clinic lacking treated or untreated patients is left out.
    """
    patients = D.clinics_10()
    if ps is not None:
        patients = patients[patients["performance_status"].to_numpy() == ps]
    clinic = patients["clinic"].to_numpy()
    treated = patients[assignment].to_numpy().astype(bool)
    responded = patients["responded"].to_numpy().astype(float)
    rates = []
    for arm in (True, False):
        n = np.bincount(clinic[treated == arm], minlength=2000)
        r = np.bincount(clinic[treated == arm], weights=responded[treated == arm], minlength=2000)
        rates.append(np.divide(r, n, out=np.full(2000, np.nan), where=n > 0))
    diff = scale * (rates[0] - rates[1])
    diff = diff[np.isfinite(diff)]
    second = diff.var(ddof=1) if spread == "variance" else diff.std(ddof=1)
    return (float(diff.mean()), float(second))


register(
    Exercise(
        id="10.1",
        question="Patients per arm for atkins2008's printed ORRs, 90% power, arcsine formula.",
        answer=Answer("count", "patients per arm"),
        expected_route=lambda: R.n_per_arm(*_atkins2008_rates(), power=0.90, method="arcsine"),
        route="the smallest whole n whose arcsine-formula power (both tails) reaches 90%",
        tolerance=EXACT,
        hint="read atkins2008's printed ORRs of both arms as proportions; "
        "help(il2kit.sample_size_two_rates) shows how to set the power and the arcsine method.",
        misconceptions=(
            Misconception(
                "normal",
                "that uses the normal approximation; the question asks for "
                'the arcsine formula (method="arcsine").',
                lambda: R.n_per_arm(*_atkins2008_rates(), power=0.90),
            ),
            Misconception(
                "power_80",
                "that is for 80% power, the default; the question asks for 90%.",
                lambda: R.n_per_arm(*_atkins2008_rates(), method="arcsine"),
            ),
            Misconception(
                "total",
                "that is both arms together; the question asks for patients per arm.",
                lambda: 2 * R.n_per_arm(*_atkins2008_rates(), power=0.90, method="arcsine"),
            ),
        ),
    )
)

register(
    Exercise(
        id="10.2",
        question="Mean shrinkage of the winner among six equal regimens (15%), 30 then 200 "
        "patients.",
        answer=Answer("number", "a difference of proportions"),
        expected_route=lambda: R.winner_shrinkage(6, 0.15, 30, 200)["mean"],
        route="the exact mean: E[max of six Bin(30, 0.15)] / 30 - 0.15, from the distribution of "
        "the maximum",
        tolerance=_mc_tolerance(
            _SHRINK["sd"],
            10_000,
            "four Monte-Carlo standard errors of a mean over 10,000 programmes",
        ),
        hint="give simulate.simulate_pick_the_winner one true rate per regimen (six of 15%) and "
        "both phase sizes; the shrinkage is averaged over all its trials.",
        misconceptions=(
            Misconception(
                "four_regimens",
                "that screens four regimens, as in the lesson; the question screens six.",
                lambda: R.winner_shrinkage(4, 0.15, 30, 200)["mean"],
            ),
            Misconception(
                "phase2_40",
                "that uses 40 patients per regimen in phase II, as in the "
                "lesson; the question uses 30.",
                lambda: R.winner_shrinkage(6, 0.15, 40, 200)["mean"],
            ),
            Misconception(
                "winner_rate",
                "that is the winner's phase II rate; the shrinkage is that "
                "rate minus its phase III rate.",
                lambda: R.winner_shrinkage(6, 0.15, 30, 200)["phase2_mean"],
            ),
        ),
    )
)

register(
    Exercise(
        id="10.3",
        question="Performance status 0 only, in each of the 2,000 clinics: the response rate of "
        "the treated minus the untreated under doctor's choice; the mean and SD of those "
        "differences.",
        answer=Answer("tuple", names=("mean", "sd"), element="number"),
        expected_route=lambda: _clinic_differences(),
        route="the clinics rebuilt with the notebook's seeds, each clinic's 2x2 table counted with "
        "np.bincount",
        tolerance=Tolerance(
            rel=1e-3,
            abs=2e-4,
            why="a twentieth of a percentage point: the SD "
            "with n or n - 1 in its denominator (NumPy's or pandas' default) both "
            "pass, every misconception fails",
        ),
        hint="stratify by keeping status 0 only, then compare treated with untreated within each "
        "clinic; the sd is that of the 2,000 clinic differences.",
        misconceptions=(
            Misconception(
                "unstratified",
                "that compares all patients of each clinic, so fitness "
                "still steers who is treated; keep performance status 0 only.",
                lambda: _clinic_differences(ps=None),
            ),
            Misconception(
                "randomized",
                "that uses the coin (randomized); the question asks about "
                "doctor's choice within status 0.",
                lambda: _clinic_differences("randomized"),
            ),
            Misconception(
                "ps1",
                "that is performance status 1; the question asks for status 0.",
                lambda: _clinic_differences(ps=1),
            ),
            Misconception(
                "variance",
                "the second number is the variance; the question asks for "
                "the standard deviation, its square root.",
                lambda: _clinic_differences(spread="variance"),
            ),
            Misconception(
                "points",
                "those are percentage points; return the differences as "
                "proportions (a difference of 0.05 is 5 points).",
                lambda: _clinic_differences(scale=100.0),
            ),
        ),
    )
)


# ----------------------------------------------------------------------------- 11 survival
def _landmark_p(
    landmark: float = 6.0, keep_alive: bool = True, by_landmark: bool = True, naive: bool = False
) -> float:
    patients = D.guarantee_time_11()
    if naive:
        return R.logrank_pvalue(patients["time"], patients["event"], patients["responded"])
    alive = patients[patients["time"] > landmark] if keep_alive else patients
    group = (alive["time_to_response"] <= landmark) if by_landmark else alive["responded"]
    # (measuring time from the landmark or from the start gives the same log-rank test)
    return R.logrank_pvalue(alive["time"] - landmark, alive["event"], group.astype(int))


def MEDIAN_OS_FISHER() -> float:
    return float(D.arm("fisher1997")["median_os_months"])


register(
    Exercise(
        id="11.1",
        question="Kaplan-Meier survival at 10 months of the eight toy patients.",
        answer=Answer("proportion"),
        expected_route=lambda: R.kaplan_meier_at(D.TOY_TIME_11, D.TOY_EVENT_11, 10),
        route="the product-limit formula written out over the death times",
        tolerance=FOUR_SIG,
        hint="censored patients leave the risk set without counting as deaths; the curve "
        "il2kit.kaplan_meier returns can be read at any time (see its help).",
        misconceptions=(
            Misconception(
                "censored_as_dead",
                "that counts only the patients followed beyond 10 "
                "months; censored patients are not deaths, they leave the risk set.",
                lambda: sum(t > 10 for t in D.TOY_TIME_11) / len(D.TOY_TIME_11),
            ),
            Misconception(
                "censored_as_alive",
                "that treats censored patients as alive at 10 "
                "months; Kaplan-Meier removes them from the risk set instead.",
                lambda: (
                    1
                    - sum(e for t, e in zip(D.TOY_TIME_11, D.TOY_EVENT_11, strict=True) if t <= 10)
                    / 8
                ),
            ),
            Misconception(
                "before_step",
                "that is the curve before the death at 9 months; at 10 "
                "months the step at 9 has already happened.",
                lambda: R.kaplan_meier_at(D.TOY_TIME_11, D.TOY_EVENT_11, 8.5),
            ),
        ),
    )
)

register(
    Exercise(
        id="11.2",
        question="Log-rank p-value of the landmark analysis at 6 months.",
        answer=Answer("proportion", "p-value"),
        expected_route=lambda: _landmark_p(),
        route="statsmodels' survdiff on the synthetic patients rebuilt with the notebook's seed",
        tolerance=FOUR_SIG,
        hint="a landmark keeps only patients alive at 6 months, groups them by response by then "
        "and restarts the clock there; il2kit.logrank compares the two groups.",
        misconceptions=(
            Misconception(
                "landmark_3",
                "that is the 3-month landmark of the lesson; the question moves it to 6 months.",
                lambda: _landmark_p(3.0),
            ),
            Misconception(
                "no_landmark",
                "that compares responders with non-responders from the "
                "start: the guarantee-time bias the landmark removes.",
                lambda: _landmark_p(naive=True),
            ),
            Misconception(
                "everyone",
                "that keeps patients who died before 6 months; a landmark "
                "analysis keeps only those alive at the landmark.",
                lambda: _landmark_p(keep_alive=False),
            ),
            Misconception(
                "ever_responded",
                "that groups by response at any time; classify by "
                "response by the landmark (time_to_response <= 6).",
                lambda: _landmark_p(by_landmark=False),
            ),
        ),
    )
)

register(
    Exercise(
        id="11.3",
        question="Theoretical 5-year survival of the cure model, median 16.3 months, c = 15%.",
        answer=Answer("proportion"),
        expected_route=lambda: R.cure_model_survival(60, MEDIAN_OS_FISHER(), 0.15),
        route="the rate found numerically from S(median) = 1/2, then S(60)",
        tolerance=FOUR_SIG,
        hint="work in months and proportions (c = 0.15, t = 60): the rate follows from the "
        "median, then S(t) adds the cured c to the survivors among the rest.",
        misconceptions=(
            Misconception(
                "no_cure",
                "that is a plain exponential curve; the model adds the cure "
                "fraction c, who never die of the disease.",
                lambda: 0.5 ** (60 / MEDIAN_OS_FISHER()),
            ),
            Misconception(
                "plateau_only",
                "that is the plateau c alone; at 5 years some of the "
                "others are still alive too: add (1 - c) exp(-rate t).",
                lambda: 0.15,
            ),
            Misconception(
                "years",
                "that puts t = 5; the median is in months, so 5 years is t = 60.",
                lambda: R.cure_model_survival(5, MEDIAN_OS_FISHER(), 0.15),
            ),
        ),
    )
)


# ----------------------------------------------------------------------------- 12 pooling
def _rcc_arms() -> tuple[list[int], list[int]]:
    hd = D.hd_arms_12()
    rcc = hd[hd["disease"] == "rcc"]
    return rcc["responders"].tolist(), rcc["n"].tolist()


def _tau2(x: list[int], n: list[int], method: str) -> float:
    return float(R.pool(*R.logit_effects(x, n), method)["tau2"])


def _leave_one_out(drop: str = "weight", method: str = "DL", statistic: str = "i2") -> float:
    hd = D.hd_arms_12()
    if drop == "weight":
        weights = R.pool(*R.logit_effects(hd["responders"], hd["n"]), "DL")["weight"]
        index = int(np.argmax(weights))
    elif drop == "n":
        index = int(np.argmax(hd["n"].to_numpy()))
    else:
        index = -1
    rest = hd.drop(index=hd.index[index]) if index >= 0 else hd
    return float(R.pool(*R.logit_effects(rest["responders"], rest["n"]), method)[statistic])


def _published(threshold: float = 0.25, rule: str = "or", method: str = "DL") -> float:
    s = D.synthetic_trials_12()
    small_ok = (s["rate"] > threshold) if rule == "strict" else (s["rate"] >= threshold)
    large = s["n"] >= 100
    keep = small_ok if rule == "promising_only" else (small_ok | large)
    kept = s[keep]
    return R.pooled_rate(kept["responders"], kept["n"], method)


register(
    Exercise(
        id="12.1",
        question="REML between-trial variance tau2 of the RCC arms of hd (logit scale).",
        answer=Answer("number", "a variance on the logit scale"),
        expected_route=lambda: _tau2(*_rcc_arms(), "REML"),
        route="REML by Fisher scoring written out with NumPy (the kit finds the root of the score "
        "with Brent's method)",
        tolerance=FOUR_SIG,
        hint="tau2 is the between-trial variance on the logit scale; pool only the RCC arms of "
        "hd, and help(il2kit.pool_rates) shows how to choose REML.",
        misconceptions=(
            Misconception(
                "dl",
                'that is the DerSimonian-Laird tau2; the question asks for REML (method="REML").',
                lambda: _tau2(*_rcc_arms(), "DL"),
            ),
            Misconception(
                "all_arms",
                "that pools every HD arm; keep only the RCC arms.",
                lambda: _tau2(
                    D.hd_arms_12()["responders"].tolist(), D.hd_arms_12()["n"].tolist(), "REML"
                ),
            ),
            Misconception(
                "tau",
                "that is tau, the standard deviation; the question asks for tau2, its square.",
                lambda: math.sqrt(_tau2(*_rcc_arms(), "REML")),
            ),
            Misconception(
                "i2",
                "that is I2, a percentage of the variability; tau2 is a variance "
                "on the logit scale.",
                lambda: float(R.pool(*R.logit_effects(*_rcc_arms()), "REML")["i2"]),
            ),
        ),
    )
)

register(
    Exercise(
        id="12.2",
        question="I2 (percent) of the DL pool without the arm of largest DL weight.",
        answer=Answer("percent"),
        expected_route=lambda: _leave_one_out(),
        route="the DL weights and the pool of the remaining arms written out with NumPy",
        tolerance=FOUR_SIG,
        hint="the weights come from the DL pool of all the arms: find the heaviest arm there, "
        "drop it from hd, and pool the rest with DL again.",
        misconceptions=(
            Misconception(
                "nothing_dropped",
                "that is I2 of all six arms; leave the heaviest arm out first.",
                lambda: _leave_one_out(drop="none"),
            ),
            Misconception(
                "largest_n",
                "that leaves out the arm with the most patients; the "
                "question leaves out the arm with the largest DL weight.",
                lambda: _leave_one_out(drop="n"),
            ),
            Misconception(
                "tau2",
                "that is tau2; the question asks for I2, in percent.",
                lambda: _leave_one_out(statistic="tau2"),
            ),
        ),
    )
)

register(
    Exercise(
        id="12.3",
        question="DL pooled rate of the synthetic trials published under the 25% rule.",
        answer=Answer("proportion"),
        expected_route=lambda: _published(),
        route="the synthetic trials rebuilt with the notebook's seed, DL pooling written out",
        tolerance=FOUR_SIG,
        hint="a trial is published if its rate is at least 25% or it has 100 patients or more "
        "(either condition: |); then pool the published ones by DerSimonian-Laird.",
        misconceptions=(
            Misconception(
                "threshold_20",
                "that keeps the lesson's 20% rule; the question makes the journals stricter: 25%.",
                lambda: _published(0.20),
            ),
            Misconception(
                "promising_only",
                "that keeps only the promising trials; large trials "
                "(100 patients or more) are published whatever they show (|).",
                lambda: _published(rule="promising_only"),
            ),
            Misconception(
                "strictly_above",
                "that keeps rates strictly above 25%; the rule is 25% or more (>=).",
                lambda: _published(rule="strict"),
            ),
            Misconception(
                "fixed_effect",
                "that is the fixed-effect pool; the question asks for "
                'DerSimonian-Laird (method="DL").',
                lambda: _published(method="FE"),
            ),
        ),
    )
)

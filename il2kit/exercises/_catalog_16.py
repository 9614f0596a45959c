"""The exercises of lesson 16: hazard ratios, Cox models and the number needed to treat.

Each expected value is reached by a route of its own, never the worked solution's code: the Cox
partial likelihood maximised by Newton-Raphson written out with NumPy (the kit wraps
statsmodels' ``PHReg``), the exponential model's median from its hazard (the solution divides
medians), and the NNT in exact fractions from the counts (the kit goes through
``compare_rates``).
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cache

import numpy as np
import pandas as pd

from il2kit.exercises import _data as D
from il2kit.exercises._core import Answer, Exercise, Misconception, Tolerance, register

FOUR_SIG = Tolerance(rel=1e-4, why="four significant figures: every misconception is further")


# ----------------------------------------------------------------------------- data and routes
@cache
def direct_effect_trial_16() -> pd.DataFrame:
    """Lesson 16, exercise 1: the synthetic trial of section 2 with a direct survival effect
    of the experimental arm (``os_benefit=0.7``) besides the one through response."""
    from il2kit import simulate

    return simulate.simulate_response_vs_survival(
        300,
        0.10,
        0.30,
        median_os_control_months=12,
        os_hr_responders=0.4,
        os_benefit=0.7,
        rng=2005,
    )


def cox_breslow(time: object, event: object, covariates: object) -> np.ndarray:
    """Cox coefficients maximising Breslow's partial likelihood, by Newton-Raphson.

    The risk set of a death at ``t`` is every patient followed to ``t`` or longer; the score is
    ``sum over deaths of (x_i - S1 / S0)`` and the information ``sum (S2 / S0 - (S1 / S0)^2)``
    with ``Sk`` the sums of ``exp(x b) x^k`` over the risk set. Without tied death times (the
    synthetic times are continuous) Breslow's likelihood is Efron's, R's default.
    """
    t = np.asarray(time, dtype=float)
    d = np.asarray(event, dtype=float)
    x = np.asarray(covariates, dtype=float).reshape(len(t), -1)
    order = np.argsort(-t, kind="stable")  # longest follow-up first: risk sets are prefixes
    t, d, x = t[order], d[order], x[order]
    last = np.searchsorted(-t, -t, side="right") - 1  # the end of each time's risk set
    deaths = d == 1
    beta = np.zeros(x.shape[1])
    for _ in range(100):
        eta = x @ beta
        w = np.exp(eta - eta.max())
        s0 = np.cumsum(w)[last]
        s1 = np.cumsum(w[:, None] * x, axis=0)[last]
        s2 = np.cumsum(w[:, None, None] * x[:, :, None] * x[:, None, :], axis=0)[last]
        mean = s1 / s0[:, None]
        score = (x - mean)[deaths].sum(axis=0)
        info = (s2 / s0[:, None, None] - mean[:, :, None] * mean[:, None, :])[deaths].sum(axis=0)
        step = np.linalg.solve(info, score)
        beta = beta + step
        if np.max(np.abs(step)) < 1e-12:
            return beta
    raise RuntimeError("Newton-Raphson did not converge")


def _cox_16(which: str = "adjusted") -> float:
    trial = direct_effect_trial_16()
    experimental = (trial["arm"] == "experimental").to_numpy(float)
    responded = trial["responded"].to_numpy(float)
    if which == "unadjusted":
        return math.exp(cox_breslow(trial["time"], trial["event"], experimental)[0])
    beta = cox_breslow(trial["time"], trial["event"], np.column_stack([experimental, responded]))
    return {
        "adjusted": math.exp(beta[0]),
        "coefficient": beta[0],
        "responded": math.exp(beta[1]),
        "inverted": math.exp(-beta[0]),
    }[which]


def _lesson_trial_adjusted_hr() -> float:
    """The adjusted arm HR of the lesson's own trial (section 2: no direct effect)."""
    from il2kit import simulate

    trial = simulate.simulate_response_vs_survival(
        300,
        0.10,
        0.30,
        median_os_control_months=12,
        os_hr_responders=0.4,
        rng=2005,
    )
    x = np.column_stack(
        [(trial["arm"] == "experimental").to_numpy(float), trial["responded"].to_numpy(float)]
    )
    return math.exp(cox_breslow(trial["time"], trial["event"], x)[0])


def _motzer2009() -> tuple[float, float, float]:
    """IFN median OS (months), the primary and the stratified hazard ratios of motzer2009."""
    import il2kit

    effects = il2kit.load_effects().set_index("effect_id")
    return (
        float(D.arm("motzer2009", "ifn")["median_os_months"]),
        float(effects.loc["motzer2009_os", "estimate"]),
        float(effects.loc["motzer2009_os_stratified", "estimate"]),
    )


def _exponential_median(control_median: float, hr: float) -> float:
    """Median of the experimental arm under constant hazards: its hazard is ``hr`` times the
    control's ``log 2 / median``, and an exponential median is ``log 2 / hazard``."""
    hazard = hr * math.log(2) / control_median
    return math.log(2) / hazard


def _eton_rates() -> tuple[Fraction, Fraction]:
    a, n_a = D.counts("eton2002", "biochemo")
    b, n_b = D.counts("eton2002", "chemo")
    return Fraction(a, n_a), Fraction(b, n_b)


def _eton_printed_pct() -> tuple[float, float]:
    return (
        float(D.arm("eton2002", "biochemo")["orr_pct"]),
        float(D.arm("eton2002", "chemo")["orr_pct"]),
    )


def _nnt_16(which: str = "nnt") -> float:
    bio, chemo = _eton_rates()
    difference = bio - chemo
    pct_bio, pct_chemo = _eton_printed_pct()
    return {
        "nnt": float(1 / difference),
        "percent": float(1 / (100 * difference)),
        "printed_percent": 1 / (pct_bio - pct_chemo),
        "printed_proportions": 100 / (pct_bio - pct_chemo),
        "rounded_up": float(math.ceil(1 / difference)),
        "ratio": float(bio / chemo),
    }[which]


# ----------------------------------------------------------------------------- 16 exercises
register(
    Exercise(
        id="16.1",
        question="Hazard ratio of the experimental arm adjusted for response, in the synthetic "
        "trial with a direct survival effect (os_benefit=0.7, seed 2005).",
        answer=Answer("number", "a hazard ratio"),
        expected_route=lambda: _cox_16(),
        route="the partial likelihood maximised by Newton-Raphson written out with NumPy "
        "(the kit wraps statsmodels' PHReg)",
        tolerance=FOUR_SIG,
        hint="adjusting means one model with both covariates, the arm (experimental = True) and "
        "response; cox_regression's table then has a row for the arm.",
        misconceptions=(
            Misconception(
                "unadjusted",
                "that is the arm's hazard ratio without response in the model; the question "
                "asks for it adjusted for response (two covariates).",
                lambda: _cox_16("unadjusted"),
            ),
            Misconception(
                "coefficient",
                "that is the coefficient, the log hazard ratio; exponentiate it (or read the "
                "hazard_ratio column).",
                lambda: _cox_16("coefficient"),
            ),
            Misconception(
                "responded",
                "that is the hazard ratio of responders against non-responders; the question "
                "asks for the experimental arm's.",
                lambda: _cox_16("responded"),
            ),
            Misconception(
                "inverted",
                "that is control against experimental; code the arm as experimental = "
                "True so that its hazard is the numerator.",
                lambda: _cox_16("inverted"),
            ),
            Misconception(
                "lesson_trial",
                "that is the lesson's trial of section 2, without a direct effect; simulate "
                "again with os_benefit=0.7.",
                _lesson_trial_adjusted_hr,
            ),
        ),
    )
)

register(
    Exercise(
        id="16.2",
        question="Median OS of the sunitinib arm implied by motzer2009's primary hazard ratio "
        "and the interferon arm's printed median, under constant hazards (months).",
        answer=Answer("number", "months"),
        expected_route=lambda: _exponential_median(*_motzer2009()[:2]),
        route="the interferon hazard log(2) / median multiplied by the hazard ratio, then "
        "log(2) / hazard (the solution divides the median by the ratio)",
        tolerance=FOUR_SIG,
        hint="under constant hazards a median is log(2) / hazard, so a lower hazard means a "
        "longer median: divide, do not multiply.",
        misconceptions=(
            Misconception(
                "times_hr",
                "that multiplies the median by the hazard ratio, as if the ratio were one of "
                "medians; a ratio below 1 means a lower death rate, so a longer median.",
                lambda: _motzer2009()[0] * _motzer2009()[1],
            ),
            Misconception(
                "percent_gain",
                "that adds 1 - HR to the median as a percentage gain; under constant hazards "
                "the median is divided by the ratio.",
                lambda: _motzer2009()[0] * (2 - _motzer2009()[1]),
            ),
            Misconception(
                "gain_only",
                "that is the months gained, not the median itself; add back the interferon "
                "arm's median.",
                lambda: _exponential_median(*_motzer2009()[:2]) - _motzer2009()[0],
            ),
            Misconception(
                "printed",
                "that is the sunitinib median as printed; the question asks what the "
                "constant-hazards model implies from the hazard ratio.",
                lambda: float(D.arm("motzer2009", "sunitinib")["median_os_months"]),
            ),
            Misconception(
                "stratified",
                "that uses the stratified analysis' ratio; the question uses the primary "
                "(unstratified) one.",
                lambda: _exponential_median(_motzer2009()[0], _motzer2009()[2]),
            ),
        ),
    )
)

register(
    Exercise(
        id="16.3",
        question="Number needed to treat with biochemotherapy rather than chemotherapy for one "
        "more response in eton2002, from the counts, unrounded.",
        answer=Answer("number", "patients"),
        expected_route=lambda: _nnt_16(),
        route="exact fractions of the counts, 1 / (44/91 - 23/92) (the kit goes through "
        "compare_rates)",
        tolerance=FOUR_SIG,
        hint="the number needed to treat is 1 divided by the risk difference, a difference of "
        "two proportions (responders / n in each arm).",
        misconceptions=(
            Misconception(
                "percent",
                "that divides 1 by a difference in percentage points; use proportions "
                "(responders / n), so that the difference is below 1.",
                lambda: _nnt_16("percent"),
            ),
            Misconception(
                "printed_percent",
                "that divides 1 by the printed percentages' difference; use the counts, as "
                "proportions.",
                lambda: _nnt_16("printed_percent"),
            ),
            Misconception(
                "printed_proportions",
                "that uses the printed, rounded percentages; compute the rates from the "
                "counts (responders / n).",
                lambda: _nnt_16("printed_proportions"),
            ),
            Misconception(
                "rounded_up",
                "that is rounded up, as an NNT is when reported; the question asks for the "
                "unrounded value.",
                lambda: _nnt_16("rounded_up"),
            ),
            Misconception(
                "ratio",
                "that is the ratio of the two response rates (a relative risk); the NNT comes "
                "from their difference.",
                lambda: _nnt_16("ratio"),
            ),
        ),
    )
)

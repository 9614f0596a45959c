"""The exercises of lessons 15 (non-inferiority) and 17 (appraising a trial).

The expected values are reached by routes of their own: the Farrington-Manning restricted rates
by numerical maximisation of the constrained likelihood (the kit solves a cubic in closed form),
the missing-data bracket with exact fractions, the GRADE levels from the rating words (the kit
sums each rating's ``levels``).
"""

from __future__ import annotations

import math
from fractions import Fraction

from scipy import optimize, stats

from il2kit.exercises import _data as D
from il2kit.exercises._core import EXACT, Answer, Exercise, Misconception, Tolerance, register

FOUR_SIG = Tolerance(rel=1e-4, why="four significant figures tell every misconception apart")


# ----------------------------------------------------------------------------- independent routes
def _restricted_rates(rate_a: float, rate_b: float, margin: float) -> tuple[float, float]:
    """Rates under ``p_a - p_b = -margin`` maximising the expected log-likelihood (equal arms),
    found with a bounded scalar optimiser."""

    def minus_loglik(pa: float) -> float:
        pb = pa + margin
        return -(
            rate_a * math.log(pa)
            + (1 - rate_a) * math.log(1 - pa)
            + rate_b * math.log(pb)
            + (1 - rate_b) * math.log(1 - pb)
        )

    found = optimize.minimize_scalar(
        minus_loglik, bounds=(1e-12, 1 - margin - 1e-12), method="bounded", options={"xatol": 1e-13}
    )
    return float(found.x), float(found.x) + margin


def _spreads(rate_a: float, rate_b: float, margin: float, method: str) -> tuple[float, float]:
    s1 = math.sqrt(rate_a * (1 - rate_a) + rate_b * (1 - rate_b))
    if method == "wald":
        return s1, s1
    pa, pb = _restricted_rates(rate_a, rate_b, margin)
    return math.sqrt(pa * (1 - pa) + pb * (1 - pb)), s1


def ni_n_per_arm(
    rate_a: float,
    rate_b: float,
    margin: float,
    *,
    alpha: float = 0.025,
    power: float = 0.80,
    method: str = "farrington-manning",
) -> int:
    """Farrington & Manning's (1990) sample size per arm, restricted rates found numerically."""
    s0, s1 = _spreads(rate_a, rate_b, margin, method)
    za, zb = stats.norm.ppf(1 - alpha), stats.norm.ppf(power)
    n = ((za * s0 + zb * s1) / (rate_a - rate_b + margin)) ** 2
    return math.ceil(n - 1e-9)


def ni_power(
    rate_a: float,
    rate_b: float,
    n: float,
    margin: float,
    *,
    alpha: float = 0.025,
    method: str = "farrington-manning",
) -> float:
    """Power of the Farrington-Manning test with ``n`` patients per arm."""
    s0, s1 = _spreads(rate_a, rate_b, margin, method)
    za = stats.norm.ppf(1 - alpha)
    return float(stats.norm.cdf(((rate_a - rate_b + margin) * math.sqrt(n) - za * s0) / s1))


def _yang2003(arm: str) -> float:
    return float(D.arm("yang2003", arm)["orr_pct"]) / 100


def _enrolled_2005() -> int:
    import il2kit

    statements = il2kit.load_statements().set_index("key")
    return int(statements.loc["mcdermott2005_enrolled", "figure"])


def _arms_2005() -> tuple[int, int, int, int]:
    hd, sc = D.arm("mcdermott2005", "hd_il2"), D.arm("mcdermott2005", "sc_il2_ifn")
    return int(hd["responders"]), int(hd["n"]), int(sc["responders"]), int(sc["n"])


def worst_case_difference() -> float:
    """HD minus SC + IFN among all enrolled, the unassessed all SC + IFN responders."""
    x_hd, n_hd, x_sc, n_sc = _arms_2005()
    missing = _enrolled_2005() - n_hd - n_sc
    return float(Fraction(x_hd, n_hd) - Fraction(x_sc + missing, n_sc + missing))


def _difference(hd_added: int, sc_added: int, sc_responders_added: int) -> float:
    """HD minus SC + IFN after adding patients to the arms (responders only to SC + IFN)."""
    x_hd, n_hd, x_sc, n_sc = _arms_2005()
    return float(
        Fraction(x_hd, n_hd + hd_added) - Fraction(x_sc + sc_responders_added, n_sc + sc_added)
    )


def _missing_2005() -> int:
    _, n_hd, _, n_sc = _arms_2005()
    return _enrolled_2005() - n_hd - n_sc


def _levels_removed(finding: int, endpoint: str) -> int:
    from il2kit.appraisal import GRADE_ASSESSMENTS

    words = {"not serious": 0, "serious": 1, "very serious": 2}
    cell = next(a for a in GRADE_ASSESSMENTS if (a.finding, a.endpoint) == (finding, endpoint))
    return sum(words.get(r.rating, 0) for r in cell.ratings)


def _domains_rated_down(finding: int, endpoint: str) -> int:
    from il2kit.appraisal import GRADE_ASSESSMENTS

    cell = next(a for a in GRADE_ASSESSMENTS if (a.finding, a.endpoint) == (finding, endpoint))
    return sum(r.rating in ("serious", "very serious") for r in cell.ratings)


# ----------------------------------------------------------------------------- 15 non-inferiority
register(
    Exercise(
        id="15.1",
        question="Patients per arm to show SC IL-2 within 15 points of HD IV IL-2 if yang2003's "
        "printed rates (10% and 21%) were the true rates (one-sided alpha 0.025, power "
        "80%, Farrington-Manning).",
        answer=Answer("count", "patients per arm"),
        expected_route=lambda: ni_n_per_arm(_yang2003("sc"), _yang2003("hd_iv"), 0.15),
        route="Farrington & Manning's formula with the restricted rates found by a bounded "
        "optimiser (the kit solves their cubic in closed form)",
        tolerance=EXACT,
        hint="rates and the 15-point margin go in as proportions, the new regimen (SC) as arm a; "
        "help(noninferiority_sample_size) names the arguments.",
        misconceptions=(
            Misconception(
                "swapped",
                "the arms are swapped: arm a is the new, gentler regimen (SC) "
                "and arm b the reference (HD IV).",
                lambda: ni_n_per_arm(_yang2003("hd_iv"), _yang2003("sc"), 0.15),
            ),
            Misconception(
                "wald",
                'that is the simple normal formula (method="wald"); the question '
                "asks for Farrington-Manning, the default.",
                lambda: ni_n_per_arm(_yang2003("sc"), _yang2003("hd_iv"), 0.15, method="wald"),
            ),
            Misconception(
                "alpha_05",
                "that uses a one-sided alpha of 0.05; the question keeps the "
                "default 0.025 (the one-sided half of a two-sided 5%).",
                lambda: ni_n_per_arm(_yang2003("sc"), _yang2003("hd_iv"), 0.15, alpha=0.05),
            ),
            Misconception(
                "both_arms",
                "that counts both arms together; the question asks for the patients in each arm.",
                lambda: 2 * ni_n_per_arm(_yang2003("sc"), _yang2003("hd_iv"), 0.15),
            ),
            Misconception(
                "ld_iv",
                "that uses the low-dose IV rate (13%); the question is about the "
                "subcutaneous arm (10%).",
                lambda: ni_n_per_arm(_yang2003("ld_iv"), _yang2003("hd_iv"), 0.15),
            ),
        ),
    )
)

register(
    Exercise(
        id="15.2",
        question="Power to show non-inferiority within 10 points with 150 patients per arm, if the "
        "lower dose truly responded as often as HD IV IL-2 in yang2003 (21%).",
        answer=Answer("proportion"),
        expected_route=lambda: ni_power(_yang2003("hd_iv"), _yang2003("hd_iv"), 150, 0.10),
        route="the Farrington-Manning power formula with the restricted rates found by a bounded "
        "optimiser",
        tolerance=FOUR_SIG,
        hint='"truly as often" means equal true rates: give both arms HD IV\'s printed rate, and '
        "the 10-point margin as a proportion, to noninferiority_power.",
        misconceptions=(
            Misconception(
                "printed_rates",
                "that assumes the printed rates (13% and 21%) are the "
                "truth; the question supposes the lower dose truly responds as often as "
                "HD (both 21%).",
                lambda: ni_power(_yang2003("ld_iv"), _yang2003("hd_iv"), 150, 0.10),
            ),
            Misconception(
                "wald",
                "that is the power of the Wald version; keep the default "
                "Farrington-Manning method.",
                lambda: ni_power(_yang2003("hd_iv"), _yang2003("hd_iv"), 150, 0.10, method="wald"),
            ),
            Misconception(
                "alpha_05",
                "that uses a one-sided alpha of 0.05; keep the default 0.025.",
                lambda: ni_power(_yang2003("hd_iv"), _yang2003("hd_iv"), 150, 0.10, alpha=0.05),
            ),
            Misconception(
                "total_150",
                "that splits 150 patients between the arms; the trial had 150 in each arm.",
                lambda: ni_power(_yang2003("hd_iv"), _yang2003("hd_iv"), 75, 0.10),
            ),
        ),
    )
)


# ----------------------------------------------------------------------------- 17 appraisal
register(
    Exercise(
        id="17.1",
        question="mcdermott2005: HD minus SC + IFN response-rate difference among all 192 "
        "enrolled, if the unassessed patients had all been SC + IFN patients who responded.",
        answer=Answer("proportion"),
        expected_route=worst_case_difference,
        route="exact fractions of the counts in trials.csv and the enrolment in statements.csv",
        tolerance=FOUR_SIG,
        hint="add the unassessed patients to the SC + IFN arm's responders and to its "
        "denominator, then subtract its rate from the HD rate.",
        misconceptions=(
            Misconception(
                "responders_only",
                "the unassessed patients were added to the responders "
                "but not to the denominator: they are patients of that arm too.",
                lambda: _difference(0, 0, _missing_2005()),
            ),
            Misconception(
                "observed",
                "that is the difference among the assessed patients only; the "
                "question adds the unassessed ones.",
                lambda: _difference(0, 0, 0),
            ),
            Misconception(
                "hd_non_responders",
                "that puts the unassessed patients in the HD arm as "
                "non-responders; the question puts them in the SC + IFN arm as "
                "responders, the worst case for HD.",
                lambda: _difference(_missing_2005(), 0, 0),
            ),
        ),
    )
)

register(
    Exercise(
        id="17.2",
        question=(
            "How many levels of certainty did GRADE remove, in all, for finding 5 on survival?"
        ),
        answer=Answer("count", "levels"),
        expected_route=lambda: _levels_removed(5, "survival"),
        route="the rating words of the assessment, counted serious = 1, very serious = 2",
        tolerance=EXACT,
        hint="appraisal.grade_reasons lists each domain rated down for finding 5 on survival with "
        "the levels it removes: add them up, as a positive count.",
        misconceptions=(
            Misconception(
                "domains",
                "that counts the domains rated down; a 'very serious' rating "
                "removes two levels, not one.",
                lambda: _domains_rated_down(5, "survival"),
            ),
            Misconception(
                "level_reached",
                "that is the level reached (very low = 1); the question "
                "asks how many levels were removed from the start.",
                lambda: 1,
            ),
            Misconception(
                "all_domains",
                "that counts all five domains; only those rated serious or "
                "very serious remove levels.",
                lambda: 5,
            ),
        ),
    )
)

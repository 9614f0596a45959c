"""The exercises of the clinical notebooks, 00 to 07, and 18.

Each declaration names the answer's kind, how the expected value is computed (never with the
worked solution's code), the tolerance and at least two misconceptions with teaching hints.
"""

from __future__ import annotations

import math
from fractions import Fraction

from il2kit.exercises import _data as D
from il2kit.exercises import _routes as R
from il2kit.exercises._core import EXACT, Answer, Exercise, Misconception, Tolerance, register

COUNT = Answer("count", "trial arms")
CI = Answer("tuple", names=("ci_low", "ci_high"), element="proportion")


def _lower(column) -> object:
    return column.astype(str).str.lower()


# ----------------------------------------------------------------------------- 00 start here
def _count(disease: str | None = None, designs: tuple[str, ...] | None = None) -> int:
    t = D.trials()
    table = t.groupby([_lower(t["disease"]), _lower(t["design"])], observed=True).size()
    keep = [
        (d, g)
        for d, g in table.index
        if (disease is None or d == disease) and (designs is None or g in designs)
    ]
    return int(table.loc[keep].sum())


RANDOMIZED = ("randomized_phase2", "randomized_phase3")

register(
    Exercise(
        id="00.1",
        question="How many arms of the data set are renal cell carcinoma arms?",
        answer=COUNT,
        expected_route=lambda: _count("rcc"),
        route="a group-by count of (disease, design) summed over the RCC rows",
        tolerance=EXACT,
        hint='keep the rows of `trials` whose `disease` is "rcc" and count them.',
        misconceptions=(
            Misconception(
                "all_arms",
                "that counts every arm; keep only the RCC rows first.",
                lambda: len(D.trials()),
            ),
            Misconception(
                "studies",
                "that counts studies; the question counts trial arms (rows), "
                "and a study can have several.",
                lambda: D.trials().loc[_lower(D.trials()["disease"]) == "rcc", "study"].nunique(),
            ),
            Misconception(
                "melanoma",
                "that is the number of melanoma arms; the question asks "
                "about renal cell carcinoma.",
                lambda: _count("melanoma"),
            ),
        ),
    )
)

register(
    Exercise(
        id="00.2",
        question="What is the PMID of atkins1999, as a string of digits?",
        answer=Answer("digits"),
        expected_route=lambda: str(int(D.arm("atkins1999")["pmid"])),
        route="the `pmid` column of the atkins1999 row of trials.csv (the solution reads "
        "sources.csv)",
        tolerance=EXACT,
        hint='look up the row of study "atkins1999" in il2kit.load_sources() and read its pmid.',
        misconceptions=(
            Misconception(
                "review",
                "that is the PMID of the review itself (Dutcher 2002); the "
                "question asks for the study atkins1999.",
                lambda: "12469934",
            ),
            Misconception(
                "other_atkins",
                'that is the PMID of another Atkins study; look for the key "atkins1999" exactly.',
                lambda: str(int(D.sources().set_index("study").loc["atkins2008", "pmid"])),
            ),
        ),
    )
)


def _after_review_counts() -> dict[str, int]:
    """Randomized melanoma arms by when their study was published, from the raw dates."""
    import pandas as pd

    t = D.trials()
    dates = D.sources().set_index("study")["published"]
    randomized = t["design"].astype(str).str.lower().isin(RANDOMIZED)
    rows = t[(_lower(t["disease"]) == "melanoma") & randomized]
    published = rows["study"].astype(str).map(dates)
    after_november_2002 = pd.Timestamp("2002-12-01")  # the review: Oncology, November 2002
    return {
        "after": int((published >= after_november_2002).sum()),
        "before": int((published < after_november_2002).sum()),
        "year_2002_on": int((rows["year"].astype(int) >= 2002).sum()),
        "all": len(rows),
    }


register(
    Exercise(
        id="00.3",
        question="How many randomized melanoma arms come from trials published after the review?",
        answer=COUNT,
        expected_route=lambda: _after_review_counts()["after"],
        route="the `published` dates of sources.csv compared with December 2002 (the solution "
        "calls il2kit.published_after_review)",
        tolerance=EXACT,
        hint="three conditions joined with &: melanoma, either randomized design, and a study "
        "published after the review by il2kit.published_after_review.",
        misconceptions=(
            Misconception(
                "year_2002_on",
                "that counts every trial of 2002 on; two of them "
                "appeared in spring 2002, before the review: decide by publication date.",
                lambda: _after_review_counts()["year_2002_on"],
            ),
            Misconception(
                "all_randomized",
                "that counts every randomized melanoma arm; keep only "
                "those published after the review.",
                lambda: _after_review_counts()["all"],
            ),
            Misconception(
                "before",
                "that counts the arms published before the review; the "
                "question asks for those after it.",
                lambda: _after_review_counts()["before"],
            ),
        ),
    )
)


# ----------------------------------------------------------------------------- 01 regimens
def _miu(iu_per_kg: int, kg: int, doses: int = 1) -> float:
    return float(Fraction(iu_per_kg * kg * doses, 10**6))


def _mosteller(height_cm: float, weight_kg: float) -> float:
    return math.sqrt(height_cm * weight_kg / 3600)


register(
    Exercise(
        id="01.1",
        question="One dose of 720,000 IU/kg for 80 kg, in million IU.",
        answer=Answer("number", "million IU"),
        expected_route=lambda: _miu(720_000, 80),
        route="exact fraction arithmetic (IU/kg x kg / 10^6)",
        hint="multiply the dose per kilogram by the weight, then express the IU in millions.",
        misconceptions=(
            Misconception(
                "iu",
                "that is in IU; the question asks for million IU (divide by 1,000,000).",
                lambda: float(720_000 * 80),
            ),
            Misconception(
                "thousands",
                "that is in thousands of IU; a million is 10**6.",
                lambda: 720_000 * 80 / 1e3,
            ),
            Misconception(
                "hd_600k",
                "that is the 600,000 IU/kg dose; yang1994's high dose was 720,000 IU/kg.",
                lambda: _miu(600_000, 80),
            ),
            Misconception(
                "weight_70",
                "that is for the lesson's 70 kg patient; this one weighs 80 kg.",
                lambda: _miu(720_000, 70),
            ),
        ),
    )
)

register(
    Exercise(
        id="01.2",
        question="One dose of 5 MIU/m2 for 160 cm and 60 kg, in million IU.",
        answer=Answer("number", "million IU"),
        expected_route=lambda: 5 * _mosteller(160, 60),
        route="Mosteller's formula written out, sqrt(cm x kg / 3600)",
        hint="a dose per square metre scales with body surface area, not weight: work out the "
        "patient's m2 with dosing.body_surface_area first.",
        misconceptions=(
            Misconception(
                "per_kg",
                "that treats 5 MIU/m2 as a dose per kilogram; multiply by the "
                "body surface area instead.",
                lambda: 5.0 * 60,
            ),
            Misconception(
                "bsa_only",
                "that is the body surface area itself; multiply it by the dose per m2.",
                lambda: _mosteller(160, 60),
            ),
            Misconception(
                "dubois",
                "that uses the DuBois formula for body surface area; the kit "
                "and the lesson use Mosteller's.",
                lambda: 5 * 0.007184 * 60**0.425 * 160**0.725,
            ),
        ),
    )
)

register(
    Exercise(
        id="01.3",
        question="The largest IL-2 total in one course of the licensed schedule (600,000 IU/kg) "
        "for 80 kg, in million IU.",
        answer=Answer("number", "million IU"),
        expected_route=lambda: _miu(600_000, 80, 2 * 14),
        route="exact fraction arithmetic: 2 cycles x 14 doses x IU/kg x kg / 10^6 (the label's "
        "Table 1)",
        hint="a course is two cycles, and the licensed schedule caps the doses in each; "
        "help(dosing.schedule_dose) shows which of its results is the course total.",
        misconceptions=(
            Misconception(
                "one_cycle",
                "that is one cycle; a course is two cycles (the label: 'A "
                "maximum of 28 doses (2 cycles) per treatment course').",
                lambda: _miu(600_000, 80, 14),
            ),
            Misconception(
                "fifteen_per_cycle",
                "that allows 15 doses a cycle, the NCI 720,000 IU/kg "
                "limit; the licensed 600,000 IU/kg schedule allows 14.",
                lambda: _miu(600_000, 80, 2 * 15),
            ),
            Misconception(
                "nci_schedule",
                "that is the NCI schedule (720,000 IU/kg, 15 doses a "
                "cycle); the question asks for the licensed one.",
                lambda: _miu(720_000, 80, 2 * 15),
            ),
            Misconception(
                "weight_70",
                "that is for the lesson's 70 kg patient; this one weighs 80 kg.",
                lambda: _miu(600_000, 70, 2 * 14),
            ),
        ),
    )
)


# ----------------------------------------------------------------------------- 02 finding 1
register(
    Exercise(
        id="02.1",
        question="Exact 95% CI of the response rate of the klapper2008 HD arm, as proportions.",
        answer=CI,
        expected_route=lambda: R.exact_interval(*D.counts("klapper2008", "hd_il2")),
        route="Clopper-Pearson limits found by root-finding on the binomial tails (the kit uses "
        "beta quantiles)",
        tolerance=Tolerance(rel=1e-4, why="both limits to four significant figures"),
        hint="take the responders and n of the klapper2008 HD row; il2kit.response_rate gives "
        "their exact interval (its default), both limits as proportions.",
        misconceptions=(
            Misconception(
                "wald",
                "that is the Wald interval (rate +/- 1.96 SE); the question asks "
                "for the exact (Clopper-Pearson) one, the kit's default.",
                lambda: R.wald_interval(*D.counts("klapper2008", "hd_il2")),
            ),
            Misconception(
                "wilson",
                "that is the Wilson interval; the question asks for the exact "
                'one (method="exact", the default).',
                lambda: R.wilson_interval(*D.counts("klapper2008", "hd_il2")),
            ),
            Misconception(
                "cr_only",
                "that is the interval of the complete responses; the response "
                "rate counts all responders (CR + PR).",
                lambda: R.exact_interval(*D.counts("klapper2008", "hd_il2", "cr")),
            ),
            Misconception(
                "level_90",
                "that is a 90% interval; the question asks for 95%.",
                lambda: R.exact_interval(*D.counts("klapper2008", "hd_il2"), 0.90),
            ),
        ),
    )
)

register(
    Exercise(
        id="02.2",
        question="Share of atkins1999's responders with a complete response, as a proportion.",
        answer=Answer("proportion"),
        expected_route=lambda: (
            int(D.arm("atkins1999")["cr"])
            / (int(D.arm("atkins1999")["cr"]) + int(D.arm("atkins1999")["pr"]))
        ),
        route="cr / (cr + pr) of the atkins1999 row (the solution divides by `responders`)",
        hint="divide the complete responders by all responders of that arm.",
        misconceptions=(
            Misconception(
                "of_all_patients",
                "that is the CR share of all patients; the question "
                "asks for the share among responders only.",
                lambda: int(D.arm("atkins1999")["cr"]) / int(D.arm("atkins1999")["n"]),
            ),
            Misconception(
                "pr_share",
                "that is the share of partial responses; the question asks for complete ones.",
                lambda: int(D.arm("atkins1999")["pr"]) / int(D.arm("atkins1999")["responders"]),
            ),
            Misconception(
                "cr_per_pr",
                "that is CRs per PR; divide by all responders (CR + PR).",
                lambda: int(D.arm("atkins1999")["cr"]) / int(D.arm("atkins1999")["pr"]),
            ),
        ),
    )
)

register(
    Exercise(
        id="02.3",
        question="Upper limit of the exact 95% CI of complete responders per 100 (fisher1997), to "
        "one decimal.",
        answer=Answer("percent", "complete responders per 100 patients"),
        expected_route=lambda: 100 * R.exact_interval(*D.counts("fisher1997", what="cr"))[1],
        route="100 x the Clopper-Pearson upper limit by root-finding on the binomial tail",
        tolerance=Tolerance(
            rel=1e-4,
            decimals=1,
            why="the question asks for one decimal: the rounded value passes too",
        ),
        hint="the exact interval of the CR count of fisher1997 out of its n; scale the upper limit "
        "to 100 patients.",
        misconceptions=(
            Misconception(
                "fyfe_counts",
                "those are fyfe1995's counts; the question asks for the recount in fisher1997.",
                lambda: 100 * R.exact_interval(*D.counts("fyfe1995", what="cr"))[1],
            ),
            Misconception(
                "all_responders",
                "that counts all responders; the question asks for complete responders only.",
                lambda: 100 * R.exact_interval(*D.counts("fisher1997"))[1],
            ),
            Misconception(
                "wald",
                "that is the Wald upper limit; the question asks for the exact interval.",
                lambda: 100 * R.wald_interval(*D.counts("fisher1997", what="cr"))[1],
            ),
            Misconception(
                "lower_limit",
                "that is the lower limit; the question asks for the upper one.",
                lambda: 100 * R.exact_interval(*D.counts("fisher1997", what="cr"))[0],
            ),
        ),
    )
)


def _hd_rcc_arms(*, after: bool | None = None, without: tuple[str, ...] = ()) -> tuple[list, list]:
    """Responders and n of the RCC arms of HD IL-2 alone with counts and no recount, optionally
    only those published after the review's month (read from the printed date) and without
    the ``without`` studies."""
    t = D.trials()
    published = D.sources().set_index("study")["published"]
    rows = t[
        (_lower(t["disease"]) == "rcc")
        & (t["regimen"].astype(str) == "hd_il2_iv_bolus")
        & t["same_cohort_as"].isna()
        & t["responders"].notna()
        & t["n"].notna()
    ]
    rows = rows[~rows["study"].astype(str).isin(without)]
    if after is not None:
        late = rows["study"].astype(str).map(published) >= "2002-12-01"
        rows = rows[late == after]
    return rows["responders"].astype(int).tolist(), rows["n"].astype(int).tolist()


register(
    Exercise(
        id="02.4",
        question="DerSimonian-Laird pooled rate of the RCC HD arms published after the review, "
        "klapper2008 left out.",
        answer=Answer("proportion"),
        expected_route=lambda: R.pooled_rate(*_hd_rcc_arms(after=True, without=("klapper2008",))),
        route="DerSimonian-Laird on the logit scale written out with NumPy, over the arms whose "
        "printed publication date falls after November 2002",
        tolerance=Tolerance(rel=1e-4, why="four significant figures"),
        hint="filter step by step: RCC, published after the review, klapper2008 left out; then "
        "il2kit.pool_rates pools their responders out of n with its defaults.",
        misconceptions=(
            Misconception(
                "with_klapper",
                "that keeps klapper2008, whose NCI patients overlap the "
                "reports the review could know; leave it out.",
                lambda: R.pooled_rate(*_hd_rcc_arms(after=True)),
            ),
            Misconception(
                "before_review",
                "those are the arms published before the review; the "
                "question asks for those published after it.",
                lambda: R.pooled_rate(*_hd_rcc_arms(after=False)),
            ),
            Misconception(
                "every_arm",
                "that pools every RCC arm; keep only those published after the review.",
                lambda: R.pooled_rate(*_hd_rcc_arms()),
            ),
            Misconception(
                "summed_counts",
                "that adds up the counts as if one trial; pooling "
                "weights each arm by its precision on the logit scale.",
                lambda: (
                    sum(_hd_rcc_arms(after=True, without=("klapper2008",))[0])
                    / sum(_hd_rcc_arms(after=True, without=("klapper2008",))[1])
                ),
            ),
        ),
    )
)


# ----------------------------------------------------------------------------- 03 toxicity
def _kammula_doses() -> tuple[int, int]:
    """The median doses of the first cycle, initial and final, as quotes.csv stores them."""
    import il2kit

    q = il2kit.load_quotes()
    q = q[(q["table"] == "statements") & (q["study"] == "kammula1998")].set_index("row_key")
    return (int(q.loc["kammula1998_doses_initial", "value"]),
            int(q.loc["kammula1998_doses_final", "value"]))  # fmt: skip


def _deaths_klapper2008() -> tuple[int, int]:
    row = D.arm("klapper2008")
    return int(row["treatment_deaths"]), int(row["n"])


register(
    Exercise(
        id="03.1",
        question="By what proportion of the initial median did kammula1998's median number of "
        "doses in the first cycle fall?",
        answer=Answer("proportion"),
        expected_route=lambda: float(
            Fraction(_kammula_doses()[0] - _kammula_doses()[1], _kammula_doses()[0])
        ),
        route="the two medians stored in quotes.csv, (initial - final) / initial as an exact "
        "fraction (the solution reads statements.csv)",
        hint="take the statements kammula1998_doses_initial and kammula1998_doses_final (column "
        "`figure`); divide the fall by where it started.",
        misconceptions=(
            Misconception(
                "absolute",
                "that is the fall in doses; the question asks for it as a "
                "proportion of the initial median.",
                lambda: _kammula_doses()[0] - _kammula_doses()[1],
            ),
            Misconception(
                "remaining",
                "that is the share of doses still given; the question asks "
                "how much the median fell.",
                lambda: _kammula_doses()[1] / _kammula_doses()[0],
            ),
            Misconception(
                "final_base",
                "that divides by the final median; a fall is measured from "
                "where it started, the initial median.",
                lambda: (_kammula_doses()[0] - _kammula_doses()[1]) / _kammula_doses()[1],
            ),
        ),
    )
)

register(
    Exercise(
        id="03.2",
        question="Exact 95% CI of the treatment-related death rate of klapper2008, as proportions.",
        answer=CI,
        expected_route=lambda: R.exact_interval(*_deaths_klapper2008()),
        route="Clopper-Pearson limits by root-finding on the binomial tails (the kit uses beta "
        "quantiles)",
        tolerance=Tolerance(rel=1e-4, why="both limits to four significant figures"),
        hint="an exact interval works for deaths as for responses: give il2kit.response_rate "
        "klapper2008's treatment_deaths where the responders would go.",
        misconceptions=(
            Misconception(
                "no_deaths",
                "that is the interval for no deaths; klapper2008 reports "
                "deaths (the column treatment_deaths), not zero.",
                lambda: R.exact_interval(0, _deaths_klapper2008()[1]),
            ),
            Misconception(
                "wald",
                "that is the Wald interval, whose lower limit falls below 0 with "
                "so few deaths; the question asks for the exact one.",
                lambda: R.wald_interval(*_deaths_klapper2008()),
            ),
            Misconception(
                "wilson",
                "that is the Wilson interval; the question asks for the exact one.",
                lambda: R.wilson_interval(*_deaths_klapper2008()),
            ),
            Misconception(
                "level_90",
                "that is a 90% interval; the question asks for 95%.",
                lambda: R.exact_interval(*_deaths_klapper2008(), 0.90),
            ),
        ),
    )
)

register(
    Exercise(
        id="03.3",
        question="Exact 95% upper limit after 0 deaths in 60 patients, as a proportion.",
        answer=Answer("proportion"),
        expected_route=lambda: R.exact_interval(0, 60)[1],
        route="the Clopper-Pearson upper limit by root-finding: P(X = 0) = 0.025",
        tolerance=Tolerance(rel=1e-4, why="four significant figures"),
        hint="the exact interval of 0 events out of 60; return its upper limit.",
        misconceptions=(
            Misconception(
                "rule_of_three",
                "that is the rule of three, 3/n, an approximation of the "
                "exact limit; compute the exact one.",
                lambda: 3 / 60,
            ),
            Misconception(
                "one_sided",
                "that is a one-sided 95% limit; the two-sided 95% interval "
                "leaves 2.5% in each tail.",
                lambda: R.one_sided_upper(0, 60),
            ),
            Misconception(
                "wilson",
                "that is the Wilson upper limit; the question asks for the exact one.",
                lambda: R.wilson_interval(0, 60)[1],
            ),
        ),
    )
)


# ----------------------------------------------------------------------------- 04 finding 3
def _geertsen(arm_key: str) -> tuple[int, int]:
    return D.counts("geertsen2004", arm_key)


def _civ_arms() -> tuple[list[int], list[int]]:
    t = D.trials()
    rows = t[
        (_lower(t["disease"]) == "rcc")
        & (t["regimen"].astype(str) == "civ_il2")
        & t["same_cohort_as"].isna()
        & t["responders"].notna()
        & t["n"].notna()
    ]
    return rows["responders"].astype(int).tolist(), rows["n"].astype(int).tolist()


def _yang_rate(arm_key: str) -> float:
    return float(D.arm("yang2003", arm_key)["orr_pct"]) / 100


register(
    Exercise(
        id="04.1",
        question="Risk difference SC minus CIV in geertsen2004, as a proportion.",
        answer=Answer("number", "a difference of proportions"),
        expected_route=lambda: Fraction(*_geertsen("sc_il2")) - Fraction(*_geertsen("civ_il2")),
        route="exact fractions x_a/n_a - x_b/n_b",
        tolerance=Tolerance(rel=1e-4, why="four significant figures"),
        hint="order matters: arm a is SC (sc_il2), arm b CIV (civ_il2), and a risk difference is "
        "rate a minus rate b, as a proportion.",
        misconceptions=(
            Misconception(
                "odds_ratio",
                "that is the odds ratio; the question asks for the risk "
                "difference (rate a minus rate b).",
                lambda: R.odds_ratio_woolf(*_geertsen("sc_il2"), *_geertsen("civ_il2"))[0],
            ),
            Misconception(
                "rate_ratio",
                "that is a ratio of the two rates; the question asks for their difference.",
                lambda: Fraction(*_geertsen("sc_il2")) / Fraction(*_geertsen("civ_il2")),
            ),
            Misconception(
                "percent_points",
                "that is in percentage points; the question asks for a "
                "proportion (0.05 for 5 points).",
                lambda: 100 * (Fraction(*_geertsen("sc_il2")) - Fraction(*_geertsen("civ_il2"))),
            ),
        ),
    )
)

register(
    Exercise(
        id="04.2",
        question="DerSimonian-Laird pooled rate of the RCC CIV arms with counts.",
        answer=Answer("proportion"),
        expected_route=lambda: R.pooled_rate(*_civ_arms(), method="DL"),
        route="DerSimonian-Laird on the logit scale written out with NumPy",
        tolerance=Tolerance(rel=1e-4, why="four significant figures"),
        hint="four conditions pick the arms: RCC, regimen civ_il2, counts present and no "
        "same_cohort_as; the pool should then match the comparer's CIV diamond.",
        misconceptions=(
            Misconception(
                "summed_counts",
                "that adds up the counts as if one trial; pooling "
                "weights each arm by its precision on the logit scale.",
                lambda: sum(_civ_arms()[0]) / sum(_civ_arms()[1]),
            ),
            Misconception(
                "mean_of_rates",
                "that is the plain average of the rates; pooling weights big arms more.",
                lambda: sum(x / n for x, n in zip(*_civ_arms(), strict=True)) / 2,
            ),
            Misconception(
                "raw_scale",
                "that pools on the raw proportion scale; pool_rates' default is the logit scale.",
                lambda: R.pooled_rate(*_civ_arms(), method="DL", scale="raw"),
            ),
        ),
    )
)

register(
    Exercise(
        id="04.3",
        question="Patients per arm to tell HD IV (21%) from SC (10%) with 90% power, two-sided 5%.",
        answer=Answer("count", "patients per arm"),
        expected_route=lambda: R.n_per_arm(_yang_rate("hd_iv"), _yang_rate("sc"), power=0.90),
        route="the smallest whole n whose normal-approximation power reaches 90%, by stepping "
        "through whole numbers",
        tolerance=EXACT,
        hint="read both rates from yang2003's orr_pct as proportions (21% is 0.21); "
        "help(il2kit.sample_size_two_rates) shows how to ask for 90% power.",
        misconceptions=(
            Misconception(
                "power_80",
                "that is for 80% power, the default; the question asks for 90%.",
                lambda: R.n_per_arm(_yang_rate("hd_iv"), _yang_rate("sc")),
            ),
            Misconception(
                "total",
                "that is both arms together; the question asks for patients per arm.",
                lambda: 2 * R.n_per_arm(_yang_rate("hd_iv"), _yang_rate("sc"), power=0.90),
            ),
            Misconception(
                "low_dose_iv",
                "that compares HD with the low-dose IV arm (13%); the "
                "question asks about the SC arm (10%).",
                lambda: R.n_per_arm(_yang_rate("hd_iv"), _yang_rate("ld_iv"), power=0.90),
            ),
        ),
    )
)


# ----------------------------------------------------------------------------- 05 finding 4
def _atkins1993(arm_key: str) -> tuple[int, int]:
    return D.counts("atkins1993", arm_key)


def _atzpodien() -> tuple[int, int]:
    row = D.arm("atzpodien2001", "il2_ifn_5fu")
    return int(row["cr"]) + int(row["pr"]), int(row["n"])


def _pct1(interval: tuple[float, float]) -> tuple[float, float]:
    return (round(100 * interval[0], 1), round(100 * interval[1], 1))


def _printed_hazard_ratio(study: str) -> float:
    """The overall-survival hazard ratio the study prints (effects.csv, never the note)."""
    import il2kit

    effects = il2kit.load_effects()
    rows = effects[
        (effects["study"].astype(str) == study)
        & (effects["endpoint"] == "os")
        & (effects["measure"] == "hazard_ratio")
    ]
    if len(rows) != 1:
        raise LookupError(f"expected one printed OS hazard ratio for {study}, found {len(rows)}")
    return float(rows["estimate"].iloc[0])


def _gore(column: str = "median_os_months") -> dict[str, float]:
    g = D.trials()[D.trials()["study"].astype(str) == "gore2010"]
    return dict(zip(g["arm"].astype(str), g[column].astype(float), strict=True))


register(
    Exercise(
        id="05.1",
        question="Odds ratio of response in atkins1993, IL-2 + IFN (a) vs IL-2 alone (b).",
        answer=Answer("number", "an odds ratio"),
        expected_route=lambda: R.odds_ratio_woolf(
            *_atkins1993("hd_il2_ifn"), *_atkins1993("hd_il2")
        )[0],
        route="(a d) / (b c) from the 2x2 table written out",
        tolerance=Tolerance(rel=1e-4, why="four significant figures"),
        hint="an odds ratio divides the odds (responders / non-responders) of arm a by those of "
        "arm b; here a is the combination, hd_il2_ifn, and b IL-2 alone.",
        misconceptions=(
            Misconception(
                "reversed",
                "that is the odds ratio the other way round (IL-2 alone vs "
                "the combination); arm a is hd_il2_ifn.",
                lambda: (
                    1 / R.odds_ratio_woolf(*_atkins1993("hd_il2_ifn"), *_atkins1993("hd_il2"))[0]
                ),
            ),
            Misconception(
                "rate_ratio",
                "that is the ratio of the response rates (a relative risk); "
                "the odds ratio compares odds, responders / non-responders.",
                lambda: Fraction(*_atkins1993("hd_il2_ifn")) / Fraction(*_atkins1993("hd_il2")),
            ),
            Misconception(
                "risk_difference",
                "that is the risk difference; the question asks for the odds ratio.",
                lambda: Fraction(*_atkins1993("hd_il2_ifn")) - Fraction(*_atkins1993("hd_il2")),
            ),
        ),
    )
)

register(
    Exercise(
        id="05.2",
        question="Exact 95% CI of (CR + PR)/n in atzpodien2001's combination arm, percent to one "
        "decimal.",
        answer=Answer("tuple", names=("ci_low", "ci_high"), element="percent"),
        expected_route=lambda: tuple(100 * v for v in R.exact_interval(*_atzpodien())),
        route="Clopper-Pearson limits by root-finding, times 100",
        tolerance=Tolerance(
            rel=1e-4,
            decimals=1,
            why="the question asks for one decimal: the rounded values pass too",
        ),
        hint="the count is CR + PR of the arm il2_ifn_5fu; after the exact interval, turn each "
        "limit into a percentage before rounding it to one decimal.",
        misconceptions=(
            Misconception(
                "wald",
                "that is the Wald interval; the question asks for the exact (Clopper-Pearson) one.",
                lambda: _pct1(R.wald_interval(*_atzpodien())),
            ),
            Misconception(
                "cr_only",
                "that is the interval of the complete responses alone; the "
                "question counts CR + PR.",
                lambda: _pct1(
                    R.exact_interval(
                        int(D.arm("atzpodien2001", "il2_ifn_5fu")["cr"]), _atzpodien()[1]
                    )
                ),
            ),
            Misconception(
                "wilson",
                "that is the Wilson interval; the question asks for the exact one.",
                lambda: _pct1(R.wilson_interval(*_atzpodien())),
            ),
        ),
    )
)

register(
    Exercise(
        id="05.3",
        question="Median OS in gore2010: combination arm minus IFN alone, in months.",
        answer=Answer("number", "months"),
        expected_route=lambda: float(
            Fraction(str(_gore()["ifn_il2_fu"])) - Fraction(str(_gore()["ifn"]))
        ),
        route="the two printed medians subtracted as exact decimals",
        tolerance=Tolerance(rel=1e-6, abs=1e-9, why="printed to 0.1 month: exactly"),
        hint="read median_os_months of the two gore2010 arms and subtract IFN from the "
        "combination.",
        misconceptions=(
            Misconception(
                "hazard_ratio",
                "that is the printed hazard ratio (effects.csv); the "
                "question asks for the difference in median OS, in months.",
                lambda: _printed_hazard_ratio("gore2010"),
            ),
            Misconception(
                "ratio",
                "that is a ratio of the medians; the question asks for their difference in months.",
                lambda: _gore()["ifn_il2_fu"] / _gore()["ifn"],
            ),
            Misconception(
                "years",
                "that is in years; the question asks for months.",
                lambda: (_gore()["ifn_il2_fu"] - _gore()["ifn"]) / 12,
            ),
        ),
    )
)


# ----------------------------------------------------------------------------- 06 finding 5
def _pair(study: str, il2_arm: str, control: str) -> tuple[int, int, int, int]:
    return (*D.counts(study, il2_arm), *D.counts(study, control))


def _us_trials() -> list[tuple[int, int, int, int]]:
    return [_pair("eton2002", "biochemo", "chemo"), _pair("atkins2008", "bct", "cvd")]


def _pooled_or(tables: list[tuple[int, int, int, int]], method: str = "DL") -> float:
    a, n_a, b, n_b = (list(col) for col in zip(*tables, strict=True))
    return float(R.pooled_odds_ratio(a, n_a, b, n_b, method)["odds_ratio"])


def _melanoma_pairs() -> list[tuple[int, int, int, int]]:
    """Notebook 06, section 3: the randomized trials with one IL-2 arm and one control."""
    return [
        _pair("rosenberg1999", "chemo_il2_ifn", "chemo"),
        *_us_trials(),
        _pair("johnston1998", "bcdt_il2_ifn", "bcdt"),
        _pair("ridolfi2002", "biochemo", "chemo"),
    ]


register(
    Exercise(
        id="06.1",
        question="eton2002 odds ratio, biochemotherapy (a) vs chemotherapy (b), with its 95% CI.",
        answer=Answer("tuple", names=("odds_ratio", "or_ci_low", "or_ci_high")),
        expected_route=lambda: R.odds_ratio_woolf(*_pair("eton2002", "biochemo", "chemo")),
        route="Woolf's interval exp(log OR +/- 1.96 sqrt(1/a + 1/b + 1/c + 1/d)) written out",
        tolerance=Tolerance(rel=1e-4, why="four significant figures"),
        hint="arm a is biochemotherapy, arm b chemotherapy; il2kit.evidence.compare_arms gives "
        "the odds ratio with its 95% limits, to return in that order.",
        misconceptions=(
            Misconception(
                "reversed",
                "that is the odds ratio the other way round; arm a is "
                "biochemotherapy, arm b chemotherapy.",
                lambda: tuple(
                    1 / v
                    for v in reversed(R.odds_ratio_woolf(*_pair("eton2002", "biochemo", "chemo")))
                ),
            ),
            Misconception(
                "log_scale",
                "those are on the log scale; exponentiate to get the odds ratio and its limits.",
                lambda: tuple(
                    math.log(v) for v in R.odds_ratio_woolf(*_pair("eton2002", "biochemo", "chemo"))
                ),
            ),
            Misconception(
                "level_90",
                "that is a 90% interval; the question asks for 95%.",
                lambda: R.odds_ratio_woolf(*_pair("eton2002", "biochemo", "chemo"), 0.90),
            ),
        ),
    )
)


def _source(study: str, column: str):
    return D.sources().set_index("study").loc[study, column]


def _published_before_review(study: str) -> bool:
    """The printed publication month against the review's (2002-11), compared as text; the
    solution calls il2kit.published_after_review instead."""
    return _source(study, "published").strftime("%Y-%m") < "2002-11"


def _pairs_of(keep) -> list[tuple[int, int, int, int]]:
    """The pairs of _melanoma_pairs whose study passes ``keep``."""
    names = ["rosenberg1999", "eton2002", "atkins2008", "johnston1998", "ridolfi2002"]
    return [t for name, t in zip(names, _melanoma_pairs(), strict=True) if keep(name)]


register(
    Exercise(
        id="06.2",
        question="DerSimonian-Laird pooled odds ratio of the melanoma trials with counts published "
        "before the review (November 2002).",
        answer=Answer("number", "an odds ratio"),
        expected_route=lambda: _pooled_or(_pairs_of(_published_before_review)),
        route="the printed publication dates of sources.csv compared with the review's month as "
        "text, then DerSimonian-Laird on the log odds ratio written out with NumPy",
        tolerance=Tolerance(rel=1e-4, why="four significant figures"),
        hint='decide "before" by the printed date with il2kit.published_after_review (the False '
        "ones), then pool the odds ratios of those rows by DerSimonian-Laird.",
        misconceptions=(
            Misconception(
                "by_year",
                "that keeps the trials published before 2002; eton2002 and "
                "ridolfi2002 came out months before the review: use the printed date.",
                lambda: _pooled_or(_pairs_of(lambda s: int(_source(s, "year")) < 2002)),
            ),
            Misconception(
                "all_trials",
                "that pools every trial with counts; keep only those published before the review.",
                lambda: _pooled_or(_melanoma_pairs()),
            ),
            Misconception(
                "fixed_effect",
                "that is the fixed-effect pool; the question asks for "
                "DerSimonian-Laird random effects.",
                lambda: _pooled_or(_pairs_of(_published_before_review), "FE"),
            ),
            Misconception(
                "reversed",
                "that is the pooled odds ratio the other way round; the IL-2 arms are arm a.",
                lambda: 1 / _pooled_or(_pairs_of(_published_before_review)),
            ),
        ),
    )
)


# ----------------------------------------------------------------------------- 07 since 2002
def _mcdermott(arm_key: str) -> tuple[int, int]:
    return D.counts("mcdermott2005", arm_key)


def _atkins2008(column: str) -> float:
    return float(
        Fraction(str(float(D.arm("atkins2008", "bct")[column])))
        - Fraction(str(float(D.arm("atkins2008", "cvd")[column])))
    )


def _first_approval_after_review(disease: str, last: bool = False) -> int:
    tl = D.timeline()
    review = tl.loc[tl["category"].astype(str) == "review", "date"].min()
    approvals = tl[
        (tl["category"].astype(str) == "approval")
        & (tl["disease"].astype(str) == disease)
        & (tl["date"] > review)
    ]
    dates = approvals["date"].sort_values()
    return int(dates.iloc[-1 if last else 0].year - review.year)


register(
    Exercise(
        id="07.1",
        question="Risk difference in mcdermott2005, HD minus SC + IFN, as a proportion.",
        answer=Answer("number", "a difference of proportions"),
        expected_route=lambda: (
            Fraction(*_mcdermott("hd_il2")) - Fraction(*_mcdermott("sc_il2_ifn"))
        ),
        route="exact fractions of the stored counts",
        tolerance=Tolerance(rel=1e-4, why="four significant figures"),
        hint="the two rates from the stored counts (responders / n), HD minus SC + IFN.",
        misconceptions=(
            Misconception(
                "printed_percents",
                "that uses the printed, rounded percentages; compute "
                "the rates from the stored counts.",
                lambda: (
                    (
                        float(D.arm("mcdermott2005", "hd_il2")["orr_pct"])
                        - float(D.arm("mcdermott2005", "sc_il2_ifn")["orr_pct"])
                    )
                    / 100
                ),
            ),
            Misconception(
                "odds_ratio",
                "that is the odds ratio; the question asks for the risk difference.",
                lambda: R.odds_ratio_woolf(*_mcdermott("hd_il2"), *_mcdermott("sc_il2_ifn"))[0],
            ),
            Misconception(
                "percent_points",
                "that is in percentage points; the question asks for a "
                "proportion (0.05 for 5 points).",
                lambda: (
                    100 * (Fraction(*_mcdermott("hd_il2")) - Fraction(*_mcdermott("sc_il2_ifn")))
                ),
            ),
        ),
    )
)

register(
    Exercise(
        id="07.2",
        question="atkins2008: median OS of bct minus cvd, in months.",
        answer=Answer("number", "months"),
        expected_route=lambda: _atkins2008("median_os_months"),
        route="the printed medians subtracted as exact decimals",
        tolerance=Tolerance(rel=1e-6, abs=1e-9, why="printed to 0.1 month: exactly"),
        hint="median_os_months of the two atkins2008 arms, bct minus cvd.",
        misconceptions=(
            Misconception(
                "pfs",
                "that is the difference in median progression-free survival; the "
                "question asks for overall survival.",
                lambda: _atkins2008("median_pfs_months"),
            ),
            Misconception(
                "response",
                "that is the difference in response rate (percentage "
                "points); the question asks for median overall survival.",
                lambda: _atkins2008("orr_pct"),
            ),
            Misconception(
                "ratio",
                "that is a ratio of the medians; the question asks for the difference in months.",
                lambda: (
                    float(D.arm("atkins2008", "bct")["median_os_months"])
                    / float(D.arm("atkins2008", "cvd")["median_os_months"])
                ),
            ),
        ),
    )
)

register(
    Exercise(
        id="07.3",
        question="Whole years from the review (2002) to the first later RCC approval.",
        answer=Answer("count", "years"),
        expected_route=lambda: _first_approval_after_review("rcc"),
        route="the earliest RCC approval dated after the review row, by sorting the dates",
        tolerance=EXACT,
        hint="keep the RCC approvals dated after the review, take the earliest, subtract the "
        "years.",
        misconceptions=(
            Misconception(
                "melanoma",
                "that is the first melanoma approval after the review; the "
                "question asks about renal cell carcinoma.",
                lambda: _first_approval_after_review("melanoma"),
            ),
            Misconception(
                "last",
                "that is the last RCC approval in the timeline; the question "
                "asks for the first one after the review.",
                lambda: _first_approval_after_review("rcc", last=True),
            ),
            Misconception(
                "before_review",
                "that counts back to the first RCC approval ever "
                "(before the review); keep only approvals dated after it.",
                lambda: (
                    int(
                        D.timeline()
                        .query("category == 'approval' and disease == 'rcc'")["date"]
                        .min()
                        .year
                    )
                    - 2002
                ),
            ),
        ),
    )
)


# ----------------------------------------------------------------------------- 18 IL-2 today
def _statement_figure(key: str) -> float:
    import il2kit

    statements = il2kit.load_statements()
    return float(statements.loc[statements["key"] == key, "figure"].iloc[0])


def _lifileucel_counts() -> tuple[int, int]:
    """The one whole number of responders out of the printed n that gives the printed 31.5%,
    found by trying every count with exact fractions (the solution rounds n x rate)."""
    n = int(_statement_figure("lifileucel_orr_n"))
    printed = Fraction(str(_statement_figure("lifileucel_orr")))
    fits = [k for k in range(n + 1) if abs(Fraction(100 * k, n) - printed) <= Fraction(5, 100)]
    if len(fits) != 1:
        raise LookupError(f"{len(fits)} counts of {n} give {printed}%")
    return fits[0], n


def _approval_year(event_id: str) -> int:
    tl = D.timeline()
    return int(tl.loc[tl["event_id"].astype(str) == event_id, "date"].iloc[0].year)


register(
    Exercise(
        id="18.1",
        question="Exact 95% CI of lifileucel's response rate (31.5% of 73), as proportions.",
        answer=CI,
        expected_route=lambda: R.exact_interval(*_lifileucel_counts()),
        route="the count found by trying every whole number with exact fractions, then "
        "Clopper-Pearson limits by root-finding on the binomial tails",
        tolerance=Tolerance(
            rel=1e-4,
            decimals=3,
            why="four significant figures; the notebook prints the interval to 0.1%, "
            "so the limits rounded to 3 decimals pass too",
        ),
        hint="an exact interval needs a count: turn 31.5% of 73 into a whole number of patients "
        "first, then take its exact 95% interval.",
        misconceptions=(
            Misconception(
                "wald",
                "that is the Wald interval (rate +/- 1.96 SE); the question asks "
                "for the exact (Clopper-Pearson) one, the kit's default.",
                lambda: R.wald_interval(*_lifileucel_counts()),
            ),
            Misconception(
                "wilson",
                "that is the Wilson interval; the question asks for the exact one.",
                lambda: R.wilson_interval(*_lifileucel_counts()),
            ),
            Misconception(
                "level_90",
                "that is a 90% interval; the question asks for 95%.",
                lambda: R.exact_interval(*_lifileucel_counts(), 0.90),
            ),
            Misconception(
                "one_responder_off",
                "that is the interval of one responder fewer; "
                "round 31.5% of 73 to the nearest whole patient.",
                lambda: R.exact_interval(_lifileucel_counts()[0] - 1, _lifileucel_counts()[1]),
            ),
        ),
    )
)

register(
    Exercise(
        id="18.2",
        question="Years from the first FDA approval of HD IL-2 to the approval of lifileucel.",
        answer=Answer("count", "years"),
        expected_route=lambda: (
            _approval_year("lifileucel_approval_melanoma") - _approval_year("hd_il2_approval_rcc")
        ),
        route="the two timeline rows read by their event ids",
        tolerance=EXACT,
        hint="take the earliest approval date of timeline.csv and the date of the lifileucel "
        "approval; subtract their years.",
        misconceptions=(
            Misconception(
                "melanoma_approval",
                "that counts from the melanoma approval of HD IL-2; "
                "the first approval was for kidney cancer.",
                lambda: (
                    _approval_year("lifileucel_approval_melanoma")
                    - _approval_year("hd_il2_approval_melanoma")
                ),
            ),
            Misconception(
                "from_review",
                "that counts from the review; the question starts at the "
                "first approval of HD IL-2.",
                lambda: (
                    _approval_year("lifileucel_approval_melanoma")
                    - _approval_year("dutcher2002_review")
                ),
            ),
            Misconception(
                "last_before",
                "that counts from the approval just before lifileucel; "
                "start from the first approval in the timeline.",
                lambda: (
                    _approval_year("lifileucel_approval_melanoma")
                    - _approval_year("pembrolizumab_axitinib_approval_rcc")
                ),
            ),
        ),
    )
)

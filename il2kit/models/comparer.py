"""Response rates of IL-2 regimens, arm by arm and pooled per regimen."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import pandas as pd

from il2kit._validation import check_choice, check_confidence_level
from il2kit.models._base import Model

__all__ = ["ComparerModel", "ComparerResult", "DESIGN_FILTERS", "ENDPOINTS"]

DESIGN_FILTERS: dict[str, tuple[str, ...]] = {
    "all": (
        "phase2",
        "pooled_phase2",
        "series",
        "registry",
        "randomized_phase2",
        "randomized_phase3",
    ),
    "phase2": ("phase2", "pooled_phase2", "series", "registry"),
    "randomized": ("randomized_phase2", "randomized_phase3"),
}
#: endpoint key -> (count column, label)
ENDPOINTS: dict[str, tuple[str, str]] = {
    "orr": ("responders", "Overall response rate"),
    "cr": ("cr", "Complete response rate"),
}
# The regimens preselected for a disease: the comparisons its lesson is about (finding 3 for
# RCC: IL-2 alone by dose and route; finding 5 for melanoma: HD IL-2 and biochemotherapy).
DEFAULT_CATEGORIES = {"rcc": ("il2_alone",), "melanoma": ("il2_alone", "biochemotherapy")}

ARM_COLUMNS = [
    "regimen",
    "regimen_label",
    "label",
    "study",
    "arm",
    "year",
    "design",
    "pmid",
    "responders",
    "n",
    "rate",
    "ci_low",
    "ci_high",
]
POOLED_COLUMNS = ["regimen", "regimen_label", "k", "estimate", "ci_low", "ci_high", "i2", "tau2"]


@dataclass(frozen=True)
class ComparerResult:
    """The arms chosen, their exact CIs and a pooled rate per regimen with two or more arms.

    Attributes
    ----------
    arms : DataFrame
        ``regimen, regimen_label, label, study, arm, year, design, pmid, responders, n, rate,
        ci_low, ci_high``; ``label`` is the study's first author and year; ``responders`` counts
        the endpoint (CR + PR, or CR only).
    pooled : DataFrame
        ``regimen, regimen_label, k, estimate, ci_low, ci_high, i2, tau2``: DerSimonian-Laird
        random effects on the logit scale.
    notes : tuple of str
        What the learner should know about the selection (left-out arms, unpooled regimens).
    """

    disease: str
    endpoint: str
    confidence_level: float
    arms: pd.DataFrame = field(repr=False, compare=False)
    pooled: pd.DataFrame = field(repr=False, compare=False)
    notes: tuple[str, ...] = ()

    @property
    def endpoint_label(self) -> str:
        return ENDPOINTS[self.endpoint][1]

    def to_frame(self) -> pd.DataFrame:
        """The arms, one row each, with readable regimen names (what the CSV download holds)."""
        columns = ["regimen_label", "label", "year", "design", "responders", "n", "rate"]
        return self.arms[[*columns, "ci_low", "ci_high", "pmid", "study", "arm"]].rename(
            columns={"regimen_label": "regimen", "label": "study_label"}
        )

    def __str__(self) -> str:
        disease = {"rcc": "renal cell carcinoma", "melanoma": "melanoma"}[self.disease]
        if self.arms.empty:
            return f"{self.endpoint_label}, {disease}: no arm selected."
        head = (
            f"{self.endpoint_label}, {disease}: {len(self.arms)} arm(s) in "
            f"{self.arms['regimen'].nunique()} regimen(s)."
        )
        pooled = [
            f"{p.regimen_label}: pooled {p.estimate:.1%} ({p.ci_low:.1%} to {p.ci_high:.1%}), "
            f"k = {p.k}, I² = {p.i2:.0f}%"
            for p in self.pooled.itertuples()
        ]
        return f"{head} {'; '.join(pooled)}." if pooled else head


@dataclass
class ComparerModel(Model):
    """What to compare. ``regimens=None`` means the disease's default regimens; an empty tuple
    means none chosen (a note says so, nothing is drawn). Arms that re-count a cohort published
    elsewhere (``same_cohort_as``) are left out, so no patient is counted twice."""

    disease: str = "rcc"
    regimens: tuple[str, ...] | None = None
    endpoint: str = "orr"
    designs: str = "all"
    years: tuple[int, int] = (1985, 2015)
    confidence_level: float = 0.95

    DISEASES: ClassVar[dict[str, str]] = {"rcc": "Renal cell carcinoma", "melanoma": "Melanoma"}

    def regimen_options(self) -> list[tuple[str, str]]:
        """(label, key) of each regimen with at least one arm in this disease."""
        from il2kit.data import load_regimens, load_trials

        check_choice("disease", self.disease, self.DISEASES)
        trials = load_trials()
        used = set(trials.loc[trials["disease"] == self.disease, "regimen"].astype(str))
        return [(r.label, r.regimen) for r in load_regimens().itertuples() if r.regimen in used]

    def default_regimens(self) -> tuple[str, ...]:
        """This disease's regimens in the categories its lesson compares."""
        from il2kit.data import load_regimens

        regimens = load_regimens()
        wanted = regimens["category"].isin(DEFAULT_CATEGORIES[self.disease])
        chosen = set(regimens.loc[wanted, "regimen"].astype(str))
        return tuple(k for _, k in self.regimen_options() if k in chosen)

    def selected_regimens(self) -> tuple[str, ...]:
        return self.default_regimens() if self.regimens is None else tuple(self.regimens)

    def year_range(self) -> tuple[int, int]:
        """First and last publication year in the data (the limits of ``years``)."""
        from il2kit.data import load_trials

        years = load_trials()["year"]
        return int(years.min()), int(years.max())

    def check(self) -> None:
        check_choice("disease", self.disease, self.DISEASES)
        check_choice("endpoint", self.endpoint, ENDPOINTS)
        check_choice("designs", self.designs, DESIGN_FILTERS)
        check_confidence_level(self.confidence_level)
        low, high = self.years
        if low > high:
            raise ValueError(
                f"Invalid years={tuple(self.years)}; the first year must not be after the last."
            )
        known = {k for _, k in self.regimen_options()}
        unknown = [r for r in self.selected_regimens() if r not in known]
        if unknown:
            raise ValueError(
                f"Invalid regimens={unknown}; {self.disease} regimens are {sorted(known)}."
            )

    def compute(self) -> ComparerResult:
        from il2kit.data import load_trials
        from il2kit.evidence import arm_rates

        self.check()
        regimens = self.selected_regimens()
        notes: list[str] = []
        empty = ComparerResult(
            self.disease,
            self.endpoint,
            self.confidence_level,
            pd.DataFrame(columns=ARM_COLUMNS),
            pd.DataFrame(columns=POOLED_COLUMNS),
        )
        if not regimens:
            return _with_notes(empty, ["No regimen chosen: pick at least one regimen."])
        t = load_trials()
        t = t[
            (t["disease"] == self.disease)
            & t["regimen"].isin(regimens)
            & t["design"].isin(DESIGN_FILTERS[self.designs])
            & t["year"].between(*self.years)
            & t["same_cohort_as"].isna()
        ]
        arms = arm_rates(t, endpoint=self.endpoint, confidence_level=self.confidence_level)
        if len(arms) < len(t):
            what = "CR counts" if self.endpoint == "cr" else "response counts"
            notes.append(f"{len(t) - len(arms)} arm(s) left out: the source gives no {what}.")
        if arms.empty:
            notes.append("No arm matches this selection: widen the years or designs.")
            return _with_notes(empty, notes)
        arms = arms.astype({"study": str, "arm": str, "regimen": str, "design": str})
        order = {k: i for i, k in enumerate(regimens)}
        arms = arms.sort_values(
            ["regimen", "year", "study"], key=lambda s: s.map(order) if s.name == "regimen" else s
        ).reset_index(drop=True)[ARM_COLUMNS]
        if (arms["responders"] == 0).any():
            notes.append(
                f"{int((arms['responders'] == 0).sum())} arm(s) with no responders: the exact "
                "CI still has an upper limit."
            )
        pooled, single = _pool_by_regimen(arms, self.confidence_level)
        if single:
            notes.append("Shown without a pooled estimate (one arm only): " + "; ".join(single))
        return ComparerResult(
            self.disease, self.endpoint, self.confidence_level, arms, pooled, tuple(notes)
        )


def _with_notes(result: ComparerResult, notes: list[str]) -> ComparerResult:
    from dataclasses import replace

    return replace(result, notes=tuple(notes))


def _pool_by_regimen(arms: pd.DataFrame, level: float) -> tuple[pd.DataFrame, list[str]]:
    from il2kit.meta import pool_rates

    rows, single = [], []
    for regimen, g in arms.groupby("regimen", sort=False):
        if len(g) < 2:
            single.append(str(g["regimen_label"].iloc[0]))
            continue
        p = pool_rates(
            g["responders"].to_numpy(),
            g["n"].to_numpy(),
            method="DL",
            scale="logit",
            confidence_level=level,
        )
        rows.append(
            {
                "regimen": regimen,
                "regimen_label": g["regimen_label"].iloc[0],
                "k": len(g),
                "estimate": p.estimate,
                "ci_low": p.ci_low,
                "ci_high": p.ci_high,
                "i2": p.i2,
                "tau2": p.tau2,
            }
        )
    return pd.DataFrame(rows, columns=POOLED_COLUMNS), single

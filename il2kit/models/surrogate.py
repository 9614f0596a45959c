"""A synthetic randomized trial in which response can rise while survival does not."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import pandas as pd

from il2kit.models._base import Limit, Model

__all__ = ["SurrogateModel", "SurrogateResult"]


@dataclass(frozen=True)
class SurrogateResult:
    """One synthetic trial with two endpoints.

    Attributes
    ----------
    response : RateComparison
        Experimental (arm ``a``) vs control (arm ``b``) response rates.
    survival : LogRankResult
        Log-rank test of overall survival.
    curves : dict of str to DataFrame
        Kaplan-Meier table of each arm.
    patients : DataFrame
        ``arm, responded, time, event`` (see
        :func:`il2kit.simulate.simulate_response_vs_survival`).
    """

    response: object
    survival: object
    curves: dict[str, pd.DataFrame] = field(repr=False, compare=False)
    medians: dict[str, float] = field(repr=False, compare=False)
    patients: pd.DataFrame = field(repr=False, compare=False)

    def to_frame(self) -> pd.DataFrame:
        """One row per arm: patients, responders, response rate and median survival."""
        counts = self.patients.groupby("arm")["responded"].agg(["sum", "count"])
        return pd.DataFrame(
            {
                "arm": counts.index,
                "n": counts["count"].to_numpy(),
                "responders": counts["sum"].to_numpy(),
                "response_rate": (counts["sum"] / counts["count"]).to_numpy(),
                "median_os_months": [self.medians[a] for a in counts.index],
            }
        )

    def __str__(self) -> str:
        r, s = self.response, self.survival
        return (
            f"Response {r.rate_a:.0%} vs {r.rate_b:.0%} (Fisher p = {r.fisher_pvalue:.3g}); "  # type: ignore[attr-defined]
            f"overall survival log-rank p = {s.pvalue:.3g}. Synthetic data."  # type: ignore[attr-defined]
        )


@dataclass
class SurrogateModel(Model):
    """Inputs: response rates of the two arms and ``os_hr_responders``, the hazard ratio for
    death of responders vs non-responders (1: responding does not change survival, so more
    responses cannot buy longer life)."""

    n_per_arm: int = 200
    control_rate: float = 0.07
    experimental_rate: float = 0.19
    os_hr_responders: float = 1.0
    median_os_control_months: float = 12.0
    seed: int = 5

    LIMITS: ClassVar[dict[str, Limit]] = {
        "control_rate": Limit(0.0, 0.90, 0.01),
        "experimental_rate": Limit(0.0, 0.90, 0.01),
        "os_hr_responders": Limit(0.20, 1.0, 0.01),
    }

    def compute(self) -> SurrogateResult:
        from il2kit.compare import compare_rates
        from il2kit.simulate import simulate_response_vs_survival
        from il2kit.survival import kaplan_meier, logrank

        self.check()
        patients = simulate_response_vs_survival(
            self.n_per_arm,
            self.control_rate,
            self.experimental_rate,
            median_os_control_months=self.median_os_control_months,
            os_hr_responders=self.os_hr_responders,
            rng=self.seed,
        )
        counts = patients.groupby("arm")["responded"].agg(["sum", "count"])
        response = compare_rates(
            int(counts.loc["experimental", "sum"]),
            int(counts.loc["experimental", "count"]),
            int(counts.loc["control", "sum"]),
            int(counts.loc["control", "count"]),
        )
        survival = logrank(patients["time"], patients["event"], patients["arm"])
        fits = {arm: kaplan_meier(g["time"], g["event"]) for arm, g in patients.groupby("arm")}
        return SurrogateResult(
            response,
            survival,
            {arm: km.table for arm, km in fits.items()},
            {arm: km.median for arm, km in fits.items()},
            patients,
        )

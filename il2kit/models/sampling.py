"""Many single-arm trials at one true response rate: how much the observed rate varies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd

from il2kit.models._base import Limit, Model

__all__ = ["SamplingModel", "SamplingResult"]


@dataclass(frozen=True)
class SamplingResult:
    """``n_trials`` simulated trials of ``n`` patients at ``true_rate``.

    Attributes
    ----------
    trials : DataFrame
        One row per trial (see :func:`il2kit.simulate.simulate_single_arm`).
    share_at_or_above : float
        Share of trials whose observed rate reached ``threshold``.
    coverage : float
        Share of trials whose exact CI contains ``true_rate``.
    middle_95 : tuple of float
        The 2.5th and 97.5th percentiles of the observed rates.
    """

    true_rate: float
    n: int
    threshold: float
    share_at_or_above: float
    coverage: float
    middle_95: tuple[float, float]
    trials: pd.DataFrame = field(repr=False, compare=False)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "true_rate": self.true_rate,
                    "n": self.n,
                    "n_trials": len(self.trials),
                    "threshold": self.threshold,
                    "share_at_or_above": self.share_at_or_above,
                    "coverage": self.coverage,
                    "middle_95_low": self.middle_95[0],
                    "middle_95_high": self.middle_95[1],
                }
            ]
        )

    def __str__(self) -> str:
        low, high = self.middle_95
        return (
            f"{len(self.trials):,} trials of {self.n} patients at a true rate of "
            f"{self.true_rate:.0%}: 95% of observed rates lie between {low:.1%} and {high:.1%}; "
            f"{self.share_at_or_above:.1%} reach {self.threshold:.0%}; exact 95% CIs covered "
            f"the true rate in {self.coverage:.1%}"
        )


@dataclass
class SamplingModel(Model):
    """Inputs of the rate sampler: the true rate, patients per trial and a 'promising' threshold."""

    true_rate: float = 0.15
    n: int = 40
    threshold: float = 0.20
    n_trials: int = 5000
    seed: int = 1

    LIMITS: ClassVar[dict[str, Limit]] = {
        "true_rate": Limit(0.01, 0.90, 0.01),
        "n": Limit(5, 500, 5, integer=True),
        "threshold": Limit(0.01, 0.95, 0.01),
    }

    def compute(self) -> SamplingResult:
        from il2kit.simulate import simulate_single_arm

        self.check()
        trials = simulate_single_arm(
            self.true_rate, self.n, n_trials=self.n_trials, threshold=self.threshold, rng=self.seed
        )
        low, high = np.quantile(trials["observed_rate"], [0.025, 0.975])
        return SamplingResult(
            true_rate=self.true_rate,
            n=self.n,
            threshold=self.threshold,
            share_at_or_above=float(trials["above_threshold"].mean()),
            coverage=float(trials["covers"].mean()),
            middle_95=(float(low), float(high)),
            trials=trials,
        )

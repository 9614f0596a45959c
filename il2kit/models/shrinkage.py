"""Pick the winner: the best-looking phase II regimen shrinks in phase III."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import pandas as pd

from il2kit.models._base import Limit, Model

__all__ = ["ShrinkageModel", "ShrinkageResult"]


@dataclass(frozen=True)
class ShrinkageResult:
    """``trials`` has one row per simulated programme (see
    :func:`il2kit.simulate.simulate_pick_the_winner`); the means summarise it."""

    k: int
    true_rate: float
    n_phase2: int
    n_phase3: int
    phase2_mean: float
    phase3_mean: float
    trials: pd.DataFrame = field(repr=False, compare=False)

    @property
    def shrinkage(self) -> float:
        return self.phase2_mean - self.phase3_mean

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "regimens": self.k,
                    "true_rate": self.true_rate,
                    "n_phase2": self.n_phase2,
                    "n_phase3": self.n_phase3,
                    "winner_phase2_mean": self.phase2_mean,
                    "winner_phase3_mean": self.phase3_mean,
                    "shrinkage": self.shrinkage,
                }
            ]
        )

    def __str__(self) -> str:
        return (
            f"Best of {self.k} regimens (all truly {self.true_rate:.0%}): phase II rate averaged "
            f"{self.phase2_mean:.1%}, phase III {self.phase3_mean:.1%} "
            f"({len(self.trials):,} simulated programmes)"
        )


@dataclass
class ShrinkageModel(Model):
    """Inputs: ``k`` equally good regimens at ``true_rate``, ``n_phase2`` patients each; the
    winner is retested in ``n_phase3`` patients."""

    k: int = 4
    true_rate: float = 0.15
    n_phase2: int = 40
    n_phase3: int = 200
    n_trials: int = 4000
    seed: int = 3

    LIMITS: ClassVar[dict[str, Limit]] = {
        "k": Limit(2, 10, 1, integer=True),
        "true_rate": Limit(0.01, 0.90, 0.01),
        "n_phase2": Limit(10, 300, 5, integer=True),
    }

    def compute(self) -> ShrinkageResult:
        from il2kit.simulate import simulate_pick_the_winner

        self.check()
        trials = simulate_pick_the_winner(
            [self.true_rate] * self.k,
            self.n_phase2,
            self.n_phase3,
            n_trials=self.n_trials,
            rng=self.seed,
        )
        return ShrinkageResult(
            self.k,
            self.true_rate,
            self.n_phase2,
            self.n_phase3,
            float(trials["phase2_rate"].mean()),
            float(trials["phase3_rate"].mean()),
            trials,
        )

"""Simon's two-stage designs as a learner explores them: both designs, their curves, a check."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd

from il2kit.models._base import Limit, Model

__all__ = ["SimonModel", "SimonResult"]


@dataclass(frozen=True)
class SimonResult:
    """The optimal and minimax designs for one set of inputs.

    Attributes
    ----------
    optimal, minimax : SimonDesign
    curves : DataFrame
        ``criterion, p, prob_reject_null, pet, en`` over a grid of true rates.
    simulation : DataFrame
        ``criterion, true_rate_name, true_rate, exact, simulated, mc_se``: the exact probability of
        declaring the regimen promising beside the share of simulated trials that did.
    """

    optimal: object
    minimax: object
    curves: pd.DataFrame = field(repr=False, compare=False)
    simulation: pd.DataFrame = field(repr=False, compare=False)

    @property
    def designs(self) -> dict:
        return {"optimal": self.optimal, "minimax": self.minimax}

    def to_frame(self) -> pd.DataFrame:
        """One row per design: its rule, EN0, PET0 and exact error rates."""
        rows = [asdict(d) for d in self.designs.values()]  # type: ignore[call-overload]
        columns = ["criterion", "r1", "n1", "r", "n", "en0", "pet0", "alpha_actual"]
        return pd.DataFrame(rows)[[*columns, "power_actual"]]

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.designs.values())


@dataclass
class SimonModel(Model):
    """Inputs of the Simon designer: ``p0`` (uninteresting rate), ``p1`` (target rate), the error
    rates and the largest total sample size searched.

    ``nmax`` is capped at 300 here (the engine accepts 1000) so that every setting redraws
    quickly; the simulation check uses ``n_trials`` synthetic trials per rate.
    """

    p0: float = 0.05
    p1: float = 0.20
    alpha: float = 0.05
    beta: float = 0.20
    nmax: int = 100
    n_trials: int = 4000
    seed: int = 2002

    LIMITS: ClassVar[dict[str, Limit]] = {
        "p0": Limit(0.01, 0.90, 0.01),
        "p1": Limit(0.02, 0.95, 0.01),
        "alpha": Limit(0.01, 0.30, 0.01),
        "beta": Limit(0.05, 0.45, 0.01),
        "nmax": Limit(10, 300, 10, integer=True),
    }

    def compute(self) -> SimonResult:
        from il2kit.design import InfeasibleDesignError, simon_design
        from il2kit.simulate import simon_monte_carlo

        self.check()
        try:
            optimal, minimax = (
                simon_design(
                    self.p0, self.p1, alpha=self.alpha, beta=self.beta, criterion=c, nmax=self.nmax
                )
                for c in ("optimal", "minimax")
            )
        except InfeasibleDesignError as exc:
            if self.nmax < self.LIMITS["nmax"].high:
                raise  # its message says: increase nmax (the slider can)
            raise InfeasibleDesignError(
                f"No design with n <= {self.nmax}, the largest nmax this designer searches. "
                f"Widen the gap between p0={self.p0:g} and p1={self.p1:g}, or raise "
                f"alpha={self.alpha:g} / beta={self.beta:g}; or search further in code with "
                f"il2kit.simon_design({self.p0:g}, {self.p1:g}, alpha={self.alpha:g}, "
                f"beta={self.beta:g}, nmax=1000)."
            ) from exc
        grid = np.linspace(0.0, min(1.0, self.p1 + 0.3), 61)
        curves = pd.concat(
            [
                d.operating_characteristics(grid).assign(criterion=d.criterion)
                for d in (optimal, minimax)
            ],
            ignore_index=True,
        )
        # the engine's Monte-Carlo check (one stream, design by design, p0 then p1); the MC SE
        # shown is the one expected if the exact probability is right
        check = simon_monte_carlo(
            [optimal, minimax], [self.p0, self.p1], n_trials=self.n_trials, rng=self.seed
        )
        check = check[check["quantity"] == "P(promising)"].reset_index(drop=True)
        names = {self.p0: "p0", self.p1: "p1"}
        simulation = pd.DataFrame(
            {
                "criterion": check["criterion"],
                "true_rate_name": check["true_rate"].map(names),
                "true_rate": check["true_rate"],
                "exact": check["exact"],
                "simulated": check["simulated"],
                "mc_se": np.sqrt(check["exact"] * (1 - check["exact"]) / self.n_trials),
            }
        )
        return SimonResult(optimal, minimax, curves, simulation)

"""Patients per arm to tell two response rates apart, and how fast that number grows."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar

import numpy as np
import pandas as pd

from il2kit._validation import check_choice
from il2kit.models._base import Limit, Model

__all__ = ["SampleSizeModel", "SampleSizeResult"]

#: Within this distance of ``rate_a`` the curve is left empty (thousands of patients per arm).
CURVE_GAP = 0.03


@dataclass(frozen=True)
class SampleSizeResult:
    """Patients per arm for ``rate_a`` vs ``rate_b``, with the curve over ``rate_b``.

    ``curve`` has columns ``rate_b`` and ``n_per_arm`` (NaN within ``CURVE_GAP`` of ``rate_a``,
    which also breaks the drawn line there instead of bridging it).
    """

    rate_a: float
    rate_b: float
    alpha: float
    power: float
    method: str
    n_per_arm: int
    curve: pd.DataFrame = field(repr=False, compare=False)

    @property
    def n_total(self) -> int:
        return 2 * self.n_per_arm

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "rate_a": self.rate_a,
                    "rate_b": self.rate_b,
                    "alpha": self.alpha,
                    "power": self.power,
                    "method": self.method,
                    "n_per_arm": self.n_per_arm,
                    "n_total": self.n_total,
                }
            ]
        )

    def __str__(self) -> str:
        return (
            f"{self.n_per_arm:,} patients per arm ({self.n_total:,} in all) to tell "
            f"{self.rate_a:.0%} from {self.rate_b:.0%} with power {self.power:.0%} at two-sided "
            f"alpha {self.alpha:g} ({self.method})"
        )


@dataclass
class SampleSizeModel(Model):
    """Inputs of the sample-size planner: the two response rates, alpha, power and the formula
    (``"normal"``: R's ``power.prop.test``; ``"arcsine"``: ``pwr::pwr.2p.test``)."""

    rate_a: float = 0.15
    rate_b: float = 0.20
    alpha: float = 0.05
    power: float = 0.80
    method: str = "normal"

    LIMITS: ClassVar[dict[str, Limit]] = {
        "rate_a": Limit(0.01, 0.95, 0.01),
        "rate_b": Limit(0.01, 0.95, 0.01),
        "alpha": Limit(0.01, 0.20, 0.01),
        "power": Limit(0.50, 0.99, 0.01),
    }
    METHODS: ClassVar[dict[str, str]] = {
        "normal": "Normal approximation (R's power.prop.test)",
        "arcsine": "Arcsine, Cohen's h (R's pwr.2p.test)",
    }

    def compute(self) -> SampleSizeResult:
        from il2kit.design import sample_size_two_rates

        self.check()
        check_choice("method", self.method, self.METHODS)
        if abs(self.rate_a - self.rate_b) < 1e-9:
            raise ValueError(
                f"Invalid rate_a={self.rate_a:g}, rate_b={self.rate_b:g}; the two rates must "
                "differ (no trial can tell equal rates apart)."
            )
        n = sample_size_two_rates(
            self.rate_a, self.rate_b, alpha=self.alpha, power=self.power, method=self.method
        )
        grid, ns = _curve(self.rate_a, self.alpha, self.power, self.method)
        curve = pd.DataFrame({"rate_b": grid, "n_per_arm": ns})
        return SampleSizeResult(
            self.rate_a, self.rate_b, self.alpha, self.power, self.method, n, curve
        )


@lru_cache(maxsize=64)
def _curve(
    rate_a: float, alpha: float, power: float, method: str
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Cached: moving the ``rate_b`` slider redraws the same curve (about 45 root-findings)."""
    from il2kit.design import sample_size_two_rates

    grid = np.round(np.arange(0.02, 0.96, 0.02), 2)
    ns = [
        float(sample_size_two_rates(rate_a, float(r), alpha=alpha, power=power, method=method))
        if abs(r - rate_a) >= CURVE_GAP - 1e-9
        else np.nan
        for r in grid
    ]
    return tuple(grid.tolist()), tuple(ns)

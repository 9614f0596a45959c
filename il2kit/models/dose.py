"""Dose arithmetic for an IL-2 schedule, as the dose calculator shows it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from il2kit._validation import check_choice
from il2kit.models._base import Limit, Model

__all__ = ["DoseModel"]


@dataclass
class DoseModel(Model):
    """Inputs of the dose calculator; :meth:`compute` returns a :class:`il2kit.dosing.DoseResult`.

    ``max_doses`` of 0 means no cap on doses per cycle.
    """

    dose: float = 600_000
    unit: str = "IU/kg"
    weight_kg: float = 70.0
    height_cm: float = 170.0
    doses_per_day: int = 3
    days: int = 5
    max_doses: int = 14

    UNITS: ClassVar[dict[str, str]] = {"IU/kg": "IU per kg", "MIU/m2": "million IU per m²"}
    LIMITS: ClassVar[dict[str, Limit]] = {
        "weight_kg": Limit(25, 250, 1),
        "height_cm": Limit(100, 230, 1),
        "doses_per_day": Limit(1, 6, 1, integer=True),
        "days": Limit(1, 28, 1, integer=True),
        "max_doses": Limit(0, 200, 1, integer=True),
    }

    def compute(self):  # -> DoseResult
        from il2kit.dosing import il2_dose

        self.check()
        check_choice("unit", self.unit, self.UNITS)
        return il2_dose(
            self.dose,
            unit=self.unit,
            weight_kg=self.weight_kg,
            height_cm=self.height_cm,
            doses_per_day=self.doses_per_day,
            days=self.days,
            max_doses=self.max_doses or None,
        )

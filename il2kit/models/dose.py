"""Dose arithmetic for a published IL-2 schedule, as the dose calculator shows it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from il2kit.models._base import Limit, Model

__all__ = ["DoseModel", "DOSE_DISCLAIMER"]

DOSE_DISCLAIMER = (
    "For learning the arithmetic of historical regimens only: not for prescribing. High-dose "
    "IL-2 was given only in experienced centres with intensive-care support, to carefully "
    "selected patients."
)


@dataclass
class DoseModel(Model):
    """Inputs of the dose calculator: a published schedule (``data/dose_schedules.csv``), a dose
    (None: the schedule's own; a typed dose is checked against the regimen's published doses)
    and the patient's size. :meth:`compute` returns a :class:`il2kit.dosing.ScheduleDose`."""

    schedule: str = "hd600_label"
    dose: float | None = None
    weight_kg: float = 70.0
    height_cm: float = 170.0

    LIMITS: ClassVar[dict[str, Limit]] = {
        "weight_kg": Limit(25, 250, 1),
        "height_cm": Limit(100, 230, 1),
    }

    def schedule_options(self) -> list[tuple[str, str]]:
        """(label, key) of every published schedule: regimen, dose, source."""
        from il2kit.data import load_dose_schedules, load_regimens
        from il2kit.evidence import source_label

        labels = load_regimens().set_index("regimen")["label"].astype(str)
        return [
            (
                f"{labels[r.regimen]}: {r.dose:,g} {r.unit}, {r.step} ({source_label(r.study)})",
                r.schedule,
            )
            for r in load_dose_schedules().itertuples()
        ]

    def published_dose(self) -> float:
        from il2kit.data import load_dose_schedules

        doses = load_dose_schedules().set_index("schedule")["dose"]
        return float(doses[self.schedule])

    def compute(self):  # -> ScheduleDose
        from il2kit.dosing import schedule_dose

        self.check()
        return schedule_dose(
            self.schedule, weight_kg=self.weight_kg, height_cm=self.height_cm, dose=self.dose
        )

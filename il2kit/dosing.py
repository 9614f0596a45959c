"""IL-2 dose arithmetic: per-kilogram and per-square-metre doses, doses per cycle.

The arithmetic is simple enough to write here; what matters for teaching is that impossible
inputs are refused with a message that says what is allowed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from il2kit._validation import (
    check_choice,
    check_given,
    check_int_range,
    check_number_in_range,
)

__all__ = ["DoseResult", "il2_dose", "body_surface_area"]

UNITS = ("IU/kg", "MIU/m2")


def body_surface_area(height_cm: float, weight_kg: float) -> float:
    """Body surface area in m² by Mosteller's formula, sqrt(height_cm * weight_kg / 3600).

    References
    ----------
    Mosteller RD. Simplified calculation of body-surface area. N Engl J Med 1987;317(17):1098.

    Examples
    --------
    >>> round(body_surface_area(170, 70), 3)
    1.818
    """
    h = check_number_in_range("height_cm", height_cm, 100, 230, "cm")
    w = check_number_in_range("weight_kg", weight_kg, 25, 250, "kg")
    return math.sqrt(h * w / 3600)


@dataclass(frozen=True)
class DoseResult:
    """One regimen's dose arithmetic for one patient (IL-2 in million IU, MIU)."""

    per_dose_miu: float
    doses_per_cycle: int
    per_day_miu: float
    per_cycle_miu: float

    def __str__(self) -> str:
        return (
            f"{self.per_dose_miu:.1f} MIU per dose x {self.doses_per_cycle} doses = "
            f"{self.per_cycle_miu:.0f} MIU per cycle ({self.per_day_miu:.1f} MIU per day)"
        )


def il2_dose(
    dose: float,
    *,
    unit: str = "IU/kg",
    weight_kg: float,
    height_cm: float | None = None,
    doses_per_day: int = 3,
    days: int = 5,
    max_doses: int | None = None,
) -> DoseResult:
    """Dose per administration, per day and per cycle.

    Parameters
    ----------
    dose : float
        The regimen's dose: in IU per kg (``unit="IU/kg"``, e.g. 600000 for high-dose IV bolus)
        or in million IU per m² (``unit="MIU/m2"``, e.g. a subcutaneous regimen).
    unit : {"IU/kg", "MIU/m2"}
    weight_kg, height_cm : float
        The patient's weight (25-250 kg) and height (100-230 cm). The height is needed for
        per-m² doses; for per-kg doses it is optional, but checked when given (a mistyped
        height is reported rather than silently ignored).
    doses_per_day : int
        Administrations per day, 1-6 (every 8 hours is 3).
    days : int
        Treatment days in the cycle, 1-28.
    max_doses : int, optional
        A cap on doses per cycle (high-dose courses allowed at most 14; doses were often
        held for toxicity, so patients received fewer).

    Raises
    ------
    ValueError
        A number outside its range (the message gives the range and unit), NaN, a missing
        ``height_cm`` for a per-m² dose, or an unknown ``unit``.
    TypeError
        A value that is not a number (a string, None or a bool), or a non-string ``unit``.

    Examples
    --------
    >>> print(il2_dose(600000, weight_kg=70, doses_per_day=3, days=5, max_doses=14))
    42.0 MIU per dose x 14 doses = 588 MIU per cycle (126.0 MIU per day)
    """
    unit = check_choice("unit", unit, UNITS)
    weight = check_number_in_range("weight_kg", weight_kg, 25, 250, "kg")
    height = (
        None if height_cm is None else check_number_in_range("height_cm", height_cm, 100, 230, "cm")
    )
    per_day_count = check_int_range("doses_per_day", doses_per_day, 1, 6)
    n_days = check_int_range("days", days, 1, 28)
    if unit == "IU/kg":
        amount = check_number_in_range("dose", dose, 1, 1_000_000, "IU/kg")
        per_dose = amount * weight / 1e6
    else:
        height = check_given("height_cm", height, "for a dose in MIU/m2 (body surface area)")
        amount = check_number_in_range("dose", dose, 0.01, 100, "MIU/m2")
        per_dose = amount * body_surface_area(height, weight)
    count = per_day_count * n_days
    if max_doses is not None:
        count = min(count, check_int_range("max_doses", max_doses, 1, 200))
    return DoseResult(
        per_dose_miu=per_dose,
        doses_per_cycle=count,
        per_day_miu=per_dose * per_day_count,
        per_cycle_miu=per_dose * count,
    )

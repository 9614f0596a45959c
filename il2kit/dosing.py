"""IL-2 dose arithmetic: per-kilogram and per-square-metre doses, doses per cycle.

The arithmetic is simple enough to write here; what matters for teaching is that impossible
inputs are refused with a message that says what is allowed.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import pandas as pd

from il2kit._validation import (
    check_choice,
    check_given,
    check_int_range,
    check_number_in_range,
)

__all__ = ["DoseResult", "ScheduleDose", "il2_dose", "schedule_dose", "body_surface_area"]

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
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        return (
            f"{self.per_dose_miu:.1f} MIU per dose x {self.doses_per_cycle} doses = "
            f"{self.per_cycle_miu:.0f} MIU per cycle ({self.per_day_miu:.1f} MIU per day)"
        )

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame with every field as a column (notes joined)."""
        row = asdict(self)
        row["notes"] = " ".join(self.notes)
        return pd.DataFrame([row])


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
    """Dose per administration, per day and per cycle: the arithmetic for any dose.

    This function does not know which regimen is meant. A dose that is not a published dose of
    any schedule in ``data/dose_schedules.csv`` (in that unit) is still worked out, and flagged
    in ``notes`` (a tenfold slip is named). :func:`schedule_dose` works out a named published
    schedule with its own caps. Historical and educational; not for prescribing.

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
        A cap on doses per cycle: up to 14 in the licensed 600,000 IU/kg schedule, 15 in the NCI
        720,000 IU/kg schedule; a course is two cycles (up to 28 doses in the label). Doses were
        often held for toxicity, so patients received fewer. :func:`schedule_dose` takes the caps
        from the published schedules.

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
        notes=tuple(_unpublished_dose_notes(amount, unit)),
    )


def _unpublished_dose_notes(amount: float, unit: str, regimen: str | None = None) -> list[str]:
    """A note when ``amount`` is not a published dose (of ``regimen``, or of any regimen).

    The note lists the published doses, names a tenfold slip and the regimen whose dose it is.
    """
    from il2kit.data import load_dose_schedules, load_regimens

    schedules = load_dose_schedules()
    labels = load_regimens().set_index("regimen")["label"].astype(str)
    same_unit = schedules[schedules["unit"] == unit]
    candidates = same_unit if regimen is None else same_unit[same_unit["regimen"] == regimen]
    own = sorted({float(d) for d in candidates["dose"]})
    if any(math.isclose(amount, d, rel_tol=1e-9) for d in own):
        return []
    listed = " or ".join(f"{d:,g}" for d in own)
    whose = "any published schedule" if regimen is None else labels[regimen]
    note = f"{amount:,g} {unit} is not a published dose of {whose} ({listed} {unit})."
    tenfold = [d for d in own if math.isclose(amount * 10, d) or math.isclose(amount, d * 10)]
    if tenfold:
        note += f" It is a tenfold slip from {tenfold[0]:,g} {unit}: check the zeros."
    if regimen is not None:
        others = same_unit[(same_unit["regimen"] != regimen) & (same_unit["dose"] == amount)]
        if len(others):
            note += f" It is the dose of {labels[str(others['regimen'].iloc[0])]}."
    return [note]


# --------------------------------------------------------------------------- published schedules


@dataclass(frozen=True)
class ScheduleDose:
    """One published IL-2 schedule worked out for one patient (amounts in million IU, MIU).

    ``per_cycle_miu`` and ``per_course_miu`` are None where the source prints no cap on doses
    per cycle or course. ``published`` is False when ``dose`` is not one of the regimen's
    published doses (``notes`` then says so, and names the regimen whose dose it is, if any).
    """

    schedule: str
    regimen: str
    regimen_label: str
    study: str
    dose: float
    unit: str
    published: bool
    licensed: bool
    per_dose_miu: float
    max_doses_per_cycle: int | None
    per_cycle_miu: float | None
    cycles_per_course: int | None
    max_doses_per_course: int | None
    per_course_miu: float | None
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = f"{self.per_dose_miu:,.1f} MIU per dose ({self.dose:,g} {self.unit})"
        if self.per_cycle_miu is not None:
            text += (
                f"; up to {self.max_doses_per_cycle} doses = {self.per_cycle_miu:,.0f} MIU "
                "per cycle"
            )
        if self.per_course_miu is not None:
            text += f"; up to {self.per_course_miu:,.0f} MIU per course"
        return text

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame with every field as a column (notes joined)."""
        row = asdict(self)
        row["notes"] = " ".join(self.notes)
        return pd.DataFrame([row])


def schedule_dose(
    schedule: str,
    *,
    weight_kg: float,
    height_cm: float | None = None,
    dose: float | None = None,
) -> ScheduleDose:
    """Work out a published schedule of ``data/dose_schedules.csv`` for one patient.

    Parameters
    ----------
    schedule : str
        A ``schedule`` key of ``dose_schedules.csv``, e.g. ``"hd600_label"``.
    weight_kg, height_cm : float
        The patient's weight (25-250 kg) and height (100-230 cm; needed for MIU/m² doses).
    dose : float, optional
        A dose typed in the schedule's unit; by default the schedule's own. A dose that is not
        one of the regimen's published doses is worked out but flagged in ``notes`` (a tenfold
        slip such as 72,000 for 720,000 IU/kg is named as such).

    Notes
    -----
    Per dose: ``dose x weight`` (IU/kg), ``dose x body surface area`` (MIU/m², Mosteller) or the
    dose itself (a flat dose in MIU). A cycle is the run of doses between rests (e.g. up to 14
    doses every 8 hours over 5 days); a course is the cycles given together (two, in the
    high-dose schedules). Only the caps the source prints are used.

    Examples
    --------
    >>> d = schedule_dose("hd600_label", weight_kg=70)
    >>> d.per_dose_miu, d.per_cycle_miu, d.per_course_miu
    (42.0, 588.0, 1176.0)
    >>> schedule_dose("hd720_nci_yang1994", weight_kg=70, dose=72_000).notes[0][:60]
    '72,000 IU/kg is not a published dose of High-dose IV bolus I'
    """
    from il2kit._validation import check_key
    from il2kit.data import load_dose_schedules, load_regimens

    schedules = load_dose_schedules().set_index("schedule")
    check_key("schedule", schedule, list(schedules.index))
    row = schedules.loc[schedule]
    weight = check_number_in_range("weight_kg", weight_kg, 25, 250, "kg")
    unit = str(row["unit"])
    published_dose = float(row["dose"])
    amount = (
        published_dose if dose is None else check_number_in_range("dose", dose, 1e-9, 1e9, unit)
    )
    if unit == "IU/kg":
        per_dose = amount * weight / 1e6
    elif unit == "MIU/m2":
        if height_cm is None:
            raise ValueError("`height_cm` is needed for a dose in MIU/m2 (body surface area).")
        per_dose = amount * body_surface_area(height_cm, weight)
    else:  # a flat dose, the same for every patient
        per_dose = amount
    labels = load_regimens().set_index("regimen")["label"].astype(str)
    regimen = str(row["regimen"])
    notes = _unpublished_dose_notes(amount, unit, regimen)
    published = not notes
    licensed = bool(row["licensed"] == "yes") and published and math.isclose(amount, published_dose)
    notes.append(
        "The licensed schedule (US label): HD IV bolus 600,000 IU/kg."
        if licensed
        else "Investigational: studied in trials, never licensed at this dose and schedule."
    )

    def count(column: str) -> int | None:
        value = row[column]
        return None if pd.isna(value) else int(value)

    per_cycle_cap = count("max_doses_per_cycle")
    per_course_cap, cycles = count("max_doses_per_course"), count("cycles_per_course")
    if per_course_cap is None and per_cycle_cap is not None and cycles is not None:
        per_course_cap = per_cycle_cap * cycles
    return ScheduleDose(
        schedule=schedule,
        regimen=regimen,
        regimen_label=labels[regimen],
        study=str(row["study"]),
        dose=amount,
        unit=unit,
        published=published,
        licensed=licensed,
        per_dose_miu=per_dose,
        max_doses_per_cycle=per_cycle_cap,
        per_cycle_miu=None if per_cycle_cap is None else per_dose * per_cycle_cap,
        cycles_per_course=cycles,
        max_doses_per_course=per_course_cap,
        per_course_miu=None if per_course_cap is None else per_dose * per_course_cap,
        notes=tuple(notes),
    )

"""DoseCalculator: IU/kg and MIU/m² arithmetic for the regimens of the era."""

from __future__ import annotations

import html

import ipywidgets as w

from il2kit.models import DoseModel
from il2kit.widgets._view import ResultView, described, number_box


class DoseCalculator(ResultView):
    """Type a dose, a patient's size and a schedule; see the dose per administration, per day and
    per cycle. Impossible values (e.g. a weight of 0 kg) give a message saying what is allowed."""

    def __init__(self, model: DoseModel | None = None) -> None:
        m = model or DoseModel()
        self.summary = w.HTML()
        super().__init__(
            m,
            {
                "dose": number_box(m, "dose", "Dose", "The regimen's dose in the unit below"),
                "unit": described(
                    w.Dropdown(
                        options=[(v, k) for k, v in m.UNITS.items()],
                        value=m.unit,
                        description="Unit",
                    ),
                    "Per kilogram of body weight or per square metre of body surface",
                ),
                "weight_kg": number_box(m, "weight_kg", "Weight (kg)", "Patient weight, 25-250 kg"),
                "height_cm": number_box(
                    m, "height_cm", "Height (cm)", "Patient height, 100-230 cm"
                ),
                "doses_per_day": number_box(
                    m, "doses_per_day", "Doses per day", "Every 8 hours = 3 per day"
                ),
                "days": number_box(m, "days", "Days", "Treatment days per cycle"),
                "max_doses": number_box(
                    m, "max_doses", "Max doses per cycle (0 = none)", "Cap on doses per cycle"
                ),
            },
            title="IL-2 dose calculator",
            figsize=lambda result: (7.0, 2.6),
            extra=[self.summary],
        )

    def after_refresh(self, result) -> None:
        self.summary.value = "" if result is None else f"<b>{html.escape(str(result))}</b>"

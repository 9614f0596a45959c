"""DoseCalculator: IU/kg and MIU/m² arithmetic for the regimens of the era."""

from __future__ import annotations

import html

import ipywidgets as w
from matplotlib.figure import Figure

from il2kit.dosing import DoseResult, il2_dose
from il2kit.widgets._view import FigureView, labelled


class DoseCalculator(FigureView):
    """Type a dose, a patient's size and a schedule; see the dose per administration, per day
    and per cycle. Impossible values (e.g. a weight of 0 kg) give a message saying what is allowed.
    """

    figsize = (7.0, 2.6)

    def __init__(self) -> None:
        self.dose = labelled(
            w.FloatText(value=600000, description="Dose"),
            "The regimen's dose in the unit chosen below",
        )
        self.unit = labelled(
            w.Dropdown(options=["IU/kg", "MIU/m2"], value="IU/kg", description="Unit"),
            "Per kilogram or per square metre",
        )
        self.weight = labelled(
            w.FloatText(value=70, description="Weight (kg)"), "Patient weight, 25-250 kg"
        )
        self.height = labelled(
            w.FloatText(value=170, description="Height (cm)"),
            "Patient height, 100-230 cm (for MIU/m2)",
        )
        self.per_day = labelled(
            w.BoundedIntText(value=3, min=1, max=6, description="Doses per day"),
            "Every 8 hours = 3 per day",
        )
        self.days = labelled(
            w.BoundedIntText(value=5, min=1, max=28, description="Days"), "Treatment days per cycle"
        )
        self.cap = labelled(
            w.BoundedIntText(value=14, min=0, max=200, description="Max doses (0 = none)"),
            "Cap on doses per cycle; high-dose courses allowed at most 14",
        )
        self.result: DoseResult | None = None
        self.summary = w.HTML()
        super().__init__(
            [
                self.dose,
                self.unit,
                self.weight,
                self.height,
                self.per_day,
                self.days,
                self.cap,
                self.summary,
            ],
            description="IL-2 dose calculator",
        )
        self.refresh()

    def update_model(self) -> None:
        self.result = il2_dose(
            self.dose.value,
            unit=self.unit.value,
            weight_kg=self.weight.value,
            height_cm=self.height.value,
            doses_per_day=self.per_day.value,
            days=self.days.value,
            max_doses=self.cap.value or None,
        )
        self.summary.value = f"<b>{html.escape(str(self.result))}</b>"

    def draw(self, fig: Figure) -> None:
        r = self.result
        if r is None:  # update_model failed; refresh() shows its message instead
            return
        ax = fig.add_subplot()
        labels = ["per dose", "per day", "per cycle"]
        values = [r.per_dose_miu, r.per_day_miu, r.per_cycle_miu]
        ax.barh(labels, values, color="#0072B2")
        for y, v in enumerate(values):
            ax.annotate(
                f"{v:,.1f} MIU", xy=(v, y), xytext=(4, 0), textcoords="offset points", va="center"
            )
        ax.set_xlabel("IL-2 (million IU)")
        ax.set_xlim(0, max(values) * 1.3)

"""DoseCalculator: the arithmetic of the published IL-2 schedules, per dose, cycle and course."""

from __future__ import annotations

import html

import ipywidgets as w

from il2kit.models import DoseModel
from il2kit.models.dose import DOSE_DISCLAIMER
from il2kit.widgets._view import ResultView, described, number_box


class DoseCalculator(ResultView):
    """Choose a published schedule and a patient's size; see IL-2 per dose, per cycle and per
    course. A typed dose that is not one of the regimen's published doses is flagged (a tenfold
    slip is named); impossible sizes give a message saying what is allowed."""

    def __init__(self, model: DoseModel | None = None) -> None:
        m = model or DoseModel()
        self.summary = w.HTML()
        self.schedule = described(
            w.Dropdown(options=m.schedule_options(), value=m.schedule, description="Schedule"),
            "A published schedule: regimen, dose and source",
        )
        self.schedule.layout = w.Layout(width="760px")
        dose = number_box(m, "dose", "Dose", "The dose in the schedule's unit")
        if m.dose is None:  # the schedule's own: shown in the box before the first draw
            dose.value = m.published_dose()
        super().__init__(
            m,
            {
                "schedule": self.schedule,
                "dose": dose,
                "weight_kg": number_box(m, "weight_kg", "Weight (kg)", "Patient weight, 25-250 kg"),
                "height_cm": number_box(
                    m, "height_cm", "Height (cm)", "Patient height, 100-230 cm"
                ),
            },
            title="IL-2 dose calculator",
            intro=DOSE_DISCLAIMER,
            figsize=lambda result: (7.0, 2.6),
            extra=[self.summary],
        )

    def _on_change(self, change: dict) -> None:
        """A new schedule takes its own published dose (``dose=None`` in the model), shown in
        the dose box: one schedule change is one draw, never a first one with the old dose."""
        if change["owner"] is not self.schedule:
            super()._on_change(change)
            return
        self.model.schedule, self.model.dose = change["new"], None
        box = self.controls["dose"]
        box.unobserve(self._on_change, names="value")
        try:
            box.value = self.model.published_dose()
        finally:
            box.observe(self._on_change, names="value")
        self.refresh()

    def after_refresh(self, result) -> None:
        self.summary.value = "" if result is None else f"<b>{html.escape(str(result))}</b>"

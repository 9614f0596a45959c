"""SurrogateSimulator: a randomized trial in which response can rise while survival does not."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from il2kit.widgets._view import FigureView, float_slider


@dataclass
class SurrogateModel:
    """One synthetic randomized trial with response and overall survival (OS).

    ``os_hr_responders`` is the hazard ratio for death of responders vs non-responders: 1 means
    responding does not change survival, so more responses cannot buy longer life.
    """

    n_per_arm: int = 200
    rate_control: float = 0.07
    rate_experimental: float = 0.19
    os_hr_responders: float = 1.0
    median_os_control_months: float = 12.0
    seed: int = 5

    def patients(self) -> pd.DataFrame:
        """Synthetic patients: ``arm, responded, time, event``
        (see :func:`il2kit.simulate.simulate_response_vs_survival`)."""
        from il2kit.simulate import simulate_response_vs_survival

        return simulate_response_vs_survival(
            self.n_per_arm,
            self.rate_control,
            self.rate_experimental,
            median_os_control_months=self.median_os_control_months,
            os_hr_responders=self.os_hr_responders,
            rng=self.seed,
        )

    def summary(self, patients: pd.DataFrame | None = None) -> dict:
        """Observed response rates, the Fisher p of response and the log-rank p of survival."""
        from il2kit.compare import compare_rates
        from il2kit.survival import logrank

        patients = self.patients() if patients is None else patients
        counts = patients.groupby("arm")["responded"].agg(["sum", "count"])
        response = compare_rates(
            int(counts.loc["experimental", "sum"]),
            int(counts.loc["experimental", "count"]),
            int(counts.loc["control", "sum"]),
            int(counts.loc["control", "count"]),
        )
        survival = logrank(patients["time"], patients["event"], patients["arm"])
        return {
            "response_experimental": response.rate_a,
            "response_control": response.rate_b,
            "response_p": response.fisher_pvalue,
            "survival_p": survival.pvalue,
        }

    def curves(self, patients: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
        """Kaplan-Meier table of each arm."""
        from il2kit.survival import kaplan_meier

        patients = self.patients() if patients is None else patients
        return {
            arm: kaplan_meier(g["time"], g["event"]).table for arm, g in patients.groupby("arm")
        }


class SurrogateSimulator(FigureView):
    """Sliders for the response rates and for how much responding changes survival; the
    synthetic trial's Kaplan-Meier curves and both tests."""

    def __init__(self, model: SurrogateModel | None = None) -> None:
        self.model = model or SurrogateModel()
        m = self.model
        self.rate_control = float_slider(
            m.rate_control, 0.0, 0.9, 0.01, "Control ORR", "Response rate in the control arm"
        )
        self.rate_experimental = float_slider(
            m.rate_experimental,
            0.0,
            0.9,
            0.01,
            "New ORR",
            "Response rate in the experimental arm",
        )
        self.hr = float_slider(
            m.os_hr_responders,
            0.2,
            1.0,
            0.01,
            "HR responders",
            "Hazard ratio for death, responders vs non-responders (1 = no effect)",
        )
        self._patients = pd.DataFrame()
        self._summary: dict = {}
        super().__init__(
            [self.rate_control, self.rate_experimental, self.hr],
            description="Response vs survival (synthetic trial)",
        )
        self.refresh()

    def update_model(self) -> None:
        m = self.model
        m.rate_control, m.rate_experimental = self.rate_control.value, self.rate_experimental.value
        m.os_hr_responders = self.hr.value
        self._patients = m.patients()
        self._summary = m.summary(self._patients)

    def notes(self) -> list[str]:
        s = self._summary
        return [
            f"Response: {s['response_experimental']:.0%} vs {s['response_control']:.0%} "
            f"(Fisher p = {s['response_p']:.3g}). Survival: log-rank p = "
            f"{s['survival_p']:.3g}. Synthetic data."
        ]

    def draw(self, fig: Figure) -> None:
        from il2kit.plotting import plot_survival

        ax = fig.add_subplot()
        plot_survival(self.model.curves(self._patients), ax=ax, label_ends=False)

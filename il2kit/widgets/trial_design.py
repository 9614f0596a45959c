"""Widgets of the trial-design lessons: Simon designs, sample size, sampling variation,
pick-the-winner shrinkage."""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from il2kit.models import (
    SampleSizeModel,
    SampleSizeResult,
    SamplingModel,
    ShrinkageModel,
    SimonModel,
    SimonResult,
)
from il2kit.widgets._view import ResultView, described, percent_table, slider


def _simon_table(result: SimonResult) -> pd.DataFrame:
    rows = []
    for d in result.designs.values():
        rows.append(
            {
                "design": d.criterion,  # type: ignore[attr-defined]
                "stage 1: stop if <=": f"{d.r1}/{d.n1}",  # type: ignore[attr-defined]
                "overall: promising if >": f"{d.r}/{d.n}",  # type: ignore[attr-defined]
                "EN0": f"{d.en0:.1f}",  # type: ignore[attr-defined]
                "PET0": f"{d.pet0:.3f}",  # type: ignore[attr-defined]
                "exact alpha": f"{d.alpha_actual:.4f}",  # type: ignore[attr-defined]
                "exact power": f"{d.power_actual:.4f}",  # type: ignore[attr-defined]
            }
        )
    sim = result.simulation
    for r in sim.itertuples():
        rows.append(
            {
                "design": r.criterion,
                "stage 1: stop if <=": f"simulated at {r.true_rate_name} = {r.true_rate:.2f}",
                "overall: promising if >": f"{r.simulated:.3f} (exact {r.exact:.3f})",
                "EN0": "",
                "PET0": "",
                "exact alpha": "",
                "exact power": f"MC SE {r.mc_se:.3f}",
            }
        )
    return pd.DataFrame(rows)


class SimonDesigner(ResultView):
    """Sliders for p0, p1, alpha, beta and the largest n searched; the optimal and minimax
    designs, their operating characteristics and a simulation check."""

    def __init__(self, model: SimonModel | None = None) -> None:
        m = model or SimonModel()
        super().__init__(
            m,
            {
                "p0": slider(m, "p0", "p0", "Response rate not worth pursuing"),
                "p1": slider(m, "p1", "p1", "Response rate worth pursuing (above p0)"),
                "alpha": slider(m, "alpha", "alpha", "Chance of calling a p0 regimen promising"),
                "beta": slider(m, "beta", "beta", "Chance of missing a p1 regimen (1 - power)"),
                "nmax": slider(m, "nmax", "largest n", "Largest total sample size searched"),
            },
            title="Simon two-stage designer",
            table=_simon_table,
        )


class SampleSizePlanner(ResultView):
    """Sliders for the two response rates, alpha and power; patients per arm, and how fast the
    number grows as the difference shrinks."""

    def __init__(self, model: SampleSizeModel | None = None) -> None:
        m = model or SampleSizeModel()
        self.answer = w.HTML()
        super().__init__(
            m,
            {
                "rate_a": slider(m, "rate_a", "rate_a", "Response rate in the control arm"),
                "rate_b": slider(m, "rate_b", "rate_b", "Response rate in the new arm"),
                "alpha": slider(m, "alpha", "alpha", "Two-sided type I error"),
                "power": slider(m, "power", "power", "Chance of detecting the difference"),
                "method": described(
                    w.Dropdown(
                        options=[(v, k) for k, v in m.METHODS.items()],
                        value=m.method,
                        description="Method",
                    ),
                    "Two standard formulas; they differ slightly by design",
                ),
            },
            title="Sample-size planner",
            extra=[self.answer],
        )

    def after_refresh(self, result: SampleSizeResult | None) -> None:
        self.answer.value = "" if result is None else f"<b>{html.escape(str(result))}.</b>"


class RateSampler(ResultView):
    """True rate and n: the spread of observed response rates, and how often the exact 95% CI
    covers the truth."""

    def __init__(self, model: SamplingModel | None = None) -> None:
        m = model or SamplingModel()
        self.summary = w.HTML()
        super().__init__(
            m,
            {
                "true_rate": slider(
                    m, "true_rate", "True rate", "The regimen's real response rate"
                ),
                "n": slider(m, "n", "Patients", "Patients per trial"),
                "threshold": slider(
                    m, "threshold", "Threshold", "The rate a trial must reach to look promising"
                ),
            },
            title="How much does a response rate vary?",
            extra=[self.summary],
        )

    def after_refresh(self, result) -> None:
        self.summary.value = "" if result is None else html.escape(str(result)) + "."


SHRINKAGE_HEADINGS = {
    "regimens": "Regimens",
    "true_rate": "True rate",
    "n_phase2": "Phase II n",
    "n_phase3": "Phase III n",
    "winner_phase2_mean": "Winner's mean rate, phase II",
    "winner_phase3_mean": "Winner's mean rate, phase III",
    "shrinkage": "Shrinkage",
}


def _shrinkage_table(result) -> pd.DataFrame:
    frame = result.to_frame()
    frame = percent_table(
        frame, ["true_rate", "winner_phase2_mean", "winner_phase3_mean", "shrinkage"]
    )
    return frame.rename(columns=SHRINKAGE_HEADINGS)


class ShrinkageSimulator(ResultView):
    """How much a phase II 'winner' shrinks in phase III when all regimens are equally good."""

    def __init__(self, model: ShrinkageModel | None = None) -> None:
        m = model or ShrinkageModel()
        super().__init__(
            m,
            {
                "k": slider(m, "k", "Regimens", "Regimens tested in phase II"),
                "true_rate": slider(m, "true_rate", "True rate", "Every regimen's real rate"),
                "n_phase2": slider(m, "n_phase2", "Phase II n", "Patients per regimen in phase II"),
            },
            title="Pick the winner",
            table=_shrinkage_table,
        )

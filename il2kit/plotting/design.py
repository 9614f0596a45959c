"""Trial-design figures: operating characteristics, sample size, pick-the-winner shrinkage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from il2kit.plotting._common import axes_or_current, need_columns
from il2kit.plotting._style import PALETTE, percent_axis

if TYPE_CHECKING:
    from il2kit.models import SampleSizeResult, ShrinkageResult, SimonResult


def _mark_rates(ax: Axes, p0: float | None, p1: float | None) -> None:
    for value, name in ((p0, "p0"), (p1, "p1")):
        if value is not None:
            ax.axvline(value, color=PALETTE["neutral"], linestyle=":", linewidth=1)
            ax.annotate(name, xy=(value, 1.02), xycoords=("data", "axes fraction"), ha="center")


def plot_operating_characteristics(
    oc: pd.DataFrame,
    *,
    p0: float | None = None,
    p1: float | None = None,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Operating characteristics of one two-stage design against the true response rate.

    ``oc`` has columns ``p``, ``prob_reject_null`` and ``pet`` (as returned by
    ``SimonDesign.operating_characteristics``).
    """
    need_columns(oc, ["p", "prob_reject_null", "pet"], "oc")
    ax = axes_or_current(ax)
    style = {"color": PALETTE["main"], "linewidth": 2, **kwargs}
    ax.plot(oc["p"], oc["prob_reject_null"], label="P(declare promising)", **style)
    ax.plot(
        oc["p"],
        oc["pet"],
        color=PALETTE["compare"],
        linestyle="--",
        linewidth=2,
        label="P(stop after stage 1)",
    )
    _mark_rates(ax, p0, p1)
    ax.set_xlabel("True response rate")
    ax.set_ylabel("Probability")
    percent_axis(ax.xaxis)
    ax.set_ylim(0, 1)
    ax.legend(loc="center right")
    return ax


def plot_simon_result(result: SimonResult, *, ax: Axes | None = None) -> Axes:
    """The Simon designer's figure: both designs' probability of declaring the regimen promising
    (solid) and of stopping after stage 1 (dotted), against the true response rate."""
    ax = axes_or_current(ax)
    styles = {"optimal": (PALETTE["main"], ":"), "minimax": (PALETTE["compare"], "-.")}
    for criterion, curve in result.curves.groupby("criterion", sort=False):
        colour, dash = styles[str(criterion)]
        ax.plot(
            curve["p"],
            curve["prob_reject_null"],
            color=colour,
            linewidth=2,
            label=f"{criterion}: P(promising)",
        )
        ax.plot(
            curve["p"],
            curve["pet"],
            color=colour,
            linestyle=dash,
            linewidth=2,
            label=f"{criterion}: P(stop early)",
        )
    d = result.optimal
    _mark_rates(ax, d.p0, d.p1)  # type: ignore[attr-defined]
    ax.set_xlabel("True response rate")
    ax.set_ylabel("Probability")
    percent_axis(ax.xaxis)
    ax.set_ylim(0, 1)
    ax.legend(loc="center right", fontsize=8)
    return ax


def plot_sample_size_result(result: SampleSizeResult, *, ax: Axes | None = None) -> Axes:
    """Patients per arm against the second arm's rate (log scale), the chosen rate marked."""
    ax = axes_or_current(ax)
    ax.plot(result.curve["rate_b"], result.curve["n_per_arm"], color=PALETTE["main"], linewidth=2)
    ax.scatter(
        [result.rate_b],
        [result.n_per_arm],
        color=PALETTE["alert"],
        zorder=3,
        s=50,
        label=f"rate_b = {result.rate_b:.0%}: n = {result.n_per_arm:,} per arm",
    )
    ax.axvline(result.rate_a, color=PALETTE["neutral"], linestyle=":")
    ax.annotate("rate_a", xy=(result.rate_a, 1.02), xycoords=("data", "axes fraction"), ha="center")
    ax.set_yscale("log")
    ax.set_xlabel("Response rate in the second arm (rate_b)")
    ax.set_ylabel("Patients per arm (log scale)")
    percent_axis(ax.xaxis)
    ax.legend(loc="upper right")
    return ax


def plot_shrinkage_result(result: ShrinkageResult, *, ax: Axes | None = None) -> Axes:
    """The winner's phase II rate and the same regimen's phase III rate, over many programmes."""
    ax = axes_or_current(ax)
    t = result.trials
    top = min(1.0, float(t[["phase2_rate", "phase3_rate"]].to_numpy().max()) + 0.05)
    bins = np.linspace(0, top, 40).tolist()
    ax.hist(
        t["phase2_rate"],
        bins=bins,
        alpha=0.6,
        color=PALETTE["compare"],
        label=f"winner, phase II (mean {result.phase2_mean:.1%})",
    )
    ax.hist(
        t["phase3_rate"],
        bins=bins,
        alpha=0.6,
        color=PALETTE["main"],
        label=f"same regimen, phase III (mean {result.phase3_mean:.1%})",
    )
    ax.axvline(result.true_rate, color=PALETTE["ink"], linewidth=2, label="true rate")
    ax.set_xlabel("Observed response rate")
    ax.set_ylabel("Simulated programmes")
    percent_axis(ax.xaxis)
    ax.legend(loc="upper right")
    return ax

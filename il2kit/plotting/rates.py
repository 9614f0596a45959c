"""Response rates: point-and-interval charts, funnel plots, sampling distributions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from il2kit.plotting._common import axes_or_current, need_columns, pct
from il2kit.plotting._style import PALETTE, percent_axis

if TYPE_CHECKING:
    from il2kit.models import SamplingResult


def plot_response_rates(
    table: pd.DataFrame,
    *,
    x: str = "label",
    ax: Axes | None = None,
    reference: Sequence[float] | None = None,
    **kwargs: Any,
) -> Axes:
    """Point-and-interval chart of response rates (one column per arm).

    ``table`` needs ``rate``, ``ci_low``, ``ci_high`` and the ``x`` column; ``reference`` draws
    dashed horizontal lines (e.g. ``(0.15, 0.20)`` for the review's 15-20%).
    """
    need_columns(table, [x, "rate", "ci_low", "ci_high"], "table")
    ax = axes_or_current(ax)
    xs = np.arange(len(table))
    rate = table["rate"].to_numpy(float)
    err = np.vstack(
        [rate - table["ci_low"].to_numpy(float), table["ci_high"].to_numpy(float) - rate]
    )
    ax.errorbar(
        xs, rate, yerr=err, **{"fmt": "o", "color": PALETTE["main"], "capsize": 4, **kwargs}
    )
    for level in reference or ():
        ax.axhline(level, color=PALETTE["alert"], linestyle="--", linewidth=1)
        ax.annotate(
            f"{100 * level:.0f}%",
            xy=(1.0, level),
            xycoords=("axes fraction", "data"),
            color=PALETTE["alert"],
            fontsize=8,
            va="bottom",
            ha="right",
        )
    ax.set_xticks(xs, table[x].astype(str), rotation=30, ha="right")
    ax.set_ylabel("Response rate (95% CI)")
    percent_axis(ax.yaxis)
    ax.set_ylim(0, max(0.5, float(np.nanmax(table["ci_high"])) + 0.05))
    return ax


def plot_funnel(
    table: pd.DataFrame, *, center: float | None = None, ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """Funnel plot: each study's rate against its size, with the 95% binomial envelope
    around ``center`` (e.g. the pooled rate)."""
    need_columns(table, ["rate", "n"], "table")
    ax = axes_or_current(ax)
    ax.scatter(
        table["rate"].astype(float),
        table["n"].astype(float),
        **{"color": PALETTE["main"], "s": 30, **kwargs},
    )
    if center is not None:
        n = np.linspace(max(5, float(table["n"].min()) * 0.8), float(table["n"].max()) * 1.1, 200)
        half = 1.96 * np.sqrt(center * (1 - center) / n)
        ax.plot(center - half, n, color=PALETTE["neutral"], linestyle="--", linewidth=1)
        ax.plot(
            center + half,
            n,
            color=PALETTE["neutral"],
            linestyle="--",
            linewidth=1,
            label="95% envelope",
        )
        ax.axvline(center, color=PALETTE["alert"], linewidth=1, label="pooled rate")
        ax.legend(loc="lower right")
    ax.set_xlabel("Observed response rate")
    ax.set_ylabel("Patients (n)")
    percent_axis(ax.xaxis)
    return ax


def plot_sampling_distribution(
    observed_rates: Sequence[float] | np.ndarray,
    *,
    true_rate: float,
    threshold: float | None = None,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Histogram of observed response rates of many simulated trials at one true rate."""
    ax = axes_or_current(ax)
    rates = np.asarray(observed_rates, dtype=float)
    ax.hist(rates, **{"bins": 30, "color": PALETTE["soft"], "edgecolor": "white", **kwargs})
    ax.axvline(true_rate, color=PALETTE["ink"], linewidth=2, label=f"true rate {pct(true_rate)}")
    if threshold is not None:
        share = float(np.mean(rates >= threshold))
        ax.axvline(
            threshold,
            color=PALETTE["alert"],
            linestyle="--",
            linewidth=2,
            label=f"threshold {pct(threshold)}: {pct(share)} of trials at or above",
        )
    ax.set_xlabel("Observed response rate")
    ax.set_ylabel("Simulated trials")
    percent_axis(ax.xaxis)
    ax.legend(loc="upper right")
    return ax


def plot_sampling_result(result: SamplingResult, *, ax: Axes | None = None) -> Axes:
    """The rate sampler's figure: one bar per possible count of responders."""
    return plot_sampling_distribution(
        result.trials["observed_rate"],
        true_rate=result.true_rate,
        threshold=result.threshold,
        ax=ax,
        bins=np.arange(-0.5, result.n + 1.5) / result.n,
    )

"""Interim analyses (lesson 14): group-sequential boundaries and estimates at stopping.

``plot_boundaries`` draws each design's critical z value against the information fraction;
``plot_stopping_estimates`` draws the effect estimates simulated trials report, split by
whether they stopped early.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from scipy import stats

from il2kit.plotting._common import axes_or_current, need_columns
from il2kit.plotting._style import CYCLE, MARKERS, PALETTE, percent_axis

if TYPE_CHECKING:
    from il2kit.sequential import GroupSequentialDesign


def plot_boundaries(
    designs: GroupSequentialDesign | Mapping[str, GroupSequentialDesign],
    *,
    ax: Axes | None = None,
    title: str | None = None,
    fixed: bool = True,
) -> Axes:
    """Critical values of one or more group-sequential designs against the information fraction.

    At each look the trial stops for efficacy if its z statistic reaches the boundary (in
    absolute value for a two-sided design). A dashed line marks the critical value of a trial
    analysed once, at the end.

    Parameters
    ----------
    designs : GroupSequentialDesign or mapping of label -> GroupSequentialDesign
        From :func:`il2kit.sequential.group_sequential_design`; labelled by their method when a
        single design is given.
    ax : matplotlib Axes, optional
        Drawn on pyplot's current Axes when omitted.
    title : str, optional
    fixed : bool, default True
        Draw the fixed-sample critical value of the first design's level.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from il2kit.sequential import group_sequential_design
    >>> from il2kit.plotting.sequential import plot_boundaries
    >>> d = group_sequential_design(4, method="pocock")
    >>> ax = plot_boundaries({"Pocock": d}, ax=Figure().subplots())
    >>> [round(float(v), 3) for v in ax.lines[0].get_ydata()]
    [2.361, 2.361, 2.361, 2.361]
    """
    if not isinstance(designs, Mapping):
        designs = {getattr(designs, "method", "design"): designs}
    if not designs:
        raise ValueError("`designs` is empty; give at least one GroupSequentialDesign.")
    for label, d in designs.items():
        if not hasattr(d, "critical_values") or not hasattr(d, "information_rates"):
            raise TypeError(f"`designs[{label!r}]` is not a GroupSequentialDesign, got {d!r}.")
    ax = axes_or_current(ax)
    for i, (label, d) in enumerate(designs.items()):
        ax.plot(
            d.information_rates,
            d.critical_values,
            marker=MARKERS[i % len(MARKERS)],
            color=CYCLE[i % len(CYCLE)],
            linewidth=2,
            markersize=7,
            label=str(label),
        )
    first = next(iter(designs.values()))
    two = first.alternative == "two-sided"
    if fixed:
        z = float(stats.norm.isf(first.alpha / 2 if two else first.alpha))
        ax.axhline(
            z,
            color=PALETTE["alert"],
            linestyle="--",
            linewidth=1.5,
            label=f"one analysis at the end: {z:.2f}",
        )
    ax.set_xlim(0, 1.05)
    ax.set_ylim(0, max(5.0, max(max(d.critical_values) for d in designs.values()) + 0.5))
    ax.set_xlabel("Information fraction (share of the planned patients or events)")
    ax.set_ylabel("|z| needed to stop for efficacy" if two else "z needed to stop for efficacy")
    percent_axis(ax.xaxis)
    ax.legend(loc="upper right", fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def plot_stopping_estimates(
    trials: pd.DataFrame,
    *,
    true_effect: float,
    ax: Axes | None = None,
    title: str | None = None,
    bins: int = 25,
    **kwargs: Any,
) -> Axes:
    """The effect estimates simulated trials report, by whether they stopped early.

    Stacked histograms of the estimate at stopping: trials that crossed a boundary before the
    last look, and trials that ran to the end. Vertical lines mark the true effect and the
    mean estimate of each group: trials stopped early overestimate the effect.

    Parameters
    ----------
    trials : pandas.DataFrame
        From :func:`il2kit.sequential_sim.simulate_sequential_rates` (or ``..._means``):
        columns ``estimate`` and ``stopped_early``.
    true_effect : float
        The effect the trials were simulated with.
    ax : matplotlib Axes, optional
    title : str, optional
    bins : int, default 25
    **kwargs
        Passed to ``Axes.hist``; they override the defaults.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from il2kit.sequential import group_sequential_design
    >>> from il2kit.sequential_sim import simulate_sequential_rates
    >>> from il2kit.plotting.sequential import plot_stopping_estimates
    >>> d = group_sequential_design(3, method="pocock")
    >>> sims = simulate_sequential_rates(d, control_rate=0.13, experimental_rate=0.21,
    ...                                  n_per_arm=150, n_trials=500, rng=1)
    >>> ax = plot_stopping_estimates(sims, true_effect=0.08, ax=Figure().subplots())
    >>> ax.get_legend_handles_labels()[1][0]
    'true difference: 8.0 points'
    """
    need_columns(trials, ["estimate", "stopped_early"], "trials")
    if trials.empty:
        raise ValueError("`trials` holds no trials.")
    ax = axes_or_current(ax)
    estimate = trials["estimate"].to_numpy(dtype=float)
    early = trials["stopped_early"].to_numpy(dtype=bool)
    edges = np.linspace(estimate.min(), estimate.max(), bins + 1)
    groups = [
        (early, PALETTE["compare"], "stopped early"),
        (~early, PALETTE["soft"], "ran to the last look"),
    ]
    ax.axvline(
        true_effect,
        color=PALETTE["ink"],
        linewidth=2,
        label=f"true difference: {100 * true_effect:.1f} points",
    )
    for mask, colour, name in groups:
        if mask.any():
            mean = float(estimate[mask].mean())
            ax.axvline(
                mean,
                color=colour,
                linestyle="--",
                linewidth=2,
                label=f"mean, {name}: {100 * mean:.1f}",
            )
    present = [(m, c, n) for m, c, n in groups if m.any()]
    hist = {"bins": edges, "stacked": True, "alpha": 0.85, **kwargs}
    counts, _, _ = ax.hist(
        [estimate[m] for m, _, _ in present],
        color=[c for _, c, _ in present],
        label=[f"{n} ({int(m.sum()):,} trials)" for m, _, n in present],
        **hist,
    )
    ax.set_ylim(0, 1.6 * float(np.max(counts)))
    ax.set_xlabel("Estimated difference at stopping, experimental - control")
    ax.set_ylabel("Simulated trials")
    percent_axis(ax.xaxis)
    ax.legend(loc="upper right", fontsize=8)
    if title:
        ax.set_title(title)
    return ax

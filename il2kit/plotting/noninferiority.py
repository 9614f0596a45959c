"""Figures of non-inferiority (lesson 15): intervals against a margin, sample size by margin."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from il2kit.plotting._common import axes_or_current, need_columns
from il2kit.plotting._style import CYCLE, MARKERS, PALETTE

# Where each verdict of il2kit.noninferiority.classify_interval is drawn, and in which colour.
DECISION_ROLES = {
    "superior": "good",
    "non-inferior": "good",
    "non-inferior yet worse": "main",
    "inconclusive": "neutral",
    "worse, non-inferiority not shown": "alert",
    "inferior": "alert",
}


def _signed_points(x: float, _: object = None) -> str:
    """A difference (a proportion) in signed percentage points: +10, 0, -10."""
    points = round(100 * x, 6)
    return "0" if points == 0 else f"{points:+g}"


def _resize(ax: Axes, width: float, height: float) -> None:
    """Give the figure of ``ax`` this size (when the function made its own Axes)."""
    figure = ax.get_figure(root=True)
    if isinstance(figure, Figure):
        figure.set_size_inches(width, height)


def plot_noninferiority(
    table: pd.DataFrame,
    *,
    margin: float | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    xlabel: str = "Difference in response rate, new minus reference (CI)",
    **kwargs: Any,
) -> Axes:
    """Each comparison's interval of ``new - reference`` against 0 and ``-margin``.

    A row per comparison, top to bottom: the interval as a line, the observed difference as a
    dot, both in the colour of the verdict; a dashed line at 0 (no difference), a dotted line
    at ``-margin`` with the region of unacceptable loss shaded beyond it; the verdict and the
    interval written at the right.

    Parameters
    ----------
    table : DataFrame
        :func:`il2kit.noninferiority.noninferiority_table`: columns ``label``,
        ``risk_difference``, ``ci_low``, ``ci_high``, ``decision`` and ``margin``.
    margin : float, optional
        The margin to draw; by default the table's (all its rows must share one).
    title, xlabel : str
    **kwargs
        Passed to the interval lines (``Axes.hlines``).

    Returns
    -------
    Axes
    """
    need_columns(table, ["label", "risk_difference", "ci_low", "ci_high", "decision"], "table")
    if margin is None:
        need_columns(table, ["margin"], "table")
        margins = set(table["margin"].round(12))
        if len(margins) != 1:
            raise ValueError(f"`table` holds several margins {sorted(margins)}; give `margin`.")
        margin = float(margins.pop())
    resize = ax is None
    ax = axes_or_current(ax)
    if resize:
        _resize(ax, 9.5, max(2.6, 0.55 * len(table) + 1.4))
    low = min(float(table["ci_low"].min()), -margin) - 0.05
    high = max(float(table["ci_high"].max()), 0.0) + 0.05
    ax.axvspan(low, -margin, color=PALETTE["highlight"], alpha=0.25, zorder=0)
    ax.axvline(0.0, color=PALETTE["neutral"], linewidth=1, linestyle="--")
    ax.axvline(-margin, color=PALETTE["alert"], linewidth=1.2, linestyle=":")
    ax.annotate(
        f"−margin\n({-100 * margin:.0f} points)",
        xy=(-margin, 0.0),
        xycoords=("data", "axes fraction"),
        xytext=(-4, 4),
        textcoords="offset points",
        fontsize=8,
        color=PALETTE["alert"],
        ha="right",
        va="bottom",
    )
    ys = -np.arange(len(table), dtype=float)
    for y, row in zip(ys, table.itertuples(index=False), strict=True):
        colour = PALETTE[DECISION_ROLES.get(str(row.decision), "ink")]
        ax.hlines(y, row.ci_low, row.ci_high, **{"color": colour, "linewidth": 2.2, **kwargs})
        ax.scatter(row.risk_difference, y, s=45, color=colour, zorder=3)
        ax.annotate(
            f"{row.decision}\n{100 * row.ci_low:+.1f} to {100 * row.ci_high:+.1f} points",
            xy=(1.01, y),
            xycoords=("axes fraction", "data"),
            va="center",
            fontsize=8,
            color=colour,
        )
    ax.set_yticks(ys, [str(v) for v in table["label"]])
    ax.set_ylim(ys[-1] - 0.7, 0.7)
    ax.set_xlim(low, high)
    ax.xaxis.set_major_formatter(FuncFormatter(_signed_points))
    ax.set_xlabel(xlabel.replace("(CI)", "(CI), percentage points"))
    ax.grid(axis="y", visible=False)
    if title:
        ax.set_title(title)
    return ax


def plot_sample_sizes_by_margin(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Patients per arm against the margin, one line per scenario (log scale).

    Parameters
    ----------
    table : DataFrame
        :func:`il2kit.noninferiority.sample_sizes_by_margin`: columns ``scenario``,
        ``rate_a``, ``rate_b``, ``margin``, ``n_per_arm``, ``feasible``.

    Notes
    -----
    A scenario whose new regimen is truly worse (``rate_a < rate_b``) gets a dotted vertical
    line at the true loss ``rate_b - rate_a``: at or below that margin no trial of any size can
    show non-inferiority, and its line stops there.
    """
    need_columns(
        table, ["scenario", "rate_a", "rate_b", "margin", "n_per_arm", "feasible"], "table"
    )
    ax = axes_or_current(ax)
    for i, (label, rows) in enumerate(table.groupby("scenario", sort=False)):
        colour, marker = CYCLE[i % len(CYCLE)], MARKERS[i % len(MARKERS)]
        ok = rows[rows["feasible"]]
        ax.plot(
            ok["margin"],
            ok["n_per_arm"].astype(float),
            marker=marker,
            color=colour,
            label=str(label),
        )
        loss = float(rows["rate_b"].iloc[0] - rows["rate_a"].iloc[0])
        if loss > 0:
            ax.axvline(loss, color=colour, linestyle=":", linewidth=1.2)
            ax.annotate(
                f"true loss {100 * loss:.0f} points:\nno trial can show a margin\nat or below it",
                xy=(loss, 0.97),
                xycoords=("data", "axes fraction"),
                xytext=(-4, 0),
                textcoords="offset points",
                ha="right",
                va="top",
                fontsize=8,
                color=colour,
            )
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:,.0f}"))
    ax.xaxis.set_major_locator(MaxNLocator(steps=[1, 2, 5, 10]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{100 * x:g}"))
    ax.set_xlabel("Non-inferiority margin: loss of response rate accepted (percentage points)")
    ax.set_ylabel("Patients per arm (log scale)")
    ax.legend(loc="upper right")
    if title:
        ax.set_title(title)
    return ax

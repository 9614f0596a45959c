"""Forest plots: one row per arm with its interval, pooled diamonds per group."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from il2kit.plotting._common import axes_or_current, group_headers, need_columns, pct
from il2kit.plotting._style import CYCLE, MARKERS, PALETTE, percent_axis, regimen_style

if TYPE_CHECKING:
    from il2kit.models import ComparerResult

#: Where a ratio-scale forest puts its ticks (those inside the axis limits are shown).
RATIO_TICKS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 10, 20, 50, 100]

# How plot_forest writes its numbers on each scale.
FOREST_SCALES = {
    "proportion": pct,
    "difference": lambda x: f"{100 * x:+.1f} pts",
    "ratio": lambda x: f"{x:.2f}",
}


def plot_forest(
    table: pd.DataFrame,
    *,
    pooled: pd.DataFrame | None = None,
    group: str | None = None,
    ax: Axes | None = None,
    xlabel: str = "Response rate (95% CI)",
    annotate: bool = True,
    scale: str = "proportion",
    styles: dict[str, tuple[str, str]] | None = None,
    group_labels: dict[str, str] | None = None,
    **kwargs: Any,
) -> Axes:
    """Forest plot: one row per arm (square sized by n) with its CI, and pooled diamonds.

    The same plot serves rates, differences and ratios: ``scale="proportion"`` (axis and labels
    in percent), ``"difference"`` (percentage points, a line at 0) or ``"ratio"`` (e.g. odds
    ratios: log axis, a line at 1, plain numbers).

    Parameters
    ----------
    table : DataFrame
        Columns ``label``, ``rate``, ``ci_low``, ``ci_high``; optional ``n``, ``responders``
        and the ``group`` column (rows of a group are drawn together, in one colour and marker,
        under a header naming the group).
    pooled : DataFrame, optional
        Columns ``label`` (the group value), ``estimate``, ``ci_low``, ``ci_high``, drawn as a
        diamond below the rows of its group; an ``i2`` column adds I² to the annotation.
    group : str, optional
        Column of ``table`` to group by.
    xlabel : str
    annotate : bool
        Write "x/n  rate (low to high)" at the right of each row.
    scale : {"proportion", "difference", "ratio"}
    styles : dict, optional
        ``group value -> (colour, marker)``; by default the groups take the palette in order.
    group_labels : dict, optional
        ``group value -> header text`` (default: the value itself).
    **kwargs
        Passed to the CI lines (``Axes.hlines``); they override the defaults.
    """
    need_columns(table, ["label", "rate", "ci_low", "ci_high"], "table")
    if scale not in FOREST_SCALES:
        raise ValueError(f"`scale` must be one of {list(FOREST_SCALES)}, got {scale!r}.")
    fmt = FOREST_SCALES[scale]
    ax = axes_or_current(ax)
    groups = list(dict.fromkeys(table[group])) if group else [None]
    y, ticks, labels, right = 0.0, [], [], []
    headers: list[tuple[float, str]] = []
    for g_index, g in enumerate(groups):
        rows = table if g is None else table[table[group] == g]
        default = (CYCLE[g_index % len(CYCLE)], MARKERS[g_index % len(MARKERS)])
        colour, marker = (styles or {}).get(str(g), default)
        if g is not None:
            header = (group_labels or {}).get(str(g), str(g))
            headers.append((y, header if len(header) <= 72 else header[:71] + "…"))
            y -= 1
        for row in rows.itertuples():
            size = 20 + 180 * np.sqrt(row.n / 300) if hasattr(row, "n") else 60
            ax.hlines(y, row.ci_low, row.ci_high, **{"color": colour, "linewidth": 1.6, **kwargs})
            ax.scatter(row.rate, y, s=size, marker=marker, color=colour, zorder=3)
            ticks.append(y)
            labels.append(str(row.label))
            counts = (
                f"{row.responders}/{row.n}  "
                if hasattr(row, "responders") and hasattr(row, "n")
                else ""
            )
            right.append(f"{counts}{fmt(row.rate)} ({fmt(row.ci_low)} to {fmt(row.ci_high)})")
            y -= 1
        if pooled is not None and g is not None and "label" in pooled:
            for p in pooled[pooled["label"] == g].itertuples():
                xs = [p.ci_low, p.estimate, p.ci_high, p.estimate]
                ax.fill(xs, [y, y + 0.3, y, y - 0.3], color=colour, alpha=0.85, zorder=3)
                ticks.append(y)
                labels.append("Pooled")
                i2 = f"  I²={p.i2:.0f}%" if hasattr(p, "i2") else ""
                right.append(f"{fmt(p.estimate)} ({fmt(p.ci_low)} to {fmt(p.ci_high)}){i2}")
                y -= 1
        y -= 0.5
    ax.set_yticks(ticks, labels)
    ax.set_ylim(y + 0.5, 1)
    group_headers(ax, headers)
    ax.set_xlabel(xlabel)
    if scale == "ratio":
        ax.set_xscale("log")
        ax.axvline(1.0, color=PALETTE["neutral"], linewidth=1, linestyle="--")
        # ratios read as 0.5, 1, 2 rather than powers of ten in scientific notation
        ax.xaxis.set_major_locator(FixedLocator(RATIO_TICKS))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.xaxis.set_minor_locator(NullLocator())
    else:
        percent_axis(ax.xaxis)
        if scale == "difference":
            ax.axvline(0.0, color=PALETTE["neutral"], linewidth=1, linestyle="--")
    ax.grid(axis="y", visible=False)
    if annotate:
        for yy, text in zip(ticks, right, strict=True):
            ax.annotate(
                text, xy=(1.01, yy), xycoords=("axes fraction", "data"), va="center", fontsize=8
            )
    return ax


def plot_comparer_result(result: ComparerResult, *, ax: Axes | None = None) -> Axes:
    """The regimen comparer's figure: arms under regimen headers, a pooled diamond where a
    regimen has two or more arms; each regimen keeps its own colour and marker."""
    ax = axes_or_current(ax)
    arms = result.arms
    if arms.empty:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "Nothing to show: see the message above.", ha="center")
        return ax
    regimens = list(dict.fromkeys(arms["regimen"]))
    plot_forest(
        arms,
        pooled=result.pooled.rename(columns={"regimen": "label", "label": "_"}),
        group="regimen",
        styles={r: regimen_style(r) for r in regimens},
        group_labels=dict(zip(arms["regimen"], arms["regimen_label"], strict=True)),
        ax=ax,
        xlabel=f"{result.endpoint_label} (exact {100 * result.confidence_level:g}% CI)",
    )
    ax.set_xlim(0, min(1.0, max(0.5, float(arms["ci_high"].max()) + 0.05)))
    return ax


def forest_height(rows: int) -> float:
    """Figure height (inches) that gives each forest row about a third of an inch."""
    return max(3.0, 0.3 * rows + 1.2)

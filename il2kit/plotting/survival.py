"""Survival curves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from il2kit.plotting._common import axes_or_current, need_columns
from il2kit.plotting._style import CYCLE

if TYPE_CHECKING:
    from il2kit.models import SurrogateResult

LINESTYLES = ["-", "--", "-.", ":"]


def plot_survival(
    curves: dict[str, pd.DataFrame],
    *,
    ax: Axes | None = None,
    ci: bool = True,
    label_ends: bool = True,
    **kwargs: Any,
) -> Axes:
    """Kaplan-Meier step curves; ``curves`` maps a label to a table with ``time``,
    ``survival`` (and ``ci_low``, ``ci_high`` when ``ci``). Each curve is labelled at its end
    (``label_ends``; turn it off when curves end close together) and in the legend."""
    ax = axes_or_current(ax)
    for i, (label, table) in enumerate(curves.items()):
        need_columns(table, ["time", "survival"], f"curves[{label!r}]")
        t = np.concatenate([[0.0], table["time"].to_numpy(float)])
        s = np.concatenate([[1.0], table["survival"].to_numpy(float)])
        colour = CYCLE[i % len(CYCLE)]
        style = {
            "color": colour,
            "linewidth": 2,
            "where": "post",
            "linestyle": LINESTYLES[i % len(LINESTYLES)],
            **kwargs,
        }
        ax.step(t, s, label=label, **style)
        if ci and {"ci_low", "ci_high"} <= set(table.columns):
            lo = np.concatenate([[1.0], table["ci_low"].to_numpy(float)])
            hi = np.concatenate([[1.0], table["ci_high"].to_numpy(float)])
            ax.fill_between(t, lo, hi, step="post", color=colour, alpha=0.15)
        if label_ends:
            ax.annotate(
                label,
                xy=(t[-1], s[-1]),
                xytext=(4, 0),
                textcoords="offset points",
                color=colour,
                va="center",
                fontsize=9,
            )
    ax.set_xlabel("Months")
    ax.set_ylabel("Proportion alive")
    ax.set_ylim(0, 1.02)
    ax.legend(loc="upper right")
    return ax


def plot_surrogate_result(result: SurrogateResult, *, ax: Axes | None = None) -> Axes:
    """Both arms' Kaplan-Meier curves of the synthetic trial, the tests in the title."""
    ax = axes_or_current(ax)
    plot_survival(result.curves, ax=ax, label_ends=False)
    r, s = result.response, result.survival
    ax.set_title(
        f"Response {r.rate_a:.0%} vs {r.rate_b:.0%} (p = {r.fisher_pvalue:.2g}); "  # type: ignore[attr-defined]
        f"survival log-rank p = {s.pvalue:.2g}",  # type: ignore[attr-defined]
        fontsize=10,
    )
    return ax

"""Survival curves."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from il2kit.plotting._common import axes_or_current, need_columns
from il2kit.plotting._style import CYCLE, PALETTE

if TYPE_CHECKING:
    from il2kit.models import SurrogateResult
    from il2kit.survival import KaplanMeier

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


# --- lessons 11-16 -----------------------------------------------------------------------------


def plot_kaplan_meier(
    fits: Mapping[str, KaplanMeier],
    *,
    ax: Axes | None = None,
    ci: bool = True,
    median: bool = False,
    title: str | None = None,
    xlim: tuple[float, float] | None = None,
    xlabel: str = "Months",
    **kwargs: Any,
) -> Axes:
    """Kaplan-Meier curves from :func:`il2kit.kaplan_meier` results, one per label.

    ``fits`` maps a legend label to a :class:`~il2kit.survival.KaplanMeier`. With ``median``
    a dotted line marks survival 0.5 and a dot on each curve its median (where it has one);
    ``title``, ``xlim`` and ``xlabel`` set the Axes' own. Curves are named in the legend, not
    at their ends; ``**kwargs`` go to the step lines (as in :func:`plot_survival`).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from il2kit import kaplan_meier
    >>> from il2kit.plotting import plot_kaplan_meier
    >>> km = kaplan_meier([2, 3, 3, 5, 8, 9, 12, 15], [1, 1, 0, 1, 0, 1, 1, 0])
    >>> ax = plot_kaplan_meier({"toy": km}, ax=Figure().subplots(), median=True, title="Toy")
    >>> ax.get_title(), len(ax.lines)  # the curve, the line at 0.5, the median's dot
    ('Toy', 3)
    """
    curves = {label: fit.table for label, fit in fits.items()}
    ax = plot_survival(curves, ax=ax, ci=ci, label_ends=False, **kwargs)
    if median:
        ax.axhline(0.5, color=PALETTE["neutral"], linestyle=":", linewidth=1)
        for i, fit in enumerate(fits.values()):
            if np.isfinite(fit.median):
                ax.plot(
                    fit.median,
                    0.5,
                    "o",
                    color=CYCLE[i % len(CYCLE)],
                    markersize=7,
                    markeredgecolor="white",
                    zorder=4,
                )
    if xlim is not None:
        ax.set_xlim(*xlim)
    if title is not None:
        ax.set_title(title)
    ax.set_xlabel(xlabel)
    return ax

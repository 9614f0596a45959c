"""Figures for the kit: forest plots, response-rate charts, toxicity, timeline, design curves.

Every function follows one contract: ``plot_x(data, *, ax=None, **kwargs) -> Axes``. It draws on
``ax`` (or ``plt.gca()``), never calls ``plt.show()``, lets the caller's keyword arguments win,
and returns the Axes. Colours come from the Okabe-Ito palette, which stays distinct under the
common forms of colour blindness; every series is also labelled directly or by marker, so no
meaning rests on colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

__all__ = [
    "OKABE_ITO",
    "use_kit_style",
    "plot_forest",
    "plot_response_rates",
    "plot_toxicity",
    "plot_timeline",
    "plot_operating_characteristics",
    "plot_survival",
    "plot_funnel",
    "plot_sampling_distribution",
]

# Okabe & Ito (2008), "Color Universal Design": distinguishable with colour-vision deficiency.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
CYCLE = [
    OKABE_ITO[k]
    for k in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "black", "yellow")
]
MARKERS = ["s", "o", "^", "D", "v", "P", "X", "h"]


def use_kit_style() -> None:
    """Apply the kit's figure style (colour-blind-safe cycle, readable sizes) to matplotlib."""
    plt.rcParams.update(
        {
            "axes.prop_cycle": plt.cycler(color=CYCLE),
            "figure.dpi": 100,
            "figure.figsize": (7.5, 4.5),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.titleweight": "bold",
            "legend.frameon": False,
            "savefig.bbox": "tight",
        }
    )


def _axes(ax: Axes | None) -> Axes:
    return ax if ax is not None else plt.gca()


def _need(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"`{what}` needs the columns {list(columns)}; missing {missing}.")


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


# How plot_forest writes its numbers on each scale.
FOREST_SCALES = {
    "proportion": _pct,
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
        and ``group`` (rows of a group are drawn together, in one colour and marker).
    pooled : DataFrame, optional
        Columns ``label``, ``estimate``, ``ci_low``, ``ci_high`` (e.g. one row per regimen),
        drawn as diamonds below the arms of the same ``group`` value (matched on ``label``);
        an ``i2`` column adds the heterogeneity I² to the annotation.
    group : str, optional
        Column of ``table`` to group and colour by.
    annotate : bool
        Write "x/n  rate (low to high)" at the right of each row.
    scale : {"proportion", "difference", "ratio"}
    **kwargs
        Passed to the CI lines (``Axes.hlines``); they override the defaults.
    """
    _need(table, ["label", "rate", "ci_low", "ci_high"], "table")
    if scale not in FOREST_SCALES:
        raise ValueError(f"`scale` must be one of {list(FOREST_SCALES)}, got {scale!r}.")
    fmt = FOREST_SCALES[scale]
    ax = _axes(ax)
    groups = list(dict.fromkeys(table[group])) if group else [None]
    y, ticks, labels, right = 0.0, [], [], []
    for g_index, g in enumerate(groups):
        rows = table if g is None else table[table[group] == g]
        colour = CYCLE[g_index % len(CYCLE)]
        marker = MARKERS[g_index % len(MARKERS)]
        for row in rows.itertuples():
            size = 20 + 180 * np.sqrt(getattr(row, "n", 50) / 300) if hasattr(row, "n") else 60
            style = {"color": colour, "linewidth": 1.6, **kwargs}
            ax.hlines(y, row.ci_low, row.ci_high, **style)
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
                ys = [y, y + 0.3, y, y - 0.3]
                ax.fill(xs, ys, color=colour, alpha=0.85, zorder=3)
                ticks.append(y)
                labels.append(f"Pooled: {g}")
                i2 = f"  I²={p.i2:.0f}%" if hasattr(p, "i2") else ""
                right.append(f"{fmt(p.estimate)} ({fmt(p.ci_low)} to {fmt(p.ci_high)}){i2}")
                y -= 1
        y -= 0.5
    ax.set_yticks(ticks, labels)
    ax.set_ylim(y + 0.5, 1)
    ax.set_xlabel(xlabel)
    if scale == "ratio":
        ax.set_xscale("log")
        ax.axvline(1.0, color="grey", linewidth=1, linestyle="--")
    else:
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{100 * v:.0f}%"))
        if scale == "difference":
            ax.axvline(0.0, color="grey", linewidth=1, linestyle="--")
    ax.grid(axis="y", visible=False)
    if annotate:
        for yy, text in zip(ticks, right, strict=False):
            ax.annotate(
                text, xy=(1.01, yy), xycoords=("axes fraction", "data"), va="center", fontsize=8
            )
    return ax


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
    _need(table, [x, "rate", "ci_low", "ci_high"], "table")
    ax = _axes(ax)
    xs = np.arange(len(table))
    rate = table["rate"].to_numpy(float)
    err = np.vstack(
        [rate - table["ci_low"].to_numpy(float), table["ci_high"].to_numpy(float) - rate]
    )
    style = {"fmt": "o", "color": OKABE_ITO["blue"], "capsize": 4, **kwargs}
    ax.errorbar(xs, rate, yerr=err, **style)
    for level in reference or ():
        ax.axhline(level, color=OKABE_ITO["vermillion"], linestyle="--", linewidth=1)
        ax.annotate(
            f"{100 * level:.0f}%",
            xy=(1.0, level),
            xycoords=("axes fraction", "data"),
            color=OKABE_ITO["vermillion"],
            fontsize=8,
            va="bottom",
            ha="right",
        )
    ax.set_xticks(xs, table[x].astype(str), rotation=30, ha="right")
    ax.set_ylabel("Response rate (95% CI)")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{100 * v:.0f}%"))
    ax.set_ylim(0, max(0.5, float(np.nanmax(table["ci_high"])) + 0.05))
    return ax


def plot_toxicity(
    table: pd.DataFrame,
    *,
    label: str = "event",
    group: str = "organ_system",
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Horizontal bars of adverse-event frequency (``percent``), grouped by organ system."""
    _need(table, [label, group, "percent"], "table")
    ax = _axes(ax)
    data = table.dropna(subset=["percent"]).sort_values([group, "percent"], ascending=[False, True])
    systems = list(dict.fromkeys(data[group]))
    colours = {s: CYCLE[i % len(CYCLE)] for i, s in enumerate(systems)}
    ys = np.arange(len(data))
    style = {"height": 0.7, **kwargs}
    ax.barh(ys, data["percent"].astype(float), color=[colours[s] for s in data[group]], **style)
    ax.set_yticks(ys, [f"{e}  [{s}]" for e, s in zip(data[label], data[group], strict=False)])
    for y, v in zip(ys, data["percent"].astype(float), strict=False):
        ax.annotate(
            f"{v:g}%", xy=(v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8
        )
    ax.set_xlabel("Patients with the event (%)")
    ax.set_xlim(0, 105)
    ax.grid(axis="y", visible=False)
    return ax


def plot_timeline(table: pd.DataFrame, *, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Dated events on a horizontal time axis, labelled directly, one row per event."""
    _need(table, ["date", "event", "disease"], "table")
    ax = _axes(ax)
    data = table.sort_values("date").reset_index(drop=True)
    markers = {"rcc": "s", "melanoma": "o", "both": "D"}
    colours = {
        "rcc": OKABE_ITO["blue"],
        "melanoma": OKABE_ITO["orange"],
        "both": OKABE_ITO["green"],
    }
    for i, row in data.iterrows():
        d = str(row["disease"])
        style = {
            "s": 50,
            "marker": markers.get(d, "o"),
            "color": colours.get(d, "k"),
            "zorder": 3,
            **kwargs,
        }
        ax.scatter(row["date"], -i, **style)
        ax.annotate(
            f"{row['date']:%Y}  {row['event']} ({d})",
            xy=(row["date"], -i),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.set_yticks([])
    ax.set_ylim(-len(data), 1)
    ax.set_xlabel("Year")
    right = data["date"].max() + pd.DateOffset(years=12)
    ax.set_xlim(data["date"].min() - pd.DateOffset(years=1), right)
    ax.grid(axis="y", visible=False)
    return ax


def plot_operating_characteristics(
    oc: pd.DataFrame,
    *,
    p0: float | None = None,
    p1: float | None = None,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Operating characteristics of a two-stage design against the true response rate.

    ``oc`` has columns ``p``, ``prob_reject_null`` and ``pet`` (as returned by
    ``SimonDesign.operating_characteristics``).
    """
    _need(oc, ["p", "prob_reject_null", "pet"], "oc")
    ax = _axes(ax)
    style = {"color": OKABE_ITO["blue"], "linewidth": 2, **kwargs}
    ax.plot(oc["p"], oc["prob_reject_null"], label="P(declare promising)", **style)
    ax.plot(
        oc["p"],
        oc["pet"],
        color=OKABE_ITO["orange"],
        linestyle="--",
        linewidth=2,
        label="P(stop after stage 1)",
    )
    for value, name in ((p0, "p0"), (p1, "p1")):
        if value is not None:
            ax.axvline(value, color="grey", linestyle=":", linewidth=1)
            ax.annotate(name, xy=(value, 1.02), xycoords=("data", "axes fraction"), ha="center")
    ax.set_xlabel("True response rate")
    ax.set_ylabel("Probability")
    ax.set_ylim(0, 1)
    ax.legend(loc="center right")
    return ax


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
    ax = _axes(ax)
    for i, (label, table) in enumerate(curves.items()):
        _need(table, ["time", "survival"], f"curves[{label!r}]")
        t = np.concatenate([[0.0], table["time"].to_numpy(float)])
        s = np.concatenate([[1.0], table["survival"].to_numpy(float)])
        colour = CYCLE[i % len(CYCLE)]
        style = {
            "color": colour,
            "linewidth": 2,
            "where": "post",
            "linestyle": ["-", "--", "-.", ":"][i % 4],
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


def plot_funnel(
    table: pd.DataFrame, *, center: float | None = None, ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """Funnel plot: each study's rate against its size, with the 95% binomial envelope
    around ``center`` (e.g. the pooled rate)."""
    _need(table, ["rate", "n"], "table")
    ax = _axes(ax)
    style = {"color": OKABE_ITO["blue"], "s": 30, **kwargs}
    ax.scatter(table["rate"].astype(float), table["n"].astype(float), **style)
    if center is not None:
        n = np.linspace(max(5, float(table["n"].min()) * 0.8), float(table["n"].max()) * 1.1, 200)
        half = 1.96 * np.sqrt(center * (1 - center) / n)
        ax.plot(center - half, n, color="grey", linestyle="--", linewidth=1)
        ax.plot(center + half, n, color="grey", linestyle="--", linewidth=1, label="95% envelope")
        ax.axvline(center, color=OKABE_ITO["vermillion"], linewidth=1, label="pooled rate")
        ax.legend(loc="lower right")
    ax.set_xlabel("Observed response rate")
    ax.set_ylabel("Patients (n)")
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{100 * v:g}%"))
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
    ax = _axes(ax)
    rates = np.asarray(observed_rates, dtype=float)
    style = {"bins": 30, "color": OKABE_ITO["sky_blue"], "edgecolor": "white", **kwargs}
    ax.hist(rates, **style)
    ax.axvline(
        true_rate, color=OKABE_ITO["black"], linewidth=2, label=f"true rate {_pct(true_rate)}"
    )
    if threshold is not None:
        share = float(np.mean(rates >= threshold))
        ax.axvline(
            threshold,
            color=OKABE_ITO["vermillion"],
            linestyle="--",
            linewidth=2,
            label=f"threshold {_pct(threshold)}: {_pct(share)} of trials at or above",
        )
    ax.set_xlabel("Observed response rate")
    ax.set_ylabel("Simulated trials")
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{100 * v:.0f}%"))
    ax.legend(loc="upper right")
    return ax

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


# --- lessons 08-10 ---------------------------------------------------------------------------

#: How :func:`plot_coverage` draws each interval method: (label, colour role, line style).
COVERAGE_STYLES = {
    "exact": ("exact (Clopper-Pearson)", "main", "-"),
    "wilson": ("Wilson", "compare", "--"),
    "wilsoncc": ("Wilson, continuity-corrected", "good", "-."),
    "wald": ("Wald (not used by the kit)", "alert", ":"),
}


def plot_coverage(
    table: pd.DataFrame,
    *,
    nominal: float = 0.95,
    ax: Axes | None = None,
    ylim: tuple[float, float] | None = None,
    title: str | None = None,
) -> Axes:
    """Coverage of interval methods against the true rate, with the promised level.

    ``table`` is :func:`il2kit.rates.coverage` (columns ``method``, ``true_rate``,
    ``coverage``): one line per method, each in its own colour and line style, and a dotted
    line at ``nominal``. ``ylim`` defaults to the range of the data and the nominal level.
    """
    need_columns(table, ["method", "true_rate", "coverage"], "table")
    ax = axes_or_current(ax)
    for method, rows in table.groupby("method", sort=False):
        label, role, style = COVERAGE_STYLES.get(str(method), (str(method), "other", "-"))
        ax.plot(
            rows["true_rate"],
            rows["coverage"],
            color=PALETTE[role],
            linestyle=style,
            linewidth=1.6,
            label=label,
        )
    ax.axhline(
        nominal,
        color=PALETTE["ink"],
        linewidth=1,
        linestyle=(0, (1, 3)),
        label=f"promised {pct(nominal)}",
    )
    low = min(float(table["coverage"].min()), nominal) - 0.02
    ax.set_ylim(*(ylim if ylim is not None else (max(0.0, low), 1.0)))
    ax.set_xlabel("True response rate")
    ax.set_ylabel("Coverage of the interval")
    percent_axis(ax.xaxis)
    percent_axis(ax.yaxis)
    if title:
        ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8, frameon=True, framealpha=1, edgecolor="white")
    return ax


def plot_binomial_null(
    responders: int,
    n: int,
    *,
    p0: Sequence[float] = (0.05, 0.15),
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The responders a trial of ``n`` patients expects under each assumed rate ``p0``, as
    side-by-side bars (binomial probabilities), with the observed count marked."""
    from scipy.stats import binom

    ax = axes_or_current(ax)
    rates = [float(p) for p in p0]
    top = int(max(binom.ppf(0.999, n, max(rates)), responders + 2))
    counts = np.arange(top + 1)
    width = 0.8 / len(rates)
    colours = [PALETTE["soft"], PALETTE["compare"], PALETTE["good"], PALETTE["other"]]
    for i, p in enumerate(rates):
        ax.bar(
            counts + (i - (len(rates) - 1) / 2) * width,
            binom.pmf(counts, n, p),
            width=width,
            color=colours[i % len(colours)],
            label=f"expected if the true rate were {pct(p)}",
        )
    ax.axvline(
        responders, color=PALETTE["ink"], linewidth=2, label=f"observed: {responders} of {n}"
    )
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(f"Responders among {n} patients")
    ax.set_ylabel("Probability")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper right", fontsize=8)
    return ax

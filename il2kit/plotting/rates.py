"""Response rates: point-and-interval charts, funnel plots, sampling distributions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

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
    ax.xaxis.set_major_locator(MaxNLocator(steps=[1, 2, 5, 10]))  # whole percents (no "12%, 12%")
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


# --- lessons 11-16 -----------------------------------------------------------------------------


def plot_publication_bias(
    trials: pd.DataFrame,
    *,
    true_rate: float,
    pooled: Any = None,
    published: str = "published",
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Funnel plot of simulated trials, the unpublished ones hollow: publication bias seen.

    ``trials`` needs ``rate``, ``n`` and the boolean ``published`` column (e.g. from
    :func:`il2kit.simulate.simulate_publication`). The dashed 95% envelope is drawn around the
    true rate, the truth every trial estimates; ``pooled`` (a
    :class:`~il2kit.meta.PooledEstimate` of the published trials) adds its estimate as a
    vertical line.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from il2kit.plotting import plot_publication_bias
    >>> from il2kit.simulate import simulate_publication
    >>> trials = simulate_publication(100, true_rate=0.15, rng=1)
    >>> ax = plot_publication_bias(trials, true_rate=0.15, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_legend().get_texts()][:2]
    ['published', 'not published']
    """
    from scipy.stats import norm

    need_columns(trials, ["rate", "n", published], "trials")
    ax = axes_or_current(ax)
    shown = trials[published].astype(bool)
    rate, size = trials["rate"].astype(float), trials["n"].astype(float)
    ax.scatter(rate[shown], size[shown], color=PALETTE["main"], s=28, label="published")
    ax.scatter(
        rate[~shown],
        size[~shown],
        facecolors="none",
        edgecolors=PALETTE["neutral"],
        s=28,
        label="not published",
    )
    n = np.linspace(max(5.0, float(size.min()) * 0.8), float(size.max()) * 1.1, 200)
    half = float(norm.ppf(0.975)) * np.sqrt(true_rate * (1 - true_rate) / n)
    for sign in (-1, 1):
        ax.plot(
            true_rate + sign * half,
            n,
            color=PALETTE["neutral"],
            linestyle="--",
            linewidth=1,
            label="95% envelope around the true rate" if sign > 0 else None,
        )
    ax.axvline(
        true_rate,
        color=PALETTE["ink"],
        linestyle=":",
        linewidth=1.5,
        label=f"true rate {pct(true_rate)}",
    )
    if pooled is not None:
        ax.axvline(
            pooled.estimate,
            color=PALETTE["alert"],
            linewidth=1.5,
            label=f"pooled, published only {pct(pooled.estimate)}",
        )
    ax.set_xlabel("Observed response rate")
    ax.set_ylabel("Patients (n)")
    percent_axis(ax.xaxis)
    ax.xaxis.set_major_locator(MaxNLocator(steps=[1, 2, 5, 10]))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    if title is not None:
        ax.set_title(title)
    return ax


def plot_cumulative_pool(
    steps: pd.DataFrame,
    *,
    references: dict[str, float] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """A cumulative meta-analysis: the pooled rate and its interval as studies are added.

    ``steps`` needs ``k``, ``estimate``, ``ci_low``, ``ci_high`` (e.g. from
    :func:`il2kit.meta.cumulative_pool_rates`); ``references`` maps a label to a rate drawn as
    a horizontal line (e.g. the truth the studies should find).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from il2kit.meta import cumulative_pool_rates
    >>> from il2kit.plotting import plot_cumulative_pool
    >>> steps = cumulative_pool_rates([10, 4, 30, 12], [40, 35, 120, 60])
    >>> ax = plot_cumulative_pool(steps, references={"truth": 0.2}, ax=Figure().subplots())
    >>> ax.get_xlabel()
    'Studies pooled'
    """
    need_columns(steps, ["k", "estimate", "ci_low", "ci_high"], "steps")
    ax = axes_or_current(ax)
    k = steps["k"].to_numpy(float)
    ax.fill_between(
        k,
        steps["ci_low"].astype(float),
        steps["ci_high"].astype(float),
        color=PALETTE["main"],
        alpha=0.25,
        label="pooled 95% CI",
    )
    ax.plot(
        k, steps["estimate"].astype(float), color=PALETTE["main"], linewidth=2, label="pooled rate"
    )
    styles = [(PALETTE["ink"], "--"), (PALETTE["alert"], ":"), (PALETTE["other"], "-.")]
    for i, (label, value) in enumerate((references or {}).items()):
        colour, line = styles[i % len(styles)]
        ax.axhline(value, color=colour, linestyle=line, linewidth=1.5, label=label)
    top = max([float(steps["ci_high"].max()), *(references or {}).values()])
    ax.set_ylim(0, min(1.0, top + 0.12))
    ax.set_xlabel("Studies pooled")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Response rate")
    percent_axis(ax.yaxis)
    ax.legend(loc="upper right", fontsize=8)
    if title is not None:
        ax.set_title(title)
    return ax

"""Response rates: point-and-interval charts, funnel plots, sampling distributions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from il2kit.plotting._common import axes_or_current, group_headers, need_columns, pct
from il2kit.plotting._style import CYCLE, MARKERS, PALETTE, percent_axis

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


#: Above this many patients the rate sampler draws its bars as one filled outline: hundreds of
#: one-pixel bars with white edges would read as almost nothing (and take 0.2 s to draw).
SOLID_HISTOGRAM_N = 100


def plot_sampling_result(result: SamplingResult, *, ax: Axes | None = None) -> Axes:
    """The rate sampler's figure: one bar per possible count of responders (for more than
    ``SOLID_HISTOGRAM_N`` patients, the bars drawn as one filled outline)."""
    solid = {"histtype": "stepfilled", "linewidth": 0} if result.n > SOLID_HISTOGRAM_N else {}
    return plot_sampling_distribution(
        result.trials["observed_rate"],
        true_rate=result.true_rate,
        threshold=result.threshold,
        ax=ax,
        bins=np.arange(-0.5, result.n + 1.5) / result.n,
        **solid,
    )


# --- lessons 02-05
def plot_arm_values(
    table: pd.DataFrame,
    columns: Sequence[str],
    *,
    label: str = "label",
    group: str | None = None,
    kind: str | None = None,
    axes: Sequence[Axes] | None = None,
    xlabels: Sequence[str] | None = None,
    styles: dict[str, tuple[str, str]] | None = None,
    missing: str = "not printed",
    max_label: int = 42,
) -> list[Axes]:
    """Dot plot of printed figures per arm, one panel per column, arms grouped by trial.

    Made for figures a source prints without counts or intervals (a response rate and a median
    survival side by side, say), so a reader sees each trial's arms together and which figures
    are missing.

    Parameters
    ----------
    table : DataFrame
        One row per arm: the ``label`` column, the ``columns`` to draw and, optionally, the
        ``group`` and ``kind`` columns.
    columns : sequence of str
        Numeric columns, one panel each, left to right; an empty cell is written ``missing``.
    label : str, default "label"
        Column naming each row (shortened to ``max_label`` characters).
    group : str, optional
        Column whose value heads a block of rows (e.g. the trial), in order of appearance.
    kind : str, optional
        Column giving each arm's colour and marker (e.g. "IL-2 alone", "no IL-2"), with a
        legend below the panels.
    axes : sequence of Axes, optional
        One Axes per column; by default a new figure with one row of panels sharing the rows.
    xlabels : sequence of str, optional
        Axis label of each panel (default: the column names).
    styles : dict, optional
        ``kind value -> (colour, marker)``; by default the kinds take the palette in order.
    missing : str, default "not printed"
        Text written where a cell is empty.
    max_label : int, default 42
        Longest row label before it is cut with "…".

    Returns
    -------
    list of Axes
        The panels, left to right.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from il2kit.plotting import plot_arm_values
    >>> arms = pd.DataFrame({"label": ["HD IL-2", "SC IL-2 + IFN"], "trial": ["A", "A"],
    ...                      "orr": [23.2, 9.9], "os": [17.5, None]})
    >>> left, right = plot_arm_values(arms, ["orr", "os"], group="trial")
    >>> [t.get_text() for t in left.get_yticklabels()]
    ['HD IL-2', 'SC IL-2 + IFN']
    """
    columns = list(columns)
    if not columns:
        raise ValueError("`columns` must name at least one column to draw.")
    need_columns(table, [label, *columns, *(c for c in (group, kind) if c)], "table")
    if axes is None:
        import matplotlib.pyplot as plt

        rows = len(table) + (table[group].nunique() if group else 0)
        _, created = plt.subplots(
            1,
            len(columns),
            sharey=True,
            squeeze=False,
            figsize=(3.0 + 3.0 * len(columns), 0.3 * rows + 1.2),
        )
        axes = list(created[0])
    axes = list(axes)
    if len(axes) != len(columns):
        raise ValueError(f"`axes` holds {len(axes)} Axes for {len(columns)} columns.")
    kinds = list(dict.fromkeys(table[kind].astype(str))) if kind else []
    look = {
        k: (styles or {}).get(k, (CYCLE[i % len(CYCLE)], MARKERS[i % len(MARKERS)]))
        for i, k in enumerate(kinds)
    }
    y, ticks, names, headers = 0.0, [], [], []
    blocks = list(dict.fromkeys(table[group])) if group else [None]
    for block in blocks:
        rows_of = table if block is None else table[table[group] == block]
        if block is not None:
            headers.append((y, str(block)))
            y -= 1
        for _, row in rows_of.iterrows():
            colour, marker = (
                look.get(str(row[kind]), (PALETTE["main"], "o")) if kind else (PALETTE["main"], "o")
            )
            for ax, column in zip(axes, columns, strict=True):
                value = row[column]
                if pd.isna(value):
                    ax.annotate(
                        missing,
                        xy=(0.01, y),
                        xycoords=("axes fraction", "data"),
                        va="center",
                        fontsize=8,
                        color=PALETTE["neutral"],
                    )
                    continue
                ax.scatter(float(value), y, marker=marker, color=colour, s=55, zorder=3)
                ax.annotate(
                    f"{float(value):g}",
                    xy=(float(value), y),
                    xytext=(6, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8,
                )
            text = str(row[label])
            names.append(text if len(text) <= max_label else text[: max_label - 1] + "…")
            ticks.append(y)
            y -= 1
        y -= 0.4
    for ax, column, xlabel in zip(axes, columns, xlabels or columns, strict=True):
        top = pd.to_numeric(table[column], errors="coerce").max()
        ax.set_xlim(0, 1.0 if pd.isna(top) else float(top) * 1.25)
        ax.set_ylim(y + 0.4, 0.8)
        ax.set_xlabel(xlabel)
        ax.grid(axis="y", visible=False)
    axes[0].set_yticks(ticks, names)
    group_headers(axes[0], headers, x=0.01)
    if kinds:
        from matplotlib.lines import Line2D

        handles = [
            Line2D([], [], linestyle="", marker=m, color=c, label=k) for k, (c, m) in look.items()
        ]
        axes[0].legend(
            handles=handles, loc="lower left", ncol=len(handles), bbox_to_anchor=(0.0, 1.0)
        )
    return axes


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

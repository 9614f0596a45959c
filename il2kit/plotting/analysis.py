"""How a trial is analysed: analysis populations and multiplicity (lesson 13).

``plot_analysis_sets`` draws, for each arm, its response rate on the intention-to-treat and on
the evaluable denominator, with the range the full-assessment rate must lie in;
``plot_familywise_error`` draws the chance of at least one false-positive test against the
number of tests.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from il2kit.plotting._common import axes_or_current, need_columns
from il2kit.plotting._style import CYCLE, MARKERS, PALETTE, percent_axis

ANALYSIS_SET_COLUMNS = [
    "label",
    "itt_rate",
    "itt_ci_low",
    "itt_ci_high",
    "evaluable_rate",
    "evaluable_ci_low",
    "evaluable_ci_high",
    "best_case_rate",
]


def plot_analysis_sets(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    **kwargs: Any,
) -> Axes:
    """Each arm's response rate on the ITT and on the evaluable denominator.

    One row per arm: the intention-to-treat rate (squares) and the evaluable-patient rate
    (circles) with their confidence intervals, over a shaded band from the ITT rate (no
    excluded patient responding) to the best case (every excluded patient responding), the
    range in which the rate had everybody been assessed must lie.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per arm with the columns of
        :meth:`il2kit.analysis_sets.AnalysisSetRates.to_frame` and a ``label``.
    ax : matplotlib Axes, optional
        Drawn on pyplot's current Axes when omitted.
    title : str, optional
    **kwargs
        Passed to the interval lines (``Axes.hlines``); they override the defaults.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> from il2kit.analysis_sets import analysis_set_rates
    >>> from il2kit.plotting.analysis import plot_analysis_sets
    >>> table = analysis_set_rates(8, 57, 51).to_frame().assign(label="vondermaase1991")
    >>> ax = plot_analysis_sets(table, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['vondermaase1991']
    """
    need_columns(table, ANALYSIS_SET_COLUMNS, "table")
    ax = axes_or_current(ax)
    y = np.arange(len(table))[::-1].astype(float)
    style = {"linewidth": 2, **kwargs}
    ax.hlines(
        y,
        table["itt_rate"],
        table["best_case_rate"],
        color=PALETTE["highlight"],
        linewidth=14,
        alpha=0.6,
        label="if everybody had been assessed: between these",
    )
    for offset, prefix, colour, marker, name in (
        (0.15, "itt", PALETTE["main"], "s", "intention to treat (all entered)"),
        (-0.15, "evaluable", PALETTE["compare"], "o", "evaluable patients only"),
    ):
        ax.hlines(
            y + offset, table[f"{prefix}_ci_low"], table[f"{prefix}_ci_high"], color=colour, **style
        )
        ax.plot(
            table[f"{prefix}_rate"],
            y + offset,
            marker,
            color=colour,
            markersize=7,
            linestyle="none",
            label=name,
        )
    ax.set_yticks(y, [str(v) for v in table["label"]])
    ax.set_ylim(-0.7, len(table) - 0.3)
    top = float(
        np.nanmax(
            table[["itt_ci_high", "evaluable_ci_high", "best_case_rate"]].to_numpy(dtype=float)
        )
    )
    ax.set_xlim(0, min(1.0, top + 0.2))
    ax.set_xlabel("Response rate (95% CI)")
    percent_axis(ax.xaxis)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper right", fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def plot_familywise_error(
    exact: pd.DataFrame,
    *,
    simulated: pd.DataFrame | None = None,
    alpha: float = 0.05,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Chance of at least one "significant" test among tests of true null hypotheses.

    Parameters
    ----------
    exact : pandas.DataFrame
        Indexed by the number of tests; one column per kind of family (e.g. independent
        tests, tests correlated 0.5), drawn as lines: values from
        :func:`il2kit.multiplicity.familywise_error_rate`.
    simulated : pandas.DataFrame, optional
        Indexed by the number of tests, with columns of the same names (a subset), drawn as
        markers in the colour of the matching line: shares of simulated null trials, e.g. from
        :func:`il2kit.multiplicity.simulate_subgroups`.
    alpha : float, default 0.05
        The level of each test, drawn as a reference line.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> from il2kit.multiplicity import familywise_error_rate
    >>> from il2kit.plotting.analysis import plot_familywise_error
    >>> exact = pd.DataFrame({"independent": [familywise_error_rate(k) for k in (1, 2, 3)]},
    ...                      index=[1, 2, 3])
    >>> ax = plot_familywise_error(exact, ax=Figure().subplots())
    >>> [round(float(v), 4) for v in ax.lines[0].get_ydata()]
    [0.05, 0.0975, 0.1426]
    """
    if not isinstance(exact, pd.DataFrame) or exact.empty:
        raise TypeError("`exact` must be a non-empty DataFrame indexed by the number of tests.")
    if simulated is not None:
        extra = [c for c in simulated.columns if c not in exact.columns]
        if extra:
            raise ValueError(f"`simulated` has columns {extra} that `exact` lacks.")
    ax = axes_or_current(ax)
    for i, column in enumerate(exact.columns):
        colour = CYCLE[i % len(CYCLE)]
        ax.plot(exact.index, exact[column], color=colour, linewidth=2, label=f"{column}: exact")
        if simulated is not None and column in simulated.columns:
            ax.plot(
                simulated.index,
                simulated[column],
                MARKERS[i % len(MARKERS)],
                color=colour,
                markersize=8,
                markeredgecolor=PALETTE["ink"],
                label=f"{column}: simulated trials",
            )
    ax.axhline(
        alpha, color=PALETTE["alert"], linestyle="--", linewidth=1.5, label=f"one test: {alpha:.0%}"
    )
    ax.set_xlabel("Number of tests (e.g. subgroups examined)")
    ax.set_ylabel("P(at least one p < alpha), no true effect")
    ax.set_ylim(0, max(0.5, float(np.nanmax(exact.to_numpy(dtype=float))) * 1.1))
    ax.set_xlim(0, float(max(exact.index)) + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    percent_axis(ax.yaxis)
    ax.legend(loc="upper left", fontsize=8)
    if title:
        ax.set_title(title)
    return ax

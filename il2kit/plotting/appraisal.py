"""Figures of appraisal (lesson 17): a risk-of-bias grid and GRADE certainty per finding."""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from il2kit.plotting._common import axes_or_current, need_columns
from il2kit.plotting._style import PALETTE

#: RoB 2 judgement -> (colour role, marker); the judgement is also written under each marker.
ROB_STYLES = {
    "low": ("good", "o"),
    "some concerns": ("compare", "D"),
    "high": ("alert", "X"),
}

_LEVELS = ("very low", "low", "moderate", "high")


def _resize(ax: Axes, width: float, height: float) -> None:
    """Give the figure of ``ax`` this size (when the function made its own Axes)."""
    figure = ax.get_figure(root=True)
    if isinstance(figure, Figure):
        figure.set_size_inches(width, height)


def plot_risk_of_bias(
    table: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """A grid of judgements: a row per RoB 2 domain (and the overall row), a column per result.

    Parameters
    ----------
    table : DataFrame
        :func:`il2kit.appraisal.risk_of_bias`: columns ``outcome``, ``domain``, ``judgement``.
        Each judgement is a marker (:data:`ROB_STYLES`) with its words written beneath, so
        nothing rests on colour alone.
    """
    need_columns(table, ["outcome", "domain", "judgement"], "table")
    resize = ax is None
    ax = axes_or_current(ax)
    outcomes = list(dict.fromkeys(table["outcome"]))
    domains = list(dict.fromkeys(table["domain"]))
    if resize:
        _resize(ax, 7.5, 0.62 * len(domains) + 1.2)
    for row in table.itertuples(index=False):
        x, y = outcomes.index(row.outcome), domains.index(row.domain)
        role, marker = ROB_STYLES.get(str(row.judgement), ("neutral", "o"))
        ax.scatter(x, y, s=200, marker=marker, color=PALETTE[role], zorder=3)
        ax.annotate(
            str(row.judgement),
            xy=(x, y),
            xytext=(0, -13),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=8,
            color=PALETTE["ink"],
        )
    labels = [textwrap.fill(d, 28) for d in domains]
    ax.set_yticks(range(len(domains)), labels, fontsize=9)
    for tick in ax.get_yticklabels():
        if tick.get_text() == "overall":
            tick.set_fontweight("bold")
    ax.set_xticks(range(len(outcomes)), outcomes)
    ax.xaxis.tick_top()
    ax.set_xlim(-0.6, len(outcomes) - 0.4)
    ax.set_ylim(len(domains) - 0.35, -0.6)
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, pad=30)
    return ax


def plot_grade(table: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """GRADE certainty per finding and endpoint: from the starting level to the certainty.

    A row per graded cell: a hollow marker at the starting level, an arrow down (or up) to a
    filled marker at the certainty reached, and at the right the domains that moved it.

    Parameters
    ----------
    table : DataFrame
        :func:`il2kit.appraisal.grade_table`: columns ``finding``, ``endpoint``, ``start``,
        ``certainty``, ``upgrade`` and one column per downgrading domain.
    """
    from il2kit.appraisal import DOWNGRADE_DOMAINS, DOWNGRADE_RATINGS

    need_columns(table, ["finding", "endpoint", "start", "certainty", *DOWNGRADE_DOMAINS], "table")
    resize = ax is None
    ax = axes_or_current(ax)
    if resize:
        _resize(ax, 9.5, 0.5 * len(table) + 1.4)
    for y, row in enumerate(table.to_dict("records")):
        start, end = _LEVELS.index(row["start"]), _LEVELS.index(row["certainty"])
        role = "good" if end >= 2 else ("compare" if end == 1 else "alert")
        if start != end:
            ax.annotate(
                "",
                xy=(end, y),
                xytext=(start, y),
                arrowprops={"arrowstyle": "->", "color": PALETTE["neutral"]},
            )
        ax.scatter(start, y, s=90, facecolors="none", edgecolors=PALETTE["neutral"], zorder=3)
        ax.scatter(end, y, s=110, color=PALETTE[role], zorder=4)
        moved = [
            f"−{DOWNGRADE_RATINGS[row[d]]} {d}"
            for d in DOWNGRADE_DOMAINS
            if DOWNGRADE_RATINGS.get(row[d], 0)
        ]
        if row.get("upgrade"):
            moved.append(f"+{row['upgrade']} upgrade")
        ax.annotate(
            "; ".join(moved) or "not rated down",
            xy=(1.01, y),
            xycoords=("axes fraction", "data"),
            va="center",
            fontsize=8,
        )
    ax.set_yticks(
        range(len(table)),
        [f"Finding {r.finding}, {r.endpoint}" for r in table.itertuples(index=False)],
    )
    ax.set_xticks(range(4), list(_LEVELS))
    ax.set_xlim(-0.4, 3.4)
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlabel("Certainty of the evidence (hollow: where GRADE starts; filled: where it ends)")
    ax.grid(axis="y", visible=False)
    if title:
        ax.set_title(title)
    return ax

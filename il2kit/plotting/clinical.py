"""Clinical figures: adverse events, the timeline, dose arithmetic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from il2kit.plotting._common import axes_or_current, need_columns
from il2kit.plotting._style import CYCLE, OKABE_ITO, PALETTE

if TYPE_CHECKING:
    from il2kit.dosing import DoseResult
    from il2kit.models import ToxicityResult


def plot_toxicity(
    table: pd.DataFrame,
    *,
    label: str = "event",
    group: str = "organ_system",
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Horizontal bars of adverse-event frequency (``percent``), grouped by organ system."""
    need_columns(table, [label, group, "percent"], "table")
    ax = axes_or_current(ax)
    data = table.dropna(subset=["percent"]).sort_values([group, "percent"], ascending=[False, True])
    systems = list(dict.fromkeys(data[group]))
    colours = {s: CYCLE[i % len(CYCLE)] for i, s in enumerate(systems)}
    ys = np.arange(len(data))
    ax.barh(
        ys,
        data["percent"].astype(float),
        color=[colours[s] for s in data[group]],
        **{"height": 0.7, **kwargs},
    )
    ax.set_yticks(ys, [f"{e}  [{s}]" for e, s in zip(data[label], data[group], strict=True)])
    for y, v in zip(ys, data["percent"].astype(float), strict=True):
        ax.annotate(
            f"{v:g}%", xy=(v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8
        )
    ax.set_xlabel("Patients with the event (%)")
    ax.set_xlim(0, 105)
    ax.grid(axis="y", visible=False)
    return ax


def plot_toxicity_result(result: ToxicityResult, *, ax: Axes | None = None) -> Axes:
    """The toxicity explorer's figure: the selected events' frequencies by organ system,
    each bar labelled with its event and source."""
    ax = axes_or_current(ax)
    shown = result.drawn
    if shown.empty:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No percentages to draw for this selection.", ha="center")
        return ax
    labels = shown["event"].astype(str) + " (" + shown["study"].astype(str) + ")"
    plot_toxicity(shown.assign(event=labels), ax=ax)
    ax.set_xlabel("Patients with the event (%; some sources count courses)")
    return ax


def plot_timeline(table: pd.DataFrame, *, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Dated events on a horizontal time axis, labelled directly, one row per event."""
    need_columns(table, ["date", "event", "disease"], "table")
    ax = axes_or_current(ax)
    data = table.sort_values("date").reset_index(drop=True)
    markers = {"rcc": "s", "melanoma": "o", "both": "D"}
    colours = {
        "rcc": OKABE_ITO["blue"],
        "melanoma": OKABE_ITO["orange"],
        "both": OKABE_ITO["green"],
    }
    for i, row in data.iterrows():
        d = str(row["disease"])
        style = {"s": 50, "marker": markers.get(d, "o"), "color": colours.get(d, "k"), "zorder": 3}
        ax.scatter(row["date"], -i, **{**style, **kwargs})
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


def plot_dose_result(result: DoseResult, *, ax: Axes | None = None) -> Axes:
    """The dose calculator's figure: IL-2 per dose, per day and per cycle (million IU)."""
    ax = axes_or_current(ax)
    labels = ["per dose", "per day", "per cycle"]
    values = [result.per_dose_miu, result.per_day_miu, result.per_cycle_miu]
    ax.barh(labels, values, color=PALETTE["main"])
    for y, v in enumerate(values):
        ax.annotate(
            f"{v:,.1f} MIU", xy=(v, y), xytext=(4, 0), textcoords="offset points", va="center"
        )
    ax.set_xlabel("IL-2 (million IU)")
    ax.set_xlim(0, max(values) * 1.3)
    ax.grid(axis="y", visible=False)
    return ax

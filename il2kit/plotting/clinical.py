"""Clinical figures: adverse events, the timeline, dose arithmetic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
from matplotlib.axes import Axes

from il2kit.plotting._common import axes_or_current, need_columns
from il2kit.plotting._style import OKABE_ITO, PALETTE

if TYPE_CHECKING:
    from il2kit.dosing import ScheduleDose
    from il2kit.models import ToxicityResult


def plot_toxicity(
    table: pd.DataFrame,
    *,
    label: str = "event",
    group: str = "organ_system",
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Horizontal bars of adverse-event frequency (``percent``) under a bold header per
    ``group`` (organ system by default), most frequent first within each group.

    Groups follow the order of a categorical ``group`` column (the schema's organ-system order)
    or their first appearance. Bars share one colour: the headers, not colours, tell the groups
    apart, so nothing rests on colour.
    """
    need_columns(table, [label, group, "percent"], "table")
    ax = axes_or_current(ax)
    data = table.dropna(subset=["percent"])
    column = data[group]
    order = (
        [c for c in column.cat.categories if c in set(column)]
        if isinstance(column.dtype, pd.CategoricalDtype)
        else list(dict.fromkeys(column))
    )
    y, ys, values, labels, headers = 0.0, [], [], [], []
    for g in order:
        rows = data[data[group] == g].sort_values("percent", ascending=False)
        headers.append((y, str(g).replace("_", " ")))
        y -= 1
        for row in rows.itertuples():
            ys.append(y)
            values.append(float(row.percent))
            labels.append(str(getattr(row, label)))
            y -= 1
        y -= 0.4
    ax.barh(ys, values, **{"height": 0.7, "color": PALETTE["main"], **kwargs})
    ax.set_yticks(ys, labels)
    for yy, text in headers:
        ax.annotate(
            text,
            xy=(0.005, yy),
            xycoords=("axes fraction", "data"),
            ha="left",
            va="center",
            fontweight="bold",
        )
    for yy, v in zip(ys, values, strict=True):
        ax.annotate(
            f"{v:g}%",
            xy=(v, yy),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.set_ylim(y + 0.4, 1)
    ax.set_xlabel("Patients with the event (%)")
    ax.set_xlim(0, 105)
    ax.grid(axis="y", visible=False)
    return ax


def plot_toxicity_result(result: ToxicityResult, *, ax: Axes | None = None) -> Axes:
    """The toxicity explorer's figure: the selected events' frequencies under organ-system
    headers; the source and grade join an event's label when the selection mixes them."""
    ax = axes_or_current(ax)
    shown = result.drawn
    if shown.empty:
        ax.set_axis_off()
        chosen = (
            f"source {result.study}, regimen {result.regimen}, organ system {result.organ_system}"
        )
        ax.text(0.5, 0.5, f"No percentages to draw for {chosen}.", ha="center", wrap=True)
        return ax
    labels = shown["event"].astype(str)
    if shown["study"].nunique() > 1:
        labels = labels + " (" + shown["study"].astype(str) + ")"
    grade = shown["grade"].astype("string")
    if grade.nunique(dropna=False) > 1:
        labels = labels + grade.map(lambda g: "" if pd.isna(g) else f", grade {g}").astype(str)
    twice = labels.duplicated(keep=False)
    if twice.any():  # e.g. one source's two arms: name the regimen
        from il2kit.data import load_regimens

        names = load_regimens().set_index("regimen")["label"].astype(str)
        labels = labels.where(~twice, labels + ", " + shown["regimen"].astype(str).map(names))
    plot_toxicity(shown.assign(event=labels), ax=ax)
    unit = "treatment courses" if (shown["denominator"] == "courses").all() else "patients"
    if shown["denominator"].nunique() > 1:
        unit = "patients (or courses, where the source counts courses)"
    ax.set_xlabel(f"Share of {unit} with the event (%)")
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


def plot_dose_result(result: ScheduleDose, *, ax: Axes | None = None) -> Axes:
    """The dose calculator's figure: IL-2 per dose, per cycle and per course (million IU),
    where the schedule prints the caps."""
    ax = axes_or_current(ax)
    pairs = [
        ("per dose", result.per_dose_miu),
        (f"per cycle (up to {result.max_doses_per_cycle} doses)", result.per_cycle_miu),
        (f"per course (up to {result.max_doses_per_course} doses)", result.per_course_miu),
    ]
    shown = [(label, v) for label, v in pairs if v is not None]
    labels, values = [p[0] for p in shown], [float(p[1]) for p in shown]  # type: ignore[arg-type]
    ax.barh(labels, values, color=PALETTE["main"])
    for y, v in enumerate(values):
        ax.annotate(
            f"{v:,.1f} MIU", xy=(v, y), xytext=(4, 0), textcoords="offset points", va="center"
        )
    ax.invert_yaxis()
    ax.set_xlabel("IL-2 (million IU)")
    ax.set_xlim(0, max(values) * 1.3)
    ax.grid(axis="y", visible=False)
    return ax

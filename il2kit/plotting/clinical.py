"""Clinical figures: adverse events, the timeline, dose arithmetic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
from matplotlib.axes import Axes

from il2kit.plotting._common import axes_or_current, need_columns
from il2kit.plotting._style import CYCLE, OKABE_ITO, PALETTE

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
    if grade.nunique() > 1:  # grades differ between rows (a missing grade is no difference)
        labels = labels + grade.map(lambda g: "" if pd.isna(g) else f", grade {g}").astype(str)
    twice = labels.duplicated(keep=False)
    if twice.any() and shown.loc[twice, "regimen"].nunique() > 1:  # one source's two arms
        from il2kit.data import load_regimens

        names = load_regimens().set_index("regimen")["label"].astype(str)
        labels = labels.where(~twice, labels + ", " + shown["regimen"].astype(str).map(names))
    twice = labels.duplicated(keep=False)
    if twice.any():  # one regimen, two populations (e.g. the label's deaths by disease)
        sizes = shown["n"].map(lambda n: "" if pd.isna(n) else f" (n = {int(n)})").astype(str)
        labels = labels.where(~twice, labels + sizes)
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


# --- lessons 00-03 --------------------------------------------------------------------------


def plot_toxicity_side_by_side(
    table: pd.DataFrame,
    *,
    category: str = "organ_system",
    series: str = "series",
    label: str | None = "event",
    ax: Axes | None = None,
    xlabel: str = "Patients with the event (%)",
    title: str | None = None,
) -> Axes:
    """Grouped horizontal bars of ``percent``: one group per ``category`` (organ system by
    default), one bar per ``series`` (a source, or a regimen or period within one), so two
    sources' profiles can be read side by side.

    Each bar is labelled with its percentage and, when ``label`` names a column whose text
    differs from the category, that text (the event behind the organ system's bar); a series
    with no row for a category gets a grey "none listed". Series are told apart by colour and
    hatching and named in the legend, so nothing rests on colour alone. Categories follow the
    order of a categorical ``category`` column (the schema's organ-system order) or their first
    appearance.

    Parameters
    ----------
    table : DataFrame
        Columns ``percent``, ``category`` and ``series`` (and ``label`` if given), e.g.
        :func:`il2kit.evidence.toxicity_by_system`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from il2kit import evidence, plotting
    >>> t = evidence.toxicity_by_system(["geertsen2004"])
    >>> ax = plotting.plot_toxicity_side_by_side(t)
    >>> len(ax.patches) == len(t)
    True
    """
    columns = ["percent", category, series] + ([label] if label else [])
    need_columns(table, columns, "table")
    ax = axes_or_current(ax)
    data = table.dropna(subset=["percent"])
    column = data[category]
    order = (
        [c for c in column.cat.categories if c in set(column)]
        if isinstance(column.dtype, pd.CategoricalDtype)
        else list(dict.fromkeys(column))
    )
    names = list(dict.fromkeys(data[series]))
    height = 0.8 / max(len(names), 1)
    hatches = ["", "//", "..", "xx", "\\\\"]
    for j, name in enumerate(names):
        rows = data[data[series] == name].set_index(category)
        colour = CYCLE[j % len(CYCLE)]
        for i, cat in enumerate(order):
            y = i + (j - (len(names) - 1) / 2) * height
            if cat not in rows.index:
                ax.annotate("none listed", xy=(0, y), xytext=(3, 0), textcoords="offset points",
                            va="center", fontsize=7, color=PALETTE["neutral"])  # fmt: skip
                continue
            row = rows.loc[cat]
            value = float(row["percent"])
            ax.barh(
                y,
                value,
                height=height * 0.9,
                color=colour,
                hatch=hatches[j % len(hatches)],
                edgecolor="white",
                label=name,
            )
            text = f"{value:g}%"
            if label and str(row[label]) != str(cat):
                text += f" {row[label]}"
            ax.annotate(text, xy=(value, y), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=7)  # fmt: skip
    ax.set_yticks(range(len(order)), [str(c).replace("_", " ") for c in order])
    ax.invert_yaxis()
    ax.set_xlim(0, 118)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), loc="lower right", fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def plot_dose_schedules(schedules: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Cycle and course at a glance: one row per schedule of ``data/dose_schedules.csv``, one
    square per dose a cycle allows, the cycles of one course side by side with the rest between.

    Rows need ``max_doses_per_cycle`` and ``cycles_per_course`` (rows missing either are skipped);
    each row is named by its dose, unit and source and ends with the course's total doses.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import il2kit
    >>> from il2kit import plotting
    >>> s = il2kit.load_dose_schedules().set_index("schedule").loc[["hd600_label"]]
    >>> ax = plotting.plot_dose_schedules(s.reset_index())
    >>> len(ax.collections[0].get_offsets())  # 2 cycles of up to 14 doses
    28
    """
    need_columns(
        schedules, ["dose", "unit", "study", "max_doses_per_cycle", "cycles_per_course"],
        "schedules",
    )  # fmt: skip
    ax = axes_or_current(ax)
    rows = schedules.dropna(subset=["max_doses_per_cycle", "cycles_per_course"])
    rows = rows.reset_index(drop=True)
    slots = int(rows["max_doses_per_cycle"].max()) if len(rows) else 0
    gap = 4
    xs: list[float] = []
    ys: list[float] = []
    for i, row in enumerate(rows.itertuples()):
        per_cycle, cycles = int(row.max_doses_per_cycle), int(row.cycles_per_course)
        for c in range(cycles):
            start = c * (slots + gap)
            xs += [start + d for d in range(per_cycle)]
            ys += [i] * per_cycle
            if c < cycles - 1:
                ax.annotate("rest", xy=(start + slots + gap / 2 - 0.5, i), ha="center",
                            va="center", fontsize=8, color=PALETTE["neutral"])  # fmt: skip
        ax.annotate(f"up to {per_cycle} x {cycles} = {per_cycle * cycles} doses a course",
                    xy=(cycles * (slots + gap) - gap, i), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=8)  # fmt: skip
    ax.scatter(xs, ys, marker="s", s=40, color=PALETTE["main"])
    labels = [f"{r.dose:,g} {r.unit} ({r.study})" for r in rows.itertuples()]
    ax.set_yticks(range(len(rows)), labels)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(-1, 2 * (slots + gap) + 14)
    ax.set_xticks([])
    ax.set_xlabel("Doses every 8 hours: cycle 1, a rest, cycle 2 (one course)")
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    return ax

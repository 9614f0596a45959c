"""Clinical figures: adverse events, the timeline, dose arithmetic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from il2kit.plotting._common import axes_or_current, group_headers, need_columns
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
    group_headers(ax, headers)
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


def toxicity_labels(result: ToxicityResult) -> pd.Series:
    """The bar labels of :func:`plot_toxicity_result`, one per row of ``result.drawn``: the
    event, with the source's name, the grade, the regimen or the group size added where the
    selection mixes them (widgets size their figure by the longest)."""
    shown = result.drawn
    labels = shown["event"].astype(str)
    if shown["study"].nunique() > 1:  # the source's readable name, e.g. "(Atkins 1999)"
        sources = shown["source_label"] if "source_label" in shown else shown["study"]
        labels = labels + " (" + sources.astype(str) + ")"
    grade = shown["grade"].astype("string")
    if grade.nunique() > 1:  # grades differ between rows (a missing grade is no difference)
        labels = labels + grade.map(lambda g: "" if pd.isna(g) else f", grade {g}").astype(str)
    twice = labels.duplicated(keep=False)
    if twice.any() and shown.loc[twice, "regimen"].nunique() > 1:  # one source's two arms
        from il2kit.evidence import regimen_short_name

        keys = sorted(set(shown.loc[twice, "regimen"].astype(str)))
        short = {k: regimen_short_name(k) for k in keys}
        if len(set(short.values())) < len(short):  # two arms share dose level and route
            names = shown.drop_duplicates("regimen").set_index("regimen")["regimen_label"]
            short = {k: str(names[k]) for k in keys}
        labels = labels.where(~twice, labels + ", " + shown["regimen"].astype(str).map(short))
    twice = labels.duplicated(keep=False)
    if twice.any():  # one regimen, two populations (e.g. the label's deaths by disease)
        sizes = shown["n"].map(lambda n: "" if pd.isna(n) else f" (n = {int(n)})").astype(str)
        labels = labels.where(~twice, labels + sizes)
    return labels


def plot_toxicity_result(result: ToxicityResult, *, ax: Axes | None = None) -> Axes:
    """The toxicity explorer's figure: the selected events' frequencies under organ-system
    headers; the source and grade join an event's label when the selection mixes them."""
    ax = axes_or_current(ax)
    shown = result.drawn
    if shown.empty:
        from il2kit.models.toxicity import readable

        parts = []
        for word, column in (
            ("source", "study"),
            ("regimen", "regimen"),
            ("organ system", "organ_system"),
        ):
            key = str(getattr(result, column))
            parts.append(f"{word} {'all' if key == 'all' else readable(column, [key])[key]}")
        chosen = ", ".join(parts)
        ax.set_axis_off()
        ax.text(0.5, 0.5, f"No percentages to draw for {chosen}.", ha="center", wrap=True)
        return ax
    labels = toxicity_labels(result)
    plot_toxicity(shown.assign(event=labels), ax=ax)
    unit = "treatment courses" if (shown["denominator"] == "courses").all() else "patients"
    if shown["denominator"].nunique() > 1:
        unit = "patients\n(or courses, where the source counts courses)"
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


# --- lessons 06-07

#: How each scorecard grade is drawn: (palette role, marker). Every marker is also labelled
#: with its grade, so nothing rests on colour.
GRADE_STYLES: dict[str, tuple[str, str]] = {
    "supported": ("good", "o"),
    "qualified": ("compare", "D"),
    "not confirmed": ("other", "s"),
    "overturned": ("alert", "X"),
    "not claimed": ("neutral", "."),
}


def _fit_height(ax: Axes, resize: bool, width: float, rows: int, per_row: float) -> None:
    figure = ax.get_figure(root=True)
    if resize and isinstance(figure, Figure):
        figure.set_size_inches(width, max(3.0, per_row * rows + 1.4))


def plot_paired_outcomes(pairs: pd.DataFrame, *, axes: Any = None, title: str | None = None) -> Any:
    """Response and survival side by side, the IL-2 arm against its control, trial by trial.

    Two panels sharing the rows: the printed overall response rate (left, percent) and the
    printed median overall survival (right, months) of each trial's control arm (open circle)
    and IL-2 arm (filled circle), joined by a line. A value the trial did not print is left
    out. With an ``after_review`` column, a dotted line separates the trials published before
    the review from those after it.

    Parameters
    ----------
    pairs : DataFrame
        As returned by :func:`il2kit.evidence.paired_outcomes`: ``label``, ``orr_pct_a``,
        ``orr_pct_b``, ``median_os_a``, ``median_os_b`` (``a`` = the IL-2 arm).
    axes : pair of Axes, optional
        Where to draw; by default a new figure with two panels.
    title : str, optional
        The figure's title.

    Returns
    -------
    tuple of Axes
        The response and the survival panel.
    """
    need_columns(pairs, ["label", "orr_pct_a", "orr_pct_b", "median_os_a", "median_os_b"], "pairs")
    if axes is None:
        import matplotlib.pyplot as plt

        height = max(3.0, 0.42 * len(pairs) + 1.6)
        _, axes = plt.subplots(1, 2, figsize=(9.5, height), sharey=True)
    left, right = axes
    y = list(range(len(pairs)))[::-1]
    colour = PALETTE["main"]
    panels = (
        (left, "orr_pct", "Printed overall response rate (%)", "Response"),
        (right, "median_os", "Printed median overall survival (months)", "Survival"),
    )
    for ax, column, xlabel, heading in panels:
        a = pd.to_numeric(pairs[f"{column}_a"], errors="coerce").to_numpy(dtype=float)
        b = pd.to_numeric(pairs[f"{column}_b"], errors="coerce").to_numpy(dtype=float)
        ax.hlines(y, b, a, color=PALETTE["neutral"], linewidth=2)
        ax.plot(b, y, "o", color=colour, markerfacecolor="white", markersize=8, label="control")
        ax.plot(a, y, "o", color=colour, markersize=8, label="IL-2 arm")
        ax.set_xlabel(xlabel)
        ax.set_title(heading)
        ax.set_xlim(0, max(float(pd.Series([*a, *b]).max()) * 1.15, 1.0))
        ax.grid(axis="y", visible=False)
        if (
            "after_review" in pairs
            and pairs["after_review"].any()
            and not pairs["after_review"].all()
        ):
            first_after = int(pairs["after_review"].to_numpy().argmax())
            ax.axhline(y[first_after] + 0.5, color=PALETTE["neutral"], linestyle=":")
    if "after_review" in pairs and pairs["after_review"].any():
        first_after = int(pairs["after_review"].to_numpy().argmax())
        left.annotate(
            "published after the review (Nov 2002)",
            xy=(0.99, y[first_after] + 0.42),
            xycoords=("axes fraction", "data"),
            ha="right",
            va="top",
            fontsize=8,
            color=PALETTE["neutral"],
        )
    left.set_yticks(y, list(pairs["label"].astype(str)))
    right.legend(loc="lower right", fontsize=8)
    if title:
        left.figure.suptitle(title, fontweight="bold")
    return left, right


def _short_event(row: pd.Series) -> str:
    """A timeline event in a few words: the drug approved, the trial published, the review."""
    import re

    category = str(row.get("category", ""))
    if category == "review":
        return "the review (Dutcher, Oncology)"
    if category == "trial":
        return f"{row.get('source', '')} published"
    text = re.sub(r"^FDA (?:accelerated )?approval of ", "", str(row["event"]))
    text = re.sub(r"^FDA extends the (.+?) approval.*$", r"\1: wider approval", text)
    text = re.sub(r"\s\(.*$", "", text.split(" for ")[0].split(",")[0])
    return f"approval: {text}" if category == "approval" else text


def plot_review_timeline(
    timeline: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    short: bool = True,
) -> Axes:
    """The dated events of ``timeline.csv`` with the review marked (a dotted line, November
    2002) and each event in a few words.

    ``short`` labels an approval by its drug ("approval: sorafenib"), a trial by its study key
    ("yang2003 published") and the review as such; ``short=False`` keeps the ``event`` text.
    When ``ax`` is omitted the current figure is resized to give each event a row.
    """
    from il2kit.data import REVIEW_PUBLISHED

    need_columns(timeline, ["date", "event", "disease"], "timeline")
    resize = ax is None
    ax = axes_or_current(ax)
    data = timeline.copy()
    if short:
        data["event"] = data.apply(_short_event, axis=1)
    _fit_height(ax, resize, 9.5, len(data), 0.28)
    plot_timeline(data, ax=ax)
    review = pd.Timestamp(REVIEW_PUBLISHED)
    ax.axvline(review, color=PALETTE["alert"], linestyle=":", linewidth=1.5)
    ax.annotate(
        "the review, Nov 2002",
        xy=(review, 0.6),
        xytext=(-4, 0),
        textcoords="offset points",
        ha="right",
        va="center",
        fontsize=8,
        color=PALETTE["alert"],
    )
    first, last = data["date"].min(), data["date"].max()
    ax.set_xlim(first - pd.DateOffset(years=1), last + pd.DateOffset(years=9))
    if title:
        ax.set_title(title)
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


def plot_scorecard(card: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """The scorecard as a grid: a row per finding, a column per endpoint, a labelled marker per
    grade (:data:`GRADE_STYLES`); a cell not graded stays empty.

    ``card`` is :func:`il2kit.scorecard.scorecard` (columns ``finding``, ``claim`` and
    ``<endpoint>_grade``). When ``ax`` is omitted the current figure is resized to fit.
    """
    import textwrap

    need_columns(card, ["finding", "claim"], "card")
    endpoints = [c[: -len("_grade")] for c in card.columns if c.endswith("_grade")]
    if not endpoints:
        raise ValueError("`card` needs at least one '<endpoint>_grade' column.")
    resize = ax is None
    ax = axes_or_current(ax)
    _fit_height(ax, resize, 9.5, len(card), 0.75)
    for i, row in enumerate(card.itertuples(index=False)):
        for j, endpoint in enumerate(endpoints):
            grade = getattr(row, f"{endpoint}_grade")
            if pd.isna(grade):
                continue
            role, marker = GRADE_STYLES.get(str(grade), ("neutral", "o"))
            size = 60 if grade == "not claimed" else 220
            ax.scatter(j, i, s=size, marker=marker, color=PALETTE[role], zorder=3)
            ax.annotate(
                str(grade),
                xy=(j, i),
                xytext=(0, -15),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=8,
                color=PALETTE["ink"] if grade != "not claimed" else PALETTE["neutral"],
            )
    labels = [textwrap.fill(f"{r.finding}. {r.claim}", 42) for r in card.itertuples(index=False)]
    ax.set_yticks(range(len(card)), labels, fontsize=8)
    ax.set_xticks(range(len(endpoints)), endpoints)
    ax.xaxis.tick_top()
    ax.set_xlim(-0.6, len(endpoints) - 0.4)
    ax.set_ylim(len(card) - 0.4, -0.6)
    ax.grid(False)
    if title:
        ax.set_title(title, pad=24)
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

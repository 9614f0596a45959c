"""Small helpers shared by the plotting modules."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes

from il2kit.plotting._style import PALETTE


def axes_or_current(ax: Axes | None) -> Axes:
    """``ax``, or pyplot's current Axes (pyplot is imported only then)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.gca()


def need_columns(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"`{what}` needs the columns {list(columns)}; missing {missing}.")


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def group_headers(ax: Axes, headers: Sequence[tuple[float, str]], x: float = 0.005) -> None:
    """Write each ``(y, text)`` group header in bold at the left edge of ``ax`` (``x`` in axes
    fraction, ``y`` in data units): the regimen or organ-system rows of a grouped chart."""
    for y, text in headers:
        ax.annotate(
            text,
            xy=(x, y),
            xycoords=("axes fraction", "data"),
            ha="left",
            va="center",
            fontweight="bold",
            color=PALETTE["ink"],
        )

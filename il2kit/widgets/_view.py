"""The one view every widget uses: controls bound to a model's inputs, the result drawn.

A view owns a model (:mod:`il2kit.models`). When a control changes, the view copies its value
into the model field of the same name, calls ``model.compute()`` and shows the result: a message
line (the result's notes), the figure (drawn by :func:`il2kit.plotting.plot_result` on one
reused :class:`matplotlib.figure.Figure`, inside :func:`il2kit.plotting.kit_style`, so the
notebook's global style never changes) and an optional table.

Nothing raises out of a widget: when ``compute()`` fails, the message says what is allowed and
the picture, ``view.figure`` and the table are cleared, so a stale picture is never read as the
new result.

``view.result``, ``view.figure`` and ``view.table_frame`` are the public state (tests and
notebooks read them; a notebook's static fallback after a widget is ``view.figure``, with
``view.table_frame`` where the widget shows a table).
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from il2kit.models._base import Limit
from il2kit.plotting import PALETTE, kit_style, plot_result

TableFormatter = Callable[[Any], pd.DataFrame | None]


class NotebookFigure(Figure):
    """A plain Figure that a notebook shows as a PNG when it is a cell's value.

    ``view.figure`` is the static fallback of a widget; pyplot's inline backend only shows the
    figures pyplot made, so this one renders itself (IPython calls ``_repr_png_``).
    """

    def __repr__(self) -> str:  # as a Figure: what a notebook prints beside the picture
        return super().__repr__().replace(type(self).__name__, "Figure", 1)

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png")
        return buffer.getvalue()


class ResultView(w.VBox):
    """Controls, a message line, the figure (an accessible ``<img>``) and a table.

    Parameters
    ----------
    model
        A model of :mod:`il2kit.models`.
    controls : mapping of str to widget
        Model field name -> control; each control's ``value`` is copied into that field.
    title, intro : str
        A heading and one or two sentences shown above the controls.
    table : callable, optional
        ``result -> DataFrame`` of display strings (None: no table).
    figsize : callable, optional
        ``result -> (width, height)`` in inches (default 8 x 4.5).
    """

    def __init__(
        self,
        model: Any,
        controls: Mapping[str, w.Widget],
        *,
        title: str,
        intro: str = "",
        table: TableFormatter | None = None,
        figsize: Callable[[Any], tuple[float, float]] | None = None,
        extra: list[w.Widget] | None = None,
    ) -> None:
        self.model = model
        self.controls = dict(controls)
        self.result: Any = None
        self.error: str | None = None
        self.table_frame: pd.DataFrame | None = None  # the table as shown (None: no table)
        self.figure = NotebookFigure(figsize=(8.0, 4.5), dpi=100)
        self._canvas = FigureCanvasAgg(self.figure)
        self._table = table
        self._figsize = figsize or (lambda result: (8.0, 4.5))
        self.message = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.image = w.HTML()
        self.table = w.HTML()
        header = [w.HTML(f"<h3>{html.escape(title)}</h3>")]
        if intro:
            header.append(w.HTML(f"<p>{html.escape(intro)}</p>"))
        children = [*header, *self.controls.values(), *(extra or []), self.message]
        super().__init__(children=[*children, self.image, self.table])
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    # -- machinery -----------------------------------------------------------
    def _on_change(self, change: dict[str, Any]) -> None:
        for name, control in self.controls.items():
            if control is change["owner"]:
                value = control.value
                setattr(self.model, name, tuple(value) if isinstance(value, list) else value)
        self.refresh()

    def refresh(self) -> None:
        """Recompute and redraw; on failure show what is allowed and clear the old output."""
        try:
            result = self.model.compute()
            png = self._draw(result)
            table = self._table(result) if self._table else None
        except Exception as exc:  # nothing crashes a widget: say what went wrong instead
            self.show_error(exc)
            return
        self.result, self.error, self.table_frame = result, None, table
        notes = getattr(result, "notes", ())
        self.message.value = "<br>".join(html.escape(n) for n in notes)
        alt = html.escape(f"Figure: {result}", quote=True)
        width, height = (int(v * self.figure.dpi) for v in self.figure.get_size_inches())
        self.image.value = (
            f'<img src="data:image/png;base64,{png}" alt="{alt}" '
            f'width="{width}" height="{height}" style="max-width:100%;height:auto">'
        )
        self.table.value = "" if table is None else table.to_html(index=False, escape=True)
        self.after_refresh(result)

    def after_refresh(self, result: Any) -> None:
        """Hook for views that show more than the figure and table (e.g. a summary line);
        ``result`` is None after an error, so the extra output can be cleared too."""

    def show_error(self, exc: Exception) -> None:
        """Show ``exc`` as the message; clear the figure and table so neither reads as current."""
        self.result, self.error, self.table_frame = None, str(exc), None
        self.message.value = (
            f"<span style='color:{PALETTE['alert']}'>⚠ {html.escape(str(exc))}</span>"
        )
        self.image.value = ""
        self.table.value = ""
        self.figure.clear()  # the public figure (a notebook's fallback) is blank too
        self.after_refresh(None)

    def _draw(self, result: Any) -> str:
        """Draw ``result`` on the reused figure; return it as base64 PNG at its displayed size."""
        fig = self.figure
        fig.clear()
        with kit_style():
            fig.set_size_inches(self._figsize(result))
            plot_result(result, ax=fig.add_subplot())
            fig.tight_layout()
            self._canvas.draw()
        rgb = np.asarray(self._canvas.buffer_rgba())[..., :3]
        buffer = io.BytesIO()
        Image.fromarray(rgb).save(buffer, format="png", compress_level=1)
        return base64.b64encode(buffer.getvalue()).decode("ascii")


# --------------------------------------------------------------------------- controls


def described(control: w.Widget, tooltip: str) -> w.Widget:
    """A control whose label shows in full and whose tooltip explains it."""
    control.tooltip = tooltip
    control.style = {"description_width": "initial"}
    return control


def slider(model: Any, name: str, description: str, tooltip: str) -> w.Widget:
    """A slider whose range and step are the model's ``LIMITS[name]``; redraws on release."""
    limit: Limit = model.LIMITS[name]
    value = getattr(model, name)
    if limit.integer:
        control = w.IntSlider(
            value=value,
            min=int(limit.low),
            max=int(limit.high),
            step=int(limit.step),
            description=description,
            continuous_update=False,
        )
    else:
        control = w.FloatSlider(
            value=value,
            min=limit.low,
            max=limit.high,
            step=limit.step,
            readout_format=".2f",
            description=description,
            continuous_update=False,
        )
    return described(control, tooltip)


def number_box(model: Any, name: str, description: str, tooltip: str) -> w.Widget:
    """A text box for a number the model limits (a typed value outside them gets a message)."""
    limit: Limit | None = model.LIMITS.get(name)
    value = getattr(model, name)
    if limit and limit.integer:
        return described(w.IntText(value=value, description=description), tooltip)
    return described(w.FloatText(value=value or 0.0, description=description), tooltip)


def percent_table(frame: pd.DataFrame, columns: list[str], decimals: int = 1) -> pd.DataFrame:
    """A copy with ``columns`` (proportions) written as percentages for display."""
    out = frame.copy()
    for c in columns:
        out[c] = out[c].map(lambda v: "" if pd.isna(v) else f"{100 * v:.{decimals}f}%")
    return out

"""The view half shared by every widget: controls on top, a message line, a figure, a table.

A view owns a model (a plain object whose outputs come from the library) and redraws when a
control changes. Any error the model raises is shown as a message in the widget, never as a
traceback: a learner who types an impossible value sees what is allowed.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as w
import matplotlib.pyplot as plt
from IPython.core.pylabtools import print_figure
from IPython.display import display
from matplotlib.figure import Figure

from il2kit.plotting import use_kit_style


class FigureView(w.VBox):
    """Controls, a message, a matplotlib figure and an optional HTML table.

    Subclasses implement :meth:`draw` (fill the figure from the model) and may implement
    :meth:`table_html`. ``self.figure`` holds the last figure drawn, for headless tests.
    """

    figsize: tuple[float, float] = (8.0, 4.5)

    def __init__(self, controls: Sequence[w.Widget], *, description: str = "") -> None:
        self.message = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.output = w.Output()
        self.table = w.HTML()
        self.figure: Figure | None = None
        self.error: str | None = None
        self.description = description
        header = [w.HTML(f"<b>{html.escape(description)}</b>")] if description else []
        super().__init__(children=[*header, *controls, self.message, self.output, self.table])
        for control in controls:
            if hasattr(control, "value"):
                control.observe(self._on_change, names="value")

    # -- to override ---------------------------------------------------------
    def update_model(self) -> None:
        """Copy the controls' values into the model (raise ValueError for bad input)."""

    def draw(self, fig: Figure) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def table_html(self) -> str:
        return ""

    def notes(self) -> list[str]:
        """Messages that are not errors (e.g. 'one study only: not pooled')."""
        return []

    def figure_alt(self) -> str:
        """The figure's text alternative (screen readers; an <img> needs one)."""
        what = self.description or "widget"
        table = " The table below lists its numbers." if self.table.value else ""
        return f"Figure of the {what} for the current settings.{table}"

    # -- machinery -----------------------------------------------------------
    def show_error(self, exc: Exception) -> None:
        """Show ``exc`` as a message in the widget (the figure keeps its last good state)."""
        self.error = str(exc)
        self.message.value = f"<span style='color:#D55E00'>⚠ {html.escape(str(exc))}</span>"

    def _on_change(self, change: dict[str, Any]) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute and redraw; show an error message instead of raising."""
        try:
            self.update_model()
            use_kit_style()
            fig = plt.figure(figsize=self.figsize)
            try:
                self.draw(fig)
            except Exception:
                plt.close(fig)
                raise
            table = self.table_html()
            notes = self.notes()
        except Exception as exc:  # nothing crashes a widget: say what went wrong instead
            self.show_error(exc)
            return
        self.error = None
        self.message.value = "<br>".join(html.escape(n) for n in notes)
        if self.figure is not None:
            plt.close(self.figure)
        self.figure = fig
        self.table.value = table
        self.output.clear_output(wait=True)
        with self.output:
            display(figure_bundle(fig, self.figure_alt()), raw=True)
        plt.close(fig)


def figure_bundle(fig: Figure, alt: str) -> dict[str, str]:
    """``fig`` as an <img> with alt text (``display(fig)`` gives an <img> without one), drawn
    as the inline backend draws it."""
    png = base64.b64encode(print_figure(fig, "png", bbox_inches="tight")).decode("ascii")
    img = f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{png}">'
    return {"text/html": img, "text/plain": alt}


def labelled(control: w.Widget, tooltip: str) -> w.Widget:
    """Give a control a tooltip (its description stays the visible label)."""
    control.tooltip = tooltip
    control.style = {"description_width": "initial"}
    return control


def float_slider(
    value: float, low: float, high: float, step: float, description: str, tooltip: str
) -> w.FloatSlider:
    """A labelled probability-style slider that redraws only on release (slow redraws)."""
    return labelled(
        w.FloatSlider(
            value=value,
            min=low,
            max=high,
            step=step,
            readout_format=".2f",
            description=description,
            continuous_update=False,
        ),
        tooltip,
    )

"""RegimenComparer: response rates of IL-2 regimens, arm by arm and pooled per regimen."""

from __future__ import annotations

import base64
import html
from typing import Any

import ipywidgets as w
import pandas as pd
import traitlets

from il2kit.models import ComparerModel, ComparerResult
from il2kit.models.comparer import ENDPOINTS
from il2kit.plotting import forest_height
from il2kit.widgets._view import ResultView, described, percent_table

DESIGN_OPTIONS = [
    ("All designs", "all"),
    ("Single-arm / phase II", "phase2"),
    ("Randomized", "randomized"),
]


class RegimenPicker(w.VBox):
    """One checkbox per regimen: a keyboard user toggles each with Space and never loses the
    rest of the selection (a multi-select list replaces it on an arrow key).

    ``value`` is the tuple of chosen regimen keys; ``options`` a list of ``(label, key)``.
    """

    value = traitlets.Tuple()

    def __init__(self, options: list[tuple[str, str]], value: tuple[str, ...], **kwargs: Any):
        self._boxes: dict[str, w.Checkbox] = {}
        # True while the boxes are ticked to match ``value``: their own changes then say
        # nothing, so one ``value`` change is one change (and one redraw), not one per box.
        self._syncing = False
        # One set of checkboxes per list of options (one per disease), reused when the list
        # comes back: switching diseases creates no new widgets after the first time.
        self._box_sets: dict[tuple[tuple[str, str], ...], dict[str, w.Checkbox]] = {}
        self._grid = w.GridBox(layout=w.Layout(grid_template_columns="repeat(2, 360px)"))
        super().__init__(children=[w.HTML("<b>Regimens</b>"), self._grid], **kwargs)
        self.set_options(options, value)

    def set_options(self, options: list[tuple[str, str]], value: tuple[str, ...]) -> None:
        """Replace the regimens offered and the selection (one ``value`` change at most)."""
        for box in self._boxes.values():
            box.unobserve(self._on_box, names="value")
        boxes = self._box_sets.get(tuple(options))
        if boxes is None:
            boxes = {key: w.Checkbox(description=label, indent=False) for label, key in options}
            self._box_sets[tuple(options)] = boxes
        for key, box in boxes.items():
            box.value = key in value
            box.observe(self._on_box, names="value")
        self._boxes = boxes
        self._grid.children = list(boxes.values())
        self.value = tuple(k for k in boxes if k in value)

    @traitlets.observe("value")
    def _on_value(self, change: dict) -> None:
        self._syncing = True
        try:
            for key, box in self._boxes.items():
                box.value = key in change["new"]
        finally:
            self._syncing = False

    def _on_box(self, change: dict) -> None:
        if not self._syncing:
            self.value = tuple(k for k, box in self._boxes.items() if box.value)


def _table(result: ComparerResult) -> pd.DataFrame | None:
    if result.arms.empty:
        return None
    arms = percent_table(result.arms, ["rate", "ci_low", "ci_high"])
    rows = []
    for regimen, g in arms.groupby("regimen", sort=False):
        for a in g.itertuples():
            rows.append(
                {
                    "Regimen": a.regimen_label,
                    "Study": a.label,
                    "Design": a.design.replace("_", " "),
                    "Responders / n": f"{a.responders}/{a.n}",
                    "Rate (95% CI)": f"{a.rate} ({a.ci_low} to {a.ci_high})",
                    "PMID": "" if pd.isna(a.pmid) else str(a.pmid),
                }
            )
        for p in percent_table(result.pooled, ["estimate", "ci_low", "ci_high"]).itertuples():
            if p.regimen == regimen:
                rows.append(
                    {
                        "Regimen": p.regimen_label,
                        "Study": f"Pooled, {p.k} arms (I² {p.i2:.0f}%)",
                        "Design": "random effects",
                        "Responders / n": "",
                        "Rate (95% CI)": f"{p.estimate} ({p.ci_low} to {p.ci_high})",
                        "PMID": "",
                    }
                )
    return pd.DataFrame(rows)


def _figsize(result: ComparerResult) -> tuple[float, float]:
    rows = len(result.arms) + len(result.pooled) + result.arms["regimen"].nunique()
    return (9.0, forest_height(rows))


class RegimenComparer(ResultView):
    """Choose disease, regimens, endpoint, designs and years; see a forest plot with exact CIs,
    a pooled estimate per regimen with two or more arms, and a table of the arms with PMIDs."""

    def __init__(self, model: ComparerModel | None = None) -> None:
        m = model or ComparerModel()
        self.disease = described(
            w.Dropdown(
                options=[(v, k) for k, v in m.DISEASES.items()],
                value=m.disease,
                description="Disease",
            ),
            "Which disease's trials to show",
        )
        self.regimens = RegimenPicker(m.regimen_options(), m.selected_regimens())
        self.endpoint = described(
            w.Dropdown(
                options=[("Overall response (CR+PR)", "orr"), ("Complete response (CR)", "cr")],
                value=m.endpoint,
                description="Endpoint",
            ),
            "Overall response rate or complete response rate",
        )
        self.designs = described(
            w.Dropdown(options=DESIGN_OPTIONS, value=m.designs, description="Design"),
            "Keep single-arm studies, randomized trials, or both",
        )
        low, high = m.year_range()
        self.years = described(
            w.IntRangeSlider(
                value=m.years, min=low, max=high, description="Years", continuous_update=False
            ),
            "Publication years to include",
        )
        self.download = w.HTML()
        super().__init__(
            m,
            {
                "regimens": self.regimens,
                "endpoint": self.endpoint,
                "designs": self.designs,
                "years": self.years,
            },
            title="Regimen comparer",
            table=_table,
            figsize=_figsize,
            extra=[self.download],
        )
        children = list(self.children)  # type: ignore[has-type]
        self.children = [children[0], self.disease, *children[1:]]
        self.disease.observe(self._on_disease, names="value")

    def _on_disease(self, change: dict) -> None:
        """A new disease: offer its regimens, preselect its lesson's ones, redraw once."""
        self.model.disease, self.model.regimens = change["new"], None
        self.regimens.unobserve(self._on_change, names="value")
        try:
            self.regimens.set_options(self.model.regimen_options(), self.model.selected_regimens())
        finally:
            self.regimens.observe(self._on_change, names="value")
        self.refresh()

    def after_refresh(self, result: ComparerResult | None) -> None:
        if result is None or result.arms.empty:
            self.download.value = ""
            return
        data = base64.b64encode(result.to_frame().to_csv(index=False).encode()).decode()
        name = f"il2kit_{result.disease}_{result.endpoint}.csv"
        self.download.value = (
            f'<a download="{html.escape(name)}" href="data:text/csv;base64,{data}">'
            "Download this selection (CSV)</a>"
        )

    @property
    def endpoint_label(self) -> str:
        return ENDPOINTS[self.model.endpoint][1]

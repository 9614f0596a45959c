"""ToxicityExplorer: adverse events by organ system and regimen, with their sources."""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from il2kit.models import ToxicityModel, ToxicityResult
from il2kit.plotting.clinical import toxicity_labels
from il2kit.widgets._view import ResultView, described

#: The table's columns: result column -> heading (sources and regimens by name, not key).
TABLE_COLUMNS = {
    "source_label": "Source",
    "regimen_label": "Regimen",
    "population": "Population",
    "organ_system": "Organ system",
    "event": "Event",
    "grade": "Grade",
    "patients_with_event": "Patients with the event",
    "n": "n",
    "percent": "Percent",
}


def _table(result: ToxicityResult) -> pd.DataFrame | None:
    if result.rows.empty:
        return None
    frame = result.rows[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    return frame.astype(object).where(frame.notna(), "")


def _figsize(result: ToxicityResult) -> tuple[float, float]:
    """Tall enough for a bar per event, wide enough for the longest label as drawn (about
    0.08 in a character), so a many-source selection is not drawn wider than it needs."""
    drawn = result.drawn
    longest = int(toxicity_labels(result).str.len().max()) if len(drawn) else 0
    width = min(16.0, max(9.0, 5.0 + 0.08 * longest))
    return (width, max(3.0, 0.28 * (len(drawn) + drawn["organ_system"].nunique()) + 1.2))


class ToxicityExplorer(ResultView):
    """Bars of event frequencies by organ system, filtered by source, regimen and organ system."""

    def __init__(self, model: ToxicityModel | None = None) -> None:
        m = model or ToxicityModel()

        def dropdown(name: str, description: str, tooltip: str) -> w.Widget:
            return described(
                w.Dropdown(
                    options=m.option_labels(name), value=getattr(m, name), description=description
                ),
                tooltip,
            )

        super().__init__(
            m,
            {
                "study": dropdown("study", "Source", "Which publication or label"),
                "regimen": dropdown("regimen", "Regimen", "Which IL-2 regimen"),
                "organ_system": dropdown("organ_system", "Organ system", "Which organ system"),
            },
            title="Toxicity explorer",
            table=_table,
            figsize=_figsize,
        )

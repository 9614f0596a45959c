"""ToxicityExplorer: adverse events by organ system and regimen, with their sources."""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as w
import pandas as pd
from matplotlib.figure import Figure

from il2kit.widgets._view import FigureView, labelled


@dataclass
class ToxicityModel:
    """Filter the toxicity table by study (source), regimen and organ system ("all" = no filter)."""

    study: str = "all"
    regimen: str = "all"
    organ_system: str = "all"

    def options(self, column: str) -> list[str]:
        from il2kit.data import load_toxicity

        values = load_toxicity()[column].dropna().astype(str)
        return ["all", *sorted(set(values))]

    def rows(self) -> pd.DataFrame:
        """The matching rows: ``study, regimen, population, organ_system, event, grade, n,
        patients_with_event, percent``."""
        from il2kit._validation import check_choice
        from il2kit.data import load_toxicity

        t = load_toxicity()
        for column in ("study", "regimen", "organ_system"):
            value = getattr(self, column)
            check_choice(column, value, self.options(column))
            if value != "all":
                t = t[t[column].astype(str) == value]
        return t.reset_index(drop=True)


class ToxicityExplorer(FigureView):
    """Bars of event frequencies by organ system, filtered by source, regimen and organ system."""

    def __init__(self, model: ToxicityModel | None = None) -> None:
        self.model = model or ToxicityModel()
        m = self.model
        self.study = labelled(
            w.Dropdown(options=m.options("study"), value=m.study, description="Source"),
            "Which publication or label",
        )
        self.regimen = labelled(
            w.Dropdown(options=m.options("regimen"), value=m.regimen, description="Regimen"),
            "Which IL-2 regimen",
        )
        self.organ = labelled(
            w.Dropdown(
                options=m.options("organ_system"), value=m.organ_system, description="Organ system"
            ),
            "Which organ system",
        )
        self._rows = pd.DataFrame()
        super().__init__([self.study, self.regimen, self.organ], description="Toxicity explorer")
        self.refresh()

    def update_model(self) -> None:
        m = self.model
        m.study, m.regimen, m.organ_system = self.study.value, self.regimen.value, self.organ.value
        self._rows = m.rows()

    def notes(self) -> list[str]:
        shown = self._rows.dropna(subset=["percent"])
        if self._rows.empty:
            return ["No event matches this selection: choose 'all' in one of the filters."]
        hidden = len(self._rows) - len(shown)
        return (
            [f"{hidden} matching row(s) have no printed percentage; see the table."]
            if hidden
            else []
        )

    def draw(self, fig: Figure) -> None:
        from il2kit.plotting import plot_toxicity

        ax = fig.add_subplot()
        shown = self._rows.dropna(subset=["percent"])
        if shown.empty:
            ax.set_axis_off()
            ax.text(0.5, 0.5, "No percentages to draw for this selection.", ha="center")
            return
        fig.set_size_inches(8, max(3.0, 0.28 * len(shown) + 1.2))
        # row_id names study, event and group (e.g. kammula1998_diarrhea_initial): unique labels
        plot_toxicity(shown.assign(event=shown["row_id"].astype(str)), ax=ax)
        ax.set_xlabel("Patients (or courses, where the source counts courses) with the event (%)")

    def table_html(self) -> str:
        cols = [
            "study",
            "regimen",
            "population",
            "organ_system",
            "event",
            "grade",
            "patients_with_event",
            "n",
            "percent",
        ]
        return self._rows[cols].to_html(index=False, na_rep="") if len(self._rows) else ""
